"""The library's one per-file pipeline: a Source is read into a Document, extracted into a Profile, scored into a
ScoreResult and rendered, under one Options. The CLI, the batch engines and the HTTP service only translate their
own world (arguments, a folder, a request) into a Source and an Options and call these functions: nothing else
handles a resume, so the same content gives the same bytes through every door.

    result = api.score(api.Source.from_path("resume.pdf"), api.Options(role_ids=("data-scientist",)))
    html = api.render(result, api.Options(format="html", redact=True))

Reading and extracting a resume is bounded in time and memory (`Limits.timeout_s`, `Limits.max_memory_mb`) when a
`Pool` of worker processes is given: the work runs in a worker that is killed at the limit (ReadError `timeout` or
`too-complex`) and replaced for the next resume. Every door passes one.

    with api.worker_pool(options=options) as pool:
        result = api.score(source, options, pool=pool)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from .errors import ReadError, RolematchError
from .formats import Limits
from .isolate import Bound, Pool
from .models import Comparison, Document, Posting, Profile, ScoreResult
from .report import render_cohort, script_sources  # noqa: F401  (the cohort page; CSP of a served page)
from .resources import SKILLS_DIR, load_settings
from .roles import Role, load_roles, select_roles

Format = Literal["json", "html", "markdown"]
FORMATS: tuple[str, ...] = ("json", "html", "markdown")


@dataclass(frozen=True, slots=True)
class Options:
    """Everything besides the resume's bytes that decides a result. Picklable: the batch ships it to workers."""

    role_ids: tuple[str, ...] = ()        # score only these roles (all when empty)
    roles_dirs: tuple[str, ...] = ()      # folders of role files that add to or replace the shipped ones
    as_of: date | None = None             # what "Present" in work history means, and the report's date; None: today
    focus: str | None = None              # the role a report's biggest wins are for; None: the first role named
    redact: bool = False                  # a report hides the name, contact and personal details
    format: Format = "json"
    template_dir: str | None = None       # templates that replace the shipped ones of the same name
    limits: Limits = field(default_factory=Limits)
    skills_dir: str = str(SKILLS_DIR)
    web_page: bool = False                # an HTML report served as a web page: links back and to download it
    summary_only: bool = False            # a report's first page alone: the student's handout
    top: int = 3                          # a progress report's roles shown in full (the others in its overview)
    jobs: tuple[Source, ...] = ()         # job postings to build roles from and score against (score --job)
    only_jobs: bool = False               # score against the postings' roles alone, not the shipped ones
    job_roles: tuple[Role, ...] = ()      # the postings' roles once built (with_jobs): built once, not per resume

    @property
    def report_date(self) -> date:
        return self.as_of or date.today()

    @property
    def focus_role(self) -> str | None:
        return self.focus or (self.role_ids[0] if self.role_ids else None)

    def replace(self, **changes) -> Options:
        return dataclasses.replace(self, **changes)


DEFAULTS = Options()


@dataclass(frozen=True, slots=True)
class Source:
    """Where one resume comes from: a path on disk ("-": stdin), bytes (an upload, a file shipped to a worker) or
    pasted text. `name` is what results and errors call it."""

    name: str
    path: str | None = None
    data: bytes | None = None
    text: str | None = None

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        return cls("<stdin>" if str(path) == "-" else str(path), path=str(path))

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Source:
        return cls(name, data=data)

    @classmethod
    def from_text(cls, text: str, name: str = "<text>") -> Source:
        return cls(name, text=text)


def read(source: Source, options: Options = DEFAULTS, *, pool: Pool | None = None) -> Document:
    """The resume's text, tidied the same way whichever door it came through. Raises ReadError. With a pool: in one
    of its workers, under the time and memory limits."""
    if pool is not None:
        return bounded(pool, read, source, options)
    from . import read as reading

    if source.text is not None:
        return reading.read_text(source.name, source.text, options.limits)
    if source.data is not None:
        return reading.read_source(source.name, source.data, options.limits)
    if source.path is not None:
        return reading.read_path(source.path, options.limits)
    raise ReadError(source.name, "no-text", "nothing to read: give a path, bytes or text")


def extract_document(document: Document, options: Options = DEFAULTS) -> Profile:
    from .extract.pipeline import extract_document as run

    return run(document, as_of=options.as_of, skills_dir=Path(options.skills_dir), max_chars=options.limits.max_chars)


def extract(source: Source, options: Options = DEFAULTS, *, pool: Pool | None = None) -> Profile:
    """What the resume holds: skills, degrees, titles, experience, certifications, each with its evidence. With a
    pool: read and extracted in one of its workers, under the time and memory limits."""
    if pool is not None:
        return bounded(pool, extract, source, options)
    return extract_document(read(source, options), options)


def score(source: Source, options: Options = DEFAULTS, *, pool: Pool | None = None,
          chosen: list[Role] | None = None) -> ScoreResult:
    """The resume scored against the roles of `options` (or `chosen`, however they were obtained), best first
    (read and extracted in `pool`, if given). Its job postings are made roles first, unless with_jobs() has done
    so already."""
    if chosen is None:
        options = with_jobs(options, pool=pool)
        chosen = roles(options)
    return score_profile(extract(source, options, pool=pool), chosen, options)


def compare(old: Source, new: Source, options: Options = DEFAULTS, *, pool: Pool | None = None,
            chosen: list[Role] | None = None) -> Comparison:
    """Two versions of a resume, each scored as `score` scores it (in `pool`, under the same limits and with the
    same ReadErrors), against the same roles: those of `options` (its job postings included), or `chosen`. The
    same source twice is read once and shows no change."""
    from .score import compare_results

    chosen = roles(with_jobs(options, pool=pool)) if chosen is None else chosen
    before = score(old, options, pool=pool, chosen=chosen)
    after = before if new == old else score(new, options, pool=pool, chosen=chosen)
    return compare_results(before, after)


def read_posting(source: Source, options: Options = DEFAULTS, *, pool: Pool | None = None) -> Posting:
    """A job posting's requirements, read from any format as a resume is, under the same limits and with the same
    errors (ReadError); in one of the pool's workers when a pool is given."""
    if pool is not None:
        return bounded(pool, read_posting, source, options)
    from .extract.posting import extract_posting

    return extract_posting(read(source, options), skills_dir=Path(options.skills_dir),
                           max_chars=options.limits.max_chars)


def role_from_job(source: Source, options: Options = DEFAULTS, *, pool: Pool | None = None,
                  taken: Iterable[str] = ()) -> Role:
    """The role a job posting describes (roles.role_from_posting), its id kept clear of `taken` and of the
    shipped and added roles' ids. ReadError for a posting that cannot be read or names no requirement."""
    from .roles import role_from_posting

    posting = read_posting(source, options, pool=pool)
    shipped = load_roles(options.skills_dir, tuple(Path(d) for d in options.roles_dirs))
    return role_from_posting(posting, load_settings(options.skills_dir), frozenset({*shipped, *taken}))


def with_jobs(options: Options, *, pool: Pool | None = None) -> Options:
    """`options` with its job postings made roles (job_roles), once for all the resumes scored with it."""
    if not options.jobs:
        return options
    built: list[Role] = []
    for source in options.jobs:
        built.append(role_from_job(source, options, pool=pool, taken=[r.id for r in (*options.job_roles, *built)]))
    return options.replace(jobs=(), job_roles=(*options.job_roles, *built))


def role_toml(role: Role) -> str:
    """A role as a role file that --roles-dir reads back as the same role."""
    from .roles import role_to_toml

    return role_to_toml(role)


def bound(options: Options = DEFAULTS) -> Bound:
    return Bound(options.limits.timeout_s, options.limits.max_memory_mb)


def bounded(pool: Pool, work, source: Source, options: Options = DEFAULTS):
    """work(source, options) in one of the pool's workers, killed when `options.limits` passes: ReadError
    `timeout` (the time limit) or `too-complex` (the memory limit), naming the file. `work` is a module-level
    function (it is sent to the worker by name) and its result must pickle."""
    if source.path == "-":  # a worker has no stdin: the bytes are read here, as read_path would, and sent
        import sys

        source = Source.from_bytes(source.name, sys.stdin.buffer.read(options.limits.max_bytes + 1))
    return pool.run(source.name, bound(options), work, source, options)


PRELOAD = ("rolematch._preload",)  # what a fork server imports once, before it forks the workers


def worker_pool(size: int = 1, options: Options = DEFAULTS, *, start: str = "fork", pipeline: bool = True) -> Pool:
    """Up to `size` worker processes for bounded work, started when needed and kept warm. "fork": from this process,
    with the pipeline built here first (cheap when this process has no other thread, as a command; pipeline=False
    when the work only reads); "forkserver": from a clean process that built the pipeline and the permanent
    vocabulary once (a server, a batch)."""
    if start == "fork" and pipeline:
        prepare(options)
    return Pool(size, start=start, preload=PRELOAD, initializer=warm_up if start != "fork" else None,
                initargs=(options,) if start != "fork" else ())


def prepare(options: Options = DEFAULTS) -> None:
    """Build the pipeline (without the permanent vocabulary) and load the roles now: what forked workers share."""
    from .extract.pipeline import get_pipeline

    get_pipeline(Path(options.skills_dir), permanent_vocabulary=False)
    roles(options)


def render(item: ScoreResult | Comparison | Profile | Document | Role, options: Options = DEFAULTS) -> str:
    """A ScoreResult as JSON, an HTML or a Markdown gap report; a Comparison as JSON or an HTML or Markdown progress
    report; a Profile as the extract JSON; a Document as {"source", "text"}; a Role in full, as JSON."""
    from . import render as rendering

    if isinstance(item, Comparison):
        return _render_comparison(item, options)
    if isinstance(item, Profile):
        return rendering.extract_json(item)
    if isinstance(item, Document):
        return rendering.to_json({"source": item.source, "text": item.text})
    if isinstance(item, Role):
        return rendering.to_json(item.to_dict())
    if options.format == "json":
        return rendering.score_json(item)
    from .report import render_report

    chosen = roles(options)
    return render_report(item, {r.id: r for r in chosen}, options.format, data_version=data_version(options),
                         report_date=options.report_date, redact=options.redact, focus=options.focus_role,
                         template_dir=Path(options.template_dir) if options.template_dir else None,
                         web_page=options.web_page, summary_only=options.summary_only)


def _render_comparison(comparison: Comparison, options: Options) -> str:
    from .render import to_json

    if options.format == "json":
        return to_json(comparison.to_dict())
    from .report import render_comparison

    return render_comparison(comparison, options.format, data_version=data_version(options),
                             report_date=options.report_date, redact=options.redact, top=options.top,
                             template_dir=Path(options.template_dir) if options.template_dir else None)


def score_and_render(source: Source, options: Options = DEFAULTS) -> str:
    """The whole pipeline for one resume, as the service answers it (its job postings read here too, in the same
    worker and under the same limits)."""
    options = with_jobs(options)
    return render(score(source, options), options)


def job_role_json(source: Source, options: Options = DEFAULTS) -> str:
    """The role a job posting describes, as the service answers it: {"role": the role in full, "toml": its role
    file}."""
    from . import render as rendering

    role = role_from_job(source, options)
    return rendering.to_json({"role": role.to_dict(), "toml": role_toml(role)})


def extract_and_render(source: Source, options: Options = DEFAULTS) -> str:
    return render(extract(source, options), options)


def each(sources: Iterable[Source], work, options: Options = DEFAULTS) -> Iterator[tuple[Source, object]]:
    """work(source, options) for each source in order, with the ReadError of one that cannot be read in place of
    its result; any other error (broken data files) stops the run."""
    for source in sources:
        try:
            yield source, work(source, options)
        except ReadError as exc:
            yield source, exc


def size_error(name: str, size: int, options: Options = DEFAULTS) -> ReadError | None:
    """The error for a file too large to read, from its size alone (a batch refuses it unread)."""
    from .read import too_large

    return too_large(name, size, options.limits.max_bytes) if size > options.limits.max_bytes else None


def roles(options: Options = DEFAULTS) -> list[Role]:
    """The roles of `options`: all shipped and added roles, or the ones named (UnknownRoleError for a typo), then
    the roles of its job postings once built (with_jobs); with only_jobs, those alone."""
    shipped = [] if options.only_jobs else select_roles(
        load_roles(options.skills_dir, tuple(Path(d) for d in options.roles_dirs)), tuple(options.role_ids))
    return [*shipped, *options.job_roles]


def role(role_id: str, options: Options = DEFAULTS) -> Role:
    return roles(options.replace(role_ids=(role_id,)))[0]


def score_profile(profile: Profile, chosen: list[Role], options: Options = DEFAULTS) -> ScoreResult:
    """Score a profile against roles; roles sorted by score, highest first (ties by id), and the career path."""
    from .match import ProfileIndex, match_role
    from .roles import load_career_path
    from .score import career_path, score_match, verdict
    from .taxonomy import load_taxonomy

    taxonomy = load_taxonomy(options.skills_dir)
    index = ProfileIndex(profile, taxonomy)
    settings = load_settings(options.skills_dir)
    scores = sorted((score_match(match_role(index, r, settings.title_cutoff), taxonomy, settings.bands,
                                 settings.durations, settings.certification_learn) for r in chosen),
                    key=lambda s: (-s.score, s.id))
    path = career_path(profile, chosen, load_career_path(options.skills_dir))
    return ScoreResult(profile.source, profile, tuple(scores), path, verdict(scores))


def taxonomy(options: Options = DEFAULTS):
    """The skills taxonomy (skills/taxonomy/*.yml), validated."""
    from .taxonomy import load_taxonomy

    return load_taxonomy(options.skills_dir)


def data_version(options: Options = DEFAULTS) -> str:
    return load_settings(options.skills_dir).data_version


def role_files_digest(options: Options = DEFAULTS) -> str:
    """A hash of every role file `options` reads, the shipped ones and each roles_dir's: an edited role re-scores."""
    import hashlib

    from .roles import role_files, role_folders

    digest = hashlib.sha256()
    for folder in role_folders(options.skills_dir, options.roles_dirs):
        for path in role_files(folder):
            digest.update(f"{folder}\0{path.name}\0".encode("utf-8", "surrogateescape"))
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def warm_up(options: Options = DEFAULTS) -> None:
    """Build the pipeline and load the roles and data files now (a worker before its first resume)."""
    from .extract.pipeline import get_pipeline
    from .read import repair_mojibake

    get_pipeline(Path(options.skills_dir))
    repair_mojibake("Â·")  # imports ftfy: a worker's first non-ASCII resume would otherwise pay for it
    roles(options)
    from .roles import load_career_path

    load_career_path(options.skills_dir)


# What the shells show people besides one result: the terminal's tables, an error line for JSON Lines, the
# service's upload page, the batch's cohort page. They take it from here: the api is their one door.

def error_json(source: str, error: RolematchError) -> str:
    from .render import error_json as as_json

    return as_json(source, str(error), error.kind)


def print_score(result: ScoreResult, *, top: int) -> None:
    from .render import print_score as show

    show(result, top=top)


def print_comparison(comparison: Comparison, *, top: int) -> None:
    """The roles before → after, then the headline, gains, losses and gaps of the best `top`: the headline is the
    report's own sentence."""
    from .render import print_comparison as show
    from .report import headline

    show(comparison, top=top, headlines={r.id: headline(r) for r in comparison.roles})


def print_profile(profile: Profile) -> None:
    from .render import print_profile as show

    show(profile)


def print_roles(options: Options = DEFAULTS) -> None:
    from .render import print_roles as show

    show(roles(options))


def print_role(role: Role, options: Options = DEFAULTS) -> None:
    from .render import print_role as show

    show(role, taxonomy(options))


def upload_page(options: Options, *, version: str, max_mb: str) -> str:
    from .report import environment

    return environment(None).get_template("upload.html").render(
        roles=[{"id": r.id, "title": r.title} for r in roles(options)], version=version, max_mb=max_mb)


def error_page(title: str, detail: str) -> str:
    """A mistake on the upload form, for a person: the message and a link back."""
    from . import __version__
    from .report import environment

    return environment(None).get_template("error.html").render(title=title, detail=detail, version=__version__)


def prepare_cohort_page() -> None:
    """Compile the cohort page's templates now (while a batch's workers start), not when the outputs wait."""
    from .report import environment

    environment(None).get_template("cohort.html")


# The short forms the README shows, over the same pipeline.

def extract_text(text: str, source: str = "<text>", *, as_of: date | None = None) -> Profile:
    """Extract a profile from resume text, tidied as a file's text is."""
    return extract(Source.from_text(text, source), Options(as_of=as_of))


def extract_file(path: str | Path, *, as_of: date | None = None) -> Profile:
    """Read and extract one file ("-" for stdin). Raises ReadError for a file that cannot be read."""
    return extract(Source.from_path(path), Options(as_of=as_of))


def extract_bytes(name: str, data: bytes, *, as_of: date | None = None) -> Profile:
    return extract(Source.from_bytes(name, data), Options(as_of=as_of))


def score_file(path: str | Path, *, role_ids: Iterable[str] = (), roles_dirs: Iterable[str | Path] = (),
               as_of: date | None = None) -> ScoreResult:
    return score(Source.from_path(path), Options(tuple(role_ids), tuple(map(str, roles_dirs)), as_of))


def score_text(text: str, source: str = "<text>", *, role_ids: Iterable[str] = (),
               roles_dirs: Iterable[str | Path] = (), as_of: date | None = None) -> ScoreResult:
    return score(Source.from_text(text, source), Options(tuple(role_ids), tuple(map(str, roles_dirs)), as_of))


def roles_for(role_ids: Iterable[str] = (), roles_dirs: Iterable[str | Path] = ()) -> list[Role]:
    return roles(Options(tuple(role_ids), tuple(map(str, roles_dirs))))
