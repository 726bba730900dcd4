"""Matching a verb's patterns (``$ * WITH_ +``) against the words and actors around the verb."""

from __future__ import annotations

from collections.abc import Iterator

from eventcode.tabari.reader import Item, VerbPattern
from eventcode.tabari.records import Entity


class PatternMatcher:
    """Pattern matching around one verb: words, slots, alternatives; gaps unless joined."""

    def __init__(self, keys: list[str], entities: list[Entity], lo: int, hi: int) -> None:
        self.keys = keys
        self.lo, self.hi = lo, hi
        self.by_start = {e.start: e for e in entities}
        self.by_end = {e.end - 1: e for e in entities}

    def forward(self, seq: list[tuple[Item, bool]], pos: int, bound: dict[str, Entity]) -> Iterator[dict[str, Entity]]:
        if not seq:
            yield bound
            return
        (item, adjacent), rest = seq[0], seq[1:]
        if item.kind == "alt":
            for option in item.options:
                expanded = [(option[0], adjacent)] + [(it, it.joined) for it in option[1:]]
                yield from self.forward(expanded + rest, pos, bound)
            return
        last = pos + 1 if adjacent else self.hi
        for p in range(pos, min(last, self.hi)):
            if item.kind == "word":
                if item.word is not None and item.word.matches(self.keys[p]):
                    yield from self.forward(rest, p + 1, bound)
            else:
                entity = self.by_start.get(p)
                if entity is not None and _slot_ok(item.kind, entity):
                    yield from self.forward(rest, entity.end, _bind(bound, item.kind, entity))

    def backward(self, seq: list[tuple[Item, bool]], pos: int, bound: dict[str, Entity]) -> Iterator[dict[str, Entity]]:
        """``seq`` in reverse text order; the flag says the item must end right before ``pos``."""
        if not seq:
            yield bound
            return
        (item, adjacent), rest = seq[0], seq[1:]
        if item.kind == "alt":
            for option in item.options:
                flags = [it.joined for it in option[1:]] + [adjacent]
                expanded = list(zip(option, flags, strict=True))[::-1]
                yield from self.backward(expanded + rest, pos, bound)
            return
        first = pos - 1
        stop = first - 1 if adjacent else self.lo - 1
        for p in range(first, max(stop, self.lo - 1), -1):
            if item.kind == "word":
                if item.word is not None and item.word.matches(self.keys[p]):
                    yield from self.backward(rest, p, bound)
            else:
                entity = self.by_end.get(p)
                if entity is not None and _slot_ok(item.kind, entity):
                    yield from self.backward(rest, entity.start, _bind(bound, item.kind, entity))


def _slot_ok(kind: str, entity: Entity) -> bool:
    return entity.compound if kind == "compound" else True


def _bind(bound: dict[str, Entity], kind: str, entity: Entity) -> dict[str, Entity]:
    if kind == "skip":
        return {**bound, "skip" + str(entity.start): entity}
    return {**bound, kind: entity}


def match_pattern(pattern: VerbPattern, matcher: PatternMatcher, verb_start: int, verb_end: int, verb_joined: bool) -> dict[str, Entity] | None:
    lower = list(pattern.lower)
    flags = [it.joined for it in lower[1:]] + [verb_joined] if lower else []
    back = list(zip(lower, flags, strict=True))[::-1]
    fwd = [(it, it.joined) for it in pattern.upper]
    for low in matcher.backward(back, verb_start, {}):
        for full in matcher.forward(fwd, verb_end, low):
            return full
    return None
