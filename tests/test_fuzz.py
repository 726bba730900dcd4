"""Property tests: no input makes a stage raise, and what the stages produce holds together.

The checks and strategies here are also what ``scripts/fuzz.py`` runs with many more examples.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcode.coder import Coder
from eventcode.dataset import build_dataset
from eventcode.read import RECORD_FIELDS, Document, read_documents
from eventcode.segment import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS, split_sentences
from eventcode.tokens import tokenize
from eventcode.validate import validate_dataset
from eventcode.write import write_dataset

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the mini dictionaries know, and the shapes that trip segmenters, date finders and parsers.
VOCABULARY = (
    "Iran Iraq Syria Jordan Britain France Germany Tehran America Americans U.S. US IRGC CENTCOM "
    "Biden Kata'ib Hezbollah militias forces troops soldiers police government officials "
    "attacked attack attacks strike strikes airstrike airstrikes drone met meet denied deny accused "
    "agreed killed killing wounded will would not never refused announced suspension operations "
    "against on by of in at the a an and but said told that which who it he they its their "
    "tomorrow yesterday today Monday Sunday next last week month year Jan. Feb. 5 2024 2024-02-02 "
    "02/03/2024 1,000 3 dozens Baghdad Paris Syria's Iran's Mr. Lt. Gen. p.m. a.m. e.g. "
    ", ; : — – - . ! ? ( ) [ ] \" ' “ ” ‘ ’ & < > | # * \n \n\n \t"
).split(" ")
VOCABULARY = [w.replace("\\n", "\n") for w in VOCABULARY if w] + ["\n", "\n\n", "\r\n", "  "]

word_soup = st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=8)), max_size=80).map(" ".join)
# Clauses the mini dictionaries code, with the dates, places and counts that decorate events.
_actors = st.sampled_from(
    ["Iran", "Iraq", "the United States", "Britain", "France", "Kata'ib Hezbollah", "Iraqi militias", "US forces", "Tehran", "Biden", "it", "they"]
)
_verbs = st.sampled_from(
    ["attacked", "met", "denied involvement in", "accused", "will attack", "would meet", "agreed with", "killed", "refused to meet",
     "carried out airstrikes against", "announced suspension of operations against", "did not attack", "was attacked by"]
)
_tails = st.sampled_from(
    ["", " tomorrow", " next week", " next Monday", " on Monday", " in Baghdad", " in Syria", " near Tower 22 in Jordan",
     " on March 3, 2025", " on 2024-02-30", ", killing 5 soldiers", ", wounding dozens", " yesterday", " last year", " in 1999"]
)
_clause = st.tuples(_actors, _verbs, _actors, _tails).map(lambda parts: f"{parts[0]} {parts[1]} {parts[2]}{parts[3]}")
_separators = st.sampled_from([". ", ". ", "; ", ", and ", "\n\n", " ", "! ", "? ", ".\n"])
clauses = st.lists(st.tuples(st.one_of(_clause, _clause, st.sampled_from(VOCABULARY)), _separators), max_size=12).map(
    lambda parts: "".join(text + sep for text, sep in parts)
)
news_text = st.one_of(word_soup, clauses)
any_text = st.one_of(news_text, st.text(max_size=300))
doc_dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))

_record_values = st.one_of(
    st.none(), st.integers(), st.booleans(), news_text, st.text(max_size=20),
    st.sampled_from(["2024-02-02", "2024-02-30", "02/03/2024", "2024-02-02T10:00:00Z", "date 2024-02-02 x", ""]),
    st.lists(st.integers(), max_size=3),
)
_records = st.dictionaries(st.sampled_from([*RECORD_FIELDS, "text", "text", "lang"]), _record_values, max_size=6)


def _jsonl(lines: list[object]) -> bytes:
    out: list[str] = []
    for line in lines:
        out.append(line if isinstance(line, str) else json.dumps(line, ensure_ascii=bool(len(out) % 2)))
    return "\n".join(out).encode("utf-8")


def _csv(rows: list[list[str]]) -> bytes:
    stream = io.StringIO()
    csv.writer(stream).writerows(rows)
    return stream.getvalue().encode("utf-8")


jsonl_bytes = st.lists(st.one_of(_records, st.text(max_size=30)), max_size=8).map(_jsonl)
csv_bytes = st.lists(
    st.lists(st.one_of(st.sampled_from(["id", "text", "date", "title", "x"]), news_text, st.text(max_size=10)), max_size=5),
    max_size=8,
).map(_csv)
encoded_text = st.tuples(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"])).map(
    lambda pair: pair[0].encode(pair[1], errors="replace")
)
file_bytes = st.one_of(st.binary(max_size=2000), encoded_text, jsonl_bytes, csv_bytes)
suffixes = st.sampled_from([".txt", ".md", ".jsonl", ".ndjson", ".csv", ".TXT"])


def check_reader(data: bytes, suffix: str) -> None:
    """Any bytes in any input file: documents come out, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        docs = list(read_documents(path))
        assert docs, "every file yields at least one document"
        for doc in docs:
            assert isinstance(doc, Document) and doc.doc_id
            if doc.ok:
                assert doc.text.strip() and re.fullmatch(r"[0-9a-f]{64}", doc.sha256)
            else:
                assert doc.error and doc.error.startswith(str(path)) and not doc.text
        assert len({d.doc_id for d in docs}) == len(docs)


def check_segmenter(text: str) -> None:
    """Sentences are non-empty, stripped, in order, within the caps, and slice the document."""
    previous_end = 0
    for index, sentence in enumerate(split_sentences(text)):
        assert sentence.index == index
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert len(sentence.text) <= MAX_SENTENCE_CHARS and len(sentence.text.split()) <= MAX_SENTENCE_WORDS
        previous_end = sentence.end
    assert not text[previous_end:].strip() or list(split_sentences(text))


def check_tokenizer(text: str) -> None:
    """Tokens are in order, do not overlap, slice the text, and have a non-empty key."""
    previous_end = 0
    for token in tokenize(text):
        assert token.start >= previous_end and token.end > token.start
        assert text[token.start : token.end] == token.text
        assert token.key
        previous_end = token.end


def check_coder(coder: Coder, text: str, doc_date: date | None) -> None:
    """Coding never fails, and every mention points at a sentence of its document."""
    result = coder.code(Document("fuzz", text, doc_date=doc_date))
    assert result.ok, result.error
    sentences = {s.index: s for s in split_sentences(text)}
    assert result.n_sentences == len(sentences)
    for mention in result.mentions:
        assert sentences[mention.sentence.index] == mention.sentence
        if doc_date is not None and mention.event_date is not None:
            assert mention.event_date <= doc_date


def check_dataset(coder: Coder, texts: list[str], doc_date: date | None) -> None:
    """Whatever the texts, the dataset built from them validates, in both formats."""
    docs = [Document(f"d{i}", text, doc_date=doc_date) for i, text in enumerate(texts)]
    dataset = build_dataset(coder.pipe(docs), coder_version=coder.version)
    with tempfile.TemporaryDirectory() as out:
        write_dataset(dataset, out)
        problems = validate_dataset([out])
        assert problems == [], [str(p) for p in problems]


@FAST
@given(file_bytes, suffixes)
def test_reader_yields_documents_for_any_bytes(data: bytes, suffix: str) -> None:
    check_reader(data, suffix)


@FAST
@given(any_text)
def test_segmenter_offsets_slice_the_document(text: str) -> None:
    check_segmenter(text)


@FAST
@given(any_text)
def test_tokenizer_offsets_slice_the_text(text: str) -> None:
    check_tokenizer(text)


@FAST
@given(any_text, doc_dates)
def test_coder_never_fails_and_mentions_point_at_sentences(mini_coder, text: str, doc_date: date | None) -> None:
    check_coder(mini_coder, text, doc_date)


@settings(FAST, max_examples=25)
@given(st.lists(news_text, min_size=1, max_size=4), doc_dates)
def test_any_coded_dataset_validates(mini_coder, texts: list[str], doc_date: date | None) -> None:
    check_dataset(mini_coder, texts, doc_date)
