"""Role definitions: skills/roles/*.toml (and a user's --roles-dir), validated on load."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, DataFileErrors, UnknownRoleError
from .models import DEGREE_LEVELS
from .resources import CREDIT_KEYS, SKILLS_DIR, data_folder, load_settings, load_toml
from .taxonomy import Taxonomy, closest, load_taxonomy

COMPONENTS = ("skills", "languages", "degree", "experience", "certifications")
_TOP_KEYS = {"id", "title", "summary", "weights", "credit", "required", "preferred", "languages", "degree",
             "experience", "certifications", "salary"}


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
    if not skills:
        reader.fail("required", "no skills", "add `[[required]]` entries with skill and weight")
    languages = reader.skill_list(raw, "languages", True)

    degree = _degree_requirement(reader, raw)
    experience = _experience_requirement(reader, raw)
    certifications = _certification_requirement(reader, raw)
    salary_raw = reader.table(raw, "salary", {"note"})
    salary = salary_raw.get("note") if isinstance(salary_raw.get("note"), str) else None
    if len(errors) > before:
        return None
    return Role(role_id, title, summary, weights, credit, tuple(skills), tuple(languages), degree, experience,
                certifications, salary, str(path))


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
