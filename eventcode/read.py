"""Reading articles: .txt/.md files, .jsonl and .csv records, folders and standard input.

A document that cannot be read is yielded as a ``Document`` carrying its ``error`` (file, line and
problem), never raised: one bad input must not take the others down. Empty files, binary files,
text that is not UTF-8 (or UTF-16 with a byte-order mark), malformed JSONL lines, CSV rows with
missing or extra fields and record dates that are impossible or ambiguous (``02/03/2024``) are all
reported this way.

Document ids are the file stem or the record's ``id`` and must be unique in a run: they are the key
researchers join back to their articles, so they are never silently rewritten. A repeated id is
reported instead: the first document with the id (in reading order: sources as given, folders
sorted by path) is coded, and each later one becomes an error document with the id ``ID#2``
(``ID#3``, ...) whose error names the file where the id was first seen. It is not coded, so a
feed read twice does not count its events twice.

Light cleaning keeps offsets meaningful for the text as coded: markdown links become their text,
markdown markers at line starts are dropped, and HTML residue (tags, character references) is
turned into plain text. Every pattern is bounded, so no input makes cleaning slower than linear.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO, TextIO

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
RECORD_FIELDS = ("id", "text", "date", "title", "url", "source")

_DATE_MARKER = re.compile(r"^\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
# Linear on any input: a match cannot run past the next opening bracket, and repeats are bounded
# (an unbounded ``[^\]]*`` made a text full of "[" quadratic to clean).
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,500})\]\([^()\s]{0,2000}\)")
_MD_NOISE = re.compile(r"^(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)", re.MULTILINE)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|table|section|article|header|footer|blockquote)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,500}>|<![^<>]{0,500}>")
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.,+\-Z]*)?")
_NUMERIC_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})")  # 02/03/2024: which is the month?
# "(RELATED: Headline Of Another Story)" teasers are not the article's text (bounded: linear).
_TEASER = re.compile(r"\((?:RELATED|READ MORE|SEE ALSO|WATCH|READ)\s*:[^()\n]{0,500}\)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text (as coded), date and provenance; ``error`` is set when it could not be read."""

    doc_id: str
    text: str
    doc_date: date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    sha256: str = ""
    error: str | None = None
    line: int | None = None  # 1-based line of a JSONL/CSV record in its file

    @property
    def where(self) -> str:
        """The file (and line) the document came from, for messages."""
        place = self.path or self.doc_id
        return f"{place}:{self.line}" if self.line is not None else place

    @property
    def ok(self) -> bool:
        return self.error is None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_text(raw: str) -> tuple[str, date | None]:
    """Strip a leading ``date YYYY-MM-DD`` marker, markdown links and HTML residue.

    Returns
    -------
    tuple[str, date | None]
        The text as coded and the marker's date.

    Raises
    ------
    ValueError
        When the marker's date does not exist (``date 2024-02-30``).
    """
    marker_date = None
    match = _DATE_MARKER.match(raw)
    if match:
        try:
            marker_date = date.fromisoformat(match.group(1))
        except ValueError:
            raise ValueError(
                f"date marker {match.group(1)!r} is not a valid date; write the article date as 'date YYYY-MM-DD'"
            ) from None
        # Keep offsets meaningful: the marker is replaced by spaces of the same length.
        raw = " " * match.end() + raw[match.end() :]
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    # Each rule runs only when the characters it needs are there (most news text has no HTML).
    if "<" in text:
        text = _HTML_BLOCK_TAG.sub("\n\n", text)
        text = _HTML_TAG.sub(" ", text)
    if "&" in text:
        text = _HTML_ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "](" in text:
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_NOISE.sub("", text)
    # "(RELATED: Headline Of Another Story)" teasers are blanked, keeping offsets.
    if "(" in text and ":" in text:
        text = _TEASER.sub(lambda m: " " * len(m.group()), text)
    return text, marker_date


def decode(data: bytes, where: str) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); raise ValueError naming ``where`` otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{where}: has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise ValueError(
            f"{where}: binary file (NUL bytes); pass text files only "
            "(UTF-16 text needs a byte-order mark, or re-encode it as UTF-8)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{where}: not valid UTF-8 at byte {exc.start}; re-encode the file as UTF-8") from None


def parse_record_date(value: object, where: str) -> date | None:
    """The ``date`` field of a record: ``YYYY-MM-DD``, optionally followed by a time.

    Numeric dates in other orders are rejected, never guessed: ``02/03/2024`` is 2 March in one
    country and 3 February in another.

    Raises
    ------
    ValueError
        Naming ``where`` (file and line), the field, the value and the fix.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        if _NUMERIC_DATE.fullmatch(text):
            reason = "is ambiguous (day and month order unknown)"
        else:
            reason = "is not an ISO date"
        raise ValueError(f"{where}: field 'date': {value!r} {reason}; write it as YYYY-MM-DD")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError as exc:
        raise ValueError(f"{where}: field 'date': {value!r} is not a valid date ({exc}); write it as YYYY-MM-DD") from None


def _text_document(path: Path, data: bytes, default_date: date | None) -> Document:
    where = str(path)
    try:
        text, marker_date = clean_text(decode(data, where))
    except ValueError as exc:
        message = str(exc) if str(exc).startswith(where) else f"{where}: {exc}"
        return Document(doc_id=path.stem, text="", path=where, error=message)
    if not text.strip():
        return Document(doc_id=path.stem, text="", path=where, error=f"{where}: empty document")
    return Document(
        doc_id=path.stem, text=text, doc_date=marker_date or default_date, path=where, sha256=_sha(text)
    )


def _record_document(
    record: dict[str, object], path: Path, line: int, fallback_id: str, default_date: date | None
) -> Document:
    where = f"{path}:{line}"
    # Fields other than RECORD_FIELDS (a gold set's "events", a feed's metadata) are ignored.
    raw_id = record.get("id")
    doc_id = str(raw_id).strip() if raw_id not in (None, "") and str(raw_id).strip() else fallback_id
    try:
        raw_text = record.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise ValueError(f"{where}: field 'text' is missing or empty")
        record_date = parse_record_date(record.get("date"), where)
        try:
            text, marker_date = clean_text(raw_text)
        except ValueError as exc:
            raise ValueError(f"{where}: field 'text': {exc}") from None
        doc_date = record_date or marker_date or default_date
    except ValueError as exc:
        return Document(doc_id=doc_id, text="", path=str(path), error=str(exc), line=line)

    def opt(key: str) -> str | None:
        value = record.get(key)
        return str(value) if value not in (None, "") else None

    return Document(
        doc_id=doc_id,
        text=text,
        doc_date=doc_date,
        title=opt("title"),
        url=opt("url"),
        source=opt("source"),
        path=str(path),
        sha256=_sha(text),
        line=line,
    )


def _line_error(path: Path, number: int, message: str) -> Document:
    """The error document of one line of a record file: ``file:line: message``."""
    return Document(doc_id=f"{path.stem}:{number}", text="", path=str(path), error=f"{path}:{number}: {message}", line=number)


def _jsonl_documents(path: Path, lines: Iterable[tuple[int, str | ValueError]], default_date: date | None) -> Iterator[Document]:
    """Documents of a JSONL file's numbered lines (a line that could not be decoded is its error)."""
    records = 0
    for number, line in lines:
        if isinstance(line, ValueError):
            records += 1
            yield _line_error(path, number, str(line))
            continue
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must be a JSON object")
        except (ValueError, RecursionError) as exc:
            yield _line_error(path, number, f"invalid JSON: {exc}; write one JSON object per line")
            continue
        yield _record_document(record, path, number, f"{path.stem}:{number}", default_date)
    if not records:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: no records (the JSONL file is empty)")


def _text_lines(text: str) -> Iterator[tuple[int, str | ValueError]]:
    """Numbered lines of a decoded text. Split on line ends only: str.splitlines() also splits on
    characters JSON strings may hold raw."""
    yield from enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1)


def _utf8_lines(handle: BinaryIO) -> Iterator[tuple[int, str | ValueError]]:
    """Numbered lines of a UTF-8 file, read one at a time (a corpus file may be larger than memory);
    a line that is not UTF-8 comes as the error that names it, and the lines after it still count."""
    number = 0
    for raw in handle:
        if number == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        raw = raw[:-1] if raw.endswith(b"\n") else raw
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        for piece in raw.split(b"\r"):  # a lone CR (old Mac files) ends a line too
            number += 1
            try:
                yield number, piece.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, ValueError(f"not valid UTF-8 at byte {exc.start} of the line; re-encode the file as UTF-8")


def _csv_documents(path: Path, stream: TextIO, default_date: date | None) -> Iterator[Document]:
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
        if header is None:
            yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: empty CSV file")
            return
        header = [h.strip() for h in header]
        if "text" not in header:
            yield Document(
                doc_id=path.stem, text="", path=str(path), error=f"{path}:1: CSV header has no 'text' column", line=1
            )
            return
        if len(set(header)) != len(header):
            yield Document(
                doc_id=path.stem, text="", path=str(path), error=f"{path}:1: CSV header repeats a column name", line=1
            )
            return
        records = 0
        while True:
            number = reader.line_num + 1  # the line the record starts on (a quoted cell may span lines)
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            records += 1
            fallback_id = f"{path.stem}:{number}"
            if len(row) != len(header):
                yield _line_error(path, number, f"{len(row)} fields where the header has {len(header)}; quote cells that hold commas")
                continue
            yield _record_document(dict(zip(header, row, strict=True)), path, number, fallback_id, default_date)
    except csv.Error as exc:
        yield _line_error(path, reader.line_num, f"malformed CSV ({exc}); the rest of the file is not read")
        return
    except UnicodeDecodeError:
        message = "not valid UTF-8 (at or after this line); re-encode the file as UTF-8; the rest of the file is not read"
        yield _line_error(path, reader.line_num + 1, message)
        return
    if not records:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: no records (the CSV file has only a header)")


def _file_documents(path: Path, default_date: date | None) -> Iterator[Document]:
    if path.suffix.lower() in RECORD_SUFFIXES:
        yield from _record_file_documents(path, default_date)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    yield _text_document(path, data, default_date)


def _record_file_documents(path: Path, default_date: date | None) -> Iterator[Document]:
    """The records of a JSONL or CSV file, streamed: a file of any size is read a line at a time."""
    jsonl = path.suffix.lower() in {".jsonl", ".ndjson"}
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    with handle:
        try:
            head = handle.peek(4096)[:4096]  # not consumed (a pipe cannot seek back)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
                # UTF-16 (or binary, which decode rejects): decoded whole, as a text file is.
                text = decode(handle.read(), str(path))
                source: Iterable[tuple[int, str | ValueError]] | TextIO = _text_lines(text) if jsonl else io.StringIO(text, newline="")
            else:
                source = _utf8_lines(handle) if jsonl else io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            if jsonl:
                yield from _jsonl_documents(path, source, default_date)  # type: ignore[arg-type]
            else:
                yield from _csv_documents(path, source, default_date)  # type: ignore[arg-type]
        except ValueError as exc:
            yield Document(doc_id=path.stem, text="", path=str(path), error=str(exc))
        except OSError as exc:
            yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: cannot read: {exc.strerror or exc}")


def _folder_files(folder: Path) -> list[tuple[Path, str | None]]:
    """Input files under a folder, sorted by path, each with the problem that hides it (or None).

    Symlinked folders are followed once (a loop is not followed again); hidden files and folders
    (``.name``) are skipped; a folder that cannot be listed is reported, not skipped.
    """
    files: list[tuple[Path, str | None]] = []
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            real = current.resolve()
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
            files.append((current, f"{current}: cannot resolve the folder: {exc}"))
            continue
        if real in seen:
            continue
        seen.add(real)
        try:
            children = sorted(current.iterdir())
        except OSError as exc:
            files.append((current, f"{current}: cannot list the folder: {exc.strerror or exc}; check its permissions"))
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            if child.is_dir():
                stack.append(child)
            elif child.suffix.lower() in TEXT_SUFFIXES | RECORD_SUFFIXES:
                files.append((child, None))
    return sorted(files, key=lambda item: item[0])


def read_documents(
    source: str | Path | Iterable[str | Path], *, default_date: date | None = None
) -> Iterator[Document]:
    """Read articles from files, folders (recursively) or ``-`` (standard input, plain text or JSONL).

    Parameters
    ----------
    source
        A path, ``-``, or several of them.
    default_date
        The date of documents that carry none (``--date``).

    Yields
    ------
    Document
        In input order (folders sorted by path). Unreadable inputs are yielded with ``error`` set.
    """
    sources = [source] if isinstance(source, str | Path) else list(source)
    yield from unique_doc_ids(_source_documents(sources, default_date))


def unique_doc_ids(documents: Iterable[Document]) -> Iterator[Document]:
    """Pass documents through, turning each repeat of an id into an error document ``ID#2``.

    Parameters
    ----------
    documents
        Documents in reading order.

    Yields
    ------
    Document
        The first document with each id unchanged; later ones renamed, with ``error`` saying where
        the id was first seen (see the module docstring).
    """
    ids = DocIds()
    for document in documents:
        yield ids.claim(document)


@dataclass(slots=True)
class DocIds:
    """The document ids of one run, with where each was first seen; renames repeats."""

    first_seen: dict[str, str] = field(default_factory=dict)
    repeats: dict[str, int] = field(default_factory=dict)

    def claim(self, document: Document) -> Document:
        """Register the document's id, or rename a repeat.

        Returns
        -------
        Document
            The document itself when its id is new, else an error document ``ID#n`` (``n`` from 2)
            that keeps its provenance and hash but is not coded.
        """
        if document.doc_id not in self.first_seen:
            self.first_seen[document.doc_id] = document.where
            return document
        n = self.repeats.get(document.doc_id, 1) + 1
        while f"{document.doc_id}#{n}" in self.first_seen:
            n += 1
        self.repeats[document.doc_id] = n
        new_id = f"{document.doc_id}#{n}"
        self.first_seen[new_id] = document.where
        problem = (
            f"duplicate doc_id {document.doc_id!r}, first seen in {self.first_seen[document.doc_id]}; give each "
            f"document a unique id (rename the file or set the record's 'id'); listed as {new_id!r} and not coded"
        )
        error = f"{document.where}: {problem}" if document.ok else f"{document.error}; also {problem}"
        return replace(document, doc_id=new_id, text="", error=error)


def _source_documents(sources: list[str | Path], default_date: date | None) -> Iterator[Document]:
    for item in sources:
        if str(item) == "-":
            yield from _stdin_documents(default_date)
            continue
        path = Path(item)
        if path.is_dir():
            for file, problem in _folder_files(path):
                if problem is None:
                    yield from _file_documents(file, default_date)
                else:
                    yield Document(doc_id=file.name or str(file), text="", path=str(file), error=problem)
        elif path.exists():
            yield from _file_documents(path, default_date)
        else:
            yield Document(doc_id=path.stem or str(path), text="", path=str(path), error=f"{path}: no such file or folder")


def _stdin_documents(default_date: date | None) -> Iterator[Document]:
    stream = sys.stdin.buffer
    if hasattr(stream, "peek"):  # a pipe or file: JSONL records are streamed, as from a file
        head = stream.peek(4096)[:4096]
        start = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
        if start.lstrip().startswith(b"{") and b"\x00" not in head:
            yield from _jsonl_documents(Path("stdin"), _utf8_lines(stream), default_date)
            return
    data = stream.read()
    try:
        text = decode(data, "<stdin>")
    except ValueError as exc:
        yield Document(doc_id="stdin", text="", path="<stdin>", error=str(exc))
        return
    if text.lstrip().startswith("{"):
        yield from _jsonl_documents(Path("stdin"), _text_lines(text), default_date)
    else:
        yield _text_document(Path("stdin"), data, default_date)
