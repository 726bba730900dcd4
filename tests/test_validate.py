from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from eventcode.tables import polars_schema
from eventcode.validate import validate_dataset


def test_coded_seeds_validate_clean(seed_output: Path) -> None:
    assert validate_dataset([seed_output]) == []


def _mutated(seed_output: Path, tmp_path: Path, table: str, column: str, value: str, row: int = 0) -> Path:
    out = tmp_path / "out"
    shutil.copytree(seed_output, out)
    frame = pl.read_csv(out / f"{table}.csv", infer_schema=False)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
    )
    frame.write_csv(out / f"{table}.csv")
    (out / f"{table}.parquet").unlink()
    return out


@pytest.mark.parametrize(
    ("table", "column", "value", "rule"),
    [
        ("events", "latitude", "123", "<= 90"),
        ("events", "longitude", "-181", ">= -180"),
        ("events", "cameo_code", "999", "CAMEO"),
        ("events", "cameo_root", "00", "root of cameo_code"),
        ("events", "quad_class", "5", "<= 4"),
        ("events", "goldstein", "11", "<= 10"),
        ("events", "source_country", "XXX", "ISO 3166-1"),
        ("events", "fatalities", "-1", ">= 0"),
        ("events", "event_date", "2024-02-30", "not a valid Date"),
        ("events", "event_date", "2031-01-01", "after the document date"),
        ("events", "num_mentions", "99", "must equal"),
        ("events", "quad_class", "two", "not a valid Int64"),
        ("mentions", "event_id", "0000000000000000", "must refer to an event"),
        ("documents", "status", "fine", "must be one of ok, error"),
    ],
)
def test_every_mutation_is_caught_with_row_and_column(
    seed_output: Path, tmp_path: Path, table: str, column: str, value: str, rule: str
) -> None:
    problems = validate_dataset([_mutated(seed_output, tmp_path, table, column, value)])
    hits = [p for p in problems if p.column == column and rule in p.rule]
    assert hits, problems
    assert hits[0].table == f"{table}.csv" and hits[0].row == 1


def test_duplicate_ids_are_caught(seed_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "dup"
    shutil.copytree(seed_output, out)
    events = pl.read_csv(out / "events.csv", schema=polars_schema("events"))
    pl.concat([events, events.head(1)]).write_csv(out / "events.csv")
    problems = validate_dataset([out / "events.csv"])
    assert any(p.rule == "must be unique" and p.column == "event_id" for p in problems)


def test_parquet_types_are_checked(seed_output: Path, tmp_path: Path) -> None:
    events = pl.read_parquet(seed_output / "events.parquet").with_columns(pl.col("quad_class").cast(pl.String))
    events.write_parquet(tmp_path / "events.parquet")
    problems = validate_dataset([tmp_path / "events.parquet"])
    assert any(p.column == "quad_class" and "type must be" in p.rule for p in problems)


def test_truncated_file_is_reported_not_raised(seed_output: Path, tmp_path: Path) -> None:
    data = (seed_output / "events.parquet").read_bytes()
    (tmp_path / "events.parquet").write_bytes(data[: len(data) // 2])
    problems = validate_dataset([tmp_path / "events.parquet"])
    assert problems and "cannot read" in problems[0].rule
