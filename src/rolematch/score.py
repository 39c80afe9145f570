"""Turn a RoleMatch into a 0-100 score with a breakdown, the gaps ranked by what each would add, and next steps.

Every weight comes from the role file; this module only does the arithmetic, and rounds once, at the end.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz

from .match import RequirementMatch, RoleMatch, best_evidence, field_accepted
from .models import (DEGREE_LEVELS, RESUME_DURATION, CareerStep, Comparison, Component, ComponentChange, ItemChange,
                     LearnLink, MatchedItem, MissingItem, Profile, ProfileChange, Requirement, RequirementCheck,
                     RoleChange, RoleScore, ScoreResult, Win, evidence_of, joined)
from .roles import PathStep, Role
from .taxonomy import Taxonomy

_LEVEL_NAMES = {"school": "school", "diploma": "diploma", "associate": "associate degree",
                "bachelor": "bachelor's degree", "master": "master's degree", "doctorate": "doctorate"}
SKILL_STEPS = 3  # how many skill gaps lead the next steps, before the career-path steps
WINS = 3  # the biggest gaps a report counts up as "biggest wins"
CERTIFICATION_LINKS = 3  # a certification gap lists at most this many places to prepare
SAME_CERTIFICATE = 90  # rapidfuzz token_set_ratio of a resume's certificate and a posting's: the one it names


class Points:
    """The arithmetic of a role's score. Skills and languages earn their weighted share; the credentials (degree,
    experience, certification) count in full only when the resume earns at least the role's relevance gate of
    the skills and languages points, and shrink in proportion below it. Gains are exact: the total with one
    credit raised, minus the total now."""

    def __init__(self, match: RoleMatch) -> None:
        role = self.role = match.role
        w = self.weights = role.weights
        exp = match.experience
        self.skill_total = sum(r.requirement.weight for r in match.skills) or 1.0
        self.language_total = sum(r.requirement.weight for r in match.languages) or 1.0
        self.skills = w["skills"] * sum(r.requirement.weight * r.credit for r in match.skills) / self.skill_total
        self.languages = (w["languages"] * sum(r.requirement.weight * r.credit for r in match.languages)
                          / self.language_total)
        share = role.experience.title_share
        self.degree_raw = w["degree"] * match.degree.credit
        self.experience_raw = w["experience"] * (share * exp.title_credit + (1 - share) * exp.years_credit)
        self.certification_raw = w["certifications"] * match.certification.credit
        self.gate = role.credit["relevance_gate"]
        self.relevant_max = w["skills"] + w["languages"]
        self.gains: dict[tuple[str, float, float], float] = {}  # a role's requirements share few weight/credit pairs
        self.factor = self._factor(self.skills + self.languages)
        self.total = self._total(self.skills + self.languages, self.credentials_raw)

    @property
    def credentials_raw(self) -> float:
        return self.degree_raw + self.experience_raw + self.certification_raw

    def _factor(self, relevant: float) -> float:
        if not self.gate or not self.relevant_max:  # a role asking for no skills or languages has no gate to pass
            return 1.0
        return min(1.0, relevant / self.relevant_max / self.gate)

    def _total(self, relevant: float, credentials: float) -> float:
        return relevant + self._factor(relevant) * credentials

    def components(self) -> dict[str, float]:
        return {"skills": self.skills, "languages": self.languages, "degree": self.factor * self.degree_raw,
                "experience": self.factor * self.experience_raw,
                "certifications": self.factor * self.certification_raw}

    def gain_of_requirement(self, kind: str, weight: float, credit: float) -> float:
        key = (kind, weight, credit)
        if key not in self.gains:
            points, total = (self.weights["skills"], self.skill_total) if kind == "skill" else \
                (self.weights["languages"], self.language_total)
            more = points * weight * (1 - credit) / total
            self.gains[key] = round(self._total(self.skills + self.languages + more, self.credentials_raw)
                                    - self.total, 1)
        return self.gains[key]

    def gain_of_credentials(self, more: float) -> float:
        return round(self._total(self.skills + self.languages, self.credentials_raw + more) - self.total, 1)


def score_match(match: RoleMatch, taxonomy: Taxonomy, bands: tuple[tuple[str, float], ...],
                durations: dict[str, str], certification_learn: Mapping[str, tuple[LearnLink, ...]] | None = None
                ) -> RoleScore:
    """A role's score and band, its breakdown, what matched, the gaps (checks of the resume first, then by what
    each would add, each with how long it takes and where to learn it), and the next steps. `durations` and
    `certification_learn` are skills/config.toml [durations] and [certification_learn]."""
    role = match.role
    arithmetic = Points(match)
    path = _career_gaps(match, arithmetic, durations, certification_learn or {})
    missing = sorted(_skill_gaps(match, arithmetic, taxonomy, durations["skill"]) + path,
                     key=lambda m: (m.action != "check-resume", -m.gain, m.kind, m.id))
    checks = [m.next_step for m in missing if m.action == "check-resume"]
    skill_steps = [f"{m.name}: {m.next_step}" for m in missing if m.kind in ("skill", "language")][:SKILL_STEPS]
    next_steps = tuple(checks + skill_steps + [m.next_step for m in path if m.action != "check-resume"])
    score = round(arithmetic.total, 1)
    gaps = [m for m in missing if m.action != "check-resume"]  # a check is not a win: the points may be there
    return RoleScore(role.id, role.title, score, _components(match, arithmetic), _matched(match), tuple(missing),
                     next_steps, _wins(score, gaps), band_of(score, bands), role.posting,
                     requirement_checks(match, taxonomy))


def requirement_checks(match: RoleMatch, taxonomy: Taxonomy) -> tuple[RequirementCheck, ...]:
    """A posting's requirements one by one against the resume, required ones first, each in the posting's order:
    met (with the resume's evidence), partly (implied, hedged, a lower degree or another field, years short) or
    not-met (with the next step). () for a role that was not built from a posting."""
    posting = match.role.posting
    if posting is None:
        return ()
    skills = {r.requirement.skill: r for r in (*match.skills, *match.languages)}
    checks = []
    for requirement in sorted(posting.requirements, key=lambda r: not r.required):
        if requirement.kind in ("skill", "language"):
            check = _skill_check(requirement, skills.get(requirement.id), taxonomy)
        else:
            check = _CHECKS[requirement.kind](requirement, match)
        checks.append(check)
    return tuple(checks)


_HOW = {"used": "used in your work or projects", "listed": "named on your resume"}


def _skill_check(requirement: Requirement, found: RequirementMatch | None, taxonomy: Taxonomy) -> RequirementCheck:
    if found is None or found.how == "missing":
        step = taxonomy[requirement.id].next_step if requirement.id in taxonomy else "Learn it."
        return RequirementCheck(requirement, "not-met", step)
    best = best_evidence(found.how, found.evidence)
    evidence = (best,) if best is not None else ()
    if found.how == "hedged":
        return RequirementCheck(requirement, "partly", "You say you know a little of it: show where you used it.",
                                evidence)
    if found.how == "implied":
        shown = ", ".join(dict.fromkeys(e.text for e in found.evidence[:3]))
        return RequirementCheck(requirement, "partly", f"Implied by {shown}: name {found.name} on your resume.",
                                tuple(found.evidence[:3]))
    return RequirementCheck(requirement, "met", _HOW.get(found.how, found.how).capitalize() + ".", evidence)


def _degree_check(requirement: Requirement, match: RoleMatch) -> RequirementCheck:
    need = match.role.degree
    degree = match.degree.degree
    if degree is None:
        return RequirementCheck(requirement, "not-met", "No degree was found in your resume: if you have one, write "
                                "it on its own line; if not, " + need.next_step[0].lower() + need.next_step[1:])
    evidence = (evidence_of(degree),)
    if DEGREE_LEVELS.index(degree.level) < DEGREE_LEVELS.index(need.minimum):
        return RequirementCheck(requirement, "partly", f"Your {degree.text} is below the "
                                f"{_LEVEL_NAMES[need.minimum]} the posting asks for.", evidence)
    if need.fields and not match.degree.field_accepted:
        return RequirementCheck(requirement, "partly", f"Your {degree.text} is in another field than the posting "
                                f"names. {need.next_step}", evidence)
    return RequirementCheck(requirement, "met", f"{degree.text}.", evidence)


def _experience_check(requirement: Requirement, match: RoleMatch) -> RequirementCheck:
    need = match.role.experience
    years = match.experience.years
    evidence = tuple(evidence_of(t) for t in match.experience.titles[:1])
    if years >= need.years:
        return RequirementCheck(requirement, "met", f"{years:g} years of work in your resume.", evidence)
    if years > 0:
        return RequirementCheck(requirement, "partly", f"{years:g} of the {need.years:g} years asked for. "
                                f"{need.next_step}", evidence)
    return RequirementCheck(requirement, "not-met", need.next_step, evidence)


def _certification_check(requirement: Requirement, match: RoleMatch) -> RequirementCheck:
    cert = match.certification.certification
    if cert is None:
        return RequirementCheck(requirement, "not-met", match.role.certifications.next_step)
    evidence = (evidence_of(cert),)
    if fuzz.token_set_ratio(requirement.name.casefold(), cert.name.casefold()) >= SAME_CERTIFICATE:
        return RequirementCheck(requirement, "met", f"{cert.name}.", evidence)
    on_topic = "on a topic it names" if match.certification.credit >= 1.0 else "on another topic"
    return RequirementCheck(requirement, "partly", f"{cert.name}: a certificate {on_topic}, but not the one the "
                            "posting names.", evidence)


_CHECKS = {"degree": _degree_check, "experience": _experience_check, "certification": _certification_check}


def verdict(roles: list[RoleScore]) -> str:
    """The fit in one sentence. "Best fit" only from the partial band up; below it, that no role fits yet, the
    nearest one and the steps that would move it furthest."""
    if not roles:
        return "No roles were scored."
    best = roles[0]
    steps = [w.gap.name for w in best.wins]
    if best.band != "weak":
        strongest = max(best.components, key=lambda c: c.points / c.max_points if c.max_points else 0)
        return (f"Best fit: {best.title} at {best.score:.1f} of 100 ({best.band}), strongest on {strongest.name}"
                + (f"; the biggest gain would come from {steps[0]}." if steps else "."))
    nearest = f"the nearest is {best.title} at {best.score:.1f} of 100"
    return (f"None of the {len(roles)} roles fits this profile yet; {nearest}"
            + (f", and what would move it furthest is {joined(steps)}." if steps else "."))


def band_of(score: float, bands: tuple[tuple[str, float], ...]) -> str:
    """The score in words: the first band (from strong down) whose lower bound it reaches, else weak."""
    return next((band for band, lowest in bands if score >= lowest), "weak")


def _components(match: RoleMatch, arithmetic: Points) -> tuple[Component, ...]:
    weights = match.role.weights
    now = arithmetic.components()
    exp = match.experience
    degree = match.degree.degree
    cert = match.certification.certification

    def met(items):
        return ", ".join(r.name for r in items if r.credit > 0) or "none"

    return (
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


def _matched(match: RoleMatch) -> tuple[MatchedItem, ...]:
    """What the resume meets, each with all its evidence and the mention that earned the credit."""
    matched = [MatchedItem(kind, r.requirement.skill, r.name, round(r.credit, 2), r.how, r.evidence,
                           best_evidence(r.how, r.evidence))
               for kind, items in (("skill", match.skills), ("language", match.languages))
               for r in items if r.credit > 0]
    degree = match.degree.degree
    if degree:
        matched.append(MatchedItem("degree", degree.level, degree.text, round(match.degree.credit, 2),
                                   "accepted field" if match.degree.field_accepted else "other field",
                                   (evidence_of(degree),), evidence_of(degree)))
    by_title: dict[str, list] = {}
    for title in match.experience.titles:
        by_title.setdefault(title.title, []).append(title)
    for name, held in by_title.items():
        matched.append(MatchedItem("title", name, held[0].text, 1.0, "held", tuple(evidence_of(t) for t in held),
                                   evidence_of(held[0])))
    cert = match.certification.certification
    if cert:
        matched.append(MatchedItem("certification", ",".join(cert.topics) or "other", cert.name,
                                   round(match.certification.credit, 2), "held", (evidence_of(cert),),
                                   evidence_of(cert)))
    return tuple(matched)


def _skill_gaps(match: RoleMatch, arithmetic: Points, taxonomy: Taxonomy, default: str) -> list[MissingItem]:
    """Skills and languages not shown: to learn (in the skill's own duration, else `default`, with its links), or,
    when the resume shows a skill that implies one, to write down."""
    missing = []
    for kind, items in (("skill", match.skills), ("language", match.languages)):
        for r in items:
            if r.how not in ("missing", "implied"):
                continue
            gain = arithmetic.gain_of_requirement(kind, r.requirement.weight, r.credit)
            if r.how == "implied":
                sources = list(dict.fromkeys(e.text for e in r.evidence))
                shown = ", ".join(sources[:3]) + (" ..." if len(sources) > 3 else "")
                missing.append(MissingItem(kind, r.requirement.skill, r.name, gain, "add-to-resume",
                                           f"Say it: your resume shows {shown} but never names {r.name}; "
                                           "describe where you used it.", RESUME_DURATION))
            else:
                skill = taxonomy[r.requirement.skill]
                missing.append(MissingItem(kind, r.requirement.skill, r.name, gain, "learn", skill.next_step,
                                           skill.duration or default, skill.learn))
    return missing


def _wins(score: float, missing: list[MissingItem]) -> tuple[Win, ...]:
    """The biggest gaps closed one after another, each with the score after it (never over 100)."""
    wins = []
    for gap in missing[:WINS]:
        score = min(100.0, round(score + gap.gain, 1))
        wins.append(Win(gap, score))
    return tuple(wins)


def _career_gaps(match: RoleMatch, arithmetic: Points, durations: dict[str, str],
                 certification_learn: Mapping[str, tuple[LearnLink, ...]]) -> list[MissingItem]:
    """The career path in order: a degree at the role's minimum, experience in a related role, the preferred
    degree (a master's), a certification. Each gain is what that step adds on its own. What the resume shows
    nothing of (no degree, no titles or dates, no certification) is a check of the resume, not a thing to get."""
    degree = _degree_gaps(match, arithmetic, durations)
    preferred = [g for g in degree if g.id == match.role.degree.preferred and g.action == "learn"]
    return [*(g for g in degree if g not in preferred), *_experience_gaps(match, arithmetic, durations), *preferred,
            *_certification_gaps(match, arithmetic, durations, certification_learn)]


def _degree_gaps(match: RoleMatch, arithmetic: Points, durations: dict[str, str]) -> list[MissingItem]:
    need = match.role.degree
    weight = match.role.weights["degree"]
    now = match.degree.credit
    minimum, preferred = need.level_credit[need.minimum], need.level_credit[need.preferred]
    held = match.degree.highest
    degree = match.degree.degree
    fields = ", ".join(need.fields[:3])
    gaps = []

    def gain(credit: float) -> float:
        return arithmetic.gain_of_credentials(weight * (credit - now)) if credit > now else 0.0

    if held is None and match.degree.unnamed:
        line = match.degree.unnamed[0].text
        if (g := gain(minimum)) > 0:
            gaps.append(MissingItem("degree", need.minimum, "Name of your degree", g, "check-resume",
                                    f"We read '{line}' but no degree's name: write the degree beside it, e.g. "
                                    "'B.E. in Computer Science', so that it counts.", RESUME_DURATION))
        return gaps
    if held is None:
        if (g := gain(minimum)) > 0:
            gaps.append(MissingItem("degree", need.minimum, "Degree not found", g, "check-resume",
                                    "We found no degree in this resume. If you have one, write it on its own line, "
                                    "e.g. 'B.E. in Computer Science, XYZ College, 2019'.", RESUME_DURATION))
        return gaps  # nothing to build a master's on that the resume shows
    level = DEGREE_LEVELS.index(held)
    if level < DEGREE_LEVELS.index(need.minimum):
        if (g := gain(minimum)) > 0:
            gaps.append(MissingItem("degree", need.minimum,
                                    f"{_LEVEL_NAMES[need.minimum].capitalize()} in a related field", g, "learn",
                                    f"Complete a {_LEVEL_NAMES[need.minimum]} in {fields} or a close field; "
                                    "most employers ask for at least this.", durations["degree"]))
        base = minimum
    else:
        full = need.level_credit[degree.level] if degree else now  # the same degree, its field accepted
        if not match.degree.field_accepted and (g := gain(full)) > 0:
            if degree.field is None:
                gaps.append(MissingItem("degree", degree.level, f"Field of your {degree.text}", g, "check-resume",
                                        f"Write the field of your {degree.text}, e.g. '{degree.text} in Computer "
                                        "Science': a degree whose field is not named counts for less.",
                                        RESUME_DURATION))
            else:
                gaps.append(MissingItem("degree", "bridging", f"A bridge from {degree.field}", g, "learn",
                                        f"Your degree is in {degree.field}; bridge it with a graded course or a "
                                        f"project in {fields}, and show it on your resume: no second degree needed.",
                                        durations["bridging"]))
        base = max(now, full)
    if DEGREE_LEVELS.index(held) < DEGREE_LEVELS.index(need.preferred) and preferred > base:
        g = round(gain(preferred) - gain(base), 1)
        if g > 0:
            gaps.append(MissingItem("degree", need.preferred,
                                    f"{_LEVEL_NAMES[need.preferred].capitalize()} in a related field", g, "learn",
                                    need.next_step, durations["degree"]))
    return gaps


def _experience_gaps(match: RoleMatch, arithmetic: Points, durations: dict[str, str]) -> list[MissingItem]:
    role = match.role
    more = role.weights["experience"] - arithmetic.experience_raw
    if more <= 1e-9 or (g := arithmetic.gain_of_credentials(more)) <= 0:
        return []
    name = f"{role.experience.years:g}+ years in a related role"
    not_found = set(match.not_found)
    if {"titles", "dates"} <= not_found:
        return [MissingItem("experience", "related-experience", "Work history not found", g, "check-resume",
                            "We found no job titles or dates in this resume. If you have worked (internships "
                            "count), list each job with its title and dates, e.g. 'Data Analyst, Acme Corp, "
                            "Jun 2021 – Present'.", RESUME_DURATION)]
    if "dates" in not_found:
        return [MissingItem("experience", "related-experience", "Dates of your work", g, "check-resume",
                            "We found job titles but no dates: write when each job started and ended (e.g. "
                            "'Jun 2021 – Present') so your years of experience count.", RESUME_DURATION)]
    years = match.experience.years
    if not match.experience.titles and years >= role.experience.years:
        related = ", ".join(role.experience.titles[:3])
        return [MissingItem("experience", "related-experience", f"Move toward a related role ({related})", g, "learn",
                            f"Build on your {years:g} years of work: take on {role.title.lower()} tasks where you "
                            "are (an analysis, a pipeline, a model that is used), name them on your resume, then "
                            f"aim for a related title ({related}).", durations["experience"])]
    return [MissingItem("experience", "related-experience", name, g, "learn", role.experience.next_step,
                        durations["experience"])]


def _certification_gaps(match: RoleMatch, arithmetic: Points, durations: dict[str, str],
                        certification_learn: Mapping[str, tuple[LearnLink, ...]]) -> list[MissingItem]:
    need = match.role.certifications
    more = match.role.weights["certifications"] - arithmetic.certification_raw
    if more <= 1e-9 or (g := arithmetic.gain_of_credentials(more)) <= 0:
        return []
    if "certifications" in match.not_found:
        return [MissingItem("certification", ",".join(need.topics), "Certifications not found", g, "check-resume",
                            "We found no certification. If you hold one, list it under a 'Certifications' heading "
                            f"with its issuer and year; if not: {need.next_step}", RESUME_DURATION)]
    # the links of the role's topics in the role's order, each page once, at most CERTIFICATION_LINKS
    links = {link.url: link for topic in need.topics for link in certification_learn.get(topic, ())}
    return [MissingItem("certification", ",".join(need.topics), "A relevant certification", g, "learn",
                        need.next_step, durations["certification"], tuple(links.values())[:CERTIFICATION_LINKS])]


def career_path(profile: Profile, roles: list[Role], steps: tuple[PathStep, ...]) -> tuple[CareerStep, ...]:
    """The career guide's path (skills/career_path.toml) as a checklist for this person: each step done, partly
    done or to do, with its evidence. "Related" means what the scored roles accept: their degree fields and
    their related job titles."""
    return tuple(_PATH_STEPS[step.kind](step, profile, roles) for step in steps)


def _at_least(level: str):
    return lambda item: DEGREE_LEVELS.index(item.level) >= DEGREE_LEVELS.index(level)


def _degree_step(step: PathStep, profile: Profile, roles: list[Role]) -> CareerStep:
    held = [d for d in profile.degrees if _at_least(step.level)(d)]
    if not held and profile.degree_lines and not any(d.level != "school" for d in profile.degrees):
        line = profile.degree_lines[0]
        return CareerStep(step.text, "partly", f"{line.text}: a place of study, but not the degree's name; write the "
                          "degree beside it so that it counts.", (line,))
    if not step.related_field:
        return CareerStep(step.text, "done" if held else "todo", held[0].text if held else step.todo,
                          tuple(evidence_of(d) for d in held))
    fields = {field for role in roles for field in role.degree.fields}
    related = [d for d in held if field_accepted(d, fields)]
    if related:
        status, note = "done", related[0].text
    elif held:
        status, note = "partly", f"{held[0].text}: a degree, but not in a field these roles name."
    else:
        status, note = "todo", step.todo
    return CareerStep(step.text, status, note, tuple(evidence_of(d) for d in (related or held)))


def _languages_step(step: PathStep, profile: Profile, roles: list[Role]) -> CareerStep:
    found = {hit.id: hit for hit in profile.skills}
    have = [name for skill, name in zip(step.skills, step.skill_names) if skill in found]
    missing = [name for skill, name in zip(step.skills, step.skill_names) if skill not in found]
    status = "done" if not missing else "partly" if have else "todo"
    note = (f"Found {', '.join(have)}" if have else step.todo) + (
        f"; still to learn: {', '.join(missing)}." if missing else ".")
    return CareerStep(step.text, status, note, tuple(found[s].evidence[0] for s in step.skills if s in found))


def _experience_step(step: PathStep, profile: Profile, roles: list[Role]) -> CareerStep:
    titles = {*step.titles, *(title for role in roles for title in role.experience.titles)}
    relevant = [t for t in profile.titles if t.title in titles]
    years = profile.experience_years or 0
    status = "done" if relevant and years >= step.min_years else "partly" if relevant or years else "todo"
    held = ", ".join(dict.fromkeys(t.title for t in relevant))
    note = (f"Held: {held}. " if held else f"{step.todo} ") + f"{years:g} years in all."
    return CareerStep(step.text, status, note, tuple(evidence_of(t) for t in relevant))


def _certification_step(step: PathStep, profile: Profile, roles: list[Role]) -> CareerStep:
    on_topic = [c for c in profile.certifications if set(step.topics) & set(c.topics)]
    shown = on_topic or list(profile.certifications)
    status = "done" if on_topic else "partly" if shown else "todo"
    return CareerStep(step.text, status, shown[0].name if shown else step.todo, tuple(evidence_of(c) for c in shown))


_PATH_STEPS = {"degree": _degree_step, "languages": _languages_step, "experience": _experience_step,
               "certification": _certification_step}


# What a comparison lists first, as a reader looks for it in "you added ...": credentials, then new skills, then
# skills with more credit, then skills only implied
_CHANGE_ORDER = {"degree": 0, "certification": 1, "title": 2, "skill": 3, "language": 3}


def compare_results(before: ScoreResult, after: ScoreResult) -> Comparison:
    """Two versions of a resume scored against the same roles, compared: per role the score before → after, the
    requirements gained (met now and not before, or with more credit: listed → used, implied → stated) and lost
    (the reverse), and what the new version still misses; and the facts of the resume added or removed. Roles
    in the new version's order (by its score, ties by id); a role scored in one version only is left out."""
    earlier = {r.id: r for r in before.roles}
    roles = tuple(_role_change(earlier[r.id], r) for r in after.roles if r.id in earlier)
    return Comparison(before, after, roles, _profile_changes(before.profile, after.profile))


def _slot(item: MatchedItem) -> tuple[str, str]:
    """What a requirement is across versions: a role counts one degree and one certification, whichever it is
    (a bachelor's then a master's is the degree gaining credit), and each skill, language and title by its id."""
    return (item.kind, "") if item.kind in ("degree", "certification") else (item.kind, item.id)


def _role_change(before: RoleScore, after: RoleScore) -> RoleChange:
    was = {_slot(m): m for m in before.matched}
    now = {_slot(m): m for m in after.matched}
    gained, lost = [], []
    for slot in dict.fromkeys([*now, *was]):
        old, new = was.get(slot), now.get(slot)
        credit_before, credit_after = (old.credit if old else 0.0), (new.credit if new else 0.0)
        if credit_before == credit_after:
            continue
        shown = new if credit_after > credit_before else old  # the version that has the more credited one
        change = ItemChange(shown.kind, shown.id, shown.name, credit_before, credit_after, _how(old), _how(new),
                            old.evidence if old else (), new.evidence if new else (),
                            old.best if old else None, new.best if new else None)
        (gained if credit_after > credit_before else lost).append(change)

    def order(c: ItemChange):
        implied = "implied" in (c.how_before, c.how_after)
        return implied, _CHANGE_ORDER[c.kind], not (c.new or c.gone), -abs(c.credit_after - c.credit_before), \
            c.name.casefold()

    components = tuple(ComponentChange(a.name, b.points, a.points, a.max_points)
                       for b, a in zip(before.components, after.components))
    return RoleChange(after.id, after.title, before.score, after.score, before.band, after.band, components,
                      tuple(sorted(gained, key=order)), tuple(sorted(lost, key=order)), after.missing)


def _how(item: MatchedItem | None) -> str:
    """How a version meets a requirement: "missing", a skill's "used", "listed" ..., a degree's level (and
    "other field" when the role does not list its field), so that a master's after a bachelor's reads "bachelor →
    master"."""
    if item is None:
        return "missing"
    if item.kind == "degree":
        return item.id if item.how == "accepted field" else f"{item.id}, {item.how}"
    return item.how


def _profile_changes(before: Profile, after: Profile) -> tuple[ProfileChange, ...]:
    """Degrees, job titles, certifications and skills that one version has and the other has not, each with its
    evidence in the version that has it: added ones first, then removed ones, each in the order of its text."""
    def facts(profile: Profile) -> dict[tuple[str, str], tuple[str, str, tuple]]:
        found: dict[tuple[str, str], tuple[str, str, tuple]] = {}
        for d in profile.degrees:
            key = ("degree", f"{d.level}:{d.field_id or (d.field or '').casefold()}")
            found.setdefault(key, (d.level, d.text, (evidence_of(d),)))
        for t in profile.titles:
            key = ("title", t.title.casefold())
            ident, name, evidence = found.get(key, (t.title, t.text, ()))  # named as first written
            found[key] = (ident, name, (*evidence, evidence_of(t)))
        for c in profile.certifications:
            found.setdefault(("certification", c.name.casefold()), (",".join(c.topics), c.name, (evidence_of(c),)))
        for hit in profile.skills:
            found[("skill", hit.id)] = (hit.id, hit.name, hit.evidence)
        return found

    was, now = facts(before), facts(after)
    changes = []
    for change, mine, theirs in (("added", now, was), ("removed", was, now)):
        for (kind, key), (ident, name, evidence) in mine.items():
            if (kind, key) not in theirs:
                changes.append(ProfileChange(kind, change, ident, name, evidence))
    order = {"degree": 0, "title": 1, "certification": 2, "skill": 3}
    return tuple(sorted(changes, key=lambda c: (c.change != "added", order[c.kind],
                                                c.evidence[0].start if c.evidence else 0)))
