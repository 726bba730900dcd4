"""Scoring coded output against a gold set: precision, recall and F1 of (source, target, code).

Gold format (JSONL, one sentence or article per line; CSV with the same columns and one event per
row also works): ``{"id": "g0001", "date": "2024-02-02", "text": "...", "events": [{"source":
"USAMIL", "target": "IRNMIL", "code": "195", "event_date": "2024-02-02", "country": "IRQ"}],
"split": "dev"}``. ``events: []`` means the sentence states no event. Predictions are an output
folder of ``eventcode code`` run on the same file (``doc_id`` = gold ``id``).

Variants: ``strict`` (full codes), ``country`` (actors compared by their first block, the country
or international code), ``root`` (event codes compared by CAMEO root), ``country+root``.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from eventcode.errors import InputError
from eventcode.tables import polars_schema

Triple = tuple[str, str, str]
VARIANTS: dict[str, Callable[[Triple], Triple]] = {
    "strict": lambda t: t,
    "country": lambda t: (t[0][:3], t[1][:3], t[2]),
    "root": lambda t: (t[0], t[1], t[2][:2]),
    "country+root": lambda t: (t[0][:3], t[1][:3], t[2][:2]),
}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str
    code: str
    event_date: str | None = None
    country: str | None = None

    @property
    def triple(self) -> Triple:
        return (self.source, self.target, self.code)


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    events: tuple[GoldEvent, ...]
    split: str = "dev"


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores by variant, by CAMEO root (strict codes, root-level match) and by split; date and place accuracy."""

    variants: dict[str, Score] = field(default_factory=dict)
    by_root: dict[str, Score] = field(default_factory=dict)
    by_split: dict[str, Score] = field(default_factory=dict)
    no_event_correct: int = 0
    no_event_total: int = 0
    date_correct: int = 0
    date_total: int = 0
    place_correct: int = 0
    place_total: int = 0
    items: int = 0

    def format(self) -> str:
        """A plain-text table of the report."""
        lines = [f"gold items: {self.items}"]
        lines.append(f"{'variant':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
        for name, s in self.variants.items():
            lines.append(f"{name:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        lines.append("by split (strict):")
        for name, s in sorted(self.by_split.items()):
            lines.append(f"  {name:<12}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        lines.append("by CAMEO root (actors strict, code by root):")
        for root, s in sorted(self.by_root.items()):
            lines.append(f"  {root:<12}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
        if self.no_event_total:
            lines.append(f"no-event sentences correctly left empty: {self.no_event_correct}/{self.no_event_total}")
        if self.date_total:
            lines.append(f"event dates correct (matched events with a gold date): {self.date_correct}/{self.date_total}")
        if self.place_total:
            lines.append(f"event countries correct (matched events with a gold country): {self.place_correct}/{self.place_total}")
        return "\n".join(lines)


def read_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold file (JSONL or CSV); raise InputError naming the line of a bad record."""
    path = Path(path)
    items: list[GoldItem] = []
    if path.suffix == ".csv":
        grouped: dict[str, list[GoldEvent]] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                events = grouped.setdefault(row["id"], [])
                if row.get("code"):
                    events.append(GoldEvent(row.get("source") or "", row.get("target") or "", row["code"], row.get("event_date") or None, row.get("country") or None))
        return [GoldItem(k, tuple(v)) for k, v in grouped.items()]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            events = tuple(
                GoldEvent(e.get("source") or "", e.get("target") or "", str(e["code"]), e.get("event_date"), e.get("country"))
                for e in record["events"]
            )
            items.append(GoldItem(str(record["id"]), events, record.get("split", "dev")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{number}: bad gold record ({exc}); see eventcode/evaluate.py for the format") from None
    return items


@dataclass(frozen=True, slots=True)
class _Predicted:
    triple: Triple
    event_date: str | None
    country: str | None


def read_predictions(folder: str | Path) -> dict[str, list[_Predicted]]:
    """Predicted events per document from an output folder (mentions joined to events)."""
    folder = Path(folder)
    if (folder / "mentions.parquet").exists():
        mentions = pl.read_parquet(folder / "mentions.parquet")
        events = pl.read_parquet(folder / "events.parquet")
    elif (folder / "mentions.csv").exists():
        mentions = pl.read_csv(folder / "mentions.csv", schema=polars_schema("mentions"))
        events = pl.read_csv(folder / "events.csv", schema=polars_schema("events"))
    else:
        raise InputError(f"{folder}: no mentions.parquet or mentions.csv; pass the --out folder of `eventcode code`")
    joined = mentions.select("doc_id", "event_id").unique().join(
        events.select("event_id", "source_code", "target_code", "cameo_code", "event_date", "country_iso3"), on="event_id"
    ).sort("doc_id", "event_id")
    predicted: dict[str, list[_Predicted]] = {}
    seen: set[tuple[str, Triple]] = set()
    for doc_id, _eid, source, target, code, when, country in joined.iter_rows():
        triple = (source or "", target or "", code)
        # One prediction per (document, triple): events that differ only by place count once.
        if (doc_id, triple) in seen:
            continue
        seen.add((doc_id, triple))
        predicted.setdefault(doc_id, []).append(_Predicted(triple, when.isoformat() if when else None, country))
    return predicted


def _match(gold: Iterable[Triple], pred: Iterable[Triple]) -> tuple[int, int, int]:
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


def evaluate(gold: list[GoldItem], predicted: dict[str, list[_Predicted]]) -> Report:
    """Score predictions against gold items."""
    report = Report(variants={name: Score() for name in VARIANTS}, items=len(gold))
    for item in gold:
        preds = predicted.get(item.id, [])
        for name, norm in VARIANTS.items():
            tp, fp, fn = _match((norm(e.triple) for e in item.events), (norm(p.triple) for p in preds))
            score = report.variants[name]
            score.tp, score.fp, score.fn = score.tp + tp, score.fp + fp, score.fn + fn
        split = report.by_split.setdefault(item.split, Score())
        tp, fp, fn = _match((e.triple for e in item.events), (p.triple for p in preds))
        split.tp, split.fp, split.fn = split.tp + tp, split.fp + fp, split.fn + fn
        _score_roots(report, item, preds)
        if not item.events:
            report.no_event_total += 1
            report.no_event_correct += not preds
        for event in item.events:
            match = next((p for p in preds if p.triple == event.triple), None)
            if match is None:
                continue
            if event.event_date:
                report.date_total += 1
                report.date_correct += match.event_date == event.event_date
            if event.country:
                report.place_total += 1
                report.place_correct += any(p.country == event.country for p in preds if p.triple == event.triple)
    return report


def _score_roots(report: Report, item: GoldItem, preds: list[_Predicted]) -> None:
    norm = VARIANTS["root"]
    gold = Counter(norm(e.triple) for e in item.events)
    pred = Counter(norm(p.triple) for p in preds)
    for triple in set(gold) | set(pred):
        score = report.by_root.setdefault(triple[2], Score())
        tp = min(gold[triple], pred[triple])
        score.tp += tp
        score.fp += pred[triple] - tp
        score.fn += gold[triple] - tp
