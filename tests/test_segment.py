from __future__ import annotations

from eventcode.segment import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS, split_sentences


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


def test_an_over_long_sentence_comes_in_capped_pieces_that_keep_every_word() -> None:
    doc = "Start " + " ".join(f"w{i}" for i in range(1000)) + " end."
    pieces = list(split_sentences(doc))
    assert len(pieces) == -(-1002 // MAX_SENTENCE_WORDS)
    assert all(len(p.text.split()) <= MAX_SENTENCE_WORDS for p in pieces)
    assert [w for p in pieces for w in p.text.split()] == doc.split()
    assert [p.index for p in pieces] == list(range(len(pieces)))
    for piece in pieces:
        assert doc[piece.start : piece.end] == piece.text


def test_pieces_end_at_a_clause_mark_in_their_second_half() -> None:
    words = [f"w{i}" for i in range(2 * MAX_SENTENCE_WORDS)]
    words[MAX_SENTENCE_WORDS - 20] += ","  # in the second half of the first piece
    words[10] += ";"  # in the first half: too early to cut there
    first = next(split_sentences(" ".join(words) + "."))
    assert first.text.endswith(words[MAX_SENTENCE_WORDS - 20])


def test_a_huge_word_is_cut_at_the_character_cap() -> None:
    doc = "Iran met Iraq. " + "x" * (2 * MAX_SENTENCE_CHARS + 5) + " tail"
    pieces = list(split_sentences(doc))
    assert [len(p.text) for p in pieces] == [len("Iran met Iraq."), MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, len("xxxxx tail")]
    for piece in pieces:
        assert doc[piece.start : piece.end] == piece.text


def test_ordinary_sentences_are_not_cut() -> None:
    sentence = "On Monday, " + ", ".join(f"officials of country {i}" for i in range(25)) + " met in Geneva."
    assert len(sentence.split()) < MAX_SENTENCE_WORDS
    assert texts(sentence) == [sentence]
