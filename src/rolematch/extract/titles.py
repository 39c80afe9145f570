"""The titles component, `rolematch_titles`: job titles with their seniority kept apart ("Sr. Data Engineer" is a
Data Engineer of seniority "senior"), as TitleMentions on doc._.title_mentions. Titles in the education and
certifications sections, in headings and on certificate lines name no job and are skipped.

Patterns: skills/patterns/titles.yml, and certifications.yml's trigger words.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..resources import data_folder
from .layout import Layout
from .patterns import load_patterns
from .shared import words_regex


@dataclass(frozen=True, slots=True)
class TitlePatterns:
    """What the titles component reads from skills/patterns/."""

    titles: Mapping[str, str]         # form -> canonical title
    seniority: Mapping[str, str]      # word -> seniority
    generic_heads: frozenset[str]     # "developer", "executive": a title only with the words before it
    cert_triggers: tuple[str, ...]    # "certificate", "certified": a line naming one names no job


def load_title_patterns(skills_dir: Path | str) -> TitlePatterns:
    return _load_title_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_title_patterns(skills_dir: Path) -> TitlePatterns:
    patterns = load_patterns(skills_dir)
    return TitlePatterns(titles=patterns.titles, seniority=patterns.seniority, generic_heads=patterns.generic_heads,
                         cert_triggers=patterns.cert_triggers)


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

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        words, starts = layout.words, layout.token_starts
        strings = doc.vocab.strings
        taken = bytearray(len(doc))
        mentions = []
        # longest first; of equal length the later one, since a title's head noun comes last: in "Lead Consultant"
        # the title is Consultant and "Lead" its seniority, not a title of its own
        for key, start, end in sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], -m[1])):
            if any(taken[start:end]):
                continue
            line = layout.line_of(starts[start])
            if not self._job_line(layout, line) \
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

    def _generic_title_start(self, words: list[str], starts: list[int], taken: bytearray, start: int,
                             layout: Layout, line: int) -> int | None:
        """A bare "Developer" or "Executive" takes the capitalised words before it ("Tech Support Executive");
        in prose, a lower-case "developer" with nothing before it is no title (None), unless a seniority precedes."""
        first = start
        while first > 0 and start - first < 3 and not taken[first - 1] and _is_name_word(words[first - 1]) \
                and layout.line_of(starts[first - 1]) == line and words[first - 1].casefold() not in self.seniority:
            first -= 1
        if first == start and words[start].islower():
            previous = words[start - 1].casefold() if start > 0 else ""
            if previous.rstrip(".") not in self.seniority and previous not in self.seniority:
                return None
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
            if level is None or layout.line_of(starts[before]) != line:
                break
            seniority = seniority or level
            start = before
        return start, seniority


def _is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a job title: "Support", "HVAC", "SAP"."""
    return word[:1].isupper() and word.replace("-", "").replace("&", "").isalnum()


@Language.factory("rolematch_titles", default_config={"skills_dir": ""})
def make_titles(nlp: Language, name: str, skills_dir: str) -> TitleFinder:
    """skills_dir: the data folder whose patterns/titles.yml to read."""
    return TitleFinder(nlp, load_title_patterns(skills_dir))
