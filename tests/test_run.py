"""Batches, workers, Dask and incremental runs give the same dataset as one process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from eventcode.read import Document
from eventcode.run import code_corpus

from .conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "events.jsonl"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """120 gold sentences as documents (enough for several batches)."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = GOLD.read_text(encoding="utf-8").splitlines()[:120]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _tables(out: Path, *, parquet: bool = True) -> dict[str, bytes]:
    """The bytes of the CSV files, and of the Parquet files when written (and asked for)."""
    names = ("events", "mentions", "documents")
    files = {name: (out / f"{name}.csv").read_bytes() for name in names}
    if parquet:
        files |= {f"{name}.parquet": (out / f"{name}.parquet").read_bytes() for name in names if (out / f"{name}.parquet").exists()}
    return files


@pytest.fixture(scope="module")
def single(corpus: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("single")
    stats = code_corpus(corpus, out, workers=1, batch_size=7, formats=("csv", "parquet"))
    assert stats.documents == 120 and stats.batches == 18
    return out


def test_worker_processes_give_identical_files(corpus: Path, single: Path, tmp_path: Path) -> None:
    stats = code_corpus(corpus, tmp_path, workers=2, batch_size=13, formats=("csv", "parquet"))
    assert stats.documents == 120
    assert _tables(tmp_path) == _tables(single)


def test_this_process_and_two_workers_share_the_batches(corpus: Path, single: Path, tmp_path: Path) -> None:
    stats = code_corpus(corpus, tmp_path, workers=3, batch_size=5, formats=("csv", "parquet"))
    # 24 batches of 5, the last three (two for the other processes, one the remainder's) handed
    # out a document at a time.
    assert (stats.documents, stats.batches) == (120, 21 + 15)
    assert _tables(tmp_path) == _tables(single)


def test_the_last_batches_are_cut_small_when_several_processes_code() -> None:
    from eventcode.run import _batches

    docs = [Document(doc_id=f"d{i}", text="x") for i in range(50)]
    assert [len(b) for b in _batches(docs, 16)] == [16, 16, 16, 2]
    cut = list(_batches(docs, 16, small_tail=1))  # the last full batch and the remainder in pieces of 16 // 8
    assert [len(b) for b in cut] == [16, 16] + [2] * 9
    assert [d.doc_id for b in cut for d in b] == [d.doc_id for d in docs]
    assert [len(b) for b in _batches(docs[:10], 16, small_tail=3)] == [2] * 5


def test_a_bad_document_with_workers_fails_alone_and_strict_stops(tmp_path: Path) -> None:
    from eventcode.errors import StrictStopError

    src = tmp_path / "feed.jsonl"
    good = [json.dumps({"id": f"d{i}", "date": "2024-02-02", "text": "Iran denied any role."}) for i in range(30)]
    src.write_text("\n".join([*good[:15], '{"id": "bad", "text": ', *good[15:]]) + "\n", encoding="utf-8")
    stats = code_corpus(src, tmp_path / "out", workers=2, batch_size=4, formats=("csv",))
    assert (stats.documents, stats.failed) == (31, 1)
    assert "feed.jsonl:16" in stats.errors[0]
    with pytest.raises(StrictStopError):
        code_corpus(src, tmp_path / "strict", workers=2, batch_size=4, formats=("csv",), strict=True)


def test_incremental_runs_skip_unchanged_documents(corpus: Path, single: Path, tmp_path: Path) -> None:
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    lines = (corpus / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    feed.write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    first = code_corpus(feed.parent, out, workers=1, batch_size=7)
    assert (first.documents, first.skipped) == (100, 0)
    # A daily feed: 20 new documents and one edited document.
    edited = json.loads(lines[0])
    edited["text"] = "Iran has denied any association with the attack."
    feed.write_text("\n".join([json.dumps(edited), *lines[1:120]]) + "\n", encoding="utf-8")
    second = code_corpus(feed.parent, out, workers=1, batch_size=7)
    assert (second.documents, second.skipped) == (21, 99)
    restored = code_corpus(corpus, out, workers=1, batch_size=7)
    assert (restored.documents, restored.skipped) == (1, 119)
    # Same events and mentions; documents differ only in the path they were read from.
    assert _tables(out)["events"] == _tables(single)["events"]
    assert _tables(out)["mentions"] == _tables(single)["mentions"]
    forced = code_corpus(corpus, out, workers=1, batch_size=50, force=True)
    assert (forced.documents, forced.skipped) == (120, 0)
    assert _tables(out) == _tables(single)  # every document read from the same folder again


def test_documents_removed_from_the_corpus_leave_the_dataset(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code_corpus(corpus, out, workers=1)
    small = tmp_path / "small"
    small.mkdir()
    (small / "feed.jsonl").write_text((corpus / "feed.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    stats = code_corpus(small, out, workers=1)
    assert stats.skipped == 1 and stats.dataset_counts["documents"] == 1


def test_dask_cluster_gives_identical_files(corpus: Path, single: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'eventcode[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        stats = code_corpus(corpus, tmp_path, scheduler=client, batch_size=11, formats=("csv", "parquet"))
    assert stats.documents == 120
    assert _tables(tmp_path) == _tables(single)


def test_default_date_reaches_the_workers(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in "abcd":
        (src / f"{name}.txt").write_text("Iran has denied any association with the attack.", encoding="utf-8")
    stats = code_corpus(src, tmp_path / "out", workers=2, batch_size=1, default_date=date(2024, 2, 2), formats=("csv",))
    assert stats.mentions == 4
    events = pl.read_csv(tmp_path / "out" / "events.csv", try_parse_dates=True)
    assert events["event_date"].to_list() == [date(2024, 2, 2)]  # the four mentions of one event


def test_a_corpus_of_one_batch_starts_no_worker(corpus: Path, single: Path, tmp_path: Path, monkeypatch) -> None:
    import eventcode.run

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a corpus of one batch")

    monkeypatch.setattr(eventcode.run, "ProcessPoolExecutor", no_pool)
    stats = code_corpus(corpus, tmp_path, workers=2, batch_size=120, formats=("csv", "parquet"))
    assert stats.documents == 120
    assert _tables(tmp_path) == _tables(single)
    with pytest.raises(AssertionError, match="worker pool"):
        code_corpus(corpus, tmp_path / "two", workers=2, batch_size=119, formats=("csv",))


def test_a_merge_in_pieces_writes_the_same_files(corpus: Path, single: Path, tmp_path: Path, monkeypatch) -> None:
    import eventcode.run

    monkeypatch.setattr(eventcode.run, "IN_MEMORY_MENTIONS", 20)  # force several pieces
    stats = code_corpus(corpus, tmp_path, workers=1, batch_size=7, formats=("csv", "parquet"))
    assert stats.dataset_counts["mentions"] > 40
    # Parquet written in pieces has a row group per piece: the same rows, other bytes.
    assert _tables(tmp_path, parquet=False) == _tables(single, parquet=False)
    import polars as pl

    for table in ("events", "mentions", "documents"):
        assert pl.read_parquet(tmp_path / f"{table}.parquet").equals(pl.read_parquet(single / f"{table}.parquet"))


def test_parquet_bytes_do_not_depend_on_batches_or_workers(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    import eventcode.run

    monkeypatch.setattr(eventcode.run, "IN_MEMORY_MENTIONS", 20)  # the merge in pieces, as for large corpora
    code_corpus(corpus, tmp_path / "one", workers=1, batch_size=7, formats=("csv", "parquet"))
    code_corpus(corpus, tmp_path / "three", workers=3, batch_size=5, formats=("csv", "parquet"))
    assert _tables(tmp_path / "three") == _tables(tmp_path / "one")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended (its new parent reaps it)


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGKILL"), reason="needs Linux /proc and SIGKILL")
def test_workers_end_when_their_run_is_killed(corpus: Path, tmp_path: Path) -> None:
    # A run killed with SIGKILL (or by the out-of-memory killer) must not leave its workers behind.
    command = [sys.executable, "-c", "from eventcode.cli import main; main()", "code", str(corpus), "--out", str(tmp_path / "out")]
    process = subprocess.Popen([*command, "--workers", "2", "--batch-size", "1", "--quiet"])
    deadline = time.monotonic() + 120
    while not (workers := _children(process.pid)) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert workers, "the run started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers):
        assert time.monotonic() < deadline, f"workers {workers} outlived their killed run"
        time.sleep(0.1)


def test_the_coder_is_freed_before_a_large_merge_only(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    import eventcode.run

    stats = code_corpus(corpus, tmp_path / "small", workers=1, formats=("csv",))
    assert 0 < stats.mentions <= eventcode.run.KEEP_CODER_MENTIONS
    assert eventcode.run._coder_for.cache_info().currsize == 1  # kept: a small merge needs little memory
    monkeypatch.setattr(eventcode.run, "KEEP_CODER_MENTIONS", stats.mentions - 1)
    code_corpus(corpus, tmp_path / "large", workers=1, formats=("csv",))
    assert eventcode.run._coder_for.cache_info().currsize == 0  # freed before the merge
