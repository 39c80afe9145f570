"""A hard bound on every resume: reading and extracting one runs in a worker process that is killed when the time or
memory limit passes, gives the clean error kind (`timeout`, `too-complex`) in one line naming the file, and is
replaced so that the next file is scored. The inputs are genuinely slow or large, through the same path as any."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from helpers import big_resume, forked_baseline_mb, many_empty_elements

from rolematch import api
from rolematch.cli import cli
from rolematch.errors import ReadError
from rolematch.isolate import Bound, resident_bytes

SAMPLE = SAMPLES / "data_scientist.txt"
MARGIN_S = 1.5  # a loaded 2-core machine: the kill itself takes milliseconds


@pytest.fixture(scope="module")
def pool():
    with api.worker_pool(1) as workers:
        yield workers


def test_a_slow_resume_is_killed_at_the_limit_and_the_next_is_scored(pool):
    options = api.Options(limits=api.Limits(timeout_s=0.5))
    first = pool.run("pid", Bound(), os.getpid)
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        api.extract(api.Source.from_text(big_resume(), "long.txt"), options, pool=pool)
    assert time.perf_counter() - started < 0.5 + MARGIN_S
    error = caught.value
    assert (error.kind, str(error)) == (
        "timeout", "long.txt: reading it took longer than 0.5 s, the time limit for one resume (is it a resume?)")
    assert pool.run("pid", Bound(), os.getpid) != first  # killed and replaced
    profile = api.extract(api.Source.from_path(SAMPLE), pool=pool)  # the default limit: a busy machine is slow
    assert {"python", "sql"} <= {s.id for s in profile.skills}


def test_a_resume_that_needs_too_much_memory_is_too_complex(pool):
    baseline = resident_bytes(pool.run("pid", Bound(), os.getpid)) // (1024 * 1024)
    options = api.Options(limits=api.Limits(max_memory_mb=baseline + 40))
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        api.extract(api.Source.from_bytes("elements.html", many_empty_elements(1_300_000)), options, pool=pool)
    assert time.perf_counter() - started < 15  # unbounded it takes about 16 s on a loaded machine
    assert (caught.value.kind, str(caught.value)) == (
        "too-complex", f"elements.html: reading it took over {baseline + 40:,} MiB of memory, the limit for one resume "
                       "(is it a resume?)")
    assert api.extract(api.Source.from_path(SAMPLE), options, pool=pool).skills  # a resume fits in that


def test_the_same_results_as_in_process(pool):
    source = api.Source.from_path(SAMPLE)
    assert api.extract(source, pool=pool) == api.extract(source)
    assert api.read(source, pool=pool) == api.read(source)


def test_errors_come_back_as_they_were_raised(pool):
    with pytest.raises(ReadError) as caught:
        api.extract(api.Source.from_bytes("empty.txt", b""), pool=pool)
    assert caught.value.kind == "no-text" and str(caught.value).startswith("empty.txt: ")


def test_the_cli_reports_a_timeout_in_one_line_and_scores_the_next_file(tmp_path):
    slow = tmp_path / "long.txt"
    slow.write_text(big_resume(), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["score", str(slow), str(SAMPLE), "--timeout", "0.5", "--format", "json"])
    assert time.perf_counter() - started < 30
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {slow}: reading it took longer than 0.5 s, the time limit for one resume "
                             "(is it a resume?)\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["source"], line.get("kind")) for line in lines] == [(str(slow), "timeout"), (str(SAMPLE), None)]
    assert lines[1]["roles"][0]["id"] == "data-scientist"


def test_the_cli_memory_limit(tmp_path):
    page = tmp_path / "elements.html"
    page.write_bytes(many_empty_elements(1_300_000))
    result = CliRunner().invoke(cli, ["extract", str(page), "--max-memory-mb", "200"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {page}: reading it took over 200 MiB of memory, the limit for one resume "
                             "(is it a resume?)\n")


def test_stdin_is_read_by_the_command_and_extracted_in_the_worker():
    result = CliRunner().invoke(cli, ["extract", "-", "--format", "json"], input=SAMPLE.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "<stdin>"


def test_workers_leave_when_the_main_process_is_killed(tmp_path):
    """A worker busy in a long extraction when its main process dies by SIGKILL exits by itself."""
    pid_file = tmp_path / "worker.pid"
    main = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, pathlib, sys
        sys.path.insert(0, {str(SAMPLES.parent / "tests")!r})
        from rolematch import api
        from rolematch.isolate import Bound
        from helpers import big_resume
        with api.worker_pool(1) as pool:
            pathlib.Path({str(pid_file)!r}).write_text(str(pool.run("pid", Bound(), os.getpid)))
            # tens of seconds of work on any machine: the worker is busy in it when its main process is killed
            limits = api.Limits(timeout_s=0, max_chars=3_000_000)
            api.extract(api.Source.from_text(big_resume(2_990_000), "long.txt"), api.Options(limits=limits), pool=pool)
    """)])
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and main.poll() is None
        time.sleep(0.1)
    worker = int(pid_file.read_text())
    time.sleep(0.5)
    main.kill()
    main.wait()
    deadline = time.monotonic() + 10
    while _alive(worker):
        assert time.monotonic() < deadline, "the worker outlived its main process"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_batch_gives_an_error_row_for_the_hostile_file_and_scores_the_others(tmp_path):
    import pandas as pd

    from rolematch.batch import BatchOptions, score_folder

    root = tmp_path / "resumes"
    root.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(3):
        (root / f"good{i}.txt").write_text(f"{text}\nReference {i}\n", encoding="utf-8")
    (root / "elements.html").write_bytes(many_empty_elements(1_300_000))
    limit = forked_baseline_mb() + 25
    out = tmp_path / "out"
    summary = score_folder(root, out, workers=2, options=BatchOptions(as_of="2026-11-01", html=False,
                                                                      max_memory_mb=limit))
    assert (summary.scored, summary.failed, summary.exit_code) == (3, 1, 3)
    errors = pd.read_csv(out / "errors.csv", keep_default_na=False)
    assert errors.values.tolist() == [[
        "elements.html", "too-complex",
        f"elements.html: reading it took over {limit:,} MiB of memory, the limit for one resume (is it a resume?)"]]
    assert pd.read_csv(out / "summary.csv")["file"].tolist() == ["good0.txt", "good1.txt", "good2.txt"]
    # the time limit kills in the batch too: see test_batch.py's test_a_slow_resume_becomes_a_timeout_row


@pytest.mark.slow
def test_a_dask_task_reads_each_resume_in_a_killable_process_too(tmp_path):
    import pandas as pd

    distributed = pytest.importorskip("distributed")
    from rolematch.batch import BatchOptions, score_folder

    root = tmp_path / "resumes"
    root.mkdir()
    (root / "good.txt").write_bytes(SAMPLE.read_bytes())
    (root / "elements.html").write_bytes(many_empty_elements(1_300_000))
    limit = forked_baseline_mb() + 25
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        summary = score_folder(root, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address,
                               options=BatchOptions(as_of="2026-11-01", html=False, max_memory_mb=limit))
    assert (summary.scored, summary.failed) == (1, 1)
    errors = pd.read_csv(tmp_path / "out" / "errors.csv", keep_default_na=False)
    assert errors[["file", "kind"]].values.tolist() == [["elements.html", "too-complex"]]
