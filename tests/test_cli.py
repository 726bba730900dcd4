from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from eventcode.cli import EXIT_SOME_FAILED, main

from .conftest import MINI, ROOT


def test_code_writes_six_files_that_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["code", str(ROOT / "seeds"), "--out", str(out), "--date", "2024-02-02"])
    assert result.exit_code == 0, result.output
    assert "coded 2 document(s) (0 failed, 0 unchanged)" in result.output
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))  # .eventcode: run state
    assert names == sorted(
        ["events.csv", "events.parquet", "mentions.csv", "mentions.parquet", "documents.csv", "documents.parquet", "datapackage.json", "codebook.md"]
    )
    validated = runner.invoke(main, ["validate", str(out)])
    assert validated.exit_code == 0 and "valid" in validated.output


def test_validate_names_row_and_column_of_a_bad_cell(mini_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "bad"
    shutil.copytree(mini_output, out)
    events = pl.read_csv(out / "events.csv", infer_schema=False)
    events.with_columns(pl.lit("123").alias("latitude")).write_csv(out / "events.csv")
    result = CliRunner().invoke(main, ["validate", str(out / "events.csv")])
    assert result.exit_code == 1
    assert "events.csv\trow 1\tlatitude\t'123'\tmust be <= 90" in result.output


def test_a_bad_document_does_not_stop_the_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("date 2024-02-02 Iran has denied any association with the attack.", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"caf\xe9 in Latin-1")
    (src / "empty.txt").write_text("   ", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["code", str(src), "--out", str(out), "--format", "csv", "--no-default-dictionaries", "--dictionary", str(MINI)]
    )
    assert result.exit_code == EXIT_SOME_FAILED
    documents = pl.read_csv(out / "documents.csv")
    statuses = dict(zip(documents["doc_id"], documents["status"], strict=True))
    assert statuses == {"bad": "error", "empty": "error", "good": "ok"}
    assert pl.read_csv(out / "events.csv").height >= 1


def test_the_installed_command_keeps_exit_status_and_output(tmp_path: Path) -> None:
    # `eventcode` runs entry_point (main, then the collector is told to skip the exit walk).
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("date 2024-02-02 Iran has denied any association with the attack.", encoding="utf-8")
    command = [sys.executable, "-c", "from eventcode.cli import entry_point; entry_point()", "code", str(src), "--format", "csv"]
    command += ["--no-default-dictionaries", "--dictionary", str(MINI), "--workers", "1"]
    ok = subprocess.run([*command, "--out", str(tmp_path / "ok")], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "coded 1 document(s)" in ok.stdout and (tmp_path / "ok" / "events.csv").is_file()
    (src / "bad.txt").write_bytes(b"caf\xe9 in Latin-1")
    failed = subprocess.run([*command, "--out", str(tmp_path / "failed")], capture_output=True, text=True, timeout=300)
    assert failed.returncode == EXIT_SOME_FAILED and "bad.txt" in failed.stderr


def test_schema_check_passes_on_the_committed_schemas() -> None:
    result = CliRunner().invoke(main, ["schema", "--check", "--out", str(ROOT / "schemas")])
    assert result.exit_code == 0, result.output


def test_dict_check_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.verbs"
    bad.write_text("190 | {attack} +\n999 | {attack} +\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["dict", "check", str(bad)])
    assert result.exit_code == 1
    assert "mine.verbs:2" in result.output


def test_dict_check_passes_on_the_defaults() -> None:
    result = CliRunner().invoke(main, ["dict", "check"])
    assert result.exit_code == 0, result.output


def test_explain_shows_actors_and_the_pattern() -> None:
    # The mini verbs: the default verb dictionaries are written separately from this test.
    result = CliRunner().invoke(
        main, ["explain", "Iran has denied any association with the attack.", "--date", "2024-02-02", "--dictionary", str(MINI)]
    )
    assert result.exit_code == 0, result.output
    assert "'Iran' -> IRN" in result.output and "016" in result.output
