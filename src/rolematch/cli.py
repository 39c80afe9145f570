"""The `rolematch` command: a thin click shell over rolematch.api. Data goes to stdout, messages to stderr.

Exit codes: 0 ok, 1 a file could not be read (or bad data files), 2 usage error; batch: 0 all scored, 3 some
failed, 1 none scored or bad arguments.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
import time
from datetime import date
from pathlib import Path

import click

from . import __version__, api
from .errors import ReadError, RolematchError, UnknownRoleError

MB = 1024 * 1024
# From this many files on, the words most resumes share are made once first (about 0.8 s; each resume is then about
# 4 ms faster): one file does not wait for it
WARM_UP_FILES = 200
_LIMITS = api.Limits()  # the document limits' defaults, shown by `serve --help`


def _as_of(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


as_of_option = click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                            help='Date that "Present" in work history means (default: today).')


def bound_options(command):
    """--timeout and --max-memory-mb: the hard bound on reading and extracting one resume (a killed worker)."""
    command = click.option("--max-memory-mb", type=click.IntRange(0), default=_LIMITS.max_memory_mb, show_default=True,
                           help="Memory allowed to read one resume, in MiB of its worker process (0: no limit); "
                                "more is `too-complex`.")(command)
    return click.option("--timeout", type=click.FloatRange(0), default=_LIMITS.timeout_s, show_default=True,
                        help="Seconds allowed to read one resume (0: no limit); a slower one is a `timeout` error.")(
        command)


def _limits(timeout: float, max_memory_mb: int) -> api.Limits:
    return dataclasses.replace(_LIMITS, timeout_s=timeout, max_memory_mb=max_memory_mb)


roles_dir_option = click.option(
    "--roles-dir", "roles_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of role *.toml files that add to or replace the shipped roles (repeatable).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rolematch")
def cli() -> None:
    """Match resumes to machine-learning-track roles and explain the gaps.

    \b
    Examples:
      rolematch score resume.txt                 ranked roles and gaps in the terminal
      rolematch score a.txt b.txt --format json  one JSON object per file (JSON Lines)
      cat resume.txt | rolematch score -         read the resume from stdin
      rolematch extract resume.txt               skills, degrees, titles, years, certifications
      rolematch roles list                       the roles rolematch knows
    """


def _report_error(source: str, exc: RolematchError, fmt: str) -> None:
    """One line on stderr; with --format json also an error object in the output, so no file goes missing."""
    click.echo(f"Error: {exc}", err=True)
    if fmt == "json":
        click.echo(api.error_json(source, exc))


def _run_files(files: tuple[str, ...], work, options: api.Options, fmt: str, present) -> None:
    """work(source, options) for each file in order and present(source, result), each file read and extracted in a
    worker process killed at the time or memory limit; a file that cannot be read is reported and the rest go on;
    exit 1 at the end."""
    failed = False
    with _click_errors():  # broken data files: nothing can be done
        if len(files) >= WARM_UP_FILES:
            api.warm_up(options)
        # forked from here once the pipeline is built: a worker costs a fork, and a killed one is replaced as cheaply
        with api.worker_pool(1, options, pipeline=work is not api.read) as pool:
            sources = [api.Source.from_path(f) for f in files]
            for source, outcome in api.each(sources, functools.partial(work, pool=pool), options):
                if isinstance(outcome, ReadError):
                    failed = True
                    _report_error(source.name, outcome, fmt)
                else:
                    present(source, outcome)
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html", "markdown"]), default="table",
              show_default=True, help="table for the terminal, json for programs, html or markdown for a gap report.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the report here (a folder when several files are scored as html or markdown).")
@click.option("--top", type=click.IntRange(0, 50), default=3, show_default=True,
              help="Show the breakdown and gaps of this many best-fitting roles (table format).")
@click.option("--role", "role_ids", multiple=True, metavar="ID",
              help="Score only this role (repeatable); the report's biggest wins are for the first one named.")
@click.option("--redact", is_flag=True,
              help="Hide name, e-mail, phone, address and personal details everywhere in an html or markdown report.")
@click.option("--summary", "summary_only", is_flag=True,
              help="With html or markdown: the student's one-page handout alone (best role, strengths, action plan).")
@click.option("--template-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder of templates that replace the shipped ones of the same name (your logo, your wording).")
@click.option("--job", "jobs", multiple=True, metavar="POSTING",
              help="A job posting (any format the resumes may be in; \"-\" for stdin) to score against as a role, "
                   "requirement by requirement (repeatable).")
@click.option("--only-jobs", is_flag=True, help="Score against the --job postings alone, not the shipped roles.")
@roles_dir_option
@as_of_option
@bound_options
def score(files: tuple[str, ...], fmt: str, output: Path | None, top: int, role_ids: tuple[str, ...], redact: bool,
          summary_only: bool, template_dir: Path | None, jobs: tuple[str, ...], only_jobs: bool,
          roles_dirs: tuple[Path, ...], as_of: date | None, timeout: float, max_memory_mb: int) -> None:
    """Rank the roles for each resume FILE ("-" for stdin) and list the gaps.

    \b
    Examples:
      rolematch score resume.txt
      rolematch score resume.txt --role data-scientist --role nlp-scientist
      rolematch score resume.txt --format html -o report.html
      rolematch score resume.txt --format html --summary -o handout.html
      rolematch score resume.txt --format markdown --redact > report.md
      rolematch score resumes/*.txt --format json > scores.jsonl
      rolematch score resume.pdf --job posting.txt --only-jobs
    """
    report = fmt in ("html", "markdown")
    _check_jobs(jobs, only_jobs, files)
    if summary_only and not report:
        raise click.UsageError("--summary is for html and markdown reports: add --format html")
    if report and len(files) > 1 and (output is None or output.suffix):
        raise click.UsageError("several files as html or markdown need -o FOLDER (one report per file)")
    if output is not None and not report:
        raise click.UsageError("-o is for html and markdown reports; redirect table or json output instead")
    options = api.Options(role_ids=role_ids, roles_dirs=tuple(map(str, roles_dirs)), as_of=as_of, redact=redact,
                          format="json" if fmt == "table" else fmt, summary_only=summary_only,
                          template_dir=str(template_dir) if template_dir else None,
                          limits=_limits(timeout, max_memory_mb), only_jobs=only_jobs)
    with _click_errors():
        api.roles(options)  # an unknown role or a broken role file stops the run before any file is read
    if jobs:
        options = _job_roles(jobs, options)

    def present(source: api.Source, result) -> None:
        if fmt == "table":
            api.print_score(result, top=top)
            return
        text = api.render(result, options)
        if output is None:
            click.echo(text, nl=fmt == "json")
            return
        target = output
        if len(files) > 1:
            output.mkdir(parents=True, exist_ok=True)
            target = output / (Path(result.source).stem + (".html" if fmt == "html" else ".md"))
        target.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {target}", err=True)

    _run_files(files, api.score, options, fmt, present)


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html", "markdown"]), default="table",
              show_default=True, help="table for the terminal, json for programs, html or markdown for a handout.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the html or markdown report to this file.")
@click.option("--top", type=click.IntRange(0, 50), default=3, show_default=True,
              help="Show the gains, losses and gaps of this many roles, best by the new score (table, html, "
                   "markdown).")
@click.option("--role", "role_ids", multiple=True, metavar="ID", help="Compare only this role (repeatable).")
@click.option("--redact", is_flag=True, help="Hide name, e-mail, phone, address and personal details in a report.")
@click.option("--job", "jobs", multiple=True, metavar="POSTING",
              help="A job posting (any readable format; \"-\" for stdin) to compare against as a role (repeatable).")
@click.option("--only-jobs", is_flag=True, help="Compare against the --job postings alone, not the shipped roles.")
@roles_dir_option
@as_of_option
@bound_options
def compare(old: str, new: str, fmt: str, output: Path | None, top: int, role_ids: tuple[str, ...], redact: bool,
            jobs: tuple[str, ...], only_jobs: bool, roles_dirs: tuple[Path, ...], as_of: date | None, timeout: float,
            max_memory_mb: int) -> None:
    """Compare two versions of a resume, OLD and NEW ("-" for stdin): per role the score before → after, and what
    was gained, lost and is still missing, each with the resume line that shows it.

    \b
    Examples:
      rolematch compare cv-2025.pdf cv-2026.pdf
      rolematch compare old.txt new.txt --role data-scientist --format html -o progress.html
      rolematch compare old.txt new.txt --format json
      rolematch compare old.pdf new.pdf --job posting.txt --only-jobs
    """
    if output is not None and fmt not in ("html", "markdown"):
        raise click.UsageError("-o is for html and markdown reports; redirect table or json output instead")
    _check_jobs(jobs, only_jobs, (old, new))
    options = api.Options(role_ids=role_ids, roles_dirs=tuple(map(str, roles_dirs)), as_of=as_of, redact=redact,
                          format="json" if fmt == "table" else fmt, top=top, limits=_limits(timeout, max_memory_mb),
                          only_jobs=only_jobs)
    if jobs:
        with _click_errors(unknown_role_is_usage=False):
            api.roles(options)  # an unknown role stops the run before any posting is read
        options = _job_roles(jobs, options)
    try:
        # compare names two files and roles: any of them wrong is one line and exit 1
        with _click_errors(unknown_role_is_usage=False, passing=(ReadError,)):
            chosen = api.roles(options)  # an unknown role or a broken role file stops the run before any file is read
            with api.worker_pool(1, options) as pool:
                comparison = api.compare(api.Source.from_path(old), api.Source.from_path(new), options, pool=pool,
                                         chosen=chosen)
    except ReadError as exc:
        _report_error(exc.source, exc, fmt)
        sys.exit(1)
    if fmt == "table":
        api.print_comparison(comparison, top=top)
    elif output is None:
        click.echo(api.render(comparison, options), nl=fmt == "json")
    else:
        output.write_text(api.render(comparison, options), encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--show-text", is_flag=True,
              help="Print the text read from each FILE instead: what every offset and line number refers to "
                   "(check a PDF's reading order). With --format json: {\"source\", \"text\"} per file.")
@as_of_option
@bound_options
def extract(files: tuple[str, ...], fmt: str, show_text: bool, as_of: date | None, timeout: float,
            max_memory_mb: int) -> None:
    """Show what rolematch finds in each resume FILE ("-" for stdin), with the line it came from.

    FILE may be a PDF, DOCX, HTML, text or Markdown file: the content decides, not the name.

    \b
    Examples:
      rolematch extract resume.pdf --format json
      rolematch extract resume.pdf --show-text     the text the pipeline saw, columns in reading order
    """
    options = api.Options(as_of=as_of, limits=_limits(timeout, max_memory_mb))
    shown = 0

    def present(source: api.Source, found) -> None:
        nonlocal shown
        if fmt == "json":
            click.echo(api.render(found, options))  # the extract object, or with --show-text {"source", "text"}
        elif not show_text:
            api.print_profile(found)
        else:  # "==> FILE <==" before each when there are several (as head(1) does)
            if len(files) > 1:
                click.echo(("\n" if shown else "") + f"==> {found.source} <==")
            click.echo(found.text, nl=not found.text.endswith("\n"))
        shown += 1

    _run_files(files, api.read if show_text else api.extract, options, fmt, present)


def _check_jobs(jobs: tuple[str, ...], only_jobs: bool, files: tuple[str, ...]) -> None:
    """--only-jobs needs a --job, and stdin ("-") can be read once, by a resume or by one posting."""
    if only_jobs and not jobs:
        raise click.UsageError("--only-jobs needs at least one --job POSTING")
    if "-" in jobs and ("-" in files or jobs.count("-") > 1):
        raise click.UsageError("stdin (\"-\") can be read once: give one resume or one posting as \"-\", not both")


def _job_roles(jobs: tuple[str, ...], options: api.Options) -> api.Options:
    """`options` with the postings made roles, each read in a worker under the limits; a posting that cannot be
    read stops the run with one line naming it (exit 1)."""
    with _click_errors(), api.worker_pool(1, options) as pool:
        try:
            return api.with_jobs(options.replace(jobs=tuple(api.Source.from_path(j) for j in jobs)), pool=pool)
        except ReadError as exc:
            raise click.ClickException(f"job posting {exc}") from exc


@cli.group()
def roles() -> None:
    """The roles resumes are scored against."""


@roles.command("list")
@roles_dir_option
def roles_list(roles_dirs: tuple[Path, ...]) -> None:
    """List every role: id, title, summary."""
    with _click_errors():
        api.print_roles(api.Options(roles_dirs=tuple(map(str, roles_dirs))))


@roles.command("show")
@click.argument("role_id", metavar="ID")
@roles_dir_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def roles_show(role_id: str, roles_dirs: tuple[Path, ...], fmt: str) -> None:
    """Show one role in full: weights, skills with their next steps, degree, experience, certifications."""
    options = api.Options(roles_dirs=tuple(map(str, roles_dirs)))
    with _click_errors():
        role = api.role(role_id, options)
    if fmt == "json":
        click.echo(api.render(role, options))
    else:
        api.print_role(role, options)


@roles.command("from-job")
@click.argument("posting", metavar="POSTING")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the role file here (FILE.toml); without it the role file goes to stdout.")
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True,
              help="toml: a role file for --roles-dir; json: the role in full, with the posting's evidence.")
@roles_dir_option
@bound_options
def roles_from_job(posting: str, output: Path | None, fmt: str, roles_dirs: tuple[Path, ...], timeout: float,
                   max_memory_mb: int) -> None:
    """Build a role from a job POSTING ("-" for stdin): a role file to edit and reuse with --roles-dir.

    \b
    Examples:
      rolematch roles from-job posting.txt -o roles/acme-data-scientist.toml
      rolematch score resume.pdf --roles-dir roles/
    """
    options = api.Options(roles_dirs=tuple(map(str, roles_dirs)), limits=_limits(timeout, max_memory_mb))
    if output is not None and output.suffix != ".toml" and fmt == "toml":
        raise click.UsageError("-o names a role file: end it in .toml (the loader reads *.toml only)")
    options = _job_roles((posting,), options)
    role = options.job_roles[0]
    text = api.role_toml(role) if fmt == "toml" else api.render(role, options)
    for warning in role.posting.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output} (role {role.id}: {len(role.posting.requirements)} requirements)", err=True)


class _BadArgumentsExitOne(click.Command):
    """batch documents exit code 1 for bad arguments (a placement cell's scripts tell 0, 3 and 1 apart), where
    click's usage errors exit 2 after the usage text: here they are one line, while parsing and for a role that
    does not exist."""

    def make_context(self, *args, **kwargs):
        with _usage_error_is_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _usage_error_is_one_line():
            return super().invoke(ctx)


@contextlib.contextmanager
def _click_errors(*, unknown_role_is_usage: bool = True, passing: tuple[type[Exception], ...] = ()):
    """The library's errors as click's: an unknown role is a usage error (or, with unknown_role_is_usage=False,
    one line and exit 1 as every other error), any other a one-line error (exit 1). `passing` errors go through
    for the caller to report."""
    try:
        yield
    except passing:
        raise
    except UnknownRoleError as exc:
        if unknown_role_is_usage:
            raise click.UsageError(str(exc)) from exc
        raise click.ClickException(str(exc)) from exc
    except RolematchError as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.contextmanager
def _usage_error_is_one_line():
    try:
        yield
    except click.UsageError as exc:
        raise click.ClickException(f"{exc.format_message()} (see rolematch batch --help)") from None


@cli.command(cls=_BadArgumentsExitOne)
@click.argument("input_dir", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for results, summary, profiles, reports, index.html, errors and manifest.")
@click.option("--workers", type=click.IntRange(1, 512), help="Worker processes (default: the number of CPUs).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
              "(with --engine dask; without it a local cluster is started).")
@click.option("--role", "role_ids", multiple=True, metavar="ID", help="Score only this role (repeatable).")
@roles_dir_option
@click.option("--html/--no-html", default=True, show_default=True, help="Write a gap report per resume.")
@click.option("--table", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("--glob", "pattern", default="*", show_default=True,
              help='Only files whose name matches; with a "/", whose path relative to INPUT_DIR matches '
                   '("*" then crosses folders).')
@click.option("--force", is_flag=True, help="Score everything again, even resumes unchanged since the last run.")
@as_of_option
@bound_options
def batch(input_dir: Path, out_dir: Path, workers: int | None, engine: str, scheduler: str | None,
          role_ids: tuple[str, ...], roles_dirs: tuple[Path, ...], html: bool, table: str, pattern: str, force: bool,
          as_of: date | None, timeout: float, max_memory_mb: int) -> None:
    """Score every resume under INPUT_DIR (recursively) into a results table, reports and a cohort overview.

    \b
    Exit codes: 0 every resume scored, 3 some could not be read (see errors.csv),
    1 none could be scored or bad arguments.
    \b
    Examples:
      rolematch batch resumes/ -o out/
      rolematch batch resumes/ -o out/ --no-html --table parquet
      rolematch batch resumes/ -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .batch import BatchOptions, score_folder

    options = BatchOptions(role_ids=role_ids, roles_dirs=tuple(str(d) for d in roles_dirs), html=html,
                           as_of=as_of.isoformat() if as_of else None, timeout=timeout,
                           max_memory_mb=max_memory_mb)
    with _click_errors():
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn, TextColumn

            with Progress(TextColumn("Scoring"), BarColumn(), MofNCompleteColumn(),
                          TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), transient=True) as bar:
                task = bar.add_task("batch", total=None, rate="")
                started = time.perf_counter()

                def progress(done: int, total: int) -> None:
                    rate = done / max(time.perf_counter() - started, 1e-9)
                    bar.update(task, completed=done, total=total, rate=f"{rate:.0f}/s")

                summary = score_folder(input_dir, out_dir, workers=workers, engine=engine, scheduler=scheduler,
                                       options=options, table=table, pattern=pattern, force=force, progress=progress)
        else:
            summary = score_folder(input_dir, out_dir, workers=workers, engine=engine, scheduler=scheduler,
                                   options=options, table=table, pattern=pattern, force=force)
    click.echo(summary.line(), err=True)
    sys.exit(130 if summary.interrupted else summary.exit_code)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes; each has a fork server that builds the pipeline once at start-up.")
@roles_dir_option
@click.option("--api-key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the API key; every endpoint but /healthz then needs `Authorization: Bearer KEY`. "
                   "ROLEMATCH_API_KEY works too.")
@click.option("--insecure-no-auth", is_flag=True, help="Allow binding beyond this machine without an API key.")
@click.option("--max-upload-mb", type=click.FloatRange(0.1, 100), default=_LIMITS.max_bytes // MB, show_default=True)
@click.option("--max-text-chars", type=click.IntRange(1000, 10_000_000), default=_LIMITS.max_chars, show_default=True,
              help=f"Longest pasted text accepted (a document's extracted text is held to {_LIMITS.max_chars:,}).")
@click.option("--timeout", type=click.FloatRange(0.1), default=_LIMITS.timeout_s, show_default=True,
              help="Seconds allowed per resume, its upload included; its worker process is then killed and it gets 503.")
@click.option("--max-memory-mb", type=click.IntRange(0), default=_LIMITS.max_memory_mb, show_default=True,
              help="Memory allowed per resume, in MiB of its worker process (0: no limit); past it the worker is killed "
                   "and the resume gets 422 (too-complex).")
@click.option("--max-in-flight", type=click.IntRange(1, 256), default=16, show_default=True,
              help="Resumes processed at once per server process, each in a worker process of its own; more get 503 "
                   "with Retry-After at once.")
def serve(host: str, port: int, workers: int, roles_dirs: tuple[Path, ...], api_key_file: Path | None,
          insecure_no_auth: bool, max_upload_mb: float, max_text_chars: int, timeout: float, max_memory_mb: int,
          max_in_flight: int) -> None:
    """Run the HTTP service: an upload page at /, the JSON API under /v1, docs at /docs.

    \b
    Examples:
      rolematch serve                                   on http://127.0.0.1:8000
      rolematch serve --host 0.0.0.0 --workers 4 --api-key-file /etc/rolematch/key
    """
    import json
    import logging
    import os

    try:
        import fastapi  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn
    except ImportError:
        raise click.ClickException('the service needs its extra: pip install "rolematch[serve]"') from None
    from .service import is_loopback

    key = os.environ.get("ROLEMATCH_API_KEY") or None
    if api_key_file is not None:
        key = api_key_file.read_text(encoding="utf-8").strip() or None
        if key is None:
            raise click.ClickException(f"{api_key_file}: the API key file is empty")
    if key is None and not is_loopback(host) and not insecure_no_auth:
        raise click.ClickException(
            f"refusing to serve on {host} without an API key: anyone who can reach it could use it. Pass "
            "--api-key-file FILE (or set ROLEMATCH_API_KEY), or --insecure-no-auth if a proxy in front checks access")
    settings = {"roles_dirs": [str(d) for d in roles_dirs], "api_key": key, "timeout": timeout,
                "max_memory_mb": max_memory_mb, "max_text_chars": max_text_chars,
                "max_upload_bytes": int(max_upload_mb * MB), "max_in_flight": max_in_flight}
    os.environ["ROLEMATCH_SERVICE_SETTINGS"] = json.dumps(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run("rolematch.service:app_from_environment", factory=True, host=host, port=port, workers=workers,
                access_log=False, log_level="warning", server_header=False)


def main() -> None:
    cli()
