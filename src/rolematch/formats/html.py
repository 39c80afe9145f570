"""Visible text of an HTML page (a saved job-board profile), parsed by lxml (libxml2's HTML parser).

Not the standard library's html.parser: on Python 3.11 it takes minutes over 150 kB of unclosed "<a " tags
(quadratic rescans). libxml2 is linear and recovers from broken markup as a browser would; it refuses to nest
deeper than 256 elements, which no saved page comes near, and that becomes its own error rather than lost text.
Scripts, styles and hidden elements are dropped; block elements end a line; table cells are joined with " | ".

Hidden means the `hidden` attribute, an inline `display: none` or `visibility: hidden`/`collapse`, or the same
set by a rule of the page's own `<style>` blocks, so that keywords hidden behind a class are not credited. Those
rules are judged, not guessed: read with a small linear scanner (comments and strings out, then brace by brace),
at most MAX_RULES rules, and only for selectors made of one compound each (`p`, `.k`, `#id`, `p.k.x`, `*.k`, and
lists of these such as `.a, .b`). Rules for the same element compete by `!important`, specificity and order, as
in a browser, so `.k{display:none} p.k{display:block}` shows the paragraph. Ignored rather than guessed:
descendant and child combinators, attribute selectors, pseudo-classes and pseudo-elements, escaped names,
`@supports` and other conditional blocks, `@media` for anything but `screen` or `all` (a print style is not
what the screen shows), `<style media=print>`, and linked style sheets (nothing is fetched). Class and id
names match case-sensitively, as in a standards-mode page. A visible child of an element hidden with
`visibility: hidden` is dropped with it.
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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\n\r\f]+")
MAX_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE
MAX_RULES = 2_000  # style rules read from one page; a resume's page has tens
_MAX_PER_KEY = 16  # selectors filed under one class, id or tag: bounds the checks one element costs

_CSS_STRING = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'')  # an unclosed quote stops at the line's end: linear
_CSS_BRACE = re.compile(r"[{}]")  # not "([^{}]*)([{}])": with no brace left, that rescans to the end from each place
_SELECTOR = re.compile(r"[-\w.#*]+")  # anything else (space, >, +, ~, [, :, \\) is a selector not judged
_SELECTOR_PART = re.compile(r"[.#]?[^.#]*")
_NAME = re.compile(r"-?[_a-zA-Z\u00a0-\U0010ffff][-\w]*")
_SCREEN_MEDIA = frozenset(("", "all", "screen", "only all", "only screen"))


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page (its start, not its name, decides)."""
    head = text[:1024].lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<?xml"):
        head = head[head.find("?>") + 2:].lstrip() if "?>" in head else head
    while head.startswith("<!--") and "-->" in head:
        head = head[head.find("-->") + 3:].lstrip()
    return head.startswith(("<!doctype html", "<html", "<head", "<body"))


# A start tag and what it holds up to its ">": its attributes, counted before libxml2, which is quadratic in the
# attributes of one element (80,000 took 93 s), sees them.
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*")
MAX_ATTRIBUTES = 1_000  # of one element: a page a browser saved has a handful, rarely dozens


def html_text(source: str, text: str) -> str:
    """The text a browser shows, one line per block, whitespace collapsed as a browser does."""
    from lxml import etree
    from lxml import html as lxml_html

    for tag in _START_TAG.finditer(text):
        if tag.end() - tag.start() > MAX_ATTRIBUTES and tag.group().count("=") > MAX_ATTRIBUTES:
            raise ReadError(source, "too-complex", f"an HTML element holds over {MAX_ATTRIBUTES:,} attributes: "
                                                   "not a page a browser saved")

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
    rules = _style_rules(root)
    lines: list[str] = []
    line: list[str] = []
    _walk(root, lines, line, pre=False, rules=rules)
    _break(lines, line, pre=False)
    return "\n".join(lines)


def _walk(element, lines: list[str], line: list[str], *, pre: bool, rules: _StyleRules | None) -> None:
    """Depth-first over the tree; recursion is bounded by the parser's 256 levels."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE or _hidden(element) or (rules is not None and tag and rules.hides(tag, element)):
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
        _walk(child, lines, line, pre=pre, rules=rules)
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


# --- the page's own style rules ------------------------------------------------------------------------------

class _StyleRules:
    """display and visibility declarations of simple selectors, filed under the selector's first class, else its
    id, else its tag, else "*", so that an element looks up only the few that can match it."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[tuple[str | None, frozenset[str], frozenset[str], tuple]]] = {}
        self.hiding = False  # no rule hides anything: nothing to look up

    def add(self, selector: str, declarations: list[tuple[str, str, bool]], order: int) -> None:
        compound = _compound(selector)
        if compound is None:
            return
        tag, ids, classes = compound
        key = (("class", min(classes)) if classes else ("id", min(ids)) if ids else ("tag", tag) if tag
               else ("*", ""))
        filed = self.by_key.setdefault(key, [])
        if len(filed) >= _MAX_PER_KEY:
            return
        specificity = (len(ids), len(classes), 1 if tag else 0)
        for prop, value, important in declarations:
            hides = _hides(prop, value)
            self.hiding = self.hiding or hides
            filed.append((tag, ids, classes, (prop, (important, specificity, order), hides)))

    def hides(self, tag: str, element) -> bool:
        if not self.hiding:
            return False
        classes = frozenset((element.get("class") or "").split())
        element_id = element.get("id")
        keys = [("class", name) for name in classes]
        keys += [("id", element_id), ("tag", tag), ("*", "")] if element_id else [("tag", tag), ("*", "")]
        winners: dict[str, tuple[tuple, bool]] = {}  # property -> (rank, hides)
        for prop, value, important in _declarations(element.get("style") or ""):  # beats any selector
            hides = _hides(prop, value)
            rank = (important, (MAX_RULES, 0, 0), 0)
            if prop not in winners or rank > winners[prop][0]:
                winners[prop] = (rank, hides)
        for key in keys:
            for rule_tag, ids, rule_classes, (prop, rank, hides) in self.by_key.get(key, ()):
                if ((rule_tag is None or rule_tag == tag) and rule_classes <= classes
                        and (not ids or ids == {element_id})
                        and (prop not in winners or rank > winners[prop][0])):
                    winners[prop] = (rank, hides)
        return any(hides for _, hides in winners.values())


def _hides(prop: str, value: str) -> bool:
    return value == "none" if prop == "display" else value in ("hidden", "collapse")


def _compound(selector: str) -> tuple[str | None, frozenset[str], frozenset[str]] | None:
    """(tag, ids, classes) of a selector such as "p.k#x", or None for one not judged."""
    if not _SELECTOR.fullmatch(selector):
        return None
    tag = None
    ids: set[str] = set()
    classes: set[str] = set()
    for number, part in enumerate(_SELECTOR_PART.findall(selector)):
        if not part:
            continue
        if part[0] == ".":
            if not _NAME.fullmatch(part[1:]):
                return None
            classes.add(part[1:])
        elif part[0] == "#":
            if not _NAME.fullmatch(part[1:]):
                return None
            ids.add(part[1:])
        elif number == 0 and part == "*":
            pass
        elif number == 0 and _NAME.fullmatch(part) and "*" not in part:
            tag = part.lower()  # HTML tag names are case-insensitive; lxml lowers them
        else:
            return None
    if len(ids) > 1:  # an element has one id: "#a#b" matches nothing
        return None
    return tag, frozenset(ids), frozenset(classes)


def _style_rules(root) -> _StyleRules | None:
    """The rules of the page's <style> elements that apply on screen, or None when there are none."""
    rules = _StyleRules()
    count = 0
    for style in root.iter("style"):
        media = " ".join((style.get("media") or "").split()).lower()
        if style.text and _media_applies(media):
            count = _read_css(style.text, rules, count)
            if count >= MAX_RULES:
                break
    return rules if rules.hiding else None


def _media_applies(query_list: str) -> bool:
    return any(query.strip() in _SCREEN_MEDIA for query in query_list.split(","))


def _read_css(css: str, rules: _StyleRules, count: int) -> int:
    """Add the rules of one style sheet; return the number of rules read so far (stops at MAX_RULES)."""
    css = _CSS_STRING.sub('""', _without_comments(css))
    applies = [True]  # one entry per open group (@media, @layer): do its rules apply on screen?
    rule: tuple[str, list[str]] | None = None  # the selector list and declaration text of the open rule
    skip = 0  # depth inside a block whose content is not rules (@font-face, @keyframes, nested rules)
    start = 0
    for match in _CSS_BRACE.finditer(css):
        text, brace, start = css[start:match.start()], match.group(), match.end()
        if skip:
            skip += 1 if brace == "{" else -1
            continue
        if rule is not None:
            rule[1].append(text)
            if brace == "{":  # CSS nesting: not judged
                skip = 1
                continue
            if applies[-1]:
                count += 1
                declarations = _declarations("".join(rule[1]))
                if declarations:
                    for selector in rule[0].split(","):
                        rules.add(selector.strip(), declarations, count)
                if count >= MAX_RULES:
                    return count
            rule = None
            continue
        if brace == "}":
            if len(applies) > 1:
                applies.pop()
            continue
        prelude = " ".join(text.rpartition(";")[2].split())  # past "@import url(x);" and the like
        at_rule = prelude.lower()
        if at_rule.startswith("@media"):
            applies.append(applies[-1] and _media_applies(at_rule[6:]))
        elif at_rule.startswith("@layer"):
            applies.append(applies[-1])
        elif at_rule.startswith("@"):
            skip = 1
        else:
            rule = (prelude, [])
    return count


def _declarations(block: str) -> list[tuple[str, str, bool]]:
    """(property, value, important) of the display and visibility declarations that win in a block, lower-cased:
    at most one each, however often a block repeats them."""
    found: dict[str, tuple[str, str, bool]] = {}
    for declaration in block.split(";"):
        prop, colon, value = declaration.partition(":")
        prop = prop.strip().lower()
        if colon and prop in ("display", "visibility"):
            value, bang, flag = value.partition("!")
            important = bool(bang) and flag.strip().lower() == "important"
            if important or not found.get(prop, ("", "", False))[2]:  # the later wins, unless the earlier is !important
                found[prop] = (prop, " ".join(value.split()).lower(), important)
    return list(found.values())


def _without_comments(css: str) -> str:
    """CSS without /* comments */, in one pass; an unclosed comment runs to the end."""
    if "/*" not in css:
        return css
    kept = []
    start = 0
    while True:
        opening = css.find("/*", start)
        if opening < 0:
            kept.append(css[start:])
            return " ".join(kept)
        kept.append(css[start:opening])
        closing = css.find("*/", opening + 2)
        if closing < 0:
            return " ".join(kept)
        start = closing + 2
