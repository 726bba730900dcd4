"""Reading articles: .txt/.md files, .jsonl and .csv records, folders and standard input.

A document that cannot be read is yielded as a ``Document`` carrying its ``error`` (file, line and
problem), never raised: one bad input must not take the others down.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv"})
RECORD_FIELDS = ("id", "text", "date", "title", "url", "source")

_DATE_MARKER = re.compile(r"^\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TEASER = re.compile(r"\((?:RELATED|READ MORE|SEE ALSO|WATCH|READ)\s*:[^)]*\)", re.IGNORECASE)
_MD_NOISE = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+)", re.MULTILINE)


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

    @property
    def ok(self) -> bool:
        return self.error is None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_text(raw: str) -> tuple[str, date | None]:
    """Strip a leading ``date YYYY-MM-DD`` marker and markdown links; return (text, marker date)."""
    marker_date = None
    match = _DATE_MARKER.match(raw)
    if match:
        marker_date = date.fromisoformat(match.group(1))
        # Keep offsets meaningful: the marker is replaced by spaces of the same length.
        raw = " " * match.end() + raw[match.end() :]
    text = _MD_LINK.sub(lambda m: m.group(1), raw)
    text = _MD_NOISE.sub("", text)
    # "(RELATED: Headline Of Another Story)" teasers are not the article's text.
    text = _TEASER.sub(lambda m: " " * len(m.group()), text)
    return text.replace("\r\n", "\n").replace("\r", "\n"), marker_date


def decode(data: bytes, where: str) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); raise ValueError naming ``where`` otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{where}: has a UTF-16 byte-order mark but is not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        raise ValueError(f"{where}: binary file (NUL bytes); pass text files only")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{where}: not valid UTF-8 at byte {exc.start}; re-encode the file as UTF-8") from None


def _parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{where}: field 'date': {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _text_document(path: Path, data: bytes, default_date: date | None) -> Document:
    where = str(path)
    try:
        text, marker_date = clean_text(decode(data, where))
    except ValueError as exc:
        return Document(doc_id=path.stem, text="", path=where, error=str(exc))
    if not text.strip():
        return Document(doc_id=path.stem, text="", path=where, error=f"{where}: empty document")
    return Document(
        doc_id=path.stem, text=text, doc_date=marker_date or default_date, path=where, sha256=_sha(text)
    )


def _record_document(record: dict[str, object], where: str, fallback_id: str, default_date: date | None) -> Document:
    # Fields other than RECORD_FIELDS (a gold set's "events", a feed's metadata) are ignored.
    doc_id = str(record.get("id") or fallback_id)
    try:
        raw_text = record.get("text")
        if not isinstance(raw_text, str) or not raw_text.strip():
            raise ValueError(f"{where}: field 'text' is missing or empty")
        text, marker_date = clean_text(raw_text)
        doc_date = _parse_date(record.get("date"), where) or marker_date or default_date
    except ValueError as exc:
        return Document(doc_id=doc_id, text="", path=where, error=str(exc))

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
        path=where.rsplit(":", 1)[0],
        sha256=_sha(text),
    )


def _jsonl_documents(path: Path, text: str, default_date: date | None) -> Iterator[Document]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must be a JSON object")
        except ValueError as exc:
            yield Document(doc_id=f"{path.stem}:{number}", text="", path=str(path), error=f"{where}: invalid JSON: {exc}")
            continue
        yield _record_document(record, where, f"{path.stem}:{number}", default_date)


def _csv_documents(path: Path, text: str, default_date: date | None) -> Iterator[Document]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: empty CSV file")
        return
    header = [h.strip() for h in header]
    if "text" not in header:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}:1: CSV header has no 'text' column")
        return
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}:{number}"
        if len(row) != len(header):
            yield Document(
                doc_id=f"{path.stem}:{number}",
                text="",
                path=str(path),
                error=f"{where}: {len(row)} fields where the header has {len(header)}",
            )
            continue
        yield _record_document(dict(zip(header, row, strict=True)), where, f"{path.stem}:{number}", default_date)


def _file_documents(path: Path, default_date: date | None) -> Iterator[Document]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Document(doc_id=path.stem, text="", path=str(path), error=f"{path}: cannot read: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        try:
            text = decode(data, str(path))
        except ValueError as exc:
            yield Document(doc_id=path.stem, text="", path=str(path), error=str(exc))
            return
        reader = _jsonl_documents if suffix in {".jsonl", ".ndjson"} else _csv_documents
        yield from reader(path, text, default_date)
    else:
        yield _text_document(path, data, default_date)


def _folder_files(folder: Path) -> list[Path]:
    """Input files under a folder, sorted, following no symlink loops."""
    files: list[Path] = []
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            real = current.resolve()
        except (OSError, RuntimeError):
            continue
        if real in seen:
            continue
        seen.add(real)
        try:
            children = sorted(current.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            if child.is_dir():
                stack.append(child)
            elif child.suffix.lower() in TEXT_SUFFIXES | RECORD_SUFFIXES:
                files.append(child)
    return sorted(files)


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
    for item in sources:
        if str(item) == "-":
            yield from _stdin_documents(default_date)
            continue
        path = Path(item)
        if path.is_dir():
            for file in _folder_files(path):
                yield from _file_documents(file, default_date)
        elif path.exists():
            yield from _file_documents(path, default_date)
        else:
            yield Document(doc_id=path.stem or str(path), text="", path=str(path), error=f"{path}: no such file or folder")


def _stdin_documents(default_date: date | None) -> Iterator[Document]:
    data = sys.stdin.buffer.read()
    try:
        text = decode(data, "<stdin>")
    except ValueError as exc:
        yield Document(doc_id="stdin", text="", path="<stdin>", error=str(exc))
        return
    if text.lstrip().startswith("{"):
        yield from _jsonl_documents(Path("stdin"), text, default_date)
    else:
        yield _text_document(Path("stdin"), data, default_date)
