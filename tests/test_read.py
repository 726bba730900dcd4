from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from eventcode.read import read_documents

from .conftest import ROOT


def test_seed_date_marker_is_the_article_date_not_text() -> None:
    docs = list(read_documents(ROOT / "seeds"))
    assert [d.doc_id for d in docs] == ["000_54ac2f547ab6c537", "003_df598126f2fa4fa7"]
    assert docs[0].doc_date == date(2024, 2, 2)
    assert "date 2024" not in docs[0].text
    assert docs[1].doc_date is None


def test_default_date_only_fills_undated_articles() -> None:
    docs = list(read_documents(ROOT / "seeds", default_date=date(2020, 1, 1)))
    assert [d.doc_date for d in docs] == [date(2024, 2, 2), date(2020, 1, 1)]


def test_markdown_links_become_their_text(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Strikes [killed three US service members](#) in Jordan.", encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    assert doc.text == "Strikes killed three US service members in Jordan."


def test_jsonl_and_csv_records_with_errors_named_by_line(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a", "text": "Iran denied it.", "date": "2024-02-02", "url": "http://x", "lang": "en"})
        + "\n{not json\n"
        + json.dumps({"id": "c", "text": "", "date": "2024-02-02"})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "feed2.csv").write_text("id,text,date\nb,Iraq protested.,2024-01-01\nd,too,many,fields\n", encoding="utf-8")
    docs = {d.doc_id: d for d in read_documents(tmp_path)}
    assert docs["a"].ok and docs["a"].url == "http://x" and docs["a"].doc_date == date(2024, 2, 2)
    assert docs["b"].ok and docs["b"].text == "Iraq protested."
    assert "feed.jsonl:2" in (docs["feed:2"].error or "")
    assert "feed.jsonl:3" in (docs["c"].error or "") and "'text'" in (docs["c"].error or "")
    assert "feed2.csv:3" in (docs["feed2:3"].error or "")


def test_bad_bytes_become_error_documents(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("Iran denied it.".encode("utf-16"))
    docs = {d.doc_id: d for d in read_documents(tmp_path)}
    assert "binary" in (docs["bin"].error or "")
    assert "UTF-8" in (docs["latin"].error or "")
    assert docs["utf16"].ok and docs["utf16"].text == "Iran denied it."


def test_stdin(monkeypatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"Iran denied it.")

    monkeypatch.setattr("sys.stdin", Stdin())
    (doc,) = read_documents("-", default_date=date(2024, 2, 2))
    assert doc.text == "Iran denied it." and doc.doc_date == date(2024, 2, 2)


def test_missing_path_is_an_error_document(tmp_path: Path) -> None:
    (doc,) = read_documents(tmp_path / "nope.txt")
    assert not doc.ok and "no such file" in (doc.error or "")


def test_related_story_teasers_are_not_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Forces struck targets. (RELATED: Militant Group Says It Attacked US Troops) Iran denied it.", encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    assert "RELATED" not in doc.text and "Militant" not in doc.text
    original = "Forces struck targets. (RELATED: Militant Group Says It Attacked US Troops) Iran denied it."
    assert doc.text.index("Iran") == original.index("Iran")  # blanked, so offsets still match the file


def test_a_jsonl_line_that_is_not_utf8_fails_alone(tmp_path) -> None:
    from eventcode.read import read_documents

    good = b'{"id": "a", "text": "Iran met Iraq.", "date": "2024-02-02"}\n'
    (tmp_path / "feed.jsonl").write_bytes(good + b'{"id": "b", "text": "Caf\xe9"}\n' + good.replace(b'"a"', b'"c"'))
    docs = {d.doc_id: d for d in read_documents(tmp_path / "feed.jsonl")}
    assert docs["a"].ok and docs["c"].ok
    assert "feed.jsonl:2: not valid UTF-8" in (docs["feed:2"].error or "")


def test_jsonl_records_are_streamed_not_read_whole(tmp_path) -> None:
    """The first record is coded before the file ends (a pipe here), so memory does not hold the file."""
    import os
    import threading

    from eventcode.read import read_documents

    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    first_seen = threading.Event()

    def write() -> None:
        with fifo.open("wb") as pipe:
            pipe.write(b'{"id": "a", "text": "Iran met Iraq."}\n')
            pipe.flush()
            first_seen.wait(timeout=10)
            pipe.write(b'{"id": "b", "text": "Iraq met Iran."}\n')

    writer = threading.Thread(target=write)
    writer.start()
    documents = read_documents(fifo)
    first = next(documents)
    streamed = writer.is_alive()  # the writer still holds the pipe open: the file has not ended
    first_seen.set()
    rest = list(documents)
    writer.join()
    assert first.doc_id == "a" and streamed
    assert [d.doc_id for d in rest] == ["b"]


def test_jsonl_on_stdin_is_streamed(monkeypatch) -> None:
    import io
    import types

    from eventcode.read import read_documents

    class Pipe(io.RawIOBase):
        """A pipe that holds one record until the test lets the second through."""

        def __init__(self) -> None:
            self.chunks = [b'{"id": "a", "text": "Iran met Iraq."}\n', b'{"id": "b", "text": "Iraq met Iran."}\n']
            self.given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            if self.given >= 1 and not released:
                raise AssertionError("stdin was read past the first record before it was coded")
            if self.given >= len(self.chunks):
                return 0
            chunk = self.chunks[self.given]
            self.given += 1
            buffer[: len(chunk)] = chunk
            return len(chunk)

    released = False
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BufferedReader(Pipe())))
    documents = read_documents("-")
    first = next(documents)
    released = True
    assert first.doc_id == "a"
    assert [d.doc_id for d in documents] == ["b"]
