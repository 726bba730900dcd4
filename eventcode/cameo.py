"""The CAMEO event code table: label, root, QuadClass and Goldstein score of every code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code."""

    code: str
    root: str
    label: str
    quad_class: int
    goldstein: float


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """Return every CAMEO 1.1b3 event code keyed by its string code ("043" keeps its zero).

    Returns
    -------
    dict[str, CameoCode]
        316 codes: 20 roots, base codes and 4-digit sub-codes.
    """
    text = resources.files("eventcode.data").joinpath("cameo_codes.tsv").read_text("utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {
        row["code"]: CameoCode(
            code=row["code"],
            root=row["root"],
            label=row["label"],
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]),
        )
        for row in rows
    }


def cameo_code(code: str) -> CameoCode:
    """Look up one code; raise ``KeyError`` naming the code when it is not a CAMEO code."""
    try:
        return cameo_codes()[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a CAMEO 1.1b3 event code") from None
