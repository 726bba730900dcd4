"""The events the two seed articles must yield (the foundation issue's acceptance facts)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest


@pytest.fixture(scope="module")
def events(seed_output: Path) -> pl.DataFrame:
    return pl.read_parquet(seed_output / "events.parquet")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_us_force_against_irgc_in_iraq_and_in_syria(events: pl.DataFrame) -> None:
    strikes = events.filter(
        pl.col("source_code").is_in(["USA", "USAMIL"])
        & (pl.col("target_code") == "IRNMIL")
        & (pl.col("cameo_root") == "19")
        & (pl.col("event_date") == date(2024, 2, 2))
    )
    assert set(strikes.get_column("country_iso3").to_list()) >= {"IRQ", "SYR"}
    assert set(strikes.filter(pl.col("country_iso3").is_in(["IRQ", "SYR"])).get_column("geo_precision").to_list()) == {3}


def test_drone_attack_on_us_forces_at_tower_22(events: pl.DataFrame) -> None:
    attack = events.filter(
        pl.col("source_role").str.contains("REB")
        & pl.col("target_code").str.starts_with("USA")
        & (pl.col("cameo_root") == "19")
        & (pl.col("event_date") == date(2024, 1, 28))
        & (pl.col("fatalities") == 3)
        & (pl.col("location") == "Tower 22")
    )
    assert attack.height >= 1, events
    row = attack.row(0, named=True)
    assert row["country_iso3"] == "JOR" and row["geo_precision"] == 1
    assert _km(row["latitude"], row["longitude"], 33.314, 38.703) < 5


def test_kataib_hezbollah_suspends_operations_against_us_forces(events: pl.DataFrame) -> None:
    suspension = events.filter(
        (pl.col("source_code") == "IRQREB")
        & pl.col("source_name").str.contains("Hezbollah")
        & pl.col("target_code").str.starts_with("USA")
        & (pl.col("cameo_root") == "08")
        & (pl.col("event_date") == date(2024, 1, 30))
    )
    assert suspension.height >= 1, events


def test_iran_denies_involvement(events: pl.DataFrame) -> None:
    denial = events.filter(pl.col("source_code").str.starts_with("IRN") & (pl.col("cameo_code") == "016"))
    assert denial.height >= 1, events


def test_no_event_is_dated_after_its_article(events: pl.DataFrame) -> None:
    assert events.filter(pl.col("event_date") > date(2024, 2, 2)).is_empty()
