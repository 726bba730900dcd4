from __future__ import annotations

import json

import pytest

from eventcode.tables import TABLES, column_specs, polars_schema, schema_text

from .conftest import ROOT


@pytest.mark.parametrize("table", sorted(TABLES))
def test_committed_schemas_match_the_models(table: str) -> None:
    path = ROOT / "schemas" / f"{table}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(table), f"run `eventcode schema` to regenerate {path}"


def test_contract_columns_and_types() -> None:
    events = {s.name: s for s in column_specs("events")}
    assert events["cameo_code"].kind == "string" and events["cameo_code"].required
    assert events["event_date"].kind == "date" and not events["event_date"].required
    assert events["quad_class"].minimum == 1 and events["quad_class"].maximum == 4
    assert events["latitude"].minimum == -90
    schema = polars_schema("mentions")
    assert list(schema)[:5] == ["mention_id", "event_id", "doc_id", "sentence_index", "sentence"]
    assert json.loads(schema_text("documents"))["properties"]["status"]["enum"] == ["ok", "error"]


def test_mention_records_are_built_in_the_record_s_column_order() -> None:
    from eventcode.dataset import MENTION_RECORD, RECORD_ORDER

    assert tuple(MENTION_RECORD) == RECORD_ORDER
