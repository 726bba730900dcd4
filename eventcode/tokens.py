"""Tokens with character offsets, and the normalisation dictionaries and text share.

Matching is done on a token's ``key``: NFKC-normalised, casefolded, with curly quotes made straight.
A dictionary word written all in capitals (``US``, ``IS``) also checks the token's original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-"})

TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # dotted abbreviations: U.S., U.K., p.m.
    r"|\d++(?:[.,:]\d+)*(?:st|nd|rd|th)?"  # numbers: 85, 1,000, 4:00, 3.5, 22nd
    r"|[^\W_]++(?:[-'’‐‑][^\W_]+)*"  # words, hyphenated words, Kata'ib
    r"|[^\w\s]",  # any other single character
    re.UNICODE,
)
# The possessive runs (++) never give back a character: backtracking into them could only shorten a
# match whose rest is optional anyway, so they change no token and halve the matching time.
# The pattern skips only whitespace and "_" (no token starts with either), so each match is taken
# with the gap before it: a token's offsets follow from the lengths, with no search for the word.
# "\Z" closes the gap at the end (an empty word), so trailing spaces are one match, not a failed
# attempt per character. On ASCII text the same pattern with re.ASCII (the same classes there)
# skips Unicode look-ups.
_GAPPED = rf"([\s_]*+)({TOKEN_RE.pattern}|\Z)"
_find_words = re.compile(_GAPPED).findall
_find_ascii_words = re.compile(_GAPPED, re.ASCII).findall


_CONTRACTIONS = {"wo": "will", "ca": "can", "sha": "shall"}


def normalize(text: str) -> str:
    """Return the matching key of a word or phrase: NFKC, casefolded, straight quotes, plain hyphens."""
    if text.isascii() and "`" not in text:
        return text.lower()  # the common case, and the same result
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES).casefold()


def is_acronym(word: str) -> bool:
    """True for a dictionary word that must match case-sensitively: all capitals, two letters or more."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to create, and tokens are made by the million
class Token:
    """One token of a sentence: its text, matching key and offsets in the sentence."""

    text: str
    key: str
    start: int
    end: int

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    """Split text into tokens, separating the possessive ``'s`` and the negation ``n't``.

    Parameters
    ----------
    text
        A sentence (or any text).

    Returns
    -------
    list[Token]
        Tokens with offsets into ``text``.
    """
    tokens: list[Token] = []
    append = tokens.append
    # An ASCII sentence is lowered once; its keys are then slices (the common case, same result).
    lowered = text.lower() if text.isascii() and "`" not in text else None
    # findall and lengths instead of match objects (a third faster; see _GAPPED).
    end = 0
    for gap, word in (_find_words if lowered is None else _find_ascii_words)(text):
        if not word:
            break  # the end of the text
        start = end + len(gap)
        end = start + len(word)
        if lowered is not None:
            key = lowered[start:end]
        else:
            key = word.lower() if word.isascii() and "`" not in word else normalize(word)
        if "'" not in key:
            append(Token(word, key, start, end))
        elif len(key) > 2 and key.endswith("'s") and key[-3].isalpha():
            append(Token(word[:-2], key[:-2], start, end - 2))
            append(Token(word[-2:], "'s", end - 2, end))
        elif len(key) > 3 and key.endswith("n't"):
            cut = len(word) - 3
            stem = key[:-3]
            append(Token(word[:cut], _CONTRACTIONS.get(stem, stem), start, start + cut))
            append(Token(word[cut:], "not", start + cut, end))
        else:
            append(Token(word, key, start, end))
    return tokens
