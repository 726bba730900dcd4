"""The rules that tie a dataset together: what the coder guarantees between fields, rows and tables.

An edited, truncated or mixed-up dataset breaks at least one of them:

- each event's derived fields agree with its CAMEO code (root, label, QuadClass, Goldstein, ACLED
  types and interaction), its place (country name) and its key (``event_id`` is the hash of
  date, actors, code and country, as ``eventcode.dataset`` computes it);
- mentions agree with their event (code and actors), their document (``mention_id``, which must
  not have failed) and their sentence (offsets span the sentence text);
- events agree with their mentions (``num_mentions``, ``num_documents``, ``first_doc_id`` is the
  earliest mentioning document) and are not dated after it;
- documents agree with their mentions (``n_mentions``, ``n_sentences``) and with their status.

Each rule yields ``Problem`` rows naming table, 1-based row, column, the value and the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from eventcode.acled import DISORDER, acled_type, event_types
from eventcode.cameo import cameo_codes
from eventcode.countries import country_names
from eventcode.dataset import event_id

MAX_PROBLEMS_PER_RULE = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """One violation: table, 1-based data row (None for a whole column or table), column, value, rule."""

    table: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.table}\trow {row}\t{self.column or '-'}\t{self.value!r}\t{self.rule}"


def _report(frame: pl.DataFrame, table: str, column: str, rule: str) -> Iterator[Problem]:
    """Problems from a frame of offending rows with columns ``row``, ``value`` and optional ``expected``."""
    for row in frame.head(MAX_PROBLEMS_PER_RULE).iter_rows(named=True):
        value = row["value"]
        fields = {**row, "expected": "null" if row.get("expected") is None else row["expected"]}
        yield Problem(table, row["row"], column, None if value is None else str(value), rule.format(**fields))


def _has(frame: pl.DataFrame | None, *columns: str) -> bool:
    return frame is not None and set(columns) <= set(frame.columns)


def _cameo_lookup() -> pl.DataFrame:
    rows = []
    for code, known in cameo_codes().items():
        acled = acled_type(code)
        rows.append(
            {
                "cameo_code": code,
                "root": known.root,
                "label": known.label,
                "quad": known.quad_class,
                "gold": known.goldstein,
                "acled_type": acled[0] if acled else None,
                "acled_sub": acled[1] if acled else None,
                "acled_disorder": DISORDER[acled[0]] if acled else None,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "cameo_code": pl.String, "root": pl.String, "label": pl.String, "quad": pl.Int64, "gold": pl.Float64,
            "acled_type": pl.String, "acled_sub": pl.String, "acled_disorder": pl.String,
        },
    )


def event_rules(events: pl.DataFrame) -> Iterator[Problem]:
    """Check the fields of each event that follow from its code, its place and its key.

    Parameters
    ----------
    events
        The events table, typed (cells that did not cast are null).

    Yields
    ------
    Problem
        One per disagreeing cell (at most ``MAX_PROBLEMS_PER_RULE`` per rule).
    """
    if "cameo_code" not in events.columns:
        return
    indexed = events.with_row_index("row", offset=1).join(_cameo_lookup(), on="cameo_code", how="inner")
    if _has(indexed, "acled_inter1", "acled_inter2"):
        # The actors can change the ACLED type of a code (acled.event_types): expect that.
        combos = indexed.select("cameo_code", "acled_inter1", "acled_inter2").unique()
        adjusted = []
        for code, inter1, inter2 in combos.iter_rows():
            found = event_types(code, inter1, inter2)
            adjusted.append((code, inter1, inter2, *(found or (None, None)), DISORDER[found[0]] if found else None))
        table = pl.DataFrame(
            adjusted,
            schema={
                "cameo_code": pl.String, "acled_inter1": indexed.schema["acled_inter1"], "acled_inter2": indexed.schema["acled_inter2"],
                "adj_type": pl.String, "adj_sub": pl.String, "adj_disorder": pl.String,
            },
            orient="row",
        )
        indexed = (
            indexed.join(table, on=["cameo_code", "acled_inter1", "acled_inter2"], how="left", nulls_equal=True)
            .with_columns(acled_type=pl.col("adj_type"), acled_sub=pl.col("adj_sub"), acled_disorder=pl.col("adj_disorder"))
            .drop("adj_type", "adj_sub", "adj_disorder")
        )
    derived = [
        ("cameo_root", "root", "must be {expected}, the root of cameo_code {cameo_code}"),
        ("cameo_label", "label", "must be {expected!r}, the label of cameo_code {cameo_code}"),
        ("quad_class", "quad", "must be {expected} for cameo_code {cameo_code}"),
        ("acled_event_type", "acled_type", "must be {expected} for cameo_code {cameo_code}"),
        ("acled_sub_event_type", "acled_sub", "must be {expected} for cameo_code {cameo_code}"),
        ("acled_disorder_type", "acled_disorder", "must be {expected} for cameo_code {cameo_code}"),
    ]
    for column, lookup, rule in derived:
        if column in indexed.columns:
            bad = indexed.filter(pl.col(column).ne_missing(pl.col(lookup)))
            yield from _report(bad.select("row", "cameo_code", value=column, expected=lookup), "events", column, rule)
    if "goldstein" in indexed.columns:
        bad = indexed.filter((pl.col("goldstein") - pl.col("gold")).abs() > 1e-9)
        yield from _report(
            bad.select("row", "cameo_code", value="goldstein", expected="gold"),
            "events",
            "goldstein",
            "must be {expected} for cameo_code {cameo_code}",
        )
    yield from _interaction_rule(events)
    yield from _country_rule(events)
    yield from _event_id_rule(events)


def _interaction_rule(events: pl.DataFrame) -> Iterator[Problem]:
    if not _has(events, "acled_inter1", "acled_inter2", "acled_interaction"):
        return
    low = pl.min_horizontal("acled_inter1", "acled_inter2")
    high = pl.max_horizontal("acled_inter1", "acled_inter2")
    both = pl.col("acled_inter1").is_not_null() & pl.col("acled_inter2").is_not_null()
    expected = pl.when(both).then(low * 10 + high).when(low.is_not_null()).then(low * 10).otherwise(None)
    checked = events.with_row_index("row", offset=1).with_columns(expected=expected)
    bad = checked.filter(pl.col("acled_interaction").ne_missing(pl.col("expected")))
    yield from _report(
        bad.select("row", value="acled_interaction", expected="expected"),
        "events",
        "acled_interaction",
        "must be {expected}, from acled_inter1 and acled_inter2",
    )


def _country_rule(events: pl.DataFrame) -> Iterator[Problem]:
    if not _has(events, "country", "country_iso3"):
        return
    names = pl.DataFrame(
        {"country_iso3": list(country_names()), "expected": list(country_names().values())},
        schema={"country_iso3": pl.String, "expected": pl.String},
    )
    checked = events.select("country", "country_iso3").with_row_index("row", offset=1)
    checked = checked.join(names, on="country_iso3", how="left", nulls_equal=False)
    known = pl.col("country_iso3").is_null() | pl.col("country_iso3").is_in(names["country_iso3"].implode())
    bad = checked.filter(known & pl.col("country").ne_missing(pl.col("expected")))
    yield from _report(
        bad.select("row", value="country", expected="expected"), "events", "country", "must be {expected}, the name of country_iso3"
    )


def _event_id_rule(events: pl.DataFrame) -> Iterator[Problem]:
    key = ("event_id", "event_date", "source_code", "target_code", "cameo_code", "country_iso3")
    if not _has(events, *key):
        return
    reported = 0
    for row, (eid, day, source, target, code, iso3) in enumerate(events.select(key).iter_rows(), start=1):
        if eid is None or code is None:
            continue
        expected = event_id((day.isoformat() if day else "", source or "", target or "", code, iso3 or ""))
        if eid != expected:
            yield Problem(
                "events", row, "event_id", eid,
                f"must be {expected}, the hash of event_date, source_code, target_code, cameo_code and country_iso3",
            )
            reported += 1
            if reported >= MAX_PROBLEMS_PER_RULE:
                return


def cross_table_rules(frames: dict[str, pl.DataFrame]) -> Iterator[Problem]:
    """Check that events, mentions and documents agree with each other (see the module docstring).

    Parameters
    ----------
    frames
        The typed tables by name; a rule whose tables or columns are missing is skipped (their
        absence is reported elsewhere).

    Yields
    ------
    Problem
        One per disagreeing cell (at most ``MAX_PROBLEMS_PER_RULE`` per rule).
    """
    events, mentions, documents = frames.get("events"), frames.get("mentions"), frames.get("documents")
    if _has(events, "event_id", "num_mentions", "num_documents") and _has(mentions, "event_id", "doc_id"):
        assert events is not None and mentions is not None
        yield from _event_mention_rules(events, mentions)
    if _has(mentions, "doc_id") and _has(documents, "doc_id"):
        assert mentions is not None and documents is not None
        yield from _mention_document_rules(mentions, documents)
    if _has(events, "event_id", "event_date", "first_doc_id") and _has(documents, "doc_id", "doc_date"):
        assert events is not None and documents is not None
        yield from _first_document_rules(events, documents, mentions)
    if mentions is not None:
        yield from _mention_rules(mentions)
    if documents is not None:
        yield from _document_rules(documents, mentions)


def _event_mention_rules(events: pl.DataFrame, mentions: pl.DataFrame) -> Iterator[Problem]:
    known = events.get_column("event_id").implode()
    dangling = mentions.select(value="event_id").with_row_index("row", offset=1).filter(~pl.col("value").is_in(known))
    yield from _report(dangling, "mentions", "event_id", "must refer to an event in events.event_id")
    counts = mentions.group_by("event_id").agg(n=pl.len(), docs=pl.col("doc_id").n_unique())
    joined = events.with_row_index("row", offset=1).join(counts, on="event_id", how="left")
    joined = joined.with_columns(pl.col("n").fill_null(0), pl.col("docs").fill_null(0))
    for column, actual, what in (("num_mentions", "n", "mention(s)"), ("num_documents", "docs", "document(s) mentioning it")):
        bad = joined.filter(pl.col(column) != pl.col(actual))
        yield from _report(
            bad.select("row", "event_id", value=column, expected=actual),
            "events",
            column,
            "must equal the {expected} " + what + " of event {event_id} in mentions",
        )
    # A mention is coded as its event: the same code and actors (they are the event's key).
    for column in ("cameo_code", "source_code", "target_code"):
        if column not in events.columns or column not in mentions.columns:
            continue
        paired = mentions.select("event_id", column).with_row_index("row", offset=1).join(
            events.select("event_id", pl.col(column).alias("expected")), on="event_id", how="inner"
        )
        bad = paired.filter(pl.col(column).ne_missing(pl.col("expected")))
        yield from _report(
            bad.select("row", "event_id", value=column, expected="expected"),
            "mentions",
            column,
            "must be {expected}, the " + column + " of event {event_id}",
        )


def _mention_document_rules(mentions: pl.DataFrame, documents: pl.DataFrame) -> Iterator[Problem]:
    indexed = mentions.select(value="doc_id").with_row_index("row", offset=1)
    dangling = indexed.filter(~pl.col("value").is_in(documents.get_column("doc_id").implode()))
    yield from _report(dangling, "mentions", "doc_id", "must refer to a document in documents.doc_id")
    if "status" in documents.columns:
        failed = documents.filter(pl.col("status") == "error").get_column("doc_id").implode()
        bad = indexed.filter(pl.col("value").is_in(failed))
        yield from _report(bad, "mentions", "doc_id", "must not refer to a document whose status is error")


def _first_document_rules(events: pl.DataFrame, documents: pl.DataFrame, mentions: pl.DataFrame | None) -> Iterator[Problem]:
    dated = events.select("event_id", "event_date", "first_doc_id").with_row_index("row", offset=1).join(
        documents.select(pl.col("doc_id").alias("first_doc_id"), "doc_date"), on="first_doc_id", how="left"
    )
    missing = dated.filter(~pl.col("first_doc_id").is_in(documents.get_column("doc_id").implode()))
    yield from _report(missing.select("row", value="first_doc_id"), "events", "first_doc_id", "must refer to a document in documents.doc_id")
    late = dated.filter(pl.col("event_date") > pl.col("doc_date"))
    yield from _report(
        late.select("row", value="event_date", expected="doc_date"),
        "events",
        "event_date",
        "must not be after the document date {expected}",
    )
    if not _has(mentions, "event_id", "doc_id"):
        return
    assert mentions is not None
    # The earliest document (by date, undated last, then id) among those that mention the event.
    earliest = (
        mentions.select("event_id", "doc_id")
        .unique()
        .join(documents.select("doc_id", "doc_date"), on="doc_id", how="inner")
        .sort(["event_id", "doc_date", "doc_id"], nulls_last=True)
        .group_by("event_id", maintain_order=True)
        .first()
        .select("event_id", expected="doc_id")
    )
    checked = dated.join(earliest, on="event_id", how="inner").filter(pl.col("first_doc_id") != pl.col("expected"))
    yield from _report(
        checked.select("row", value="first_doc_id", expected="expected"),
        "events",
        "first_doc_id",
        "must be {expected}, the earliest document (by date, then id) that mentions the event",
    )


def _mention_rules(mentions: pl.DataFrame) -> Iterator[Problem]:
    indexed = mentions.with_row_index("row", offset=1)
    if _has(mentions, "mention_id", "doc_id", "sentence_index"):
        prefix = pl.concat_str(pl.col("doc_id"), pl.lit(":"), pl.col("sentence_index").cast(pl.String), pl.lit(":"))
        suffix = pl.col("mention_id").str.strip_prefix(prefix)
        bad = indexed.filter(~pl.col("mention_id").str.starts_with(prefix) | ~suffix.str.contains(r"^[0-9]+$"))
        yield from _report(
            bad.select("row", value="mention_id", expected=prefix + pl.lit("N")),
            "mentions",
            "mention_id",
            "must be {expected}: doc_id, sentence_index and position",
        )
    if _has(mentions, "sentence", "sentence_start", "sentence_end"):
        span = pl.col("sentence_end") - pl.col("sentence_start")
        bad = indexed.filter(span != pl.col("sentence").str.len_chars())
        yield from _report(
            bad.select("row", value="sentence_end", expected=pl.col("sentence_start") + pl.col("sentence").str.len_chars()),
            "mentions",
            "sentence_end",
            "must be {expected}: sentence_start plus the length of sentence",
        )


def _document_rules(documents: pl.DataFrame, mentions: pl.DataFrame | None) -> Iterator[Problem]:
    if not _has(documents, "doc_id", "status", "error", "n_sentences", "n_mentions"):
        return
    indexed = documents.with_row_index("row", offset=1)
    ok, failed = pl.col("status") == "ok", pl.col("status") == "error"
    for condition, column, rule in (
        (ok & pl.col("error").is_not_null(), "error", "must be empty when status is ok"),
        (failed & pl.col("error").is_null(), "error", "must say why when status is error"),
        (ok & pl.col("n_sentences").is_null(), "n_sentences", "must be given when status is ok"),
        (ok & pl.col("n_mentions").is_null(), "n_mentions", "must be given when status is ok"),
        (failed & pl.col("n_mentions").is_not_null(), "n_mentions", "must be empty when status is error"),
    ):
        yield from _report(indexed.filter(condition).select("row", value=column), "documents", column, rule)
    if not _has(mentions, "doc_id", "sentence_index"):
        return
    assert mentions is not None
    counts = mentions.group_by("doc_id").agg(n=pl.len(), last=pl.col("sentence_index").max())
    joined = indexed.filter(ok).join(counts, on="doc_id", how="left").with_columns(pl.col("n").fill_null(0))
    bad = joined.filter(pl.col("n_mentions") != pl.col("n"))
    yield from _report(
        bad.select("row", "doc_id", value="n_mentions", expected="n"),
        "documents",
        "n_mentions",
        "must equal the {expected} mention(s) of document {doc_id} in mentions",
    )
    bad = joined.filter(pl.col("last") >= pl.col("n_sentences"))
    yield from _report(
        bad.select("row", "doc_id", "last", value="n_sentences", expected=pl.col("last") + 1),
        "documents",
        "n_sentences",
        "must be at least {expected}: document {doc_id} has a mention in sentence {last} (counted from 0)",
    )
