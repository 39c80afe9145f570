"""The skills component, `rolematch_skills`: skills and languages a resume names, each with how it is held (stated,
hedged, negated), as SkillMentions on doc._.skill_mentions.

A mention is found in three ways, each a Candidate with its `how`:
- "exact": a PhraseMatcher on LOWER over every skill's names and aliases;
- "context": the same matcher over context-only aliases ("tf" for TensorFlow), kept only where context confirms;
- "fuzzy": adjacent tokens whose joined, normalised text is a skill key ("Tensor flow", "Py-Torch").
The candidates compete for the tokens longest first ("C#" beats "C"); an ambiguous name (R, C, Go, Spark, Excel)
must then be confirmed by its context. Typos in list items ("Pyhton") are matched last, with rapidfuzz.

Patterns: the taxonomy (skills/taxonomy/), skills/patterns/cues.yml and ambiguity.yml; cut-offs from config.toml.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..resources import data_folder, load_settings
from ..taxonomy import Skill, Taxonomy, load_taxonomy, normalise_key
from .common_words import zipf
from .layout import Layout
from .patterns import load_patterns

How = Literal["exact", "fuzzy", "context"]
State = Literal["stated", "hedged", "negated"]

# words that confirm a programming language next to an ambiguous name: "R programming", "C language"
_LANGUAGE_CUES = frozenset({"programming", "language", "languages", "lang", "coding", "code", "scripting"})
# The matcher's label of a skill's context-only aliases. Only the matcher sees it: SkillFinder.match_keys maps it
# back to (skill id, "context"), so candidates never carry it.
_CONTEXT_LABEL = "{}#context"


class Candidate(NamedTuple):
    """Tokens that may name a skill, before the candidates compete for them."""

    start: int  # token indices
    end: int
    skill_id: str
    how: How  # exact: a name or alias; fuzzy: a spelling variant of one; context: a context-only alias


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill_id: str
    start: int  # character offsets
    end: int
    match: Literal["exact", "fuzzy"]
    state: State


@dataclass(frozen=True, slots=True)
class SkillSettings:
    """The cut-offs of the skills component (skills/config.toml, [fuzzy] and [context])."""

    fuzzy_cutoff: float
    fuzzy_min_length: int
    fuzzy_max_length_difference: int
    common_word_zipf: float
    hedge_scope: int
    negation_scope: int
    cue_window: int


@dataclass(frozen=True, slots=True)
class SkillPatterns:
    """What the skills component reads from skills/: taxonomy, cue and ambiguity patterns, config.toml cut-offs."""

    taxonomy: Taxonomy
    negations: tuple[str, ...]        # cues.yml: phrases before a skill
    hedges: tuple[str, ...]
    neutral_cues: tuple[str, ...]     # look like a negation or hedge but are none: "not only", "expert in"
    hedge_after: frozenset[str]       # "Java (Preliminary)"
    clause_breaks: frozenset[str]
    veto_before: frozenset[str]       # ambiguity.yml: what makes an ambiguous name no skill
    veto_next_chars: tuple[str, ...]
    veto_initials: bool
    veto_after: frozenset[str]
    list_separators: frozenset[str]
    settings: SkillSettings


def load_skill_patterns(skills_dir: Path | str) -> SkillPatterns:
    return _load_skill_patterns(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_skill_patterns(skills_dir: Path) -> SkillPatterns:
    patterns, settings = load_patterns(skills_dir), load_settings(skills_dir)
    return SkillPatterns(
        taxonomy=load_taxonomy(skills_dir),
        negations=patterns.negations, hedges=patterns.hedges, neutral_cues=patterns.neutral_cues,
        hedge_after=patterns.hedge_after, clause_breaks=patterns.clause_breaks,
        veto_before=patterns.veto_before, veto_next_chars=patterns.veto_next_chars,
        veto_initials=patterns.veto_initials, veto_after=patterns.veto_after,
        list_separators=patterns.list_separators,
        settings=SkillSettings(
            fuzzy_cutoff=settings.fuzzy_cutoff, fuzzy_min_length=settings.fuzzy_min_length,
            fuzzy_max_length_difference=settings.fuzzy_max_length_difference,
            common_word_zipf=settings.common_word_zipf, hedge_scope=settings.hedge_scope,
            negation_scope=settings.negation_scope, cue_window=settings.cue_window),
    )


class SkillFinder:
    """Skills and languages: PhraseMatcher on LOWER over names and aliases, normalised n-grams for spacing and
    punctuation variants, rapidfuzz for typos in skill lists, rules for ambiguous names, hedges and negations."""

    def __init__(self, nlp: Language, patterns: SkillPatterns) -> None:
        taxonomy, settings = patterns.taxonomy, patterns.settings
        self.taxonomy = taxonomy
        self.patterns = patterns
        self.settings = settings
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.match_keys: dict[int, tuple[str, How]] = {}  # matcher key -> (skill id, how)
        self.exact: dict[str, str] = {}
        for skill in taxonomy.skills.values():  # lower-cased: the matcher compares LOWER, and fewer new lexemes
            self._add_forms(nlp, skill.id, skill.id, "exact", skill.surface_forms)
            if skill.context_aliases:
                self._add_forms(nlp, _CONTEXT_LABEL.format(skill.id), skill.id, "context", skill.context_aliases)
            for form in skill.surface_forms:
                self.exact[normalise_key(form)] = skill.id
        self.bare_names = {skill.id: normalise_key(skill.name) for skill in taxonomy.skills.values()}
        # every prefix of a key, so that joining "Tensor" + "flow" stops as soon as no key can start that way
        self.prefixes = {key[:i] for key in self.exact for i in range(1, len(key) + 1)}
        # typo-tolerant keys, by first character and then by length: "R" and "Go" are exact-or-nothing, ambiguous
        # words never fuzzed
        self.fuzzy_keys: dict[str, list[str]] = {}
        for key, skill_id in self.exact.items():
            if len(key) >= settings.fuzzy_min_length and taxonomy[skill_id].ambiguous is None:
                self.fuzzy_keys.setdefault(key[0], []).append(key)
        for keys in self.fuzzy_keys.values():
            keys.sort(key=len)
        self.fuzzy_lengths = {first: [len(key) for key in keys] for first, keys in self.fuzzy_keys.items()}
        self.stop_words = nlp.Defaults.stop_words
        self._closest_cache: dict[str, str | None] = {}
        self.scope = {"hedged": settings.hedge_scope, "negated": settings.negation_scope}
        self.longest_scope = max(self.scope.values())
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in (("negated", patterns.negations), ("hedged", patterns.hedges),
                               ("neutral", patterns.neutral_cues)):
            self.cue_matcher.add(label, list(nlp.tokenizer.pipe(phrases)))
        self.item_splitter = re.compile(r"[^,;|•●▪◦❖❑➢►■:/()\t]+")
        self.version_tail = re.compile(r"[\s\-]*v?\d+(?:\.\d+)*[a-z]?\s*$", re.IGNORECASE)

    def _add_forms(self, nlp: Language, label: str, skill_id: str, how: How, forms: tuple[str, ...]) -> None:
        self.matcher.add(label, list(nlp.tokenizer.pipe(f.lower() for f in forms)))
        self.match_keys[nlp.vocab.strings[label]] = (skill_id, how)

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        candidates = [Candidate(start, end, *self.match_keys[key]) for key, start, end in self.matcher(doc)]
        candidates += self._variants(doc, candidates)
        chosen, taken = _longest_first(candidates, len(doc))
        cues = self._cues(doc, taken)
        # lines holding an unambiguous skill: an "R" among them is an item of a skill list
        words, starts = layout.words, layout.token_starts
        needs_context = [self._needs_context(words, c) for c in chosen]
        plain_lines = {layout.line_of(starts[c.start]) for c, ambiguous in zip(chosen, needs_context) if not ambiguous}
        mentions = []
        for candidate, ambiguous in zip(chosen, needs_context):
            start, end = candidate.start, candidate.end
            first_char = starts[start]
            line = layout.line_of(first_char)
            last_char = starts[end - 1] + len(words[end - 1])
            if line in layout.personal_lines or line in layout.heading_lines or layout.in_personal(first_char, last_char):
                continue
            if ambiguous and not self._confirmed(doc, candidate, line, plain_lines):
                continue
            mentions.append(SkillMention(candidate.skill_id, first_char, last_char,
                                         "fuzzy" if candidate.how == "fuzzy" else "exact",
                                         self._state(doc, start, end, cues)))
        mentions += self._fuzzy_list_items(doc, taken, {(m.start, m.end) for m in mentions}, cues)
        doc._.skill_mentions = mentions
        return doc

    # -- candidates the PhraseMatcher cannot see

    def _variants(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """ "Tensor flow", "Mongo_DB", "Py-Torch": adjacent tokens whose joined, normalised text is a skill key.
        They compete with the exact matches, longest first, so "Py-Torch" beats the "Torch" inside it."""
        exact_spans = {(c.start, c.end) for c in found}
        stop = self.stop_words
        variants = []
        prefixes, exact = self.prefixes, self.exact
        words = doc._.layout.words
        keys = [normalise_key(w) for w in words]
        n = len(words)
        for i in range(n):
            key = keys[i]
            if not key or key not in prefixes:
                continue
            if key in exact and words[i].casefold() != key and (i, i + 1) not in exact_spans:
                variants.append(Candidate(i, i + 1, exact[key], "fuzzy"))  # "R." at the end of a sentence
            for j in range(i + 1, min(i + 5, n)):
                if words[j].isspace():  # "-" joins ("Tensor-Flow"), a line break does not
                    break
                key += keys[j]
                if key not in prefixes:
                    break
                if key in exact and (i, j + 1) not in exact_spans \
                        and words[i].casefold() not in stop and words[j].casefold() not in stop:
                    variants.append(Candidate(i, j + 1, exact[key], "fuzzy"))  # but not "I am" for IAM
        return variants

    def _fuzzy_list_items(self, doc: Doc, taken: bytearray, found: set[tuple[int, int]],
                          cues: dict[int, str]) -> list[SkillMention]:
        """Typos in skill lists ("Pyhton", "Tensorflw"): whole list items against skill keys with rapidfuzz."""
        layout: Layout = doc._.layout
        text = layout.text
        settings = self.settings
        occupied = sorted(found)
        mentions = []
        for line in sorted(layout.list_lines - layout.personal_lines - layout.heading_lines):
            line_start, line_end = layout.line_starts[line], layout.line_end(line)
            for item in self.item_splitter.finditer(text, line_start, line_end):
                raw = item.group()
                stripped = raw.strip(" -–—*.\u00a0")
                if not stripped:
                    continue
                start = item.start() + raw.index(stripped)
                name = self.version_tail.sub("", stripped)
                key = normalise_key(name)
                if len(key) < settings.fuzzy_min_length or len(name.split()) > 4 or key in self.exact:
                    continue
                end = start + len(name.rstrip())
                at = bisect.bisect_left(occupied, (start, -1))
                if at < len(occupied) and occupied[at][0] < end or at > 0 and occupied[at - 1][1] > start:
                    continue
                best = self._closest(key)
                if best is None or zipf(name) >= settings.common_word_zipf:
                    continue  # no skill close enough, or an everyday word that happens to look like one
                if layout.in_personal(start, end):
                    continue
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None or any(taken[span.start:span.end]):
                    continue
                mentions.append(SkillMention(self.exact[best], start, end, "fuzzy",
                                             self._state(doc, span.start, span.end, cues)))
        return mentions

    def _closest(self, key: str) -> str | None:
        """The skill key within the typo cut-off of `key`, if any; remembered, since list items repeat."""
        if key not in self._closest_cache:
            if len(self._closest_cache) > 50_000:
                self._closest_cache.clear()
            keys = self.fuzzy_keys.get(key[0], [])
            # fuzz.ratio is at most 200 * min(a, b) / (a + b): only keys of these lengths can reach the cut-off
            cutoff, n = self.settings.fuzzy_cutoff, len(key)
            lengths = self.fuzzy_lengths.get(key[0], [])
            low = bisect.bisect_left(lengths, n * cutoff / (200 - cutoff))
            high = bisect.bisect_right(lengths, n * (200 - cutoff) / cutoff)
            best = process.extractOne(key, keys[low:high], scorer=fuzz.ratio, score_cutoff=cutoff)
            fits = best is not None and abs(len(best[0]) - len(key)) <= self.settings.fuzzy_max_length_difference
            self._closest_cache[key] = best[0] if fits else None
        return self._closest_cache[key]

    # -- ambiguous names: R, C, Go, Spark, Excel ...

    def _needs_context(self, words: list[str], candidate: Candidate) -> bool:
        if candidate.how == "context":
            return True
        skill: Skill = self.taxonomy[candidate.skill_id]
        if skill.ambiguous is None:
            return False
        # only the bare name is ambiguous: "R programming" or "Apache Spark" are not
        return normalise_key("".join(words[candidate.start:candidate.end])) == self.bare_names[candidate.skill_id]

    def _confirmed(self, doc: Doc, candidate: Candidate, line: int, plain_lines: set[int]) -> bool:
        """An ambiguous name or a context-only alias is a skill when nothing vetoes it and its place confirms it."""
        skill = self.taxonomy[candidate.skill_id]
        mode = "letter" if candidate.how == "context" else skill.ambiguous
        layout: Layout = doc._.layout
        end_char = layout.token_starts[candidate.end - 1] + len(layout.words[candidate.end - 1])
        span_text = layout.text[layout.token_starts[candidate.start]:end_char]
        if self._vetoed(doc, candidate, skill, mode, span_text, end_char):
            return False
        return self._confirming_context(doc, candidate, skill, mode, span_text, line, plain_lines)

    def _vetoed(self, doc: Doc, candidate: Candidate, skill: Skill, mode: str, span_text: str, end_char: int) -> bool:
        """Whatever the context: a lower-case letter, an initial, an address, "R&D" (ambiguity.yml)."""
        patterns = self.patterns
        start, end = candidate.start, candidate.end
        text = doc._.layout.text
        bare = span_text.rstrip(".")  # "in R." ends a sentence; the tokenizer keeps "R." whole
        if mode == "letter" and candidate.how != "context" and bare not in (skill.name, skill.name.upper()):
            return True  # "go" and "r" in lower case are words, not languages
        previous = doc[start - 1] if start > 0 else None
        following = doc[end] if end < len(doc) else None
        if previous is not None and previous.lower_ in patterns.veto_before:
            return True
        if end_char < len(text) and text[end_char] in patterns.veto_next_chars:
            return True
        after = text[end_char:end_char + 4]
        if patterns.veto_initials and len(bare) == 1 and (
                re.match(r"\.\s*[A-Z]", after) or span_text.endswith(".") and re.match(r"\s+[A-Z]", after)):
            return True  # "R. K. Puram", "Mr. R. Sharma"
        if previous is not None and len(previous.text) == 2 and previous.text[0].isupper() and previous.text[1] == ".":
            return True  # "K. R Sharma"
        if mode == "word" and following is not None and following.lower_ in patterns.veto_after:
            return True
        if following is not None and following.text == "&" and end + 1 < len(doc) and len(doc[end + 1].text) == 1:
            return True  # "R & D", "M & A"
        return False

    def _confirming_context(self, doc: Doc, candidate: Candidate, skill: Skill, mode: str, span_text: str,
                            line: int, plain_lines: set[int]) -> bool:
        """An item of a skill list, a cue word nearby on its line, or its place in a sentence. A context-only alias
        ("testing", "security", "tf") is an item only of a list under a skills heading: "a recruiting, testing and
        interviewing programme" is a list of duties, not of skills."""
        start, end = candidate.start, candidate.end
        layout: Layout = doc._.layout
        if self._is_list_item(doc, start, end, line, plain_lines) and (
                candidate.how != "context" or layout.section_at(layout.token_starts[start]) == "skills"):
            return True
        window = self.settings.cue_window
        for i in (*range(max(0, start - window), start), *range(end, min(len(doc), end + window))):
            word = layout.words[i].casefold()  # never the mention itself: "coding" is no cue for "coding"
            if (word in skill.cues or word in _LANGUAGE_CUES) and layout.line_of(layout.token_starts[i]) == line:
                return True
        previous = doc[start - 1] if start > 0 else None
        following = doc[end] if end < len(doc) else None
        if mode == "letter" and previous is not None and previous.lower_ in ("in", "using", "with") \
                and (following is None or following.lower_ in self.patterns.list_separators or following.text == "."):
            return True  # "analysis in R."
        if mode == "word" and span_text[:1].isupper() and previous is not None \
                and layout.line_of(previous.idx) == line and previous.text not in (".", "!", "?", ":") \
                and not previous.is_punct and not previous.is_space:
            return True  # "built pipelines on Spark": capitalised in mid-sentence
        return False

    def _is_list_item(self, doc: Doc, start: int, end: int, line: int, plain_lines: set[int]) -> bool:
        layout: Layout = doc._.layout
        separators = self.patterns.list_separators
        previous = doc[start - 1] if start > 0 else None
        following = doc[end] if end < len(doc) else None
        before_ok = previous is None or previous.lower_ in separators or "\n" in previous.text \
            or layout.line_of(previous.idx) != line
        after_ok = following is None or following.lower_ in separators or "\n" in following.text \
            or following.text == "." or layout.line_of(following.idx) != line
        in_list = line in layout.list_lines or line in plain_lines
        return before_ok and after_ok and in_list

    # -- how the skill is held

    def _cues(self, doc: Doc, skills: bytearray) -> dict[int, str]:
        """Hedge, negation and neutral cues, keyed by the token index where each ends; the longest cue wins, and
        none inside a skill's name ("learning" in "Machine Learning" hedges nothing)."""
        strings = doc.vocab.strings
        taken = bytearray(skills)
        cues = {}
        for key, start, end in sorted(self.cue_matcher(doc), key=lambda c: (c[1] - c[2], c[1])):
            if not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                cues[end] = strings[key]
        return cues

    def _state(self, doc: Doc, start: int, end: int, cues: dict[int, str]) -> State:
        """stated, hedged ("familiar with Spark", "Java (Preliminary)") or negated ("no experience with Java")."""
        words = doc._.layout.words
        if end + 1 < len(words) and words[end] in ("(", "[") and words[end + 1].casefold() in self.patterns.hedge_after:
            return "hedged"
        breaks = self.patterns.clause_breaks
        lowest = max(0, start - self.longest_scope)
        for j in range(start, lowest - 1, -1):
            label = cues.get(j)
            if label is not None:  # a cue ends right before token j
                return label if label in self.scope and start - j < self.scope[label] else "stated"
            if j == 0 or words[j - 1].casefold() in breaks or "\n" in words[j - 1]:
                break
        return "stated"


def _longest_first(candidates: list[Candidate], n_tokens: int) -> tuple[list[Candidate], bytearray]:
    """The candidates that win their tokens, in text order, and which tokens they took. Longest first, so "C#"
    beats "C" and "Py-Torch" the "Torch" inside it; of equal length, the earlier."""
    taken = bytearray(n_tokens)
    chosen = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        start, end = candidate.start, candidate.end
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(candidate)
    chosen.sort()
    return chosen, taken


@Language.factory("rolematch_skills", default_config={
    "skills_dir": "", "fuzzy_cutoff": None, "fuzzy_min_length": None, "fuzzy_max_length_difference": None,
    "common_word_zipf": None, "hedge_scope": None, "negation_scope": None, "cue_window": None})
def make_skills(nlp: Language, name: str, skills_dir: str, fuzzy_cutoff: float | None, fuzzy_min_length: int | None,
                fuzzy_max_length_difference: int | None, common_word_zipf: float | None, hedge_scope: int | None,
                negation_scope: int | None, cue_window: int | None) -> SkillFinder:
    """skills_dir: the data folder to read. Each cut-off left at None is skills_dir's config.toml value; set, it
    overrides that value for this pipeline only (an experiment, a test)."""
    patterns = load_skill_patterns(skills_dir)
    overrides = {"fuzzy_cutoff": None if fuzzy_cutoff is None else float(fuzzy_cutoff),  # spaCy lets an int through
                 "fuzzy_min_length": fuzzy_min_length, "fuzzy_max_length_difference": fuzzy_max_length_difference,
                 "common_word_zipf": None if common_word_zipf is None else float(common_word_zipf),
                 "hedge_scope": hedge_scope, "negation_scope": negation_scope, "cue_window": cue_window}
    settings = dataclasses.replace(patterns.settings, **{k: v for k, v in overrides.items() if v is not None})
    return SkillFinder(nlp, dataclasses.replace(patterns, settings=settings))
