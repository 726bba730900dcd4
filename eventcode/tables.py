"""The dataset contract: one pydantic model per output table, the single source of truth.

The JSON Schemas in ``schemas/``, the polars/Parquet column types, the CSV reading types and the
validator's rules are all derived from these models.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

CAMEO_CODE = r"^[0-2][0-9]{1,3}$"
ISO3 = r"^[A-Z]{3}$"
ACTOR_CODE = r"^(?:[A-Z]{3})+$"

Req = Annotated[Any, "required"]  # marker only; requiredness is taken from the annotation


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventRecord(_Table):
    """One event: who did what to whom, when and where, merged over its mentions."""

    event_id: str = Field(description="Stable id: hash of date, actors, code and place; the same across runs.", min_length=1)
    event_date: date | None = Field(None, description="Date of the event (not of the article), ISO 8601.")
    date_precision: Literal["day", "week", "month", "year"] | None = Field(None, description="How precisely event_date is known.")
    source_code: str | None = Field(None, description="CAMEO actor code of the source (who acts), e.g. USAMIL.", pattern=ACTOR_CODE)
    source_name: str | None = Field(None, description="Name of the source actor.")
    source_country: str | None = Field(None, description="ISO 3166-1 alpha-3 country of the source.", pattern=ISO3)
    source_role: str | None = Field(None, description="CAMEO role codes of the source (MIL, GOV, REB, ...).")
    target_code: str | None = Field(None, description="CAMEO actor code of the target (who is acted upon).", pattern=ACTOR_CODE)
    target_name: str | None = Field(None, description="Name of the target actor.")
    target_country: str | None = Field(None, description="ISO 3166-1 alpha-3 country of the target.", pattern=ISO3)
    target_role: str | None = Field(None, description="CAMEO role codes of the target.")
    cameo_code: str = Field(description="CAMEO 1.1b3 event code, a string (\"043\" keeps its zero).", pattern=CAMEO_CODE)
    cameo_root: str = Field(description="CAMEO root code: the first two digits of cameo_code.", pattern=r"^[0-2][0-9]$")
    cameo_label: str = Field(description="Name of the CAMEO event code.")
    quad_class: int = Field(description="QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.", ge=1, le=4)
    goldstein: float = Field(description="Goldstein conflict-cooperation score of the code, -10 to 10.", ge=-10, le=10)
    acled_event_type: str | None = Field(None, description="ACLED event type, where the event is in ACLED's scope.")
    acled_sub_event_type: str | None = Field(None, description="ACLED sub-event type.")
    acled_disorder_type: str | None = Field(None, description="ACLED disorder type.")
    acled_inter1: int | None = Field(None, description="ACLED inter code of the source (1 state forces ... 8 external/other).", ge=0, le=8)
    acled_inter2: int | None = Field(None, description="ACLED inter code of the target.", ge=0, le=8)
    acled_interaction: int | None = Field(None, description="ACLED interaction code: the two inter codes, smaller first (e.g. 12).", ge=0, le=88)
    civilian_targeting: str | None = Field(None, description="ACLED civilian_targeting: \"Civilian targeting\" when civilians are the target of violence against civilians or explosions/remote violence, else null.")
    location: str | None = Field(None, description="Name of the event's place.")
    admin1: str | None = Field(None, description="First-level administrative division of the place.")
    country: str | None = Field(None, description="Country name of the place.")
    country_iso3: str | None = Field(None, description="ISO 3166-1 alpha-3 code of the place's country.", pattern=ISO3)
    latitude: float | None = Field(None, description="WGS84 latitude of the place.", ge=-90, le=90)
    longitude: float | None = Field(None, description="WGS84 longitude of the place.", ge=-180, le=180)
    geo_precision: int | None = Field(None, description="1 site or town, 2 district/region, 3 country.", ge=1, le=3)
    geo_method: str | None = Field(None, description="How the place was resolved: from the event's own words (site, gazetteer, country-actor, geocoder) or a fallback (document-fallback, target-country-fallback).")
    geonames_id: int | None = Field(None, description="GeoNames id of the place, where known.", ge=0)
    fatalities: int | None = Field(None, description="Deaths reported for the event (lower bound).", ge=0)
    injuries: int | None = Field(None, description="Injuries reported for the event (lower bound).", ge=0)
    num_mentions: int = Field(description="Number of mentions merged into this event.", ge=1)
    num_documents: int = Field(description="Number of documents that mention the event.", ge=1)
    first_doc_id: str = Field(description="The earliest document (by date, then id) that mentions the event.", min_length=1)
    coder_version: str = Field(description="eventcode version and dictionary digest that coded the event.", min_length=1)


class MentionRecord(_Table):
    """One statement of an event in one sentence of one document."""

    mention_id: str = Field(description="Id of the mention: document, sentence and position.", min_length=1)
    event_id: str = Field(description="The event this mention belongs to (events.event_id).", min_length=1)
    doc_id: str = Field(description="The document (documents.doc_id).", min_length=1)
    sentence_index: int = Field(description="Position of the sentence in the document, from 0.", ge=0)
    sentence: str = Field(description="The sentence text.")
    sentence_start: int | None = Field(None, description="Offset of the sentence's first character in the document text.", ge=0)
    sentence_end: int | None = Field(None, description="Offset just after the sentence's last character.", ge=0)
    source_text: str | None = Field(None, description="The words that named the source.")
    verb_text: str | None = Field(None, description="The words that named the event.")
    target_text: str | None = Field(None, description="The words that named the target.")
    location_text: str | None = Field(None, description="The words that named the place.")
    date_text: str | None = Field(None, description="The words that dated the event (null: the article date).")
    source_code: str | None = Field(None, description="Source actor code as coded in this mention.", pattern=ACTOR_CODE)
    cameo_code: str = Field(description="CAMEO event code of this mention.", pattern=CAMEO_CODE)
    target_code: str | None = Field(None, description="Target actor code as coded in this mention.", pattern=ACTOR_CODE)
    pattern_id: str | None = Field(None, description="The dictionary entry that fired (file:line or its id).")


class DocumentRecord(_Table):
    """One input document and what became of it."""

    doc_id: str = Field(description="Document id: the file stem or the record's id.", min_length=1)
    path: str | None = Field(None, description="The file the document came from.")
    url: str | None = Field(None, description="URL of the article, when given.")
    title: str | None = Field(None, description="Title of the article, when given.")
    doc_date: date | None = Field(None, description="Date of the article.")
    n_sentences: int | None = Field(None, description="Number of sentences coded.", ge=0)
    n_mentions: int | None = Field(None, description="Number of event mentions found.", ge=0)
    status: Literal["ok", "error"] = Field(description="ok: coded; error: could not be read or coded (see error).")
    error: str | None = Field(None, description="Why the document failed: file, line and problem.")
    sha256: str | None = Field(None, description="SHA-256 of the coded text.")


TABLES: dict[str, type[_Table]] = {"events": EventRecord, "mentions": MentionRecord, "documents": DocumentRecord}
PRIMARY_KEYS = {"events": "event_id", "mentions": "mention_id", "documents": "doc_id"}


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """What a column must hold, derived from a model field."""

    name: str
    kind: str  # "string", "integer", "number", "date"
    required: bool
    description: str
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    allowed: tuple[str, ...] | None = None
    min_length: int | None = None

    @property
    def polars_type(self) -> pl.DataType:
        return {"string": pl.String(), "integer": pl.Int64(), "number": pl.Float64(), "date": pl.Date()}[self.kind]


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """Strip ``| None`` from an annotation; return (type, nullable)."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


def column_specs(table: str) -> list[ColumnSpec]:
    """The columns of a table in order, with types and rules, from its pydantic model."""
    model = TABLES[table]
    specs = []
    for name, info in model.model_fields.items():
        base, _ = _base_type(info.annotation)
        allowed = None
        if typing.get_origin(base) is Literal:
            allowed = tuple(str(v) for v in typing.get_args(base))
            kind = "string"
        else:
            kind = {str: "string", int: "integer", float: "number", date: "date"}[base]
        rules: dict[str, Any] = {}
        for meta in info.metadata:
            for attr, key in (("ge", "minimum"), ("le", "maximum"), ("pattern", "pattern"), ("min_length", "min_length")):
                if getattr(meta, attr, None) is not None:
                    rules[key] = getattr(meta, attr)
        specs.append(
            ColumnSpec(name, kind, info.is_required(), info.description or "", allowed=allowed, **rules)
        )
    return specs


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """The polars schema of a table (used to build frames and to read CSV with explicit types)."""
    return {spec.name: spec.polars_type for spec in column_specs(table)}


def json_schema(table: str) -> dict[str, Any]:
    """The JSON Schema of one row of a table."""
    schema = TABLES[table].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://eventcode.invalid/schemas/{table}.schema.json"
    return schema


def schema_text(table: str) -> str:
    """The JSON Schema of a table as the exact text stored in ``schemas/``."""
    return json.dumps(json_schema(table), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write ``{events,mentions,documents}.schema.json`` into ``folder``; return the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLES:
        path = out / f"{table}.schema.json"
        path.write_text(schema_text(table), encoding="utf-8")
        paths.append(path)
    return paths
