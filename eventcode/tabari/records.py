"""What coding a sentence yields: actors found (entities), events, and the sentence's result."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Entity:
    """An actor in a sentence (possibly a compound): token span and its members' codes."""

    start: int
    end: int
    codes: list[str]
    compound: bool = False
    pronoun: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: source, target, code, and where it came from."""

    source: str
    target: str
    code: str
    verb_start: int
    verb_end: int
    rule: str


@dataclass(slots=True)
class SentenceResult:
    events: list[Event]
    discarded: bool = False
    complex: bool = False
    entities: list[Entity] = field(default_factory=list)

    def forward(self) -> Entity | None:
        """What a pronoun in the next sentence refers to (TABARI's ``FORWARD``).

        The first actor named in this sentence (a pronoun is not forwarded again); only the actor's
        root code (``FORGOVPRS`` -> ``FOR``) and only a compound's first member go forward.
        """
        named = next((e for e in self.entities if not e.pronoun), None)
        if named is None or not named.codes:
            return None
        return Entity(named.start, named.end, [named.codes[0][:3]])
