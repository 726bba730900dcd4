"""Benchmark: end-to-end and per-stage speed, load times and peak memory. Prints figures only.

    python scripts/bench.py                      # 100,000 sentences, 1 and all workers
    python scripts/bench.py --sentences 1000000 --workers 1   # the memory-bound check
    python scripts/bench.py --tabari DIR      # TABARI-format dictionaries to time (default: ../shared/dictionaries/phoenix when present)
    python scripts/bench.py --no-tabari       # the default dictionaries only
    python scripts/bench.py --repeat 3         # end-to-end runs per worker count (the best is compared)

The corpus is generated deterministically from templates of wire-news sentences whose actors,
places, numbers and dates vary (drawn from the shipped dictionaries and gazetteer), so no cache can
answer twice for the same sentence.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TEMPLATES = [
    "{A} forces struck {n} targets in {P} on {D}, the military said in a statement.",
    "{A} accused {B} of carrying out a drone attack on a base near {P} that killed {k} soldiers.",
    "The foreign minister of {A} met his counterpart from {B} in {P} on {D} to discuss a ceasefire.",
    "{A} denied any involvement in the attack, which wounded {k} people in {P}.",
    "Police in {P} arrested {k} protesters after demonstrators clashed with security forces on {D}.",
    "{A} said it would continue to attack {B} targets until the occupation ended.",
    "Officials from {A} and {B} signed an agreement on {D} to expand trade and security cooperation.",
    "{A} imposed new sanctions on {B} over its support for armed groups in {P}.",
    "Militants ambushed a convoy of {A} troops near {P}, killing {k} and injuring {n} others.",
    "The president of {A} called on {B} to release all detained journalists immediately.",
    "{A} and {B} agreed to hold talks in {P} next month, a government spokesman said.",
    "Artillery shelling by {A} forces hit residential areas of {P} overnight, local officials said.",
    "{A} threatened to expel diplomats from {B} if the allegations were not withdrawn.",
    "Thousands of people rallied in {P} on {D} to protest against the government of {A}.",
    "{A} pledged {n} million dollars in humanitarian aid to {B} after the earthquake near {P}.",
    "The United Nations condemned the airstrike on a hospital in {P} and demanded an investigation.",
    "{A} rejected the proposal from {B} and said negotiations had reached a dead end.",
    "Troops from {A} withdrew from positions around {P} under the terms of the truce.",
    "Gunmen abducted {k} aid workers on the road between {P} and the border on {D}.",
    "In a televised speech, the leader of {A} warned {B} against any further provocations.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def build_corpus(path: Path, sentences: int, seed: int = 20240202) -> int:
    """Write a JSONL corpus of about ``sentences`` sentences; return the number of documents."""
    import json

    from eventcode.dictionary import load_dictionary
    from eventcode.gazetteer import Gazetteer

    rng = random.Random(seed)
    dictionary = load_dictionary()
    countries = [a.name for a in dictionary.actors if a.kind == "country"]
    people = [a.name for a in dictionary.actors if a.kind == "person"]
    groups = [a.name for a in dictionary.actors if a.kind == "group"]
    actors = countries * 3 + people + groups
    gazetteer = Gazetteer.load()
    places = [name.title() for name, _ in zip(gazetteer.names(), range(40_000), strict=False) if name.isalpha() and len(name) > 3]
    written = docs = 0
    start = date(2015, 1, 1)
    with path.open("w", encoding="utf-8") as handle:
        while written < sentences:
            n_sent = rng.randint(8, 30)
            day = start + timedelta(days=rng.randint(0, 4000))
            body = []
            for _ in range(n_sent):
                template = rng.choice(TEMPLATES)
                a, b = rng.sample(actors, 2)
                body.append(
                    template.format(
                        A=a, B=b, P=rng.choice(places), n=rng.randint(2, 300), k=rng.choice(["two", "three", "five", "12", "dozens of", "27"]),
                        D=rng.choice(WEEKDAYS + [f"{day:%B} {rng.randint(1, 28)}"]),
                    )
                )
            handle.write(json.dumps({"id": f"bench{docs:07d}", "date": day.isoformat(), "text": " ".join(body)}) + "\n")
            written += n_sent
            docs += 1
    return docs


def run_measured(command: list[str]) -> tuple[float, float, int]:
    """Run a command; return (wall seconds, peak RSS in MB of it or any process it waited for, exit code)."""
    t0 = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):
        print(process.stderr.read().decode() if process.stderr else "")
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def stage_profile(corpus: Path, limit: int) -> None:
    """Time each stage on the first ``limit`` documents in one process."""
    import gc

    from eventcode.casualties import find_casualties
    from eventcode.coder import Coder
    from eventcode.grammar import Context, code_sentence
    from eventcode.read import read_documents
    from eventcode.segment import split_sentences
    from eventcode.tokens import tokenize
    from eventcode.when import find_dates

    t0 = time.perf_counter()
    coder = Coder.from_config()
    print(f"  load: dictionaries + gazetteer {time.perf_counter() - t0:.2f}s")
    gc.freeze()  # as eventcode.run does after loading
    gc.set_threshold(20_000, 10, 10)
    read = [d for d, _ in zip(read_documents(corpus), range(2 * limit), strict=False)]
    documents, fresh = read[:limit], read[limit:]  # the whole coder is timed on documents it has not seen
    timings = dict.fromkeys(["segment", "tokenize", "actors+events", "places", "dates", "casualties"], 0.0)
    n = 0
    for doc in documents:
        t = time.perf_counter()
        sentences = list(split_sentences(doc.text))
        timings["segment"] += time.perf_counter() - t
        context = Context()
        for sentence in sentences:
            n += 1
            t = time.perf_counter()
            tokens = tokenize(sentence.text)
            timings["tokenize"] += time.perf_counter() - t
            t = time.perf_counter()
            _, actors = code_sentence(coder.lexicon, tokens, sentence.text, sentence_index=sentence.index, day=doc.doc_date, context=context)
            timings["actors+events"] += time.perf_counter() - t
            t = time.perf_counter()
            coder.places.find_places(tokens, sentence.text, actors)
            timings["places"] += time.perf_counter() - t
            t = time.perf_counter()
            find_dates(sentence.text, doc.doc_date)
            timings["dates"] += time.perf_counter() - t
            t = time.perf_counter()
            find_casualties(sentence.text)
            timings["casualties"] += time.perf_counter() - t
    for stage, seconds in timings.items():
        print(f"  stage {stage:<14} {n / seconds:>10,.0f} sentences/s")
    # The stages above each pay a timer per sentence; the whole coder, on the next documents:
    t0 = time.process_time()
    results = [coder.code(doc) for doc in fresh]
    seconds = time.process_time() - t0
    n = sum(r.n_sentences for r in results)
    print(f"  coder.code (all stages, CPU time): {n / seconds:,.0f} sentences/s on {n:,} sentences")


def end_to_end(corpus: Path, sentences: int, workers: int, extra: list[str], repeat: int = 1) -> float:
    """Code the corpus with the CLI into a fresh folder ``repeat`` times; print each run and
    return the best sentences/second (on a shared machine the spread is noise from elsewhere)."""
    rates = []
    for _ in range(repeat):
        out = Path(tempfile.mkdtemp(prefix="eventcode-bench-"))
        elapsed, peak, code = run_measured(cli_code(corpus, out, workers, *extra))
        if code not in (0, 3):
            raise SystemExit(code)
        rates.append(sentences / elapsed)
        print(f"  end to end, {workers} worker(s): {elapsed:.1f}s, {rates[-1]:,.0f} sentences/s, peak RSS {peak:,.0f} MB", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    return max(rates)


_SPIN = "d = {}\nfor i in range(3_000_000):\n    d[i % 1000] = d.get(i % 997, 0) + 1\n"


def spin_seconds(processes: int, tries: int = 2) -> float:
    """Best wall time of ``processes`` copies of a fixed pure-Python loop run at once."""
    best = float("inf")
    for _ in range(tries):
        t0 = time.perf_counter()
        spinning = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(processes)]
        for process in spinning:
            process.wait()
        best = min(best, time.perf_counter() - t0)
    return best


def parallel_ceiling(processes: int) -> float:
    """How many times the work of one CPU-bound Python process ``processes`` of them do together
    in the same time, on this machine now: what ``--workers N`` can reach at best. Cores shared
    with other machines (or hyper-threads of one core) give less than ``processes``."""
    return processes * spin_seconds(1) / spin_seconds(processes)


def interpreter_speed() -> float:
    """Seconds this interpreter takes for the fixed loop alone, best of three: how fast this
    machine and this Python build are now. Builds differ by 10-25 %: python.org's, distributions',
    conda's and uv's are built with PGO and LTO; pyenv's are not, unless asked."""
    return spin_seconds(1, tries=3)


def describe_interpreter() -> str:
    """Which Python runs the benchmark, and whether it calls into a shared libpython (slower)."""
    import platform

    try:  # Linux: the libraries this process has mapped
        linked = "a shared libpython" if "libpython" in Path("/proc/self/maps").read_text() else "libpython built in"
    except OSError:
        linked = "libpython linkage unknown"
    return f"{platform.python_implementation()} {platform.python_version()} at {sys.executable} ({linked})"


def start_up(work: Path) -> None:
    """Time from starting ``eventcode code`` to a written dataset, for a one-sentence document."""
    one = work / "one.jsonl"
    one.write_text('{"id": "one", "date": "2024-02-02", "text": "U.S. forces struck 85 targets in Iraq and Syria on Friday."}\n', encoding="utf-8")
    runs = sorted(run_measured(cli_code(one, work / "one", None, "--force"))[0] for _ in range(3))
    print(f"start-up to a written dataset (one sentence, default --workers, 3 runs): {', '.join(f'{t:.2f}s' for t in runs)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, os.cpu_count() or 1])
    parser.add_argument("--tabari", type=Path, default=None, help="folder of TABARI-format dictionaries to time as well")
    parser.add_argument("--no-tabari", action="store_true", help="do not time TABARI-format dictionaries (not even the default ones)")
    parser.add_argument("--profile-docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2, help="end-to-end runs per worker count (the best is compared)")
    parser.add_argument("--step", choices=["corpus", "stages"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tabari is not None and not args.tabari.exists():
        parser.error(f"--tabari {args.tabari}: no such folder or file (TABARI-format dictionaries; --no-tabari skips them)")
    if args.step == "corpus":
        t0 = time.perf_counter()
        docs = build_corpus(args.corpus, args.sentences)
        size = args.corpus.stat().st_size / 1e6
        print(f"corpus: {args.sentences:,} sentences in {docs:,} documents ({size:.0f} MB), built in {time.perf_counter() - t0:.1f}s")
        return
    if args.step == "stages":
        print("per stage (one process):")
        stage_profile(args.corpus, args.profile_docs)
        return
    # The steps that load eventcode run in child processes: this one stays small, so the peak
    # memory of each measured run is its own (a child starts with its parent's peak as its own).
    print(f"interpreter: {describe_interpreter()}")
    print(f"interpreter speed probe (a fixed pure-Python loop, best of 3): {interpreter_speed():.2f}s", flush=True)
    work = Path(tempfile.mkdtemp(prefix="eventcode-corpus-"))
    corpus = work / "corpus.jsonl"
    step = [sys.executable, __file__, "--corpus", str(corpus), "--sentences", str(args.sentences), "--profile-docs", str(args.profile_docs)]
    subprocess.run([*step, "--step", "corpus"], check=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import eventcode.cli"], check=True)
    print(f"start-up (import eventcode.cli): {time.perf_counter() - t0:.2f}s", flush=True)
    subprocess.run([*step, "--step", "stages"], check=True)
    print("end to end (read -> segment -> code -> geocode -> date -> write Parquet):", flush=True)
    # A small first run fills the compile cache (as after installing or upgrading): all runs are timed warm.
    sample, sample_sentences = head_corpus(corpus, work / "sample.jsonl", 10_000)
    run_measured(cli_code(sample, work / "warm", 1))
    start_up(work)
    rates = {workers: end_to_end(corpus, args.sentences, workers, [], args.repeat) for workers in args.workers}
    if 1 in rates:
        for workers, rate in rates.items():
            if workers > 1:
                ceiling = parallel_ceiling(workers)
                print(
                    f"  {workers} workers: {rate / rates[1]:.2f}x one worker (best runs); "
                    f"{workers} CPU-bound Python processes on this machine now: {ceiling:.2f}x one"
                )
    tabari = None if args.no_tabari else args.tabari or (DEFAULT_TABARI if DEFAULT_TABARI.is_dir() else None)
    if tabari is not None:
        tabari_figures(tabari, sample, sample_sentences, work)
    print(f"interpreter speed probe again: {interpreter_speed():.2f}s (the machine's speed during the runs)")
    shutil.rmtree(work, ignore_errors=True)


DEFAULT_TABARI = Path(__file__).resolve().parents[1].parent / "shared" / "dictionaries" / "phoenix"


def cli_code(corpus: Path, out: Path, workers: int | None, *extra: str) -> list[str]:
    """The command that codes ``corpus`` into Parquet; ``workers`` None leaves the default (all cores)."""
    chosen = [] if workers is None else ["--workers", str(workers)]
    return [sys.executable, "-m", "eventcode.cli", "code", str(corpus), "--out", str(out), "--format", "parquet", "--quiet", *chosen, *extra]


def head_corpus(corpus: Path, path: Path, sentences: int) -> tuple[Path, int]:
    """The first documents of the corpus holding about ``sentences`` sentences."""
    from eventcode.read import read_documents
    from eventcode.segment import split_sentences

    written = 0
    with corpus.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        for line, doc in zip(source, read_documents(corpus), strict=False):
            if written >= sentences:
                break
            target.write(line)
            written += sum(1 for _ in split_sentences(doc.text))
    return path, written


def tabari_figures(folder: Path, sample: Path, sentences: int, work: Path) -> None:
    """Load time and coding speed with a folder of TABARI/PETRARCH-format dictionaries alone."""
    load = f"from eventcode.tabari.coder import TabariCoder; print(TabariCoder.load({str(folder)!r}).summary())"
    # The first load compiles (or finds the cache of an earlier run); the second is a warm start.
    for label in ("first load", "warm load"):
        summary = subprocess.run([sys.executable, "-c", load], check=True, capture_output=True, text=True).stdout.strip()
        print(f"TABARI-format dictionaries {folder}, {label}: {summary}")
    for workers in (1, os.cpu_count() or 1):
        elapsed, peak, _ = run_measured(cli_code(sample, work / f"tabari{workers}", workers, "--no-default-dictionaries", "--tabari-dictionaries", str(folder)))
        print(f"  end to end with them alone, {workers} worker(s), {sentences:,} sentences: {elapsed:.1f}s, {sentences / elapsed:,.0f} sentences/s, peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
