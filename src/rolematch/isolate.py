"""A hard bound on one resume: its work runs in a worker process that is killed when the time limit passes or its
memory goes over the limit, and another worker is started for the next resume.

`signal.alarm` and threads cannot stop a C call (libxml2, PDFium, spaCy's tokenizer); a process can always be
killed. The parent sends the work down a pipe and waits on it with the deadline, reading the worker's resident
memory (/proc/PID/statm) every few milliseconds meanwhile; on a breach it sends SIGKILL and raises the error kind
(`timeout`, `too-complex`) as a ReadError naming the file. Workers are forked from a process that has already built
the pipeline ("fork" from a single-threaded command, "forkserver" with a warm preload from a server or a batch), so a
worker costs a fork, not a spaCy start-up, and a pool keeps them warm between resumes.

    with Pool(2, start="forkserver", preload=("rolematch._preload",)) as pool:
        profile = pool.run("resume.pdf", Bound(timeout_s=30, max_memory_mb=1024), work, source, options)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait

from .errors import ReadError

log = logging.getLogger(__name__)

MiB = 1024 * 1024
POLL_S = 0.02          # how often a working worker's memory is read: at 1-2 GB/s of allocation, 20-40 MB past the limit
START_TIMEOUT_S = 120  # a worker's start-up (its initializer warms the pipeline): far more than it ever takes
RETIRE_SHARE = 0.5     # a worker left holding over this share of the memory limit after a resume is replaced
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True, slots=True)
class Bound:
    """The limits of one resume's work. 0 turns a limit off."""

    timeout_s: float = 30.0
    max_memory_mb: int = 1024  # the worker's whole resident memory, the pipeline it shares (about 150 MiB) included


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process `pid` (Linux); None where /proc is not there."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class WorkerStartError(RuntimeError):
    pass


class Worker:
    """One worker process and the pipe to it. `call` runs one piece of work under a Bound."""

    def __init__(self, context, initializer: Callable | None = None, initargs: tuple = ()) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, os.getpid(), initializer, initargs),
                                       name="rolematch-worker", daemon=True)
        self.process.start()
        child.close()
        try:
            status, value = self._reply(START_TIMEOUT_S)
        except BaseException:
            self.kill()
            raise
        if status != "ready":
            self.kill()
            raise value

    @property
    def alive(self) -> bool:
        return self.process.exitcode is None and not self.conn.closed

    def call(self, name: str, bound: Bound, fn: Callable, args: tuple):
        """fn(*args) in the worker; ReadError `timeout` or `too-complex` (the worker killed) when a limit passes."""
        try:
            self.conn.send((fn, args))
            status, value = self._watch(name, bound)
        except BaseException:  # Ctrl-C, a limit, a pipe gone: the work is not finished and never will be
            self.kill()
            raise
        if status == "error":
            raise value
        return value

    def _watch(self, name: str, bound: Bound):
        started = time.monotonic()
        deadline = started + bound.timeout_s if bound.timeout_s > 0 else None
        limit = bound.max_memory_mb * MiB if bound.max_memory_mb > 0 else None
        while True:
            step = None if limit is None else POLL_S
            if deadline is not None:
                left = max(0.0, deadline - time.monotonic())
                step = left if step is None else min(step, left)
            ready = wait([self.conn, self.process.sentinel], step)
            if self.conn in ready:
                return self._reply(0)
            if ready:  # the worker died on its own: a crash in C, or the kernel's OOM killer
                self.process.join()
                raise ReadError(name, "too-complex", f"reading it made its worker stop (exit code "
                                f"{self.process.exitcode}): it needs more than a resume does (is it a resume?)")
            if limit is not None:
                rss = resident_bytes(self.process.pid)
                if rss is not None and rss > limit:
                    raise ReadError(name, "too-complex", f"reading it took over {bound.max_memory_mb:,} MiB of "
                                    "memory, the limit for one resume (is it a resume?)")
            if deadline is not None and time.monotonic() >= deadline:
                raise ReadError(name, "timeout", f"reading it took longer than {bound.timeout_s:g} s, the time "
                                "limit for one resume (is it a resume?)")

    def _reply(self, timeout: float):
        if not wait([self.conn, self.process.sentinel], timeout):
            raise WorkerStartError(f"a worker did not start within {timeout:g} s")
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            raise WorkerStartError(f"a worker stopped (exit code {self.process.exitcode})") from None

    def stop(self) -> None:
        """Kill the process only: the thread that waits on this worker sees it die and closes the pipe."""
        try:
            self.process.kill()
        except (OSError, AttributeError, ValueError):
            pass

    def kill(self) -> None:
        if self.process.exitcode is None:
            self.stop()
            self.process.join(5)
        self.conn.close()

    def resident(self) -> int | None:
        return resident_bytes(self.process.pid)


def _serve(conn, main_pid: int, initializer: Callable | None, initargs: tuple) -> None:
    """A worker's loop: (fn, args) in, ("ok", result) or ("error", exception) out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills what is working
    watch_main_process(main_pid)
    try:
        if initializer is not None:
            initializer(*initargs)
        conn.send(("ready", None))
    except Exception as exc:  # noqa: BLE001 - broken data files, say: the parent raises it
        _send(conn, ("error", exc))
        return
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):  # the parent closed the pipe or is gone
            return
        try:
            reply = ("ok", fn(*args))
        except Exception as exc:  # noqa: BLE001 - every error goes back to the caller, to be raised there
            reply = ("error", exc)
        _send(conn, reply)


def _send(conn, reply: tuple) -> None:
    try:
        conn.send(reply)  # pickled whole before a byte is written: a failure leaves the pipe in step
    except (EOFError, OSError):
        os._exit(0)
    except Exception as exc:  # noqa: BLE001 - a result or an error that does not pickle
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def watch_main_process(pid: int, interval: float = 1.0) -> threading.Thread:
    """Exit this process once process `pid` is gone: a main process killed with SIGKILL cannot stop its workers, and
    one busy in a long C call would otherwise live on, holding its memory."""

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


class Pool:
    """Up to `size` workers, started when first needed and kept warm; `run` takes an idle one (waiting for one when
    all are busy), and a worker killed at a limit is replaced by a new one for the next resume. Thread-safe.

    start: "fork" (cheap from a single-threaded process that has built the pipeline, as the CLI is) or "forkserver"
    (from a threaded server or a batch: workers come from a clean process that imported `preload` once)."""

    def __init__(self, size: int, *, start: str = "fork", preload: Sequence[str] = (),
                 initializer: Callable | None = None, initargs: tuple = ()) -> None:
        if start not in multiprocessing.get_all_start_methods():
            start = "spawn"
        self.context = multiprocessing.get_context(start)
        if start == "forkserver" and preload:
            self.context.set_forkserver_preload(list(preload))
        self.size = max(1, size)
        self.initializer, self.initargs = initializer, initargs
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._starting = 0
        self._closed = False
        self._changed = threading.Condition()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self, count: int = 1) -> None:
        """Start `count` workers now (a service at start-up), so that the first resumes do not wait for them."""
        workers = [self._take() for _ in range(min(count, self.size))]
        for worker in workers:
            self._give_back(worker)

    def run(self, name: str, bound: Bound, fn: Callable, *args):
        """fn(*args) in a worker under `bound`; its result, or the error it raised (pickled back)."""
        worker = self._take()
        try:
            return worker.call(name, bound, fn, args)
        finally:
            self._give_back(worker, bound)

    def _take(self) -> Worker:
        with self._changed:
            while True:
                if self._closed:
                    raise RuntimeError("the worker pool is closed")
                while self._idle:
                    worker = self._idle.pop()
                    if worker.alive:
                        self._busy.add(worker)
                        return worker
                    worker.kill()
                if len(self._busy) + self._starting < self.size:
                    self._starting += 1
                    break
                self._changed.wait()
        try:
            worker = Worker(self.context, self.initializer, self.initargs)
        finally:
            with self._changed:
                self._starting -= 1
                self._changed.notify()
        with self._changed:
            self._busy.add(worker)
        return worker

    def _give_back(self, worker: Worker, bound: Bound | None = None) -> None:
        retire = not worker.alive
        if not retire and bound is not None and bound.max_memory_mb > 0:
            # memory a large resume took is rarely given back to the system: the next one would start near the limit
            rss = worker.resident()
            retire = rss is not None and rss > RETIRE_SHARE * bound.max_memory_mb * MiB
        with self._changed:
            self._busy.discard(worker)
            if retire or self._closed:
                worker.kill()
            else:
                self._idle.append(worker)
            self._changed.notify()

    def close(self) -> None:
        """Kill every worker. A busy one's pipe is left to the thread that waits on it (it closes it as it gives the
        worker back): closing it here, under that thread, would free its descriptor for the next file opened while
        the thread may still use the number."""
        with self._changed:
            self._closed = True
            idle, busy = list(self._idle), list(self._busy)
            self._idle.clear()
            self._changed.notify_all()
        for worker in idle:
            worker.kill()
        for worker in busy:
            worker.stop()

