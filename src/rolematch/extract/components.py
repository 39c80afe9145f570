"""spaCy components of the extraction pipeline, registered with @Language.factory.

Each component reads its patterns from skills/ (through lru-cached loaders) and writes raw findings to a Doc
extension; pipeline.py turns them into a Profile. Offsets are character offsets into doc.text, which is the
document text as read, so evidence always satisfies text == document[start:end].
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..models import Certification, PersonalDetail
from ..resources import Settings, load_settings
from ..taxonomy import Skill, Taxonomy, load_taxonomy, normalise_key
from .patterns import Form, Patterns, heading_key, load_patterns

for _name in ("layout", "skill_mentions", "degree_mentions", "title_mentions", "experience_mentions",
              "certification_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_NEWLINE = re.compile(r"\n")
TEXT_KEY = "rolematch_text"  # doc.user_data key of the document text as read
_CONTEXT_SUFFIX = "#context"  # matcher key of a context-only alias ("tf" for TensorFlow)


def _load(skills_dir: str) -> tuple[Taxonomy, Patterns, Settings]:
    path = Path(skills_dir)
    return load_taxonomy(path), load_patterns(path), load_settings(path)


def _alternation(forms: list[str], fold: bool = True) -> str:
    """Alternatives longest first, grouped by their first (literal, case-folded) character: the regex engine then
    tries one group per position instead of every alternative, several times faster on long lists."""
    groups: dict[str, list[str]] = {}
    for form in sorted(set(forms), key=len, reverse=True):
        first = form[0]
        if first.isalnum():
            groups.setdefault(first.casefold() if fold else first, []).append(form[1:])
        else:
            groups.setdefault("", []).append(form)
    parts = [f"{re.escape(first)}(?:{'|'.join(rest)})" if first else "|".join(rest)
             for first, rest in groups.items()]
    return "|".join(parts)


def _words_regex(phrases) -> re.Pattern[str]:
    """Case-insensitive whole-word alternation of literal phrases, longest first."""
    return re.compile(r"(?<!\w)(?:" + _alternation([re.escape(p).replace(r"\ ", r"\s+") for p in phrases]) + r")(?!\w)",
                      re.IGNORECASE)


def _flexible_regex(form: str) -> str:
    """ "B.Tech" also reads "B. Tech", "B-Tech", "BTech"; "Master's in" also "Masters in"; an acronym
    such as "HSC" or "PGDCA" also reads "H.S.C" and "P.G.D.C.A"."""
    words = []
    for word in form.split():
        pieces = [p for p in re.split(r"[.\-]", word) if p]
        if len(pieces) == 1 and 2 <= len(word) <= 6 and word.isalpha() and word.isupper():
            pieces = list(word)
        words.append(r"[.\-]?\s?".join(re.escape(p).replace("'", "['’]?") for p in pieces))
    return r"\s+".join(words)


@functools.lru_cache(maxsize=65536)  # list items repeat across resumes ("MS Office", "Windows 7")
def _zipf(phrase: str) -> float:
    """How common `phrase` is in English on wordfreq's Zipf scale: log10 of its frequency per billion words,
    a phrase's frequency combining its words' as wordfreq does (1/f = sum of 1/f_i); 0 for an unknown word."""
    frequencies = _english_frequencies()
    words = _WORD.findall(phrase.casefold())
    if not words or any(w not in frequencies for w in words):
        return 0.0
    return math.log10(1 / sum(1 / frequencies[w] for w in words)) + 9


_LANGUAGE_CUES = frozenset({"programming", "language", "languages", "lang", "coding", "code", "scripting"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@functools.lru_cache(maxsize=1)
def _english_frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies, kept as JSON in the cache folder: importing wordfreq costs a tenth of
    a second of every cold start, reading its table back ten milliseconds. Keyed by the installed data file."""
    import importlib.util
    import json

    from ..resources import cache_dir, write_cache

    spec = importlib.util.find_spec("wordfreq")
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
    try:
        stamp = data.stat()
        cache = cache_dir() / f"wordfreq-small-en-{stamp.st_size}-{stamp.st_mtime_ns}.json"
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    from wordfreq import get_frequency_dict

    frequencies = get_frequency_dict("en", wordlist="small")
    if data.exists():
        write_cache(cache, json.dumps(frequencies))
    return frequencies


# ---------------------------------------------------------------------------------------------------- layout


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

    def __init__(self, patterns: Patterns) -> None:
        self.headings = patterns.headings
        self.list_labels = patterns.list_labels
        labels = _alternation([_flexible_regex(label) for label in patterns.personal_labels])
        separators = _alternation([re.escape(s) for s in patterns.personal_separators])
        self.personal_label = re.compile(rf"[^\w]*({labels})\.?\s*(?:{separators})", re.IGNORECASE)
        self.personal_kinds = {normalise_key(k): v for k, v in patterns.personal_labels.items()}

    def __call__(self, doc: Doc) -> Doc:
        # doc.text and Token objects are rebuilt token by token on every access: read the text pipeline.py handed
        # over, and the offsets and lengths as one array
        text = doc.user_data.get(TEXT_KEY) or doc.text
        token_starts, lengths = (doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], []))
        words = [text[s:s + n] for s, n in zip(token_starts, lengths)]
        starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
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
                if self.headings.get(label_key) in ("skills", "education", "certifications", "projects"):
                    line_section = self.headings[label_key]
            if line_section == "skills" or line.count(",") + line.count("|") >= 2:
                lists.add(i)
            if stripped and (match := self.personal_label.match(line)):
                kind = self.personal_kinds.get(normalise_key(match.group(1)), "personal")
                personal.append(PersonalDetail(kind, start, end, i + 1))
            elif stripped and section == "personal":
                personal.append(PersonalDetail("personal", start, end, i + 1))
            sections.append(line_section)
        doc._.layout = Layout(
            text=text, words=words, token_starts=token_starts, line_starts=tuple(starts),
            line_sections=tuple(sections), heading_lines=frozenset(headings), list_lines=frozenset(lists),
            personal=tuple(personal), personal_lines=frozenset(p.line - 1 for p in personal),
        )
        return doc


@Language.factory("rolematch_layout", default_config={"skills_dir": ""})
def make_layout(nlp: Language, name: str, skills_dir: str) -> LayoutReader:
    return LayoutReader(_load(skills_dir)[1])


# ---------------------------------------------------------------------------------------------------- skills


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill_id: str
    start: int  # character offsets
    end: int
    match: str  # exact | fuzzy
    state: str  # stated | hedged | negated


class SkillFinder:
    """Skills and languages: PhraseMatcher on LOWER over names and aliases, normalised n-grams for spacing and
    punctuation variants, rapidfuzz for typos in skill lists, rules for ambiguous names, hedges and negations."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy, patterns: Patterns, settings: Settings) -> None:
        self.taxonomy = taxonomy
        self.patterns = patterns
        self.settings = settings
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact: dict[str, str] = {}
        for skill in taxonomy.skills.values():  # lower-cased: the matcher compares LOWER, and fewer new lexemes
            self.matcher.add(skill.id, list(nlp.tokenizer.pipe(f.lower() for f in skill.surface_forms)))
            if skill.context_aliases:
                self.matcher.add(skill.id + _CONTEXT_SUFFIX,
                                 list(nlp.tokenizer.pipe(f.lower() for f in skill.context_aliases)))
            for form in skill.surface_forms:
                self.exact[normalise_key(form)] = skill.id
        self.bare_names = {skill.id: normalise_key(skill.name) for skill in taxonomy.skills.values()}
        # every prefix of a key, so that joining "Tensor" + "flow" stops as soon as no key can start that way
        self.prefixes = {key[:i] for key in self.exact for i in range(1, len(key) + 1)}
        # typo-tolerant keys, by first character: "R" and "Go" are exact-or-nothing, ambiguous words never fuzzed
        self.fuzzy_keys: dict[str, list[str]] = {}
        for key, skill_id in self.exact.items():
            if len(key) >= settings.fuzzy_min_length and taxonomy[skill_id].ambiguous is None:
                self.fuzzy_keys.setdefault(key[0], []).append(key)
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

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        vocab_strings = doc.vocab.strings
        candidates = [(start, end, vocab_strings[key]) for key, start, end in self.matcher(doc)]
        candidates += self._variants(doc, candidates)
        taken = bytearray(len(doc))
        chosen: list[tuple[int, int, str, str]] = []
        for start, end, key in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):  # longest first: C# beats C
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            match = "exact"
            if key.endswith("#fuzzy"):
                key, match = key[:-6], "fuzzy"
            chosen.append((start, end, key, match))
        chosen.sort()
        cues = self._cues(doc, taken)
        # lines holding an unambiguous skill: an "R" among them is an item of a skill list
        words, starts = layout.words, layout.token_starts
        ambiguous = {(start, end): self._needs_context(words, start, end, key) for start, end, key, _ in chosen}
        plain_lines = {layout.line_of(starts[start]) for start, end, key, _ in chosen if not ambiguous[start, end]}
        mentions = []
        for start, end, key, match in chosen:
            first_char = starts[start]
            line = layout.line_of(first_char)
            if line in layout.personal_lines or line in layout.heading_lines:
                continue
            if ambiguous[start, end] and not self._confirmed(doc, start, end, key, line, plain_lines):
                continue
            mentions.append(SkillMention(key.removesuffix(_CONTEXT_SUFFIX), first_char,
                                         starts[end - 1] + len(words[end - 1]), match, self._state(doc, start, end, cues)))
        mentions += self._fuzzy_list_items(doc, taken, {(m.start, m.end) for m in mentions}, cues)
        doc._.skill_mentions = mentions
        return doc

    # -- candidates the PhraseMatcher cannot see

    def _variants(self, doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """ "Tensor flow", "Mongo_DB", "Py-Torch": adjacent tokens whose joined, normalised text is a skill key.
        They compete with the exact matches, longest first, so "Py-Torch" beats the "Torch" inside it."""
        exact_spans = {(start, end) for start, end, _ in found}
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
                variants.append((i, i + 1, exact[key] + "#fuzzy"))  # "R." at the end of a sentence
            for j in range(i + 1, min(i + 5, n)):
                if words[j].isspace():  # "-" joins ("Tensor-Flow"), a line break does not
                    break
                key += keys[j]
                if key not in prefixes:
                    break
                if key in exact and (i, j + 1) not in exact_spans \
                        and words[i].casefold() not in stop and words[j].casefold() not in stop:
                    variants.append((i, j + 1, exact[key] + "#fuzzy"))  # but not "I am" for IAM
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
                if best is None or _zipf(name) >= settings.common_word_zipf:
                    continue  # no skill close enough, or an everyday word that happens to look like one
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
            keys = self.fuzzy_keys.get(key[0], ())
            best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=self.settings.fuzzy_cutoff)
            fits = best is not None and abs(len(best[0]) - len(key)) <= self.settings.fuzzy_max_length_difference
            self._closest_cache[key] = best[0] if fits else None
        return self._closest_cache[key]

    # -- ambiguous names: R, C, Go, Spark, Excel ...

    def _needs_context(self, words: list[str], start: int, end: int, key: str) -> bool:
        if key.endswith(_CONTEXT_SUFFIX):
            return True
        skill: Skill = self.taxonomy[key]
        if skill.ambiguous is None:
            return False
        # only the bare name is ambiguous: "R programming" or "Apache Spark" are not
        return normalise_key("".join(words[start:end])) == self.bare_names[key]

    def _confirmed(self, doc: Doc, start: int, end: int, key: str, line: int, plain_lines: set[int]) -> bool:
        patterns = self.patterns
        context_alias = key.endswith(_CONTEXT_SUFFIX)
        skill = self.taxonomy[key.removesuffix(_CONTEXT_SUFFIX)]
        mode = "letter" if context_alias else skill.ambiguous
        layout: Layout = doc._.layout
        text = layout.text
        end_char = layout.token_starts[end - 1] + len(layout.words[end - 1])
        span_text = text[layout.token_starts[start]:end_char]
        bare = span_text.rstrip(".")  # "in R." ends a sentence; the tokenizer keeps "R." whole
        if mode == "letter" and not context_alias and bare not in (skill.name, skill.name.upper()):
            return False  # "go" and "r" in lower case are words, not languages
        previous = doc[start - 1] if start > 0 else None
        following = doc[end] if end < len(doc) else None
        if previous is not None and previous.lower_ in patterns.veto_before:
            return False
        if end_char < len(text) and text[end_char] in patterns.veto_next_chars:
            return False
        after = text[end_char:end_char + 4]
        if patterns.veto_initials and len(bare) == 1 and (
                re.match(r"\.\s*[A-Z]", after) or span_text.endswith(".") and re.match(r"\s+[A-Z]", after)):
            return False  # "R. K. Puram", "Mr. R. Sharma"
        if previous is not None and len(previous.text) == 2 and previous.text[0].isupper() and previous.text[1] == ".":
            return False  # "K. R Sharma"
        if mode == "word" and following is not None and following.lower_ in patterns.veto_after:
            return False
        if following is not None and following.text == "&" and end + 1 < len(doc) and len(doc[end + 1].text) == 1:
            return False  # "R & D", "M & A"
        if self._is_list_item(doc, start, end, line, plain_lines):
            return True
        window = self.settings.cue_window
        for i in range(max(0, start - window), min(len(doc), end + window)):
            word = layout.words[i].casefold()
            if (word in skill.cues or word in _LANGUAGE_CUES) and layout.line_of(layout.token_starts[i]) == line:
                return True
        if mode == "letter" and previous is not None and previous.lower_ in ("in", "using", "with") \
                and (following is None or following.lower_ in patterns.list_separators or following.text == "."):
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

    def _state(self, doc: Doc, start: int, end: int, cues: dict[int, str]) -> str:
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


@Language.factory("rolematch_skills", default_config={"skills_dir": ""})
def make_skills(nlp: Language, name: str, skills_dir: str) -> SkillFinder:
    return SkillFinder(nlp, *_load(skills_dir))


# ---------------------------------------------------------------------------------------------------- degrees


@dataclass(frozen=True, slots=True)
class DegreeMention:
    level: str
    field: str | None
    start: int
    end: int


class DegreeFinder:
    """Degrees with a level and a field of study, from the forms real resumes use (skills/patterns/degrees.yml)."""

    def __init__(self, patterns: Patterns) -> None:
        self.forms = {normalise_key(f.text): f for f in patterns.degree_forms}
        self.implied_fields = patterns.implied_fields
        self.context = patterns.degree_context
        self.veto_next = patterns.degree_veto_next
        self.degree_regexes = self._compile(patterns.degree_forms)
        self.field_regexes = self._compile(patterns.field_forms)
        self.field_forms = {normalise_key(f.text): f for f in patterns.field_forms}
        self.year = re.compile(r"(?<![\w.])(?:19|20)\d\d(?!\w)")

    @staticmethod
    def _compile(forms: tuple[Form, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
        loose = [_flexible_regex(f.text) for f in forms if not f.strict]
        strict = [_flexible_regex(v) for f in forms if f.strict for v in {f.text, f.text.upper()}]
        return (re.compile(rf"(?<![\w.])(?:{_alternation(loose)})\.?(?![\w])", re.IGNORECASE),
                re.compile(rf"(?<![\w.&])(?:{_alternation(strict, fold=False)})\.?(?![\w&])"))

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        text = layout.text
        hits = []
        for regex in self.degree_regexes:
            for m in regex.finditer(text):
                form = self.forms.get(normalise_key(m.group()))
                if form is not None:
                    hits.append((m.start(), m.end(), form))
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        hit_starts = [h[0] for h in hits]
        mentions, last_end = [], -1
        for i, (start, end, form) in enumerate(hits):
            if start < last_end:
                continue  # overlapped by a longer form: "PG Diploma" over "PG"
            line = layout.line_of(start)
            if line in layout.personal_lines:
                continue
            line_end = layout.line_end(line)
            following = bisect.bisect_left(hit_starts, end, i + 1)
            next_degree = hit_starts[following] if following < len(hits) else line_end
            window_end = min(line_end, next_degree, end + 100)
            field = self._field(text, end, window_end)
            field_before = None
            if field is None and form.value != "school":  # "Computer Science and Engineering - B.Tech, 2016"
                line_start = layout.line_starts[line]
                field_before = self._field(text, max(line_start, last_end, start - 80), start)
            if form.strict and not self._in_context(text, end, line_end, layout.line_sections[line], field,
                                                    form.value != "school"):
                continue
            last_end = end
            span_end = end
            if field is not None and field[1] - end <= 30:
                span_end = field[2]
                opened = text.count("(", start, span_end) - text.count(")", start, span_end)
                if opened > 0 and text.startswith(")", span_end):
                    span_end += 1  # "M.S (Statistics)", not "M.S (Statistics"
            field_name = (field or field_before or (None,))[0] or self.implied_fields.get(normalise_key(form.text))
            mentions.append(DegreeMention(form.value, field_name, start, span_end))
            last_end = span_end
        doc._.degree_mentions = mentions
        return doc

    def _field(self, text: str, start: int, end: int) -> tuple[str, int, int] | None:
        best = None
        for regex in self.field_regexes:
            m = regex.search(text, start, end)
            if m and (best is None or m.start() < best[1]):
                form = self.field_forms.get(normalise_key(m.group()))
                if form is not None:
                    best = (form.value, m.start(), m.end())
        return best

    def _in_context(self, text: str, end: int, line_end: int, section: str, field, year_counts: bool) -> bool:
        """A strict form ("BE", "MS", "12th") is a degree in the education section, before a field, or before a
        confirming word; a year after it confirms a degree but not a school class ("12th March 2015"). Never when
        glued to what follows ("MS-SQL") or followed by a word that makes it a product or a name ("MS Excel")."""
        after = text[end:min(line_end, end + 60)]
        if after[:1] in ("-", "/") and after[1:2].isalnum():
            return False
        first = re.split(r"[\s,;:()]+", after.strip(), maxsplit=1)[0].casefold()
        if first in self.veto_next:
            return False
        if section == "education" or field is not None:
            return True
        if first in self.context or after.strip()[:1] in self.context:
            return True
        return year_counts and bool(self.year.search(after))


@Language.factory("rolematch_degrees", default_config={"skills_dir": ""})
def make_degrees(nlp: Language, name: str, skills_dir: str) -> DegreeFinder:
    return DegreeFinder(_load(skills_dir)[1])


# ---------------------------------------------------------------------------------------------------- titles


@dataclass(frozen=True, slots=True)
class TitleMention:
    title: str
    seniority: str | None
    start: int
    end: int


class TitleFinder:
    """Job titles, seniority kept apart: "Sr. Data Engineer" is a Data Engineer of seniority "senior"."""

    def __init__(self, nlp: Language, patterns: Patterns) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_title: dict[str, list[str]] = {}
        for form, title in patterns.titles.items():
            by_title.setdefault(title, []).append(form)
        for title, forms in by_title.items():
            self.matcher.add(title, list(nlp.tokenizer.pipe(forms)))
        self.seniority = patterns.seniority
        self.generic_heads = patterns.generic_heads
        self.certificate = _words_regex(patterns.cert_triggers)

    def _certificate_line(self, layout: Layout, line: int) -> bool:
        return bool(self.certificate.search(layout.text, layout.line_starts[line], layout.line_end(line)))

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
            if line in layout.personal_lines or line in layout.heading_lines \
                    or layout.line_sections[line] in ("certifications", "education") or self._certificate_line(layout, line):
                continue  # "TensorFlow Developer Certificate" names no job
            if end - start == 1 and words[start].casefold() in self.generic_heads:
                # a bare "Developer" or "Executive": take the capitalised words before it ("Tech Support Executive");
                # in prose, a lower-case "developer" with nothing before it is not a title
                first = start
                while first > 0 and start - first < 3 and not taken[first - 1] and _is_name_word(words[first - 1]) \
                        and layout.line_of(starts[first - 1]) == line and words[first - 1].casefold() not in self.seniority:
                    first -= 1
                if first == start and words[start].islower():
                    previous = words[start - 1].casefold() if start > 0 else ""
                    if previous.rstrip(".") not in self.seniority and previous not in self.seniority:
                        continue
                start = first
            seniority = None
            while start > 0 and not taken[start - 1]:
                before = start - 2 if words[start - 1] == "." and start > 1 else start - 1  # "Sr. Data Engineer"
                word = words[before].casefold()
                level = self.seniority.get(word) or self.seniority.get(word + ".")
                if level is None or layout.line_of(starts[before]) != line:
                    break
                seniority = seniority or level
                start = before
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


def _is_name_word(word: str) -> bool:
    """A capitalised word that can be part of a job title: "Support", "HVAC", "SAP"."""
    return word[:1].isupper() and word.replace("-", "").replace("&", "").isalnum()


@Language.factory("rolematch_titles", default_config={"skills_dir": ""})
def make_titles(nlp: Language, name: str, skills_dir: str) -> TitleFinder:  # noqa: D103
    return TitleFinder(nlp, _load(skills_dir)[1])


# ---------------------------------------------------------------------------------------------------- experience

_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december"))) for m in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d|['’]\d\d"


def _date(tag: str) -> str:
    return (rf"(?:(?P<{tag}m>{_MONTH})\.?,?\s?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s)?(?P<{tag}y>{_YEAR})"
            rf"|(?P<{tag}n>0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<{tag}ny>(?:19|20)\d\d)"
            rf"|(?P<{tag}o>(?:19|20)\d\d))")


_PRESENT = r"present|current(?:ly)?|now|till\s+date|till\s+now|to\s+date|date|today|ongoing|continuing|running"
_RANGE = re.compile(rf"(?<![\w/.]){_date('a')}\s?(?:-|–|—|to|till|until|through|~)\s?(?:{_date('b')}|(?P<now>{_PRESENT}))(?![\w/])",
                    re.IGNORECASE)
_STATEMENT = re.compile(
    r"(?<![\w.])(?P<years>\d{1,2}(?:\.\d{1,2})?)\s?\+?\s?(?:years?|yrs?)\.?(?:\s?(?:and\s)?(?P<months>\d{1,2})\s?"
    r"(?:months?|mos?|mnths?)\.?)?(?!\w)", re.IGNORECASE)
_EXPERIENCE_WORD = re.compile(r"experience|\bexp\b", re.IGNORECASE)
# "27 years old", "4 years B.Tech program": a number of years that is not a career
_NOT_CAREER = re.compile(r"\s*(?:old|of age|age|program|programme|course|degree|integrated|b\.?\s?tech|b\.?e\b|"
                         r"bachelor|engineering|graduation)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ExperienceMention:
    kind: str          # statement | range
    start: int
    end: int
    months: int | None  # for a statement; for a range, computed from the months below
    begin: int | None = None  # months since year 0
    until: int | None = None  # None: "present"


def _month_index(m: re.Match[str], tag: str) -> int | None:
    if m.group(tag + "m"):
        year = m.group(tag + "y")
        year = int(year) if year[0].isdigit() else 2000 + int(year[1:])
        return year * 12 + _MONTHS[m.group(tag + "m").casefold()]
    if m.group(tag + "n"):
        return int(m.group(tag + "ny")) * 12 + int(m.group(tag + "n")) - 1
    if m.group(tag + "o"):
        return int(m.group(tag + "o")) * 12
    return None


class ExperienceFinder:
    """Years of experience: explicit statements and date ranges of work history."""

    def __init__(self, settings: Settings) -> None:
        self.max_months = settings.max_years * 12

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        text = layout.text
        has_experience_section = "experience" in layout.line_sections
        degree_lines = {layout.line_of(d.start) for d in doc._.degree_mentions}  # "B.Tech 2012-2016" is study
        mentions = []
        for m in _STATEMENT.finditer(text):
            line = layout.line_of(m.start())
            if line in layout.personal_lines:
                continue
            around = text[max(layout.line_starts[line], m.start() - 40):min(m.end() + 40, layout.line_end(line))]
            if not _EXPERIENCE_WORD.search(around) or _NOT_CAREER.match(text, m.end()):
                continue
            months = round(float(m.group("years")) * 12) + int(m.group("months") or 0)
            if 0 < months <= self.max_months:
                mentions.append(ExperienceMention("statement", m.start(), m.end(), months))
        for m in _RANGE.finditer(text):
            section = layout.section_at(m.start())
            if section != "experience" and (has_experience_section or section in ("education", "projects", "personal",
                                                                                   "certifications", "skills")):
                continue
            if layout.line_of(m.start()) in degree_lines:
                continue
            begin = _month_index(m, "a")
            until = None if m.group("now") else _month_index(m, "b")
            if begin is None or until is not None and not 0 <= until - begin <= self.max_months:
                continue
            mentions.append(ExperienceMention("range", m.start(), m.end(), None, begin, until))
        mentions.sort(key=lambda x: x.start)
        doc._.experience_mentions = mentions
        return doc


@Language.factory("rolematch_experience", default_config={"skills_dir": ""})
def make_experience(nlp: Language, name: str, skills_dir: str) -> ExperienceFinder:
    return ExperienceFinder(_load(skills_dir)[2])


# ---------------------------------------------------------------------------------------------------- certifications


class CertificationFinder:
    """Certifications: every line of the certifications section, and lines elsewhere that name a certificate."""

    MAX_CHARS = 200

    def __init__(self, patterns: Patterns) -> None:
        self.trigger = _words_regex(patterns.cert_triggers)
        self.issuer = _words_regex(patterns.cert_issuers)
        self.topic = _words_regex(patterns.cert_topics)
        self.named = _words_regex([form for form, *_ in patterns.named_certs])
        self.issuers = patterns.cert_issuers
        self.topics = patterns.cert_topics
        self.named_by_form = {form: (name, issuer, topics) for form, name, issuer, topics in patterns.named_certs}
        self.bullet = re.compile(r"^[\W_]*")

    def __call__(self, doc: Doc) -> Doc:
        layout: Layout = doc._.layout
        text = layout.text
        lines = {i for i, s in enumerate(layout.line_sections) if s == "certifications"}
        lines |= {layout.line_of(m.start()) for regex in (self.trigger, self.named) for m in regex.finditer(text)}
        mentions, seen = [], set()
        for line in sorted(lines - layout.heading_lines - layout.personal_lines):
            start, end = layout.line_starts[line], layout.line_end(line)
            body = text[start:end]
            lead = self.bullet.match(body).end()
            body = body[lead:].rstrip()
            if len(body) < 3:
                continue
            named = self.named.search(body)
            issuer_match = self.issuer.search(body)
            topics = tuple(sorted({self.topics[m.group().casefold()] for m in self.topic.finditer(body)
                                   if m.group().casefold() in self.topics}))
            if named:
                name, issuer, named_topics = self.named_by_form[re.sub(r"\s+", " ", named.group().casefold())]
                topics = tuple(sorted(set(topics) | set(named_topics)))
            else:
                in_section = layout.line_sections[line] == "certifications"
                if not in_section and not (self.trigger.search(body) and (issuer_match or topics)):
                    continue
                name = body[: self.MAX_CHARS]
                issuer = self.issuers.get(issuer_match.group().casefold()) if issuer_match else None
            key = normalise_key(name)
            if key in seen:
                continue
            seen.add(key)
            span_start = start + lead
            span_end = span_start + min(len(body), self.MAX_CHARS)
            mentions.append(Certification(name, issuer, topics, text[span_start:span_end], span_start, span_end,
                                          line + 1))
        doc._.certification_mentions = mentions
        return doc


@Language.factory("rolematch_certifications", default_config={"skills_dir": ""})
def make_certifications(nlp: Language, name: str, skills_dir: str) -> CertificationFinder:
    return CertificationFinder(_load(skills_dir)[1])
