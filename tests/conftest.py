"""Shared fixtures: tiny dictionaries, the repository's paths, and ../shared when present."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from eventcode.dictionary import load_dictionary
from eventcode.grammar import Context, Mention, code_sentence
from eventcode.lexicon import Lexicon
from eventcode.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
# Tests compile into their own cache, never the user's (worker processes inherit the variable).
os.environ["EVENTCODE_CACHE"] = tempfile.mkdtemp(prefix="eventcode-test-cache-")
SHARED = ROOT.parent / "shared"
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def mini_lexicon() -> Lexicon:
    """The tiny test dictionaries in tests/fixtures/mini, without the defaults."""
    return Lexicon(load_dictionary([MINI], defaults=False))


@pytest.fixture(scope="session")
def code_mini(mini_lexicon: Lexicon):
    """Code one sentence with the mini dictionaries; returns (source, target, code) triples."""

    def run(text: str, day: date | None = date(2024, 2, 2)) -> list[tuple[str | None, str | None, str]]:
        mentions, _ = code_sentence(mini_lexicon, tokenize(text), text, sentence_index=0, day=day, context=Context())
        return [_triple(m) for m in mentions if not m.anaphoric]

    return run


def _triple(mention: Mention) -> tuple[str | None, str | None, str]:
    return (
        mention.source.code if mention.source else None,
        mention.target.code if mention.target else None,
        mention.code,
    )


def shared_path(*parts: str) -> Path:
    """A path in ../shared, skipping the test with a reason when it is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is only beside the developers' and CI's clones")
    return path


@pytest.fixture(scope="session")
def coder():
    """The default coder (shipped dictionaries and gazetteer), compiled once per test session."""
    from eventcode.coder import Coder

    return Coder.from_config()


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory, coder) -> Path:
    """The seeds coded with --date 2024-02-02 into a folder (CSV, Parquet, datapackage)."""
    from eventcode.dataset import build_dataset
    from eventcode.read import read_documents
    from eventcode.write import write_dataset

    out = tmp_path_factory.mktemp("seed_output")
    results = list(coder.pipe(read_documents(ROOT / "seeds", default_date=date(2024, 2, 2))))
    write_dataset(build_dataset(results, coder_version=coder.version), out)
    return out


def _edge_event(event_id: str, code: str, **fields):
    """An events row for ``code`` with its CAMEO columns filled and every other column null."""
    from eventcode.cameo import cameo_code

    known = cameo_code(code)
    row = dict.fromkeys(s.name for s in _specs("events"))
    row.update(event_id=event_id, cameo_code=code, cameo_root=known.root, cameo_label=known.label)
    row.update(quad_class=known.quad_class, goldstein=known.goldstein, coder_version="eventcode test")
    row.update(fields)
    return row


def _specs(table: str):
    from eventcode.tables import column_specs

    return column_specs(table)


def _rows(table: str, rows: list[dict]):
    import polars as pl

    from eventcode.tables import polars_schema

    full = [{s.name: row.get(s.name) for s in _specs(table)} for row in rows]
    return pl.DataFrame(full, schema=polars_schema(table), orient="row")


@pytest.fixture(scope="session")
def edge_dataset():
    """A tiny valid dataset of the cells that trip loaders: codes with leading zeros, texts with
    quotes, commas, newlines, edge spaces and "NA", a sentence longer than Stata's 2,045 bytes,
    non-ASCII names, missing dates and numbers, and a failed document."""
    from eventcode.dataset import Dataset

    long_sentence = ('Officials said "the strike, near Ḩalab, was precise";\nwitnesses disagreed. ' * 40).strip()
    events = _rows(
        "events",
        [
            _edge_event(
                "e1", "043", event_date=date(2024, 2, 2), date_precision="day", source_code="USAMIL",
                source_name='U.S. "forces", Navy', source_country="USA", source_role="MIL", target_code="IRQ",
                target_name="Iraq", target_country="IRQ", location="Mosul", admin1="Nineveh", country="Iraq",
                country_iso3="IRQ", latitude=36.335, longitude=43.11889, geo_precision=1, geonames_id=99072,
                fatalities=3, num_mentions=2, num_documents=1, first_doc_id="d1",
            ),
            _edge_event(
                "e2", "195", date_precision=None, source_code="SYR", source_name="NA", target_code="SYRREB",
                target_name="  Ḩayʼat Taḩrīr ash-Shām ", acled_event_type="Explosions/Remote violence",
                acled_sub_event_type="Air/drone strike", acled_disorder_type="Political violence",
                acled_inter1=1, acled_inter2=2, acled_interaction=12, location="São Tomé", country_iso3="STP",
                latitude=-0.25, longitude=-179.999999, geo_precision=2, fatalities=0, num_mentions=1,
                num_documents=1, first_doc_id="d2",
            ),
            _edge_event(
                "e3", "0871", event_date=date(1999, 12, 31), date_precision="year", geo_precision=3,
                num_mentions=1, num_documents=1, first_doc_id="d2",
            ),
        ],
    )
    mentions = _rows(
        "mentions",
        [
            {"mention_id": "d1:0:0", "event_id": "e1", "doc_id": "d1", "sentence_index": 0, "sentence": long_sentence,
             "sentence_start": 0, "sentence_end": len(long_sentence), "cameo_code": "043", "source_code": "USAMIL"},
            {"mention_id": "d1:1:0", "event_id": "e1", "doc_id": "d1", "sentence_index": 1, "sentence": "NA", "cameo_code": "043"},
            {"mention_id": "d2:0:0", "event_id": "e2", "doc_id": "d2", "sentence_index": 0,
             "sentence": "Syrian jets, reportedly, hit ‘rebel’ posts.", "verb_text": "hit", "cameo_code": "195"},
            {"mention_id": "d2:3:1", "event_id": "e3", "doc_id": "d2", "sentence_index": 3,
             "sentence": " A truce was declared. ", "date_text": "in 1999", "cameo_code": "0871", "pattern_id": "mini.verbs:4"},
        ],
    )
    documents = _rows(
        "documents",
        [
            {"doc_id": "d1", "path": "in/d1.txt", "doc_date": date(2024, 2, 3), "n_sentences": 2, "n_mentions": 2, "status": "ok"},
            {"doc_id": "d2", "url": "https://example.org/a?b=1,2", "title": 'Jets, "truce"', "doc_date": date(2024, 2, 2),
             "n_sentences": 4, "n_mentions": 2, "status": "ok", "sha256": "0" * 64},
            {"doc_id": "d3", "path": "in/d3.txt", "status": "error", "error": "in/d3.txt:1: not UTF-8 (byte 0xe9)"},
        ],
    )
    return Dataset(events, mentions, documents)


@pytest.fixture(scope="session")
def edge_output(tmp_path_factory, edge_dataset) -> Path:
    """``edge_dataset`` written in every format (CSV, Parquet, Stata, datapackage, codebook)."""
    from eventcode.write import FORMATS, write_dataset

    out = tmp_path_factory.mktemp("edge_output")
    write_dataset(edge_dataset, out, formats=FORMATS)
    return out


@pytest.fixture(scope="session")
def coded_output(tmp_path_factory) -> Path:
    """The seeds coded with the default dictionaries plus the mini verbs (so that there are events
    whatever the state of the default verbs), written in every format."""
    from eventcode.coder import Coder, CoderConfig
    from eventcode.dataset import build_dataset
    from eventcode.read import read_documents
    from eventcode.write import FORMATS, write_dataset

    coder = Coder.from_config(CoderConfig(dictionaries=(str(MINI),)))
    out = tmp_path_factory.mktemp("coded_output")
    results = list(coder.pipe(read_documents(ROOT / "seeds", default_date=date(2024, 2, 2))))
    write_dataset(build_dataset(results, coder_version=coder.version), out, formats=FORMATS)
    return out


# A small corpus the mini dictionaries code into events of every kind the tables hold: places with
# coordinates, casualties, an event mentioned by two documents, an undated document and a failure.
MINI_CORPUS = {
    "a.txt": (
        "date 2024-02-02 Iran attacked Iraq in Baghdad on Monday, killing 5 soldiers. Tehran denied "
        "involvement in the attack. The United States accused Iran of the attack in Jordan."
    ),
    "b.txt": (
        "date 2024-02-03 Iran attacked Iraq in Baghdad on Monday. Britain met France in Paris on Jan. 5, "
        "2024. Kata'ib Hezbollah announced suspension of operations against U.S. forces."
    ),
    "c.txt": "Iraqi militias attacked US forces in Syria, killing 3 and wounding 40.",
    "feed.jsonl": (
        '{"id": "d", "text": "Germany met Jordan.", "date": "2024-01-30", "title": "Talks", "url": "https://x.invalid/d"}\n'
        '{"id": "e", "text": "France met Germany.", "date": "02/03/2024"}\n'
    ),
}


def write_corpus(folder: Path, files: Mapping[str, str | bytes] | None = None) -> Path:
    """Write a corpus (``MINI_CORPUS`` by default) into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (MINI_CORPUS if files is None else files).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def mini_coder():
    """A coder with only the mini dictionaries (and the shipped gazetteer), compiled once."""
    from eventcode.coder import Coder, CoderConfig

    return Coder.from_config(CoderConfig(dictionaries=(str(MINI),), default_dictionaries=False))


@pytest.fixture(scope="session")
def mini_output(tmp_path_factory, mini_coder) -> Path:
    """``MINI_CORPUS`` coded with the mini dictionaries into a folder (CSV, Parquet, datapackage).

    Independent of the default verb dictionaries, so tests of the tables have events to check.
    """
    from eventcode.dataset import build_dataset
    from eventcode.read import read_documents
    from eventcode.write import write_dataset

    corpus = write_corpus(tmp_path_factory.mktemp("mini_corpus"))
    out = tmp_path_factory.mktemp("mini_output")
    results = list(mini_coder.pipe(read_documents(corpus)))
    write_dataset(build_dataset(results, coder_version=mini_coder.version), out)
    return out
