"""TABARI/PETRARCH dictionaries compiled into tries: compile once, code many sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventcode.tabari.patterns import has_alternatives, longest_size
from eventcode.tabari.reader import DISCARD_CODE, Dictionaries, VerbBlock, VerbPattern, Word
from eventcode.tabari.trie import StemTrie

COMPLEX_CODE = "+++"


@dataclass(frozen=True, slots=True)
class VerbForm:
    block: VerbBlock
    code: str


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A verb pattern with what choosing it needs: the words it needs (a cheap test before matching),
    the most elements it can match, and whether it is fixed (no ``{ | }`` or synset alternatives)."""

    pattern: VerbPattern
    needs: tuple[Word, ...]
    longest: int
    fixed: bool


@dataclass
class Compiled:
    """Dictionaries compiled into tries, ready to code sentences."""

    source: Dictionaries
    actors: StemTrie = field(default_factory=StemTrie)
    agents: StemTrie = field(default_factory=StemTrie)
    verbs: StemTrie = field(default_factory=StemTrie)
    nouns: StemTrie = field(default_factory=StemTrie)
    adjectives: StemTrie = field(default_factory=StemTrie)
    discards: StemTrie = field(default_factory=StemTrie)
    time_codes: StemTrie = field(default_factory=StemTrie)  # <TIME> phrases coded ### (discard) or +++ (complex)
    # by id(block): longest first, each with the words it needs (a cheap test before matching)
    patterns: dict[int, list[CompiledPattern]] = field(default_factory=dict)

    @classmethod
    def build(cls, dictionaries: Dictionaries) -> Compiled:
        compiled = cls(dictionaries)
        for actor in dictionaries.actors:
            for phrase in actor.phrases:
                compiled.actors.add(phrase, actor)
                hyphenated = _hyphenated(phrase)
                if hyphenated is not None:  # AL_GORE matches "Al-Gore"
                    compiled.actors.add(hyphenated, actor)
                last = phrase[-1]
                if last.exact and not last.literal:  # TABARI's noun ending: "Libyas", "government radios"
                    compiled.actors.add((*phrase[:-1], Word(last.key + "s", True)), actor)
        for agent in dictionaries.agents:
            for phrase in agent.phrases:
                compiled.agents.add(phrase, agent)
                last = phrase[-1]
                if last.exact and agent.regular_plural:  # TABARI matches the regular plural of an agent
                    for suffix in ("s", "es"):
                        compiled.agents.add((*phrase[:-1], Word(last.key + suffix, True)), agent)
        for block in dictionaries.verbs:
            for form in block.forms:
                verb_form = VerbForm(block, block.form_codes.get(form, block.code))
                compiled.verbs.add(form, verb_form)
                head = form[0]
                if head.exact and not head.literal:  # TABARI adds the regular endings to VERB_
                    for ending in (petrarch_verb_endings if block.petrarch else verb_endings)(head.key):
                        compiled.verbs.add((Word(ending, True), *form[1:]), verb_form)
            ordered = sorted(block.patterns, key=lambda p: -longest_size(p))
            compiled.patterns[id(block)] = [
                CompiledPattern(
                    p,
                    tuple(i.word for i in (*p.lower, *p.upper) if i.kind == "word" and i.word is not None),
                    longest_size(p),
                    not has_alternatives(p),
                )
                for p in ordered
            ]
        for noun in dictionaries.nouns:
            compiled.nouns.add(noun, True)
        for adjective in dictionaries.adjectives:
            compiled.adjectives.add(adjective, True)
        for phrase, story, where in dictionaries.discards:
            compiled.discards.add(phrase, (story, where))
        for lower, upper, shift in dictionaries.time_shifts:
            words = tuple(item.word for item in upper if item.kind == "word" and item.word is not None)
            if not lower and len(words) == len(upper) and shift.replace(" ", "") in (DISCARD_CODE, COMPLEX_CODE):
                compiled.time_codes.add(words, shift.replace(" ", ""))
        return compiled



def verb_endings(verb: str) -> set[str]:
    """Regular forms of a verb: -s, -es, -ed, -d, -ing, with a final e dropped and y as i."""
    forms = {verb + "s", verb + "es", verb + "ed", verb + "d", verb + "en", verb + "ing", verb + verb[-1:] + "ed", verb + verb[-1:] + "ing"}
    if verb.endswith("e"):
        forms |= {verb[:-1] + "ing", verb[:-1] + "ed"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    forms.discard(verb)
    return forms


def _hyphenated(phrase: tuple[Word, ...]) -> tuple[Word, ...] | None:
    """The phrase with its ``_``-joined words written as one hyphenated word; None when none are joined."""
    out: list[Word] = []
    for word in phrase:
        if out and not word.spaced and out[-1].exact:
            last = out.pop()
            out.append(Word(f"{last.key}-{word.key}", word.exact, word.literal, last.spaced))
        else:
            out.append(word)
    return tuple(out) if len(out) < len(phrase) else None


def petrarch_verb_endings(verb: str) -> set[str]:
    """PETRARCH's regular forms: -S (-ES after a sibilant or O, -IES after a consonant and Y),
    -ED (-D after E, -IED), -ING (a final E dropped)."""
    consonant_y = verb.endswith("y") and len(verb) > 1 and verb[-2] not in "aeiou"
    if consonant_y:
        forms = {verb[:-1] + "ies", verb[:-1] + "ied"}
    elif verb.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms = {verb + "es", verb + "ed"}
    else:
        forms = {verb + "s", verb + ("d" if verb.endswith("e") else "ed")}
    forms.add((verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb) + "ing")
    forms.discard(verb)
    return forms
