"""Place finding, toponym resolution and the event's place, with real names across regions."""

from __future__ import annotations

from datetime import date

import pytest

from eventcode.gazetteer import Place
from eventcode.grammar import Context, code_sentence
from eventcode.place import GEO_METHODS, DocumentPlaces, PlaceMention, event_places, fallback_place
from eventcode.place_eval import evaluate_places, haversine_km, read_place_gold
from eventcode.tokens import tokenize

from .conftest import ROOT


@pytest.fixture(scope="module")
def find(coder):
    def run(text: str, doc: DocumentPlaces | None = None) -> list[PlaceMention]:
        tokens = tokenize(text)
        _, actors = code_sentence(coder.lexicon, tokens, text, sentence_index=0, day=None, context=Context())
        return coder.resolve_places(tokens, text, actors, doc if doc is not None else DocumentPlaces())

    return run


def _place(found: list[PlaceMention], name: str) -> PlaceMention:
    return next(m for m in found if name in m.text)


@pytest.mark.parametrize(
    ("text", "name", "iso3", "precision"),
    [
        # Middle East
        ("Israeli airstrikes hit residential buildings in Khan Younis overnight.", "Khan Younis", "PSE", 1),
        ("A U.S. drone strike in eastern Baghdad killed a commander.", "Baghdad", "IRQ", 1),
        ("Houthi rebels fired missiles from Sanaa.", "Sanaa", "YEM", 1),
        ("Government forces shelled towns in Deir ez-Zor.", "Deir ez-Zor", "SYR", 1),
        # Sahel
        ("Malian troops took control of Kidal from separatist rebels.", "Kidal", "MLI", 1),
        ("Attacks by armed groups have intensified in Mali's central Mopti region.", "Mopti region", "MLI", 2),
        ("Jihadists attacked an army post near Djibo.", "Djibo", "BFA", 1),
        # Ukraine and Russia
        ("Russian missiles struck an apartment block in Kharkiv region.", "Kharkiv region", "UKR", 2),
        ("Ukrainian drones set an oil depot ablaze in Russia's Kursk region.", "Kursk region", "RUS", 2),
        ("Wagner fighters claimed control of Bakhmut after months of fighting.", "Bakhmut", "UKR", 1),
        ("Shelling near the Zaporizhzhia nuclear power plant cut its power line.", "Zaporizhzhia nuclear power plant", "UKR", 1),
        # South Asia
        ("A suicide bomber struck a police station in Peshawar.", "Peshawar", "PAK", 1),
        ("Taliban fighters patrolled the streets of Kabul.", "Kabul", "AFG", 1),
        ("A blast killed worshippers at a mosque in Quetta.", "Quetta", "PAK", 1),
        # Latin America
        ("An ELN truck bomb struck a military base in Colombia's Arauca department.", "Arauca department", "COL", 2),
        ("Students marched through Santiago, the Chilean capital.", "Santiago", "CHL", 1),
        ("Gangs attacked a police station in Port-au-Prince.", "Port-au-Prince", "HTI", 1),
    ],
)
def test_places_across_regions(find, text: str, name: str, iso3: str, precision: int) -> None:
    mention = _place(find(text), name)
    assert (mention.place.country_iso3, mention.place.precision) == (iso3, precision), mention


@pytest.mark.parametrize(
    ("text", "name", "iso3", "method"),
    [
        ("Clashes broke out in the northern Lebanese city of Tripoli.", "Tripoli", "LBN", "gazetteer+country-context"),
        ("Militias clashed in Tripoli overnight.", "Tripoli", "LBY", "gazetteer-prior"),
        ("A tornado damaged homes in Paris, Texas, northeast of Dallas.", "Paris", "USA", "gazetteer+admin1-context"),
        ("Thousands marched in Paris against the pension reform.", "Paris", "FRA", None),
        ("Students at Queen's University in Kingston, Ontario, set up a protest camp.", "Kingston", "CAN", "gazetteer+admin1-context"),
        ("Dockworkers in Portland, Maine, joined the strike.", "Portland", "USA", "gazetteer+admin1-context"),
        ("Indirect talks between Iran and the United States resumed in Vienna.", "Vienna", "AUT", None),
        ("Russian troops entered Georgia in August 2008.", "Georgia", "GEO", None),
    ],
)
def test_ambiguous_names_follow_their_context(find, text: str, name: str, iso3: str, method: str | None) -> None:
    mention = _place(find(text), name)
    assert mention.place.country_iso3 == iso3, mention
    if method is not None:
        assert mention.method == method


def test_document_context_narrows_later_sentences(find) -> None:
    doc = DocumentPlaces()
    doc.add_places(find("Lebanon's army deployed troops in the north of Lebanon."))
    assert _place(find("Gunmen fired on a checkpoint in Tripoli.", doc), "Tripoli").place.country_iso3 == "LBN"


def test_admin1_named_elsewhere_narrows_a_town(find) -> None:
    doc = DocumentPlaces()
    doc.add_places(find("Russian shelling hit villages in Sumy region."))
    assert doc.admin1 == ["UA-59"]


@pytest.mark.parametrize("text", ["Syrian officials said the talks failed.", "The American envoy and Kurdish leaders met."])
def test_demonyms_and_common_words_never_become_places(find, text: str) -> None:
    assert [m for m in find(text) if m.locative] == []


def test_an_unknown_name_does_not_drop_the_others(find) -> None:
    found = find("Fighters attacked Zzyzxqville and then shelled Idlib.")
    assert [m.text for m in found if m.locative] == ["Idlib"]


def test_country_actors_are_places_only_after_a_preposition(find) -> None:
    found = find("Iran denied that it supplied weapons to militias in Iraq and Syria.")
    by_text = {m.text: m for m in found}
    assert not by_text["Iran"].locative
    assert by_text["Iraq"].locative and by_text["Syria"].locative
    assert {by_text["Iraq"].place.precision, by_text["Syria"].place.precision} == {3}
    assert by_text["Iraq"].method == "country-actor"


def test_tower_22_is_a_site_within_5_km(find) -> None:
    found = find("President Joe Biden ordered the strikes in response to the attack that struck Tower 22 in Jordan.")
    tower = _place(found, "Tower 22")
    assert tower.method == "site" and tower.place.precision == 1 and tower.place.country_iso3 == "JOR"
    assert haversine_km(tower.place.latitude, tower.place.longitude, 33.314, 38.703) < 5


def _mention(start: int, iso3: str, precision: int, *, admin1: str | None = None, locative: bool = True) -> PlaceMention:
    place = Place(iso3, iso3, None, admin1, 0.0, 0.0, "country" if precision == 3 else "city", None, None, precision, "t")
    return PlaceMention(start, start + 1, iso3, place, "gazetteer-prior", (place,), locative)


def test_event_places_prefer_the_clause_after_the_head_and_drop_containing_areas() -> None:
    tower, jordan = _mention(10, "JOR", 1), _mention(12, "JOR", 3)
    assert event_places([tower, jordan], 5, 6, (0, 20)) == [tower]
    iraq, syria = _mention(8, "IRQ", 3), _mention(10, "SYR", 3)
    assert event_places([iraq, syria], 5, 6, (0, 20)) == [iraq, syria]
    actor_only = _mention(8, "IRN", 3, locative=False)
    assert event_places([actor_only], 5, 6, (0, 20)) == []
    assert event_places([_mention(2, "IRQ", 3)], 5, 6, (0, 20))[0].place.country_iso3 == "IRQ"


def test_fallbacks_are_country_level_and_say_so(coder) -> None:
    doc = DocumentPlaces()
    assert fallback_place(coder.gazetteer, doc, None) is None
    place, _, method = fallback_place(coder.gazetteer, doc, "IRQ")  # type: ignore[misc]
    assert (place.country_iso3, place.precision, method) == ("IRQ", 3, "target-country-fallback")
    doc.add_places([_mention(0, "SYR", 1), _mention(3, "SYR", 1)])
    place, _, method = fallback_place(coder.gazetteer, doc, "IRQ")  # type: ignore[misc]
    assert (place.country_iso3, place.precision, method) == ("SYR", 3, "document-fallback")
    assert {"document-fallback", "target-country-fallback", "site", "country-actor"} <= set(GEO_METHODS)


def test_events_record_how_their_place_was_resolved(coder) -> None:
    text = "Protesters rallied in Khan Younis. Police arrested protesters."
    result = coder.code_text(text, doc_date=date(2024, 2, 2))
    methods = {m.geo_method for m in result.mentions}
    assert all(m.place is not None for m in result.mentions)
    assert methods <= set(GEO_METHODS)


def test_geocoding_gold_accuracy(coder) -> None:
    gold = read_place_gold(ROOT / "tests" / "gold" / "places.jsonl")
    assert len(gold) >= 150
    report = evaluate_places(coder, gold)
    print("\n" + report.format())
    assert report.resolution.country / report.resolution.n >= 0.88
    assert report.resolution.near / report.resolution.n_point >= 0.88
    assert report.resolution.precision / report.resolution.n >= 0.88


def test_world_regions_are_not_places(find) -> None:
    found = find("The U.S. does not seek a wider conflict in the Middle East or in West Africa.")
    assert [m for m in found if m.locative] == []


def test_weekdays_and_months_are_not_places(coder) -> None:
    from datetime import date

    result = coder.code_text("Iran freed a French reporter on Thursday.", doc_date=date(2024, 8, 1))
    assert all(m.place is None or m.place.country_iso3 != "AUS" for m in result.mentions)  # not Thursday Island
