"""Text extraction from PDF and DOCX resumes: pypdfium2 against pypdf, on speed and on reading order.

usage: python benchmarks/bench_documents.py [--resumes 50] [--seed 7] [--repeat 3] [--dev DEV_JSONL]
       python benchmarks/bench_documents.py --real FOLDER [--real-only] [--no-pdfminer]

With --real (a folder of real PDF resumes, one sub-folder per category): files read without error, word fidelity
against poppler's pdftotext (the share of its words of 3+ letters that are whole tokens of rolematch's text; needs
poppler-utils, benchmark-only; said clearly when missing), the same for plain pypdfium2 and for pdfminer.six
(`pip install pdfminer.six`, benchmark-only and optional), PDFs/s per core, and reading warnings per folder.

Makes seeded two-page resumes (half in one column, half in two columns drawn row by row across both, as
table-based resume builders do) as PDF with fpdf2 and as DOCX with python-docx, then times, each in a fresh
process on one core: PDFium's plain text (pypdfium2), pypdf's extract_text(), rolematch's PDF reader
(PDFium plus columns, unwrapping and headers), python-docx's paragraphs and rolematch's DOCX reader.

Reading order is the share of pairs of laid-out lines that come out in the order a person reads them (left
column before right column): 1.0 is perfect; reading across both columns breaks the sidebar's lines apart.
With --dev (the DataTurks resumes), each resume is also rendered as a one-column PDF, a two-column PDF and a
DOCX, and what rolematch extracts from each is compared with what it extracts from the plain text.
Needs the dev extras (fpdf2, pypdf): `pip install -e ".[dev]"`.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import docgen  # noqa: E402  (tests/docgen.py: the fixture makers the tests use)
from resumes import machine, peak_mib  # noqa: E402  (benchmarks/resumes.py: shared by the benchmarks)

SKILLS = ["Python", "SQL", "R", "Java", "Scala", "Apache Spark", "Hadoop", "Kafka", "Airflow", "Tableau", "Power BI",
          "Excel", "pandas", "NumPy", "scikit-learn", "TensorFlow", "PyTorch", "Keras", "XGBoost", "Docker",
          "Kubernetes", "AWS", "Azure", "GCP", "Git", "Linux", "PostgreSQL", "MongoDB", "Snowflake", "dbt",
          "Natural Language Processing", "Computer Vision", "Time Series Forecasting", "A/B Testing", "MLflow"]
TITLES = ["Data Scientist", "Senior Data Scientist", "Data Analyst", "Machine Learning Engineer", "Data Engineer",
          "Software Engineer", "Business Intelligence Analyst", "Research Scientist", "NLP Engineer"]
COMPANIES = ["Kirana Analytics", "FinEdge Technologies", "Infosys", "Wipro", "Tata Consultancy Services", "Zoho",
             "Flipkart", "Swiggy", "Freshworks", "Mu Sigma", "Fractal Analytics", "Accenture"]
VERBS = ["Built", "Designed", "Deployed", "Led", "Automated", "Migrated", "Optimised", "Maintained", "Analysed"]
OBJECTS = ["a demand forecasting model", "ETL pipelines for sales data", "customer churn dashboards",
           "a recommendation service", "data quality checks", "a real-time fraud detection system",
           "reporting for loan risk", "a document classification model", "feature stores for credit scoring"]
RESULTS = ["cutting stock-outs by 18% across 240 stores", "saving 12 analyst hours a week",
           "serving 3 million requests a day", "improving precision from 0.71 to 0.84",
           "used by the finance and operations teams", "with monitoring of data drift every week"]
DEGREES = ["M.Sc. in Statistics", "B.Tech in Computer Science", "B.E. (Electronics and Communication)",
           "MBA in Business Analytics", "M.Tech in Data Science", "B.Sc. (Mathematics)", "PhD in Physics"]


def resume_text(rng: random.Random) -> str:
    """A typical two-page resume: contact lines, summary, skills, three or four jobs, projects, education."""
    name = rng.choice(["Priya Raghavan", "Arjun Mehta", "Sneha Iyer", "Rahul Verma", "Ananya Das", "Vikram Rao"])
    skills = rng.sample(SKILLS, 16)
    lines = [name, f"{rng.choice(TITLES)} - Bengaluru, Karnataka",
             f"Email: {name.split()[0].lower()}@example.com | Phone: +91 98450 {rng.randint(10000, 99999)}", "",
             "PROFILE SUMMARY",
             f"{rng.choice(TITLES)} with {rng.randint(2, 12)} years of experience in {', '.join(skills[:3])} "
             f"building data products for retail, banking and logistics clients.", "",
             "TECHNICAL SKILLS", f"Languages: {', '.join(skills[:4])}", f"Libraries: {', '.join(skills[4:9])}",
             f"Tools: {', '.join(skills[9:13])}", f"Methods: {', '.join(skills[13:])}", "",
             "WORK EXPERIENCE"]
    year = 2025
    for _ in range(rng.randint(3, 4)):
        start = year - rng.randint(1, 4)
        lines += ["", rng.choice(TITLES), f"{rng.choice(COMPANIES)}, {rng.choice(['Pune', 'Chennai', 'Hyderabad'])}",
                  f"Jan {start} - Dec {year}"]
        for _ in range(rng.randint(3, 5)):
            lines.append(f"- {rng.choice(VERBS)} {rng.choice(OBJECTS)} in {rng.choice(skills)} and "
                         f"{rng.choice(skills)}, {rng.choice(RESULTS)}.")
        year = start
    lines += ["", "PROJECTS"] + [f"{rng.choice(OBJECTS).capitalize()}: {rng.choice(VERBS).lower()} with "
                                 f"{rng.choice(skills)}, {rng.choice(RESULTS)}." for _ in range(3)]
    lines += ["", "EDUCATION"] + [f"{d}, University of Hyderabad, {year - 2 * i}"
                                  for i, d in enumerate(rng.sample(DEGREES, 2))]
    lines += ["", "CERTIFICATIONS", "AWS Certified Cloud Practitioner", "Deep Learning Specialization - Coursera"]
    return "\n".join(lines) + "\n"


def make_corpus(count: int, seed: int, font_file: str | None) -> list[dict]:
    rng = random.Random(seed)
    corpus = []
    for i in range(count):
        text = resume_text(rng)
        columns = 2 if i % 2 else 1
        corpus.append({"text": text, "columns": columns,
                       "pdf": docgen.resume_pdf(text, columns=columns, font_size=10.5, font_file=font_file),
                       "docx": docgen.resume_docx(text, layout="table" if columns == 2 else "flow")})
    return corpus


def expected_order(text: str) -> list[str]:
    """The laid-out lines of the two-column PDF in reading order: name block, sidebar, main column."""
    head, body = docgen.sections(text)
    side, main = docgen.sidebar_and_main(body)
    left = [x for h, lines in side for x in (h, *lines)]
    right = [x for h, lines in main for x in (h, *lines)]
    return [line for line in [*head, *left, *right] if len(line.strip()) > 12]


def order_score(markers: list[str], output: str) -> float:
    """Share of the laid-out lines followed, in the output, by the line a person reads next. Reading across
    both columns puts a line of the other column between two lines of the sidebar."""
    flat = " ".join(output.split())
    found = []  # (position in the output, rank in reading order)
    for rank, marker in enumerate(markers):
        probe = " ".join(marker.split()[:6])
        at = flat.find(probe)
        if at >= 0 and flat.count(probe) == 1:
            found.append((at, rank))
    ranks = [rank for _, rank in sorted(found)]
    expected = sorted(ranks)
    follows = {a: b for a, b in zip(expected, expected[1:])}
    hits = sum(follows.get(a) == b for a, b in zip(ranks, ranks[1:]))
    return hits / max(len(follows), 1)


def pdfium_plain(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        pdf.close()


def pypdf_plain(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def rolematch_reader(name: str):
    from rolematch.read import read_bytes

    return lambda data: read_bytes(name, data).text


def docx_paragraphs(data: bytes) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


LIBRARIES = {  # name: (format, extractor maker)
    "pypdfium2 get_text_range": ("pdf", lambda: pdfium_plain),
    "pypdf extract_text": ("pdf", lambda: pypdf_plain),
    "rolematch read (pypdfium2 + layout)": ("pdf", lambda: rolematch_reader("resume.pdf")),
    "python-docx paragraphs": ("docx", lambda: docx_paragraphs),
    "rolematch read (python-docx + tables)": ("docx", lambda: rolematch_reader("resume.docx")),
}


def measure(library: str, corpus: list[dict], repeat: int) -> dict:
    """In a fresh process pinned to one core: warm up on one file, then time every file `repeat` times."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    fmt, make = LIBRARIES[library]
    extract = make()
    extract(corpus[0][fmt])
    times = []
    scores = []
    for doc in corpus:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            text = extract(doc[fmt])
            best = min(best, time.perf_counter() - start)
        times.append(best)
        if fmt == "pdf" and doc["columns"] == 2:
            scores.append(order_score(expected_order(doc["text"]), text))
    return {"library": library, "format": fmt, "times": times, "order": scores, "rss_mb": peak_mib()}


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("pypdfium2", "pypdf", "python-docx", "fpdf2"))


def fidelity(dev_jsonl: Path, font_file: str | None) -> None:
    """Per rendering: resumes whose skills, degrees, titles equal the text version's; mean skill Jaccard."""
    import json
    from datetime import date

    from rolematch import api
    from rolematch.errors import RolematchError

    as_of = date(2026, 11, 1)
    rows = [json.loads(line) for line in dev_jsonl.open(encoding="utf-8") if line.strip()]

    def found(profile) -> tuple[set, set, set]:
        return ({s.id for s in profile.skills}, {(d.level, d.field) for d in profile.degrees},
                {(t.title, t.seniority) for t in profile.titles})

    renderings = {"PDF, one column": ("r.pdf", lambda text: docgen.resume_pdf(text, font_file=font_file)),
                  "PDF, two columns": ("r.pdf", lambda text: docgen.resume_pdf(text, columns=2, font_file=font_file)),
                  "DOCX": ("r.docx", lambda text: docgen.resume_docx(text, layout="flow"))}
    print(f"\nthe same resume as text and as a document ({len(rows)} resumes of {dev_jsonl.name}): share with the "
          "same skills / degrees / titles, mean skill Jaccard")
    expected = [found(api.extract_text(row["content"], as_of=as_of)) for row in rows]
    for label, (name, render) in renderings.items():
        same = [0, 0, 0]
        jaccard = []
        for row, want in zip(rows, expected):
            try:
                got = found(api.extract_bytes(name, render(row["content"]), as_of=as_of))
            except RolematchError:
                got = (set(), set(), set())
            for i in range(3):
                same[i] += got[i] == want[i]
            jaccard.append(len(got[0] & want[0]) / len(got[0] | want[0]) if got[0] | want[0] else 1.0)
        print(f"  {label:18} {same[0] / len(rows):5.0%} / {same[1] / len(rows):5.0%} / {same[2] / len(rows):5.0%}   "
              f"{statistics.mean(jaccard):.3f}")


# --- real resumes: word fidelity against poppler's pdftotext, speed, reading warnings -----------------------------

_LETTERS = re.compile(r"[^\W\d_]+")


def word_fidelity(reference: str, text: str) -> float:
    """Share of the reference's words of 3 letters or more that are whole tokens of `text` (as many times):
    a word glued to its neighbour ("dataanalyst") or split ("Engi neering") is missed."""
    from collections import Counter

    want = Counter(w.casefold() for w in _LETTERS.findall(reference) if len(w) >= 3)
    have = Counter(w.casefold() for w in _LETTERS.findall(text))
    total = sum(want.values())
    return sum(min(n, have[w]) for w, n in want.items()) / total if total else 1.0


def pdftotext(path: Path) -> str | None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def pdfium_floor(paths: list[Path]) -> tuple[float, float]:
    """CPU seconds PDFium takes over the files to open them and build every page's text page, without and with
    get_text_range: what rolematch's reader costs at the least, and what plain pypdfium2 costs."""
    import pypdfium2 as pdfium

    blobs = [path.read_bytes() for path in paths]
    seconds = []
    for with_text in (False, True):
        started = time.process_time()
        for data in blobs:
            try:
                pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError:
                continue
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                if with_text:
                    textpage.get_text_range()
                textpage.close()
                page.close()
            pdf.close()
        seconds.append(time.process_time() - started)
    return seconds[0], seconds[1]


def pdfminer_plain(data: bytes) -> str | None:
    try:
        from pdfminer.high_level import extract_text
    except ImportError:
        return None
    return extract_text(io.BytesIO(data))


def _summary(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    tenth = ordered[:max(1, len(ordered) // 10)]
    return f"{statistics.mean(ordered):.3f} mean, {statistics.mean(tenth):.3f} worst tenth"


def real_corpus(folder: Path, with_pdfminer: bool) -> None:
    """Every PDF under FOLDER (one sub-folder per category): read, timed, compared word by word with pdftotext."""
    from collections import Counter, defaultdict

    from rolematch import api
    from rolematch.errors import RolematchError

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    paths = sorted(folder.rglob("*.pdf"))
    print(f"\nreal resumes: {len(paths)} PDFs under {folder} ({len({p.parent for p in paths})} folders), "
          "read in this process on one core")
    if not paths:
        return
    api.read(api.Source.from_path(paths[0]))  # imports and PDFium's start-up are not per file
    ok = 0
    seconds = cpu_seconds = 0.0
    errors: Counter = Counter()
    warnings: dict[str, Counter] = defaultdict(Counter)
    texts: dict[Path, str] = {}
    for path in paths:
        data = path.read_bytes()
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            document = api.read(api.Source.from_bytes(path.name, data))
        except RolematchError as exc:
            errors[exc.kind] += 1
            continue
        finally:
            seconds += time.perf_counter() - started
            cpu_seconds += time.process_time() - cpu_started
        ok += 1
        texts[path] = document.text
        category = path.relative_to(folder).parts[0] if len(path.relative_to(folder).parts) > 1 else "."
        warnings[category]["files"] += 1
        profile = api.extract_document(document)  # extraction adds its warnings (not timed: reading only)
        for code in profile.document.codes:
            warnings[category][code] += 1
    print(f"  read without error: {ok}/{len(paths)} ({ok / len(paths):.1%})"
          + (f"; errors: {dict(errors)}" if errors else ""))
    print(f"  speed: {len(paths) / cpu_seconds:.1f} PDFs/s per core (CPU time of the reading only: "
          f"{cpu_seconds / len(paths) * 1e3:.1f} ms a PDF), {len(paths) / seconds:.1f} PDFs/s of wall time (a busy "
          "machine lowers the second), for the whole read: PDF, tidy, mojibake repair, the reader's warnings; not "
          "extraction")
    floor, plain = pdfium_floor(paths)
    print(f"  PDFium alone, per core: {len(paths) / floor:.1f} PDFs/s opening each PDF, loading its pages and "
          f"building their text pages ({floor / len(paths) * 1e3:.1f} ms a PDF: the floor for any reader on "
          f"PDFium's text); {len(paths) / plain:.1f} PDFs/s with get_text_range too (plain pypdfium2)")
    references = {path: pdftotext(path) for path in texts}
    if all(ref is None for ref in references.values()):
        print("  word fidelity: NOT MEASURED: pdftotext (poppler-utils) is missing: apt-get install poppler-utils")
    else:
        scores: dict[str, list[float]] = defaultdict(list)
        for path, text in texts.items():
            reference = references[path]
            if reference is None or len(_LETTERS.findall(reference)) < 20:
                continue  # poppler read no text either (a scan): nothing to compare
            data = path.read_bytes()
            scores["rolematch read"].append(word_fidelity(reference, text))
            scores["pypdfium2 get_text_range"].append(word_fidelity(reference, pdfium_plain(data)))
            if with_pdfminer:
                plain = pdfminer_plain(data)
                if plain is None:
                    with_pdfminer = False
                    print("  (pdfminer.six is not installed: pip install pdfminer.six to compare with it)")
                else:
                    scores["pdfminer.six extract_text"].append(word_fidelity(reference, plain))
        count = len(scores["rolematch read"])
        print(f"  word fidelity against pdftotext ({count} PDFs with a text layer; share of poppler's words of "
              "3+ letters that are whole tokens):")
        for name, values in scores.items():
            print(f"    {name:28} {_summary(values)}")
    codes = sorted({code for counts in warnings.values() for code in counts if code != "files"})
    print("  reading warnings per folder (files warned / files read):")
    header = f"    {'folder':24} {'files':>5} " + " ".join(f"{code:>17}" for code in codes)
    print(header)
    for category, counts in sorted(warnings.items()):
        print(f"    {category:24} {counts['files']:5} " + " ".join(f"{counts[code]:17}" for code in codes))


DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="time each file this many times, keep the best")
    parser.add_argument("--font", default=DEFAULT_FONT if Path(DEFAULT_FONT).exists() else None,
                        help="TrueType font to embed, as word processors do (default: DejaVu Sans if installed, "
                             "else the standard Helvetica, which flatters pypdf)")
    parser.add_argument("--dev", type=Path, help="DataTurks JSONL: compare extraction from documents with text")
    parser.add_argument("--real", type=Path, help="a folder of real PDF resumes (one sub-folder per category): "
                        "files read, word fidelity against pdftotext, PDFs/s, reading warnings per folder")
    parser.add_argument("--no-pdfminer", action="store_true", help="with --real: skip the pdfminer.six reference")
    parser.add_argument("--real-only", action="store_true", help="with --real: skip the generated corpus")
    args = parser.parse_args()
    if args.real and args.real_only:
        print(machine())
        real_corpus(args.real, not args.no_pdfminer)
        return

    import pypdfium2

    corpus = make_corpus(args.resumes, args.seed, args.font)
    pages = [len(pypdfium2.PdfDocument(doc["pdf"])) for doc in corpus]
    print(machine())
    print(f"versions: {versions()}")
    print(f"corpus: {args.resumes} resumes (seed {args.seed}), half in one column, half in two columns drawn row by "
          f"row; {statistics.mean(pages):.1f} pages on average ({min(pages)}-{max(pages)}); "
          f"{statistics.mean(len(d['pdf']) for d in corpus) / 1024:.0f} kB per PDF, "
          f"{statistics.mean(len(d['docx']) for d in corpus) / 1024:.0f} kB per DOCX; font: "
          f"{Path(args.font).name + ' (embedded)' if args.font else 'Helvetica (standard)'}")
    print(f"each file timed {args.repeat}x (best kept) in a fresh process on one core\n")
    context = multiprocessing.get_context("spawn")
    header = (f"{'extractor':40} {'fmt':4} {'files/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'peak RSS':>9} "
              f"{'order':>6}")
    print(header)
    print("-" * len(header))
    for library in LIBRARIES:
        with context.Pool(1) as pool:
            result = pool.apply(measure, (library, corpus, args.repeat))
        times = sorted(result["times"])
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        order = f"{statistics.mean(result['order']):.2f}" if result["order"] else "-"
        print(f"{library:40} {result['format']:4} {len(times) / sum(times):8.0f} "
              f"{statistics.median(times) * 1e3:7.1f} {p95 * 1e3:7.1f} {result['rss_mb']:6.0f} MB {order:>6}")
    print("\nfiles/s: one core, in-process, text extraction only. peak RSS: the whole worker process.")
    print("order: share of the two-column PDFs' lines followed by the line a person reads next (1.00: the "
          "sidebar, then the main column)")
    if args.dev:
        import logging

        logging.getLogger("fpdf").setLevel(logging.ERROR)  # a few resumes hold glyphs DejaVu Sans lacks
        fidelity(args.dev, args.font)
    if args.real:
        real_corpus(args.real, not args.no_pdfminer)


if __name__ == "__main__":
    main()
