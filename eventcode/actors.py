"""Actors in a sentence: dictionary matches composed into coded actors, chains and places.

"Iran's Islamic Revolutionary Guards Corps (IRGC) Quds Force" is one actor (IRNMIL); "Iraqi
opposition lawmakers" is IRQOPPLEG; "militants" alone is REB; "Jordan and Britain" is a chain of two;
"in Iraq and Syria" are places, not actors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from eventcode.lexicon import CompiledActor as ActorEntry
from eventcode.lexicon import CompiledAgent as AgentEntry
from eventcode.lexicon import Lexicon
from eventcode.tokens import Token

LOCATIVE = frozenset({"in", "at", "near", "inside", "across", "throughout", "outside", "into", "around", "within"})
PREPOSITIONS = frozenset(
    "in at near inside across throughout outside into around within on with from against to for by "
    "toward towards over about between among under upon onto via after before during since".split()
)
_PLACE_KINDS = frozenset({"country", "capital"})
ROLE_FAMILIES = (frozenset({"REB", "INS", "SEP", "UAF", "RAD"}), frozenset({"MIL", "SPY"}), frozenset({"COP"}))
_FUNCTION_WORDS = frozenset(
    "and or but of in on at to for with by from as that which who said says say told tell has have had "
    "is are was were will would could should may might must can did does do not also".split()
)
_GLUE = frozenset({"'s", "'"})


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class Actor:
    """A coded actor found in a sentence (tokens ``start``..``end``)."""

    start: int
    end: int
    code: str
    name: str
    text: str
    kind: str  # country, capital, org, igo, ngo, group, person, company, media, agent
    country: str | None
    roles: str
    is_place: bool = False

    @property
    def is_plural(self) -> bool:
        return self.kind in {"agent", "group", "country", "capital", "org", "igo", "ngo"}


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class _Piece:
    start: int
    end: int
    actor: ActorEntry | None
    agent: AgentEntry | None


def _pieces(lexicon: Lexicon, tokens: list[Token]) -> list[_Piece]:
    """Longest dictionary matches, actors and agents together; an actor wins a tie."""
    pieces: list[_Piece] = []
    actor_first, agent_first, first = lexicon.actors.first_words, lexicon.agents.first_words, lexicon.piece_first
    free = 0  # the first token not inside a piece
    # Only tokens a dictionary phrase can start with are tried (a few per sentence).
    for i in [i for i, t in enumerate(tokens) if t.key in first]:
        if i < free:
            continue
        key = tokens[i].key
        actor_hit = lexicon.actors.longest_at(tokens, i) if key in actor_first else None
        agent_hit = lexicon.agents.longest_at(tokens, i) if key in agent_first else None
        if actor_hit and (not agent_hit or actor_hit[0] >= agent_hit[0]):
            pieces.append(_Piece(i, actor_hit[0], actor_hit[1][-1], None))
            free = actor_hit[0]
        elif agent_hit:
            pieces.append(_Piece(i, agent_hit[0], None, agent_hit[1][-1]))
            free = agent_hit[0]
    return pieces


def _parenthetical_alias(tokens: list[Token], group_end: int, piece: _Piece) -> bool:
    """True for "(CENTCOM)" right after an actor: an alias of it, absorbed into the actor."""
    return (
        piece.start == group_end + 1
        and tokens[group_end].text == "("
        and piece.end < len(tokens)
        and tokens[piece.end].text == ")"
    )


def _joinable(tokens: list[Token], group_end: int, piece: _Piece) -> bool:
    gap = [t.key for t in tokens[group_end : piece.start]]
    return all(k in _GLUE for k in gap)


def _modified_agent(lexicon: Lexicon, tokens: list[Token], group: list[_Piece], piece: _Piece) -> bool:
    """True for an agent whose noun phrase belongs to the actor before it across modifiers:
    "Bangladesh's interim government", "Mali's Tuareg separatist rebels" (after a possessive, up
    to two words that are not event words or function words), "Brazilian federal police" (one
    adjective after a country adjective), "U.S. B-52 bombers" (a model name).
    """
    if piece.agent is None or group[-1].actor is None:
        return False
    gap = tokens[group[-1].end : piece.start]
    if len(gap) == 1 and any(c.isdigit() for c in gap[0].key) and any(c.isalpha() for c in gap[0].key):
        return True
    heads = lexicon.heads.first_words

    def modifier(t: Token) -> bool:
        return t.key.replace("-", "").isalpha() and t.key not in _FUNCTION_WORDS and t.key not in heads and not t.key.endswith("s")

    if len(gap) == 1 and _adjectival(tokens, group[-1]) and gap[0].text.islower():
        return modifier(gap[0]) and not gap[0].key.endswith(("ed", "ing"))  # "Brazilian federal police"
    return 2 <= len(gap) <= 3 and gap[0].key == "'s" and all(modifier(t) for t in gap[1:])


def _adjectival(tokens: list[Token], piece: _Piece) -> bool:
    """A country named by an adjective or abbreviation ("Brazilian", "U.S."), not by its name."""
    actor = piece.actor
    if actor is None or actor.kind != "country":
        return False
    surface = " ".join(t.key for t in tokens[piece.start : piece.end])
    return surface != actor.name.lower()


# A run's coding depends only on its dictionary entries and the date: memoised per lexicon (by
# the entries' identities, which live as long as the lexicon that holds them), bounded.
_COMPOSE_MEMO_SIZE = 50_000
_Coding = tuple[str, str, str | None, str | None, str]  # code, kind, name (None: the surface), country, roles


def _compose(lexicon: Lexicon, pieces: list[_Piece], tokens: list[Token], text: str, day: date | None) -> Actor:
    """Code a run of pieces: the last named actor is the head; later agents add roles."""
    start, end = pieces[0].start, pieces[-1].end
    surface = text[tokens[start].start : tokens[end - 1].end]
    memo = lexicon.actor_memo
    if len(pieces) == 1:  # most actors are one dictionary entry
        piece = pieces[0]
        key: tuple[object, ...] = (day if piece.actor is not None and piece.actor.dated else None, id(piece.actor), id(piece.agent))
    else:
        dated = any(p.actor is not None and p.actor.dated for p in pieces)
        key = (day if dated else None, *[(id(p.actor), id(p.agent)) for p in pieces])
    coding = memo.get(key)
    if coding is None:
        if len(memo) >= _COMPOSE_MEMO_SIZE:
            memo.clear()
        coding = memo[key] = _coding(pieces, day)
    code, kind, name, country, roles = coding
    return Actor(start, end, code, surface if name is None else name, surface, kind, country, roles)


def _coding(pieces: list[_Piece], day: date | None) -> _Coding:
    """The code, kind, name, country and roles of a run of dictionary entries."""
    named_index = max((k for k, p in enumerate(pieces) if p.actor and p.actor.kind != "country"), default=None)
    country_piece = next((p for p in pieces if p.actor and p.actor.kind == "country"), None)
    name: str | None
    if named_index is not None:
        named = pieces[named_index].actor
        assert named is not None
        code = named.code_on(day)
        kind = named.kind or "org"
        name = named.name
        agents = [p.agent for p in pieces[named_index + 1 :] if p.agent]
        if kind == "capital" and agents:
            code = code[:3]  # "Tehran's forces": the country, then the agents' roles
    elif country_piece is not None:
        assert country_piece.actor is not None
        code = country_piece.actor.code_on(day)
        kind = "country"
        name = country_piece.actor.name
        agents = [p.agent for p in pieces if p.agent]
    else:
        code, kind, name = "", "agent", None
        agents = [p.agent for p in pieces if p.agent]
    for agent in agents:
        roles = agent.roles
        if agent.primary and len(code) >= 3:
            code = code[:3]
        blocks = [code[m : m + 3] for m in range(0, len(code), 3)]
        for k in range(0, len(roles), 3):
            block = roles[k : k + 3]
            # "PKK militant group", "Hamas fighters": a named armed group's generic noun adds nothing.
            family = next((f for f in ROLE_FAMILIES if block in f), frozenset({block}))
            if named_index is not None and any(b in family for b in blocks[1:]):
                continue
            if block not in blocks:
                code += block
                blocks.append(block)
    if agents and kind == "country":
        kind = "agent"
    country = code[:3] if len(code) >= 3 and code[:3].isalpha() and _is_country(code[:3]) else None
    if named_index is not None:
        named = pieces[named_index].actor
        assert named is not None
        country = named.country or country
    roles = code[3:] if country else code
    return code, kind, name, country, roles


@cache  # called for every actor; pycountry is imported only when first needed (start-up time)
def _is_country(block: str) -> bool:
    from eventcode.countries import is_country_code

    return is_country_code(block)


def find_actors(lexicon: Lexicon, tokens: list[Token], text: str, day: date | None) -> list[Actor]:
    """Return the actors of a sentence in order, with places marked.

    Parameters
    ----------
    lexicon
        Compiled dictionaries.
    tokens
        The sentence's tokens.
    text
        The sentence text (tokens' offsets index into it).
    day
        The article date, which selects date-ranged actor codes.
    """
    pieces = _pieces(lexicon, tokens)
    groups: list[list[_Piece]] = []
    group_end = -1
    for piece in pieces:
        if groups and _parenthetical_alias(tokens, group_end, piece):
            group_end = piece.end + 1  # past ")"
        elif groups and (_joinable(tokens, group_end, piece) or _modified_agent(lexicon, tokens, groups[-1], piece)):
            groups[-1].append(piece)
            group_end = piece.end
        else:
            groups.append([piece])
            group_end = piece.end
    actors = [_compose(lexicon, group, tokens, text, day) for group in groups if not _attributive(group, tokens)]
    return _mark_places(_merge_named(actors, tokens), tokens)


def _attributive(group: list[_Piece], tokens: list[Token]) -> bool:
    """ "military exercises", "hostage deal": a lone singular agent word before a lower-case word
    modifies it and is not an actor ("militants attack" is plural and stays an actor).
    """
    if len(group) != 1 or group[0].agent is None or group[0].end - group[0].start != 1:
        return False
    if tokens[group[0].start].key.endswith("s") or group[0].end >= len(tokens):
        return False
    following = tokens[group[0].end]
    return following.key.isalpha() and following.text.islower() and following.key not in _FUNCTION_WORDS and not following.key.endswith("ed")


_NAMING = (("called",), ("named",), ("dubbed",), ("known", "as"), ("calling", "itself"))


def _merge_named(actors: list[Actor], tokens: list[Token]) -> list[Actor]:
    """ "an umbrella group of militants called Islamic Resistance in Iraq": the name wins."""
    merged: list[Actor] = []
    for actor in actors:
        if merged and merged[-1].kind == "agent" and actor.kind != "agent":
            gap = tuple(t.key for t in tokens[merged[-1].end : actor.start])
            if gap in _NAMING:
                generic = merged.pop()
                actor = Actor(**{**_asdict(actor), "start": generic.start})
        merged.append(actor)
    return merged


def _mark_places(actors: list[Actor], tokens: list[Token]) -> list[Actor]:
    marked: list[Actor] = []
    previous_place: Actor | None = None
    for actor in actors:
        place_like = actor.kind in _PLACE_KINDS
        before = tokens[actor.start - 1].key if actor.start > 0 else ""
        after_prep = before in LOCATIVE or (before == "the" and actor.start > 1 and tokens[actor.start - 2].key in LOCATIVE)
        in_chain = previous_place is not None and _between_is_conjunction(tokens, previous_place.end, actor.start)
        if place_like and (after_prep or in_chain):
            actor = Actor(**{**_asdict(actor), "is_place": True})
            previous_place = actor
        else:
            previous_place = None
        marked.append(actor)
    return marked


def _asdict(actor: Actor) -> dict[str, object]:
    return {name: getattr(actor, name) for name in Actor.__slots__}


def _between_is_conjunction(tokens: list[Token], end: int, start: int) -> bool:
    between = [t.key for t in tokens[end:start]]
    return bool(between) and all(k in {",", "and", "or"} for k in between)


def chain_at(actors: list[Actor], index: int, tokens: list[Token]) -> list[Actor]:
    """The coordination chain starting at ``actors[index]`` ("Jordan, Britain and France").

    Commas alone do not chain (they mark appositives); a chain needs an ``and``/``or``.
    An agent on the last member distributes to bare countries before it ("U.S. and Coalition forces").
    """
    chain = [actors[index]]
    k = index
    while k + 1 < len(actors) and not actors[k + 1].is_place:
        between = _conjunction_gap(tokens, actors[k].end, actors[k + 1].start)
        if between in (["and"], ["or"], [",", "and"], [",", "or"], ["as", "well", "as"]) or between == [","] and _chain_continues(actors, k + 1, tokens):
            chain.append(actors[k + 1])
            k += 1
        else:
            break
    last = chain[-1]
    if len(chain) > 1 and last.roles and last.kind == "agent":
        chain = [
            Actor(**{**_asdict(a), "code": a.code + last.roles, "roles": last.roles})
            if a.kind == "country" and a.country
            else a
            for a in chain
        ]
    return chain


def _chain_continues(actors: list[Actor], k: int, tokens: list[Token]) -> bool:
    while k + 1 < len(actors):
        between = _conjunction_gap(tokens, actors[k].end, actors[k + 1].start)
        if between in (["and"], [",", "and"], ["or"], [",", "or"]):
            return True
        if between != [","]:
            return False
        k += 1
    return False


def _conjunction_gap(tokens: list[Token], end: int, start: int) -> list[str]:
    """The words between two actors, without an article after the conjunction ("Israel and the
    United Arab Emirates", "the government and the opposition").
    """
    between = [t.key for t in tokens[end:start]]
    if len(between) >= 2 and between[-1] == "the" and between[-2] in {"and", "or", "as"}:
        between.pop()
    return between
