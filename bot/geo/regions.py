"""First-level regions the gazetteer knows beyond US states: Ukraine's oblasts, its two
cities with special status and Crimea, Russia's federal subjects, Belarus's and Poland's
regions, Germany's Länder, the United Kingdom's nations, the regions, provinces and
autonomous communities of France, Italy, Spain and Canada, Romania's and Hungary's counties,
Slovakia's regions, Lithuania's counties, Georgia's regions (Abkhazia, Adjara) and Moldova's
Transnistria and Gagauzia, with their names in English, Ukrainian and Russian (and the
country's own language).

GeoNames gives each city a first-level ("admin1") code but its data in our packages has no
names for those codes, and its codes are not ISO 3166-2's; pycountry has the ISO regions with
Ukrainian and Russian translations ("Харківська область", "Харьковская область", "Баварія")
but no link to cities. The link is each region's administrative centre (or largest city),
checked by hand: the region's cities are those GeoNames files under the same admin1 code as
its centre (Kharkiv Oblast: every city coded like Kharkiv, so Chuhuiv and Izium). A test
checks every centre exists, that no two regions share a code, and that the big cities land
where they belong.

Everyday names come too: "Kharkiv Oblast", "Kharkiv region", "Харківщина", "Донеччина" (and
"ДНР", "ЛНР", "Donetsk People's Republic", as news calls the occupied parts),
"Крим", "Белгородская область", "Бєлгородщина", "Кубань", "Подмосковье", "Bayern", "NRW".
pycountry has no Russian names for Russia's subjects, so they are written here. City states
(Berlin, Hamburg, Bremen, Kyiv, Moscow) are followed as their cities. Other countries'
regions are not here yet: adding one is a line with its code, centre and English name.
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
    _oblast("UA-07", "Lutsk", "Volyn", "Волинь", "Волынь", "Volyn", "Volhynia"),
    _oblast("UA-09", "Luhansk", "Luhansk", "Луганщина", "Lugansk region", "ЛНР",
            "Luhansk People's Republic", "Luhansk People’s Republic",
            "Lugansk People's Republic"),
    _oblast("UA-12", "Dnipro", "Dnipropetrovsk", "Дніпропетровщина", "Днепропетровщина",
            "Дніпровщина", "Dnipro region"),
    _oblast("UA-14", "Donetsk", "Donetsk", "Донеччина", "Донетчина", "ДНР",
            "Donetsk People's Republic", "Donetsk People’s Republic"),
    _oblast("UA-18", "Zhytomyr", "Zhytomyr", "Житомирщина", "Житомирщина"),
    _oblast("UA-21", "Uzhhorod", "Zakarpattia", "Закарпаття", "Закарпатье", "Transcarpathia"),
    _oblast("UA-23", "Zaporizhzhya", "Zaporizhzhia", "Zaporizhia region",
            "Запоріжжя", "Запорожье"),  # "на Запоріжжі" is the region, "у Запоріжжі" the city
    _oblast("UA-26", "Ivano-Frankivsk", "Ivano-Frankivsk", "Прикарпаття", "Прикарпатье",
            "Івано-Франківщина"),
    Region("UA-30", "Kyiv", "Kyiv City", ("місто Київ", "город Киев")),
    _oblast("UA-32", "Bila Tserkva", "Kyiv", "Київщина", "Киевщина"),
    _oblast("UA-35", "Kropyvnytskyi", "Kirovohrad", "Кіровоградщина", "Кировоградщина"),
    Region("UA-40", "Sevastopol", "Sevastopol City", ("місто Севастополь",)),
    Region("UA-43", "Simferopol", "Crimea",
           ("Autonomous Republic of Crimea", "Крим", "Крым", "Кримський півострів",
            "Крымский полуостров", "Crimean Peninsula")),
    _oblast("UA-46", "Lviv", "Lviv", "Львівщина", "Львовщина"),
    _oblast("UA-48", "Mykolayiv", "Mykolaiv", "Миколаївщина", "Николаевщина",
            "Николаевская область"),  # pycountry has no Russian name for it
    _oblast("UA-51", "Odesa", "Odesa", "Одещина", "Одесчина", "Odessa region"),
    _oblast("UA-53", "Poltava", "Poltava", "Полтавщина", "Полтавщина"),
    _oblast("UA-56", "Rivne", "Rivne", "Рівненщина", "Ровенщина", "Ровенская область"),
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


def _ru_oblast(code: str, centre: str, english: str, russian: str, *short: str) -> Region:
    """A Russian oblast: "<English> Oblast", "<English> region", "<Russian> область"."""
    return Region(code, centre, f"{english} Oblast", (f"{english} region", f"{russian} область",
                                                      *short))  # fmt: skip


def _krai(code: str, centre: str, english: str, russian: str, *short: str) -> Region:
    """A Russian krai: "<English> Krai", "<Russian> край"."""
    return Region(code, centre, f"{english} Krai", (f"{english} region", f"{russian} край",
                                                    *short))  # fmt: skip


RUSSIA = (
    Region("RU-AD", "Maykop", "Adygea", ("Republic of Adygea", "Республика Адыгея", "Адыгея")),
    Region("RU-AL", "Gorno-Altaysk", "Altai Republic", ("Республика Алтай",)),
    _krai("RU-ALT", "Barnaul", "Altai", "Алтайский"),
    _ru_oblast("RU-AMU", "Blagoveshchensk", "Amur", "Амурская", "Приамурье"),
    _ru_oblast("RU-ARK", "Arkhangel’sk", "Arkhangelsk", "Архангельская"),
    _ru_oblast("RU-AST", "Astrakhan", "Astrakhan", "Астраханская"),
    Region("RU-BA", "Ufa", "Bashkortostan",
           ("Republic of Bashkortostan", "Республика Башкортостан", "Башкортостан", "Башкирия",
            "Башкирія")),
    _ru_oblast("RU-BEL", "Belgorod", "Belgorod", "Белгородская", "Бєлгородська область",
               "Бєлгородщина", "Белгородчина"),
    _ru_oblast("RU-BRY", "Bryansk", "Bryansk", "Брянская", "Брянська область", "Брянщина"),
    Region("RU-BU", "Ulan-Ude", "Buryatia", ("Республика Бурятия", "Бурятия")),
    Region("RU-CE", "Grozny", "Chechnya",
           ("Chechen Republic", "Чеченская Республика", "Чечня")),
    _ru_oblast("RU-CHE", "Chelyabinsk", "Chelyabinsk", "Челябинская"),
    Region("RU-CHU", "Anadyr", "Chukotka", ("Чукотский автономный округ", "Чукотка")),
    Region("RU-CU", "Cheboksary", "Chuvashia", ("Чувашская Республика", "Чувашия")),
    Region("RU-DA", "Makhachkala", "Dagestan", ("Republic of Dagestan", "Республика Дагестан",
                                                 "Дагестан")),
    Region("RU-IN", "Nazran", "Ingushetia", ("Республика Ингушетия", "Ингушетия")),
    _ru_oblast("RU-IRK", "Irkutsk", "Irkutsk", "Иркутская"),
    _ru_oblast("RU-IVA", "Ivanovo", "Ivanovo", "Ивановская"),
    _krai("RU-KAM", "Petropavlovsk-Kamchatsky", "Kamchatka", "Камчатский", "Камчатка"),
    Region("RU-KB", "Nalchik", "Kabardino-Balkaria",
           ("Кабардино-Балкарская Республика", "Кабардино-Балкария")),
    Region("RU-KC", "Cherkessk", "Karachay-Cherkessia",
           ("Карачаево-Черкесская Республика", "Карачаево-Черкесия")),
    _krai("RU-KDA", "Krasnodar", "Krasnodar", "Краснодарский", "Краснодарський край", "Кубань",
          "Kuban"),
    _ru_oblast("RU-KEM", "Kemerovo", "Kemerovo", "Кемеровская", "Кузбасс", "Kuzbass"),
    _ru_oblast("RU-KGD", "Kaliningrad", "Kaliningrad", "Калининградская"),
    _ru_oblast("RU-KGN", "Kurgan", "Kurgan", "Курганская"),
    _krai("RU-KHA", "Khabarovsk", "Khabarovsk", "Хабаровский"),
    Region("RU-KHM", "Khanty-Mansiysk", "Khanty-Mansi Autonomous Okrug",
           ("Ханты-Мансийский автономный округ", "Югра", "Yugra")),
    _ru_oblast("RU-KIR", "Kirov", "Kirov", "Кировская"),
    Region("RU-KK", "Abakan", "Khakassia", ("Республика Хакасия", "Хакасия")),
    Region("RU-KL", "Elista", "Kalmykia", ("Республика Калмыкия", "Калмыкия")),
    _ru_oblast("RU-KLU", "Kaluga", "Kaluga", "Калужская"),
    Region("RU-KO", "Syktyvkar", "Komi Republic",
           ("Республика Коми", "Коми", "Комі", "Республіка Комі")),
    _ru_oblast("RU-KOS", "Kostroma", "Kostroma", "Костромская"),
    Region("RU-KR", "Petrozavodsk", "Karelia", ("Republic of Karelia", "Республика Карелия",
                                                "Карелия")),
    _ru_oblast("RU-KRS", "Kursk", "Kursk", "Курская", "Курська область", "Курщина"),
    _krai("RU-KYA", "Krasnoyarsk", "Krasnoyarsk", "Красноярский"),
    _ru_oblast("RU-LEN", "Gatchina", "Leningrad", "Ленинградская", "Ленобласть"),
    _ru_oblast("RU-LIP", "Lipetsk", "Lipetsk", "Липецкая"),
    _ru_oblast("RU-MAG", "Magadan", "Magadan", "Магаданская"),
    Region("RU-ME", "Yoshkar-Ola", "Mari El", ("Республика Марий Эл", "Марий Эл")),
    Region("RU-MO", "Saransk", "Mordovia", ("Республика Мордовия", "Мордовия")),
    _ru_oblast("RU-MOS", "Balashikha", "Moscow", "Московская", "Подмосковье",
               "Московська область", "Підмосков'я"),
    Region("RU-MOW", "Moscow", "Moscow City", ("город Москва",)),
    _ru_oblast("RU-MUR", "Murmansk", "Murmansk", "Мурманская"),
    Region("RU-NEN", "Nar'yan-Mar", "Nenets Autonomous Okrug", ("Ненецкий автономный округ",)),
    _ru_oblast("RU-NGR", "Velikiy Novgorod", "Novgorod", "Новгородская"),
    _ru_oblast("RU-NIZ", "Nizhniy Novgorod", "Nizhny Novgorod", "Нижегородская"),
    _ru_oblast("RU-NVS", "Novosibirsk", "Novosibirsk", "Новосибирская"),
    _ru_oblast("RU-OMS", "Omsk", "Omsk", "Омская"),
    _ru_oblast("RU-ORE", "Orenburg", "Orenburg", "Оренбургская"),
    _ru_oblast("RU-ORL", "Orël", "Oryol", "Орловская", "Орловщина"),
    _krai("RU-PER", "Perm", "Perm", "Пермский", "Прикамье"),
    _ru_oblast("RU-PNZ", "Penza", "Penza", "Пензенская"),
    _krai("RU-PRI", "Vladivostok", "Primorsky", "Приморский", "Приморье"),
    _ru_oblast("RU-PSK", "Pskov", "Pskov", "Псковская"),
    _ru_oblast("RU-ROS", "Rostov-on-Don", "Rostov", "Ростовская", "Ростовська область"),
    _ru_oblast("RU-RYA", "Ryazan’", "Ryazan", "Рязанская"),
    Region("RU-SA", "Yakutsk", "Sakha Republic", ("Yakutia", "Республика Саха", "Якутия")),
    _ru_oblast("RU-SAK", "Yuzhno-Sakhalinsk", "Sakhalin", "Сахалинская", "Сахалин"),
    _ru_oblast("RU-SAM", "Samara", "Samara", "Самарская"),
    _ru_oblast("RU-SAR", "Saratov", "Saratov", "Саратовская"),
    Region("RU-SE", "Vladikavkaz", "North Ossetia",
           ("North Ossetia–Alania", "Республика Северная Осетия — Алания", "Северная Осетия")),
    _ru_oblast("RU-SMO", "Smolensk", "Smolensk", "Смоленская"),
    Region("RU-SPE", "Saint Petersburg", "Saint Petersburg City", ("город Санкт-Петербург",)),
    _krai("RU-STA", "Stavropol", "Stavropol", "Ставропольский", "Ставрополье"),
    _ru_oblast("RU-SVE", "Yekaterinburg", "Sverdlovsk", "Свердловская"),
    Region("RU-TA", "Kazan", "Tatarstan", ("Republic of Tatarstan", "Республика Татарстан",
                                           "Татарстан")),
    _ru_oblast("RU-TAM", "Tambov", "Tambov", "Тамбовская"),
    _ru_oblast("RU-TOM", "Tomsk", "Tomsk", "Томская"),
    _ru_oblast("RU-TUL", "Tula", "Tula", "Тульская"),
    _ru_oblast("RU-TVE", "Tver", "Tver", "Тверская"),
    Region("RU-TY", "Kyzyl", "Tuva", ("Республика Тыва", "Тыва", "Тува")),
    _ru_oblast("RU-TYU", "Tyumen", "Tyumen", "Тюменская"),
    Region("RU-UD", "Izhevsk", "Udmurtia", ("Удмуртская Республика", "Удмуртия")),
    _ru_oblast("RU-ULY", "Ulyanovsk", "Ulyanovsk", "Ульяновская"),
    _ru_oblast("RU-VGG", "Volgograd", "Volgograd", "Волгоградская"),
    _ru_oblast("RU-VLA", "Vladimir", "Vladimir", "Владимирская"),
    _ru_oblast("RU-VLG", "Vologda", "Vologda", "Вологодская"),
    _ru_oblast("RU-VOR", "Voronezh", "Voronezh", "Воронежская", "Воронезька область"),
    Region("RU-YAN", "Salekhard", "Yamalo-Nenets Autonomous Okrug",
           ("Ямало-Ненецкий автономный округ", "Ямал", "Yamal")),
    _ru_oblast("RU-YAR", "Yaroslavl", "Yaroslavl", "Ярославская", "Ярославщина"),
    Region("RU-YEV", "Birobidzhan", "Jewish Autonomous Oblast", ("Еврейская автономная область",)),
    _krai("RU-ZAB", "Chita", "Zabaykalsky", "Забайкальский", "Забайкалье"),
)  # fmt: skip

BELARUS = (
    _ru_oblast("BY-BR", "Brest", "Brest", "Брестская", "Brest Region", "Берестейщина"),
    _ru_oblast("BY-HO", "Homyel'", "Gomel", "Гомельская", "Gomel Region", "Homiel Region",
               "Гомельщина"),
    _ru_oblast("BY-HR", "Hrodna", "Grodno", "Гродненская", "Grodno Region", "Гродненщина"),
    Region("BY-HM", "Minsk", "Minsk City", ("город Минск",)),
    _ru_oblast("BY-MI", "Barysaw", "Minsk", "Минская", "Minsk Region", "Минщина"),
    _ru_oblast("BY-MA", "Mahilyow", "Mogilev", "Могилёвская", "Mogilev Region", "Могилевщина"),
    _ru_oblast("BY-VI", "Vitebsk", "Vitebsk", "Витебская", "Vitebsk Region", "Витебщина"),
)  # fmt: skip


POLAND = tuple(
    Region(code, centre, f"{english} Voivodeship", (f"{english} region", polish))
    for code, centre, english, polish in (
        ("PL-02", "Wrocław", "Lower Silesian", "Dolny Śląsk"),
        ("PL-04", "Bydgoszcz", "Kuyavian-Pomeranian", "Kujawy"),
        ("PL-06", "Lublin", "Lublin", "Lubelszczyzna"),
        ("PL-08", "Zielona Góra", "Lubusz", "Ziemia Lubuska"),
        ("PL-10", "Łódź", "Łódź", "Ziemia Łódzka"),
        ("PL-12", "Kraków", "Lesser Poland", "Małopolska"),
        ("PL-14", "Warsaw", "Masovian", "Mazowsze"),
        ("PL-16", "Opole", "Opole", "Opolszczyzna"),
        ("PL-18", "Rzeszów", "Subcarpathian", "Podkarpacie"),
        ("PL-20", "Białystok", "Podlaskie", "Podlasie"),
        ("PL-22", "Gdańsk", "Pomeranian", "Pomorze"),
        ("PL-24", "Katowice", "Silesian", "Górny Śląsk"),
        ("PL-26", "Kielce", "Holy Cross", "Kielecczyzna"),
        ("PL-28", "Olsztyn", "Warmian-Masurian", "Warmia i Mazury"),
        ("PL-30", "Poznań", "Greater Poland", "Wielkopolska"),
        ("PL-32", "Szczecin", "West Pomeranian", "Pomorze Zachodnie"),
    )
)

GERMANY = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("DE-BW", "Stuttgart", "Baden-Württemberg", ("Baden-Wurttemberg",)),
        ("DE-BY", "Munich", "Bavaria", ("Bayern",)),
        ("DE-BB", "Potsdam", "Brandenburg", ()),
        ("DE-HE", "Frankfurt am Main", "Hesse", ("Hessen",)),
        ("DE-MV", "Rostock", "Mecklenburg-Western Pomerania", ("Mecklenburg-Vorpommern",)),
        ("DE-NI", "Hannover", "Lower Saxony", ("Niedersachsen",)),
        ("DE-NW", "Köln", "North Rhine-Westphalia", ("NRW", "Nordrhein-Westfalen")),
        ("DE-RP", "Mainz", "Rhineland-Palatinate", ("Rheinland-Pfalz",)),
        ("DE-SL", "Saarbrücken", "Saarland", ()),
        ("DE-SN", "Dresden", "Saxony", ("Sachsen", "Саксонія", "Саксония")),
        ("DE-ST", "Magdeburg", "Saxony-Anhalt", ("Sachsen-Anhalt",)),
        ("DE-SH", "Kiel", "Schleswig-Holstein", ()),
        ("DE-TH", "Erfurt", "Thuringia", ("Thüringen", "Тюрингія", "Тюрингия")),
    )
)  # fmt: skip
"""Germany's Länder; the three city states (Berlin, Hamburg, Bremen) are their cities."""

UNITED_KINGDOM = (
    Region("GB-ENG", "London", "England", ("Англія", "Англия")),
    Region("GB-SCT", "Glasgow", "Scotland", ("Шотландія", "Шотландия")),
    Region("GB-WLS", "Cardiff", "Wales", ("Уельс", "Уэльс")),
    Region("GB-NIR", "Belfast", "Northern Ireland", ("Північна Ірландія", "Северная Ирландия")),
)

FRANCE = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("FR-ARA", "Lyon", "Auvergne-Rhône-Alpes", ()),
        ("FR-BFC", "Dijon", "Bourgogne-Franche-Comté", ("Burgundy-Franche-Comté",)),
        ("FR-BRE", "Rennes", "Brittany", ("Bretagne", "Бретань")),
        ("FR-CVL", "Tours", "Centre-Val de Loire", ()),
        ("FR-COR", "Ajaccio", "Corsica", ("Corse", "Корсика")),
        ("FR-GES", "Strasbourg", "Grand Est", ()),
        ("FR-HDF", "Lille", "Hauts-de-France", ()),
        ("FR-IDF", "Paris", "Île-de-France", ("Paris region",)),
        ("FR-NOR", "Le Havre", "Normandy", ("Normandie", "Нормандія", "Нормандия")),
        ("FR-NAQ", "Bordeaux", "Nouvelle-Aquitaine", ()),
        ("FR-OCC", "Toulouse", "Occitanie", ("Occitania",)),
        ("FR-PDL", "Nantes", "Pays de la Loire", ()),
        ("FR-PAC", "Marseille", "Provence-Alpes-Côte d'Azur", ("Provence", "PACA")),
    )
)  # fmt: skip

ITALY = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("IT-21", "Turin", "Piedmont", ("Piemonte",)),
        ("IT-23", "Aosta", "Aosta Valley", ("Valle d'Aosta",)),
        ("IT-25", "Milan", "Lombardy", ("Lombardia",)),
        ("IT-32", "Bolzano", "Trentino-South Tyrol", ("Trentino-Alto Adige", "South Tyrol")),
        ("IT-34", "Venice", "Veneto", ()),
        ("IT-36", "Trieste", "Friuli-Venezia Giulia", ()),
        ("IT-42", "Genoa", "Liguria", ()),
        ("IT-45", "Bologna", "Emilia-Romagna", ()),
        ("IT-52", "Florence", "Tuscany", ("Toscana", "Тоскана")),
        ("IT-55", "Perugia", "Umbria", ()),
        ("IT-57", "Ancona", "Marche", ("the Marches",)),
        ("IT-62", "Rome", "Lazio", ("Latium",)),
        ("IT-65", "Pescara", "Abruzzo", ()),
        ("IT-67", "Campobasso", "Molise", ()),
        ("IT-72", "Naples", "Campania", ()),
        ("IT-75", "Bari", "Apulia", ("Puglia",)),
        ("IT-77", "Potenza", "Basilicata", ()),
        ("IT-78", "Reggio Calabria", "Calabria", ()),
        ("IT-82", "Palermo", "Sicily", ("Sicilia", "Сицилія", "Сицилия")),
        ("IT-88", "Cagliari", "Sardinia", ("Sardegna", "Сардинія", "Сардиния")),
    )
)  # fmt: skip

SPAIN = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("ES-AN", "Sevilla", "Andalusia", ("Andalucía",)),
        ("ES-AR", "Zaragoza", "Aragon", ("Aragón",)),
        ("ES-AS", "Gijón", "Asturias", ()),
        ("ES-CN", "Las Palmas de Gran Canaria", "Canary Islands", ("Canarias",)),
        ("ES-CB", "Santander", "Cantabria", ()),
        ("ES-CL", "Valladolid", "Castile and León", ("Castilla y León",)),
        ("ES-CM", "Albacete", "Castilla-La Mancha", ()),
        ("ES-CT", "Barcelona", "Catalonia", ("Catalunya", "Cataluña")),
        ("ES-EX", "Badajoz", "Extremadura", ()),
        ("ES-GA", "Vigo", "Galicia", ()),
        ("ES-IB", "Palma", "Balearic Islands", ("Illes Balears",)),
        ("ES-RI", "Logroño", "La Rioja", ()),
        ("ES-MD", "Madrid", "Community of Madrid", ()),
        ("ES-MC", "Murcia", "Region of Murcia", ()),
        ("ES-NC", "Pamplona", "Navarre", ("Navarra",)),
        ("ES-PV", "Bilbao", "Basque Country", ("País Vasco", "Euskadi")),
        ("ES-VC", "Valencia", "Valencian Community", ()),
    )
)  # fmt: skip

CANADA = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("CA-AB", "Calgary", "Alberta", ()), ("CA-BC", "Vancouver", "British Columbia", ()),
        ("CA-MB", "Winnipeg", "Manitoba", ()), ("CA-NB", "Moncton", "New Brunswick", ()),
        ("CA-NL", "St. John's", "Newfoundland and Labrador", ("Newfoundland",)),
        ("CA-NS", "Halifax", "Nova Scotia", ()),
        ("CA-ON", "Toronto", "Ontario", ()), ("CA-PE", "Charlottetown", "Prince Edward Island", ()),
        ("CA-QC", "Montréal", "Quebec", ()), ("CA-SK", "Saskatoon", "Saskatchewan", ()),
    )
)  # fmt: skip

MOLDOVA = (
    Region("MD-SN", "Tiraspol", "Transnistria",
           ("Pridnestrovie", "Придністров'я", "Приднестровье", "Придністровʼя")),
    Region("MD-GA", "Comrat", "Gagauzia", ("Gagauz Yeri", "Гагаузія", "Гагаузия")),
)  # fmt: skip
"""Moldova's two territorial units of the news; its districts are left out."""

GEORGIA = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("GE-AB", "Sokhumi", "Abkhazia", ("Абхазія", "Абхазия")),
        ("GE-AJ", "Batumi", "Adjara", ("Ajaria", "Аджарія", "Аджария")),
        ("GE-IM", "Kutaisi", "Imereti", ()),
        ("GE-KA", "Telavi", "Kakheti", ()),
        ("GE-KK", "Rustavi", "Kvemo Kartli", ()),
        ("GE-SK", "Gori", "Shida Kartli", ()),
        ("GE-SZ", "Zugdidi", "Samegrelo-Zemo Svaneti", ("Samegrelo",)),
    )
)  # fmt: skip

LITHUANIA = tuple(
    Region(code, centre, f"{english} County", (f"{english} region",))
    for code, centre, english in (
        ("LT-AL", "Alytus", "Alytus"), ("LT-KU", "Kaunas", "Kaunas"),
        ("LT-KL", "Klaipėda", "Klaipėda"), ("LT-MR", "Marijampolė", "Marijampolė"),
        ("LT-PN", "Panevėžys", "Panevėžys"), ("LT-SA", "Šiauliai", "Šiauliai"),
        ("LT-TA", "Taurage", "Tauragė"), ("LT-TE", "Telsiai", "Telšiai"),
        ("LT-UT", "Utena", "Utena"), ("LT-VL", "Vilnius", "Vilnius"),
    )
)  # fmt: skip

SLOVAKIA = tuple(
    Region(code, centre, f"{english} Region", ())
    for code, centre, english in (
        ("SK-BL", "Bratislava", "Bratislava"), ("SK-TA", "Trnava", "Trnava"),
        ("SK-TC", "Trenčín", "Trenčín"), ("SK-NI", "Nitra", "Nitra"),
        ("SK-ZI", "Žilina", "Žilina"), ("SK-BC", "Banská Bystrica", "Banská Bystrica"),
        ("SK-PV", "Prešov", "Prešov"), ("SK-KI", "Košice", "Košice"),
    )
)  # fmt: skip

HUNGARY = tuple(
    Region(code, centre, f"{english} County", ())
    for code, centre, english in (
        ("HU-BA", "Pécs", "Baranya"), ("HU-BK", "Kecskemét", "Bács-Kiskun"),
        ("HU-BE", "Békéscsaba", "Békés"), ("HU-BZ", "Miskolc", "Borsod-Abaúj-Zemplén"),
        ("HU-CS", "Szeged", "Csongrád-Csanád"), ("HU-FE", "Székesfehérvár", "Fejér"),
        ("HU-GS", "Győr", "Győr-Moson-Sopron"), ("HU-HB", "Debrecen", "Hajdú-Bihar"),
        ("HU-HE", "Eger", "Heves"), ("HU-JN", "Szolnok", "Jász-Nagykun-Szolnok"),
        ("HU-KE", "Tatabánya", "Komárom-Esztergom"), ("HU-NO", "Salgótarján", "Nógrád"),
        ("HU-PE", "Érd", "Pest"), ("HU-SO", "Kaposvár", "Somogy"),
        ("HU-SZ", "Nyíregyháza", "Szabolcs-Szatmár-Bereg"), ("HU-TO", "Szekszárd", "Tolna"),
        ("HU-VA", "Szombathely", "Vas"), ("HU-VE", "Veszprém", "Veszprém"),
        ("HU-ZA", "Zalaegerszeg", "Zala"),
    )
)  # fmt: skip
"""Hungary's counties (Budapest is its city)."""

ROMANIA = tuple(
    Region(code, centre, f"{english} County", ())
    for code, centre, english in (
        ("RO-AB", "Alba Iulia", "Alba"), ("RO-AR", "Arad", "Arad"), ("RO-AG", "Piteşti", "Argeș"),
        ("RO-BC", "Bacău", "Bacău"), ("RO-BH", "Oradea", "Bihor"),
        ("RO-BN", "Bistriţa", "Bistrița-Năsăud"), ("RO-BT", "Botoşani", "Botoșani"),
        ("RO-BV", "Braşov", "Brașov"), ("RO-BR", "Brăila", "Brăila"), ("RO-BZ", "Buzău", "Buzău"),
        ("RO-CS", "Reşiţa", "Caraș-Severin"), ("RO-CL", "Olteniţa", "Călărași"),
        ("RO-CJ", "Cluj-Napoca", "Cluj"), ("RO-CT", "Constanţa", "Constanța"),
        ("RO-CV", "Sfântu Gheorghe", "Covasna"), ("RO-DB", "Târgovişte", "Dâmbovița"),
        ("RO-DJ", "Craiova", "Dolj"), ("RO-GL", "Galaţi", "Galați"),
        ("RO-GR", "Giurgiu", "Giurgiu"),
        ("RO-GJ", "Târgu Jiu", "Gorj"), ("RO-HR", "Miercurea-Ciuc", "Harghita"),
        ("RO-HD", "Deva", "Hunedoara"), ("RO-IL", "Slobozia", "Ialomița"),
        ("RO-IS", "Iaşi", "Iași"),
        ("RO-IF", "Voluntari", "Ilfov"), ("RO-MM", "Baia Mare", "Maramureș"),
        ("RO-MH", "Drobeta-Turnu Severin", "Mehedinți"), ("RO-MS", "Târgu Mureş", "Mureș"),
        ("RO-NT", "Piatra Neamţ", "Neamț"), ("RO-OT", "Slatina", "Olt"),
        ("RO-PH", "Ploieşti", "Prahova"), ("RO-SM", "Satu Mare", "Satu Mare"),
        ("RO-SJ", "Zalău", "Sălaj"), ("RO-SB", "Sibiu", "Sibiu"), ("RO-SV", "Suceava", "Suceava"),
        ("RO-TR", "Alexandria", "Teleorman"), ("RO-TM", "Timişoara", "Timiș"),
        ("RO-TL", "Tulcea", "Tulcea"), ("RO-VS", "Vaslui", "Vaslui"),
        ("RO-VL", "Râmnicu Vâlcea", "Vâlcea"), ("RO-VN", "Focșani", "Vrancea"),
    )
)  # fmt: skip
"""Romania's counties (Bucharest is its city)."""

CZECHIA = tuple(
    Region(code, centre, english, ())
    for code, centre, english in (
        ("CZ-20", "Kladno", "Central Bohemian Region"),
        ("CZ-31", "České Budějovice", "South Bohemian Region"),
        ("CZ-32", "Pilsen", "Plzeň Region"), ("CZ-41", "Karlovy Vary", "Karlovy Vary Region"),
        ("CZ-42", "Ústí nad Labem", "Ústí nad Labem Region"),
        ("CZ-51", "Liberec", "Liberec Region"),
        ("CZ-52", "Hradec Králové", "Hradec Králové Region"),
        ("CZ-53", "Pardubice", "Pardubice Region"), ("CZ-63", "Jihlava", "Vysočina Region"),
        ("CZ-64", "Brno", "South Moravian Region"), ("CZ-71", "Olomouc", "Olomouc Region"),
        ("CZ-72", "Zlín", "Zlín Region"), ("CZ-80", "Ostrava", "Moravian-Silesian Region"),
    )
)  # fmt: skip
"""Czechia's regions (Prague is its city)."""

AUSTRIA = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("AT-2", "Klagenfurt am Wörthersee", "Carinthia", ("Kärnten",)),
        ("AT-3", "Sankt Pölten", "Lower Austria", ("Niederösterreich",)),
        ("AT-4", "Linz", "Upper Austria", ("Oberösterreich",)),
        ("AT-5", "Salzburg", "Salzburg State", ("Land Salzburg",)),
        ("AT-6", "Graz", "Styria", ("Steiermark",)),
        ("AT-7", "Innsbruck", "Tyrol", ("Tirol",)),
        ("AT-8", "Dornbirn", "Vorarlberg", ()),
    )
)  # fmt: skip
"""Austria's states (Vienna is its city; Burgenland's towns are under 15,000 people)."""

NETHERLANDS = tuple(
    Region(code, centre, english, also)
    for code, centre, english, also in (
        ("NL-DR", "Emmen", "Drenthe", ()), ("NL-FL", "Almere Stad", "Flevoland", ()),
        ("NL-FR", "Leeuwarden", "Friesland", ("Fryslân",)),
        ("NL-GE", "Nijmegen", "Gelderland", ()),
        ("NL-GR", "Groningen", "Groningen Province", ()),
        ("NL-LI", "Maastricht", "Limburg", ()),
        ("NL-NB", "Eindhoven", "North Brabant", ("Noord-Brabant",)),
        ("NL-NH", "Amsterdam", "North Holland", ("Noord-Holland",)),
        ("NL-OV", "Enschede", "Overijssel", ()), ("NL-UT", "Utrecht", "Utrecht Province", ()),
        ("NL-ZE", "Middelburg", "Zeeland", ()),
        ("NL-ZH", "Rotterdam", "South Holland", ("Zuid-Holland",)),
    )
)  # fmt: skip

AUSTRALIA = tuple(
    Region(code, centre, english, ())
    for code, centre, english in (
        ("AU-NSW", "Sydney", "New South Wales"), ("AU-VIC", "Melbourne", "Victoria"),
        ("AU-QLD", "Brisbane", "Queensland"), ("AU-WA", "Perth", "Western Australia"),
        ("AU-SA", "Adelaide", "South Australia"), ("AU-TAS", "Hobart", "Tasmania"),
        ("AU-ACT", "Canberra", "Australian Capital Territory"),
        ("AU-NT", "Darwin", "Northern Territory"),
    )
)  # fmt: skip

REGIONS = (
    *UKRAINE, *RUSSIA, *BELARUS, *POLAND, *GERMANY, *UNITED_KINGDOM, *FRANCE, *ITALY, *SPAIN,
    *CANADA, *MOLDOVA, *GEORGIA, *LITHUANIA, *SLOVAKIA, *HUNGARY, *ROMANIA, *CZECHIA, *AUSTRIA,
    *NETHERLANDS, *AUSTRALIA,
)  # fmt: skip
"""Every region the gazetteer is built with."""
