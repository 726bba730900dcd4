"""Where an event happened: place mentions in a sentence, resolved against the gazetteer.

Resolution follows the order serious geoparsers use:

1. Context narrows the candidates of an ambiguous name: a first-level division named in the
   sentence ("Paris, Texas", "a town in Sumy region") beats a country named in the sentence
   ("the northern Lebanese city of Tripoli"), which beats a country named earlier in the document.
2. A name followed by an administrative word ("Kharkiv region", "in Idlib province") is that
   first-level division (precision 2).
3. Priors: a candidate whose own name is the one written beats one that only carries it as an
   alternate name; then curated sites, countries, and populated places by population (a province
   counts as a city of 400,000; a city beats the province of the same name in the same country).

Actor names that are countries or capitals become places only when the sentence uses them as
places ("in Iraq and Syria", "over Kyiv", "the streets of Belgrade"); otherwise they are kept as
*non-locative* mentions that give context and the document's main place but never an event's
place. Demonyms ("Syrian", "Lebanese") give context and never become places. A name that cannot be
resolved is skipped without affecting the others.

How each place was resolved is recorded in :attr:`PlaceMention.method` (the ``geo_method``
column): see :data:`GEO_METHODS`.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Final

from eventcode.actors import LOCATIVE, Actor
from eventcode.gazetteer import Gazetteer, Place, normalize_place_name
from eventcode.tokens import Token

__all__ = [
    "GEO_METHODS",
    "DocumentPlaces",
    "PlaceMention",
    "PlaceResolver",
    "event_places",
    "fallback_place",
    "prior_score",
]

MAX_PLACE_TOKENS: Final = 4
GEO_METHODS: Final = {
    "site": "a curated site (base, crossing, camp, plant) from sites.tsv",
    "gazetteer+admin1-context": "an ambiguous name resolved by a first-level division named beside it",
    "gazetteer+country-context": "an ambiguous name resolved by a country named in the sentence or document",
    "gazetteer+admin1-word": "a name followed by region/province/oblast/...: the first-level division",
    "gazetteer-prior": "the gazetteer's best candidate by name, feature type and population",
    "country-actor": "a country or capital named as an actor and used as a place (\"in Iraq\")",
    "document-fallback": "no place in the event's sentence: the country of the document's main place",
    "target-country-fallback": "no place in the event's sentence or document: the target's country",
    "geocoder:nominatim": "the user's Nominatim server (--geocoder nominatim)",
    "geocoder:photon": "the user's Photon server (--geocoder photon)",
    "geocoder:pelias": "the user's Pelias server (--geocoder pelias)",
}
"""Values of ``geo_method`` and what each means (also in the codebook)."""

_CONNECTORS: Final = frozenset({"al", "el", "de", "du", "la", "le", "of", "da", "bin", "ibn", "-", "'s"})
_NOT_PLACES: Final = frozenset(
    "the a an president minister state states government army forces force military national "
    "islamic islam republic council command central united general "
    # Dates, never places: "on Thursday" is not Thursday Island.
    "monday tuesday wednesday thursday friday saturday sunday january february march april june "
    "july august september october november december".split()
)
# World regions larger than a country: never an event's place (no single country holds them), and
# never read as the small towns that share their names ("Middle East" is not a village in Ohio).
_WORLD_REGIONS: Final = frozenset(
    {
        ("middle", "east"), ("near", "east"), ("far", "east"), ("west",), ("east",), ("europe",), ("asia",),
        ("africa",), ("latin", "america"), ("south", "america"), ("north", "america"), ("central", "asia"),
        ("southeast", "asia"), ("east", "asia"), ("south", "asia"), ("west", "africa"), ("east", "africa"),
        ("north", "africa"), ("sahel",), ("balkans",), ("caucasus",), ("world",), ("arctic",), ("antarctica",),
    }
)
_REGION_FIRST_WORDS: Final = frozenset(words[0] for words in _WORLD_REGIONS)
_PLACE_FEATURES_WITHOUT_PREPOSITION: Final = frozenset({"site", "admin1"})
_BIG_CITY: Final = 100_000
_ADMIN1_POPULATION: Final = 400_000  # a province's weight against cities in the population prior
ADMIN_WORDS: Final = frozenset(
    "region province oblast governorate state department district county prefecture division "
    "territory krai".split()
)
_PLACE_PREPOSITIONS: Final = LOCATIVE | frozenset(
    {"from", "to", "near", "over", "through", "toward", "towards", "outside", "across", "along", "on"}
)
# "the city of Tripoli", "the streets of Belgrade", "north of Baghdad": "of" introduces a place
# only after these words.
_OF_PLACE_HEADS: Final = frozenset(
    "city town village port streets outskirts capital region province district suburb suburbs "
    "centre center heart north south east west northeast northwest southeast southwest parts "
    "areas area hub governorate oblast state county control capture siege battle fall residents "
    "people shelling bombing".split()
)
# Lowercase words that end a site's name ("Rukban camp", "Kakhovka dam", "Ain al-Asad air base").
_SITE_WORDS: Final = frozenset(
    "camp base air airport airbase garrison crossing dam plant nuclear power station port border "
    "city strip bank hall shoal canal".split()
)
_MODIFIERS: Final = frozenset(
    "the northern southern eastern western central north south east west northeastern "
    "northwestern southeastern southwestern occupied downtown greater upper lower coastal".split()
)


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class PlaceMention:
    """A resolved place in a sentence.

    Attributes
    ----------
    start, end : int
        Token span.
    text : str
        The words that named the place.
    place : Place
        The chosen gazetteer entry.
    method : str
        How it was chosen (a key of :data:`GEO_METHODS`).
    candidates : tuple of Place
        Every candidate the name had, best prior first.
    locative : bool
        True when the sentence uses the name as a place; False for a country named only as an
        actor ("Lebanon's government"), which gives context but never an event's place.
    """

    start: int
    end: int
    text: str
    place: Place
    method: str
    candidates: tuple[Place, ...] = ()
    locative: bool = True


@dataclass(slots=True)
class DocumentPlaces:
    """What a document has said about places so far: context for later sentences, main place.

    One instance per document (never shared between documents).

    Attributes
    ----------
    countries : list of str
        ISO3 codes of countries named so far (as places, actors or demonyms), in order.
    admin1 : list of str
        ISO 3166-2 codes of first-level divisions named as places so far.
    counts : Counter
        How often each place was named as a place, keyed by (name, country, precision).
    """

    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    counts: Counter[tuple[str, str | None, int]] = field(default_factory=Counter)
    first: dict[tuple[str, str | None, int], Place] = field(default_factory=dict)

    def add_country(self, iso3: str | None) -> None:
        """Record a country named in the document."""
        if iso3 and iso3 not in self.countries:
            self.countries.append(iso3)

    def add_actors(self, actors: Iterable[Actor]) -> None:
        """Record the countries of the country and capital actors (and demonyms) of a sentence."""
        for actor in actors:
            if actor.kind in {"country", "capital"}:
                self.add_country(actor.country)

    def add_places(self, places: Iterable[PlaceMention]) -> None:
        """Record a sentence's resolved places."""
        for mention in places:
            place = mention.place
            self.add_country(place.country_iso3)
            if not mention.locative:
                continue
            if place.feature == "admin1" and place.admin1_code and place.admin1_code not in self.admin1:
                self.admin1.append(place.admin1_code)
            key = (place.name, place.country_iso3, place.precision)
            self.counts[key] += 1
            self.first.setdefault(key, place)

    def main_place(self) -> Place | None:
        """The place the document names most often as a place (the first one on a tie)."""
        if not self.counts:
            return None
        best = max(self.counts.items(), key=lambda kv: kv[1])[0]  # max keeps the first of ties
        return self.first[best]


class PlaceResolver:
    """Finds and resolves the places of sentences with an embedded gazetteer.

    Parameters
    ----------
    gazetteer : Gazetteer
        The loaded gazetteer.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.max_tokens = min(MAX_PLACE_TOKENS, max(1, gazetteer.max_name_tokens()))
        # Per-resolver memo of look-ups (news repeats its names); tuples, so nothing can mutate them.
        self._lookup = functools.lru_cache(maxsize=65_536)(lambda name: tuple(gazetteer.lookup(name)))
        # And of the best candidate of a name by its prior (scoring dozens of candidates per mention).
        self._best_by_prior = functools.lru_cache(maxsize=65_536)(
            lambda name: max(self._lookup(name), key=lambda p: prior_score(p, name), default=None)
        )

    def find_places(
        self,
        tokens: list[Token],
        text: str,
        actors: list[Actor],
        context: DocumentPlaces | Iterable[str] = (),
    ) -> list[PlaceMention]:
        """Places named in a sentence, in text order.

        Parameters
        ----------
        tokens, text : list of Token, str
            The sentence.
        actors : list of Actor
            Its actors; countries and capitals among them are resolved as places.
        context : DocumentPlaces or iterable of str
            The document so far, or ISO3 codes of countries named in it, to narrow ambiguous names.

        Returns
        -------
        list of PlaceMention
            Locative and non-locative mentions, in text order, without overlaps.
        """
        doc = context if isinstance(context, DocumentPlaces) else DocumentPlaces(countries=list(context))
        raw: list[tuple[PlaceMention, str | None]] = []  # mention, country its own actor implies
        covered: set[int] = set()
        for actor in actors:
            for mention, own in self._actor_places(tokens, text, actor):
                raw.append((mention, own))
            covered.update(range(actor.start, actor.end))
        # Only words that can start a name are tried: capitalised ones, and "al-"/"el-" before one.
        starts = [i for i, t in enumerate(tokens) if t.text[:1].isupper() or ("-" in t.text and _can_start(t))]
        for i in starts:
            if tokens[i].key in _REGION_FIRST_WORDS:
                for size in (2, 1):
                    if tuple(t.key for t in tokens[i : i + size]) in _WORLD_REGIONS:
                        covered.update(range(i, i + size))
        free = 0  # the first token after the last place found
        for i in starts:
            if i < free or i in covered or tokens[i].key in _NOT_PLACES:
                continue
            hit = self._longest_place(tokens, text, i, covered)
            if hit is not None:
                raw.append((hit, None))
                free = hit.end
        raw.sort(key=lambda m: m[0].start)
        # Sentence context: admin1 divisions and countries named as places or as country actors.
        sentence_admin1 = [
            m.place.admin1_code for m, _ in raw if m.place.feature == "admin1" and m.locative and m.place.admin1_code
        ]
        sentence_countries = [a.country for a in actors if a.kind in {"country", "capital"} and a.country]
        sentence_countries += [m.place.country_iso3 for m, _ in raw if m.place.feature in {"country", "admin1"} and m.place.country_iso3]
        resolved = []
        for mention, own in raw:
            countries = [c for c in sentence_countries if c != own] + [c for c in doc.countries if c != own]
            if own:  # the dictionary's reading of a capital comes after any other context
                countries.append(own)
            admin1 = [c for c in [*sentence_admin1, *doc.admin1] if mention.place.feature != "admin1" or c != mention.place.admin1_code]
            chosen = self._rechoose(mention, admin1, countries)
            if own and chosen.method == "gazetteer+country-context" and chosen.place.country_iso3 == own and own not in countries[:-1]:
                chosen = replace(chosen, method="gazetteer-prior")  # the capital's own reading
            resolved.append(chosen)
        return resolved

    def _actor_places(self, tokens: list[Token], text: str, actor: Actor) -> list[tuple[PlaceMention, str | None]]:
        """Place mentions an actor gives: a country or capital, or the country that opens it."""
        if not actor.country:
            return []
        if actor.kind in {"country", "capital"}:
            locative = actor.is_place or _after_place_preposition(tokens, actor.start)
            site = self._site_phrase(tokens, text, actor.start, actor.end, set())
            if site is not None and site.end > actor.end:  # "Gaza City", "Baghdad airport"
                return [(replace(site, locative=locative), None)]
            candidates = tuple(self._lookup(actor.text))
            if not candidates:  # a demonym ("Lebanese") or an abbreviation: context only
                return []
            own = [p for p in candidates if p.country_iso3 == actor.country]
            place = max(own, key=lambda p: prior_score(p, actor.text)) if own else None
            if actor.kind == "country" and place is None:
                place = self.gazetteer.country(actor.country)
            place = place or candidates[0]
            if place is None:
                return []
            method = "country-actor" if place.feature == "country" else "gazetteer-prior"
            mention = PlaceMention(actor.start, actor.end, actor.text, place, method, candidates, locative)
            return [(mention, actor.country if actor.kind == "capital" else None)]
        # "Mali's junta", "Russia's Defence Ministry": the country that opens the actor's name.
        for k in range(actor.start + 1, min(actor.end, actor.start + 4)):
            if tokens[k].key == "'s":
                name = " ".join(t.text for t in tokens[actor.start : k])
                country = self.gazetteer.country(actor.country)
                if country is not None and any(
                    p.feature == "country" and p.country_iso3 == actor.country for p in self._lookup(name)
                ):
                    return [(PlaceMention(actor.start, k, name, country, "country-actor", (country,), False), None)]
                break
        return []

    def _longest_place(self, tokens: list[Token], text: str, i: int, covered: set[int]) -> PlaceMention | None:
        admin_of = i >= 2 and tokens[i - 1].key == "of" and tokens[i - 2].key in ADMIN_WORDS
        # A name runs over capitalised words, connectors ("of", "al") and numbers, up to a covered token.
        stop = i
        while stop < min(len(tokens), i + self.max_tokens) and stop not in covered:
            token = tokens[stop]
            if not (_can_start(token) or token.key in _CONNECTORS or token.key.isdigit()):
                break
            stop += 1
        for end in range(stop, i, -1):
            last = tokens[end - 1]
            if not (_can_start(last) or last.key.isdigit()):
                continue
            surface = text[tokens[i].start : last.end]
            site = self._site_phrase(tokens, text, i, end, covered)
            if site is not None:
                return site
            admin = self._admin1_phrase(tokens, text, i, end, covered, word_before=admin_of)
            if admin is not None:
                return admin
            best = self._best_by_prior(surface)
            if best is None:
                continue
            candidates = self._lookup(surface)
            if not _after_place_preposition(tokens, i) and not (
                best.feature in _PLACE_FEATURES_WITHOUT_PREPOSITION or (best.population or 0) >= _BIG_CITY
            ):
                continue
            return PlaceMention(i, end, surface, best, "gazetteer-prior", tuple(candidates))
        return None

    def _site_phrase(
        self, tokens: list[Token], text: str, i: int, end: int, covered: set[int]
    ) -> PlaceMention | None:
        """A name with the words that make it a site or area: "Rukban camp", "Gaza City"."""
        last = end
        while last < len(tokens) and last - end < 4 and last not in covered and tokens[last].key in _SITE_WORDS:
            last += 1
        for stop in range(last, end, -1):
            surface = text[tokens[i].start : tokens[stop - 1].end]
            found = [p for p in self._lookup(surface) if p.feature in {"site", "city", "admin1"}]
            if found:
                best = max(found, key=lambda p: prior_score(p, surface))
                return PlaceMention(i, stop, surface, best, "gazetteer-prior", tuple(found))
        return None

    def _admin1_phrase(
        self, tokens: list[Token], text: str, i: int, end: int, covered: set[int], *, word_before: bool = False
    ) -> PlaceMention | None:
        """ "Kharkiv region", "Idlib province", "the state of Sinaloa": the first-level division."""
        name = text[tokens[i].start : tokens[end - 1].end]
        if word_before:
            surface, last = name, end
        elif end < len(tokens) and tokens[end].key in ADMIN_WORDS and end not in covered:
            surface, last = text[tokens[i].start : tokens[end].end], end + 1
        else:
            return None
        phrase = [p for p in self._lookup(surface) if p.feature == "admin1"]
        bare = self._lookup(name)
        admin = phrase or [p for p in bare if p.feature == "admin1"]
        if admin:
            return PlaceMention(i, last, surface, admin[0], "gazetteer+admin1-word", tuple(admin))
        # A city whose province carries its name: the province is the area around that city.
        cities = [p for p in bare if p.feature == "city" and normalize_place_name(p.name) == normalize_place_name(name)]
        if not cities:
            return None
        areas = tuple(replace(c, feature="admin1", precision=2, geonames_id=None) for c in cities)
        return PlaceMention(i, last, surface, areas[0], "gazetteer+admin1-word", areas)

    def _rechoose(self, mention: PlaceMention, admin1: list[str], countries: list[str]) -> PlaceMention:
        """Choose again among a mention's candidates, now that the sentence's context is known."""
        candidates = mention.candidates
        if mention.method == "country-actor" or len(candidates) < 2:
            return _with_site_method(mention)
        chosen, method = choose_place(list(candidates), admin1=admin1, countries=countries, name=mention.text)
        if mention.method == "gazetteer+admin1-word":
            method = mention.method
        if chosen.country_iso3 == mention.place.country_iso3 and chosen.feature == mention.place.feature == "country":
            return mention
        return _with_site_method(replace(mention, place=chosen, method=method))


def _can_start(token: Token) -> bool:
    """A capitalised word, or an Arabic article before one ("al-Tanf", "el-Fasher")."""
    text = token.text
    if text[:1].isupper():
        return True
    dash = text.find("-")
    return 0 < dash <= 3 and text[:dash].isalpha() and text[dash + 1 : dash + 2].isupper()


def _with_site_method(mention: PlaceMention) -> PlaceMention:
    if mention.place.feature == "site":
        return replace(mention, method="site")
    return mention


def _after_place_preposition(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` follows a place preposition, over "the" and direction words."""
    k = i - 1
    while k >= 0 and tokens[k].key in _MODIFIERS:
        k -= 1
    if k < 0:
        return False
    key = tokens[k].key
    if key == "of":
        return k > 0 and tokens[k - 1].key in _OF_PLACE_HEADS
    return key in _PLACE_PREPOSITIONS


def prior_score(place: Place, name: str) -> float:
    """Score of the no-context prior: feature type and log population, +1 for the own name (a place
    whose own name is the one written is preferred to one ten times larger that only carries it as
    an alternate name: "Pokrovsk" is not Engels)."""
    own_name = normalize_place_name(place.name) == normalize_place_name(name)
    weight = {"site": 1e10, "country": 1e9}.get(place.feature)
    if weight is None:
        weight = _ADMIN1_POPULATION if place.feature == "admin1" else float(place.population or 0)
    return math.log10(weight + 1) + own_name


def choose_place(
    candidates: list[Place], *, admin1: Iterable[str] = (), countries: Iterable[str] = (), name: str = ""
) -> tuple[Place, str]:
    """Choose among the candidates of a name, by context, then by prior.

    Parameters
    ----------
    candidates : list of Place
        Candidates of one name, best gazetteer prior first (non-empty).
    admin1 : iterable of str
        ISO 3166-2 codes of first-level divisions named nearby, nearest first.
    countries : iterable of str
        ISO3 codes of countries named in the sentence, then in the document, earliest first.
    name : str
        The name as written (for the own-name prior).

    Returns
    -------
    tuple of (Place, str)
        The chosen place and the method (a key of :data:`GEO_METHODS`).
    """
    ranked = sorted(candidates, key=lambda p: prior_score(p, name), reverse=True)
    # The city beats the province of the same name in the same country ("Menaka", "Idlib").
    top = ranked[0]
    if top.feature == "admin1":
        for other in ranked[1:]:
            if other.feature == "city" and other.country_iso3 == top.country_iso3 and other.admin1_code == top.admin1_code:
                ranked.remove(other)
                ranked.insert(0, other)
                break
    in_several_countries = len({p.country_iso3 for p in candidates}) > 1
    for code in admin1:
        for place in ranked:
            if place.admin1_code == code and place.feature != "admin1":
                return place, "gazetteer+admin1-context"
    if in_several_countries:
        # Context never turns a name into a place a hundred times smaller than its best reading
        # ("talks between Iran and the United States in Vienna" stay in Austria).
        floor = prior_score(ranked[0], name) - 2
        for iso3 in countries:
            for place in ranked:
                if place.country_iso3 == iso3 and prior_score(place, name) >= floor:
                    return place, "gazetteer+country-context"
    return ranked[0], "gazetteer-prior"


def event_places(
    places: list[PlaceMention], head_start: int, head_end: int, clause: tuple[int, int]
) -> list[PlaceMention]:
    """The places of one event: those after its head in the clause, else those before it.

    Parameters
    ----------
    places : list of PlaceMention
        The sentence's places; non-locative ones are ignored.
    head_start, head_end : int
        Token span of the event's head (its verb or noun).
    clause : tuple of (int, int)
        Token span of the head's clause.

    Returns
    -------
    list of PlaceMention
        Several places of the same kind give several ("in Iraq and Syria"). A country or
        first-level division is dropped when a finer place inside it is also named ("Tower 22
        in Jordan", "Butler, Pennsylvania").
    """
    left, right = clause
    usable = [p for p in places if p.locative]
    after = [p for p in usable if head_end <= p.start < right]
    before = [p for p in usable if left <= p.start < head_start]
    chosen = after or before[-2:]
    finer_countries = {p.place.country_iso3 for p in chosen if p.place.precision < 3}
    finer_admin1 = {p.place.admin1_code for p in chosen if p.place.precision < 2 and p.place.admin1_code}
    return [
        p
        for p in chosen
        if not (p.place.precision == 3 and p.place.country_iso3 in finer_countries)
        and not (p.place.feature == "admin1" and p.place.admin1_code in finer_admin1)
    ]


def fallback_place(
    gazetteer: Gazetteer, document: DocumentPlaces, target_country: str | None
) -> tuple[Place, str, str] | None:
    """The place of an event whose sentence names none: country level (precision 3), never a
    random mention.

    Parameters
    ----------
    gazetteer : Gazetteer
        For the country's representative point.
    document : DocumentPlaces
        The whole document's places.
    target_country : str or None
        ISO3 country of the event's target.

    Returns
    -------
    tuple of (Place, str, str) or None
        The place, the text it came from and the method (``document-fallback`` for the country
        of the document's main place, ``target-country-fallback`` for the target's country), or
        None when there is neither.
    """
    main = document.main_place()
    if main is not None and main.country_iso3:
        country = gazetteer.country(main.country_iso3)
        if country is not None:
            return country, main.name, "document-fallback"
    if target_country:
        country = gazetteer.country(target_country)
        if country is not None:
            return country, country.name, "target-country-fallback"
    return None
