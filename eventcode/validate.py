"""Validating a dataset against the contract: types, ranges, codes, keys and cross-table rules.

CSV is read with every column as text and cast explicitly, so a bad cell is reported with its row
and column instead of being inferred into another type. Every rule comes from the table models in
``eventcode.tables`` plus the cross-table rules here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from eventcode.cameo import cameo_codes
from eventcode.countries import country_names
from eventcode.tables import PRIMARY_KEYS, TABLES, ColumnSpec, column_specs, polars_schema

ISO3_COLUMNS = {"events": ("source_country", "target_country", "country_iso3")}
CAMEO_COLUMNS = {"events": ("cameo_code",), "mentions": ("cameo_code",)}
MAX_PROBLEMS_PER_RULE = 50


@dataclass(frozen=True, slots=True)
class Problem:
    """One violation: table, 1-based data row (None for a whole column or table), column, value, rule."""

    table: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        return f"{self.table}\trow {row}\t{self.column or '-'}\t{self.value!r}\t{self.rule}"


def _table_files(paths: Iterable[str | Path]) -> dict[str, dict[str, Path]]:
    """Group files by format: {"csv": {"events": path, ...}, "parquet": {...}}; folders are expanded."""
    found: dict[str, dict[str, Path]] = {}
    for raw in paths:
        path = Path(raw)
        for candidate in sorted(path.iterdir()) if path.is_dir() else [path]:
            fmt = candidate.suffix.lstrip(".")
            if candidate.stem in TABLES and fmt in {"csv", "parquet"}:
                found.setdefault(fmt, {})[candidate.stem] = candidate
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
                frame = frame.with_columns(pl.col(name).cast(dtype, strict=False))
        return frame, frame, problems
    raw = pl.read_csv(path, infer_schema=False)
    columns = []
    for name in raw.columns:
        dtype = schema.get(name)
        if dtype is None or dtype == pl.String():
            columns.append(pl.col(name))
            continue
        if dtype == pl.Date():
            cast = pl.col(name).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        else:
            cast = pl.col(name).cast(dtype, strict=False)
        columns.append(cast.alias(name))
        bad = raw.with_row_index("row", offset=1).filter(
            pl.col(name).is_not_null() & (pl.col(name) != "") & raw.select(cast).to_series().is_null()
        )
        for row, value in bad.select("row", name).head(MAX_PROBLEMS_PER_RULE).iter_rows():
            problems.append(Problem(table, row, name, value, f"not a valid {dtype}"))
    return raw.select(columns), raw, problems


def _column_problems(frame: pl.DataFrame, raw: pl.DataFrame, table: str, spec: ColumnSpec) -> Iterator[Problem]:
    if spec.name not in frame.columns:
        if spec.required:
            yield Problem(table, None, spec.name, None, "required column is missing")
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


def _event_rules(events: pl.DataFrame) -> Iterator[Problem]:
    codes = cameo_codes()
    needed = {"cameo_code", "cameo_root", "quad_class", "goldstein"}
    if not needed <= set(events.columns):
        return
    for row, (code, root, quad, goldstein) in enumerate(
        events.select("cameo_code", "cameo_root", "quad_class", "goldstein").iter_rows(), start=1
    ):
        known = codes.get(code or "")
        if known is None:
            continue
        if root != known.root:
            yield Problem("events", row, "cameo_root", root, f"must be {known.root}, the root of cameo_code {code}")
        if quad is not None and quad != known.quad_class:
            yield Problem("events", row, "quad_class", str(quad), f"must be {known.quad_class} for cameo_code {code}")
        if goldstein is not None and abs(goldstein - known.goldstein) > 1e-9:
            yield Problem("events", row, "goldstein", str(goldstein), f"must be {known.goldstein} for cameo_code {code}")


def _cross_rules(frames: dict[str, pl.DataFrame]) -> Iterator[Problem]:
    events, mentions, documents = frames.get("events"), frames.get("mentions"), frames.get("documents")
    if events is not None and mentions is not None and {"event_id"} <= set(mentions.columns):
        known = events.get_column("event_id")
        dangling = mentions.select("event_id").with_row_index("row", offset=1).filter(~pl.col("event_id").is_in(known.implode()))
        for row, value in dangling.head(MAX_PROBLEMS_PER_RULE).iter_rows():
            yield Problem("mentions", row, "event_id", value, "must refer to an event in events.event_id")
        counts = mentions.group_by("event_id").len()
        joined = events.select("event_id", "num_mentions").with_row_index("row", offset=1).join(
            counts, on="event_id", how="left"
        )
        for row, eid, stated, actual in joined.filter(pl.col("num_mentions") != pl.col("len").fill_null(0)).head(MAX_PROBLEMS_PER_RULE).iter_rows():
            yield Problem("events", row, "num_mentions", str(stated), f"must equal the {actual or 0} mention(s) of event {eid}")
    if mentions is not None and documents is not None and "doc_id" in mentions.columns:
        dangling = mentions.select("doc_id").with_row_index("row", offset=1).filter(
            ~pl.col("doc_id").is_in(documents.get_column("doc_id").implode())
        )
        for row, value in dangling.head(MAX_PROBLEMS_PER_RULE).iter_rows():
            yield Problem("mentions", row, "doc_id", value, "must refer to a document in documents.doc_id")
    if events is not None and documents is not None and {"first_doc_id", "event_date"} <= set(events.columns):
        dated = events.select("event_id", "event_date", "first_doc_id").with_row_index("row", offset=1).join(
            documents.select(pl.col("doc_id").alias("first_doc_id"), "doc_date"), on="first_doc_id", how="left"
        )
        late = dated.filter(pl.col("event_date") > pl.col("doc_date"))
        for row, _eid, value, _doc, doc_date in late.head(MAX_PROBLEMS_PER_RULE).iter_rows():
            yield Problem("events", row, "event_date", str(value), f"must not be after the document date {doc_date}")


def validate_dataset(paths: Iterable[str | Path]) -> list[Problem]:
    """Check output files (or output folders) against the schemas and cross-table rules.

    Parameters
    ----------
    paths
        CSV or Parquet files named after their table (``events.csv``), or folders holding them.
        CSV and Parquet files are checked as two datasets, each against the same rules.

    Returns
    -------
    list[Problem]
        Empty when the dataset is valid; ``Problem.table`` names the file (``events.csv``).
    """
    groups = _table_files(paths)
    if not groups:
        return [Problem("-", None, None, None, "no events/mentions/documents .csv or .parquet file found")]
    problems: list[Problem] = []
    for fmt, files in sorted(groups.items()):
        problems.extend(
            replace(p, table=f"{p.table}.{fmt}" if p.table in TABLES else p.table) for p in _validate_group(files)
        )
    return problems


def _validate_group(files: dict[str, Path]) -> list[Problem]:
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
        problems.extend(_event_rules(frames["events"]))
    problems.extend(_cross_rules(frames))
    return problems
