"""Compiled dictionary entries round-trip through pickle (the disk cache) by their field values."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date

import pytest

from eventcode.dictionary import parse_pattern
from eventcode.lexicon import CompiledActor, CompiledVerb, HeadEntry
from eventcode.pickling import by_fields


def test_compiled_entries_round_trip_equal() -> None:
    pattern = parse_pattern("$ {strike} + in|near")
    verb = CompiledVerb(code="195", id="v1", pattern=pattern, origin="test.yaml:3")
    entry = HeadEntry(verb=verb, is_noun=False, order=7, required=(frozenset({"in"}),))
    actor = CompiledActor("France", (("FRA", date(2000, 1, 1), None),), "country", "FRA", "test.yaml:9", dated=True)
    for value in (pattern, verb, entry, actor):
        copy = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == value and copy is not value and type(copy) is type(value)
        # Rebuilt by calling the class with the field values, not through dataclasses' __setstate__.
        rebuild, args = value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[:2]
        assert rebuild is type(value) and rebuild(*args) == value
    assert pickle.loads(pickle.dumps(actor)).code_on(date(2020, 1, 1)) == "FRA"


def test_single_field_class_round_trips() -> None:
    @by_fields
    @dataclass(frozen=True, slots=True)
    class One:
        value: tuple[int, ...]

    globals()["One"] = One  # pickle finds classes by module and name
    One.__qualname__ = "One"
    assert pickle.loads(pickle.dumps(One((1, 2)))) == One((1, 2))


def test_field_outside_init_is_refused() -> None:
    with pytest.raises(TypeError, match="__init__ argument"):

        @by_fields
        @dataclass(frozen=True)
        class Derived:
            a: int
            b: int = field(init=False, default=0)
