from __future__ import annotations

from eventcode.tokens import is_acronym, normalize, tokenize


def test_possessive_negation_and_abbreviations_are_tokens() -> None:
    keys = [t.key for t in tokenize("Iran’s IRGC didn’t attack U.S. forces at 4:00 p.m.; Kata’ib Hezbollah won't")]
    assert keys == ["iran", "'s", "irgc", "did", "not", "attack", "u.s.", "forces", "at", "4:00", "p.m.", ";", "kata'ib", "hezbollah", "will", "not"]


def test_offsets_point_into_the_text() -> None:
    text = "Iran-backed militants struck Tower 22."
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_normalize_and_acronyms() -> None:
    assert normalize("Kata’ib") == "kata'ib"
    assert is_acronym("US") and is_acronym("U.S.") and not is_acronym("Us") and not is_acronym("A")


def test_offsets_of_repeated_words_and_skipped_characters() -> None:
    # Repeated words, underscores and odd whitespace (skipped by the tokenizer) must not shift offsets.
    text = "talks_on talks\u00a0 on\ton__talks, Kata\u2019ib\u2019s talks"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["talks", "on", "talks", "on", "on", "talks", ",", "Kata\u2019ib", "\u2019s", "talks"]
    assert [t.start for t in tokens] == [0, 6, 9, 16, 19, 23, 28, 30, 37, 40]
    for token in tokens:
        assert text[token.start : token.end] == token.text


def test_leading_and_trailing_gaps() -> None:
    # Whitespace and "_" before the first token, after the last one or alone give no token and
    # shift no offset; a long trailing run is read once (not retried character by character).
    assert tokenize("") == [] and tokenize("  _\t\n") == []
    tokens = tokenize("\n _Iran  struck__ \u2003 ")
    assert [(t.text, t.start, t.end) for t in tokens] == [("Iran", 3, 7), ("struck", 9, 15)]
    tail = tokenize("Iran" + " _" * 100_000)
    assert [(t.text, t.start) for t in tail] == [("Iran", 0)]
