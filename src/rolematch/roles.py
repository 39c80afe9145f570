"""Role definitions: skills/roles/*.toml (and a user's --roles-dir), validated on load."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, DataFileErrors, ReadError, UnknownRoleError
from .models import DEGREE_LEVELS, Evidence, Posting, Requirement
from .resources import CREDIT_KEYS, SKILLS_DIR, Settings, data_folder, load_settings, load_toml
from .taxonomy import Taxonomy, closest, load_taxonomy

COMPONENTS = ("skills", "languages", "degree", "experience", "certifications")
_TOP_KEYS = {"id", "title", "summary", "weights", "credit", "required", "preferred", "languages", "degree",
             "experience", "certifications", "salary", "posting"}


@dataclass(frozen=True, slots=True)
class SkillRequirement:
    skill: str
    weight: float
    required: bool


@dataclass(frozen=True, slots=True)
class DegreeRequirement:
    minimum: str
    preferred: str
    fields: tuple[str, ...]
    level_credit: dict[str, float]
    other_field: float
    unknown_field: float
    next_step: str


@dataclass(frozen=True, slots=True)
class ExperienceRequirement:
    titles: tuple[str, ...]
    years: float
    title_share: float
    unrelated_years: float
    next_step: str


@dataclass(frozen=True, slots=True)
class CertificationRequirement:
    topics: tuple[str, ...]
    other_credit: float
    next_step: str


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    title: str
    summary: str
    weights: dict[str, float]
    credit: dict[str, float]
    skills: tuple[SkillRequirement, ...]
    languages: tuple[SkillRequirement, ...]
    degree: DegreeRequirement
    experience: ExperienceRequirement
    certifications: CertificationRequirement
    salary: str | None
    path: str
    posting: Posting | None = None  # the job posting the role was built from, with each requirement's evidence

    def to_dict(self) -> dict:
        """The role in full, as `rolematch roles show` and the service print it."""
        def reqs(items):
            return [{"skill": r.skill, "weight": r.weight, "required": r.required} for r in items]
        return {
            "id": self.id, "title": self.title, "summary": self.summary, "weights": self.weights,
            "credit": self.credit, "skills": reqs(self.skills), "languages": reqs(self.languages),
            "degree": {"minimum": self.degree.minimum, "preferred": self.degree.preferred,
                       "fields": list(self.degree.fields), "level_credit": self.degree.level_credit},
            "experience": {"titles": list(self.experience.titles), "years": self.experience.years},
            "certifications": {"topics": list(self.certifications.topics)},
            "salary": self.salary,
            **({"posting": self.posting.to_dict()} if self.posting is not None else {}),
        }


class _RoleReader:
    def __init__(self, path: Path, taxonomy: Taxonomy, errors: list[DataFileError]) -> None:
        self.path, self.taxonomy, self.errors = path, taxonomy, errors

    def fail(self, entry: str, problem: str, fix: str) -> None:
        self.errors.append(DataFileError(self.path, entry, problem, fix))

    def number(self, table: dict, key: str, entry: str, low: float, high: float, default: float | None = None) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.fail(f"{entry}.{key}", f"is {value!r}", f"set a number from {low} to {high}")
            return low
        return float(value)

    def text(self, table: dict, key: str, entry: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{entry}.{key}" if entry else key, "missing or empty", f"write `{key} = \"...\"`")
            return ""
        return value.strip()

    def table(self, raw: dict, key: str, allowed: set[str]) -> dict:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, "is not a table", f"write `[{key}]`")
            return {}
        unknown = set(value) - allowed
        if unknown:  # a top-level key written after a [table] header lands in that table: say so
            self.fail(key, f"unknown key(s) {sorted(unknown)}",
                      f"use only {sorted(allowed)}; top-level keys must come before the first [table]")
        return value

    def skill_list(self, raw: dict, key: str, required: bool) -> list[SkillRequirement]:
        items = raw.get(key, [])
        if not isinstance(items, list):
            self.fail(key, "is not a list of tables", f"write `[[{key}]]` entries with skill and weight")
            return []
        result = []
        for i, item in enumerate(items):
            entry = f"{key}[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("skill"), str):
                self.fail(entry, "has no skill", "write `skill = \"<taxonomy id>\"` and `weight = <number>`")
                continue
            skill = item["skill"]
            if skill not in self.taxonomy:
                near = closest(skill, self.taxonomy.skills, 75)
                self.fail(f"{entry}.skill={skill!r}", "unknown skill id",
                          f"did you mean {near!r}?" if near else "add it to skills/taxonomy/")
                continue
            result.append(SkillRequirement(skill, self.number(item, "weight", entry, 0.1, 100), required))
        return result


def _parse_role(path: Path, taxonomy: Taxonomy, defaults, errors: list[DataFileError]) -> Role | None:
    raw = load_toml(path)
    reader = _RoleReader(path, taxonomy, errors)
    before = len(errors)
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        reader.fail("file", f"unknown key(s) {sorted(unknown)}", f"use only {sorted(_TOP_KEYS)}")
    role_id, title = reader.text(raw, "id", ""), reader.text(raw, "title", "")
    summary = reader.text(raw, "summary", "")

    weights_raw = reader.table(raw, "weights", set(COMPONENTS))
    weights = {c: reader.number(weights_raw, c, "weights", 0, 100) for c in COMPONENTS}
    if abs(sum(weights.values()) - 100) > 1e-6:
        reader.fail("weights", f"add up to {sum(weights.values()):g}", "make the five component weights add up to 100")
    credit_raw = reader.table(raw, "credit", set(CREDIT_KEYS))  # each key defaults to skills/config.toml's [credit]
    credit = {k: reader.number(credit_raw, k, "credit", 0, 1, default) for k, default in defaults.credit.items()}

    skills = reader.skill_list(raw, "required", True) + reader.skill_list(raw, "preferred", False)
    if not skills and weights["skills"] > 0:
        reader.fail("required", "no skills", "add `[[required]]` entries with skill and weight")
    languages = reader.skill_list(raw, "languages", True)

    degree = _degree_requirement(reader, raw)
    experience = _experience_requirement(reader, raw)
    certifications = _certification_requirement(reader, raw)
    salary_raw = reader.table(raw, "salary", {"note"})
    salary = salary_raw.get("note") if isinstance(salary_raw.get("note"), str) else None
    posting = _posting(reader, raw) if "posting" in raw else None
    if len(errors) > before:
        return None
    return Role(role_id, title, summary, weights, credit, tuple(skills), tuple(languages), degree, experience,
                certifications, salary, str(path), posting)


def _degree_requirement(reader: _RoleReader, raw: dict) -> DegreeRequirement:
    degree_raw = reader.table(raw, "degree", {"minimum", "preferred", "fields", "level_credit", "other_field",
                                              "unknown_field", "next_step"})
    levels = {}
    level_raw = degree_raw.get("level_credit", {})
    for level in DEGREE_LEVELS:
        levels[level] = reader.number(level_raw, level, "degree.level_credit", 0, 1)
    for key in ("minimum", "preferred"):
        if degree_raw.get(key) not in DEGREE_LEVELS:
            reader.fail(f"degree.{key}", f"is {degree_raw.get(key)!r}", f"use one of {list(DEGREE_LEVELS)}")
    fields = degree_raw.get("fields", [])
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        reader.fail("degree.fields", "is not a list of field names", "write `fields = [\"Computer Science\", ...]`")
        fields = []
    return DegreeRequirement(
        minimum=str(degree_raw.get("minimum")), preferred=str(degree_raw.get("preferred")), fields=tuple(fields),
        level_credit=levels, other_field=reader.number(degree_raw, "other_field", "degree", 0, 1),
        unknown_field=reader.number(degree_raw, "unknown_field", "degree", 0, 1),
        next_step=reader.text(degree_raw, "next_step", "degree"))


def _experience_requirement(reader: _RoleReader, raw: dict) -> ExperienceRequirement:
    exp_raw = reader.table(raw, "experience", {"titles", "years", "title_share", "unrelated_years", "next_step"})
    titles = exp_raw.get("titles", [])
    if not isinstance(titles, list) or not titles or not all(isinstance(t, str) for t in titles):
        reader.fail("experience.titles", "missing or not a list of titles", "write `titles = [\"Software Engineer\", ...]`")
        titles = []
    return ExperienceRequirement(
        titles=tuple(titles), years=reader.number(exp_raw, "years", "experience", 0.5, 40),
        title_share=reader.number(exp_raw, "title_share", "experience", 0, 1),
        unrelated_years=reader.number(exp_raw, "unrelated_years", "experience", 0, 1),
        next_step=reader.text(exp_raw, "next_step", "experience"))


def _certification_requirement(reader: _RoleReader, raw: dict) -> CertificationRequirement:
    cert_raw = reader.table(raw, "certifications", {"topics", "other_credit", "next_step"})
    return CertificationRequirement(
        topics=_strings(reader, cert_raw, "topics", "certifications"), other_credit=reader.number(cert_raw, "other_credit", "certifications", 0, 1),
        next_step=reader.text(cert_raw, "next_step", "certifications"))


def load_roles(skills_dir: Path | str = SKILLS_DIR, extra_dirs: tuple[Path, ...] = ()) -> dict[str, Role]:
    """The shipped roles, then each --roles-dir in turn: a role with the same id replaces the earlier one."""
    return _load_roles(data_folder(skills_dir), tuple(data_folder(d) for d in extra_dirs))


@functools.lru_cache(maxsize=None)
def _load_roles(skills_dir: Path, extra_dirs: tuple[Path, ...]) -> dict[str, Role]:
    taxonomy = load_taxonomy(skills_dir)
    defaults = load_settings(skills_dir)
    errors: list[DataFileError] = []
    roles: dict[str, Role] = {}
    for folder in role_folders(skills_dir, extra_dirs):
        if not folder.is_dir():
            errors.append(DataFileError(folder, "directory", "does not exist", "pass a folder of role *.toml files"))
            continue
        seen: dict[str, Path] = {}
        for path in role_files(folder):
            role = _parse_role(path, taxonomy, defaults, errors)
            if role is None:
                continue
            if role.id in seen:
                errors.append(DataFileError(path, f"id={role.id!r}", f"also defined in {seen[role.id].name}",
                                            "give each role file its own id"))
                continue
            seen[role.id] = path
            roles[role.id] = role
    if errors:
        raise DataFileErrors(errors)
    return dict(sorted(roles.items()))


def role_folders(skills_dir: Path | str = SKILLS_DIR, extra_dirs=()) -> tuple[Path, ...]:
    """The folders roles are read from, in order: the shipped roles, then each --roles-dir."""
    return (Path(skills_dir) / "roles", *map(Path, extra_dirs))


def role_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def select_roles(roles: dict[str, Role], wanted: tuple[str, ...] | list[str] = ()) -> list[Role]:
    """The roles asked for by id (all when none), with a did-you-mean for a typo."""
    if not wanted:
        return list(roles.values())
    chosen = []
    for role_id in wanted:
        if role_id not in roles:
            raise UnknownRoleError(role_id, list(roles), closest(role_id, roles, 60))
        chosen.append(roles[role_id])
    return chosen


_STEP_KEYS = {"degree": {"level", "related_field"}, "languages": {"skills"}, "experience": {"titles", "min_years"},
              "certification": {"topics"}}


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step of skills/career_path.toml; which fields mean something depends on `kind`."""

    kind: str
    text: str
    todo: str
    level: str = "bachelor"
    related_field: bool = False
    skills: tuple[str, ...] = ()
    skill_names: tuple[str, ...] = ()  # as the taxonomy names them
    titles: tuple[str, ...] = ()
    min_years: float = 0.0
    topics: tuple[str, ...] = ()


def load_career_path(skills_dir: Path | str = SKILLS_DIR) -> tuple[PathStep, ...]:
    """The career guide's path (skills/career_path.toml), validated: every bad step is reported with its fix."""
    return _load_career_path(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_career_path(skills_dir: Path) -> tuple[PathStep, ...]:
    path = skills_dir / "career_path.toml"
    taxonomy = load_taxonomy(skills_dir)
    errors: list[DataFileError] = []
    reader = _RoleReader(path, taxonomy, errors)
    raw_steps = load_toml(path).get("step")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise DataFileError(path, "step", "no steps", "write `[[step]]` tables with kind, text and todo")
    steps = []
    for i, raw in enumerate(raw_steps):
        entry = f"step[{i}]"
        kind = raw.get("kind") if isinstance(raw, dict) else None
        if kind not in _STEP_KEYS:
            reader.fail(f"{entry}.kind", f"is {kind!r}", f"use one of {sorted(_STEP_KEYS)}")
            continue
        unknown = set(raw) - {"kind", "text", "todo"} - _STEP_KEYS[kind]
        if unknown:
            reader.fail(entry, f"unknown key(s) {sorted(unknown)} for kind {kind!r}",
                        f"use only kind, text, todo and {sorted(_STEP_KEYS[kind])}")
        step = PathStep(kind, reader.text(raw, "text", entry), reader.text(raw, "todo", entry))
        if kind == "degree":
            if raw.get("level") not in DEGREE_LEVELS:
                reader.fail(f"{entry}.level", f"is {raw.get('level')!r}", f"use one of {list(DEGREE_LEVELS)}")
            step = PathStep(kind, step.text, step.todo, level=str(raw.get("level")),
                            related_field=bool(raw.get("related_field", False)))
        elif kind == "languages":
            listed = raw.get("skills", [])
            skills = reader.skill_list({f"{entry}.skills": [{"skill": s, "weight": 1} for s in listed]
                                        if isinstance(listed, list) else listed}, f"{entry}.skills", True)
            if not skills:
                reader.fail(f"{entry}.skills", "no skills", 'write `skills = ["python", ...]` (taxonomy ids)')
            step = PathStep(kind, step.text, step.todo, skills=tuple(s.skill for s in skills),
                            skill_names=tuple(taxonomy[s.skill].name for s in skills))
        elif kind == "experience":
            step = PathStep(kind, step.text, step.todo, titles=_strings(reader, raw, "titles", entry),
                            min_years=reader.number(raw, "min_years", entry, 0, 40, 1))
        else:
            step = PathStep(kind, step.text, step.todo, topics=_strings(reader, raw, "topics", entry))
        steps.append(step)
    if errors:
        raise DataFileErrors(errors)
    return tuple(steps)


def _strings(reader: _RoleReader, raw: dict, key: str, entry: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        reader.fail(f"{entry}.{key}", "is not a list of names", f'write `{key} = ["...", ...]`')
        return ()
    return tuple(value)


# Roles from job postings (score --job, roles from-job): built here from the Posting extraction found, written as a
# role file a counsellor can edit, and read back by the loader above into the same Role.

_POSTING_KEYS = {"source", "title", "thin", "warnings", "min_degree", "preferred_degree", "degree_fields",
                 "related_fields", "job_titles", "certification_topics", "min_years", "max_years", "requirement"}
_REQUIREMENT_KEYS = {"kind", "id", "name", "required", "text", "start", "end", "line", "section"}
_REQUIREMENT_KINDS = ("skill", "language", "degree", "experience", "certification")


def role_from_posting(posting: Posting, settings: Settings, taken: tuple[str, ...] | frozenset[str] = ()) -> Role:
    """The role a job posting describes: its required skills weighed above its preferred ones, its degree, years
    and certifications, and component weights from skills/config.toml [posting] with the components the posting
    says nothing about at 0 and the rest scaled back to 100. `taken`: role ids already in use. Raises ReadError
    `no-requirements` for a posting with nothing to score against."""
    if not posting.requirements:
        raise ReadError(posting.source, "no-requirements", "no requirement could be read (no known skill, degree, "
                        "years or certification): is this a job posting?")
    cfg = settings.posting
    skills = tuple(SkillRequirement(r.id, cfg.required_weight if r.required else cfg.preferred_weight, r.required)
                   for r in posting.of_kind("skill"))
    # a role file's languages carry no required flag: the weight says it
    languages = tuple(SkillRequirement(r.id, cfg.required_weight if r.required else cfg.preferred_weight, True)
                      for r in posting.of_kind("language"))
    said = {"skills": bool(skills), "languages": bool(languages), "degree": posting.min_degree is not None,
            "experience": posting.min_years is not None, "certifications": bool(posting.of_kind("certification"))}
    return Role(
        id=_unique_id("job-" + _slug(posting.title), taken), title=posting.title,
        summary=f"Built from the job posting {posting.source}: {len(posting.requirements)} requirements.",
        weights=_scaled_weights(cfg.weights, said), credit=dict(settings.credit), skills=skills, languages=languages,
        degree=_posting_degree(posting, cfg), experience=_posting_experience(posting, cfg),
        certifications=_posting_certifications(posting, cfg), salary=None, path=posting.source,
        posting=posting)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "posting"


def _unique_id(role_id: str, taken) -> str:
    """The id, or with "-2", "-3" ... after it when another role has it."""
    candidate, n = role_id, 1
    while candidate in taken:
        n += 1
        candidate = f"{role_id}-{n}"
    return candidate


def _scaled_weights(base: dict[str, float], said: dict[str, bool]) -> dict[str, float]:
    """The base weights of the components the posting says something about, scaled to add up to 100 (two
    decimals, the rounding left on the largest); the others 0."""
    kept = {c: base[c] if said[c] else 0.0 for c in COMPONENTS}
    total = sum(kept.values())
    if total <= 0:  # the posting names only what weighs nothing: share the points among what it names
        kept = {c: 1.0 if said[c] else 0.0 for c in COMPONENTS}
        total = sum(kept.values())
    weights = {c: round(100 * w / total, 2) for c, w in kept.items()}
    largest = max(weights, key=lambda c: weights[c])
    weights[largest] = round(weights[largest] + 100 - sum(weights.values()), 2)
    return weights


def _posting_degree(posting: Posting, cfg) -> DegreeRequirement:
    minimum = posting.min_degree or "bachelor"
    preferred = posting.preferred_degree or minimum
    low, high = DEGREE_LEVELS.index(minimum), DEGREE_LEVELS.index(preferred)

    def credit(index: int) -> float:
        if index >= high:
            return 1.0
        if index >= low:
            return cfg.minimum
        return 0.0 if DEGREE_LEVELS[index] == "school" else cfg.below_minimum

    fields = posting.degree_fields
    named = ", ".join(fields[:3]) + (" or a related field" if posting.related_fields else "") if fields else ""
    step = f"The posting asks for a {minimum}'s-level degree" if minimum in ("bachelor", "master") else \
        f"The posting asks for a {minimum}"
    return DegreeRequirement(
        minimum=minimum, preferred=preferred, fields=fields,
        level_credit={level: credit(i) for i, level in enumerate(DEGREE_LEVELS)},
        other_field=cfg.other_field if fields else 1.0, unknown_field=cfg.unknown_field if fields else 1.0,
        next_step=step + (f" in {named}" if named else "") + ": if yours is in another field, bridge it with a "
                  "graded course or a project in one of them, and say so on your resume.")


def _posting_experience(posting: Posting, cfg) -> ExperienceRequirement:
    years = cfg.default_years if posting.min_years is None else max(posting.min_years, 0.5)
    titles = tuple(dict.fromkeys((*posting.job_titles, posting.title)))
    return ExperienceRequirement(
        titles=titles, years=min(years, 40), title_share=cfg.title_share,
        unrelated_years=cfg.unrelated_years,
        next_step=f"Build toward {years:g}+ years in a role like {posting.title} (internships and projects that are "
                  "used count) and name on your resume what you shipped.")


def _posting_certifications(posting: Posting, cfg) -> CertificationRequirement:
    names = [r.name for r in posting.of_kind("certification")]
    step = (f"Prepare for the certification the posting names ({', '.join(names)}) with the issuer's own course "
            "and exam." if names else "The posting names no certification: a relevant one still helps.")
    return CertificationRequirement(topics=posting.certification_topics, other_credit=cfg.other_certification,
                                    next_step=step)


def role_to_toml(role: Role) -> str:
    """The role as a role file (tomli-w), with a comment naming its source posting: load it with --roles-dir and
    the loader gives the same role."""
    import tomli_w

    doc: dict = {"id": role.id, "title": role.title, "summary": role.summary}
    for key, required in (("required", True), ("preferred", False)):
        doc[key] = [{"skill": r.skill, "weight": r.weight} for r in role.skills if r.required == required]
    doc["languages"] = [{"skill": r.skill, "weight": r.weight} for r in role.languages]
    doc["weights"] = dict(role.weights)
    doc["credit"] = dict(role.credit)
    d = role.degree
    doc["degree"] = {"minimum": d.minimum, "preferred": d.preferred, "fields": list(d.fields),
                     "level_credit": dict(d.level_credit), "other_field": d.other_field,
                     "unknown_field": d.unknown_field, "next_step": d.next_step}
    e = role.experience
    doc["experience"] = {"titles": list(e.titles), "years": e.years, "title_share": e.title_share,
                         "unrelated_years": e.unrelated_years, "next_step": e.next_step}
    c = role.certifications
    doc["certifications"] = {"topics": list(c.topics), "other_credit": c.other_credit, "next_step": c.next_step}
    if role.salary is not None:
        doc["salary"] = {"note": role.salary}
    if role.posting is not None:
        doc["posting"] = _posting_table(role.posting)
    source = role.posting.source if role.posting is not None else role.path
    header = (f"# {role.title}: a role built by rolematch from the job posting {source}.\n"
              "# Edit it freely (weights, skills, degree, years), then score with --roles-dir FOLDER. The [posting]\n"
              "# table keeps what the posting said, with each requirement's place in it, for the gap report.\n")
    return header + tomli_w.dumps(doc)


def _posting_table(posting: Posting) -> dict:
    table = {"source": posting.source, "title": posting.title, "thin": posting.thin,
             "warnings": list(posting.warnings), "degree_fields": list(posting.degree_fields),
             "related_fields": posting.related_fields, "job_titles": list(posting.job_titles),
             "certification_topics": list(posting.certification_topics)}
    for key in ("min_degree", "preferred_degree", "min_years", "max_years"):
        if getattr(posting, key) is not None:  # TOML has no null: an absent key is None
            table[key] = getattr(posting, key)
    table["requirement"] = [{"kind": r.kind, "id": r.id, "name": r.name, "required": r.required,
                             "text": r.evidence.text, "start": r.evidence.start, "end": r.evidence.end,
                             "line": r.evidence.line, "section": r.evidence.section} for r in posting.requirements]
    return table


def _posting(reader: _RoleReader, raw: dict) -> Posting | None:
    """A role file's [posting] table: what the job posting said, for reports."""
    table = reader.table(raw, "posting", _POSTING_KEYS)

    def typed(key: str, kind, default):
        value = table.get(key, default)
        if value is not default and (not isinstance(value, kind) or isinstance(value, bool) != (kind is bool)):
            reader.fail(f"posting.{key}", f"is {value!r}", f"write a {getattr(kind, '__name__', 'number')}")
            return default
        return value

    def names(key: str) -> tuple[str, ...]:
        value = typed(key, list, [])
        return tuple(v for v in value if isinstance(v, str))

    levels = {}
    for key in ("min_degree", "preferred_degree"):
        levels[key] = typed(key, str, None)
        if levels[key] is not None and levels[key] not in DEGREE_LEVELS:
            reader.fail(f"posting.{key}", f"is {levels[key]!r}", f"use one of {list(DEGREE_LEVELS)}")
    requirements = []
    for i, item in enumerate(typed("requirement", list, [])):
        entry = f"posting.requirement[{i}]"
        if (not isinstance(item, dict) or set(item) != _REQUIREMENT_KEYS or item["kind"] not in _REQUIREMENT_KINDS
                or not all(isinstance(item[k], str) for k in ("id", "name", "text", "section"))
                or not all(isinstance(item[k], int) and not isinstance(item[k], bool) for k in ("start", "end", "line"))
                or not isinstance(item["required"], bool)):
            reader.fail(entry, "is not a requirement", f"write {sorted(_REQUIREMENT_KEYS)} (start, end and line "
                        f"whole numbers, required true or false), kind one of {list(_REQUIREMENT_KINDS)}")
            continue
        requirements.append(Requirement(item["kind"], item["id"], item["name"], item["required"],
                                        Evidence(item["text"], item["start"], item["end"], item["line"],
                                                 item["section"])))
    years = {key: typed(key, (int, float), None) for key in ("min_years", "max_years")}
    return Posting(
        source=typed("source", str, ""), title=typed("title", str, ""), requirements=tuple(requirements),
        min_degree=levels["min_degree"], preferred_degree=levels["preferred_degree"],
        degree_fields=names("degree_fields"), related_fields=typed("related_fields", bool, False),
        job_titles=names("job_titles"), certification_topics=names("certification_topics"),
        min_years=None if years["min_years"] is None else float(years["min_years"]),
        max_years=None if years["max_years"] is None else float(years["max_years"]),
        thin=typed("thin", bool, False), warnings=names("warnings"))
