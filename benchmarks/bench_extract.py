"""Quality and speed of extraction on an annotated resume set (the DataTurks format).

usage: python benchmarks/bench_extract.py DEV_JSONL [--misses N] [--skills-dir DIR]

Prints degree recall and precision, title recall, listed-skill coverage with the most frequent misses, every
R / C / Go language hit with its line for inspection, in-process throughput of extraction + scoring on one
core, and the cold-start wall time of `rolematch score` on one file. The annotations are noisy (see the data
set's README): school boards sometimes labelled Degree, not every occurrence labelled.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rolematch import api
from rolematch.models import Document
from rolematch.resources import SKILLS_DIR
from rolematch.taxonomy import normalise_key

AS_OF = date(2026, 11, 1)
# A gold Degree span is about a degree if it names one; the set also labels "Android" or "Accounting" Degree.
DEGREE_WORDS = re.compile(r"\b(b\.?\s?(tech|e|sc|s|com|a|ca|ba|bm)\b|bachelor|master|m\.?\s?(tech|e|sc|s|ca|ba|com|a)\b|"
                          r"ph\.?\s?d|doctor|diploma|degree|graduat|pgd|bca|mca|mba|bba|bsc|msc|btech|mtech|hnc|hnd|"
                          r"'?[oa]'? level|engineering)", re.IGNORECASE)
SCHOOL = re.compile(r"\b(ssc|hsc|cbse|icse|isc|sslc|puc|state board|matric|higher secondary|senior secondary|"
                    r"secondary school|10th|12th|x|xii|class|intermediate)\b", re.IGNORECASE)
DURATION = re.compile(r"\(?\s*(?:less than\s+)?\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?)\s*\)?", re.IGNORECASE)
ITEM_SPLIT = re.compile(r"[,;|•●▪◦❖❑➢►■\n\t]|\s-\s|\band\b")


def gold_spans(row: dict, label: str) -> list[tuple[int, int, str]]:
    spans = []
    for annotation in row["annotation"]:
        if label in annotation["label"]:
            for p in annotation["points"]:
                spans.append((p["start"], p["end"] + 1, p["text"]))  # the data set's end is inclusive
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def skill_items(section: str) -> list[str]:
    """Split a gold Skills section into items; drop durations and "Label:" prefixes and headings."""
    items = []
    for line in section.splitlines():
        if ":" in line:
            label, _, rest = line.partition(":")
            line = rest if len(label) < 40 else line
        for raw in ITEM_SPLIT.split(line):
            item = DURATION.sub("", raw).strip(" .*-–()[]")
            if not item or len(item) > 40 or len(item.split()) > 5 or not re.search(r"[A-Za-z]", item):
                continue
            if item.isupper() and normalise_key(item) in {"skills", "technicalskills", "additionalinformation"}:
                continue
            items.append(item)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_jsonl", type=Path)
    parser.add_argument("--misses", type=int, default=25, help="how many frequent misses to print")
    parser.add_argument("--skills-dir", type=Path, default=SKILLS_DIR)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.dev_jsonl.open(encoding="utf-8") if line.strip()]
    documents = [Document(row["id"], row["content"], "utf-8") for row in rows]

    from rolematch.extract.pipeline import extract_documents, get_pipeline

    get_pipeline(args.skills_dir)  # built once, outside the timing
    profiles = extract_documents(documents, as_of=AS_OF, skills_dir=args.skills_dir)

    # -- degrees
    gold_degrees = real_degrees = found = 0
    correct = extracted = 0
    for row, profile in zip(rows, profiles):
        gold = gold_spans(row, "Degree")
        gold_texts = {normalise_key(t) for _, _, t in gold}
        extracted_texts = {normalise_key(d.text) for d in profile.degrees}
        for start, end, text in gold:
            gold_degrees += 1
            if not DEGREE_WORDS.search(text) or SCHOOL.search(text) and not re.search(
                    r"b\.?\s?tech|b\.?e\b|bachelor|master|m\.?tech|mca|bca", text, re.I):
                continue  # not a degree, or a school record labelled Degree: noise
            real_degrees += 1
            if row["content"][start:end] != text:  # the annotation's offsets miss its own text: match by text
                found += any(normalise_key(text) in t or t in normalise_key(text) for t in extracted_texts)
            else:
                found += any(overlaps((start, end), (d.start, d.end)) for d in profile.degrees)
        for d in profile.degrees:
            if d.level == "school":
                continue  # boards and classes are rarely labelled; they are not what the figure is about
            extracted += 1
            correct += any(overlaps((d.start, d.end), (s, e)) for s, e, _ in gold) or any(
                normalise_key(d.text) in t or t in normalise_key(d.text) for t in gold_texts)
    degree_recall = found / real_degrees if real_degrees else 0.0
    degree_precision = correct / extracted if extracted else 0.0

    # -- titles
    gold_titles = found_titles = 0
    title_misses = collections.Counter()
    for row, profile in zip(rows, profiles):
        for start, end, text in gold_spans(row, "Designation"):
            gold_titles += 1
            if any(overlaps((start, end), (t.start, t.end)) for t in profile.titles):
                found_titles += 1
            else:
                title_misses[text.strip()] += 1
    title_recall = found_titles / gold_titles if gold_titles else 0.0

    # -- listed skills
    items_total = items_found = 0
    skill_misses = collections.Counter()
    for row, profile in zip(rows, profiles):
        spans = [(e.start, e.end) for hit in profile.skills for e in hit.evidence]
        spans += [(e.start, e.end) for hit in profile.negated_skills for e in hit.evidence]
        for start, end, section in gold_spans(row, "Skills"):
            cursor = 0
            for item in skill_items(section):
                at = section.find(item, cursor)
                if at < 0:
                    at = section.find(item)
                cursor = at + len(item) if at >= 0 else cursor
                item_span = (start + at, start + at + len(item))
                items_total += 1
                if at >= 0 and any(overlaps(item_span, s) for s in spans):
                    items_found += 1
                else:
                    skill_misses[item.casefold()] += 1
    coverage = items_found / items_total if items_total else 0.0

    # -- speed: extraction + scoring of every resume, one process, one core
    roles = api.roles_for(skills_dir=args.skills_dir)
    times = []
    for document in documents:
        t0 = time.perf_counter()
        profile = extract_documents([document], as_of=AS_OF, skills_dir=args.skills_dir)[0]
        api.score_profile(profile, roles, skills_dir=args.skills_dir)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    for profile in extract_documents(documents, as_of=AS_OF, skills_dir=args.skills_dir):
        api.score_profile(profile, roles, skills_dir=args.skills_dir)
    batch_rate = len(documents) / (time.perf_counter() - t0)
    per_doc_rate = len(times) / sum(times)
    p95 = statistics.quantiles(times, n=20)[-1] * 1000

    # -- cold start of the command on one file: a resume of median length, and the longest
    cold = {}
    rolematch = Path(sys.executable).with_name("rolematch")
    by_length = sorted(rows, key=lambda r: len(r["content"]))
    with tempfile.TemporaryDirectory() as tmp:
        for label, row in (("median-length", by_length[len(by_length) // 2]), ("longest", by_length[-1])):
            one = Path(tmp) / "one.txt"
            one.write_text(row["content"], encoding="utf-8")
            runs = []
            for _ in range(5):
                t0 = time.perf_counter()
                subprocess.run([str(rolematch), "score", str(one)], check=True, capture_output=True,
                               env={**os.environ, "ROLEMATCH_SKILLS_DIR": str(args.skills_dir)})
                runs.append(time.perf_counter() - t0)
            cold[f"{label} ({len(row['content']):,} chars)"] = runs

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"resumes: {len(rows)}")
    print(f"degree recall    {degree_recall:.3f}  ({found}/{real_degrees} real gold degrees; "
          f"{gold_degrees - real_degrees} school records or non-degrees labelled Degree skipped)")
    print(f"degree precision {degree_precision:.3f}  ({correct}/{extracted} extracted degrees above school level)")
    print(f"title recall     {title_recall:.3f}  ({found_titles}/{gold_titles} gold designations)")
    print(f"skill coverage   {coverage:.3f}  ({items_found}/{items_total} listed skill items)")
    print("speed: extraction + scoring of 7 roles, one core")
    print(f"  one call each  {per_doc_rate:.0f} resumes/s, p95 {p95:.1f} ms (a memory zone each)")
    print(f"  all in one call {batch_rate:.0f} resumes/s (one vocabulary memory zone for the call)")
    print(f"  peak RSS       {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    for label, runs in cold.items():
        print(f"cold start `rolematch score one.txt`, {label}: median {statistics.median(runs):.2f} s "
              f"(min {min(runs):.2f})")
    print(f"\nmost frequent title misses: {title_misses.most_common(args.misses)}")
    print(f"\nmost frequent listed-skill misses: {skill_misses.most_common(args.misses)}")
    print("\nR / C / Go language hits, for inspection:")
    for row, profile in zip(rows, profiles):
        lines = row["content"].split("\n")
        for hit in profile.skills:
            if hit.id in ("r", "c", "go"):
                for e in hit.evidence:
                    print(f"  {row['id']} {hit.id:>2} line {e.line}: {lines[e.line - 1].strip()[:110]}")


if __name__ == "__main__":
    main()
