"""Build ``eventcode/data/cameo_codes.tsv``, the project's CAMEO event code table.

The facts (codes, names, QuadClass, Goldstein scores) come from the CAMEO 1.1b3 manual and GDELT's
CAMEO lookups, as collected in ``../shared/reference/cameo_event_codes.tsv`` (see that folder's
SOURCES.md). We keep only the facts we need, in our own columns::

    python scripts/build_cameo_table.py ../shared/reference/cameo_event_codes.tsv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "eventcode" / "data" / "cameo_codes.tsv"


def main(source: str) -> None:
    rows = []
    with open(source, encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle, delimiter="\t"):
            label = (rec["name_cameo_1_1b3"] or rec["name_gdelt_lookup"]).strip()
            rows.append([rec["code"], rec["root_code"], label, rec["gdelt_quadclass"], rec["goldstein_gdelt"]])
    # Codes added after GDELT's lookup (cyber codes, 1834, 195x) have no Goldstein score there:
    # they take their parent's (the code one digit shorter, or the root's first base code).
    score = {row[0]: row[4] for row in rows}
    for row in rows:
        code = row[0]
        while not row[4]:
            code = code[:-1] if len(code) > 3 else code[:2] + "0"
            row[4] = score.get(code, "")
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        handle.write("# CAMEO 1.1b3 event codes. Sources: CAMEO manual 1.1b3 (Schrodt 2012); GDELT\n")
        handle.write("# CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt lookups (QuadClass, Goldstein);\n")
        handle.write("# codes missing from GDELT's Goldstein table take their parent code's score.\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "root", "label", "quad_class", "goldstein"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/cameo_event_codes.tsv")
