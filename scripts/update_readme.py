"""Regenerate the generated sections of README.md (like cog): the CLI reference from the commands'
help, and the loading snippets from docs/snippets/ (which the tests execute).

    python scripts/update_readme.py          # rewrite the section
    python scripts/update_readme.py --check  # exit 1 when the README is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from eventcode.cli import cli_reference

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SNIPPETS = (
    ("polars", "load_polars.py", "python"),
    ("pandas", "load_pandas.py", "python"),
    ("R with readr (CSV)", "load_readr.R", "r"),
    ("R with haven (Stata files)", "load_haven.R", "r"),
    ("Stata (`--format dta`)", "load_stata.do", "stata"),
)


def loading_snippets() -> str:
    parts = []
    for title, name, language in SNIPPETS:
        code = (ROOT / "docs" / "snippets" / name).read_text(encoding="utf-8").rstrip()
        parts.append(f"{title} (`docs/snippets/{name}`):\n\n```{language}\n{code}\n```\n")
    return "\n".join(parts)


def _replace(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def render(text: str) -> str:
    text = _replace(text, "cli-reference", cli_reference())
    return _replace(text, "loading", loading_snippets())


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        if new != text:
            print("README.md CLI reference is out of date: run `python scripts/update_readme.py`")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
