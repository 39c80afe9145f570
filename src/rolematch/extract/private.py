"""What a redacted report must hide: the candidate's name, e-mail addresses, phone numbers, links, a street address
near the top, and the personal-detail lines the layout component recognised. Found once, at extraction; a report
only hides these spans and never searches the text itself."""

from __future__ import annotations

import re

from ..models import PersonalDetail, PrivateSpan

# Anchored at the start of a token (the look-behinds), so a long run of letters costs one try, not one per letter.
# Each with the text it cannot match without: a text that lacks it is not searched.
_PATTERNS = (
    ("email", "@", re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")),
    ("phone", "", re.compile(r"(?<![\w])(?=[+(\d])(?:\+?\d{1,3}[\s-]?)?(?:\(?\d{2,5}\)?[\s-]?){2,4}\d{3,5}(?!\w)")),
    ("url", "", re.compile(r"https?://\S+|www\.\S+|indeed\.com/\S+|linkedin\.com/\S+", re.IGNORECASE)),
)
_PIN = re.compile(r"\b\d{3}\s?\d{3}\b")
_ADDRESS_WORDS = re.compile(r"\b(road|rd\.|street|st\.|nagar|colony|sector|lane|layout|cross|main|apartment|apt|"
                            r"flat|house no|h\.no|district|dist\.|village|post|pin|near)\b", re.IGNORECASE)
_NAME_LINE = re.compile(r"^[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){1,3}$")
ADDRESS_LINES = 12  # an address sits in the first lines, next to the name


def candidate_name(text: str) -> str | None:
    """The name most resumes open with: the first non-blank line, if it reads like one ("Priya Raghavan")."""
    for line in text.split("\n", 5)[:5]:
        stripped = line.strip()
        if not stripped:
            continue
        if _NAME_LINE.match(stripped) and not any(ch.isdigit() for ch in stripped):
            return stripped
        return None
    return None


def private_spans(text: str, name: str | None, personal: tuple[PersonalDetail, ...]) -> tuple[PrivateSpan, ...]:
    """Every span a redacted report hides, in text order."""
    spans = [PrivateSpan("personal", p.start, p.end) for p in personal]
    for kind, needed, pattern in _PATTERNS:
        if needed in text:
            spans += [PrivateSpan(kind, *m.span()) for m in pattern.finditer(text)]
    if name:
        for part in {name, *[word for word in name.split() if len(word) > 2]}:
            spans += [PrivateSpan("name", *m.span()) for m in re.finditer(re.escape(part), text)]
    start = 0
    for line in text.split("\n", ADDRESS_LINES)[:ADDRESS_LINES]:
        if _PIN.search(line) or _ADDRESS_WORDS.search(line):
            spans.append(PrivateSpan("address", start, start + len(line)))
        start += len(line) + 1
    return tuple(sorted(spans, key=lambda s: (s.start, s.end, s.kind)))
