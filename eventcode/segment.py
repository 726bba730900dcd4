"""Sentence segmentation for news text, keeping each sentence's offsets in the document.

Over-long "sentences" (a feed without punctuation, a table flattened into one line) are cut into
pieces of at most ``MAX_SENTENCE_WORDS`` words and ``MAX_SENTENCE_CHARS`` characters: after the
last comma, semicolon, colon or dash in the second half of the piece when there is one, else
between words (a single word longer than the character cap is cut inside). Coding works within a
sentence and some of its steps compare every word with every actor, so without this cap the time
to code a sentence grows with the square of its length; with it, a 10 MB article without
punctuation costs about as much as 10 MB of ordinary news. Real news sentences are far shorter
than the cap, so only degenerate input is affected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr cdr brig sen rep gov pres
    st mt ft no nos vs etc jr sr rev fr hon amb sec dept univ inc corp co ltd bros approx est
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    al ave blvd rd gen. u.s a.m p.m e.g i.e""".split()
)
# Dotted abbreviations that may end a sentence when a typical sentence opener follows.
_CAN_END = frozenset({"u.s.", "u.k.", "u.n.", "a.m.", "p.m.", "inc.", "co.", "ltd.", "corp.", "etc."})
_OPENERS = frozenset(
    "the a an he she it they we i in on at but and this that these those his her their its our "
    "however meanwhile after before when while there officials".split()
)

MAX_SENTENCE_WORDS = 150
MAX_SENTENCE_CHARS = 1500

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n\s*")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*$")

_NEXT_WORD = re.compile(r"[\"'“‘(\[]{0,10}(\w+)")
_WORD = re.compile(r"\S+")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]?")
_CLAUSE_MARKS = frozenset(",;:—–-")


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class Sentence:
    """A sentence: its index in the document, its text and its offsets (``text == doc[start:end]``)."""

    index: int
    text: str
    start: int
    end: int


def _is_boundary(text: str, end: int, next_start: int, mark: str) -> bool:
    if next_start >= len(text):
        return True
    following = text[next_start]
    if mark.startswith("\n"):
        # A blank line ends a paragraph unless the text goes on in lower case ("But\n\nadministration").
        return not following.islower()
    if not (following.isupper() or following.isdigit() or following in "\"'“‘(["):
        return False
    # The last word cannot span a space: search from the last one (the regex tries every start).
    low = max(0, end - 40)
    word_match = _LAST_WORD.search(text, max(low, text.rfind(" ", low, end) + 1), end)
    if word_match is None:
        return True
    word = word_match.group(1).lower()
    if "." not in mark:
        return True
    bare = word.rstrip(".")
    if word.endswith(".") and word in _CAN_END or bare + "." in _CAN_END:
        nxt = _NEXT_WORD.match(text, next_start)  # not text[next_start:]: a copy per boundary is quadratic
        return bool(nxt and nxt.group(1).lower() in _OPENERS)
    if bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
        return False
    # Dotted abbreviations (U.S.) only end a sentence before an opener (handled above).
    return not _DOTTED.fullmatch(word)


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of a document with their offsets.

    Handles abbreviations ("U.S. Central Command", "Feb. 02", "4:00 p.m. (EST)", "Lt. Gen.",
    "Sen."), periods inside closing quotes, and paragraph breaks. A sentence longer than
    ``MAX_SENTENCE_WORDS`` words or ``MAX_SENTENCE_CHARS`` characters comes as several pieces
    (see the module docstring).

    Parameters
    ----------
    text
        The document text.

    Yields
    ------
    Sentence
        Non-empty sentences, stripped of surrounding whitespace, in document order.
    """
    index = 0
    start = 0
    for match in _BOUNDARY.finditer(text):
        mark = match.group()
        end = match.end() if not mark.startswith("\n") else match.start()
        next_start = match.end()
        while next_start < len(text) and text[next_start].isspace():
            next_start += 1
        if not _is_boundary(text, match.end(), next_start, mark):
            continue
        for piece_start, piece_end in _pieces(text, start, end):
            yield Sentence(index, text[piece_start:piece_end], piece_start, piece_end)
            index += 1
        start = next_start
    for piece_start, piece_end in _pieces(text, start, len(text)):
        yield Sentence(index, text[piece_start:piece_end], piece_start, piece_end)
        index += 1


_ASCII_SPACES = " \t\n\r\x0b\x0c"


def _few_words(span: str) -> bool:
    """True when an ASCII span surely has at most ``MAX_SENTENCE_WORDS`` words (fewer whitespace
    characters than that); False when unsure (the caller then counts the words)."""
    return span.isascii() and sum(span.count(c) for c in _ASCII_SPACES) < MAX_SENTENCE_WORDS


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The span ``text[start:end]`` stripped of surrounding whitespace, cut to the length caps."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    if end - start <= MAX_SENTENCE_WORDS or (end - start <= MAX_SENTENCE_CHARS and _few_words(text[start:end])):
        yield start, end  # within both caps: the common case, without walking the words
        return
    piece: list[tuple[int, int]] = []  # word spans of the piece being built
    for word_start, word_end in _words(text, start, end):
        while piece and (len(piece) >= MAX_SENTENCE_WORDS or word_end - piece[0][0] > MAX_SENTENCE_CHARS):
            cut = _cut_index(text, piece)
            yield piece[0][0], piece[cut][1]
            piece = piece[cut + 1 :]
        piece.append((word_start, word_end))
    if piece:
        yield piece[0][0], piece[-1][1]


def _words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Whitespace-separated words of a span; a word longer than the character cap is cut up."""
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        while word_end - word_start > MAX_SENTENCE_CHARS:
            yield word_start, word_start + MAX_SENTENCE_CHARS
            word_start += MAX_SENTENCE_CHARS
        yield word_start, word_end


def _cut_index(text: str, piece: list[tuple[int, int]]) -> int:
    """Index of the last word of the piece to emit: the last clause mark in its second half, else all."""
    for k in range(len(piece) - 1, len(piece) // 2 - 1, -1):
        if text[piece[k][1] - 1] in _CLAUSE_MARKS:
            return k
    return len(piece) - 1
