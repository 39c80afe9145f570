"""What a worker does with one resume: the library's pipeline (api.score, api.render) under a time limit, and the
outcome as the journal keeps it. Picklable in and out, for a local process pool and a Dask cluster alike."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import signal
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple

from .. import __version__, api
from ..errors import RolematchError
from ..models import DEGREE_LEVELS, RoleScore, ScoreResult
from .journal import Entry, Failure, Summary
from .walk import report_name

COMPONENTS = ("skills", "languages", "degree", "experience", "certifications")


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

    @property
    def pipeline(self) -> api.Options:
        return _pipeline_options(self)

    def key(self, data_version: str) -> str:
        return _options_key(self, data_version)


@functools.lru_cache(maxsize=16)  # asked for every resume; the same for a whole run
def _pipeline_options(options: BatchOptions) -> api.Options:
    from datetime import date

    return api.Options(role_ids=options.role_ids, roles_dirs=options.roles_dirs, redact=options.redact,
                       as_of=date.fromisoformat(options.as_of) if options.as_of else None, format="html")


@functools.lru_cache(maxsize=16)
def _options_key(options: BatchOptions, data_version: str) -> str:
    raw = json.dumps([data_version, __version__, options.role_ids, options.roles_dirs, options.html, options.as_of,
                      options.redact, options.roles_digest])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class Outcome(NamedTuple):
    """One resume done: its journal entry and profile line, ready to append, and its HTML report or None."""

    name: str
    entry: str
    profile: str
    html: str | None


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


def score_one(name: str, data: bytes, options: BatchOptions) -> Outcome:
    """Score one resume through the library's pipeline."""
    sha = hashlib.sha256(data).hexdigest()
    key = options.key(api.data_version())
    pipeline = options.pipeline
    try:
        with _time_limit(options.timeout):
            result = api.score(api.Source.from_bytes(name, data), pipeline)
            html = api.render(result, pipeline) if options.html else None
    except _Timeout:
        failure = Failure("timeout", f"{name}: took longer than {options.timeout:g} s")
        return Outcome(name, Entry(name, sha, key, failure).to_json(), "null", None)
    except RolematchError as exc:
        return Outcome(name, Entry(name, sha, key, Failure(exc.kind, str(exc))).to_json(), "null", None)
    entry = Entry(name, sha, key, None, tuple(_result_row(role, rank) for rank, role in enumerate(result.roles, 1)),
                  _summary(result, options.redact), {r.id: _not_held(r) for r in result.roles if r.band != "weak"},
                  f"reports/{report_name(name)}" if html is not None else None)
    return Outcome(name, entry.to_json(), api.render(result.profile, pipeline), html)


def score_chunk(chunk: list[tuple[str, bytes]], options: BatchOptions) -> list[Outcome]:
    return [score_one(name, data, options) for name, data in chunk]


def _summary(result: ScoreResult, redact: bool) -> Summary:
    """The best role only from the band `partial` up: below it, none of the roles fits this resume yet."""
    profile = result.profile
    best = result.roles[0] if result.roles and result.roles[0].band != "weak" else None
    degree = max(profile.degrees, key=lambda d: DEGREE_LEVELS.index(d.level), default=None)
    return Summary(best.id if best else None, result.roles[0].score if result.roles else None,
                   {r.id: r.score for r in result.roles}, degree.level if degree else None,
                   degree.field if degree else None, profile.experience_years, len(profile.skills),
                   None if redact else profile.name, {r.id: r.band for r in result.roles},
                   profile.document.codes if profile.document is not None else ())


def _not_held(role: RoleScore) -> list[str]:
    """The role's skills and languages the resume does not show at all: what a workshop could teach. Partly met
    ones and resume fixes (shown but never named) are the student's own to word better. Kept only for the roles
    a resume fits from `partial` up: an advocate's lack of DAX is no gap for a BI workshop."""
    held = {m.id for m in role.matched}
    return [m.name for m in role.missing
            if m.kind in ("skill", "language") and m.action == "learn" and m.id not in held]


def _result_row(role: RoleScore, rank: int) -> dict:
    points = {c.name: c.points for c in role.components}
    return {"role_id": role.id, "role_title": role.title, "score": role.score, "rank": rank,
            **{name: points.get(name, 0.0) for name in COMPONENTS},
            "matched": sum(1 for m in role.matched if m.kind in ("skill", "language")),
            "top_missing": "; ".join(m.name for m in role.missing[:3])}


def warm_up(options: BatchOptions) -> None:
    """Build the pipeline and load the roles once per worker process, before the first resume."""
    api.warm_up(options.pipeline)


def start_local_worker(options: BatchOptions, main_pid: int) -> None:
    """A local pool worker: Ctrl-C is the parent's to handle: a worker ignores it, so the parent can stop cleanly and
    keep what is done; and it leaves when the batch's main process is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_main_process(main_pid)
    warm_up(options)


def watch_main_process(pid: int, interval: float = 1.0) -> threading.Thread:
    """Exit this process once process `pid` is gone: a main process killed with SIGKILL cannot stop its workers, and
    they would otherwise live on, holding their memory."""

    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # it exists (under another user): a recycled pid, or still ours
                pass

    watcher = threading.Thread(target=watch, name="rolematch-main-watch", daemon=True)
    watcher.start()
    return watcher
