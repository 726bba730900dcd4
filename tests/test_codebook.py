from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcode.acled import ACLED_MAP, DISORDER, assigned_types
from eventcode.cameo import QUAD_CLASS_NAMES, cameo_codes
from eventcode.cli import main
from eventcode.codebook import codebook_text, column_values, value_labels, write_codebook
from eventcode.tables import TABLES, column_specs
from eventcode.write import datapackage

from .conftest import ROOT


def _column_rows(text: str, table: str) -> dict[str, list[str]]:
    """The rows of a table's column list in codebook.md: name -> [type, required, meaning, constraints]."""
    section = text.split(f"\n## {table}\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"^\| `(\w+)` \| (.*) \|$", line)
        if found:
            cells = re.split(r"(?<!\\) \| ", found.group(2))
            if len(cells) == 4:
                rows[found.group(1)] = cells
    return rows


def test_committed_codebook_matches_the_models() -> None:
    path = ROOT / "docs" / "codebook.md"
    assert path.read_text(encoding="utf-8") == codebook_text(), "run `eventcode codebook --out docs/` to regenerate it"


def test_codebook_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["codebook", "--check", "--out", str(ROOT / "docs")]).exit_code == 0
    stale = runner.invoke(main, ["codebook", "--check", "--out", str(tmp_path)])
    assert stale.exit_code == 1 and "out of date" in stale.output
    written = runner.invoke(main, ["codebook", "--out", str(tmp_path)])
    assert written.exit_code == 0 and (tmp_path / "codebook.md").read_text("utf-8") == codebook_text()
    (tmp_path / "codebook.md").write_text(codebook_text().replace("QuadClass", "Quad"), encoding="utf-8")
    assert runner.invoke(main, ["codebook", "--check", "--out", str(tmp_path)]).exit_code == 1


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_has_its_type_requiredness_and_meaning(table: str) -> None:
    rows = _column_rows(codebook_text(), table)
    specs = column_specs(table)
    assert list(rows) == [s.name for s in specs]
    for spec in specs:
        kind, required, meaning, _ = rows[spec.name]
        assert kind == spec.kind
        assert required == ("yes" if spec.required else "no")
        assert meaning == spec.description.replace("|", "\\|")


@pytest.mark.parametrize("table", list(TABLES))
def test_enumerated_columns_have_a_label_for_each_allowed_value(table: str) -> None:
    labelled = value_labels(table)
    for spec in column_specs(table):
        if spec.allowed:
            assert set(labelled[spec.name]) == set(spec.allowed), spec.name
        for value, label in labelled.get(spec.name, {}).items():
            assert label, (spec.name, value)
            if spec.kind == "integer":
                assert isinstance(value, int) and spec.minimum is not None and spec.maximum is not None
                assert spec.minimum <= value <= spec.maximum
            else:
                assert isinstance(value, str)
            if spec.pattern:
                assert re.fullmatch(spec.pattern, str(value)), (spec.name, value)


def test_labels_come_from_the_code_tables() -> None:
    assert column_values("cameo_code") == {c.code: c.label for c in cameo_codes().values()}
    assert column_values("quad_class") == QUAD_CLASS_NAMES
    roots = column_values("cameo_root")
    assert roots is not None and len(roots) == 20 and roots["04"] == cameo_codes()["04"].label
    event_types = column_values("acled_event_type") or {}
    sub_types = column_values("acled_sub_event_type") or {}
    assert {t for t, _ in assigned_types()} == set(event_types)
    assert {s for _, s in assigned_types()} == set(sub_types) >= {s for _, s in ACLED_MAP.values()}
    assert set(DISORDER.values()) == set(column_values("acled_disorder_type") or {})
    assert column_values("geo_precision") == {1: "site or town", 2: "district or region", 3: "country"}
    assert column_values("source_name") is None


def test_every_cameo_code_is_listed_with_its_name() -> None:
    text = codebook_text()
    for code in cameo_codes().values():
        assert f"| `{code.code}` | `{code.root}` | {code.label} | {code.quad_class} |" in text


def test_a_column_name_has_one_type_in_every_table() -> None:
    # docs/snippets list the integer, number and date columns once for all tables.
    kinds: dict[str, set[str]] = {}
    for table in TABLES:
        for spec in column_specs(table):
            kinds.setdefault(spec.name, set()).add(spec.kind)
    assert {name: k for name, k in kinds.items() if len(k) > 1} == {}


def test_codebook_is_written_beside_each_dataset(seed_output: Path, tmp_path: Path) -> None:
    assert (seed_output / "codebook.md").read_text("utf-8") == codebook_text()
    assert write_codebook(tmp_path / "new").read_text("utf-8") == codebook_text()


def test_datapackage_describes_every_column_from_the_models() -> None:
    package = datapackage(["csv"])
    assert "codebook.md" in package["description"]
    for resource in package["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert resource["description"] == (TABLES[resource["name"]].__doc__ or "").strip()
        for spec in column_specs(resource["name"]):
            assert fields[spec.name]["description"] == spec.description
            assert fields[spec.name]["type"] == spec.kind
            if spec.name == "cameo_code":
                assert fields[spec.name]["constraints"]["enum"] == list(cameo_codes())
    # The package file is plain JSON that other tools read.
    json.loads(json.dumps(package))
