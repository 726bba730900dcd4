"""Timings of degenerate input: what the reliability tests check for structure, measured here.

Usage::

    .venv/bin/python scripts/bench_bad_input.py [--megabytes 10] [--files 10000]

Prints seconds for: an article without sentence punctuation, a 5,000-word sentence, documents of
many short sentences with anaphors or places, text made of characters that once made cleaning or
segmenting quadratic, and a folder of many tiny files (read, code, merge, write, validate). Coding uses the mini test dictionaries, so figures do not move
when the shipped dictionaries grow; ``--shipped`` adds a run with the shipped ones.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from eventcode.coder import Coder, CoderConfig
from eventcode.dataset import build_dataset
from eventcode.read import Document, clean_text, read_documents
from eventcode.segment import split_sentences
from eventcode.validate import validate_dataset
from eventcode.write import write_dataset

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


@contextmanager
def timed(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s", flush=True)


def no_punctuation(size: int) -> str:
    text = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").iterdir()))
    words = " ".join(re.sub(r"[^\w\s'-]", " ", text).split()) + " Iran attacked Iraq and Britain met France "
    return (words * (size // len(words) + 1))[:size]


def bench_coder(label: str, coder: Coder, megabytes: float) -> None:
    size = int(megabytes * 1_000_000)
    text = no_punctuation(size)
    with timed(f"[{label}] {megabytes:g} MB without punctuation: code"):
        result = coder.code(Document("big", text, doc_date=date(2024, 2, 2)))
    print(f"{'':<4}{result.n_sentences} pieces, {len(result.mentions)} mentions, error={result.error}")
    rng = random.Random(5000)
    words = "Iran attacked Iraq and the United States said that militias in Syria denied involvement with France".split()
    sentence = " ".join(rng.choice(words) for _ in range(5000)) + "."
    with timed(f"[{label}] a 5,000-word sentence: code"):
        result = coder.code(Document("long", sentence, doc_date=date(2024, 2, 2)))
    print(f"{'':<4}{result.n_sentences} pieces, {len(result.mentions)} mentions")
    for unit in ("Iran met Iraq. The attack was condemned. ", "Iran met Iraq in Baghdad and Paris. "):
        text = unit * (size // 10 // len(unit))
        with timed(f"[{label}] {megabytes / 10:g} MB of {unit.split('.')[0]!r}...: code"):
            result = coder.code(Document("many", text, doc_date=date(2024, 2, 2)))
        print(f"{'':<4}{result.n_sentences} sentences, {len(result.mentions)} mentions")


def bench_degenerate(megabytes: float) -> None:
    size = int(megabytes * 1_000_000)
    for unit in ("[", "![x](", "<a", "&#1", "U.S. ", "Mr. A. ", ". ", "x"):
        text = unit * (size // len(unit))
        with timed(f"{megabytes:g} MB of {unit!r}: clean + segment"):
            cleaned, _ = clean_text(text)
            sum(1 for _ in split_sentences(cleaned))


def bench_many_files(coder: Coder, count: int) -> None:
    with tempfile.TemporaryDirectory() as base:
        folder = Path(base) / "many"
        folder.mkdir()
        with timed(f"{count} tiny files: create"):
            for i in range(count):
                (folder / f"n{i:05d}.txt").write_text(f"date 2024-02-02 Iran met Iraq. Note {i}.", encoding="utf-8")
        steps: list[tuple[str, Callable[[], object]]] = []
        state: dict[str, object] = {}
        steps.append(("read", lambda: state.setdefault("docs", list(read_documents(folder)))))
        steps.append(("code", lambda: state.setdefault("results", list(coder.pipe(state["docs"])))))  # type: ignore[arg-type]
        steps.append(("merge", lambda: state.setdefault("dataset", build_dataset(state["results"], coder_version="bench"))))  # type: ignore[arg-type]
        steps.append(("write", lambda: write_dataset(state["dataset"], Path(base) / "out")))  # type: ignore[arg-type]
        steps.append(("validate", lambda: state.setdefault("problems", validate_dataset([Path(base) / "out"]))))
        for name, step in steps:
            with timed(f"{count} tiny files: {name}"):
                step()
        print(f"{'':<4}problems: {len(state['problems'])}")  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--shipped", action="store_true", help="also code with the shipped dictionaries")
    options = parser.parse_args()
    with timed("load the mini dictionaries and the gazetteer"):
        mini = Coder.from_config(CoderConfig(dictionaries=(str(MINI),), default_dictionaries=False))
    bench_coder("mini", mini, options.megabytes)
    if options.shipped:
        with timed("load the shipped dictionaries and the gazetteer"):
            shipped = Coder.from_config()
        bench_coder("shipped", shipped, options.megabytes)
    bench_degenerate(options.megabytes)
    bench_many_files(mini, options.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
