"""The command line: thin glue over the library. Each command parses options, calls one library
function and turns the library's named errors into click errors.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click

from eventcode.coder import Coder, CoderConfig
from eventcode.dataset import build_dataset
from eventcode.dictionary import check_dictionary_files, default_dictionary_files, dictionary_files
from eventcode.errors import EventcodeError
from eventcode.read import read_documents
from eventcode.tables import TABLES, schema_text, write_schemas
from eventcode.validate import validate_dataset
from eventcode.write import FORMATS, write_dataset

EXIT_SOME_FAILED = 3


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _coder(dictionaries: tuple[str, ...], no_defaults: bool) -> Coder:
    try:
        return Coder.from_config(CoderConfig(dictionaries=dictionaries, default_dictionaries=not no_defaults))
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="eventcode")
def main() -> None:
    """eventcode: political event data (CAMEO) from news text."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", default="output", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--format", "formats", type=click.Choice([*FORMATS, "both"]), default="both", show_default=True, help="Output format.")
@click.option("--date", "default_date", callback=_iso_date, help="Date (YYYY-MM-DD) for articles that carry none.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True), help="Extra dictionary file or folder (repeatable); overrides the defaults.")
@click.option("--no-default-dictionaries", is_flag=True, help="Use only the --dictionary files.")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails (exit 1, nothing written).")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def code(
    sources: tuple[str, ...],
    out: str,
    formats: str,
    default_date: date | None,
    dictionaries: tuple[str, ...],
    no_default_dictionaries: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Code articles (files, folders, - for stdin) into events, mentions and documents tables.

    A document that cannot be read or coded (or repeats an earlier document's id) becomes a
    documents row with status error and the reason; the others are coded as if it were absent.
    Exit status: 0 when every document was coded, 3 when some failed.
    """
    started = time.perf_counter()
    coder = _coder(dictionaries, no_default_dictionaries)
    results = []
    for result in coder.pipe(read_documents(sources, default_date=default_date)):
        if not result.ok:
            click.echo(f"error: {result.error}", err=True)
            if strict:
                raise click.ClickException(f"stopped at the first failed document (--strict): {result.document.doc_id}")
        results.append(result)
    dataset = build_dataset(results, coder_version=coder.version)
    try:
        written = write_dataset(dataset, out, formats=FORMATS if formats == "both" else (formats,))
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    failed = sum(not r.ok for r in results)
    if not quiet:
        sentences = sum(r.n_sentences for r in results)
        elapsed = time.perf_counter() - started
        click.echo(
            f"coded {len(results) - failed} document(s) ({failed} failed), {sentences} sentences, "
            f"{dataset.mentions.height} mentions, {dataset.events.height} events in {elapsed:.2f}s"
        )
        for path in written:
            click.echo(f"  wrote {path}")
    if failed:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def validate(paths: tuple[str, ...]) -> None:
    """Check CSV/Parquet outputs (or output folders) against the schemas; exit 1 on problems.

    A folder whose last write was interrupted is completed first (the journal is rolled forward).
    """
    problems = validate_dataset(paths)
    if problems:
        click.echo("table\trow\tcolumn\tvalue\trule")
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo("valid: no problems found")


@main.command()
@click.option("--out", default="schemas", show_default=True, type=click.Path(file_okay=False), help="Folder for the JSON Schemas.")
@click.option("--check", is_flag=True, help="Exit 1 when the files in --out differ from what the models generate.")
def schema(out: str, check: bool) -> None:
    """Write (or check) the JSON Schemas of the three tables, generated from the models."""
    if check:
        stale = [t for t in TABLES if not (Path(out) / f"{t}.schema.json").is_file() or (Path(out) / f"{t}.schema.json").read_text("utf-8") != schema_text(t)]
        if stale:
            raise click.ClickException(f"schemas out of date: {', '.join(stale)}; run `eventcode schema --out {out}`")
        click.echo("schemas up to date")
        return
    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("sentence")
@click.option("--date", "doc_date", callback=_iso_date, help="Article date (YYYY-MM-DD).")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True), help="Extra dictionary file or folder.")
def explain(sentence: str, doc_date: date | None, dictionaries: tuple[str, ...]) -> None:
    """Show how a sentence is coded: tokens, actors, patterns, and the records it yields."""
    from eventcode.explain import explain_text

    coder = _coder(dictionaries, False)
    click.echo(explain_text(coder, sentence, doc_date=doc_date))


@main.group("dict")
def dict_group() -> None:
    """Dictionary tools."""


@dict_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def dict_check(paths: tuple[str, ...]) -> None:
    """Lint dictionary files (default: the shipped ones); exit 1 on errors."""
    try:
        files = dictionary_files(paths) if paths else default_dictionary_files()
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    entries, problems = check_dictionary_files(files)
    for problem in problems:
        click.echo(f"error: {problem}")
    click.echo(f"{len(files)} file(s), {len(entries)} entries, {len(problems)} error(s)")
    if problems:
        sys.exit(1)


@main.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold file (JSONL or CSV).")
@click.option("--pred", required=True, type=click.Path(exists=True, file_okay=False), help="Output folder of `eventcode code` on the gold texts.")
def evaluate(gold: str, pred: str) -> None:
    """Precision, recall and F1 of (source, target, code) against a gold set, by root and variant."""
    from eventcode.evaluate import evaluate as run_evaluation
    from eventcode.evaluate import read_gold, read_predictions

    try:
        report = run_evaluation(read_gold(gold), read_predictions(pred))
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.format())
