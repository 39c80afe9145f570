"""Build the spaCy pipeline once per process and turn its findings into a Profile."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from ..errors import ReadError
from ..models import Degree, Document, Evidence, ExperienceClaim, Profile, SkillHit, Title
from ..read import MAX_CHARS
from ..resources import SKILLS_DIR, data_folder, load_settings
from ..taxonomy import load_taxonomy
from . import components  # noqa: F401  (registers the factories)
from .private import candidate_name, private_spans

MAX_TEXT_CHARS = MAX_CHARS  # extracted text beyond this is rejected: no resume is that long
_COMPONENTS = ("rolematch_layout", "rolematch_skills", "rolematch_degrees", "rolematch_titles",
               "rolematch_experience", "rolematch_certifications")


def get_pipeline(skills_dir: Path = SKILLS_DIR):
    """spacy.blank("en") with rolematch's tokenizer rules and components. Built once per process and data folder."""
    return _build_pipeline(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _build_pipeline(skills_dir: Path):
    import spacy
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    nlp = spacy.blank("en")
    nlp.max_length = MAX_TEXT_CHARS + 1  # every component is linear; the limit itself is checked with a clear error
    defaults = nlp.Defaults
    bullets = r"[•●▪◦❖❑➢►■□✓✔➤→·\*]"
    # "C++/C#", "Python,R", "Spring(Basics)" and "•Python" must split into their parts before matching; "#" is a
    # suffix, so "C#" and "F#" are kept whole as special cases, as "C++" is. spaCy's emoticons (":-)") are left
    # out: no use in a resume, and the only special cases whose matches can straddle whitespace (":) )"), which
    # would make a chunk's tokens depend on its neighbours. Made in one go: each change to a spaCy tokenizer
    # reloads all its special cases.
    rules = {text: tokens for text, tokens in defaults.tokenizer_exceptions.items()
             if len(text) < 2 or any(c.isalnum() or c.isspace() for c in text)}
    nlp.tokenizer = ChunkCache(Tokenizer(
        nlp.vocab, rules={**rules, **{s: [{ORTH: s}] for s in ("C#", "c#", "F#", "f#")}},
        prefix_search=compile_prefix_regex([*defaults.prefixes, bullets]).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex([*defaults.infixes, r"/", r",", r"\|", r"\(", r"\)", bullets]).finditer,
        token_match=defaults.token_match, url_match=defaults.url_match))
    for name in _COMPONENTS:
        nlp.add_pipe(name, config={"skills_dir": str(skills_dir)})
    return nlp


_PIECES = re.compile(r"\S+|\s+")


class ChunkCache:
    """spaCy's tokenizer with a cache of whitespace-delimited chunks ("Python,", "2019)") that works where spaCy's
    own does not: spaCy stops caching inside a memory zone (every extraction runs in one) and for the rest of a text
    after its first special case ("e.g.", "C#"), so each resume's common words went through the affix rules again,
    half of the pipeline's time. The tokens are spaCy's own: a chunk is tokenized the same on its own as in a text,
    the whitespace between chunks is handled as spaCy does (test_tokenizer.py holds the two equal on any text), and
    only strings are kept, never a memory zone's lexemes."""

    def __init__(self, tokenizer, size: int = 16384) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self._chunk = functools.lru_cache(maxsize=size)(self._tokenize_chunk)

    def _tokenize_chunk(self, chunk: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
        doc = self.tokenizer(chunk)
        return tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc)

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for piece in _PIECES.findall(text):
            if piece[0] == " " and words:  # one space after a word is that word's trailing space, not a token
                spaces[-1] = True
                piece = piece[1:]
                if not piece:
                    continue
            chunk_words, chunk_spaces = self._chunk(piece)
            words += chunk_words
            spaces += chunk_spaces
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str]) -> Iterator:
        return map(self, texts)


# spaCy's memory zones belong to the whole vocabulary: a thread extracting while another thread's zone ends would
# lose its words mid-document. One extraction at a time per process (it is CPU-bound: threads running side by side
# gain nothing); reentrant, for a caller that holds a zone around many calls.
VOCABULARY_LOCK = threading.RLock()


@contextlib.contextmanager
def vocabulary_zone(nlp):
    """A memory zone for many extraction calls (with release_vocabulary=False): their new words are freed at its end."""
    with VOCABULARY_LOCK, nlp.memory_zone():
        yield


def extract_documents(documents: Iterable[Document], *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                      release_vocabulary: bool = True) -> list[Profile]:
    """Profiles of many documents. Every new word would stay in spaCy's vocabulary for good, so a long-running
    service or a batch of thousands would grow without bound: the words first seen in this call are freed at its
    end (a memory zone; the profiles are plain Python objects). The zone never outlives the call: one left open
    would take every later word with it whenever it closed. A caller that holds its own vocabulary_zone around many
    calls passes release_vocabulary=False: zones do not nest."""
    nlp = get_pipeline(skills_dir)
    as_of = as_of or date.today()
    documents = list(documents)
    for document in documents:
        if len(document.text) > MAX_TEXT_CHARS:
            raise ReadError(document.source, "too-long", f"the text is {len(document.text):,} characters, over the "
                            f"{MAX_TEXT_CHARS:,}-character limit: is this really one resume?")
    with vocabulary_zone(nlp) if release_vocabulary else VOCABULARY_LOCK:
        return [_extract(nlp, document, as_of, skills_dir) for document in documents]


def _extract(nlp, document: Document, as_of: date, skills_dir: Path) -> Profile:
    doc = nlp.make_doc(document.text)
    doc.user_data[components.TEXT_KEY] = document.text  # spares each component rebuilding doc.text
    for _, component in nlp.pipeline:
        doc = component(doc)
    return build_profile(doc, document.source, as_of, skills_dir)


def extract_document(document: Document, *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                     release_vocabulary: bool = True) -> Profile:
    return extract_documents([document], as_of=as_of, skills_dir=skills_dir, release_vocabulary=release_vocabulary)[0]


def build_profile(doc, source: str, as_of: date, skills_dir: Path = SKILLS_DIR) -> Profile:
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
        Degree(m.level, m.field, *_spanned(evidence(m.start, m.end))) for m in doc._.degree_mentions)
    titles = tuple(Title(m.title, m.seniority, *_spanned(evidence(m.start, m.end))) for m in doc._.title_mentions)
    claims, years = _experience(doc._.experience_mentions, text, layout, as_of, settings.max_years)
    certifications = tuple(doc._.certification_mentions)
    name = candidate_name(text)
    return Profile(source=source, text=text, skills=hits(by_skill), negated_skills=hits(negated), degrees=degrees,
                   titles=titles, experience_years=years, experience=claims, certifications=certifications,
                   personal=layout.personal, name=name, private=private_spans(text, name, layout.personal))


def _spanned(e: Evidence) -> tuple:
    return e.text, e.start, e.end, e.line, e.section


def _experience(mentions, text: str, layout, as_of: date, max_years: int) -> tuple[tuple[ExperienceClaim, ...], float | None]:
    """Explicit statements and merged work-history ranges; the larger of the two is the experience."""
    now = as_of.year * 12 + as_of.month - 1
    claims, intervals, stated = [], [], 0
    for m in mentions:
        line = layout.line_of(m.start) + 1
        if m.kind == "statement":
            stated = max(stated, m.months)
            claims.append(ExperienceClaim("statement", m.months, text[m.start:m.end], m.start, m.end, line))
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
    months = min(max(stated, merged_months), max_years * 12)
    return tuple(claims), (round(months / 12, 1) if months else None)
