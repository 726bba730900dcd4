"""Writing a table as a Stata file: ``.dta`` format 118, which Stata 14 and later open.

pandas' ``DataFrame.to_stata`` writes it: variable labels come from the model descriptions (cut to
Stata's 80 characters), value labels from the codebook (QuadClass, geo_precision, ACLED inter
codes), dates become Stata daily dates (``%td``), integers keep Stata's integer types with ``.``
for missing, codes stay strings (``"043"``), and texts longer than 2,045 bytes become ``strL``.
Stata has no missing string: a missing text is written as ``""``.

pandas is an optional dependency (``pip install eventcode[stata]``), imported only here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from eventcode.codebook import value_labels
from eventcode.errors import MissingDependencyError
from eventcode.tables import TABLES, column_specs

STATA_VERSION = 118  # Stata 14+: UTF-8 text, strL, up to 32,767 variables
STATA_LABEL_LENGTH = 80  # variable and data labels
STATA_NAME_LENGTH = 32
# Stata files carry a creation time; a fixed one keeps reruns byte-identical like the other files.
STATA_TIME_STAMP = datetime(2000, 1, 1)


def require_pandas() -> Any:
    """Import pandas, which Stata output needs; raise ``MissingDependencyError`` naming the extra."""
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            "writing Stata files (--format dta) needs pandas; install it with `pip install eventcode[stata]`"
        ) from None
    return pandas


def stata_label(text: str, *, limit: int = STATA_LABEL_LENGTH) -> str:
    """Cut a description to Stata's label length at a word boundary, marking the cut with "…".

    Parameters
    ----------
    text
        The full description.
    limit
        The longest label Stata accepts (80 characters).

    Returns
    -------
    str
        ``text`` when it fits, else its first words and an ellipsis, at most ``limit`` characters.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def stata_frame(frame: pl.DataFrame, table: str) -> Any:
    """The table as a pandas frame with the dtypes ``to_stata`` maps to the right Stata types.

    Parameters
    ----------
    frame
        A table of the dataset (columns as in ``eventcode.tables``).
    table
        ``events``, ``mentions`` or ``documents``.

    Returns
    -------
    pandas.DataFrame
        Texts with ``""`` for missing, nullable ``Int64`` integers, ``float64`` numbers and
        ``datetime64`` dates.
    """
    pd = require_pandas()
    specs = column_specs(table)
    strings = [s.name for s in specs if s.kind == "string"]
    # Stata has no missing string; an all-missing text column would also stop pandas' writer.
    converted = frame.select([s.name for s in specs]).with_columns(pl.col(strings).fill_null(""))
    result = converted.to_pandas()
    for spec in specs:
        if spec.kind == "string":
            result[spec.name] = result[spec.name].astype(object)
        elif spec.kind == "integer":
            result[spec.name] = result[spec.name].astype(pd.Int64Dtype())
        elif spec.kind == "number":
            result[spec.name] = result[spec.name].astype("float64")
        else:
            result[spec.name] = result[spec.name].astype("datetime64[s]")
    return result


def write_stata(frame: pl.DataFrame, path: str | Path, *, table: str) -> None:
    """Write one table as a Stata ``.dta`` file with variable and value labels.

    Parameters
    ----------
    frame
        A table of the dataset.
    path
        The file to write (the caller renames it into place).
    table
        ``events``, ``mentions`` or ``documents``.

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.
    """
    specs = column_specs(table)
    labels = value_labels(table)
    integer_labels = {s.name: labels[s.name] for s in specs if s.kind == "integer" and s.name in labels}
    description = (TABLES[table].__doc__ or "").strip()
    stata_frame(frame, table).to_stata(
        path,
        write_index=False,
        version=STATA_VERSION,
        convert_dates={s.name: "td" for s in specs if s.kind == "date"},
        variable_labels={s.name: stata_label(s.description) for s in specs},
        value_labels=integer_labels,
        data_label=stata_label(f"eventcode {table}: {description}"),
        time_stamp=STATA_TIME_STAMP,
        compression=None,
    )
