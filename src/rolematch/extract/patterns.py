"""The pattern files under skills/patterns/, validated on load (errors name file, entry and fix)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import DataFileError, DataFileErrors
from ..models import DEGREE_LEVELS
from ..resources import SKILLS_DIR, data_folder, load_yaml
from ..taxonomy import normalise_key


@dataclass(frozen=True, slots=True)
class Form:
    """One surface form of a degree or field: `strict` forms match only as written and only in context."""

    text: str
    value: str
    strict: bool


@dataclass(frozen=True, slots=True)
class InlinePattern:
    """A personal-detail statement anywhere in the text, and how much around it is the detail."""

    kind: str
    regex: re.Pattern[str]
    scope: Literal["phrase", "clause", "sentence"]
    words: tuple[str, ...]  # case-folded; a text without any of them cannot match


@dataclass(frozen=True)
class Patterns:
    headings: dict[str, str]              # normalised heading -> section
    list_labels: frozenset[str]
    hedges: tuple[str, ...]
    negations: tuple[str, ...]
    neutral_cues: tuple[str, ...]
    hedge_after: frozenset[str]
    clause_breaks: frozenset[str]
    veto_before: frozenset[str]
    veto_next_chars: tuple[str, ...]
    veto_initials: bool
    veto_after: frozenset[str]
    list_separators: frozenset[str]
    degree_forms: tuple[Form, ...]        # value = level
    degree_context: frozenset[str]
    degree_veto_next: frozenset[str]
    degree_veto_before: frozenset[str]    # "Smith & Associates": a strict form after one names a firm
    institution_words: frozenset[str]     # "University", "College": a strict form before one is a degree
    school_words: frozenset[str]          # "Vidyalaya", "High School": an institution that is a school
    place_words: frozenset[str]           # "State", "Sri": a written "field" holding one names a place
    field_forms: tuple[Form, ...]         # value = field name
    implied_fields: dict[str, str]        # normalised degree form -> field
    titles: dict[str, str]                # form -> canonical title
    seniority: dict[str, str]             # word -> seniority
    generic_heads: frozenset[str]
    title_labels: tuple[str, ...]         # "Designation: ...", "Role - ...": the value is a job title as written
    headline_heads: frozenset[str]        # last words of a headline under the name that make it a job title
    personal_labels: dict[str, str]       # label -> kind
    personal_separators: tuple[str, ...]
    personal_unseparated: tuple[str, ...]  # labels that need no separator
    personal_inline: tuple[InlinePattern, ...]
    cert_triggers: tuple[str, ...]
    cert_issuers: dict[str, str]          # alias -> issuer
    cert_topics: dict[str, str]           # alias -> topic
    named_certs: tuple[tuple[str, str, str | None, tuple[str, ...]], ...]  # (form, name, issuer, topics)


class _Reader:
    """Collects every problem of a pattern file before raising, so one run shows them all."""

    def __init__(self, path: Path, errors: list[DataFileError]) -> None:
        self.path = path
        self.errors = errors
        self.raw = load_yaml(path) or {}
        if not isinstance(self.raw, dict):
            self.fail("file", "is not a mapping", "write `key: value` entries at the top level")
            self.raw = {}

    def fail(self, entry: str, problem: str, fix: str) -> None:
        self.errors.append(DataFileError(self.path, entry, problem, fix))

    def strings(self, value: Any, entry: str, strip: bool = True) -> tuple[str, ...]:
        """strip=False keeps white space that means something (a tab separator)."""
        if isinstance(value, list) and any(isinstance(v, bool) for v in value):
            self.fail(entry, "holds a YAML boolean (no, yes, on, off are read as true/false)", 'quote it: "no"')
            return ()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and (str(v).strip() if strip else str(v).strip(" "))
                                              for v in value):
            self.fail(entry, "is not a list of strings", f"write `{entry}: [a, b]`")
            return ()
        return tuple(str(v).strip() if strip else str(v) for v in value)

    def get_list(self, key: str) -> tuple[str, ...]:
        return self.strings(self.raw.get(key), key)

    def mapping(self, key: str) -> dict:
        value = self.raw.get(key)
        if not isinstance(value, dict) or not value:
            self.fail(key, "missing or not a mapping", f"write `{key}:` followed by `name: [forms]` entries")
            return {}
        return value

    def forms(self, value: Any, entry: str, target: str) -> list[Form]:
        forms = []
        if not isinstance(value, list):
            self.fail(entry, "is not a list", "write `[form, {form: X, strict: true}]`")
            return forms
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                forms.append(Form(item.strip(), target, strict=False))
            elif isinstance(item, dict) and isinstance(item.get("form"), str) and set(item) <= {"form", "strict"}:
                forms.append(Form(item["form"].strip(), target, strict=bool(item.get("strict", False))))
            else:
                self.fail(f"{entry}[{i}]", f"{item!r} is not a form", "write a string or `{form: X, strict: true}`")
        return forms


def heading_key(line: str) -> str:
    """A heading as compared: bullets, numbering, a trailing colon or "(5 years)" dropped, "&" read as "and",
    letter-spaced words ("E X P E R I E N C E") joined, spaces collapsed, casefolded."""
    line = _HEADING_TAIL.sub("", _HEADING_JUNK.sub(" ", line))
    if _SPACED_LETTERS.fullmatch(line.strip()):
        line = line.replace("  ", "\0").replace(" ", "").replace("\0", " ")
    return " ".join(line.replace("&", " and ").split()).casefold()


_HEADING_JUNK = re.compile(r"^[\W\d_]+|[:\-–—_=*#.]+\s*$")
_HEADING_TAIL = re.compile(r"\s*\([^)]*\)\s*$")
# Letters one space apart within a word, words two or more spaces (or a tab) apart: each character can be read one
# way only, so a long line of spaced letters that is no heading ("a b c d ... !") fails in linear time (the former
# "(?:\w ){3,}\w(?:\s+(?:\w ){1,}\w)*" let a single space be either, and backtracked exponentially).
_SPACED_LETTERS = re.compile(r"\w(?: \w){3,}(?:(?: {2,}|\s*\t\s*)\w(?: \w)+)*")


def load_patterns(skills_dir: Path | str = SKILLS_DIR) -> Patterns:
    return _load_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_patterns(skills_dir: Path) -> Patterns:
    folder = skills_dir / "patterns"
    errors: list[DataFileError] = []

    sections = _Reader(folder / "sections.yml", errors)
    headings: dict[str, str] = {}
    for section, names in sections.mapping("sections").items():
        for name in sections.strings(names, f"sections.{section}"):
            headings[heading_key(name)] = str(section)

    cues = _Reader(folder / "cues.yml", errors)
    ambiguity = _Reader(folder / "ambiguity.yml", errors)

    degrees = _Reader(folder / "degrees.yml", errors)
    degree_forms, field_forms, implied_fields = _degrees(degrees)

    titles_file = _Reader(folder / "titles.yml", errors)
    titles, seniority = _titles(titles_file)

    personal = _Reader(folder / "personal.yml", errors)
    personal_labels = {label.casefold(): str(kind) for kind, labels in personal.mapping("labels").items()
                       for label in personal.strings(labels, f"labels.{kind}")}

    personal_inline = _personal_inline(personal)

    certs = _Reader(folder / "certifications.yml", errors)
    issuers, topics, named = _certifications(certs)

    patterns = Patterns(
        headings=headings,
        list_labels=frozenset(heading_key(x) for x in sections.get_list("list_labels")),
        hedges=cues.get_list("hedge"), negations=cues.get_list("negation"), neutral_cues=cues.get_list("neutral"),
        hedge_after=frozenset(w.casefold() for w in cues.get_list("hedge_after")),
        clause_breaks=frozenset(w.casefold() for w in cues.get_list("clause_breaks")),
        veto_before=frozenset(w.casefold() for w in ambiguity.get_list("veto_before")),
        veto_next_chars=ambiguity.get_list("veto_next_chars"),
        veto_initials=bool(ambiguity.raw.get("veto_initials", True)),
        veto_after=frozenset(w.casefold() for w in ambiguity.get_list("veto_after")),
        list_separators=frozenset(w.casefold() for w in ambiguity.get_list("list_separators")) | {"\n"},
        degree_forms=tuple(degree_forms),
        degree_context=frozenset(w.casefold() for w in degrees.get_list("strict_context")),
        degree_veto_next=frozenset(w.casefold() for w in degrees.get_list("strict_veto_next")),
        degree_veto_before=frozenset(w.casefold() for w in degrees.get_list("strict_veto_before")),
        institution_words=frozenset(w.casefold() for w in degrees.get_list("institution_words")),
        school_words=frozenset(w.casefold() for w in degrees.get_list("school_words")),
        place_words=frozenset(w.casefold() for w in degrees.get_list("place_words")),
        field_forms=tuple(field_forms), implied_fields=implied_fields,
        titles=titles, seniority=seniority,
        generic_heads=frozenset(w.casefold() for w in titles_file.get_list("generic_heads")),
        title_labels=titles_file.get_list("field_labels"),
        headline_heads=frozenset(w.casefold() for w in titles_file.get_list("headline_heads")),
        personal_labels=personal_labels, personal_separators=personal.strings(personal.raw.get("separators"), "separators", strip=False),
        personal_unseparated=tuple(label.casefold() for label in personal.get_list("unseparated")),
        personal_inline=personal_inline,
        cert_triggers=certs.get_list("triggers"), cert_issuers=issuers, cert_topics=topics,
        named_certs=tuple(named),
    )
    if errors:
        raise DataFileErrors(errors)
    return patterns


def _degrees(degrees: _Reader) -> tuple[list[Form], list[Form], dict[str, str]]:
    """Degree forms by level, field forms, and the fields a bare degree implies ("MBA" -> Business Administration)."""
    degree_forms: list[Form] = []
    for level, forms in degrees.mapping("levels").items():
        if level not in DEGREE_LEVELS:
            degrees.fail(f"levels.{level}", "unknown level", f"use one of {list(DEGREE_LEVELS)}")
            continue
        degree_forms += degrees.forms(forms, f"levels.{level}", level)
    field_forms: list[Form] = []
    for field, forms in degrees.mapping("fields").items():
        field_forms += degrees.forms(forms, f"fields.{field}", str(field))
    implied_fields = {normalise_key(k): str(v) for k, v in degrees.mapping("implied_fields").items()}
    known_degrees = {normalise_key(f.text) for f in degree_forms}
    for form in implied_fields:
        if form not in known_degrees:
            degrees.fail(f"implied_fields.{form}", "names no degree form", "add the form under `levels:` or remove it")
    return degree_forms, field_forms, implied_fields


def _titles(titles_file: _Reader) -> tuple[dict[str, str], dict[str, str]]:
    """Each title form (casefolded) -> its canonical title; each seniority word -> its level."""
    titles: dict[str, str] = {}
    for canonical, forms in titles_file.mapping("titles").items():
        for form in (str(canonical), *titles_file.strings(forms, f"titles.{canonical}")):
            if titles.setdefault(form.casefold(), str(canonical)) != canonical:
                titles_file.fail(f"titles.{canonical}", f"form {form!r} also belongs to {titles[form.casefold()]!r}",
                                 "keep each form under one title")
    seniority = {w.casefold(): str(level) for level, words in titles_file.mapping("seniority").items()
                 for w in titles_file.strings(words, f"seniority.{level}")}
    return titles, seniority


def _certifications(certs: _Reader) -> tuple[dict[str, str], dict[str, str], list[tuple]]:
    """Issuer and topic aliases, and the named certificates (form, name, issuer, topics)."""
    issuers = {a.casefold(): str(issuer) for issuer, aliases in certs.mapping("issuers").items()
               for a in certs.strings(aliases, f"issuers.{issuer}")}
    topics = {a.casefold(): str(topic) for topic, aliases in certs.mapping("topics").items()
              for a in certs.strings(aliases, f"topics.{topic}")}
    named = []
    for i, entry in enumerate(certs.raw.get("named") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            certs.fail(f"named[{i}]", "needs a name", "write `- name: ...` with forms, issuer and topics")
            continue
        entry_topics = certs.strings(entry.get("topics", []), f"named[{i}].topics")
        for topic in entry_topics:
            if topic not in set(topics.values()):
                certs.fail(f"named[{i}].topics", f"unknown topic {topic!r}", f"use one of {sorted(set(topics.values()))}")
        for form in certs.strings(entry.get("forms"), f"named[{i}].forms"):
            named.append((form.casefold(), entry["name"], entry.get("issuer"), entry_topics))
    return issuers, topics, named


_SCOPES = ("phrase", "clause", "sentence")


def _personal_inline(personal: _Reader) -> tuple[InlinePattern, ...]:
    """The inline statements of personal.yml: each regex compiled and checked to run in linear time."""
    found = []
    for kind, entry in personal.mapping("inline").items():
        where = f"inline.{kind}"
        if not isinstance(entry, dict) or set(entry) - {"scope", "patterns", "words"}:
            personal.fail(where, "is not a mapping of scope, words and patterns",
                          "write `scope: clause`, `words: [...]` and `patterns: [...]`")
            continue
        words = tuple(w.casefold() for w in personal.strings(entry.get("words"), f"{where}.words"))
        scope = entry.get("scope")
        if scope not in _SCOPES:
            personal.fail(f"{where}.scope", f"{scope!r} is not a scope", f"use one of {list(_SCOPES)}")
            continue
        for i, source in enumerate(personal.strings(entry.get("patterns"), f"{where}.patterns")):
            try:
                regex = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                personal.fail(f"{where}.patterns[{i}]", f"{source!r} is not a regular expression ({exc})",
                              "fix the expression; single-quote it in YAML so backslashes stay as written")
                continue
            if _nested_repeat(source):
                personal.fail(f"{where}.patterns[{i}]", f"{source!r} repeats a group that itself repeats, which can "
                              "take exponential time", "bound the inner or the outer repeat, or list the forms")
                continue
            found.append(InlinePattern(str(kind), regex, scope, words))
    return tuple(found)


def _nested_repeat(source: str) -> bool:
    """Whether a regex holds an unbounded or wide repeat inside another repeat ("(a+)+", "(?:\\w+\\s?)*"): the
    shape that backtracks exponentially. A repeat of at most a few items ("\\W{0,3}") inside none is fine."""
    from re import _parser as parser  # the stdlib's own parser: the tree re.compile builds from

    repeats = {parser.MAX_REPEAT, parser.MIN_REPEAT, getattr(parser, "POSSESSIVE_REPEAT", None)} - {None}

    def walk(items, inside: bool) -> bool:
        for op, arg in items:
            if op in repeats:
                low, high, body = arg
                wide = high is parser.MAXREPEAT or high > 1
                if wide and inside:
                    return True
                if walk(body, inside or wide):
                    return True
            elif op is parser.SUBPATTERN:
                if walk(arg[-1], inside):
                    return True
            elif op is parser.BRANCH:
                if any(walk(branch, inside) for branch in arg[1]):
                    return True
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                if walk(arg[1], inside):
                    return True
        return False

    return walk(parser.parse(source), False)
