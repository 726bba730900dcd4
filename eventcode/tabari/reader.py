"""Readers for TABARI and PETRARCH-1 dictionaries: actors, agents, verbs, discards and options.

The formats, as their files' own headers and the TABARI manual describe them:

- A dictionary word is a *stem* (``ACCUS`` matches accuse, accused, accusing) unless an underscore
  follows it (``FORCES_`` matches only "forces"). ``_`` between words joins them: in a verb pattern
  joined words must be adjacent, space-separated ones may have other words between them.
- ``.actors``: ``PHRASE [CODE]``; a block is a name line, ``+SYNONYM`` lines and indented
  ``[CODE]`` lines. Codes may carry dates: ``[CODE 950101-960101]``, ``[CODE <950101]``,
  ``[CODE >950101]``; an undated code is the fallback. ``<NOUN>``/``<ADJECTIVE>`` sections list words
  that are never verbs (nouns) or that turn a following verb into a noun (adjectives).
- ``.agents``: ``PHRASE [~ROLE]`` (the role follows an actor's code) or ``[ROLE~]`` (it precedes);
  PETRARCH adds ``{PLURALS}`` and ``!MACRO! = A, B`` substitutions.
- ``.verbs``: a verb line ``VERB [CODE]``, an optional ``{ FORM FORM }`` line of irregular forms,
  then patterns ``- WORDS * WORDS [CODE]`` where ``*`` is the verb, ``$`` the source, ``+`` the
  target, ``%`` a compound actor, ``^`` a skipped actor, ``{ A | B }`` alternatives and ``&NAME`` a
  synset. ``<SYNSETS>`` and ``<TIME>`` sections define synsets and time-shift phrases. PETRARCH-1
  groups verbs in ``--- NAME [CODE] ---`` blocks whose verb lines may list ``{FORMS}``, and marks
  comments with ``#``; TABARI uses ``;``. ``[---]`` is a null code, ``[###]`` discards.
- options files: ``KEYWORD: VALUE`` lines, ``//`` comments.

Every problem is a ``Warning`` (``file:line: reason``); a reader never raises on a bad line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from eventcode.tokens import tokenize

NULL_CODE = "---"
DISCARD_CODE = "###"
SECTION_RE = re.compile(r"^</?([A-Z]+)>\s*$")
CODE_RE = re.compile(r"\[([^\[\]]*)\]")
DATE_RANGE_RE = re.compile(r"^(?:([^\s\d<>]\S*)\s+)?(?:(<|>)\s*(\d+)|(\d+)\s*-\s*(\d+))$")


@dataclass(frozen=True, slots=True)
class Problem:
    """A line the reader skipped or repaired: ``file:line: reason``."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Word:
    """A dictionary word: its matching key and whether it must match exactly (else it is a stem)."""

    key: str
    exact: bool
    literal: bool = False  # written with "=": a verb that takes no regular endings
    spaced: bool = False  # a space (not "_") separates it from the previous word: words may come between

    def matches(self, key: str) -> bool:
        return key == self.key if self.exact else key.startswith(self.key)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code, valid from ``start`` (inclusive) to ``end`` (exclusive) when given; a range
    ``a-b`` in a dictionary includes ``b`` (``end`` is the day after)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, day: date | None) -> bool:
        if not self.dated:
            return True
        if day is None:
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor: its phrases and (dated) codes; ``where`` is ``file:line`` of its name."""

    phrases: tuple[tuple[Word, ...], ...]
    codes: tuple[DatedCode, ...]
    where: str

    def code_on(self, day: date | None) -> str | None:
        """The code valid on ``day``: the dated code holding it, else the undated fallback."""
        for code in self.codes:
            if code.dated and code.holds(day):
                return code.code
        for code in self.codes:
            if not code.dated:
                return code.code
        return None


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """An agent: phrases and a role code that follows (``~GOV``) or precedes (``NGO~``) the actor's."""

    phrases: tuple[tuple[Word, ...], ...]
    code: str
    prefix: bool
    where: str
    regular_plural: bool = True  # PETRARCH's "POLICE {}": no plural is generated


# Pattern elements ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a pattern: a word, a slot (``* $ + % ^``) or alternatives.

    ``joined`` says the element must directly follow the previous one (an ``_`` joined them).
    """

    kind: str  # "word", "verb", "source", "target", "compound", "skip", "alt"
    joined: bool = False
    word: Word | None = None
    options: tuple[tuple[Item, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A pattern of a verb: elements before the verb (text order) and after it, and its code."""

    lower: tuple[Item, ...]
    upper: tuple[Item, ...]
    code: str
    where: str
    text: str
    lower_joined: bool = False  # the verb is joined to the last lower element ("IN_*")

    @property
    def size(self) -> int:
        """How specific the pattern is: its number of elements (longer patterns are tried first)."""
        return len(self.lower) + len(self.upper)


@dataclass(slots=True)
class VerbBlock:
    """A verb with its forms, its default code and its patterns."""

    forms: list[tuple[Word, ...]]
    code: str
    where: str
    patterns: list[VerbPattern] = field(default_factory=list)
    form_codes: dict[tuple[Word, ...], str] = field(default_factory=dict)  # PETRARCH per-verb codes
    petrarch: bool = False  # PETRARCH's regular forms (-ES only after a sibilant), not TABARI's


@dataclass(slots=True)
class Dictionaries:
    """Everything read from a set of TABARI/PETRARCH files."""

    actors: list[ActorRecord] = field(default_factory=list)
    agents: list[AgentRecord] = field(default_factory=list)
    verbs: list[VerbBlock] = field(default_factory=list)
    discards: list[tuple[tuple[Word, ...], bool, str]] = field(default_factory=list)  # phrase, story-level, where
    nouns: list[tuple[Word, ...]] = field(default_factory=list)
    adjectives: list[tuple[Word, ...]] = field(default_factory=list)
    time_shifts: list[tuple[tuple[Item, ...], tuple[Item, ...], str]] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def n_patterns(self) -> int:
        return sum(len(block.patterns) for block in self.verbs)

    def extend(self, other: Dictionaries) -> None:
        self.actors += other.actors
        self.agents += other.agents
        self.verbs += other.verbs
        self.discards += other.discards
        self.nouns += other.nouns
        self.adjectives += other.adjectives
        self.time_shifts += other.time_shifts
        self.options += other.options
        self.problems += other.problems
        self.files += other.files


# Lines -----------------------------------------------------------------------------------------


def _lines(path: Path, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    """(line number, text without comments) of a dictionary file; stops at TABARI's ``~~`` marker."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        problems.append(Problem(str(path), 1, "not UTF-8; read as Latin-1"))
    in_xml_comment = False
    for number, line in enumerate(text.splitlines(), 1):
        if in_xml_comment:
            if "-->" in line:
                in_xml_comment = False
                line = line.split("-->", 1)[1]
            else:
                continue
        if "<!--" in line:
            before, _, after = line.partition("<!--")
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                in_xml_comment = True
                line = before
        if line.startswith("~~"):
            return
        line = strip_comment(line)
        if line.lstrip().startswith("<") and not SECTION_RE.match(line.strip()):
            problems.append(Problem(str(path), number, f"unrecognised markup {line.strip()[:40]!r}; skipped"))
            continue
        if line.strip():
            yield number, line.rstrip()


def strip_comment(line: str) -> str:
    """Cut a ``;`` comment (TABARI) or a ``#`` comment (PETRARCH) outside ``[...]`` brackets.

    ``#`` starts a comment only at the start of a line or after a space, so codes such as
    ``[###]`` and words such as ``C#`` survive.
    """
    depth = 0
    for i, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif depth == 0 and (char == ";" or (char == "#" and (i == 0 or line[i - 1] in " \t"))) or depth == 0 and char == "/" and line[i : i + 2] == "//" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


# PETRARCH's dictionaries write contractions as the Penn Treebank splits them ("CA N'T"); our
# tokenizer expands them ("can't" -> can not)
_TREEBANK_RE = re.compile(r"\b(CA|WO|SHA)?([ _])N'T\b", re.IGNORECASE)
_TREEBANK_HEADS = {"ca": "CAN", "wo": "WILL", "sha": "SHALL"}


def untreebank(text: str) -> str:
    """``DID N'T`` -> ``DID NOT``, ``CA N'T`` -> ``CAN NOT``, as our tokenizer sees the text."""

    def expand(match: re.Match[str]) -> str:
        head = match.group(1)
        return (_TREEBANK_HEADS[head.lower()] if head else "") + match.group(2) + "NOT"

    return _TREEBANK_RE.sub(expand, text) if "'" in text else text


def whole_words(path: Path) -> bool:
    """PETRARCH's dictionaries (``*.txt``) match whole words; TABARI's words are stems unless ``_`` follows."""
    return path.suffix.lower() == ".txt"


def parse_words(text: str, *, whole: bool = False) -> tuple[Word, ...]:
    """The words of a dictionary phrase: ``_`` and spaces separate words; a word followed by ``_``
    (or ``=``) is exact, any other word is a stem (TABARI) or whole (PETRARCH, ``whole``)."""
    words: list[Word] = []
    for chunk in untreebank(text).split():
        parts = chunk.split("_")
        for index, part in enumerate(parts):
            if not part:
                continue
            spaced = bool(words) and index == 0
            literal = part.endswith("=")
            exact = whole or index < len(parts) - 1 or literal
            part = part.rstrip("=")
            keys = [t.key for t in tokenize(part)] or [part.lower()]
            for k, key in enumerate(keys):
                # a word our tokenizer splits ("DIDN'T" -> did not) keeps its inner words exact
                words.append(Word(key, exact or k < len(keys) - 1, literal, spaced and k == 0))
    return tuple(words)


def _codes_in(text: str) -> tuple[str, list[str]]:
    """The text before the first ``[`` and the contents of every ``[...]``."""
    found = CODE_RE.findall(text)
    head = text.split("[", 1)[0]
    return head, found


def _parse_date(text: str) -> date:
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < 30 else 1900
        return date(year, int(text[2:4]), int(text[4:6]))
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")


def parse_actor_code(text: str) -> DatedCode:
    """``CODE``, ``CODE <950101``, ``CODE >950101`` or ``CODE 950101-960101`` (``ValueError`` if bad)."""
    text = text.strip()
    if not text:
        raise ValueError("empty code [ ]")
    match = DATE_RANGE_RE.match(text)
    if match is None:
        if " " in text or not re.fullmatch(r"[~]?[\w/#+\-~]+[~]?", text):
            raise ValueError(f"code [{text}] is not CODE, CODE <YYMMDD, CODE >YYMMDD or CODE YYMMDD-YYMMDD")
        return DatedCode(text)
    code, sign, single, first, last = match.groups()
    if code is None:
        raise ValueError(f"code [{text}] has a date but no code")
    if sign == "<":
        return DatedCode(code, end=_parse_date(single))
    if sign == ">":
        return DatedCode(code, start=_parse_date(single))
    # a range includes its last day (PETRARCH's DATE-11): the code holds until the day after
    return DatedCode(code, start=_parse_date(first), end=_parse_date(last) + timedelta(days=1))


# Actors ----------------------------------------------------------------------------------------


def read_actors(path: str | Path, *, into: Dictionaries | None = None) -> Dictionaries:
    """Read a TABARI/PETRARCH ``.actors`` file (also its ``<NOUN>``/``<ADJECTIVE>`` sections)."""
    path = Path(path)
    out = into if into is not None else Dictionaries()
    out.files.append(str(path))
    whole = whole_words(path)
    section = ""
    block: tuple[int, list[tuple[Word, ...]], list[DatedCode]] | None = None

    def close() -> None:
        if block is None:
            return
        line, phrases, codes = block
        if not codes:
            out.problems.append(Problem(str(path), line, "actor has no [CODE] line; skipped"))
        elif phrases:
            out.actors.append(ActorRecord(tuple(phrases), tuple(codes), f"{path.name}:{line}"))

    def add_codes(number: int, raw: list[str], codes: list[DatedCode]) -> None:
        for text in raw:
            try:
                codes.append(parse_actor_code(text))
            except ValueError as exc:
                out.problems.append(Problem(str(path), number, f"{exc}; code skipped"))

    for number, line in _lines(path, out.problems):
        tag = SECTION_RE.match(line.strip())
        if tag:
            close()
            block = None
            section = "" if line.strip().startswith("</") else tag.group(1)
            continue
        if section in ("NOUN", "ADJECTIVE"):
            words = parse_words(line.split("[", 1)[0], whole=whole)
            if words:
                (out.nouns if section == "NOUN" else out.adjectives).append(words)
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if block is None:
                out.problems.append(Problem(str(path), number, "synonym (+) before any actor; skipped"))
                continue
            head, raw = _codes_in(stripped[1:])
            words = parse_words(head, whole=whole)
            if words:
                block[1].append(words)
            add_codes(number, raw, block[2])
        elif stripped.startswith("[") or line[0] in " \t":
            if block is None:
                out.problems.append(Problem(str(path), number, "code line before any actor; skipped"))
                continue
            _, raw = _codes_in(stripped)
            if not raw:
                out.problems.append(Problem(str(path), number, f"expected [CODE], found {stripped!r}; skipped"))
            add_codes(number, raw, block[2])
        else:
            close()
            head, raw = _codes_in(stripped)
            words = parse_words(head, whole=whole)
            if not words:
                out.problems.append(Problem(str(path), number, "code without a phrase; skipped"))
                block = None
                continue
            codes: list[DatedCode] = []
            add_codes(number, raw, codes)
            block = (number, [words], codes)
    close()
    return out


# Agents ----------------------------------------------------------------------------------------

_MACRO_RE = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")


def read_agents(path: str | Path, *, into: Dictionaries | None = None) -> Dictionaries:
    """Read a TABARI ``.agents`` or PETRARCH agents file."""
    path = Path(path)
    out = into if into is not None else Dictionaries()
    out.files.append(str(path))
    whole = whole_words(path)
    macros: dict[str, list[str]] = {}
    for number, line in _lines(path, out.problems):
        stripped = line.strip()
        macro = _MACRO_RE.match(stripped)
        if macro:
            macros[macro.group(1)] = [v.strip() for v in macro.group(2).split(",") if v.strip()]
            continue
        head, raw = _codes_in(stripped)
        if len(raw) != 1:
            out.problems.append(Problem(str(path), number, f"agent needs one [~CODE] or [CODE~], found {len(raw)}; skipped"))
            continue
        code = raw[0].replace(" ", "")
        if code.count("~") != 1 or code.strip("~") == "":
            out.problems.append(Problem(str(path), number, f"agent code [{raw[0]}] has no ~ marking its position; skipped"))
            continue
        plurals: list[str] | None = None
        if "{" in head:
            head, _, rest = head.partition("{")
            plurals = rest.split("}", 1)[0].split()
        names = [head.strip()]
        for name, values in macros.items():
            names = [n.replace(name, v) for n in names for v in values] if any(name in n for n in names) else names
        if any("!" in n for n in names):
            out.problems.append(Problem(str(path), number, f"unknown !MACRO! in {head.strip()!r}; skipped"))
            continue
        # A stem (no trailing _) already matches the regular plural; {PLURALS} adds irregular ones.
        phrases = [parse_words(name, whole=whole) for name in names]
        for plural in plurals or ():
            phrases.append(parse_words(plural, whole=whole))
        phrases = [p for p in phrases if p]
        if not phrases:
            out.problems.append(Problem(str(path), number, "agent without a phrase; skipped"))
            continue
        out.agents.append(
            AgentRecord(tuple(phrases), code.strip("~"), code.endswith("~"), f"{path.name}:{number}", plurals is None)
        )
    return out


# Verbs -----------------------------------------------------------------------------------------

_ALT_RE = re.compile(r"\{([^{}]*)\}")
_PATTERN_CODE_RE = re.compile(r"\[([^\[\]]*)\]\s*$")


class _SynsetTable:
    """Synsets by name; members are kept as text and compiled when a pattern uses them."""

    def __init__(self, *, whole: bool = False) -> None:
        self.whole = whole  # PETRARCH: words are whole words
        self.members: dict[str, list[str]] = {}
        self.cache: dict[str, tuple[tuple[Item, ...], ...]] = {}

    def options(self, name: str, stack: tuple[str, ...] = ()) -> tuple[tuple[Item, ...], ...] | None:
        if name in self.cache:
            return self.cache[name]
        members = self.members.get(name)
        if members is None or name in stack:
            return None
        result = tuple(
            items for member in members if (items := _parse_items(member, self, (*stack, name))[0])
        )
        self.cache[name] = result
        return result


def _parse_items(text: str, synsets: _SynsetTable, stack: tuple[str, ...] = ()) -> tuple[tuple[Item, ...], list[str]]:
    """Pattern text to items; returns (items, errors). ``{a | b}`` alternatives are pre-extracted."""
    errors: list[str] = []
    alternatives: list[str] = []

    def hold(match: re.Match[str]) -> str:
        alternatives.append(match.group(1))
        return f"\x01{len(alternatives) - 1}\x01"

    text = _ALT_RE.sub(hold, untreebank(text))
    # Tokens: words, slot characters, placeholders; "_" marks joins (and exact words).
    items: list[Item] = []
    for chunk in text.split():
        parts = re.split(r"(_)", chunk)
        joined_next = False
        pieces = [p for p in parts if p != ""]
        for index, piece in enumerate(pieces):
            if piece == "_":
                joined_next = True
                continue
            follows_underscore = index + 1 < len(pieces) and pieces[index + 1] == "_"
            if piece.endswith("~") and len(piece) > 1:
                # "REAL~_PLEASANT": a stem ("really") still joined to the next word
                piece, follows_underscore = piece[:-1], False
            joined = joined_next
            joined_next = False
            item = _make_item(piece, follows_underscore, joined, alternatives, synsets, stack, errors)
            if item is not None:
                items.append(item)
        # a chunk ending with "_" does not join the next chunk: "IN_ *" lets words come between
    return tuple(items), errors


def _make_item(
    piece: str,
    exact: bool,
    joined: bool,
    alternatives: list[str],
    synsets: _SynsetTable,
    stack: tuple[str, ...],
    errors: list[str],
) -> Item | None:
    slots = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}
    if piece in slots:
        return Item(slots[piece], joined)
    if piece.startswith("\x01"):
        text = alternatives[int(piece.strip("\x01"))]
        options = []
        for option in text.split("|"):
            items, errs = _parse_items(option, synsets, stack)
            errors.extend(errs)
            if items:
                options.append(items)
        if not options:
            errors.append("empty { | } alternatives")
            return None
        return Item("alt", joined, options=tuple(options))
    if piece.startswith("&"):
        options_ = synsets.options(piece.rstrip("_"))
        if options_ is None:
            errors.append(f"unknown synset {piece}")
            return None
        return Item("alt", joined, options=options_)
    words = parse_words(piece + ("_" if exact else ""), whole=synsets.whole)
    if not words:
        return None
    if len(words) == 1:
        return Item("word", joined, word=words[0])
    # a piece our tokenizer splits ("DIDN'T"): its words are adjacent
    return Item("alt", joined, options=(tuple(Item("word", k > 0, word=w) for k, w in enumerate(words)),))


def parse_pattern(text: str, code: str, where: str, synsets: _SynsetTable) -> tuple[VerbPattern | None, list[str]]:
    """A pattern line's text (without ``-`` and code) to a ``VerbPattern``."""
    items, errors = _parse_items(text, synsets)
    verbs = [i for i, item in enumerate(items) if item.kind == "verb"]
    if len(verbs) != 1:
        return None, [*errors, f"pattern needs exactly one * (verb), found {len(verbs)}"]
    at = verbs[0]
    upper = items[at + 1 :]
    lower = items[:at]
    pattern = VerbPattern(tuple(lower), tuple(upper), code, where, text.strip(), bool(lower) and items[at].joined)
    return pattern, errors


def read_verbs(path: str | Path, *, into: Dictionaries | None = None) -> Dictionaries:
    """Read a TABARI ``.verbs`` file or a PETRARCH-1 verb dictionary."""
    path = Path(path)
    out = into if into is not None else Dictionaries()
    out.files.append(str(path))
    synsets = _SynsetTable(whole=whole_words(path))
    lines = list(_lines(path, out.problems))
    # Synsets may be defined anywhere in the file (PETRARCH defines some between verb blocks).
    current_synset: str | None = None
    section = ""
    for _number, line in lines:
        stripped = line.strip()
        tag = SECTION_RE.match(stripped)
        if tag:
            section = "" if stripped.startswith("</") else tag.group(1)
            continue
        if stripped.startswith("&"):
            current_synset = stripped.split()[0].rstrip("_")
            synsets.members.setdefault(current_synset, [])
        elif stripped.startswith("+") and current_synset is not None:
            synsets.members[current_synset].append(stripped[1:].strip())
        elif section != "SYNSETS":
            current_synset = None

    block: VerbBlock | None = None
    petrarch_block_code: str | None = None
    section = ""
    in_synset = False
    for number, line in lines:
        where = f"{path.name}:{number}"
        stripped = line.strip()
        tag = SECTION_RE.match(stripped)
        if tag:
            section = "" if stripped.startswith("</") else tag.group(1)
            block = None
            continue
        if stripped.startswith("&"):
            in_synset = True
            continue
        if stripped.startswith("+") and in_synset:
            continue
        in_synset = False
        if section == "SYNSETS":
            continue
        if section == "TIME":
            _read_time(stripped, where, synsets, out, path, number)
            continue
        if section in ("NOUN", "ADJECTIVE"):
            words = parse_words(stripped.split("[", 1)[0], whole=synsets.whole)
            if words:
                (out.nouns if section == "NOUN" else out.adjectives).append(words)
            continue
        if stripped.startswith("---") and "[" in stripped:
            inner = stripped.strip("-").strip()
            _, raw = _codes_in(inner)
            petrarch_block_code = raw[0].strip() if raw else NULL_CODE
            block = None
            continue
        if stripped.startswith("-"):
            if block is None:
                out.problems.append(Problem(str(path), number, "pattern before any verb; skipped"))
                continue
            match = _PATTERN_CODE_RE.search(stripped)
            if match is None:
                out.problems.append(Problem(str(path), number, "pattern has no [CODE] at its end; skipped"))
                continue
            code = match.group(1).strip() or NULL_CODE
            pattern, errors = parse_pattern(stripped[1 : match.start()], code, where, synsets)
            for error in errors:
                out.problems.append(Problem(str(path), number, error + ("" if pattern else "; pattern skipped")))
            if pattern is not None:
                block.patterns.append(pattern)
            continue
        if stripped.startswith("{") and block is not None:
            _add_forms(block, stripped, synsets.whole)
            continue
        # a verb line: "VERB [CODE]" (TABARI) or "VERB {FORMS} [CODE]" / "+MULTI_WORD" (PETRARCH)
        text = stripped[1:] if stripped.startswith("+") else stripped
        head, raw = _codes_in(text)
        forms_text = None
        if "{" in head:
            head, _, rest = head.partition("{")
            forms_text = rest.split("}", 1)[0]
        verb = parse_words(head.replace("+", ""), whole=synsets.whole)
        if not verb:
            out.problems.append(Problem(str(path), number, f"cannot read verb line {stripped!r}; skipped"))
            continue
        own_code = raw[0].strip() if raw else None
        if petrarch_block_code is not None:
            if block is None or (block.patterns and own_code is None):
                block = VerbBlock([], petrarch_block_code, where, petrarch=synsets.whole)
                out.verbs.append(block)
            block.forms.append(verb)
            if own_code is not None:
                block.form_codes[verb] = own_code
        else:
            if own_code is None:
                out.problems.append(Problem(str(path), number, f"verb {head.strip()!r} has no [CODE]; using [---]"))
            block = VerbBlock([verb], own_code or NULL_CODE, where, petrarch=synsets.whole)
            out.verbs.append(block)
        if forms_text:
            _add_forms(block, "{" + forms_text + "}", synsets.whole)
    return out


def _add_forms(block: VerbBlock, text: str, whole: bool) -> None:
    inner = text.strip().lstrip("{").split("}", 1)[0]
    code = block.form_codes.get(block.forms[-1]) if block.forms else None
    for form in inner.split():
        words = parse_words(form.replace("+", ""), whole=whole)  # "WIRE_+TAPPED": + marks the verb
        if words:
            block.forms.append(words)
            if code is not None:
                block.form_codes[words] = code


def _read_time(text: str, where: str, synsets: _SynsetTable, out: Dictionaries, path: Path, number: int) -> None:
    match = _PATTERN_CODE_RE.search(text)
    if match is None:
        out.problems.append(Problem(str(path), number, "time phrase has no [SHIFT]; skipped"))
        return
    shift = match.group(1).strip()
    body = text[: match.start()].strip()
    if body.startswith("-"):
        pattern, errors = parse_pattern(body[1:], shift, where, synsets)
        if pattern is None:
            out.problems.append(Problem(str(path), number, "; ".join(errors)))
            return
        out.time_shifts.append((pattern.lower, pattern.upper, shift))
    else:
        items, _ = _parse_items(body, synsets)
        out.time_shifts.append(((), items, shift))


# Discards and options --------------------------------------------------------------------------


def read_discards(path: str | Path, *, into: Dictionaries | None = None) -> Dictionaries:
    """Read a PETRARCH discards file: a phrase per line, ``+`` for story-level discards."""
    path = Path(path)
    out = into if into is not None else Dictionaries()
    out.files.append(str(path))
    for number, line in _lines(path, out.problems):
        stripped = line.strip()
        story = stripped.startswith("+")
        words = parse_words(stripped.lstrip("+").split("[", 1)[0], whole=whole_words(path))
        if words:
            out.discards.append((words, story, f"{path.name}:{number}"))
    return out


def read_options(path: str | Path, *, into: Dictionaries | None = None) -> Dictionaries:
    """Read a TABARI options file: ``KEYWORD: VALUE`` lines (``//`` comments)."""
    path = Path(path)
    out = into if into is not None else Dictionaries()
    out.files.append(str(path))
    for number, line in _lines(path, out.problems):
        key, sep, value = line.strip().partition(":")
        if not sep:
            out.problems.append(Problem(str(path), number, f"option line without KEYWORD: ({line.strip()!r}); skipped"))
            continue
        out.options.append((key.strip().upper(), value.strip()))
    return out


# Folders ---------------------------------------------------------------------------------------

KINDS = ("actors", "agents", "verbs", "discards", "options")


def file_kind(path: Path) -> str | None:
    """What a file holds, from its name: ``X.actors``, ``PETR.X.verbs.txt``, ``CAMEO.verbpatterns``..."""
    name = path.name.lower()
    for kind in KINDS:
        if name.endswith(f".{kind}") or name.endswith(f".{kind}.txt") or f".{kind}." in name:
            return kind
    if "verbpatterns" in name or name.endswith(".verbs.txt"):
        return "verbs"
    return None


def read_dictionaries(paths: Iterable[str | Path]) -> Dictionaries:
    """Read TABARI/PETRARCH files (or every recognised file in folders), in the order given."""
    out = Dictionaries()
    readers = {
        "actors": read_actors,
        "agents": read_agents,
        "verbs": read_verbs,
        "discards": read_discards,
        "options": read_options,
    }
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            kind = file_kind(file)
            if kind is None:
                if not path.is_dir():
                    out.problems.append(Problem(str(file), 0, "not a .actors/.agents/.verbs/.discards/.options file; skipped"))
                continue
            readers[kind](file, into=out)
    return out
