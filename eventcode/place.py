"""Where an event happened: place mentions in a sentence, resolved against the gazetteer.

Resolution follows the order serious geoparsers use: countries named in the sentence and document
narrow the candidates of an ambiguous name; then population and feature-type priors (the
gazetteer's candidate order). Actor names that are countries become places only after a locative
preposition ("in Iraq and Syria"); demonyms never do. A contained country ("Tower 22 in Jordan")
yields to the finer place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventcode.actors import LOCATIVE, Actor
from eventcode.gazetteer import Gazetteer, Place
from eventcode.tokens import Token

MAX_PLACE_TOKENS = 4
_CONNECTORS = frozenset({"al", "el", "de", "du", "la", "le", "of", "da", "bin", "ibn", "-"})
_NOT_PLACES = frozenset(
    "the a an president minister state states government army forces force military national "
    "islamic islam republic council command central united general".split()
)
_PLACE_FEATURES_WITHOUT_PREPOSITION = frozenset({"site", "admin1"})
_BIG_CITY = 100_000


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A resolved place in a sentence: token span, text, the chosen gazetteer entry and how."""

    start: int
    end: int
    text: str
    place: Place
    method: str  # "country-actor", "gazetteer", "gazetteer+context"


class PlaceResolver:
    """Finds and resolves the places of sentences with an embedded gazetteer.

    Parameters
    ----------
    gazetteer
        The loaded gazetteer.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.max_tokens = min(MAX_PLACE_TOKENS, max(1, gazetteer.max_name_tokens()))

    def find_places(
        self, tokens: list[Token], text: str, actors: list[Actor], context_countries: Iterable[str] = ()
    ) -> list[PlaceMention]:
        """Places named in a sentence, in text order.

        Parameters
        ----------
        tokens, text
            The sentence.
        actors
            Its actors; those marked as places are resolved as countries or capitals.
        context_countries
            ISO3 codes of countries named in the sentence or document, to narrow ambiguous names.
        """
        context = list(dict.fromkeys([*(a.country for a in actors if a.country), *context_countries]))
        covered = {i for a in actors for i in range(a.start, a.end)}
        found: list[PlaceMention] = []
        for actor in actors:
            if actor.is_place and actor.country:
                place = self._actor_place(actor)
                if place is not None:
                    found.append(PlaceMention(actor.start, actor.end, actor.text, place, "country-actor"))
        i = 0
        while i < len(tokens):
            if i in covered or not tokens[i].is_capitalized or tokens[i].key in _NOT_PLACES:
                i += 1
                continue
            hit = self._longest_place(tokens, text, i, covered, context)
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit.end
        return sorted(found, key=lambda p: p.start)

    def _actor_place(self, actor: Actor) -> Place | None:
        assert actor.country is not None
        if actor.kind == "capital":
            for place in self.gazetteer.lookup(actor.text):
                if place.country_iso3 == actor.country:
                    return place
        return self.gazetteer.country(actor.country)

    def _longest_place(
        self, tokens: list[Token], text: str, i: int, covered: set[int], context: list[str]
    ) -> PlaceMention | None:
        for end in range(min(len(tokens), i + self.max_tokens), i, -1):
            span = tokens[i:end]
            if any(k in covered for k in range(i, end)) or not (span[-1].is_capitalized or span[-1].key.isdigit()):
                continue
            if any(not t.is_capitalized and t.key not in _CONNECTORS and not t.key.isdigit() for t in span):
                continue
            surface = text[span[0].start : span[-1].end]
            candidates = self.gazetteer.lookup(surface)
            if not candidates:
                continue
            chosen, method = _choose(candidates, context)
            after_preposition = i > 0 and tokens[i - 1].key in LOCATIVE | {"from", "of", "to", "near"}
            if not after_preposition and not (
                chosen.feature in _PLACE_FEATURES_WITHOUT_PREPOSITION or (chosen.population or 0) >= _BIG_CITY
            ):
                continue
            return PlaceMention(i, end, surface, chosen, method)
        return None


def _choose(candidates: list[Place], context: list[str]) -> tuple[Place, str]:
    """The candidate in a context country (earliest named first), else the best prior."""
    for iso3 in context:
        for place in candidates:
            if place.country_iso3 == iso3:
                return place, "gazetteer+context"
    return candidates[0], "gazetteer"


def event_places(places: list[PlaceMention], head_start: int, head_end: int, clause: tuple[int, int]) -> list[PlaceMention]:
    """The places of one event: those after its head in the clause, else those before it.

    A country is dropped when a finer place in that country is also named ("Tower 22 in Jordan"),
    and several places of the same kind give several ("in Iraq and Syria").
    """
    left, right = clause
    after = [p for p in places if head_end <= p.start < right]
    before = [p for p in places if left <= p.start < head_start]
    chosen = after or before[-2:]
    finer_countries = {p.place.country_iso3 for p in chosen if p.place.precision < 3}
    return [p for p in chosen if not (p.place.precision == 3 and p.place.country_iso3 in finer_countries)]
