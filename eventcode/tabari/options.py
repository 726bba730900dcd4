"""TABARI and PETRARCH options that change coding: comma clauses, defaults, code-by rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

TABARI_MINIMUM_WORDS = 8  # TABARI skips shorter sentences unless ``SET: MINIMUM WORDS`` says otherwise


@dataclass(frozen=True, slots=True)
class CommaRule:
    """TABARI's ``COMMA:`` option: comma-delimited clauses whose length (in words) is within a
    range are dropped before coding; internal (MIN, MAX), terminal (EMIN, EMAX), initial (BMIN, BMAX).

    TABARI's default drops internal and terminal clauses of 2 to 10 words and keeps initial ones.
    """

    internal: tuple[int, int] = (2, 10)
    terminal: tuple[int, int] = (2, 10)
    initial: tuple[int, int] = (255, 0)

    @classmethod
    def parse(cls, value: str) -> CommaRule | None:
        """``MIN = 4 MAX = 6 EMIN = 3 ...`` (unnamed bounds keep their default); None for ``OFF``."""
        if value.strip().upper().startswith("OFF"):
            return None
        found = {k.upper(): int(v) for k, v in re.findall(r"([A-Za-z]+)\s*=\s*(\d+)", value)}
        default = cls()

        def bounds(prefix: str, old: tuple[int, int]) -> tuple[int, int]:
            return found.get(prefix + "MIN", old[0]), found.get(prefix + "MAX", old[1])

        return cls(bounds("", default.internal), bounds("E", default.terminal), bounds("B", default.initial))

    def kept(self, keys: list[str], *, list_commas: frozenset[int] = frozenset()) -> list[int]:
        """Indexes of the tokens left once the delimited clauses are dropped.

        ``list_commas`` are commas of a list of actors ("A, the evil B, C and D"): not delimiters.
        Internal clauses go first; their closing comma is
        kept so that words on either side are not joined ("Dagolath, its partner, officials said"),
        but the initial and terminal clauses are judged by the commas left.
        """
        kept = list(range(len(keys)))
        commas = [i for i in kept if keys[i] == "," and i not in list_commas]
        dropped: set[int] = set()
        for a, b in zip(commas, commas[1:], strict=False):
            if self._fits(keys, kept[a + 1 : b], self.internal):
                dropped.update(range(a, b))
        kept = [i for i in kept if i not in dropped]
        commas = [n for n, i in enumerate(kept) if keys[i] == "," and i not in list_commas and i - 1 not in dropped]
        if not commas:
            return kept
        end = len(kept) - 1 if kept and not keys[kept[-1]][:1].isalnum() else len(kept)  # the full stop stays
        first, last = commas[0], commas[-1]
        drop_tail = self._fits(keys, kept[last + 1 : end], self.terminal)
        drop_head = self._fits(keys, kept[:first], self.initial) and not (drop_tail and first == last)
        head = first + 1 if drop_head else 0
        return kept[head:last] + kept[end:] if drop_tail else kept[head:]

    def with_bound(self, name: str, value: int) -> CommaRule:
        """This rule with one bound changed, by PETRARCH's name (``MIN``, ``EMAX``, ``BMIN``...)."""
        which = {"": "internal", "E": "terminal", "B": "initial"}.get(name[:-3])
        if which is None or name[-3:] not in ("MIN", "MAX"):
            return self
        low, high = getattr(self, which)
        bounds = (value, high) if name.endswith("MIN") else (low, value)
        return replace(self, **{which: bounds})

    @staticmethod
    def _fits(keys: list[str], span: list[int], bounds: tuple[int, int]) -> bool:
        words = sum(keys[i][:1].isalnum() for i in span)
        return bounds[0] <= words <= bounds[1]


@dataclass
class Options:
    """TABARI options that change coding (set by options files and suite records)."""

    convert_agent: bool = False
    code_by: str = "clause"  # "clause", "sentence" (first event only), "all" (every verb)
    default_source: str | None = None
    default_target: str | None = None
    # DEFAULT's PRIOR/AFTER: the default replaces a missing source/target at once, before an actor
    # on the verb's other side or a compound's other members are tried
    source_prior: bool = False
    target_after: bool = False
    code_subordinate: bool = False  # code a "023?" (said) verb when nothing else in the clause codes
    comma: CommaRule | None = field(default_factory=CommaRule)
    # PETRARCH gives an agent before a list of actors to each of them ("lawmakers in Fornost and
    # Gondor": FORLEG, GONLEG); TABARI only to the first (its DEMO-08)
    agent_to_list: bool = False
    # PETRARCH's ``require_dyad``: None (TABARI: both actors needed, lone agents dropped), True, or
    # False (a missing actor is coded ``---``, a lone agent ``---GOV``)
    require_dyad: bool | None = None
    compound_modifiers: int = 0  # PETRARCH: "A and the evil awful B" is a compound (no adjective list)
    # PETRARCH: a ``%`` compound after the verb is the target of an actor before it; TABARI makes
    # its members act on each other anyway (its PATTERN-02a)
    subject_before_compound: bool = False
    code_reports: bool = False  # PETRARCH: "..., an official said" is coded as well (``_reports``)
    forward: bool = False  # ``FORWARD:``: a pronoun with no actor before it refers to the previous sentence's
    minimum_words: int = 0  # TABARI itself defaults to 8 (``TABARI_MINIMUM_WORDS``)
    # TABARI discards a sentence naming an actor coded ``###``; PETRARCH codes ``###`` like any
    # actor code (its discards are a separate list)
    actor_discards: bool = True
    # PETRARCH reads verbs from a parse, where SHOULD, WOULD, CAN... are modals, never the verb
    modals_are_auxiliaries: bool = False
    # ``COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR``: a sentence with that many verbs or conjunctions, or
    # with no actor before its first verb, is complex (not coded)
    complex_verbs: int = 0
    complex_conjunctions: int = 0
    complex_no_actor_prior: bool = False

    @classmethod
    def petrarch(cls) -> Options:
        """The settings under which PETRARCH codes (where its rules differ from TABARI's)."""
        return cls(
            agent_to_list=True,
            require_dyad=True,
            code_reports=True,
            compound_modifiers=2,
            subject_before_compound=True,
            comma=CommaRule((2, 8), (2, 8), (0, 0)),
            actor_discards=False,
            modals_are_auxiliaries=True,
        )

    def apply(self, key: str, value: str) -> bool:
        """Apply a ``KEY: VALUE`` option; False when it is not one this coder uses."""
        key, value = key.upper().strip(), value.strip()
        upper = value.upper()
        if key == "REQUIRE_DYAD":
            self.require_dyad = upper != "FALSE"
            return True
        if key.startswith("COMMA_") and value.isdigit():
            self.comma = self.comma.with_bound(key[6:], int(value)) if self.comma else None
            return True
        if key == "SET":
            name, _, setting = upper.partition("=")
            name, setting = " ".join(name.split()), setting.strip()
            if name == "MINIMUM WORDS":
                self.minimum_words = int(setting) if setting.isdigit() else 0
                return True
            if name == "CONVERT AGENT":
                self.convert_agent = setting == "TRUE"
                return True
            if name.startswith("CODE BY CLAUSE"):
                self.code_by = "clause"
                return True
            if name.startswith("CODE BY SENTENCE"):
                self.code_by = "sentence"
                return True
            if name.startswith("CODE ALL"):
                self.code_by = "all"
                return True
            return False
        if key == "COMMA":
            self.comma = CommaRule.parse(value)
            return True
        if key == "COMPLEX":
            verbs = re.search(r"VERBS\s*\[\s*(\d+)\s*\]", upper)
            conjunctions = re.search(r"CONJ\s*\[\s*(\d+)\s*\]", upper)
            self.complex_verbs = int(verbs.group(1)) if verbs else 0
            self.complex_conjunctions = int(conjunctions.group(1)) if conjunctions else 0
            self.complex_no_actor_prior = "NOACTPRIOR" in upper.split()
            return True
        if key == "FORWARD":
            self.forward = upper.split()[-1:] != ["OFF"]
            return True
        if key == "DEFAULT":
            if upper.startswith("OFF"):
                self.default_source = self.default_target = None
                return True
            source = re.search(r"SOURCE\s*\[(\w+)\]\s*(PRIOR)?", upper)
            target = re.search(r"TARGET\s*\[(\w+)\]\s*(AFTER)?", upper)
            self.default_source = source.group(1) if source else None
            self.default_target = target.group(1) if target else None
            self.source_prior = bool(source and source.group(2))
            self.target_after = bool(target and target.group(2))
            return True
        return False
