"""The coder: documents in, coded mentions out. Compile once (``Coder.from_config``), code many.

Stages, each testable alone: read (``eventcode.read``) → segment (``eventcode.segment``) →
actors and events (``eventcode.grammar``) → place (``eventcode.place``) → date (``eventcode.when``)
→ casualties (``eventcode.casualties``) → merge and write (``eventcode.dataset``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcode.actors import Actor
from eventcode.casualties import event_casualties
from eventcode.gazetteer import Gazetteer, Place
from eventcode.geocoders import ServerGeocoder, server_geocoder
from eventcode.grammar import Context, Mention, _clause_bounds, code_sentence
from eventcode.lexicon import Lexicon
from eventcode.place import (
    DocumentPlaces,
    PlaceMention,
    PlaceResolver,
    event_places,
    fallback_place,
)
from eventcode.read import Document
from eventcode.segment import Sentence, split_sentences
from eventcode.tokens import tokenize
from eventcode.when import event_date, find_dates

if TYPE_CHECKING:
    from eventcode.tabari.coder import TabariCoder  # imported when TABARI dictionaries are used

VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# How many earlier events of the same CAMEO root an anaphor ("the attack") looks back over. A
# bound keeps a document of thousands of unresolvable anaphors linear; real antecedents are near.
ANTECEDENT_WINDOW = 100


def package_version() -> str:
    try:
        return version("eventcode")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


@dataclass(frozen=True, slots=True)
class CoderConfig:
    """Everything that decides how documents are coded; frozen so a run's setup is explicit.

    Parameters
    ----------
    dictionaries
        User dictionary files or folders (extend or override the defaults).
    default_dictionaries
        Load the shipped dictionaries first.
    gazetteer
        A gazetteer parquet file instead of the shipped one.
    geocoder, geocoder_url, geocoder_cache, geocoder_min_delay
        The user's own geocoding server (``nominatim``, ``photon`` or ``pelias`` at a URL), its
        cache folder and the least seconds between requests; see ``eventcode.geocoders``.
    tabari_dictionaries
        A folder (or file) of TABARI/PETRARCH dictionaries to code with as well
        (``eventcode.tabari``); with ``default_dictionaries=False`` and no ``dictionaries``, instead.
    """

    dictionaries: tuple[str, ...] = ()
    default_dictionaries: bool = True
    gazetteer: str | None = None
    geocoder: str | None = None
    geocoder_url: str | None = None
    geocoder_cache: str | None = None
    geocoder_min_delay: float = 1.0
    tabari_dictionaries: str | None = None


def _load_gazetteer(path: str | None) -> Gazetteer:
    """The gazetteer, from the on-disk cache when its files are unchanged (see ``eventcode.cache``)."""
    from eventcode.cache import cached, content_key
    from eventcode.gazetteer import DEFAULT_GAZETTEER_PATH, DEFAULT_SITES_PATH

    parquet = Path(path) if path else DEFAULT_GAZETTEER_PATH
    key = content_key("gazetteer", [parquet, DEFAULT_SITES_PATH])
    return cached(key, lambda: Gazetteer.load(parquet), Gazetteer)


def coder_version(lexicon: Lexicon, config: CoderConfig) -> str:
    """What decides a document's coding: the package version, the dictionaries' digest and the
    TABARI dictionaries used (incremental runs recode a document when it changes).
    """
    version = f"eventcode {package_version()} dict {lexicon.digest}"
    if config.tabari_dictionaries:
        version += f" tabari {Path(config.tabari_dictionaries).name}"
    return version


@dataclass(slots=True)
class CodedMention:
    """A mention with everything resolved: the unit the dataset is built from."""

    doc_id: str
    sentence: Sentence
    position: int  # order of the mention within its sentence
    code: str
    pattern_id: str
    source: Actor | None
    target: Actor | None
    verb_text: str
    event_date: date | None
    date_precision: str | None
    date_text: str | None
    place: Place | None
    location_text: str | None
    fatalities: int | None
    injuries: int | None
    doc_date: date | None
    geo_method: str | None = None  # how the place was resolved (eventcode.place.GEO_METHODS)

    @property
    def mention_id(self) -> str:
        return f"{self.doc_id}:{self.sentence.index}:{self.position}"


@dataclass(slots=True)
class DocumentResult:
    """What coding one document produced."""

    document: Document
    n_sentences: int = 0
    mentions: list[CodedMention] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Coder:
    """Codes documents with compiled dictionaries and a gazetteer.

    Examples
    --------
    >>> coder = Coder.from_config()  # doctest: +SKIP
    >>> result = coder.code(Document("d1", "Iran denied any role.", doc_date=date(2024, 2, 2)))  # doctest: +SKIP
    """

    def __init__(
        self, lexicon: Lexicon, gazetteer: Gazetteer, config: CoderConfig | None = None, *, server: ServerGeocoder | None = None
    ) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.places = PlaceResolver(gazetteer)
        self.server = server
        self.config = config or CoderConfig()
        self.version = coder_version(lexicon, self.config)
        self.tabari: TabariCoder | None = None  # set by from_config with tabari_dictionaries

    @classmethod
    def from_config(cls, config: CoderConfig | None = None, **options: object) -> Coder:
        """Load and compile dictionaries and the gazetteer once.

        Parameters
        ----------
        config
            A ``CoderConfig``; keyword options build one when it is not given.
        """
        config = config or CoderConfig(**options)  # type: ignore[arg-type]
        lexicon = Lexicon.load(config.dictionaries, defaults=config.default_dictionaries)
        gazetteer = _load_gazetteer(config.gazetteer)
        server = server_geocoder(
            config.geocoder, config.geocoder_url, cache_dir=config.geocoder_cache, min_delay_seconds=config.geocoder_min_delay
        )
        coder = cls(lexicon, gazetteer, config, server=server)
        if config.tabari_dictionaries:
            from eventcode.tabari.coder import TabariCoder

            coder.tabari = TabariCoder.load(config.tabari_dictionaries)
        return coder

    def resolve_places(
        self, tokens: list, text: str, actors: list[Actor], doc_places: DocumentPlaces
    ) -> list[PlaceMention]:
        """The places of a sentence: the embedded gazetteer's reading, refined by the user's server."""
        places = self.places.find_places(tokens, text, actors, doc_places)
        if self.server is None:
            return places
        countries = [a.country for a in actors if a.kind in {"country", "capital"} and a.country]
        countries += [p.place.country_iso3 for p in places if p.place.feature == "country" and p.place.country_iso3]
        return self.server.refine(places, list(dict.fromkeys(countries)))

    def pipe(self, documents: Iterable[Document]) -> Iterator[DocumentResult]:
        """Code documents one by one (a generator: memory stays flat)."""
        for document in documents:
            yield self.code(document)

    def code(self, document: Document) -> DocumentResult:
        """Code one document. A failure is returned in ``result.error``, never raised."""
        if not document.ok:
            return DocumentResult(document, error=document.error)
        try:
            return self._code(document)
        except Exception as exc:  # one bad document must never stop a run
            where = document.path or document.doc_id
            return DocumentResult(document, error=f"{where}: internal error while coding: {type(exc).__name__}: {exc}")

    def code_text(self, text: str, *, doc_date: date | None = None, doc_id: str = "text") -> DocumentResult:
        """Code a piece of text as one document (for ``explain`` and quick use)."""
        return self.code(Document(doc_id=doc_id, text=text, doc_date=doc_date))

    def _code(self, document: Document) -> DocumentResult:
        context = Context()
        day = document.doc_date
        doc_places = DocumentPlaces()
        coded: list[CodedMention] = []
        n_sentences = 0
        for sentence in split_sentences(document.text):
            n_sentences += 1
            tokens = tokenize(sentence.text)
            mentions, actors = code_sentence(
                self.lexicon, tokens, sentence.text, sentence_index=sentence.index, day=day, context=context
            )
            if self.tabari is not None:
                mentions = _add_tabari(mentions, self.tabari.mentions(tokens, sentence.text, sentence_index=sentence.index, day=day))
            # Countries named so far narrow ambiguous place names; places are resolved only where
            # there is an event to place (most sentences have none).
            doc_places.add_actors(actors)
            if not mentions:
                continue
            places = self.resolve_places(tokens, sentence.text, actors, doc_places)
            doc_places.add_places(places)
            dates = find_dates(sentence.text, day)
            qualifiers = _qualifier_places(places, actors, tokens)
            heads = sorted({(tokens[m.head_start].start, tokens[m.head_end - 1].end) for m in mentions})
            per_head: dict[tuple[int, int, bool], _HeadFacts] = {}  # one head's place, date, counts
            for position, mention in enumerate(mentions):
                coded.extend(
                    self._resolve(document, sentence, tokens, mention, position, places, qualifiers, dates, heads, per_head)
                )
        return DocumentResult(document, n_sentences, self._fallback_places(_resolve_anaphora(coded), doc_places))

    def _fallback_places(self, mentions: list[CodedMention], doc_places: DocumentPlaces) -> list[CodedMention]:
        """Events whose sentence names no place: the document's main country, else the target's."""
        for mention in mentions:
            if mention.place is None:
                target = mention.target.country if mention.target else None
                found = fallback_place(self.gazetteer, doc_places, target)
                if found is not None:
                    mention.place, mention.location_text, mention.geo_method = found
                    if mention.target is None and mention.code in CLAIM_CODES:
                        # "claimed the bombing at a concert in Manchester": the place is the attack's.
                        mention.target = attacked_place(mention.code, mention.source, found[0], found[1] or "")
        return mentions

    @staticmethod
    def _head_facts(
        document: Document,
        sentence: Sentence,
        tokens: list,
        mention: Mention,
        places: list[PlaceMention],
        qualifiers: set[int],
        dates: list,
        heads: list[tuple[int, int]],
        violent: bool,
    ) -> _HeadFacts:
        """An event head's places, date and casualty counts."""
        left, right = _clause_bounds(tokens, mention.head_start, sentence.text)
        head_char = tokens[mention.head_start].start
        # An event's places come before the next event's head: "ordered the strikes in response
        # to the attack that struck Tower 22" does not put the strikes at Tower 22.
        next_head = min((h[0] for h in heads if h[0] > head_char), default=None)
        if next_head is not None:
            right = min(right, next((i for i, t in enumerate(tokens) if t.start >= next_head), right))
        candidates = [p for p in places if p.start not in qualifiers] or places
        chosen = event_places(candidates, mention.head_start, mention.head_end, (left, right))
        when, precision, date_text = event_date(head_char, dates, document.doc_date)
        fatalities = injuries = None
        if violent:
            head = (head_char, tokens[mention.head_end - 1].end)
            counted = event_casualties(sentence.text, head, [h for h in heads if h != head])
            fatalities, injuries = counted.fatalities, counted.injuries
        return chosen, when, precision, date_text, fatalities, injuries

    def _resolve(
        self,
        document: Document,
        sentence: Sentence,
        tokens: list,
        mention: Mention,
        position: int,
        places: list[PlaceMention],
        qualifiers: set[int],
        dates: list,
        heads: list[tuple[int, int]],
        per_head: dict[tuple[int, int, bool], _HeadFacts],
    ) -> list[CodedMention]:
        violent = mention.code[:2] in VIOLENT_ROOTS
        key = (mention.head_start, mention.head_end, violent)
        facts = per_head.get(key)
        if facts is None:  # the mentions of one head (one per source and target) share these
            facts = per_head[key] = self._head_facts(document, sentence, tokens, mention, places, qualifiers, dates, heads, violent)
        chosen, when, precision, date_text, fatalities, injuries = facts
        pattern_id = f"{mention.pattern_id}|anaphor" if mention.anaphoric else mention.pattern_id
        common = {
            "doc_id": document.doc_id,
            "sentence": sentence,
            "code": mention.code,
            "pattern_id": pattern_id,
            "verb_text": mention.verb_text,
            "event_date": when,
            "date_precision": precision,
            "date_text": date_text,
            "fatalities": fatalities,
            "injuries": injuries,
            "doc_date": document.doc_date,
        }
        if not chosen:
            source, target = protest_parties(mention.code, mention.source, mention.target, None)
            return [CodedMention(position=position * 100, source=source, target=target, place=None, location_text=None, **common)]
        return [
            _placed(common, position * 100 + k, mention.source, mention.target, p) for k, p in enumerate(chosen)
        ]


_HeadFacts = tuple[list[PlaceMention], date | None, str | None, str | None, int | None, int | None]


def _placed(
    common: dict[str, Any], position: int, source: Actor | None, target: Actor | None, found: PlaceMention
) -> CodedMention:
    """An event at one of its places: unnamed actors take the place's country (``localize``), an
    attack that names only the place targets its country, protesters target their government.
    """
    code = common["code"]
    country = found.place.country_iso3
    protest = code[:2] == "14"
    # Protesters are the place's people, like the victims of other events.
    placed_source = localize(source, country, as_source=not protest)
    placed_target = localize(target, country, as_source=False) or attacked_place(code, source, found.place, found.text)
    placed_source, placed_target = protest_parties(code, placed_source, placed_target, country)
    return CodedMention(
        position=position,
        source=placed_source,
        target=placed_target,
        place=found.place,
        location_text=found.text,
        geo_method=found.method,
        **common,
    )


# Roles whose unnamed members belong to the country where the event happens ("police opened fire
# on protesters in Zahedan" → IRNCOP, IRNCVL). Armed non-state roles keep no country when they act
# ("militants attacked"), as CAMEO codes an unidentified attacker.
# Criminal gangs are local too ("gang members" in Port-au-Prince are HTICRM), and so are unnamed
# soldiers who are the victims ("killing six soldiers" in North Waziristan: PAKMIL).
LOCAL_ROLES = frozenset("COP GOV LEG JUD CVL OPP EDU HLH LAB BUS MED REF AGR REL ELI CRM MIL".split())
LOCAL_SOURCE_ROLES = frozenset("COP GOV LEG JUD CRM".split())


def localize(actor: Actor | None, country: str | None, *, as_source: bool) -> Actor | None:
    """Give an actor named only by its role the country where the event takes place."""
    if actor is None or actor.country or not country or actor.kind != "agent" or not actor.roles:
        return actor
    first = actor.roles[:3]
    allowed = LOCAL_SOURCE_ROLES if as_source else LOCAL_ROLES
    if first not in allowed:
        return actor
    return replace(actor, code=country + actor.code, country=country)


def protest_parties(
    code: str, source: Actor | None, target: Actor | None, country: str | None
) -> tuple[Actor | None, Actor | None]:
    """Who protests against whom: a people named by their country ("Serbians rallied") are its
    civilians, and a protest with no stated target is against their government (of the
    protesters' country, else of the country where they protest).
    """
    if code[:2] != "14" or source is None:
        return source, target
    if source.kind == "country" and source.country and not source.roles:
        source = replace(source, code=source.country + "CVL", roles="CVL", kind="agent")
    home = source.country or country
    if target is None and home:
        government = Actor(-1, -1, home + "GOV", home, home, "agent", home, "GOV")
        target = government if government.code != source.code else None
    return source, target


# Claiming or denying an attack: its target is where it struck ("claimed the bombing in Manchester").
CLAIM_CODES = frozenset({"015", "016"})
# Seizing or destroying property ("demolished homes in the Jenin camp"): the country it belongs to.
PROPERTY_CODES = frozenset({"171", "1711", "1712"})


def attacked_place(code: str, source: Actor | None, place: Place, text: str) -> Actor | None:
    """The target of an armed attack that names only where it struck ("shelled the centre of
    Kherson", "drones struck a refinery in Russia's Ryazan region"), and of a claim or denial of
    one: the country the place is in, as the bare code. None for other events, and for a country attacking inside its own borders.
    """
    country = place.country_iso3
    if code[:2] != "19" and code not in CLAIM_CODES | PROPERTY_CODES or not country or source is None or source.country == country:
        return None
    return Actor(-1, -1, country, place.name, text, "country", country, "", is_place=True)


def _add_tabari(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """Our mentions plus the TABARI ones that do not repeat an event already found."""
    seen = {(m.code, m.source and m.source.code, m.target and m.target.code) for m in mentions}
    return mentions + [m for m in extra if (m.code, m.source and m.source.code, m.target and m.target.code) not in seen]


def _qualifier_places(places: list[PlaceMention], actors: list[Actor], tokens: list) -> set[int]:
    """Places that qualify an actor ("Islamic Resistance in Iraq", "forces in Syria"), by start token."""
    ends = {a.end for a in actors if not a.is_place}
    return {p.start for p in places if p.start >= 2 and tokens[p.start - 1].key == "in" and p.start - 1 in ends}


def _resolve_anaphora(mentions: list[CodedMention]) -> list[CodedMention]:
    """ "the attack" without actors corefers with the latest compatible earlier event of the
    document: it takes that event's actors, code and date, and refines its place and counts.
    Anaphors without an antecedent are dropped.
    """
    resolved: list[CodedMention] = []
    candidates: dict[str, list[CodedMention]] = {}  # earlier events with a source, by CAMEO root
    for mention in mentions:
        if not mention.pattern_id.endswith("|anaphor"):
            resolved.append(mention)
            if mention.source is not None:
                candidates.setdefault(mention.code[:2], []).append(mention)
            continue
        antecedent = _antecedent(candidates.get(mention.code[:2], [])[-ANTECEDENT_WINDOW:], mention)
        if antecedent is None:
            continue
        target = mention.target or antecedent.target
        if antecedent.target is None and target is not None:
            antecedent.target = target
        place, location_text = mention.place, mention.location_text
        geo_method = mention.geo_method
        if place is None or (antecedent.place is not None and place.country_iso3 != antecedent.place.country_iso3):
            place, location_text, geo_method = antecedent.place, antecedent.location_text, antecedent.geo_method
        elif antecedent.place is not None and antecedent.place.precision > place.precision:
            antecedent.place, antecedent.location_text, antecedent.geo_method = place, location_text, geo_method
        for name in ("fatalities", "injuries"):
            if getattr(antecedent, name) is None and getattr(mention, name) is not None:
                setattr(antecedent, name, getattr(mention, name))
        coreferent = replace(
            mention,
            pattern_id=mention.pattern_id.removesuffix("|anaphor"),
            code=antecedent.code,
            source=antecedent.source,
            target=target,
            event_date=antecedent.event_date if mention.date_text is None else mention.event_date,
            date_precision=antecedent.date_precision if mention.date_text is None else mention.date_precision,
            place=place,
            location_text=location_text,
            geo_method=geo_method,
            fatalities=mention.fatalities if mention.fatalities is not None else antecedent.fatalities,
            injuries=mention.injuries if mention.injuries is not None else antecedent.injuries,
        )
        resolved.append(coreferent)
        if coreferent.source is not None:
            candidates.setdefault(coreferent.code[:2], []).append(coreferent)
    return resolved


def _antecedent(previous: Sequence[CodedMention], anaphor: CodedMention) -> CodedMention | None:
    """The earlier event "the attack" refers to: same root, a source that is not the victim's side,
    preferring one whose target agrees and one the text dates, then the most recent.
    """
    best: tuple[tuple[int, int, int], CodedMention] | None = None
    for order, candidate in enumerate(previous):
        if candidate.code[:2] != anaphor.code[:2] or candidate.source is None:
            continue
        if anaphor.target is not None and candidate.source.country and candidate.source.country == anaphor.target.country:
            continue
        agrees = anaphor.target is not None and candidate.target is not None and candidate.target.code == anaphor.target.code
        open_target = candidate.target is None
        rank = (2 * agrees + open_target, candidate.date_text is not None, order)
        if best is None or rank > best[0]:
            best = (rank, candidate)
    return best[1] if best else None
