"""What several extraction components share, and nothing else: the Doc extensions they write, the user_data key
of the document text as read, and the regex builders for long lists of literal forms (headings, degrees,
certificate words).

Every component module imports this one, so the extensions exist as soon as any component is registered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

TEXT_KEY = "rolematch_text"  # doc.user_data key of the document text as read

# One extension per component, in pipeline order: each is written by its own component and read by the later ones
# and by pipeline.py's build_profile.
EXTENSIONS = ("layout", "skill_mentions", "degree_mentions", "title_mentions", "experience_mentions",
              "certification_mentions")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def alternation(forms: list[str], fold: bool = True) -> str:
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


def words_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive whole-word alternation of literal phrases, longest first."""
    return re.compile(r"(?<!\w)(?:" + alternation([re.escape(p).replace(r"\ ", r"\s+") for p in phrases]) + r")(?!\w)",
                      re.IGNORECASE)


def flexible_regex(form: str) -> str:
    """ "B.Tech" also reads "B. Tech", "B-Tech", "BTech"; "Master's in" also "Masters in"; an acronym
    such as "HSC" or "PGDCA" also reads "H.S.C" and "P.G.D.C.A"."""
    words = []
    for word in form.split():
        pieces = [p for p in re.split(r"[.\-]", word) if p]
        if len(pieces) == 1 and 2 <= len(word) <= 6 and word.isalpha() and word.isupper():
            pieces = list(word)
        words.append(r"[.\-]?\s?".join(re.escape(p).replace("'", "['’]?") for p in pieces))
    return r"\s+".join(words)
