from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eventcode.cli import main
from eventcode.codebook import value_labels
from eventcode.dataset import Dataset
from eventcode.errors import MissingDependencyError, OutputError
from eventcode.stata import STATA_LABEL_LENGTH, stata_label
from eventcode.tables import TABLES, column_specs
from eventcode.write import parse_formats, write_dataset

from .conftest import ROOT

STATA_RESERVED = set(
    "_all _b byte _coef _cons double float if in int long _n _N _pi _pred _rc _skip strL using with".split()
)


def _reader(path: Path):
    return pd.io.stata.StataReader(path)


@pytest.mark.parametrize("table", list(TABLES))
def test_names_fit_stata(table: str) -> None:
    for spec in column_specs(table):
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", spec.name) and spec.name not in STATA_RESERVED


@pytest.mark.parametrize("table", list(TABLES))
def test_variable_labels_are_the_descriptions_cut_to_80_characters(edge_output: Path, table: str) -> None:
    with _reader(edge_output / f"{table}.dta") as reader:
        labels = reader.variable_labels()
        data_label = reader.data_label
    specs = column_specs(table)
    assert list(labels) == [s.name for s in specs]
    for spec in specs:
        assert labels[spec.name] == stata_label(spec.description)
        assert 0 < len(labels[spec.name]) <= STATA_LABEL_LENGTH
    assert data_label.startswith(f"eventcode {table}: ") and len(data_label) <= STATA_LABEL_LENGTH


def test_value_labels_of_integer_codes(edge_output: Path) -> None:
    with _reader(edge_output / "events.dta") as reader:
        reader.read()
        stored = reader.value_labels()
    expected = value_labels("events")
    assert set(stored) == {"quad_class", "geo_precision", "acled_inter1", "acled_inter2"}
    for column, labels in stored.items():
        assert labels == expected[column]
    labelled = pd.read_stata(edge_output / "events.dta")  # pandas applies the labels by default
    assert list(labelled["quad_class"].astype(str)) == ["Verbal cooperation", "Material conflict", "Material cooperation"]


def test_codes_stay_strings_and_dates_are_stata_dates(edge_output: Path) -> None:
    events = pd.read_stata(edge_output / "events.dta", convert_categoricals=False)
    assert list(events["cameo_code"]) == ["043", "195", "0871"]
    assert list(events["cameo_root"]) == ["04", "19", "08"]
    # pandas turns only Stata date formats (%td) into datetimes.
    assert str(events["event_date"].dtype).startswith("datetime64")
    assert events["event_date"].iloc[0] == pd.Timestamp("2024-02-02") and pd.isna(events["event_date"].iloc[1])
    # Integers keep Stata's missing value; a missing text is "".
    assert pd.isna(events["injuries"]).all() and list(events["fatalities"].iloc[:2]) == [3, 0]
    assert events["source_name"].iloc[2] == ""


def test_texts_longer_than_2045_bytes_are_kept_whole(edge_output: Path, edge_dataset: Dataset) -> None:
    expected = edge_dataset.mentions["sentence"].to_list()
    assert max(len(s.encode("utf-8")) for s in expected) > 2045  # only a strL holds such a text
    assert pd.read_stata(edge_output / "mentions.dta")["sentence"].tolist() == expected


def test_stata_output_is_deterministic(edge_dataset: Dataset, tmp_path: Path) -> None:
    write_dataset(edge_dataset, tmp_path / "a", formats=["dta"])
    write_dataset(edge_dataset, tmp_path / "b", formats=["dta"])
    for table in TABLES:
        assert (tmp_path / "a" / f"{table}.dta").read_bytes() == (tmp_path / "b" / f"{table}.dta").read_bytes()


def test_an_empty_dataset_writes_empty_stata_tables(edge_dataset: Dataset, tmp_path: Path) -> None:
    empty = Dataset(edge_dataset.events.clear(), edge_dataset.mentions.clear(), edge_dataset.documents.clear())
    write_dataset(empty, tmp_path, formats=["dta"])
    for table in TABLES:
        frame = pd.read_stata(tmp_path / f"{table}.dta")
        assert frame.shape == (0, len(column_specs(table)))


def test_stata_label_cuts_at_a_word() -> None:
    assert stata_label("Name of the source actor.") == "Name of the source actor."
    long = "QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."
    cut = stata_label(long)
    assert len(cut) <= 80 and cut.endswith("…") and long.startswith(cut[:-1])
    assert long[len(cut) - 1] in " ,"
    assert len(stata_label("x" * 200)) == 80


def test_missing_pandas_is_a_named_error_before_anything_is_written(
    edge_dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingDependencyError, match=r"pip install eventcode\[stata\]"):
        write_dataset(edge_dataset, tmp_path / "out", formats=["csv", "dta"])
    assert not (tmp_path / "out").exists()


def test_parse_formats() -> None:
    assert parse_formats("both") == ("csv", "parquet")
    assert parse_formats("csv,dta") == ("csv", "dta")
    assert parse_formats(" DTA , both,csv") == ("dta", "csv", "parquet")
    for bad in ("xls", "", "csv,,dta"):
        with pytest.raises(OutputError, match="csv, parquet, dta"):
            parse_formats(bad)


def test_cli_format_dta(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["code", str(ROOT / "seeds"), "--out", str(out), "--date", "2024-02-02", "--format", "dta"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["codebook.md", "documents.dta", "events.dta", "mentions.dta"]
    bad = runner.invoke(main, ["code", str(ROOT / "seeds"), "--out", str(out), "--format", "xlsx"])
    assert bad.exit_code == 2 and "unknown output format" in bad.output
