"""Shared fixtures: tiny dictionaries, the repository's paths, and ../shared when present."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from eventcode.dictionary import load_dictionary
from eventcode.grammar import Context, Mention, code_sentence
from eventcode.lexicon import Lexicon
from eventcode.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
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
