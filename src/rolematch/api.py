"""The library's front door: read, extract, match and score. The CLI and the service are thin shells over this."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import RolematchError
from .models import Document, Profile, ScoreResult
from .read import read_bytes, read_document
from .resources import SKILLS_DIR, load_settings
from .roles import Role, load_roles, select_roles
from .taxonomy import load_taxonomy


def extract_document(document: Document, *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                     release_vocabulary: bool = True) -> Profile:
    """Extract a profile from a Document already read (read.read_bytes, read.read_document)."""
    from .extract.pipeline import extract_document as extract

    return extract(document, as_of=as_of, skills_dir=skills_dir, release_vocabulary=release_vocabulary)


def extract_text(text: str, source: str = "<text>", *, as_of: date | None = None,
                 skills_dir: Path = SKILLS_DIR) -> Profile:
    """Extract a profile from resume text (already decoded)."""
    return extract_document(Document(source, text, "str"), as_of=as_of, skills_dir=skills_dir)


def extract_file(path: str | Path, *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR) -> Profile:
    """Read and extract one file ("-" for stdin). Raises ReadError for a file that cannot be read."""
    return extract_document(read_document(path), as_of=as_of, skills_dir=skills_dir)


def extract_bytes(name: str, data: bytes, *, as_of: date | None = None, skills_dir: Path = SKILLS_DIR,
                  release_vocabulary: bool = True) -> Profile:
    """Read and extract a document from its bytes (an upload, a file shipped to a Dask worker)."""
    return extract_document(read_bytes(name, data), as_of=as_of, skills_dir=skills_dir,
                            release_vocabulary=release_vocabulary)


def extract_files(paths: Iterable[str | Path], *, as_of: date | None = None,
                  skills_dir: Path = SKILLS_DIR) -> Iterator[tuple[str, Profile | RolematchError]]:
    """Each path with its profile, or the error that stopped it; in the order given, in one extraction call."""
    from .extract.pipeline import extract_documents

    read: list[tuple[str, Document | RolematchError]] = []
    for path in paths:
        source = "<stdin>" if str(path) == "-" else str(path)
        try:
            read.append((source, read_document(path)))
        except RolematchError as exc:
            read.append((source, exc))
    documents = [d for _, d in read if isinstance(d, Document)]
    profiles = iter(extract_documents(documents, as_of=as_of, skills_dir=skills_dir))
    for source, item in read:
        yield source, next(profiles) if isinstance(item, Document) else item


def roles_for(role_ids: Iterable[str] = (), roles_dirs: Iterable[str | Path] = (),
              skills_dir: Path = SKILLS_DIR) -> list[Role]:
    """The roles to score against: all shipped and added roles, or the ones named."""
    roles = load_roles(skills_dir, tuple(Path(d) for d in roles_dirs))
    return select_roles(roles, tuple(role_ids))


def score_profile(profile: Profile, roles: list[Role], *, skills_dir: Path = SKILLS_DIR) -> ScoreResult:
    """Score a profile against roles; roles sorted by score, highest first (ties by id)."""
    from .match import ProfileIndex, match_role
    from .score import score_match

    taxonomy = load_taxonomy(skills_dir)
    settings = load_settings(skills_dir)
    index = ProfileIndex(profile, taxonomy)
    scores = [score_match(match_role(index, role, settings.title_cutoff), taxonomy) for role in roles]
    scores.sort(key=lambda s: (-s.score, s.id))
    return ScoreResult(profile.source, profile, tuple(scores))


def score_file(path: str | Path, *, role_ids: Iterable[str] = (), roles_dirs: Iterable[str | Path] = (),
               as_of: date | None = None, skills_dir: Path = SKILLS_DIR) -> ScoreResult:
    roles = roles_for(role_ids, roles_dirs, skills_dir)
    return score_profile(extract_file(path, as_of=as_of, skills_dir=skills_dir), roles, skills_dir=skills_dir)


def score_text(text: str, source: str = "<text>", *, role_ids: Iterable[str] = (),
               roles_dirs: Iterable[str | Path] = (), as_of: date | None = None,
               skills_dir: Path = SKILLS_DIR) -> ScoreResult:
    roles = roles_for(role_ids, roles_dirs, skills_dir)
    return score_profile(extract_text(text, source, as_of=as_of, skills_dir=skills_dir), roles, skills_dir=skills_dir)


def data_version(skills_dir: Path = SKILLS_DIR) -> str:
    return load_settings(skills_dir).data_version
