"""Broken data files are reported with the file, the entry and the fix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from rolematch.errors import DataFileErrors
from rolematch.roles import load_roles
from rolematch.taxonomy import load_taxonomy

from conftest import ROOT, SAMPLES


@pytest.fixture
def skills_copy(tmp_path):
    target = tmp_path / "skills"
    shutil.copytree(ROOT / "skills", target)
    return target


def test_shipped_data_is_valid():
    taxonomy = load_taxonomy()
    assert len(taxonomy.skills) >= 800
    assert len(load_roles()) == 7


def test_unknown_skill_in_a_role_file_suggests_the_fix(skills_copy):
    path = skills_copy / "roles" / "nlp_scientist.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('skill = "pytorch"', 'skill = "pytorh"'), encoding="utf-8")
    with pytest.raises(DataFileErrors) as caught:
        load_roles(skills_copy)
    assert f"{path}: preferred[0].skill='pytorh': unknown skill id. Fix: did you mean 'pytorch'?" in str(caught.value)


def test_weights_must_add_up_to_100(skills_copy):
    path = skills_copy / "roles" / "bi_analyst.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("skills = 50", "skills = 60"), encoding="utf-8")
    with pytest.raises(DataFileErrors, match=r"bi_analyst.toml: weights: add up to 110. Fix: make the five"):
        load_roles(skills_copy)


def test_taxonomy_errors_name_file_entry_and_fix(skills_copy):
    path = skills_copy / "taxonomy" / "zz_broken.yml"
    path.write_text("category: ml\nskills:\n"
                    "  - id: quantum-ml\n    name: Quantum ML\n    implies: [machine-lerning]\n"
                    "    next_step: Run a variational classifier on a simulator.\n"
                    "  - id: Bad Id\n    name: x\n    next_step: y\n"
                    "  - id: pandas-two\n    name: Pandas Two\n    aliases: [pandas]\n    next_step: z\n",
                    encoding="utf-8")
    with pytest.raises(DataFileErrors) as caught:
        load_taxonomy(skills_copy)
    message = str(caught.value)
    assert "zz_broken.yml: id='quantum-ml' implies='machine-lerning': unknown skill id. Fix: did you mean " \
           "'machine-learning'?" in message
    assert "zz_broken.yml: skills[1] id='Bad Id': id missing or not lowercase words joined by '-'" in message
    assert "zz_broken.yml: id='pandas-two' alias='pandas': also names skill 'pandas'" in message


def test_invalid_yaml_names_the_line(skills_copy):
    path = skills_copy / "patterns" / "cues.yml"
    path.write_text("hedge: [familiar with\nnegation: [not]\n", encoding="utf-8")
    from rolematch.extract.patterns import load_patterns

    with pytest.raises(Exception, match=r"cues.yml: line \d+: not valid YAML"):
        load_patterns(skills_copy)


def test_the_cli_reports_broken_data_in_one_message(skills_copy):
    path = skills_copy / "roles" / "data_engineer.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('minimum = "bachelor"', 'minimum = "bachelors"'),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "rolematch", "score", str(SAMPLES / "data_scientist.txt")],
                            capture_output=True, text=True, env={**os.environ, "ROLEMATCH_SKILLS_DIR": str(skills_copy)})
    assert result.returncode == 1
    assert "data_engineer.toml: degree.minimum: is 'bachelors'. Fix: use one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_credit_defaults_come_from_the_config_and_a_role_may_override_them(skills_copy):
    assert {role.credit["listed"] for role in load_roles().values()} == {0.8}
    path = skills_copy / "roles" / "bi_analyst.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("[degree]", "[credit]\nlisted = 0.6\n\n[degree]", 1),
                    encoding="utf-8")
    roles = load_roles(skills_copy)
    assert roles["bi-analyst"].credit == {"used": 1.0, "listed": 0.6, "hedged": 0.4, "implied": 0.5,
                                          "relevance_gate": 0.3}
    assert roles["data-engineer"].credit["listed"] == 0.8


def test_the_career_path_is_a_validated_data_file(skills_copy):
    from rolematch.roles import load_career_path

    assert [step.kind for step in load_career_path()] == ["degree", "languages", "experience", "degree",
                                                          "certification"]
    path = skills_copy / "career_path.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('level = "master"', 'level = "masters"').replace('"cpp", "java"', '"cpp", "jav"')
                    .replace('kind = "certification"', 'kind = "certificate"'), encoding="utf-8")
    with pytest.raises(DataFileErrors) as caught:
        load_career_path(skills_copy)
    message = str(caught.value)
    assert "career_path.toml: step[3].level: is 'masters'. Fix: use one of" in message
    assert "career_path.toml: step[1].skills[1].skill='jav': unknown skill id. Fix: did you mean 'java'?" in message
    assert "career_path.toml: step[4].kind: is 'certificate'. Fix: use one of" in message


def test_an_edited_career_path_changes_the_checklist(skills_copy, monkeypatch):
    from rolematch import api
    from rolematch.roles import load_career_path

    path = skills_copy / "career_path.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('skills = ["cpp", "java", "python", "r"]',
                                                             'skills = ["python", "sql"]')
                    .replace("Strong programming in C++, Java, Python and R", "Python and SQL"), encoding="utf-8")
    options = api.Options(skills_dir=str(skills_copy))
    result = api.score(api.Source.from_text("Skills: Python\n"), options)
    step = next(s for s in result.career_path if s.step == "Python and SQL")
    assert (step.status, step.note) == ("partly", "Found Python; still to learn: SQL.")
    assert [e.text for e in step.evidence] == ["Python"]
    assert len(load_career_path(skills_copy)) == 5


_GOOD_LINK = "{title: Qiskit docs, url: 'https://docs.quantum.ibm.com/', free: true}"


@pytest.mark.parametrize(("fields", "message"), [
    ("duration: 2 weeks", "skills[0] id='quantum-ml': duration='2 weeks' is not known. Fix: use one of "
                          "'this week', '30 days', '90 days'"),
    ("duration: a year or more", "duration='a year or more' is not known"),  # only degrees take that long
    ("learn: {title: x, url: 'https://a.org/', free: true}", "skills[0] id='quantum-ml' learn: is not a list"),
    ("learn: ['https://a.org/']", "learn[0]: is not a mapping"),
    ("learn: [{title: Qiskit, url: 'http://qiskit.org/', free: true}]",
     "learn[0].url='http://qiskit.org/': is not https. Fix: use the page's https:// address"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/?utm_source=x&lang=en', free: true}]",
     "carries tracking parameter(s) ['utm_source']. Fix: remove them"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/?fbclid=abc', free: true}]", "tracking parameter(s) ['fbclid']"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/?gclid=abc', free: true}]", "tracking parameter(s) ['gclid']"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/?ref=newsletter', free: true}]", "tracking parameter(s) ['ref']"),
    ("learn: [{title: Qiskit, url: 'https:///docs', free: true}]", "learn[0].url='https:///docs': names no host"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/a b', free: true}]", "has spaces"),
    ("learn: [{title: Qiskit, free: true}]", "learn[0].url=None: missing or empty"),
    (f"learn: [{_GOOD_LINK}, {{title: Again, url: 'https://DOCS.quantum.ibm.com', free: true}}]",
     "learn[1].url='https://DOCS.quantum.ibm.com': repeats learn[0]. Fix: keep one link per page"),
    ("learn: [{title: ' ', url: 'https://qiskit.org/', free: true}]", "learn[0].title: missing or empty"),
    ("learn: [{url: 'https://qiskit.org/', free: true}]", "learn[0].title: missing or empty"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/', free: 'yes'}]",
     "learn[0].free: is 'yes', not true or false. Fix: write `free: true`"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/'}]", "learn[0].free: is None, not true or false"),
    ("learn: [{title: Qiskit, url: 'https://qiskit.org/', free: true, price: 0}]",
     "learn[0]: unknown key(s) ['price']. Fix: use only ['free', 'title', 'url']"),
    ("learn_links: []", "unknown key(s) ['learn_links']"),
])
def test_bad_durations_and_learn_links_are_refused_with_the_fix(skills_copy, fields, message):
    path = skills_copy / "taxonomy" / "zz_broken.yml"
    path.write_text("category: ml\nskills:\n  - id: quantum-ml\n    name: Quantum ML\n"
                    "    next_step: Run a variational classifier on a simulator.\n"
                    f"    {fields}\n", encoding="utf-8")
    with pytest.raises(DataFileErrors) as caught:
        load_taxonomy(skills_copy)
    assert f"{path}: " in str(caught.value)
    assert message in str(caught.value)
    assert "id='quantum-ml'" in str(caught.value)


def test_a_good_duration_and_learn_list_load(skills_copy):
    path = skills_copy / "taxonomy" / "zz_quantum.yml"
    path.write_text("category: ml\nskills:\n  - id: quantum-ml\n    name: Quantum ML\n"
                    "    next_step: Run a variational classifier on a simulator.\n"
                    f"    duration: 90 days\n    learn: [{_GOOD_LINK}, {{title: Paid, url: 'https://b.org/c?lang=en', free: false}}]\n",
                    encoding="utf-8")
    skill = load_taxonomy(skills_copy)["quantum-ml"]
    assert skill.duration == "90 days"
    assert [link.to_dict() for link in skill.learn] == [
        {"title": "Qiskit docs", "url": "https://docs.quantum.ibm.com/", "free": True},
        {"title": "Paid", "url": "https://b.org/c?lang=en", "free": False}]
    from rolematch.taxonomy import _load_taxonomy

    _load_taxonomy.cache_clear()  # the next load reads the JSON cache the first one wrote
    assert load_taxonomy(skills_copy)["quantum-ml"] == skill


def test_config_durations_are_validated(skills_copy):
    from rolematch.resources import load_settings

    assert load_settings().durations["degree"] == "a year or more"
    path = skills_copy / "config.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('bridging = "90 days"', 'bridging = "3 months"'),
                    encoding="utf-8")
    with pytest.raises(Exception, match=r"config.toml: durations.bridging: is '3 months'. Fix: use one of "
                                        r"'this week', '30 days', '90 days', 'a year or more'"):
        load_settings(skills_copy)


def test_every_skill_and_language_the_roles_name_has_a_duration_and_a_link():
    taxonomy = load_taxonomy()
    named = {r.skill for role in load_roles().values() for r in (*role.skills, *role.languages)}
    assert len(named) >= 90
    lacking = sorted(s for s in named if taxonomy[s].duration is None
                     or not any(link.url.startswith("https://") for link in taxonomy[s].learn))
    assert lacking == [], "add `duration` and `learn` to these skills in skills/taxonomy/"


def test_json_gaps_carry_duration_and_learn_links(tmp_path):
    from click.testing import CliRunner
    from rolematch.cli import cli

    resume = tmp_path / "resume.txt"
    resume.write_text("Priya\nSkills: Python, Excel\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(resume), "--format", "json", "--role", "data-scientist"])
    assert result.exit_code == 0, result.stderr
    missing = {m["id"]: m for m in json.loads(result.stdout)["roles"][0]["missing"]}
    pandas = missing["pandas"]
    assert (pandas["action"], pandas["duration"]) == ("learn", "30 days")
    assert {"title": "pandas: Getting started", "url": "https://pandas.pydata.org/docs/getting_started/index.html",
            "free": True} in pandas["learn"]
    check = next(m for m in missing.values() if m["action"] == "check-resume")
    assert (check["kind"], check["duration"], check["learn"]) == ("degree", "this week", [])
    assert all(set(m) >= {"duration", "learn"} for m in missing.values())


def test_certification_links_come_from_the_config_and_are_validated(skills_copy):
    from rolematch import api
    from rolematch.resources import load_settings

    resume = ("Priya\nData Analyst, Acme, Jan 2020 - Jan 2024\nB.Sc. in Statistics, 2019\nCertifications\n"
              "AWS Certified Cloud Practitioner, 2022\nSkills: Python, Excel\n")
    result = api.score(api.Source.from_text(resume), api.Options(role_ids=("data-scientist",)))
    gap = next(m for m in result.roles[0].missing if m.kind == "certification")
    assert (gap.action, gap.duration) == ("learn", "90 days")
    assert [link.url for link in gap.learn][:1] == [
        "https://learn.microsoft.com/en-us/credentials/certifications/azure-data-scientist/"]  # data-science first
    path = skills_copy / "config.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"https://cloud.google.com/learn/certification/data-engineer"',
        '"http://cloud.google.com/learn/certification/data-engineer?utm_source=mail"'), encoding="utf-8")
    with pytest.raises(DataFileErrors, match=r"config.toml: certification_learn.data-engineering\[0\].url="
                                             r"'http://cloud.google.com/.*': is not https"):
        load_settings(skills_copy)
