"""Writing the dataset: typed CSV, Parquet and Stata tables, a Frictionless ``datapackage.json``
and the codebook.

The files of a dataset are replaced together, so an output folder holds either the previous
complete dataset or the new complete one, even when the writer is killed at any point:

1. every file is written and flushed to disk in a staging folder ``out/.staging-<random>/``;
2. the commit journal ``out/.eventcode-commit`` is written (to a temporary name, then renamed)
   naming the staging folder, the files to move and the old dataset files to remove (a parquet
   left from an earlier ``--format both`` run when this one is ``--format csv``): this is the
   commit point;
3. the files are renamed into place, stale ones removed, then the journal and the staging folder.

A write killed before step 2 leaves only a staging folder, which the next write (or
``complete_pending_write``) deletes: the old dataset stands. A write killed after step 2 is rolled
forward by the next write or by ``eventcode validate`` (``complete_pending_write``). Writers of one
folder take turns through an advisory lock on the folder itself (where the platform has ``fcntl``).

Output is deterministic: rows are sorted by id and nothing time-dependent is written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from eventcode.codebook import CODEBOOK_NAME, codebook_text, column_values
from eventcode.dataset import Chunks, Dataset
from eventcode.errors import OutputError
from eventcode.stata import require_pandas, write_stata
from eventcode.tables import PRIMARY_KEYS, TABLES, column_specs, schema_text

FORMATS = ("csv", "parquet", "dta")
DEFAULT_FORMATS = ("csv", "parquet")
SCHEMA_METADATA_KEY = b"eventcode.schema"
JOURNAL = ".eventcode-commit"
STAGING_PREFIX = ".staging-"
# Every file a dataset may have; a commit removes the ones its own formats do not write.
DATASET_FILES = (
    *(f"{t}.{f}" for t in ("events", "mentions", "documents") for f in FORMATS),
    "datapackage.json",
    CODEBOOK_NAME,
)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Make renames and deletions in a folder durable (POSIX only; a no-op elsewhere)."""
    if os.name != "posix":
        return
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's write lock: concurrent writers (and roll-forwards) take turns."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one writer per folder is then up to the user
        yield
        return
    handle = os.open(folder, os.O_RDONLY)  # the folder itself: no lock file left behind
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _write_csv(frame: Any, path: Path) -> None:
    if isinstance(frame, Chunks):
        with path.open("wb") as handle:  # one header, then every chunk's rows
            pl.DataFrame(schema=frame.schema).write_csv(handle, include_header=True)
            for chunk in frame:
                chunk.write_csv(handle, date_format="%Y-%m-%d", include_header=False)
        return
    frame.write_csv(path, date_format="%Y-%m-%d", include_header=True)


def _write_parquet(frame: Any, path: Path, table: str) -> None:
    metadata = {SCHEMA_METADATA_KEY: schema_text(table).encode("utf-8")}
    if isinstance(frame, Chunks):
        schema = pl.DataFrame(schema=frame.schema).to_arrow().schema
        schema = schema.with_metadata({**(schema.metadata or {}), **metadata})
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for chunk in frame:
                writer.write_table(chunk.rechunk().to_arrow().cast(schema))
        return
    # One contiguous piece per column: the bytes of the file then depend on the rows alone, not on
    # how many part files (batches, workers) the rows were read from.
    arrow = frame.rechunk().to_arrow()
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **metadata})
    pq.write_table(arrow, path, compression="zstd")


def parse_formats(text: str) -> tuple[str, ...]:
    """Parse a ``--format`` value: ``csv``, ``parquet``, ``dta``, ``both`` or a comma-separated list.

    Parameters
    ----------
    text
        For example ``"csv,dta"``; ``both`` stands for csv and parquet.

    Returns
    -------
    tuple[str, ...]
        The formats, without repeats, in the order given.

    Raises
    ------
    OutputError
        For an empty list or an unknown format.
    """
    names: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        names.extend(DEFAULT_FORMATS if name == "both" else [name])
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise OutputError(f"unknown output format(s) {unknown or [text]}; use csv, parquet, dta, both or a comma-separated list such as csv,dta")
    return tuple(dict.fromkeys(names))


def datapackage(formats: Iterable[str]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV tables (types, constraints, keys)."""
    resources = []
    for table in ("events", "mentions", "documents"):
        fields = []
        for spec in column_specs(table):
            constraints: dict[str, Any] = {}
            if spec.required:
                constraints["required"] = True
            if spec.minimum is not None:
                constraints["minimum"] = spec.minimum
            if spec.maximum is not None:
                constraints["maximum"] = spec.maximum
            if spec.pattern:
                constraints["pattern"] = spec.pattern.strip("^$")
            if spec.allowed:
                constraints["enum"] = list(spec.allowed)
            elif spec.kind == "string" and (values := column_values(spec.name)):
                constraints["enum"] = list(values)  # CAMEO and ACLED codes, as in codebook.md
            field: dict[str, Any] = {"name": spec.name, "type": spec.kind, "description": spec.description}
            if spec.kind == "date":
                field["format"] = "%Y-%m-%d"
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, Any] = {"fields": fields, "primaryKey": [PRIMARY_KEYS[table]], "missingValues": [""]}
        if table == "mentions":
            schema["foreignKeys"] = [
                {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}},
                {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}},
            ]
        resources.append(
            {
                "name": table,
                "description": (TABLES[table].__doc__ or "").strip(),
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "eventcode-dataset",
        "title": "Political events coded by eventcode (CAMEO)",
        "description": f"Every column's meaning and allowed values: {CODEBOOK_NAME} beside this file.",
        "resources": resources if "csv" in formats else [],
    }


def write_dataset(dataset: Dataset, out: str | Path, *, formats: Iterable[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write the dataset's tables into a folder, replacing the files of a previous dataset together.

    Parameters
    ----------
    dataset
        The merged tables.
    out
        The output folder (created if missing).
    formats
        Any of ``csv``, ``parquet`` and ``dta`` (Stata; needs pandas). CSV output comes with
        ``datapackage.json``; every dataset comes with ``codebook.md``.

    Returns
    -------
    list[Path]
        The files written.

    Raises
    ------
    OutputError
        For an unknown format or a folder that cannot be written. The folder then still holds
        the previous dataset (see the module docstring).
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise OutputError(f"unknown output format(s) {unknown or formats}; use csv, parquet, dta or several")
    if "dta" in formats:
        require_pandas()  # before any file is written
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder}: {exc.strerror}; choose another --out") from None
    try:
        with _folder_lock(folder):
            _recover(folder)
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
            try:
                names = _write_files(dataset, staging, formats)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            _commit(folder, staging, names)
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc}; check permissions and free space") from None
    return [folder / name for name in names]


def _write_stata_table(dataset: Dataset, table: str, path: Path) -> None:
    write_stata(dataset.frame(table), path, table=table)


def _write_files(dataset: Dataset, staging: Path, formats: list[str]) -> list[str]:
    """Write every file of the dataset into the staging folder and flush them to disk."""
    names: list[str] = []
    jobs: list[Callable[[], None]] = []
    for table, frame in dataset.tables().items():
        if "csv" in formats:
            jobs.append(functools.partial(_write_csv, frame, staging / f"{table}.csv"))
            names.append(f"{table}.csv")
        if "parquet" in formats:
            jobs.append(functools.partial(_write_parquet, frame, staging / f"{table}.parquet", table))
            names.append(f"{table}.parquet")
        if "dta" in formats:
            # Stata files are written whole: the table is held in memory for this format only.
            jobs.append(functools.partial(_write_stata_table, dataset, table, staging / f"{table}.dta"))
            names.append(f"{table}.dta")
    # polars and pyarrow encode and compress without the interpreter lock: the files of a dataset
    # held in memory are written side by side (no file's bytes depend on it). A dataset written
    # in chunks goes one file at a time, so the chunks of only one file are in memory at once.
    in_memory = not any(isinstance(frame, Chunks) for frame in dataset.tables().values())
    threads = min(len(jobs), os.cpu_count() or 1) if in_memory else 1
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    if "csv" in formats:
        text = json.dumps(datapackage(formats), indent=2, ensure_ascii=False) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        names.append("datapackage.json")
    (staging / CODEBOOK_NAME).write_text(codebook_text(), encoding="utf-8")
    names.append(CODEBOOK_NAME)
    for name in names:
        _fsync_file(staging / name)
    _fsync_dir(staging)
    return names


def _commit(folder: Path, staging: Path, names: list[str]) -> None:
    """Write the journal (the commit point), then move the staged files into place."""
    journal = {
        "staging": staging.name,
        "files": names,
        "remove": [name for name in DATASET_FILES if name not in names and (folder / name).exists()],
    }
    handle, tmp = tempfile.mkstemp(prefix=f"{JOURNAL}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(journal, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, folder / JOURNAL)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    _roll_forward(folder, journal)


def _roll_forward(folder: Path, journal: dict[str, Any]) -> None:
    """Finish a committed write; safe to repeat after a crash at any step."""
    staging = folder / journal["staging"]
    for name in journal["files"]:
        staged = staging / name
        if staged.exists():
            os.replace(staged, folder / name)
        elif not (folder / name).exists():
            raise OutputError(
                f"{folder / JOURNAL} names {name}, which is neither staged nor in place; "
                "the dataset in this folder is incomplete: code it again"
            )
    for name in journal["remove"]:
        (folder / name).unlink(missing_ok=True)
    _fsync_dir(folder)
    (folder / JOURNAL).unlink()
    _fsync_dir(folder)
    shutil.rmtree(staging, ignore_errors=True)


def _read_journal(folder: Path) -> dict[str, Any]:
    path = folder / JOURNAL
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        staging = journal["staging"]
        files, remove = list(journal["files"]), list(journal["remove"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{path} is unreadable ({exc}); delete it and code the dataset again") from None
    # The journal only ever names a staging folder and dataset files: never move anything else.
    known = set(DATASET_FILES)
    if (
        not isinstance(staging, str)
        or not staging.startswith(STAGING_PREFIX)
        or Path(staging).name != staging
        or not set(files) | set(remove) <= known
    ):
        raise OutputError(f"{path} names files eventcode does not write; delete it and code the dataset again")
    return {"staging": staging, "files": files, "remove": remove}


def _recover(folder: Path) -> bool:
    """Roll forward a committed write and delete uncommitted staging folders (lock held)."""
    recovered = False
    if (folder / JOURNAL).exists():
        _roll_forward(folder, _read_journal(folder))
        recovered = True
    for stale in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in folder.glob(f"{JOURNAL}.*.tmp"):
        stale.unlink(missing_ok=True)
    return recovered


def complete_pending_write(out: str | Path) -> bool:
    """Bring an output folder to a complete dataset after an interrupted ``write_dataset``.

    A write interrupted after its commit point is finished (rolled forward); the leftovers of one
    interrupted before it are deleted, which leaves the previous dataset. A folder with nothing
    pending is not touched (it may be read-only).

    Parameters
    ----------
    out
        The output folder.

    Returns
    -------
    bool
        True when an interrupted write was rolled forward.

    Raises
    ------
    OutputError
        When the journal is unreadable or the folder cannot be written.
    """
    folder = Path(out)
    pending = (folder / JOURNAL).exists() or any(folder.glob(f"{STAGING_PREFIX}*")) or any(folder.glob(f"{JOURNAL}.*.tmp"))
    if not pending:
        return False
    try:
        with _folder_lock(folder):
            return _recover(folder)
    except OSError as exc:
        raise OutputError(f"cannot complete the interrupted write in {folder}: {exc}; check permissions") from None


def read_parquet_schema(path: str | Path) -> str | None:
    """The JSON Schema text embedded in a Parquet file by ``write_dataset`` (None if absent)."""
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(SCHEMA_METADATA_KEY)
    return value.decode("utf-8") if value else None


__all__ = ["DEFAULT_FORMATS", "FORMATS", "complete_pending_write", "datapackage", "parse_formats", "read_parquet_schema", "write_dataset"]
