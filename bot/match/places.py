"""Which place subscriptions an entry's places satisfy, without scanning the subscriptions.

An entry place matches a subscription when it *is* the followed place, lies *inside* it (a
city in the followed country or state), or lies *within the radius* (great-circle distance)
of the followed city or shared location. Subscriptions are filed by place key, by country,
by state, and — for radii — in every cell of a 2° grid their circle touches, so an entry
place only checks the subscriptions of its own cell.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from bot.geo.distance import km_between
from bot.geo.gazetteer import Gazetteer, Place, PlaceKind
from bot.models import Reason, Relation, Subscription

CELL_DEGREES = 2.0
_KM_PER_DEGREE = 111.2
POINT_PREFIX = "point:"


def point_key(lat: float, lon: float) -> str:
    """The place key of a shared location (rounded to about 100 m)."""
    return f"{POINT_PREFIX}{lat:.3f},{lon:.3f}"


@dataclass(frozen=True, slots=True)
class Target:
    """What a place subscription follows: a gazetteer place or a point."""

    place: Place | None
    lat: float
    lon: float


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor((lon % 360.0) / CELL_DEGREES)


def _cells_around(lat: float, lon: float, radius_km: float) -> list[tuple[int, int]]:
    """Every grid cell a circle touches (all longitudes near the poles)."""
    reach_lat = radius_km / _KM_PER_DEGREE
    south, north = max(-90.0, lat - reach_lat), min(90.0, lat + reach_lat)
    widest = max(abs(south), abs(north))
    columns = round(360 / CELL_DEGREES)
    if widest >= 89.0:
        lon_cells = range(columns)
    else:
        reach_lon = radius_km / (_KM_PER_DEGREE * math.cos(math.radians(widest)))
        if reach_lon >= 180:
            lon_cells = range(columns)
        else:
            first = math.floor(((lon - reach_lon) % 360.0) / CELL_DEGREES)
            count = math.floor(2 * reach_lon / CELL_DEGREES) + 2
            lon_cells = range(first, first + min(count, columns))
    rows = range(math.floor(south / CELL_DEGREES), math.floor(north / CELL_DEGREES) + 1)
    return [(row, column % columns) for row in rows for column in lon_cells]


class PlaceIndex:
    """All live place subscriptions, indexed for matching entries' places."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._targets: dict[int, tuple[Subscription, Target]] = {}
        self._exact: defaultdict[str, set[int]] = defaultdict(set)
        self._country: defaultdict[str, set[int]] = defaultdict(set)
        self._region: defaultdict[str, set[int]] = defaultdict(set)
        self._grid: defaultdict[tuple[int, int], set[int]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._targets)

    def target(self, subscription: Subscription) -> Target | None:
        """What the subscription follows, or None if its place is no longer known."""
        key = subscription.place or ""
        if key.startswith(POINT_PREFIX):
            lat, lon = (float(part) for part in key.removeprefix(POINT_PREFIX).split(","))
            return Target(None, lat, lon)
        place = self._gazetteer.places.get(key)
        if place is None:
            return None
        return Target(place, place.lat, place.lon)

    def _buckets(self, subscription: Subscription, target: Target) -> list[set[int]]:
        place = target.place
        if subscription.radius_km > 0 and (place is None or place.kind is PlaceKind.CITY):
            cells = _cells_around(target.lat, target.lon, subscription.radius_km)
            return [self._grid[cell] for cell in cells]
        if place is None:
            return []
        if place.kind is PlaceKind.COUNTRY:
            return [self._country[place.country]]
        if place.kind is PlaceKind.REGION and place.region:
            return [self._region[place.region]]
        return [self._exact[place.key]]

    def add(self, subscription: Subscription) -> bool:
        """Register a place subscription; False if its place is unknown to this gazetteer."""
        self.remove(subscription.id)
        target = self.target(subscription)
        if target is None:
            return False
        self._targets[subscription.id] = (subscription, target)
        for bucket in self._buckets(subscription, target):
            bucket.add(subscription.id)
        return True

    def get(self, subscription_id: int) -> Subscription | None:
        """The live subscription with this id, if it is a place here."""
        entry = self._targets.get(subscription_id)
        return entry[0] if entry is not None else None

    def remove(self, subscription_id: int) -> None:
        """Forget a subscription; unknown ids are ignored."""
        entry = self._targets.pop(subscription_id, None)
        if entry is not None:
            for bucket in self._buckets(*entry):
                bucket.discard(subscription_id)

    def match(self, places: list[Place]) -> list[tuple[Subscription, Reason]]:
        """Each satisfied subscription once, with the closest way it was satisfied: the
        place itself, a place inside it, or the nearest place within its radius."""
        found: dict[int, tuple[float, Reason]] = {}

        def note(subscription_id: int, rank: float, reason: Reason) -> None:
            if subscription_id not in found or rank < found[subscription_id][0]:
                found[subscription_id] = (rank, reason)

        for place in places:
            for sid in self._exact.get(place.key, ()):
                note(sid, 0.0, Reason(sid, Relation.PLACE, place.key))
            for sid in self._country.get(place.country, ()):
                note(sid, *self._inside(place, sid))
            for sid in self._region.get(place.region or "", ()):
                note(sid, *self._inside(place, sid))
            if place.kind is PlaceKind.CITY:
                for sid in self._grid.get(_cell(place.lat, place.lon), ()):
                    subscription, target = self._targets[sid]
                    km = km_between(target.lat, target.lon, place.lat, place.lon)
                    if km <= subscription.radius_km:
                        note(sid, 1.0 + km, Reason(sid, Relation.WITHIN, place.key, km))
        return [(self._targets[sid][0], reason) for sid, (_, reason) in found.items()]

    def _inside(self, place: Place, subscription_id: int) -> tuple[float, Reason]:
        """Rank and reason for a place inside a followed country or state (the country or
        state itself ranks first)."""
        target = self._targets[subscription_id][1]
        if target.place is not None and place.key == target.place.key:
            return 0.0, Reason(subscription_id, Relation.PLACE, place.key)
        return 0.5, Reason(subscription_id, Relation.INSIDE, place.key)
