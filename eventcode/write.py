"""Writing the dataset: typed CSV, Parquet and Stata tables, a Frictionless ``datapackage.json``
and the codebook.

Every file is written to a temporary name in the output folder and renamed into place, so a file
is either the previous complete one or the new complete one. Output is deterministic: rows are
sorted by id and nothing time-dependent is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventcode.codebook import CODEBOOK_NAME, codebook_text, column_values
from eventcode.dataset import Dataset
from eventcode.errors import OutputError
from eventcode.stata import require_pandas, write_stata
from eventcode.tables import PRIMARY_KEYS, TABLES, column_specs, schema_text

FORMATS = ("csv", "parquet", "dta")
DEFAULT_FORMATS = ("csv", "parquet")
SCHEMA_METADATA_KEY = b"eventcode.schema"


def _atomic_write(path: Path, write: Any) -> None:
    """Call ``write(tmp_path)`` and rename the result to ``path``."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary shared files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_csv(frame: Any, path: Path) -> None:
    _atomic_write(path, lambda tmp: frame.write_csv(tmp, date_format="%Y-%m-%d", include_header=True))


def _write_parquet(frame: Any, path: Path, table: str) -> None:
    arrow = frame.to_arrow()
    metadata = dict(arrow.schema.metadata or {})
    metadata[SCHEMA_METADATA_KEY] = schema_text(table).encode("utf-8")
    arrow = arrow.replace_schema_metadata(metadata)

    def write(tmp: Path) -> None:
        pq.write_table(arrow, tmp, compression="zstd")

    _atomic_write(path, write)


def _write_dta(frame: Any, path: Path, table: str) -> None:
    _atomic_write(path, lambda tmp: write_stata(frame, tmp, table=table))


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
    """Write the dataset's tables into a folder.

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
        For an unknown format or a folder that cannot be written.
    MissingDependencyError
        For ``dta`` when pandas is not installed.
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
    written: list[Path] = []
    try:
        for table, frame in dataset.tables().items():
            if "csv" in formats:
                _write_csv(frame, folder / f"{table}.csv")
                written.append(folder / f"{table}.csv")
            if "parquet" in formats:
                _write_parquet(frame, folder / f"{table}.parquet", table)
                written.append(folder / f"{table}.parquet")
            if "dta" in formats:
                _write_dta(frame, folder / f"{table}.dta", table)
                written.append(folder / f"{table}.dta")
        if "csv" in formats:
            text = json.dumps(datapackage(formats), indent=2, ensure_ascii=False) + "\n"
            _atomic_write(folder / "datapackage.json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
            written.append(folder / "datapackage.json")
        codebook = codebook_text()
        _atomic_write(folder / CODEBOOK_NAME, lambda tmp: tmp.write_text(codebook, encoding="utf-8"))
        written.append(folder / CODEBOOK_NAME)
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc}; check permissions and free space") from None
    return written


def read_parquet_schema(path: str | Path) -> str | None:
    """The JSON Schema text embedded in a Parquet file by ``write_dataset`` (None if absent)."""
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(SCHEMA_METADATA_KEY)
    return value.decode("utf-8") if value else None


__all__ = ["DEFAULT_FORMATS", "FORMATS", "datapackage", "parse_formats", "read_parquet_schema", "write_dataset", "pa"]
