"""Visible text of an HTML page (a saved job-board profile), parsed by lxml (libxml2's HTML parser).

Not the standard library's html.parser: on Python 3.11 it takes minutes over 150 kB of unclosed "<a " tags
(quadratic rescans). libxml2 is linear and recovers from broken markup as a browser would; it refuses to nest
deeper than 256 elements, which no saved page comes near, and that becomes its own error rather than lost text.
Scripts, styles and hidden elements are dropped; block elements end a line; table cells are joined with " | ".
"""

from __future__ import annotations

import re

from ..errors import ReadError

_BLOCK = frozenset("""address article aside blockquote body br caption center dd details dialog div dl dt fieldset
figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main nav ol p pre section summary table
tbody tfoot thead tr ul""".split())
_CELL = frozenset(("td", "th"))
# Never shown: code, metadata, icons, fallbacks for plugins
_INVISIBLE = frozenset(("script", "style", "head", "title", "template", "noscript", "svg", "math", "object",
                        "iframe", "canvas", "datalist", "audio", "video", "button", "select"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f]+")
MAX_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page (its start, not its name, decides)."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip() if "?>" in head else head
    while head.startswith("<!--") and "-->" in head:
        head = head[head.find("-->") + 3:].lstrip()
    return head.startswith(("<!doctype html", "<html", "<head", "<body"))


def html_text(source: str, text: str) -> str:
    """The text a browser shows, one line per block, whitespace collapsed as a browser does."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True)
    try:  # bytes with the encoding named: a page's own <meta charset> or XML declaration may lie
        root = lxml_html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except etree.ParserError:  # "Document is empty": nothing but markup that holds no element
        return ""
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(source, "corrupt", f"the HTML cannot be parsed ({str(exc)[:80]})") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise ReadError(source, "too-deep", f"the HTML nests elements over {MAX_DEPTH} deep: "
                                            "not a page a browser saved")
    lines: list[str] = []
    line: list[str] = []
    _walk(root, lines, line, pre=False)
    _break(lines, line, pre=False)
    return "\n".join(lines)


def _walk(element, lines: list[str], line: list[str], *, pre: bool) -> None:
    """Depth-first over the tree; recursion is bounded by the parser's 256 levels."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE or _hidden(element):
        return
    pre = pre or tag == "pre"
    block = tag in _BLOCK
    if block:
        _break(lines, line, pre=pre)
    elif tag in _CELL and element.getprevious() is not None:
        line.append(" | ")
    if element.text:
        line.append(element.text if pre else _SPACES.sub(" ", element.text))
    for child in element:
        _walk(child, lines, line, pre=pre)
        if child.tail:
            line.append(child.tail if pre else _SPACES.sub(" ", child.tail))
    if block:
        _break(lines, line, pre=pre)


def _break(lines: list[str], line: list[str], *, pre: bool) -> None:
    if not line:
        return
    text = "".join(line)
    line.clear()
    if pre:
        lines.extend(part.rstrip() for part in text.split("\n") if part.strip())
    elif text.strip():
        lines.append(" ".join(text.split()))


def _hidden(element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))
