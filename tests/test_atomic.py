"""An output folder holds the previous complete dataset or the new complete one, never a mix.

Two ways of interrupting ``write_dataset``: in-process, by failing at every single file-system
step in turn (exhaustive, fast), and for real, by SIGKILLing ``eventcode code`` at seeded random
moments (slow).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from eventcode import write as write_module
from eventcode.dataset import Dataset, build_dataset
from eventcode.errors import OutputError
from eventcode.read import read_documents
from eventcode.validate import validate_dataset
from eventcode.write import JOURNAL, STAGING_PREFIX, complete_pending_write, write_dataset

from .conftest import MINI, MINI_CORPUS, write_corpus

NEW_CORPUS = {
    "n1.txt": "date 2024-03-01 Britain met France in Paris. Iran attacked Iraq, killing 2.",
    "n2.txt": "date 2024-03-02 Germany met Jordan. Iraqi militias attacked US forces in Syria.",
}


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so no ``except Exception`` swallows it."""


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def datasets(tmp_path_factory, mini_coder) -> tuple[Dataset, Dataset]:
    base = tmp_path_factory.mktemp("atomic")
    old = build_dataset(mini_coder.pipe(read_documents(write_corpus(base / "old", MINI_CORPUS))), coder_version=mini_coder.version)
    new = build_dataset(mini_coder.pipe(read_documents(write_corpus(base / "new", NEW_CORPUS))), coder_version=mini_coder.version)
    return old, new


def _reference(folder: Path, dataset: Dataset, formats: tuple[str, ...] = ("csv", "parquet")) -> dict[str, bytes]:
    write_dataset(dataset, folder, formats=formats)
    return _snapshot(folder)


def test_a_write_leaves_exactly_the_dataset_files(tmp_path: Path, datasets) -> None:
    old, new = datasets
    write_dataset(old, tmp_path)
    write_dataset(new, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n in write_module.DATASET_FILES if not n.endswith(".dta"))


def test_files_of_formats_no_longer_written_are_removed_with_the_commit(tmp_path: Path, datasets) -> None:
    old, new = datasets
    write_dataset(old, tmp_path)
    write_dataset(new, tmp_path, formats=["parquet"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook.md", "documents.parquet", "events.parquet", "mentions.parquet"]
    assert validate_dataset([tmp_path]) == []


def test_an_uncommitted_staging_folder_is_discarded(tmp_path: Path, datasets) -> None:
    old, _ = datasets
    before = _reference(tmp_path, old)
    staging = tmp_path / f"{STAGING_PREFIX}dead"
    staging.mkdir()
    (staging / "events.csv").write_text("event_id\ntrunc", encoding="utf-8")
    assert complete_pending_write(tmp_path) is False
    assert not staging.exists() and _snapshot(tmp_path) == before


def test_a_folder_with_nothing_pending_is_not_touched(tmp_path: Path, datasets, monkeypatch: pytest.MonkeyPatch) -> None:
    _reference(tmp_path, datasets[0])

    def refuse(*_args: object) -> None:
        raise AssertionError("a lock was taken on a folder with nothing pending")

    monkeypatch.setattr(write_module, "_folder_lock", refuse)
    assert complete_pending_write(tmp_path) is False
    assert validate_dataset([tmp_path]) == []


def test_a_journal_naming_foreign_files_is_refused(tmp_path: Path, datasets) -> None:
    _reference(tmp_path, datasets[0])
    (tmp_path / JOURNAL).write_text(json.dumps({"staging": "../elsewhere", "files": ["events.csv"], "remove": []}), encoding="utf-8")
    with pytest.raises(OutputError, match="names files eventcode does not write"):
        complete_pending_write(tmp_path)
    problems = validate_dataset([tmp_path])
    assert problems and "names files eventcode does not write" in problems[0].rule


def _crash_at(step: int, monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Make the ``step``-th file-system operation of the write module raise ``Crash``."""
    count = 0

    def counted(function: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            nonlocal count
            count += 1
            if count == step:
                raise Crash(f"step {step}: {function.__name__}")
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(write_module.os, "replace", counted(os.replace))
    monkeypatch.setattr(write_module.os, "fsync", counted(os.fsync))
    monkeypatch.setattr(write_module.shutil, "rmtree", counted(shutil.rmtree))
    monkeypatch.setattr(write_module.Path, "unlink", counted(Path.unlink))
    monkeypatch.setattr(write_module, "_write_csv", counted(write_module._write_csv))
    monkeypatch.setattr(write_module, "_write_parquet", counted(write_module._write_parquet))
    return lambda: count


def test_a_crash_at_any_step_leaves_the_old_or_the_new_dataset(tmp_path: Path, datasets, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = datasets
    old_files = _reference(tmp_path / "old", old)
    new_files = _reference(tmp_path / "new", new)
    with monkeypatch.context() as patch:
        steps = _crash_at(0, patch)
        write_dataset(new, tmp_path / "count")
        total = steps()
    assert total > 20
    outcomes = []
    for step in range(1, total + 1):
        out = tmp_path / f"crash{step}"
        shutil.copytree(tmp_path / "old", out)
        with monkeypatch.context() as patch:
            _crash_at(step, patch)
            with pytest.raises(Crash):
                write_dataset(new, out)
        assert validate_dataset([out]) == [], step  # completes the interrupted write first
        files = _snapshot(out)
        assert files in (old_files, new_files), step
        assert not any(p.name.startswith((STAGING_PREFIX, JOURNAL)) for p in out.iterdir())
        outcomes.append("new" if files == new_files else "old")
    # Crashes before the journal is in place keep the old dataset; after it, the new one.
    assert outcomes[0] == "old" and outcomes[-1] == "new" and outcomes == sorted(outcomes, key=["old", "new"].index)


def test_a_crash_while_completing_a_write_is_completed_later(tmp_path: Path, datasets, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = datasets
    new_files = _reference(tmp_path / "new", new)
    _reference(tmp_path / "old", old)
    out = tmp_path / "out"
    shutil.copytree(tmp_path / "old", out)
    # Kill the write right after its journal is in place (the first replace is the journal's).
    with monkeypatch.context() as patch:
        original = os.replace
        calls = 0

        def replace_then_crash(src: str | Path, dst: str | Path) -> None:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise Crash("after the commit")
            original(src, dst)

        patch.setattr(write_module.os, "replace", replace_then_crash)
        with pytest.raises(Crash):
            write_dataset(new, out)
    assert (out / JOURNAL).exists()
    for step in range(1, 8):  # and kill the roll-forward too, at each of its first steps
        with monkeypatch.context() as patch:
            _crash_at(step, patch)
            with contextlib.suppress(Crash):
                complete_pending_write(out)
    assert validate_dataset([out]) == [] and _snapshot(out) == new_files


def test_writers_of_one_folder_take_turns(tmp_path: Path, datasets) -> None:
    """A second writer waits for the first one's lock instead of deleting its staging folder."""
    import threading

    old, new = datasets
    new_files = _reference(tmp_path / "new", new)
    out = tmp_path / "out"
    errors: list[BaseException] = []

    def write(dataset: Dataset) -> None:
        try:
            for _ in range(5):
                write_dataset(dataset, out)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in (old, new)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert validate_dataset([out]) == []
    write_dataset(new, out)
    assert _snapshot(out) == new_files


def _code_command(corpus: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-c", "from eventcode.cli import main; main()",
        "code", str(corpus), "--out", str(out), "--quiet", "--no-default-dictionaries", "--dictionary", str(MINI),
    ]


def _write_started(out: Path) -> bool:
    try:
        return any(p.name.startswith((STAGING_PREFIX, JOURNAL)) for p in out.iterdir())
    except FileNotFoundError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_sigkill_at_random_moments_leaves_a_valid_old_or_new_dataset(tmp_path: Path, datasets) -> None:
    """20 seeded trials; most kills aim at the write itself: its staging or its commit."""
    old, _ = datasets
    corpus = write_corpus(tmp_path / "corpus", NEW_CORPUS)
    old_files = _reference(tmp_path / "old", old)
    reference = tmp_path / "new"
    started = time.perf_counter()
    subprocess.run(_code_command(corpus, reference), check=True)
    whole_run = time.perf_counter() - started
    new_files = _snapshot(reference)
    rng = random.Random(20240202)
    outcomes: list[str] = []
    for trial in range(20):
        out = tmp_path / f"trial{trial}"
        shutil.copytree(tmp_path / "old", out)
        process = subprocess.Popen(_code_command(corpus, out))
        aim = rng.random()
        if aim < 0.4:  # while the files are staged
            while process.poll() is None and not _write_started(out):
                time.sleep(0.0002)
            time.sleep(rng.uniform(0, 0.05))
        elif aim < 0.8:  # as soon as the journal is seen: while the files are moved into place
            while process.poll() is None and not (out / JOURNAL).exists():
                time.sleep(0.0001)
        else:  # anywhere in the run
            time.sleep(rng.uniform(0, whole_run))
        process.send_signal(signal.SIGKILL)
        process.wait()
        pending = "+journal" if (out / JOURNAL).exists() else "+staging" if _write_started(out) else ""
        problems = validate_dataset([out])
        assert problems == [], (trial, problems)
        files = _snapshot(out)
        assert files in (old_files, new_files), trial
        outcomes.append(("new" if files == new_files else "old") + pending)
    print("SIGKILL outcomes (+journal: rolled forward, +staging: rolled back):", " ".join(outcomes))


def test_parquet_bytes_do_not_depend_on_how_the_rows_were_pieced(tmp_path: Path) -> None:
    # Rows read from many part files arrive in many Arrow chunks; where the writer's string
    # dictionary overflows (1 MB) depends on them unless the frame is made contiguous first.
    import polars as pl

    from eventcode.dataset import Chunks
    from eventcode.tables import polars_schema

    schema = polars_schema("documents")
    rng = random.Random(7)
    rows = [{"doc_id": f"d{i:06d}", "path": "".join(rng.choice("abcdefghij") for _ in range(80)), "status": "ok"} for i in range(30_000)]
    whole = pl.DataFrame(rows, schema_overrides={k: schema[k] for k in ("doc_id", "path", "status")}).select(
        [pl.lit(None, dtype=dtype).alias(name) if name not in ("doc_id", "path", "status") else pl.col(name) for name, dtype in schema.items()]
    )
    pieced = pl.concat([whole.slice(k, 2_500) for k in range(0, 30_000, 2_500)], rechunk=False)
    assert pieced.n_chunks() > 1 and pieced.equals(whole)
    for name, frame in (("whole", whole), ("pieced", pieced)):
        write_module._write_parquet(frame, tmp_path / f"{name}.parquet", "documents")
        write_module._write_parquet(Chunks(lambda f=frame: iter([f]), frame.height, schema), tmp_path / f"{name}-chunks.parquet", "documents")
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "pieced.parquet").read_bytes()
    assert (tmp_path / "whole-chunks.parquet").read_bytes() == (tmp_path / "pieced-chunks.parquet").read_bytes()
