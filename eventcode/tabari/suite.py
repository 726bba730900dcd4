"""TABARI's and PETRARCH's validation suites: read the records, code them, report the score.

- TABARI ``Validate.text``: records ``YYMMDD ID``, the text, then a ``/* ... */`` comment holding the
  expected events ``{ SRC / TGT / CODE }``; ``{+++}``, ``{---}`` and ``{###}`` mean no event, a
  ``-{...}`` is not expected, ``{ OPTION: KEY: VALUE }`` changes an option from that record on.
  The dictionaries are named in ``Validate.project`` beside the suite.
- PETRARCH ``PETR.UnitTest.records.xml``: ``<Sentence date id category>`` with ``<EventCoding
  sourcecode targetcode eventcode>`` (or ``noevents``/``error``) and ``<Text>``; the ``<Parse>`` is
  not used. The dictionaries are named in its ``<Environment>``.

A record is correct when the coded (source, target, code) set equals the expected set.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventcode.errors import InputError
from eventcode.tabari.matcher import TABARI_MINIMUM_WORDS, Compiled, Options, code_sentence
from eventcode.tabari.reader import (
    Dictionaries,
    read_actors,
    read_agents,
    read_discards,
    read_options,
    read_verbs,
)
from eventcode.tokens import tokenize

Triple = tuple[str, str, str]
_HEADER_RE = re.compile(r"^(\d{6,9})\s+(\S+)")  # YYMMDD, or YYYYMMDD under ``SET: YYYY``
# a ``{ OPTION: ... }`` whose ``}`` is missing ends at the line's end
_SPEC_RE = re.compile(r"(-?)\{([^{}\n]*)(?:\}|\*/|$)", re.MULTILINE)
_NO_EVENT = {"+++", "---", "###"}


@dataclass(slots=True)
class SuiteRecord:
    """One validation record: its id, date, text, expected events and option changes."""

    record_id: str
    day: date | None
    text: str
    expected: set[Triple] | None  # None: the record states no expectation (not scored)
    options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def category(self) -> str:
        return self.record_id.split("-", 1)[0] if "-" in self.record_id else self.record_id


@dataclass(slots=True)
class RecordResult:
    record: SuiteRecord
    coded: set[Triple]

    @property
    def missed(self) -> set[Triple]:
        return (self.record.expected or set()) - self.coded

    @property
    def extra(self) -> set[Triple]:
        return self.coded - (self.record.expected or set())

    @property
    def correct(self) -> bool:
        return not self.missed and not self.extra


@dataclass(slots=True)
class SuiteReport:
    """The score of a suite run: records correct, missed and extra events, by category."""

    name: str
    results: list[RecordResult]
    load_seconds: float
    code_seconds: float
    n_problems: int

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def n_correct(self) -> int:
        return sum(r.correct for r in self.results)

    def by_category(self) -> dict[str, tuple[int, int, int, int]]:
        """category -> (records, correct, missed events, extra events)."""
        table: dict[str, list[int]] = {}
        for result in self.results:
            row = table.setdefault(result.record.category, [0, 0, 0, 0])
            row[0] += 1
            row[1] += result.correct
            row[2] += len(result.missed)
            row[3] += len(result.extra)
        return {k: (v[0], v[1], v[2], v[3]) for k, v in sorted(table.items())}

    def format(self, *, failures: bool = True) -> str:
        lines = [
            f"{self.name}: {self.n_correct}/{self.total} records correct ({100 * self.n_correct / max(1, self.total):.1f}%)",
            f"missed events {sum(len(r.missed) for r in self.results)}, extra events {sum(len(r.extra) for r in self.results)}",
            f"dictionaries loaded in {self.load_seconds:.2f}s ({self.n_problems} line warning(s)); coded in {self.code_seconds:.2f}s",
            "",
            f"{'category':<12} {'records':>7} {'correct':>7} {'missed':>6} {'extra':>6}",
        ]
        for category, (n, ok, missed, extra) in self.by_category().items():
            lines.append(f"{category:<12} {n:>7} {ok:>7} {missed:>6} {extra:>6}")
        if failures:
            failed = [r for r in self.results if not r.correct]
            if failed:
                lines += ["", "failing records:"]
            for result in failed:
                missed = ", ".join("/".join(t) for t in sorted(result.missed)) or "-"
                extra = ", ".join("/".join(t) for t in sorted(result.extra)) or "-"
                lines.append(f"  {result.record.record_id}: missed {missed}; extra {extra}")
        return "\n".join(lines)


# Reading -----------------------------------------------------------------------------------------


def _yymmdd(text: str) -> date | None:
    """A record's date: ``YYMMDD`` (years before 30 are 20xx) or ``YYYYMMDD``; None when invalid."""
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        year = int(text[:2])
        return date(year + (2000 if year < 30 else 1900), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def read_tabari_records(path: str | Path) -> list[SuiteRecord]:
    """Parse a TABARI validation text file into records."""
    path = Path(path)
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the suite file: {exc}") from None
    records: list[SuiteRecord] = []
    header: tuple[str, str] | None = None
    body: list[str] = []
    comment: list[str] = []
    in_comment = False

    def close() -> None:
        if header is None:
            return
        records.append(_tabari_record(header, " ".join(body), "\n".join(comment)))

    for line in text.splitlines():
        if in_comment and _HEADER_RE.match(line):
            in_comment = False  # a comment left open ends at the next record
        if in_comment:
            before, end, _ = line.partition("*/")
            comment.append(before)
            in_comment = not end
            continue
        match = _HEADER_RE.match(line)
        if match and not line.startswith("#"):
            close()
            header = (match.group(1), match.group(2))
            body, comment = [], []
            continue
        if header is None or line.startswith("#"):
            continue
        if "/*" in line:
            before, _, after = line.partition("/*")
            body.append(before)
            inside, end, _ = after.partition("*/")
            comment.append(inside)
            in_comment = not end
            continue
        if not comment:
            body.append(line.strip())
    close()
    return records


def _tabari_record(header: tuple[str, str], text: str, comment: str) -> SuiteRecord:
    expected: set[Triple] | None = None
    options: list[tuple[str, str]] = []
    for negated, spec in _SPEC_RE.findall(comment):
        spec = spec.strip()
        if spec.upper().startswith("OPTION:"):
            key, _, value = spec[7:].strip().partition(":")
            options.append((key.strip().upper(), value.strip()))
            continue
        if negated:
            expected = expected if expected is not None else set()
            continue
        if spec.replace(" ", "") in _NO_EVENT:
            expected = expected if expected is not None else set()
            continue
        parts = [p.strip() for p in spec.split("/")]
        if len(parts) == 3 and all(parts):
            expected = expected if expected is not None else set()
            expected.add((parts[0], parts[1], parts[2]))
    return SuiteRecord(header[1], _yymmdd(header[0]), " ".join(text.split()), expected, options)


def read_petrarch_records(path: str | Path) -> tuple[list[SuiteRecord], dict[str, str]]:
    """Parse PETRARCH's unit-test XML: records and the ``<Environment>`` file names."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: cannot read the suite file: {exc}") from None
    environment = {child.tag: (child.text or "").strip() for child in root.find("Environment") or []}
    records: list[SuiteRecord] = []
    pending: list[tuple[str, str]] = []  # <Config> settings, applied from the next record on
    for sentence in root.iter():
        if sentence.tag == "Config":
            pending.append((sentence.get("option", ""), sentence.get("value", "")))
            continue
        if sentence.tag != "Sentence":
            continue
        expected: set[Triple] = set()
        for coding in sentence.findall("EventCoding"):
            source = (coding.get("sourcecode") or "").strip('"')
            target = (coding.get("targetcode") or "").strip('"')
            code = (coding.get("eventcode") or "").strip('"')
            if source and target and code:
                expected.add((source, target, code))
        raw_date = sentence.get("date", "")
        try:
            day = date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:8]))
        except ValueError:
            day = None
        text = " ".join((sentence.findtext("Text") or "").split())
        records.append(SuiteRecord(sentence.get("id", "?").strip(), day, text, expected, pending))
        pending = []
    return records, environment


# Dictionaries ------------------------------------------------------------------------------------


def tabari_suite_dictionaries(suite: Path) -> Dictionaries:
    """The dictionaries a TABARI suite names in its ``.project`` file (or the usual names)."""
    folder = suite.parent
    names = {"actors": "TABARI.Demo.actors", "verbs": "TABARI.Demo.verbs", "agents": "Validate.agents", "options": "Validate.options"}
    for project in folder.glob("*.project"):
        for line in project.read_text("utf-8", errors="replace").splitlines():
            match = re.match(r"<(actors|verbs|agents|options)file>\s*(\S+)", line.strip())
            if match:
                names[match.group(1)] = match.group(2)
    out = Dictionaries()
    readers = {"actors": read_actors, "verbs": read_verbs, "agents": read_agents, "options": read_options}
    for kind, name in names.items():
        file = folder / name
        if file.is_file():
            readers[kind](file, into=out)
    return out


def petrarch_suite_dictionaries(suite: Path, environment: dict[str, str]) -> Dictionaries:
    folder = suite.parent
    out = Dictionaries()
    for tag, reader in (("Verbfile", read_verbs), ("Actorfile", read_actors), ("Agentfile", read_agents), ("Discardfile", read_discards)):
        name = environment.get(tag)
        if name and (folder / name).is_file():
            reader(folder / name, into=out)
    return out


# Running -----------------------------------------------------------------------------------------


def _code_records(compiled: Compiled, records: list[SuiteRecord], options: Options) -> Iterator[RecordResult]:
    previous = None
    for record in records:
        for key, value in record.options:
            options.apply(key, value)
        if record.expected is None:
            continue
        forwarded = previous.forward() if previous is not None and options.forward else None
        result = code_sentence(compiled, tokenize(record.text), day=record.day, options=options, previous=forwarded)
        previous = result
        yield RecordResult(record, {(e.source, e.target, e.code) for e in result.events})


def run_tabari_suite(path: str | Path, *, dictionaries: Dictionaries | None = None) -> SuiteReport:
    """Run TABARI's validation suite and return its report."""
    path = Path(path)
    records = read_tabari_records(path)
    started = time.perf_counter()
    dictionaries = dictionaries or tabari_suite_dictionaries(path)
    compiled = Compiled.build(dictionaries)
    loaded = time.perf_counter()
    options = Options(minimum_words=TABARI_MINIMUM_WORDS)
    for key, value in dictionaries.options:
        options.apply(key, value)
    # The standard records end at FINAL-01; later ones need other settings or crashed TABARI.
    standard: list[SuiteRecord] = []
    for record in records:
        standard.append(record)
        if record.record_id.startswith("FINAL"):
            break
    results = list(_code_records(compiled, standard, options))
    return SuiteReport("TABARI Validate.text", results, loaded - started, time.perf_counter() - loaded, len(dictionaries.problems))


def run_petrarch_suite(path: str | Path, *, dictionaries: Dictionaries | None = None) -> SuiteReport:
    """Run PETRARCH's unit-test records and return the report."""
    path = Path(path)
    records, environment = read_petrarch_records(path)
    started = time.perf_counter()
    dictionaries = dictionaries or petrarch_suite_dictionaries(path, environment)
    compiled = Compiled.build(dictionaries)
    loaded = time.perf_counter()
    results = list(_code_records(compiled, records, Options.petrarch()))
    return SuiteReport("PETRARCH UnitTest records", results, loaded - started, time.perf_counter() - loaded, len(dictionaries.problems))


def category_counts(report: SuiteReport) -> Counter[str]:
    return Counter(r.record.category for r in report.results if not r.correct)
