"""The validator against a systematic table of mutations, applied to the CSV and the Parquet copy."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from eventcode.tables import polars_schema
from eventcode.validate import validate_dataset

Value = str | None | Callable[[pl.DataFrame, int], object]


def test_coded_seeds_validate_clean(seed_output: Path) -> None:
    assert validate_dataset([seed_output]) == []


def test_mini_output_validates_clean_and_has_what_the_mutations_need(mini_output: Path) -> None:
    assert validate_dataset([mini_output]) == []
    events = pl.read_parquet(mini_output / "events.parquet")
    assert events.filter(pl.col("num_documents") > 1).height >= 1
    assert events.filter(pl.col("latitude").is_not_null() & pl.col("acled_interaction").is_not_null()).height >= 1
    documents = pl.read_parquet(mini_output / "documents.parquet")
    assert set(documents["status"]) == {"ok", "error"}


@dataclass(frozen=True)
class Mutation:
    """Set ``table.column`` to ``value`` in the first row matching ``where``; expect ``rule``.

    ``value`` may be a function of the frame (as the format reads) and the row. The problem is
    expected in ``table``/``column`` at that row unless ``report`` names another (table, column).
    ``parquet_rule`` replaces ``rule`` for Parquet, where a value of the wrong type changes the
    column's type instead of one cell.
    """

    table: str
    column: str
    value: Value
    rule: str
    where: pl.Expr | None = None
    report: tuple[str, str] | None = None
    parquet_rule: str | None = None
    formats: tuple[str, ...] = ("csv", "parquet")


def _other_row(column: str) -> Callable[[pl.DataFrame, int], object]:
    return lambda frame, row: frame[column][0 if row else 1]


def _add(column: str, amount: int) -> Callable[[pl.DataFrame, int], object]:
    return lambda frame, row: str(int(frame[column][row]) + amount) if frame[column].dtype == pl.String else frame[column][row] + amount


MULTI_DOC = pl.col("num_documents") > 1
PLACED = pl.col("country_iso3").is_not_null()
ACLED = pl.col("acled_interaction").is_not_null()

MUTATIONS: dict[str, Mutation] = {
    # ranges
    "latitude>90": Mutation("events", "latitude", "123", "<= 90", PLACED),
    "latitude<-90": Mutation("events", "latitude", "-90.5", ">= -90", PLACED),
    "longitude<-180": Mutation("events", "longitude", "-181", ">= -180", PLACED),
    "longitude>180": Mutation("events", "longitude", "180.01", "<= 180", PLACED),
    "goldstein>10": Mutation("events", "goldstein", "11", "<= 10"),
    "goldstein<-10": Mutation("events", "goldstein", "-10.5", ">= -10"),
    "goldstein-wrong-for-code": Mutation("events", "goldstein", "3.4", "for cameo_code"),
    "quad_class>4": Mutation("events", "quad_class", "5", "<= 4"),
    "quad_class<1": Mutation("events", "quad_class", "0", ">= 1"),
    "quad_class-wrong-for-code": Mutation("events", "quad_class", "3", "must be 4 for cameo_code", pl.col("quad_class") == 4),
    "fatalities<0": Mutation("events", "fatalities", "-1", ">= 0"),
    "injuries<0": Mutation("events", "injuries", "-3", ">= 0"),
    "geo_precision>3": Mutation("events", "geo_precision", "4", "<= 3", PLACED),
    "geonames_id<0": Mutation("events", "geonames_id", "-7", ">= 0", PLACED),
    "acled_interaction>88": Mutation("events", "acled_interaction", "99", "<= 88", ACLED),
    "acled_interaction-wrong": Mutation("events", "acled_interaction", "11", "from acled_inter1 and acled_inter2", ACLED),
    "acled_event_type-wrong": Mutation("events", "acled_event_type", "Riots", "for cameo_code", ACLED),
    "num_mentions<1": Mutation("events", "num_mentions", "0", ">= 1"),
    "sentence_index<0": Mutation("mentions", "sentence_index", "-1", ">= 0"),
    # codes
    "cameo_code-unknown": Mutation("events", "cameo_code", "999", "CAMEO 1.1b3"),
    "cameo_code-pattern": Mutation("events", "cameo_code", "4a", "must match"),
    "cameo_root-disagrees": Mutation("events", "cameo_root", "00", "root of cameo_code"),
    "cameo_label-disagrees": Mutation("events", "cameo_label", "Praise", "the label of cameo_code"),
    "source_country-unknown": Mutation("events", "source_country", "XXX", "ISO 3166-1"),
    "target_country-unknown": Mutation("events", "target_country", "QQQ", "ISO 3166-1", pl.col("target_country").is_not_null()),
    "country_iso3-unknown": Mutation("events", "country_iso3", "ZZZ", "ISO 3166-1", PLACED),
    "country_iso3-lowercase": Mutation("events", "country_iso3", "irn", "must match", PLACED),
    "country-disagrees": Mutation("events", "country", "Atlantis", "the name of country_iso3", PLACED),
    "source_code-pattern": Mutation("events", "source_code", "usa", "must match"),
    "date_precision-unknown": Mutation("events", "date_precision", "hour", "must be one of day, week, month, year"),
    "status-unknown": Mutation("documents", "status", "fine", "must be one of ok, error"),
    # required
    "coder_version-empty": Mutation("events", "coder_version", None, "required"),
    "cameo_code-empty": Mutation("events", "cameo_code", None, "required"),
    "mention event_id-empty": Mutation("mentions", "event_id", None, "required"),
    # keys and references
    "event_id-duplicate": Mutation("events", "event_id", _other_row("event_id"), "must be unique"),
    "event_id-not-the-hash": Mutation("events", "event_id", "0123456789abcdef", "the hash of event_date"),
    "mention_id-duplicate": Mutation("mentions", "mention_id", _other_row("mention_id"), "must be unique"),
    "mention_id-foreign": Mutation("mentions", "mention_id", "zz:0:0", "doc_id, sentence_index and position"),
    "doc_id-duplicate": Mutation("documents", "doc_id", _other_row("doc_id"), "must be unique"),
    "mention-event-dangling": Mutation("mentions", "event_id", "0000000000000000", "must refer to an event"),
    "mention-doc-dangling": Mutation("mentions", "doc_id", "nope", "must refer to a document"),
    "first_doc_id-dangling": Mutation("events", "first_doc_id", "nope", "must refer to a document"),
    "first_doc_id-not-earliest": Mutation("events", "first_doc_id", "b", "the earliest document", MULTI_DOC),
    # counts
    "num_mentions-disagrees": Mutation("events", "num_mentions", "99", "must equal the"),
    "num_documents-disagrees": Mutation("events", "num_documents", "7", "must equal the"),
    "n_mentions-disagrees": Mutation("documents", "n_mentions", "42", "must equal the", pl.col("status") == "ok"),
    "n_sentences-too-few": Mutation("documents", "n_sentences", "1", "must be at least", pl.col("n_sentences") == 3),
    # agreement between tables and within rows
    "mention cameo_code-disagrees": Mutation("mentions", "cameo_code", "040", "the cameo_code of event", pl.col("cameo_code") != "040"),
    "mention source_code-disagrees": Mutation("mentions", "source_code", "GBR", "the source_code of event", pl.col("source_code") != "GBR"),
    "mention target_code-disagrees": Mutation("mentions", "target_code", None, "the target_code of event", pl.col("target_code").is_not_null()),
    "sentence_end-off": Mutation("mentions", "sentence_end", _add("sentence_end", 1), "sentence_start plus the length"),
    "sentence-edited": Mutation("mentions", "sentence", "Iran attacked.", "sentence_start plus the length", report=("mentions", "sentence_end")),
    "error-doc-with-mentions": Mutation(
        "documents", "status", "error", "must not refer to a document whose status is error", pl.col("n_mentions") > 0,
        report=("mentions", "doc_id"),
    ),
    "ok-doc-with-error": Mutation("documents", "error", "boom", "must be empty when status is ok", pl.col("status") == "ok"),
    "error-doc-without-reason": Mutation("documents", "error", None, "must say why", pl.col("status") == "error"),
    # dates
    "event_date-after-document": Mutation("events", "event_date", "2031-01-01", "after the document date", pl.col("event_date").is_not_null()),
    "doc_date-before-event": Mutation(
        "documents", "doc_date", "2020-01-01", "after the document date", pl.col("doc_id") == "a", report=("events", "event_date")
    ),
    # types
    "quad_class-text": Mutation("events", "quad_class", "two", "not a valid Int64", parquet_rule="type must be Int64"),
    "latitude-text": Mutation("events", "latitude", "north", "not a valid Float64", PLACED, parquet_rule="type must be Float64"),
    "event_date-impossible": Mutation(
        "events", "event_date", "2024-02-30", "not a valid Date", pl.col("event_date").is_not_null(), parquet_rule="type must be Date"
    ),
    "n_sentences-fraction": Mutation("documents", "n_sentences", "3.5", "not a valid Int64", parquet_rule="type must be Int64"),
    "fatalities-text": Mutation("events", "fatalities", "many", "not a valid Int64", parquet_rule="type must be Int64"),
}


def _copy_format(source: Path, out: Path, fmt: str) -> Path:
    out.mkdir()
    for table in ("events", "mentions", "documents"):
        shutil.copy(source / f"{table}.{fmt}", out)
    if fmt == "csv":
        shutil.copy(source / "datapackage.json", out)
    return out


def _cell(frame: pl.DataFrame, column: str, row: int, value: object) -> pl.DataFrame:
    dtype = frame.schema[column]
    try:
        if value is None or dtype == pl.String():
            literal = value
        elif dtype == pl.Date():
            literal = pl.Series([value]).str.to_date("%Y-%m-%d")[0]
        else:
            literal = pl.Series([value]).cast(dtype, strict=True)[0]
        typed = True
    except pl.exceptions.PolarsError:
        typed = False
    if not typed:  # a value the column's type cannot hold: the column becomes text
        frame = frame.with_columns(pl.col(column).cast(pl.String))
        dtype, literal = pl.String(), str(value)
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(literal, dtype=dtype)).otherwise(pl.col(column)).alias(column)
    )


def _apply(mutation: Mutation, folder: Path, fmt: str, reference: Path) -> int:
    """Apply a mutation to ``folder``'s copy of ``fmt``; return the mutated row (1-based)."""
    typed = pl.read_parquet(reference / f"{mutation.table}.parquet")
    matches = typed.with_row_index("row").filter(mutation.where) if mutation.where is not None else typed.with_row_index("row")
    assert matches.height, f"the mini dataset has no row for {mutation}"
    row = int(matches["row"][0])
    path = folder / f"{mutation.table}.{fmt}"
    frame = pl.read_csv(path, infer_schema=False) if fmt == "csv" else pl.read_parquet(path)
    value = mutation.value(frame, row) if callable(mutation.value) else mutation.value
    frame = _cell(frame, mutation.column, row, value)
    if fmt == "csv":
        frame.write_csv(path)
    else:
        frame.write_parquet(path)
    return row + 1


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("name", list(MUTATIONS))
def test_every_mutation_is_caught_with_row_and_column(mini_output: Path, tmp_path: Path, name: str, fmt: str) -> None:
    mutation = MUTATIONS[name]
    if fmt not in mutation.formats:
        pytest.skip(f"{name} cannot be written as {fmt}")
    folder = _copy_format(mini_output, tmp_path / "out", fmt)
    row = _apply(mutation, folder, fmt, mini_output)
    problems = validate_dataset([folder])
    table, column = mutation.report or (mutation.table, mutation.column)
    rule = mutation.parquet_rule if fmt == "parquet" and mutation.parquet_rule else mutation.rule
    hits = [p for p in problems if p.table == f"{table}.{fmt}" and p.column == column and rule in p.rule]
    assert hits, "\n".join(map(str, problems))
    if mutation.report is None and "type must be" not in rule:
        assert row in {p.row for p in hits}, (row, hits)


def test_csv_and_parquet_copies_must_agree(mini_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mini_output, out)
    row = _apply(Mutation("events", "location", "Elsewhere", ""), out, "csv", mini_output)
    problems = validate_dataset([out])
    assert [(p.table, p.row, p.column) for p in problems] == [("events.parquet", row, "location")]
    assert "differs from events.csv" in problems[0].rule


def test_a_missing_table_column_or_descriptor_is_caught(mini_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mini_output, out)
    (out / "mentions.csv").unlink()
    pl.read_parquet(out / "events.parquet").drop("country").write_parquet(out / "events.parquet")
    descriptor = json.loads((out / "datapackage.json").read_text("utf-8"))
    descriptor["resources"][0]["schema"]["fields"].pop()
    (out / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    found = {(p.table, p.column, p.rule) for p in validate_dataset([out])}
    assert ("mentions.csv", None, "table is missing from the dataset; code the dataset again") in found
    assert ("events.parquet", "country", "column is missing") in found
    assert any(t == "datapackage.json" and "differs" in r for t, _, r in found)


def test_an_unknown_column_is_caught(mini_output: Path, tmp_path: Path) -> None:
    out = _copy_format(mini_output, tmp_path / "out", "csv")
    pl.read_csv(out / "documents.csv", infer_schema=False).with_columns(pl.lit("x").alias("note")).write_csv(out / "documents.csv")
    assert any(p.column == "note" and p.rule == "unknown column" for p in validate_dataset([out]))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("table", ["events", "mentions", "documents"])
def test_a_truncated_file_is_caught(mini_output: Path, tmp_path: Path, fmt: str, table: str) -> None:
    out = _copy_format(mini_output, tmp_path / "out", fmt)
    data = (out / f"{table}.{fmt}").read_bytes()
    for cut in (len(data) // 2, len(data) - 1):
        (out / f"{table}.{fmt}").write_bytes(data[:cut])
        problems = validate_dataset([out])
        assert any(p.table == f"{table}.{fmt}" for p in problems), (cut, problems)


def test_duplicate_rows_are_caught(mini_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "dup"
    shutil.copytree(mini_output, out)
    events = pl.read_csv(out / "events.csv", schema=polars_schema("events"))
    pl.concat([events, events.head(1)]).write_csv(out / "events.csv")
    problems = validate_dataset([out / "events.csv"])
    assert any(p.rule == "must be unique" and p.column == "event_id" for p in problems)


def test_parquet_types_are_checked(mini_output: Path, tmp_path: Path) -> None:
    events = pl.read_parquet(mini_output / "events.parquet").with_columns(pl.col("quad_class").cast(pl.String))
    events.write_parquet(tmp_path / "events.parquet")
    problems = validate_dataset([tmp_path / "events.parquet"])
    assert any(p.column == "quad_class" and "type must be" in p.rule for p in problems)


def test_truncated_file_is_reported_not_raised(mini_output: Path, tmp_path: Path) -> None:
    data = (mini_output / "events.parquet").read_bytes()
    (tmp_path / "events.parquet").write_bytes(data[: len(data) // 2])
    problems = validate_dataset([tmp_path / "events.parquet"])
    assert problems and "cannot read" in problems[0].rule


def test_several_folders_are_told_apart(mini_output: Path, tmp_path: Path) -> None:
    good = _copy_format(mini_output, tmp_path / "good", "csv")
    bad = _copy_format(mini_output, tmp_path / "bad", "csv")
    _apply(MUTATIONS["latitude>90"], bad, "csv", mini_output)
    problems = validate_dataset([good, bad])
    assert problems and {p.table for p in problems} == {str(bad / "events.csv")}


def test_acled_types_the_actors_decide_are_expected() -> None:
    from eventcode.acled import event_types

    assert event_types("175", 1, 6) == ("Protests", "Excessive force against protesters")
    assert event_types("175", 1, 7) == ("Violence against civilians", "Attack")
    assert event_types("192", 1, 2) == ("Battles", "Government regains territory")
    assert event_types("040", 1, 1) is None
