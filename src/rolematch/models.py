"""Result types of every stage. Frozen all the way down; `to_dict` is the JSON contract (DESIGN.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = "1.3"  # of the JSON contract (DESIGN.md section 3): bump when a field changes meaning
# 1.1: missing[].action is learn | add-to-resume | check-resume (was learn | resume-fix); roles carry a band;
#      the profile lists what it could not find (not_found)
# 1.2: each missing[] item says how long it takes (duration) and where to learn it (learn: [{title, url, free}]);
#      the extract says how the document read (document); degrees[].field_id (null: the field is kept as
#      written); experience[].kind may be duration or skill; education lines naming a place of study but no
#      degree (degree_lines)
# 1.3: a role built from a job posting (score --job) adds `posting` (source, title, thin, warnings) and
#      `requirements` (each of the posting's requirements: met, partly or not-met, with evidence both sides)
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


def joined(items: list[str], last: str = "and") -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c" (or "or")."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


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
        return f"We found no {joined(names, 'or')} in this resume: check them by hand; the gaps they leave are resume checks."

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


RequirementKind = Literal["skill", "language", "degree", "experience", "certification"]
CheckStatus = Literal["met", "partly", "not-met"]


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing a job posting asks for, required or preferred, with where the posting says it. `id` is a taxonomy
    skill id, a degree level, "years" or a certification's name as slug; `name` says it for people."""

    kind: RequirementKind
    id: str
    name: str
    required: bool
    evidence: Evidence

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "required": self.required,
                "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Posting:
    """A job posting as read: its title, each requirement with its evidence, the degree and years it asks for.
    `thin`: too few requirements were found to judge a fit (skills/config.toml [posting] thin_below)."""

    source: str
    title: str
    requirements: tuple[Requirement, ...]
    min_degree: DegreeLevel | None = None
    preferred_degree: DegreeLevel | None = None
    degree_fields: tuple[str, ...] = ()
    related_fields: bool = False      # "or a related field": the fields are examples
    job_titles: tuple[str, ...] = ()  # the title as the recognisers know it ("Data Scientist" for "Sr. DS")
    certification_topics: tuple[str, ...] = ()
    min_years: float | None = None
    max_years: float | None = None
    thin: bool = False
    warnings: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.kind == kind)

    def to_dict(self) -> dict:
        return {"source": self.source, "title": self.title, "thin": self.thin, "warnings": list(self.warnings),
                "min_degree": self.min_degree, "preferred_degree": self.preferred_degree,
                "degree_fields": list(self.degree_fields), "related_fields": self.related_fields,
                "job_titles": list(self.job_titles), "certification_topics": list(self.certification_topics),
                "min_years": self.min_years, "max_years": self.max_years,
                "requirements": [r.to_dict() for r in self.requirements]}


@dataclass(frozen=True, slots=True)
class RequirementCheck:
    """One requirement of a posting against a resume: met (with the resume's evidence), partly (implied, hedged, a
    lower degree, another field, years short) or not-met (with the next step)."""

    requirement: Requirement
    status: CheckStatus
    note: str                               # how it is met, or what to do
    evidence: tuple[Evidence, ...] = ()     # in the resume

    def to_dict(self) -> dict:
        r = self.requirement
        return {"kind": r.kind, "id": r.id, "name": r.name, "required": r.required, "status": self.status,
                "note": self.note, "posting_evidence": r.evidence.to_dict(),
                "evidence": [e.to_dict() for e in self.evidence]}


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
    posting: Posting | None = None  # the job posting this role was built from (score --job)
    requirements: tuple[RequirementCheck, ...] = ()  # the posting's requirements, one by one

    def to_dict(self) -> dict:
        job = {} if self.posting is None else {
            "posting": {"source": self.posting.source, "title": self.posting.title, "thin": self.posting.thin,
                        "warnings": list(self.posting.warnings)},
            "requirements": [c.to_dict() for c in self.requirements]}
        return {"id": self.id, "title": self.title, "score": self.score, "band": self.band,
                "components": {c.name: c.to_dict() for c in self.components},
                "matched": [m.to_dict() for m in self.matched],
                "missing": [m.to_dict() for m in self.missing],
                "next_steps": list(self.next_steps), **job}


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


Version = Literal["before", "after"]


@dataclass(frozen=True, slots=True)
class ItemChange:
    """A role requirement whose credit changed between two versions of a resume: gained (new, or more credit:
    listed → used, implied → stated) or lost (the reverse). Each evidence indexes its own version's text."""

    kind: Literal["skill", "language", "degree", "title", "certification"]
    id: str
    name: str
    credit_before: float
    credit_after: float
    how_before: str  # used, listed, hedged, implied, ... or "missing"
    how_after: str
    evidence_before: tuple[Evidence, ...]
    evidence_after: tuple[Evidence, ...]
    best_before: Evidence | None = None  # the mention that earned each version its credit (a report quotes it)
    best_after: Evidence | None = None

    @property
    def new(self) -> bool:
        """Not met at all before (a skill learnt, a degree earned), rather than met with more credit now."""
        return self.how_before == "missing"

    @property
    def gone(self) -> bool:
        return self.how_after == "missing"

    @property
    def gained(self) -> bool:
        return self.credit_after > self.credit_before

    @property
    def how(self) -> str:
        """The change in a few words: "used" (new), "was listed" (gone), "listed → used"."""
        return self.how_after if self.new else f"was {self.how_before}" if self.gone else \
            f"{self.how_before} → {self.how_after}"

    @property
    def quoted(self) -> tuple[Version, Evidence | None]:
        """The version whose mention shows the change (the new one for a gain, the old one for a loss), and that
        mention: the one that earned it the more credit."""
        return ("after", self.best_after) if self.gained else ("before", self.best_before)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "id": self.id, "name": self.name, "credit_before": self.credit_before,
                "credit_after": self.credit_after, "how_before": self.how_before, "how_after": self.how_after,
                "evidence_before": [e.to_dict() for e in self.evidence_before],
                "evidence_after": [e.to_dict() for e in self.evidence_after]}


@dataclass(frozen=True, slots=True)
class ComponentChange:
    name: str
    before: float
    after: float
    max_points: float

    def to_dict(self) -> dict:
        return {"before": self.before, "after": self.after, "max": self.max_points}


@dataclass(frozen=True, slots=True)
class RoleChange:
    """One role's score in both versions, what was gained and lost, and what the new version still misses."""

    id: str
    title: str
    before: float
    after: float
    band_before: Band
    band_after: Band
    components: tuple[ComponentChange, ...]
    gained: tuple[ItemChange, ...]
    lost: tuple[ItemChange, ...]
    still_missing: tuple[MissingItem, ...]

    @property
    def change(self) -> float:
        return round(self.after - self.before, 1)

    @property
    def bands(self) -> str:
        """"partial → strong", or "partial" when the band held."""
        return self.band_after if self.band_before == self.band_after else f"{self.band_before} → {self.band_after}"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "before": self.before, "after": self.after,
                "change": self.change, "band_before": self.band_before, "band_after": self.band_after,
                "components": {c.name: c.to_dict() for c in self.components},
                "gained": [g.to_dict() for g in self.gained], "lost": [item.to_dict() for item in self.lost],
                "still_missing": [m.to_dict() for m in self.still_missing]}


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """A fact of the resume itself, whatever the role, that one version has and the other has not: a degree, a
    job title, a certification or a skill. The evidence is in the version that has it."""

    kind: Literal["degree", "title", "certification", "skill"]
    change: Literal["added", "removed"]
    id: str
    name: str
    evidence: tuple[Evidence, ...]

    @property
    def version(self) -> Version:
        """The version whose text the evidence indexes."""
        return "after" if self.change == "added" else "before"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "change": self.change, "id": self.id, "name": self.name,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two versions of one resume scored against the same roles: per role, the score before → after and the
    items gained, lost and still missing; and the changes to the resume's own facts (degrees, titles, years,
    certifications, skills). Roles are ordered by the new score, highest first (ties by id)."""

    before: ScoreResult
    after: ScoreResult
    roles: tuple[RoleChange, ...]
    profile_changes: tuple[ProfileChange, ...]

    @property
    def years_before(self) -> float | None:
        return self.before.profile.experience_years

    @property
    def years_after(self) -> float | None:
        return self.after.profile.experience_years

    @property
    def years_note(self) -> str:
        """"Years of experience: not found → 0.4"."""
        def years(value: float | None) -> str:
            return "not found" if value is None else f"{value:g}"

        return f"Years of experience: {years(self.years_before)} → {years(self.years_after)}"

    def to_dict(self) -> dict:
        def version(result: ScoreResult) -> dict:
            document = result.profile.document
            return {"source": result.source, **({"document": document.to_dict()} if document is not None else {})}

        return {"schema_version": SCHEMA_VERSION, "kind": "comparison", "before": version(self.before),
                "after": version(self.after),
                "profile": {"experience_years": {"before": self.years_before, "after": self.years_after},
                            "changes": [c.to_dict() for c in self.profile_changes]},
                "roles": [r.to_dict() for r in self.roles]}
