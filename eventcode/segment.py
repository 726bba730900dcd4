"""Sentence segmentation for news text, keeping each sentence's offsets in the document."""

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

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n\s*")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]*[\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
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
    word_match = _LAST_WORD.search(text, max(0, end - 40), end)
    if word_match is None:
        return True
    word = word_match.group(1).lower()
    if "." not in mark:
        return True
    bare = word.rstrip(".")
    if word.endswith(".") and word in _CAN_END or bare + "." in _CAN_END:
        nxt = re.match(r"[\"'“‘(\[]*(\w+)", text[next_start:])
        return bool(nxt and nxt.group(1).lower() in _OPENERS)
    if bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
        return False
    # Dotted abbreviations (U.S.) only end a sentence before an opener (handled above).
    return not re.fullmatch(r"(?:[a-z]\.)+[a-z]?", word)


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of a document with their offsets.

    Handles abbreviations ("U.S. Central Command", "Feb. 02", "4:00 p.m. (EST)", "Lt. Gen.",
    "Sen."), periods inside closing quotes, and paragraph breaks.

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
        sentence = _strip(text, start, end)
        if sentence is not None:
            yield Sentence(index, *sentence)
            index += 1
        start = next_start
    sentence = _strip(text, start, len(text))
    if sentence is not None:
        yield Sentence(index, *sentence)


def _strip(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return text[start:end], start, end
