"""Progress between two versions of a resume: the diff (score.compare_results through api.compare), its headline,
the JSON, HTML and Markdown outputs (golden files), the terminal table and the CLI's errors.

The fixtures are two versions of one student's resume (tests/fixtures/compare/): v2 adds a master's, an internship
as Data Science Intern (PyTorch, Java and scikit-learn used there) and PyTorch to the skills list, and drops
Tableau with the class project that used it. Every expected item below is read off those two files by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import docgen
from rolematch import api
from rolematch.cli import cli
from rolematch.models import ItemChange, MissingItem, RoleChange
from rolematch.report import headline

from conftest import AS_OF, GOLDEN

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "compare"
V1, V2 = FIXTURES / "v1.txt", FIXTURES / "v2.txt"
OPTIONS = api.Options(as_of=AS_OF)


def compare(old: api.Source, new: api.Source, options: api.Options = OPTIONS):
    return api.compare(old, new, options)


@pytest.fixture(scope="module")
def progress():
    return compare(api.Source.from_path(V1), api.Source.from_path(V2))


def role(comparison, role_id: str) -> RoleChange:
    return next(r for r in comparison.roles if r.id == role_id)


def ids(items) -> set[tuple[str, str]]:
    return {(c.kind, c.id) for c in items}


def test_every_role_scores_higher_but_the_one_that_lost_its_skills(progress):
    # v2 drops Tableau and the dashboard project: Business Intelligence Analyst goes down, every other role up
    assert {r.id for r in progress.roles if r.after < r.before} == {"bi-analyst"}
    assert all(r.before < r.after for r in progress.roles if r.id != "bi-analyst")
    assert [r.after for r in progress.roles] == sorted((r.after for r in progress.roles), reverse=True)


def test_gained_lost_and_still_missing_for_data_scientist(progress):
    ds = role(progress, "data-scientist")
    assert ids(ds.gained) == {("degree", "master"), ("title", "Data Scientist"), ("language", "java"),
                              ("skill", "scikit-learn"), ("skill", "deep-learning")}
    assert ids(ds.lost) == {("skill", "tableau")}
    how = {c.id: (c.how_before, c.how_after) for c in (*ds.gained, *ds.lost)}
    assert how["master"] == ("bachelor", "master")  # one degree slot: the bachelor's then the master's
    assert how["java"] == how["scikit-learn"] == ("listed", "used")  # used in the internship
    assert how["deep-learning"] == ("missing", "implied")  # PyTorch implies it
    assert how["tableau"] == ("used", "missing")
    missing = [m.id for m in ds.still_missing]
    assert {"r", "statistics", "sql", "tableau"} <= set(missing)  # Tableau is a gap again
    assert not {"java", "scikit-learn"} & set(missing)
    assert ds.still_missing == next(r for r in progress.after.roles if r.id == "data-scientist").missing


def test_pytorch_in_the_internship_counts_for_the_ml_roles(progress):
    for role_id in ("ml-engineer", "ml-developer", "nlp-scientist"):
        pytorch = next(c for c in role(progress, role_id).gained if c.id == "pytorch")
        assert (pytorch.how_before, pytorch.how_after, pytorch.credit_before, pytorch.credit_after) == \
            ("missing", "used", 0.0, 1.0)
        assert pytorch.best_after.section == "experience" and pytorch.best_after.text == "PyTorch"


def test_profile_changes(progress):
    changes = {(c.change, c.kind, c.name) for c in progress.profile_changes}
    assert {("added", "degree", "M.Sc. in Data Science"), ("added", "title", "Data Science Intern"),
            ("added", "skill", "PyTorch"), ("removed", "skill", "Tableau")} <= changes
    assert not {c for c in changes if c[1] == "degree" and c[0] == "removed"}  # the B.Tech is in both
    assert (progress.years_before, progress.years_after) == (None, 0.4)  # Jan to Jun 2025: 5 months
    assert progress.years_note == "Years of experience: not found → 0.4"


def test_evidence_indexes_the_text_of_its_own_version(progress):
    texts = {"before": progress.before.profile.text, "after": progress.after.profile.text}
    checked = 0
    for change in progress.profile_changes:
        for e in change.evidence:
            assert texts[change.version][e.start:e.end] == e.text
            checked += 1
    for r in progress.roles:
        for c in (*r.gained, *r.lost):
            for version, evidence in (("before", c.evidence_before), ("after", c.evidence_after)):
                for e in evidence:
                    assert texts[version][e.start:e.end] == e.text
                    checked += 1
            version, best = c.quoted
            assert best is not None and texts[version][best.start:best.end] == best.text
    assert checked > 50


SKILLS = "TECHNICAL SKILLS\n"
PROJECT = "\nPROJECTS\nChurn model: built a churn classifier in {} on telecom data.\n"


@pytest.mark.parametrize(("before", "after", "skill", "side", "how"), [
    (SKILLS + "Python, SQL\n", SKILLS + "Python, SQL\n" + PROJECT.format("Python"), "python", "gained",
     ("listed", "used")),
    (SKILLS + "Python, SQL\n" + PROJECT.format("Python"), SKILLS + "Python, SQL\n", "python", "lost",
     ("used", "listed")),
    (SKILLS + "PyTorch, SQL\n", SKILLS + "PyTorch, SQL, Deep Learning\n", "deep-learning", "gained",
     ("implied", "listed")),
    (SKILLS + "PyTorch, SQL, Deep Learning\n", SKILLS + "PyTorch, SQL\n", "deep-learning", "lost",
     ("listed", "implied")),
    (SKILLS + "Python, familiar with SQL\n", SKILLS + "Python, SQL\n", "sql", "gained", ("hedged", "listed")),
    (SKILLS + "Python\n", SKILLS + "Python, SQL\n", "sql", "gained", ("missing", "listed")),
    (SKILLS + "Python, SQL\n", SKILLS + "Python\n", "sql", "lost", ("listed", "missing")),
])
def test_credit_changes(before, after, skill, side, how):
    comparison = compare(api.Source.from_text(before, "old.txt"), api.Source.from_text(after, "new.txt"),
                         OPTIONS.replace(role_ids=("data-scientist",)))
    (ds,) = comparison.roles
    changed = {c.id: c for c in (ds.gained if side == "gained" else ds.lost)}
    assert skill in changed, (ds.gained, ds.lost)
    assert (changed[skill].how_before, changed[skill].how_after) == how
    other = ds.lost if side == "gained" else ds.gained
    assert skill not in {c.id for c in other}
    assert (ds.after > ds.before) == (side == "gained")


def test_the_same_resume_twice_shows_no_change(progress):
    same = compare(api.Source.from_path(V2), api.Source.from_path(V2))
    assert same.before is same.after  # read once
    assert same.profile_changes == ()
    assert all(not r.gained and not r.lost and r.before == r.after for r in same.roles)
    assert headline(role(same, "data-scientist")).startswith("No change for Data Scientist: 51 of 100 (partial);")


def test_a_docx_version_gives_the_same_changes(progress, tmp_path):
    docx = tmp_path / "v2.docx"
    docx.write_bytes(docgen.resume_docx(V2.read_text(encoding="utf-8"), layout="flow", header=None, footer=None))
    other = compare(api.Source.from_path(V1), api.Source.from_path(docx))
    assert other.after.profile.document.format == "docx"
    for r in progress.roles:
        assert ids(role(other, r.id).gained) == ids(r.gained) and ids(role(other, r.id).lost) == ids(r.lost)
    text = other.after.profile.text
    for c in role(other, "ml-engineer").gained:
        assert all(text[e.start:e.end] == e.text for e in c.evidence_after)


def test_roles_passed_in_are_compared(progress):
    """A door that makes roles of its own (a job posting) passes them: compare takes any list of roles."""
    (ds,) = api.roles(OPTIONS.replace(role_ids=("data-scientist",)))
    posting = type(ds)(**{**{f: getattr(ds, f) for f in ds.__slots__}, "id": "acme-posting", "title": "Acme"})
    comparison = api.compare(api.Source.from_path(V1), api.Source.from_path(V2), OPTIONS, chosen=[ds, posting])
    assert [r.id for r in comparison.roles] == ["acme-posting", "data-scientist"]  # same score: ties by id
    assert ids(comparison.roles[0].gained) == ids(role(progress, "data-scientist").gained)


def _gap(name: str, gain: float, action: str = "learn") -> MissingItem:
    return MissingItem("skill", name.lower(), name, gain, action, f"Learn {name}.", "30 days")


def _item(kind: str, ident: str, name: str, before: float, after: float, how_before: str, how_after: str):
    return ItemChange(kind, ident, name, before, after, how_before, how_after, (), ())


@pytest.mark.parametrize(("gained", "lost", "scores", "bands", "sentence"), [
    ([_item("degree", "master", "M.Sc.", .8, 1, "bachelor", "master"), _item("skill", "pytorch", "PyTorch", 0, 1,
                                                                             "missing", "used")],
     [], (54.2, 71.4), ("partial", "strong"),
     "You added a master's and PyTorch: Data Scientist 54 → 71 (partial → strong); still missing: Spark, SQL."),
    ([_item("skill", "sql", "SQL", .8, 1, "listed", "used")], [_item("skill", "tableau", "Tableau", 1, 0, "used",
                                                                     "missing")],
     (54.2, 54.4), ("partial", "partial"),
     "You added SQL (listed → used); you removed Tableau: Data Scientist 54.2 → 54.4 (partial); still missing: "
     "Spark, SQL."),
    ([], [], (54.2, 54.2), ("partial", "partial"),
     "No change for Data Scientist: 54 of 100 (partial); still missing: Spark, SQL."),
    ([_item("skill", s.lower(), s, 0, .8, "missing", "listed") for s in ("A1", "B2", "C3", "D4", "E5", "F6")], [],
     (40, 50), ("partial", "partial"),
     "You added A1, B2, C3, D4 and 2 more: Data Scientist 40 → 50 (partial); still missing: Spark, SQL."),
])
def test_headline(gained, lost, scores, bands, sentence):
    missing = (_gap("Certifications not found", 8, "check-resume"), _gap("Spark", 5), _gap("SQL", 3))
    change = RoleChange("data-scientist", "Data Scientist", *scores, *bands, (), tuple(gained), tuple(lost), missing)
    assert headline(change) == sentence


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed: run pytest --update-golden if intended"


def test_json_golden(progress, update_golden):
    data = json.loads(api.render(progress, OPTIONS).replace(str(FIXTURES), "tests/fixtures/compare"))
    assert data["kind"] == "comparison" and data["before"]["source"] == "tests/fixtures/compare/v1.txt"
    assert {"id", "title", "before", "after", "change", "band_before", "band_after", "components", "gained", "lost",
            "still_missing"} == set(data["roles"][0])
    check_golden("compare.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n", update_golden)


@pytest.mark.parametrize(("fmt", "name"), [("html", "compare.html"), ("markdown", "compare.md")])
def test_report_golden(progress, update_golden, fmt, name):
    check_golden(name, api.render(progress, OPTIONS.replace(format=fmt)), update_golden)


def test_html_report_is_self_contained_and_quotes_both_versions(progress):
    html = api.render(progress, OPTIONS.replace(format="html", top=2))
    assert "<style>" in html and "<script" not in html and not re.search(r"""src=["']?(https?:)?//""", html)
    assert html.count('<section class="role"') == 2
    assert "Every role, before and after" in html and html.count("<tr><th scope=\"row\">") >= 7
    assert "<mark>Tableau</mark>" in html and "<mark>PyTorch</mark>" in html  # the old version's line and the new's
    redacted = api.render(progress, OPTIONS.replace(format="html", redact=True))
    assert "Ananya" not in redacted and "ananya.iyer@example.com" not in redacted


@pytest.fixture
def run():
    def invoke(*args, env=None):
        return CliRunner(env=env).invoke(cli, ["compare", *map(str, args), "--as-of", "2026-11-01"])

    return invoke


def test_cli_table_fits_80_columns(run):
    result = run(V1, V2, "--top", "1", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines), max(lines, key=len)
    assert lines[0].startswith("Progress from") and "Business Intelligence Analyst" in result.stdout
    assert result.stdout.count("Still missing") == 1  # --top 1: one role in full
    assert "Machine Learning Developer 35 → 52 (partial)" in " ".join(lines)  # the headline, wrapped
    assert "Removed: skill Tableau (line 11)" in result.stdout and result.stderr == ""


def test_cli_json_and_role_filter(run):
    result = run(V1, V2, "--format", "json", "--role", "bi-analyst", "--role", "data-scientist")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["roles"]] == ["data-scientist", "bi-analyst"]  # by the new score
    assert data["before"]["source"] == str(V1) and data["after"]["source"] == str(V2)


def test_cli_html_and_markdown(run, tmp_path):
    out = tmp_path / "progress.html"
    result = run(V1, V2, "--format", "html", "-o", out)
    assert result.exit_code == 0 and result.stderr == f"Wrote {out}\n"
    assert "You added a master&#39;s" in out.read_text(encoding="utf-8")
    markdown = run(V1, V2, "--format", "markdown", "--role", "data-scientist")
    assert markdown.stdout.startswith("# Progress between two versions of a resume: Ananya Iyer\n")
    assert "- You added a master's, the title Data Science Intern" in markdown.stdout


def test_cli_roles_dir_adds_a_role(run, tmp_path):
    role_file = (Path(api.DEFAULTS.skills_dir) / "roles" / "data_scientist.toml").read_text(encoding="utf-8")
    (tmp_path / "analyst.toml").write_text(role_file.replace('id = "data-scientist"', 'id = "junior-analyst"'),
                                           encoding="utf-8")
    result = run(V1, V2, "--roles-dir", tmp_path, "--format", "json")
    assert "junior-analyst" in {r["id"] for r in json.loads(result.stdout)["roles"]}


@pytest.mark.parametrize("which", ["old", "new"])
def test_cli_missing_or_empty_file(run, tmp_path, which):
    missing, empty = tmp_path / "missing.txt", tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    for bad, reason in ((missing, "no such file"), (empty, "the document is empty or holds only whitespace")):
        args = (bad, V2) if which == "old" else (V1, bad)
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {bad}: {reason}\n" and result.stdout == ""
        as_json = run(*args, "--format", "json")
        assert json.loads(as_json.stdout)["kind"] == ("unreadable" if bad == missing else "no-text")


def test_cli_unknown_role_is_one_line(run):
    result = run(V1, V2, "--role", "data-scientst")
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: unknown role 'data-scientst'. Fix: did you mean 'data-scientist'?")


def test_cli_usage_errors(run):
    assert run(V1).exit_code == 2
    assert run(V1, V2, "-o", "x.txt").exit_code == 2  # -o is for reports


def test_cli_old_version_from_stdin():
    result = CliRunner().invoke(cli, ["compare", "-", str(V2), "--format", "json", "--role", "data-scientist",
                                      "--as-of", "2026-11-01"], input=V1.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["before"]["source"] == "<stdin>"
    assert {(g["kind"], g["id"]) for g in data["roles"][0]["lost"]} == {("skill", "tableau")}


POSTING = Path(__file__).resolve().parent / "fixtures" / "postings" / "ds_fintech.txt"


def test_cli_compare_against_a_job_posting(run):
    result = run(V1, V2, "--job", POSTING, "--only-jobs", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (job,) = json.loads(result.stdout)["roles"]  # --only-jobs: the posting's role alone
    assert (job["id"], job["title"]) == ("job-senior-data-scientist", "Senior Data Scientist")  # the posting's title
    assert job["after"] > job["before"] and not job["lost"]
    assert {("skill", "pytorch"), ("title", "Data Scientist")} <= {(g["kind"], g["id"]) for g in job["gained"]}
    assert "sql" in {m["id"] for m in job["still_missing"]}  # the posting requires SQL; neither version has it
    both = run(V1, V2, "--job", POSTING, "--role", "data-scientist", "--format", "json")
    assert {r["id"] for r in json.loads(both.stdout)["roles"]} == {"data-scientist", job["id"]}


def test_cli_compare_job_from_stdin_and_its_errors(run, tmp_path):
    piped = CliRunner().invoke(cli, ["compare", str(V1), str(V2), "--job", "-", "--only-jobs", "--format", "json",
                                     "--as-of", "2026-11-01"], input=POSTING.read_text(encoding="utf-8"))
    assert piped.exit_code == 0, piped.stderr
    assert len(json.loads(piped.stdout)["roles"]) == 1
    assert run(V1, V2, "--only-jobs").exit_code == 2  # --only-jobs needs a --job
    assert run("-", V2, "--job", "-").exit_code == 2  # stdin read once
    missing = tmp_path / "posting.txt"
    result = run(V1, V2, "--job", missing)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Error: job posting {missing}: no such file\n"
