"""The titles component, `rolematch_titles`: job titles with their seniority kept apart ("Sr. Data Engineer" is a
Data Engineer of seniority "senior"), as TitleMentions on doc._.title_mentions. Titles in the education and
certifications sections, in headings and on certificate lines name no job and are skipped.

Patterns: skills/patterns/titles.yml, and certifications.yml's trigger words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..resources import data_folder
from .layout import Layout
from .patterns import load_patterns
from .experience import DATE_RANGE
from .shared import alternation, flexible_regex, words_regex


@dataclass(frozen=True, slots=True)
class TitlePatterns:
    """What the titles component reads from skills/patterns/."""

    titles: Mapping[str, str]         # form -> canonical title
    seniority: Mapping[str, str]      # word -> seniority
    generic_heads: frozenset[str]     # "developer", "executive": a title only with the words before it
    cert_triggers: tuple[str, ...]    # "certificate", "certified": a line naming one names no job
    field_labels: tuple[str, ...]       # "Designation:", "Role -": the value is a title as written
    headline_heads: frozenset[str]      # "Senior Accountant" under the name is a headline


def load_title_patterns(skills_dir: Path | str) -> TitlePatterns:
    return _load_title_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_title_patterns(skills_dir: Path) -> TitlePatterns:
    patterns = load_patterns(skills_dir)
    return TitlePatterns(titles=patterns.titles, seniority=patterns.seniority, generic_heads=patterns.generic_heads,
                         cert_triggers=patterns.cert_triggers, field_labels=patterns.title_labels,
                         headline_heads=patterns.headline_heads)


@dataclass(frozen=True, slots=True)
class TitleMention:
    title: str
    seniority: str | None
    start: int
    end: int


class TitleFinder:
    """Job titles, seniority kept apart: "Sr. Data Engineer" is a Data Engineer of seniority "senior"."""

    def __init__(self, nlp: Language, patterns: TitlePatterns) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_title: dict[str, list[str]] = {}
        for form, title in patterns.titles.items():
            by_title.setdefault(title, []).append(form)
        for title, forms in by_title.items():
            self.matcher.add(title, list(nlp.tokenizer.pipe(forms)))
        self.seniority = patterns.seniority
        self.generic_heads = patterns.generic_heads
        self.certificate = words_regex(patterns.cert_triggers)
        labels = alternation([flexible_regex(label) for label in patterns.field_labels])
        self.field_label = re.compile(rf"^[^\w\n]*(?:{labels})[ \t]*(?::|-|–|—)[ \t]*(?=\w)", re.IGNORECASE | re.MULTILINE)
        self.headline_heads = patterns.headline_heads

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        words, starts = layout.words, layout.token_starts
        strings = doc.vocab.strings
        taken = bytearray(len(doc))
        mentions = []
        degree_lines = {layout.line_of(d.start) for d in doc._.degree_mentions}
        # longest first; of equal length the later one, since a title's head noun comes last: in "Lead Consultant"
        # the title is Consultant and "Lead" its seniority, not a title of its own
        for key, start, end in sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], -m[1])):
            if any(taken[start:end]):
                continue
            line = layout.line_of(starts[start])
            if not (self._job_line(layout, line) or self._work_in_education(layout, line, degree_lines, starts[start])) \
                    or layout.in_personal(starts[start], starts[end - 1] + len(words[end - 1])):
                continue  # "TensorFlow Developer Certificate" names no job; "my father is a Data Scientist" not ours
            if end - start == 1 and words[start].casefold() in self.generic_heads:
                start = self._generic_title_start(words, starts, taken, start, layout, line)
                if start is None:
                    continue
            start, seniority = self._seniority_before(words, starts, taken, start, layout, line)
            if end < len(doc) and self.seniority.get(words[end].casefold()) == "intern":
                seniority = seniority or "intern"
                end += 1
            seniority = seniority or next((self.seniority[w.casefold()] for w in words[start:end]
                                           if w.casefold() in self.seniority), None)  # "Data Science Intern"
            taken[start:end] = b"\x01" * (end - start)
            mentions.append(TitleMention(strings[key], seniority, starts[start], starts[end - 1] + len(words[end - 1])))
        mentions += self._as_written(layout, mentions)
        mentions.sort(key=lambda m: m.start)
        doc._.title_mentions = mentions
        return doc

    def _job_line(self, layout: Layout, line: int) -> bool:
        """Whether a title on this line can name a job: not a personal detail, a heading, an education or
        certifications line, or a line that names a certificate."""
        if line in layout.personal_lines or line in layout.heading_lines \
                or layout.line_sections[line] in ("certifications", "education"):
            return False
        return not self.certificate.search(layout.text, layout.line_starts[line], layout.line_end(line))

    def _work_in_education(self, layout: Layout, line: int, degree_lines: set[int], start: int) -> bool:
        """A job under an education heading that never closed: "Data Scientist - Acme Labs" after "B.E ...".
        The title opens its line, which names no degree, and a company or a date range goes with it."""
        if layout.line_sections[line] != "education" or line in degree_lines or line in layout.heading_lines:
            return False
        line_start, line_end = layout.line_starts[line], layout.line_end(line)
        if layout.text[line_start:start].strip(" \t•●▪◦❖➢►■-*·"):
            return False
        following = layout.text[line_start:layout.line_end(min(line + 2, len(layout.line_starts) - 1))]
        return bool(_COMPANY_AFTER.match(layout.text, start, line_end) or DATE_RANGE.search(following))

    def _as_written(self, layout: Layout, found: list[TitleMention]) -> list[TitleMention]:
        """Titles rolematch does not know, kept as written: the value of a "Designation:" / "Role -" field, and a
        headline under the name that ends in a job word ("Senior Accountant")."""
        text = layout.text
        spans = [(m.start, m.end) for m in found]
        mentions = []
        candidates = [(m.end(), layout.line_of(m.start())) for m in self.field_label.finditer(text)]
        candidates += [(start, line) for start, line in self._headline(layout)]
        for start, line in candidates:
            if line in layout.personal_lines or layout.line_sections[line] in _NOT_JOB_SECTIONS \
                    or self.certificate.search(text, layout.line_starts[line], layout.line_end(line)):
                continue
            rest = text[start:layout.line_end(line)]
            value = _VALUE_END.split(rest, maxsplit=1)[0].rstrip(" .:-–")
            end = start + len(value)
            words = value.split()
            if len(_CLAUSE_END.split(rest, maxsplit=1)[0].split()) > 8 \
                    or not all(w[:1].isupper() or w.casefold() in _CONNECTORS for w in words):
                continue  # "Role: Responsible for managing the store": a sentence, not a title
            if not 0 < len(words) <= 6 or not value[0].isalpha() or any(c.isdigit() or c == "@" for c in value) \
                    or any(s < end and start < e for s, e in spans) or layout.in_personal(start, end):
                continue
            seniority = None
            while len(words) > 1 and words[1].casefold() not in _CONNECTORS \
                    and (level := self.seniority.get(words[0].casefold())):
                seniority = seniority or level
                words = words[1:]
            spans.append((start, end))
            mentions.append(TitleMention(" ".join(words), seniority, start, end))
        return mentions

    def _headline(self, layout: Layout) -> list[tuple[int, int]]:
        """The line or two under the name: a short line ending, before any " - Company", in a job word."""
        found, seen = [], 0
        for line, start in enumerate(layout.line_starts):
            if layout.line_sections[line] != "header" or seen > 2:
                break
            body = layout.text[start:layout.line_end(line)]
            if not body.strip():
                continue
            seen += 1
            if seen == 1:
                continue  # the name
            head = _VALUE_END.split(body.strip(), maxsplit=1)[0].rstrip(" .")
            if head and head.split()[-1].casefold() in self.headline_heads and head[0].isupper():
                found.append((start + body.index(head), line))
        return found

    def _generic_title_start(self, words: list[str], starts: list[int], taken: bytearray, start: int,
                             layout: Layout, line: int) -> int | None:
        """A bare "Developer" or "Executive" takes the capitalised words before it ("Tech Support Executive");
        in prose, a lower-case "developer" with nothing before it is no title (None), unless a seniority precedes."""
        first = start
        floor = layout.glued_headings.get(line, -1)  # "Professional Experience Director": the heading is no title
        while first > 0 and start - first < 3 and not taken[first - 1] and _is_name_word(words[first - 1]) \
                and starts[first - 1] >= floor \
                and layout.line_of(starts[first - 1]) == line and words[first - 1].casefold() not in self.seniority:
            first -= 1
        if first == start and words[start].islower():
            previous = words[start - 1].casefold() if start > 0 else ""
            if previous.rstrip(".") not in self.seniority and previous not in self.seniority:
                return None
        if first == start and start + 1 < len(words) and layout.line_of(starts[start + 1]) == line \
                and words[start + 1].isalpha() and words[start + 1].islower() \
                and words[start + 1] not in _CONNECTORS and words[start + 1] not in _TITLE_GLUE:
            return None  # "Lead the migration", "Cook meals for 200": a verb or prose, not a title
        return first

    def _seniority_before(self, words: list[str], starts: list[int], taken: bytearray, start: int, layout: Layout,
                          line: int) -> tuple[int, str | None]:
        """The seniority words on the same line before the title ("Sr. Data Engineer"): where the mention starts,
        and the first seniority read from the title backwards."""
        seniority = None
        while start > 0 and not taken[start - 1]:
            before = start - 2 if words[start - 1] == "." and start > 1 else start - 1  # "Sr. Data Engineer"
            word = words[before].casefold()
            level = self.seniority.get(word) or self.seniority.get(word + ".")
            if level is None or layout.line_of(starts[before]) != line \
                    or starts[before] < layout.glued_headings.get(line, -1):
                break
            seniority = seniority or level
            start = before
        return start, seniority


# where a title written out ends: a company, a place, a date or a description follows
_VALUE_END = re.compile(r"\s+(?:at|in|with|for|from|@)\s+|\s*[,;|(/\[]|\s+[-–—]\s+|\s{2,}|\t|\s+-(?=\w)", re.IGNORECASE)
_COMPANY_AFTER = re.compile(r"[\w .&/+-]*?(?:\s+[-–—]\s+|\s+at\s+|,\s*|\s*\|\s*)[A-Z]")
_CLAUSE_END = re.compile(r"[,;|(]|\s[-–—]\s")
_CONNECTORS = frozenset({"of", "and", "&", "-", "/", "cum", "for"})
# lower-case words that may follow a title standing alone: "Manager at Acme", "Nurse in the ICU"
_TITLE_GLUE = frozenset({"at", "in", "with", "to", "on", "from", "since", "until", "till", "cum", "i", "ii", "iii"})
_NOT_JOB_SECTIONS = ("education", "certifications", "projects", "skills", "personal")


def _is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a job title: "Support", "HVAC", "SAP"."""
    return word[:1].isupper() and word.replace("-", "").replace("&", "").isalnum()


@Language.factory("rolematch_titles", default_config={"skills_dir": ""})
def make_titles(nlp: Language, name: str, skills_dir: str) -> TitleFinder:
    """skills_dir: the data folder whose patterns/titles.yml to read."""
    return TitleFinder(nlp, load_title_patterns(skills_dir))
