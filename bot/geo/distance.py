"""Great-circle distance between points on Earth."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Circles:
    """Many circles on Earth (centre and radius), prepared to answer "which contain this
    point, and how far is it from their centres" for all of them in one vectorised step.

    The haversine term is compared with its value at each radius (it grows with distance),
    so only the circles that contain the point pay for the distance itself.
    """

    phi: NDArray[np.float64]
    lam: NDArray[np.float64]
    cos_phi: NDArray[np.float64]
    limit: NDArray[np.float64]

    @classmethod
    def of(cls, lats: Sequence[float], lons: Sequence[float], radii: Sequence[float]) -> Circles:
        """Circles from centres in degrees and radii in kilometres."""
        phi = np.radians(np.asarray(lats, dtype=np.float64))
        half_angle = np.minimum(
            np.asarray(radii, dtype=np.float64) / (2 * EARTH_RADIUS_KM), np.pi / 2
        )
        return cls(
            phi,
            np.radians(np.asarray(lons, dtype=np.float64)),
            np.cos(phi),
            np.sin(half_angle) ** 2,
        )

    def containing(self, lat: float, lon: float) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
        """The circles containing the point (their positions) and its distance to each."""
        phi1 = math.radians(lat)
        a = (
            np.sin((self.phi - phi1) / 2) ** 2
            + math.cos(phi1) * self.cos_phi * np.sin((self.lam - math.radians(lon)) / 2) ** 2
        )
        inside = np.flatnonzero(a <= self.limit)
        km: NDArray[np.float64] = (
            2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a[inside])))
        )
        return inside, km
