"""Throughput and memory of `rolematch batch` on a folder made by replicating an annotated resume set.

usage: python benchmarks/bench_batch.py DEV_JSONL [--files 2000] [--large 20000] [--workers N]

Each measurement runs in its own process so that peak memory is its own: the main process and the largest worker.
Prints resumes/s without and with HTML reports, the same figures for a bare spacy.blank("en") tokenizer pass over
the same texts on the same number of processes (the floor), and peak memory for --files and --large resumes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def make_folder(rows: list[dict], folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        row = rows[i % len(rows)]
        # a few words differ per copy, so that every file has its own hash and nothing is a duplicate
        (folder / f"{i // 500:03d}" if i >= 500 else folder).mkdir(exist_ok=True)
        target = (folder / f"{i // 500:03d}" if i >= 500 else folder) / f"resume_{i:06d}.txt"
        target.write_text(f"{row['content']}\nReference number {i}\n", encoding="utf-8")


def child(mode: str, folder: str, workers: int) -> None:
    """One measurement, printed as JSON: seconds and peak RSS (MiB) of this process and of its largest child."""
    if mode != "floor":
        from rolematch.batch import BatchOptions, score_folder  # the module's import is not the batch's time
    started = time.perf_counter()
    if mode == "floor":
        from concurrent.futures import ProcessPoolExecutor

        files = sorted(str(p) for p in Path(folder).rglob("*.txt"))
        chunks = [files[i:i + 64] for i in range(0, len(files), 64)]
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_tokenize, [[]] * workers))  # start the workers and import spaCy: not the floor's cost
            started = time.perf_counter()
            count = sum(pool.map(_tokenize, chunks))
    else:
        out = tempfile.mkdtemp(prefix="rolematch-bench-")
        peak = _WorkerPeak()
        peak.start()
        summary = score_folder(folder, out, workers=workers, options=BatchOptions(html=mode == "html", as_of="2026-11-01"))
        peak.stop = True
        count = summary.scored
        shutil.rmtree(out)
        seconds = time.perf_counter() - started
        print(json.dumps({"count": count, "seconds": seconds,
                          "self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                          "child_mib": peak.mib}))
        return
    seconds = time.perf_counter() - started
    print(json.dumps({"count": count, "seconds": seconds,
                      "self_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "child_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


class _WorkerPeak(threading.Thread):
    """Samples the resident memory of every descendant process (the pool's workers sit under a fork server, so
    RUSAGE_CHILDREN does not see them) and keeps the largest."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop, self.mib = False, 0.0

    def run(self) -> None:
        me = os.getpid()
        while not self.stop:
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                    if _descends(int(status.parent.name), me) and "VmRSS" in fields:
                        self.mib = max(self.mib, int(fields["VmRSS"].split()[0]) / 1024)
                except (OSError, ValueError):
                    pass
            time.sleep(0.5)


def _descends(pid: int, ancestor: int) -> bool:
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if pid == ancestor:
            return True
    return False


def _tokenize(paths: list[str]) -> int:
    import spacy

    nlp = _tokenize.__dict__.setdefault("nlp", spacy.blank("en"))
    for path in paths:
        nlp.make_doc(Path(path).read_text(encoding="utf-8"))
    return len(paths)


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
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000, help="0 skips the memory run on a large folder")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.dev_jsonl.open(encoding="utf-8") if line.strip()]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.workers} workers")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "resumes"
        make_folder(rows, folder, args.files)
        floor = measure("floor", folder, args.workers)
        rate_floor = floor["count"] / floor["seconds"]
        print(f"bare spacy.blank('en') tokenizer, {args.workers} processes, warm: {rate_floor:.0f} resumes/s")
        for mode in ("plain", "html"):
            m = measure(mode, folder, args.workers)
            rate = m["count"] / m["seconds"]
            print(f"batch {'with' if mode == 'html' else 'without'} HTML, {m['count']} resumes, start-up included: "
                  f"{rate:.0f} resumes/s ({rate_floor / rate:.2f}x the tokenizer floor's time); peak RSS main "
                  f"{m['self_mib']:.0f} MiB, largest worker {m['child_mib']:.0f} MiB")
            if mode == "plain":
                small = m
        if args.large:
            big_folder = Path(tmp) / "large"
            make_folder(rows, big_folder, args.large)
            big = measure("plain", big_folder, args.workers)
            ratio = max(big["self_mib"], big["child_mib"]) / max(small["self_mib"], small["child_mib"])
            print(f"memory, {args.large} resumes vs {args.files}: main {big['self_mib']:.0f} vs {small['self_mib']:.0f} "
                  f"MiB, largest worker {big['child_mib']:.0f} vs {small['child_mib']:.0f} MiB; ratio {ratio:.2f} "
                  f"({big['count'] / big['seconds']:.0f} resumes/s)")


if __name__ == "__main__":
    main()
