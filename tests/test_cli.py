"""The command line, through click's CliRunner: formats, exit codes, stdin, several files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rolematch import __version__
from rolematch.cli import cli

from conftest import SAMPLES

SAMPLE = str(SAMPLES / "data_scientist.txt")
ROLE_IDS = {"data-scientist", "ml-engineer", "research-scientist", "data-engineer", "bi-analyst", "ml-developer",
            "nlp-scientist"}


@pytest.fixture
def run():
    def invoke(*args, stdin: str | bytes | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=stdin)

    return invoke


def test_score_table(run):
    result = run("score", SAMPLE, "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    assert "Data Scientist" in result.stdout and "Gaps" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", [("score", SAMPLE), ("extract", SAMPLE), ("roles", "list"),
                                     ("roles", "show", "bi-analyst")])
def test_the_terminal_output_fits_80_columns(command):
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*command, "--as-of", "2026-11-01"]
                                                     if command[0] == "score" else list(command))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert all(line == line.rstrip() for line in lines), "redirected output is not padded"


def test_the_ranked_table_has_a_heading_for_every_column_and_each_role_on_one_row(run):
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["score", SAMPLE, "--as-of", "2026-11-01"])
    heading = next(line for line in result.stdout.splitlines() if line.startswith("#"))
    assert heading.split() == ["#", "Role", "Score", "Band", "Fit", "Biggest", "gain"]
    for title in ("Business Intelligence Analyst", "Machine Learning Engineer", "Machine Learning Developer"):
        assert title in result.stdout


def test_continuation_lines_of_a_gap_keep_their_indent(run):
    result = CliRunner(env={"COLUMNS": "80"}).invoke(cli, ["score", SAMPLE, "--as-of", "2026-11-01"])
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Gaps"))
    block = lines[start + 1:lines.index("", start)]
    assert len(block) > 3 and all(line.startswith("  ") for line in block)
    assert all(line.startswith(" " * 8) for line in block if not line.lstrip().startswith("+"))


def test_score_json_follows_the_contract(run):
    result = run("score", SAMPLE, "--format", "json", "--as-of", "2026-11-01")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"schema_version", "source", "profile", "roles"} <= set(data)
    assert {r["id"] for r in data["roles"]} == ROLE_IDS
    scores = [r["score"] for r in data["roles"]]
    assert scores == sorted(scores, reverse=True)
    text = (SAMPLES / "data_scientist.txt").read_text(encoding="utf-8")
    assert {s["id"] for s in data["profile"]["skills"]} >= {"python", "sql", "tableau", "pandas"}  # so the loop runs
    for skill in data["profile"]["skills"]:
        for e in skill["evidence"]:
            assert text[e["start"]:e["end"]] == e["text"]


def test_several_files_give_json_lines_in_argument_order(run, tmp_path):
    other = tmp_path / "hr.txt"
    other.write_text((SAMPLES / "hr_executive.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("score", other, SAMPLE, "--format", "json")
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(other), SAMPLE]


def test_a_bad_file_among_good_ones(run, tmp_path):
    missing = tmp_path / "missing.txt"
    result = run("extract", SAMPLE, missing, "--format", "json")
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["source"] == SAMPLE and "skills" in first
    assert second == {"schema_version": second["schema_version"], "source": str(missing),
                      "error": f"{missing}: no such file", "kind": "unreadable"}
    assert result.stderr == f"Error: {missing}: no such file\n"


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the document is empty or holds only whitespace"),
    (b"   \n\t\n", "the document is empty or holds only whitespace"),
    (b"%PDF-1.7\n...", "the PDF is truncated"),  # read as a PDF whatever its name; tests/test_documents.py has more
    (b"\x00\x01\x02binary", "not a text document"),
])
def test_unreadable_files_give_one_line_and_exit_1(run, tmp_path, content, reason):
    path = tmp_path / "resume.txt"
    path.write_bytes(content)
    result = run("score", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: {reason}")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_stdin(run):
    result = run("extract", "-", "--format", "json", stdin="Skills: Python, SQL\n")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["source"] == "<stdin>" and {s["id"] for s in data["skills"]} == {"python", "sql"}


def test_role_filter_and_top(run):
    result = run("score", SAMPLE, "--role", "nlp-scientist", "--role", "bi-analyst", "--format", "json")
    assert {r["id"] for r in json.loads(result.stdout)["roles"]} == {"nlp-scientist", "bi-analyst"}


def test_unknown_role_suggests_the_fix(run):
    result = run("score", SAMPLE, "--role", "data-scientst")
    assert result.exit_code == 2
    assert "unknown role 'data-scientst'" in result.stderr and "did you mean 'data-scientist'" in result.stderr


def test_usage_errors_exit_2(run):
    assert run("score").exit_code == 2
    assert run("score", SAMPLE, "--format", "yaml").exit_code == 2
    assert run("score", SAMPLE, "--as-of", "yesterday").exit_code == 2


def test_extract_table(run):
    result = run("extract", SAMPLE)
    assert result.exit_code == 0
    assert "Python" in result.stdout and "M.Sc. in Statistics" in result.stdout


def test_roles_list_and_show(run):
    listed = run("roles", "list")
    assert listed.exit_code == 0 and all(role_id in listed.stdout for role_id in ROLE_IDS)
    shown = run("roles", "show", "ml-engineer", "--format", "json")
    role = json.loads(shown.stdout)
    assert role["title"] == "Machine Learning Engineer"
    assert {lang["skill"] for lang in role["languages"]} == {"python", "cpp", "java", "r"}
    assert run("roles", "show", "nope").exit_code == 2


def test_version_and_help(run):
    assert run("--version").stdout.strip() == f"rolematch, version {__version__}"
    help_text = run("score", "--help").stdout
    assert "Examples:" in help_text and "--roles-dir" in help_text


def test_roles_dir_adds_a_role(run, tmp_path):
    role = (SAMPLES.parent / "skills" / "roles" / "data_scientist.toml").read_text(encoding="utf-8")
    (tmp_path / "analyst.toml").write_text(
        role.replace('id = "data-scientist"', 'id = "junior-analyst"').replace('title = "Data Scientist"',
                                                                            'title = "Junior Analyst"'),
        encoding="utf-8")
    result = run("score", SAMPLE, "--roles-dir", tmp_path, "--format", "json")
    assert "junior-analyst" in {r["id"] for r in json.loads(result.stdout)["roles"]}
