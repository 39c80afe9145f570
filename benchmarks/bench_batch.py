"""Throughput and memory of `rolematch batch` on a folder of distinct real resumes.

usage: python benchmarks/bench_batch.py DEV_JSONL [--pdf-dir DIR] [--workers 2] [--rounds 3] [--copies 10]

The folder holds the annotated texts and the text of every PDF under --pdf-dir (default: resume-pdfs beside
DEV_JSONL), read once and written as .txt files: distinct resumes, never copies, since a copy's words are already
in every cache. rolematch.batch.score_folder runs on it with --workers workers, without and with HTML reports,
against a bare spacy.blank("en") tokenizer over the same files split over as many processes (warm: their start-up
is not counted). Each measurement runs in its own process, --rounds times in turn, the fastest kept. The batch's
rate is given all included, and past its fixed cost: the time of a run over one resume (start-up, outputs) taken
off, which is what the tokenizer's warm rate compares with. The same in CPU time of all the processes, which other work on the machine does not
inflate. Peak memory of the main process and the largest worker, for the distinct folder and for a
longer run over --copies copies of it (each copy's bytes made unique): a memory figure only, never a speed one.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from resumes import distinct_resumes, machine, peak_mib

TARGET_RATIO = 2.5  # the batch at steady state, against the bare tokenizer's time on as many processes


def make_folder(resumes: list[tuple[str, str]], folder: Path, copies: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for i, (name, text) in enumerate(resumes):
            path = folder / (f"{copy:03d}" if copies > 1 else "") / f"resume_{i:04d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(text if copies == 1 else f"{text}\nReference number {copy}-{i}\n", encoding="utf-8")


def child(mode: str, folder: str, workers: int) -> None:
    """One measurement, printed as JSON: seconds, peak RSS (MiB) of this process and of its largest descendant."""
    if mode == "floor":
        from concurrent.futures import ProcessPoolExecutor

        files = sorted(str(p) for p in Path(folder).rglob("*.txt"))
        chunks = [files[i:i + 8] for i in range(0, len(files), 8)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_tokenize, [[]] * workers * 4))  # start the workers and import spaCy: not the floor's cost
            memory = _PeakMemory()
            started = time.perf_counter()
            done = list(pool.map(_tokenize, chunks))
            seconds = time.perf_counter() - started
            memory.finish()
        print(json.dumps({"count": sum(n for n, _ in done), "seconds": seconds, "cpu": sum(c for _, c in done),
                          "self_mib": peak_mib(), "child_mib": memory.mib}))
        return
    from rolematch.batch import BatchOptions, score_folder  # the module's import is not the batch's time

    out = tempfile.mkdtemp(prefix="rolematch-bench-")
    memory = _PeakMemory()
    started, cpu, children_cpu = time.perf_counter(), time.process_time(), _children_cpu()
    summary = score_folder(folder, out, workers=workers, options=BatchOptions(html=mode == "html", as_of="2026-11-01"))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    memory.finish()
    # the workers' CPU time reaches this process's RUSAGE_CHILDREN through the fork server, once it is stopped
    with contextlib.suppress(ImportError, AttributeError, OSError):
        from multiprocessing import forkserver

        forkserver._forkserver._stop()
    cpu += _children_cpu() - children_cpu - memory.own_cpu
    shutil.rmtree(out)
    print(json.dumps({"count": summary.scored, "failed": summary.failed, "seconds": seconds, "cpu": cpu,
                      "self_mib": peak_mib(), "child_mib": memory.mib}))


class _PeakMemory(threading.Thread):
    """The largest peak resident memory (VmHWM) of any descendant process (the pool's workers sit under a fork
    server, so RUSAGE_CHILDREN does not see them), read every 0.2 s while they live; and this thread's own CPU
    time, which is not the batch's."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop, self.mib, self.own_cpu = False, 0.0, 0.0
        self.start()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop:
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    if _descends(int(status.parent.name), me):
                        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                        self.mib = max(self.mib, int(fields["VmHWM"].split()[0]) / 1024)
                except (OSError, ValueError, KeyError):
                    pass
            self.own_cpu = time.thread_time()
            time.sleep(0.2)

    def finish(self) -> None:
        self.stop = True
        self.join()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _descends(pid: int, ancestor: int) -> bool:
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if pid == ancestor:
            return True
    return False


def _tokenize(paths: list[str]) -> tuple[int, float]:
    import spacy

    if "nlp" not in _tokenize.__dict__:  # one tokenizer per process, its cache and vocabulary kept between chunks
        _tokenize.nlp = spacy.blank("en")
    nlp = _tokenize.nlp
    cpu = time.process_time()
    for path in paths:
        nlp.make_doc(Path(path).read_text(encoding="utf-8"))
    return len(paths), time.process_time() - cpu


def measure(mode: str, folder: Path, workers: int) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", mode, str(folder), str(workers)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_jsonl", type=Path)
    parser.add_argument("--pdf-dir", type=Path, help="PDF resumes (default: resume-pdfs beside DEV_JSONL)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each kind; the fastest is kept")
    parser.add_argument("--copies", type=int, default=10, help="copies of the folder in the memory run; 0 skips it")
    args = parser.parse_args()
    resumes, about = distinct_resumes(args.dev_jsonl, args.pdf_dir or args.dev_jsonl.parent / "resume-pdfs")
    print(f"{machine()}; {args.workers} workers")
    print(f"folder: {about}, as .txt files")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "resumes"
        make_folder(resumes, folder)
        one = Path(tmp) / "one"
        make_folder(resumes[:1], one)
        runs: dict[str, list[dict]] = {"floor": [], "plain": [], "html": [], "plain-1": [], "html-1": []}
        for _ in range(args.rounds):
            for mode in runs:
                runs[mode].append(measure(mode.removesuffix("-1"), one if mode.endswith("-1") else folder, args.workers))
        best = {mode: min(measured, key=lambda m: m["seconds"]) for mode, measured in runs.items()}
        spread = {mode: ", ".join(f"{m['seconds']:.2f}" for m in measured) for mode, measured in runs.items()}
        rate_floor = best["floor"]["count"] / best["floor"]["seconds"]
        cpu_floor = min(m["cpu"] for m in runs["floor"]) / best["floor"]["count"]
        print(f"bare spacy.blank('en') tokenizer, {args.workers} warm processes: {rate_floor:.0f} resumes/s, "
              f"{cpu_floor * 1000:.1f} ms CPU a resume (seconds of each round: {spread['floor']})")
        for mode in ("plain", "html"):
            run, fixed = best[mode], best[f"{mode}-1"]
            marginal = run["count"] / (run["seconds"] - fixed["seconds"])
            total = run["count"] / run["seconds"]
            ratio = rate_floor / marginal
            cpu = (min(m["cpu"] for m in runs[mode]) - min(m["cpu"] for m in runs[f"{mode}-1"])) / run["count"]
            target = f", target <= {TARGET_RATIO:.1f}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'}" \
                if mode == "plain" else ""
            print(f"batch {'with' if mode == 'html' else 'without'} HTML, {run['count']} resumes ({run['failed']} "
                  f"failed): {marginal:.0f} resumes/s past the run's fixed cost, {ratio:.2f}x the tokenizer's "
                  f"time{target}; {cpu * 1000:.1f} ms CPU a resume, all processes ({cpu / cpu_floor:.2f}x the "
                  f"tokenizer's); {total:.0f} resumes/s all included ({rate_floor / total:.2f}x); fixed cost (a run "
                  f"over one resume: start-up, outputs) {fixed['seconds']:.2f} s; peak RSS main {run['self_mib']:.0f} "
                  f"MiB, largest worker {run['child_mib']:.0f} MiB (seconds of each round: {spread[mode]}; one "
                  f"resume: {spread[f'{mode}-1']})")
        if args.copies:
            small = best["plain"]
            big_folder = Path(tmp) / "copies"
            make_folder(resumes, big_folder, args.copies)
            big = measure("plain", big_folder, args.workers)
            ratio = max(big["self_mib"], big["child_mib"]) / max(small["self_mib"], small["child_mib"])
            print(f"memory, one run over {args.copies} copies of the folder ({big['count']} resumes, each worker "
                  f"living through all of them) vs one: main {big['self_mib']:.0f} vs {small['self_mib']:.0f} MiB, "
                  f"largest worker {big['child_mib']:.0f} vs {small['child_mib']:.0f} MiB; ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
