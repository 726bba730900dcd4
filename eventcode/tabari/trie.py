"""A trie of dictionary phrases (exact words and stems), scanned once per sentence."""

from __future__ import annotations

from typing import Any

from eventcode.tabari.reader import Word

_PAYLOADS = 0
_EXACT = 1
_STEM = 2
_SPACED = 3


MAX_GAP = 4  # words that may come between two space-separated dictionary words ("Al 'The Weasel' Gore")
_GAP_OK = frozenset({'"', "'", "the", "a", "an", "of", "'s"})


class StemTrie:
    """A trie of dictionary phrases whose words are exact or stems (prefixes of a token key).

    Compile once, match many: a lookup costs one dict probe per prefix length of a token for stems.
    Words a space separates in the dictionary may have up to ``MAX_GAP`` words between them in text.
    """

    def __init__(self) -> None:
        self._root: list[Any] = [[], {}, {}, False]
        self.size = 0

    def add(self, words: tuple[Word, ...], payload: Any) -> None:
        node = self._root
        for word in words:
            table = node[_EXACT] if word.exact else node[_STEM]
            edge = (word.key, word.spaced)
            child = table.get(edge)
            if child is None:
                child = table[edge] = [[], {}, {}, False]
                if word.spaced:
                    node[_SPACED] = True
            node = child
        node[_PAYLOADS].append(payload)
        self.size += 1

    @staticmethod
    def _children(node: list[Any], key: str, spaced: bool) -> list[list[Any]]:
        found = []
        child = node[_EXACT].get((key, spaced))
        if child is not None:
            found.append(child)
        stems = node[_STEM]
        if stems:
            # longer stems first: "ATTACKED" before "ATTACK"
            for n in range(len(key), 0, -1):
                child = stems.get((key[:n], spaced))
                if child is not None:
                    found.append(child)
        return found

    def longest_at(self, keys: list[str], i: int) -> tuple[int, list[Any]] | None:
        """The longest phrase starting at ``i``: (end, payloads), or None."""
        best: tuple[int, list[Any]] | None = None
        stack = [(child, i + 1) for child in reversed(self._children(self._root, keys[i], False))]
        while stack:
            node, j = stack.pop()
            if node[_PAYLOADS] and (best is None or j > best[0]):
                best = (j, node[_PAYLOADS])
            if j < len(keys):
                stack.extend((child, j + 1) for child in self._children(node, keys[j], False))
                if node[_SPACED]:
                    for k in range(j, min(len(keys), j + MAX_GAP + 1)):
                        stack.extend((child, k + 1) for child in self._children(node, keys[k], True))
                        if keys[k] not in _GAP_OK and not keys[k].replace("-", "").isalpha():
                            break
        return best

    def starts(self, key: str) -> bool:
        """Cheap test: may a phrase start with this token key?"""
        return bool(self._children(self._root, key, False))
