"""Turn a RoleMatch into a 0-100 score with a breakdown, the gaps ranked by what each would add, and next steps.

Every weight comes from the role file; this module only does the arithmetic, and rounds once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .match import RoleMatch
from .models import Component, Evidence, MatchedItem, MissingItem, RoleScore
from .roles import Role
from .taxonomy import Taxonomy

_LEVEL_NAMES = {"school": "school", "diploma": "diploma", "associate": "associate degree",
                "bachelor": "bachelor's degree", "master": "master's degree", "doctorate": "doctorate"}
SKILL_STEPS = 3  # how many skill gaps lead the next steps, before the career-path steps


@dataclass(frozen=True, slots=True)
class Credits:
    """Everything the points depend on, each 0..1: the gains are the points of a changed copy minus the points now."""

    skills: tuple[float, ...]
    languages: tuple[float, ...]
    degree: float
    title: float
    years: float
    certification: float


def points(role: Role, credits: Credits) -> dict[str, float]:
    """The five components' points, unrounded."""
    weights = role.weights

    def share(requirements, values, total_points):
        total = sum(r.weight for r in requirements)
        return total_points * sum(r.weight * v for r, v in zip(requirements, values)) / total if total else 0.0

    skills = share(role.skills, credits.skills, weights["skills"])
    languages = share(role.languages, credits.languages, weights["languages"])
    # credentials count in full only next to relevant skills: below the gate they shrink in proportion
    relevance = (skills + languages) / max(weights["skills"] + weights["languages"], 1e-9)
    gate = role.credit["relevance_gate"]
    factor = min(1.0, relevance / gate) if gate else 1.0
    share_title = role.experience.title_share
    return {
        "skills": skills,
        "languages": languages,
        "degree": factor * weights["degree"] * credits.degree,
        "experience": factor * weights["experience"] * (share_title * credits.title + (1 - share_title) * credits.years),
        "certifications": factor * weights["certifications"] * credits.certification,
    }


def score_match(match: RoleMatch, taxonomy: Taxonomy) -> RoleScore:
    role = match.role
    weights = role.weights
    exp = match.experience
    credits = Credits(tuple(r.credit for r in match.skills), tuple(r.credit for r in match.languages),
                      match.degree.credit, exp.title_credit, exp.years_credit, match.certification.credit)
    now = points(role, credits)
    total = sum(now.values())

    def met(items):
        return ", ".join(r.name for r in items if r.credit > 0) or "none"

    degree = match.degree.degree
    cert = match.certification.certification
    components = (
        Component("skills", round(now["skills"], 1), weights["skills"],
                  f"{sum(r.credit > 0 for r in match.skills)} of {len(match.skills)} skills: {met(match.skills)}"),
        Component("languages", round(now["languages"], 1), weights["languages"],
                  f"{met(match.languages)} of {', '.join(r.name for r in match.languages)}"),
        Component("degree", round(now["degree"], 1), weights["degree"],
                  f"{degree.text} ({_LEVEL_NAMES[degree.level]}, {degree.field or 'field not stated'})" if degree
                  else "no degree found"),
        Component("experience", round(now["experience"], 1), weights["experience"],
                  f"{exp.years:g} years; related title: {', '.join(sorted({t.title for t in exp.titles})) or 'none'}"),
        Component("certifications", round(now["certifications"], 1), weights["certifications"],
                  cert.name if cert else "none found"),
    )
    matched = [MatchedItem(kind, r.requirement.skill, r.name, round(r.credit, 2), r.how, r.evidence)
               for kind, items in (("skill", match.skills), ("language", match.languages))
               for r in items if r.credit > 0]
    if degree:
        matched.append(MatchedItem("degree", degree.level, degree.text, round(match.degree.credit, 2),
                                   "accepted field" if match.degree.field_accepted else "other field",
                                   (_evidence(degree),)))
    by_title: dict[str, list] = {}
    for title in exp.titles:
        by_title.setdefault(title.title, []).append(title)
    for name, held in by_title.items():
        matched.append(MatchedItem("title", name, held[0].text, 1.0, "held", tuple(_evidence(t) for t in held)))
    if cert:
        matched.append(MatchedItem("certification", ",".join(cert.topics) or "other", cert.name,
                                   round(match.certification.credit, 2), "held", (_evidence(cert),)))

    def gain(**changes) -> float:
        return round(sum(points(role, replace(credits, **changes)).values()) - total, 1)

    missing = []
    for kind, field, items in (("skill", "skills", match.skills), ("language", "languages", match.languages)):
        for i, r in enumerate(items):
            if r.how not in ("missing", "implied"):
                continue
            full = tuple(1.0 if j == i else c for j, c in enumerate(getattr(credits, field)))
            if r.how == "implied":
                sources = list(dict.fromkeys(e.text for e in r.evidence))
                shown = ", ".join(sources[:3]) + (" ..." if len(sources) > 3 else "")
                missing.append(MissingItem(kind, r.requirement.skill, r.name, gain(**{field: full}), "resume-fix",
                                           f"Say it: your resume shows {shown} but never names {r.name}; "
                                           "describe where you used it."))
            else:
                missing.append(MissingItem(kind, r.requirement.skill, r.name, gain(**{field: full}), "learn",
                                           taxonomy[r.requirement.skill].next_step))
    path = _career_gaps(role, credits, gain)
    missing += path
    missing.sort(key=lambda m: (-m.gain, m.kind, m.id))

    skill_steps = [f"{m.name}: {m.next_step}" for m in missing if m.kind in ("skill", "language")][:SKILL_STEPS]
    next_steps = tuple(skill_steps + [m.next_step for m in path])  # career path in its own order
    return RoleScore(role.id, role.title, round(total, 1), components, tuple(matched), tuple(missing), next_steps)


def _evidence(item) -> Evidence:
    return Evidence(item.text, item.start, item.end, item.line, getattr(item, "section", "certifications"))


def _career_gaps(role: Role, credits: Credits, gain) -> list[MissingItem]:
    """The career path in order: a degree at the role's minimum, experience in a related role, the preferred
    degree (a master's), a certification. Each gain is what that step adds on its own."""
    need = role.degree
    gaps = []
    minimum = need.level_credit[need.minimum]
    if credits.degree < minimum and (g := gain(degree=minimum)) > 0:
        fields = ", ".join(need.fields[:3])
        gaps.append(MissingItem("degree", need.minimum, f"{_LEVEL_NAMES[need.minimum].capitalize()} in a related field",
                                g, "learn", f"Complete a {_LEVEL_NAMES[need.minimum]} in {fields} or a close field; "
                                "most employers ask for at least this."))
    if (credits.title < 1 or credits.years < 1) and (g := gain(title=1.0, years=1.0)) > 0:
        gaps.append(MissingItem("experience", "related-experience", f"{role.experience.years:g}+ years in a related role",
                                g, "learn", role.experience.next_step))
    preferred = need.level_credit[need.preferred]
    if need.preferred != need.minimum and credits.degree < preferred \
            and (g := round(gain(degree=preferred) - max(gain(degree=minimum), 0.0), 1)) > 0:
        gaps.append(MissingItem("degree", need.preferred, f"{_LEVEL_NAMES[need.preferred].capitalize()} in a related field",
                                g, "learn", need.next_step))
    if credits.certification < 1 and (g := gain(certification=1.0)) > 0:
        gaps.append(MissingItem("certification", ",".join(role.certifications.topics), "A relevant certification", g,
                                "learn", role.certifications.next_step))
    return gaps
