"""The degrees component, `rolematch_degrees`: degrees with a level and a field of study ("B.Tech in Computer
Science" is a bachelor in computer science), as DegreeMentions on doc._.degree_mentions. It reads the forms real
resumes use, spelled every way ("B. Tech", "BTech", "H.S.C"); a short form that is also a word or a product ("BE",
"MS") counts only in context.

Patterns: skills/patterns/degrees.yml.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import data_folder
from ..taxonomy import normalise_key
from .layout import Layout
from .patterns import Form, load_patterns
from .shared import alternation, flexible_regex

_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?!\w)")


@dataclass(frozen=True, slots=True)
class DegreePatterns:
    """What the degrees component reads from skills/patterns/degrees.yml."""

    degree_forms: tuple[Form, ...]       # value = level
    field_forms: tuple[Form, ...]        # value = field of study
    implied_fields: Mapping[str, str]    # normalised degree form -> field ("MBBS" is medicine)
    context: frozenset[str]              # words after a strict form that confirm it
    veto_next: frozenset[str]            # words after a strict form that make it something else ("MS Excel")
    veto_before: frozenset[str]          # words before a strict form that make it a name ("Smith & Associates")
    institutions: frozenset[str]         # "University": after a strict form, a degree; with a year, a degree line
    schools: frozenset[str]              # "Vidyalaya", "High": an institution that is a school
    places: frozenset[str]               # "State", "Sri": not in a field of study


def load_degree_patterns(skills_dir: Path | str) -> DegreePatterns:
    return _load_degree_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_degree_patterns(skills_dir: Path) -> DegreePatterns:
    patterns = load_patterns(skills_dir)
    return DegreePatterns(degree_forms=patterns.degree_forms, field_forms=patterns.field_forms,
                          implied_fields=patterns.implied_fields, context=patterns.degree_context,
                          veto_next=patterns.degree_veto_next,
                          veto_before=patterns.degree_veto_before, institutions=patterns.institution_words,
                          schools=patterns.school_words, places=patterns.place_words)


@dataclass(frozen=True, slots=True)
class DegreeMention:
    level: str
    field: str | None  # a field of degrees.yml, or as written when known_field is False
    start: int
    end: int
    known_field: bool = True


class FormHit(NamedTuple):
    """A degree form found in the text, before overlapping forms compete."""

    start: int  # character offsets
    end: int
    form: Form


class FieldHit(NamedTuple):
    field: str
    start: int  # character offsets
    end: int


class DegreeFinder:
    """Degrees with a level and a field of study, from the forms real resumes use (skills/patterns/degrees.yml)."""

    def __init__(self, patterns: DegreePatterns) -> None:
        self.forms = {normalise_key(f.text): f for f in patterns.degree_forms}
        self.implied_fields = patterns.implied_fields
        self.context = patterns.context
        self.veto_next = patterns.veto_next
        self.veto_before = patterns.veto_before
        self.institutions = patterns.institutions
        self.schools = patterns.schools
        self.places = patterns.places
        self.degree_regexes = self._compile(patterns.degree_forms)
        self.field_regexes = self._compile(patterns.field_forms)
        self.field_forms = {normalise_key(f.text): f for f in patterns.field_forms}

    @staticmethod
    def _compile(forms: tuple[Form, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """A case-insensitive regex of the loose forms, and a case-sensitive one of the strict forms as written or in
        capitals."""
        loose = [flexible_regex(f.text) for f in forms if not f.strict]
        strict = [flexible_regex(v) for f in forms if f.strict for v in {f.text, f.text.upper()}]
        return (re.compile(rf"(?<![\w.])(?:{alternation(loose)})\.?(?![\w])", re.IGNORECASE),
                re.compile(rf"(?<![\w.&])(?:{alternation(strict, fold=False)})\.?(?![\w&])"))

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        text = layout.text
        hits = self._form_hits(text)
        hit_starts = [h.start for h in hits]
        mentions, last_end = [], -1
        forms: list[str] = []  # each mention's form, normalised
        for i, (start, end, form) in enumerate(hits):
            if start < last_end:
                continue  # overlapped by a longer form: "PG Diploma" over "PG"
            line = layout.line_of(start)
            if line in layout.personal_lines or layout.in_personal(start, end):
                continue
            if mentions and layout.line_of(mentions[-1].start) == line \
                    and _RESTATED.fullmatch(text, mentions[-1].end, start):
                continue  # "Bsc(mpc) in Bachelor of science": the same degree said twice
            line_end = layout.line_end(line)
            following = bisect.bisect_left(hit_starts, end, i + 1)
            next_degree = hit_starts[following] if following < len(hits) else line_end
            field = self._field(text, end, min(line_end, next_degree, end + 100))
            field_before = None
            if field is None and form.value != "school":  # "Computer Science and Engineering - B.Tech, 2016"
                line_start = layout.line_starts[line]
                field_before = self._field(text, max(line_start, last_end, start - 80), start)
            if form.text.endswith((" of", " in")) and _ARTICLE.match(text, end):
                continue  # "Associate of the Month", "Master of the Revels": a title or an award, not a degree
            if form.strict and (self._vetoed_before(text, layout.line_starts[line], start)
                                or not self._in_context(text, end, line_end, layout.line_sections[line], field,
                                                     form.value != "school")
                                or self._initials(text, layout.line_starts[line], start, end, line_end)):
                continue
            written = None
            if form.value != "school" and normalise_key(form.text) not in self.implied_fields:  # "MBA in Finance"
                written = self._written_field(text, form, end, min(line_end, next_degree), line_end, field)
            if written:
                inside = self._field(text, written[0], written[1])
                if inside is not None and self._covered(text[written[0]:written[1]]):
                    field, written = inside, None  # "Bachelor of Arts : Marketing": the known field named after it
            if written:
                # "Bachelor in Hospitality Management": a field rolematch does not know, kept as written, never
                # taken for the nearest known one ("Management")
                mentions.append(DegreeMention(form.value, text[written[0]:written[1]], start, written[1],
                                              known_field=False))
                forms.append(normalise_key(form.text))
                last_end = written[1]
                continue
            span_end = _span_end(text, start, end, field)
            found = field or field_before
            field_name = (found.field if found else None) or self.implied_fields.get(normalise_key(form.text))
            mentions.append(DegreeMention(form.value, field_name, start, span_end))
            forms.append(normalise_key(form.text))
            last_end = span_end
        mentions = _said_once(layout, mentions, forms)
        if not any(m.level != "school" for m in mentions):
            mentions += self._degree_lines(layout, {layout.line_of(m.start) for m in mentions})
            mentions.sort(key=lambda m: m.start)
        doc._.degree_mentions = mentions
        return doc

    def _degree_lines(self, layout: Layout, degree_lines: set[int]) -> list[DegreeMention]:
        """Education lines that name a place of study and a year, or a field alone, but no degree ("Pune
        University, 2016", "Electrical engineering"): a degree of unknown level (level "unknown"), when the resume
        names no degree at all. A school ("Kendriya Vidyalaya", "High School") is not one."""
        text = layout.text
        found = []
        for line, start in enumerate(layout.line_starts):
            if layout.line_sections[line] != "education" or line in degree_lines or line in layout.heading_lines \
                    or line in layout.personal_lines:
                continue
            end = layout.line_end(line)
            body = text[start:end].strip(" \t•●▪◦❖➢►■-*·:")
            if not body or len(body) > 120:
                continue
            words = [w.strip(".,()'’").casefold() for w in body.split()]
            if any(w in self.schools for w in words):
                continue
            named = any(w in self.institutions and w != "engineering" for w in words) and body[:1].isupper()
            near = text[start:layout.line_end(min(line + 2, len(layout.line_starts) - 1))]
            field = self._field(text, start, end)
            field_alone = field is not None and len(words) <= 5 and not any(c.isdigit() for c in body)
            if named and _YEAR.search(near) or field_alone:
                at = start + text[start:end].index(body)
                found.append(DegreeMention("unknown", field.field if field else None, at, at + len(body)))
        return found

    def _form_hits(self, text: str) -> list[FormHit]:
        """Every degree form in the text, by start and, at one start, longest first."""
        hits = []
        for regex in self.degree_regexes:
            for m in regex.finditer(text):
                form = self.forms.get(normalise_key(m.group()))
                if form is not None:
                    hits.append(FormHit(m.start(), m.end(), form))
        hits.sort(key=lambda h: (h.start, h.start - h.end))
        return hits

    def _field(self, text: str, start: int, end: int) -> FieldHit | None:
        """The first field of study between start and end."""
        best = None
        for regex in self.field_regexes:
            m = regex.search(text, start, end)
            if m and (best is None or m.start() < best.start):
                form = self.field_forms.get(normalise_key(m.group()))
                if form is not None:
                    best = FieldHit(form.value, m.start(), m.end())
        return best

    def _written_field(self, text: str, form: Form, end: int, limit: int, line_end: int,
                       field: FieldHit | None) -> tuple[int, int] | None:
        """A field written out that degrees.yml does not list, or None: not a place ("B.Sc in West Bengal State
        University", "B Tech in Sri Ramakrishna Engineering College"), not an unknown acronym ("in UIT"), and not
        a misspelt degree word before a known field ("Bachelor of Enginerring in Information Technology")."""
        written = _written_field(text, form, end, limit)
        if written is None:
            return None
        start, stop = written
        phrase = text[start:stop]
        run = re.split(r"[,;|(\n]|\s[-–—]\s", text[start:line_end], maxsplit=1)[0]
        if any(w.strip(".,'’").casefold() in (self.institutions - {"engineering"}) | self.places for w in run.split()):
            return None
        if len(phrase.replace(" ", "")) <= 4 and (phrase.isupper() or len(phrase) <= 2):
            return None
        if field is not None and field.start >= stop and re.fullmatch(r"\s*(?:in|\(|-|,)\s*", text[stop:field.start]):
            return None
        return written

    def _covered(self, phrase: str) -> bool:
        """Whether known fields name all of a written field but degree words and joins: "Computer Science and
        Engineering" is Computer Science, "Management Information Systems" or "Engineering Management" is no
        Management."""
        first = self._field(phrase, 0, len(phrase))
        if first is None or phrase[:first.start].strip(" \t(&-"):
            return False
        for regex in self.field_regexes:
            phrase = regex.sub(" ", phrase)
        return bool(_NOISE_BEFORE_FIELD.fullmatch(phrase.replace("/", " ").replace(",", " ")))

    def _initials(self, text: str, line_start: int, start: int, end: int, line_end: int) -> bool:
        """ "Late B. S. Deore College": a strict form between two capitalised names is someone's initials."""
        before = re.findall(r"[\w.’']+|[^\w\s]", text[line_start:start])
        after = re.findall(r"[\w.’']+|[^\w\s]", text[end:line_end])
        if not before or not after or not before[-1][:1].isupper() or not after[0][:1].isupper():
            return False
        return before[-1].casefold().strip(".") not in self.context and after[0].strip(".").isalpha() \
            and after[0].casefold().strip(".") not in self.institutions and self._field(text, end, line_end) is None

    def _institution_after(self, after: str) -> bool:
        """Whether an institution ("Dr. X University", "ABC College") follows, with nothing but names and "of",
        "from", "-" before it: "BE   Dr. Babasaheb Ambedkar Marathwada University"."""
        for word in re.findall(r"[\w.&'’-]+|[,:–]", after)[:10]:
            bare = word.strip(".,'’").casefold()
            if bare in self.institutions:
                return word[:1].isupper()
            if word.casefold() not in _INSTITUTION_GAP and not word[:1].isupper():
                return False
        return False

    def _vetoed_before(self, text: str, line_start: int, start: int) -> bool:
        """Whether the word before a strict form makes it part of a name: "Smith & Associates"."""
        before = text[max(line_start, start - 20):start].split()
        return bool(before) and before[-1].casefold() in self.veto_before

    def _in_context(self, text: str, end: int, line_end: int, section: str, field: FieldHit | None,
                    year_counts: bool) -> bool:
        """A strict form ("BE", "MS", "12th") is a degree in the education section, before a field, or before a
        confirming word; a year after it confirms a degree but not a school class ("12th March 2015"). Never when
        glued to what follows ("MS-SQL") or followed by a word that makes it a product or a name ("MS Excel")."""
        after = text[end:min(line_end, end + 60)]
        if after[:1] in ("-", "/") and after[1:2].isalnum():
            return False
        first = re.split(r"[\s,;:()]+", after.strip(), maxsplit=1)[0].casefold()
        if first in self.veto_next:
            return False
        if section == "education" or field is not None:
            return True
        if first in self.context or after.strip()[:1] in self.context or self._institution_after(after):
            return True
        return year_counts and bool(_YEAR.search(after))


def _said_once(layout: Layout, mentions: list[DegreeMention], forms: list[str]) -> list[DegreeMention]:
    """Each degree once. A line that names a degree's form again, with the same field or none, names the same
    degree ("B.S. : Accounting Bemidji State University ... Accounting B.S."); "Master of Science : Nursing/Master of
    Business Administration" names two. A form the education
    section already holds, named outside that section with its field or none ("MBA with 10 years in banking",
    "Member, Black MBA Association"), is that degree again; with another field it is another degree when it opens its
    line as a listed degree does, not in prose ("Internship for Associate Degree in Culinary Arts")."""
    seen: dict[tuple[int, str], list[str | None]] = {}  # (line, form) -> the fields named with it
    kept: list[DegreeMention] = []
    for mention, form in zip(mentions, forms):
        fields = seen.setdefault((layout.line_of(mention.start), form), [])
        field = mention.field.casefold() if mention.field else None
        if fields and (field is None or field in fields):
            continue  # "B.S. : Accounting ... Accounting B.S."; "Master of Science/Master of Business ..." are two
        if field is not None and any((layout.line_of(m.start), m.level, m.field and m.field.casefold())
                                     == (layout.line_of(mention.start), mention.level, field) for m in kept):
            continue  # "Masters : Computer Science ... Masters in Computer Science": one degree in other words
        fields.append(field)
        kept.append(mention)
    studied: dict[str, list[str | None]] = {}  # form -> the fields the education section names with it
    for mention, form in zip(mentions, forms):
        if mention in kept and layout.section_at(mention.start) == "education":
            studied.setdefault(form, []).append(mention.field.casefold() if mention.field else None)
    levels = {m.level for m in kept if layout.section_at(m.start) == "education"}
    again = {id(m) for m, form in zip(mentions, forms) if layout.section_at(m.start) != "education"
             and (form in studied and (m.field is None or m.field.casefold() in studied[form])
                  or m.level in levels and not _opens_line(layout, m.start))}
    return [m for m in kept if id(m) not in again]


def _opens_line(layout: Layout, start: int) -> bool:
    """Whether only bullets stand before `start` on its line."""
    return not layout.text[layout.line_starts[layout.line_of(start)]:start].strip(" \t•●▪◦❖➢►■-*·")


# "in" or "of" and then the field as written, up to a comma, a bracket, " - ", "from", "at" or a year
_FIELD_CONNECTOR = re.compile(r"[ \t]*(?:(?:in|of)[ \t]+|[ \t]*[:,(–-][ \t]*)(?=[A-Z])")
_WRITTEN_FIELD = re.compile(r"[A-Z][\w&'’]*(?:[ \t]+(?:and|&|of|[A-Z][\w&'’]*))*")
# what may stand before a known field inside the written one: "Technology in Computer Science", "Science (Physics)"
_NOISE_BEFORE_FIELD = re.compile(r"(?:[\s(&\-]|\b(?:engineering|engg|technology|science|sciences|arts|honours|hons|"
                                 r"applied|degree|in|of|and)\b)*", re.IGNORECASE)


def _written_field(text: str, form: Form, end: int, limit: int) -> tuple[int, int] | None:
    """Where the field written after "B.Sc in" or "Bachelor of" starts and ends, if it does not name a degree's
    own words alone ("Bachelor of Engineering"). DegreeFinder._written_field checks what it names."""
    at = end
    if not form.text.endswith((" in", " of")):
        connector = _FIELD_CONNECTOR.match(text, end, limit)
        if connector is None:
            return None
        at = connector.end()
    else:
        while at < limit and text[at] in " \t":
            at += 1
    m = _WRITTEN_FIELD.match(text, at, limit)
    if m is not None and _NOISE_BEFORE_FIELD.fullmatch(m.group()):
        # "Bachelor of Arts : Public Relations", "Master of Science in Nursing": the field named after the degree's
        # own words wins over them
        connector = _FIELD_CONNECTOR.match(text, m.end(), limit)
        m = _WRITTEN_FIELD.match(text, connector.end(), limit) if connector else None
    if m is None or _NOISE_BEFORE_FIELD.fullmatch(m.group()):
        return None
    stop = m.end()
    while stop > m.start() and text[stop - 1] in " \t":
        stop -= 1
    for word in (" of", " and", " &"):  # "Bachelor in Hospitality and" cut by a line's end
        if text.endswith(word, m.start(), stop):
            stop -= len(word)
    return m.start(), stop


_ARTICLE = re.compile(r"[ \t]*(?:the|a|an|my|our|his|her|their)\b", re.IGNORECASE)
_RESTATED = re.compile(r"\s*(?:\([^()\n]{0,20}\))?\s*in\s+", re.IGNORECASE)
_INSTITUTION_GAP = frozenset({"of", "from", "at", "in", "and", "&", "-", "–", ",", ":"})


def _span_end(text: str, start: int, end: int, field: FieldHit | None) -> int:
    """Where the degree's evidence ends: after its field of study when that follows closely."""
    if field is None or field.start - end > 30:
        return end
    span_end = field.end
    opened = text.count("(", start, span_end) - text.count(")", start, span_end)
    if opened > 0 and text.startswith(")", span_end):
        span_end += 1  # "M.S (Statistics)", not "M.S (Statistics"
    return span_end


@Language.factory("rolematch_degrees", default_config={"skills_dir": ""})
def make_degrees(nlp: Language, name: str, skills_dir: str) -> DegreeFinder:
    """skills_dir: the data folder whose patterns/degrees.yml to read."""
    return DegreeFinder(load_degree_patterns(skills_dir))
