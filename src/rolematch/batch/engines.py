"""The engines that run workers: a local process pool (workers forked from a server that built the pipeline once)
and a Dask cluster. Both take chunks of (name, bytes) and give back each chunk's outcomes, in order, with a bounded
number of chunks in flight."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .. import api
from ..errors import RolematchError
from .work import BatchOptions, score_chunk, warm_up

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
        from concurrent.futures import ThreadPoolExecutor

        # each thread hands its chunk's resumes one by one to a worker process forked from a warm fork server; a
        # worker past the time or memory limit is killed (an error row) and another forked for the next resume
        pool = api.worker_pool(workers, options.pipeline, start="forkserver")
        threads = ThreadPoolExecutor(workers, thread_name_prefix="rolematch-batch")
        try:
            pool.start(workers)
            yield (lambda chunk: threads.submit(score_chunk, chunk, options, pool)), workers * WINDOW_PER_WORKER
        finally:
            pool.close()  # first: a chunk still working (Ctrl-C) stops at once instead of finishing
            threads.shutdown(wait=True, cancel_futures=True)
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RolematchError('the dask engine needs dask.distributed: pip install "rolematch[dask]"') from None
    import dask

    # a daemon process cannot start processes: the workers of a cluster started here must not be one, so that each
    # task reads and extracts its resumes in worker processes of its own, killed at the limits
    with dask.config.set({"distributed.worker.daemon": False}):
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
