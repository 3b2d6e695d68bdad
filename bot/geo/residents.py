"""What the people of a city, a state or a region are called, as a name of that place.

"Кияни провели ніч в укриттях", "харків'ян попередили", "москвичей предупредили", "Texans
braced for the storm": news of a city's people is news of the city for those who follow
it, as "Ukrainian drones" is Ukraine's (see :class:`bot.geo.tagger.Mention`, adjective
mentions). No library pairs cities with their residents' names, and the names are
irregular ("донеччани", "криворіжці", "сумчани"), so they are written here for the places
news of the war and of the English-speaking world names people by most: Ukraine's region
centres and frontline cities, Crimea, Russia's and Belarus's capitals and border cities,
the US states and the big English-speaking cities. Ukrainian and Russian names are given
by their dictionary form and inflected here by their regular patterns (every case, both
numbers, the feminine where it is regular); English ones in the plural, as news writes them.
"""

from __future__ import annotations

from collections.abc import Iterator

_UKRAINIAN_AND_RUSSIAN = {
    "city:703448": ("киянин", "киевлянин"),
    "city:706483": ("харків'янин харківець", "харьковчанин харьковец"),
    "city:698740": ("одесит", "одессит"),
    "city:702550": ("львів'янин", "львовянин"),
    "city:709930": ("дніпрянин", "днепрянин"),
    "city:687700": ("запоріжець", "запорожец"),
    "city:700569": ("миколаївець", "николаевец"),
    "city:706448": ("херсонець", "херсонец"),
    "city:692194": ("сумчанин", "сумчанин"),
    "city:710735": ("чернігівець", "черниговец"),
    "city:696643": ("полтавець полтавчанин", "полтавчанин полтавец"),
    "city:689558": ("вінничанин", "винничанин"),
    "city:686967": ("житомирянин", "житомирянин"),
    "city:695594": ("рівнянин рівненець", "ровенчанин ровенец"),
    "city:702569": ("лучанин", "лучанин"),
    "city:691650": ("тернополянин", "тернополянин"),
    "city:707471": ("франківець", "франковец"),
    "city:690548": ("ужгородець", "ужгородец"),
    "city:710719": ("чернівчанин", "черновчанин"),
    "city:706369": ("хмельничанин", "хмельничанин"),
    "city:710791": ("черкащанин черкасець", "черкассец черкасчанин"),
    "city:705812": ("кропивничанин", "кропивничанин"),
    "city:709717": ("донеччанин", "донетчанин дончанин"),
    "city:702658": ("луганчанин", "луганчанин"),
    "city:701822": ("маріуполець", "мариуполец"),
    "city:703845": ("криворіжець криворожанин", "криворожец криворожанин"),
    "city:704508": ("краматорчанин", "краматорчанин"),
    "city:713174": ("бахмутянин бахмутець", "бахмутянин бахмутец"),
    "city:693805": ("сімферополець", "симферополец"),
    "city:694423": ("севастополець", "севастополец"),
    "region:UA-43": ("кримчанин", "крымчанин"),
    "city:524901": ("москвич", "москвич"),
    "city:498817": ("петербуржець", "петербуржец"),
    "city:578072": ("бєлгородець", "белгородец"),
    "city:538560": ("курянин", "курянин"),
    "city:571476": ("брянець брянчанин", "брянец брянчанин"),
    "city:625144": ("мінчанин", "минчанин"),
    "city:627907": ("гомельчанин", "гомельчанин"),
    "city:629634": ("брестчанин", "брестчанин"),
    "city:627904": ("гродненець", "гродненец"),
    "city:620127": ("вітебчанин", "витебчанин"),
    "city:625665": ("могильовчанин", "могилевчанин"),
    # frontline and occupied towns of Ukraine
    "city:701404": ("мелітополець", "мелитополец"),
    "city:712451": ("бердянець", "бердянец"),
    "city:709276": ("енергодарець", "энергодарец"),
    "city:700051": ("нікополець", "никополец"),
    "city:697889": ("павлоградець", "павлоградец"),
    "city:704147": ("кременчужанин", "кременчужанин"),
    "city:712165": ("білоцерківець", "белоцерковец"),
    "city:711390": ("броварчанин", "броварчанин"),
    "city:707565": ("ірпінець", "ирпенец"),
    "city:711350": ("бучанець", "бучанец"),
    "city:700646": ("мукачівець", "мукачевец"),
    "city:690688": ("уманець", "уманец"),
    "city:707308": ("ізмаїлець", "измаилец"),
    "city:707292": ("ізюмчанин", "изюмчанин"),
    "city:703656": ("куп'янчанин", "купянчанин"),
    "city:693468": ("слов'янець", "славянец"),
    "city:704422": ("покровчанин", "покровчанин"),
    "city:702972": ("лисичанець", "лисичанец"),
    "city:691999": ("сєвєродончанин", "северодончанин"),
    "city:707753": ("горлівчанин", "горловчанин"),
    "city:702320": ("макіївчанин", "макеевчанин"),
    "city:705135": ("конотопець", "конотопец"),
    "city:699942": ("ніжинець", "нежинец"),
    "city:704617": ("ковельчанин", "ковельчанин"),
    "city:709611": ("дрогобичанин", "дрогобычанин"),
    "city:707099": ("калушанин", "калушанин"),
    "city:688533": ("ялтинець", "ялтинец"),
    "city:706524": ("керчанин", "керчанин"),
    # Russia's cities drones and the war's news name most
    "city:472045": ("воронежець", "воронежец"),
    "city:501175": ("ростовчанин", "ростовчанин"),
    "city:542420": ("краснодарець", "краснодарец"),
    "city:480562": ("туляк", "туляк"),
    "city:515012": ("орловець", "орловец"),
    "city:535121": ("липчанин", "липчанин"),
    "city:484646": ("тамбовчанин", "тамбовчанин"),
    "city:491687": ("смолянин", "смолянин"),
    "city:553915": ("калужанин", "калужанин"),
    "city:520555": ("нижньогородець", "нижегородец"),
    "city:498677": ("саратовець", "саратовец"),
    "city:472757": ("волгоградець", "волгоградец"),
    "city:1496747": ("новосибірець", "новосибирец"),
    "city:1486209": ("єкатеринбуржець", "екатеринбуржец"),
    "city:479561": ("уфимець", "уфимец"),
    "city:1508291": ("челябінець", "челябинец"),
    "city:1496153": ("омич", "омич"),
    "city:1489425": ("томич", "томич"),
    "city:1502026": ("красноярець", "красноярец"),
    "city:2023469": ("іркутянин", "иркутянин"),
    "city:2022890": ("хабаровчанин", "хабаровчанин"),
    "city:484907": ("таганрожець", "таганрожец"),
}
"""Each place's resident, in Ukrainian and in Russian, in the dictionary form (several where
news uses several: "харків'яни" and "харківці")."""

# The endings of each pattern: (what the dictionary form ends with and loses, the endings
# of the masculine and the plural, the endings of the feminine), per language.
_ENDINGS = {
    "uk": (
        ("нин", "н", "ин ина ину ином инові и - ам ами ах", "ка ки ці ку кою ок"),
        ("ець", "", "ець ця цю цем цеві ці ців цям цями цях", ""),
        ("ит", "ит", "- а у ом ові и ів ам ами ах", "ка ки ці ку кою ок"),
        ("ич", "ич", "- а у ем еві і ів ам ами ах", "ка ки ці ку кою ок"),
        ("як", "як", "- а у ом ові и ів ам ами ах", ""),
    ),
    "ru": (
        ("нин", "н", "ин ина ину ином ине е - ам ами ах", "ка ки ке ку кой ок"),
        ("ец", "", "ец ца цу цем це цы цев цам цами цах", ""),
        ("ит", "ит", "- а у ом е ы ов ам ами ах", "ка ки ке ку кой ок"),
        ("ич", "ич", "- а у ом е и ей ам ами ах", "ка ки ке ку кой ек"),
        ("як", "як", "- а у ом е и ов ам ами ах", ""),
    ),
}

ENGLISH = {
    "muscovites": "city:524901", "kyivans": "city:703448", "kievans": "city:703448",
    "londoners": "city:2643743", "parisians": "city:2988507", "berliners": "city:2950159",
    "new yorkers": "city:5128581", "chicagoans": "city:4887398",
    "angelenos": "city:5368361", "washingtonians": "city:4140963",
    "alabamians": "region:US-AL", "alaskans": "region:US-AK", "arizonans": "region:US-AZ",
    "arkansans": "region:US-AR", "californians": "region:US-CA",
    "coloradans": "region:US-CO", "floridians": "region:US-FL", "hawaiians": "region:US-HI",
    "idahoans": "region:US-ID", "illinoisans": "region:US-IL", "iowans": "region:US-IA",
    "kansans": "region:US-KS", "kentuckians": "region:US-KY", "louisianans": "region:US-LA",
    "louisianians": "region:US-LA", "mainers": "region:US-ME", "marylanders": "region:US-MD",
    "michiganders": "region:US-MI", "minnesotans": "region:US-MN",
    "mississippians": "region:US-MS", "missourians": "region:US-MO",
    "montanans": "region:US-MT", "nebraskans": "region:US-NE", "nevadans": "region:US-NV",
    "new jerseyans": "region:US-NJ", "new mexicans": "region:US-NM",
    "ohioans": "region:US-OH", "oklahomans": "region:US-OK", "oregonians": "region:US-OR",
    "pennsylvanians": "region:US-PA", "tennesseans": "region:US-TN", "texans": "region:US-TX",
    "utahns": "region:US-UT", "vermonters": "region:US-VT", "virginians": "region:US-VA",
    "west virginians": "region:US-WV", "wisconsinites": "region:US-WI",
    "albertans": "region:CA-AB", "british columbians": "region:CA-BC",
    "manitobans": "region:CA-MB", "ontarians": "region:CA-ON", "quebecers": "region:CA-QC",
    "dubliners": "city:2964574", "glaswegians": "city:2648579", "mancunians": "city:2643123",
    "liverpudlians": "city:2644210", "torontonians": "city:6167865",
    "montrealers": "city:6077243", "vancouverites": "city:6173331",
    "bostonians": "city:4930956", "philadelphians": "city:4560349",
    "sydneysiders": "city:2147714", "melburnians": "city:2158177",
    "odesans": "city:698740", "odessans": "city:698740", "odessites": "city:698740",
    "kharkivites": "city:706483",
}  # fmt: skip
"""English names of a city's or a state's people, in the plural (the singular is as often
an adjective: "a Texan oil firm"), by the place they name. Left out: "Georgians" (the
country's too), "Carolinians" (two states), "Hoosiers" (a team as often)."""

_APOSTROPHES = ("'", "’", "ʼ")


def cyrillic_forms() -> Iterator[tuple[str, str]]:
    """Every Ukrainian and Russian form of each place's resident's name (lower case, each
    apostrophe as written three ways), with the place's key: "кияни", "киянці", "харків’ян",
    "москвичей"."""
    for key, lemmas in _UKRAINIAN_AND_RUSSIAN.items():
        forms = {
            form.replace("'", apostrophe)
            for language, written in zip(("uk", "ru"), lemmas, strict=True)
            for lemma in written.split()
            for form in _inflected(lemma, language)
            for apostrophe in _APOSTROPHES
        }
        for form in sorted(forms):
            yield form, key


def _inflected(lemma: str, language: str) -> set[str]:
    """A resident's name in every case and number, by the first pattern its ending fits
    (an "л" before a dropped "е" softens: "маріуполець", "маріупольці", "мариупольцы")."""
    for ending, kept, masculine, feminine in _ENDINGS[language]:
        if lemma.endswith(ending):
            stem = lemma[: -len(ending)] + kept
            endings = [*masculine.split(), *feminine.split()]
            soft = ending in ("ець", "ец") and stem.endswith("л")
            return {
                stem + ("ь" if soft and e != ending else "") + ("" if e == "-" else e)
                for e in endings
            }
    return {lemma}
