"""Every error rolematch raises on purpose. Each message names the file and says what to do. Each pickles as it was
made (`__reduce__`): a worker process raises it in the caller's process (rolematch.isolate)."""

from __future__ import annotations

from pathlib import Path


class RolematchError(Exception):
    """Base class: the CLI turns these into a one-line message, never a traceback."""

    kind = "error"


class ReadError(RolematchError):
    """A document that cannot be read as a resume."""

    def __init__(self, source: str, kind: str, reason: str) -> None:
        self.source = source
        self.kind = kind
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self):
        return type(self), (self.source, self.kind, self.reason)


class DataFileError(RolematchError):
    """A broken file under skills/ (or a user's --roles-dir)."""

    kind = "data"

    def __init__(self, path: Path | str, entry: str, problem: str, fix: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.problem, self.fix = problem, fix
        super().__init__(f"{path}: {entry}: {problem}. Fix: {fix}")

    def __reduce__(self):
        return type(self), (self.path, self.entry, self.problem, self.fix)


class DataFileErrors(RolematchError):
    """Several broken entries of one or more data files, reported together."""

    kind = "data"

    def __init__(self, errors: list[DataFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

    def __reduce__(self):
        return type(self), (self.errors,)


class UnknownRoleError(RolematchError):
    kind = "usage"

    def __init__(self, role_id: str, known: list[str], suggestion: str | None) -> None:
        self.role_id, self.known, self.suggestion = role_id, known, suggestion
        hint = f"did you mean {suggestion!r}?" if suggestion else "run `rolematch roles list`"
        super().__init__(f"unknown role {role_id!r}. Fix: {hint} (known: {', '.join(known)})")

    def __reduce__(self):
        return type(self), (self.role_id, self.known, self.suggestion)
