"""Broken data files are reported with the file, the entry and the fix."""

from __future__ import annotations

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
