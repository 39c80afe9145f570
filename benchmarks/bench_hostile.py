"""Hostile documents: how long each takes and how much memory, and what comes out, without and with the bound.

usage: python benchmarks/bench_hostile.py [--timeout S] [--max-memory-mb MB]

Each case is made here by code (seeded, no fixture files) and read and extracted through the library's pipeline
(api.extract) twice, each time in a fresh process so that its peak memory is its own: in that process ("before the
bound"), and in a worker process under the hard bound (api.worker_pool; the limits default to api.Limits', 30 s and
1,024 MiB). Prints the machine, then per case: outcome (the profile's skill count, or the error kind), wall seconds
and peak RSS, before and with the bound.
"""

from __future__ import annotations

import contextlib
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import docgen  # noqa: E402  (tests/docgen.py: the tests' document makers)


def spaced_letters() -> bytes:
    return "\n".join(" ".join("abcdefghijklmnopqrstuvwxyz"[(i + j) % 26] for j in range(29)) + " !"
                     for i in range(1600)).encode()


def bracket_runs() -> bytes:
    return ("\n".join(c * 19_990 + "123" for c in "([{") + "\n").encode()


def long_letter_lines() -> bytes:
    return ("\n".join("x" * 19_999 for _ in range(14)) + "\n").encode()


def html_hidden_by_class() -> bytes:
    rules = "".join(f".k{i}{{display:none}}" for i in range(5_000))
    body = "".join(f'<p class="k{i % 5000}">Hadoop, Kubernetes</p>' for i in range(2_000))
    return f"<!doctype html><style>{rules}</style><p>Skills: Python</p>{body}".encode()


def empty_elements() -> bytes:
    return b"<!doctype html><html><body>" + b"<i></i>" * 1_300_000 + b"<p>Skills: Python</p></body></html>"


def long_resume() -> bytes:
    from helpers import big_resume

    return big_resume().encode()


CASES = {
    "text: 98 KB of spaced letters": ("spaced.txt", spaced_letters),
    "text: 3 lines of 20,000 brackets": ("brackets.txt", bracket_runs),
    "text: 14 lines of 19,999 letters": ("letters.txt", long_letter_lines),
    "PDF: one page of 32,000 one-word lines": ("lines.pdf", lambda: docgen.pdf_of_lines(32_000)),
    "DOCX: 8 million empty paragraphs, under the unpacked-size limit": (
        "paragraphs.docx", lambda: docgen.docx_of_empty_paragraphs(8_000_000)),
    "HTML: one element with 80,000 attributes": ("attributes.html", lambda: docgen.html_with_attributes(80_000)),
    "HTML: 2,000 paragraphs hidden by 5,000 class rules": ("hidden.html", html_hidden_by_class),
    "HTML: 1.3 million empty elements (9 MB)": ("elements.html", empty_elements),
    "text: a resume repeated to 290,000 characters": ("long.txt", long_resume),
}


def child(name: str, path: str, mode: str, timeout: float, max_memory_mb: int) -> None:
    from rolematch import api
    from rolematch.errors import RolematchError

    options = api.Options(limits=api.Limits(timeout_s=timeout, max_memory_mb=max_memory_mb))
    data = Path(path).read_bytes()
    with contextlib.ExitStack() as stack:
        api.warm_up()  # both as a long-running door has it: pipeline and permanent vocabulary made
        if mode == "bounded":
            pool = stack.enter_context(api.worker_pool(1, options))
            pool.start(1)  # forked once the pipeline is built: what every door does before its first resume
        else:
            pool = None
        started = time.perf_counter()
        try:
            profile = api.extract(api.Source.from_bytes(name, data), options, pool=pool)
            outcome = f"read: {len(profile.skills)} skills, {len(profile.text):,} characters"
        except RolematchError as exc:
            outcome = f"{exc.kind}: {exc}"
        seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the worker, reaped when the pool closed
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": max(own, worker)}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6]))
        return
    import argparse
    import tempfile

    from rolematch import api

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=api.Limits().timeout_s)
    parser.add_argument("--max-memory-mb", type=int, default=api.Limits().max_memory_mb)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}; "
          f"bound: {args.timeout:g} s, {args.max_memory_mb:,} MiB")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, make) in CASES.items():
            data = make()
            path = Path(folder) / name
            path.write_bytes(data)
            results = {}
            for mode in ("direct", "bounded"):
                run = subprocess.run([sys.executable, __file__, "--child", name, str(path), mode, str(args.timeout),
                                      str(args.max_memory_mb)], capture_output=True, text=True, timeout=900)
                if run.returncode:
                    results[mode] = f"the child failed: {run.stderr.strip().splitlines()[-1:]}"
                    continue
                result = json.loads(run.stdout.strip().splitlines()[-1])
                results[mode] = f"{result['outcome']}; {result['seconds']:.2f} s, peak {result['peak_mib']:.0f} MiB"
            print(f"{label} ({len(data):,} bytes)\n  before the bound: {results['direct']}\n"
                  f"  with the bound:   {results['bounded']}")


if __name__ == "__main__":
    main()
