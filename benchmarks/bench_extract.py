"""Quality and speed of extraction: quality on an annotated resume set (the DataTurks format), speed on distinct
real resumes.

usage: python benchmarks/bench_extract.py DEV_JSONL [--pdf-dir DIR] [--rounds 3] [--passes 5] [--misses N]
       [--skills-dir DIR]
       python benchmarks/bench_extract.py --pdfs PDF_DIR --labels LABELS_JSONL [--show-misses]
       any of these with [--skill-labels SKILL_LABELS_JSONL]; or [DEV_JSONL] [--pdfs PDF_DIR] --skill-labels
       SKILL_LABELS_JSONL --skills-only for that figure alone

With --pdfs and --labels (e.g. --pdfs /work/shared/data/resume-pdfs --labels benchmarks/labels/resume-pdfs.jsonl) it
scores each hand-labelled PDF through rolematch.api instead and prints, next to their targets, degree recall and
precision (a labelled degree is found when a degree of the same level is extracted; field agreement apart), title
recall (fuzzy), total years within a year, best-role scores outside IT and engineering, and degree `learn` actions
given to resumes that show a degree; overall and per category (benchmarks/labels/README.md says how the labels were
made).

With --skill-labels (e.g. benchmarks/labels/skill-hits.jsonl) it also prints skill precision: the share of hand-judged
skill hits that are right, over the judged resumes among those given (DEV_JSONL's rows; the PDFs under --pdfs, or
--pdf-dir in the DEV_JSONL mode) and over the hits they still give; hits nobody judged are counted as "unjudged",
and the skills most often judged false are listed.

Prints degree recall and precision, title recall, listed-skill coverage with the most frequent misses, every
R / C / Go language hit with its line for inspection, and the cold-start wall time of `rolematch score` on one
file. Speed is measured on distinct resumes, never copies: the annotated texts and the text of every PDF under
--pdf-dir (default: resume-pdfs beside DEV_JSONL), read once. Extraction + scoring of all roles, in process on one
core, against a bare spacy.blank("en") tokenizer over the same texts on the same core: each measurement in a fresh
process (nothing cached from an earlier pass), --rounds times in turn, the fastest kept, timed in CPU seconds so
that other work on the machine does not count. Memory: peak RSS of one pass, and RSS after one pass vs after
--passes passes in one process (the same resumes again: a memory figure only, never a speed one). The annotations
are noisy (see the data set's README): school boards sometimes labelled Degree, not every occurrence labelled, and
some resumes with an EDUCATION section carry no Degree label at all: degree precision is judged on the resumes with
one (the figure over all resumes, counting every degree of the others wrong, is printed beside it). The set labels
every mention of a degree, rolematch reports each degree once: a labelled mention counts as found when the profile
holds a degree of the level it names (the figure mention by mention is printed beside it).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz
from resumes import distinct_resumes, machine, peak_mib, pin_to_one_core, rss_mib

from rolematch import api
from rolematch.models import DEGREE_LEVELS, Document
from rolematch.resources import SKILLS_DIR
from rolematch.taxonomy import normalise_key

AS_OF = date(2026, 11, 1)
TARGET_RATIO = 2.0  # extraction + scoring, one call per resume, against the bare tokenizer's time
# A gold Degree span is about a degree if it names one; the set also labels "Android" or "Accounting" Degree.
DEGREE_WORDS = re.compile(r"\b(b\.?\s?(tech|e|sc|s|com|a|ca|ba|bm)\b|bachelor|master|m\.?\s?(tech|e|sc|s|ca|ba|com|a)\b|"
                          r"ph\.?\s?d|doctor|diploma|degree|graduat|pgd|bca|mca|mba|bba|bsc|msc|btech|mtech|hnc|hnd|"
                          r"'?[oa]'? level|engineering)", re.IGNORECASE)
SCHOOL = re.compile(r"\b(ssc|hsc|cbse|icse|isc|sslc|puc|state board|matric|higher secondary|senior secondary|"
                    r"secondary school|10th|12th|x|xii|class|intermediate)\b", re.IGNORECASE)
DURATION = re.compile(r"\(?\s*(?:less\s+than\s+)?\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?)\s*\)?", re.IGNORECASE)
# the section's own headings, which the set includes in its Skills spans: "TECHNICAL SKILLS", "Core Competencies"
SKILLS_HEADING = re.compile(r"(?:\d+\s+)?(?:technical|computer|soft|it|key)?\s*(?:skills?(?:\s+sets?)?|"
                            r"(?:core\s+)?competenc(?:y|ies)|skills\s+and\s+competencies|languages|"
                            r"additional\s+information|professional\s+experience):?", re.IGNORECASE)
ITEM_SPLIT = re.compile(r"[,;|•●▪◦❖❑➢►■\n\t]|\s-\s|\band\b")


def gold_spans(row: dict, label: str) -> list[tuple[int, int, str]]:
    spans = []
    for annotation in row["annotation"]:
        if label in annotation["label"]:
            for p in annotation["points"]:
                spans.append((p["start"], p["end"] + 1, p["text"]))  # the data set's end is inclusive
    return spans


def anchored(content: str, start: int, text: str) -> int:
    """Where a gold span's text stands: at its offset, or (some offsets of the set miss their own text by a few
    lines) at the occurrence nearest to it; the offset as given when the text is nowhere."""
    if content.startswith(text, start):
        return start
    found = [m.start() for m in re.finditer(re.escape(text), content)]
    return min(found, key=lambda at: abs(at - start)) if found else start


def levels_named(text: str) -> set[str]:
    """The degree levels a labelled span names, as rolematch's own degree patterns read it alone."""
    return {d.level for d in api.extract_text(text.strip(), as_of=AS_OF).degrees}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def skill_items(section: str) -> list[str]:
    """Split a gold Skills section into items; drop durations and "Label:" prefixes and headings."""
    items = []
    for line in DURATION.sub("", section).splitlines():  # "(Less\nthan 1 year)" runs over a line break
        if ":" in line:
            label, _, rest = line.partition(":")
            line = rest if len(label) < 40 else line
        for raw in ITEM_SPLIT.split(line):
            item = raw.strip(" .*-–()[]")
            if not item or len(item) > 40 or len(item.split()) > 5 or not re.search(r"[A-Za-z]", item):
                continue
            if SKILLS_HEADING.fullmatch(item):
                continue
            items.append(item)
    return items


def child(mode: str, texts_file: str, skills_dir: str, passes: int) -> None:
    """One measurement in this fresh process, printed as JSON: CPU and wall seconds of one pass over the resumes,
    and peak RSS (MiB)."""
    pin_to_one_core()
    resumes = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    if mode == "tokenizer":
        import spacy

        nlp = spacy.blank("en")
        wall, cpu = time.perf_counter(), time.process_time()
        for _, text in resumes:
            nlp.make_doc(text)
        print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                          "peak_mib": peak_mib()}))
        return
    from rolematch.extract.pipeline import extract_documents, get_pipeline

    folder = Path(skills_dir)
    options = api.Options(as_of=AS_OF, skills_dir=str(folder))
    roles = api.roles(options)
    get_pipeline(folder, permanent_vocabulary=False)
    started = time.perf_counter()
    api.warm_up(options)  # what a long-running process does once before its first resume
    setup = time.perf_counter() - started
    documents = [Document(name, text, "utf-8") for name, text in resumes]
    times, after = [], []
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "one-call":
        for profile in extract_documents(documents, as_of=AS_OF, skills_dir=folder):
            api.score_profile(profile, roles, options)
    else:
        for _ in range(passes if mode == "memory" else 1):
            for name, text in resumes:  # the library's one per-file pipeline, as every door calls it
                t0 = time.process_time()
                api.score(api.Source.from_text(text, name), options)
                times.append(time.process_time() - t0)
            after.append(rss_mib())
    print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "setup": setup,
                      "roles": len(roles), "after": after,
                      "p95_ms": statistics.quantiles(times, n=20)[-1] * 1000 if len(times) > 1 else None,
                      "peak_mib": peak_mib()}))


def measure(mode: str, texts_file: Path, skills_dir: Path, passes: int = 1) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", mode, str(texts_file), str(skills_dir), str(passes)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the hand-labelled PDF set (--pdfs / --labels)

TARGETS = {"degree recall": (">=", 0.95), "degree precision": (">=", 0.92), "title recall": (">=", 0.85),
           "years within 1": (">=", 0.80), "years found": (">=", 0.95), "median best score": ("<=", 15.0),
           "good/strong": ("<=", 0), "degree learn": ("<=", 0.0)}
TITLE_MATCH = 85            # rapidfuzz token_set_ratio of normalised titles
IT_AND_ENGINEERING = {"information-technology", "engineering"}


def normalise_title(title: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9+#&]+", " ", title.casefold()).split())


def label_as_of(label: dict) -> date:
    """What "Current" means for this resume: the latest date it gives (labelled), else the bench's fixed date."""
    if not label.get("as_of"):
        return AS_OF
    year, month = label["as_of"].split("-")
    return date(int(year), int(month), 1)


def score_labelled(pdfs: Path, labels: list[dict], skills_dir: Path) -> list[dict]:
    """Each labelled PDF through the public api, as JSON (the contract the CLI prints)."""
    results = []
    for label in labels:
        options = api.Options(as_of=label_as_of(label), skills_dir=str(skills_dir))
        results.append(api.score(api.Source.from_path(pdfs / label["file"]), options).to_dict())
    return results


def degree_counts(label: dict, result: dict) -> dict:
    """Labelled and extracted degrees matched by level (each extracted degree found at most one labelled one);
    a found degree's field agrees when an extracted degree of that level names the same field."""
    gold = collections.Counter(d["level"] for d in label["degrees"])
    got = collections.Counter(d["level"] for d in result["profile"]["degrees"])
    found = sum(min(n, got[level]) for level, n in gold.items())
    fields = {(d["level"], (d["field"] or "").casefold()) for d in result["profile"]["degrees"]}
    with_field = [d for d in label["degrees"] if d["field"] and got[d["level"]]]
    agree = sum((d["level"], d["field"].casefold()) in fields for d in with_field)
    return {"gold": sum(gold.values()), "extracted": sum(got.values()), "found": found,
            "with_field": len(with_field), "field_agree": agree}


def title_found(title: str, extracted: list[dict]) -> bool:
    wanted = normalise_title(title)
    return any(fuzz.token_set_ratio(wanted, normalise_title(t[key])) >= TITLE_MATCH
               for t in extracted for key in ("title", "text"))


def wrong_degree_learn(label: dict, result: dict) -> bool:
    """A resume that shows a degree (labelled, above school) told to `learn` a degree at or below the one it holds."""
    held = [DEGREE_LEVELS.index(d["level"]) for d in label["degrees"] if d["level"] != "school"]
    if not held:
        return False
    return any(m["kind"] == "degree" and m["action"] == "learn" and m["id"] in DEGREE_LEVELS
               and DEGREE_LEVELS.index(m["id"]) <= max(held)
               for role in result["roles"] for m in role["missing"])


def resume_figures(label: dict, result: dict) -> dict:
    """Everything one resume adds to the figures."""
    profile = result["profile"]
    years = profile["experience_years"]
    dated = label["has_dates"] and label["total_years"] is not None
    best = max(result["roles"], key=lambda r: r["score"]) if result["roles"] else None
    return {"category": label["category"], "file": label["file"],
            "on_track": label["category"] in IT_AND_ENGINEERING or label.get("work") == "it",
            **degree_counts(label, result),
            "titles": len(label["titles"]),
            "titles_found": sum(title_found(t, profile["titles"]) for t in label["titles"]),
            "dated": dated, "years_found": dated and years is not None,
            "years_close": dated and years is not None and abs(years - label["total_years"]) <= 1.0,
            "best_score": best["score"] if best else 0.0, "best_band": best["band"] if best else "weak",
            "has_degree": any(d["level"] != "school" for d in label["degrees"]),
            "degree_learn": wrong_degree_learn(label, result)}


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def summarise(rows: list[dict]) -> dict:
    """The figures over some resumes (None where nothing counts)."""
    total = collections.Counter()
    for row in rows:
        total.update({key: int(value) for key, value in row.items() if isinstance(value, int)})  # counts and flags
    outside = [r for r in rows if not r["on_track"]]
    good = [r for r in rows if r["best_band"] in ("good", "strong")]
    with_degree = [r for r in rows if r["has_degree"]]
    return {"resumes": len(rows),
            "degree recall": ratio(total["found"], total["gold"]),
            "degree precision": ratio(total["found"], total["extracted"]),
            "field agreement": ratio(total["field_agree"], total["with_field"]),
            "title recall": ratio(total["titles_found"], total["titles"]),
            "years within 1": ratio(total["years_close"], total["dated"]),
            "years found": ratio(total["years_found"], total["dated"]),
            "median best score": statistics.median(r["best_score"] for r in outside) if outside else None,
            "good/strong": sum(not r["on_track"] for r in good) if outside else None,
            "good/strong by folder": [r["file"] for r in good if r["category"] not in IT_AND_ENGINEERING],
            "degree learn": ratio(sum(r["degree_learn"] for r in with_degree), len(with_degree)),
            "counts": total, "outside": len(outside), "with_degree": len(with_degree)}


def verdict(name: str, value) -> str:
    sign, target = TARGETS[name]
    met = value <= target if sign == "<=" else value >= target
    return f"target {sign} {target:g}: {'met' if met else 'NOT met'}"


def print_labelled(labels: list[dict], rows: list[dict]) -> None:
    overall = summarise(rows)
    c = overall["counts"]
    lines = [
        ("degree recall", f"({c['found']}/{c['gold']} labelled degrees, school records included, matched by level)"),
        ("degree precision", f"({c['found']}/{c['extracted']} extracted degrees with a labelled one of that level)"),
        ("field agreement", f"({c['field_agree']}/{c['with_field']} found degrees whose labelled field was "
                            "extracted too; no target)"),
        ("title recall", f"({c['titles_found']}/{c['titles']} labelled titles, token_set_ratio >= {TITLE_MATCH})"),
        ("years within 1", f"({c['years_close']}/{c['dated']} resumes with dates: total within 1 year)"),
        ("years found", f"({c['years_found']}/{c['dated']} resumes with dates: any total found)"),
        ("median best score", f"(best-role score, {overall['outside']} resumes whose work is outside IT and "
                              "engineering: the folder's, unless the label says `work: it`)"),
        ("good/strong", f"(of those {overall['outside']}: best role in band good or strong; by folder alone: "
                        f"{len(overall['good/strong by folder'])} {overall['good/strong by folder']})"),
        ("degree learn", f"({overall['with_degree']} resumes with a labelled degree: share told to `learn` a "
                         "degree at or below the one they hold)"),
    ]
    print(f"labelled PDF resumes: {len(labels)} in {len({l['category'] for l in labels})} categories")
    for name, about in lines:
        value = overall[name]
        shown = "   n/a" if value is None else (f"{value:6.1f}" if name == "median best score" else
                                                 f"{value:6d}" if name == "good/strong" else f"{value:6.3f}")
        target = f"  {verdict(name, value)}" if name in TARGETS and value is not None else ""
        print(f"{name:<18}{shown}  {about}{target}")
    columns = ("degree recall", "degree precision", "field agreement", "title recall", "years within 1", "years found",
               "median best score", "good/strong", "degree learn")
    heads = ("deg R", "deg P", "field", "title R", "yrs+-1", "yrs fnd", "best med", "good+", "deg lrn")
    print(f"\n{'category':<22}{'n':>3} " + " ".join(f"{h:>8}" for h in heads))
    by_category = collections.defaultdict(list)
    for row in rows:
        by_category[row["category"]].append(row)
    for category in sorted(by_category):
        figures = summarise(by_category[category])
        cells = []
        for name in columns:
            value = figures[name]
            cells.append("-" if value is None else f"{value:.1f}" if name == "median best score" else
                         str(value) if name == "good/strong" else f"{value:.2f}")
        print(f"{category:<22}{len(by_category[category]):>3} " + " ".join(f"{cell:>8}" for cell in cells))


def print_misses(labels: list[dict], results: list[dict]) -> None:
    """What each resume's extraction missed or added, for reading next to the PDF (never committed anywhere)."""
    for label, result in zip(labels, results):
        profile = result["profile"]
        got = [(d["level"], d["field"]) for d in profile["degrees"]]
        gold = [(d["level"], d["field"]) for d in label["degrees"]]
        missed = [t for t in label["titles"] if not title_found(t, profile["titles"])]
        print(f"\n{label['file']}: degrees labelled {gold} extracted {got}; years labelled {label['total_years']} "
              f"extracted {profile['experience_years']}")
        print(f"  titles missed {missed}; extracted {[t['text'] for t in profile['titles']]}")


def labelled_report(pdfs: Path, labels_file: Path, skills_dir: Path, show_misses: bool) -> None:
    labels = [json.loads(line) for line in labels_file.open(encoding="utf-8") if line.strip()]
    results = score_labelled(pdfs, labels, skills_dir)
    print_labelled(labels, [resume_figures(label, result) for label, result in zip(labels, results)])
    if show_misses:
        print_misses(labels, results)


# -- skill precision on hand-judged hits (--skill-labels)

SKILL_PRECISION_TARGET = 0.90


def read_skill_labels(path: Path) -> dict[tuple[str, str], dict]:
    """(source, skill id) -> the verdict, from one JSON object a line (benchmarks/labels/README.md)."""
    labels = {}
    for line in path.open(encoding="utf-8"):
        if line.strip():
            label = json.loads(line)
            labels[(label["source"], label["skill"])] = label
    return labels


def labelled_sources(labels: dict[tuple[str, str], dict]) -> set[str]:
    return {source for source, _ in labels}


def dataturks_skill_hits(rows: list[dict], profiles: list, wanted: set[str]) -> dict[str, set[str]]:
    """The skill ids extracted from each judged annotated resume, by source name."""
    return {f"dataturks:{row['id']}": {hit.id for hit in profile.skills}
            for row, profile in zip(rows, profiles) if f"dataturks:{row['id']}" in wanted}


def pdf_skill_hits(pdfs: Path, wanted: set[str], skills_dir: Path) -> dict[str, set[str]]:
    """The skill ids extracted from each judged PDF under the folder, by source name, through the public api."""
    options = api.Options(as_of=AS_OF, skills_dir=str(skills_dir))
    hits = {}
    for source in sorted(wanted):
        kind, _, file = source.partition(":")
        if kind == "pdf" and (pdfs / file).is_file():
            profile = api.extract(api.Source.from_path(pdfs / file), options)
            hits[source] = {hit.id for hit in profile.skills}
    return hits


def skill_precision_lines(hits: dict[str, set[str]], labels: dict[tuple[str, str], dict], top: int) -> list[str]:
    """Precision over the hits that still occur and are judged; hits nobody judged yet are counted, not guessed."""
    judged = [labels[(source, skill)] for source, skills in hits.items() for skill in skills
              if (source, skill) in labels]
    unjudged = sum((source, skill) not in labels for source, skills in hits.items() for skill in skills)
    gone = sum(source in hits and skill not in hits[source] for source, skill in labels)
    if not judged:
        return [f"skill precision    n/a (no judged hit among {len(hits)} resumes; {unjudged} hits unjudged)"]
    correct = sum(label["correct"] for label in judged)
    precision = correct / len(judged)
    met = "met" if precision >= SKILL_PRECISION_TARGET else "NOT met"
    wrong = collections.Counter(label["skill"] for label in judged if not label["correct"])
    reasons = collections.Counter(label.get("reason") or "?" for label in judged if not label["correct"])
    return [f"skill precision {precision:.3f} ({correct} correct of {len(judged)} judged hits; {unjudged} hits "
            f"unjudged)  target >= {SKILL_PRECISION_TARGET:.2f}: {met}",
            f"  over {len(hits)} judged resumes; {gone} judged hits no longer extracted (not counted)",
            f"  most frequent false-positive skills: {wrong.most_common(top)}",
            f"  false-positive reasons: {reasons.most_common()}"]


def skill_precision(labels_file: Path, rows: list[dict] | None, profiles: list | None, pdfs: Path | None,
                    skills_dir: Path, top: int) -> list[str]:
    """The precision lines over the judged resumes found in the annotated rows and/or the PDF folder given."""
    labels = read_skill_labels(labels_file)
    wanted = labelled_sources(labels)
    hits = dataturks_skill_hits(rows, profiles, wanted) if rows is not None else {}
    if pdfs is not None:
        hits.update(pdf_skill_hits(pdfs, wanted, skills_dir))
    return skill_precision_lines(hits, labels, top)


def read_rows(dev_jsonl: Path) -> list[dict]:
    return [json.loads(line) for line in dev_jsonl.open(encoding="utf-8") if line.strip()]


def extract_rows(rows: list[dict], skills_dir: Path) -> list:
    from rolematch.extract.pipeline import extract_documents, get_pipeline

    get_pipeline(skills_dir)  # built once, outside the timing
    return extract_documents([Document(row["id"], row["content"], "utf-8") for row in rows], as_of=AS_OF,
                             skills_dir=skills_dir)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_jsonl", type=Path, nargs="?", help="the annotated DataTurks set (not with --labels)")
    parser.add_argument("--pdfs", type=Path, help="folder of the labelled PDFs, CATEGORY/ID.pdf "
                        "(e.g. /work/shared/data/resume-pdfs)")
    parser.add_argument("--labels", type=Path, help="hand labels of those PDFs, one JSON object a line "
                        "(e.g. benchmarks/labels/resume-pdfs.jsonl)")
    parser.add_argument("--show-misses", action="store_true", help="each resume's misses (with --labels); the "
                        "degree misses and false positives, each with its line (with DEV_JSONL)")
    parser.add_argument("--skill-labels", type=Path, help="hand-judged skill hits, one JSON object a line (e.g. "
                        "benchmarks/labels/skill-hits.jsonl): prints skill precision over the judged resumes given "
                        "by DEV_JSONL and/or --pdfs (--pdf-dir in the DEV_JSONL mode)")
    parser.add_argument("--skills-only", action="store_true", help="with --skill-labels: print the skill precision "
                        "only (no other figure, no timing)")
    parser.add_argument("--misses", type=int, default=25, help="how many frequent misses to print")
    parser.add_argument("--skills-dir", type=Path, default=SKILLS_DIR)
    parser.add_argument("--pdf-dir", type=Path, help="PDF resumes for the speed figures (default: resume-pdfs beside "
                        "DEV_JSONL)")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each kind; the fastest is kept")
    parser.add_argument("--passes", type=int, default=5, help="passes of the memory run")
    args = parser.parse_args()
    if args.skill_labels and not args.labels and (args.pdfs or args.dev_jsonl) and args.skills_only:
        rows = read_rows(args.dev_jsonl) if args.dev_jsonl else None
        profiles = extract_rows(rows, args.skills_dir) if rows is not None else None
        print("\n".join(skill_precision(args.skill_labels, rows, profiles, args.pdfs, args.skills_dir, args.misses)))
        return
    if args.labels or args.pdfs:
        if not (args.labels and args.pdfs):
            parser.error("--pdfs and --labels go together")
        labelled_report(args.pdfs, args.labels, args.skills_dir, args.show_misses)
        if args.skill_labels:
            print("\n" + "\n".join(skill_precision(args.skill_labels, None, None, args.pdfs, args.skills_dir,
                                                   args.misses)))
        return
    if args.dev_jsonl is None:
        parser.error("DEV_JSONL is required (or --pdfs and --labels)")
    rows = read_rows(args.dev_jsonl)
    profiles = extract_rows(rows, args.skills_dir)
    pdf_dir = args.pdf_dir or args.dev_jsonl.parent / "resume-pdfs"
    precision = skill_precision(args.skill_labels, rows, profiles, pdf_dir, args.skills_dir,
                                args.misses) if args.skill_labels else []

    # -- degrees
    gold_degrees = real_degrees = found = 0
    correct = extracted = 0
    unlabelled = unlabelled_extracted = 0  # resumes whose annotator labelled no degree at all, and what they give
    restated = 0  # missed gold mentions of a degree the resume's profile holds at that level
    degree_misses: list[str] = []  # "id line N: text" of each missed gold degree and each false positive
    degree_fps: list[str] = []
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
                hit = any(normalise_key(text) in t or t in normalise_key(text) for t in extracted_texts)
            else:
                hit = any(overlaps((start, end), (d.start, d.end)) for d in profile.degrees)
            found += hit
            if not hit:
                line = row["content"].count("\n", 0, start) + 1
                # rolematch reports each degree once; the set labels each mention ("Qualified B.Tech ..." in
                # the summary, "B.Tech in Engineering" under EDUCATION): the same level found elsewhere is that one
                restated += bool(levels_named(text) & {d.level for d in profile.degrees})
                degree_misses.append(f"{row['id']} line {line}: {text.strip()[:110]!r}")
        if not gold:  # the annotator labelled no degree here: silence, not "no degree" (their EDUCATION lists some)
            unlabelled += 1
            unlabelled_extracted += sum(d.level != "school" for d in profile.degrees)
            continue
        for d in profile.degrees:
            if d.level == "school":
                continue  # boards and classes are rarely labelled; they are not what the figure is about
            extracted += 1
            ok = any(overlaps((d.start, d.end), (s, e)) for s, e, _ in gold) or any(
                normalise_key(d.text) in t or t in normalise_key(d.text) for t in gold_texts)
            correct += ok
            if not ok:
                lines = profile.text.split("\n")
                degree_fps.append(f"{row['id']} line {d.line}: {d.level} {d.field!r} from {d.text!r} in "
                                  f"{lines[d.line - 1].strip()[:110]!r}")
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
            start = anchored(row["content"], start, section)
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

    # -- speed on distinct resumes, each kind of measurement in a fresh process on one core
    resumes, about = distinct_resumes(args.dev_jsonl, args.pdf_dir or args.dev_jsonl.parent / "resume-pdfs")
    speed: dict[str, list[dict]] = {"tokenizer": [], "calls": [], "one-call": []}
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "resumes.json"
        texts_file.write_text(json.dumps(resumes), encoding="utf-8")
        for _ in range(args.rounds):
            for mode in speed:
                speed[mode].append(measure(mode, texts_file, args.skills_dir))
        memory = measure("memory", texts_file, args.skills_dir, args.passes)

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

    print(machine())
    print(f"resumes: {len(rows)}")
    print(f"degree recall    {(found + restated) / real_degrees:.3f}  ({found + restated}/{real_degrees} real gold "
          f"degrees found, {restated} of them as the same degree named elsewhere; {degree_recall:.3f} mention by "
          f"mention; {gold_degrees - real_degrees} school records or non-degrees labelled Degree skipped)")
    print(f"degree precision {degree_precision:.3f}  ({correct}/{extracted} extracted degrees above school level, in "
          f"the resumes with a Degree label; {unlabelled} resumes with none give {unlabelled_extracted} more, counted "
          f"wrong: {correct / (extracted + unlabelled_extracted):.3f})")
    if args.show_misses:
        print(f"  degree misses ({len(degree_misses)}):")
        for miss in degree_misses:
            print(f"    {miss}")
        print(f"  extracted degrees with no gold degree ({len(degree_fps)}):")
        for fp in degree_fps:
            print(f"    {fp}")
    print(f"title recall     {title_recall:.3f}  ({found_titles}/{gold_titles} gold designations)")
    print(f"skill coverage   {coverage:.3f}  ({items_found}/{items_total} listed skill items)")
    for line in precision:
        print(line)
    print(f"speed on {about}; one core, CPU seconds, fastest of {args.rounds} fresh processes each:")
    floor = min(speed["tokenizer"], key=lambda m: m["cpu"])
    print(f"  bare spacy.blank('en') tokenizer          {len(resumes) / floor['cpu']:6.0f} resumes/s")
    for mode, label in (("calls", "one call per resume (a memory zone each)"),
                        ("one-call", "all resumes in one call (one zone)")):
        best = min(speed[mode], key=lambda m: m["cpu"])
        ratio = best["cpu"] / floor["cpu"]
        target = f", target <= {TARGET_RATIO:.1f}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'}" if mode == "calls" else ""
        print(f"  extraction + scoring of {best['roles']} roles, {label}: {len(resumes) / best['cpu']:.0f} resumes/s, "
              f"{ratio:.2f}x the tokenizer's time{target}")
        if mode == "calls":
            print(f"    p95 {best['p95_ms']:.1f} ms a resume; wall-clock ratio {best['wall'] / floor['wall']:.2f}x; "
                  f"permanent vocabulary made in {best['setup']:.2f} s; peak RSS {best['peak_mib']:.0f} MiB "
                  f"(tokenizer alone {floor['peak_mib']:.0f} MiB)")
    spread = {mode: ", ".join(f"{len(resumes) / m['cpu']:.0f}" for m in runs) for mode, runs in speed.items()}
    print(f"  every round, resumes/s: {spread}")
    print(f"memory, one process, one call per resume: RSS after 1 pass {memory['after'][0]:.0f} MiB, after "
          f"{len(memory['after'])} passes over the same resumes {memory['after'][-1]:.0f} MiB "
          f"({memory['after'][-1] / memory['after'][0]:.2f}x; every pass: "
          f"{', '.join(f'{m:.0f}' for m in memory['after'])}); peak {memory['peak_mib']:.0f} MiB")
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
