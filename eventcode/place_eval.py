"""Geocoding accuracy against a gold set of place mentions (``tests/gold/places.jsonl``).

Each gold line is one sentence, the place mention its event should be geocoded to, and that
place's country, coordinates and precision (see ``tests/gold/README.md``). Two things are measured:

*toponym resolution*
    The sentence's places are found and resolved as the coder does; the mention whose text
    matches the gold place is scored: correct country, within 25 km (gold precision 1), correct
    precision. A gold place the finder does not return counts as wrong on every measure.
*event place*
    The sentence is coded as a one-sentence document; the place of its first event (or the
    fallback) is scored the same way. Sentences the dictionaries code no event for are counted
    apart, since they say nothing about geocoding.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcode.errors import InputError
from eventcode.gazetteer import Place, normalize_place_name
from eventcode.grammar import Context, code_sentence
from eventcode.place import DocumentPlaces
from eventcode.tokens import tokenize

if TYPE_CHECKING:
    from eventcode.coder import Coder

__all__ = ["PlaceGold", "PlaceReport", "evaluate_places", "haversine_km", "read_place_gold"]

NEAR_KM = 25.0
"""A precision-1 place is right when it is within this distance of the gold point."""


@dataclass(frozen=True, slots=True)
class PlaceGold:
    """One gold place mention."""

    id: str
    text: str
    place: str
    country: str
    latitude: float
    longitude: float
    precision: int


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Two points in decimal degrees.

    Returns
    -------
    float
        The distance on a sphere of radius 6,371 km.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def read_place_gold(path: str | Path) -> list[PlaceGold]:
    """Read a gold file of place mentions (JSON Lines).

    Parameters
    ----------
    path : str or Path
        The file; each line has ``id``, ``text``, ``place``, ``country``, ``latitude``,
        ``longitude`` and ``precision``.

    Returns
    -------
    list of PlaceGold
        The lines in file order.

    Raises
    ------
    InputError
        When a line is not JSON or lacks a key; the message names the line.
    """
    rows = []
    with Path(path).open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw: dict[str, Any] = json.loads(line)
                rows.append(
                    PlaceGold(
                        id=str(raw["id"]), text=raw["text"], place=raw["place"], country=raw["country"],
                        latitude=float(raw["latitude"]), longitude=float(raw["longitude"]),
                        precision=int(raw["precision"]),
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(
                    f"{path}:{lineno}: not a gold place line ({type(exc).__name__}: {exc}); each line needs "
                    "id, text, place, country, latitude, longitude and precision (see tests/gold/README.md)"
                ) from None
    return rows


@dataclass(slots=True)
class _Score:
    n: int = 0
    country: int = 0
    precision: int = 0
    near: int = 0
    n_point: int = 0

    def add(self, gold: PlaceGold, place: Place | None) -> bool:
        self.n += 1
        self.n_point += gold.precision == 1
        if place is None:
            return False
        right_country = place.country_iso3 == gold.country
        right_precision = place.precision == gold.precision
        near = gold.precision != 1 or haversine_km(place.latitude, place.longitude, gold.latitude, gold.longitude) <= NEAR_KM
        self.country += right_country
        self.precision += right_precision
        self.near += gold.precision == 1 and near
        return right_country and right_precision and near

    def lines(self, label: str) -> list[str]:
        def pct(k: int, n: int) -> str:
            return f"{k}/{n} ({100 * k / n:.1f}%)" if n else "0/0"

        return [
            f"{label}: {self.n} place mentions",
            f"  country correct           {pct(self.country, self.n)}",
            f"  within {NEAR_KM:.0f} km (precision 1) {pct(self.near, self.n_point)}",
            f"  precision correct         {pct(self.precision, self.n)}",
        ]


@dataclass(slots=True)
class PlaceReport:
    """Accuracy figures of a geocoding evaluation, and the mentions that were wrong."""

    resolution: _Score = field(default_factory=_Score)
    event: _Score = field(default_factory=_Score)
    found: int = 0
    no_event: int = 0
    errors: list[str] = field(default_factory=list)

    def format(self, *, show_errors: bool = False) -> str:
        """The figures as text (and, optionally, one line per wrong mention)."""
        lines = [
            *self.resolution.lines("toponym resolution"),
            f"  gold mention found        {self.found}/{self.resolution.n}",
            *self.event.lines("event place (sentences with a coded event)"),
            f"  sentences without a coded event: {self.no_event}",
        ]
        if show_errors:
            lines += ["", *self.errors]
        return "\n".join(lines)


def _matches(text: str, gold: str) -> bool:
    a, b = normalize_place_name(text), normalize_place_name(gold)
    return bool(a and b) and (a == b or a in b or b in a)


def evaluate_places(coder: Coder, gold: list[PlaceGold]) -> PlaceReport:
    """Score a coder's geocoding against gold place mentions.

    Parameters
    ----------
    coder : Coder
        A compiled coder (its dictionaries find the actors; its resolver the places).
    gold : list of PlaceGold
        The gold mentions (see :func:`read_place_gold`).

    Returns
    -------
    PlaceReport
        Toponym-resolution and event-place accuracy.
    """
    report = PlaceReport()
    for row in gold:
        tokens = tokenize(row.text)
        _, actors = code_sentence(coder.lexicon, tokens, row.text, sentence_index=0, day=None, context=Context())
        places = coder.resolve_places(tokens, row.text, actors, DocumentPlaces())
        hit = next((p for p in places if _matches(p.text, row.place)), None)
        report.found += hit is not None
        if not report.resolution.add(row, hit.place if hit else None):
            got = f"{hit.place.name} {hit.place.country_iso3} p{hit.place.precision} ({hit.method})" if hit else "not found"
            report.errors.append(f"{row.id}\t{row.place} {row.country} p{row.precision}\t-> {got}")
        mentions = coder.code_text(row.text).mentions
        if not mentions:
            report.no_event += 1
            continue
        report.event.add(row, mentions[0].place)
    return report
