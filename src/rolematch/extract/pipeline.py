"""Build the spaCy pipeline once per process and turn its findings into a Profile."""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from ..errors import ReadError
from ..models import (Degree, Document, DocumentInfo, Evidence, ExperienceClaim, Profile, ReadingWarning,
                      SkillHit, Title)
from ..formats import Limits
from ..resources import SKILLS_DIR, data_folder, load_settings
from ..taxonomy import load_taxonomy
from . import components  # noqa: F401  (registers the factories)
from .common_words import english_frequencies
from .patterns import Form, load_patterns
from .private import candidate_name, private_spans

MAX_TEXT_CHARS = Limits().max_chars  # extracted text beyond this is rejected unless the caller allows more
_COMPONENTS = ("rolematch_layout", "rolematch_skills", "rolematch_degrees", "rolematch_titles",
               "rolematch_experience", "rolematch_certifications")


# spaCy's memory zones belong to the whole vocabulary: a thread extracting while another thread's zone ends would
# lose its words mid-document. One extraction at a time per process (it is CPU-bound: threads running side by side
# gain nothing); reentrant, for a caller that holds a zone around many calls.
VOCABULARY_LOCK = threading.RLock()

# The permanent vocabulary's English words (wordfreq's most frequent, lower-case and capitalised, the first of them
# also in capitals: "EXPERIENCE"), chosen by measurement on 394 distinct real resumes: words made anew per resume
# 272 with no permanent vocabulary, 201 with the rolematch data's words alone, 142 / 125 / 112 / 107 with 5,000 /
# 10,000 / 20,000 / all 29,000 English words, for 0.5 / 0.8 / 1.3 / 1.9 s once and +15 / 20 / 33 / 41 MiB. Most
# of what is left is names, numbers, and words glued together by PDF text ("Responsiblefor").
ENGLISH_WORDS = 10_000
CAPITALS_WORDS = 1_000

# The lexical attributes rolematch reads: the phrase matchers compare LOWER, the skills component asks IS_PUNCT and
# IS_SPACE. spaCy computes twenty more (shape, prefix, suffix, norm, like_url ...) in Python for every new word, a
# third of the time a resume takes; they are not computed.
LEXICAL_ATTRIBUTES = ("LOWER", "IS_PUNCT", "IS_SPACE")


def _no_comma_before_dot(infix: str) -> str:
    """spaCy splits a full stop between a lower-case letter or a quote and an upper-case letter ("end.Next"), and
    counts "," among the quotes: a list written "C#,.NET" lost .NET to "." + "NET". The comma is taken out of that
    one rule's quotes; "," is an infix of its own anyway."""
    from spacy.lang.char_classes import ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES

    full_stop = r"(?<=[{al}{q}])\.(?=[{au}{q}])"
    if infix != full_stop.format(al=ALPHA_LOWER, au=ALPHA_UPPER, q=CONCAT_QUOTES):
        return infix
    quotes = CONCAT_QUOTES.replace(",", "")
    return full_stop.format(al=ALPHA_LOWER, au=ALPHA_UPPER, q=quotes)


def get_pipeline(skills_dir: Path = SKILLS_DIR, *, permanent_vocabulary: bool = True):
    """spacy.blank("en") with rolematch's tokenizer rules and components. Built once per process and data folder.

    permanent_vocabulary: also make, once, the words that most resumes share (see _add_permanent_vocabulary). That
    costs a few tenths of a second, paid back after a few hundred resumes: what a long-running process (a batch
    worker, the service) wants, but not a command that extracts one file. Made outside any memory zone only; asked
    for while this thread holds one, it is made at the next call outside it."""
    folder = data_folder(skills_dir)
    nlp = _build_pipeline(folder)
    if permanent_vocabulary:
        with VOCABULARY_LOCK:  # no other thread's zone open while the words are made, or they would be its to free
            if not nlp.vocab.in_memory_zone:
                _add_permanent_vocabulary(folder)
    return nlp


@functools.lru_cache(maxsize=None)
def _build_pipeline(skills_dir: Path):
    import spacy
    from spacy.attrs import IDS
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    nlp.max_length = 10**9  # every component is linear; extract_documents checks the caller's limit with a clear error
    kept = {IDS[name] for name in LEXICAL_ATTRIBUTES}
    nlp.vocab.lex_attr_getters = {attr: get for attr, get in nlp.vocab.lex_attr_getters.items() if attr in kept}
    defaults = nlp.Defaults
    bullets = r"[•●▪◦❖❑➢►■□✓✔➤→·\*]"
    # "C++/C#", "Python,R", "Spring(Basics)" and "•Python" must split into their parts before matching; "#" is a
    # suffix, so "C#" and "F#" are kept whole as special cases, as "C++" is. spaCy's emoticons (":-)") are left
    # out: no use in a resume, and they would read "(BE): 2019" as "(BE" "):" "2019". Made in one go: each change
    # to a spaCy tokenizer reloads all its special cases. spaCy caches a chunk's tokens ("Python," -> "Python" ",")
    # only outside a memory zone, and every extraction runs in one: its cache holds the permanent vocabulary and
    # nothing else (max_cache_size stays 0 but while that is made), so a caller that extracts outside any zone
    # cannot grow it.
    rules = {text: tokens for text, tokens in defaults.tokenizer_exceptions.items()
             if len(text) < 2 or any(c.isalnum() or c.isspace() for c in text)}
    nlp.tokenizer = Tokenizer(
        nlp.vocab, rules={**rules, **{s: [{ORTH: s}] for s in ("C#", "c#", "F#", "f#")}},
        prefix_search=compile_prefix_regex([*defaults.prefixes, bullets]).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex([*map(_no_comma_before_dot, defaults.infixes), r"/", r",", r"\|", r"\(",
                                            r"\)", bullets]).finditer,
        token_match=defaults.token_match, url_match=defaults.url_match, max_cache_size=0)
    for name in _COMPONENTS:
        nlp.add_pipe(name, config={"skills_dir": str(skills_dir)})
    return nlp


@functools.lru_cache(maxsize=None)
def _add_permanent_vocabulary(skills_dir: Path) -> int:
    """Make the lexemes of the words most resumes share outside any memory zone, so that they are permanent: a
    zone frees only the words first made inside it, and every other word is found, not made again. Without them
    each extraction made "the", "Experience" and "2019" anew (spaCy's slowest step: about twenty attribute
    functions in Python per word) and freed them at its end. Bounded: the rolematch data's words (skill names and
    aliases, patterns) as written, lower-case, capitalised and in capitals; the ENGLISH_WORDS most frequent English
    words; numbers, years, punctuation and line breaks. Each is tokenized on its own, which also puts it in the
    tokenizer's cache: a cached chunk skips the affix rules. Returns how many forms were tokenized."""
    nlp = _build_pipeline(skills_dir)
    tokenizer = nlp.tokenizer
    forms: dict[str, None] = {}

    def add(*variants: str) -> None:
        forms.update(dict.fromkeys(variants))

    for phrase in _data_phrases(skills_dir):
        add(phrase, phrase.lower(), phrase.title(), phrase.upper())
    frequencies = english_frequencies()
    for rank, word in enumerate(sorted(frequencies, key=lambda w: (-frequencies[w], w))[:ENGLISH_WORDS]):
        add(word, word[:1].upper() + word[1:], *([word.upper()] if rank < CAPITALS_WORDS else ()))  # not "Don'T"
    add(*map(str, range(101)), *map(str, range(1950, 2050)), *(f"0{n}" for n in range(10)))
    add(*"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~•●▪◦❖❑➢►■□✓✔➤→·–—‘’“”…©®™°")
    add(*(space * width for space in (" ", "\n", "\t") for width in range(1, 9)), "\n ", " \n")
    forms = [form for form in forms if form and form not in tokenizer.rules]  # special cases are kept apart anyway
    tokenizer.max_cache_size = len(forms) + 1
    try:
        for form in forms:  # one call each: after a special case spaCy caches nothing more of a text
            tokenizer(form)
    finally:
        tokenizer.max_cache_size = 0
    return len(forms)


def _data_phrases(skills_dir: Path) -> list[str]:
    """Every word and phrase the rolematch data names: skills, cues, headings, degrees, titles, certifications."""
    taxonomy = load_taxonomy(skills_dir)
    phrases = [form for skill in taxonomy.skills.values()
               for form in (*skill.surface_forms, *skill.context_aliases, *skill.cues)]

    def collect(value) -> None:
        if isinstance(value, str):
            phrases.append(value)
        elif isinstance(value, dict):
            for item in value.items():
                collect(item)
        elif isinstance(value, (tuple, list, frozenset, set)):
            for item in value:
                collect(item)
        elif isinstance(value, Form):
            phrases.append(value.text)

    patterns = load_patterns(skills_dir)
    for field in dataclasses.fields(patterns):
        collect(getattr(patterns, field.name))
    return phrases


def extract_documents(documents: Iterable[Document], *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                      max_chars: int = MAX_TEXT_CHARS, posting: bool = False) -> list[Profile]:
    """Profiles of many documents. Every new word would stay in spaCy's vocabulary for good, so a long-running
    service or a batch of thousands would grow without bound: the words first seen in this call are freed at its
    end (a memory zone; the profiles are plain Python objects), and the zone never outlives the call. One document
    alone does not make the permanent vocabulary (`rolematch score one.txt` would only wait for it); a process that
    goes on extracting calls get_pipeline() first (api.warm_up), or passes many documents at once.

    `posting`: the documents are job postings (posting.py reads their years from their own statements, and they
    belong to nobody): the work history, the candidate's name, private spans and reading warnings are not looked
    for."""
    documents = list(documents)
    nlp = get_pipeline(skills_dir, permanent_vocabulary=len(documents) > 1)
    as_of = as_of or date.today()
    for document in documents:
        if len(document.text) > max_chars:
            raise ReadError(document.source, "too-long", f"the text is {len(document.text):,} characters, over the "
                            f"{max_chars:,}-character limit: is this really one resume?")
    with VOCABULARY_LOCK, nlp.memory_zone():
        return [_extract(nlp, document, as_of, skills_dir, posting) for document in documents]


_RESUME_ONLY = frozenset({"rolematch_experience"})  # what a posting skips: its years are posting.py's


def _extract(nlp, document: Document, as_of: date, skills_dir: Path, posting: bool = False) -> Profile:
    doc = make_doc(nlp, document.text)
    doc.user_data[components.TEXT_KEY] = document.text  # spares each component rebuilding doc.text
    for name, component in nlp.pipeline:
        if not (posting and name in _RESUME_ONLY):
            doc = component(doc)
    profile = build_profile(doc, document.source, as_of, skills_dir, posting=posting)
    if posting:
        return profile  # how well a posting was read is no counsellor's concern: its requirements show it
    return dataclasses.replace(profile, document=document_info(document, profile, doc._.layout, skills_dir))


_LETTER_RUN = re.compile(r"[^\W\d_]+")
WARNING_ORDER = ("glued-words", "mojibake-repaired", "columns-detected", "few-words", "no-dates", "no-sections")


def glued_share(text: str, long_run: int) -> tuple[float, int]:
    """The share of the text's runs of `long_run` letters or more that are no English word (wordfreq's list),
    and how many runs there were: words a PDF ran together ("Responsiblefor", "dataanalyst") are such runs."""
    frequencies = english_frequencies()
    runs = [run.casefold() for run in _LETTER_RUN.findall(text) if len(run) >= long_run]
    if not runs:
        return 0.0, 0
    return sum(run not in frequencies for run in runs) / len(runs), len(runs)


def document_info(document: Document, profile: Profile, layout, skills_dir: Path = SKILLS_DIR) -> DocumentInfo:
    """The document's format, pages, length and warnings: the reader's and extraction's own, in WARNING_ORDER."""
    reading = load_settings(skills_dir).reading
    warnings = list(document.warnings)
    share, runs = glued_share(document.text, reading.long_run)
    if runs >= reading.glued_min_runs and share >= reading.glued_share:
        warnings.append(ReadingWarning("glued-words", f"{share:.0%} of its long words are no words (words ran "
                                                      "together), so some skills may be missing"))
    if "dates" in profile.not_found:
        warnings.append(ReadingWarning("no-dates", "no dates were found, so the years of experience are unknown"))
    if not layout.heading_lines:
        warnings.append(ReadingWarning("no-sections", "no section headings (Experience, Education, Skills) were "
                                                      "found"))
    warnings.sort(key=lambda w: WARNING_ORDER.index(w.code))
    return DocumentInfo(document.format, document.pages, len(document.text), tuple(warnings))


# spaCy's tokenizer strips a chunk's prefixes and suffixes one character at a time and searches the rest again after
# each, so a chunk of 20,000 "(" costs 50 s. No word of a resume is LONG_CHUNK long: such a chunk is tokenized in
# pieces of PIECE characters, where the cost (the square of a piece's length) stays small.
LONG_CHUNK = 200
PIECE = 32
_LONG_CHUNK = re.compile(rf"\S{{{LONG_CHUNK},}}")
_PIECES = re.compile(r"\S+|\s+")


def make_doc(nlp, text: str) -> Doc:
    """nlp.make_doc(text), in linear time whatever the text: the tokens are spaCy's own except inside a
    whitespace-free run of LONG_CHUNK characters or more, which is cut into pieces of PIECE characters first. The text,
    and so every offset, is unchanged."""
    if not _LONG_CHUNK.search(text):  # every real resume: spaCy's tokenizer as it is
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    for piece in _PIECES.findall(text):
        if piece[0].isspace():
            if piece[0] == " " and words and not spaces[-1]:  # one space after a token is its trailing space
                spaces[-1] = True
                piece = piece[1:]
            if not piece:
                continue
            parts = [piece]
        else:
            step = PIECE if len(piece) >= LONG_CHUNK else len(piece)
            parts = [piece[i:i + step] for i in range(0, len(piece), step)]
        for part in parts:
            doc = nlp.tokenizer(part)
            words += [t.text for t in doc]
            spaces += [bool(t.whitespace_) for t in doc]
    return Doc(nlp.vocab, words=words, spaces=spaces)


def extract_document(document: Document, *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                     max_chars: int = MAX_TEXT_CHARS, posting: bool = False) -> Profile:
    return extract_documents([document], as_of=as_of, skills_dir=skills_dir, max_chars=max_chars,
                             posting=posting)[0]


def build_profile(doc, source: str, as_of: date, skills_dir: Path = SKILLS_DIR, posting: bool = False) -> Profile:
    taxonomy = load_taxonomy(skills_dir)
    settings = load_settings(skills_dir)
    layout = doc._.layout
    text = layout.text

    def evidence(start: int, end: int, state: str = "stated") -> Evidence:
        line = layout.line_of(start)
        return Evidence(text[start:end], start, end, line + 1, layout.line_sections[line], state)

    by_skill: dict[str, list] = {}
    negated: dict[str, list] = {}
    degree_spans = [(m.start, m.end) for m in doc._.degree_mentions]
    for mention in doc._.skill_mentions:
        if any(s <= mention.start and mention.end <= e for s, e in degree_spans):
            continue  # "Electronics and Communication" is a field of study, not the soft skill
        target = negated if mention.state == "negated" else by_skill
        target.setdefault(mention.skill_id, []).append(mention)

    def hits(groups: dict[str, list]) -> tuple[SkillHit, ...]:
        result = []
        for skill_id, mentions in groups.items():
            skill = taxonomy[skill_id]
            mentions.sort(key=lambda m: m.start)
            match = "exact" if any(m.match == "exact" for m in mentions) else "fuzzy"
            result.append(SkillHit(skill_id, skill.name, skill.category, match,
                                   tuple(evidence(m.start, m.end, m.state) for m in mentions)))
        result.sort(key=lambda h: (h.evidence[0].start, h.id))
        return tuple(result)

    degrees = tuple(
        Degree(m.level, m.field, *_spanned(evidence(m.start, m.end)), field_id=_field_id(m))
        for m in doc._.degree_mentions if m.level != "unknown")
    degree_lines = tuple(evidence(m.start, m.end) for m in doc._.degree_mentions if m.level == "unknown")
    titles = tuple(Title(m.title, m.seniority, *_spanned(evidence(m.start, m.end))) for m in doc._.title_mentions)
    claims, years = ((), None) if posting else _experience(doc._.experience_mentions, text, layout, as_of,
                                                            settings.max_years)
    certifications = tuple(doc._.certification_mentions)
    name = None if posting else candidate_name(text)
    return Profile(source=source, text=text, skills=hits(by_skill), negated_skills=hits(negated), degrees=degrees,
                   degree_lines=degree_lines,
                   titles=titles, experience_years=years, experience=claims, certifications=certifications,
                   personal=layout.personal, name=name,
                   private=() if posting else private_spans(text, name, layout.personal))


def _field_id(mention) -> str | None:
    """ "Computer Science" -> "computer-science"; None for a field kept as written or none at all."""
    if mention.field is None or not mention.known_field:
        return None
    return re.sub(r"[^a-z0-9]+", "-", mention.field.casefold()).strip("-")


def _spanned(e: Evidence) -> tuple:
    return e.text, e.start, e.end, e.line, e.section


def _experience(mentions, text: str, layout, as_of: date, max_years: int) -> tuple[tuple[ExperienceClaim, ...], float | None]:
    """The years of a career: the merged work-history ranges at least. A total said as one ("Total experience: 3.5
    years") overrules the other statements ("5+ years of experience") and the lengths of the jobs in a table of
    jobs added up; without one, the largest of those and the ranges counts. The time with one skill ("Python - 24 months") is kept as a claim, never
    counted."""
    now = as_of.year * 12 + as_of.month - 1
    claims, intervals, stated, total, durations = [], [], 0, 0, 0
    for m in mentions:
        line = layout.line_of(m.start) + 1
        if m.kind != "range":
            if m.kind == "total":
                total = max(total, m.months)
            elif m.kind == "statement":
                stated = max(stated, m.months)
            elif m.kind == "duration":
                durations += m.months
            kind = "statement" if m.kind == "total" else m.kind
            claims.append(ExperienceClaim(kind, m.months, text[m.start:m.end], m.start, m.end, line))
            continue
        until = now if m.until is None else m.until
        if m.begin > now or until > now + 12:
            continue  # a date in the future: a typo or a planned end, not experience
        intervals.append((m.begin, min(until, now)))
        claims.append(ExperienceClaim("range", min(until, now) - m.begin, text[m.start:m.end], m.start, m.end, line))
    merged_months = 0
    current: list[int] | None = None
    for begin, until in sorted(intervals):
        if current and begin <= current[1]:
            current[1] = max(current[1], until)
            continue
        if current:
            merged_months += current[1] - current[0]
        current = [begin, until]
    if current:
        merged_months += current[1] - current[0]
    # the dates of work are counted in full whatever the resume says in one figure (a total written years ago
    # falls behind "Present"); a stated total overrules the other statements and the job lengths added up
    months = min(max(total, merged_months) if total else max(stated, merged_months, durations), max_years * 12)
    return tuple(claims), (round(months / 12, 1) if months else None)
