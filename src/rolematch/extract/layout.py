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
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..models import PersonalDetail
from ..resources import data_folder
from ..taxonomy import normalise_key
from .patterns import InlinePattern, heading_key, load_patterns
from .shared import TEXT_KEY, alternation, flexible_regex

_NEWLINE = re.compile(r"\n")
# a "Label: value" line in one of these sections is read as part of it, wherever it stands ("Skills: Python, SQL")
_LABEL_SECTIONS = ("skills", "education", "certifications", "projects")
# headings that may run on into the first line of their section when a PDF loses the line break
_GLUED_SECTIONS = ("experience", "education")
_MAX_HEADING_WORDS = 4


@dataclass(frozen=True, slots=True)
class LayoutPatterns:
    """What the layout component reads from skills/patterns/."""

    headings: Mapping[str, str]          # heading_key(heading) -> section
    list_labels: frozenset[str]          # heading_key(label) of "Label: a, b, c" lines that hold lists
    personal_labels: Mapping[str, str]   # label -> kind of personal detail
    personal_separators: tuple[str, ...]
    personal_unseparated: tuple[str, ...]       # labels that need no separator ("S/o Mr. R.")
    personal_inline: tuple[InlinePattern, ...]  # statements anywhere ("aged 27", "my father is ...")


def load_layout_patterns(skills_dir: Path | str) -> LayoutPatterns:
    return _load_layout_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_layout_patterns(skills_dir: Path) -> LayoutPatterns:
    patterns = load_patterns(skills_dir)
    return LayoutPatterns(headings=patterns.headings, list_labels=patterns.list_labels,
                          personal_labels=patterns.personal_labels, personal_separators=patterns.personal_separators,
                          personal_unseparated=patterns.personal_unseparated,
                          personal_inline=patterns.personal_inline)


@dataclass(frozen=True, slots=True)
class Layout:
    """Lines, sections and personal details of a document: labelled lines (personal_lines) and statements inside
    other lines, all of them in personal_spans, which no component extracts from."""

    text: str                       # doc.text, built once: spaCy rebuilds it from the tokens on every access
    words: list[str]                # token texts
    token_starts: list[int]         # token character offsets
    line_starts: tuple[int, ...]
    line_sections: tuple[str, ...]
    heading_lines: frozenset[int]
    list_lines: frozenset[int]
    personal: tuple[PersonalDetail, ...]
    personal_lines: frozenset[int]
    personal_spans: tuple[tuple[int, int], ...] = ()  # sorted, not overlapping
    glued_headings: Mapping[int, int] = dataclasses.field(default_factory=dict)  # line -> end of its heading words

    def in_personal(self, start: int, end: int) -> bool:
        """Whether text[start:end] overlaps a personal detail."""
        spans = self.personal_spans
        i = bisect.bisect_right(spans, (start, len(self.text) + 1)) - 1  # the last span that starts at or before
        return (i >= 0 and spans[i][1] > start) or (i + 1 < len(spans) and spans[i + 1][0] < end)

    def without_personal(self, start: int, end: int) -> str:
        """text[start:end] with its personal details blanked out, offsets kept."""
        body = self.text[start:end]
        for s, e in self.personal_spans:
            if s < end and e > start:
                a, b = max(s, start) - start, min(e, end) - start
                body = body[:a] + " " * (b - a) + body[b:]
        return body

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
        self.personal_label = re.compile(rf"[^\w]*({labels})\.?[ \t]*(?:{separators})", re.IGNORECASE)
        unseparated = alternation([flexible_regex(label) for label in patterns.personal_unseparated])
        self.unseparated_label = re.compile(rf"[^\w]*({unseparated})\.?\s+\S", re.IGNORECASE)
        self.personal_kinds = {normalise_key(k): v for k, v in patterns.personal_labels.items()}
        self.inline = patterns.personal_inline
        # the patterns a text's words call for, as one regex; a handful of subsets recur
        self._one_pass = functools.lru_cache(maxsize=256)(self._compile_inline)

    def __call__(self, doc: Doc) -> Doc:
        # doc.text and Token objects are rebuilt token by token on every access: read the text pipeline.py handed
        # over, and the offsets and lengths as one array
        text = doc.user_data.get(TEXT_KEY) or doc.text
        token_starts, lengths = (doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], []))
        words = [text[s:s + n] for s, n in zip(token_starts, lengths)]
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        sections, headings, lists, personal, glued = self._read_lines(text, starts)
        personal_lines = frozenset(p.line - 1 for p in personal)
        personal += self._inline(text, starts, personal_lines)
        personal.sort(key=lambda p: (p.start, p.end))
        doc._.layout = Layout(
            text=text, words=words, token_starts=token_starts, line_starts=tuple(starts),
            line_sections=tuple(sections), heading_lines=frozenset(headings), list_lines=frozenset(lists),
            personal=tuple(personal), personal_lines=personal_lines, personal_spans=_merged(personal),
            glued_headings=glued,
        )
        return doc

    def _read_lines(self, text: str, starts: list[int]
                    ) -> tuple[list[str], set[int], set[int], list[PersonalDetail], dict[int, int]]:
        """Each line's section, which lines are headings, lists and personal details, and where a heading glued to
        the start of a line ends."""
        section = "header"  # what comes before the first heading: name, contact, often a summary
        sections, headings, lists, personal = [], set(), set(), []
        glued_ends: dict[int, int] = {}
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            line = text[start:end]
            stripped = line.strip()
            if stripped and len(stripped) <= 60 and (found := self.headings.get(heading_key(stripped))):
                section = found
                headings.add(i)
                sections.append(section)
                continue
            if stripped[:1].isupper() and (glued := self._heading_prefix(stripped)):
                section, words = glued  # "Professional Experience Director of Finance ...": a heading glued to its line
                heading_end = start + len(line) - len(line.lstrip())
                for word in words:
                    heading_end = text.index(word, heading_end) + len(word)
                glued_ends[i] = heading_end
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
            if stripped and (match := self.personal_label.match(line) or self.unseparated_label.match(line)):
                kind = self.personal_kinds.get(normalise_key(match.group(1)), "personal")
                personal.append(PersonalDetail(kind, start, end, i + 1))
            elif stripped and section == "personal":
                personal.append(PersonalDetail("personal", start, end, i + 1))
            sections.append(line_section)
        return sections, headings, lists, personal, glued_ends


    def _heading_prefix(self, stripped: str) -> tuple[str, list[str]] | None:
        """The section of a heading of two or more capitalised words that opens a line and runs on into a capitalised
        word: "Professional Experience Director Finance", "WORK HISTORY Cashier". In prose a lower-case word breaks
        the run ("Work experience in retail"); one-word headings ("Experience", "Skills") open sentences too often."""
        words = stripped.split(None, _MAX_HEADING_WORDS + 1)
        found = None
        for n in range(2, min(len(words), _MAX_HEADING_WORDS + 1)):
            if not words[n - 1][:1].isupper() and words[n - 1] not in ("&", "and", "of"):
                break
            if words[n][:1].isupper() and (section := self.headings.get(heading_key(" ".join(words[:n])))) \
                    and section in _GLUED_SECTIONS:
                found = section, words[:n]  # the longest: "Professional Experience Summary" over "Experience"
        return found

    def _compile_inline(self, chosen: tuple[int, ...]) -> re.Pattern[str]:
        """The chosen inline patterns as one regex, group p<i> being pattern i."""
        return re.compile("|".join(f"(?P<p{i}>{self.inline[i].regex.pattern})" for i in chosen), re.IGNORECASE)

    def _inline(self, text: str, starts: list[int], personal_lines: frozenset[int]) -> list[PersonalDetail]:
        """Statements of personal details inside other lines: the clause or sentence around each match."""
        folded = text.casefold()
        if len(folded) != len(text):  # "ß" folds to "ss": offsets in `folded` would not be offsets in `text`
            folded = text
        lines: dict[tuple[str, ...], set[int]] = {}  # a kind's patterns share their words
        for words in {p.words for p in self.inline}:
            lines[words] = _lines_holding(folded, starts, words)
        chosen = tuple(i for i, p in enumerate(self.inline) if lines[p.words])
        if not chosen:
            return []
        regex = self._one_pass(chosen)
        # only the lines holding a chosen word, each with the next line (a statement may wrap): far less text
        windows: list[list[int]] = []
        for line in sorted(set().union(*(lines[self.inline[i].words] for i in chosen))):
            if windows and line <= windows[-1][1] + 1:
                windows[-1][1] = max(windows[-1][1], line + 1)
            else:
                windows.append([line, line + 1])
        found: list[PersonalDetail] = []
        paragraphs: dict[int, tuple[int, int]] = {}
        matches = (m for first, last in windows
                   for m in regex.finditer(text, starts[first], starts[last + 1] if last + 1 < len(starts) else len(text)))
        for m in matches:
            line = bisect.bisect_right(starts, m.start()) - 1
            if line in personal_lines or (found and m.start() < found[-1].end):
                continue  # already inside a personal detail
            pattern = self.inline[int(m.lastgroup[1:])]
            if pattern.scope == "phrase":
                start, end = m.span()
            else:
                if line not in paragraphs:
                    paragraphs[line] = _paragraph(text, starts, line)
                start, end = _around(text, m.start(), m.end(), *paragraphs[line], pattern.scope)
            found.append(PersonalDetail(pattern.kind, start, end, line + 1))
        return found


def _lines_holding(folded: str, starts: list[int], words: tuple[str, ...]) -> set[int]:
    """The lines of the (case-folded) text that hold one of `words`."""
    lines: set[int] = set()
    for word in words:
        at = folded.find(word)
        while at >= 0:
            line = bisect.bisect_right(starts, at) - 1
            lines.add(line)
            next_line = starts[line + 1] if line + 1 < len(starts) else len(folded)
            at = folded.find(word, next_line)  # one hit a line is enough
    return lines


# What ends a clause or a sentence. A "." ends a sentence only before white space, and not after an honorific or an
# initial ("Mr. R. Sharma"); a one-letter word after another "." ends one ("holds a B.E. He ...").
_SENTENCE_ENDS = frozenset("!?;•|")
_CLAUSE_ENDS = _SENTENCE_ENDS | frozenset(",()")
_HONORIFICS = frozenset("mr mrs ms dr shri sri smt prof late st jr sr no vs er".split())
_PARAGRAPH_LINES = 6  # how far a wrapped sentence is followed across line breaks
_FIRST_CHAR = re.compile(r"[ \t]*(\S)")


def _paragraph(text: str, starts: list[int], line: int) -> tuple[int, int]:
    """The lines around `line` that one sentence can wrap over: a line that goes on in lower case continues the
    one before it."""
    def continues(i: int) -> bool:
        first = _FIRST_CHAR.match(text, starts[i])
        return bool(first) and first.group(1).islower()

    first = line
    while first > 0 and line - first < _PARAGRAPH_LINES and continues(first):
        first -= 1
    last = line
    while last + 1 < len(starts) and last - line < _PARAGRAPH_LINES and continues(last + 1):
        last += 1
    return starts[first], (starts[last + 1] - 1 if last + 1 < len(starts) else len(text))


def _ends_at(text: str, i: int, ends: frozenset[str]) -> bool:
    """Whether text[i] ends a clause or sentence (of `ends`)."""
    char = text[i]
    if char in ends:
        return True
    if char != "." or (i + 1 < len(text) and not text[i + 1].isspace()):
        return False
    word_start = i
    while word_start > 0 and i - word_start < 10 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:i].casefold()
    if word in _HONORIFICS:
        return False
    return len(word) != 1 or (word_start > 0 and text[word_start - 1] == ".")


def _around(text: str, start: int, end: int, low: int, high: int, scope: str) -> tuple[int, int]:
    """The clause or sentence of text[low:high] that holds text[start:end], without its outer white space and
    punctuation. Walks out from the match to the nearest ends, so each character is walked over about once."""
    ends = _CLAUSE_ENDS if scope == "clause" else _SENTENCE_ENDS
    begin = start
    while begin > low and not _ends_at(text, begin - 1, ends):
        begin -= 1
    finish = end
    while finish < high and not _ends_at(text, finish, ends):
        finish += 1
    if finish < high and text[finish] == ".":
        finish += 1
    while begin < start and (text[begin].isspace() or text[begin] in ",;"):
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def _merged(personal: list[PersonalDetail]) -> tuple[tuple[int, int], ...]:
    spans: list[list[int]] = []
    for p in sorted(personal, key=lambda p: p.start):
        if spans and p.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], p.end)
        else:
            spans.append([p.start, p.end])
    return tuple((s, e) for s, e in spans)


@Language.factory("rolematch_layout", default_config={"skills_dir": ""})
def make_layout(nlp: Language, name: str, skills_dir: str) -> LayoutReader:
    """skills_dir: the data folder whose patterns/ to read."""
    return LayoutReader(load_layout_patterns(skills_dir))
