"""Event dates: explicit dates, weekdays, relative expressions, resolved against the article date.

A weekday is the most recent such day on or before the article date ("on Sunday" in an article of
Friday 2024-02-02 is 2024-01-28). A month and day without a year take the article's year, or the
year before when that would put the event after the article.

Expressions about the future ("tomorrow", "next week") resolve to their own day in
:func:`find_dates`, but :func:`event_date` never dates an event after its article: CAMEO dates an
intent or a threat by the statement, and the validator rejects events after the document date, so
a later date is clamped to the article date (its ``date_text`` is kept). Documents without a date
get no relative dates at all (only explicit ones with a year) and events in them stay undated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "week", "month", "year"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?", re.I)),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}))?\b", re.I)),
    ("my", re.compile(rf"\b(?:in|since|during|early|late|mid-?)\s+{_MONTH}(?:\s+(?P<year>\d{{4}}))?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<prefix>last\s+|next\s+|this\s+|on\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?P<part>morning|afternoon|evening|night))?\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|early|late)\s+(?P<year>(?:19|20)\d{2})\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|earlier\s+today|last\s+week|this\s+week|next\s+week|earlier\s+this\s+week|last\s+month|this\s+month|earlier\s+this\s+month|next\s+month|last\s+year|this\s+year|earlier\s+this\s+year)\b", re.I)),
]
# The same patterns case-sensitive, for the lowered text of an ASCII sentence (nearly all news):
# the same matches at the same offsets, about twice as fast (see find_dates).
_LOWER_PATTERNS = [(kind, re.compile(pattern.pattern)) for kind, pattern in _PATTERNS]
_AGO_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "several": 3, "a few": 3,
}
_WEEKDAY_FALSE = re.compile(r"^(?:black|good|ash|super|cyber)\s", re.I)


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class DateMention:
    """A date expression in a sentence, resolved: character offsets, value, precision and text."""

    start: int
    end: int
    value: date
    precision: Precision
    text: str


def _year_for(month: int, day: int, doc_date: date) -> int:
    year = doc_date.year
    try:
        if date(year, month, day) > doc_date + timedelta(days=1):
            year -= 1
    except ValueError:
        pass
    return year


def _resolve(kind: str, match: re.Match[str], doc_date: date | None) -> tuple[date, Precision] | None:
    groups = match.groupdict()
    if kind == "iso":
        return date(int(groups["year"]), int(groups["m"]), int(groups["d"])), "day"
    if kind in {"mdy", "dmy"}:
        month, day = MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif doc_date is not None:
            year = _year_for(month, day, doc_date)
        else:
            return None
        return date(year, month, day), "day"
    if kind == "year":
        return date(int(groups["year"]), 1, 1), "year"
    if kind == "my":
        month = MONTHS[groups["month"].lower().rstrip(".")]
        if groups.get("year"):
            return date(int(groups["year"]), month, 1), "month"
        if doc_date is None:
            return None
        return date(_year_for(month, 1, doc_date), month, 1), "month"
    if doc_date is None:
        return None
    if kind == "ago":
        n = _AGO_NUMBERS.get(" ".join(groups["n"].lower().split())) or int(groups["n"])
        unit = groups["unit"].lower().rstrip("s")
        if unit == "day":
            return doc_date - timedelta(days=n), "day"
        if unit == "week":
            return doc_date - timedelta(weeks=n), "week"
        if unit == "month":
            month = doc_date.month - n
            year = doc_date.year + (month - 1) // 12
            return date(year, (month - 1) % 12 + 1, 1), "month"
        return date(doc_date.year - n, 1, 1), "year"
    if kind == "weekday":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        prefix = (groups.get("prefix") or "").strip().lower()
        back = (doc_date.weekday() - weekday) % 7
        if prefix == "next":
            return doc_date + timedelta(days=(weekday - doc_date.weekday()) % 7 or 7), "day"
        if prefix == "last" and back == 0:
            back = 7
        return doc_date - timedelta(days=back), "day"
    rel = " ".join(groups["rel"].lower().split())
    table: dict[str, tuple[int, Precision]] = {
        "yesterday": (-1, "day"), "last night": (-1, "day"), "today": (0, "day"), "tonight": (0, "day"),
        "this morning": (0, "day"), "earlier today": (0, "day"), "tomorrow": (1, "day"),
        "last week": (-7, "week"), "this week": (0, "week"), "earlier this week": (0, "week"), "next week": (7, "week"),
    }
    if rel in table:
        offset, precision = table[rel]
        return doc_date + timedelta(days=offset), precision
    if rel in {"last month"}:
        first = doc_date.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if rel in {"this month", "earlier this month"}:
        return doc_date.replace(day=1), "month"
    if rel == "next month":
        return (doc_date.replace(day=28) + timedelta(days=4)).replace(day=1), "month"
    if rel == "last year":
        return date(doc_date.year - 1, 1, 1), "year"
    return date(doc_date.year, 1, 1), "year"


_RELATIVE_WORDS = ("yesterday", "today", "tonight", "tomorrow", "last", "this", "next", "earlier")


_DIGIT = re.compile(r"\d")
# Every month pattern holds a month word whole ("March 5", "5 Sept.", "in May"), so "market" or
# "decided" need not run them; likewise every weekday pattern holds a weekday name.
_MONTH_WORD = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
_WEEKDAY_WORD = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day")
_RELATIVE_WORD = re.compile("|".join(_RELATIVE_WORDS))
_SCREENED_KINDS = frozenset({"iso", "mdy", "dmy", "my", "weekday", "ago", "year"})


def _possible_kinds(lowered: str) -> set[str]:
    """The kinds of expression a sentence can hold (cheap substring tests), so most patterns never run."""
    kinds = set()
    if "-" in lowered and _DIGIT.search(lowered):
        kinds.add("iso")
    if _MONTH_WORD.search(lowered):
        kinds.update(("mdy", "dmy", "my"))
    if "day" in lowered and _WEEKDAY_WORD.search(lowered):
        kinds.add("weekday")
    if "ago" in lowered:
        kinds.add("ago")
    if "19" in lowered or "20" in lowered:
        kinds.add("year")
    if _RELATIVE_WORD.search(lowered):
        kinds.add("relative")
    return kinds


def find_dates(text: str, doc_date: date | None) -> list[DateMention]:
    """Find and resolve the date expressions of a sentence.

    Parameters
    ----------
    text
        The sentence.
    doc_date
        The article date; relative expressions need it (without it only absolute dates resolve).

    Returns
    -------
    list[DateMention]
        Non-overlapping expressions in text order.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    possible = _possible_kinds(lowered)
    # Every pattern is written in lower case (and the resolver lowers what it reads), so on ASCII
    # text, where lowering changes nothing but A-Z, matching the lowered text is ignoring case.
    subject, patterns = (lowered, _LOWER_PATTERNS) if text.isascii() else (text, _PATTERNS)
    for kind, pattern in patterns:
        if (kind if kind in _SCREENED_KINDS else "relative") not in possible:
            continue
        for match in pattern.finditer(subject):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if kind == "weekday" and _WEEKDAY_FALSE.match(text[max(0, match.start() - 6) : match.end()]):
                continue
            try:
                resolved = _resolve(kind, match, doc_date)
            except ValueError:  # "February 30"
                continue
            if resolved is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(match.start(), match.end(), resolved[0], resolved[1], text[match.start() : match.end()].strip()))
    return sorted(found, key=lambda d: d.start)


def event_date(head_char: int, dates: list[DateMention], doc_date: date | None) -> tuple[date | None, Precision | None, str | None]:
    """The date of an event whose head is at ``head_char``.

    Parameters
    ----------
    head_char : int
        Character offset of the event's head in the sentence.
    dates : list of DateMention
        The sentence's date expressions (:func:`find_dates`).
    doc_date : date or None
        The article date.

    Returns
    -------
    tuple of (date or None, str or None, str or None)
        The nearest expression's date, precision and text, never later than the article date
        (a later one is clamped to it, precision day, no text); else the article date (precision day,
        no text); else nothing.
    """
    if dates:
        best = min(dates, key=lambda d: (abs(d.start - head_char), d.start))
        if doc_date is not None and best.value > doc_date:
            # "will strike tomorrow": the event is the threat or intent, made on the article date.
            return doc_date, "day", None
        return best.value, best.precision, best.text
    if doc_date is not None:
        return doc_date, "day", None
    return None, None, None
