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

    def forward(self, seq: list[tuple[Item, bool]], pos: int, bound: dict[str, Entity], size: int = 0) -> Iterator[tuple[dict[str, Entity], int]]:
        """Bindings of ``seq`` from ``pos`` on, each with the number of elements matched."""
        if not seq:
            yield bound, size
            return
        (item, adjacent), rest = seq[0], seq[1:]
        if item.kind == "alt":
            for option in item.options:
                expanded = [(option[0], adjacent)] + [(it, it.joined) for it in option[1:]]
                yield from self.forward(expanded + rest, pos, bound, size)
            return
        last = pos + 1 if adjacent else self.hi
        for p in range(pos, min(last, self.hi)):
            if item.kind == "word":
                if item.word is not None and item.word.matches(self.keys[p]):
                    yield from self.forward(rest, p + 1, bound, size + 1)
            else:
                entity = self.by_start.get(p)
                if entity is not None and _slot_ok(item.kind, entity):
                    yield from self.forward(rest, entity.end, _bind(bound, item.kind, entity), size + 1)

    def backward(self, seq: list[tuple[Item, bool]], pos: int, bound: dict[str, Entity], size: int = 0) -> Iterator[tuple[dict[str, Entity], int]]:
        """``seq`` in reverse text order; the flag says the item must end right before ``pos``."""
        if not seq:
            yield bound, size
            return
        (item, adjacent), rest = seq[0], seq[1:]
        if item.kind == "alt":
            for option in item.options:
                flags = [it.joined for it in option[1:]] + [adjacent]
                expanded = list(zip(option, flags, strict=True))[::-1]
                yield from self.backward(expanded + rest, pos, bound, size)
            return
        first = pos - 1
        stop = first - 1 if adjacent else self.lo - 1
        for p in range(first, max(stop, self.lo - 1), -1):
            if item.kind == "word":
                if item.word is not None and item.word.matches(self.keys[p]):
                    yield from self.backward(rest, p, bound, size + 1)
            else:
                entity = self.by_end.get(p)
                if entity is not None and _slot_ok(item.kind, entity):
                    yield from self.backward(rest, entity.start, _bind(bound, item.kind, entity), size + 1)


def _slot_ok(kind: str, entity: Entity) -> bool:
    return entity.compound if kind == "compound" else True


def _bind(bound: dict[str, Entity], kind: str, entity: Entity) -> dict[str, Entity]:
    if kind == "skip":
        return {**bound, "skip" + str(entity.start): entity}
    return {**bound, kind: entity}


def match_pattern(pattern: VerbPattern, matcher: PatternMatcher, verb_start: int, verb_end: int, verb_joined: bool) -> tuple[dict[str, Entity], int] | None:
    """The first binding of the pattern's slots around the verb, with the number of elements
    matched (an alternative counts its matched option's); None when the pattern does not match."""
    lower = list(pattern.lower)
    flags = [it.joined for it in lower[1:]] + [verb_joined] if lower else []
    back = list(zip(lower, flags, strict=True))[::-1]
    fwd = [(it, it.joined) for it in pattern.upper]
    for low, low_size in matcher.backward(back, verb_start, {}):
        for full, size in matcher.forward(fwd, verb_end, low, low_size):
            return full, size
    return None


def longest_size(pattern: VerbPattern) -> int:
    """The most elements the pattern can match: an alternative counts as its longest option."""
    return sum(_item_size(item) for item in (*pattern.lower, *pattern.upper))


def has_alternatives(pattern: VerbPattern) -> bool:
    return any(item.kind == "alt" and len(item.options) > 1 for item in (*pattern.lower, *pattern.upper))


def _item_size(item: Item) -> int:
    if item.kind != "alt" or not item.options:
        return 1
    return max(sum(_item_size(i) for i in option) for option in item.options)
