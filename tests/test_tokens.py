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
