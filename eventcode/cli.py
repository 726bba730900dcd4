"""The command line: thin glue over the library. Each command parses options, calls one library
function and turns the library's named errors into click errors.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click

from eventcode.codebook import CODEBOOK_NAME, codebook_text, write_codebook
from eventcode.coder import Coder, CoderConfig
from eventcode.dataset import build_dataset
from eventcode.dictionary import check_dictionary_files, default_dictionary_files, dictionary_files
from eventcode.errors import EventcodeError
from eventcode.read import read_documents
from eventcode.tables import TABLES, schema_text, write_schemas
from eventcode.validate import validate_dataset
from eventcode.write import parse_formats, write_dataset

EXIT_SOME_FAILED = 3


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    try:
        return parse_formats(value)
    except EventcodeError as exc:
        raise click.BadParameter(str(exc)) from None


def _coder(dictionaries: tuple[str, ...], no_defaults: bool, tabari: str | None = None) -> Coder:
    try:
        return Coder.from_config(
            CoderConfig(dictionaries=dictionaries, default_dictionaries=not no_defaults, tabari_dictionaries=tabari)
        )
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="eventcode")
def main() -> None:
    """eventcode: political event data (CAMEO) from news text."""


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", default="output", show_default=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--format", "formats", callback=_formats, default="both", show_default=True, help="csv, parquet, dta (Stata) or a comma-separated list such as csv,dta; both is csv,parquet.")
@click.option("--date", "default_date", callback=_iso_date, help="Date (YYYY-MM-DD) for articles that carry none.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True), help="Extra dictionary file or folder (repeatable); overrides the defaults.")
@click.option("--no-default-dictionaries", is_flag=True, help="Use only the --dictionary files.")
@click.option("--tabari-dictionaries", "tabari_dictionaries", type=click.Path(exists=True), help="Folder (or file) of TABARI/PETRARCH dictionaries to code with as well (instead, with --no-default-dictionaries).")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def code(
    sources: tuple[str, ...],
    out: str,
    formats: tuple[str, ...],
    default_date: date | None,
    dictionaries: tuple[str, ...],
    no_default_dictionaries: bool,
    tabari_dictionaries: str | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Code articles (files, folders, - for stdin) into events, mentions and documents tables."""
    started = time.perf_counter()
    coder = _coder(dictionaries, no_default_dictionaries, tabari_dictionaries)
    if coder.tabari is not None and not quiet:
        click.echo(coder.tabari.summary())
    results = []
    for result in coder.pipe(read_documents(sources, default_date=default_date)):
        if not result.ok:
            click.echo(f"error: {result.error}", err=True)
            if strict:
                raise click.ClickException(f"stopped at the first failed document (--strict): {result.document.doc_id}")
        results.append(result)
    dataset = build_dataset(results, coder_version=coder.version)
    try:
        written = write_dataset(dataset, out, formats=formats)
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
        if coder.tabari is not None and coder.tabari.skipped:
            skipped = ", ".join(f"{n} {why}" for why, n in coder.tabari.skipped.items())
            click.echo(f"TABARI events skipped: {skipped}")
    if failed:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def validate(paths: tuple[str, ...]) -> None:
    """Check CSV/Parquet outputs (or output folders) against the schemas; exit 1 on problems."""
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
@click.option("--out", default="docs", show_default=True, type=click.Path(file_okay=False), help="Folder for codebook.md.")
@click.option("--check", is_flag=True, help="Exit 1 when codebook.md in --out differs from what the models generate.")
def codebook(out: str, check: bool) -> None:
    """Write (or check) codebook.md: every column's type, meaning and allowed values."""
    if check:
        path = Path(out) / CODEBOOK_NAME
        if not path.is_file() or path.read_text("utf-8") != codebook_text():
            raise click.ClickException(f"{path} is out of date; run `eventcode codebook --out {out}`")
        click.echo("codebook up to date")
        return
    click.echo(f"wrote {write_codebook(out)}")


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


# --- validate-suite (issue #4) ------------------------------------------------------------------
@main.command("validate-suite")
@click.argument("kind", type=click.Choice(["tabari", "petrarch"]))
@click.argument("suite", type=click.Path(exists=True, dir_okay=False))
@click.option("--dictionaries", "dictionaries", multiple=True, type=click.Path(exists=True), help="Dictionary files or folders instead of those the suite names beside it.")
@click.option("--failures/--no-failures", default=True, show_default=True, help="List the failing records.")
def validate_suite(kind: str, suite: str, dictionaries: tuple[str, ...], failures: bool) -> None:
    """Run TABARI's Validate.text or PETRARCH's unit-test records and report the score.

    Exits 0 whatever the score (it is a measurement); non-zero only when the input cannot be read.
    """
    from eventcode.tabari.reader import read_dictionaries
    from eventcode.tabari.suite import run_petrarch_suite, run_tabari_suite

    run = run_tabari_suite if kind == "tabari" else run_petrarch_suite
    try:
        report = run(suite, dictionaries=read_dictionaries(dictionaries) if dictionaries else None)
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.format(failures=failures))
# --- end validate-suite -------------------------------------------------------------------------


def cli_reference() -> str:
    """The CLI reference in Markdown, generated from the commands' help (kept in the README)."""
    sections: list[str] = []

    def visit(command: click.Command, path: list[str]) -> None:
        with click.Context(command, info_name=" ".join(path), terminal_width=88, max_content_width=88) as ctx:
            sections.append(f"### `{' '.join(path)}`\n\n```\n{command.get_help(ctx).rstrip()}\n```\n")
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                visit(command.commands[name], [*path, name])

    visit(main, ["eventcode"])
    return "\n".join(sections)
