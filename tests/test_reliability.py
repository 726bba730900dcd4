"""Bad input never costs good data; output is deterministic; degenerate input stays linear.

The bad-input corpus is generated in tmp_path by ``bad_corpus``; nothing large is committed.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from eventcode.cli import EXIT_SOME_FAILED, main
from eventcode.coder import DocumentResult
from eventcode.dataset import Dataset, build_dataset
from eventcode.read import Document, read_documents
from eventcode.segment import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS, split_sentences
from eventcode.validate import validate_dataset
from eventcode.when import find_dates
from eventcode.write import write_dataset

from .conftest import MINI, MINI_CORPUS, ROOT, write_corpus

GOOD_CORPUS = {name: text for name, text in MINI_CORPUS.items() if name != "feed.jsonl"} | {
    "feed.jsonl": json.dumps({"id": "d", "text": "Germany met Jordan.", "date": "2024-01-30"}) + "\n",
}
MINI_OPTIONS = ["--no-default-dictionaries", "--dictionary", str(MINI)]

# name -> (content, what the error must say, the line it must name or None)
BAD_CORPUS: dict[str, tuple[str | bytes, str, int | None]] = {
    "empty.txt": (b"", "empty document", None),
    "blank.md": (" \r\n\t\n  \n", "empty document", None),
    "binary.txt": (bytes(range(256)) * 8, "binary file", None),
    "latin1.txt": ("Caf\xe9 au lait in M\xfcnchen.".encode("latin-1"), "not valid UTF-8 at byte 3", None),
    "utf16-no-bom.txt": ("Iran met Iraq.".encode("utf-16-le"), "UTF-16 text needs a byte-order mark", None),
    "broken-utf16.txt": (codecs.BOM_UTF16_LE + b"I\x00r\x00\x00\xd8", "not valid UTF-16", None),
    "impossible-marker.txt": ("date 2024-02-30 Iran met Iraq.", "date marker '2024-02-30' is not a valid date", None),
    "empty.jsonl": (b"\n\n", "no records", None),
    "only-header.csv": ("id,text,date\n", "no records", None),
    "no-text-column.csv": ("id,body\nx,Iran met Iraq.\n", "CSV header has no 'text' column", 1),
    "records.jsonl": (
        "\n".join(
            [
                "{not json",
                "[1, 2]",
                json.dumps({"id": "r-empty", "text": " "}),
                json.dumps({"id": "r-feb30", "text": "Iran met Iraq.", "date": "2024-02-30"}),
                json.dumps({"id": "r-ambiguous", "text": "Iran met Iraq.", "date": "02/03/2024"}),
                json.dumps({"id": "r-trailing", "text": "Iran met Iraq.", "date": "2024-02-021"}),
                json.dumps({"id": "r-number", "text": 42}),
                "[" * 100_000 + "]" * 100_000,
                json.dumps({"id": "r-marker", "text": "date 2024-13-01 Iran met Iraq."}),
            ]
        ),
        "",  # each line is checked below
        None,
    ),
    "rows.csv": (
        "id,text,date\r\nc-missing,Iran met Iraq.\r\nc-extra,Iran met Iraq.,2024-02-02,surplus\r\n"
        'c-ambiguous,"Iran met\r\nIraq.",3/4/2024\r\nc-feb30,Iran met Iraq.,2024-02-30\r\n',
        "",
        None,
    ),
    # Same stem as a.txt of the good corpus, in a folder sorted after it.
    "zz/a.txt": ("date 2024-02-02 A different article with the same name.", "duplicate doc_id 'a', first seen in", None),
}
RECORD_ERRORS = {
    "records.jsonl": [
        (1, "invalid JSON"),
        (2, "a line must be a JSON object"),
        (3, "field 'text' is missing or empty"),
        (4, "field 'date': '2024-02-30' is not a valid date"),
        (5, "field 'date': '02/03/2024' is ambiguous (day and month order unknown); write it as YYYY-MM-DD"),
        (6, "field 'date': '2024-02-021' is not an ISO date"),
        (7, "field 'text' is missing or empty"),
        (8, "invalid JSON"),
        (9, "field 'text': date marker '2024-13-01' is not a valid date"),
    ],
    "rows.csv": [
        (2, "2 fields where the header has 3"),
        (3, "4 fields where the header has 3"),
        (4, "field 'date': '3/4/2024' is ambiguous"),
        (6, "field 'date': '2024-02-30' is not a valid date"),
    ],
}


def bad_corpus(folder: Path) -> Path:
    """Write ``BAD_CORPUS`` into ``folder`` (beside whatever is there)."""
    return write_corpus(folder, {name: content for name, (content, _, _) in BAD_CORPUS.items()})


def _code(coder, sources, **options) -> Dataset:
    return build_dataset(coder.pipe(read_documents(sources, **options)), coder_version=coder.version)


def test_each_bad_input_is_an_error_document_naming_file_line_and_problem(tmp_path: Path) -> None:
    folder = bad_corpus(write_corpus(tmp_path / "in", GOOD_CORPUS))
    docs = list(read_documents(folder))
    errors = [d for d in docs if not d.ok]
    for name, (_, expected, line) in BAD_CORPUS.items():
        if name in RECORD_ERRORS:
            continue
        path = str(folder / name)
        (doc,) = [d for d in errors if d.path == path]
        assert doc.error and doc.error.startswith(path if line is None else f"{path}:{line}"), doc.error
        assert expected in doc.error
    for name, expected_lines in RECORD_ERRORS.items():
        path = str(folder / name)
        found = sorted((d.line, d.error) for d in errors if d.path == path)
        assert [line for line, _ in found] == [line for line, _ in expected_lines], found
        for (line, error), (_, expected) in zip(found, expected_lines, strict=True):
            assert error is not None and error.startswith(f"{path}:{line}: ") and expected in error, error
    assert {d.doc_id for d in docs if d.ok} == {"a", "b", "c", "d"}


def test_good_documents_are_coded_as_if_the_bad_ones_were_absent(tmp_path: Path, mini_coder) -> None:
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS)
    alone = _code(mini_coder, folder)
    bad_corpus(folder)
    mixed = _code(mini_coder, folder)
    assert alone.events.height >= 4  # the comparison below must have something to compare
    assert mixed.events.equals(alone.events)
    assert mixed.mentions.equals(alone.mentions)
    good = mixed.documents.filter(pl.col("status") == "ok")
    assert good.equals(alone.documents)
    failed = mixed.documents.filter(pl.col("status") == "error")
    assert failed.height == len(BAD_CORPUS) - len(RECORD_ERRORS) + sum(map(len, RECORD_ERRORS.values()))
    assert failed["error"].null_count() == 0 and failed["n_mentions"].null_count() == failed.height


def test_cli_exit_status_says_some_documents_failed_and_the_output_validates(tmp_path: Path) -> None:
    folder = bad_corpus(write_corpus(tmp_path / "in", GOOD_CORPUS))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["code", str(folder), "--out", str(out), *MINI_OPTIONS])
    assert result.exit_code == EXIT_SOME_FAILED, result.output
    assert f"error: {folder / 'latin1.txt'}: not valid UTF-8" in result.output
    assert validate_dataset([out]) == []
    clean = CliRunner().invoke(main, ["code", str(write_corpus(tmp_path / "good", GOOD_CORPUS)), "--out", str(tmp_path / "o2"), *MINI_OPTIONS])
    assert clean.exit_code == 0, clean.output


def test_strict_stops_at_the_first_failure_and_keeps_the_previous_dataset(tmp_path: Path, mini_output: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mini_output, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    folder = bad_corpus(write_corpus(tmp_path / "in", GOOD_CORPUS))
    result = CliRunner().invoke(main, ["code", str(folder), "--out", str(out), "--strict", *MINI_OPTIONS])
    assert result.exit_code == 1
    assert "stopped at the first failed document (--strict)" in result.output
    assert result.output.count("error: ") == 1  # the first failure only
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_bad_dictionary_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.verbs"
    bad.write_text("190 | {attack} +\n999 | {attack} +\n", encoding="utf-8")
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS)
    result = CliRunner().invoke(main, ["code", str(folder), "--out", str(tmp_path / "out"), "--dictionary", str(bad)])
    assert result.exit_code == 1
    assert "mine.verbs:2: code: Value error, '999' is not a CAMEO event code" in result.output
    assert not (tmp_path / "out").exists()


def test_repeated_ids_keep_the_first_and_report_the_rest(tmp_path: Path, mini_coder) -> None:
    folder = write_corpus(
        tmp_path / "in",
        {
            "a.txt": MINI_CORPUS["a.txt"],
            "x/a.txt": MINI_CORPUS["b.txt"],
            "y/a.txt": "date 2024-02-02 Germany met Jordan.",
            "feed.jsonl": "\n".join(json.dumps({"id": i, "text": "France met Germany.", "date": "2024-02-01"}) for i in ("a", "f", "f")),
        },
    )
    dataset = _code(mini_coder, folder)
    documents = {row["doc_id"]: row for row in dataset.documents.iter_rows(named=True)}
    assert set(documents) == {"a", "a#2", "a#3", "a#4", "f", "f#2"}
    assert documents["a"]["status"] == "ok" and documents["a"]["path"] == str(folder / "a.txt")
    assert documents["a#2"]["error"].startswith(f"{folder / 'feed.jsonl'}:1: duplicate doc_id 'a', first seen in {folder / 'a.txt'}")
    assert documents["a#3"]["path"] == str(folder / "x" / "a.txt")
    assert documents["f#2"]["error"].startswith(f"{folder / 'feed.jsonl'}:3: duplicate doc_id 'f', first seen in {folder / 'feed.jsonl'}:2")
    assert documents["a#2"]["sha256"] == documents["f"]["sha256"]  # the same text: a researcher can tell
    assert set(dataset.mentions["doc_id"]) == {"a", "f"}
    out = tmp_path / "out"
    write_dataset(dataset, out)
    assert validate_dataset([out]) == []


def test_build_dataset_renames_repeated_ids_from_separate_reads(tmp_path: Path, mini_coder) -> None:
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS)
    results = list(mini_coder.pipe(read_documents(folder))) + list(mini_coder.pipe(read_documents(folder / "a.txt")))
    dataset = build_dataset(results, coder_version="t")
    assert dataset.documents.filter(pl.col("doc_id") == "a#2")["status"].to_list() == ["error"]
    assert dataset.mentions.height == _code(mini_coder, folder).mentions.height


def test_ambiguous_dates_in_text_are_not_resolved(mini_coder) -> None:
    assert find_dates("Iran met Iraq on 02/03/2024 and 3.4.2024.", date(2024, 2, 5)) == []
    result = mini_coder.code(Document("t", "Iran met Iraq on 02/03/2024.", doc_date=date(2024, 3, 9)))
    assert result.mentions and all(m.event_date == date(2024, 3, 9) and m.date_text is None for m in result.mentions)


def test_no_event_is_dated_after_its_document(mini_coder) -> None:
    text = "Iran will attack Iraq tomorrow. Britain met France on March 3, 2025. Iran attacked Iraq next week."
    result = mini_coder.code(Document("t", text, doc_date=date(2024, 2, 2)))
    assert len(result.mentions) == 3
    assert all(m.event_date == date(2024, 2, 2) and m.date_text is None for m in result.mentions)


def test_odd_but_readable_inputs_are_coded(tmp_path: Path) -> None:
    folder = write_corpus(
        tmp_path / "in",
        {
            "utf16.txt": codecs.BOM_UTF16_BE + "Iran met Iraq.\r\nBritain met France.".encode("utf-16-be"),
            "crlf.txt": b"date 2024-02-02 Iran met Iraq.\r\n\r\nBritain met France.\r\n",
            "html.txt": "<html><body><p>Iran&nbsp;met Iraq &amp; Syria.</p><div class='x'>Britain met France.</div>"
            "<!-- comment --><br/>R&D and a<b stay.</body></html>",
            "table.md": "| actor | act |\n|---|---|\n| Iran | met Iraq |\n| Britain | met France |\n",
            "quoted.csv": 'id,text\nq1,"Iran met Iraq,\nthen Britain met France."\n',
        },
    )
    docs = {d.doc_id: d for d in read_documents(folder)}
    assert all(d.ok for d in docs.values()), [d.error for d in docs.values()]
    assert docs["utf16"].text == "Iran met Iraq.\nBritain met France."
    assert "\r" not in docs["crlf"].text and docs["crlf"].doc_date == date(2024, 2, 2)
    # Tags go (block tags become paragraph breaks), references are decoded, plain "<" and "&" stay.
    assert docs["html"].text.split() == "Iran\xa0met Iraq & Syria. Britain met France. R&D and a<b stay.".split()
    assert [s.text for s in split_sentences(docs["html"].text)][:2] == ["Iran\xa0met Iraq & Syria.", "Britain met France."]
    assert docs["q1"].text == "Iran met Iraq,\nthen Britain met France." and docs["q1"].line == 2


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: simulate the refusal.
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS | {"locked.txt": "Iran met Iraq."})
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs = {d.doc_id: d for d in read_documents(folder)}
    assert docs["locked"].error == f"{folder / 'locked.txt'}: cannot read: Permission denied"
    assert all(docs[i].ok for i in "abcd")


def test_an_unlistable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS | {"sub/x.txt": "Iran met Iraq."})
    original = Path.iterdir

    def iterdir(self: Path):
        if self.name == "sub":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    docs = {d.doc_id: d for d in read_documents(folder)}
    assert docs["sub"].error == f"{folder / 'sub'}: cannot list the folder: Permission denied; check its permissions"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_loops_end(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "in", GOOD_CORPUS)
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)
    (folder / "sub" / "again").symlink_to(folder, target_is_directory=True)
    docs = list(read_documents(folder))
    assert sorted(d.doc_id for d in docs if d.ok) == ["a", "b", "c", "d"]  # each file once
    (loop,) = [d for d in docs if not d.ok]
    assert loop.doc_id == "loop" and "cannot read" in (loop.error or "")


def test_ten_thousand_tiny_files(tmp_path: Path, mini_coder) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"n{i:05d}.txt").write_text(f"date 2024-02-02 Iran met Iraq. Note {i}.", encoding="utf-8")
    dataset = _code(mini_coder, folder)
    assert dataset.documents.height == 10_000 and set(dataset.documents["status"]) == {"ok"}
    assert dataset.events.height == 1 and dataset.events["num_documents"][0] == 10_000
    write_dataset(dataset, tmp_path / "out")
    assert validate_dataset([tmp_path / "out"]) == []


def _no_punctuation(size: int, *, dense: bool = True) -> str:
    """Ordinary news words without sentence punctuation or paragraph breaks, ``size`` characters.

    ``dense`` adds a clause the mini dictionaries code to every copy of the seeds' words.
    """
    text = " ".join(re.sub(r"[^\w\s'-]", " ", (ROOT / "seeds" / name).read_text("utf-8")) for name in sorted(os.listdir(ROOT / "seeds")))
    words = " ".join(text.split()) + (" Iran attacked Iraq and Britain met France " if dense else " ")
    return (words * (size // len(words) + 1))[:size]


def _assert_capped(result: DocumentResult) -> None:
    assert result.ok, result.error
    for mention in result.mentions:
        sentence = mention.sentence
        assert len(sentence.text.split()) <= MAX_SENTENCE_WORDS and len(sentence.text) <= MAX_SENTENCE_CHARS


def test_a_5000_word_sentence_is_coded_in_capped_pieces(mini_coder) -> None:
    rng = random.Random(5000)
    words = "Iran attacked Iraq and the United States said that militias in Syria denied involvement with France".split()
    text = " ".join(rng.choice(words) for _ in range(5000)) + "."
    result = mini_coder.code(Document("long", text, doc_date=date(2024, 2, 2)))
    assert result.n_sentences >= 5000 // MAX_SENTENCE_WORDS
    assert result.mentions
    _assert_capped(result)


def test_a_megabyte_without_punctuation_is_coded_in_capped_pieces(mini_coder) -> None:
    text = _no_punctuation(1_000_000)
    result = mini_coder.code(Document("mb", text, doc_date=date(2024, 2, 2)))
    assert result.n_sentences >= len(text.split()) // MAX_SENTENCE_WORDS
    assert result.mentions
    _assert_capped(result)


@pytest.mark.slow
def test_a_ten_megabyte_article_without_punctuation(tmp_path: Path, mini_coder) -> None:
    """About 30 s (linear; before the sentence cap this did not finish). Figures: scripts/bench_bad_input.py."""
    (tmp_path / "big.txt").write_text("date 2024-02-02 " + _no_punctuation(10_000_000, dense=False), encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    result = mini_coder.code(doc)
    _assert_capped(result)
    assert result.n_sentences > 10_000


@pytest.mark.parametrize(
    "text",
    ["[" * 300_000, "![x](" * 60_000, "<a" * 150_000, "U.S. " * 60_000, "Mr. A. " * 40_000, "x" * 300_000],
    ids=["brackets", "link-openers", "tag-openers", "abbreviations", "titles", "one-word"],
)
def test_degenerate_text_is_read_and_segmented(tmp_path: Path, text: str, mini_coder) -> None:
    """Sizes at which the quadratic paths these inputs once hit took minutes; linear code takes well under a second."""
    (tmp_path / "odd.txt").write_text(text, encoding="utf-8")
    (doc,) = read_documents(tmp_path)
    result = mini_coder.code(doc)
    _assert_capped(result)
    assert result.n_sentences >= 1


def _files_in_order(folder: Path, files: dict[str, str], order: list[str]) -> Path:
    folder.mkdir(parents=True)
    for name in order:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[name], encoding="utf-8")
    return folder


def test_output_is_deterministic_whatever_the_order_of_files_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files created in different orders in different folders, coded twice: same bytes.

    Each run codes the relative path ``corpus`` from its own folder, so the ``path`` column is the
    same. (Worker counts are not an option yet; when they come, add them to this test.)
    """
    files = GOOD_CORPUS | {"sub/e.txt": "date 2024-02-01 Britain met France in Paris.", "sub/f.md": "Iran met Iraq."}
    outputs = []
    for run, seed in enumerate([1, 2, 3, 3]):
        order = sorted(files)
        random.Random(seed).shuffle(order)
        base = tmp_path / f"run{run}-{seed}"
        _files_in_order(base / "corpus", files, order)
        monkeypatch.chdir(base)
        result = CliRunner().invoke(main, ["code", "corpus", "--out", "out", "--date", "2024-02-02", *MINI_OPTIONS])
        assert result.exit_code == 0, result.output
        outputs.append(base / "out")
    first = outputs[0]
    assert pl.read_csv(first / "events.csv").height >= 4
    for other in outputs[1:]:
        for name in ("events.csv", "mentions.csv", "documents.csv", "datapackage.json"):
            assert (other / name).read_bytes() == (first / name).read_bytes(), name
        for table in ("events", "mentions", "documents"):
            assert pq.read_table(other / f"{table}.parquet").equals(pq.read_table(first / f"{table}.parquet"), check_metadata=True)
