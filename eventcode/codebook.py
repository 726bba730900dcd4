"""The codebook: every column of the three tables with its type, meaning and allowed values.

Generated from the table models in ``eventcode.tables`` and the code tables (CAMEO, QuadClass,
ACLED), never written by hand. ``write_dataset`` puts ``codebook.md`` beside each dataset and
``eventcode codebook --out docs/`` keeps ``docs/codebook.md`` in the repository; a test fails
when the committed copy differs from what the models generate.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventcode.acled import (
    ACLED_MAP,
    CIVILIAN_TARGETING,
    DISORDER,
    INTER_NAMES,
    acled_markdown,
    assigned_types,
)
from eventcode.cameo import QUAD_CLASS_NAMES, cameo_codes
from eventcode.tables import PRIMARY_KEYS, TABLES, ColumnSpec, column_specs

GEO_PRECISION_NAMES = {1: "site or town", 2: "district or region", 3: "country"}
DATE_PRECISION_NAMES = {
    "day": "the day is known",
    "week": "known to the week (event_date is a day in it)",
    "month": "known to the month (event_date is a day in it)",
    "year": "known to the year (event_date is a day in it)",
}
STATUS_NAMES = {"ok": "coded", "error": "could not be read or coded (see error)"}
FOREIGN_KEYS = {"mentions": {"event_id": ("events", "event_id"), "doc_id": ("documents", "doc_id")}}
CODEBOOK_NAME = "codebook.md"
ACLED_DOC_NAME = "acled.md"

# How each column type is stored by each format and read by each tool (docs/loading.md).
TYPE_ROWS = (
    ("type", "CSV", "Parquet", "Stata (.dta)", "R", "pandas"),
    ("string", "text; empty is missing", "string", "str# or strL; \"\" is missing", "character", "string"),
    ("integer", "digits; empty is missing", "int64", "byte, int or long; `.` is missing", "integer (readr), double (haven)", "Int64"),
    ("number", "decimal; empty is missing", "double", "double; `.` is missing", "double", "float64"),
    ("date", "YYYY-MM-DD; empty is missing", "date32", "%td daily date", "Date", "datetime64[s]"),
)


def _cameo_roots() -> dict[str, str]:
    return {code.code: code.label for code in cameo_codes().values() if len(code.code) == 2}


def _acled_event_types() -> dict[str, str]:
    types = sorted({event_type for event_type, _ in assigned_types()})
    return {event_type: f"disorder type: {DISORDER[event_type]}" for event_type in types}


def _acled_sub_event_types() -> dict[str, str]:
    pairs = sorted({(sub, event_type) for event_type, sub in assigned_types()})
    return {sub: f"event type: {event_type}" for sub, event_type in pairs}


def _acled_disorder_types() -> dict[str, str]:
    return {
        disorder: "event types: " + ", ".join(sorted(t for t, d in DISORDER.items() if d == disorder))
        for disorder in sorted(set(DISORDER.values()))
    }


def column_values(column: str) -> dict[int, str] | dict[str, str] | None:
    """The allowed values of a column and their labels, or None when any value of its type may occur.

    Parameters
    ----------
    column
        A column name; a name means the same in every table (``cameo_code`` in events and mentions).

    Returns
    -------
    dict or None
        Value to label; integer keys for integer columns (QuadClass, precision, inter codes),
        string keys for codes stored as text (CAMEO codes keep their leading zero).
    """
    match column:
        case "cameo_code":
            return {code.code: code.label for code in cameo_codes().values()}
        case "cameo_root":
            return _cameo_roots()
        case "quad_class":
            return dict(QUAD_CLASS_NAMES)
        case "geo_precision":
            return dict(GEO_PRECISION_NAMES)
        case "date_precision":
            return dict(DATE_PRECISION_NAMES)
        case "status":
            return dict(STATUS_NAMES)
        case "acled_event_type":
            return _acled_event_types()
        case "acled_sub_event_type":
            return _acled_sub_event_types()
        case "acled_disorder_type":
            return _acled_disorder_types()
        case "acled_inter1" | "acled_inter2":
            return dict(INTER_NAMES)
        case "civilian_targeting":
            return {CIVILIAN_TARGETING: "civilians were the target (violence against civilians, explosions/remote violence)"}
        case "geo_method":
            from eventcode.place import GEO_METHODS

            return dict(GEO_METHODS)
    return None


def value_labels(table: str) -> dict[str, dict[int, str] | dict[str, str]]:
    """The labelled columns of a table with their allowed values and labels, in column order."""
    labelled = {}
    for spec in column_specs(table):
        values = column_values(spec.name)
        if values is not None:
            labelled[spec.name] = values
    return labelled


def _cell(text: str) -> str:
    """Text made safe for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(rows: Sequence[Sequence[str]]) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in body)
    return lines


def _constraints(spec: ColumnSpec, table: str) -> str:
    parts = []
    if spec.name == PRIMARY_KEYS[table]:
        parts.append("primary key, unique")
    reference = FOREIGN_KEYS.get(table, {}).get(spec.name)
    if reference:
        parts.append(f"references {reference[0]}.{reference[1]}")
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else f"{spec.minimum:g} ≤ "
        high = "" if spec.maximum is None else f" ≤ {spec.maximum:g}"
        parts.append(f"{low}value{high}")
    if spec.min_length:
        parts.append("not empty")
    if spec.pattern:
        parts.append(f"matches `{spec.pattern}`")
    if spec.name == "cameo_code":
        parts.append("one of the CAMEO codes listed at the end")
    elif column_values(spec.name) is not None:
        parts.append("one of the values below")
    return "; ".join(parts)


def _table_section(table: str) -> list[str]:
    model = TABLES[table]
    specs = column_specs(table)
    lines = [f"## {table}", "", (model.__doc__ or "").strip(), ""]
    lines.append(f"Files: `{table}.csv`, `{table}.parquet`, `{table}.dta`. Primary key: `{PRIMARY_KEYS[table]}`.")
    lines.append("")
    rows = [("column", "type", "required", "meaning", "constraints")]
    for spec in specs:
        rows.append((f"`{spec.name}`", spec.kind, "yes" if spec.required else "no", spec.description, _constraints(spec, table)))
    lines.extend(_rows(rows))
    for spec in specs:
        values = column_values(spec.name)
        if values is None or spec.name == "cameo_code":
            continue
        lines.extend(["", f"### {table}.{spec.name}", ""])
        lines.extend(_rows([("value", "label"), *((f"`{value}`", label) for value, label in values.items())]))
    lines.append("")
    return lines


def _cameo_section() -> list[str]:
    lines = [
        "## CAMEO event codes",
        "",
        "The values of `cameo_code` (events and mentions), with their root, QuadClass and Goldstein",
        "score as written in `cameo_root`, `quad_class` and `goldstein`. Codes are text: `043` keeps its",
        "leading zero in every format.",
        "",
    ]
    rows = [("code", "root", "label", "quad_class", "goldstein")]
    rows.extend((f"`{c.code}`", f"`{c.root}`", c.label, str(c.quad_class), f"{c.goldstein:g}") for c in cameo_codes().values())
    lines.extend(_rows(rows))
    lines.append("")
    return lines


def _acled_section() -> list[str]:
    lines = [
        "## ACLED types of CAMEO codes",
        "",
        "An event whose `cameo_code` starts with one of these prefixes (the longest wins) gets the",
        "ACLED event type and sub-event type beside it; other events keep the ACLED columns empty.",
        "",
    ]
    rows = [("CAMEO prefix", "acled_event_type", "acled_sub_event_type", "acled_disorder_type")]
    rows.extend((f"`{prefix}`", event_type, sub, DISORDER[event_type]) for prefix, (event_type, sub) in sorted(ACLED_MAP.items()))
    lines.extend(_rows(rows))
    lines.append("")
    return lines


def codebook_text() -> str:
    """The codebook of the three tables as Markdown, generated from the models.

    Returns
    -------
    str
        The exact text of ``codebook.md`` (the same beside every dataset and in ``docs/``).
    """
    lines = [
        "# eventcode dataset codebook",
        "",
        "<!-- Generated from eventcode/tables.py by `eventcode codebook --out docs/`; do not edit. -->",
        "",
        "An eventcode dataset has three tables: **events** (one row per event, merged over its",
        "mentions), **mentions** (one row per statement of an event in a sentence) and **documents**",
        "(one row per input document). Each is written as CSV (with `datapackage.json`, a Frictionless",
        "Data Package), Parquet and, on request, Stata `.dta`. `mentions.event_id` links to",
        "`events.event_id` and `mentions.doc_id` to `documents.doc_id`. docs/loading.md shows how to",
        "load them in polars, pandas, R and Stata.",
        "",
        "## Column types",
        "",
    ]
    lines.extend(_rows(list(TYPE_ROWS)))
    lines.append("")
    for table in TABLES:
        lines.extend(_table_section(table))
    lines.extend(_cameo_section())
    lines.extend(_acled_section())
    return "\n".join(lines)


def write_acled_doc(folder: str | Path) -> Path:
    """Write ``acled.md`` (the CAMEO → ACLED mapping, from ``ACLED_MAP``) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    path = out / ACLED_DOC_NAME
    path.write_text(acled_markdown(), encoding="utf-8")
    return path


def write_codebook(folder: str | Path) -> Path:
    """Write ``codebook.md`` into ``folder`` (created if missing); return its path."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    path = out / CODEBOOK_NAME
    path.write_text(codebook_text(), encoding="utf-8")
    return path
