"""The compiled dictionaries: token tries for actors, agents, event heads and discards.

Compile once, match many: every phrase becomes a path of token keys in a nested-dict trie, and a
sentence is scanned once per trie with longest-match lookups (see STYLE.md on why not regexes).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from eventcode.dictionary import (
    Dictionary,
    Literal_,
    Pattern,
    default_dictionary_files,
    dictionary_files,
    expand_phrase,
    load_dictionary,
)
from eventcode.inflect import noun_forms, verb_forms
from eventcode.pickling import by_fields
from eventcode.tokens import Token, is_acronym, normalize, tokenize

P = TypeVar("P")
_END = ""  # trie key of a node's payload; no token key is empty
_PLAIN = "\x00"  # the payloads of a node when none needs a case check (precomputed)


@by_fields
@dataclass(frozen=True, slots=True)
class Span(Generic[P]):
    """A dictionary match: tokens ``start`` to ``end`` (exclusive) and what matched."""

    start: int
    end: int
    payload: P


class PhraseTrie(Generic[P]):
    """A trie of token-key sequences; each phrase maps to one payload (or a list, when ``multi``)."""

    def __init__(self, *, multi: bool = False) -> None:
        self._root: dict[str, Any] = {}
        self._multi = multi
        self.size = 0

    def add(self, words: list[str], payload: P) -> None:
        """Add a phrase given as words (dictionary spelling); acronyms keep their case for checking."""
        node = self._root
        for word in words:
            node = node.setdefault(normalize(word), {})
        exact: tuple[str | None, ...] | None = tuple(w if is_acronym(w) else None for w in words)
        if exact is not None and not any(exact):
            exact = None  # nothing to check case-sensitively
        if self._multi:
            node.setdefault(_END, []).append((exact, payload))
        else:
            if _END not in node:
                self.size += 1
            node[_END] = [(exact, payload)]  # a later definition overrides an earlier one
        pairs = node[_END]
        node[_PLAIN] = [p for _, p in pairs] if all(e is None for e, _ in pairs) else None

    @property
    def first_words(self) -> dict[str, Any]:
        """The keys phrases can start with (for a cheap test before ``longest_at`` in hot loops)."""
        return self._root

    def longest_at(self, tokens: list[Token], i: int) -> tuple[int, list[P]] | None:
        """Longest phrase starting at token ``i``: (end index, payloads), or None."""
        node = self._root
        best: tuple[int, list[P]] | None = None
        j = i
        while j < len(tokens):
            node = node.get(tokens[j].key)
            if node is None:
                break
            j += 1
            found = node.get(_END)
            if found:
                plain = node.get(_PLAIN)
                payloads = plain if plain is not None else [p for exact, p in found if _case_ok(exact, tokens, i)]
                if payloads:
                    best = (j, payloads)
        return best

    def scan(self, tokens: list[Token]) -> Iterator[Span[list[P]]]:
        """Non-overlapping longest matches, left to right."""
        i = 0
        first = self._root
        while i < len(tokens):
            hit = self.longest_at(tokens, i) if tokens[i].key in first else None
            if hit is None:
                i += 1
                continue
            end, payloads = hit
            yield Span(i, end, payloads)
            i = end


def _case_ok(exact: tuple[str | None, ...] | None, tokens: list[Token], start: int) -> bool:
    return exact is None or all(e is None or tokens[start + k].text == e for k, e in enumerate(exact))


def _phrase_words(phrase: str) -> list[str]:
    return [t.text for t in tokenize(phrase)]


@by_fields
@dataclass(frozen=True, slots=True)
class CompiledActor:
    """What matching needs of an actor entry (a plain object: fast to cache and reload)."""

    name: str
    codes: tuple[tuple[str, date | None, date | None], ...]
    kind: str | None
    country: str | None
    origin: str
    dated: bool = False  # some code holds only between dates (then the date decides the code)

    def code_on(self, day: date | None) -> str:
        """The actor's code on ``day``: the dated code that holds, else the first undated one."""
        if day is not None:
            for code, start, end in self.codes:
                if (start or end) and (start is None or start <= day) and (end is None or day <= end):
                    return code
        for code, start, end in self.codes:
            if not (start or end):
                return code
        return self.codes[0][0]


@by_fields
@dataclass(frozen=True, slots=True)
class CompiledAgent:
    """What matching needs of an agent entry."""

    roles: str
    primary: bool
    origin: str


@by_fields
@dataclass(frozen=True, slots=True)
class CompiledVerb:
    """What matching needs of a pattern entry."""

    code: str
    id: str
    pattern: Pattern
    origin: str


@by_fields
@dataclass(frozen=True, slots=True)
class HeadEntry:
    """An event pattern reachable from a head phrase."""

    verb: CompiledVerb
    is_noun: bool
    order: int  # file order, for tie-breaking
    required: tuple[frozenset[str], ...]  # each literal's words: one of each must be in the sentence

    @property
    def rank(self) -> tuple[int, int]:
        """Most specific first, then file order."""
        return (-self.verb.pattern.specificity, self.order)


HEAD_MEMO_SIZE = 1024  # answers kept per head group


class HeadGroup:
    """The patterns of one head phrase, best first, indexed by the words they require.

    ``candidates(keys)`` returns only the patterns whose first literal word occurs in the sentence,
    so a head with a hundred patterns costs a few dictionary look-ups instead of a hundred matches.
    """

    __slots__ = ("_memo", "by_word", "entries", "free", "has_noun", "has_verb", "vocab")

    def __init__(self, entries: list[HeadEntry]) -> None:
        self.entries = tuple(sorted(entries, key=lambda e: e.rank))
        self.has_noun = any(e.is_noun for e in self.entries)
        self.has_verb = any(not e.is_noun for e in self.entries)
        free: list[int] = []
        by_word: dict[str, list[int]] = {}
        # Index each pattern by its most selective literal: the one whose words the group's
        # patterns use least ("against" is in many patterns, "suspension" in one).
        use: dict[str, int] = {}
        for entry in self.entries:
            for literal in entry.required:
                for word in literal:
                    use[word] = use.get(word, 0) + 1
        for index, entry in enumerate(self.entries):
            if not entry.required:
                free.append(index)
                continue
            anchor = min(entry.required, key=lambda literal: (sum(use[w] for w in literal), sorted(literal)))
            for word in anchor:
                by_word.setdefault(word, []).append(index)
        self.free = tuple(free)
        self.by_word = {word: tuple(indexes) for word, indexes in by_word.items()}
        self.vocab = frozenset(use)  # every word a pattern of the group requires
        self._memo: dict[frozenset[str], tuple[HeadEntry, ...]] = {}

    def candidates(self, keys: frozenset[str]) -> tuple[HeadEntry, ...]:
        """Patterns that may match a sentence with these token keys, best first.

        The answer depends only on which of the group's required words the sentence has, and
        sentences share few of them: it is memoised by that set (bounded, per process).
        """
        relevant = self.vocab & keys
        found = self._memo.get(relevant)
        if found is None:
            if len(self._memo) >= HEAD_MEMO_SIZE:
                self._memo.clear()
            found = self._memo[relevant] = tuple(self._select(relevant))
        return found

    def _select(self, keys: frozenset[str]) -> Iterator[HeadEntry]:
        found = set(self.free)
        words = keys if len(keys) < len(self.by_word) else self.by_word.keys() & keys
        for word in words:
            hit = self.by_word.get(word)
            if hit:
                found.update(hit)
        for index in sorted(found):
            entry = self.entries[index]
            if all(not literal.isdisjoint(keys) for literal in entry.required):
                yield entry


class Lexicon:
    """Compiled dictionaries, ready to match sentences.

    Parameters
    ----------
    dictionary
        The loaded entries (defaults and user files).
    """

    def __init__(self, dictionary: Dictionary) -> None:
        self.digest = dictionary.digest
        self.counts = dictionary.counts
        # eventcode.actors memoises composed actor codes here, keyed by the identities of this
        # lexicon's entries (valid exactly as long as the lexicon lives).
        self.actor_memo: dict[tuple[object, ...], tuple[str, str, str | None, str | None, str]] = {}
        self.actors: PhraseTrie[CompiledActor] = PhraseTrie()
        self.agents: PhraseTrie[CompiledAgent] = PhraseTrie()
        self.heads: PhraseTrie[HeadGroup] = PhraseTrie()
        self.discards: PhraseTrie[str] = PhraseTrie()
        for actor in dictionary.actors:
            codes = tuple((c.code, c.start, c.end) for c in actor.codes)
            dated = any(start or end for _, start, end in codes)
            compiled = CompiledActor(actor.name, codes, actor.kind, actor.country, actor.origin, dated)
            for phrase in actor.phrases:
                for variant in expand_phrase(phrase):
                    self.actors.add(_phrase_words(variant), compiled)
        for agent in dictionary.agents:
            compiled_agent = CompiledAgent(agent.roles, agent.primary, agent.origin)
            for phrase in agent.phrases:
                for variant in expand_phrase(phrase):
                    self.agents.add(_phrase_words(variant), compiled_agent)
        by_head: dict[tuple[str, ...], list[HeadEntry]] = {}
        for order, verb in enumerate(dictionary.verbs):
            head = verb.pattern.head
            required = tuple(
                e.options for e in (*verb.pattern.before, *verb.pattern.after) if isinstance(e, Literal_)
            )
            entry = HeadEntry(CompiledVerb(verb.code, verb.id, verb.pattern, verb.origin), head.is_noun, order, required)
            for words in head_variants(head.words, is_noun=head.is_noun, extra=head.extra_forms):
                by_head.setdefault(tuple(words), []).append(entry)
        for words, entries in by_head.items():
            self.heads.add(list(words), HeadGroup(entries))
        for discard in dictionary.discards:
            for variant in expand_phrase(discard.phrase):
                self.discards.add(_phrase_words(variant), discard.origin)
        # Words an actor or an agent phrase starts with: one test per token picks where to look.
        self.piece_first = frozenset(self.actors.first_words) | frozenset(self.agents.first_words)

    @classmethod
    def load(cls, paths: Sequence[str | Path] = (), *, defaults: bool = True, cache_dir: str | Path | None = None) -> Lexicon:
        """Load and compile dictionaries, reusing a compiled copy cached on disk when the files'
        content is unchanged (the cache key is a hash of every file and of eventcode's version).

        Parameters
        ----------
        paths, defaults
            As for ``load_dictionary``.
        cache_dir
            Cache folder (default: ``$EVENTCODE_CACHE``, else ``$XDG_CACHE_HOME/eventcode``, else
            ``~/.cache/eventcode``). An unwritable cache is skipped, never an error.
        """
        from eventcode.cache import cached, content_key

        files = (default_dictionary_files() if defaults else []) + dictionary_files(paths)
        return cached(
            content_key("lexicon", files), lambda: cls(load_dictionary(paths, defaults=defaults)), cls, cache_dir=cache_dir
        )


def head_variants(words: tuple[str, ...], *, is_noun: bool, extra: tuple[str, ...] = ()) -> list[list[str]]:
    """All word sequences a head matches: a verb's first word inflects, a noun's last word pluralises."""
    if is_noun:
        return [[*words[:-1], form] for form in sorted(noun_forms(words[-1]))]
    return [[form, *words[1:]] for form in sorted(verb_forms(words[0], extra))]
