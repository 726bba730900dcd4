"""From coded mentions to the three tables: merge mentions of one event, build typed frames.

Every mention becomes a row that carries everything its event needs (the *mention record*, schema
``MENTION_RECORD``). Events are an aggregation of those rows, so one process, worker processes and
a Dask cluster, which write mention records in batches, all give the same events.

Mentions merge into one event when they agree on date, source, target, event code and the place's
country; the event keeps the values of its earliest mention (by document date, document id,
sentence and position), the most precise place its mentions give, the highest casualty counts, and
the earliest document as ``first_doc_id``. ``event_id`` is a hash of the merge key, so it is the
same in every run, whatever the order or batching of documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from eventcode.acled import ACLED_COLUMNS, acled_from_inter, inter_from
from eventcode.cameo import cameo_codes
from eventcode.coder import CodedMention, DocumentResult
from eventcode.countries import country_names
from eventcode.read import DocIds
from eventcode.tables import column_specs, polars_schema

EventKey = tuple[str, str, str, str, str]
_ACTOR_FIELDS = {"code": pl.String, "name": pl.String, "country": pl.String, "role": pl.String, "kind": pl.String}
# The mention record: the public mention columns plus what the event aggregation needs.
MENTION_RECORD: dict[str, pl.DataType] = {
    **polars_schema("mentions"),
    "doc_date": pl.Date(),
    "position": pl.Int64(),
    "event_date": pl.Date(),
    "date_precision": pl.String(),
    **{f"source_{k}": v() for k, v in _ACTOR_FIELDS.items() if k != "code"},
    **{f"target_{k}": v() for k, v in _ACTOR_FIELDS.items() if k != "code"},
    "location": pl.String(),
    "admin1": pl.String(),
    "country_iso3": pl.String(),
    "latitude": pl.Float64(),
    "longitude": pl.Float64(),
    "geo_precision": pl.Int64(),
    "geonames_id": pl.Int64(),
    "geo_method": pl.String(),
    "fatalities": pl.Int64(),
    "injuries": pl.Int64(),
}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


class Chunks:
    """A table too large to hold at once: frames made one at a time, in output order.

    Parameters
    ----------
    make
        Called once per pass; yields the table's frames in order.
    height
        The table's number of rows.
    schema
        The table's polars schema (for an empty table).
    """

    def __init__(self, make: Callable[[], Iterator[pl.DataFrame]], height: int, schema: dict[str, pl.DataType]) -> None:
        self._make = make
        self.height = height
        self.schema = schema

    def __iter__(self) -> Iterator[pl.DataFrame]:
        return self._make()

    def collect(self) -> pl.DataFrame:
        """The whole table in memory (for formats that cannot be written piecewise)."""
        frames = list(self)
        return pl.concat(frames) if frames else pl.DataFrame(schema=self.schema)


Table = pl.DataFrame | Chunks


@dataclass(frozen=True)
class Dataset:
    """The coded dataset: events, mentions and documents as typed polars frames (or, for corpora
    too large for memory, ``Chunks`` that produce the frames in order)."""

    events: Table
    mentions: Table
    documents: Table

    def tables(self) -> dict[str, Table]:
        return {"events": self.events, "mentions": self.mentions, "documents": self.documents}

    @property
    def counts(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self.tables().items()}

    def frame(self, name: str) -> pl.DataFrame:
        """One table in memory."""
        table = self.tables()[name]
        return table.collect() if isinstance(table, Chunks) else table


def event_key(mention: CodedMention) -> EventKey:
    """The fields that identify an event across mentions and documents."""
    return (
        mention.event_date.isoformat() if mention.event_date else "",
        mention.source.code if mention.source else "",
        mention.target.code if mention.target else "",
        mention.code,
        mention.place.country_iso3 or "" if mention.place else "",
    )


def event_id(key: EventKey) -> str:
    """A stable 16-hex-digit id for an event key."""
    return hashlib.sha256("|".join(key).encode("utf-8")).hexdigest()[:16]


def mention_records(results: Iterable[DocumentResult]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The mention records and document rows of coded documents (one batch)."""
    mention_rows: list[tuple[Any, ...]] = []
    document_rows: list[dict[str, Any]] = []
    for result in results:
        doc = result.document
        document_rows.append(
            {
                "doc_id": doc.doc_id,
                "path": doc.path,
                "url": doc.url,
                "title": doc.title,
                "doc_date": doc.doc_date,
                "n_sentences": result.n_sentences if result.ok else None,
                "n_mentions": len(result.mentions) if result.ok else None,
                "status": "ok" if result.ok else "error",
                "error": result.error,
                "sha256": doc.sha256 or None,
            }
        )
        mention_rows.extend(_mention_record(m) for m in result.mentions)
    if mention_rows:  # built by column: a third faster than polars reading rows
        columns = zip(*mention_rows, strict=True)
        records = pl.DataFrame([pl.Series(name, values, dtype=dtype) for (name, dtype), values in zip(MENTION_RECORD.items(), columns, strict=True)])
    else:
        records = pl.DataFrame(schema=MENTION_RECORD)
    return records, _frame(document_rows, polars_schema("documents"))


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _mention_record(mention: CodedMention) -> tuple[Any, ...]:
    """A mention's record: the values of ``MENTION_RECORD``'s columns, in its order (a tuple: a
    dictionary per mention was a tenth of a batch's time)."""
    source, target, place, sentence = mention.source, mention.target, mention.place, mention.sentence
    return (
        mention.mention_id,
        event_id(event_key(mention)),
        mention.doc_id,
        sentence.index,
        sentence.text,
        sentence.start,
        sentence.end,
        source.text if source else None,
        mention.verb_text,
        target.text if target else None,
        mention.location_text,
        mention.date_text,
        source.code if source else None,
        mention.code,
        target.code if target else None,
        mention.pattern_id,
        mention.doc_date,
        mention.position,
        mention.event_date,
        mention.date_precision,
        *((source.name, source.country, source.roles or None, source.kind) if source else (None,) * 4),
        *((target.name, target.country, target.roles or None, target.kind) if target else (None,) * 4),
        *(
            (place.name, place.admin1, place.country_iso3, place.latitude, place.longitude, place.precision, place.geonames_id, mention.geo_method)
            if place
            else (None,) * 8
        ),
        mention.fatalities,
        mention.injuries,
    )


# The order of _mention_record's values; a test checks it against MENTION_RECORD.
RECORD_ORDER = (
    "mention_id", "event_id", "doc_id", "sentence_index", "sentence", "sentence_start", "sentence_end",
    "source_text", "verb_text", "target_text", "location_text", "date_text", "source_code", "cameo_code",
    "target_code", "pattern_id", "doc_date", "position", "event_date", "date_precision",
    "source_name", "source_country", "source_role", "source_kind",
    "target_name", "target_country", "target_role", "target_kind",
    "location", "admin1", "country_iso3", "latitude", "longitude", "geo_precision", "geonames_id", "geo_method",
    "fatalities", "injuries",
)


_ORDER = ["doc_order_date", "doc_id", "sentence_index", "position"]
_FIRST = [
    "event_date",
    "source_code", "source_name", "source_country", "source_role", "source_kind",
    "target_code", "target_name", "target_country", "target_role", "target_kind",
    "cameo_code",
]
_PLACE = ["location", "admin1", "country_iso3", "latitude", "longitude", "geo_precision", "geonames_id", "geo_method"]


def aggregate_events(records: pl.LazyFrame, *, coder_version: str) -> pl.DataFrame:
    """Merge mention records into the events table (sorted by ``event_id``).

    Parameters
    ----------
    records
        Mention records (``MENTION_RECORD``) of every document, in any order.
    coder_version
        Recorded in every event row.
    """
    needed = ["event_id", "doc_date", "doc_id", "sentence_index", "position", "date_precision", "fatalities", "injuries", *_FIRST, *_PLACE]
    # Only the columns events need: the sentence texts would double the memory of the sort.
    ordered = (
        records.select(list(dict.fromkeys(needed)))
        .with_columns(pl.col("doc_date").fill_null(date.max).alias("doc_order_date"), pl.col("geo_precision").fill_null(9).alias("geo_rank"))
        .sort(_ORDER)
    )
    finest = pl.col("geo_rank").arg_min()  # the first mention (in _ORDER) of the finest place
    grouped = ordered.group_by("event_id").agg(
        *[pl.col(c).first() for c in _FIRST],
        pl.col("date_precision").replace_strict(_PRECISION_RANK, default=None).min().alias("precision_rank"),
        *[pl.col(c).get(finest) for c in _PLACE],
        pl.col("fatalities").max(),
        pl.col("injuries").max(),
        pl.len().cast(pl.Int64).alias("num_mentions"),
        pl.col("doc_id").n_unique().cast(pl.Int64).alias("num_documents"),
        pl.col("doc_id").first().alias("first_doc_id"),
    )
    events = grouped.collect()
    codes = cameo_codes()
    cameo = pl.DataFrame(
        {
            "cameo_code": list(codes),
            "cameo_root": [c.root for c in codes.values()],
            "cameo_label": [c.label for c in codes.values()],
            "quad_class": [c.quad_class for c in codes.values()],
            "goldstein": [c.goldstein for c in codes.values()],
        },
        schema={"cameo_code": pl.String, "cameo_root": pl.String, "cameo_label": pl.String, "quad_class": pl.Int64, "goldstein": pl.Float64},
    )
    events = (
        events.join(cameo, on="cameo_code", how="left")
        .join(_acled_columns(events), on=_ACLED_INPUTS, how="left", nulls_equal=True)
        .with_columns(
            pl.col("precision_rank").replace_strict({v: k for k, v in _PRECISION_RANK.items()}, default=None, return_dtype=pl.String).alias("date_precision"),
            pl.col("country_iso3").replace_strict(country_names(), default=None, return_dtype=pl.String).alias("country"),
            pl.lit(coder_version).alias("coder_version"),
        )
    )
    schema = polars_schema("events")
    return events.select([pl.col(name).cast(dtype) for name, dtype in schema.items()]).sort("event_id")


_ACLED_INPUTS = [
    "cameo_code", "source_code", "source_role", "source_kind", "source_country",
    "target_code", "target_role", "target_kind", "target_country", "country_iso3",
]


def _acled_columns(events: pl.DataFrame) -> pl.DataFrame:
    """ACLED fields for each distinct combination of their inputs. Each side's inter code is
    computed once per distinct actor and place country, the rest once per (CAMEO code, inter
    codes): a handful of Python calls per distinct actor, not per event.
    """
    combos = events.select(_ACLED_INPUTS).unique()
    inter_dtype = polars_schema("events")["acled_inter1"]
    for side in ("source", "target"):
        code, country = pl.col(f"{side}_code"), pl.col(f"{side}_country")
        # What decides an inter code (acled.inter_from): a few hundred combinations, not one per actor.
        decided = combos.with_columns(
            (code.fill_null("") != "").alias("present"),
            code.str.starts_with("IGO").or_(code.str.starts_with("NGO"), code.str.starts_with("IMG")).fill_null(False).alias("international"),
            pl.col(f"{side}_role").fill_null("").alias("roles"),
            pl.col(f"{side}_kind").alias("kind"),
            ((pl.col("country_iso3").fill_null("") != "") & (country.fill_null("") != "") & (country != pl.col("country_iso3")))
            .fill_null(False)
            .alias("foreign"),
        )
        keys = decided.select("present", "international", "roles", "kind", "foreign").unique()
        inters = [
            inter_from(international, roles, kind, foreign=foreign) if present else None
            for present, international, roles, kind, foreign in keys.iter_rows()
        ]
        keys = keys.with_columns(pl.Series(f"{side}_inter", inters, dtype=inter_dtype))
        combos = decided.join(keys, on=["present", "international", "roles", "kind", "foreign"], how="left", nulls_equal=True).drop(
            "present", "international", "roles", "kind", "foreign"
        )
    combos = combos.with_columns((pl.col("target_code").fill_null("") != "").alias("has_target"))
    keys = combos.select("cameo_code", "source_inter", "target_inter", "has_target").unique()
    schema = {"cameo_code": pl.String(), "source_inter": inter_dtype, "target_inter": inter_dtype, "has_target": pl.Boolean()}
    schema |= {name: polars_schema("events")[name] for name in ACLED_COLUMNS}
    rows = [
        {"cameo_code": cameo, "source_inter": inter1, "target_inter": inter2, "has_target": has_target}
        | acled_from_inter(cameo, inter1, inter2, has_target=has_target)
        for cameo, inter1, inter2, has_target in keys.iter_rows()
    ]
    fields = _frame(rows, schema)
    return combos.join(fields, on=["cameo_code", "source_inter", "target_inter", "has_target"], how="left", nulls_equal=True).select(
        *_ACLED_INPUTS, *ACLED_COLUMNS
    )


def public_mentions(records: pl.LazyFrame) -> pl.DataFrame:
    """The mentions table: the public columns of the mention records, sorted."""
    columns = [spec.name for spec in column_specs("mentions")]
    return records.sort(["doc_id", "sentence_index", "position"]).select(columns).collect()


def build_dataset(results: Iterable[DocumentResult], *, coder_version: str) -> Dataset:
    """Merge the mentions of coded documents into events and build the three tables.

    Parameters
    ----------
    results
        Coded documents (successful and failed).
    coder_version
        Recorded in every event row.

    Returns
    -------
    Dataset
        Frames sorted by their ids, so output does not depend on input order.
    """
    records, documents = mention_records(_unique_ids(results))
    return dataset_from_records(records.lazy(), documents.lazy(), coder_version=coder_version)


def _unique_ids(results: Iterable[DocumentResult]) -> Iterable[DocumentResult]:
    """A repeated ``doc_id`` (possible when documents do not come from one ``read_documents``
    call) is handled as the reader does: the first is kept, later ones become error rows ``ID#2``,
    ... and their mentions are dropped.
    """
    ids = DocIds()
    for result in results:
        doc = ids.claim(result.document)
        yield result if doc is result.document else DocumentResult(doc, error=doc.error)


def dataset_from_records(records: pl.LazyFrame, documents: pl.LazyFrame, *, coder_version: str) -> Dataset:
    """Build the three tables from mention records and document rows (from one batch or many)."""
    return Dataset(
        events=aggregate_events(records, coder_version=coder_version),
        mentions=public_mentions(records),
        documents=documents.sort("doc_id").collect(),
    )
