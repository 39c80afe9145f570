"""Job postings as roles: requirement cues, years, degrees, titles, the role-file round trip, scoring requirement by
requirement, and the CLI's `score --job` and `roles from-job`. Expected values are written by hand."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rolematch import api
from rolematch.cli import cli
from rolematch.errors import ReadError, RolematchError

from conftest import AS_OF, GOLDEN

POSTINGS = Path(__file__).resolve().parent / "fixtures" / "postings"
RESUMES = POSTINGS / "resumes"


def posting(text: str):
    return api.read_posting(api.Source.from_text(text, "posting.txt"))


def flags(text: str) -> dict[str, bool]:
    """skill id -> required, for every skill requirement of the posting."""
    return {r.id: r.required for r in posting(text).requirements if r.kind in ("skill", "language")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Requirements\n- Python\n- SQL\n\nNice to have\n- Experience with Spark and Kafka\n",
     {"python": True, "sql": True, "spark": False, "kafka": False}),
    ("Must have: Python; Docker is a plus.", {"python": True, "docker": False}),
    ("Experience with Tableau is preferred.", {"tableau": False}),
    ("Bonus points:\n- Kubernetes\n- Terraform\n", {"kubernetes": False, "terraform": False}),
    ("Preferred qualifications\n- Apache Airflow is required for the senior level\n", {"airflow": True}),
    ("Python required, PySpark good to have.", {"python": True, "pyspark": False}),
    ("## Good to have\n* PyTorch\n\n## Requirements\n* pandas and NumPy\n",
     {"pytorch": False, "pandas": True, "numpy": True}),
    ("Responsibilities\n- Build dashboards in Power BI\n", {"power-bi": True, "dashboards": True}),
    ("Knowledge of Excel is mandatory; Power BI would be nice.", {"excel": True, "power-bi": False}),
    ("About us\nWe build our platform with Kubernetes.\n\nRequirements\n- Java\n", {"java": True}),
    ("Location: Lumen Retail, Pune\nRequirements: SQL\n", {"sql": True}),
    ("Hello.\n\nWe'd love you to have\nKafka and Terraform.\n", {"kafka": False, "terraform": False}),
    ("Must-haves: Django, PostgreSQL; Nice-to-haves: Celery, Redis.", {"django": True, "postgresql": True,
                                                                      "celery": False, "redis": False}),
    ("Minimum 3 yrs exp in backend development. Experience in AWS will be preferred.",
     {"backend-development": True, "aws": False}),  # the full stop after a mention ends its clause
    ("What we are looking for\nPython\nGood to know\nTensorFlow or PyTorch\n",
     {"python": True, "tensorflow": False, "pytorch": False}),
    ("Intro.\n\nPython is a must\nand Docker too\n", {"python": True, "docker": True}),  # a line naming a skill
    ("**Job Title:** Data Engineer\n**Location:** Pune\n**Mandatory Skills:** SQL\n**Good-to-have Skills:** Kafka\n"
     "\nApply now.", {"sql": True, "kafka": False}),
    # a title named inside a sentence takes only its own words, not the skills beside it
    ("We need a Data Scientist. Must have: Python, SQL, 3+ years of experience. Nice to have: Spark.",
     {"python": True, "sql": True, "spark": False}),
])
def test_required_and_preferred_cues(text, expected):
    assert flags(text) == expected


@pytest.mark.parametrize(("text", "low", "high"), [
    ("3+ years of experience in data science", 3, None),
    ("At least 5 years of professional experience.", 5, None),
    ("A minimum of 2 years of experience with SQL.", 2, None),
    ("2-4 years of experience as a data engineer", 2, 4),
    ("2–4 years of experience as a data engineer", 2, 4),
    ("3 to 5 years of experience in BI", 3, 5),
    ("Five years of experience in analytics.", 5, None),
    ("4+ years in DevOps or SRE", 4, None),
    ("5+ years of experience, including 2 years with Spark.", 5, None),
    ("We were founded 10 years ago.", None, None),  # no experience asked for
    ("0-2 years of experience; freshers are welcome", 0, 2),
    ("Python Developer | 5 to 8 yrs | Chennai\n\nDjango required.", 5, 8),  # said in the header line
    ("Requirements\n- 3+ years of experience (5+ preferred)\n", 3, None),
    ("**Job Title:** Data Engineer II\n**Experience:** 3-5 Years\n**Location:** Hyderabad\n\nSQL.", 3, 5),
])
def test_years_ranges(text, low, high):
    found = posting(text + "\nPython and SQL.")
    assert (found.min_years, found.max_years) == (low, high)


@pytest.mark.parametrize(("text", "minimum", "preferred", "fields", "related"), [
    ("Bachelor's degree in Computer Science, Statistics or a related field; Master's preferred.", "bachelor",
     "master", ("Computer Science", "Statistics"), True),
    ("BS/MS in Computer Science", "bachelor", "master", ("Computer Science",), False),
    ("PhD in Machine Learning or Statistics.", "doctorate", "doctorate", ("Artificial Intelligence", "Statistics"),
     False),
    ("A degree in Mathematics or Economics.", "bachelor", "bachelor", ("Mathematics", "Economics"), False),
    ("Graduate in any discipline; an MBA in Marketing is preferred.", "bachelor", "master", (), False),
    ("B.E. / Diploma in Civil Engineering.", "diploma", "bachelor", ("Civil Engineering",), False),
    ("UG: B.Tech/B.E. in Any Specialization\n- PG: MBA/PGDM in Any Specialization", "bachelor", "master", (),
     False),
])
def test_degree_requirement_lines(text, minimum, preferred, fields, related):
    found = posting("Requirements\n- " + text + "\n- Python\n")
    assert (found.min_degree, found.preferred_degree, found.degree_fields, found.related_fields) == \
        (minimum, preferred, fields, related)


def test_a_degree_the_posting_does_not_insist_on_is_preferred():
    found = posting("Requirements\n- B.Tech in Computer Science or equivalent experience\n- Python\n")
    assert [r.required for r in found.requirements if r.kind == "degree"] == [False]


@pytest.mark.parametrize(("text", "title"), [
    ("Senior Data Scientist – Northwind Payments (Bengaluru)\n\nRequirements\n- Python\n", "Senior Data Scientist"),
    ("Job Title: Business Intelligence Analyst\nLocation: Mumbai\n\nSQL required.", "Business Intelligence Analyst"),
    ("# Machine Learning Engineer, Recommendations\n\n## Must have\n- Python\n", "Machine Learning Engineer"),
    ("Mechanical Design Engineer\n\nPosition: Design Engineer - Mechanical\n\nSolidWorks.", "Design Engineer"),
    ("Data Analyst wanted\n\nKnowledge of Excel needed.", "Data Analyst"),
    ("Site Engineer (Civil)\n\nAutoCAD is mandatory.", "Site Engineer"),
    ("Hiring for Python Developer | 5 to 8 yrs | Chennai\n\nDjango required.", "Python Developer"),
])
def test_title_detection(text, title):
    assert posting(text).title == title


def test_every_requirement_keeps_its_evidence_in_the_posting():
    text = (POSTINGS / "ds_fintech.txt").read_text(encoding="utf-8")
    found = posting(text)
    assert {r.kind for r in found.requirements} == {"skill", "language", "degree", "experience", "certification"}
    for r in found.requirements:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.text
    degree = next(r for r in found.requirements if r.kind == "degree")
    assert degree.evidence.text.startswith("Bachelor's degree in Computer Science")


def test_a_thin_posting_says_so():
    found = api.read_posting(api.Source.from_path(POSTINGS / "thin_posting.txt"))
    assert found.thin and [r.id for r in found.requirements] == ["excel"]
    assert "too thin to judge" in found.warnings[0]
    options = api.with_jobs(api.Options(as_of=AS_OF, jobs=(api.Source.from_path(POSTINGS / "thin_posting.txt"),),
                                        only_jobs=True))
    result = api.score(api.Source.from_path(RESUMES / "bi_analyst.txt"), options)
    assert "too thin to judge" in json.loads(api.render(result, options))["roles"][0]["posting"]["warnings"][0]
    for fmt in ("markdown", "html"):
        assert "too thin to judge" in api.render(result, options.replace(format=fmt))


def test_role_file_round_trip(tmp_path):
    role = api.role_from_job(api.Source.from_path(POSTINGS / "data_engineer_batch.txt"))
    (tmp_path / "role.toml").write_text(api.role_toml(role), encoding="utf-8")
    loaded = api.role(role.id, api.Options(roles_dirs=(str(tmp_path),)))
    assert dataclasses.replace(loaded, path=role.path) == role
    assert role.degree.minimum == "bachelor" and role.degree.preferred == "master"
    assert role.experience.years == 6
    assert role.certifications.topics  # the Azure data engineer certificate's topics
    assert sum(role.weights.values()) == pytest.approx(100)
    assert api.role_toml(role).startswith("# ")  # names the source posting


def test_components_the_posting_is_silent_on_weigh_nothing():
    role = api.role_from_job(api.Source.from_text("Requirements\n- Python\n- SQL\n- Tableau\n- Excel\n- Git\n",
                                                  "p.txt"))
    assert role.weights["degree"] == role.weights["experience"] == role.weights["certifications"] == 0
    assert role.weights["skills"] + role.weights["languages"] == pytest.approx(100)


@pytest.mark.parametrize(("resume", "status"), [
    ("SKILLS\nPython, SQL, Docker\n", "met"),
    ("SKILLS\nBasic knowledge of Docker\n", "partly"),  # hedged
    ("SKILLS\nPython, SQL\n", "not-met"),
])
def test_each_requirement_is_met_partly_met_or_not_met(resume, status):
    job = api.Source.from_text("Requirements\n- Docker\n", "p.txt")
    options = api.with_jobs(api.Options(as_of=AS_OF, jobs=(job,), only_jobs=True))
    checks = api.score(api.Source.from_text(resume, "r.txt"), options).roles[0].requirements
    assert [c.status for c in checks] == [status] and all(c.note for c in checks)


def test_a_requirement_implied_by_another_skill_is_partly_met():
    job = api.Source.from_text("Requirements\n- Software testing\n", "p.txt")
    options = api.with_jobs(api.Options(as_of=AS_OF, jobs=(job,), only_jobs=True))
    check = api.score(api.Source.from_text("SKILLS\nManual Testing\n", "r.txt"), options).roles[0].requirements[0]
    assert check.status == "partly" and check.note.startswith("Implied by Manual Testing")


def test_a_role_asking_no_skills_is_judged_on_what_it_asks():
    """A posting that asks only for years has no skills to gate on: meeting the years is the whole fit."""
    source = api.Source.from_text("Job Title: Data Scientist\n\nRequirements\n- 3+ years of experience\n", "p.txt")
    options = api.with_jobs(api.Options(as_of=AS_OF, jobs=(source,), only_jobs=True))
    role = api.score(api.Source.from_path(RESUMES / "data_scientist.txt"), options).roles[0]
    assert [c.status for c in role.requirements] == ["met"]
    assert role.score == pytest.approx(100, abs=1)


def test_a_posting_id_never_takes_a_shipped_role_or_another_posting():
    options = api.Options(jobs=(api.Source.from_path(POSTINGS / "data_scientist_health.html"),
                                api.Source.from_path(POSTINGS / "data_scientist_marketing.txt")))
    ids = [r.id for r in api.with_jobs(options).job_roles]
    assert ids == ["job-data-scientist", "job-data-scientist-2"]


def test_requirements_checked_one_by_one():
    options = api.Options(as_of=AS_OF, jobs=(api.Source.from_path(POSTINGS / "ds_fintech.txt"),), only_jobs=True)
    role = api.score(api.Source.from_path(RESUMES / "data_scientist.txt"), options).roles[0]
    status = {c.requirement.id: c.status for c in role.requirements}
    assert status["xgboost"] == "met" and status["bachelor"] == "met" and status["years"] == "met"
    assert status["databricks"] == "not-met"
    met = next(c for c in role.requirements if c.requirement.id == "xgboost")
    assert met.evidence and met.evidence[0].text == "XGBoost"
    assert all(c.note for c in role.requirements)
    assert [c.requirement.required for c in role.requirements] == sorted(
        (c.requirement.required for c in role.requirements), reverse=True)


def test_score_json_for_a_posting_golden(update_golden):
    options = api.Options(as_of=AS_OF, jobs=(api.Source.from_path(POSTINGS / "ds_fintech.txt"),), only_jobs=True)
    result = api.score(api.Source.from_path(RESUMES / "data_scientist.txt"), options)
    actual = json.dumps(json.loads(api.render(result).replace(str(POSTINGS), "postings")), indent=2,
                        ensure_ascii=False) + "\n"
    path = GOLDEN / "ds_fintech.job.score.json"
    if update_golden:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), "run pytest --update-golden if intended"
    role = json.loads(actual)["roles"][0]
    assert role["posting"]["title"] == "Senior Data Scientist" and role["posting"]["thin"] is False


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["Requirements", "Nice to have:", "- Python", "3+ years", "2–4 years of experience",
                                   "Bachelor's in CS", "BS/MS", "is a plus", "Job title: ", "About us", ":", ";",
                                   "\n", " ", "•", "PhD", "five years", "must have"]), max_size=40).map("".join))
def test_posting_parsing_never_crashes_and_offsets_hold(text):
    try:
        found = posting(text)
    except RolematchError:
        return
    read = api.read(api.Source.from_text(text, "posting.txt")).text
    for r in found.requirements:
        assert read[r.evidence.start:r.evidence.end] == r.evidence.text


@pytest.fixture
def run():
    def invoke(*args, stdin: str | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=stdin)

    return invoke


def test_cli_score_with_a_job(run):
    result = run("score", RESUMES / "data_scientist.txt", "--job", POSTINGS / "ds_fintech.txt", "--as-of",
                 "2026-11-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    roles = json.loads(result.stdout)["roles"]
    assert "job-senior-data-scientist" in [r["id"] for r in roles] and "data-scientist" in [r["id"] for r in roles]


def test_cli_only_jobs_and_a_posting_from_stdin(run):
    text = (POSTINGS / "bi_analyst_retail.txt").read_text(encoding="utf-8")
    result = run("score", RESUMES / "bi_analyst.txt", "--job", "-", "--only-jobs", "--format", "json", stdin=text)
    assert result.exit_code == 0, result.stderr
    roles = json.loads(result.stdout)["roles"]
    assert [r["id"] for r in roles] == ["job-business-intelligence-analyst"]
    assert roles[0]["posting"]["source"] == "<stdin>"


def test_cli_table_shows_the_requirements(run):
    result = run("score", RESUMES / "bi_analyst.txt", "--job", POSTINGS / "bi_analyst_retail.txt", "--only-jobs")
    assert result.exit_code == 0, result.stderr
    assert "Requirements of the posting" in result.stdout and "Power BI" in result.stdout


def test_cli_from_job_writes_a_role_file_the_loader_reads(run, tmp_path):
    target = tmp_path / "roles" / "bi.toml"
    result = run("roles", "from-job", POSTINGS / "bi_analyst_retail.txt", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr
    shown = run("roles", "show", "job-business-intelligence-analyst", "--roles-dir", tmp_path / "roles")
    assert shown.exit_code == 0, shown.stderr
    printed = run("roles", "from-job", POSTINGS / "bi_analyst_retail.txt")
    assert printed.stdout == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (("score", RESUMES / "hr.txt", "--job", POSTINGS / "missing.txt"), "missing.txt"),
    (("roles", "from-job", POSTINGS / "missing.txt"), "missing.txt"),
])
def test_cli_a_missing_posting_is_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: job posting") and message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_an_empty_posting_is_one_line(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = run("roles", "from-job", empty)
    assert result.exit_code == 1 and "empty.txt" in result.stderr and "Traceback" not in result.stderr


def test_cli_a_posting_with_no_requirement_is_one_line(run, tmp_path):
    blurb = tmp_path / "blurb.txt"
    blurb.write_text("We are a friendly company in Pune. Send us your CV.\n", encoding="utf-8")
    result = run("roles", "from-job", blurb)
    assert result.exit_code == 1 and "no requirement" in result.stderr


def test_cli_only_jobs_needs_a_job(run):
    result = run("score", RESUMES / "hr.txt", "--only-jobs")
    assert result.exit_code == 2 and "--only-jobs needs" in result.stderr


def test_cli_stdin_is_read_once(run):
    result = run("score", "-", "--job", "-", stdin="Python")
    assert result.exit_code == 2 and "stdin" in result.stderr


def test_a_posting_too_long_is_the_resume_error():
    with pytest.raises(ReadError) as error:
        api.read_posting(api.Source.from_text("Python " * 10, "long.txt"),
                         api.Options(limits=dataclasses.replace(api.Limits(), max_chars=20)))
    assert error.value.kind == "too-long"


def test_a_broken_posting_table_in_a_role_file_is_named(tmp_path):
    role = api.role_from_job(api.Source.from_path(POSTINGS / "bi_analyst_retail.txt"))
    text = api.role_toml(role).replace("start = ", "start = \"x\" # ", 1)
    (tmp_path / "role.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RolematchError) as error:
        api.roles(api.Options(roles_dirs=(str(tmp_path),)))
    assert "role.toml: posting.requirement[0]: is not a requirement" in str(error.value)


@pytest.mark.slow
def test_a_long_posting_costs_about_its_extraction():
    """Clauses, cues and overlaps are looked up by bisection: many mentions on long lines stay linear (a posting of
    ten 19,000-character lines took 2.4x its extraction when each mention rescanned its line)."""
    import time

    line = "Python, SQL is a plus, Data Scientist, Bachelor degree in Computer Science, 3+ years; " * 220
    source = api.Source.from_text(("Requirements: " + line[:19000] + "\n") * 3, "long.txt")
    api.extract(source)  # the pipeline built
    started = time.perf_counter()
    api.extract(source)
    extraction = time.perf_counter() - started
    started = time.perf_counter()
    api.read_posting(source)
    assert time.perf_counter() - started < 1.6 * extraction + 0.3
