from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventcode.dictionary import (
    ActorEntry,
    load_dictionary,
    parse_dictionary_text,
    parse_pattern,
)
from eventcode.errors import DictionaryError
from eventcode.inflect import verb_forms
from eventcode.lexicon import Lexicon
from eventcode.tokens import tokenize

from .conftest import MINI


def test_actor_line_with_dated_codes() -> None:
    (entry,), problems = parse_dictionary_text(
        "Joe Biden | USAELI; USAGOV@2021-01-20..2025-01-19 | Biden | kind=person", kind="actors", name="t.actors"
    )
    assert not problems and isinstance(entry, ActorEntry)
    assert entry.code_on(date(2022, 1, 1)) == "USAGOV"
    assert entry.code_on(date(2026, 1, 1)) == "USAELI"
    assert entry.code_on(None) == "USAELI"


@pytest.mark.parametrize(
    ("kind", "line", "reason"),
    [
        ("actors", "Iran | irn | |", "must be CODE or CODE@"),
        ("actors", "Iran | IRNX | |", "3-letter blocks"),
        ("actors", "Iran | IRN | | colour=green", "unknown option 'colour'"),
        ("actors", "X | XXXGOV@2020-01-01..2021-01-01; XXXELI@2020-06-01.. | |", "overlap"),
        ("agents", "SOLDIER | soldiers", "role codes"),
        ("verbs", "999 | {attack} +", "not a CAMEO event code"),
        ("verbs", "190 | * attack +", "TABARI syntax"),
        ("verbs", "190 | {attack} <raid>", "exactly one head"),
    ],
)
def test_bad_lines_name_file_line_and_reason(kind: str, line: str, reason: str) -> None:
    entries, problems = parse_dictionary_text(f"# comment\n\n{line}\n", kind=kind, name=f"bad.{kind}")
    assert not entries
    assert len(problems) == 1
    assert problems[0].line == 3 and problems[0].path == f"bad.{kind}"
    assert reason in str(problems[0])


def test_loading_a_broken_user_dictionary_raises_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.verbs"
    bad.write_text("190 | {attack} +\n1900 | {attack} +\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"mine\.verbs:2"):
        load_dictionary([bad], defaults=False)


def test_pattern_parsing_and_specificity() -> None:
    pattern = parse_pattern("{conduct} airstrike(s) against|on +")
    assert pattern.head.words == ("conduct",) and not pattern.head.is_noun
    assert pattern.has_target and not pattern.has_source
    assert pattern.specificity > parse_pattern("{conduct} +").specificity


def test_verb_forms() -> None:
    assert verb_forms("strike") >= {"strike", "strikes", "struck", "striking"}
    assert verb_forms("deny") >= {"denies", "denied", "denying"}
    assert verb_forms("die") >= {"died", "dying"}


def test_user_dictionary_overrides_defaults(tmp_path: Path) -> None:
    override = tmp_path / "mine.actors"
    override.write_text("Quds Force | IRNSPY | | kind=org\n", encoding="utf-8")
    lexicon = Lexicon(load_dictionary([MINI, override], defaults=False))
    tokens = tokenize("Quds Force")
    end, (actor,) = lexicon.actors.longest_at(tokens, 0)
    assert end == 2 and actor.codes[0][0] == "IRNSPY"


def test_acronyms_match_only_in_capitals(mini_lexicon: Lexicon) -> None:
    assert mini_lexicon.actors.longest_at(tokenize("US forces"), 0) is not None
    assert mini_lexicon.actors.longest_at(tokenize("us forces"), 0) is None
