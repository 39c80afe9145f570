"""Quality and speed of job postings as roles (score --job, roles from-job).

usage: python benchmarks/bench_jobs.py [DIR] [--rounds 5] [--show-misses]

DIR (default tests/fixtures/postings) holds postings, an expected.jsonl with one hand-made requirement list per
posting (file, title, required, preferred, min_degree, fields, min_years, max_years, certifications, resume) and
resumes/ with the resumes the postings are meant for. Prints:

- requirement recall and precision over all postings: a requirement is a skill or language id (required or
  preferred), the minimum degree level, each degree field, the minimum years (with the top of a range) and each
  certification (same name by rapidfuzz token_set_ratio >= 80); targets >= 0.85 each;
- agreement on required vs preferred among the skills found and expected, and title accuracy;
- how often the intended resume ranks first among DIR/resumes for its posting (the posting's role alone);
- the time to build a role from a posting (read, extract, build) against extracting the same postings as resumes
  and extracting the resumes, CPU ms per document, the median of --rounds passes in this process after a warm-up
  pass, the three interleaved so that a change of load on the machine touches all of them alike.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

from rolematch import api

ROOT = Path(__file__).resolve().parents[1]
SAME_CERTIFICATE = 80
TARGETS = {"recall": 0.85, "precision": 0.85}


def units(posting_or_row, *, expected: bool) -> set[tuple]:
    """A posting's requirements as comparable units (certifications apart: their names are matched fuzzily)."""
    if expected:
        row = posting_or_row
        found = {("skill", s) for s in (*row["required"], *row["preferred"])}
        level, fields, low, high = row["min_degree"], row["fields"], row["min_years"], row["max_years"]
    else:
        posting = posting_or_row
        found = {("skill", r.id) for r in posting.requirements if r.kind in ("skill", "language")}
        level, fields, low, high = posting.min_degree, posting.degree_fields, posting.min_years, posting.max_years
    if level:
        found.add(("degree", level))
    found |= {("field", f) for f in fields}
    if low is not None:
        found.add(("years", float(low), None if high is None else float(high)))
    return found


def certification_hits(expected: list[str], found: list[str]) -> int:
    return sum(any(fuzz.token_set_ratio(e.casefold(), f.casefold()) >= SAME_CERTIFICATE for f in found)
               for e in expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", nargs="?", type=Path, default=ROOT / "tests" / "fixtures" / "postings")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dir / "expected.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    options = api.Options()
    tp = n_found = n_expected = 0
    flags_agree = flags_total = titles_right = 0
    roles = {}
    for row in rows:
        posting = api.read_posting(api.Source.from_path(args.dir / row["file"]), options)
        roles[row["file"]] = api.role_from_job(api.Source.from_path(args.dir / row["file"]), options)
        want, got = units(row, expected=True), units(posting, expected=False)
        certs = [r.name for r in posting.requirements if r.kind == "certification"]
        hits = len(want & got) + certification_hits(row["certifications"], certs)
        tp += hits
        n_found += len(got) + len(certs)
        n_expected += len(want) + len(row["certifications"])
        required = {r.id: r.required for r in posting.requirements if r.kind in ("skill", "language")}
        for skill in set(required) & {*row["required"], *row["preferred"]}:
            flags_total += 1
            flags_agree += required[skill] == (skill in row["required"])
        titles_right += posting.title.casefold() == row["title"].casefold()
        if args.show_misses:
            print(f"{row['file']}: missed {sorted(map(str, want - got))} extra {sorted(map(str, got - want))}"
                  f" certs {certs} vs {row['certifications']} title {posting.title!r}")
    recall, precision = tp / max(n_expected, 1), tp / max(n_found, 1)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {len(rows)} postings")
    print(f"requirement recall     {recall:.3f}  ({tp} of {n_expected}; target >= {TARGETS['recall']})")
    print(f"requirement precision  {precision:.3f}  ({tp} of {n_found}; target >= {TARGETS['precision']})")
    print(f"required vs preferred  {flags_agree / max(flags_total, 1):.3f}  ({flags_agree} of {flags_total} skills "
          "found and expected)")
    print(f"title                  {titles_right / len(rows):.3f}  ({titles_right} of {len(rows)})")
    print_ranking(args.dir, rows, roles, options)
    print_speed(args.dir, rows, options, args.rounds)


def print_ranking(folder: Path, rows: list[dict], roles: dict, options: api.Options) -> None:
    resumes = sorted((folder / "resumes").glob("*.txt"))
    profiles = {path.name: api.extract(api.Source.from_path(path), options) for path in resumes}
    first = judged = 0
    for row in rows:
        if not row.get("resume"):
            continue
        role = roles[row["file"]]
        scores = sorted(((api.score_profile(profile, [role], options).roles[0].score, name)
                         for name, profile in profiles.items()), key=lambda s: (-s[0], s[1]))
        judged += 1
        first += scores[0][1] == row["resume"]
        if scores[0][1] != row["resume"]:
            print(f"  {row['file']}: {scores[0][1]} ({scores[0][0]:.1f}) ranks above {row['resume']} "
                  f"({dict((n, s) for s, n in scores)[row['resume']]:.1f})")
    print(f"intended resume first  {first / max(judged, 1):.3f}  ({first} of {judged} postings, among "
          f"{len(resumes)} resumes)")


def print_speed(folder: Path, rows: list[dict], options: api.Options, rounds: int) -> None:
    postings = [api.Source.from_path(folder / row["file"]) for row in rows]
    resumes = [api.Source.from_path(p) for p in sorted((folder / "resumes").glob("*.txt"))]

    def per_doc(work, sources) -> float:
        started = time.process_time()
        for source in sources:
            work(source, options)
        return (time.process_time() - started) / len(sources) * 1000

    works = {"posting": (api.role_from_job, postings), "as resume": (api.extract, postings),
             "resume": (api.extract, resumes)}
    times: dict[str, list[float]] = {name: [] for name in works}
    for number in range(rounds + 1):  # interleaved, so that a change of load on the machine touches all three
        for name, (work, sources) in works.items():
            ms = per_doc(work, sources)
            if number:  # the first pass warms the pipeline
                times[name].append(ms)
    posting_ms, as_resume_ms, resume_ms = (statistics.median(times[name]) for name in works)
    print(f"role from a posting    {posting_ms:.2f} ms per posting (read, extract, build; CPU time, median of "
          f"{rounds} interleaved passes)")
    print(f"  the same postings    {as_resume_ms:.2f} ms each extracted as if they were resumes")
    print(f"resume extraction      {resume_ms:.2f} ms per resume (read, extract; DIR/resumes)")


if __name__ == "__main__":
    sys.exit(main())
