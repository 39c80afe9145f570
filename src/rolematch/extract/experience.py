"""The experience component, `rolematch_experience`: years of experience, from explicit statements ("5+ years of
experience") and from the date ranges of work history ("Jan 2019 - Present"), as ExperienceMentions on
doc._.experience_mentions. pipeline.py merges the ranges and dates "present".

It runs after the degrees component: a range on a degree's line ("B.Tech 2012-2016") is study, not work.
Settings: [experience] max_years of skills/config.toml.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import data_folder, load_settings
from .degrees import DegreeMention
from .layout import Layout

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december"))) for m in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d|['’]\d\d"
# after a month name a bare two-digit year is a year too ("Jan 20 - Mar 22", "Jun-19"); never on its own
_MONTH_YEAR = rf"{_YEAR}|\d\d(?![\d:.])"


def _date(tag: str) -> str:
    return (rf"(?:(?P<{tag}m>{_MONTH})\.?(?:,|-|\s)?\s?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s)?(?P<{tag}y>{_MONTH_YEAR})"
            rf"|(?P<{tag}n>0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<{tag}ny>(?:19|20)\d\d)"
            rf"|(?P<{tag}o>(?:19|20)\d\d))")


_PRESENT = r"present|current(?:ly)?|now|till\s+date|till\s+now|to\s+date|date|today|ongoing|continuing|running"
# every dash people (and PDF writers) put between two dates: hyphen, en and em dash, the Unicode hyphens, minus sign,
# fullwidth and small hyphen-minus, and "ï¼", what a fullwidth dash read as Latin-1 leaves once its control byte is gone
_DASH = "-|–|—|‐|‑|‒|―|−|－|﹣|ï¼"
_RANGE = re.compile(rf"(?<![\w/.]){_date('a')}\s?(?:{_DASH}|to|till|until|through|~)\s?(?:{_date('b')}|(?P<now>{_PRESENT}))(?![\w/])",
                    re.IGNORECASE)
DATE_RANGE = _RANGE  # what the titles component reads a job's dates with

# "since June 2018", "2019 onwards": a range that runs to the present, written with one date
_SINCE = re.compile(rf"(?<![\w/.])since\s{_date('a')}(?![\w/]|\s?(?:{_DASH}|to\b|till\b))", re.IGNORECASE)
_ONWARDS = re.compile(rf"(?<![\w/.]){_date('a')}\s?(?:onwards?|till\s+now)(?!\w)", re.IGNORECASE)
_STATEMENT = re.compile(
    r"(?<![\w.])(?:(?P<years>\d{1,2}(?:\.\d{1,2})?)\s?\+?\s?(?:years?|yrs?)\.?(?:\s?(?:and\s|&\s|,\s?)?"
    r"(?P<months>\d{1,2})\s?(?:months?|mos?|mnths?)\.?)?|(?P<only>\d{1,3})\s?\+?\s?(?:months?|mnths?)\.?)(?!\w)",
    re.IGNORECASE)
# "Total experience: 3.5 years", "Overall 6 yrs": the career in one figure, which the ranges do not overrule
_TOTAL_WORD = re.compile(r"\b(?:total|overall|cumulative|aggregate)\b", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"['’]?\s?(?:overall|in\s+total|total)\b", re.IGNORECASE)
# what stands between a skill and its time: "Python - Experience - 24 months", "Java (3 years)", "SQL: 4 years"
_SKILL_GAP = re.compile(r"[\s\-–:|(\[,]*(?:(?:experience|exp|for|of|over|about|around|approx|~)\.?[\s\-–:|(\[,]*)*",
                        re.IGNORECASE)
# "over 6 years in retail": a career in the summary even without the word experience
_ABOUT_WORD = re.compile(r"(?:over|more\s+than|nearly|almost|around|about|close\s+to)\s+$", re.IGNORECASE)
_EXPERIENCE_WORD = re.compile(r"experience|\bexp\b", re.IGNORECASE)
# "27 years old", "4 years B.Tech program": a number of years that is not a career
_NOT_CAREER = re.compile(r"\s*(?:old|of age|age|program|programme|course|degree|integrated|b\.?\s?tech|b\.?e\b|"
                         r"bachelor|engineering|graduation)", re.IGNORECASE)
# where a date range is not work history, unless the resume has no experience section at all
_NOT_WORK_SECTIONS = ("education", "projects", "personal", "certifications", "skills")


@dataclass(frozen=True, slots=True)
class ExperienceSettings:
    """What the experience component reads from skills/config.toml: its date patterns are its own, above."""

    max_years: int  # a longer statement or range is a typo or a birth year


def load_experience_settings(skills_dir: Path | str) -> ExperienceSettings:
    return _load_experience_settings(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_experience_settings(skills_dir: Path) -> ExperienceSettings:
    return ExperienceSettings(max_years=load_settings(skills_dir).max_years)


@dataclass(frozen=True, slots=True)
class ExperienceMention:
    kind: Literal["statement", "total", "skill", "duration", "range"]
    start: int
    end: int
    months: int | None  # for a statement; for a range, computed from the months below
    begin: int | None = None  # months since year 0
    until: int | None = None  # None: "present"


def _full_year(year: str) -> int:
    """ "2019", "'19", "19": a two-digit year is of this century below 50, of the last from 50 ("Jun 98")."""
    digits = year.lstrip("'’")
    if len(digits) == 4:
        return int(digits)
    return (2000 if int(digits) < 50 else 1900) + int(digits)


def _month_index(m: re.Match[str], tag: str) -> int | None:
    if m.group(tag + "m"):
        year = _full_year(m.group(tag + "y"))
        return year * 12 + _MONTHS[m.group(tag + "m").casefold()]
    if m.group(tag + "n"):
        return int(m.group(tag + "ny")) * 12 + int(m.group(tag + "n")) - 1
    if m.group(tag + "o"):
        return int(m.group(tag + "o")) * 12
    return None


def _last_digit(text: str) -> int:
    """Where the text after its last digit starts: a total word before an earlier figure is that figure's."""
    return max((i + 1 for i in range(len(text) - 1, -1, -1) if text[i].isdigit()), default=0)


def _skill_just_before(text: str, skill_ends: list[int], start: int, end: int) -> bool:
    """Whether a skill ends in text[start:end] with only a separator between it and `end`: "Python - Experience -
    24 months", "Java (3 years", "SQL: 4". "Networking Professional with 11 years" names no skill's time."""
    i = bisect.bisect_right(skill_ends, end) - 1
    return i >= 0 and skill_ends[i] >= start and bool(_SKILL_GAP.fullmatch(text, skill_ends[i], end))


class ExperienceFinder:
    """Years of experience: explicit statements and date ranges of work history."""

    def __init__(self, max_years: int) -> None:
        self.max_months = max_years * 12

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        work_lines = {line for t in doc._.title_mentions
                      if layout.line_sections[line := layout.line_of(t.start)] == "education"}
        mentions = self._statements(layout, doc) + self._ranges(layout, doc._.degree_mentions, work_lines)
        mentions.sort(key=lambda x: x.start)
        doc._.experience_mentions = mentions
        return doc

    def _statements(self, layout: Layout, doc: Doc) -> list[ExperienceMention]:
        """ "5+ years of experience", "3 yrs 6 months exp", "Total experience: 18 months": a number of years or
        months near the word experience; a total said as one ("Total experience: 3.5 years") is kind "total".
        "Python - 2 years", "Java (3 years)": the time with a skill ("skill"), never added up as a career.
        "Infosys | Software Engineer | 2 years": the length of one job, on a line naming a title ("duration")."""
        text = layout.text
        skill_ends = sorted(m.end for m in doc._.skill_mentions)
        title_lines = {layout.line_of(t.start) for t in doc._.title_mentions}
        mentions = []
        for m in _STATEMENT.finditer(text):
            line = layout.line_of(m.start())
            if line in layout.personal_lines or layout.in_personal(m.start(), m.end()):
                continue  # "Aged 27 years": the candidate's age, not a career
            if _NOT_CAREER.match(text, m.end()):
                continue
            if m.group("only"):
                months = int(m.group("only"))
            else:
                months = round(float(m.group("years")) * 12) + int(m.group("months") or 0)
            if not 0 < months <= self.max_months:
                continue
            line_start, line_end = layout.line_starts[line], layout.line_end(line)
            before = text[max(line_start, m.start() - 40):m.start()]
            around = before + text[m.start():min(m.end() + 40, line_end)]
            clause_start = max(line_start, *(text.rfind(c, line_start, m.start()) + 1 for c in ",;|•"))
            section = layout.line_sections[line]
            if (_TOTAL_WORD.search(before, _last_digit(before)) or _TOTAL_AFTER.match(text, m.end())) \
                    and _EXPERIENCE_WORD.search(around):
                kind = "total"  # "Total experience: 3.5 years"; a bare "TOTAL: 1 year" may be a course's
            elif section == "skills" or line not in title_lines and _skill_just_before(
                    text, skill_ends, clause_start, m.start()):
                kind = "skill"  # "Python - Experience - 24 months", "Java (3 years)"
            elif _EXPERIENCE_WORD.search(around) \
                    or _ABOUT_WORD.search(before) and section in ("summary", "header", "experience"):
                kind = "statement"
            elif line in title_lines and section not in _NOT_WORK_SECTIONS:
                kind = "duration"  # a row of a table of jobs: company, designation, duration
            else:
                continue
            mentions.append(ExperienceMention(kind, m.start(), m.end(), months))
        return mentions

    def _ranges(self, layout: Layout, degree_mentions: list[DegreeMention], work_lines: set[int]
                ) -> list[ExperienceMention]:
        """ "Jan 2019 - Present", "06/2015 to 03/2018": date ranges in work history, not beside a degree."""
        has_experience_section = "experience" in layout.line_sections
        degree_lines = {layout.line_of(d.start) for d in degree_mentions}  # "B.Tech 2012-2016" is study
        mentions = []
        ranges = list(_RANGE.finditer(layout.text))
        covered = [(m.start(), m.end()) for m in ranges]
        ranges += [m for regex in (_SINCE, _ONWARDS) for m in regex.finditer(layout.text)
                   if not any(s < m.end() and m.start() < e for s, e in covered)]
        for m in ranges:
            section = layout.section_at(m.start())
            line = layout.line_of(m.start())
            if section != "experience" and (has_experience_section or section in _NOT_WORK_SECTIONS) \
                    and not (section == "education" and work_lines & {line, line - 1, line - 2}):
                continue  # study, projects ...; but a job listed under an education heading is work
            if layout.line_of(m.start()) in degree_lines or layout.in_personal(m.start(), m.end()):
                continue
            begin = _month_index(m, "a")
            until = None if m.re is not _RANGE or m.group("now") else _month_index(m, "b")
            if begin is None or until is not None and not 0 <= until - begin <= self.max_months:
                continue
            mentions.append(ExperienceMention("range", m.start(), m.end(), None, begin, until))
        return mentions


@Language.factory("rolematch_experience", default_config={"skills_dir": "", "max_years": None})
def make_experience(nlp: Language, name: str, skills_dir: str, max_years: int | None) -> ExperienceFinder:
    """skills_dir: the data folder to read. max_years left at None is its config.toml value; set, it overrides
    that value for this component only (pipeline.py still caps the total at config.toml's)."""
    return ExperienceFinder(load_experience_settings(skills_dir).max_years if max_years is None else max_years)
