"""Batch scoring of a folder: every output, re-runs, interruption, both engines, the CLI's exit codes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest
from click.testing import CliRunner

from rolematch import batch
from rolematch.batch import BatchOptions, find_resumes, report_name, score_folder
from rolematch.cli import cli
from rolematch.report import WARNING_LABELS

from conftest import SAMPLES

OPTIONS = BatchOptions(as_of="2026-11-01")
OUTPUTS = ("results.csv", "summary.csv", "errors.csv", "profiles.jsonl", "index.html")


@pytest.fixture
def folder(tmp_path):
    """Good resumes, an empty file, a binary named .txt, a duplicate in a subfolder, a hidden file, an editor's
    temporary file, an unsupported format and a symlink that leaves the folder."""
    root = tmp_path / "resumes"
    (root / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(SAMPLES / "data_scientist.txt", root / "priya.txt")
    shutil.copy(SAMPLES / "hr_executive.txt", root / "nested" / "anita.md")
    shutil.copy(SAMPLES / "data_scientist.txt", root / "nested" / "deeper" / "priya copy.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / ".hidden.txt").write_text("Python", encoding="utf-8")
    (root / "~$draft.docx").write_bytes(b"lock")
    (root / "notes.xyz").write_text("Python", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("Skills: Python", encoding="utf-8")
    os.symlink(outside, root / "link.txt")
    return root


def read(out, name):
    return pd.read_csv(out / name, keep_default_na=False)


@pytest.mark.slow
def test_every_output_of_a_mixed_folder(folder, tmp_path):
    out = tmp_path / "out"
    summary = score_folder(folder, out, workers=2, options=OPTIONS)
    assert (summary.scored, summary.failed, summary.exit_code) == (3, 2, 3)
    assert summary.skipped == {"hidden": 1, "editor temporary file": 1, "not a resume format": 1,
                               "symlink outside the folder": 1}

    results = read(out, "results.csv")
    assert list(results.columns) == list(batch.RESULT_COLUMNS)
    assert len(results) == 3 * 7
    assert results["file"].drop_duplicates().tolist() == ["nested/anita.md", "nested/deeper/priya copy.txt", "priya.txt"]
    assert (results.groupby("file")["rank"].apply(list) == [list(range(1, 8))] * 3).all()

    table = read(out, "summary.csv").set_index("file")
    assert table.loc["priya.txt", "best_role"] == "data-scientist"
    assert table.loc["priya.txt", "duplicate_of"] == "nested/deeper/priya copy.txt"
    assert table.loc["nested/anita.md", "duplicate_of"] == ""
    assert table.loc["priya.txt", "degree_level"] == "master"

    errors = read(out, "errors.csv")
    assert errors["file"].tolist() == ["empty.txt", "photo.txt"]
    assert errors["kind"].iloc[0] == "no-text" and errors["kind"].iloc[1] in ("not-text", "unsupported")

    profiles = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [p["source"] for p in profiles] == ["nested/anita.md", "nested/deeper/priya copy.txt", "priya.txt"]

    reports = sorted(p.name for p in (out / "reports").iterdir())
    assert len(reports) == 3 and all(r.endswith(".html") for r in reports)
    index = (out / "index.html").read_text(encoding="utf-8")
    listed = index.split('<table class="sortable">')[1].split("</table>")[0]
    assert listed.count("<tr><td>") == 3 and "reports/priya-" in index and "2 could not be read" in index

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["scored"] == 3 and manifest["counts"]["duplicates"] == 1
    assert [i["file"] for i in manifest["inputs"]] == ["empty.txt", "nested/anita.md", "nested/deeper/priya copy.txt",
                                                       "photo.txt", "priya.txt"]
    assert not list(out.glob(".*.tmp"))


def test_a_second_run_skips_everything_and_changes_nothing(folder, tmp_path):
    out = tmp_path / "out"
    score_folder(folder, out, workers=1, options=OPTIONS)
    first = {name: (out / name).read_bytes() for name in OUTPUTS}
    again = score_folder(folder, out, workers=1, options=OPTIONS)
    assert (again.scored, again.reused) == (0, 3)
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == first
    # a changed resume is scored again; --force redoes all
    (folder / "priya.txt").write_text("Skills: Python, SQL, Tableau\n", encoding="utf-8")
    changed = score_folder(folder, out, workers=1, options=OPTIONS)
    assert (changed.scored, changed.reused) == (1, 2)
    assert score_folder(folder, out, workers=1, options=OPTIONS, force=True).scored == 3


@pytest.fixture
def many(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    text = (SAMPLES / "data_scientist.txt").read_text(encoding="utf-8")
    for i in range(12):
        (root / f"r{i:02d}.txt").write_text(f"{text}\nReference {i}\n", encoding="utf-8")
    return root


def test_an_interrupted_run_resumes_to_the_same_outputs(many, tmp_path, monkeypatch):
    monkeypatch.setattr(batch.engines, "CHUNK", 2)
    clean = tmp_path / "clean"
    score_folder(many, clean, workers=1, options=OPTIONS)

    def stop_after_two_chunks(done, total):
        if done >= 4:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    stopped = score_folder(many, out, workers=1, options=OPTIONS, progress=stop_after_two_chunks)
    assert stopped.interrupted and 4 <= stopped.scored < 12
    assert len(read(out, "summary.csv")) == stopped.scored  # what finished is there and valid
    resumed = score_folder(many, out, workers=1, options=OPTIONS)
    assert resumed.reused == stopped.scored and resumed.scored == 12 - stopped.scored
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_a_slow_resume_becomes_a_timeout_row(many, tmp_path):
    out = tmp_path / "out"
    summary = score_folder(many, out, workers=1, options=BatchOptions(as_of="2026-11-01", timeout=0.0005))
    assert summary.failed == 12 and summary.exit_code == 1
    assert set(read(out, "errors.csv")["kind"]) == {"timeout"}


@pytest.mark.slow
@pytest.mark.parametrize("threads", [1, 2])  # two threads of a worker share one spaCy vocabulary
def test_local_and_dask_engines_give_identical_tables(folder, tmp_path, threads):
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    score_folder(folder, local, workers=2, options=OPTIONS)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=threads, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = tmp_path / "dask"
        summary = score_folder(folder, on_dask, engine="dask", scheduler=cluster.scheduler_address, options=OPTIONS)
    assert summary.scored == 3
    for name in ("results.csv", "summary.csv", "errors.csv"):
        pd.testing.assert_frame_equal(read(local, name), read(on_dask, name))
    assert (local / "profiles.jsonl").read_bytes() == (on_dask / "profiles.jsonl").read_bytes()
    assert sorted(p.name for p in (local / "reports").iterdir()) == sorted(p.name for p in (on_dask / "reports").iterdir())


@pytest.mark.slow
def test_dask_engine_on_its_own_cluster_from_the_command_line(folder, tmp_path):
    """Worker processes of a cluster the CLI starts: the same outputs, and nothing on stderr but the summary."""
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "rolematch", "batch", str(folder), "-o", str(out), "--engine", "dask",
                          "--workers", "2", "--no-html", "--as-of", "2026-11-01"], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 3
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("3 scored"), run.stderr
    assert read(out, "summary.csv")["file"].tolist() == ["nested/anita.md", "nested/deeper/priya copy.txt", "priya.txt"]


def test_parquet_table(folder, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    score_folder(folder, out, workers=1, options=OPTIONS, table="parquet")
    frame = pd.read_parquet(out / "results.parquet")
    assert len(frame) == 21 and frame["score"].dtype == "float64" and frame["rank"].dtype == "int64"


@pytest.mark.parametrize(("relative", "expected_start"), [
    ("priya.txt", "priya-"),
    ("../../etc/passwd", "passwd-"),
    ("a/b/c d.txt", "c_d-"),
    ("..\x00\x1b[31mred.txt", "31mred-"),
    ("x" * 500 + ".txt", "x" * 60 + "-"),
    ("....txt", "resume-"),
])
def test_report_names_are_safe(relative, expected_start):
    name = report_name(relative)
    assert name.startswith(expected_start) and name.endswith(".html")
    assert "/" not in name and "\\\\" not in name and ".." not in name and name.isprintable() and len(name) <= 80
    assert report_name(relative) != report_name(relative + "2")


def test_walk_is_sorted_and_skips_what_it_should(folder):
    found, skipped = find_resumes(folder)
    assert [name for name, _ in found] == ["empty.txt", "nested/anita.md", "nested/deeper/priya copy.txt",
                                           "photo.txt", "priya.txt"]
    assert sum(skipped.values()) == 4


def test_cli_exit_codes(folder, tmp_path):
    runner = CliRunner()
    some_failed = runner.invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "a"), "--workers", "1", "--no-html"])
    assert some_failed.exit_code == 3
    assert "3 scored" in some_failed.stderr and "2 failed" in some_failed.stderr and some_failed.stdout == ""
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SAMPLES / "data_scientist.txt", good)
    assert runner.invoke(cli, ["batch", str(good), "-o", str(tmp_path / "b"), "--workers", "1"]).exit_code == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    assert runner.invoke(cli, ["batch", str(bad), "-o", str(tmp_path / "c"), "--workers", "1"]).exit_code == 1
    missing = runner.invoke(cli, ["batch", str(tmp_path / "nope"), "-o", str(tmp_path / "d")])
    assert missing.exit_code == 1 and "not a folder" in missing.stderr


@pytest.mark.parametrize(("arguments", "says"), [
    (["--role", "nope"], "nope"),
    (["--workers", "0"], "--workers"),
    (["--roles-dir", "/no/such/folder"], "/no/such/folder"),
    (["--scheduler", "tcp://10.0.0.5:8786"], "--engine dask"),
    (["--engine", "dask", "--scheduler", "notanaddress"], "cannot reach the Dask scheduler at notanaddress"),
    (["--table", "xlsx"], "--table"),
])
def test_bad_arguments_exit_1_with_one_line(folder, tmp_path, arguments, says):
    result = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(tmp_path / "out"), *arguments])
    assert result.exit_code == 1, result.output
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(("arguments", "says"), [
    ([], "'-o'"),
    (["-o", "{folder}"], "cannot be the input folder"),
])
def test_no_output_folder_or_the_input_itself(folder, arguments, says):
    result = CliRunner().invoke(cli, ["batch", str(folder), *[a.format(folder=folder) for a in arguments]])
    assert result.exit_code == 1 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_every_kind_of_bad_document_is_an_error_row_and_the_rest_are_scored(tmp_path):
    from helpers import CLI_ERRORS  # one document of every kind that cannot be read

    folder = tmp_path / "hostile"
    folder.mkdir()
    expected = {}
    for name, make, kind, reason in CLI_ERRORS:
        if make is None:
            continue  # a missing file cannot be in a folder
        (folder / name).write_bytes(make())
        expected[name] = kind
    shutil.copy(SAMPLES / "data_scientist.txt", folder / "good.txt")
    out = tmp_path / "out"
    summary = score_folder(folder, out, workers=2, options=BatchOptions(as_of="2026-11-01", html=False))
    assert (summary.scored, summary.failed, summary.exit_code) == (1, len(expected), 3)
    errors = read(out, "errors.csv")
    assert dict(zip(errors["file"], errors["kind"])) == expected
    assert all(message.startswith(f"{file}: ") and "\n" not in message
               for file, message in zip(errors["file"], errors["message"]))
    assert read(out, "summary.csv")["file"].tolist() == ["good.txt"]


def test_awkward_file_names_and_files_that_are_no_resume(tmp_path):
    """Bytes that are not UTF-8 and control characters in a name, a pipe, a file over the size limit (never read)
    and the output folder inside the input: the run goes on and every output holds the names."""
    from rolematch.read import MAX_BYTES

    root = tmp_path / "in"
    root.mkdir()
    text = (SAMPLES / "data_scientist.txt").read_bytes()
    with open(os.path.join(os.fsencode(root), b"caf\xe9 \xff.txt"), "wb") as handle:  # latin-1 bytes in a name
        handle.write(text)
    (root / "caf\\xe9 \\xff.txt").write_bytes(text + b"\nReference 1\n")  # that name's escapes, as a real name
    (root / "red\x1b[31m.txt").write_bytes(text + b"\nReference 2\n")
    os.mkfifo(root / "pipe.txt")
    with open(root / "huge.pdf", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: nothing to write, and nothing must be read
    out = root / "out"
    for _ in range(2):  # the second run must not score the first one's reports
        summary = score_folder(root, out, workers=1, options=OPTIONS)
        assert (summary.scored + summary.reused, summary.failed) == (3, 1)
        assert summary.skipped == {"not a regular file": 1, "the output folder": 1}
    names = read(out, "summary.csv")["file"].tolist()
    assert names == ["caf\\xe9 \\xff (2).txt", "caf\\xe9 \\xff.txt", "red\\x1b[31m.txt"]
    assert all(name.isprintable() for name in names)
    assert read(out, "errors.csv")[["file", "kind"]].values.tolist() == [["huge.pdf", "too-large"]]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "\x1b" not in index and "red\\x1b[31m.txt" in index


def test_glob_matches_the_name_or_the_relative_path(folder):
    def names(pattern):
        found, skipped = find_resumes(folder, pattern)
        return [name for name, _ in found], skipped["not matched by --glob"]

    assert names("*.md") == (["nested/anita.md"], 4)
    assert names("nested/*") == (["nested/anita.md", "nested/deeper/priya copy.txt"], 3)
    assert names("*/deeper/*.txt") == (["nested/deeper/priya copy.txt"], 4)
    assert names("priya*") == (["nested/deeper/priya copy.txt", "priya.txt"], 3)


def test_an_edited_role_scores_again(folder, tmp_path):
    roles = tmp_path / "roles"
    roles.mkdir()
    role = (batch_roles_dir() / "data_scientist.toml").read_text(encoding="utf-8")
    (roles / "junior.toml").write_text(role.replace('id = "data-scientist"', 'id = "junior-ds"'), encoding="utf-8")
    options = BatchOptions(as_of="2026-11-01", html=False, role_ids=("junior-ds",), roles_dirs=(str(roles),))
    out = tmp_path / "out"
    first = score_folder(folder, out, workers=1, options=options)
    assert score_folder(folder, out, workers=1, options=options).reused == first.scored == 3
    (roles / "junior.toml").write_text(role.replace('id = "data-scientist"', 'id = "junior-ds"')
                                       .replace('title = "Data Scientist"', 'title = "Junior Data Scientist"'),
                                       encoding="utf-8")
    edited = score_folder(folder, out, workers=1, options=options)
    assert (edited.scored, edited.reused) == (3, 0)
    assert set(read(out, "results.csv")["role_title"]) == {"Junior Data Scientist"}


def batch_roles_dir():
    from rolematch.resources import SKILLS_DIR

    return SKILLS_DIR / "roles"


def test_timeouts_are_tried_again(many, tmp_path):
    out = tmp_path / "out"
    assert score_folder(many, out, workers=1, options=BatchOptions(as_of="2026-11-01", timeout=0.0005)).failed == 12
    again = score_folder(many, out, workers=1, options=OPTIONS)
    assert (again.scored, again.failed, again.exit_code) == (12, 0, 0)


def test_the_cohort_counts_only_skills_nobody_shows(tmp_path):
    """A workshop list: a skill the resume shows without naming it, or holds in part, is not missing."""
    data = (SAMPLES / "data_scientist.txt").read_bytes()
    head = json.loads(batch.score_one("priya.txt", data, BatchOptions(as_of="2026-11-01", html=False)).entry)
    from rolematch import api

    role = next(r for r in api.score_file(str(SAMPLES / "data_scientist.txt")).roles if r.id == "data-scientist")
    fixes = {m.name for m in role.missing if m.action == "add-to-resume"}
    held = {m.name for m in role.matched}
    assert fixes and not (fixes | held) & set(head["missing"]["data-scientist"])
    assert head["missing"]["data-scientist"]  # and what it lacks is still there


def test_a_resume_that_fits_no_role_has_no_best_role(folder, tmp_path):
    out = tmp_path / "out"
    score_folder(folder, out, workers=1, options=OPTIONS)
    table = read(out, "summary.csv").set_index("file")
    assert table.loc["nested/anita.md", "best_role"] == "" and table.loc["nested/anita.md", "best_score"] == 0.0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "No fit yet" in index


def test_a_cluster_that_fails_mid_run_keeps_what_is_done(many, tmp_path, monkeypatch):
    from concurrent.futures import Future

    monkeypatch.setattr(batch.engines, "CHUNK", 4)
    calls = []

    @contextlib.contextmanager
    def failing_cluster(engine, workers, scheduler, options):
        def submit(chunk):
            calls.append(chunk)
            future = Future()
            if len(calls) <= 2:
                future.set_result(batch.score_chunk(chunk, options))
            else:
                future.set_exception(OSError("the scheduler went away"))
            return future

        yield submit, 1

    monkeypatch.setattr(batch.run, "open_engine", failing_cluster)
    out = tmp_path / "out"
    summary = score_folder(many, out, engine="dask", options=OPTIONS)
    assert summary.scored == 8 and summary.exit_code == 3 and "the scheduler went away" in summary.stopped
    assert summary.line().startswith("Stopped early (the Dask cluster failed: OSError: the scheduler went away)")
    assert len(read(out, "summary.csv")) == 8
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["stopped"] == summary.stopped


def test_ctrl_c_while_the_outputs_are_written_waits_for_them(tmp_path):
    summary = batch.BatchSummary(tmp_path)
    with batch.run._outputs_before_ctrl_c(summary):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs here: no KeyboardInterrupt
    assert summary.interrupted


def test_shortlists_and_workshop_gaps_count_only_the_resumes_a_role_fits(tmp_path):
    folder = tmp_path / "in"
    for group, sample in (("cse", "data_scientist.txt"), ("mba", "hr_executive.txt")):
        (folder / group).mkdir(parents=True)
        (folder / group / sample).write_bytes((SAMPLES / sample).read_bytes())
    (folder / "cse" / "zz-copy.txt").write_bytes((SAMPLES / "data_scientist.txt").read_bytes())
    out = tmp_path / "out"
    score_folder(folder, out, workers=1, options=OPTIONS)
    shortlist = pd.read_csv(out / "shortlist-data-scientist.csv")
    assert list(shortlist.columns) == ["file", "name", "score", "band", "report"]
    assert shortlist["file"].tolist() == ["cse/data_scientist.txt"]  # the copy is a duplicate, the HR resume weak
    assert set(shortlist["band"]) <= {"good", "strong"} and shortlist["name"].tolist() == ["Priya Raghavan"]
    hr = json.loads(batch.score_one("hr.txt", (SAMPLES / "hr_executive.txt").read_bytes(), OPTIONS).entry)
    assert hr["summary"]["best_role"] is None or hr["summary"]["bands"][hr["summary"]["best_role"]] != "weak"
    assert all(hr["summary"]["bands"][role] != "weak" for role in hr["missing"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Data Scientist (2 resumes fit it)" in index  # the resume and its copy; never the HR resume
    assert "Same as" in index and "cse/zz-copy.txt" in index.split('class="duplicates"')[1]
    header = index.split('<table class="sortable">')[1].split("</thead>")[0]  # the table of every resume
    for column in ("Name", "Best fit", "Band", "Data Scientist", "NLP Scientist", "Degree", "Years", "Warnings"):
        assert f'<button type="button">{column}</button>' in header


def test_reading_warnings_reach_summary_csv_and_the_cohort_page(tmp_path):
    """A resume with no dates and one whose text carries mojibake: each code in its row, each counted once."""
    root = tmp_path / "resumes"
    root.mkdir()
    shutil.copy(SAMPLES / "data_scientist.txt", root / "dated.txt")
    (root / "undated.txt").write_text("Priya Raghavan\n\nSKILLS\nPython, SQL, Tableau\n\nEDUCATION\nB.Tech in "
                                      "Computer Science\n", encoding="utf-8")
    (root / "garbled.txt").write_text("Asha Rao\n\nSKILLS\nPython Â· SQL Â· Spark\n\nEXPERIENCE\nData Analyst, "
                                      "Acme, Jan 2020 - Present\nBuilt dashboards\n", encoding="utf-8")
    out = tmp_path / "out"
    score_folder(root, out, workers=1, options=OPTIONS)
    warnings = read(out, "summary.csv").set_index("file")["warnings"]
    assert "no-dates" in warnings["undated.txt"].split(";") and "no-dates" not in warnings["dated.txt"]
    assert "mojibake-repaired" in warnings["garbled.txt"].split(";")
    page = (out / "index.html").read_text(encoding="utf-8")
    for code in ("no-dates", "mojibake-repaired"):
        count = sum(code in w.split(";") for w in warnings)
        assert f"<li><code>{code}</code> ({WARNING_LABELS[code]}): {count} of 3</li>" in page
