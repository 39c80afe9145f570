"""What a worker does with one resume: the library's pipeline (api.score, api.render) in a worker process that is
killed at the time or memory limit, and the outcome as the journal keeps it. Picklable in and out, for the local
engine and a Dask cluster alike."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing
import os
from dataclasses import dataclass
from typing import NamedTuple

from .. import __version__, api
from ..errors import RolematchError
from ..models import DEGREE_LEVELS, RoleScore, ScoreResult
from .journal import Entry, Failure, Summary
from .walk import report_name

log = logging.getLogger(__name__)

COMPONENTS = ("skills", "languages", "degree", "experience", "certifications")


@dataclass(frozen=True)
class BatchOptions:
    """What decides a resume's result besides its bytes: a change re-scores it on the next run."""

    role_ids: tuple[str, ...] = ()
    roles_dirs: tuple[str, ...] = ()
    html: bool = True
    as_of: str | None = None          # ISO date; None: today
    timeout: float = 30.0             # seconds per resume; its worker process is killed when they pass (0: none)
    max_memory_mb: int = 1024         # MiB of the worker's memory per resume, likewise (0: none)
    redact: bool = False
    roles_digest: str = ""            # of the role files' contents; filled in by score_folder

    @property
    def pipeline(self) -> api.Options:
        return _pipeline_options(self)

    @property
    def bound(self) -> api.Bound:
        return api.Bound(self.timeout, self.max_memory_mb)

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


def score_one(name: str, data: bytes, options: BatchOptions) -> Outcome:
    """Score one resume through the library's pipeline, here (in a worker process: see score_bounded)."""
    sha = hashlib.sha256(data).hexdigest()
    key = options.key(api.data_version())
    pipeline = options.pipeline
    try:
        result = api.score(api.Source.from_bytes(name, data), pipeline)
        html = api.render(result, pipeline) if options.html else None
    except RolematchError as exc:
        return _failed(name, data, options, exc)
    entry = Entry(name, sha, key, None, tuple(_result_row(role, rank) for rank, role in enumerate(result.roles, 1)),
                  _summary(result, options.redact), {r.id: _not_held(r) for r in result.roles if r.band != "weak"},
                  f"reports/{report_name(name)}" if html is not None else None)
    return Outcome(name, entry.to_json(), api.render(result.profile, pipeline), html)


def _failed(name: str, data: bytes, options: BatchOptions, error: RolematchError) -> Outcome:
    entry = Entry(name, hashlib.sha256(data).hexdigest(), options.key(api.data_version()), Failure(error.kind, str(error)))
    return Outcome(name, entry.to_json(), "null", None)


def score_bounded(name: str, data: bytes, options: BatchOptions, pool: api.Pool | None) -> Outcome:
    """score_one in one of the pool's workers, killed at the time or memory limit: then an error row (`timeout`,
    `too-complex`), and the next resume gets a new worker."""
    if pool is None:
        return score_one(name, data, options)
    try:
        return pool.run(name, options.bound, score_one, name, data, options)
    except RolematchError as exc:
        return _failed(name, data, options, exc)


def score_chunk(chunk: list[tuple[str, bytes]], options: BatchOptions, pool: api.Pool | None = None) -> list[Outcome]:
    """The outcomes of a chunk, in order. Without a pool (a Dask task): in a pool of this worker process's own."""
    pool = pool or _task_pool(options)
    return [score_bounded(name, data, options, pool) for name, data in chunk]


@functools.lru_cache(maxsize=4)  # one per Dask worker process and run's options: its workers stay warm
def _task_pool(options: BatchOptions) -> api.Pool | None:
    if multiprocessing.current_process().daemon:  # multiprocessing forbids a daemon process children
        log.warning("this Dask worker is a daemon process, which cannot start the worker processes that bound each "
                    "resume's time and memory: start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
        return None
    return api.worker_pool(os.cpu_count() or 1, options.pipeline, start="forkserver")


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
    """Start a Dask worker's own worker processes (or, where it cannot, build the pipeline in it) before the first
    resume."""
    pool = _task_pool(options)
    if pool is None:
        api.warm_up(options.pipeline)
    else:
        pool.start(1)
