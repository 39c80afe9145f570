"""The skills taxonomy: skills/taxonomy/*.yml, validated on load."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from .errors import DataFileError, DataFileErrors
from .models import SKILL_DURATIONS, LearnLink
from .resources import SKILLS_DIR, cache_dir, data_folder, learn_links, load_yaml, write_cache

CATEGORIES = frozenset({
    "language", "ml", "deep-learning", "nlp", "computer-vision", "data-science", "statistics", "mathematics",
    "data-engineering", "big-data", "database", "bi", "visualization", "cloud", "mlops", "devops", "web-frontend",
    "web-backend", "mobile", "testing", "networking", "security", "erp", "crm", "office", "os", "tools",
    "methodology", "embedded", "design", "soft-skill", "domain",
})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_KEY_DROP = str.maketrans("", "", " \t\n\r\f\v\u00a0.-_'’")
_SKILL_KEYS = frozenset({"id", "name", "aliases", "implies", "next_step", "ambiguous", "cues", "category",
                         "context_aliases", "duration", "learn"})
_CACHE_FORMAT = b"2"  # bump when Skill gains or loses a field: a cache of another shape is parsed again


def normalise_key(surface: str) -> str:
    """The form variants share: casefold, drop spaces . - _ ' but keep + and #: "Tensor-Flow" -> "tensorflow"."""
    return surface.casefold().translate(_KEY_DROP)


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...]
    next_step: str
    ambiguous: Literal["letter", "word", "phrase"] | None
    cues: frozenset[str]
    context_aliases: tuple[str, ...]
    duration: str | None = None  # how long next_step takes part time, one of SKILL_DURATIONS; None: the default
    learn: tuple[LearnLink, ...] = ()  # where to learn it: documentation, free courses first

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Taxonomy:
    skills: dict[str, Skill]

    def __contains__(self, skill_id: str) -> bool:
        return skill_id in self.skills

    def __getitem__(self, skill_id: str) -> Skill:
        return self.skills[skill_id]

    @functools.cached_property
    def implied_by(self) -> dict[str, tuple[str, ...]]:
        """For each skill, every broader skill it implies, transitively: PyTorch -> Deep Learning -> Machine Learning."""
        closure: dict[str, tuple[str, ...]] = {}

        def walk(skill_id: str) -> tuple[str, ...]:
            if skill_id not in closure:
                found: dict[str, None] = {}
                for parent in self.skills[skill_id].implies:
                    found[parent] = None
                    found.update(dict.fromkeys(walk(parent)))
                closure[skill_id] = tuple(found)
            return closure[skill_id]

        for skill_id in self.skills:
            walk(skill_id)
        return closure


def load_taxonomy(skills_dir: Path | str = SKILLS_DIR) -> Taxonomy:
    """The taxonomy under skills_dir, parsed and validated once per process."""
    return _load_taxonomy(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_taxonomy(skills_dir: Path) -> Taxonomy:
    files = tuple(sorted((skills_dir / "taxonomy").glob("*.yml")))
    if not files:
        raise DataFileError(skills_dir / "taxonomy", "directory", "holds no *.yml taxonomy file",
                            "point ROLEMATCH_SKILLS_DIR at a folder with taxonomy/*.yml")
    cache = _cache_path(files)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    taxonomy = _parse_taxonomy(files)
    _write_cache(cache, taxonomy)
    return taxonomy


def _cache_path(files: tuple[Path, ...]) -> Path:
    """A validated taxonomy is kept as JSON, keyed by the YAML files' bytes: parsing 1,500 YAML entries costs more
    than a tenth of a second of every cold start; reading the JSON, a few milliseconds."""
    digest = hashlib.sha256(_CACHE_FORMAT)
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return cache_dir() / f"taxonomy-{digest.hexdigest()[:32]}.json"


def _read_cache(cache: Path) -> Taxonomy | None:
    try:
        entries = json.loads(cache.read_text(encoding="utf-8"))
        skills = {e["id"]: Skill(**{**e, "aliases": tuple(e["aliases"]), "implies": tuple(e["implies"]),
                                    "cues": frozenset(e["cues"]), "context_aliases": tuple(e["context_aliases"]),
                                    "learn": tuple(LearnLink(**link) for link in e["learn"])})
                  for e in entries}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache yet, or one from another version: parse the YAML
    return Taxonomy(skills=skills)


def _write_cache(cache: Path, taxonomy: Taxonomy) -> None:
    entries = [{**asdict(s), "cues": sorted(s.cues)} for s in taxonomy.skills.values()]
    write_cache(cache, json.dumps(entries, ensure_ascii=False))


def _parse_taxonomy(files: tuple[Path, ...]) -> Taxonomy:
    errors: list[DataFileError] = []
    skills: dict[str, Skill] = {}
    origin: dict[str, Path] = {}
    for path in files:
        for skill in _parse_file(path, errors):
            if skill.id in skills:
                errors.append(DataFileError(path, f"skills id={skill.id!r}", f"duplicate id, also in {origin[skill.id].name}",
                                            "give one of them another id or merge them"))
                continue
            skills[skill.id] = skill
            origin[skill.id] = path
    _check_references(skills, origin, errors)
    if errors:
        raise DataFileErrors(errors)
    return Taxonomy(skills=skills)


def _parse_file(path: Path, errors: list[DataFileError]) -> list[Skill]:
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("skills"), list):
        errors.append(DataFileError(path, "file", "has no `skills:` list", "start the file with `category:` and `skills:`"))
        return []
    default_category = raw.get("category")
    parsed = []
    for i, entry in enumerate(raw["skills"]):
        where = f"skills[{i}]" + (f" id={entry.get('id')!r}" if isinstance(entry, dict) else "")

        def bad(problem: str, fix: str) -> None:
            errors.append(DataFileError(path, where, problem, fix))

        if not isinstance(entry, dict):
            bad("is not a mapping", "write `- id: ...` with name and next_step")
            continue
        unknown = set(entry) - _SKILL_KEYS
        if unknown:
            bad(f"unknown key(s) {sorted(unknown)}", f"use only {sorted(_SKILL_KEYS)}")
        skill_id, name, next_step = entry.get("id"), entry.get("name"), entry.get("next_step")
        category = entry.get("category", default_category)
        if not isinstance(skill_id, str) or not _ID.match(skill_id):
            bad("id missing or not lowercase words joined by '-'", "use an id such as 'scikit-learn'")
            continue
        if not isinstance(name, str) or not name.strip():
            bad("name missing", "add `name: <display name>`")
            continue
        if not isinstance(next_step, str) or not next_step.strip():
            bad("next_step missing", "add one concrete sentence: what to build or study to acquire it")
        if category not in CATEGORIES:
            bad(f"category {category!r} is not known", f"use one of {sorted(CATEGORIES)}")
        lists = {}
        for key in ("aliases", "implies", "cues", "context_aliases"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                bad(f"{key} is not a list of strings", f"write `{key}: [a, b]`")
                value = []
            lists[key] = tuple(str(v).strip() for v in value)
        ambiguous = entry.get("ambiguous")
        if ambiguous not in (None, "letter", "word", "phrase"):
            bad(f"ambiguous={ambiguous!r}", "use `ambiguous: letter` (R, C, Go), `ambiguous: word` (Spark, Excel) "
                "or `ambiguous: phrase` (Accounting, Sales, Windows)")
            ambiguous = None
        duration = entry.get("duration")
        if duration is not None and duration not in SKILL_DURATIONS:
            bad(f"duration={duration!r} is not known",
                f"use one of {', '.join(repr(d) for d in SKILL_DURATIONS)}: how long the next step takes part time")
            duration = None
        learn = learn_links(entry.get("learn"), "learn", lambda at, problem, fix: errors.append(
            DataFileError(path, f"{where} {at}", problem, fix)))
        parsed.append(Skill(
            id=skill_id, name=name.strip(), category=str(category), aliases=lists["aliases"],
            implies=lists["implies"], next_step=str(next_step or "").strip(), ambiguous=ambiguous,
            cues=frozenset(c.casefold() for c in lists["cues"]), context_aliases=lists["context_aliases"],
            duration=duration, learn=learn,
        ))
    return parsed


def _check_references(skills: dict[str, Skill], origin: dict[str, Path], errors: list[DataFileError]) -> None:

    owner: dict[str, str] = {}
    for skill in skills.values():
        for form in (*skill.surface_forms, *skill.context_aliases):
            key = normalise_key(form)
            if not key:
                errors.append(DataFileError(origin[skill.id], f"id={skill.id!r}", f"alias {form!r} is empty once normalised",
                                            "remove it"))
            elif owner.setdefault(key, skill.id) != skill.id:
                errors.append(DataFileError(origin[skill.id], f"id={skill.id!r} alias={form!r}",
                                            f"also names skill {owner[key]!r}", "keep the alias on one skill only"))
        for parent in skill.implies:
            if parent not in skills:
                near = closest(parent, skills, 75)
                fix = f"did you mean {near!r}?" if near else "add that skill or remove it from implies"
                errors.append(DataFileError(origin[skill.id], f"id={skill.id!r} implies={parent!r}", "unknown skill id", fix))
    # a cycle would make "implies" meaningless (A implies B implies A)
    state: dict[str, int] = {}

    def visit(skill_id: str, path: tuple[str, ...]) -> None:
        state[skill_id] = 1
        for parent in skills[skill_id].implies:
            if parent not in skills:
                continue
            if state.get(parent) == 1:
                cycle = " -> ".join((*path, parent))
                errors.append(DataFileError(origin[skill_id], f"id={skill_id!r}", f"implies forms a cycle ({cycle})",
                                            "imply only broader skills"))
            elif parent not in state:
                visit(parent, (*path, parent))
        state[skill_id] = 2

    for skill_id in skills:
        if skill_id not in state:
            visit(skill_id, (skill_id,))


def closest(word: str, choices, cutoff: float) -> str | None:
    """The choice most like `word` (rapidfuzz's ratio, at least `cutoff`), to suggest in an error; else None."""
    from rapidfuzz import fuzz, process  # only needed to suggest a fix

    near = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return near[0] if near else None
