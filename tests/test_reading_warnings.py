"""Every document carries how it read: format, pages, length and reading warnings with machine-readable codes,
computed in the library (read and extract stages) by the thresholds of skills/config.toml [reading]."""

from __future__ import annotations

import json
from pathlib import Path

import docgen
import pytest
from rolematch import api

SAMPLE = (Path(__file__).resolve().parents[1] / "samples" / "data_scientist.txt").read_text(encoding="utf-8")
PLAIN = ("Priya Raghavan\nEXPERIENCE\nData Analyst, Infosys, Jan 2019 - Dec 2022\nBuilt dashboards in Python and "
         "SQL\nEDUCATION\nM.Sc. Statistics, 2018\n")
GLUED = ("Priya Raghavan\nEXPERIENCE\nData Analyst, Jan 2019 - Dec 2022\nResponsiblefordataanalysis and "
         "reportingusingpowerbi, builtdashboardsfor salesteams, maintainedpipelinesin python, "
         "automatedreportingworkflows, presentedinsightstoleadership\nEDUCATION\nM.Sc. Statistics\n")


def codes(source: api.Source) -> list[str]:
    return [w.code for w in api.extract(source).document.warnings]


@pytest.mark.parametrize(("source", "expected"), [
    (lambda: api.Source.from_text(SAMPLE, "sample.txt"), []),
    (lambda: api.Source.from_text(PLAIN, "plain.txt"), []),
    (lambda: api.Source.from_text(PLAIN.replace("Python and", "Python Â· "), "m.txt"), ["mojibake-repaired"]),
    (lambda: api.Source.from_text(GLUED, "glued.txt"), ["glued-words"]),
    (lambda: api.Source.from_text("Priya Raghavan\nEXPERIENCE\nData Analyst at Infosys\nPython, SQL\n", "n.txt"),
     ["no-dates"]),
    (lambda: api.Source.from_text("Priya Raghavan\nData Analyst at Infosys, Jan 2019 - Dec 2022\nPython, SQL\n", "s.txt"),
     ["no-sections"]),
    (lambda: api.Source.from_bytes("two.pdf", docgen.resume_pdf(SAMPLE, columns=2)), ["columns-detected"]),
    (lambda: api.Source.from_bytes("one.pdf", docgen.resume_pdf(SAMPLE)), []),
    (lambda: api.Source.from_bytes("few.pdf", docgen.glyph_pdf([[(40, 40, "Priya Raghavan, Data Analyst, "
                                                                          "Bengaluru, Python, SQL")]])),
     ["few-words", "no-dates", "no-sections"]),
])
def test_warning_codes(source, expected):
    assert codes(source()) == expected


def test_the_document_object_is_in_the_json_of_extract_and_score():
    source = api.Source.from_bytes("two.pdf", docgen.resume_pdf(SAMPLE, columns=2))
    extracted = json.loads(api.render(api.extract(source)))  # the extract object, as the CLI prints it
    scored = json.loads(api.render(api.score(source)))
    for document in (extracted["document"], scored["document"]):
        assert document["format"] == "pdf" and document["pages"] >= 1 and document["chars"] > 1000
        assert [w["code"] for w in document["warnings"]] == ["columns-detected"]
        assert all(w["message"] and "\n" not in w["message"] for w in document["warnings"])
    assert "document" not in scored["profile"]  # said once


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_reports_show_the_warnings_in_one_line(fmt):
    result = api.score(api.Source.from_text(GLUED, "glued.txt"))
    report = api.render(result, api.Options(format=fmt))
    report = report.decode() if isinstance(report, bytes) else report
    line = [x for x in report.splitlines() if "text was hard to read" in x]
    assert len(line) == 1 and "Check the skills list against the resume" in line[0]


def test_a_clean_resume_shows_no_reading_note():
    report = api.render(api.score(api.Source.from_text(PLAIN, "plain.txt")), api.Options(format="html"))
    assert "hard to read" not in (report.decode() if isinstance(report, bytes) else report)


@pytest.mark.parametrize(("line", "says"), [
    ("glued_share = 0.65", "glued_share = 1.5"),
    ("long_run = 12", "long_run = 2"),
    ("few_words_per_page = 60", 'few_words_per_page = "many"'),
])
def test_the_reading_thresholds_are_validated(tmp_path, line, says):
    import shutil

    from rolematch.errors import RolematchError
    from rolematch.resources import load_settings

    skills = tmp_path / "skills"
    shutil.copytree(Path(__file__).resolve().parents[1] / "skills", skills)
    config = skills / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(line, says), encoding="utf-8")
    with pytest.raises(RolematchError, match=rf"config.toml: reading\.{says.split()[0]}: .*Fix: "):
        load_settings(skills)
