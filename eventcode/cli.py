"""The command line: thin glue over the library. Each command parses options, calls one library
function and turns the library's named errors into click errors.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from datetime import date
from pathlib import Path

from eventcode.cache import paused_collector

# The modules imported here (with polars, pyarrow and pydantic: ~100,000 objects the collector
# tracks) live as long as the process. Without the collector paused and then frozen, 144 young
# collections walked them while they were made, finding nothing (0.05 s of every command).
with paused_collector(freeze=True):
    import click

    from eventcode.acled import acled_markdown
    from eventcode.codebook import (
        ACLED_DOC_NAME,
        CODEBOOK_NAME,
        codebook_text,
        write_acled_doc,
        write_codebook,
    )
    from eventcode.coder import Coder, CoderConfig
    from eventcode.dictionary import (
        check_dictionary_files,
        default_dictionary_files,
        dictionary_files,
    )
    from eventcode.errors import EventcodeError, StrictStopError
    from eventcode.tables import TABLES, schema_text, write_schemas
    from eventcode.validate import validate_dataset
    from eventcode.write import parse_formats

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


def _coder(dictionaries: tuple[str, ...], no_defaults: bool, tabari: str | None = None, **geocoder: str | None) -> Coder:
    try:
        return Coder.from_config(
            CoderConfig(dictionaries=dictionaries, default_dictionaries=not no_defaults, tabari_dictionaries=tabari, **geocoder)
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
@click.option("--format", "formats", default="both", show_default=True, help="csv, parquet, dta, a comma-separated list, or both (= csv,parquet).")
@click.option("--date", "default_date", callback=_iso_date, help="Date (YYYY-MM-DD) for articles that carry none.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True), help="Extra dictionary file or folder (repeatable); overrides the defaults.")
@click.option("--no-default-dictionaries", is_flag=True, help="Use only the --dictionary files.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes that code: this one and N-1 workers [default: all cores].")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True, help="Documents per batch.")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) to code on a cluster; needs eventcode[dask].")
@click.option("--force", is_flag=True, help="Recode documents already coded with the same content and dictionaries.")
@click.option("--tabari-dictionaries", "tabari_dictionaries", type=click.Path(exists=True), help="Folder (or file) of TABARI/PETRARCH dictionaries to code with as well (instead, with --no-default-dictionaries).")
@click.option("--strict", is_flag=True, help="Stop at the first document that fails (exit 1, nothing written).")
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--geocoder", type=click.Choice(["nominatim", "photon", "pelias"]), help="Refine places with your own geocoding server of this kind.")
@click.option("--geocoder-url", help="Base URL of your geocoding server, e.g. http://localhost:8080.")
@click.option("--geocoder-cache", type=click.Path(file_okay=False), help="Folder of the geocoding cache [default: .eventcode-cache].")
def code(
    sources: tuple[str, ...],
    out: str,
    formats: str,
    default_date: date | None,
    dictionaries: tuple[str, ...],
    no_default_dictionaries: bool,
    workers: int | None,
    batch_size: int,
    scheduler: str | None,
    force: bool,
    tabari_dictionaries: str | None,
    strict: bool,
    quiet: bool,
    geocoder: str | None,
    geocoder_url: str | None,
    geocoder_cache: str | None,
) -> None:
    """Code articles (files, folders, - for stdin) into events, mentions and documents tables.

    Re-running into the same --out skips documents already coded with the same content and
    dictionaries, and adds new ones. A document that cannot be read or coded (or repeats an
    earlier document's id) becomes a documents row with status error and the reason; the others
    are coded as if it were absent. Exit status: 0 when every document was coded, 3 when some
    failed.
    """
    with paused_collector(freeze=True):  # as the imports above
        from eventcode.progress import ProgressBar
        from eventcode.run import code_corpus

    started = time.perf_counter()
    try:
        chosen = parse_formats(formats)
    except EventcodeError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from None
    try:
        config = CoderConfig(
            dictionaries=dictionaries,
            default_dictionaries=not no_default_dictionaries,
            geocoder=geocoder,
            geocoder_url=geocoder_url,
            geocoder_cache=geocoder_cache,
            tabari_dictionaries=tabari_dictionaries,
        )
        bar = ProgressBar.for_terminal(enabled=not quiet)
        stats = code_corpus(
            sources,
            out,
            config=config,
            workers=workers or os.cpu_count() or 1,
            batch_size=batch_size,
            formats=chosen,
            default_date=default_date,
            force=force,
            scheduler=scheduler,
            progress=bar.update if bar else None,
            strict=strict,
        )
        if bar:
            bar.close()
    except StrictStopError as exc:
        click.echo(f"error: {exc.first_error}", err=True)
        raise click.ClickException(str(exc)) from None
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    for error in stats.errors:
        click.echo(f"error: {error}", err=True)
    if stats.tabari_summary and not quiet:
        click.echo(stats.tabari_summary)
    if stats.tabari_skipped and not quiet:
        click.echo("TABARI events skipped: " + ", ".join(f"{n} {why}" for why, n in sorted(stats.tabari_skipped.items())))
    if not quiet:
        elapsed = time.perf_counter() - started
        counts = stats.dataset_counts
        click.echo(
            f"coded {stats.documents - stats.failed} document(s) ({stats.failed} failed, {stats.skipped} unchanged), "
            f"{stats.sentences} sentences in {elapsed:.2f}s; dataset: {counts.get('events', 0)} events, "
            f"{counts.get('mentions', 0)} mentions, {counts.get('documents', 0)} documents"
        )
        for path in stats.written:
            click.echo(f"  wrote {path}")
    if stats.failed:
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
@click.option("--out", default="docs", show_default=True, type=click.Path(file_okay=False), help="Folder for codebook.md.")
@click.option("--check", is_flag=True, help="Exit 1 when codebook.md in --out differs from what the models generate.")
def codebook(out: str, check: bool) -> None:
    """Write (or check) codebook.md (every column's type, meaning and allowed values) and acled.md."""
    if check:
        for name, text in ((CODEBOOK_NAME, codebook_text()), (ACLED_DOC_NAME, acled_markdown())):
            path = Path(out) / name
            if not path.is_file() or path.read_text("utf-8") != text:
                raise click.ClickException(f"{path} is out of date; run `eventcode codebook --out {out}`")
        click.echo("codebook up to date")
        return
    click.echo(f"wrote {write_codebook(out)}")
    click.echo(f"wrote {write_acled_doc(out)}")


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
@click.option("--warnings/--no-warnings", "show_warnings", default=False, show_default=True, help="Also list warnings (duplicate phrases and patterns).")
def dict_check(paths: tuple[str, ...], show_warnings: bool) -> None:
    """Lint dictionary files (default: the shipped ones): syntax, codes, duplicates, shadowed
    patterns. Exit 1 on errors.
    """
    from eventcode.lint import lint_entries

    try:
        files = dictionary_files(paths) if paths else default_dictionary_files()
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    entries, problems = check_dictionary_files(files)
    findings = lint_entries(entries)
    errors = [f for f in findings if f.level == "error"]
    warnings = [f for f in findings if f.level == "warning"]
    for problem in problems:
        click.echo(f"error: {problem}")
    for finding in errors + (warnings if show_warnings else []):
        click.echo(str(finding))
    click.echo(f"{len(files)} file(s), {len(entries)} entries, {len(problems) + len(errors)} error(s), {len(warnings)} warning(s)")
    if problems or errors:
        sys.exit(1)


@dict_group.command("coverage")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def dict_coverage(paths: tuple[str, ...]) -> None:
    """Count actors, agents and patterns, and list CAMEO codes without a pattern."""
    from eventcode.lint import coverage

    files = dictionary_files(paths) if paths else default_dictionary_files()
    entries, _ = check_dictionary_files(files)
    click.echo(coverage(entries).format())


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


# --- places: geocode and evaluate-places (issue #5) ---------------------------------------------


@main.command()
@click.argument("name")
@click.option("--country", help="ISO3 (or ISO2) code of a country to prefer, as a sentence naming it would.")
@click.option("--geocoder", type=click.Choice(["nominatim", "photon", "pelias"]), help="Also ask your own geocoding server of this kind.")
@click.option("--geocoder-url", help="Base URL of your geocoding server.")
@click.option("--geocoder-cache", type=click.Path(file_okay=False), help="Folder of the geocoding cache [default: .eventcode-cache].")
def geocode(name: str, country: str | None, geocoder: str | None, geocoder_url: str | None, geocoder_cache: str | None) -> None:
    """Print the candidates of a place name with their scores, best first."""
    from eventcode.gazetteer import Gazetteer
    from eventcode.geocoders import geocode_candidates, server_geocoder

    try:
        server = server_geocoder(geocoder, geocoder_url, cache_dir=geocoder_cache)
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        found = geocode_candidates(Gazetteer.load(), name, country=country, server=server)
    finally:
        if server is not None:
            server.close()
    if not found:
        raise click.ClickException(f"no candidate for {name!r}; add it to eventcode/data/sites.tsv or use --geocoder")
    click.echo("score\tname\tcountry\tadmin1\tlatitude\tlongitude\tprecision\tfeature\tsource")
    for c in found:
        p = c.place
        click.echo(
            f"{c.score:.2f}\t{p.name}\t{p.country_iso3 or ''}\t{p.admin1 or ''}\t{p.latitude:.4f}\t{p.longitude:.4f}"
            f"\t{p.precision}\t{p.feature}\t{c.source}"
        )


@main.command("evaluate-places")
@click.option("--gold", default="tests/gold/places.jsonl", show_default=True, type=click.Path(exists=True, dir_okay=False), help="Gold place mentions (JSONL).")
@click.option("--errors", "show_errors", is_flag=True, help="List the mentions resolved wrongly.")
def evaluate_places_command(gold: str, show_errors: bool) -> None:
    """Geocoding accuracy on gold place mentions: country, within 25 km, precision."""
    from eventcode.place_eval import evaluate_places, read_place_gold

    try:
        report = evaluate_places(_coder((), False), read_place_gold(gold))
    except EventcodeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.format(show_errors=show_errors))


# --- end of places ----------------------------------------------------------------------------


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


def entry_point() -> None:
    """The ``eventcode`` command: ``main`` run as a program.

    When a command ends, its objects (hundreds of thousands: polars, pyarrow and numpy modules, the
    dictionaries' caches) are moved out of the garbage collector's view, so the interpreter does not
    walk them all once more just to exit (0.1 s of every run). Output is already written and closed.
    """
    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    entry_point()
