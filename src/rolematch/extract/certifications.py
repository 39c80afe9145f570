"""The certifications component, `rolematch_certifications`: every line of the certifications section, and lines
elsewhere that name a certificate ("AWS Certified Solutions Architect"), as Certifications with their issuer and
topics on doc._.certification_mentions.

Patterns: skills/patterns/certifications.yml (trigger words, issuers, topics, named certificates).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Certification
from ..resources import data_folder
from ..taxonomy import normalise_key
from .layout import Layout
from .patterns import load_patterns
from .shared import words_regex

_BULLET = re.compile(r"^[\W_]*")


@dataclass(frozen=True, slots=True)
class CertificationPatterns:
    """What the certifications component reads from skills/patterns/certifications.yml."""

    triggers: tuple[str, ...]       # "certified", "certificate": a line with one may name a certificate
    issuers: Mapping[str, str]      # alias -> issuer
    topics: Mapping[str, str]       # alias -> topic
    named: tuple[tuple[str, str, str | None, tuple[str, ...]], ...]  # (form, name, issuer, topics)


def load_certification_patterns(skills_dir: Path | str) -> CertificationPatterns:
    return _load_certification_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_certification_patterns(skills_dir: Path) -> CertificationPatterns:
    patterns = load_patterns(skills_dir)
    return CertificationPatterns(triggers=patterns.cert_triggers, issuers=patterns.cert_issuers,
                                 topics=patterns.cert_topics, named=patterns.named_certs)


class CertificationFinder:
    """Certifications: every line of the certifications section, and lines elsewhere that name a certificate."""

    def __init__(self, patterns: CertificationPatterns, max_chars: int) -> None:
        self.max_chars = max_chars
        self.trigger = words_regex(patterns.triggers)
        self.issuer = words_regex(patterns.issuers)
        self.topic = words_regex(patterns.topics)
        self.named = words_regex([form for form, *_ in patterns.named])
        self.issuers = patterns.issuers
        self.topics = patterns.topics
        self.named_by_form = {form: (name, issuer, topics) for form, name, issuer, topics in patterns.named}

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        text = layout.text
        lines = {i for i, s in enumerate(layout.line_sections) if s == "certifications"}
        lines |= {layout.line_of(m.start()) for regex in (self.trigger, self.named) for m in regex.finditer(text)}
        mentions, seen = [], set()
        for line in sorted(lines - layout.heading_lines - layout.personal_lines):
            start, end = layout.line_starts[line], layout.line_end(line)
            body = layout.without_personal(start, end)  # "my father is AWS certified" names no certificate of ours
            lead = _BULLET.match(body).end()
            body = body[lead:].rstrip()
            if len(body) < 3:
                continue
            named = self._named(body, in_section=layout.line_sections[line] == "certifications")
            if named is None:
                continue
            name, issuer, topics = named
            key = normalise_key(name)
            if key in seen:
                continue
            seen.add(key)
            span_start = start + lead
            span_end = span_start + min(len(body), self.max_chars)
            mentions.append(Certification(name, issuer, topics, text[span_start:span_end], span_start, span_end,
                                          line + 1))
        doc._.certification_mentions = mentions
        return doc

    def _named(self, body: str, in_section: bool) -> tuple[str, str | None, tuple[str, ...]] | None:
        """The name, issuer and topics of the certificate a line names: a known one by its form, else the line
        itself if it stands in the certifications section or has a trigger word with an issuer or a topic."""
        named = self.named.search(body)
        issuer_match = self.issuer.search(body)
        topics = tuple(sorted({self.topics[m.group().casefold()] for m in self.topic.finditer(body)
                               if m.group().casefold() in self.topics}))
        if named:
            name, issuer, named_topics = self.named_by_form[re.sub(r"\s+", " ", named.group().casefold())]
            return name, issuer, tuple(sorted(set(topics) | set(named_topics)))
        if not in_section and not (self.trigger.search(body) and (issuer_match or topics)):
            return None
        issuer = self.issuers.get(issuer_match.group().casefold()) if issuer_match else None
        return body[: self.max_chars], issuer, topics


@Language.factory("rolematch_certifications", default_config={"skills_dir": "", "max_chars": 200})
def make_certifications(nlp: Language, name: str, skills_dir: str, max_chars: int) -> CertificationFinder:
    """skills_dir: the data folder whose patterns/certifications.yml to read; max_chars: the longest name and
    evidence kept of a line (a certifications line can be a whole paragraph)."""
    return CertificationFinder(load_certification_patterns(skills_dir), max_chars)
