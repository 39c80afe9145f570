"""Match a Profile against a Role: which requirements the resume meets, how fully, and on what evidence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .models import DEGREE_LEVELS, Certification, Degree, Evidence, Profile, SkillHit, Title
from .roles import Role, SkillRequirement
from .taxonomy import Taxonomy

# Where a mention shows the skill in use rather than only listed.
USED_SECTIONS = frozenset({"experience", "projects"})


def best_evidence(how: str, evidence: tuple[Evidence, ...]) -> Evidence | None:
    """The mention that earned a requirement its credit: one in work or projects for "used", a hedged one for
    "hedged", else the first."""
    for e in evidence:
        if how == "used" and e.section in USED_SECTIONS or how == "hedged" and e.state == "hedged":
            return e
    return evidence[0] if evidence else None


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    requirement: SkillRequirement
    name: str
    credit: float          # 0..1
    how: str               # used | listed | hedged | implied | missing
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class DegreeMatch:
    credit: float
    degree: Degree | None
    field_accepted: bool
    highest: str | None = None  # the highest level held above school, whatever its field: a master's holds a bachelor's
    unnamed: tuple[Evidence, ...] = ()  # education lines that name a place of study but no degree (Profile.degree_lines)


@dataclass(frozen=True, slots=True)
class ExperienceMatch:
    title_credit: float
    years_credit: float
    years: float
    titles: tuple[Title, ...]


@dataclass(frozen=True, slots=True)
class CertificationMatch:
    credit: float
    certification: Certification | None


@dataclass(frozen=True, slots=True)
class RoleMatch:
    role: Role
    skills: tuple[RequirementMatch, ...]
    languages: tuple[RequirementMatch, ...]
    degree: DegreeMatch
    experience: ExperienceMatch
    certification: CertificationMatch
    not_found: tuple[str, ...] = ()  # the kinds of fact the resume shows none of (Profile.not_found)


class ProfileIndex:
    """What a profile holds, looked up by skill id; built once and matched against every role."""

    def __init__(self, profile: Profile, taxonomy: Taxonomy) -> None:
        self.profile = profile
        self.taxonomy = taxonomy
        self.not_found = profile.not_found
        self.hits: dict[str, SkillHit] = {hit.id: hit for hit in profile.skills}
        self.implied: dict[str, list[SkillHit]] = {}
        for hit in profile.skills:
            if any(e.state == "stated" for e in hit.evidence):
                for broader in taxonomy.implied_by.get(hit.id, ()):
                    self.implied.setdefault(broader, []).append(hit)


def match_role(index: ProfileIndex, role: Role, title_cutoff: float) -> RoleMatch:
    profile = index.profile
    return RoleMatch(
        role=role,
        skills=tuple(_match_skill(index, r, role.credit) for r in role.skills),
        languages=tuple(_match_skill(index, r, role.credit) for r in role.languages),
        degree=dataclasses.replace(_match_degree(profile.degrees, role), unnamed=profile.degree_lines),
        experience=_match_experience(profile, role, title_cutoff),
        certification=_match_certification(profile.certifications, role),
        not_found=index.not_found,
    )


def _match_skill(index: ProfileIndex, requirement: SkillRequirement, credit: dict[str, float]) -> RequirementMatch:
    name = index.taxonomy[requirement.skill].name
    hit = index.hits.get(requirement.skill)
    if hit is not None:
        best, how = 0.0, "listed"
        for e in hit.evidence:
            if e.state == "hedged":
                value, kind = credit["hedged"], "hedged"
            elif e.section in USED_SECTIONS:
                value, kind = credit["used"], "used"
            else:
                value, kind = credit["listed"], "listed"
            if value > best:
                best, how = value, kind
        return RequirementMatch(requirement, name, best, how, hit.evidence)
    sources = index.implied.get(requirement.skill)
    if sources:
        evidence = tuple(sorted((e for s in sources for e in s.evidence[:1]), key=lambda e: e.start))
        return RequirementMatch(requirement, name, credit["implied"], "implied", evidence)
    return RequirementMatch(requirement, name, 0.0, "missing", ())


def field_accepted(degree: Degree, fields) -> bool:
    """Whether a degree's field is one of `fields` (a role's accepted fields): the one decision the degree score
    and the career path's degree step both read. A field kept as written (field_id None) is never accepted, even
    when it reads like a known one."""
    return degree.field_id is not None and degree.field in fields


def _match_degree(degrees: tuple[Degree, ...], role: Role) -> DegreeMatch:
    need = role.degree
    best = DegreeMatch(0.0, None, False)
    for degree in degrees:
        accepted = field_accepted(degree, need.fields)
        factor = 1.0 if accepted else need.unknown_field if degree.field is None else need.other_field
        credit = need.level_credit[degree.level] * factor
        if credit > best.credit:
            best = DegreeMatch(credit, degree, accepted)
    held = [DEGREE_LEVELS.index(d.level) for d in degrees if d.level != "school"]
    return dataclasses.replace(best, highest=DEGREE_LEVELS[max(held)] if held else None)


def _match_experience(profile: Profile, role: Role, title_cutoff: float) -> ExperienceMatch:
    need = role.experience
    relevant = []
    for title in profile.titles:
        if title.title in need.titles or process.extractOne(
                title.title, need.titles, scorer=fuzz.token_sort_ratio, score_cutoff=title_cutoff):
            relevant.append(title)
    title_credit = 1.0 if relevant else 0.0
    years = profile.experience_years or 0.0
    years_credit = min(years / need.years, 1.0) * (1.0 if relevant else need.unrelated_years)
    return ExperienceMatch(title_credit, years_credit, years, tuple(relevant))


def _match_certification(certifications: tuple[Certification, ...], role: Role) -> CertificationMatch:
    best = CertificationMatch(0.0, None)
    for cert in certifications:
        credit = 1.0 if set(cert.topics) & set(role.certifications.topics) else role.certifications.other_credit
        if credit > best.credit:
            best = CertificationMatch(credit, cert)
    return best
