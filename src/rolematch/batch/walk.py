"""Walking the input folder: which files are resumes to score, what each is called in the outputs, and what was
skipped and why."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections import Counter
from pathlib import Path

# Resume formats, and the legacy ones a student may still send: those become error rows that say how to fix them.
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".pdf", ".docx", ".html", ".htm",
                                ".doc", ".rtf", ".odt"})


def find_resumes(input_dir: Path, pattern: str = "*",
                 exclude: Path | None = None) -> tuple[list[tuple[str, Path]], Counter]:
    """(name, path) of every supported file under input_dir, sorted by name; and what was skipped, by reason. The
    name is the path relative to input_dir as text every output can hold (see display_name). `pattern` is matched
    against the file name, or against the relative path if it holds a "/" ("*" then crosses folders too).
    `exclude` is a folder not to enter: the batch's own output folder when it sits inside the input."""
    root = input_dir.resolve()
    exclude = _resolved(exclude) if exclude is not None else None
    found, skipped = [], Counter()

    def unreadable(error: OSError) -> None:  # a folder that cannot be listed: counted, never a traceback
        skipped["unreadable folder"] += 1

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        kept = []
        for d in dirs:
            link = (here / d).is_symlink()
            if d.startswith("."):
                skipped["hidden"] += 1
            elif link and _resolved(here / d) is None:
                skipped["symlink loop"] += 1
            elif link and not _inside(here / d, root):
                skipped["symlink outside the folder"] += 1
            elif exclude is not None and _resolved(here / d) == exclude:
                skipped["the output folder"] += 1
            else:
                kept.append(d)
        dirs[:] = sorted(kept)
        for name in sorted(files):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if name.startswith("."):
                skipped["hidden" if not name.startswith(".#") else "editor temporary file"] += 1
            elif name.startswith("~$") or name.endswith("~") or (name.startswith("#") and name.endswith("#")):
                skipped["editor temporary file"] += 1
            elif path.is_symlink() and _resolved(path) is None:
                skipped["symlink loop"] += 1
            elif path.is_symlink() and not _inside(path, root):
                skipped["symlink outside the folder"] += 1
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped["not a resume format"] += 1
            elif not fnmatch.fnmatch(relative if "/" in pattern else name, pattern):
                skipped["not matched by --glob"] += 1
            elif path.exists() and not path.is_file():  # a pipe or a device would block the run
                skipped["not a regular file"] += 1
            else:
                found.append((relative, path))
    return _named(found), skipped


def _named(found: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """Each relative path as its display name, sorted; an escaped name that another file has as its own (a file
    literally called "caf\\xe9.txt") gets a number, so that no two files share a name."""
    names = {relative for relative, _ in found if display_name(relative) == relative}
    named = []
    for relative, path in sorted(found):
        name = display_name(relative)
        if name != relative:
            stem, dot, suffix = name.rpartition(".")
            number = 1
            while name in names:
                number += 1
                name = f"{stem} ({number}){dot}{suffix}" if dot else f"{name} ({number})"
            names.add(name)
        named.append((name, path))
    named.sort()
    return named


def display_name(relative: str) -> str:
    """A relative path as text that every output can hold: bytes that are not UTF-8 and control characters
    escaped as \\xff and \\x1b; any other file name is itself."""
    text = relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _resolved(path: Path) -> Path | None:
    """The real path, or None for a symlink loop (Python 3.11 raises RuntimeError for one, later ones OSError)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _inside(path: Path, root: Path) -> bool:
    real = _resolved(path)
    return real is not None and real.is_relative_to(root)


def report_name(relative: str) -> str:
    """A safe, unique file name for a resume's report: no separators, no "..", no control characters, bounded."""
    stem = Path(relative).stem
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "resume"
    digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{slug[:60]}-{digest}.html"
