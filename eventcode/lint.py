"""Linting dictionaries beyond line syntax: codes, duplicates, shadowed patterns, coverage.

``eventcode dict check`` reports every finding as ``file:line: level: message``; errors make it exit 1,
warnings do not. Errors are things that make an entry wrong or dead (an unknown country block, a
pattern that can never win); warnings are things a dictionary author should look at (a phrase that two
actors claim, where the later silently wins).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from eventcode.cameo import cameo_codes
from eventcode.countries import is_country_code
from eventcode.dictionary import (
    INTERNATIONAL_CODES,
    ROLE_CODES,
    ActorEntry,
    AgentEntry,
    DiscardEntry,
    Entry,
    VerbEntry,
    expand_phrase,
)
from eventcode.tokens import normalize, tokenize


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint result."""

    origin: str
    level: Literal["error", "warning"]
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(t.text) if not t.text.isupper() else t.text for t in tokenize(phrase))


def _actor_findings(actors: list[ActorEntry]) -> Iterable[Finding]:
    owners: dict[tuple[str, ...], ActorEntry] = {}
    for actor in actors:
        for dated in actor.codes:
            first = dated.code[:3]
            if not (is_country_code(first) or first in INTERNATIONAL_CODES):
                if first in ROLE_CODES:
                    yield Finding(actor.origin, "error", f"{actor.name}: code {dated.code} has a role but no country; start it with an ISO3 or international code (IGO, NGO, IMG, ...)")
                else:
                    yield Finding(actor.origin, "error", f"{actor.name}: code {dated.code} starts with {first}, which is neither an ISO 3166 country nor a CAMEO international code")
        if actor.country and not is_country_code(actor.country):
            yield Finding(actor.origin, "error", f"{actor.name}: country={actor.country} is not an ISO 3166-1 alpha-3 code")
        for phrase in actor.phrases:
            for variant in expand_phrase(phrase):
                key = _phrase_key(variant)
                other = owners.get(key)
                if other is not None and other is not actor and other.name != actor.name:
                    yield Finding(actor.origin, "warning", f"phrase {variant!r} also names {other.name} ({other.origin}); this entry wins")
                owners[key] = actor


def _agent_findings(agents: list[AgentEntry]) -> Iterable[Finding]:
    owners: dict[tuple[str, ...], AgentEntry] = {}
    for agent in agents:
        for phrase in agent.phrases:
            for variant in expand_phrase(phrase):
                key = _phrase_key(variant)
                other = owners.get(key)
                if other is not None and other is not agent:
                    level: Literal["error", "warning"] = "warning" if other.roles == agent.roles else "error"
                    yield Finding(agent.origin, level, f"agent phrase {variant!r} is also {other.roles} at {other.origin}")
                owners[key] = agent


def _verb_findings(verbs: list[VerbEntry]) -> Iterable[Finding]:
    seen: dict[str, VerbEntry] = {}
    for verb in verbs:
        key = " ".join(verb.pattern_text.lower().split())
        earlier = seen.get(key)
        if earlier is not None:
            if earlier.code == verb.code:
                yield Finding(verb.origin, "warning", f"pattern {verb.pattern_text!r} repeats {earlier.origin}")
            else:
                yield Finding(
                    verb.origin,
                    "error",
                    f"pattern {verb.pattern_text!r} ({verb.code}) is shadowed by the same pattern with code {earlier.code} at {earlier.origin}, which wins the tie",
                )
        else:
            seen[key] = verb


def lint_entries(entries: Iterable[Entry]) -> list[Finding]:
    """All findings for a set of entries (load order matters: later entries override)."""
    items = list(entries)
    findings: list[Finding] = []
    findings += _actor_findings([e for e in items if isinstance(e, ActorEntry)])
    findings += _agent_findings([e for e in items if isinstance(e, AgentEntry)])
    findings += _verb_findings([e for e in items if isinstance(e, VerbEntry)])
    return findings


@dataclass(frozen=True)
class Coverage:
    """What a set of dictionaries covers."""

    actors: int
    actor_phrases: int
    dated_actors: int
    agents: int
    agent_phrases: int
    patterns: int
    discards: int
    codes_covered: int
    codes_total: int
    missing_codes: tuple[str, ...]
    patterns_by_root: dict[str, int]

    def format(self) -> str:
        lines = [
            f"actors: {self.actors} ({self.actor_phrases} phrases, {self.dated_actors} with dated codes)",
            f"agents: {self.agents} ({self.agent_phrases} phrases)",
            f"event patterns: {self.patterns}; discards: {self.discards}",
            f"CAMEO codes with a pattern: {self.codes_covered}/{self.codes_total}",
        ]
        if self.missing_codes:
            lines.append("codes without a pattern: " + " ".join(self.missing_codes))
        lines.append("patterns by root: " + ", ".join(f"{r}:{n}" for r, n in sorted(self.patterns_by_root.items())))
        return "\n".join(lines)


def coverage(entries: Iterable[Entry]) -> Coverage:
    """Counts of actors, agents and patterns, and which CAMEO codes have a pattern."""
    items = list(entries)
    actors = [e for e in items if isinstance(e, ActorEntry)]
    agents = [e for e in items if isinstance(e, AgentEntry)]
    verbs = [e for e in items if isinstance(e, VerbEntry) and e.code != "---"]
    codes = set(cameo_codes())
    covered = {v.code for v in verbs} & codes
    by_root: dict[str, int] = {}
    for verb in verbs:
        by_root[verb.code[:2]] = by_root.get(verb.code[:2], 0) + 1
    return Coverage(
        actors=len(actors),
        actor_phrases=sum(len(a.phrases) for a in actors),
        dated_actors=sum(any(c.start or c.end for c in a.codes) for a in actors),
        agents=len(agents),
        agent_phrases=sum(len(a.phrases) for a in agents),
        patterns=len(verbs),
        discards=sum(isinstance(e, DiscardEntry) for e in items),
        codes_covered=len(covered),
        codes_total=len(codes),
        missing_codes=tuple(sorted(codes - covered)),
        patterns_by_root=by_root,
    )
