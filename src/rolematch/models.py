"""Result types of every stage. Frozen all the way down; `to_dict` is the JSON contract (DESIGN.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = "1.2"  # of the JSON contract (DESIGN.md section 3): bump when a field changes meaning
# 1.1: missing[].action is learn | add-to-resume | check-resume (was learn | resume-fix); roles carry a band;
#      the profile lists what it could not find (not_found)
# 1.2: each missing[] item says how long it takes (duration) and where to learn it (learn: [{title, url, free}]);
#      the extract says how the document read (document); degrees[].field_id (null: the field is kept as
#      written); experience[].kind may be duration or skill; education lines naming a place of study but no
#      degree (degree_lines)
Action = Literal["learn", "add-to-resume", "check-resume"]
Band = Literal["strong", "good", "partial", "weak"]
# What a profile can lack because the resume does not say it (or rolematch did not read it): a check, not a gap.
FACT_KINDS: tuple[str, ...] = ("skills", "degree", "titles", "dates", "certifications")
_FACT_NAMES = {"skills": "skills", "degree": "degree", "titles": "job titles", "dates": "dates of work",
               "certifications": "certifications"}
State = Literal["stated", "hedged", "negated"]
DegreeLevel = Literal["school", "diploma", "associate", "bachelor", "master", "doctorate"]
DEGREE_LEVELS: tuple[str, ...] = ("school", "diploma", "associate", "bachelor", "master", "doctorate")
# How long closing a gap takes a student working part time. A skill's next step is one of SKILL_DURATIONS; a
# degree may take longer (skills/config.toml [durations]).
SKILL_DURATIONS: tuple[str, ...] = ("this week", "30 days", "90 days")
DURATIONS: tuple[str, ...] = (*SKILL_DURATIONS, "a year or more")
RESUME_DURATION = "this week"  # writing down what the resume implies, or checking what it lacks, is an evening's work


@dataclass(frozen=True, slots=True)
class LearnLink:
    """Where to learn a skill: a course or documentation page (https, no tracking parameters)."""

    title: str
    url: str
    free: bool

    def to_dict(self) -> dict:
        return {"title": self.title, "url": self.url, "free": self.free}


@dataclass(frozen=True, slots=True)
class ReadingWarning:
    """Something about how the document read that a counsellor should know: a machine-readable code (README,
    "Reading warnings") and a one-line message."""

    code: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Document:
    """A resume as read: `text` is the reference for every offset. `warnings`: what the reader noticed (mojibake
    repaired, columns, little text); extraction adds its own to the profile's DocumentInfo."""

    source: str
    text: str
    encoding: str
    pages: int = 1
    warnings: tuple[ReadingWarning, ...] = ()

    @property
    def format(self) -> str:
        """"pdf", "docx", "html" or "text"."""
        return self.encoding if self.encoding in ("pdf", "docx") else "html" if self.encoding.startswith("html") \
            else "text"


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word document", "html": "web page", "text": "text"}


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The document a profile was read from: its format, pages, length and reading warnings (in code order)."""

    format: str
    pages: int
    chars: int
    warnings: tuple[ReadingWarning, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.warnings)

    @property
    def note(self) -> str:
        """The warnings in one line for the counsellor; "" when there are none."""
        if not self.warnings:
            return ""
        return (f"This {_FORMAT_NAMES.get(self.format, self.format)}'s text was hard to read: "
                + "; ".join(w.message for w in self.warnings) + ". Check the skills list against the resume.")

    def to_dict(self) -> dict:
        return {"format": self.format, "pages": self.pages, "chars": self.chars,
                "warnings": [w.to_dict() for w in self.warnings]}


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int
    line: int
    section: str
    state: State = "stated"

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "line": self.line,
                "section": self.section, "state": self.state}

    def line_bounds(self, text: str) -> tuple[int, int]:
        """Where the line of `text` that holds this mention starts and ends."""
        end = text.find("\n", self.end)
        return text.rfind("\n", 0, self.start) + 1, len(text) if end < 0 else end


@dataclass(frozen=True, slots=True)
class SkillHit:
    id: str
    name: str
    category: str
    match: Literal["exact", "fuzzy"]
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "category": self.category, "match": self.match,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Degree:
    """field_id names a field of skills/patterns/degrees.yml ("computer-science"); a field rolematch does not know
    is kept in `field` as written ("Hospitality Management") with field_id None, never taken for a known one."""

    level: DegreeLevel
    field: str | None
    text: str
    start: int
    end: int
    line: int
    section: str
    field_id: str | None = None

    def to_dict(self) -> dict:
        return {"level": self.level, "field": self.field, "field_id": self.field_id, "text": self.text,
                "start": self.start, "end": self.end, "line": self.line, "section": self.section}


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    seniority: str | None
    text: str
    start: int
    end: int
    line: int
    section: str

    def to_dict(self) -> dict:
        return {"title": self.title, "seniority": self.seniority, "text": self.text, "start": self.start,
                "end": self.end, "line": self.line, "section": self.section}


@dataclass(frozen=True, slots=True)
class ExperienceClaim:
    """An explicit "5 years of experience" statement, one date range of work history, the length of one job in a
    table of jobs ("duration"), or the time with one skill ("skill": "Python - 24 months", never a career)."""

    kind: Literal["statement", "range", "duration", "skill"]
    months: int
    text: str
    start: int
    end: int
    line: int

    def to_dict(self) -> dict:
        return {"kind": self.kind, "months": self.months, "text": self.text, "start": self.start,
                "end": self.end, "line": self.line}


@dataclass(frozen=True, slots=True)
class Certification:
    name: str
    issuer: str | None
    topics: tuple[str, ...]
    text: str
    start: int
    end: int
    line: int

    def to_dict(self) -> dict:
        return {"name": self.name, "issuer": self.issuer, "topics": list(self.topics), "text": self.text,
                "start": self.start, "end": self.end, "line": self.line}


@dataclass(frozen=True, slots=True)
class PersonalDetail:
    """A date of birth, gender, religion ... line: recognised so that it never feeds a score."""

    kind: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class PrivateSpan:
    """Text a redacted report hides: the name, an e-mail address, a phone number, a link, a street address or a
    personal detail. Found by extraction; a report only hides them."""

    kind: Literal["name", "email", "phone", "url", "address", "personal"]
    start: int
    end: int


def evidence_of(item: "Degree | Title | Certification") -> Evidence:
    """A degree, title or certification as the evidence of a match."""
    return Evidence(item.text, item.start, item.end, item.line, getattr(item, "section", "certifications"))


@dataclass(frozen=True, slots=True)
class Profile:
    source: str
    text: str
    skills: tuple[SkillHit, ...]
    negated_skills: tuple[SkillHit, ...]
    degrees: tuple[Degree, ...]
    titles: tuple[Title, ...]
    experience_years: float | None
    experience: tuple[ExperienceClaim, ...]
    certifications: tuple[Certification, ...]
    personal: tuple[PersonalDetail, ...]
    name: str | None = None                      # the candidate's name, when the resume opens with one
    private: tuple[PrivateSpan, ...] = ()        # what --redact hides, in text order
    document: DocumentInfo | None = None         # how the document read: format, pages, warnings
    # education lines naming a place of study and a year, or a field, but no degree ("Pune University, 2016"):
    # a degree of unknown level, read only when no degree is found
    degree_lines: tuple[Evidence, ...] = ()

    @property
    def not_found(self) -> tuple[str, ...]:
        """The kinds of fact rolematch found none of, in FACT_KINDS order: what a counsellor checks by hand."""
        found = {"skills": bool(self.skills),
                 "degree": any(d.level != "school" for d in self.degrees) or bool(self.degree_lines),
                 "titles": bool(self.titles),
                 "dates": bool(self.experience) or self.experience_years is not None,
                 "certifications": bool(self.certifications)}
        return tuple(kind for kind in FACT_KINDS if not found[kind])

    @property
    def not_found_note(self) -> str:
        """not_found in one line for the counsellor; "" when every kind was found."""
        names = [_FACT_NAMES[kind] for kind in self.not_found]
        if not names:
            return ""
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"We found no {listed} in this resume: check them by hand; the gaps they leave are resume checks."

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "skills": [s.to_dict() for s in self.skills],
            "negated_skills": [s.to_dict() for s in self.negated_skills],
            "degrees": [d.to_dict() for d in self.degrees],
            "degree_lines": [e.to_dict() for e in self.degree_lines],
            "titles": [t.to_dict() for t in self.titles],
            "experience_years": self.experience_years,
            "experience": [c.to_dict() for c in self.experience],
            "certifications": [c.to_dict() for c in self.certifications],
            "not_found": list(self.not_found),
            **({"document": self.document.to_dict()} if self.document is not None else {}),
        }


@dataclass(frozen=True, slots=True)
class MatchedItem:
    """One role requirement the resume meets, fully or in part (credit 0..1)."""

    kind: Literal["skill", "language", "degree", "title", "experience", "certification"]
    id: str
    name: str
    credit: float
    how: str  # stated, listed, hedged, implied, fuzzy, ...
    evidence: tuple[Evidence, ...]
    best: Evidence | None = None  # the mention that earned the credit: one in work or projects for "used", ...

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "credit": self.credit, "how": self.how,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class MissingItem:
    """A requirement not (fully) met, with the points it would add and what to do."""

    kind: Literal["skill", "language", "degree", "title", "experience", "certification"]
    id: str
    name: str
    gain: float
    action: Action  # learn it; add-to-resume: the resume implies it; check-resume: nothing of its kind was found
    next_step: str
    duration: str  # one of DURATIONS: how long the next step takes part time
    learn: tuple[LearnLink, ...] = ()  # where to learn it, from the taxonomy or skills/config.toml

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "gain": self.gain, "action": self.action,
                "next_step": self.next_step, "duration": self.duration,
                "learn": [link.to_dict() for link in self.learn]}

    @property
    def label(self) -> str:
        """What kind of gap, as a reader says it: "skill", "degree", ..., "resume fix" or "resume check"."""
        return {"add-to-resume": "resume fix", "check-resume": "resume check"}.get(self.action, self.kind)


@dataclass(frozen=True, slots=True)
class Win:
    """One of a role's biggest gaps closed, with the score after it and the ones before it."""

    gap: MissingItem
    score_after: float


@dataclass(frozen=True, slots=True)
class CareerStep:
    """A step of the career path (skills/career_path.toml) for this person: done, partly done or to do."""

    step: str
    status: Literal["done", "partly", "todo"]
    note: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    points: float
    max_points: float
    detail: str

    def to_dict(self) -> dict:
        return {"points": self.points, "max": self.max_points, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class RoleScore:
    id: str
    title: str
    score: float
    components: tuple[Component, ...]
    matched: tuple[MatchedItem, ...]
    missing: tuple[MissingItem, ...]
    next_steps: tuple[str, ...]
    wins: tuple[Win, ...] = ()  # the biggest gaps closed one after another, with the score after each
    band: Band = "weak"         # the score in words, from skills/config.toml [bands]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "score": self.score, "band": self.band,
                "components": {c.name: c.to_dict() for c in self.components},
                "matched": [m.to_dict() for m in self.matched],
                "missing": [m.to_dict() for m in self.missing],
                "next_steps": list(self.next_steps)}


@dataclass(frozen=True, slots=True)
class ScoreResult:
    source: str
    profile: Profile
    roles: tuple[RoleScore, ...]
    career_path: tuple[CareerStep, ...] = ()
    verdict: str = ""  # the fit in one sentence: the best role from "partial" up, else that none fits yet

    def to_dict(self) -> dict:
        profile = self.profile.to_dict()
        document = profile.pop("document", None)  # said once, at the top, as in the extract object
        return {"schema_version": SCHEMA_VERSION, "source": self.source,
                **({"document": document} if document is not None else {}), "profile": profile,
                "verdict": self.verdict, "roles": [r.to_dict() for r in self.roles]}
