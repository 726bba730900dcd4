"""Dictionary entries, their line format, and loading the default and user dictionaries.

The format is specified in ``docs/dictionaries.md``. Every line is validated by a pydantic model
that rejects unknown options; a bad line is reported with its file and line number.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from eventcode.cameo import cameo_codes
from eventcode.errors import DictionaryError
from eventcode.pickling import by_fields

KINDS = ("actors", "agents", "verbs", "discards")
ROLE_CODES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED "
    "REF MOD RAD REL NGO IGO".split()
)
INTERNATIONAL_CODES = frozenset(
    "IGO IMG INT MNC NGM NGO UIS AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF "
    "NMR PGS SCN SAM SAS SEA SAF WAF WST".split()
)
ActorKind = Literal["country", "capital", "org", "igo", "ngo", "group", "person", "company", "media"]
_CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")
_DATED_RE = re.compile(r"^(?P<code>[A-Z]+)(?:@(?P<start>[0-9-]*)\.\.(?P<end>[0-9-]*))?$")
_ELEMENT_RE = re.compile(r"\{[^}]*\}|<[^>]*>|\S+")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    origin: str  # "file:line", for messages and pattern ids


class DatedCode(BaseModel):
    """An actor code, valid from ``start`` to ``end`` inclusive (either may be open)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    start: date | None = None
    end: date | None = None

    @field_validator("code")
    @classmethod
    def _code_shape(cls, code: str) -> str:
        if not _CODE_RE.match(code):
            raise ValueError(f"actor code {code!r} must be 3-letter blocks in capitals, e.g. IRQREB")
        return code

    @model_validator(mode="after")
    def _ordered(self) -> DatedCode:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"date range of {self.code} ends before it starts")
        return self

    def holds(self, day: date | None) -> bool:
        """True when the code applies on ``day`` (an undated code always applies)."""
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class ActorEntry(_Entry):
    """A named actor: ``NAME | CODES | ALIASES | OPTIONS``."""

    name: str
    codes: tuple[DatedCode, ...]
    aliases: tuple[str, ...] = ()
    kind: ActorKind | None = None
    country: str | None = None

    @model_validator(mode="after")
    def _no_overlap(self) -> ActorEntry:
        if not self.codes:
            raise ValueError("an actor needs at least one code")
        dated = sorted((c for c in self.codes if c.start or c.end), key=lambda c: c.start or date.min)
        for earlier, later in zip(dated, dated[1:], strict=False):
            if earlier.end is None or (later.start or date.min) <= earlier.end:
                raise ValueError(f"date ranges of {earlier.code} and {later.code} overlap")
        return self

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def code_on(self, day: date | None) -> str:
        """The actor's code on ``day``: the dated code that holds, else the first undated one."""
        for dated in self.codes:
            if (dated.start or dated.end) and day is not None and dated.holds(day):
                return dated.code
        for dated in self.codes:
            if not (dated.start or dated.end):
                return dated.code
        return self.codes[0].code


class AgentEntry(_Entry):
    """A role noun: ``ROLES | PHRASES | OPTIONS``."""

    roles: str
    phrases: tuple[str, ...]
    primary: bool = False

    @field_validator("roles")
    @classmethod
    def _roles_known(cls, roles: str) -> str:
        blocks = [roles[i : i + 3] for i in range(0, len(roles), 3)]
        if not _CODE_RE.match(roles) or any(b not in ROLE_CODES for b in blocks):
            raise ValueError(f"agent roles {roles!r} must be CAMEO role codes such as MIL, GOV, OPPLEG")
        return roles


@by_fields
@dataclass(frozen=True, slots=True)
class Head:
    """The head of a pattern: a verb (inflected) or a noun (singular/plural), one or more words."""

    words: tuple[str, ...]
    is_noun: bool
    extra_forms: tuple[str, ...] = ()


@by_fields
@dataclass(frozen=True, slots=True)
class Literal_:
    """A literal word (or one of several) that must appear around the head."""

    options: frozenset[str]


@by_fields
@dataclass(frozen=True, slots=True)
class Slot:
    """The source (``$``) or target (``+``) slot."""

    role: Literal["source", "target"]


Element = Head | Literal_ | Slot


@by_fields
@dataclass(frozen=True, slots=True)
class Pattern:
    """A parsed pattern: the head, the elements before it and after it."""

    head: Head
    before: tuple[Element, ...]
    after: tuple[Element, ...]
    specificity: int = field(default=0)

    @property
    def has_source(self) -> bool:
        return any(isinstance(e, Slot) and e.role == "source" for e in (*self.before, *self.after))

    @property
    def has_target(self) -> bool:
        return any(isinstance(e, Slot) and e.role == "target" for e in (*self.before, *self.after))


def parse_pattern(text: str) -> Pattern:
    """Parse a pattern string (``{conduct} airstrike(s) against +``); raise ValueError when bad."""
    heads: list[int] = []
    elements: list[Element] = []
    for raw in _ELEMENT_RE.findall(text):
        if raw.startswith("{"):
            if not raw.endswith("}") or not raw[1:-1].strip():
                raise ValueError(f"verb head {raw!r} must look like {{lemma}}")
            first, *extra = raw[1:-1].split("/")
            words = tuple(first.lower().split())
            elements.append(Head(words, is_noun=False, extra_forms=tuple(e.strip().lower() for e in extra)))
            heads.append(len(elements) - 1)
        elif raw.startswith("<"):
            if not raw.endswith(">") or not raw[1:-1].strip():
                raise ValueError(f"noun head {raw!r} must look like <noun>")
            elements.append(Head(tuple(raw[1:-1].lower().split()), is_noun=True))
            heads.append(len(elements) - 1)
        elif raw in ("$", "+"):
            elements.append(Slot("source" if raw == "$" else "target"))
        elif raw == "*":
            raise ValueError("'*' is TABARI syntax; mark the verb head as {lemma}")
        else:
            options = frozenset(w for part in raw.split("|") if part for w in expand_word(part.lower()))
            if not options:
                raise ValueError(f"empty literal in {raw!r}")
            elements.append(Literal_(options))
    if len(heads) != 1:
        raise ValueError(f"a pattern needs exactly one head ({{verb}} or <noun>), found {len(heads)}")
    at = heads[0]
    head = elements[at]
    assert isinstance(head, Head)
    literals = sum(isinstance(e, Literal_) for e in elements)
    slots = sum(isinstance(e, Slot) for e in elements)
    return Pattern(head, tuple(elements[:at]), tuple(elements[at + 1 :]), 2 * literals + slots + len(head.words))


class VerbEntry(_Entry):
    """An event pattern: ``CODE | PATTERN | OPTIONS``."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
    code: str
    pattern_text: str
    pattern: Pattern
    id: str

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code != "---" and code not in cameo_codes():
            raise ValueError(f"{code!r} is not a CAMEO event code (use the code table; '---' for no event)")
        return code


class DiscardEntry(_Entry):
    """A phrase that marks a sentence as out of scope: ``PHRASE | OPTIONS``."""

    phrase: str
    kind: str | None = None


Entry = ActorEntry | AgentEntry | VerbEntry | DiscardEntry


def expand_word(word: str) -> list[str]:
    """Expand the plural shorthand: ``soldier(s)`` → soldier, soldiers."""
    for suffix in ("(s)", "(es)"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            return [stem, stem + suffix[1:-1]]
    return [word]


def expand_phrase(phrase: str) -> list[str]:
    """Expand every ``(s)`` word of a phrase into all combinations."""
    variants = [""]
    for word in phrase.split():
        variants = [f"{v} {w}".strip() for v in variants for w in expand_word(word)]
    return variants


def dictionary_kind(path: Path) -> str:
    """The kind of a dictionary file, from its suffix; raise DictionaryError when unknown."""
    kind = path.suffix.lstrip(".")
    if kind not in KINDS:
        raise DictionaryError(str(path), 0, f"unknown dictionary suffix {path.suffix!r}; use one of .{', .'.join(KINDS)}")
    return kind


def _split_list(field_text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in field_text.split(";") if item.strip())


def _options(text: str, allowed: set[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in text.split():
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise ValueError(f"option {item!r} must be key=value")
        if key not in allowed:
            raise ValueError(f"unknown option {key!r} (allowed: {', '.join(sorted(allowed))})")
        options[key] = value
    return options


def _dated_codes(text: str) -> tuple[DatedCode, ...]:
    codes = []
    for item in _split_list(text):
        match = _DATED_RE.match(item)
        if not match:
            raise ValueError(f"code {item!r} must be CODE or CODE@YYYY-MM-DD..YYYY-MM-DD")
        codes.append(
            DatedCode(
                code=match["code"],
                start=date.fromisoformat(match["start"]) if match["start"] else None,
                end=date.fromisoformat(match["end"]) if match["end"] else None,
            )
        )
    return tuple(codes)


def _parse_line(kind: str, fields: list[str], origin: str) -> Entry:
    if kind == "actors":
        if not 2 <= len(fields) <= 4:
            raise ValueError("an actor line is NAME | CODES | ALIASES | OPTIONS")
        fields += [""] * (4 - len(fields))
        opts = _options(fields[3], {"kind", "country"})
        return ActorEntry(
            origin=origin, name=fields[0], codes=_dated_codes(fields[1]), aliases=_split_list(fields[2]), **opts
        )  # type: ignore[arg-type]
    if kind == "agents":
        if not 2 <= len(fields) <= 3:
            raise ValueError("an agent line is ROLES | PHRASES | OPTIONS")
        opts = _options(fields[2] if len(fields) == 3 else "", {"primary"})
        return AgentEntry(
            origin=origin, roles=fields[0], phrases=_split_list(fields[1]), primary=opts.get("primary") == "yes"
        )
    if kind == "verbs":
        if not 2 <= len(fields) <= 3:
            raise ValueError("a verb line is CODE | PATTERN | OPTIONS")
        opts = _options(fields[2] if len(fields) == 3 else "", {"id"})
        return VerbEntry(
            origin=origin,
            code=fields[0],
            pattern_text=fields[1],
            pattern=parse_pattern(fields[1]),
            id=opts.get("id", origin),
        )
    if not 1 <= len(fields) <= 2:
        raise ValueError("a discard line is PHRASE | OPTIONS")
    opts = _options(fields[1] if len(fields) == 2 else "", {"kind"})
    return DiscardEntry(origin=origin, phrase=fields[0], **opts)


def parse_dictionary_text(text: str, *, kind: str, name: str) -> tuple[list[Entry], list[DictionaryError]]:
    """Parse the text of one dictionary file.

    Parameters
    ----------
    text
        The file's content.
    kind
        ``actors``, ``agents``, ``verbs`` or ``discards``.
    name
        The file name used in origins and error messages.

    Returns
    -------
    tuple[list[Entry], list[DictionaryError]]
        The valid entries, and one error per bad line (the other lines are still read).
    """
    entries: list[Entry] = []
    problems: list[DictionaryError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if kind != "verbs" else _strip_comment(raw)
        if not line:
            continue
        fields = [f.strip() for f in line.split("|")] if kind != "verbs" else _verb_fields(line)
        try:
            entries.append(_parse_line(kind, fields, f"{name}:{number}"))
        except ValidationError as exc:
            reason = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
            problems.append(DictionaryError(name, number, reason))
        except ValueError as exc:
            problems.append(DictionaryError(name, number, str(exc)))
    return entries, problems


def _strip_comment(raw: str) -> str:
    return raw.split("#", 1)[0].strip()


def _verb_fields(line: str) -> list[str]:
    """Split a verb line: the pattern field may itself hold ``a|b`` alternatives."""
    code, sep, rest = line.partition(" | ")
    if not sep:
        code, sep, rest = line.partition("|")
    pattern, _, options = rest.rpartition(" | ")
    if not pattern:
        return [code.strip(), rest.strip()]
    return [code.strip(), pattern.strip(), options.strip()]


@dataclass(frozen=True)
class Dictionary:
    """Every entry of a coder's dictionaries, in load order (later entries override earlier ones)."""

    actors: tuple[ActorEntry, ...]
    agents: tuple[AgentEntry, ...]
    verbs: tuple[VerbEntry, ...]
    discards: tuple[DiscardEntry, ...]
    files: tuple[str, ...]
    digest: str

    @property
    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "actors": len(self.actors),
            "actor_phrases": sum(len(a.phrases) for a in self.actors),
            "agents": len(self.agents),
            "agent_phrases": sum(len(a.phrases) for a in self.agents),
            "patterns": len(self.verbs),
            "discards": len(self.discards),
        }


def default_dictionary_files() -> list[Path]:
    """The shipped default dictionary files, sorted by name."""
    folder = resources.files("eventcode.dictionaries")
    return sorted(
        (Path(str(p)) for p in folder.iterdir() if p.name.rsplit(".", 1)[-1] in KINDS),
        key=lambda p: p.name,
    )


def dictionary_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the dictionary files they hold; files are kept as given."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lstrip(".") in KINDS))
        elif path.is_file():
            files.append(path)
        else:
            raise DictionaryError(str(path), 0, "no such dictionary file or folder")
    return files


def check_dictionary_files(files: Sequence[Path]) -> tuple[list[Entry], list[DictionaryError]]:
    """Parse files and return all entries and all problems (nothing raised for bad lines)."""
    entries: list[Entry] = []
    problems: list[DictionaryError] = []
    for path in files:
        try:
            kind = dictionary_kind(path)
            text = path.read_text(encoding="utf-8")
        except DictionaryError as exc:
            problems.append(exc)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(DictionaryError(str(path), 0, f"cannot read the file: {exc}"))
            continue
        found, bad = parse_dictionary_text(text, kind=kind, name=path.name)
        entries.extend(found)
        problems.extend(bad)
    return entries, problems


def load_dictionary(paths: Sequence[str | Path] = (), *, defaults: bool = True) -> Dictionary:
    """Load the default dictionaries and any user dictionaries (which extend or override them).

    Parameters
    ----------
    paths
        User dictionary files or folders, loaded after the defaults.
    defaults
        Load the shipped default dictionaries first.

    Returns
    -------
    Dictionary

    Raises
    ------
    DictionaryError
        When any line of any file is invalid; the message lists file:line and reason of each.
    """
    files = (default_dictionary_files() if defaults else []) + dictionary_files(paths)
    entries, problems = check_dictionary_files(files)
    if problems:
        shown = "\n  ".join(str(p) for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise DictionaryError(problems[0].path, problems[0].line, f"{len(problems)} bad line(s):\n  {shown}{more}")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return Dictionary(
        actors=tuple(e for e in entries if isinstance(e, ActorEntry)),
        agents=tuple(e for e in entries if isinstance(e, AgentEntry)),
        verbs=tuple(e for e in entries if isinstance(e, VerbEntry)),
        discards=tuple(e for e in entries if isinstance(e, DiscardEntry)),
        files=tuple(str(p) for p in files),
        digest=digest.hexdigest()[:16],
    )
