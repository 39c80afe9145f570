"""Turn a RoleMatch into a 0-100 score with a breakdown, the gaps ranked by what each would add, and next steps.

Every weight comes from the role file; this module only does the arithmetic, and rounds once, at the end.
"""

from __future__ import annotations

from .match import RequirementMatch, RoleMatch
from .models import Component, MatchedItem, MissingItem, RoleScore
from .taxonomy import Taxonomy

_LEVEL_NAMES = {"school": "school", "diploma": "diploma", "associate": "associate degree",
                "bachelor": "bachelor's degree", "master": "master's degree", "doctorate": "doctorate"}
SKILL_STEPS = 3  # how many skill gaps lead the next steps, before the career-path steps


def _share(items: tuple[RequirementMatch, ...], points: float) -> tuple[float, float]:
    """Points earned by a weighted list of requirements, and the total weight."""
    total = sum(r.requirement.weight for r in items)
    if not total:
        return 0.0, 0.0
    return points * sum(r.requirement.weight * r.credit for r in items) / total, total


def score_match(match: RoleMatch, taxonomy: Taxonomy) -> RoleScore:
    role = match.role
    weights = role.weights
    skill_points, skill_total = _share(match.skills, weights["skills"])
    language_points, language_total = _share(match.languages, weights["languages"])
    degree_points = weights["degree"] * match.degree.credit
    exp = match.experience
    share = role.experience.title_share
    experience_points = weights["experience"] * (share * exp.title_credit + (1 - share) * exp.years_credit)
    certification_points = weights["certifications"] * match.certification.credit

    def met(items):
        return ", ".join(r.name for r in items if r.credit > 0) or "none"

    degree = match.degree.degree
    cert = match.certification.certification
    components = (
        Component("skills", round(skill_points, 1), weights["skills"],
                  f"{sum(r.credit > 0 for r in match.skills)} of {len(match.skills)} skills: {met(match.skills)}"),
        Component("languages", round(language_points, 1), weights["languages"],
                  f"{met(match.languages)} of {', '.join(r.name for r in match.languages)}"),
        Component("degree", round(degree_points, 1), weights["degree"],
                  f"{degree.text} ({_LEVEL_NAMES[degree.level]}, {degree.field or 'field not stated'})" if degree
                  else "no degree found"),
        Component("experience", round(experience_points, 1), weights["experience"],
                  f"{exp.years:g} years; related title: {', '.join(sorted({t.title for t in exp.titles})) or 'none'}"),
        Component("certifications", round(certification_points, 1), weights["certifications"],
                  cert.name if cert else "none found"),
    )
    total = skill_points + language_points + degree_points + experience_points + certification_points

    matched = [MatchedItem(kind, r.requirement.skill, r.name, round(r.credit, 2), r.how, r.evidence)
               for kind, items in (("skill", match.skills), ("language", match.languages))
               for r in items if r.credit > 0]
    if degree:
        matched.append(MatchedItem("degree", degree.level, degree.text, round(match.degree.credit, 2),
                                   "accepted field" if match.degree.field_accepted else "other field", ()))
    for title in exp.titles:
        matched.append(MatchedItem("title", title.title, title.text, 1.0, "held", ()))
    if cert:
        matched.append(MatchedItem("certification", ",".join(cert.topics) or "other", cert.name,
                                   round(match.certification.credit, 2), "held", ()))

    missing = _skill_gaps(match.skills, "skill", weights["skills"], skill_total, taxonomy)
    missing += _skill_gaps(match.languages, "language", weights["languages"], language_total, taxonomy)
    path = _career_gaps(match, degree_points, experience_points, certification_points)
    missing += path
    missing.sort(key=lambda m: (-m.gain, m.kind, m.id))

    skill_steps = [f"{m.name}: {m.next_step}" for m in missing if m.kind in ("skill", "language")][:SKILL_STEPS]
    next_steps = tuple(skill_steps + [m.next_step for m in path])  # career path in its own order
    return RoleScore(role.id, role.title, round(total, 1), components, tuple(matched), tuple(missing), next_steps)


def _skill_gaps(items: tuple[RequirementMatch, ...], kind: str, points: float, total: float,
                taxonomy: Taxonomy) -> list[MissingItem]:
    gaps = []
    for r in items:
        if r.how not in ("missing", "implied"):
            continue
        gain = round(points * r.requirement.weight * (1 - r.credit) / total, 1)
        if r.how == "implied":
            sources = list(dict.fromkeys(e.text for e in r.evidence))
            shown = ", ".join(sources[:3]) + (" ..." if len(sources) > 3 else "")
            step = f"Say it: your resume shows {shown} but never names {r.name}; describe where you used it."
            gaps.append(MissingItem(kind, r.requirement.skill, r.name, gain, "resume-fix", step))
        else:
            gaps.append(MissingItem(kind, r.requirement.skill, r.name, gain, "learn",
                                    taxonomy[r.requirement.skill].next_step))
    return gaps


def _career_gaps(match: RoleMatch, degree_points: float, experience_points: float,
                 certification_points: float) -> list[MissingItem]:
    """The career path in order: degree, experience in a related role, certification."""
    role = match.role
    weights = role.weights
    gaps = []
    need = role.degree
    degree = match.degree.degree
    has_minimum = degree is not None and need.level_credit[degree.level] >= need.level_credit[need.minimum]
    target = need.preferred if has_minimum else need.minimum
    full = weights["degree"] * need.level_credit[target]
    if full - degree_points > 0.05:
        name = f"{_LEVEL_NAMES[target].capitalize()} in a related field"
        gaps.append(MissingItem("degree", target, name, round(full - degree_points, 1), "learn", need.next_step))
    exp_gain = weights["experience"] - experience_points
    if exp_gain > 0.05:
        name = f"{role.experience.years:g}+ years in a related role"
        gaps.append(MissingItem("experience", "related-experience", name, round(exp_gain, 1), "learn",
                                role.experience.next_step))
    cert_gain = weights["certifications"] - certification_points
    if cert_gain > 0.05:
        gaps.append(MissingItem("certification", ",".join(role.certifications.topics), "A relevant certification",
                                round(cert_gain, 1), "learn", role.certifications.next_step))
    return gaps
