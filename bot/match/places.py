"""Which place subscriptions an entry's places satisfy, without scanning the subscriptions.

An entry place matches a subscription when it *is* the followed place, lies *inside* it (a
city in the followed country or state; a district of the followed city, see
:meth:`bot.geo.gazetteer.Gazetteer.part_of`; any place in a country or region a followed
area covers), or lies *within the radius* (great-circle distance) of the followed city or shared
location (a city, or a county by its middle). Subscriptions are filed by place key, by country,
by state, and — for radii — in every cell of a 2° grid their circle touches, so an entry
place only checks the subscriptions of its own cell.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from bot.geo.distance import Circles
from bot.geo.gazetteer import Gazetteer
from bot.geo.place import Place, PlaceKind
from bot.match.matches import INSIDE, PLACE, WITHIN, Floats32, Ints, ints
from bot.models import Entry, Subscription

CELL_DEGREES = 2.0
_KM_PER_DEGREE = 111.2
POINT_PREFIX = "point:"


Bucket = tuple[str, object]
"""Where a subscription is filed: ("exact", place key), ("country", code), ("region", code)
or ("grid", cell)."""


def point_key(lat: float, lon: float) -> str:
    """The place key of a shared location (rounded to about 100 m)."""
    return f"{POINT_PREFIX}{lat:.3f},{lon:.3f}"


def point_of(key: str) -> tuple[float, float] | None:
    """A shared location's latitude and longitude from its key; None if it is no point."""
    if not key.startswith(POINT_PREFIX):
        return None
    try:
        lat, lon = (float(part) for part in key.removeprefix(POINT_PREFIX).split(","))
    except ValueError:
        return None
    return lat, lon


def place_of(key: str | None, gazetteer: Gazetteer) -> Place | None:
    """The place a subscription's key follows: a named one, or for a shared location the
    city nearest to it (how labels name it and overlaps compare it)."""
    if key is None:
        return None
    point = point_of(key)
    if point is not None:
        return gazetteer.nearest_city(*point)
    return gazetteer.places.get(key)


@dataclass(frozen=True, slots=True)
class Target:
    """What a place subscription follows: a gazetteer place or a point."""

    place: Place | None
    lat: float
    lon: float


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor((lon % 360.0) / CELL_DEGREES)


@lru_cache(maxsize=4096)  # many follow the same city and radius; pins are unique
def _cells_around(lat: float, lon: float, radius_km: float) -> tuple[tuple[int, int], ...]:
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
    return tuple((row, column % columns) for row in rows for column in lon_cells)


class PlaceIndex:
    """All live place subscriptions, indexed for matching entries' places.

    Buckets hold subscription ids; each bucket's ids (and, for grid cells, the circles'
    centres and radii) are also kept as arrays, rebuilt when the bucket changes, so an entry
    place tests a whole cell's circles in one vectorised step.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._targets: dict[int, tuple[Subscription, Target]] = {}
        self._targets_by_key: dict[str, Target] = {}  # one object per followed place
        self._sets: defaultdict[Bucket, set[int]] = defaultdict(set)
        self._arrays: dict[Bucket, Ints] = {}
        self._circles: dict[Bucket, tuple[Ints, Circles]] = {}
        self._areas = 0  # subscriptions to areas, which sit in several buckets

    def __len__(self) -> int:
        return len(self._targets)

    def target(self, subscription: Subscription) -> Target | None:
        """What the subscription follows, or None if its place is no longer known."""
        key = subscription.place or ""
        point = point_of(key)
        if point is not None:
            return Target(None, *point)
        return self._target_of(key)

    def _target_of(self, key: str) -> Target | None:
        found = self._targets_by_key.get(key)
        if found is None:
            place = self._gazetteer.places.get(key)
            if place is None:
                return None
            found = self._targets_by_key[key] = Target(place, place.lat, place.lon)
        return found

    def _buckets(self, subscription: Subscription, target: Target) -> list[Bucket]:
        place = target.place
        if subscription.radius_km > 0 and (place is None or place.kind is PlaceKind.CITY):
            cells = _cells_around(target.lat, target.lon, subscription.radius_km)
            return [("grid", cell) for cell in cells]
        if place is None:
            return []
        if place.kind is PlaceKind.AREA:
            countries, regions = self._gazetteer.covered(place)
            return [
                ("exact", place.key),
                *(("country", code) for code in countries),
                *(("region", key.removeprefix("region:")) for key in regions),
            ]
        if place.kind is PlaceKind.COUNTRY:
            return [("country", place.country)]
        if place.kind is PlaceKind.REGION and place.region:
            return [("region", place.region)]
        return [("exact", place.key)]

    def _changed(self, bucket: Bucket) -> None:
        self._arrays.pop(bucket, None)
        self._circles.pop(bucket, None)

    def _file(self, subscription: Subscription) -> list[Bucket] | None:
        """Record a subscription and put it in its buckets; return them (None: its place is
        unknown to this gazetteer)."""
        target = self.target(subscription)
        if target is None:
            return None
        self._targets[subscription.id] = (subscription, target)
        self._areas += target.place is not None and target.place.kind is PlaceKind.AREA
        buckets = self._buckets(subscription, target)
        for bucket in buckets:
            self._sets[bucket].add(subscription.id)
        return buckets

    def add(self, subscription: Subscription) -> bool:
        """Register a place subscription; False if its place is unknown to this gazetteer."""
        self.remove(subscription.id)
        buckets = self._file(subscription)
        for bucket in buckets or ():
            self._changed(bucket)
        return buckets is not None

    def add_many(self, subscriptions: Iterable[Subscription]) -> None:
        """Register many new subscriptions at once (start-up): the cached arrays are
        dropped once, at the end, instead of at each one."""
        for subscription in subscriptions:
            self._file(subscription)
        self._arrays.clear()
        self._circles.clear()

    def subscriptions(self) -> list[Subscription]:
        """Every subscription in the index."""
        return [subscription for subscription, _ in self._targets.values()]

    def get(self, subscription_id: int) -> Subscription | None:
        """The live subscription with this id, if it is a place here."""
        entry = self._targets.get(subscription_id)
        return entry[0] if entry is not None else None

    def remove(self, subscription_id: int) -> None:
        """Forget a subscription; unknown ids are ignored."""
        entry = self._targets.pop(subscription_id, None)
        if entry is not None:
            place = entry[1].place
            self._areas -= place is not None and place.kind is PlaceKind.AREA
            for bucket in self._buckets(*entry):
                members = self._sets[bucket]
                members.discard(subscription_id)
                if not members:
                    del self._sets[bucket]
                self._changed(bucket)

    def _ids(self, bucket: Bucket) -> Ints:
        found = self._arrays.get(bucket)
        if found is None:
            members = self._sets.get(bucket)
            found = np.fromiter(sorted(members), dtype=np.int64) if members else ints()
            self._arrays[bucket] = found
        return found

    def _cell(self, cell: Bucket) -> tuple[Ints, Circles]:
        found = self._circles.get(cell)
        if found is None:
            ids = self._ids(cell)
            targets = [self._targets[int(sid)] for sid in ids]
            found = ids, Circles.of(
                [t.lat for _, t in targets], [t.lon for _, t in targets],
                [s.radius_km for s, _ in targets],
            )  # fmt: skip
            self._circles[cell] = found
        return found

    def hits(self, places: Sequence[Place], numbers: Sequence[int]) -> Hits:
        """Each satisfied subscription once, with the closest way it was satisfied: the
        place itself, a place inside it, or the nearest place within its radius. ``numbers``
        gives each place's number in the caller's table of place keys.

        A subscription is filed under one kind of bucket, so only a country or state named
        through several places, or a circle reached by several cities, needs choosing."""
        parts: list[Hits] = []
        inside: dict[Bucket, tuple[bool, int]] = {}  # country/state -> (named itself, place)
        bucket: Bucket
        circles: list[Hits] = []
        for place, number in zip(places, numbers, strict=True):
            exact = self._ids(("exact", place.key))
            if len(exact):
                parts.append(_hits(exact, PLACE, number))
            city = self._gazetteer.part_of(place)  # "Троєщина" is Kyiv's
            if city is not None and len(inside_city := self._ids(("exact", city.key))):
                parts.append(_hits(inside_city, INSIDE, number))
            for bucket, itself in (
                (("country", place.country), place.kind is PlaceKind.COUNTRY),
                (("region", place.region), place.kind is PlaceKind.REGION),
            ):  # fmt: skip
                if bucket in self._sets and (bucket not in inside or itself > inside[bucket][0]):
                    inside[bucket] = (itself, number)
            cell: Bucket = ("grid", _cell(place.lat, place.lon))
            # a county is small enough for its middle to stand for it ("Kent Police said"
            # reaches /place Canterbury 50); a region's or a country's is not
            if place.kind in (PlaceKind.CITY, PlaceKind.COUNTY) and cell in self._sets:
                ids, around = self._cell(cell)
                within, km = around.containing(place.lat, place.lon)
                if len(within):
                    circles.append(_hits(ids[within], WITHIN, number, km.astype(np.float32)))
        for bucket, (itself, number) in inside.items():
            parts.append(_hits(self._ids(bucket), PLACE if itself else INSIDE, number))
        if len(circles) > 1:
            circles = [_nearest(circles)]
        found = _joined(parts + circles)
        if self._areas and len(parts) > 1:  # an area's subscription sits in several buckets
            found = _closest(found)
        return found


@dataclass(frozen=True, slots=True)
class Hits:
    """Place matches of one entry as columns: subscription, relation, the place's number,
    distance (radius matches only)."""

    subscription: Ints
    relation: NDArray[np.int8]
    place: NDArray[np.int32]
    km: Floats32


def _hits(ids: Ints, relation: int, number: int, km: Floats32 | None = None) -> Hits:
    size = len(ids)
    return Hits(ids, np.full(size, relation, np.int8), np.full(size, number, np.int32),
                np.zeros(size, np.float32) if km is None else km)  # fmt: skip


def _joined(parts: list[Hits]) -> Hits:
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return _hits(ints(), PLACE, 0)
    return Hits(
        np.concatenate([p.subscription for p in parts]),
        np.concatenate([p.relation for p in parts]),
        np.concatenate([p.place for p in parts]),
        np.concatenate([p.km for p in parts]),
    )


def _closest(hits: Hits) -> Hits:
    """Each subscription once, by its closest relation (the place itself before a place
    inside it)."""
    order = np.lexsort((hits.relation, hits.subscription))
    ids = hits.subscription[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    if first.all():
        return hits
    keep = order[first]
    return Hits(hits.subscription[keep], hits.relation[keep], hits.place[keep], hits.km[keep])


def _nearest(parts: list[Hits]) -> Hits:
    """Each subscription's nearest hit among several cities'."""
    hits = _joined(parts)
    order = np.lexsort((hits.km, hits.subscription))
    ids = hits.subscription[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    keep = order[first]
    return Hits(hits.subscription[keep], hits.relation[keep], hits.place[keep], hits.km[keep])


def satisfies(
    gazetteer: Gazetteer, subscriptions: Iterable[Subscription]
) -> Callable[[Entry], bool]:
    """A test of whether a stored entry satisfies any of these place subscriptions, as
    matching would have decided (for /latest on places and "More like this")."""
    index = PlaceIndex(gazetteer)
    index.add_many(subscriptions)
    known = gazetteer.places

    def test(entry: Entry) -> bool:
        places = [known[key] for key in entry.places if key in known]
        return bool(places) and len(index.hits(places, range(len(places))).subscription) > 0

    return test


def overlapping(
    gazetteer: Gazetteer, new: Subscription, others: Iterable[Subscription]
) -> list[Subscription]:
    """The place subscriptions among ``others`` that cover ground ``new`` covers: a story
    naming one's place would match the other (Kyiv and "Kyiv City", Kyiv and 150 km around
    it, Ukraine and Kharkiv), decided as matching decides. A shared location stands for
    the city nearest to it."""
    candidates = [o for o in others if o.place and o.source_id is None and o.id != new.id]

    theirs, mine = PlaceIndex(gazetteer), PlaceIndex(gazetteer)
    theirs.add_many(candidates)
    mine.add(new)
    found: set[int] = set()
    place = place_of(new.place, gazetteer)
    if place is not None:
        found.update(int(i) for i in theirs.hits([place], [0]).subscription)
    for other in candidates:
        place = place_of(other.place, gazetteer)
        if place is not None and len(mine.hits([place], [0]).subscription):
            found.add(other.id)
    return [o for o in candidates if o.id in found]
