"""Coding a corpus at scale: batches, worker processes or a Dask cluster, incremental runs.

Documents are read as a stream and cut into batches of ``batch_size`` documents. Each batch is coded
by one worker (a process that compiled the dictionaries once) and written as two Parquet *parts*
(mention records and document rows) under ``OUT/.eventcode/parts/``; the parent holds at most a few
batches at a time, so memory does not grow with the corpus. When all batches are done the parts are
merged into the dataset (``eventcode.dataset``): events, mentions and documents sorted by id, the
same whatever the number of workers or where they ran.

Incremental runs: ``OUT/.eventcode/state.parquet`` records, for every document coded, its content
hash, the coder version (which includes the dictionaries' digest) and the part that holds its
mentions. A document whose hash and coder version are unchanged is skipped; a changed one is recoded
and its old mentions are dropped; ``force=True`` recodes everything.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from eventcode.cache import paused_collector
from eventcode.coder import Coder, CoderConfig, coder_version
from eventcode.dataset import (
    MENTION_RECORD,
    Chunks,
    Dataset,
    aggregate_events,
    dataset_from_records,
    mention_records,
)
from eventcode.errors import ConfigError, StrictStopError
from eventcode.lexicon import Lexicon
from eventcode.read import Document, read_documents
from eventcode.tables import column_specs, polars_schema
from eventcode.write import DEFAULT_FORMATS, write_dataset

STATE_DIR = ".eventcode"
STATE_FILE = "state.parquet"
STATE_SCHEMA = {"doc_id": pl.String(), "sha256": pl.String(), "coder_version": pl.String(), "part": pl.String()}
Progress = Callable[["RunStats"], None]


@dataclass
class RunStats:
    """What a run did, updated as batches finish (passed to the progress callback)."""

    documents: int = 0
    sentences: int = 0
    mentions: int = 0
    failed: int = 0
    skipped: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)
    tabari_skipped: dict[str, int] = field(default_factory=dict)
    tabari_summary: str | None = None
    written: list[Path] = field(default_factory=list)
    dataset_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    """What a worker reports for one batch (small: the data itself went to the part files)."""

    part: str
    documents: int
    sentences: int
    mentions: int
    failed: int
    errors: tuple[str, ...]
    tabari_skipped: tuple[tuple[str, int], ...] = ()


# --- the batch function: the same in-process, in worker processes and on Dask ------------------

@lru_cache(maxsize=1)
def _coder_for(config: CoderConfig) -> Coder:
    """The compiled coder of this process (a worker compiles its dictionaries once, then reuses them).

    Its millions of long-lived objects (tries, gazetteer index) are loaded with the collector off
    and then moved out of its view (``gc.freeze``): otherwise every full collection walks them all
    again while a batch allocates its short-lived tokens and mentions (about a tenth of coding
    time), and a collection during loading walked them once more (0.1 s of every start).
    """
    with paused_collector(freeze=True):  # no collect first: loading leaves little garbage, and a full collect costs 0.25 s
        return Coder.from_config(config)


PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the process that started it is gone.

    A pool worker waits for its next batch on a pipe whose writing end it holds itself, so it never
    sees the parent die: a run killed with SIGKILL (or by the out-of-memory killer) left its workers
    behind for ever, each holding a compiled coder (hundreds of MB). A daemon thread checks the
    parent once a second (portable; costs nothing while it sleeps).
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="eventcode-parent-watch", daemon=True).start()


def _warm(config: CoderConfig) -> None:
    """Compile this process's coder (run in each worker at start; the coder stays in the worker)."""
    _coder_for(config)


def _release_coder() -> None:
    """Drop this process's coder and let the collector free it (before the merge needs memory)."""
    _coder_for.cache_clear()
    gc.unfreeze()
    gc.collect()


# Young-generation threshold while a batch is coded: coding allocates many short-lived objects
# and few cycles, so collecting every 700 allocations (the default) is mostly wasted work.
BATCH_GC_THRESHOLD = 20_000


def code_batch(
    documents: list[Document], part_dir: str, part: str, config: CoderConfig, between: Callable[[], None] | None = None
) -> BatchResult:
    """Code one batch and write its parts; the unit of work of every executor.

    Parameters
    ----------
    documents
        The batch.
    part_dir
        Folder for the part files (shared storage when run on a cluster).
    part
        Part name: ``{part}.mentions.parquet`` and ``{part}.documents.parquet`` are written.
    config
        The coder configuration; the coder is compiled once per process and reused.
    between
        Called after each document (the parent process uses it to keep its workers fed while it
        codes a batch itself).
    """
    coder = _coder_for(config)
    before = dict(coder.tabari.skipped) if coder.tabari is not None else {}
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], BATCH_GC_THRESHOLD), *thresholds[1:])
    try:
        results = []
        for doc in documents:
            results.append(coder.code(doc))
            if between is not None:
                between()
    finally:
        gc.set_threshold(*thresholds)
    skipped = (
        tuple((why, n - before.get(why, 0)) for why, n in sorted(coder.tabari.skipped.items()) if n > before.get(why, 0))
        if coder.tabari is not None
        else ()
    )
    records, docs = mention_records(results)
    folder = Path(part_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in (("mentions", records), ("documents", docs)):
        tmp = folder / f".{part}.{name}.parquet.tmp"
        frame.write_parquet(tmp, compression="zstd")
        os.replace(tmp, folder / f"{part}.{name}.parquet")
    return BatchResult(
        part=part,
        documents=len(results),
        sentences=sum(r.n_sentences for r in results),
        mentions=sum(len(r.mentions) for r in results),
        failed=sum(not r.ok for r in results),
        errors=tuple(r.error for r in results if r.error),
        tabari_skipped=skipped,
    )


# --- executors -----------------------------------------------------------------------------------


Task = tuple[list[Document], str]  # a batch of documents and its part name
Collect = Callable[[BatchResult], None]


class _Executor:
    """Codes the tasks of a run: in this process, in worker processes with this one, or on Dask."""

    def __init__(self, workers: int, scheduler: str | None) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        if scheduler:
            try:
                from distributed import Client
            except ImportError:
                raise ConfigError("--scheduler needs Dask: pip install 'eventcode[dask]'") from None
            self._client = Client(scheduler) if isinstance(scheduler, str) else scheduler
        elif workers > 1:
            # This process is one of the ``workers`` (see ``_run_with_pool``).
            # spawn, not fork: polars and pyarrow run thread pools, which a forked child can deadlock on.
            self._pool = ProcessPoolExecutor(
                max_workers=workers - 1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        self.codes_here = self._client is None  # whether this process needs a whole coder
        self.processes = workers if self._pool is not None else 1  # that code on this machine
        self._warming: list[Future[None]] = []  # one per worker process: done when it has compiled its coder

    def warm_up(self, config: CoderConfig) -> None:
        """Start the worker processes and have each compile its coder now, not on its first batch."""
        if self._pool is not None:
            self._warming = [self._pool.submit(_warm, config) for _ in range(self.workers - 1)]

    def run(self, tasks: Iterator[Task], part_dir: str, config: CoderConfig, collect: Collect) -> None:
        """Code every task, passing each batch's result to ``collect`` in this process."""
        if self._client is not None:
            self._run_on_dask(tasks, part_dir, config, collect)
        elif self._pool is not None:
            self._run_with_pool(self._pool, tasks, part_dir, config, collect)
        else:
            for documents, part in tasks:
                collect(code_batch(documents, part_dir, part, config))

    def _run_with_pool(
        self, pool: ProcessPoolExecutor, tasks: Iterator[Task], part_dir: str, config: CoderConfig, collect: Collect
    ) -> None:
        """Worker processes plus this one: each worker that has compiled its coder always has one
        batch; this process codes the others, and between its documents (every few milliseconds)
        hands a new batch to any worker that finished. So no core waits for this process, a batch
        never waits for a worker that is still starting (a small corpus is coded here while they
        start), and at the end no worker holds a queue of batches while this process has nothing
        left to do.
        """
        running: list[Future[BatchResult]] = []

        def feed() -> None:
            for future in [f for f in running if f.done()]:
                running.remove(future)
                collect(future.result())
            while len(running) < sum(f.done() for f in self._warming):
                task = next(tasks, None)
                if task is None:
                    return
                running.append(pool.submit(code_batch, task[0], part_dir, task[1], config))

        feed()
        while (task := next(tasks, None)) is not None:
            collect(code_batch(task[0], part_dir, task[1], config, feed))
            feed()
        for future in running:
            collect(future.result())

    def _run_on_dask(self, tasks: Iterator[Task], part_dir: str, config: CoderConfig, collect: Collect) -> None:
        """At most two batches per cluster thread in flight, so the input is read as it is coded."""
        from distributed import wait as dask_wait

        window = max(2, 2 * sum(self._client.nthreads().values()))
        pending: set[Any] = set()
        for documents, part in tasks:
            pending.add(self._client.submit(code_batch, documents, part_dir, part, config, pure=False))
            while len(pending) >= window:
                done, rest = dask_wait(pending, return_when="FIRST_COMPLETED")
                pending = set(rest)
                for future in done:
                    collect(future.result())
        for future in pending:
            collect(future.result())

    def close(self) -> None:
        if self._pool is not None:
            # Not waiting: a worker still compiling its coder (a small corpus was coded here) ends on
            # its own while the dataset is merged.
            self._pool.shutdown(wait=False, cancel_futures=True)
        if self._client is not None and isinstance(self.scheduler, str):
            self._client.close()


# --- the run -------------------------------------------------------------------------------------


def _batches(documents: Iterable[Document], size: int, *, small_tail: int = 0) -> Iterator[list[Document]]:
    """Batches of ``size`` documents; the last ``small_tail`` full batches and the remainder are
    handed out in eighths.

    With several processes coding, the run ends when the last of them finishes its batch: with
    whole batches one process may still code for most of a batch (~0.7 s) after the others are
    done. Reading ``small_tail`` batches ahead (one per other process) tells when the input is
    about to end, and the documents left then go out in small batches, so all finish together.
    """
    iterator = iter(documents)
    ahead: deque[list[Document]] = deque()
    hold = small_tail + 1 if small_tail else 0
    while batch := list(islice(iterator, size)):
        ahead.append(batch)
        if len(ahead) > hold:
            yield ahead.popleft()
    step = max(1, size // 8)
    for batch in ahead:
        for start in range(0, len(batch), step):
            yield batch[start : start + step]


def _read_state(folder: Path) -> pl.DataFrame:
    path = folder / STATE_FILE
    if path.exists():
        return pl.read_parquet(path)
    return pl.DataFrame(schema=STATE_SCHEMA)


def code_corpus(
    sources: str | Path | Iterable[str | Path],
    out: str | Path,
    *,
    config: CoderConfig | None = None,
    workers: int = 1,
    batch_size: int = 200,
    formats: Iterable[str] = DEFAULT_FORMATS,
    default_date: date | None = None,
    force: bool = False,
    scheduler: Any = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> RunStats:
    """Code a corpus into an output folder, in batches, on ``workers`` processes or a Dask cluster.

    Parameters
    ----------
    sources
        Files, folders or ``-`` (see ``read_documents``).
    out
        The output folder; it also keeps the run state for incremental runs.
    config
        Coder configuration (dictionaries); compiled once per process.
    workers
        Processes that code: this one and ``workers - 1`` spawned workers (1: this process alone).
        A corpus of one batch is coded in this process alone.
    batch_size
        Documents per batch (per part file).
    formats
        Output formats, as for ``write_dataset``.
    default_date
        Date for documents that carry none.
    force
        Recode documents even when their content and the coder are unchanged.
    scheduler
        A Dask scheduler address (``tcp://host:8786``) or a ``distributed.Client``; the part files
        must then be on storage every worker can reach.
    progress
        Called with the running ``RunStats`` after every batch.
    strict
        Stop at the first document that fails.

    Returns
    -------
    RunStats
    """
    config = config or CoderConfig()
    documents: Iterator[Document] = read_documents(sources, default_date=default_date)
    if workers > 1 and not scheduler:
        # A corpus of one batch is coded here before a worker could have started (importing and
        # loading take a worker ~1 s), and a started worker would only compete for the CPU and
        # hold up the exit: one-document runs took 1.5-2.2 s instead of 1.1-1.4 s.
        head = list(islice(documents, batch_size + 1))
        workers = workers if len(head) > batch_size else 1
        documents = chain(head, documents)
    executor = _Executor(workers, scheduler)
    try:
        executor.warm_up(config)  # the workers compile their coders while this process checks the setup
        # Before any output: a dictionary error must leave no folder behind.
        coder_version, tabari_summary = _check_setup(config, in_process=executor.codes_here)
    except BaseException:
        executor.close()
        raise
    folder = Path(out)
    state_dir = folder / STATE_DIR
    part_dir = state_dir / "parts"
    part_dir.mkdir(parents=True, exist_ok=True)
    state = _read_state(state_dir)
    if force:
        state = state.clear()
    known = {
        (doc_id, sha): version
        for doc_id, sha, version in state.select("doc_id", "sha256", "coder_version").iter_rows()
    }
    run_id = _next_run_id(part_dir)
    stats = RunStats(tabari_summary=tabari_summary)
    new_state: list[dict[str, Any]] = []
    seen_docs: set[str] = set()

    def collect(result: BatchResult) -> None:
        stats.documents += result.documents
        stats.sentences += result.sentences
        stats.mentions += result.mentions
        stats.failed += result.failed
        stats.errors.extend(result.errors)
        for why, n in result.tabari_skipped:
            stats.tabari_skipped[why] = stats.tabari_skipped.get(why, 0) + n
        stats.batches += 1
        if strict and result.failed:
            raise StrictStopError(result.errors[0])
        if progress is not None:
            progress(stats)

    def tasks() -> Iterator[Task]:
        """The batches to code, each with its part name (documents coded before are skipped)."""
        for number, batch in enumerate(_batches(documents, batch_size, small_tail=executor.processes - 1)):
            to_code = []
            for doc in batch:
                seen_docs.add(doc.doc_id)
                if doc.ok and known.get((doc.doc_id, doc.sha256)) == coder_version:
                    stats.skipped += 1
                    continue
                to_code.append(doc)
            if not to_code:
                continue
            part = f"run{run_id:05d}-batch{number:07d}"
            new_state.extend(
                {"doc_id": d.doc_id, "sha256": d.sha256, "coder_version": coder_version, "part": part} for d in to_code
            )
            yield to_code, part

    try:
        executor.run(tasks(), str(part_dir), config, collect)
    finally:
        executor.close()
    state = _merge_state(state, new_state, seen_docs)
    parts = sorted(set(state.get_column("part").to_list()))
    mentions = sum(pq.ParquetFile(part_dir / f"{p}.mentions.parquet").metadata.num_rows for p in parts)
    if mentions > KEEP_CODER_MENTIONS:
        # The merge needs no coder: free the compiled dictionaries and gazetteer (hundreds of MB)
        # before it (the next run reloads them from the disk cache in a fraction of a second).
        # Keeping them raised the peak RSS of 100,000 sentences from 680 MB to 820 MB; freeing
        # them costs 0.1 s, a tenth of a one-document run, whose merge needs a few MB.
        _release_coder()
    dataset = _assemble(part_dir, state, parts, mentions, coder_version)
    stats.written = write_dataset(dataset, folder, formats=formats)
    stats.dataset_counts = dataset.counts
    _write_state(state_dir, state)
    _remove_stale_parts(part_dir, state)
    return stats


def _check_setup(config: CoderConfig, *, in_process: bool) -> tuple[str, str | None]:
    """Compile what the parent process needs and return (coder version, TABARI summary).

    Coding in this process needs the whole coder. On a Dask cluster only the dictionaries (their
    errors must stop the run here, and their digest is the coder version) and a user's gazetteer
    or TABARI files are loaded: the cluster's workers hold the coders.
    """
    if in_process or config.tabari_dictionaries or config.gazetteer:
        coder = _coder_for(config)
        return coder.version, coder.tabari.summary() if coder.tabari is not None else None
    lexicon = Lexicon.load(config.dictionaries, defaults=config.default_dictionaries)
    return coder_version(lexicon, config), None


def _next_run_id(part_dir: Path) -> int:
    runs = [int(p.name[3:8]) for p in part_dir.glob("run*.parquet") if p.name[3:8].isdigit()]
    return max(runs, default=0) + 1


def _merge_state(state: pl.DataFrame, new_rows: list[dict[str, Any]], seen: set[str]) -> pl.DataFrame:
    """The state after a run: documents still in the corpus, each with its newest part."""
    fresh = pl.DataFrame(new_rows, schema=STATE_SCHEMA) if new_rows else pl.DataFrame(schema=STATE_SCHEMA)
    kept = state.filter(pl.col("doc_id").is_in(list(seen)) & ~pl.col("doc_id").is_in(fresh.get_column("doc_id").implode()))
    return pl.concat([kept, fresh]).unique(subset=["doc_id", "part"], keep="last", maintain_order=True).sort("doc_id", "part")


# Above this many mentions the merge works in pieces, so memory does not grow with the corpus.
IN_MEMORY_MENTIONS = 150_000
# Up to this many mentions the merge needs so little memory that the coder is kept for it.
KEEP_CODER_MENTIONS = 10_000


def _assemble(part_dir: Path, state: pl.DataFrame, parts: list[str], total: int, coder_version: str) -> Dataset:
    """Merge the current parts (``total`` mentions) into the dataset (only each document's newest
    part counts).

    Small datasets are merged in memory. Larger ones become ``Chunks``: mentions are produced by
    ranges of ``doc_id`` and events by ranges of ``event_id`` (its first hex digits), each range
    read from the parts, merged and written before the next, so the largest piece, not the corpus,
    sets the memory a merge needs.
    """
    current = state.select("doc_id", "part").lazy()
    if not parts:
        empty_records = pl.DataFrame(schema=MENTION_RECORD).lazy()
        empty_docs = pl.DataFrame(schema=polars_schema("documents")).lazy()
        return dataset_from_records(empty_records, empty_docs, coder_version=coder_version)

    def scan(kind: str) -> pl.LazyFrame:
        frames = [pl.scan_parquet(part_dir / f"{p}.{kind}.parquet").with_columns(pl.lit(p).alias("part")) for p in parts]
        return pl.concat(frames).join(current, on=["doc_id", "part"], how="semi").drop("part")

    documents = scan("documents").sort("doc_id").collect()
    if total <= IN_MEMORY_MENTIONS:  # read the parts once: events and mentions both come from them
        return dataset_from_records(scan("mentions").collect().lazy(), documents.lazy(), coder_version=coder_version)
    pieces = -(-total // IN_MEMORY_MENTIONS)
    doc_ids = documents.get_column("doc_id")
    bounds = [doc_ids[min(i * len(doc_ids) // pieces, len(doc_ids) - 1)] for i in range(1, pieces)]
    width = 1 if pieces <= 16 else 2
    prefixes = [format(i, f"0{width}x") for i in range(16**width)]
    mention_columns = [spec.name for spec in column_specs("mentions")]

    def mention_chunks() -> Iterator[pl.DataFrame]:
        low: str | None = None
        for high in [*bounds, None]:
            keep = pl.lit(True)
            if low is not None:
                keep &= pl.col("doc_id") >= low
            if high is not None:
                keep &= pl.col("doc_id") < high
            yield scan("mentions").filter(keep).sort(["doc_id", "sentence_index", "position"]).select(mention_columns).collect()
            low = high

    def event_chunks() -> Iterator[pl.DataFrame]:
        for prefix in prefixes:
            records = scan("mentions").filter(pl.col("event_id").str.starts_with(prefix))
            yield aggregate_events(records, coder_version=coder_version)

    n_events = scan("mentions").select(pl.col("event_id").n_unique()).collect().item()
    return Dataset(
        events=Chunks(event_chunks, n_events, polars_schema("events")),
        mentions=Chunks(mention_chunks, total, polars_schema("mentions")),
        documents=documents,
    )


def _write_state(state_dir: Path, state: pl.DataFrame) -> None:
    tmp = state_dir / f".{STATE_FILE}.tmp"
    state.write_parquet(tmp)
    os.replace(tmp, state_dir / STATE_FILE)


def _remove_stale_parts(part_dir: Path, state: pl.DataFrame) -> None:
    live = set(state.get_column("part").to_list())
    for path in part_dir.glob("*.parquet"):
        if path.name.split(".", 1)[0] not in live:
            path.unlink(missing_ok=True)


def clear_state(out: str | Path) -> None:
    """Forget the incremental state of an output folder (the next run recodes everything)."""
    shutil.rmtree(Path(out) / STATE_DIR, ignore_errors=True)
