"""What people call places that the packages' data does not: hand-written tables, each
checked against the news corpora the project measures on.

* Ukrainian and Russian names of the US states (pycountry translates few of them), and the
  everyday names of countries pycountry gives only formally ("Сполучені Штати", "ФРГ");
* the AP style's state abbreviations after a town ("Louisville, Ky."), and Canada's;
* nationality words: English demonyms ("Ukrainian forces", "Palestinians") and Ukrainian and
  Russian country adjectives by their dictionary form ("російські", "британская"), which say
  what country a story is about (see :mod:`bot.geo.tagger`: they are mentions of a kind
  of their own);
* areas larger than a country that news names as places ("Europe", "Донбас", "Близький
  Схід"), each with the countries or regions it covers, and the seas news names ("Чорне
  море", "Sea of Azov").
"""

from __future__ import annotations

import hashlib

US_STATES = {
    "AL": ("Алабама", "Алабама"), "AK": ("Аляска", "Аляска"), "AZ": ("Аризона", "Аризона"),
    "AR": ("Арканзас", "Арканзас"), "CA": ("Каліфорнія", "Калифорния"),
    "CO": ("Колорадо", "Колорадо"), "CT": ("Коннектикут", "Коннектикут"),
    "DE": ("Делавер", "Делавэр"), "FL": ("Флорида", "Флорида"), "GA": ("Джорджія", "Джорджия"),
    "HI": ("Гаваї", "Гавайи"), "ID": ("Айдахо", "Айдахо"), "IL": ("Іллінойс", "Иллинойс"),
    "IN": ("Індіана", "Индиана"), "IA": ("Айова", "Айова"), "KS": ("Канзас", "Канзас"),
    "KY": ("Кентуккі", "Кентукки"), "LA": ("Луїзіана", "Луизиана"), "ME": ("Мен", "Мэн"),
    "MD": ("Меріленд", "Мэриленд"), "MA": ("Массачусетс", "Массачусетс"),
    "MI": ("Мічиган", "Мичиган"), "MN": ("Міннесота", "Миннесота"),
    "MS": ("Міссісіпі", "Миссисипи"), "MO": ("Міссурі", "Миссури"), "MT": ("Монтана", "Монтана"),
    "NE": ("Небраска", "Небраска"), "NV": ("Невада", "Невада"),
    "NH": ("Нью-Гемпшир", "Нью-Гэмпшир"), "NJ": ("Нью-Джерсі", "Нью-Джерси"),
    "NM": ("Нью-Мексико", "Нью-Мексико"), "NY": ("штат Нью-Йорк", "штат Нью-Йорк"),
    "NC": ("Північна Кароліна", "Северная Каролина"), "ND": ("Північна Дакота", "Северная Дакота"),
    "OH": ("Огайо", "Огайо"), "OK": ("Оклахома", "Оклахома"), "OR": ("Орегон", "Орегон"),
    "PA": ("Пенсільванія", "Пенсильвания"), "RI": ("Род-Айленд", "Род-Айленд"),
    "SC": ("Південна Кароліна", "Южная Каролина"), "SD": ("Південна Дакота", "Южная Дакота"),
    "TN": ("Теннессі", "Теннесси"), "TX": ("Техас", "Техас"), "UT": ("Юта", "Юта"),
    "VT": ("Вермонт", "Вермонт"), "VA": ("Вірджинія", "Виргиния"),
    "WA": ("штат Вашингтон", "штат Вашингтон"), "WV": ("Західна Вірджинія", "Западная Виргиния"),
    "WI": ("Вісконсин", "Висконсин"), "WY": ("Вайомінг", "Вайоминг"),
}  # fmt: skip
"""Each state's name in Ukrainian and Russian ("штат Нью-Йорк": the city keeps "Нью-Йорк")."""

COUNTRY_NAMES = {
    "Великобританія": "GB", "Сполучене Королівство": "GB", "Соединённое Королевство": "GB",
    "Соединенное Королевство": "GB", "Сполучені Штати": "US", "Сполучені Штати Америки": "US",
    "Соединённые Штаты": "US", "Соединенные Штаты": "US", "Соединенные Штаты Америки": "US",
    "Америка": "US", "Російська Федерація": "RU", "Российская Федерация": "RU",
    "Німеччина": "DE", "Германия": "DE", "Туреччина": "TR", "Турция": "TR",
    "Китайська Народна Республіка": "CN", "Китайская Народная Республика": "CN",
    "Південна Корея": "KR", "Южная Корея": "KR", "Північна Корея": "KP", "Северная Корея": "KP",
    "Молдова": "MD", "Молдавия": "MD", "Киргизія": "KG", "Киргизия": "KG",
    "Республіка Корея": "KR", "Корейська Республіка": "KR", "Голландія": "NL", "Голландия": "NL",
    "Арабські Емірати": "AE", "Арабские Эмираты": "AE", "Македонія": "MK", "Македония": "MK",
    "Macedonia": "MK", "Бірма": "MM", "Бирма": "MM", "Туркменія": "TM", "Туркмения": "TM",
    "Турція": "TR", "Багами": "BS", "Піднебесна": "CN", "Поднебесная": "CN",
    "Британські Віргінські острови": "VG", "Британские Виргинские острова": "VG",
    "Віргінські острови": "VG", "Виргинские острова": "VG",
}  # fmt: skip
"""Everyday country names pycountry lacks in Ukrainian and Russian (without "British", the
Virgin Islands of Ukrainian and Russian news are the British ones, where the companies its
investigations name are registered)."""

COUNTRY_ABBREVIATIONS = {"ФРГ": "DE", "КНР": "CN", "ПАР": "ZA", "ЮАР": "ZA", "Штаты": "US"}
"""Abbreviations and short forms, matched as written (case and all)."""

STATE_ABBREVIATIONS = {
    "Ala.": "US-AL", "Ariz.": "US-AZ", "Ark.": "US-AR", "Calif.": "US-CA", "Colo.": "US-CO",
    "Conn.": "US-CT", "Del.": "US-DE", "Fla.": "US-FL", "Ga.": "US-GA", "Ill.": "US-IL",
    "Ind.": "US-IN", "Kan.": "US-KS", "Kans.": "US-KS", "Ky.": "US-KY", "La.": "US-LA",
    "Md.": "US-MD", "Mass.": "US-MA", "Mich.": "US-MI", "Minn.": "US-MN", "Miss.": "US-MS",
    "Mo.": "US-MO", "Mont.": "US-MT", "Neb.": "US-NE", "Nebr.": "US-NE", "Nev.": "US-NV",
    "N.H.": "US-NH", "N.J.": "US-NJ", "N.M.": "US-NM", "N.Y.": "US-NY", "N.C.": "US-NC",
    "N.D.": "US-ND", "Okla.": "US-OK", "Ore.": "US-OR", "Pa.": "US-PA", "R.I.": "US-RI",
    "S.C.": "US-SC", "S.D.": "US-SD", "Tenn.": "US-TN", "Tex.": "US-TX", "Vt.": "US-VT",
    "Va.": "US-VA", "Wash.": "US-WA", "W.Va.": "US-WV", "Wis.": "US-WI", "Wyo.": "US-WY",
    "Alta.": "CA-AB", "B.C.": "CA-BC", "Man.": "CA-MB", "N.B.": "CA-NB", "N.L.": "CA-NL",
    "Nfld.": "CA-NL", "N.S.": "CA-NS", "Ont.": "CA-ON", "P.E.I.": "CA-PE", "Que.": "CA-QC",
    "Sask.": "CA-SK",
}  # fmt: skip
"""The AP style's state abbreviations, which follow a town and a comma ("Dayton, Ohio" is
spelled out; "Louisville, Ky." is not), and the Canadian Press style's of the provinces
("Churchill, Man.", "Barrie, Ont."), as region codes."""

DEMONYMS = {
    "afghan": "AF", "albanian": "AL", "algerian": "DZ", "american": "US", "argentine": "AR",
    "argentinian": "AR", "armenian": "AM", "australian": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "bangladeshi": "BD", "belarusian": "BY", "belgian": "BE",
    "bolivian": "BO", "bosnian": "BA", "brazilian": "BR", "british": "GB", "bulgarian": "BG",
    "burmese": "MM", "cambodian": "KH", "cameroonian": "CM", "canadian": "CA",
    "chilean": "CL", "chinese": "CN", "colombian": "CO", "congolese": "CD",
    "croatian": "HR", "cuban": "CU", "cypriot": "CY", "czech": "CZ", "danish": "DK",
    "dutch": "NL", "ecuadorian": "EC", "egyptian": "EG", "emirati": "AE", "eritrean": "ER",
    "estonian": "EE", "ethiopian": "ET", "filipino": "PH", "finnish": "FI", "french": "FR",
    "georgian": "GE", "german": "DE", "ghanaian": "GH", "greek": "GR", "guatemalan": "GT",
    "haitian": "HT", "honduran": "HN", "hungarian": "HU", "icelandic": "IS", "indian": "IN",
    "indonesian": "ID", "iranian": "IR", "iraqi": "IQ", "irish": "IE", "israeli": "IL",
    "italian": "IT", "jamaican": "JM", "japanese": "JP", "jordanian": "JO", "kazakh": "KZ",
    "kenyan": "KE", "kuwaiti": "KW", "kyrgyz": "KG", "latvian": "LV", "lebanese": "LB",
    "liberian": "LR", "libyan": "LY", "lithuanian": "LT", "malaysian": "MY", "malian": "ML",
    "maltese": "MT", "mexican": "MX", "moldovan": "MD", "mongolian": "MN",
    "montenegrin": "ME", "moroccan": "MA", "mozambican": "MZ", "nepali": "NP",
    "nepalese": "NP", "nicaraguan": "NI", "nigerian": "NG", "nigerien": "NE",
    "norwegian": "NO", "pakistani": "PK", "palestinian": "PS", "panamanian": "PA",
    "paraguayan": "PY", "peruvian": "PE", "polish": "PL", "portuguese": "PT",
    "qatari": "QA", "romanian": "RO", "russian": "RU", "rwandan": "RW", "salvadoran": "SV",
    "saudi": "SA", "senegalese": "SN", "serbian": "RS", "singaporean": "SG", "slovak": "SK",
    "slovenian": "SI", "somali": "SO", "south african": "ZA", "south korean": "KR",
    "north korean": "KP", "spanish": "ES", "sri lankan": "LK", "sudanese": "SD",
    "south sudanese": "SS", "swedish": "SE", "swiss": "CH", "syrian": "SY",
    "taiwanese": "TW", "tajik": "TJ", "tanzanian": "TZ", "thai": "TH", "tunisian": "TN",
    "turkish": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA", "uruguayan": "UY",
    "uzbek": "UZ", "venezuelan": "VE", "vietnamese": "VN", "yemeni": "YE", "zambian": "ZM",
    "zimbabwean": "ZW", "scottish": "region:GB-SCT", "welsh": "region:GB-WLS",
    "english": "region:GB-ENG", "northern irish": "region:GB-NIR",
    "european": "area:europe", "african": "area:africa", "asian": "area:asia",
    "crimean": "region:UA-43", "chechen": "region:RU-CE", "dagestani": "region:RU-DA",
    "transnistrian": "region:MD-SN", "abkhaz": "region:GE-AB", "abkhazian": "region:GE-AB",
    "philippine": "PH", "kosovar": "XK", "ivorian": "CI", "malagasy": "MG", "omani": "OM",
    "bahraini": "BH", "laotian": "LA", "azeri": "AZ", "angolan": "AO", "namibian": "NA",
    "chadian": "TD", "mauritanian": "MR", "burundian": "BI", "gabonese": "GA",
    "sierra leonean": "SL", "slovene": "SI", "bhutanese": "BT", "maldivian": "MV",
    "fijian": "FJ", "djiboutian": "DJ", "gambian": "GM", "togolese": "TG", "beninese": "BJ",
    "burkinabe": "BF", "malawian": "MW", "costa rican": "CR", "puerto rican": "PR",
    "dominican": "DO", "trinidadian": "TT", "bahamian": "BS", "guyanese": "GY",
    "surinamese": "SR", "belizean": "BZ", "cape verdean": "CV", "luxembourgish": "LU",
    "sinhalese": "LK", "catalan": "region:ES-CT", "basque": "region:ES-PV",
    "bavarian": "region:DE-BY", "sicilian": "region:IT-82", "flemish": "region:BE.VLG",
    "siberian": "area:siberia", "cornish": "county:gb-cornwall",
}  # fmt: skip
"""English nationality words (capitalised in text), by country (or by area, its key: "European
leaders" is news for a follower of Europe as "Ukrainian drones" is for one of Ukraine); a
plural in -s is one too ("Palestinians", "Syrians"); a region's people are its region's
("Crimean Tatars", "Chechen fighters", "the Scottish government", "Catalan separatists":
its country's followers hear of them as of a place in it)."""

COUNTRY_ADJECTIVES = {
    "український": "UA", "украинский": "UA", "російський": "RU", "российский": "RU",
    "американський": "US", "американский": "US", "британський": "GB", "британский": "GB",
    "англійський": "GB", "английский": "GB", "німецький": "DE", "немецкий": "DE",
    "германський": "DE", "германский": "DE",
    "французький": "FR", "французский": "FR", "польський": "PL", "польский": "PL",
    "китайський": "CN", "китайский": "CN", "турецький": "TR", "турецкий": "TR",
    "ізраїльський": "IL", "израильский": "IL", "іранський": "IR", "иранский": "IR",
    "білоруський": "BY", "белорусский": "BY", "грузинський": "GE", "грузинский": "GE",
    "молдовський": "MD", "молдавский": "MD", "румунський": "RO", "румынский": "RO",
    "угорський": "HU", "венгерский": "HU", "словацький": "SK", "словацкий": "SK",
    "чеський": "CZ", "чешский": "CZ", "литовський": "LT", "литовский": "LT",
    "латвійський": "LV", "латвийский": "LV", "естонський": "EE", "эстонский": "EE",
    "фінський": "FI", "финский": "FI", "шведський": "SE", "шведский": "SE",
    "норвезький": "NO", "норвежский": "NO", "данський": "DK", "датский": "DK",
    "італійський": "IT", "итальянский": "IT", "іспанський": "ES", "испанский": "ES",
    "японський": "JP", "японский": "JP", "індійський": "IN", "индийский": "IN",
    "канадський": "CA", "канадский": "CA", "сирійський": "SY", "сирийский": "SY",
    "палестинський": "PS", "палестинский": "PS", "казахстанський": "KZ",
    "казахстанский": "KZ", "вірменський": "AM", "армянский": "AM",
    "азербайджанський": "AZ", "азербайджанский": "AZ", "північнокорейський": "KP",
    "северокорейский": "KP", "південнокорейський": "KR", "южнокорейский": "KR",
    "голландський": "NL", "голландский": "NL", "нідерландський": "NL",
    "нидерландский": "NL", "грецький": "GR", "греческий": "GR",
    "саудівський": "SA", "саудовский": "SA", "новозеландський": "NZ",
    "новозеландский": "NZ", "південноафриканський": "ZA", "южноафриканский": "ZA",
    "еміратський": "AE", "эмиратский": "AE", "афганський": "AF", "афганский": "AF",
    "афганістанський": "AF", "афганистанский": "AF", "тайський": "TH", "тайский": "TH",
    "таїландський": "TH", "таиландский": "TH", "казахський": "KZ", "казахский": "KZ",
    "узбецький": "UZ", "узбекский": "UZ", "узбекистанський": "UZ",
    "узбекистанский": "UZ", "таджицький": "TJ", "таджикский": "TJ",
    "таджикистанський": "TJ", "таджикистанский": "TJ", "туркменський": "TM",
    "туркменский": "TM", "туркменістанський": "TM", "туркменистанский": "TM",
    "шотландський": "GB", "шотландский": "GB",
    "європейський": "area:europe", "европейский": "area:europe",
    "африканський": "area:africa", "африканский": "area:africa",
    "азійський": "area:asia", "азіатський": "area:asia", "азиатский": "area:asia",
}  # fmt: skip
"""Ukrainian and Russian country adjectives by dictionary form (folded as the text is), by
country (or area, as :data:`DEMONYMS`): the commonest, and those no rule derives from the
country's name ("греческий", "голландський", "саудовский"; the rest are derived, see
:mod:`bot.geo.country_adjectives`)."""

AREAS: dict[str, tuple[tuple[str, str, str], tuple[str, ...], tuple[str, ...]]] = {
    "area:europe": (("Europe", "Європа", "Европа"), (), ("continent:EU",)),
    "area:asia": (("Asia", "Азія", "Азия"), (), ("continent:AS",)),
    "area:africa": (("Africa", "Африка", "Африка"), (), ("continent:AF",)),
    "area:north-america": (
        ("North America", "Північна Америка", "Северная Америка"),
        (),
        ("continent:NA",),
    ),
    "area:south-america": (
        ("South America", "Південна Америка", "Южная Америка"),
        ("Latin America", "Латинська Америка", "Латинская Америка"),
        ("continent:SA",),
    ),
    "area:oceania": (("Oceania", "Океанія", "Океания"), (), ("continent:OC",)),
    "area:middle-east": (
        ("Middle East", "Близький Схід", "Ближний Восток"),
        (),
        ("AE", "BH", "EG", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY"),
    ),
    "area:baltics": (
        ("the Baltics", "Балтія", "Прибалтика"),
        ("Baltics", "Baltic states", "Балтия", "Прибалтика"),
        ("EE", "LT", "LV"),
    ),
    "area:caucasus": (
        ("the Caucasus", "Кавказ", "Кавказ"),
        (
            "Caucasus",
            "the South Caucasus",
            "South Caucasus",
            "Південний Кавказ",
            "Южный Кавказ",
            "Transcaucasia",
            "Закавказзя",
            "Закавказье",
        ),
        ("AM", "AZ", "GE"),
    ),
    "area:north-africa": (
        ("North Africa", "Північна Африка", "Северная Африка"),
        ("Northern Africa",),
        ("DZ", "EG", "LY", "MA", "TN"),
    ),
    "area:central-america": (
        ("Central America", "Центральна Америка", "Центральная Америка"),
        (),
        ("BZ", "CR", "GT", "HN", "NI", "PA", "SV"),
    ),
    "area:balkans": (
        ("the Balkans", "Балкани", "Балканы"),
        ("Balkans",),
        ("AL", "BA", "BG", "GR", "HR", "ME", "MK", "RS", "SI", "XK"),
    ),
    "area:scandinavia": (("Scandinavia", "Скандинавія", "Скандинавия"), (), ("DK", "NO", "SE")),
    "area:donbas": (
        ("Donbas", "Донбас", "Донбасс"),
        ("Donbass",),
        ("region:UA-14", "region:UA-09"),
    ),
    "area:nagorno-karabakh": (
        ("Nagorno-Karabakh", "Нагірний Карабах", "Нагорный Карабах"),
        ("Karabakh", "Карабах", "Nagorno Karabakh"),
        ("point:39.82,46.75",),
    ),
    "area:south-ossetia": (
        ("South Ossetia", "Південна Осетія", "Южная Осетия"),
        ("Tskhinvali region",),
        ("point:42.35,43.97",),
    ),
    "area:darfur": (
        ("Darfur", "Дарфур", "Дарфур"),
        (),
        ("region:SD-DC", "region:SD.47", "region:SD.49", "region:SD.55", "region:SD.60"),
    ),
    "area:black-sea": (("Black Sea", "Чорне море", "Черное море"), (), ("point:43.4,34.3",)),
    "area:sea-of-azov": (
        ("Sea of Azov", "Азовське море", "Азовское море"),
        ("Azov Sea",),
        ("point:46.1,36.7",),
    ),
    "area:baltic-sea": (
        ("Baltic Sea", "Балтійське море", "Балтийское море"),
        (),
        ("point:58.5,20.0",),
    ),
    "area:caspian-sea": (
        ("Caspian Sea", "Каспійське море", "Каспийское море"),
        (),
        ("point:41.9,50.7",),
    ),
    "area:mediterranean": (
        ("Mediterranean Sea", "Середземне море", "Средиземное море"),
        ("the Mediterranean",),
        ("point:35.0,18.0",),
    ),
    "area:red-sea": (("Red Sea", "Червоне море", "Красное море"), (), ("point:20.3,38.5",)),
    "area:atlantic-ocean": (
        ("Atlantic Ocean", "Атлантичний океан", "Атлантический океан"),
        (),
        ("point:15.0,-40.0",),
    ),
    "area:pacific-ocean": (
        ("Pacific Ocean", "Тихий океан", "Тихий океан"),
        (),
        ("point:0.0,-160.0",),
    ),
    "area:indian-ocean": (
        ("Indian Ocean", "Індійський океан", "Индийский океан"),
        (),
        ("point:-20.0,80.0",),
    ),
    "area:arctic-ocean": (
        ("Arctic Ocean", "Північний Льодовитий океан", "Северный Ледовитый океан"),
        ("Льодовитий океан", "Ледовитый океан"),
        ("point:85.0,0.0",),
    ),
    "area:kerch-strait": (
        ("Kerch Strait", "Керченська протока", "Керченский пролив"),
        ("Strait of Kerch",),
        ("point:45.3,36.5",),
    ),
    "area:bosphorus": (("Bosphorus", "Босфор", "Босфор"), ("Bosporus",), ("point:41.12,29.07",)),
    "area:gulf-of-finland": (
        ("Gulf of Finland", "Фінська затока", "Финский залив"),
        (),
        ("point:59.8,26.0",),
    ),
    "area:north-sea": (("North Sea", "Північне море", "Северное море"), (), ("point:56.0,3.0",)),
    "area:barents-sea": (
        ("Barents Sea", "Баренцове море", "Баренцево море"),
        ("Баренцеве море",),
        ("point:74.0,36.0",),
    ),
    "area:persian-gulf": (
        ("Persian Gulf", "Перська затока", "Персидский залив"),
        (),
        ("point:26.5,52.0",),
    ),
    "area:strait-of-hormuz": (
        ("Strait of Hormuz", "Ормузька протока", "Ормузский пролив"),
        ("Hormuz Strait",),
        ("point:26.57,56.25",),
    ),
    "area:gulf-of-aden": (
        ("Gulf of Aden", "Аденська затока", "Аденский залив"),
        (),
        ("point:12.5,47.5",),
    ),
    "area:south-china-sea": (
        ("South China Sea", "Південнокитайське море", "Южно-Китайское море"),
        ("Південно-Китайське море",),
        ("point:12.0,114.0",),
    ),
    "area:taiwan-strait": (
        ("Taiwan Strait", "Тайванська протока", "Тайваньский пролив"),
        ("Formosa Strait",),
        ("point:24.3,119.5",),
    ),
    "area:sea-of-japan": (
        ("Sea of Japan", "Японське море", "Японское море"),
        (),
        ("point:40.0,135.0",),
    ),
    "area:central-asia": (
        ("Central Asia", "Центральна Азія", "Центральная Азия"),
        ("Середня Азія", "Средняя Азия"),
        ("KG", "KZ", "TJ", "TM", "UZ"),
    ),
    "area:southeast-asia": (
        ("Southeast Asia", "Південно-Східна Азія", "Юго-Восточная Азия"),
        ("South-East Asia", "South East Asia"),
        ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"),
    ),
    "area:korean-peninsula": (
        ("Korean Peninsula", "Корейський півострів", "Корейский полуостров"),
        # "Korea" alone: either Korea, or both (a follower of either hears of it)
        ("Korea", "Корея", "the Korean peninsula"),
        ("KP", "KR"),
    ),
    "area:horn-of-africa": (
        ("Horn of Africa", "Африканський Ріг", "Африканский Рог"),
        (),
        ("DJ", "ER", "ET", "SO"),
    ),
    "area:sahel": (
        ("the Sahel", "Сахель", "Сахель"),
        ("Sahel",),
        ("BF", "ML", "MR", "NE", "TD"),
    ),
    "area:siberia": (
        ("Siberia", "Сибір", "Сибирь"),
        (),
        tuple(
            f"region:RU-{code}" for code in "ALT AL BU IRK KEM KK KYA NVS OMS TOM TY ZAB".split()
        ),
    ),
    "area:russian-far-east": (
        ("the Russian Far East", "Далекий Схід", "Дальний Восток"),
        ("Russian Far East",),
        tuple(f"region:RU-{code}" for code in "AMU BU CHU KAM KHA MAG PRI SA SAK YEV ZAB".split()),
    ),
    "area:north-caucasus": (
        ("the North Caucasus", "Північний Кавказ", "Северный Кавказ"),
        ("North Caucasus", "Northern Caucasus"),
        tuple(f"region:RU-{code}" for code in "CE DA IN KB KC SE STA".split()),
    ),
    "area:volga-region": (
        ("the Volga region", "Поволжя", "Поволжье"),
        ("Volga region",),
        tuple(f"region:RU-{code}" for code in "AST KL PNZ SAM SAR TA ULY VGG".split()),
    ),
    "area:urals": (
        ("the Urals", "Урал", "Урал"),
        ("Urals",),
        tuple(f"region:RU-{code}" for code in "BA CHE KGN ORE PER SVE".split()),
    ),
    "area:anatolia": (("Anatolia", "Анатолія", "Анатолия"), ("Asia Minor",), ("TR",)),
    "area:kola-peninsula": (
        ("the Kola Peninsula", "Кольський півострів", "Кольский полуостров"),
        ("Kola Peninsula",),
        ("region:RU-MUR",),
    ),
    "area:altai": (("Altai", "Алтай", "Алтай"), (), ("region:RU-AL", "region:RU-ALT")),
    "area:alps": (("the Alps", "Альпи", "Альпы"), ("Alps",), ("point:46.5,10.0",)),
    "area:arctic": (("the Arctic", "Арктика", "Арктика"), ("Arctic",), ("point:78.0,40.0",)),
    "area:kuril-islands": (
        ("Kuril Islands", "Курильські острови", "Курильские острова"),
        ("Kurils", "Курили", "Курилы", "South Kurils", "Південні Курили", "Южные Курилы"),
        ("point:46.5,151.5",),
    ),
    "area:halychyna": (
        ("Halychyna", "Галичина", "Галичина"),
        (),
        ("region:UA-26", "region:UA-46", "region:UA-61"),
    ),
    "area:podillia": (("Podillia", "Поділля", "Подолье"), (), ("region:UA-05", "region:UA-68")),
    "area:polissia": (
        ("Polissia", "Полісся", "Полесье"),
        (),
        ("region:UA-07", "region:UA-18", "region:UA-56", "region:UA-74"),
    ),
    "area:prychornomoria": (
        ("Prychornomoria", "Причорномор'я", "Причерноморье"),
        (),
        ("region:UA-48", "region:UA-51", "region:UA-65"),
    ),
    "area:pryazovia": (
        ("the Azov coast", "Приазов'я", "Приазовье"),
        ("Pryazovia", "Azov coast", "Приазов’я", "Приазовʼя"),
        ("region:UA-14", "region:UA-23"),
    ),
    "area:snake-island": (
        ("Snake Island", "острів Зміїний", "остров Змеиный"),
        ("Zmiinyi Island", "Зміїний", "Змеиный"),
        ("region:UA-51",),
    ),
    "area:kinburn-spit": (
        ("Kinburn Spit", "Кінбурнська коса", "Кинбурнская коса"),
        ("Kinburn Peninsula",),
        ("region:UA-48",),
    ),
    "area:bessarabia": (("Bessarabia", "Бессарабія", "Бессарабия"), (), ("MD", "region:UA-51")),
    "area:carpathians": (
        ("the Carpathians", "Карпати", "Карпаты"),
        ("Carpathians", "Carpathian Mountains", "Українські Карпати", "Украинские Карпаты"),
        ("region:UA-21", "region:UA-26", "region:UA-46", "region:UA-77"),
    ),
    "area:silicon-valley": (
        ("Silicon Valley", "Кремнієва долина", "Кремниевая долина"),
        ("Силіконова долина", "Силиконовая долина"),
        ("point:37.39,-122.06", "in:US"),
    ),
    "area:golan-heights": (
        ("Golan Heights", "Голанські висоти", "Голанские высоты"),
        (),
        ("point:33.0,35.8",),
    ),
    "area:sinai": (
        ("Sinai Peninsula", "Синайський півострів", "Синайский полуостров"),
        ("Sinai", "Синай"),
        ("point:29.5,33.8", "in:EG"),
    ),
    "area:eastern-ghouta": (
        ("Eastern Ghouta", "Східна Гута", "Восточная Гута"),
        ("Ghouta", "East Ghouta"),
        ("point:33.55,36.45", "in:SY"),
    ),
}
"""Areas larger than a country or region: (their names in English, Ukrainian and Russian;
other names; what they cover: countries by ISO code, regions by key, or a whole continent as
``continent:XX``). A sea, or a territory no region of ours covers (Nagorno-Karabakh, South
Ossetia), covers nothing: it is news where a story names it ("a tanker hit in the Black
Sea"), placed at its ``point:LAT,LON``, and, with ``in:XX``, within a country (Eastern
Ghouta is Syria's news too). An area covering one country's regions only is that
country's (Donbas, Siberia)."""


LANDMARKS: dict[str, tuple[str, ...]] = {
    "city:701822": ("Azovstal", "Азовсталь"),  # Mariupol's steel works, the siege of 2022
    "city:709276": (  # Enerhodar: Europe's largest nuclear power plant
        "ZNPP", "ЗАЕС", "ЗАЭС", "Zaporizhzhia NPP", "Zaporizhzhia nuclear power plant",
        "Zaporizhzhia Nuclear Power Plant", "Запорізька АЕС", "Запорожская АЭС",
    ),
    "city:700261": ("Хмельницька АЕС", "Хмельницкая АЭС", "Khmelnytskyi NPP"),  # Netishyn
    "city:8341919": ("Рівненська АЕС", "Ровенская АЭС", "Rivne NPP"),  # Varash
    "city:7525990": (  # Pivdennoukrainsk
        "Південноукраїнська АЕС", "Южноукраинская АЭС", "South Ukraine NPP",
    ),
    # Kyiv's central square and street, where its protests and mourning gather
    "city:703448": (
        "Майдан Незалежності", "Майдан", "Хрещатик", "Майдан Незалежности", "Крещатик",
        "Maidan Nezalezhnosti", "Maidan", "Khreshchatyk",
    ),
    "city:687700": ("ДніпроГЕС", "ДнепроГЭС", "Dnipro HPP", "Dnipro Hydroelectric Station"),
    "city:706448": (  # Kherson: the bridge over the Dnipro
        "Антонівський міст", "Антоновский мост", "Antonivskyi Bridge", "Antonivsky Bridge",
    ),
    # Airports named otherwise than their cities
    "city:2643743": (
        "Heathrow", "Хітроу", "Хитроу", "Gatwick", "Гатвік", "Гатвик", "Stansted",
        "Greater London",  # the county the city fills (see bot.geo.counties)
    ),
    "city:2964574": ("County Dublin", "Co Dublin", "Co. Dublin"),  # likewise Dublin's
    "city:2759794": ("Schiphol", "Схіпхол", "Схипхол"),
    "city:4887398": (
        "O'Hare International Airport", "O’Hare International Airport", "O'Hare Airport",
        "O’Hare Airport",
    ),
    "city:524901": (
        "Sheremetyevo", "Шереметьєво", "Шереметьево", "Vnukovo", "Внуково",
        "Кремль", "Kremlin",  # Moscow's seat of power: "у Кремлі", "в Кремле"
    ),
    "city:2988507": ("Charles de Gaulle Airport", "Roissy-Charles de Gaulle"),
    "city:1850147": ("Haneda",),
    "city:6167865": ("Pearson International Airport", "Pearson Airport"),
    "city:6094817": ("Macdonald-Cartier International Airport",),
    # Universities named otherwise than their towns, or like a town elsewhere
    "city:5128581": (
        "LaGuardia", "JFK Airport", "JFK International Airport", "Columbia University",
    ),
    "city:4140963": (
        "Dulles International Airport", "Dulles Airport", "Reagan National Airport",
        "Georgetown University",
    ),
    "city:5159537": ("Kent State University", "Kent State"),  # Kent, Ohio
    "city:2650628": ("Durham University",),  # Durham, England
    "city:4347778": ("Johns Hopkins University", "Johns Hopkins Hospital"),  # Baltimore
    "city:4509884": ("Wright State University",),  # Dayton
}  # fmt: skip
"""Sites the news names instead of the town they lie in, by the town's key: a follower of
Enerhodar (and of its region) hears of "ЗАЕС", one of Mariupol of "Азовсталь"; Ukraine's
nuclear power plants are their towns', not the cities their adjectives name ("Хмельницька
АЕС" stands in Netishyn); airports named otherwise than their cities are theirs
("Heathrow", "Шереметьєво"), and so are universities named otherwise than their towns or
like a town elsewhere ("Columbia University" is New York's, not Columbia, South Carolina;
"Kent State" Kent, Ohio's, not Kent, England); the Kremlin is Moscow's ("у Кремлі", "в Кремле"; like
"Moscow said", "Кремль заявив" is its government, see the tagger); Kyiv's Maidan and
Khreshchatyk are Kyiv's ("на Майдані", "на Хрещатику" were a village of 900 people).
Chornobyl's is left out: a town of 1,500 people needs the support small towns need (see the
tagger)."""


def version() -> str:
    """A digest of these tables, so that editing them builds the gazetteer again."""
    tables = (US_STATES, COUNTRY_NAMES, COUNTRY_ABBREVIATIONS, AREAS, LANDMARKS)
    return hashlib.sha256(repr(tables).encode()).hexdigest()[:12]
