"""score_folder: one run over a folder. Walks it, skips what the journal shows unchanged, sends the rest through an
engine, appends each outcome to the journal as it arrives, and builds the outputs from the journal at the end."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor
from pathlib import Path

from .. import api
from ..errors import RolematchError
from .engines import bounded, chunks, open_engine
from .journal import JOURNAL, Entry, Failure, Journal, Seen, read_journal
from .outputs import BatchSummary, atomic_write, build_outputs, prepare_in_background, remove_partial_files
from .walk import find_resumes, report_name
from .work import BatchOptions

log = logging.getLogger(__name__)

RETRIED_ERRORS = frozenset({"timeout", "unreadable"})  # may pass next time: never taken from an earlier run


def score_folder(input_dir: str | Path, out_dir: str | Path, *, workers: int | None = None, engine: str = "local",
                 scheduler: str | None = None, options: BatchOptions = BatchOptions(), table: str = "csv",
                 pattern: str = "*", force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Score every resume under input_dir into out_dir (see the package docstring). Returns counts; never raises for
    one bad file. Ctrl-C stops cleanly: what finished is kept and the outputs are written for it."""
    import os

    input_dir, out_dir = Path(input_dir), Path(out_dir)
    _check_arguments(input_dir, out_dir, engine, scheduler, table)
    roles = api.roles(options.pipeline)  # bad roles fail here, before any work
    options = dataclasses.replace(options, roles_digest=api.role_files_digest(options.pipeline))
    prepare_in_background()
    workers = workers or os.cpu_count() or 1
    started = time.perf_counter()
    summary = BatchSummary(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "reports").mkdir(exist_ok=True)
    remove_partial_files(out_dir)  # what a killed run was writing
    files, summary.skipped = find_resumes(input_dir, pattern, exclude=out_dir)
    journal_path = out_dir / JOURNAL
    journal_path.parent.mkdir(exist_ok=True)
    if force and journal_path.exists():
        journal_path.unlink()
    key = options.key(api.data_version())
    seen, complete = read_journal(journal_path, key)
    todo = [(name, path) for name, path in files if not _unchanged(seen.get(name), path)]
    done = {name for name, _ in files} - {name for name, _ in todo}
    summary.reused = sum(1 for name in done if seen[name].error is None)
    summary.failed = len(done) - summary.reused

    with _disk_errors(out_dir):
        with Journal.open(journal_path, seen, complete) as journal:
            _score(todo, journal, summary, key, out_dir, engine=engine, workers=workers, scheduler=scheduler,
                   options=options, progress=progress)
        with _outputs_before_ctrl_c(summary):
            summary.duplicates = build_outputs(
                out_dir, [name for name, _ in files], journal_path, journal, {r.id: r.title for r in roles}, options,
                summary, {"table": table, "engine": engine, "workers": workers, "glob": pattern, "started": started})
    summary.seconds = time.perf_counter() - started
    return summary


def _score(todo: list[tuple[str, Path]], journal: Journal, summary: BatchSummary, key: str, out_dir: Path, *,
           engine: str, workers: int, scheduler: str | None, options: BatchOptions,
           progress: Callable[[int, int], None] | None) -> None:
    """Send the files through the engine; append each outcome to the journal (and write its report) as it comes.
    Ctrl-C, a worker killed or a Dask cluster lost ends it early, keeping what is done."""

    def failed(name: str, kind: str, reason: str) -> None:
        journal.append(name, Entry(name, "", key, Failure(kind, f"{name}: {reason}")).to_json(), "null")
        summary.failed += 1

    finished = 0
    try:
        if not todo:
            return
        with open_engine(engine, workers, scheduler, options) as (submit, window):
            for outcomes in bounded(submit, chunks(todo, failed), window):
                for outcome in outcomes:
                    if outcome.html is not None:
                        atomic_write(out_dir / "reports" / report_name(outcome.name), outcome.html)
                    journal.append(outcome.name, outcome.entry, outcome.profile)
                    error = outcome.profile == "null"
                    summary.failed += error
                    summary.scored += not error
                    finished += 1
                journal.flush()
                if progress:
                    progress(finished, len(todo))
    except (KeyboardInterrupt, BrokenExecutor) as exc:  # Ctrl-C, or a worker killed: keep what is done
        summary.interrupted = True
        log.warning("batch stopped early (%s); a re-run continues where it stopped", type(exc).__name__)
    except Exception as exc:  # a scheduler or worker of the cluster lost: keep what is done, say why
        if engine != "dask" or isinstance(exc, RolematchError):
            raise
        summary.stopped = " ".join(f"the Dask cluster failed: {type(exc).__name__}: {exc}".split()).rstrip(":")


def _check_arguments(input_dir: Path, out_dir: Path, engine: str, scheduler: str | None, table: str) -> None:
    if not input_dir.is_dir():
        raise RolematchError(f"{input_dir}: not a folder (give the folder that holds the resumes)")
    if engine not in ("local", "dask"):
        raise RolematchError(f"unknown engine {engine!r}: use local or dask")
    if out_dir.resolve() == input_dir.resolve():
        raise RolematchError(f"{out_dir}: the output folder cannot be the input folder (its reports would be read as "
                             "resumes next time): give it a folder of its own")
    if scheduler is not None and engine != "dask":
        raise RolematchError("--scheduler is the address of a Dask scheduler: add --engine dask")
    if table == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise RolematchError('--table parquet needs pyarrow: pip install "rolematch[parquet]"') from None


def _unchanged(seen: Seen | None, path: Path) -> bool:
    """Whether the journal's entry for this file still holds: same bytes, and not an error that may pass next time.
    A file refused unread has no hash to compare: it is looked at again, from its size."""
    if seen is None or not seen.sha256 or (seen.error is not None and seen.error.kind in RETRIED_ERRORS):
        return False
    try:
        return seen.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False


@contextlib.contextmanager
def _disk_errors(out_dir: Path):
    """A full disk (or a folder that stops being writable) mid-run: one line naming the folder. What the journal
    holds is kept, and the next run goes on from it; no temporary file is left behind."""
    try:
        yield
    except OSError as exc:
        remove_partial_files(out_dir)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or "cannot be written"
        raise RolematchError(f"{out_dir}: {reason}: free some space (or fix the folder) and run again; the resumes "
                             "scored so far are kept and will not be scored again") from None


@contextlib.contextmanager
def _outputs_before_ctrl_c(summary: BatchSummary):
    """Ctrl-C while the outputs are written (a second or so) would leave some old and some new: it waits until they
    are all in place, then counts as an interruption."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    summary.interrupted = summary.interrupted or bool(pressed)
