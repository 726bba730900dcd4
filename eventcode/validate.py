"""Validating a dataset against the contract: types, ranges, codes, keys and cross-table rules.

CSV is read with every column as text and cast explicitly, so a bad cell is reported with its row
and column instead of being inferred into another type. Every rule comes from the table models in
``eventcode.tables``, the row and cross-table rules of ``eventcode.rules``, and these:

- every column of the contract is present, and nothing else; a CSV file ends with a line break;
- an output folder holds all three tables of each format, CSV and Parquet copies hold the same
  rows, and ``datapackage.json`` is the descriptor eventcode writes.

A folder left by an interrupted write is completed first (``write.complete_pending_write``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from eventcode.cameo import cameo_codes
from eventcode.countries import country_names
from eventcode.errors import OutputError
from eventcode.rules import MAX_PROBLEMS_PER_RULE, Problem, cross_table_rules, event_rules
from eventcode.tables import PRIMARY_KEYS, TABLES, ColumnSpec, column_specs, polars_schema
from eventcode.write import FORMATS, complete_pending_write, datapackage

ISO3_COLUMNS = {"events": ("source_country", "target_country", "country_iso3")}
CAMEO_COLUMNS = {"events": ("cameo_code",), "mentions": ("cameo_code",)}


@dataclass(slots=True)
class _Group:
    """The tables of one format in one folder; ``whole`` when a folder (not single files) was given."""

    folder: Path
    fmt: str
    files: dict[str, Path]
    whole: bool = False


def _table_files(paths: Iterable[str | Path]) -> dict[tuple[Path, str], _Group]:
    """Group table files by folder and format; folders are expanded."""
    found: dict[tuple[Path, str], _Group] = {}
    for raw in paths:
        path = Path(raw)
        whole = path.is_dir()
        for candidate in sorted(path.iterdir()) if whole else [path]:
            fmt = candidate.suffix.lstrip(".")
            if candidate.stem in TABLES and fmt in FORMATS:
                group = found.setdefault((candidate.parent, fmt), _Group(candidate.parent, fmt, {}))
                group.files[candidate.stem] = candidate
                group.whole = group.whole or whole
    return found


def _read(path: Path, table: str) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """Read a table with explicit types; cells that do not cast become problems (and nulls).

    Returns the typed frame, the frame as read (to report cells as written) and the problems.
    """
    schema = polars_schema(table)
    problems: list[Problem] = []
    if path.suffix == ".parquet":
        frame = pl.read_parquet(path)
        for name, dtype in schema.items():
            if name in frame.columns and frame.schema[name] != dtype:
                problems.append(Problem(table, None, name, str(frame.schema[name]), f"type must be {dtype}"))
                frame = frame.with_columns(_coerce(frame, name, dtype))
        return frame, frame, problems
    if not _ends_with_line_break(path):
        problems.append(Problem(table, None, None, None, "the file does not end with a line break: it is truncated"))
    raw = pl.read_csv(path, infer_schema=False)
    columns = []
    for name in raw.columns:
        wanted = schema.get(name)
        if wanted is None or wanted == pl.String():
            columns.append(pl.col(name))
            continue
        if wanted == pl.Date():
            cast = pl.col(name).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        else:
            cast = pl.col(name).cast(wanted, strict=False)
        columns.append(cast.alias(name))
        bad = raw.with_row_index("row", offset=1).filter(
            pl.col(name).is_not_null() & (pl.col(name) != "") & raw.select(cast).to_series().is_null()
        )
        for row, value in bad.select("row", name).head(MAX_PROBLEMS_PER_RULE).iter_rows():
            problems.append(Problem(table, row, name, value, f"not a valid {wanted}"))
    return raw.select(columns), raw, problems


def _coerce(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """A column of the wrong type as the right one: values that do not convert become null."""
    if dtype == pl.Date() and frame.schema[name] == pl.String():
        return pl.col(name).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    try:
        frame.head(0).select(pl.col(name).cast(dtype, strict=False))
    except pl.exceptions.PolarsError:  # no conversion between the types at all
        return pl.lit(None, dtype=dtype).alias(name)
    return pl.col(name).cast(dtype, strict=False)


def _ends_with_line_break(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return True  # empty: reported when read
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"


def _column_problems(frame: pl.DataFrame, raw: pl.DataFrame, table: str, spec: ColumnSpec) -> Iterator[Problem]:
    if spec.name not in frame.columns:
        yield Problem(table, None, spec.name, None, "required column is missing" if spec.required else "column is missing")
        return
    indexed = frame.select(pl.col(spec.name)).with_row_index("row", offset=1).with_columns(
        raw.get_column(spec.name).cast(pl.String).alias("__as_written")
    )
    col = pl.col(spec.name)
    checks: list[tuple[pl.Expr, str]] = []
    if spec.required:
        checks.append((col.is_null(), "required: must not be empty"))
    if spec.minimum is not None:
        checks.append((col < spec.minimum, f"must be >= {spec.minimum}"))
    if spec.maximum is not None:
        checks.append((col > spec.maximum, f"must be <= {spec.maximum}"))
    if spec.pattern and spec.kind == "string":
        checks.append((~col.str.contains(spec.pattern), f"must match {spec.pattern}"))
    if spec.min_length:
        checks.append((col.str.len_chars() < spec.min_length, f"must have at least {spec.min_length} character(s)"))
    if spec.allowed:
        checks.append((~col.is_in(list(spec.allowed)), f"must be one of {', '.join(spec.allowed)}"))
    if spec.name in CAMEO_COLUMNS.get(table, ()):
        checks.append((~col.is_in(list(cameo_codes())), "must be a CAMEO 1.1b3 event code"))
    if spec.name in ISO3_COLUMNS.get(table, ()):
        checks.append((~col.is_in(list(country_names())), "must be an ISO 3166-1 alpha-3 code"))
    for condition, rule in checks:
        bad = indexed.filter(condition.fill_null(False))
        for row, _value, written in bad.head(MAX_PROBLEMS_PER_RULE).iter_rows():
            yield Problem(table, row, spec.name, written, rule)


def _duplicates(frame: pl.DataFrame, table: str, column: str) -> Iterator[Problem]:
    if column not in frame.columns:
        return
    indexed = frame.select(column).with_row_index("row", offset=1)
    dupes = indexed.filter(pl.col(column).is_duplicated() & pl.col(column).is_not_null())
    for row, value in dupes.head(MAX_PROBLEMS_PER_RULE).iter_rows():
        yield Problem(table, row, column, str(value), "must be unique")


def validate_dataset(paths: Iterable[str | Path]) -> list[Problem]:
    """Check output files (or output folders) against the schemas and cross-table rules.

    Parameters
    ----------
    paths
        CSV or Parquet files named after their table (``events.csv``), or folders holding them.
        CSV and Parquet files are checked as two datasets, each against the same rules; a folder
        must hold all three tables of each format it has, the same rows in both formats, and the
        ``datapackage.json`` of its CSV tables. A folder left by an interrupted ``write_dataset``
        is completed first (rolled forward or back, see ``eventcode.write``).

    Returns
    -------
    list[Problem]
        Empty when the dataset is valid; ``Problem.table`` names the file (``events.csv``; with
        several folders, its path).
    """
    paths = list(paths)
    problems: list[Problem] = []
    for folder in dict.fromkeys(Path(p) if Path(p).is_dir() else Path(p).parent for p in paths):
        try:
            complete_pending_write(folder)
        except OutputError as exc:
            problems.append(Problem("-", None, None, str(folder), str(exc)))
    groups = _table_files(paths)
    if not groups:
        return [*problems, Problem("-", None, None, None, "no events/mentions/documents .csv or .parquet file found")]
    several = len({folder for folder, _ in groups}) > 1
    typed: dict[tuple[Path, str], dict[str, pl.DataFrame]] = {}
    for key, group in sorted(groups.items()):
        found, frames = _validate_group(group.files)
        if group.whole:
            found.extend(
                Problem(t, None, None, None, "table is missing from the dataset; code the dataset again")
                for t in TABLES
                if t not in group.files
            )
        typed[key] = frames

        def label(table: str, group: _Group = group) -> str:
            if table not in TABLES:
                return table
            return str(group.folder / f"{table}.{group.fmt}") if several else f"{table}.{group.fmt}"

        problems.extend(replace(p, table=label(p.table)) for p in found)
    for (folder, fmt), group in sorted(groups.items()):
        if fmt == "csv" and group.whole:
            problems.extend(_datapackage_problems(folder))
        if fmt == "csv" and (folder, "parquet") in typed:
            problems.extend(_agreement_problems(typed[(folder, "csv")], typed[(folder, "parquet")], folder if several else None))
    return problems


def _datapackage_problems(folder: Path) -> list[Problem]:
    path = folder / "datapackage.json"
    try:
        written = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [Problem("datapackage.json", None, None, None, f"cannot read the descriptor of the CSV tables: {exc}")]
    if written != datapackage(["csv"]):
        return [Problem("datapackage.json", None, None, None, "differs from the descriptor eventcode writes; code the dataset again")]
    return []


def _agreement_problems(
    csv_frames: dict[str, pl.DataFrame], parquet_frames: dict[str, pl.DataFrame], folder: Path | None
) -> Iterator[Problem]:
    """CSV and Parquet copies in one folder must hold the same rows."""
    for table in TABLES:
        left, right = csv_frames.get(table), parquet_frames.get(table)
        if left is None or right is None or left.equals(right):
            continue
        name = f"{table}.parquet" if folder is None else str(folder / f"{table}.parquet")
        if left.columns != right.columns or left.height != right.height:
            yield Problem(name, None, None, None, f"must hold the same rows and columns as {table}.csv")
            continue
        for column in left.columns:
            differs = (
                pl.DataFrame({"a": left[column], "b": right[column]})
                .with_row_index("row", offset=1)
                .filter(pl.col("a").ne_missing(pl.col("b")))
            )
            if differs.height:
                row, csv_value, parquet_value = differs.row(0)
                yield Problem(
                    name, row, column, None if parquet_value is None else str(parquet_value),
                    f"differs from {table}.csv ({csv_value!r}); the two copies must hold the same data",
                )


def _validate_group(files: dict[str, Path]) -> tuple[list[Problem], dict[str, pl.DataFrame]]:
    problems: list[Problem] = []
    frames: dict[str, pl.DataFrame] = {}
    for table, path in sorted(files.items()):
        try:
            frame, raw, read_problems = _read(path, table)
        except Exception as exc:  # a truncated or foreign file must be reported, not crash validate
            problems.append(Problem(table, None, None, str(path), f"cannot read the file: {exc}"))
            continue
        problems.extend(read_problems)
        expected = [s.name for s in column_specs(table)]
        for extra in sorted(set(frame.columns) - set(expected)):
            problems.append(Problem(table, None, extra, None, "unknown column"))
        for spec in column_specs(table):
            problems.extend(_column_problems(frame, raw, table, spec))
        problems.extend(_duplicates(frame, table, PRIMARY_KEYS[table]))
        frames[table] = frame
    if "events" in frames:
        problems.extend(event_rules(frames["events"]))
    problems.extend(cross_table_rules(frames))
    return problems, frames


__all__ = ["Problem", "validate_dataset"]
