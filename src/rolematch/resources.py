"""Where the data files live, and loading them with errors that name the file."""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

import yaml

from .errors import DataFileError, DataFileErrors
from .models import DURATIONS, LearnLink

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_SOURCE_TREE = Path(__file__).resolve().parents[2]


def _first_existing(*candidates: Path) -> Path:
    return next((c for c in candidates if c.is_dir()), candidates[-1])


# An installed wheel carries the data inside the package; a source checkout (or editable install) reads it in place.
# ROLEMATCH_SKILLS_DIR points at another copy of the data (a counsellor's own taxonomy, a test's broken file).
SKILLS_DIR = (Path(os.environ["ROLEMATCH_SKILLS_DIR"]) if os.environ.get("ROLEMATCH_SKILLS_DIR")
              else _first_existing(_PACKAGE_DATA / "skills", _SOURCE_TREE / "skills"))
TEMPLATES_DIR = _first_existing(_PACKAGE_DATA / "templates", _SOURCE_TREE / "reports" / "templates")


@functools.lru_cache(maxsize=64)
def data_folder(path: Path | str) -> Path:
    """A data folder as one cache key, however it was written; resolved once (realpath is a few system calls)."""
    return Path(path).resolve()


def cache_dir() -> Path:
    """Where derived data is kept between runs: ROLEMATCH_CACHE_DIR, else $XDG_CACHE_HOME/rolematch or ~/.cache."""
    if os.environ.get("ROLEMATCH_CACHE_DIR"):
        return Path(os.environ["ROLEMATCH_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rolematch"


def write_cache(path: Path, text: str) -> None:
    """Write a cache file atomically; a read-only home only means the next run derives it again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass


def load_yaml(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise DataFileError(path, "file", f"cannot be read ({exc.strerror})", "check the path and permissions") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        entry = f"line {where.line + 1}" if where else "file"
        raise DataFileError(path, entry, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                            "fix the YAML syntax (indentation, quotes around values with ':' or '#')") from None


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise DataFileError(path, "file", f"cannot be read ({exc.strerror})", "check the path and permissions") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, "file", f"not valid TOML ({exc})", "fix the TOML syntax") from None


CREDIT_KEYS = ("used", "listed", "hedged", "implied", "relevance_gate")
# [durations]: how long a gap that is not in the taxonomy takes, and a taxonomy skill that names no duration
DURATION_KEYS = ("skill", "degree", "bridging", "experience", "certification")
_LINK_KEYS = frozenset({"title", "url", "free"})
# Query parameters that track who clicked, not what page it is: a counsellor's printout should not carry them.
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
                       "mc_eid", "ref", "ref_src", "referrer", "_hsenc", "_hsmi", "mkt_tok", "trk", "si"})


def learn_links(value: Any, entry: str, fail: Callable[[str, str, str], None]) -> tuple[LearnLink, ...]:
    """A `learn` list ([{title, url, free}]) checked link by link; each bad one is reported with fail(entry,
    problem, fix) and left out, so one run lists every broken link of a file."""
    if value is None:
        return ()
    if not isinstance(value, list):
        fail(entry, "is not a list", "write `learn: [{title: ..., url: https://..., free: true}]`")
        return ()
    links: list[LearnLink] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        where = f"{entry}[{i}]"
        if not isinstance(item, dict):
            fail(where, "is not a mapping", "write `{title: ..., url: https://..., free: true}`")
            continue
        unknown = set(item) - _LINK_KEYS
        if unknown:
            fail(where, f"unknown key(s) {sorted(map(str, unknown))}", f"use only {sorted(_LINK_KEYS)}")
        title, url, free = item.get("title"), item.get("url"), item.get("free")
        ok = not unknown
        if not isinstance(title, str) or not title.strip():
            fail(f"{where}.title", "missing or empty", "name the course or page as its site does")
            ok = False
        if not isinstance(free, bool):
            fail(f"{where}.free", f"is {free!r}, not true or false",
                 "write `free: true` when it costs nothing to learn from, `free: false` when it is paid")
            ok = False
        problem = _url_problem(url)
        if problem:
            fail(f"{where}.url={url!r}", problem[0], problem[1])
            ok = False
        else:
            key = _url_key(url)
            if key in seen:
                fail(f"{where}.url={url!r}", f"repeats {entry}[{seen[key]}]", "keep one link per page")
                ok = False
            else:
                seen[key] = i
        if ok:
            links.append(LearnLink(title.strip(), url, free))
    return tuple(links)


def _url_problem(url: Any) -> tuple[str, str] | None:
    if not isinstance(url, str) or not url.strip():
        return "missing or empty", "add `url: https://...`, the page's address"
    if url != url.strip() or any(c.isspace() for c in url):
        return "has spaces", "write the address without spaces"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "is not https", "use the page's https:// address"
    if not parts.hostname or "." not in parts.hostname:
        return "names no host", "write the full address, e.g. https://docs.python.org/3/tutorial/"
    if parts.username or parts.password:
        return "carries a user name or password", "link to the public page"
    tracking = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)
                       if key.casefold().startswith("utm_") or key.casefold() in _TRACKING})
    if tracking:
        return (f"carries tracking parameter(s) {tracking}",
                "remove them: keep only what names the page")
    return None


def _url_key(url: str) -> str:
    """Two spellings of one page: host case and a trailing slash do not make another link."""
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path.rstrip('/')}?{parts.query}#{parts.fragment}"


@dataclass(frozen=True, slots=True)
class Settings:
    """skills/config.toml: the cut-offs of extraction and matching."""

    data_version: str
    fuzzy_cutoff: float
    fuzzy_min_length: int
    fuzzy_max_length_difference: int
    title_cutoff: float
    common_word_zipf: float
    hedge_scope: int
    negation_scope: int
    cue_window: int
    max_years: int
    credit: dict[str, float]  # how much a mention counts, for every role that does not say otherwise
    bands: tuple[tuple[str, float], ...]  # (band, lowest score) from strong down; below the last: weak
    durations: dict[str, str]  # DURATION_KEYS -> one of DURATIONS
    certification_learn: dict[str, tuple[LearnLink, ...]]  # certification topic -> where to prepare for one
    reading: ReadingThresholds
    posting: PostingSettings


@dataclass(frozen=True, slots=True)
class PostingSettings:
    """skills/config.toml [posting]: how a role is built from a job posting."""

    thin_below: int
    required_weight: float
    preferred_weight: float
    default_years: float
    title_share: float
    unrelated_years: float
    below_minimum: float
    minimum: float
    other_field: float
    unknown_field: float
    other_certification: float
    weights: dict[str, float]  # per component, before the silent ones are dropped


@dataclass(frozen=True, slots=True)
class ReadingThresholds:
    """skills/config.toml [reading]: when a document's reading warnings are raised."""

    long_run: int  # letters in a run that should be a word: shorter ones are too often names or abbreviations
    glued_share: float  # glued-words: this share of the long runs are no English word
    glued_min_runs: int  # ... and at least this many of them
    few_words_per_page: int  # few-words: a PDF's text layer holds fewer words than this per page


def load_settings(skills_dir: Path | str = SKILLS_DIR) -> Settings:
    return _load_settings(data_folder(skills_dir))


@functools.lru_cache(maxsize=None)
def _load_settings(skills_dir: Path) -> Settings:
    path = skills_dir / "config.toml"
    raw = load_toml(path)

    def get(table: str, key: str, kind: type, low: float, high: float) -> Any:
        value = raw.get(table, {}).get(key) if table else raw.get(key)
        name = f"{table}.{key}" if table else key
        if not isinstance(value, kind) or isinstance(value, bool):
            kind_name = "number" if isinstance(kind, tuple) else kind.__name__
            raise DataFileError(path, name, f"missing or not a {kind_name}", f"set {name} = <{kind_name}>")
        if kind is not str and not low <= value <= high:
            raise DataFileError(path, name, f"{value} is out of range", f"use a value from {low} to {high}")
        return value

    return Settings(
        data_version=get("", "data_version", str, 0, 0),
        fuzzy_cutoff=float(get("fuzzy", "cutoff", int, 50, 100)),
        fuzzy_min_length=get("fuzzy", "min_length", int, 2, 20),
        fuzzy_max_length_difference=get("fuzzy", "max_length_difference", int, 0, 10),
        title_cutoff=float(get("fuzzy", "title_cutoff", int, 50, 100)),
        common_word_zipf=float(get("fuzzy", "common_word_zipf", float, 0, 8)),
        hedge_scope=get("context", "hedge_scope", int, 1, 50),
        negation_scope=get("context", "negation_scope", int, 1, 50),
        cue_window=get("context", "cue_window", int, 1, 20),
        max_years=get("experience", "max_years", int, 1, 80),
        credit={key: float(get("credit", key, (int, float), 0, 1)) for key in CREDIT_KEYS},
        bands=_bands(path, tuple((band, float(get("bands", band, (int, float), 0, 100))) for band in BANDS)),
        durations=_durations(path, raw.get("durations")),
        certification_learn=_certification_learn(path, raw.get("certification_learn", {})),
        reading=ReadingThresholds(
            long_run=get("reading", "long_run", int, 6, 40),
            glued_share=float(get("reading", "glued_share", (int, float), 0, 1)),
            glued_min_runs=get("reading", "glued_min_runs", int, 1, 1000),
            few_words_per_page=get("reading", "few_words_per_page", int, 0, 10_000),
        ),
        posting=_posting_settings(path, raw, get),
    )


POSTING_COMPONENTS = ("skills", "languages", "degree", "experience", "certifications")


def _posting_settings(path: Path, raw: dict, get) -> PostingSettings:
    weights = raw.get("posting", {}).get("weights")
    if not isinstance(weights, dict) or set(weights) != set(POSTING_COMPONENTS):
        raise DataFileError(path, "posting.weights", "missing or not one weight per component",
                            f"write `[posting.weights]` with {', '.join(POSTING_COMPONENTS)}")
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise DataFileError(path, f"posting.weights.{key}", f"is {value!r}", "set a number from 0 to 100")

    def share(key: str) -> float:
        return float(get("posting", key, (int, float), 0, 1))

    return PostingSettings(
        thin_below=get("posting", "thin_below", int, 0, 100),
        required_weight=float(get("posting", "required_weight", (int, float), 0.1, 100)),
        preferred_weight=float(get("posting", "preferred_weight", (int, float), 0.1, 100)),
        default_years=float(get("posting", "default_years", (int, float), 0.5, 40)),
        title_share=share("title_share"), unrelated_years=share("unrelated_years"),
        below_minimum=share("below_minimum"), minimum=share("minimum"), other_field=share("other_field"),
        unknown_field=share("unknown_field"), other_certification=share("other_certification"),
        weights={key: float(weights[key]) for key in POSTING_COMPONENTS})


def _certification_learn(path: Path, table: Any) -> dict[str, tuple[LearnLink, ...]]:
    if not isinstance(table, dict):
        raise DataFileError(path, "certification_learn", "is not a table",
                            "write `[certification_learn]` with one list of links per certification topic")
    errors: list[DataFileError] = []
    links = {topic: learn_links(value, f"certification_learn.{topic}",
                                lambda at, problem, fix: errors.append(DataFileError(path, at, problem, fix)))
             for topic, value in table.items()}
    if errors:
        raise DataFileErrors(errors)
    return links


def _durations(path: Path, table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        raise DataFileError(path, "durations", "missing or not a table",
                            f"add a [durations] table with {', '.join(DURATION_KEYS)}")
    unknown = set(table) - set(DURATION_KEYS)
    if unknown:
        raise DataFileError(path, "durations", f"unknown key(s) {sorted(unknown)}", f"use only {list(DURATION_KEYS)}")
    durations = {}
    for key in DURATION_KEYS:
        value = table.get(key)
        if value not in DURATIONS:
            raise DataFileError(path, f"durations.{key}", f"is {value!r}",
                                f"use one of {', '.join(repr(d) for d in DURATIONS)}")
        durations[key] = value
    return durations


BANDS = ("strong", "good", "partial")  # from the top; a score below the last is "weak"


def _bands(path: Path, bands: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
    for (higher, high), (lower, low) in zip(bands, bands[1:]):
        if high <= low:
            raise DataFileError(path, f"bands.{higher}", f"{high:g} is not above bands.{lower} = {low:g}",
                                "give each band a lower bound above the next band's")
    return bands
