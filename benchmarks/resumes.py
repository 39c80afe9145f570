"""The benchmarks' inputs and machine line, shared by bench_extract.py and bench_batch.py.

Speed is measured on distinct real resumes, never on copies: a copy's words are already in spaCy's tokenizer cache
and in every other cache, which makes a tokenizer-bound pipeline look faster than it is on new resumes.
"""

from __future__ import annotations

import json
import os
import platform
import random
from pathlib import Path

SEED = 20261101


def distinct_resumes(dev_jsonl: Path, pdf_dir: Path | None, seed: int = SEED) -> tuple[list[tuple[str, str]], str]:
    """(name, text) of every distinct resume: the annotated set's texts and the text of each PDF under pdf_dir (read
    once with rolematch's reader; one that cannot be read is skipped), in a seeded order. Returns them and a line
    that says what they are."""
    from rolematch.errors import RolematchError
    from rolematch.read import read_document

    rows = [json.loads(line) for line in dev_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    resumes = [(f"dataturks/{row['id']}", row["content"]) for row in rows]
    skipped = pdfs = 0
    for path in sorted(pdf_dir.rglob("*.pdf")) if pdf_dir and pdf_dir.is_dir() else ():
        try:
            resumes.append((f"pdf/{path.relative_to(pdf_dir).as_posix()}", read_document(path).text))
            pdfs += 1
        except RolematchError:
            skipped += 1
    seen: set[str] = set()
    distinct = [(name, text) for name, text in resumes if not (text in seen or seen.add(text))]
    random.Random(seed).shuffle(distinct)
    chars = sum(len(text) for _, text in distinct)
    about = (f"{len(distinct)} distinct resumes ({len(resumes) - pdfs} annotated texts, {pdfs} PDFs read, {skipped} "
             f"unreadable skipped, {len(resumes) - len(distinct)} duplicates dropped), {chars:,} characters")
    return distinct, about


def pin_to_one_core() -> int:
    """Run this process on one core, the same one for every measurement; returns it."""
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def machine() -> str:
    import spacy

    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"machine: {model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; Python "
            f"{platform.python_version()}, spaCy {spacy.__version__}")


def rss_mib(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS), or its peak (VmHWM), in MiB. Not getrusage's ru_maxrss: on Linux
    that keeps the peak of the process that forked this one, when it was larger."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return rss_mib("VmHWM")
