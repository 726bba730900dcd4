"""Round trips into the tools researchers use: Frictionless, polars, pandas, R (readr, haven), Stata.

Each test reads a dataset the way docs/snippets/ (and the README) tell users to, and checks that it
gets the rows eventcode wrote, with codes as text ("043") and dates as dates.
"""

from __future__ import annotations

import csv
import re
import runpy
import shutil
import subprocess
from functools import cache
from pathlib import Path

import frictionless
import pandas as pd
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from eventcode.tables import TABLES, column_specs, polars_schema

from .conftest import ROOT

SNIPPETS = ROOT / "docs" / "snippets"
OUTPUTS = ["coded_output", "edge_output"]
R_CHECK = r"""
args <- commandArgs(trailingOnly = TRUE)
source(args[1])
for (table in c("events", "mentions", "documents")) {
  frame <- get(table)
  # Mark empty texts so that they cannot pass for the missing ones (NA, written as \N).
  frame[] <- lapply(frame, function(x) if (is.character(x)) replace(x, x %in% "", "<empty>") else x)
  classes <- vapply(frame, function(x) class(x)[1], "")
  writeLines(paste(names(frame), classes, sep = "\t"), file.path(args[2], paste0(table, ".classes")))
  readr::write_csv(haven::zap_labels(frame), file.path(args[2], paste0(table, ".csv")), na = "\\N")
}
"""


@pytest.fixture(params=OUTPUTS)
def output(request: pytest.FixtureRequest) -> Path:
    """An output folder in every format: the coded seeds, and the hand-made edge cases."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def workdir(output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose ``output/`` is the dataset, as the snippets expect."""
    (tmp_path / "output").symlink_to(output, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _expected(output: Path, table: str) -> pl.DataFrame:
    """The table as written (Parquet), with empty texts as missing as in CSV and Stata."""
    frame = pl.read_parquet(output / f"{table}.parquet")
    strings = [s.name for s in column_specs(table) if s.kind == "string"]
    return frame.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in strings)


def _has_events(output: Path) -> None:
    assert pl.read_parquet(output / "events.parquet").height > 0, "a round trip of no rows proves little"


# Frictionless -------------------------------------------------------------------------------


def _frictionless_errors(folder: Path) -> list[list]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return report.flatten(["type", "fieldName", "rowNumber"]) if not report.valid else []


@pytest.mark.parametrize("name", ["seed_output", *OUTPUTS])
def test_frictionless_validates_the_csv_tables(name: str, request: pytest.FixtureRequest) -> None:
    assert _frictionless_errors(request.getfixturevalue(name)) == []


def test_frictionless_finds_bad_codes_and_broken_keys(edge_output: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(edge_output, bad)
    events = pl.read_csv(bad / "events.csv", infer_schema=False)
    events.with_columns(pl.when(pl.col("event_id") == "e2").then(pl.lit("999")).otherwise("cameo_code").alias("cameo_code")).write_csv(bad / "events.csv")
    mentions = pl.read_csv(bad / "mentions.csv", infer_schema=False)
    mentions.with_columns(pl.when(pl.col("event_id") == "e3").then(pl.lit("nope")).otherwise("event_id").alias("event_id")).write_csv(bad / "mentions.csv")
    errors = _frictionless_errors(bad)
    assert ["constraint-error", "cameo_code", 3] in errors
    assert any(e[0] == "foreign-key" for e in errors)


# polars ---------------------------------------------------------------------------------------


def test_polars_snippet(output: Path, workdir: Path) -> None:
    _has_events(output)
    names = runpy.run_path(str(SNIPPETS / "load_polars.py"))
    for table in TABLES:
        assert names[table].schema == pl.Schema(polars_schema(table))
        assert_frame_equal(names[f"{table}_csv"], names[table])
        assert_frame_equal(names[f"{table}_csv"], _expected(output, table))
    assert names["mentions_with_events"].height == names["mentions"].height


# pandas ---------------------------------------------------------------------------------------


def test_pandas_snippet_reads_csv_parquet_and_stata_identically(output: Path, workdir: Path) -> None:
    _has_events(output)
    names = runpy.run_path(str(SNIPPETS / "load_pandas.py"))
    for table in TABLES:
        from_csv = names["read_csv"](table)
        pd.testing.assert_frame_equal(from_csv, names["read_parquet"](table))
        pd.testing.assert_frame_equal(from_csv, names["read_stata"](table))
        pd.testing.assert_frame_equal(from_csv, names[table])
        for spec in column_specs(table):
            dtype = str(from_csv[spec.name].dtype)
            assert dtype == {"string": "string", "integer": "Int64", "number": "float64", "date": "datetime64[s]"}[spec.kind]
        # The same rows as eventcode wrote: back to polars, dates to dates.
        back = pl.from_pandas(from_csv).with_columns(pl.col(pl.Datetime).cast(pl.Date))
        assert_frame_equal(back, _expected(output, table))
    if "043" in _expected(output, "events")["cameo_code"].to_list():
        assert "043" in names["events"]["cameo_code"].tolist()


def test_snippet_column_lists_match_the_models() -> None:
    for snippet in ("load_polars.py", "load_pandas.py"):
        for kind, listed in _snippet_lists(snippet).items():
            models = {s.name for t in TABLES for s in column_specs(t) if s.kind == kind}
            assert set(listed) == models, (snippet, kind)


def _snippet_lists(snippet: str) -> dict[str, list[str]]:
    """The INTEGER, NUMBER and DATE lists of a Python snippet, read without running it."""
    text = (SNIPPETS / snippet).read_text("utf-8")
    lists = {}
    for kind, name in (("integer", "INTEGER"), ("number", "NUMBER"), ("date", "DATE")):
        body = re.search(rf"^{name} = \[(.*?)\]", text, re.S | re.M)
        assert body, (snippet, name)
        lists[kind] = re.findall(r'"(\w+)"', body.group(1))
    return lists


# R ----------------------------------------------------------------------------------------------


@cache
def _r_missing() -> str | None:
    """Why the R tests cannot run here, or None when Rscript, readr and haven are installed."""
    if shutil.which("Rscript") is None:
        return "Rscript is absent: apt-get install r-base-core r-cran-readr r-cran-haven (.ci/run does)"
    probe = subprocess.run(["Rscript", "-e", "library(readr); library(haven)"], capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        return f"R lacks readr or haven (apt-get install r-cran-readr r-cran-haven): {probe.stderr.strip()[-200:]}"
    return None


R_CLASSES = {
    "load_readr.R": {"string": {"character"}, "integer": {"integer"}, "number": {"numeric"}, "date": {"Date"}},
    # haven reads every Stata number as double; value-labelled ones as haven_labelled doubles.
    "load_haven.R": {"string": {"character"}, "integer": {"numeric", "haven_labelled"}, "number": {"numeric"}, "date": {"Date"}},
}


@pytest.mark.parametrize("snippet", sorted(R_CLASSES))
def test_r_snippet(snippet: str, output: Path, workdir: Path) -> None:
    reason = _r_missing()
    if reason:
        pytest.skip(reason)
    _has_events(output)
    check = workdir / "check.R"
    check.write_text(R_CHECK, encoding="utf-8")
    dest = workdir / "from_r"
    dest.mkdir()
    run = subprocess.run(
        ["Rscript", "--vanilla", str(check), str(SNIPPETS / snippet), str(dest)],
        cwd=workdir, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr.lower(), run.stderr  # readr reports parse problems as warnings
    for table in TABLES:
        rows = (dest / f"{table}.classes").read_text("utf-8").splitlines()
        classes = dict(line.split("\t") for line in rows)
        specs = column_specs(table)
        assert list(classes) == [s.name for s in specs]
        for spec in specs:
            assert classes[spec.name] in R_CLASSES[snippet][spec.kind], (table, spec.name, classes[spec.name])
        from_r = pl.read_csv(dest / f"{table}.csv", schema=polars_schema(table), null_values="\\N")
        expected = _expected(output, table)
        if snippet == "load_haven.R":
            # haven (ReadStat) drops the trailing spaces of str# texts (not of strL ones);
            # documented in docs/loading.md.
            strip = [pl.col(s.name).str.strip_chars_end(" ") for s in specs if s.kind == "string"]
            expected, from_r = expected.with_columns(strip), from_r.with_columns(strip)
        assert_frame_equal(from_r, expected)


# Stata ------------------------------------------------------------------------------------------


def test_stata_do_file_uses_the_files_and_labels_written(edge_output: Path) -> None:
    text = (SNIPPETS / "load_stata.do").read_text("utf-8")
    commands = {"cd", "use", "describe", "label", "tabulate", "format", "merge"}
    columns = {s.name for t in TABLES for s in column_specs(t)}
    with pd.io.stata.StataReader(edge_output / "events.dta") as reader:
        reader.read()
        label_names = set(reader.value_labels())
    for line in text.splitlines():
        if not line.strip() or line.startswith("*"):
            continue
        words = line.replace(",", " ").split()
        assert words[0] in commands, line
        if words[0] == "use":
            assert (edge_output / f"{words[1]}.dta").is_file(), line
        if words[:2] == ["label", "list"]:
            assert set(words[2:]) <= label_names, line
        if words[0] in {"tabulate", "format"}:
            assert {w for w in words[1:] if not w.startswith("%")} <= columns, line
    assert text.count('"') % 2 == 0


# docs/loading.md --------------------------------------------------------------------------------


@pytest.mark.parametrize("snippet", sorted(p.name for p in SNIPPETS.iterdir()))
def test_loading_doc_shows_each_snippet_as_it_is_tested(snippet: str) -> None:
    doc = (ROOT / "docs" / "loading.md").read_text("utf-8")
    assert (SNIPPETS / snippet).read_text("utf-8") in doc, f"paste docs/snippets/{snippet} into docs/loading.md"


def test_csv_is_plain_rfc4180(edge_output: Path, edge_dataset) -> None:
    # Quotes, commas and newlines inside texts survive Python's own csv module too.
    with open(edge_output / "mentions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["sentence"] for r in rows] == edge_dataset.mentions["sentence"].to_list()
