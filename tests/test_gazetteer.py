"""Tests of the shipped gazetteer and its loader (no network)."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pycountry
import pytest

from eventcode.gazetteer import (
    DEFAULT_GAZETTEER_PATH,
    DEFAULT_SITES_PATH,
    NORMALIZATION_VERSION,
    SITES_COLUMNS,
    Gazetteer,
    Place,
    normalize_place_name,
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    start = time.perf_counter()
    loaded = Gazetteer.load()
    print(f"Gazetteer.load(): {time.perf_counter() - start:.3f} s, {loaded!r}")
    return loaded


def test_loads_the_shipped_files(gaz: Gazetteer) -> None:
    assert DEFAULT_GAZETTEER_PATH.name == "gazetteer.parquet"
    assert DEFAULT_GAZETTEER_PATH.is_file() and DEFAULT_SITES_PATH.is_file()
    assert DEFAULT_GAZETTEER_PATH.stat().st_size < 8_000_000
    assert gaz.metadata["eventcode.normalization_version"] == NORMALIZATION_VERSION
    assert "GeoNames" in gaz.metadata["eventcode.sources"]
    assert len(gaz) > 150_000
    explicit = Gazetteer.load(DEFAULT_GAZETTEER_PATH, sites_path=DEFAULT_SITES_PATH)
    assert len(explicit) == len(gaz)


def test_load_is_fast() -> None:
    Gazetteer.load()  # warm the page cache and imports
    start = time.perf_counter()
    Gazetteer.load()
    elapsed = time.perf_counter() - start
    print(f"warm Gazetteer.load(): {elapsed:.3f} s")
    assert elapsed < 2.0  # typically ~0.3 s; generous for slow CI machines


def test_tower_22_within_5_km(gaz: Gazetteer) -> None:
    place = gaz.lookup("Tower 22")[0]
    assert place.feature == "site" and place.source == "sites.tsv"
    assert place.country_iso3 == "JOR" and place.precision == 1
    assert _km(place.latitude, place.longitude, 33.314, 38.703) < 5.0


def test_every_iso_country_has_a_representative_point(gaz: Gazetteer) -> None:
    codes = [c.alpha_3 for c in pycountry.countries] + ["XKX"]
    for code in codes:
        place = gaz.country(code)
        assert place is not None, code
        assert place.feature == "country" and place.precision == 3
        assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180
    assert len(list(gaz.countries())) == len(codes)
    assert gaz.country("xkx") == gaz.country("XKX")
    assert gaz.country("ZZZ") is None


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Russia", "RUS"),
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Ivory Coast", "CIV"),
        ("DR Congo", "COD"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("Palestine", "PSE"),
        ("U.S.", "USA"),
    ],
)
def test_countries_by_news_names(gaz: Gazetteer, name: str, iso3: str) -> None:
    first = gaz.lookup(name)[0]
    assert (first.feature, first.country_iso3) == ("country", iso3)


def test_tripoli_libya_before_lebanon(gaz: Gazetteer) -> None:
    cities = [p for p in gaz.lookup("Tripoli") if p.feature == "city"]
    countries = [p.country_iso3 for p in cities]
    assert "LBY" in countries and "LBN" in countries
    assert countries.index("LBY") < countries.index("LBN")
    assert cities[0].country_iso3 == "LBY"


def test_paris_is_france_first(gaz: Gazetteer) -> None:
    first = gaz.lookup("Paris")[0]
    assert first.country_iso3 == "FRA" and first.feature == "city"
    assert first.admin1_code == "FR-IDF"


def test_lookup_ignores_case_diacritics_and_apostrophes(gaz: Gazetteer) -> None:
    aleppo = [p.geonames_id for p in gaz.lookup("Aleppo")]
    assert aleppo
    for variant in ("ALEPPO", "aleppo", "Halab", "Ḥalab", "Ḩalab"):
        assert gaz.lookup(variant)[0].geonames_id == aleppo[0], variant
    sanaa = gaz.lookup("Sanaa")[0]
    assert gaz.lookup("Sana'a")[0] == sanaa == gaz.lookup("Sana’a")[0]
    assert sanaa.country_iso3 == "YEM"


@pytest.mark.parametrize(
    "word",
    [
        "Police",
        "police",
        "Mobile",
        "Nice",
        "Split",
        "Reading",
        "Most",
        "Of",
        "Man",
        "Syrian",
        "American",
        "Arab",
        "Kurdish",
        "US",
    ],
)
def test_common_words_and_demonyms_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) == []


def test_subdivisions(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kharkiv region")[0].admin1_code == "UA-63"
    assert gaz.lookup("Anbar")[0].admin1_code == "IQ-AN"
    assert gaz.lookup("Balochistan")[0].admin1_code == "PK-BA"
    # the bare name of a province named after its capital stays the city
    assert gaz.lookup("Aleppo")[0].feature == "city"
    assert gaz.lookup("Aleppo Governorate")[0].admin1_code == "SY-HL"
    kharkiv = gaz.lookup("Kharkiv")[0]
    assert kharkiv.feature == "city" and kharkiv.admin1_code == "UA-63"


def test_sites_table_is_curated_and_cited() -> None:
    lines = [
        line
        for line in DEFAULT_SITES_PATH.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert tuple(lines[0].split("\t")) == SITES_COLUMNS
    rows = [line.split("\t") for line in lines[1:]]
    assert len(rows) >= 60
    for row in rows:
        assert len(row) == len(SITES_COLUMNS), row
        assert row[7].strip(), f"{row[0]} cites no source"
        float(row[5]), float(row[6])


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("al-Tanf", "SYR"),
        ("Ain al-Asad", "IRQ"),
        ("Rukban camp", "SYR"),
        ("Jurf al-Sakhar", "IRQ"),
        ("Rafah crossing", "PSE"),
        ("Kerem Shalom", "ISR"),
        ("Zaporizhzhia nuclear power plant", "UKR"),
        ("Kerch Bridge", "UKR"),
        ("Bab al-Hawa", "SYR"),
        ("Guantanamo Bay", "CUB"),
        ("Camp Lemonnier", "DJI"),
        ("Al Udeid", "QAT"),
        ("Azovstal", "UKR"),
        ("Al-Hol camp", "SYR"),
    ],
)
def test_curated_sites_come_first(gaz: Gazetteer, name: str, iso3: str) -> None:
    first = gaz.lookup(name)[0]
    assert (first.feature, first.country_iso3) == ("site", iso3)


def test_names_and_max_tokens(gaz: Gazetteer) -> None:
    names = set(gaz.names())
    assert {"tower 22", "paris", "iran", "aleppo governorate"} <= names
    assert all(name == normalize_place_name(name) for name in ("tower 22", "paris"))
    longest = max(len(name.split()) for name in names)
    assert gaz.max_name_tokens() == longest >= 3


def test_normalize_place_name() -> None:
    assert normalize_place_name("Ḥalab") == "halab"
    assert normalize_place_name("  Al-Qa’im ") == "al qaim"
    assert normalize_place_name("Türkiye") == "turkiye"
    assert normalize_place_name("Łódź") == "lodz"
    assert normalize_place_name("U.S.") == "u.s."
    assert normalize_place_name("St. Louis") == "st louis"
    assert normalize_place_name("Bosnia & Herzegovina") == "bosnia and herzegovina"
    assert normalize_place_name("...") == ""


def test_place_is_frozen(gaz: Gazetteer) -> None:
    place = gaz.lookup("Paris")[0]
    assert isinstance(place, Place)
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]


def test_malformed_sites_table_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "sites.tsv"
    bad.write_text("name\tlatitude\nX\t1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        Gazetteer.load(sites_path=bad)
    row = "\t".join(["X", "", "FRA", "", "site", "91", "0", "me"])
    bad.write_text("\t".join(SITES_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="out of range"):
        Gazetteer.load(sites_path=bad)


def test_the_name_index_finds_every_name_before_and_after_pickling() -> None:
    import pickle

    from eventcode.gazetteer import _NameIndex

    names = ["paris", "a", "baghdad", "ab", "bagram", "pa", "b", "al qaim", "paris texas", "ba"]
    index = _NameIndex(names)
    assert index.get("bag") is None and index.get("z") is None and index.get("") is None
    assert [index.get(n) for n in names] == list(range(len(names)))
    copy = pickle.loads(pickle.dumps(index))
    assert copy._made == {}  # the dictionaries made so far are not pickled, only what makes them
    assert [copy.get(n) for n in names] == list(range(len(names)))
    assert list(index) == list(copy) == names  # in the order given
    assert len(copy) == len(names)
