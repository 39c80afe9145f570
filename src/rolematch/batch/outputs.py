"""The outputs of a run, built from the journal in one streaming pass in file order: results and summary tables
(CSV or Parquet through pandas), profiles.jsonl, errors.csv, the cohort page and the manifest. Each is written to
a temporary file and renamed into place, so a reader never sees half of one."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import SCHEMA_VERSION, __version__, api
from .journal import Journal, read_entry
from .work import COMPONENTS, BatchOptions

EXIT_OK, EXIT_SOME_FAILED, EXIT_NONE = 0, 3, 1
PARTIAL_SUFFIX = ".tmp"
TABLE_ROWS = 2000    # rows per write of results.csv / summary.csv
RESULT_COLUMNS = ("file", "sha256", "role_id", "role_title", "score", "rank", *COMPONENTS, "matched", "top_missing")
ERROR_COLUMNS = ("file", "kind", "message")


def atomic_write(path: Path, text: str | Iterable[str]) -> None:
    """Write to a temporary file beside `path` and rename it into place; on any failure (a full disk) the
    temporary file goes and `path` keeps what it held."""
    partial = _partial(path)
    try:
        with partial.open("w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def neutralise(value):
    """A CSV cell a spreadsheet would run as a formula (a file named "=HYPERLINK(...).txt") made text, as OWASP
    recommends against CSV injection: a leading = + - @ tab or carriage return gets a single quote before it."""
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


_FORMULA_STARTS = frozenset("=+-@\t\r")


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def remove_partial_files(out_dir: Path) -> int:
    """The temporary files an interrupted run (a kill, a power cut) left behind; how many there were."""
    stale = [p for folder in (out_dir, out_dir / "reports") if folder.is_dir()
             for p in folder.glob(f".*{PARTIAL_SUFFIX}") if p.is_file()]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


class TableWriter:
    """Rows appended in blocks to a CSV (or Parquet) file through pandas, with fixed columns and dtypes."""

    def __init__(self, path: Path, columns: tuple[str, ...], dtypes: dict[str, str], table: str) -> None:
        self.path, self.columns, self.dtypes, self.table = path, columns, dtypes, table
        self.partial = _partial(path)
        self.rows: list[dict] = []
        self.first = True
        self.parquet = None

    def add(self, row: dict) -> None:
        if self.table == "csv":
            row = {column: neutralise(value) for column, value in row.items()}
        self.rows.append(row)
        if len(self.rows) >= TABLE_ROWS:
            self.flush()

    def flush(self) -> None:
        import pandas as pd

        if not self.rows and not self.first:
            return
        frame = pd.DataFrame(self.rows, columns=list(self.columns)).astype(self.dtypes)
        self.rows = []
        if self.table == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            arrow = pa.Table.from_pandas(frame, preserve_index=False)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.partial, arrow.schema)
            self.parquet.write_table(arrow)
        else:
            frame.to_csv(self.partial, mode="w" if self.first else "a", header=self.first, index=False)
        self.first = False

    def close(self) -> None:
        self.flush()
        if self.parquet is not None:
            self.parquet.close()
        self.partial.replace(self.path)


class Spool:
    """A list that lives in a temporary file: append JSON-able items, then iterate over them (as often as needed)."""

    def __init__(self, folder: Path) -> None:
        import tempfile

        self.handle = tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder)
        self.count = 0

    def append(self, item) -> None:
        self.handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self):
        self.handle.flush()
        self.handle.seek(0)
        return (json.loads(line) for line in self.handle)

    def close(self) -> None:
        self.handle.close()


def prepare_in_background() -> None:
    """Import pandas and compile the cohort page while the workers start, instead of at the end of the run, when
    everything waits for it."""

    def prepare() -> None:
        import pandas  # noqa: F401

        api.prepare_cohort_page()

    threading.Thread(target=prepare, daemon=True).start()


@dataclass
class BatchSummary:
    out_dir: Path
    scored: int = 0
    failed: int = 0
    reused: int = 0
    skipped: Counter = field(default_factory=Counter)
    duplicates: int = 0
    seconds: float = 0.0
    interrupted: bool = False       # Ctrl-C, or a local worker killed
    stopped: str | None = None      # why the Dask cluster stopped the run early

    @property
    def exit_code(self) -> int:
        if self.scored + self.reused == 0:
            return EXIT_NONE
        return EXIT_SOME_FAILED if self.failed or self.stopped else EXIT_OK

    def line(self) -> str:
        skipped = sum(self.skipped.values())
        rate = f" ({(self.scored + self.failed) / self.seconds:.0f} resumes/s)" if self.seconds and self.scored else ""
        why = f" ({', '.join(f'{n} {reason}' for reason, n in sorted(self.skipped.items()))})" if skipped else ""
        text = (f"{self.scored + self.reused} scored ({self.reused} unchanged since the last run), {self.failed} failed, "
                f"{skipped} skipped{why}, {self.duplicates} duplicates; {self.seconds:.1f} s{rate}; outputs in "
                f"{self.out_dir}")
        if self.stopped:
            return f"Stopped early ({self.stopped}); a re-run continues where it stopped: {text}"
        return ("Interrupted: " if self.interrupted else "") + text


def build_outputs(out_dir: Path, names: list[str], journal_path: Path, journal: Journal, role_titles: dict[str, str],
                  options: BatchOptions, summary: BatchSummary, run: dict) -> int:
    """results, summary, profiles, errors, index.html and manifest.json from the journal, in file order. Returns
    the number of duplicates (the same content under another name)."""
    tables = _Tables(out_dir, list(role_titles), run["table"])
    cohort = _Cohort(list(role_titles), Spool(out_dir), Spool(out_dir))
    inputs = []
    first_by_hash: dict[str, str] = {}
    duplicates = 0
    profiles_path = out_dir / "profiles.jsonl"
    profiles_partial = _partial(profiles_path)
    with journal_path.open("rb") as handle, profiles_partial.open("w", encoding="utf-8") as profiles:
        for name in names:
            offset = journal.offsets.get(name)
            if offset is None:
                inputs.append({"file": name, "status": "not done"})
                continue
            entry, profile_line = read_entry(handle, offset)
            inputs.append({"file": name, "sha256": entry.sha256, "status": "failed" if entry.error else "scored"})
            if entry.error:
                tables.errors.add({"file": name, "kind": entry.error.kind, "message": entry.error.message})
                cohort.fail(name, entry.error.kind, entry.error.message)
                continue
            duplicate_of = first_by_hash.setdefault(entry.sha256, name)
            duplicates += duplicate_of != name
            tables.add(entry, duplicate_of if duplicate_of != name else None)
            profiles.write(profile_line)
            cohort.add(entry, duplicate_of if duplicate_of != name else None)
    tables.close()
    profiles_partial.replace(profiles_path)
    report_date = date.fromisoformat(options.as_of) if options.as_of else date.today()
    cohort.write(out_dir, role_titles, report_date)
    atomic_write(out_dir / "manifest.json", json.dumps(_manifest(names, inputs, duplicates, options, summary, run),
                                                       indent=2, ensure_ascii=False) + "\n")
    return duplicates


class _Tables:
    """results, summary and errors, each a TableWriter with fixed columns and dtypes."""

    def __init__(self, out_dir: Path, role_ids: list[str], table: str) -> None:
        suffix = "parquet" if table == "parquet" else "csv"
        text = {"file": "string", "sha256": "string"}
        self.role_ids = role_ids
        self.results = TableWriter(out_dir / f"results.{suffix}", RESULT_COLUMNS, {
            **text, "role_id": "string", "role_title": "string", "score": "float64", "rank": "int64",
            **{c: "float64" for c in COMPONENTS}, "matched": "int64", "top_missing": "string"}, table)
        columns = ("file", "sha256", "best_role", "best_score", *[f"score_{r}" for r in role_ids], "degree_level",
                   "degree_field", "experience_years", "skills", "warnings", "duplicate_of", "report")
        self.summaries = TableWriter(out_dir / f"summary.{suffix}", columns, {
            **text, "best_role": "string", "best_score": "float64", **{f"score_{r}": "float64" for r in role_ids},
            "degree_level": "string", "degree_field": "string", "experience_years": "float64", "skills": "int64",
            "warnings": "string", "duplicate_of": "string", "report": "string"}, table)
        self.errors = TableWriter(out_dir / "errors.csv", ERROR_COLUMNS, {c: "string" for c in ERROR_COLUMNS}, "csv")

    def add(self, entry, duplicate_of: str | None) -> None:
        for row in entry.results:
            self.results.add({"file": entry.file, "sha256": entry.sha256, **row})
        s = entry.summary
        self.summaries.add({"file": entry.file, "sha256": entry.sha256, "best_role": s.best_role,
                            "best_score": s.best_score, **{f"score_{r}": s.scores.get(r) for r in self.role_ids},
                            "degree_level": s.degree_level, "degree_field": s.degree_field,
                            "experience_years": s.experience_years, "skills": s.skills,
                            "warnings": ";".join(s.warnings), "duplicate_of": duplicate_of,
                            "report": entry.report})

    def close(self) -> None:
        for writer in (self.results, self.summaries, self.errors):
            writer.close()


SHORTLIST_BANDS = ("strong", "good")
SHORTLIST_COLUMNS = ("file", "name", "score", "band", "report")


class _Cohort:
    """The cohort page's counts (the whole run and each subfolder), its table of every resume, the files that failed
    (both spooled to disk: as long as the folder), the duplicates, and each role's shortlist."""

    def __init__(self, role_ids: list[str], rows: Spool, failures: Spool) -> None:
        self.best_counts: Counter = Counter()
        self.group_counts: dict[str, Counter] = {}
        self.warning_counts: Counter = Counter()  # resumes with each reading warning
        self.missing_counts: dict[str, Counter] = {r: Counter() for r in role_ids}
        self.fitting: Counter = Counter()   # per role: resumes it fits from `partial` up (its gaps are counted)
        self.rows, self.failures = rows, failures
        self.duplicates: list[tuple[str, str]] = []
        self.shortlists: dict[str, list[tuple[float, str, str | None, str, str | None]]] = {r: [] for r in role_ids}

    def add(self, entry, duplicate_of: str | None) -> None:
        s = entry.summary
        self.best_counts[s.best_role] += 1
        self.group_counts.setdefault(group_of(entry.file), Counter())[s.best_role] += 1
        self.warning_counts.update(set(s.warnings))
        for role_id, missing in entry.missing.items():
            if role_id in self.missing_counts:
                self.fitting[role_id] += 1
                self.missing_counts[role_id].update(missing)
        for role_id, band in s.bands.items():
            if band in SHORTLIST_BANDS and role_id in self.shortlists and duplicate_of is None:
                self.shortlists[role_id].append((s.scores[role_id], entry.file, s.name, band, entry.report))
        if duplicate_of is not None:
            self.duplicates.append((entry.file, duplicate_of))
        self.rows.append({"file": entry.file, "name": s.name, "best": s.best_role, "score": s.best_score,
                          "band": s.bands.get(s.best_role) if s.best_role else None, "scores": s.scores,
                          "degree": s.degree_level, "years": s.experience_years, "report": entry.report,
                          "warnings": list(s.warnings),
                          "duplicate_of": duplicate_of})

    def fail(self, name: str, kind: str, message: str) -> None:
        self.failures.append([name, kind, message])

    def write(self, out_dir: Path, role_titles: dict[str, str], report_date: date) -> None:
        groups = self.group_counts if len(self.group_counts) > 1 else {}
        atomic_write(out_dir / "index.html", api.render_cohort(
            self.rows, self.rows.count, self.best_counts, self.missing_counts, role_titles, groups=groups,
            fitting=self.fitting, failures=self.failures, failed=self.failures.count, duplicates=self.duplicates,
            data_version=api.data_version(), report_date=report_date,
            warning_counts=self.warning_counts))
        for role_id, rows in self.shortlists.items():
            writer = TableWriter(out_dir / f"shortlist-{role_id}.csv", SHORTLIST_COLUMNS, {
                "file": "string", "name": "string", "score": "float64", "band": "string", "report": "string"}, "csv")
            for score, name, person, band, report in sorted(rows, key=lambda r: (-r[0], r[1])):
                writer.add({"file": name, "name": person, "score": score, "band": band, "report": report})
            writer.close()
        self.rows.close()
        self.failures.close()


def group_of(name: str) -> str:
    """The subfolder a resume is in (a department, a year, a batch): its first folder, "" at the top."""
    head, _, rest = name.partition("/")
    return head if rest else ""


def _manifest(names: list[str], inputs: list[dict], duplicates: int, options: BatchOptions, summary: BatchSummary,
              run: dict) -> dict:
    """`run`: table, engine, workers, glob and started (a perf_counter reading)."""
    return {
        "schema_version": SCHEMA_VERSION, "rolematch": __version__, "skills_data": api.data_version(),
        "options": {"roles": list(options.role_ids), "roles_dirs": list(options.roles_dirs), "html": options.html,
                    "as_of": options.as_of, "timeout": options.timeout,
                    "max_memory_mb": options.max_memory_mb, "table": run["table"],
                    "redact": options.redact, "engine": run["engine"], "workers": run["workers"], "glob": run["glob"]},
        "counts": {"files": len(names), "scored": summary.scored + summary.reused, "failed": summary.failed,
                   "unchanged": summary.reused, "duplicates": duplicates, "skipped": dict(summary.skipped),
                   "interrupted": summary.interrupted, "stopped": summary.stopped},
        "timings": {"seconds": round(time.perf_counter() - run["started"], 3)},
        "inputs": inputs,
    }
