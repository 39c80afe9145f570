"""The engines that run workers: a local process pool (workers forked from a server that built the pipeline once)
and a Dask cluster. Both take chunks of (name, bytes) and give back each chunk's outcomes, in order, with a bounded
number of chunks in flight."""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .. import api
from ..errors import RolematchError
from .work import BatchOptions, score_chunk, start_local_worker, warm_up

CHUNK = 32           # resumes per task: fewer round trips to the workers
CHUNK_BYTES = 4 << 20  # or fewer, when their files are large
WINDOW_PER_WORKER = 4  # chunks in flight per worker: bounded memory however large the folder


def chunks(items: Iterable[tuple[str, Path]], failed: Callable[[str, str, str], None]) -> Iterator[list]:
    """(name, bytes) in chunks of at most CHUNK resumes or CHUNK_BYTES, so that what is in flight stays bounded
    however large the files; a file over the size limit, or one that cannot be read, is failed(name, kind, reason)
    without being read."""
    chunk, size = [], 0
    for name, path in items:
        try:
            too_large = api.size_error(name, path.stat().st_size)
            if too_large is not None:
                failed(name, too_large.kind, too_large.reason)
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


def bounded(submit: Callable, chunks: Iterable[list], window: int) -> Iterator[list]:
    """Submit chunks with at most `window` in flight; yield each chunk's lines as it finishes, in order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextlib.contextmanager
def open_engine(engine: str, workers: int, scheduler: str | None, options: BatchOptions):
    """A `submit(chunk) -> future` for the chosen engine, and how many chunks to keep in flight."""
    if engine == "local":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(list(api.PRELOAD))
        else:
            context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start_local_worker,
                                   initargs=(options, os.getpid()))
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
            client.run(warm_up, options)
            n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            # pure=False: the same name with new bytes must never hit a cached result
            yield (lambda chunk: client.submit(score_chunk, chunk, options, pure=False)), n * WINDOW_PER_WORKER
    finally:
        if cluster is not None:
            cluster.close()
