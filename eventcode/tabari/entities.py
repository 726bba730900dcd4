"""Actors, agents and verbs found in a sentence, joined into entities: actors with their agents
("Gondor's prime minister" -> GONGOV), compounds ("A, B and C") and pronouns."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from eventcode.tabari.compiled import COMPLEX_CODE, Compiled, VerbForm
from eventcode.tabari.options import Options
from eventcode.tabari.reader import DISCARD_CODE, NULL_CODE, AgentRecord
from eventcode.tabari.records import Entity
from eventcode.tokens import Token

UNKNOWN_ACTOR = "---"  # PETRARCH's code for a missing actor, and a lone agent's (``---GOV``)
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them"})
FORMER = "former"  # an agent after FORMER is a former official: its role becomes ELI (elite)
ELITE_ROLE = "ELI"
MODALS = frozenset({"should", "would", "could", "might", "must", "shall", "will", "can", "may"})


def _blocks(code: str) -> set[str]:
    return {code[i : i + 3] for i in range(0, len(code), 3)}


def _combine(actor: str, agent: AgentRecord) -> str:
    """An actor's code with an agent's role; a role the code already has is not repeated."""
    role = agent.code
    if _blocks(role) <= _blocks(actor):
        return actor
    return role + actor if agent.prefix else actor + role


def find_marks(compiled: Compiled, tokens: list[Token], keys: list[str], day: date | None, options: Options):
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
        if _verb_allowed(compiled, tokens, keys, i, all_caps=all_caps) and compiled.verbs.starts(key) and not (options.modals_are_auxiliaries and key in MODALS):
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
    if options.require_dyad is not None:
        return UNKNOWN_ACTOR + agent.code
    return ("~" + agent.code) if not agent.prefix else (agent.code + "~")


# words between an agent and the actor it belongs to: "the ambassadors of Arnor", "soldiers from Gondor"
_AGENT_OF = tuple([*head, *tail] for head in ([], ["of"], ["for"], ["in"], ["from"]) for tail in ([], ["the"]) if head or not tail)


def find_entities(marks, keys: list[str], options: Options) -> tuple[list[Entity], list[tuple[int, int, VerbForm]]]:
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
            if nxt and nxt[2] == "agent" and (gap in ([], ["'s"], [FORMER]) or _free_modifiers(gap, options.compound_modifiers)):
                actor_code, code = code, _combine(code, nxt[3])
                end = nxt[1]
                k += 1
                nxt = marks[k + 1] if k + 1 < len(marks) else None
                if options.agent_to_list and nxt and nxt[2] == "agent" and nxt[0] == end:
                    # PETRARCH: "the Danish Islamist media": DNK, MUS, then MED
                    actor_code, code, end = code, _combine(code, nxt[3]), nxt[1]
                    k += 1
                    nxt = marks[k + 1] if k + 1 < len(marks) else None
                # PETRARCH: "Danish media and government": the actor takes each agent of the list
                while options.agent_to_list and nxt and nxt[2] == "agent" and keys[marks[k][1] : nxt[0]] in _JOINERS:
                    singles.append(Entity(start, end, [c for c in code.split("/") if c]))
                    start, end, code = nxt[0], nxt[1], _combine(actor_code, nxt[3])
                    k += 1
                    nxt = marks[k + 1] if k + 1 < len(marks) else None
            if nxt and nxt[2] == "actor" and nxt[0] == end:  # "Bree President Romendacil": one person
                end = nxt[1]
                k += 1
            singles.append(Entity(start, end, [c for c in code.split("/") if c]))
            k += 1
            continue
        if kind == "agent":
            listed = _agents_of_list(marks, keys, k) if options.agent_to_list else None
            if listed is not None:  # PETRARCH: "lawmakers and officials in Fornost and Gondor"
                entity, k = listed
                singles.append(entity)
                continue
            nxt = marks[k + 1] if k + 1 < len(marks) else None
            gap = keys[end : nxt[0]] if nxt else []
            if nxt and nxt[2] == "actor" and gap in _AGENT_OF:
                # "the ambassadors of Arnor": the agent's role goes to the actor
                code, end = _combine(nxt[3], payload), nxt[1]
                k += 2
                after = marks[k] if k < len(marks) else None
                if gap == [] and after is not None and after[2] == "agent" and after[0] == end:
                    code, end = _combine(code, after[3]), after[1]  # "an MSF Arnor diplomat": NGOARNGOV
                    k += 1
                singles.append(Entity(start, end, [code]))
                # and to each actor of a list that follows: "lawmakers in Fornost and Gondor"
                while options.agent_to_list and k < len(marks) and marks[k][2] == "actor" and keys[marks[k - 1][1] : marks[k][0]] in _JOINERS:
                    singles.append(Entity(marks[k][0], marks[k][1], [_combine(marks[k][3], payload)]))
                    k += 1
                continue
            if options.convert_agent or options.require_dyad is not None:
                code = _lone_agent(payload, options)
                singles.append(Entity(start, end, [code]))
            k += 1
            continue
        k += 1
    return singles, verbs


def _agents_of_list(marks, keys: list[str], k: int) -> tuple[Entity, int] | None:
    """Agents joined by AND before actors ("lawmakers and officials in Fornost and Gondor"): one
    compound of every agent with every actor, and the index of the next mark; None otherwise."""
    agents = [marks[k]]
    j = k + 1
    while j < len(marks) and marks[j][2] == "agent" and keys[marks[j - 1][1] : marks[j][0]] in _JOINERS:
        agents.append(marks[j])
        j += 1
    if len(agents) < 2 or j >= len(marks) or marks[j][2] != "actor" or keys[marks[j - 1][1] : marks[j][0]] not in _AGENT_OF:
        return None
    actors = [marks[j]]
    j += 1
    while j < len(marks) and marks[j][2] == "actor" and keys[marks[j - 1][1] : marks[j][0]] in _JOINERS:
        actors.append(marks[j])
        j += 1
    codes = [_combine(actor[3], agent[3]) for agent in agents for actor in actors]
    return Entity(marks[k][0], actors[-1][1], codes, compound=True), j


def _free_modifiers(gap: list[str], modifiers: int) -> bool:
    """PETRARCH (no adjective list): "Dagolath's first deputy prime minister", "Ithilen's awful and
    cool minister": a few words (and conjunctions between them) after 's."""
    words = [k for k in gap[1:] if k not in ("and", "or")]
    return bool(modifiers) and gap[:1] == ["'s"] and 0 < len(words) <= modifiers and all(k.isalpha() for k in gap[1:])


_JOINERS = ([","], ["and"], [",", "and"], ["or"], [",", "or"], ["nor"])  # "neither A nor B"


def join_compounds(compiled: Compiled, singles: list[Entity], keys: list[str], verb_starts: set[int], modifiers: int) -> list[Entity]:
    """Join "A, B and C" (also "A and the evil B") into one compound entity.

    Words before a member are dropped when they are determiners or ``<ADJECTIVE>`` entries, and
    (PETRARCH, which has no adjective list) up to ``modifiers`` other words after THE, AND or OR.
    """
    out: list[Entity] = []
    for entity in singles:
        if out:
            last = out[-1]
            raw = keys[last.end : entity.start]
            between = _strip_modifiers(compiled, raw, last.end, verb_starts, modifiers)
            lone = any(c.startswith(UNKNOWN_ACTOR) for c in (*last.codes, *entity.codes))
            # "Calenardhon and the evil Arnor awful Gondor": adjectives alone join a compound's members
            listed = last.compound and bool(raw) and not between
            if (between in _JOINERS or listed) and not (lone and between == [","]):  # "Dagolath, officials said": two phrases
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


def resolve_pronouns(entities: list[Entity], keys: list[str], previous: Entity | None) -> list[Entity]:
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
