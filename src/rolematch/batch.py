"""Score a folder of resumes: one per-file function, two engines (a local process pool, a Dask cluster), one table.

Every finished resume is appended at once to a journal (OUT_DIR/.rolematch/journal.jsonl), so an interrupted run
keeps what it did and a re-run only does what changed. The outputs (results.csv, summary.csv, profiles.jsonl,
errors.csv, index.html, manifest.json) are then built from the journal in one streaming pass, sorted by file,
each written to a temporary file and renamed into place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import functools
import hashlib
import json
import logging
import os
import re
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import SCHEMA_VERSION, __version__
from .errors import RolematchError
from .models import DEGREE_LEVELS

log = logging.getLogger(__name__)

# Resume formats, and the legacy ones a student may still send: those become error rows that say how to fix them.
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".html", ".htm",
                                ".doc", ".rtf", ".odt"})
CHUNK = 32           # resumes per task: fewer round trips to the workers
CHUNK_BYTES = 4 << 20  # or fewer, when their files are large
WINDOW_PER_WORKER = 4  # chunks in flight per worker: bounded memory however large the folder
TABLE_ROWS = 2000    # rows per write of results.csv / summary.csv
JOURNAL = Path(".rolematch") / "journal.jsonl"
EXIT_OK, EXIT_SOME_FAILED, EXIT_NONE = 0, 3, 1
RETRIED_ERRORS = frozenset({"timeout", "unreadable"})  # may pass next time: never taken from an earlier run

RESULT_COLUMNS = ("file", "sha256", "role_id", "role_title", "score", "rank", "skills", "languages", "degree",
                  "experience", "certifications", "matched", "top_missing")
ERROR_COLUMNS = ("file", "kind", "message")


@dataclass(frozen=True)
class BatchOptions:
    """What decides a resume's result besides its bytes: a change re-scores it on the next run."""

    role_ids: tuple[str, ...] = ()
    roles_dirs: tuple[str, ...] = ()
    html: bool = True
    as_of: str | None = None          # ISO date; None: today
    timeout: float = 30.0             # seconds per resume, enforced in the worker
    redact: bool = False
    roles_digest: str = ""            # of the role files' contents; filled in by score_folder

    def key(self, data_version: str) -> str:
        return _options_key(self, data_version)


@functools.lru_cache(maxsize=16)  # asked for every resume; the same for a whole run
def _options_key(options: BatchOptions, data_version: str) -> str:
    raw = json.dumps([data_version, __version__, options.role_ids, options.roles_dirs, options.html, options.as_of,
                      options.redact, options.roles_digest])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def roles_digest(roles_dirs: Iterable[str | Path]) -> str:
    """A hash of every role file a run reads, the shipped ones and each --roles-dir's: an edited role re-scores."""
    from .roles import role_files, role_folders

    digest = hashlib.sha256()
    for folder in role_folders(extra_dirs=roles_dirs):
        for path in role_files(folder):
            digest.update(f"{folder}\0{path.name}\0".encode("utf-8", "surrogateescape"))
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class BatchSummary:
    out_dir: Path
    scored: int = 0
    failed: int = 0
    reused: int = 0
    skipped: Counter = field(default_factory=Counter)
    duplicates: int = 0
    seconds: float = 0.0
    interrupted: bool = False       # Ctrl-C, or a local worker killed
    stopped: str | None = None      # why the Dask cluster stopped the run early

    @property
    def exit_code(self) -> int:
        if self.scored + self.reused == 0:
            return EXIT_NONE
        return EXIT_SOME_FAILED if self.failed or self.stopped else EXIT_OK

    def line(self) -> str:
        skipped = sum(self.skipped.values())
        rate = f" ({(self.scored + self.failed) / self.seconds:.0f} resumes/s)" if self.seconds and self.scored else ""
        text = (f"{self.scored + self.reused} scored ({self.reused} unchanged since the last run), {self.failed} failed, "
                f"{skipped} skipped, {self.duplicates} duplicates; {self.seconds:.1f} s{rate}; outputs in {self.out_dir}")
        if self.stopped:
            return f"Stopped early ({self.stopped}); a re-run continues where it stopped: {text}"
        return ("Interrupted: " if self.interrupted else "") + text


# ---------------------------------------------------------------------------------------------------- walking


def find_resumes(input_dir: Path, pattern: str = "*",
                 exclude: Path | None = None) -> tuple[list[tuple[str, Path]], Counter]:
    """(name, path) of every supported file under input_dir, sorted by name; and what was skipped, by reason. The
    name is the path relative to input_dir as text every output can hold (see display_name). `pattern` is matched
    against the file name, or against the relative path if it holds a "/" ("*" then crosses folders too).
    `exclude` is a folder not to enter: the batch's own output folder when it sits inside the input."""
    root = input_dir.resolve()
    exclude = exclude.resolve() if exclude is not None else None
    found, skipped = [], Counter()
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        kept = []
        for d in dirs:
            if d.startswith("."):
                skipped["hidden"] += 1
            elif (here / d).is_symlink() and not _inside(here / d, root):
                skipped["symlink outside the folder"] += 1
            elif exclude is not None and (here / d).resolve() == exclude:
                skipped["the output folder"] += 1
            else:
                kept.append(d)
        dirs[:] = sorted(kept)
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if name.startswith("."):
                skipped["hidden" if not name.startswith(".#") else "editor temporary file"] += 1
            elif name.startswith("~$") or name.endswith("~") or (name.startswith("#") and name.endswith("#")):
                skipped["editor temporary file"] += 1
            elif path.is_symlink() and not _inside(path, root):
                skipped["symlink outside the folder"] += 1
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped["not a resume format"] += 1
            elif not fnmatch.fnmatch(relative if "/" in pattern else name, pattern):
                skipped["not matched by --glob"] += 1
            elif path.exists() and not path.is_file():  # a pipe or a device would block the run
                skipped["not a regular file"] += 1
            else:
                found.append((relative, path))
    return _named(found), skipped


def _named(found: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each relative path as its display name, sorted; an escaped name that another file has as its own (a file
    literally called "caf\\xe9.txt") gets a number, so that no two files share a name."""
    names = {relative for relative, _ in found if display_name(relative) == relative}
    named = []
    for relative, path in sorted(found):
        name = display_name(relative)
        if name != relative:
            stem, dot, suffix = name.rpartition(".")
            number = 1
            while name in names:
                number += 1
                name = f"{stem} ({number}){dot}{suffix}" if dot else f"{name} ({number})"
            names.add(name)
        named.append((name, path))
    named.sort()
    return named


def display_name(relative: str) -> str:
    """A relative path as text that every output can hold: bytes that are not UTF-8 and control characters
    escaped as \\xff and \\x1b; any other file name is itself."""
    text = relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except OSError:
        return False


def report_name(relative: str) -> str:
    """A safe, unique file name for a resume's report: no separators, no "..", no control characters, bounded."""
    stem = Path(relative).stem
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "resume"
    digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug[:60]}-{digest}.html"


# ---------------------------------------------------------------------------------------------------- per file


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise _Timeout after `seconds` of wall time. Signals reach only a process's main thread: that is where the
    local engine's workers run each task; elsewhere (Dask's worker threads) the limit is not enforced."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def score_one(name: str, data: bytes, options: BatchOptions, *, in_zone: bool = False) -> tuple[str, str, str | None]:
    """Score one resume; picklable in and out. Returns its journal entry as two JSON lines, ready to append (a
    small head with the table rows, then the profile), and its HTML report or None."""
    from . import api

    sha = hashlib.sha256(data).hexdigest()
    head: dict = {"file": name, "sha256": sha, "key": options.key(api.data_version())}
    try:
        with _time_limit(options.timeout):
            as_of = date.fromisoformat(options.as_of) if options.as_of else None
            roles = api.roles_for(options.role_ids, options.roles_dirs)
            profile = api.extract_bytes(name, data, as_of=as_of, release_vocabulary=not in_zone)
            result = api.score_profile(profile, roles)
            html = None
            if options.html:
                from .report import render_report

                html = render_report(result, {r.id: r for r in roles}, "html", data_version=api.data_version(),
                                     report_date=as_of or date.today(), redact=options.redact)
    except _Timeout:
        head["error"] = {"kind": "timeout", "message": f"{name}: took longer than {options.timeout:g} s"}
        return json.dumps(head), "null", None
    except RolematchError as exc:
        head["error"] = {"kind": exc.kind, "message": str(exc)}
        return json.dumps(head), "null", None
    best = result.roles[0] if result.roles and result.roles[0].score > 0 else None  # all 0: no role fits
    degree = max(profile.degrees, key=lambda d: DEGREE_LEVELS.index(d.level), default=None)
    head.update({
        "error": None,
        "results": [_result_row(role, rank) for rank, role in enumerate(result.roles, 1)],
        "summary": {"best_role": best.id if best else None,
                    "best_score": result.roles[0].score if result.roles else None,
                    "scores": {r.id: r.score for r in result.roles},
                    "degree_level": degree.level if degree else None,
                    "degree_field": degree.field if degree else None,
                    "experience_years": profile.experience_years, "skills": len(profile.skills)},
        "missing": {r.id: _not_held(r) for r in result.roles},
        "report": f"reports/{report_name(name)}" if html is not None else None,
    })
    profile_line = json.dumps({"schema_version": SCHEMA_VERSION, **profile.to_dict()}, ensure_ascii=False)
    return json.dumps(head, ensure_ascii=False), profile_line, html


def _not_held(role) -> list[str]:
    """The role's skills and languages the resume does not show at all: what a workshop could teach. Partly met
    ones and resume fixes (shown but never named) are the student's own to word better."""
    held = {m.id for m in role.matched}
    return [m.name for m in role.missing
            if m.kind in ("skill", "language") and m.action == "learn" and m.id not in held]


def _result_row(role, rank: int) -> dict:
    points = {c.name: c.points for c in role.components}
    return {"role_id": role.id, "role_title": role.title, "score": role.score, "rank": rank,
            **{name: points.get(name, 0.0) for name in ("skills", "languages", "degree", "experience", "certifications")},
            "matched": sum(1 for m in role.matched if m.kind in ("skill", "language")),
            "top_missing": "; ".join(m.name for m in role.missing[:3])}


def score_chunk(chunk: list[tuple[str, bytes]], options: BatchOptions) -> list[tuple[str, str, str, str | None]]:
    """Resumes in a vocabulary memory zone: the words they share are made once, and freed when the zone ends."""
    from .extract.pipeline import get_pipeline, vocabulary_zone

    nlp = get_pipeline()
    if _WORKER_ZONE is not None:  # a local pool worker: one zone spans many chunks, renewed every ZONE_RESUMES
        _WORKER_ZONE.renew(nlp, len(chunk))
        return [(name, *score_one(name, data, options, in_zone=True)) for name, data in chunk]
    with vocabulary_zone(nlp):  # elsewhere (a Dask worker, maybe with several threads) a zone is the chunk's own
        return [(name, *score_one(name, data, options, in_zone=True)) for name, data in chunk]


class _WorkerZone:
    """A local pool worker's open memory zone. Re-making every common word's lexeme for each small zone costs a
    tenth of the time per resume; a zone of a few hundred resumes keeps the vocabulary bounded at a fraction of that.
    Only for a process with one thread, which nothing else shares: the zone stays open between tasks."""

    def __init__(self) -> None:
        self.zone = None
        self.seen = 0

    def renew(self, nlp, coming: int) -> None:
        if self.zone is None or self.seen + coming > ZONE_RESUMES:
            if self.zone is not None:
                self.zone.__exit__(None, None, None)
            self.zone = nlp.memory_zone()
            self.zone.__enter__()
            self.seen = 0
        self.seen += coming


ZONE_RESUMES = 256
_WORKER_ZONE: _WorkerZone | None = None  # made by _start_local_worker; a Dask worker or the parent has none


def _warm_up(options: BatchOptions) -> None:
    """Build the pipeline and load the roles once per worker process, before the first resume."""
    from . import api
    from .extract.pipeline import get_pipeline

    get_pipeline()
    api.roles_for(options.role_ids, options.roles_dirs)


def _start_local_worker(options: BatchOptions) -> None:
    """A local pool worker: one thread, its own zone across tasks. Ctrl-C is the parent's to handle: a worker
    ignores it, so the parent can stop cleanly and keep what is done."""
    global _WORKER_ZONE

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_ZONE = _WorkerZone()
    _warm_up(options)


# ---------------------------------------------------------------------------------------------------- engines


def _chunks(items: Iterable[tuple[str, Path]], failed: Callable[[str, str, str], None]) -> Iterator[list]:
    """(name, bytes) in chunks of at most CHUNK resumes or CHUNK_BYTES, so that what is in flight stays bounded
    however large the files; a file over the size limit, or one that cannot be read, is failed(name, kind, reason)
    without being read."""
    from .read import MAX_BYTES, too_large

    chunk, size = [], 0
    for name, path in items:
        try:
            length = path.stat().st_size
            if length > MAX_BYTES:
                error = too_large(name, length)
                failed(name, error.kind, error.reason)
                continue
            data = path.read_bytes()
        except OSError as exc:
            failed(name, "unreadable", exc.strerror or "cannot be read")
            continue
        chunk.append((name, data))
        size += len(data)
        if len(chunk) == CHUNK or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _bounded(submit: Callable, chunks: Iterable[list], window: int) -> Iterator[list]:
    """Submit chunks with at most `window` in flight; yield each chunk's lines as it finishes, in order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextlib.contextmanager
def _engine(engine: str, workers: int, scheduler: str | None, options: BatchOptions):
    """A `submit(chunk) -> future` for the chosen engine, and how many chunks to keep in flight."""
    if engine == "local":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["rolematch._worker_preload"])
        else:
            context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_local_worker,
                                   initargs=(options,))
        try:
            yield (lambda chunk: pool.submit(score_chunk, chunk, options)), workers * WINDOW_PER_WORKER
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RolematchError('the dask engine needs dask.distributed: pip install "rolematch[dask]"') from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        scheduler = cluster.scheduler_address
    try:
        try:
            client = Client(scheduler)
        except (OSError, ValueError, TypeError) as exc:  # no such host or port, nothing listening, a typo
            raise RolematchError(f"cannot reach the Dask scheduler at {scheduler}: {exc} (start one with "
                                 "`dask scheduler` and give its tcp://HOST:PORT)") from None
        with client:
            client.run(_warm_up, options)
            n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            # pure=False: the same name with new bytes must never hit a cached result
            yield (lambda chunk: client.submit(score_chunk, chunk, options, pure=False)), n * WINDOW_PER_WORKER
    finally:
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------------------------------------------- the run


def score_folder(input_dir: str | Path, out_dir: str | Path, *, workers: int | None = None, engine: str = "local",
                 scheduler: str | None = None, options: BatchOptions = BatchOptions(), table: str = "csv",
                 pattern: str = "*", force: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Score every resume under input_dir into out_dir (see the module docstring). Returns counts; never raises for
    one bad file. Ctrl-C stops cleanly: what finished is kept and the outputs are written for it."""
    from . import api

    input_dir, out_dir = Path(input_dir), Path(out_dir)
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
    roles = api.roles_for(options.role_ids, options.roles_dirs)  # bad roles fail here, before any work
    options = dataclasses.replace(options, roles_digest=roles_digest(options.roles_dirs))
    _prepare_outputs_in_background()
    workers = workers or os.cpu_count() or 1
    started = time.perf_counter()
    summary = BatchSummary(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "reports").mkdir(exist_ok=True)
    files, summary.skipped = find_resumes(input_dir, pattern, exclude=out_dir)
    journal_path = out_dir / JOURNAL
    journal_path.parent.mkdir(exist_ok=True)
    if force and journal_path.exists():
        journal_path.unlink()
    key = options.key(api.data_version())
    done = _read_journal(journal_path, key)
    hashes = {}
    todo = []
    for name, path in files:
        previous = done.get(name)
        # a file refused unread has no hash to compare: it is looked at again, from its size
        if previous is not None and previous[1] and (previous[2] or {}).get("kind") not in RETRIED_ERRORS:
            try:
                stat_ok = previous[1] == hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                stat_ok = False
            if stat_ok:
                hashes[name] = previous[1]
                continue
        todo.append((name, path))
    summary.reused = sum(1 for name, _ in files if name in hashes and done[name][2] is None)
    summary.failed = sum(1 for name, _ in files if name in hashes and done[name][2] is not None)

    # where each file's latest entry starts in the journal: kept as it is written, so the outputs need not read
    # the journal twice
    offsets = {name: entry[0] for name, entry in done.items()}

    def append(name: str, head: str, profile: str) -> None:
        data = f"{head}\n{profile}\n".encode("utf-8")  # one write: a pair is never split
        offsets[name] = journal.tell()
        journal.write(data)

    def failed(name: str, kind: str, reason: str) -> None:
        error = {"kind": kind, "message": f"{name}: {reason}"}
        head = json.dumps({"file": name, "sha256": "", "key": key, "error": error}, ensure_ascii=False)
        append(name, head, "null")
        summary.failed += 1

    finished = 0
    with journal_path.open("ab") as journal:
        try:
            if todo:
                with _engine(engine, workers, scheduler, options) as (submit, window):
                    for outcomes in _bounded(submit, _chunks(todo, failed), window):
                        for name, head, profile, html in outcomes:
                            if html is not None:
                                _atomic_write(out_dir / "reports" / report_name(name), html)
                            append(name, head, profile)
                            error = profile == "null"
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
    with _outputs_before_ctrl_c(summary):
        summary.duplicates = _build_outputs(out_dir, [name for name, _ in files], journal_path, offsets, roles,
                                            table, options, summary, started, engine=engine, workers=workers,
                                            pattern=pattern)
    summary.seconds = time.perf_counter() - started
    return summary


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


def _read_journal(path: Path, key: str) -> dict[str, tuple[int, str, dict | None]]:
    """The latest usable entry of each file: (byte offset of its head, sha256, error). The journal holds pairs of
    lines, a head and a profile; a pair cut short by an interruption is ignored."""
    entries: dict[str, tuple[int, str, dict | None]] = {}
    if not path.exists():
        return entries
    with path.open("rb") as handle:
        offset = 0
        while True:
            head, profile = handle.readline(), handle.readline()
            if not profile.endswith(b"\n"):
                break
            try:
                entry = json.loads(head)
                if entry.get("key") == key:
                    entries[entry["file"]] = (offset, entry["sha256"], entry["error"])
            except (ValueError, KeyError, TypeError):
                pass
            offset += len(head) + len(profile)
    return entries


def _atomic_write(path: Path, text: str | Iterable[str]) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with partial.open("w", encoding="utf-8") as handle:
        handle.writelines([text] if isinstance(text, str) else text)
    partial.replace(path)


class _TableWriter:
    """Rows appended in blocks to a CSV (or Parquet) file through pandas, with fixed columns and dtypes."""

    def __init__(self, path: Path, columns: tuple[str, ...], dtypes: dict[str, str], table: str) -> None:
        self.path, self.columns, self.dtypes, self.table = path, columns, dtypes, table
        self.partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.rows: list[dict] = []
        self.first = True
        self.parquet = None

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if len(self.rows) >= TABLE_ROWS:
            self.flush()

    def flush(self) -> None:
        import pandas as pd

        if not self.rows and not self.first:
            return
        frame = pd.DataFrame(self.rows, columns=list(self.columns)).astype(self.dtypes)
        self.rows = []
        if self.table == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            arrow = pa.Table.from_pandas(frame, preserve_index=False)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.partial, arrow.schema)
            self.parquet.write_table(arrow)
        else:
            frame.to_csv(self.partial, mode="w" if self.first else "a", header=self.first, index=False)
        self.first = False

    def close(self) -> None:
        self.flush()
        if self.parquet is not None:
            self.parquet.close()
        self.partial.replace(self.path)


class _Spool:
    """A list that lives in a temporary file: append JSON-able items, then iterate over them (as often as needed)."""

    def __init__(self, folder: Path) -> None:
        import tempfile

        self.handle = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)
        self.count = 0

    def append(self, item) -> None:
        self.handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self):
        self.handle.flush()
        self.handle.seek(0)
        return (json.loads(line) for line in self.handle)

    def close(self) -> None:
        self.handle.close()


def _chain(*parts):
    for part in parts:
        yield from part


def _prepare_outputs_in_background() -> None:
    """Import pandas and compile the cohort page while the workers start, instead of at the end of the run, when
    everything waits for it."""

    def prepare() -> None:
        import pandas  # noqa: F401

        from .report import environment

        environment(None).get_template("cohort.html")

    threading.Thread(target=prepare, daemon=True).start()


def _build_outputs(out_dir: Path, names: list[str], journal_path: Path, offsets: dict[str, int], roles, table: str,
                   options: BatchOptions, summary: BatchSummary, started: float, *, engine: str, workers: int,
                   pattern: str) -> int:
    """results, summary, profiles, errors, index.html and manifest.json from the journal, in file order."""
    from . import api

    role_ids = [r.id for r in roles]
    suffix = "parquet" if table == "parquet" else "csv"
    text_cols = {"file": "string", "sha256": "string"}
    results = _TableWriter(out_dir / f"results.{suffix}", RESULT_COLUMNS,
                           {**text_cols, "role_id": "string", "role_title": "string", "score": "float64",
                            "rank": "int64", "skills": "float64", "languages": "float64", "degree": "float64",
                            "experience": "float64", "certifications": "float64", "matched": "int64",
                            "top_missing": "string"}, table)
    summary_columns = ("file", "sha256", "best_role", "best_score", *[f"score_{r}" for r in role_ids],
                       "degree_level", "degree_field", "experience_years", "skills", "duplicate_of", "report")
    summaries = _TableWriter(out_dir / f"summary.{suffix}", summary_columns,
                             {**text_cols, "best_role": "string", "best_score": "float64",
                              **{f"score_{r}": "float64" for r in role_ids}, "degree_level": "string",
                              "degree_field": "string", "experience_years": "float64", "skills": "int64",
                              "duplicate_of": "string", "report": "string"}, table)
    errors = _TableWriter(out_dir / "errors.csv", ERROR_COLUMNS, {c: "string" for c in ERROR_COLUMNS}, "csv")
    profiles_path = out_dir / "profiles.jsonl"
    profiles_partial = profiles_path.with_name(f".profiles.jsonl.{os.getpid()}.tmp")
    first_by_hash: dict[str, str] = {}
    duplicates = 0
    best_counts: Counter = Counter()
    missing_counts: dict[str, Counter] = {r: Counter() for r in role_ids}
    # the index's table and the manifest's inputs are as long as the folder: spooled to disk, not kept in memory
    index_rows = _Spool(out_dir)
    inputs = _Spool(out_dir)
    with journal_path.open("rb") as journal, profiles_partial.open("w", encoding="utf-8") as profiles:
        for name in names:
            found = offsets.get(name)
            if found is None:
                inputs.append({"file": name, "status": "not done"})
                continue
            journal.seek(found)
            entry = json.loads(journal.readline())
            profile_line = journal.readline().decode("utf-8")
            inputs.append({"file": name, "sha256": entry["sha256"], "status": "failed" if entry["error"] else "scored"})
            if entry["error"]:
                errors.add({"file": name, **entry["error"]})
                continue
            duplicate_of = first_by_hash.setdefault(entry["sha256"], name)
            duplicates += duplicate_of != name
            for row in entry["results"]:
                results.add({"file": name, "sha256": entry["sha256"], **row})
            s = entry["summary"]
            summaries.add({"file": name, "sha256": entry["sha256"], "best_role": s["best_role"],
                           "best_score": s["best_score"], **{f"score_{r}": s["scores"].get(r) for r in role_ids},
                           "degree_level": s["degree_level"], "degree_field": s["degree_field"],
                           "experience_years": s["experience_years"], "skills": s["skills"],
                           "duplicate_of": duplicate_of if duplicate_of != name else None,
                           "report": entry.get("report")})
            profiles.write(profile_line)
            best_counts[s["best_role"]] += 1
            for role_id, missing in entry["missing"].items():
                if role_id in missing_counts:
                    missing_counts[role_id].update(missing)
            index_rows.append((name, s["best_role"], s["best_score"], entry.get("report")))
    for writer in (results, summaries, errors):
        writer.close()
    profiles_partial.replace(profiles_path)

    from .report import render_cohort

    titles = {r.id: r.title for r in roles}
    _atomic_write(out_dir / "index.html", render_cohort(
        (tuple(row) for row in index_rows), index_rows.count, best_counts, missing_counts, titles, failed=summary.failed,
        data_version=api.data_version(), report_date=date.fromisoformat(options.as_of) if options.as_of else date.today()))
    manifest = {
        "schema_version": SCHEMA_VERSION, "rolematch": __version__, "skills_data": api.data_version(),
        "options": {"roles": list(options.role_ids), "roles_dirs": list(options.roles_dirs), "html": options.html,
                    "as_of": options.as_of, "timeout": options.timeout, "table": table, "redact": options.redact,
                    "engine": engine, "workers": workers, "glob": pattern},
        "counts": {"files": len(names), "scored": summary.scored + summary.reused, "failed": summary.failed,
                   "unchanged": summary.reused, "duplicates": duplicates, "skipped": dict(summary.skipped),
                   "interrupted": summary.interrupted, "stopped": summary.stopped},
        "timings": {"seconds": round(time.perf_counter() - started, 3)},
        "inputs": [],
    }
    head, _, tail = json.dumps(manifest, indent=2, ensure_ascii=False).rpartition('"inputs": []')
    _atomic_write(out_dir / "manifest.json", _chain(
        [head, '"inputs": ['],
        (("\n    " if i == 0 else ",\n    ") + json.dumps(item, ensure_ascii=False) for i, item in enumerate(inputs)),
        ["\n  ]" if inputs.count else "]", tail, "\n"]))
    index_rows.close()
    inputs.close()
    return duplicates
