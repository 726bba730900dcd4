from __future__ import annotations

from eventcode.segment import split_sentences


def texts(doc: str) -> list[str]:
    return [s.text for s in split_sentences(doc)]


def test_abbreviations_do_not_split() -> None:
    doc = (
        "At 4:00 p.m. (EST) Feb. 02, U.S. Central Command (CENTCOM) forces conducted airstrikes. "
        "Lt. Gen. Smith and Sen. Jones met Mr. Brown. It ended."
    )
    assert texts(doc) == [
        "At 4:00 p.m. (EST) Feb. 02, U.S. Central Command (CENTCOM) forces conducted airstrikes.",
        "Lt. Gen. Smith and Sen. Jones met Mr. Brown.",
        "It ended.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    doc = "“Our response began today,” Biden said. “It will continue.” Kirby added more."
    assert texts(doc) == ["“Our response began today,” Biden said.", "“It will continue.”", "Kirby added more."]


def test_us_can_end_a_sentence_before_an_opener() -> None:
    assert texts("Troops returned to the U.S. The move ended the mission.") == [
        "Troops returned to the U.S.",
        "The move ended the mission.",
    ]


def test_offsets_slice_the_document() -> None:
    doc = "  First one here.\n\nSecond one, with U.S. forces. Third!  "
    for sentence in split_sentences(doc):
        assert doc[sentence.start : sentence.end] == sentence.text


def test_paragraph_break_splits_unless_text_continues_lowercase() -> None:
    assert texts("Heading without period\n\nBody starts here.") == ["Heading without period", "Body starts here."]
    assert texts("But\n\nadministration officials were clear.") == ["But\n\nadministration officials were clear."]
