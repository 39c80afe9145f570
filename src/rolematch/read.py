"""Read a resume (a file, bytes or stdin) into a Document. The only place text is extracted, decoded and normalised.

The content decides the format, not the name: a PDF called resume.txt is read as a PDF, a binary file called
resume.txt is "not a text document". PDF (formats/pdf.py), DOCX (formats/docx.py), HTML (formats/html.py) and
plain text or Markdown (decoded here) all end as one string, `Document.text`, that every offset refers to.

Every failure is a ReadError(source, kind, reason) whose message is one line, "<source>: <reason>":

    unreadable      no such file, a directory, permission denied, a bad byte-order mark
    too-large       the file is over max_bytes (10 MB)
    too-long        the text is over max_chars (300,000), or a PDF over max_pages (50)
    line-too-long   one line is over max_line_chars (20,000): not a resume
    no-text         empty, or only whitespace
    not-text        binary bytes that are no known document format (NUL bytes, no encoding fits)
    no-text-layer   a PDF of pictures: "no text layer (scanned PDF?)"
    encrypted       a password-protected PDF or DOCX
    corrupt         a truncated or damaged PDF or DOCX
    too-deep        HTML that nests elements over 256 deep
    zip-bomb        a DOCX that unpacks to over max_unzipped_bytes (50 MB) or holds too many files
    unsupported     .doc, .rtf, .odt, images, other archives: "save as DOCX or PDF"
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
import unicodedata
from pathlib import Path

from .errors import ReadError
from .formats import Limits
from .models import Document, ReadingWarning
from .resources import load_settings

_DEFAULTS = Limits()
MAX_BYTES = _DEFAULTS.max_bytes
MAX_CHARS = _DEFAULTS.max_chars
MAX_LINE_CHARS = _DEFAULTS.max_line_chars
MAX_PAGES = _DEFAULTS.max_pages
MAX_UNZIPPED_BYTES = _DEFAULTS.max_unzipped_bytes

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of legacy Office files, and of encrypted DOCX
_UNSUPPORTED_MAGIC = (  # known formats that are not resumes rolematch can read
    (b"{\\rtf", "RTF"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
)
_LEGACY_SUFFIXES = {".doc": "legacy Word .doc", ".rtf": "RTF", ".odt": "OpenDocument text .odt",
                    ".wps": "Microsoft Works .wps", ".pages": "Apple Pages"}
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SAVE_AS = "save as DOCX or PDF"

# Shapes of the same letters a PDF or a word processor leaves in the text; none of them may split a word
_TIDY = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u00ad": None, "\u200b": None, "\u2060": None, "\ufeff": None, "\u200e": None, "\u200f": None,
    **{ch: " " for ch in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"},
    **{ch: "\n" for ch in "\u2028\u2029\x0b\x0c\x85"},
    **{chr(c): None for c in (*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f)},
    # Symbol and Wingdings glyphs reach the text as private-use characters: nearly always bullets
    **{chr(c): "•" for c in range(0xF021, 0xF100)}, "\uf020": " ",
})
_BLANK_RUNS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS,
                  max_line_chars: int = MAX_LINE_CHARS, max_pages: int = MAX_PAGES,
                  max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> Document:
    """Read PATH ("-" for stdin) and extract its text; raise ReadError naming the file and the reason."""
    return read_path(path, Limits(max_bytes=max_bytes, max_chars=max_chars, max_line_chars=max_line_chars,
                                  max_pages=max_pages, max_unzipped_bytes=max_unzipped_bytes))


def read_path(path: str | Path, limits: Limits = _DEFAULTS) -> Document:
    """read_document with the limits as one object."""
    if str(path) == "-":
        return read_source("<stdin>", sys.stdin.buffer.read(limits.max_bytes + 1), limits)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise too_large(str(path), size, limits.max_bytes)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "unreadable", "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "unreadable", "is a directory, not a file") from None
    except PermissionError:
        raise ReadError(str(path), "unreadable", "permission denied") from None
    except OSError as exc:
        raise ReadError(str(path), "unreadable", exc.strerror or "cannot be read") from None
    return read_source(str(path), data, limits)


def too_large(source: str, size: int, max_bytes: int = MAX_BYTES) -> ReadError:
    """The error for a file refused from its size alone, before it is read."""
    return ReadError(source, "too-large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")


def read_bytes(source: str, data: bytes, *, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS,
               max_line_chars: int = MAX_LINE_CHARS, max_pages: int = MAX_PAGES,
               max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> Document:
    """Extract the text of a document given as bytes; SOURCE names it in errors (its suffix hints at HTML)."""
    return read_source(source, data, Limits(max_bytes=max_bytes, max_chars=max_chars, max_line_chars=max_line_chars,
                                            max_pages=max_pages, max_unzipped_bytes=max_unzipped_bytes))


def read_text(source: str, text: str, limits: Limits = _DEFAULTS) -> Document:
    """A resume pasted as text, read exactly as a UTF-8 file of the same text would be (the same HTML detection,
    tidying and limits), so that the same words give the same result through every door. A lone surrogate (which
    JSON allows) becomes "?"."""
    return read_source(source, text.encode("utf-8", "replace"), limits)


def read_source(source: str, data: bytes, limits: Limits = _DEFAULTS) -> Document:
    """read_bytes with the limits as one object."""
    if len(data) > limits.max_bytes:
        raise ReadError(source, "too-large", f"over the {limits.max_bytes:,}-byte limit")
    text, encoding = _extract(source, data, limits)
    pages, column_pages = 1, 0
    if not isinstance(text, str):  # a PDF: its text, pages and columns
        text, pages, column_pages = text.text, text.pages, text.column_pages
    normalised = normalise_newlines(text)
    # Text far over the limit is refused by _finish: spare it ftfy's pass (about 0.3 ms per thousand characters)
    repaired = repair_mojibake(normalised) if len(normalised) <= 2 * limits.max_chars else normalised
    text = _finish(source, repaired, limits, tidy_layout=encoding in ("pdf", "docx") or encoding.startswith("html"))
    return Document(source=source, text=text, encoding=encoding, pages=pages,
                    warnings=_reading_warnings(text, encoding, pages, column_pages, repaired != normalised))


def _reading_warnings(text: str, encoding: str, pages: int, column_pages: int,
                      repaired: bool) -> tuple[ReadingWarning, ...]:
    """What the reader noticed, by the thresholds of skills/config.toml [reading]."""
    reading = load_settings().reading
    warnings = []
    if repaired:
        warnings.append(ReadingWarning("mojibake-repaired", "garbled characters (such as \u201cÂ·\u201d for "
                                                             "\u201c·\u201d) were repaired"))
    if column_pages:
        warnings.append(ReadingWarning("columns-detected", f"{column_pages} of {pages} pages are laid out in columns,"
                                                           " read one column after the other"))
    if encoding == "pdf":
        words = len(_WORDS.findall(text))
        if words < reading.few_words_per_page * pages:
            warnings.append(ReadingWarning("few-words", f"its text layer holds only {words:,} words on {pages:,} "
                                                        f"{'page' if pages == 1 else 'pages'}: it may be scanned"))
    return tuple(warnings)


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _extract(source: str, data: bytes, limits: Limits):
    """The raw text (for a PDF, a PdfText) and how it was got: "pdf", "docx", "html:<encoding>" or the text
    encoding."""
    if b"%PDF-" in data[:1024]:  # readers accept junk before the header, and so do we
        from .formats.pdf import pdf_read

        return pdf_read(source, data, limits), "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        from .formats.docx import docx_text, zip_kind

        kind = zip_kind(data)
        if kind == "odt":
            raise ReadError(source, "unsupported", f"unsupported format (OpenDocument text .odt): {_SAVE_AS}")
        if kind == "zip":
            raise ReadError(source, "unsupported", f"unsupported format (a ZIP archive, not a Word document): "
                                                   f"{_SAVE_AS}")
        return docx_text(source, data, limits), "docx"
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:  # Word keeps a password-protected .docx in this box
            raise ReadError(source, "encrypted", "the Word document is password-protected: "
                                                 "save a copy without a password")
        what = "legacy Word .doc" if "WordDocument".encode("utf-16-le") in data else "a legacy Office file"
        raise ReadError(source, "unsupported", f"unsupported format ({what}): {_SAVE_AS}")
    for magic, what in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise ReadError(source, "unsupported", f"unsupported format ({what}): {_SAVE_AS}")
    suffix = Path(source).suffix.lower()
    try:
        text, encoding = decode(source, data)
    except ReadError as exc:
        if exc.kind == "not-text" and suffix in _LEGACY_SUFFIXES:
            raise ReadError(source, "unsupported", f"unsupported format ({_LEGACY_SUFFIXES[suffix]}): "
                                                   f"{_SAVE_AS}") from None
        if exc.kind == "not-text" and suffix in (".pdf", ".docx"):
            raise ReadError(source, "corrupt", f"not a {suffix[1:].upper()} file inside (damaged or misnamed?): "
                                               "save or download it again") from None
        raise
    from .formats.html import looks_like_html

    if suffix in _HTML_SUFFIXES or looks_like_html(text):
        from .formats.html import html_text

        return html_text(source, normalise_newlines(text)), f"html:{encoding}"
    return text, encoding


def _finish(source: str, text: str, limits: Limits, *, tidy_layout: bool) -> str:
    """Normalise what every format shares, then apply the limits to the text as the pipeline will see it."""
    text = tidy(text)
    if tidy_layout:  # extracted text: no trailing spaces, at most one blank line in a row
        text = _BLANK_RUNS.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip("\n") + "\n"
    if not text.strip():
        raise ReadError(source, "no-text", "the document is empty or holds only whitespace")
    if len(text) > limits.max_chars:
        raise ReadError(source, "too-long", f"the text is {len(text):,} characters, over the "
                                            f"{limits.max_chars:,}-character limit (is it one resume?)")
    if len(text) > limits.max_line_chars:
        for number, line in enumerate(text.split("\n"), 1):
            if len(line) > limits.max_line_chars:
                raise ReadError(source, "line-too-long", f"line {number} is {len(line):,} characters long, over the "
                                                         f"{limits.max_line_chars:,}-character limit (is it a resume?)")
    return text


@functools.lru_cache(maxsize=1)
def _mojibake_only():
    """ftfy's settings for undoing mojibake and nothing else: quotes stay curly, ligatures, widths, HTML entities,
    control characters and the Unicode form are left to tidy() (or kept as written)."""
    import ftfy  # imported late: only text with non-ASCII characters can hold mojibake

    return ftfy, ftfy.TextFixerConfig(unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                                      fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                                      fix_surrogates=False, remove_control_chars=False, normalization=None,
                                      explain=False)


def repair_mojibake(text: str) -> str:
    """UTF-8 read as cp1252 or latin-1 somewhere before rolematch ("Â·" -> "·", "â€™" -> "’", "Ã©" -> "é"), as
    ftfy judges it: text that is already right ("Résumé", "naïve", Hindi, Chinese) is left as it is."""
    if text.isascii() or not _MOJIBAKE_LEAD.search(text):
        return text
    ftfy, config = _mojibake_only()  # line by line as ftfy works, sparing it the lines that cannot hold mojibake
    return "\n".join(ftfy.fix_text(line, config) if _MOJIBAKE_LEAD.search(line) else line
                     for line in text.split("\n"))


# UTF-8 read as cp1252 or latin-1 opens each misread character with the reading of a UTF-8 lead byte, 0xC2-0xF4:
# "Â", "Ã", "â" ... A text without one holds no such mojibake ("•", "–" and Hindi alone are left to themselves).
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4]")


def tidy(text: str) -> str:
    """NFC; ligatures to letters (ﬁ -> fi); soft hyphens, zero-width marks and control characters out; odd spaces
    to spaces; private-use bullets to •. Lengths may change: offsets refer to the tidied text."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return text.translate(_TIDY)
    return text.translate(_TIDY) if _CONTROL.search(text) else text


def decode(source: str, data: bytes) -> tuple[str, str]:
    """Decode bytes: a BOM wins, then strict UTF-8, then UTF-8 line by line when only a few lines are not UTF-8,
    then charset-normalizer's best guess for the whole file (cp1252, latin-1 ...)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError(source, "unreadable", f"starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return utf16
        raise ReadError(source, "not-text", "not a text document (it holds NUL bytes: is it a binary file?)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed:
        return mixed
    from charset_normalizer import from_bytes  # imported late: only legacy encodings need it

    best = from_bytes(data).best()
    if best is None:
        raise ReadError(source, "not-text", "not a text document (no text encoding fits its bytes)")
    if best.encoding in _SINGLE_BYTE_LATIN:
        # A short English resume gives charset-normalizer little to go on between the Latin code pages: it may say
        # cp1250 and read "Naïve" as "Naďve". Windows' Western code page is the one resumes are written in.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined: trust the guess
            pass
    return str(best), best.encoding


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """A UTF-8 file with a few lines pasted from a legacy document: each line in its own encoding.

    Decoded whole as a legacy code page, its "Résumé" would become "R√©sum√©". Taken only when some line holds
    valid non-ASCII UTF-8 (a legacy file's accented lines almost never do) and the lines that are not UTF-8 hold
    under half of the bytes; they are read as cp1252, or, when cp1252 leaves a byte undefined, in the encoding
    charset-normalizer guesses from those lines together. None: decode the file whole."""
    lines = data.splitlines(keepends=True)  # \r and \n never occur inside a UTF-8 sequence
    decoded: list[str | None] = []
    utf8_evidence = False
    legacy_bytes = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            decoded.append(None)
            legacy_bytes += len(line)
            continue
        utf8_evidence = utf8_evidence or not text.isascii()
        decoded.append(text)
    if not utf8_evidence or legacy_bytes * 2 >= len(data):
        return None
    encodings = {"cp1252"}
    undefined: list[int] = []
    for number, text in enumerate(decoded):
        if text is None:
            try:
                decoded[number] = lines[number].decode("cp1252")
            except UnicodeDecodeError:
                undefined.append(number)
    if undefined:
        from charset_normalizer import from_bytes

        best = from_bytes(b"\n".join(lines[number] for number in undefined)).best()
        if best is None:
            return None
        for number in undefined:
            try:
                text = lines[number].decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                return None
            body = lines[number].rstrip(b"\r\n")
            ending = lines[number][len(body):].decode("ascii")
            if not text.endswith(ending) or any(ch in text[:len(text) - len(ending)] for ch in "\r\n\x00"):
                return None  # a multi-byte guess (UTF-16 ...) that runs over the line's end: not these lines'
            decoded[number] = text
        encodings.add(best.encoding)
    return "".join(decoded), "utf-8+" + "+".join(sorted(encodings))  # type: ignore[arg-type]


_SINGLE_BYTE_LATIN = frozenset({"cp1250", "cp1252", "cp1254", "cp1257", "cp775", "cp850", "cp852", "cp858",
                                "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10",
                                "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_latin2", "mac_roman",
                                "mac_iceland", "mac_turkish"})


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Notepad's "Unicode" without its BOM: every other byte of Latin text is NUL."""
    head = data[:400]
    if len(data) % 2 or len(head) < 8:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) == len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if "\x00" not in text else None
    return None


def normalise_newlines(text: str) -> str:
    """\r\n and lone \r become \n, so line numbers and offsets mean the same on every platform."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
