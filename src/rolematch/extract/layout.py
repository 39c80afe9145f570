"""The layout component, `rolematch_layout`: splits a document into lines and sections (from headings in their
many forms), marks list lines and finds personal details. It runs first; its Layout on doc._.layout is what every
later component reads lines, sections and token offsets from.

Patterns: headings and list labels from skills/patterns/sections.yml, personal labels from personal.yml.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..models import PersonalDetail
from ..resources import data_folder
from ..taxonomy import normalise_key
from .patterns import heading_key, load_patterns
from .shared import TEXT_KEY, alternation, flexible_regex

_NEWLINE = re.compile(r"\n")
# a "Label: value" line in one of these sections is read as part of it, wherever it stands ("Skills: Python, SQL")
_LABEL_SECTIONS = ("skills", "education", "certifications", "projects")


@dataclass(frozen=True, slots=True)
class LayoutPatterns:
    """What the layout component reads from skills/patterns/."""

    headings: Mapping[str, str]          # heading_key(heading) -> section
    list_labels: frozenset[str]          # heading_key(label) of "Label: a, b, c" lines that hold lists
    personal_labels: Mapping[str, str]   # label -> kind of personal detail
    personal_separators: tuple[str, ...]


def load_layout_patterns(skills_dir: Path | str) -> LayoutPatterns:
    return _load_layout_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_layout_patterns(skills_dir: Path) -> LayoutPatterns:
    patterns = load_patterns(skills_dir)
    return LayoutPatterns(headings=patterns.headings, list_labels=patterns.list_labels,
                          personal_labels=patterns.personal_labels, personal_separators=patterns.personal_separators)


@dataclass(frozen=True, slots=True)
class Layout:
    """Lines, sections and personal-detail lines of a document."""

    text: str                       # doc.text, built once: spaCy rebuilds it from the tokens on every access
    words: list[str]                # token texts
    token_starts: list[int]         # token character offsets
    line_starts: tuple[int, ...]
    line_sections: tuple[str, ...]
    heading_lines: frozenset[int]
    list_lines: frozenset[int]
    personal: tuple[PersonalDetail, ...]
    personal_lines: frozenset[int]

    def line_of(self, char: int) -> int:
        """0-based index of the line holding offset `char`."""
        return bisect.bisect_right(self.line_starts, char) - 1

    def line_end(self, index: int) -> int:
        return self.line_starts[index + 1] - 1 if index + 1 < len(self.line_starts) else len(self.text)

    def section_at(self, char: int) -> str:
        return self.line_sections[self.line_of(char)]


class LayoutReader:
    """Splits a document into lines and sections (from headings in their many forms) and finds personal details."""

    def __init__(self, patterns: LayoutPatterns) -> None:
        self.headings = patterns.headings
        self.list_labels = patterns.list_labels
        labels = alternation([flexible_regex(label) for label in patterns.personal_labels])
        separators = alternation([re.escape(s) for s in patterns.personal_separators])
        self.personal_label = re.compile(rf"[^\w]*({labels})\.?\s*(?:{separators})", re.IGNORECASE)
        self.personal_kinds = {normalise_key(k): v for k, v in patterns.personal_labels.items()}

    def __call__(self, doc: Doc) -> Doc:
        # doc.text and Token objects are rebuilt token by token on every access: read the text pipeline.py handed
        # over, and the offsets and lengths as one array
        text = doc.user_data.get(TEXT_KEY) or doc.text
        token_starts, lengths = (doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], []))
        words = [text[s:s + n] for s, n in zip(token_starts, lengths)]
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        sections, headings, lists, personal = self._read_lines(text, starts)
        doc._.layout = Layout(
            text=text, words=words, token_starts=token_starts, line_starts=tuple(starts),
            line_sections=tuple(sections), heading_lines=frozenset(headings), list_lines=frozenset(lists),
            personal=tuple(personal), personal_lines=frozenset(p.line - 1 for p in personal),
        )
        return doc

    def _read_lines(self, text: str, starts: list[int]
                    ) -> tuple[list[str], set[int], set[int], list[PersonalDetail]]:
        """Each line's section, and which lines are headings, lists and personal details."""
        section = "header"  # what comes before the first heading: name, contact, often a summary
        sections, headings, lists, personal = [], set(), set(), []
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            line = text[start:end]
            stripped = line.strip()
            if stripped and len(stripped) <= 60 and (found := self.headings.get(heading_key(stripped))):
                section = found
                headings.add(i)
                sections.append(section)
                continue
            line_section = section
            label, colon, rest = stripped.partition(":")
            if colon and rest.strip() and len(label) <= 40:
                label_key = heading_key(label)
                if label_key in self.list_labels:
                    lists.add(i)
                if self.headings.get(label_key) in _LABEL_SECTIONS:
                    line_section = self.headings[label_key]
            if line_section == "skills" or line.count(",") + line.count("|") >= 2:
                lists.add(i)
            if stripped and (match := self.personal_label.match(line)):
                kind = self.personal_kinds.get(normalise_key(match.group(1)), "personal")
                personal.append(PersonalDetail(kind, start, end, i + 1))
            elif stripped and section == "personal":
                personal.append(PersonalDetail("personal", start, end, i + 1))
            sections.append(line_section)
        return sections, headings, lists, personal


@Language.factory("rolematch_layout", default_config={"skills_dir": ""})
def make_layout(nlp: Language, name: str, skills_dir: str) -> LayoutReader:
    """skills_dir: the data folder whose patterns/ to read."""
    return LayoutReader(load_layout_patterns(skills_dir))
