"""HTML and Markdown gap reports: golden files, escaping, redaction, template overrides, the CLI."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from rolematch import api
from rolematch.cli import cli
from rolematch.report import render_report

from conftest import AS_OF, GOLDEN, SAMPLES

SAMPLE = SAMPLES / "data_scientist.txt"
HOSTILE = ('<script>alert(1)</script> Rahul\nSkills: Python <script>alert(1)</script>, SQL "><img src=x onerror=alert(1)>\n'
           "Tableau {{ 7*7 }} {% raw %} and [a link](javascript:alert(1)) in *Excel*\n")


def report(text_or_path, fmt="html", **kwargs) -> str:
    result = (api.score_file(text_or_path, as_of=AS_OF) if not isinstance(text_or_path, str)
              else api.score_text(text_or_path, "hostile.txt", as_of=AS_OF))
    roles = {r.id: r for r in api.roles_for()}
    return render_report(result, roles, fmt, data_version=api.data_version(), report_date=AS_OF, **kwargs)


@pytest.mark.parametrize(("fmt", "name"), [("html", "data_scientist.report.html"), ("markdown", "data_scientist.report.md")])
def test_golden_reports(update_golden, fmt, name):
    actual = report(SAMPLE, fmt)
    path = GOLDEN / name
    if update_golden:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed: run pytest --update-golden if intended"


def test_report_is_deterministic_and_self_contained():
    html = report(SAMPLE)
    assert html == report(SAMPLE)
    assert not re.search(r"""src=["']?(https?:)?//""", html)  # no external resources
    # the only addresses are links to learn a skill, from the taxonomy, never fetched
    assert all(link.startswith("https://") for link in re.findall(r'<a href="([^"#/][^"]*)"', html))
    assert "<script" not in html and "@import" not in html and "url(" not in html


def test_report_has_every_part():
    html = report(SAMPLE)
    for section in ("at-a-glance", "biggest-wins", "career-path", "how-scored"):
        assert f'id="{section}"' in html
    assert html.count('<section class="role"') == 7
    assert html.count("<details open>") == 3  # the top three open, the rest collapsed
    assert html.count('class="chart chart-wide" role="img"') == 8  # the overview chart and one per role
    assert html.count('class="chart chart-narrow" role="img"') == 8  # each also drawn for a phone
    assert "Priya Raghavan" in html and "<mark>" in html
    assert "Salary note" in html


def test_hostile_resume_text_is_inert():
    html, md = report(HOSTILE, "html"), report(HOSTILE, "markdown")
    assert "<script>" not in html and "<img" not in html
    assert not re.search(r"(?<!\\)<", md)  # every "<" of resume text escaped in Markdown
    assert "{{ 7*7 }}" in html and r"{{ 7\*7 }}" in md  # shown as typed, never evaluated
    assert "&lt;script&gt;" in html and "&lt;img" in html and "{{ 7*7 }}" in html


def test_markdown_escapes_resume_text():
    md = report(HOSTILE, "markdown")
    assert r"\<script\>" in md and r"\[a link\]" in md


def test_redact_hides_personal_details_everywhere():
    text = ("Priya Raghavan\n12, 4th Cross Road, Jayanagar, Bengaluru 560011\npriya.r@example.com | +91 98450 12345\n"
            "SKILLS\nPython, SQL (contact priya.r@example.com)\nPERSONAL DETAILS\nDate of Birth: 14/02/1997\n"
            "Gender: Female\nReligion: Hindu\nMarital Status: Single\n")
    for fmt in ("html", "markdown"):
        out = report(text, fmt, redact=True)
        for secret in ("Priya", "Raghavan", "priya.r@example.com", "98450", "Jayanagar", "560011", "14/02/1997",
                       "Female", "Hindu", "Single"):
            assert secret not in out, (fmt, secret)
        assert "hidden" in out
    assert "Priya Raghavan" in report(text, "html")


def test_template_dir_overrides_a_template(tmp_path):
    (tmp_path / "base.html").write_text(
        "<!doctype html><html lang=en><title>{% block title %}{% endblock %}</title>"
        "<body><p>Placement Cell, Example College</p>{% block body %}{% endblock %}</body></html>", encoding="utf-8")
    html = report(SAMPLE, template_dir=tmp_path)
    assert "Placement Cell, Example College" in html and 'id="at-a-glance"' in html


def test_cli_writes_reports(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["score", str(SAMPLE), "--format", "html", "-o", str(out), "--as-of", "2026-11-01"])
    assert result.exit_code == 0 and result.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8") == report(SAMPLE)
    md = CliRunner().invoke(cli, ["score", str(SAMPLE), "--format", "markdown", "--role", "nlp-scientist",
                                  "--as-of", "2026-11-01"])
    assert md.stdout.startswith("# Role fit and gap report") and "Biggest wins for NLP Scientist" in md.stdout


def test_cli_several_reports_need_a_folder(tmp_path):
    other = tmp_path / "hr.txt"
    other.write_text((SAMPLES / "hr_executive.txt").read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["score", str(SAMPLE), str(other), "--format", "html"]).exit_code == 2
    folder = tmp_path / "reports"
    result = runner.invoke(cli, ["score", str(SAMPLE), str(other), "--format", "html", "-o", str(folder)])
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["data_scientist.html", "hr.html"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_have_contrast_of_at_least_4_5():
    from rolematch.resources import TEMPLATES_DIR

    css = (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    resolve = lambda value: variables.get(value[6:-1], value) if value.startswith("var(") else value  # noqa: E731
    text_colours = {resolve(c) for c in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|var\(--[\w-]+\))", css)}
    assert text_colours >= {variables["ink"]}
    for colour in text_colours - {"#ffffff", "#fff"}:
        assert _contrast(colour, "#ffffff") >= 4.5, colour  # on the white page
    for foreground, background in ((variables["ink"], variables["mark"]), ("#ffffff", variables["accent"]),
                                   ("#ffffff", variables["ink"])):  # highlights, buttons, redaction marks
        assert _contrast(foreground, background) >= 4.5, (foreground, background)


HR = SAMPLES / "hr_executive.txt"


def test_the_handout_comes_first():
    html = report(SAMPLE)
    main = html.split("<main>", 1)[1]
    assert main.lstrip().startswith('<section id="summary"')
    summary = main.split("</section>", 1)[0]
    assert "Priya Raghavan" in summary and "Data Scientist</strong>: a strong fit" in summary
    assert summary.count("<li>") == summary.count('class="gain"') + 3  # three strengths, then the plan's steps
    plan = summary.split('<ol class="plan">', 1)[1]
    assert 3 <= plan.count("<li>") <= 5
    assert "<mark>" in summary.split('<ul class="strengths">', 1)[1].split("</ul>")[0]  # evidence for each strength


def test_resume_checks_lead_the_action_plan():
    text = "Asha Verma\nSkills: Python, SQL, pandas, Tableau, machine learning\n"
    summary = report(text).split('<section id="summary"', 1)[1].split("</section>", 1)[0]
    steps = re.findall(r'<li><strong>(.*?)</strong> <span class="tag">(.*?)</span>', summary.split('class="plan"')[1])
    kinds = [kind for _, kind in steps]
    assert kinds and kinds[0] == "resume check" and kinds == sorted(kinds, key=lambda k: k != "resume check")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_summary_alone_is_the_handout(fmt):
    full, alone = report(SAMPLE, fmt), report(SAMPLE, fmt, summary_only=True)
    assert len(alone) < len(full) / 3
    assert "Role by role" not in alone and "Your action plan for Data Scientist" in alone
    assert ("Already strong" in alone) and (fmt == "markdown" or '<section id="summary"' in alone)


def test_summary_hides_the_name_when_redacted():
    alone = report(SAMPLE, summary_only=True, redact=True)
    assert "Priya" not in alone and "Raghavan" not in alone


def test_roles_below_partial_are_one_line_and_each_resume_line_is_quoted_once():
    html = report(HR)
    brief = re.findall(r'<p class="role-brief" id="role-([a-z-]+)">', html)
    assert brief, "the HR sample fits no role past partial"
    assert html.count('<section class="role"') + len(brief) == 7
    full = report(SAMPLE)
    quoted = re.findall(r'<td class="num">(\d+)</td><td class="snippet">(?!<span class="quoted">)', full)
    assert len(quoted) == len(set(quoted)), "a resume line quoted twice"
    assert "quoted above" in full and "see the JSON output" not in full


def test_summary_flag_needs_a_report_format():
    result = CliRunner().invoke(cli, ["score", str(SAMPLE), "--summary"])
    assert result.exit_code == 2 and "--format html" in result.output
    result = CliRunner().invoke(cli, ["score", str(SAMPLE), "--summary", "--format", "markdown", "--as-of", "2026-11-01"])
    assert result.exit_code == 0 and "## Priya Raghavan: your summary" in result.stdout


def test_every_plan_step_has_a_time_frame_and_learning_steps_a_link():
    text = "Asha Verma\nB.Tech in Computer Science, 2022\nData Analyst, Acme, Jan 2023 - Present\nSkills: Excel, SQL\n"
    summary = report(text).split('<section id="summary"', 1)[1].split("</section>", 1)[0]
    steps = summary.split('<ol class="plan">', 1)[1].split("</ol>")[0].split("<li>")[1:]
    assert steps
    for step in steps:
        when = re.search(r'<span class="when">(.*?)</span>', step).group(1)
        assert when in ("this week", "30 days", "90 days", "a year or more")
        if 'class="tag">skill<' in step or 'class="tag">language<' in step:
            assert re.search(r'<a href="https://[^"]+" rel="noopener noreferrer">', step), step
        if "resume fix" in step or "resume check" in step:
            assert when == "this week"
