"""Long fuzz run: the properties of tests/test_fuzz.py with many more, and longer, inputs.

Usage::

    .venv/bin/python scripts/fuzz.py --minutes 5 [--seed 0] [--round 100] [--dictionary PATH ...]

Runs every property in seeded rounds of ``--round`` examples, each property for an equal share of
the time, with the mini test dictionaries and with the shipped ones (plus any ``--dictionary``),
and prints, per property, the inputs tried, the failures and the time. A failure prints
hypothesis' shrunk falsifying example. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventcode.coder import Coder, CoderConfig  # noqa: E402
from tests.test_fuzz import (  # noqa: E402
    VOCABULARY,
    any_text,
    check_coder,
    check_dataset,
    check_reader,
    check_segmenter,
    check_tokenizer,
    doc_dates,
    file_bytes,
    news_text,
    suffixes,
)

MINI = ROOT / "tests" / "fixtures" / "mini"
long_text = st.lists(st.sampled_from(VOCABULARY), min_size=100, max_size=3000).map(" ".join)
texts = st.one_of(any_text, any_text, long_text)


@dataclass
class Tally:
    name: str
    inputs: int = 0
    failures: int = 0
    seconds: float = 0.0


def properties(coders: dict[str, Coder]) -> list[tuple[str, st.SearchStrategy, Callable[..., None]]]:
    found: list[tuple[str, st.SearchStrategy, Callable[..., None]]] = [
        ("reader", st.tuples(file_bytes, suffixes), lambda args: check_reader(*args)),
        ("segmenter", texts, check_segmenter),
        ("tokenizer", texts, check_tokenizer),
    ]
    for label, coder in coders.items():
        found.append((f"coder[{label}]", st.tuples(texts, doc_dates), lambda args, c=coder: check_coder(c, *args)))
        found.append(
            (
                f"dataset[{label}]",
                st.tuples(st.lists(st.one_of(news_text, long_text), min_size=1, max_size=5), doc_dates),
                lambda args, c=coder: check_dataset(c, *args),
            )
        )
    return found


def run_round(tally: Tally, strategy: st.SearchStrategy, check: Callable[..., None], examples: int, round_seed: int) -> None:
    def counted(value: object) -> None:
        tally.inputs += 1
        check(value)

    test = seed(round_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(counted))
    )
    started = time.perf_counter()
    try:
        test()
    except Exception:
        tally.failures += 1
        print(f"\nFAILURE in {tally.name} (round seed {round_seed}):", flush=True)
        traceback.print_exc(limit=3)
    finally:
        tally.seconds += time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="time budget (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="base seed of the rounds (default 0)")
    parser.add_argument("--round", type=int, default=100, help="examples per property per round (default 100)")
    parser.add_argument("--dictionary", action="append", default=[], help="extra dictionary for the shipped coder (repeatable)")
    options = parser.parse_args()
    coders = {
        "mini": Coder.from_config(CoderConfig(dictionaries=(str(MINI),), default_dictionaries=False)),
        "shipped": Coder.from_config(CoderConfig(dictionaries=tuple(options.dictionary))),
    }
    plan = properties(coders)
    tallies = {name: Tally(name) for name, _, _ in plan}
    # Each property gets an equal share of the time (building and validating a dataset is ~30
    # times slower than coding a text), in two passes so a late failure still gets its turn.
    share = options.minutes * 60 / len(plan) / 2
    rounds = 0
    for sweep in (1, 2):
        for name, strategy, check in plan:
            until = time.perf_counter() + share
            while time.perf_counter() < until:
                run_round(tallies[name], strategy, check, options.round, options.seed * 1_000_003 + rounds)
                rounds += 1
        done = ", ".join(f"{t.name} {t.inputs}" for t in tallies.values())
        print(f"pass {sweep}: {done}", flush=True)
    print(f"\n{'property':<18} {'inputs':>9} {'failures':>9} {'seconds':>9} {'inputs/s':>9}")
    for tally in tallies.values():
        rate = tally.inputs / tally.seconds if tally.seconds else 0.0
        print(f"{tally.name:<18} {tally.inputs:>9} {tally.failures:>9} {tally.seconds:>9.1f} {rate:>9.0f}")
    total_inputs = sum(t.inputs for t in tallies.values())
    total_failures = sum(t.failures for t in tallies.values())
    print(f"{'total':<18} {total_inputs:>9} {total_failures:>9}")
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
