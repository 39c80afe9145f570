"""Read a resume file (or stdin) into a Document. The only place text is decoded and normalised."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from .errors import ReadError
from .models import Document

MAX_BYTES = 10 * 1024 * 1024
# The type is decided by content, not by the name: a PDF called resume.txt is still a PDF.
_MAGIC = ((b"%PDF-", "PDF"), (b"PK\x03\x04", "DOCX/ZIP"), (b"\xd0\xcf\x11\xe0", "legacy Word (.doc)"),
          (b"{\\rtf", "RTF"))
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read PATH ("-" for stdin) and decode it; raise ReadError naming the file and the reason."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return read_bytes("<stdin>", data, max_bytes=max_bytes)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(str(path), "too-large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "unreadable", "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "unreadable", "is a directory, not a file") from None
    except PermissionError:
        raise ReadError(str(path), "unreadable", "permission denied") from None
    except OSError as exc:
        raise ReadError(str(path), "unreadable", exc.strerror or "cannot be read") from None
    return read_bytes(str(path), data, max_bytes=max_bytes)


def read_bytes(source: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> Document:
    if len(data) > max_bytes:
        raise ReadError(source, "too-large", f"over the {max_bytes:,}-byte limit")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReadError(source, "unsupported", f"unsupported format ({kind}): save the resume as plain text (.txt or .md)")
    text, encoding = decode(source, data)
    text = normalise_newlines(text)
    if not text.strip():
        raise ReadError(source, "no-text", "the document is empty or holds only whitespace")
    return Document(source=source, text=text, encoding=encoding)


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM wins, then strict UTF-8, then charset-normalizer's best guess (cp1252, latin-1 ...)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError(source, "unreadable", f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    if b"\x00" in data:
        raise ReadError(source, "not-text", "not a text document (it holds NUL bytes: is it a binary file?)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: only legacy encodings need it

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(source, "not-text", "not a text document (no text encoding fits its bytes)")
    return str(best), best.encoding


def normalise_newlines(text: str) -> str:
    """\r\n and lone \r become \n, so line numbers and offsets mean the same on every platform."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
