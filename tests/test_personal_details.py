"""Personal details, however they are written, are never scored: the candidate's age, marital status, religion,
caste and gender, and every sentence or line about a relative (whose job, degree or age is never the candidate's).
Each is recorded as a personal detail, so a redacted report hides it too."""

from __future__ import annotations

import re
import shutil
import time

import pytest
from rolematch import api
from rolematch.errors import DataFileErrors
from rolematch.extract.patterns import load_patterns

from conftest import AS_OF, ROOT

# A realistic small resume. {summary}, {personal} and {declaration} are where a variant is written.
RESUME = """Priya Raghavan
priya.raghavan@example.com | +91 98450 12345

SUMMARY
Data Analyst with 3 years of experience in SQL, Python and Tableau dashboards.{summary}

EXPERIENCE
Data Analyst, Infosys, Bengaluru
Jun 2023 - Present
Built Tableau dashboards on SQL Server data; automated reports in Python with pandas.

Junior Data Analyst, Mu Sigma
Jul 2021 - May 2023
Cleaned sales data in Excel and SQL.

EDUCATION
B.Sc in Statistics, Bangalore University, 2021

SKILLS
Python, SQL, Tableau, Excel, pandas

PERSONAL DETAILS
Date of Birth: 12/05/1999
Languages Known: English, Kannada{personal}

DECLARATION
I hereby declare that the above information is true to the best of my knowledge.{declaration}
"""


def resume(summary: str = "", personal: str = "", declaration: str = "") -> str:
    return RESUME.format(summary=summary and " " + summary, personal=personal and "\n" + personal,
                         declaration=declaration and " " + declaration)


def scores(text: str) -> list[tuple[str, float]]:
    return [(r.id, r.score) for r in api.score_text(text, "resume.txt", as_of=AS_OF).roles]


@pytest.fixture(scope="module")
def baseline() -> list[tuple[str, float]]:
    return scores(resume())


# (where the variant goes, the variant, a part of it that must lie inside a recorded personal detail)
VARIANTS = [
    # the candidate's age, in its many forms; none of them is years of experience
    ("summary", "Aged 27 years, married.", "Aged 27 years"),
    ("summary", "Aged 27 years, married.", "married"),
    ("summary", "Aged 27, single.", "Aged 27"),
    ("summary", "A 27-year-old with a keen eye for data quality.", "27-year-old"),
    ("summary", "I am 27 years old.", "27 years old"),
    ("summary", "27 years of age.", "27 years of age"),
    ("personal", "Age 27 years", "Age 27 years"),
    ("personal", "Age: 27", "Age: 27"),
    ("personal", "Age — 27 years", "Age — 27 years"),
    ("personal", "Age – 27", "Age – 27"),
    ("personal", "Age\t27 years", "Age\t27 years"),
    # marital status, religion, caste, gender, inline or labelled
    ("summary", "Married, Hindu by religion, OBC category.", "Hindu by religion"),
    ("summary", "Gender: female; unmarried.", "Gender: female"),
    ("personal", "Marital Status — Married", "Marital Status — Married"),
    ("personal", "Religion\tHindu", "Religion\tHindu"),
    ("personal", "Caste – OBC", "Caste – OBC"),
    ("personal", "Sex: F", "Sex: F"),
    # a relative's job and degree, whatever the separator
    ("personal", "Father's Name — Mr. R. Raghavan, Senior Data Scientist, PhD in Computer Science",
     "Senior Data Scientist, PhD in Computer Science"),
    ("personal", "Father's Name\tMr. R. Raghavan, Senior Data Scientist, PhD in Computer Science",
     "Senior Data Scientist, PhD in Computer Science"),
    ("personal", "Father's Name: Mr. R. Raghavan, Machine Learning Engineer, M.Tech", "Machine Learning Engineer"),
    ("personal", "Father's Name Mr. R. Raghavan, Senior Data Scientist, PhD", "Senior Data Scientist, PhD"),
    ("personal", "Father — Mr. R. Raghavan (Data Engineer, AWS Certified Solutions Architect)", "Data Engineer"),
    ("personal", "Mother's Name – Mrs. K. Raghavan, MBA, Project Manager", "MBA, Project Manager"),
    ("personal", "Husband: Arjun Rao, Senior Data Scientist at Google, 12 years of experience", "12 years"),
    ("personal", "Spouse - Arjun Rao, M.Tech, Machine Learning Engineer", "M.Tech"),
    ("personal", "Guardian: Mr. S. Iyer, Data Architect, PhD", "Data Architect"),
    ("personal", "S/o Mr. R. Raghavan, Senior Data Scientist, PhD", "Senior Data Scientist"),
    ("personal", "D/o Mr. R. Raghavan (Machine Learning Engineer, M.Tech)", "Machine Learning Engineer"),
    ("personal", "W/o Arjun Rao, Data Engineer with Spark and Kafka", "Spark and Kafka"),
    ("personal", "C/o Mr. R. Raghavan, Data Scientist, 14 MG Road", "Data Scientist"),
    ("summary", "My father is a Senior Data Scientist with a PhD in Computer Science.", "PhD in Computer Science"),
    ("summary", "My mother, a Machine Learning Engineer with an M.Tech, inspired me.", "Machine Learning Engineer"),
    ("summary", "My husband works as a Data Engineer with 10 years of experience in Spark.", "10 years"),
    ("summary", "My father Mr. R. Raghavan is a Senior Data Scientist with a PhD in Statistics.", "PhD"),
    ("declaration", "I, Priya Raghavan, daughter of a Machine Learning Engineer with an M.Tech, sign below.",
     "Machine Learning Engineer with an M.Tech"),
    ("declaration", "Son of a Senior Data Scientist (PhD, AWS Certified Machine Learning Specialty).", "PhD"),
    ("declaration", "Wife of a Deep Learning researcher with a PhD in Computer Science and TensorFlow skills.",
     "TensorFlow"),
    ("summary", "My father's occupation: Senior Data Scientist, PhD in Computer Science.", "PhD"),
    ("summary", "Father's profession is Machine Learning Engineer (M.Tech, Google Cloud Professional ML Engineer).",
     "M.Tech"),
]


@pytest.mark.parametrize(("where", "variant", "hidden"), VARIANTS)
def test_a_personal_detail_never_changes_a_score(baseline, where, variant, hidden):
    text = resume(**{where: variant})
    assert scores(text) == baseline
    profile = api.extract_text(text, "resume.txt", as_of=AS_OF)
    at = text.index(hidden)
    assert any(p.start <= at and at + len(hidden) <= p.end for p in profile.personal), \
        [(p.kind, text[p.start:p.end]) for p in profile.personal]
    assert any(s.kind == "personal" and s.start <= at < s.end for s in profile.private)  # --redact hides it


def test_the_variants_would_change_scores_if_they_were_read():
    """The table above tests something: written as the candidate's own, the same facts do change scores."""
    own = resume(summary="Senior Data Scientist with a PhD in Computer Science and 12 years of experience.")
    assert scores(own) != scores(resume())


def test_an_age_phrase_is_the_phrase_alone():
    """Only the age is hidden: the rest of the clause can be the candidate's career."""
    profile = api.extract_text("A 27-year-old Data Analyst with 5 years of experience in SQL.", "t.txt", as_of=AS_OF)
    assert [profile.text[p.start:p.end] for p in profile.personal] == ["27-year-old"]
    assert profile.experience_years == 5.0 and [t.title for t in profile.titles] == ["Data Analyst"]


# lines about work or study that merely hold a family word: they must still be read
NEGATIVES = [
    ("Staff Nurse turned Data Analyst, Mother Teresa Hospital, Chennai: Python and SQL reports", {"python", "sql"}),
    ("Parent company: Tata Consultancy Services. Built Spark pipelines on AWS.", {"spark", "aws"}),
    ("Father of the data platform at Swiggy: Kafka, Airflow and Snowflake.", {"kafka", "airflow", "snowflake"}),
    ("Built a parent-child hierarchy in Power BI with DAX.", {"power-bi", "dax"}),
    ("Usage analytics in Python: 27 dashboards, average page load under 2 s.", {"python"}),
    ("Managed 12 engineers; migrated the stage 2 pipeline to Docker and Kubernetes.", {"docker", "kubernetes"}),
    ("Married data from SAP and Salesforce in one Snowflake warehouse.", set()),  # marital word: that clause only
]


@pytest.mark.parametrize(("line", "skills"), NEGATIVES)
def test_a_family_word_in_a_work_line_hides_nothing(extract, line, skills):
    profile = extract(f"EXPERIENCE\n{line}\nJan 2020 - Jan 2023\n")
    assert skills <= {h.id for h in profile.skills}
    assert profile.experience_years == 3.0


def test_a_relative_on_a_work_line_hides_the_sentence_not_the_line(extract):
    profile = extract("Data Analyst using Python at Infosys. My father is a Data Scientist with a PhD. I use SQL.\n")
    assert {h.id for h in profile.skills} == {"data-analysis", "python", "sql"}
    assert [t.title for t in profile.titles] == ["Data Analyst"]
    assert profile.degrees == ()


def test_inline_patterns_must_compile_and_run_in_linear_time(tmp_path):
    skills = tmp_path / "skills"
    shutil.copytree(ROOT / "skills", skills)
    path = skills / "patterns" / "personal.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  religion:\n    scope: clause\n", "  religion:\n    scope: paragraph\n")
    text = text.replace("      - '\\b(?:un)?married\\b'\n",
                        "      - '\\b(?:un)?married\\b'\n      - '(?:\\w+\\s?)+married'\n      - '(unclosed'\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileErrors) as caught:
        load_patterns(skills)
    message = str(caught.value)
    assert "personal.yml: inline.religion.scope: 'paragraph' is not a scope" in message
    assert "personal.yml: inline.marital_status.patterns[1]: '(?:\\\\w+\\\\s?)+married' repeats a group" in message, message
    assert "personal.yml: inline.marital_status.patterns[2]: '(unclosed' is not a regular expression" in message


@pytest.mark.parametrize("line", [  # each line as long as a resume's may be, ten of them
    "My father " + "a " * 9_000 + "!", "aged " * 3_900, "S/o " * 4_900, "Father's Name " * 1_400,
    "my father. " * 1_800, "Mr. " * 4_900 + "my father", "my father, " * 1_800, "27 " * 6_500 + "years old",
])
def test_personal_details_cost_linear_time(extract, line):
    started = time.perf_counter()
    extract((line + "\n") * 10)
    assert time.perf_counter() - started < 5


def test_every_shipped_inline_pattern_is_anchored_on_a_word():
    """Each starts at a word boundary or a look-behind, so a long run of letters costs one try per word."""
    for pattern in load_patterns().personal_inline:
        assert re.match(r"\\b|\(\?<!", pattern.regex.pattern), pattern.regex.pattern
