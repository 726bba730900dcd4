"""From coded mentions to the three tables: merge mentions of one event, build typed frames.

Mentions merge into one event when they agree on date, source, target, event code and the place's
country; the event keeps the most precise place its mentions give, the highest casualty counts,
and the earliest document (by date, then id) as ``first_doc_id``. ``event_id`` is a hash of the
merge key, so it is the same in every run, whatever the order or batching of documents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from eventcode.acled import acled_fields
from eventcode.cameo import cameo_code
from eventcode.coder import CodedMention, DocumentResult
from eventcode.countries import country_name
from eventcode.read import DocIds
from eventcode.tables import polars_schema

EventKey = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Dataset:
    """The coded dataset: events, mentions and documents as typed polars frames."""

    events: pl.DataFrame
    mentions: pl.DataFrame
    documents: pl.DataFrame

    def tables(self) -> dict[str, pl.DataFrame]:
        return {"events": self.events, "mentions": self.mentions, "documents": self.documents}

    @property
    def counts(self) -> dict[str, int]:
        return {name: frame.height for name, frame in self.tables().items()}


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


def _frame(rows: list[dict[str, Any]], table: str) -> pl.DataFrame:
    schema = polars_schema(table)
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _doc_order(mention: CodedMention) -> tuple[date, str]:
    return (mention.doc_date or date.max, mention.doc_id)


def build_dataset(results: Iterable[DocumentResult], *, coder_version: str) -> Dataset:
    """Merge the mentions of coded documents into events and build the three tables.

    Parameters
    ----------
    results
        Coded documents (successful and failed). A repeated ``doc_id`` (possible when documents
        do not come from one ``read_documents`` call) is handled as the reader does: the first is
        kept, later ones become error rows ``ID#2``, ... and their mentions are dropped.
    coder_version
        Recorded in every event row.

    Returns
    -------
    Dataset
        Frames sorted by their ids, so output does not depend on input order.
    """
    groups: dict[EventKey, list[CodedMention]] = {}
    document_rows: list[dict[str, Any]] = []
    ids = DocIds()
    for result in results:
        doc = ids.claim(result.document)
        if doc is not result.document:
            result = DocumentResult(doc, error=doc.error)
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
        for mention in result.mentions:
            groups.setdefault(event_key(mention), []).append(mention)
    event_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for key, members in groups.items():
        eid = event_id(key)
        event_rows.append(_event_row(eid, members, coder_version))
        mention_rows.extend(_mention_row(eid, m) for m in members)
    events = _frame(event_rows, "events").sort("event_id")
    mentions = _frame(mention_rows, "mentions").sort(["doc_id", "sentence_index", "mention_id"])
    documents = _frame(document_rows, "documents").sort("doc_id")
    return Dataset(events, mentions, documents)


def _event_row(eid: str, members: list[CodedMention], coder_version: str) -> dict[str, Any]:
    members = sorted(members, key=lambda m: (*_doc_order(m), m.sentence.index, m.position))
    first = members[0]
    placed = [m for m in members if m.place is not None]
    best_place = min(placed, key=lambda m: m.place.precision).place if placed else None  # type: ignore[union-attr]
    precisions = [m.date_precision for m in members if m.date_precision]
    code = cameo_code(first.code)
    source, target = first.source, first.target
    fatalities = max((m.fatalities for m in members if m.fatalities is not None), default=None)
    injuries = max((m.injuries for m in members if m.injuries is not None), default=None)
    acled = acled_fields(first.code, source, target, best_place.country_iso3 if best_place else None)
    return {
        "event_id": eid,
        "event_date": first.event_date,
        "date_precision": min(precisions, key=["day", "week", "month", "year"].index) if precisions else None,
        "source_code": source.code if source else None,
        "source_name": source.name if source else None,
        "source_country": source.country if source else None,
        "source_role": (source.roles or None) if source else None,
        "target_code": target.code if target else None,
        "target_name": target.name if target else None,
        "target_country": target.country if target else None,
        "target_role": (target.roles or None) if target else None,
        "cameo_code": code.code,
        "cameo_root": code.root,
        "cameo_label": code.label,
        "quad_class": code.quad_class,
        "goldstein": code.goldstein,
        **acled,
        "location": best_place.name if best_place else None,
        "admin1": best_place.admin1 if best_place else None,
        "country": country_name(best_place.country_iso3) if best_place and best_place.country_iso3 else None,
        "country_iso3": best_place.country_iso3 if best_place else None,
        "latitude": best_place.latitude if best_place else None,
        "longitude": best_place.longitude if best_place else None,
        "geo_precision": best_place.precision if best_place else None,
        "geonames_id": best_place.geonames_id if best_place else None,
        "fatalities": fatalities,
        "injuries": injuries,
        "num_mentions": len(members),
        "num_documents": len({m.doc_id for m in members}),
        "first_doc_id": first.doc_id,
        "coder_version": coder_version,
    }


def _mention_row(eid: str, mention: CodedMention) -> dict[str, Any]:
    return {
        "mention_id": mention.mention_id,
        "event_id": eid,
        "doc_id": mention.doc_id,
        "sentence_index": mention.sentence.index,
        "sentence": mention.sentence.text,
        "sentence_start": mention.sentence.start,
        "sentence_end": mention.sentence.end,
        "source_text": mention.source.text if mention.source else None,
        "verb_text": mention.verb_text,
        "target_text": mention.target.text if mention.target else None,
        "location_text": mention.location_text,
        "date_text": mention.date_text,
        "source_code": mention.source.code if mention.source else None,
        "cameo_code": mention.code,
        "target_code": mention.target.code if mention.target else None,
        "pattern_id": mention.pattern_id,
    }
