"""Job postings: what a posting asks for, each requirement required or preferred, with its evidence in the posting.

The posting goes through the resume pipeline (the same skills, degree, title and certification recognisers), then
this module reads it as a posting: its sections ("Requirements", "Nice to have", "Responsibilities", "About us"),
the cue nearest each mention within its clause ("must have", "is a plus"), its title, the years and the degree it
asks for. It knows no roles: the Role is built from the Posting in roles.py.

Patterns: skills/patterns/postings.yml; when a posting is thin: skills/config.toml [posting].
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataFileError, DataFileErrors
from ..models import DEGREE_LEVELS, Document, Evidence, Posting, Profile, Requirement
from ..resources import SKILLS_DIR, data_folder, load_settings, load_yaml
from ..taxonomy import load_taxonomy
from .patterns import load_patterns
from .pipeline import MAX_TEXT_CHARS, extract_document
from .shared import alternation, words_regex

SECTION_KINDS = ("required", "preferred", "duty", "ignored")
_LIST_KEYS = ("required_headings", "preferred_headings", "duty_headings", "ignored_headings", "ignored_heading_starts",
              "ignored_fields", "preferred_cues", "required_cues", "title_fields", "title_noise", "title_separators",
              "experience_words", "years_followers", "related_field_cues", "any_field_cues", "degree_optional_cues",
              "degree_words")
# Kinds of line that can hold no requirement: a section about the company, the lines above the first heading that
# name the job, the company and the place ("Orbit Logistics | Pune | Full-time").
_SILENT = frozenset({"ignored", "header"})
_MAX_HEADER_WORDS = 12
_MAX_START_HEADING_WORDS = 4
# Markup around a heading or a list item: "## ", "**", "- ", "• ", "1. ", a trailing ":".
_LEAD = re.compile(r"^[\s#>*_=•●▪◦·\-–—]*(?:\d{1,2}[.)]\s+)?")
_TRAIL = re.compile(r"[\s*_:=\-–—]*$")
_CLAUSE_END = re.compile(r"[;!?]|\.(?=\s|$)")
_SENTENCE_END = re.compile(r"[.!?]$")
_MAX_HEADING_WORDS = 7
_MAX_TITLE_WORDS = 12
_MAX_YEARS = 40


@dataclass(frozen=True, slots=True)
class PostingPatterns:
    """What skills/patterns/postings.yml says, compiled once."""

    headings: dict[str, str]            # heading as normalised -> section kind
    ignored_start: re.Pattern[str]      # "About Orbit", "Why Acme"
    ignored_field: re.Pattern[str]      # "Company: ...", "Location: ..."
    preferred_cues: re.Pattern[str]
    required_cues: re.Pattern[str]
    title_field: re.Pattern[str]
    title_noise: re.Pattern[str]
    title_separators: tuple[str, ...]
    experience_words: re.Pattern[str]
    years_followers: re.Pattern[str]    # matched right after a statement of years
    years: re.Pattern[str]
    year_unit: re.Pattern[str]          # the unit every statement of years holds ("years", "yrs", "year(s)")
    numbers: dict[str, int]
    related_field: re.Pattern[str]
    any_field: re.Pattern[str]
    degree_optional: re.Pattern[str]
    degree_words: re.Pattern[str]
    degree_forms: tuple[tuple[re.Pattern[str], bool], ...]  # (the level words, in capitals as written or not)
    degree_levels: dict[str, str]  # a level word as matched (normalised: see _form_key) -> its degree level


def load_posting_patterns(skills_dir: Path | str = SKILLS_DIR) -> PostingPatterns:
    return _load_posting_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_posting_patterns(skills_dir: Path) -> PostingPatterns:
    path = skills_dir / "patterns" / "postings.yml"
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(path, "file", "is not a mapping", "write one `key: [phrases]` per pattern list")
    errors = []
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = raw.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            errors.append(DataFileError(path, key, "missing, empty or not a list of phrases",
                                        f"write `{key}: [phrase, ...]`"))
            continue
        lists[key] = tuple(v if key == "title_separators" else v.strip().casefold() for v in value)
    numbers = raw.get("number_words")
    if not isinstance(numbers, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
                                                and 0 < v <= _MAX_YEARS for k, v in numbers.items()):
        errors.append(DataFileError(path, "number_words", "missing or not words to numbers from 1 to 40",
                                    "write `number_words: {one: 1, two: 2, ...}`"))
        numbers = {}
    levels = raw.get("degree_levels")
    if not isinstance(levels, dict) or not set(levels) <= set(DEGREE_LEVELS) or not all(
            isinstance(forms, list) and all(isinstance(f, str) and f.strip() for f in forms) for forms in levels.values()):
        errors.append(DataFileError(path, "degree_levels", "missing or not degree levels to lists of forms",
                                    f"write `degree_levels: {{bachelor: [...], ...}}` with levels of {list(DEGREE_LEVELS)}"))
        levels = {}
    unknown = set(raw) - set(_LIST_KEYS) - {"number_words", "degree_levels"}
    if unknown:
        errors.append(DataFileError(path, "file", f"unknown key(s) {sorted(unknown)}",
                                    f"use only {sorted([*_LIST_KEYS, 'number_words', 'degree_levels'])}"))
    if errors:
        raise DataFileErrors(errors)
    headings: dict[str, str] = {}
    for kind in SECTION_KINDS:
        for heading in lists[f"{kind}_headings"]:
            headings.setdefault(_normalise(heading), kind)
    number = r"(?:\d{1,2}(?:\.\d)?|" + "|".join(sorted(map(re.escape, numbers), key=len, reverse=True)) + ")"
    unit = r"(?:years?|yrs?|year\(s\))"
    years = re.compile(
        rf"(?<![\w.])(?:(?P<low>{number})\s*\+?\s*(?:-|–|—|to)\s*(?P<high>{number})\s*\+?\s*{unit}"
        rf"|(?P<least>at\s+least|a\s+minimum\s+of|minimum\s+of|minimum|min\.?|over|more\s+than|not\s+less\s+than)"
        rf"\s+(?P<floor>{number})\s*\+?\s*{unit}"
        rf"|(?P<plus>{number})\s*(?:\+\s*{unit}|{unit}\s*\+|{unit}\s+or\s+more)"
        rf"|(?P<plain>{number})\s*{unit})(?!\w)", re.IGNORECASE)
    noise = _phrases(lists["title_noise"])
    return PostingPatterns(
        headings=headings, ignored_start=re.compile(rf"^(?:{_phrases(lists['ignored_heading_starts'])})(?!\w)"),
        ignored_field=re.compile(rf"^(?:{_phrases(lists['ignored_fields'])})\s*\**\s*:", re.IGNORECASE),
        preferred_cues=words_regex(lists["preferred_cues"]),
        required_cues=words_regex(lists["required_cues"]),
        title_field=re.compile(r"^(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(
            lists["title_fields"], key=len, reverse=True)) + r")\s*[:\-–—]\s*(?P<title>\S.*)$", re.IGNORECASE),
        title_noise=re.compile(rf"^(?:{noise})(?!\w)[\s:!\-–—]*|[\s:!\-–—]*(?<!\w)(?:{noise})$", re.IGNORECASE),
        title_separators=lists["title_separators"], experience_words=words_regex(lists["experience_words"]),
        years_followers=re.compile(r"\s*(?:" + "|".join(
            re.escape(f) + (r"(?!\w)" if f[-1].isalnum() else "")
            for f in sorted(lists["years_followers"], key=len, reverse=True)) + ")", re.IGNORECASE),
        years=years, year_unit=re.compile(rf"(?<!\w){unit}", re.IGNORECASE), numbers={k.casefold(): v for k, v in numbers.items()},
        related_field=words_regex(lists["related_field_cues"]), any_field=words_regex(lists["any_field_cues"]),
        degree_optional=words_regex(lists["degree_optional_cues"]), degree_words=words_regex(lists["degree_words"]),
        # one regex for each case rule, not one per level: a form holds its level, longest first across levels
        degree_forms=tuple((_forms_regex([f for forms in levels.values() for f in forms if _capitals(f) == capitals],
                                         capitals=capitals), capitals) for capitals in (False, True)),
        degree_levels={_form_key(f): level for level, forms in reversed(levels.items()) for f in forms})


def _phrases(phrases: tuple[str, ...]) -> str:
    """Literal phrases as one alternation, longest first, any run of spaces where they have one."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


def _capitals(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return all(c.isupper() for c in letters) and len(letters) <= 3


def _forms_regex(forms: list[str], *, capitals: bool) -> re.Pattern[str]:
    """Literal forms as whole words, longest first (a form ending in "." may be followed by anything); in
    capitals: as written, else in any case. No forms: a regex that matches nothing."""
    def body(form: str) -> str:
        end = "" if form.endswith(".") else r"(?!\w)"
        return re.escape(form.strip()).replace(r"\ ", r"\s+").replace("'", "['’]") + end

    if not forms:
        return re.compile(r"(?!)")
    # grouped by first character (shared.alternation): several times faster than one long alternation
    alternatives = alternation([body(f) for f in forms], fold=not capitals)
    return re.compile(r"(?<!\w)(?:" + alternatives + ")", 0 if capitals else re.IGNORECASE)


def _normalise(line: str) -> str:
    """A heading as compared: markup and a trailing colon gone, spaces collapsed, apostrophes straight."""
    line = _TRAIL.sub("", _LEAD.sub("", line)).replace("’", "'").casefold()
    return " ".join(line.split())


class PostingText:
    """The posting's lines, each with the section it is in, and the clauses that cues reach over."""

    def __init__(self, text: str, patterns: PostingPatterns, mentions: Iterable[int] = ()) -> None:
        """`mentions`: where skills are named; a line naming one is never a heading by its cues alone."""
        self.text = text
        self.patterns = patterns
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        named = {self.line_of(start) for start in mentions}
        self._ends: dict[int, tuple[list[int], list[int]]] = {}
        self._clause_cues: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        # per line: required, preferred, duty, ignored, header or other (before any heading, after the header)
        self.sections: list[str] = []
        self.headings: dict[int, str] = {}  # heading lines, and the kind of section each opens
        section = "other"
        self._names = [_normalise(self.line(number)) for number in range(len(self.starts))]  # each line as a heading
        header = self._header_lines()
        for number in range(len(self.starts)):
            line = self.line(number)
            kind = self._heading_kind(number, number not in named and self._opens_paragraph(number))
            if kind is not None:
                self.headings[number] = kind
                section = kind
                self.sections.append(kind)
                continue
            self.sections.append("header" if number in header else self._inline_kind(line) or section)

    def line(self, number: int) -> str:
        end = self.starts[number + 1] - 1 if number + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[number]:end]

    def line_span(self, number: int) -> tuple[int, int]:
        return self.starts[number], self.starts[number] + len(self.line(number))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _header_lines(self) -> set[int]:
        """The lines of the posting's first block (up to its first blank line) when they only name the job, the
        company and the place: short, no sentence, no known heading, and more of the posting below them."""
        lines: set[int] = set()
        for number in range(len(self.starts)):
            line = self.line(number).strip()
            if not line:
                if lines:
                    return lines if number + 1 < len(self.starts) else set()
                continue
            name = self._names[number]
            if (name in self.patterns.headings or len(line.split()) > _MAX_HEADER_WORDS
                    or _SENTENCE_END.search(line)):
                return set()
            bare = _LEAD.sub("", line).strip("*_ ")
            head, colon, rest = bare.partition(":")
            if colon and rest.strip("*_ ") and not (self.patterns.ignored_field.match(bare)
                                                    or self.patterns.title_field.match(bare.replace("*", ""))):
                return lines  # "Experience: 3-5 years" says what the job needs: the header ends above it
            lines.add(number)
        return set()  # one block: all of it may be requirements

    def _inline_kind(self, line: str) -> str | None:
        """The kind of a line that opens with its own heading ("Nice to have: Spark", "About us: ...") or names
        the company or the place ("Location: Pune"); None for any other line."""
        stripped = _LEAD.sub("", line).lstrip("*_ ")
        if self.patterns.ignored_field.match(stripped):
            return "ignored"
        head, colon, rest = stripped.partition(":")
        if not colon or not rest.strip():
            return None
        name = _normalise(head)
        if name in self.patterns.headings:
            return self.patterns.headings[name]
        return "ignored" if self.patterns.ignored_start.match(name) and len(name.split()) <= 3 else None

    def _opens_paragraph(self, number: int) -> bool:
        """Whether the line stands above a block of its own: a blank line (or the start) before it, text after."""
        before = number == 0 or not self.line(number - 1).strip()
        return before and number + 1 < len(self.starts) and bool(self.line(number + 1).strip())

    def _heading_kind(self, number: int, opens_paragraph: bool = False) -> str | None:
        """The section a heading line opens; None for a line that is no heading. A short line ending in ":" or
        marked as a heading ("## ...", "**...**") that names no known section opens one by its cues ("other"
        without any); so does a short line above a block of its own ("We'd love you to have") that holds a cue."""
        name = self._names[number]
        if not name or len(name.split()) > _MAX_HEADING_WORDS:
            return None
        if name in self.patterns.headings:
            return self.patterns.headings[name]
        if (self.patterns.ignored_start.match(name) and len(name.split()) <= _MAX_START_HEADING_WORDS
                and not _SENTENCE_END.search(name)):
            return "ignored"
        stripped = self.line(number).strip()
        marked = stripped.endswith(":") or stripped.startswith("#") or (stripped.startswith("**")
                                                                         and stripped.endswith("**"))
        if len(name.split()) > 5 or not (marked or opens_paragraph and not _SENTENCE_END.search(stripped)):
            return None
        if self.patterns.preferred_cues.search(name):
            return "preferred"
        if self.patterns.required_cues.search(name):
            return "required"
        return "other" if marked else None

    def trimmed(self, start: int, end: int) -> int:
        """The end of text[start:end] less a full stop, comma or colon that ends it (a mention of "XGBoost." at a
        sentence's end)."""
        while end - 1 > start and self.text[end - 1] in ".,;:":
            end -= 1
        return end

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause around text[start:end]: from the last ";", "!", "?" or full stop before it (or the line's
        start) to the next one after it (or the line's end)."""
        end = self.trimmed(start, end)
        number = self.line_of(start)
        line_start = self.starts[number]
        starts, ends = self._clause_ends(number)  # where each clause end on the line starts and ends, in order
        before = bisect.bisect_right(ends, start - line_start) - 1
        after = bisect.bisect_left(starts, end - line_start)
        begin = ends[before] if before >= 0 else 0
        finish = starts[after] if after < len(starts) else len(self.line(number))
        return line_start + begin, line_start + finish

    def _clause_ends(self, number: int) -> tuple[list[int], list[int]]:
        """Found once per line: a long line with many mentions stays linear."""
        if number not in self._ends:
            found = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(self.line(number))]
            self._ends[number] = [s for s, _ in found], [e for _, e in found]
        return self._ends[number]

    def required(self, start: int, end: int) -> bool:
        """Whether the mention at text[start:end] is required: the cue nearest it in its clause decides (a
        preferred one on a tie), else its section (a "Nice to have" list is preferred, any other required)."""
        best: tuple[int, int] | None = None  # (distance, 0 preferred | 1 required)
        for cue_start, cue_end, rank in self._cues(*self.clause(start, end)):
            if cue_start < end and cue_end > start:
                continue  # the mention itself
            distance = start - cue_end if cue_end <= start else cue_start - end
            if best is None or (distance, rank) < best:
                best = (distance, rank)
        if best is not None:
            return best[1] == 1
        return self.sections[self.line_of(start)] != "preferred"

    def _cues(self, begin: int, finish: int) -> list[tuple[int, int, int]]:
        """(start, end, 0 preferred | 1 required) of each cue in the clause text[begin:finish]; found once per
        clause, however many mentions it holds."""
        if (begin, finish) not in self._clause_cues:
            self._clause_cues[begin, finish] = [
                (m.start(), m.end(), rank)
                for rank, cues in enumerate((self.patterns.preferred_cues, self.patterns.required_cues))
                for m in cues.finditer(self.text, begin, finish)]
        return self._clause_cues[begin, finish]

    def counts(self, start: int) -> bool:
        """Whether a mention here can be a requirement: not in a heading, nor in a section about the company."""
        number = self.line_of(start)
        return number not in self.headings and self.sections[number] not in _SILENT

    def evidence(self, start: int, end: int) -> Evidence:
        """text[start:end] as evidence, less a full stop, comma or colon that ends it; its section as the
        posting's ("requirements" before any heading)."""
        end = self.trimmed(start, end)
        number = self.line_of(start)
        section = self.sections[number]
        return Evidence(self.text[start:end], start, end, number + 1,
                        "requirements" if section == "other" else section)

    def clause_span(self, start: int, end: int) -> tuple[int, int]:
        """The clause around text[start:end], without list markup and surrounding spaces."""
        begin, finish = self.clause(start, end)
        piece = self.text[begin:finish]
        lead = _LEAD.match(piece).end() if begin == self.starts[self.line_of(start)] else len(piece) - len(
            piece.lstrip())
        lead = min(lead, start - begin)  # never past the mention itself
        return begin + lead, begin + len(piece.rstrip())


def extract_posting(document: Document, *, skills_dir: Path = SKILLS_DIR, max_chars: int = MAX_TEXT_CHARS) -> Posting:
    """The requirements of a job posting, as read (read.py) from any format, with their evidence."""
    profile = extract_document(document, skills_dir=skills_dir, max_chars=max_chars, posting=True)
    return posting_from_profile(profile, skills_dir)


def posting_from_profile(profile: Profile, skills_dir: Path = SKILLS_DIR) -> Posting:
    patterns = load_posting_patterns(skills_dir)
    text = PostingText(profile.text, patterns, (e.start for hit in profile.skills for e in hit.evidence))
    title, title_span = _title(text, profile)
    degree_mentions = _degree_mentions(text, profile, skills_dir)
    degree, levels, fields, related = _degree_requirement(text, degree_mentions, skills_dir)
    certifications = _certification_requirements(text, profile)
    # a field of study is no skill ("Statistics or a related field"), nor a certificate's words ("AWS Certified"),
    # nor a job title's ("a BI Analyst", "as a data analyst")
    taken = [(start, end) for _, start, end in _field_spans(text, degree_mentions, skills_dir)]
    taken += [(c.start, c.end) for c in profile.certifications] + [(t.start, t.end) for t in profile.titles]
    skills = _skill_requirements(text, profile, skills_dir, title_span, taken)
    years, low, high = _years_requirement(text)
    requirements = tuple(sorted([*skills, *degree, *years, *certifications], key=lambda r: (r.evidence.start, r.id)))
    thin_below = load_settings(skills_dir).posting.thin_below
    warnings = []
    if len(requirements) < thin_below:
        warnings.append(f"This posting names only {len(requirements)} requirement"
                        f"{'' if len(requirements) == 1 else 's'} rolematch can read (fewer than {thin_below}): too "
                        "thin to judge a fit; read the posting yourself.")
    if title_span is None:
        warnings.append("No job title was found in the posting: the role is called by the file's name.")
    job_titles = tuple(dict.fromkeys(t.title for t in profile.titles
                                     if title_span is not None and _overlaps([title_span], t.start, t.end)))
    topics = tuple(dict.fromkeys(topic for c in profile.certifications if text.counts(c.start) for topic in c.topics))
    return Posting(profile.source, title, requirements, min_degree=levels[0], preferred_degree=levels[1],
                   degree_fields=fields, related_fields=related, job_titles=job_titles,
                   certification_topics=topics, min_years=low, max_years=high,
                   thin=len(requirements) < thin_below, warnings=tuple(warnings))


def _title(text: PostingText, profile: Profile) -> tuple[str, tuple[int, int] | None]:
    """The job's title and where it stands: a "Job title:" field or the first line that reads as a title (short,
    no sentence, no section heading), cut at " - Company" or " | Location", with that whole line; else the first
    job title named, with just its own words ("We need a Data Scientist. Must have: Python" keeps Python)."""
    lines = range(len(text.starts))
    for number in lines:
        line = _LEAD.sub("", text.line(number)).strip().strip("*").strip()
        m = text.patterns.title_field.match(line)
        if m and (title := _cut_title(m.group("title"), text.patterns)):
            return title, text.line_span(number)
    for number in lines:
        line = text.line(number).strip()
        if not line or text.headings.get(number, "other") != "other":
            continue
        name = _TRAIL.sub("", _LEAD.sub("", line)).strip().strip("*").strip()
        if name and len(name.split()) <= _MAX_TITLE_WORDS and not _SENTENCE_END.search(name):
            mention = next((t for t in profile.titles if t.line == number + 1), None)
            cut = _cut_title(name, text.patterns)
            if mention is not None:
                return (cut if mention.text.casefold() in cut.casefold() else mention.text), text.line_span(number)
            if text.sections[number] == "header" and cut:
                return cut, text.line_span(number)  # an unknown title ("Site Engineer") where a title stands
        break  # the first line is no title: the title is elsewhere, if anywhere
    if profile.titles:
        first = profile.titles[0]
        return first.text, (first.start, first.end)
    return Path(profile.source).stem.replace("_", " ").replace("-", " ").strip() or "Job posting", None


def _cut_title(title: str, patterns: PostingPatterns) -> str:
    cut = title
    for separator in patterns.title_separators:
        index = cut.casefold().find(separator.casefold())
        if index > 0:
            cut = cut[:index]
    cut = cut.strip(" *_:-–—").strip()
    for _ in range(2):  # "Urgent opening: Data Analyst wanted"
        cut = patterns.title_noise.sub("", cut).strip(" *_:-–—")
    return cut


def _skill_requirements(text: PostingText, profile: Profile, skills_dir: Path, title_span: tuple[int, int] | None,
                        taken: list[tuple[int, int]]) -> list[Requirement]:
    """Each skill the posting names outside headings, its title, sections about the company and the `taken`
    spans (fields of study, certificates, job titles): required when any mention is, with the first mention of
    that standing as evidence."""
    taxonomy = load_taxonomy(skills_dir)
    spans = _merged(taken + ([title_span] if title_span else []))
    requirements = []
    for hit in profile.skills:
        mentions = [e for e in hit.evidence if text.counts(e.start) and not _overlaps(spans, e.start, e.end)]
        if not mentions:
            continue
        first_required = next((e for e in mentions if text.required(e.start, e.end)), None)
        shown = first_required or mentions[0]
        kind = "language" if taxonomy[hit.id].category == "language" else "skill"
        requirements.append(Requirement(kind, hit.id, hit.name, first_required is not None,
                                        text.evidence(shown.start, shown.end)))
    return requirements


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans as disjoint ones in order: one bisect then tells whether a mention overlaps any."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(merged: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(merged, end, key=lambda span: span[0]) - 1  # the last span starting before `end`
    return i >= 0 and merged[i][1] > start


def _years_requirement(text: PostingText) -> tuple[list[Requirement], float | None, float | None]:
    """The years of experience the posting asks for: among the statements of years about experience (the clause
    says "experience", or the words after the years say what they are of: "4+ years in DevOps"), the largest
    required one ("5+ years, 2 of them in ML": 5), else the smallest preferred one."""
    patterns = text.patterns
    found = []  # (required, low, high, start, end)
    for m in _years_statements(text):
        # a header line may say the years ("Python Developer | 5 to 8 yrs | Chennai"), nothing else it asks for
        header = text.sections[text.line_of(m.start())] == "header"
        if not (header or text.counts(m.start())):
            continue
        begin, finish = text.clause(m.start(), m.end())
        if not (header or patterns.experience_words.search(text.text[begin:finish])
                or patterns.years_followers.match(text.text, m.end())):
            continue
        low, high = _year_bounds(m, patterns.numbers)
        # "0-2 years" (freshers welcome) asks for none; "0 years" alone says nothing
        if low is None or not (0 < low or high is not None) or low > _MAX_YEARS or (
                high is not None and not low < high <= _MAX_YEARS):
            continue
        found.append((text.required(m.start(), m.end()), low, high, m.start(), m.end()))
    if not found:
        return [], None, None
    required = [f for f in found if f[0]]
    chosen = max(required, key=lambda f: (f[1], -f[3])) if required else min(found, key=lambda f: (f[1], f[3]))
    is_required, low, high, start, end = chosen
    name = f"{low:g}–{high:g} years of experience" if high is not None else f"{low:g}+ years of experience"
    return [Requirement("experience", "years", name, is_required, text.evidence(start, end))], low, high


def _years_statements(text: PostingText) -> Iterator[re.Match]:
    """patterns.years' matches, looked for only around the lines that name a unit ("years", "yrs"), from the line
    before (a statement broken over two lines) to the line's end: the long regex tried at every position of the
    posting was a tenth of its reading."""
    windows: list[list[int]] = []
    for m in text.patterns.year_unit.finditer(text.text):
        number = text.line_of(m.start())
        start = text.starts[max(number - 1, 0)]
        end = text.starts[number + 1] if number + 1 < len(text.starts) else len(text.text)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from text.patterns.years.finditer(text.text, start, end)


def _year_bounds(m: re.Match, numbers: dict[str, int]) -> tuple[float | None, float | None]:
    def value(group: str | None) -> float | None:
        if group is None:
            return None
        word = group.casefold()
        return float(numbers[word]) if word in numbers else float(word)

    if m.group("low") is not None:
        return value(m.group("low")), value(m.group("high"))
    return value(m.group("floor") or m.group("plus") or m.group("plain")), None


@dataclass(frozen=True, slots=True)
class FieldFinder:
    """The fields of study of skills/patterns/degrees.yml, found in one pass per case rule: the loose forms in any
    case, the strict ones ("CS", "IT") as written only."""

    loose: re.Pattern[str]
    strict: re.Pattern[str]
    values: dict[str, str]  # a form as matched (normalised: see _form_key) -> its field

    def finditer(self, text: str):
        """(field, start, end) for each field named in text."""
        for regex in (self.loose, self.strict):
            for m in regex.finditer(text):
                yield self.values[_form_key(m.group())], m.start(), m.end()


def _form_key(form: str) -> str:
    return " ".join(form.replace("’", "'").casefold().split())


@functools.lru_cache(maxsize=None)
def _field_finder(skills_dir: Path) -> FieldFinder:
    forms = load_patterns(skills_dir).field_forms
    values = {}
    for form in forms:
        values.setdefault(_form_key(form.text), form.value)
    # the loose forms are many: grouped by their first letter (words_regex), several times faster per line
    return FieldFinder(words_regex([f.text for f in forms if not f.strict]),
                       _forms_regex([f.text for f in forms if f.strict], capitals=True), values)


def _degree_mentions(text: PostingText, profile: Profile, skills_dir: Path) -> list[tuple[str, int, int]]:
    """The degrees the posting names, (level, start, end) in text order: the resume recogniser's, a posting's own
    level words ("BS/MS", "Master's preferred"), and "a degree in Computer Science" (a bachelor's). A short form
    in capitals alone ("MS", "BA") counts only beside a field or the word "degree"."""
    patterns = text.patterns
    recognised: dict[int, list[tuple[str, int, int]]] = {}
    for d in profile.degrees:
        if d.level != "school":
            recognised.setdefault(text.line_of(d.start), []).append((d.level, d.start, d.end))
    fields = _field_finder(data_folder(skills_dir))
    named: dict[int, list[tuple[str, int, int]]] = {}  # one pass over the text per form list, not one per line
    loose = set(recognised)
    for regex, capitals in patterns.degree_forms:
        for m in regex.finditer(text.text):
            number = text.line_of(m.start())
            named.setdefault(number, []).append((patterns.degree_levels[_form_key(m.group())], m.start(), m.end()))
            if not capitals:
                loose.add(number)
    words: dict[int, re.Match] = {}
    for m in patterns.degree_words.finditer(text.text):
        words.setdefault(text.line_of(m.start()), m)
    mentions = []
    for number in sorted({*recognised, *named, *words}):
        if not text.counts(text.starts[number]):
            continue
        levels = [*recognised.get(number, ()), *named.get(number, ())]
        word = words.get(number)
        has_field = next(fields.finditer(text.line(number)), None) is not None
        if number not in loose and not has_field and not word:
            continue
        if not levels:
            if not has_field:
                continue
            levels.append(("bachelor", word.start(), word.end()))
        mentions += levels
    return sorted(set(mentions), key=lambda m: (m[1], m[2]))


def _field_spans(text: PostingText, mentions, skills_dir: Path) -> list[tuple[str, int, int]]:
    """The fields of study named in the clauses of these degree mentions, (field, start, end) in text order; none
    from a clause that takes any field ("Graduate in any discipline")."""
    spans: dict[tuple[str, int, int], None] = {}
    clauses = dict.fromkeys(text.clause(start, end) for _, start, end in mentions)
    for begin, finish in clauses:
        clause = text.text[begin:finish]
        if text.patterns.any_field.search(clause):
            continue
        for value, start, end in _field_finder(data_folder(skills_dir)).finditer(clause):
            spans[(value, begin + start, begin + end)] = None
    return sorted(spans, key=lambda f: (f[1], f[2]))


def _degree_requirement(text: PostingText, mentions: list[tuple[str, int, int]], skills_dir: Path
                        ) -> tuple[list[Requirement], tuple[str | None, str | None], tuple[str, ...], bool]:
    """The degree the posting asks for: its lowest level among the required mentions, the highest one mentioned
    as the preferred, the fields named beside the required ones (in order), and whether "or a related field"
    opens them up."""
    if not mentions:
        return [], (None, None), (), False
    patterns = text.patterns
    flagged = [(level, start, end, text.required(start, end)) for level, start, end in mentions]
    considered = [m for m in flagged if m[3]] or flagged
    lowest = min(considered, key=lambda m: (DEGREE_LEVELS.index(m[0]), m[1]))
    highest = max(DEGREE_LEVELS.index(m[0]) for m in flagged)
    fields = tuple(dict.fromkeys(value for value, _, _ in _field_spans(text, [m[:3] for m in considered],
                                                                      skills_dir)))
    clauses = [text.text[slice(*text.clause(start, end))] for _, start, end, _ in considered]
    related = any(patterns.related_field.search(c) for c in clauses)
    optional = any(patterns.degree_optional.search(c) for c in clauses)
    level = lowest[0]
    requirement = Requirement("degree", level, _degree_name(level, fields, related), lowest[3] and not optional,
                              text.evidence(*text.clause_span(lowest[1], lowest[2])))
    return [requirement], (level, DEGREE_LEVELS[max(highest, DEGREE_LEVELS.index(level))]), fields, related


_LEVEL_NAMES = {"diploma": "Diploma", "associate": "Associate degree", "bachelor": "Bachelor's degree",
                "master": "Master's degree", "doctorate": "Doctorate"}


def _degree_name(level: str, fields: tuple[str, ...], related: bool) -> str:
    if not fields:
        return _LEVEL_NAMES[level]
    listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " or " + fields[-1]
    return f"{_LEVEL_NAMES[level]} in {listed}" + (" or a related field" if related else "")


def _certification_requirements(text: PostingText, profile: Profile) -> list[Requirement]:
    requirements: dict[str, Requirement] = {}
    for cert in profile.certifications:
        if not text.counts(cert.start):
            continue
        key = re.sub(r"[^a-z0-9]+", "-", cert.name.casefold()).strip("-") or "certification"
        if key not in requirements:
            requirements[key] = Requirement("certification", key, cert.name, text.required(cert.start, cert.end),
                                            text.evidence(cert.start, cert.end))
    return list(requirements.values())
