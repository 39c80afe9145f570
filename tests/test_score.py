"""Scoring: transparent components, gaps ranked by gain, personal details never count, sensible rankings."""

from __future__ import annotations

import re

import pytest

from rolematch import api
from rolematch.errors import ReadError
from rolematch.render import score_json

from conftest import AS_OF, SAMPLES

ML_TRACK = {"data-scientist", "ml-engineer", "research-scientist", "data-engineer", "bi-analyst", "ml-developer",
            "nlp-scientist"}


def score(text: str, **kwargs):
    return api.score_text(text, "resume.txt", as_of=AS_OF, **kwargs)


@pytest.fixture(scope="module")
def data_scientist():
    return api.score_file(SAMPLES / "data_scientist.txt", as_of=AS_OF)


def test_a_strong_data_science_resume_ranks_data_science_first(data_scientist):
    best = data_scientist.roles[0]
    assert best.id == "data-scientist" and best.score >= 75


def test_a_resume_with_nothing_relevant_scores_low_everywhere():
    result = api.score_file(SAMPLES / "hr_executive.txt", as_of=AS_OF)
    assert all(role.score <= 25 for role in result.roles)


@pytest.mark.parametrize("text", [
    "Sales executive. Met monthly targets, handled walk-in customers and maintained the showroom.",
    "HR generalist: recruitment, onboarding, payroll coordination, employee engagement, exit interviews.",
])
def test_irrelevant_resumes_score_near_zero(text):
    assert all(role.score <= 25 for role in score(text).roles)


@pytest.mark.parametrize("text", ["", " \n\t\n"])
def test_an_empty_resume_is_refused_and_an_empty_profile_scores_zero_everywhere(text):
    with pytest.raises(ReadError, match="resume.txt: the document is empty or holds only whitespace"):
        score(text)  # as a file of it would be, through every door
    from rolematch.models import Document

    profile = api.extract_document(Document("resume.txt", text, "str"), api.Options(as_of=AS_OF))
    result = api.score_profile(profile, api.roles())
    assert {role.id for role in result.roles} == ML_TRACK
    assert [(role.score, {c.points for c in role.components}, role.matched) for role in result.roles] == \
        [(0.0, {0.0}, ())] * len(ML_TRACK)
    assert all(role.missing for role in result.roles)  # everything is a gap


def test_components_add_up_to_the_score(data_scientist):
    for role in data_scientist.roles:
        assert {c.name for c in role.components} == {"skills", "languages", "degree", "experience", "certifications"}
        assert sum(c.max_points for c in role.components) == 100
        assert abs(sum(c.points for c in role.components) - role.score) <= 0.3  # each rounded once


def test_missing_items_are_ordered_by_gain(data_scientist):
    for role in data_scientist.roles:
        gains = [m.gain for m in role.missing]
        assert gains == sorted(gains, reverse=True)


def test_each_missing_item_is_worth_what_it_says():
    text = "WORK EXPERIENCE\nData Scientist, 2019-2024\nBuilt models with Python, SQL and scikit-learn.\n"
    before = score(text, role_ids=["data-scientist"]).roles[0]
    gap = next(m for m in before.missing if m.id == "statistics")
    after = score(text + "Ran statistics for every experiment.\n", role_ids=["data-scientist"]).roles[0]
    assert gap.gain > 0 and "statistics" in {m.id for m in after.matched}
    assert after.score == pytest.approx(before.score + gap.gain, abs=0.15)


def test_an_implied_skill_is_a_resume_fix():
    role = score("WORK EXPERIENCE\nTrained CNNs in PyTorch\n", role_ids=["ml-engineer"]).roles[0]
    deep = next(m for m in role.matched if m.id == "deep-learning")
    assert deep.how == "implied" and deep.credit == 0.5
    fix = next(m for m in role.missing if m.id == "deep-learning")
    assert fix.action == "add-to-resume" and "PyTorch" in fix.next_step


@pytest.mark.parametrize(("phrase", "how"), [
    ("WORK EXPERIENCE\nBuilt dashboards in Power BI\n", "used"),
    ("SKILLS\nPower BI\n", "listed"),
    ("SKILLS\nBasic knowledge of Power BI\n", "hedged"),
])
def test_where_and_how_a_skill_stands_changes_its_credit(phrase, how):
    role = score(phrase, role_ids=["bi-analyst"]).roles[0]
    match = next(m for m in role.matched if m.id == "power-bi")
    credit = {"used": 1.0, "listed": 0.8, "hedged": 0.4}[how]
    assert (match.how, match.credit) == (how, credit)


def test_a_negated_skill_earns_nothing():
    stated = score("Dashboards in Tableau for the sales team", role_ids=["bi-analyst"])
    assert "tableau" in {m.id for m in stated.roles[0].matched}  # the same skill, not negated, does count
    negated = score("No experience with Tableau.", role_ids=["bi-analyst"])
    assert "tableau" in {h.id for h in negated.profile.negated_skills}
    assert "tableau" not in {m.id for m in negated.roles[0].matched}


PERSONAL = re.compile(r"^(Date of Birth|Gender|Marital Status|Nationality): .*$", re.MULTILINE)


@pytest.mark.parametrize("replacement", [
    {"Date of Birth": "01/01/1980", "Gender": "Male", "Marital Status": "Married", "Nationality": "Nepali"},
    {"Date of Birth": "1999", "Gender": "Other", "Marital Status": "Divorced", "Nationality": "Indian (Hindu, OBC)"},
])
def test_personal_details_never_change_a_score(replacement):
    text = (SAMPLES / "data_scientist.txt").read_text(encoding="utf-8")
    changed = PERSONAL.sub(lambda m: f"{m.group(1)}: {replacement[m.group(1)]}", text)
    changed += "Religion: Christian\nCaste: General\nFather's Name: Mr. R. Srinivasan, Software Engineer\nPhoto: attached\n"
    assert changed != text

    def scores(t):
        return [(r.id, r.score) for r in score(t).roles]

    assert scores(changed) == scores(text)


def test_same_input_gives_identical_json(data_scientist):
    again = api.score_file(SAMPLES / "data_scientist.txt", as_of=AS_OF)
    assert score_json(again) == score_json(data_scientist)


def test_next_steps_follow_the_career_path():
    text = ("EXPERIENCE\nSales Executive, Acme Traders, Jan 2019 - Dec 2023\n"
            "EDUCATION\nB.Tech in Computer Science, XYZ College, 2018\n"
            "CERTIFICATIONS\nCertified Scrum Master, 2020\nSKILLS\nPython\n")
    role = score(text, role_ids=["ml-engineer"]).roles[0]
    path = [s for s in role.next_steps if s in {m.next_step for m in role.missing if m.kind != "skill"
                                                   and m.kind != "language"}]
    kinds = [next(m.kind for m in role.missing if m.next_step == s) for s in path]
    assert kinds == ["experience", "degree", "certification"]
    assert [m.id for m in role.missing if m.kind == "degree"] == ["master"]  # never a second bachelor's
    assert {m.action for m in role.missing if m.kind not in ("skill", "language")} == {"learn"}


# What the resume shows nothing of is a check of the resume, listed first and never a "biggest win".
@pytest.mark.parametrize(("text", "checks"), [
    ("SKILLS\nPython, SQL, Machine Learning\n",
     ["Degree not found", "Work history not found", "Certifications not found"]),
    ("EXPERIENCE\nData Analyst, Acme Corp\nEDUCATION\nB.E., XYZ College of Engineering, 2019\n"
     "CERTIFICATIONS\nAWS Certified Machine Learning - Specialty\nSKILLS\nPython, SQL\n",
     ["Dates of your work", "Field of your B.E."]),
])
def test_what_is_not_found_is_a_check_listed_first(text, checks):
    role = score(text, role_ids=["data-scientist"]).roles[0]
    found = [m for m in role.missing if m.action == "check-resume"]
    assert sorted(m.name for m in found) == sorted(checks)
    assert role.missing[:len(found)] == tuple(found)
    assert not any(w.gap.action == "check-resume" for w in role.wins)
    assert role.next_steps[:len(found)] == tuple(m.next_step for m in found)


@pytest.mark.parametrize(("education", "degree_gaps"), [
    ("Master of Science in Statistics, ABC University, 2020", []),       # a master's holds a bachelor's
    ("M.Sc., ABC University, 2020", [("check-resume", "degree")]),        # field not written
    ("Bachelor in Hospitality Management, ABC University, 2016", [("learn", "bridging"), ("learn", "master")]),
    ("Diploma in Computer Engineering, ABC Polytechnic, 2015", [("learn", "bachelor"), ("learn", "master")]),
])
def test_degree_advice_fits_the_person(education, degree_gaps):
    text = f"EXPERIENCE\nData Analyst, Acme Corp, Jan 2019 - Dec 2023\nEDUCATION\n{education}\nSKILLS\nPython\n"
    role = score(text, role_ids=["data-scientist"]).roles[0]
    gaps = [(m.action, "degree" if m.action == "check-resume" else m.id) for m in role.missing if m.kind == "degree"]
    assert gaps == degree_gaps


def test_years_in_an_unrelated_role_get_a_bridge_not_a_first_job():
    text = "EXPERIENCE\nSales Executive, Acme Traders, Jan 2015 - Dec 2023\nSKILLS\nPython, SQL\n"
    gap = next(m for m in score(text, role_ids=["data-scientist"]).roles[0].missing if m.kind == "experience")
    assert gap.action == "learn" and re.match(r"Build on your (8.9|9) years of work", gap.next_step)


@pytest.mark.parametrize(("score_value", "band"), [
    (0.0, "weak"), (29.9, "weak"), (30.0, "partial"), (54.9, "partial"), (55.0, "good"), (70.0, "strong"),
    (100.0, "strong")])
def test_bands_come_from_the_config(score_value, band):
    from rolematch.resources import load_settings
    from rolematch.score import band_of

    assert band_of(score_value, load_settings().bands) == band


def test_every_role_carries_its_band(data_scientist):
    roles = data_scientist.to_dict()["roles"]
    assert roles[0]["band"] == "strong" and {r["band"] for r in roles} <= {"strong", "good", "partial", "weak"}