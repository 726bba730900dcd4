"""TABARI-style coding of a sentence with compiled TABARI/PETRARCH dictionaries.

TABARI's rules, as its manual and validation records describe them, on top of our tokenizer:

- dictionary words are stems unless followed by ``_`` (``StemTrie``); PETRARCH's are whole words;
- a capitalised word (not the first of the sentence), a word after ``the``/``a``/``an``, after an
  ``<ADJECTIVE>`` or in a ``<NOUN>`` phrase is never a verb ("noun shifting");
- an actor takes the role of an agent next to it ("Gondor's prime minister" -> GONGOV); actors
  joined by commas and ``and`` form a compound that yields one event per member;
- ``COMPLEX:`` limits (verbs, conjunctions, no actor before the first verb) make a sentence complex;
- the sentence is cut into clauses at conjunctions that do not join actors, nouns or adjectives; in
  each clause the first verb whose pattern (the one matching most elements) or default code is not
  null is coded; a subordinate code (``023?``, "said") is kept only when no later verb codes;
- the source is the pattern's ``$`` or the first actor before the verb, the target the pattern's ``+``
  or the first actor after it; ``A:B`` codes yield the reverse event too; ``%`` binds a compound
  whose members act on each other; ``^`` skips an actor; pronouns refer to the previous actor.
"""

from __future__ import annotations

from datetime import date

from eventcode.tabari.compiled import COMPLEX_CODE, Compiled, VerbForm
from eventcode.tabari.entities import (
    UNKNOWN_ACTOR,
    find_entities,
    find_marks,
    join_compounds,
    resolve_pronouns,
)
from eventcode.tabari.options import TABARI_MINIMUM_WORDS, CommaRule, Options
from eventcode.tabari.patterns import PatternMatcher, match_pattern
from eventcode.tabari.reader import DISCARD_CODE, NULL_CODE
from eventcode.tabari.records import Entity, Event, SentenceResult
from eventcode.tabari.trie import StemTrie
from eventcode.tokens import Token

__all__ = ["TABARI_MINIMUM_WORDS", "CommaRule", "Compiled", "Entity", "Event", "Options", "SentenceResult", "StemTrie", "code_sentence"]

REPORT_CODE = "023"  # "said": a report, coded alongside what is reported in PETRARCH
CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whereas"})


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
    """Does the conjunction at ``i`` join <NOUN> or <ADJECTIVE> entries ("sheep and evil awful goats")?"""
    if i + 1 >= len(keys):
        return False
    tries = (compiled.adjectives, compiled.nouns)
    if not any(trie.starts(keys[i + 1]) and trie.longest_at(keys, i + 1) for trie in tries):
        return False
    for start in range(max(0, i - 3), i):
        for trie in tries:
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
    starts: dict[int, int] = {}
    ends: set[int] = set()
    for i, key in enumerate(keys):
        hit = compiled.actors.longest_at(keys, i) if compiled.actors.starts(key) else None
        if hit is not None:
            starts[i] = hit[0]
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
            # the list goes on after the next member ("A, B, C and D"), or AND/OR follows the comma
            # (", and D"): "A and B, the C newspaper said" is a clause, not a list
            after = keys[starts[j]] if j in starts and starts[j] < len(keys) else ""
            if j in starts and (keys[i + 1] in ("and", "or") or after in (",", "and", "or")):
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
    marks, discarded, complex_ = find_marks(compiled, tokens, keys, day, options)
    if discarded or complex_:
        return SentenceResult([], discarded=discarded, complex=complex_)
    singles, verbs = find_entities(marks, keys, options)
    compounds = join_compounds(compiled, singles, keys, {v[0] for v in verbs}, options.compound_modifiers)
    entities = resolve_pronouns(compounds, keys, previous)
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
    # TABARI keeps the pattern that matches the most elements; on a tie a fixed pattern wins over one
    # with alternatives ("* DOLLAR" over "* &CURRENCY"), then the earlier one
    best: tuple[int, bool] | None = None
    for candidate in compiled.patterns.get(id(form.block), ()):
        if best is not None and best >= (candidate.longest, True):
            break
        if not all((w.key in exact) if w.exact else (w.key in prefixes) for w in candidate.needs):
            continue
        hit = match_pattern(candidate.pattern, matcher, verb_start, verb_end, candidate.pattern.lower_joined)
        if hit is not None and (best is None or (hit[1], candidate.fixed) > best):
            best = (hit[1], candidate.fixed)
            code, bound, rule = candidate.pattern.code, hit[0], candidate.pattern.where
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

