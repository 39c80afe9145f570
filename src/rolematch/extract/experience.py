"""The experience component, `rolematch_experience`: years of experience, from explicit statements ("5+ years of
experience") and from the date ranges of work history ("Jan 2019 - Present"), as ExperienceMentions on
doc._.experience_mentions. pipeline.py merges the ranges and dates "present".

It runs after the degrees component: a range on a degree's line ("B.Tech 2012-2016") is study, not work.
Settings: [experience] max_years of skills/config.toml.
"""

from __future__ import annotations

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


def _date(tag: str) -> str:
    return (rf"(?:(?P<{tag}m>{_MONTH})\.?,?\s?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s)?(?P<{tag}y>{_YEAR})"
            rf"|(?P<{tag}n>0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<{tag}ny>(?:19|20)\d\d)"
            rf"|(?P<{tag}o>(?:19|20)\d\d))")


_PRESENT = r"present|current(?:ly)?|now|till\s+date|till\s+now|to\s+date|date|today|ongoing|continuing|running"
_RANGE = re.compile(rf"(?<![\w/.]){_date('a')}\s?(?:-|–|—|to|till|until|through|~)\s?(?:{_date('b')}|(?P<now>{_PRESENT}))(?![\w/])",
                    re.IGNORECASE)
_STATEMENT = re.compile(
    r"(?<![\w.])(?P<years>\d{1,2}(?:\.\d{1,2})?)\s?\+?\s?(?:years?|yrs?)\.?(?:\s?(?:and\s)?(?P<months>\d{1,2})\s?"
    r"(?:months?|mos?|mnths?)\.?)?(?!\w)", re.IGNORECASE)
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
    kind: Literal["statement", "range"]
    start: int
    end: int
    months: int | None  # for a statement; for a range, computed from the months below
    begin: int | None = None  # months since year 0
    until: int | None = None  # None: "present"


def _month_index(m: re.Match[str], tag: str) -> int | None:
    if m.group(tag + "m"):
        year = m.group(tag + "y")
        year = int(year) if year[0].isdigit() else 2000 + int(year[1:])
        return year * 12 + _MONTHS[m.group(tag + "m").casefold()]
    if m.group(tag + "n"):
        return int(m.group(tag + "ny")) * 12 + int(m.group(tag + "n")) - 1
    if m.group(tag + "o"):
        return int(m.group(tag + "o")) * 12
    return None


class ExperienceFinder:
    """Years of experience: explicit statements and date ranges of work history."""

    def __init__(self, max_years: int) -> None:
        self.max_months = max_years * 12

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        mentions = self._statements(layout) + self._ranges(layout, doc._.degree_mentions)
        mentions.sort(key=lambda x: x.start)
        doc._.experience_mentions = mentions
        return doc

    def _statements(self, layout: Layout) -> list[ExperienceMention]:
        """ "5+ years of experience", "3 yrs 6 months exp": a number of years near the word experience."""
        text = layout.text
        mentions = []
        for m in _STATEMENT.finditer(text):
            line = layout.line_of(m.start())
            if line in layout.personal_lines or layout.in_personal(m.start(), m.end()):
                continue  # "Aged 27 years": the candidate's age, not a career
            around = text[max(layout.line_starts[line], m.start() - 40):min(m.end() + 40, layout.line_end(line))]
            if not _EXPERIENCE_WORD.search(around) or _NOT_CAREER.match(text, m.end()):
                continue
            months = round(float(m.group("years")) * 12) + int(m.group("months") or 0)
            if 0 < months <= self.max_months:
                mentions.append(ExperienceMention("statement", m.start(), m.end(), months))
        return mentions

    def _ranges(self, layout: Layout, degree_mentions: list[DegreeMention]) -> list[ExperienceMention]:
        """ "Jan 2019 - Present", "06/2015 to 03/2018": date ranges in work history, not beside a degree."""
        has_experience_section = "experience" in layout.line_sections
        degree_lines = {layout.line_of(d.start) for d in degree_mentions}  # "B.Tech 2012-2016" is study
        mentions = []
        for m in _RANGE.finditer(layout.text):
            section = layout.section_at(m.start())
            if section != "experience" and (has_experience_section or section in _NOT_WORK_SECTIONS):
                continue
            if layout.line_of(m.start()) in degree_lines or layout.in_personal(m.start(), m.end()):
                continue
            begin = _month_index(m, "a")
            until = None if m.group("now") else _month_index(m, "b")
            if begin is None or until is not None and not 0 <= until - begin <= self.max_months:
                continue
            mentions.append(ExperienceMention("range", m.start(), m.end(), None, begin, until))
        return mentions


@Language.factory("rolematch_experience", default_config={"skills_dir": "", "max_years": None})
def make_experience(nlp: Language, name: str, skills_dir: str, max_years: int | None) -> ExperienceFinder:
    """skills_dir: the data folder to read. max_years left at None is its config.toml value; set, it overrides
    that value for this component only (pipeline.py still caps the total at config.toml's)."""
    return ExperienceFinder(load_experience_settings(skills_dir).max_years if max_years is None else max_years)
