"""TABARI-style coding of a sentence with compiled TABARI/PETRARCH dictionaries.

TABARI's rules, as its manual and validation records describe them, on top of our tokenizer:

- dictionary words are stems unless followed by ``_`` (``StemTrie``);
- a capitalised word (not the first of the sentence), a word after ``the``, after an
  ``<ADJECTIVE>`` or in a ``<NOUN>`` phrase is never a verb ("noun shifting");
- an actor takes the role of an agent next to it ("Gondor's prime minister" -> GONGOV); actors
  joined by commas and ``and`` form a compound that yields one event per member;
- the sentence is cut into clauses at conjunctions that do not join actors; in each clause the
  first verb whose pattern (longest first) or default code is not null is coded; a subordinate code
  (``023?``, "said") is kept only when no later verb codes;
- the source is the pattern's ``$`` or the first actor before the verb, the target the pattern's ``+``
  or the first actor after it; ``A:B`` codes yield the reverse event too; ``%`` binds a compound
  whose members act on each other; ``^`` skips an actor; pronouns refer to the previous actor.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eventcode.tabari.compiled import COMPLEX_CODE, Compiled, VerbForm
from eventcode.tabari.options import TABARI_MINIMUM_WORDS, CommaRule, Options
from eventcode.tabari.patterns import PatternMatcher, match_pattern
from eventcode.tabari.reader import DISCARD_CODE, NULL_CODE, AgentRecord
from eventcode.tabari.records import Entity, Event, SentenceResult
from eventcode.tabari.trie import StemTrie
from eventcode.tokens import Token

__all__ = ["TABARI_MINIMUM_WORDS", "CommaRule", "Compiled", "Entity", "Event", "Options", "SentenceResult", "StemTrie", "code_sentence"]

REPORT_CODE = "023"  # "said": a report, coded alongside what is reported in PETRARCH
UNKNOWN_ACTOR = "---"  # PETRARCH's code for a missing source or target when a dyad is not required
CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas"})
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them"})
FORMER = "former"  # an agent after FORMER is a former official: its role becomes ELI (elite)
ELITE_ROLE = "ELI"


def _blocks(code: str) -> set[str]:
    return {code[i : i + 3] for i in range(0, len(code), 3)}


def _combine(actor: str, agent: AgentRecord) -> str:
    """An actor's code with an agent's role; a role the code already has is not repeated."""
    role = agent.code
    if _blocks(role) <= _blocks(actor):
        return actor
    return role + actor if agent.prefix else actor + role


def _marks(compiled: Compiled, tokens: list[Token], keys: list[str], day: date | None, options: Options):
    """Actors, agents and verbs found left to right: lists of (start, end, kind, payload)."""
    marks: list[tuple[int, int, str, Any]] = []
    discarded = complex_ = False
    # TABARI's all-caps detection: in text without lower case, capitals say nothing about nouns
    all_caps = not any(c.islower() for t in tokens for c in t.text)
    i = 0
    n = len(keys)
    while i < n:
        key = keys[i]
        hits: list[tuple[int, str, Any]] = []
        actor = compiled.actors.longest_at(keys, i) if compiled.actors.starts(key) else None
        if actor:
            hits.append((actor[0], "actor", actor[1][-1]))
        agent = compiled.agents.longest_at(keys, i) if compiled.agents.starts(key) else None
        if agent:
            hits.append((agent[0], "agent", agent[1][-1]))
        noun = compiled.nouns.longest_at(keys, i) if compiled.nouns.starts(key) else None
        if noun:
            hits.append((noun[0], "noun", None))
        best_end = max((h[0] for h in hits), default=i)
        if _verb_allowed(compiled, tokens, keys, i, all_caps=all_caps) and compiled.verbs.starts(key):
            verb = compiled.verbs.longest_at(keys, i)
            if verb and verb[0] > best_end - (1 if not hits or hits[0][1] != "actor" else 0):
                hits = [(verb[0], "verb", verb[1][-1])]
        if not hits:
            i += 1
            continue
        # the longest match; an actor wins a tie with an agent or noun
        end, kind, payload = max(hits, key=lambda h: (h[0], h[1] == "actor" or h[1] == "verb"))
        if kind == "actor":
            code = payload.code_on(day)
            if code == DISCARD_CODE and options.actor_discards:
                discarded = True
            elif code == COMPLEX_CODE:
                complex_ = True
            elif code is not None and code != NULL_CODE:
                marks.append((i, end, "actor", code))
        elif kind == "verb":
            if payload.code == DISCARD_CODE:
                discarded = True
            marks.append((i, end, "verb", payload))
        elif kind == "agent":
            if _former(keys, marks, i):
                payload = replace(payload, code=ELITE_ROLE, prefix=False)
            marks.append((i, end, "agent", payload))
        i = end
    return marks, discarded, complex_


def _former(keys: list[str], marks: list[tuple[int, int, str, Any]], i: int) -> bool:
    """TABARI's FORMER conversion: "former security officials", "former Gondor prosecutors"."""
    if i > 0 and keys[i - 1] == FORMER:
        return True
    before = marks[-1] if marks else None
    return before is not None and before[2] == "actor" and before[1] == i and before[0] > 0 and keys[before[0] - 1] == FORMER


def _verb_allowed(compiled: Compiled, tokens: list[Token], keys: list[str], i: int, *, all_caps: bool = False) -> bool:
    """TABARI's noun shifting: capitalised (not first word, nor in all-caps text), after THE, after an adjective."""
    if i > 0 and not all_caps and tokens[i].text[:1].isupper():
        return False
    if i > 0 and keys[i - 1] in ("the", "a", "an"):
        return False
    if i + 1 < len(keys) and keys[i + 1] == "'s":  # "donate's": a noun ending, not a verb
        return False
    if i > 0:
        for back in range(max(0, i - 3), i):
            hit = compiled.adjectives.longest_at(keys, back) if compiled.adjectives.starts(keys[back]) else None
            if hit and hit[0] == i:
                return False
    return True


def _lone_agent(agent: AgentRecord, options: Options) -> str:
    """The code of an agent no actor claims: TABARI's ``~GOV`` (CONVERT AGENT), PETRARCH's ``---GOV``."""
    if options.require_dyad is False:
        return UNKNOWN_ACTOR + agent.code
    return ("~" + agent.code) if not agent.prefix else (agent.code + "~")


# words between an agent and the actor it belongs to: "the ambassadors of Arnor", "soldiers from Gondor"
_AGENT_OF = tuple([*head, *tail] for head in ([], ["of"], ["for"], ["in"], ["from"]) for tail in ([], ["the"]) if head or not tail)


def _entities(marks, keys: list[str], options: Options) -> tuple[list[Entity], list[tuple[int, int, VerbForm]]]:
    """Actors with their agents, compounds and pronouns; and the verbs."""
    singles: list[Entity] = []
    verbs: list[tuple[int, int, VerbForm]] = []
    k = 0
    while k < len(marks):
        start, end, kind, payload = marks[k]
        if kind == "verb":
            verbs.append((start, end, payload))
            k += 1
            continue
        if kind == "actor":
            code = payload
            nxt = marks[k + 1] if k + 1 < len(marks) else None
            gap = keys[end : nxt[0]] if nxt else []
            if nxt and nxt[2] == "agent" and gap in ([], ["'s"], [FORMER]):
                code = _combine(code, nxt[3])
                end = nxt[1]
                k += 1
                nxt = marks[k + 1] if k + 1 < len(marks) else None
            if nxt and nxt[2] == "actor" and nxt[0] == end:  # "Bree President Romendacil": one person
                end = nxt[1]
                k += 1
            singles.append(Entity(start, end, [c for c in code.split("/") if c]))
            k += 1
            continue
        if kind == "agent":
            nxt = marks[k + 1] if k + 1 < len(marks) else None
            gap = keys[end : nxt[0]] if nxt else []
            if nxt and nxt[2] == "actor" and gap in _AGENT_OF:
                # "the ambassadors of Arnor": the agent's role goes to the actor
                singles.append(Entity(start, nxt[1], [_combine(nxt[3], payload)]))
                k += 2
                # and to each actor of a list that follows: "lawmakers in Fornost and Gondor"
                while options.agent_to_list and k < len(marks) and marks[k][2] == "actor" and keys[marks[k - 1][1] : marks[k][0]] in _JOINERS:
                    singles.append(Entity(marks[k][0], marks[k][1], [_combine(marks[k][3], payload)]))
                    k += 1
                continue
            if options.convert_agent or options.require_dyad is False:
                code = _lone_agent(payload, options)
                singles.append(Entity(start, end, [code]))
            k += 1
            continue
        k += 1
    return singles, verbs


_JOINERS = ([","], ["and"], [",", "and"], ["or"], [",", "or"], ["nor"])  # "neither A nor B"


def _compounds(compiled: Compiled, singles: list[Entity], keys: list[str], verb_starts: set[int], modifiers: int) -> list[Entity]:
    """Join "A, B and C" (also "A and the evil B") into one compound entity.

    Words before a member are dropped when they are determiners or ``<ADJECTIVE>`` entries, and
    (PETRARCH, which has no adjective list) up to ``modifiers`` other words after THE, AND or OR.
    """
    out: list[Entity] = []
    for entity in singles:
        if out:
            last = out[-1]
            between = keys[last.end : entity.start]
            between = _strip_modifiers(compiled, between, last.end, verb_starts, modifiers)
            if between in _JOINERS:
                out[-1] = Entity(last.start, entity.end, last.codes + entity.codes, True)
                continue
        out.append(Entity(entity.start, entity.end, list(entity.codes), entity.compound))
    return out


def _strip_modifiers(compiled: Compiled, between: list[str], offset: int, verb_starts: set[int], modifiers: int) -> list[str]:
    """``between`` without the determiners and adjectives (or free modifiers) before the next actor."""
    while between and between[-1] not in (",", "and", "or", "nor"):
        if between[-1] in ("the", "a", "an") or compiled.adjectives.longest_at(between, len(between) - 1):
            between = between[:-1]
            continue
        n = 0  # "the evil awful Gondor", "and good Gondor"
        while n < min(modifiers, len(between)) and between[-1 - n].isalpha() and offset + len(between) - 1 - n not in verb_starts:
            n += 1
            if len(between) > n and between[-1 - n] in ("the", "and", "or"):
                return _strip_modifiers(compiled, between[:-n], offset, verb_starts, 0)
        break
    return between


def _pronouns(entities: list[Entity], keys: list[str], previous: Entity | None) -> list[Entity]:
    """He/she/it/they refer to the sentence's first actor before them (or the forwarded one).

    TABARI takes the subject of the sentence ("Elrond urged Bree ... and Gondor asked him": ELF),
    not the nearest actor; with no actor before the pronoun, ``previous`` (``FORWARD``) is used.
    """
    starts = {e.start for e in entities}
    out = list(entities)
    first = entities[0] if entities else None
    for i, key in enumerate(keys):
        if key in PRONOUNS and i not in starts:
            antecedent = first if first is not None and first.end <= i else previous
            if antecedent is not None:
                out.append(Entity(i, i + 1, list(antecedent.codes), antecedent.compound, pronoun=True))
    out.sort(key=lambda e: e.start)
    return out


def _clauses(compiled: Compiled, keys: list[str], spans: list[tuple[int, int]], code_by: str) -> list[tuple[int, int]]:
    """Clauses cut at conjunctions outside actors, except between two adjectives or two nouns
    ("Ithilen's sheep and goats of Gondor warned ...": one clause whose subject is Ithilen).
    ``CODE ALL`` codes every verb but keeps the clauses (a clause's subject is its own)."""
    if code_by == "sentence":
        return [(0, len(keys))]
    inside = set()  # conjunctions inside actors and verbs ("SHOT_AND_WOUND") cut nothing
    for start, end in spans:
        inside.update(range(start, end))
    bounds = [0]
    for i, key in enumerate(keys):
        if key in CONJUNCTIONS and i not in inside and i > 0 and not _joins_modifiers(compiled, keys, i):
            bounds.append(i)
    bounds.append(len(keys))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _joins_modifiers(compiled: Compiled, keys: list[str], i: int) -> bool:
    """Does the conjunction at ``i`` join two adjectives or two nouns of the dictionaries?"""
    if i + 1 >= len(keys):
        return False
    for trie in (compiled.adjectives, compiled.nouns):
        after = trie.longest_at(keys, i + 1) if trie.starts(keys[i + 1]) else None
        if after is None:
            continue
        for start in range(max(0, i - 3), i):
            before = trie.longest_at(keys, start) if trie.starts(keys[start]) else None
            if before is not None and before[0] == i:
                return True
    return False


def code_sentence(
    compiled: Compiled,
    tokens: list[Token],
    *,
    day: date | None = None,
    options: Options | None = None,
    previous: Entity | None = None,
) -> SentenceResult:
    """Code one tokenized sentence with TABARI's rules.

    Parameters
    ----------
    compiled
        The compiled dictionaries.
    tokens
        The sentence's tokens.
    day
        The story's date, for date-restricted actor codes.
    options
        TABARI's options (``Options()``: TABARI's defaults).
    previous
        What a pronoun refers to when no actor precedes it (``SentenceResult.forward``).

    Returns
    -------
    SentenceResult
        The events; token positions are those of ``tokens`` even when comma clauses were dropped.
    """
    options = options or Options()
    keys = [t.key for t in tokens]
    if options.minimum_words and sum(k.isalnum() for k in keys) < options.minimum_words:
        return SentenceResult([])
    for i in range(len(keys)):
        if compiled.discards.starts(keys[i]) and compiled.discards.longest_at(keys, i):
            return SentenceResult([], discarded=True)
        time_code = compiled.time_codes.longest_at(keys, i) if compiled.time_codes.starts(keys[i]) else None
        if time_code is not None:  # "kan wa ma kan" [###], "when peace comes" [+++]
            discard = time_code[1][-1] == DISCARD_CODE
            return SentenceResult([], discarded=discard, complex=not discard)
    kept = options.comma.kept(keys, list_commas=_list_commas(compiled, keys, options.compound_modifiers)) if options.comma is not None else None
    if kept is None or len(kept) == len(keys):
        return _code_tokens(compiled, tokens, day, options, previous)
    result = _code_tokens(compiled, [tokens[i] for i in kept], day, options, previous)
    return _remapped(result, kept)


def _list_commas(compiled: Compiled, keys: list[str], modifiers: int = 0) -> frozenset[int]:
    """Commas between two actors of a list ("Mordor, the evil Rohan, and Bree"): not clause delimiters.

    Adjectives may come between; PETRARCH (no adjective list) allows ``modifiers`` other words.
    """
    if "," not in keys:
        return frozenset()
    starts: set[int] = set()
    ends: set[int] = set()
    for i, key in enumerate(keys):
        hit = compiled.actors.longest_at(keys, i) if compiled.actors.starts(key) else None
        if hit is not None:
            starts.add(i)
            ends.add(hit[0])
    found = set()
    for i, key in enumerate(keys):
        if key == "," and i in ends:
            j = i + 1
            free = modifiers
            while j < len(keys) and j not in starts:
                if keys[j] in ("and", "or", "the", "a", "an"):
                    j += 1
                    continue
                adjective = compiled.adjectives.longest_at(keys, j) if compiled.adjectives.starts(keys[j]) else None
                if adjective is None and free and keys[j].isalpha():
                    free -= 1
                    j += 1
                    continue
                if adjective is None:
                    break
                j = adjective[0]
            if j in starts:
                found.add(i)
    return frozenset(found)


def _remapped(result: SentenceResult, kept: list[int]) -> SentenceResult:
    """Token positions in a shortened sentence mapped back to the full sentence's."""

    def span(start: int, end: int) -> tuple[int, int]:
        return kept[start], kept[end - 1] + 1

    events = [Event(e.source, e.target, e.code, *span(e.verb_start, e.verb_end), e.rule) for e in result.events]
    entities = [Entity(*span(e.start, e.end), e.codes, e.compound, e.pronoun) for e in result.entities]
    return SentenceResult(events, result.discarded, result.complex, entities)


def _code_tokens(compiled: Compiled, tokens: list[Token], day: date | None, options: Options, previous: Entity | None) -> SentenceResult:
    keys = [t.key for t in tokens]
    marks, discarded, complex_ = _marks(compiled, tokens, keys, day, options)
    if discarded or complex_:
        return SentenceResult([], discarded=discarded, complex=complex_)
    singles, verbs = _entities(marks, keys, options)
    compounds = _compounds(compiled, singles, keys, {v[0] for v in verbs}, options.compound_modifiers)
    entities = _pronouns(compounds, keys, previous)
    if _too_complex(keys, entities, verbs, options):
        return SentenceResult([], complex=True, entities=entities)
    events: list[Event] = []
    source_before: Entity | None = None
    spans = [(e.start, e.end) for e in entities] + [(v[0], v[1]) for v in verbs]
    for lo, hi in _clauses(compiled, keys, spans, options.code_by):
        clause_entities = [e for e in entities if lo <= e.start and e.end <= hi]
        clause_verbs = [v for v in verbs if lo <= v[0] < hi]
        fallback: list[Event] | None = None
        coded = False
        for verb_start, verb_end, form in clause_verbs:
            outcome = _code_verb(compiled, keys, entities, clause_entities, lo, hi, verb_start, verb_end, form, source_before, options)
            if outcome is None:
                continue
            status, found = outcome
            if status == "complex":
                return SentenceResult([], complex=True, entities=entities)
            if status == "discard":
                return SentenceResult([], discarded=True, entities=entities)
            if status == "subordinate":
                if fallback is None:
                    fallback = found
                continue
            events.extend(found)
            coded = True
            if options.code_by != "all":
                break
        if not coded and fallback and options.code_subordinate:
            events.extend(fallback)
        if options.code_reports:
            events.extend(_reports(compiled, keys, entities, clause_entities, (lo, hi), clause_verbs, options))
        first = next((e for e in clause_entities), None)
        if first is not None:
            source_before = first
        if options.code_by == "sentence" and events:
            break
    return SentenceResult(_unique(events), entities=entities)


def _too_complex(keys: list[str], entities: list[Entity], verbs: list[tuple[int, int, VerbForm]], options: Options) -> bool:
    """TABARI's ``COMPLEX:`` limits: too many verbs or conjunctions, or no actor before the first
    verb; null-coded verbs ("Calenardhon leader Calimehtar", "On accord") are not counted."""
    coded = [v for v in verbs if v[2].code != NULL_CODE]
    if options.complex_verbs and len(coded) >= options.complex_verbs:
        return True
    if options.complex_conjunctions:
        inside = {i for span in [*((e.start, e.end) for e in entities), *((v[0], v[1]) for v in verbs)] for i in range(*span)}
        conjunctions = sum(1 for i, key in enumerate(keys) if key in _COMPLEX_CONJUNCTIONS and i not in inside)
        if conjunctions >= options.complex_conjunctions:
            return True
    if options.complex_no_actor_prior and coded:
        return not any(e.end <= coded[0][0] for e in entities)
    return False


_COMPLEX_CONJUNCTIONS = CONJUNCTIONS | {"or", "nor"}


def _reports(compiled, keys, entities, clause_entities, clause, clause_verbs, options: Options) -> list[Event]:
    """PETRARCH codes a report with its own subject as an event of its own ("X welcomed Y, the news
    agency WFNA said": WFNA's 023 too); the subject is the actor or agent at most three words before."""
    out: list[Event] = []
    for verb_start, verb_end, form in clause_verbs:
        if form.code.rstrip("?") != REPORT_CODE:
            continue
        subject = next((e for e in clause_entities if verb_start - 3 <= e.end <= verb_start and "," not in keys[e.end : verb_start]), None)
        if subject is None:
            continue
        own = [subject] + [e for e in clause_entities if e.start >= verb_end]
        outcome = _code_verb(compiled, keys, entities, own, *clause, verb_start, verb_end, form, None, options)
        if outcome is not None and outcome[0] in ("ok", "subordinate"):
            out.extend(outcome[1])
    return out


def _unique(events: list[Event]) -> list[Event]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for event in events:
        key = (event.source, event.target, event.code)
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out


def _code_verb(compiled, keys, entities, clause_entities, lo, hi, verb_start, verb_end, form: VerbForm, source_before, options):
    matcher = PatternMatcher(keys, entities, 0, len(keys))
    code = form.code
    bound: dict[str, Entity] = {}
    rule = form.block.where
    exact = set(keys)
    prefixes = {key[:n] for key in exact for n in range(1, len(key) + 1)}
    for pattern, needs in compiled.patterns.get(id(form.block), ()):
        if not all((w.key in exact) if w.exact else (w.key in prefixes) for w in needs):
            continue
        hit = match_pattern(pattern, matcher, verb_start, verb_end, pattern.lower_joined)
        if hit is not None:
            code, bound, rule = pattern.code, hit, pattern.where
            break
    if code == NULL_CODE or not code:
        return None
    if code == COMPLEX_CODE:
        return ("complex", [])
    if code == DISCARD_CODE:
        return ("discard", [])
    subordinate = code.endswith("?")
    code = code.rstrip("?!")
    skipped = {id(e) for k, e in bound.items() if k.startswith("skip")}
    compound = bound.get("compound")
    source = bound.get("source")
    target = bound.get("target")
    subject = next((e for e in clause_entities if e.end <= verb_start and id(e) not in skipped), None)
    reciprocal = not (options.subject_before_compound and subject is not None and compound is not None and compound.start >= verb_end)
    if compound is not None and source is None and target is None and not reciprocal:
        source, target = subject, compound  # PETRARCH: "Eriador agrees with the Philippines and France"
    if compound is not None and source is None and target is None:
        primary, _, reverse = code.partition(":")
        events = [
            event
            for a in compound.codes
            for b in compound.codes
            if a != b
            for event in (Event(a, b, primary, verb_start, verb_end, rule), Event(b, a, reverse, verb_start, verb_end, rule))
            if event.code
        ]
        return ("subordinate" if subordinate else "ok", events)
    if compound is not None:
        if source is None:
            source = compound
        elif target is None:
            target = compound
    candidates = [e for e in clause_entities if id(e) not in skipped]
    source_after: Entity | None = None  # a source found after the verb (no actor before it)
    if source is None and target is None:
        agent = _passive_agent(keys, candidates, verb_start, verb_end)
        if agent is not None:
            before = [e for e in candidates if e.end <= verb_start]
            source, target = agent, (before[0] if before else None)
    if source is None:
        before = [e for e in candidates if e.end <= verb_start and e is not target]
        if before:
            source = _first(before)
        elif source_before is not None:
            source = source_before
        elif not (options.default_source and options.source_prior):
            after = [e for e in candidates if e.start >= verb_end and e is not target]
            if (target is not None or options.default_source) and after:
                source = source_after = _first(after)
    if target is None:
        after = [e for e in candidates if e.start >= verb_end and e is not source and (source is None or e.codes != source.codes)]
        if after:
            target = _first(after)
        else:
            before = [e for e in candidates if e.end <= verb_start and e is not source]
            if before:
                target = before[-1] if source is not None and before[-1].start > source.start else None
    source_codes = source.codes if source is not None else ([options.default_source] if options.default_source else [])
    target_codes = target.codes if target is not None else ([options.default_target] if options.default_target else [])
    split = source_after is not None or (options.default_target and not options.target_after)
    if target is None and split and len(source_codes) > 1:
        source_codes, target_codes = source_codes[:1], source_codes[1:]  # a compound acts on itself
    if options.require_dyad is False:
        source_codes, target_codes = source_codes or [UNKNOWN_ACTOR], target_codes or [UNKNOWN_ACTOR]
    if not source_codes or not target_codes:
        return None
    primary, _, reverse = code.partition(":")
    events = []
    for a in source_codes:
        for b in target_codes:
            if a == b:  # an actor acting on itself is not an event
                continue
            events.append(Event(a, b, primary, verb_start, verb_end, rule))
            if reverse:
                events.append(Event(b, a, reverse, verb_start, verb_end, rule))
    return ("subordinate" if subordinate else "ok", events)


def _first(entities: list[Entity]) -> Entity:
    """The first actor, a lone agent (``---GOV``) only when there is no actor."""
    return next((e for e in entities if not e.codes[0].startswith(UNKNOWN_ACTOR)), entities[0])


_BE = frozenset({"was", "were", "is", "are", "been", "be", "being"})


def _passive_agent(keys: list[str], entities: list[Entity], verb_start: int, verb_end: int) -> Entity | None:
    """ "X was opposed by Y": Y, the agent of a passive verb (a form of BE before, BY after)."""
    if not any(k in _BE for k in keys[max(0, verb_start - 3) : verb_start]):
        return None
    for i in range(verb_end, min(len(keys), verb_end + 3)):
        if keys[i] == "by":
            return next((e for e in entities if e.start == i + 1 or (e.start == i + 2 and keys[i + 1] == "the")), None)
    return None

