"""DOCX text with python-docx: paragraphs and tables in order, text boxes, each header and footer once.

The archive is checked before python-docx sees it: python-docx unpacks every part into memory, so a zip bomb
must be caught on the declared sizes and then on the bytes actually inflated.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib

from ..errors import ReadError
from . import Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN_TYPES = {  # python-docx's Document() takes only the first; a macro file or a template reads the same
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
# Not shown on the page: deleted revisions, moved-away text, field codes, properties, the legacy copy of a text box
_SKIP = {_W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "rPr", _W + "pPr",
         _W + "fldData", _MC + "Fallback", _W + "commentReference", _W + "footnoteReference"}
_SHORT_CELL = 80  # a table row of short one-line cells is data ("M.Sc. | Hyderabad | 2020"): one line
# What unpacking a damaged archive raises: bad CRC, bad deflate/LZMA/bzip2 data, unknown method, encrypted member
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, OSError, ValueError, EOFError,
               NotImplementedError, RuntimeError)


def zip_kind(data: bytes) -> str:
    """What a ZIP archive holds: "docx", "odt" (OpenDocument), or "zip" (something else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names or "[Content_Types].xml" in names and any(
                    n.startswith("word/") for n in names):
                return "docx"
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                if archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                    return "odt"
    except _ZIP_ERRORS:
        return "docx"  # a damaged archive: check_archive says so in DOCX terms
    return "zip"


def check_archive(source: str, data: bytes, limits: Limits) -> None:
    """Refuse a damaged archive or a zip bomb before anything unpacks it for real."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise ReadError(source, "corrupt", f"the DOCX is damaged or truncated ({_reason(exc)}): "
                                           "save or download it again") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise ReadError(source, "zip-bomb", f"the DOCX holds {len(entries):,} files, over the "
                                                f"{limits.max_zip_entries:,}-file limit (a zip bomb?)")
        declared = sum(entry.file_size for entry in entries)
        if declared > limits.max_unzipped_bytes:
            raise ReadError(source, "zip-bomb", f"the DOCX unpacks to {declared:,} bytes, over the "
                                                f"{limits.max_unzipped_bytes:,}-byte limit (a zip bomb?)")
        inflated = tags = 0
        for entry in entries:  # the declared sizes can lie: count what actually comes out
            try:
                with archive.open(entry) as member:
                    while chunk := member.read(1 << 16):
                        inflated += len(chunk)
                        if inflated > limits.max_unzipped_bytes:
                            raise ReadError(source, "zip-bomb", f"the DOCX unpacks to over "
                                                                f"{limits.max_unzipped_bytes:,} bytes, more than its "
                                                                "listing declares (a zip bomb?)")
                        if entry.filename.endswith((".xml", ".rels")):
                            tags += chunk.count(b"<")  # what the XML parser would build, counted before it does
                            if tags > limits.max_xml_tags:
                                raise ReadError(source, "too-complex", f"the DOCX holds over {limits.max_xml_tags:,} "
                                                                       "XML tags, far more than a resume "
                                                                       "(is it a resume?)")
            except _ZIP_ERRORS as exc:
                raise ReadError(source, "corrupt", f"the DOCX is damaged or truncated ({entry.filename}: "
                                                   f"{_reason(exc)}): save or download it again") from None


def _reason(exc: Exception) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__


def docx_text(source: str, data: bytes, limits: Limits) -> str:
    """Headers (once each), the body in order, footers (once each)."""
    check_archive(source, data, limits)
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package
    from lxml import etree

    try:
        package = Package.open(io.BytesIO(data))
        main = package.main_document_part
        if main.content_type not in _MAIN_TYPES:
            raise ReadError(source, "unsupported", f"unsupported format ({main.content_type}): save as DOCX or PDF")
        body = _element(main).find(_W + "body")
        if body is None:
            raise ReadError(source, "corrupt", "the DOCX has no document body: save it again from Word")
        headers, footers = _headers_and_footers(main, body)
        lines = [*headers, *_blocks(body), *footers]
    except (PackageNotFoundError, KeyError, etree.XMLSyntaxError, AttributeError, TypeError, IndexError,
            *_ZIP_ERRORS) as exc:  # missing parts, broken XML (or too deep for libxml2) ...
        raise ReadError(source, "corrupt", f"the DOCX is damaged ({_reason(exc)[:200]}): save it again from Word") \
            from None
    return "\n".join(lines)


def _element(part):
    from docx.oxml.parser import parse_xml

    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)  # a content type python-docx does not model


def _headers_and_footers(main, body) -> tuple[list[str], list[str]]:
    """Every distinct header and footer text, in the order the sections name them (default, first, even)."""
    found: dict[str, list[str]] = {"headerReference": [], "footerReference": []}
    seen_parts: set[str] = set()
    seen_texts: set[tuple[str, ...]] = set()
    for reference in body.iter(_W + "headerReference", _W + "footerReference"):
        rel = main.rels.get(reference.get(_R_ID))
        if rel is None or rel.is_external or str(rel.target_part.partname) in seen_parts:
            continue
        seen_parts.add(str(rel.target_part.partname))
        lines = tuple(line for line in _blocks(_element(rel.target_part)) if line.strip())
        if lines and lines not in seen_texts:  # a first-page header is often the default one again
            seen_texts.add(lines)
            found[reference.tag[len(_W):]].extend(lines)
    return found["headerReference"], found["footerReference"]


def _blocks(container) -> list[str]:
    """The lines of a body, cell, header or text box: paragraphs and tables in document order."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            text, boxes = _paragraph(child)
            lines.append(text)
            for box in boxes:
                lines.extend(_blocks(box))
        elif tag == _W + "tbl":
            lines.extend(_table(child))
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo"):
            lines.extend(_blocks(child))
    return lines


def _table(table) -> list[str]:
    lines: list[str] = []
    for row in _children(table, _W + "tr"):
        cells = [_blocks(cell) for cell in _children(row, _W + "tc") if not _continues_merge(cell)]
        cells = [cell for cell in ([line for line in cell if line.strip()] for cell in cells) if cell]
        if all(len(cell) == 1 and len(cell[0]) <= _SHORT_CELL for cell in cells):
            if cells:
                lines.append(" | ".join(cell[0].strip() for cell in cells))
        else:  # a layout table (a sidebar and a main column): each cell's text as a block, left to right
            for cell in cells:
                lines.extend(cell)
    return lines


def _children(element, tag: str):
    """Direct children with this tag, looking through content controls that wrap rows or cells."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children(child, tag)


def _continues_merge(cell) -> bool:
    merge = cell.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(_W + "val", "continue") == "continue"


def _paragraph(paragraph) -> tuple[str, list]:
    """A paragraph's visible text, and the text boxes anchored in it (read after it)."""
    out: list[str] = []
    boxes: list = []
    _inline(paragraph, out, boxes)
    return "".join(out), boxes


def _inline(element, out: list[str], boxes: list) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":  # a Symbol or Wingdings glyph, often a bullet; read.py maps the private-use ones
            out.append(_symbol(child.get(_W + "char", "")))
        elif tag == _W + "r":
            if not _hidden(child):
                _inline(child, out, boxes)
        elif tag.endswith("}txbxContent"):
            boxes.append(child)
        else:  # hyperlinks, inserted revisions, fields, content controls, drawings and their text boxes ...
            _inline(child, out, boxes)


def _symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    return chr(value) if 0x20 <= value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""


def _hidden(run) -> bool:
    """Hidden text (w:vanish) is not on the page; resumes use it to stuff keywords."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(_W + "val", "true") not in ("0", "false", "off")
