"""The journal (OUT_DIR/.rolematch/journal.jsonl): every finished resume is appended at once, so an interrupted run
keeps what it did and a re-run only does what changed. Each resume is a pair of lines: its entry (the table rows,
small) and then its profile (the extract JSON, or `null` for an error)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

JOURNAL = Path(".rolematch") / "journal.jsonl"


@dataclass(frozen=True, slots=True)
class Failure:
    kind: str      # a ReadError kind, "timeout" or "data"
    message: str   # one line, naming the file


@dataclass(frozen=True, slots=True)
class Summary:
    """summary.csv's row of one resume, besides its name, hash, duplicate and report."""

    best_role: str | None           # None when no role reaches the band `partial`: none fits yet
    best_score: float | None        # the highest score, fit or not
    scores: dict[str, float]
    degree_level: str | None
    degree_field: str | None
    experience_years: float | None
    skills: int
    name: str | None = None         # the candidate's name; None when not found or with --redact
    bands: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()  # the document's reading warning codes (README, "Reading warnings")


@dataclass(frozen=True, slots=True)
class Entry:
    """One resume's outcome as the journal keeps it: what the outputs are built from."""

    file: str
    sha256: str                     # "" for a file refused unread (too large, unreadable)
    key: str                        # of the options and data versions that made it: another key is stale
    error: Failure | None = None
    results: tuple[dict, ...] = ()  # results.csv's rows, one per role, best first
    summary: Summary | None = None
    missing: dict[str, list[str]] | None = None  # per role: the skills the resume does not show at all
    report: str | None = None       # relative path of its HTML report

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: bytes | str) -> Entry:
        raw = json.loads(line)
        error = raw.get("error")
        summary = raw.get("summary")
        return cls(raw["file"], raw["sha256"], raw["key"], Failure(**error) if error else None,
                   tuple(raw.get("results") or ()), Summary(**summary) if summary else None, raw.get("missing"),
                   raw.get("report"))


class Seen(NamedTuple):
    """Where a file's latest usable entry starts in the journal, and what it says."""

    offset: int
    sha256: str
    error: Failure | None


def read_journal(path: Path, key: str) -> tuple[dict[str, Seen], int]:
    """The latest entry of each file made with `key`, and where the last complete pair ends: a pair cut short by a
    kill or a full disk is not read, and appending must start where it starts (see Journal.open)."""
    seen: dict[str, Seen] = {}
    if not path.exists():
        return seen, 0
    with path.open("rb") as handle:
        offset = 0
        while True:
            head, profile = handle.readline(), handle.readline()
            if not profile.endswith(b"\n"):
                break
            try:
                entry = Entry.from_json(head)
                if entry.key == key:
                    seen[entry.file] = Seen(offset, entry.sha256, entry.error)
            except (ValueError, KeyError, TypeError):
                pass
            offset += len(head) + len(profile)
    return seen, offset


class Journal:
    """The journal opened for appending; remembers where each file's latest entry starts, so that the outputs are
    built without reading the journal twice."""

    def __init__(self, handle: BinaryIO, seen: dict[str, Seen]) -> None:
        self.handle = handle
        self.offsets = {name: s.offset for name, s in seen.items()}

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path, seen: dict[str, Seen], complete: int) -> Iterator[Journal]:
        """The journal for appending, a torn last record (from a kill or a full disk) cut off first: otherwise the
        next pair would be glued to it and every later run would read the journal out of step. Its resume has no
        entry, so it is scored again."""
        with path.open("ab") as handle:
            if handle.tell() > complete:
                handle.truncate(complete)
                handle.seek(0, 2)  # appending goes on at the new end, and tell() must say so
            yield cls(handle, seen)

    def append(self, name: str, entry: str, profile: str) -> None:
        data = f"{entry}\n{profile}\n".encode("utf-8")  # one write: a pair is never split
        self.offsets[name] = self.handle.tell()
        self.handle.write(data)

    def flush(self) -> None:
        self.handle.flush()


def read_entry(handle: BinaryIO, offset: int) -> tuple[Entry, str]:
    """The entry and the profile line (with its newline) that start at `offset`."""
    handle.seek(offset)
    entry = Entry.from_json(handle.readline())
    return entry, handle.readline().decode("utf-8")
