"""The CAMEO → ACLED mapping against ACLED's own lists, civilian_targeting, and docs/acled.md drift."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from eventcode.acled import (
    ACLED_MAP,
    CIVILIAN_TARGETING,
    DISORDER,
    INTER_NAMES,
    acled_fields,
    acled_markdown,
    acled_type,
    assigned_types,
)
from eventcode.actors import Actor
from eventcode.cameo import cameo_codes

from .conftest import ROOT, shared_path


def _actor(code: str, *, roles: str = "", kind: str = "agent", country: str | None = None) -> Actor:
    return Actor(0, 1, code, code, code, kind, country, roles)


def _reference(name: str) -> list[dict[str, str]]:
    with shared_path("reference", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_assigned_type_is_an_acled_type() -> None:
    official = {(row["event_type"], row["sub_event_type"]) for row in _reference("acled_event_types.csv")}
    assert len(official) == 25 and len({t for t, _ in official}) == 6
    assert set(assigned_types()) <= official
    assert set(DISORDER) == {t for t, _ in official}


def test_inter_codes_match_acled_numbering() -> None:
    rows = _reference("acled_inter_codes.csv")
    assert sorted(int(float(r["Numeric Code"])) for r in rows) == sorted(INTER_NAMES)


def test_every_prefix_is_a_cameo_code() -> None:
    codes = cameo_codes()
    assert all(prefix in codes for prefix in ACLED_MAP)


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("1831", ("Explosions/Remote violence", "Suicide bomb")),
        ("1832", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),  # car bomb
        ("195", ("Explosions/Remote violence", "Air/drone strike")),
        ("1951", ("Explosions/Remote violence", "Air/drone strike")),
        ("194", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ("193", ("Battles", "Armed clash")),
        ("0874", ("Strategic developments", "Non-violent transfer of territory")),
        ("0871", ("Strategic developments", "Agreement")),
        ("145", ("Riots", "Violent demonstration")),
        ("141", ("Protests", "Peaceful protest")),
        ("043", None),
        ("112", None),
    ],
)
def test_longest_prefix_wins(cameo: str, expected: tuple[str, str] | None) -> None:
    assert acled_type(cameo) == expected


def test_civilian_targeting_only_for_civilian_targets() -> None:
    militants, civilians, soldiers = _actor("REB", roles="REB"), _actor("CVL", roles="CVL"), _actor("USAMIL", roles="MIL", country="USA")
    assert acled_fields("180", militants, civilians)["civilian_targeting"] == CIVILIAN_TARGETING
    assert acled_fields("195", militants, civilians)["civilian_targeting"] == CIVILIAN_TARGETING
    assert acled_fields("195", militants, soldiers)["civilian_targeting"] is None
    assert acled_fields("193", militants, civilians)["civilian_targeting"] is None  # a battle
    assert acled_fields("043", militants, civilians)["civilian_targeting"] is None  # out of scope


def test_actor_dependent_sub_event_types() -> None:
    army = _actor("MLIMIL", roles="MIL", country="MLI")
    rebels = _actor("MLISEP", roles="SEP", country="MLI")
    protesters = _actor("OPP", roles="OPP")
    assert acled_fields("192", army, rebels, "MLI")["acled_sub_event_type"] == "Government regains territory"
    assert acled_fields("192", rebels, army, "MLI")["acled_sub_event_type"] == "Non-state actor overtakes territory"
    assert acled_fields("175", army, protesters, "MLI")["acled_sub_event_type"] == "Excessive force against protesters"
    repression = acled_fields("175", army, _actor("CVL", roles="CVL"), "MLI")
    assert (repression["acled_event_type"], repression["civilian_targeting"]) == ("Violence against civilians", CIVILIAN_TARGETING)


def test_committed_acled_doc_matches_the_mapping() -> None:
    path: Path = ROOT / "docs" / "acled.md"
    assert path.read_text(encoding="utf-8") == acled_markdown(), "run `eventcode codebook --out docs/`"
    for prefix in ACLED_MAP:
        assert f"| `{prefix}` |" in acled_markdown()
