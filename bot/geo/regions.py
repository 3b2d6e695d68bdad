"""First-level regions the gazetteer knows beyond US states: Ukraine's oblasts, the two
cities with special status, and Crimea, with their names in English, Ukrainian and Russian.

GeoNames gives each city a first-level ("admin1") code but its data in our packages has no
names for those codes, and its codes are not ISO 3166-2's; pycountry has the ISO regions with
Ukrainian and Russian translations ("Харківська область", "Харьковская область") but no link
to cities. The link is each region's administrative centre, checked by hand: the region's
cities are those GeoNames files under the same admin1 code as its centre (Kharkiv Oblast:
every city coded like Kharkiv, so Chuhuiv and Izium). A test checks every centre exists,
that no two regions share a code, and that the big cities land where they belong.

Everyday names come too: "Kharkiv Oblast", "Kharkiv region", "Харківщина", "Харьковщина",
"Донеччина", "Крим". Regions elsewhere (Russia's, Germany's Länder…) are not here yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    """One region: its ISO 3166-2 code, its centre (a GeoNames city name), its English name,
    and everyday names people write besides the official ones."""

    code: str
    centre: str
    name: str
    also: tuple[str, ...] = ()


def _oblast(code: str, centre: str, english: str, *short: str) -> Region:
    """An oblast: "<English> Oblast", "<English> region", and its short names
    ("Харківщина"); the official Ukrainian and Russian names come from pycountry."""
    return Region(code, centre, f"{english} Oblast", (f"{english} region", *short))


UKRAINE = (
    _oblast("UA-05", "Vinnytsya", "Vinnytsia", "Вінниччина", "Винничина"),
    _oblast("UA-07", "Lutsk", "Volyn", "Волинь", "Волынь"),
    _oblast("UA-09", "Luhansk", "Luhansk", "Луганщина", "Луганщина", "Lugansk region"),
    _oblast("UA-12", "Dnipro", "Dnipropetrovsk", "Дніпропетровщина", "Днепропетровщина",
            "Дніпровщина", "Dnipro region"),
    _oblast("UA-14", "Donetsk", "Donetsk", "Донеччина", "Донетчина"),
    _oblast("UA-18", "Zhytomyr", "Zhytomyr", "Житомирщина", "Житомирщина"),
    _oblast("UA-21", "Uzhhorod", "Zakarpattia", "Закарпаття", "Закарпатье", "Transcarpathia"),
    _oblast("UA-23", "Zaporizhzhya", "Zaporizhzhia", "Zaporizhia region"),
    _oblast("UA-26", "Ivano-Frankivsk", "Ivano-Frankivsk", "Прикарпаття", "Прикарпатье",
            "Івано-Франківщина"),
    Region("UA-30", "Kyiv", "Kyiv City", ("місто Київ", "город Киев")),
    _oblast("UA-32", "Bila Tserkva", "Kyiv", "Київщина", "Киевщина"),
    _oblast("UA-35", "Kropyvnytskyi", "Kirovohrad", "Кіровоградщина", "Кировоградщина"),
    Region("UA-40", "Sevastopol", "Sevastopol City", ("місто Севастополь",)),
    Region("UA-43", "Simferopol", "Crimea",
           ("Autonomous Republic of Crimea", "Крим", "Крым", "Кримський півострів")),
    _oblast("UA-46", "Lviv", "Lviv", "Львівщина", "Львовщина"),
    _oblast("UA-48", "Mykolayiv", "Mykolaiv", "Миколаївщина", "Николаевщина"),
    _oblast("UA-51", "Odesa", "Odesa", "Одещина", "Одесчина", "Odessa region"),
    _oblast("UA-53", "Poltava", "Poltava", "Полтавщина", "Полтавщина"),
    _oblast("UA-56", "Rivne", "Rivne", "Рівненщина", "Ровенщина"),
    _oblast("UA-59", "Sumy", "Sumy", "Сумщина", "Сумщина"),
    _oblast("UA-61", "Ternopil", "Ternopil", "Тернопільщина", "Тернопольщина"),
    _oblast("UA-63", "Kharkiv", "Kharkiv", "Харківщина", "Харьковщина", "Kharkov region",
            "Слобожанщина"),
    _oblast("UA-65", "Kherson", "Kherson", "Херсонщина", "Херсонщина"),
    _oblast("UA-68", "Khmelnytskyi", "Khmelnytskyi", "Хмельниччина", "Хмельнитчина"),
    _oblast("UA-71", "Cherkasy", "Cherkasy", "Черкащина", "Черкасщина"),
    _oblast("UA-74", "Chernihiv", "Chernihiv", "Чернігівщина", "Черниговщина"),
    _oblast("UA-77", "Chernivtsi", "Chernivtsi", "Буковина", "Буковина", "Bukovyna"),
)  # fmt: skip
