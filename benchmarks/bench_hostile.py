"""Hostile documents: how long each takes and how much memory, and what comes out.

usage: python benchmarks/bench_hostile.py

Each case is made here by code (seeded, no fixture files) and read and extracted through the library's pipeline
(api.extract) in a fresh process, so that its peak memory is its own. Prints the machine, then one line per case:
outcome (the profile's skill count, or the error kind), wall seconds and peak RSS.
"""

from __future__ import annotations

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


CASES = {
    "text: 98 KB of spaced letters": ("spaced.txt", spaced_letters),
    "text: 3 lines of 20,000 brackets": ("brackets.txt", bracket_runs),
    "text: 14 lines of 19,999 letters": ("letters.txt", long_letter_lines),
    "PDF: one page of 32,000 one-word lines": ("lines.pdf", lambda: docgen.pdf_of_lines(32_000)),
    "DOCX: 8 million empty paragraphs, under the unpacked-size limit": (
        "paragraphs.docx", lambda: docgen.docx_of_empty_paragraphs(8_000_000)),
    "HTML: one element with 80,000 attributes": ("attributes.html", lambda: docgen.html_with_attributes(80_000)),
    "HTML: 2,000 paragraphs hidden by 5,000 class rules": ("hidden.html", html_hidden_by_class),
}


def child(name: str, path: str) -> None:
    from rolematch import api
    from rolematch.errors import RolematchError

    api.warm_up()
    data = Path(path).read_bytes()
    started = time.perf_counter()
    try:
        profile = api.extract(api.Source.from_bytes(name, data))
        outcome = f"read: {len(profile.skills)} skills, {len(profile.text):,} characters"
    except RolematchError as exc:
        outcome = f"{exc.kind}: {exc}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": peak}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    import tempfile

    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, make) in CASES.items():
            data = make()
            path = Path(folder) / name
            path.write_bytes(data)
            run = subprocess.run([sys.executable, __file__, "--child", name, str(path)], capture_output=True,
                                 text=True, timeout=900)
            if run.returncode:
                print(f"{label}: the child failed: {run.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"{label} ({len(data):,} bytes): {result['outcome']}; {result['seconds']:.2f} s, "
                  f"peak {result['peak_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
