from __future__ import annotations

from eventcode.dictionary import (
    check_dictionary_files,
    default_dictionary_files,
    parse_dictionary_text,
)
from eventcode.lint import coverage, lint_entries


def _entries(kind: str, text: str):
    entries, problems = parse_dictionary_text(text, kind=kind, name=f"t.{kind}")
    assert not problems
    return entries


def test_codes_must_start_with_a_country_or_international_code() -> None:
    findings = lint_entries(_entries("actors", "Rebels | REB | |\nGondor | GONGOV | |\nUN | IGOUNO | |\n"))
    assert [(f.origin, f.level) for f in findings] == [("t.actors:1", "error"), ("t.actors:2", "error")]
    assert "no country" in findings[0].message and "neither" in findings[1].message


def test_shadowed_and_repeated_patterns() -> None:
    findings = lint_entries(_entries("verbs", "190 | {attack} +\n190 | {attack}  +\n195 | {attack} +\n"))
    assert [(f.origin, f.level) for f in findings] == [("t.verbs:2", "warning"), ("t.verbs:3", "error")]


def test_a_phrase_claimed_by_two_actors_is_a_warning_and_agents_that_disagree_an_error() -> None:
    findings = lint_entries(_entries("actors", "Iran | IRN | Persia |\nPersia Inc | IRNBUS | Persia |\n"))
    assert [(f.origin, f.level) for f in findings] == [("t.actors:2", "warning")]
    findings = lint_entries(_entries("agents", "MIL | troops\nCOP | troops\n"))
    assert [f.level for f in findings] == ["error"]


def test_the_defaults_are_clean_and_cover_every_cameo_code() -> None:
    entries, problems = check_dictionary_files(default_dictionary_files())
    assert not problems
    assert [f for f in lint_entries(entries) if f.level == "error"] == []
    report = coverage(entries)
    assert report.codes_covered == report.codes_total == 316
    assert report.actors > 2000 and report.agents > 100 and report.patterns > 5000 and report.discards > 20
