"""A batch run survives what folders, disks and kills do to it: symlink loops, a torn journal, left-over temporary
files, a full disk, a killed main process; and no cell of its tables runs as a spreadsheet formula."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SAMPLES

from rolematch.batch import BatchOptions, find_resumes, score_folder
from rolematch.batch import outputs as batch_outputs
from rolematch.batch.journal import JOURNAL
from rolematch.cli import cli

OPTIONS = BatchOptions(as_of="2026-11-01", html=False)


@pytest.fixture
def three(tmp_path):
    root = tmp_path / "resumes"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLES / "data_scientist.txt", root / name)
    shutil.copy(SAMPLES / "hr_executive.txt", root / "c.txt")
    (root / "b.txt").write_text((root / "b.txt").read_text(encoding="utf-8") + "\nAlso: Kafka\n", encoding="utf-8")
    return root


def test_symlink_loops_and_unreadable_folders_are_skipped_and_counted(three, tmp_path):
    os.symlink(three / "loop-b.txt", three / "loop-a.txt")
    os.symlink(three / "loop-a.txt", three / "loop-b.txt")
    os.symlink(three / "self", three / "self")  # a folder link to itself
    locked = three / "locked"
    locked.mkdir()
    (locked / "d.txt").write_text("Skills: Python", encoding="utf-8")
    locked.chmod(0)
    try:
        found, skipped = find_resumes(three)
        readable = os.access(locked, os.R_OK)  # root reads any folder
        assert [name for name, _ in found] == ["a.txt", "b.txt", "c.txt"] + (["locked/d.txt"] if readable else [])
        assert skipped["symlink loop"] == 3 and skipped["unreadable folder"] == (0 if readable else 1)
        result = CliRunner().invoke(cli, ["batch", str(three), "-o", str(tmp_path / "out"), "--no-html",
                                          "--workers", "1", "--as-of", "2026-11-01"])
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 0, result.stderr
    assert "3 symlink loop" in result.stderr and "Traceback" not in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["skipped"]["symlink loop"] == 3


def test_a_torn_journal_is_cut_and_the_torn_resume_scored_again(three, tmp_path):
    out = tmp_path / "out"
    score_folder(three, out, workers=1, options=OPTIONS)
    clean = {name: (out / name).read_bytes() for name in ("summary.csv", "profiles.jsonl")}
    journal = out / JOURNAL
    data = journal.read_bytes()
    journal.write_bytes(data[:-25])  # the last resume's profile line cut short, as a kill or a full disk leaves it
    for attempt in range(3):  # every later run, not only the first, reads the journal in step
        summary = score_folder(three, out, workers=1, options=OPTIONS)
        assert (summary.scored, summary.reused) == ((1, 2) if attempt == 0 else (0, 3))
        assert {name: (out / name).read_bytes() for name in clean} == clean
        for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)


def test_temporary_files_of_a_killed_run_are_removed(three, tmp_path):
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    left = [out / ".summary.csv.4242.tmp", out / "reports" / ".a-1234abcd.html.4242.tmp"]
    for path in left:
        path.write_text("half", encoding="utf-8")
    score_folder(three, out, workers=1, options=OPTIONS)
    assert not any(path.exists() for path in left)
    assert not list(out.rglob("*.tmp"))


def test_a_full_disk_is_one_line_and_keeps_what_was_scored(three, tmp_path, monkeypatch):
    out = tmp_path / "out"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch_outputs.TableWriter, "flush", full)
    result = CliRunner().invoke(cli, ["batch", str(three), "-o", str(out), "--no-html", "--workers", "1",
                                      "--as-of", "2026-11-01"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out}: the disk is full: free some space (or fix the folder) and run again; the resumes scored so "
        "far are kept and will not be scored again"]
    assert not list(out.rglob("*.tmp"))
    monkeypatch.undo()
    again = score_folder(three, out, workers=1, options=OPTIONS)
    assert (again.scored, again.reused) == (0, 3)  # the journal kept them


@pytest.mark.parametrize("name", ["=HYPERLINK(\"x\")", "@SUM(1+1)", "+1+cmd", "-2+3"])
def test_no_cell_runs_as_a_formula(tmp_path, name):
    root = tmp_path / "resumes"
    root.mkdir()
    shutil.copy(SAMPLES / "data_scientist.txt", root / f"{name}.txt")
    (root / f"{name} bad.txt").write_bytes(b"")
    out = tmp_path / "out"
    score_folder(root, out, workers=1, options=OPTIONS)
    for table in ("results.csv", "summary.csv", "errors.csv"):
        cells = pd.read_csv(out / table, dtype=str, keep_default_na=False).to_numpy().ravel()
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")], table
    summary = pd.read_csv(out / "summary.csv", dtype=str, keep_default_na=False)
    assert summary["file"].tolist() == [f"'{name}.txt"]  # shown as written, with the quote that makes it text
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert errors["message"].tolist()[0].startswith(f"'{name} bad.txt: ")


def test_a_worker_leaves_when_the_main_process_is_gone(tmp_path):
    """The local engine's workers watch the main process: killed with SIGKILL, it cannot stop them itself."""
    main = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from rolematch.isolate import watch_main_process
        watch_main_process({main.pid}, interval=0.1)
        time.sleep(60)
    """)])
    time.sleep(1)
    assert worker.poll() is None  # it stays while the main process lives
    main.kill()
    main.wait()
    assert worker.wait(timeout=10) == 1
