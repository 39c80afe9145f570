"""PDF text through PDFium (pypdfium2): words spaced from geometry, columns in reading order, hyphenation undone,
repeated headers kept once.

pypdfium2 won the comparison with pypdf in benchmarks/bench_documents.py: 3.6 times as fast, and PDFium already
maps ligatures to letters and marks the hyphens it joined across line ends. Neither library reads two columns in
order when a resume builder draws them row by row, and PDFium glues words that web resume builders position
without a space glyph ("Electricaland Computer Engineering"). So the text is rebuilt from each page's characters
and their boxes, fetched once into numpy arrays (`_Chars`): runs of characters on one baseline (`_runs`), merged
into lines (`_lines`), split at the gutter (`_gutter`), read band by band (`_bands`), each line's text with a space
wherever the gap before a letter is a word break (`_line_texts`, every line of a page at once), wrapped lines joined
again (`_unwrap`). The per-character decisions are numpy's: a Python step per character cost half the reading time.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..errors import ReadError
from . import Limits

# PDFium joins "fore-⏎casting" itself and marks the hyphen it dropped: U+FFFE in get_text_range, 0x02 in
# get_text_bounded. Whether the hyphen was a real one ("data-driven") is for rejoin_hyphenated to decide.
# Bounded runs: an unbounded \w+ before the mark would rescan a long word from every start (quadratic).
_JOINED = re.compile(r"(\w{1,64})[\ufffe\x02](\w{1,64})")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(" {2,}")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_EDGE_LINES = 3  # a header or footer is among the first or last three lines of a page


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    pages: int
    column_pages: int  # pages read as two columns


def pdf_text(source: str, data: bytes, limits: Limits) -> str:
    """The text of a PDF, pages in order, each page's columns in reading order."""
    return pdf_read(source, data, limits).text


def pdf_read(source: str, data: bytes, limits: Limits) -> PdfText:
    """pdf_text, with how many pages there were and how many were read as two columns."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\f ")[-4096:]:
        raise ReadError(source, "corrupt", "the PDF is truncated (it has no end-of-file marker): "
                                           "download or export it again")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _load_error(source, exc) from None
    try:
        return _document_text(source, pdf, limits)
    except pdfium.PdfiumError as exc:
        raise ReadError(source, "corrupt", f"the PDF is damaged ({_pdfium_reason(exc)})") from None
    finally:
        pdf.close()


def _load_error(source: str, exc: Exception) -> ReadError:
    import pypdfium2.raw as pdfium_c

    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return ReadError(source, "encrypted", "the PDF is password-protected: save a copy without a password")
    if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_SECURITY:
        return ReadError(source, "encrypted", "the PDF uses an unsupported encryption: save a copy without a password")
    return ReadError(source, "corrupt", f"the PDF is damaged ({_pdfium_reason(exc)}): download or export it again")


def _pdfium_reason(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    return text[text.find("PDFium: ") + 8:].rstrip(")") if "PDFium: " in text else text or "unreadable"


def _document_text(source: str, pdf, limits: Limits) -> PdfText:
    count = len(pdf)
    if count == 0:
        raise ReadError(source, "corrupt", "the PDF has no pages")
    if count > limits.max_pages:
        raise ReadError(source, "too-long", f"the PDF has {count:,} pages, over the {limits.max_pages:,}-page limit")
    pages: list[str] = []
    total = 0
    column_pages = 0
    for index in range(count):
        page = pdf[index]
        try:
            text, columns = _page_text(page, f"{source}: page {index + 1}", limits)
        finally:
            page.close()
        column_pages += columns
        pages.append(text)
        total += len(text)
        if total > 2 * limits.max_chars:  # stop early; read.py gives the exact figure for a near miss
            raise ReadError(source, "too-long", f"the text is {total:,}+ characters, over the "
                                                f"{limits.max_chars:,}-character limit (is it one resume?)")
    if sum(len(_NOT_LETTERS.sub("", page)) for page in pages) < 40 * count and _has_graphics(pdf):
        # No text, or no more than a scanner app's "Scanned with ..." stamp, over page-sized pictures or outlines
        raise ReadError(source, "no-text-layer", "no text layer (scanned PDF?)")
    pages = [page.replace("\r\n", "\n").replace("\r", "\n") for page in pages]
    return PdfText(rejoin_hyphenated("\n\n".join(drop_repeated_edges(pages))), count, column_pages)


def _has_graphics(pdf) -> bool:
    """Whether any page draws something besides text (a picture, outlined letters): else it is empty, not scanned."""
    import pypdfium2.raw as pdfium_c

    for index in range(len(pdf)):
        page = pdf[index]
        try:
            for number in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, number)) != \
                        pdfium_c.FPDF_PAGEOBJ_TEXT:
                    return True
        finally:
            page.close()
    return False


Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y upwards)


@dataclass(slots=True)
class _Line:
    """One line of text on the page, on one side of the gutter (or across it: a row)."""

    left: float
    bottom: float
    right: float
    top: float
    side: str  # "left", "right", "row" (crosses the gutter), "page" (no gutter)
    runs: list[_Run]
    text: str = ""

    @property
    def indexes(self) -> list[int]:
        """The line's characters in PDFium's order, as get_text_bounded gives them."""
        return [index for run in sorted(self.runs, key=lambda run: run.indexes[0]) for index in run.indexes]

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _page_text(page, where: str, limits: Limits) -> tuple[str, bool]:
    """The page's text, and whether it was read as two columns."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count > limits.max_page_chars:
            raise _too_complex(where, count, "characters", limits.max_page_chars)
        chars = _Chars.read(textpage, count)
        runs = _runs(chars)
    finally:
        textpage.close()  # every box is in hand: free PDFium's text page before the layout work
    if not runs:
        return "", False
    gutter = _gutter([(run.left, run.bottom, run.right, run.top) for run in runs])
    lines = _lines(runs, gutter)
    if len(lines) > limits.max_page_lines:
        raise _too_complex(where, len(lines), "lines", limits.max_page_lines)
    for line, text in zip(lines, _line_texts(chars, runs, [line.indexes for line in lines])):
        line.text = text
    lines = [line for line in lines if line.text]
    ordered = []
    for band in _bands(lines, gutter):
        ordered.extend(_unwrap(band, gutter))
    return "\n".join(ordered), gutter is not None


# Where two letters on a line stand further apart than the line's usual gap between letters by more than this share
# of their height, a word ends there even without a space glyph (web resume builders position each word and draw
# no spaces). pdfminer's word_margin (0.1 of the character size) and poppler's minimum word space (0.1 of the
# font size) are the same rule; measured against the line's usual gap it leaves letter-spaced headings whole.
WORD_GAP = 0.12
_RUN_GAP = 0.6  # a wider gap (of heights) ends a run: a tab stop, a date set flush right, the gutter
_BACKWARDS = 0.5  # a letter more than half a height left of the one before starts another run


@dataclass(slots=True)
class _Run:
    """Characters that follow one another on one baseline, in PDFium's order: what PDFium's text rectangles are,
    but from the characters' own boxes, so that one pass over the page gives both the layout and the text."""

    left: float
    bottom: float
    right: float
    top: float
    indexes: list[int]


@functools.lru_cache(maxsize=1)
def _loose_box():
    """FPDFText_GetLooseCharBox without pypdfium2's argument conversion: a third of the cost per character."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    address = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
    function = ctypes.CFUNCTYPE(ctypes.c_int)(address)
    function.argtypes = None  # every argument is passed as a ready ctypes object
    function.restype = ctypes.c_int
    return function


@dataclass(slots=True)
class _Chars:
    """A page's characters (one per PDFium index) as numpy arrays: code points, whether each is a space, and its
    loose box (its advance, so the gap to the next letter is kerning or a word space). `height` is 0 for a
    character without a box: PDFium's own spaces and line breaks, and a box PDFium could not give."""

    codes: object  # uint32 code points
    space: object  # bool: str.isspace
    left: object  # float64, PDF points
    right: object
    bottom: object
    top: object
    height: object
    boxed: object  # bool: PDFium gave a box (a character without one belongs to no run)

    @classmethod
    def read(cls, textpage, count: int) -> _Chars:
        import ctypes

        import numpy as np
        import pypdfium2.raw as pdfium_c

        raw = textpage.raw
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) == count:
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        else:  # characters outside the BMP come as surrogate pairs: ask one by one
            codes = np.array([pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)], dtype=np.uint32)
            text = codes.tobytes().decode("utf-32-le", "surrogatepass")
        spaces = [ord(ch) for ch in set(text) if ch.isspace()]
        # FS_RECTF is left, top, right, bottom (float): PDFium writes each box straight into one array, and the
        # one Python step per character is the call itself, through map (a byref is the cheapest pointer)
        rects = (ctypes.c_float * (4 * count))()
        handle = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
        calls = map(_loose_box(), itertools.repeat(handle, count), range(count),
                    map(ctypes.byref, itertools.repeat(rects, count), range(0, 16 * count, 16)))
        boxed = np.fromiter(calls, dtype=np.intc, count=count) != 0
        rects = np.frombuffer(rects, dtype=np.float32).reshape(count, 4).astype(np.float64)  # as on Python floats
        left, top, right, bottom = rects[:, 0], rects[:, 1], rects[:, 2], rects[:, 3]
        height = top - bottom
        space = np.isin(codes, spaces) if spaces else np.zeros(count, dtype=bool)
        # PDFium's own space or line break: no box, and no advance (a failed box is all zeros already)
        blank = (height < 1e-3) | (codes == 13) | (codes == 10)
        height = np.where(blank, 0.0, height)
        right = np.where(blank, left, right)
        return cls(codes, space, left, right, bottom, top, height, boxed)


_SPLIT_ROUNDS = 8  # a page that needs more rounds (a staircase of boxes, a hostile page) takes the loop instead


def _runs(chars: _Chars) -> list[_Run]:
    """The runs the page's characters make, in PDFium's order. A letter continues the run of the letter before
    if it is not far left of it, not far right of it (the gutter, a tab stop) and on the run's line: its box
    overlaps the run's by half the smaller height. The first two tests need only the letter before, so numpy
    finds those breaks at once; the third needs the run so far, so each round adds the first break it finds
    in every run and tests again."""
    import numpy as np

    boxed = np.flatnonzero(chars.boxed)
    letters = boxed[chars.height[boxed] > 0]
    if not len(letters):
        return []
    left, right = chars.left[letters], chars.right[letters]
    bottom, top, height = chars.bottom[letters], chars.top[letters], chars.height[letters]
    size = np.maximum(height[1:], height[:-1])
    starts = np.ones(len(letters), dtype=bool)
    starts[1:] = ~((left[1:] >= left[:-1] - _BACKWARDS * size) & (left[1:] - right[:-1] <= _RUN_GAP * size))
    # The run's top so far as a running maximum that restarts with each run: over ranks (exact integers), each
    # run lifted above the one before
    count = len(letters)
    top_order, bottom_order = np.argsort(top, kind="stable"), np.argsort(-bottom, kind="stable")
    top_rank, bottom_rank = np.empty(count, np.int64), np.empty(count, np.int64)
    top_rank[top_order], bottom_rank[bottom_order] = np.arange(count), np.arange(count)
    for _ in range(_SPLIT_ROUNDS):
        run = np.cumsum(starts) - 1
        lift = run * count
        run_top = top[top_order[np.maximum.accumulate(top_rank + lift) - lift]]
        run_bottom = bottom[bottom_order[np.maximum.accumulate(bottom_rank + lift) - lift]]
        # Against the run up to the letter before
        overlap = np.minimum(top[1:], run_top[:-1]) - np.maximum(bottom[1:], run_bottom[:-1])
        least = 0.5 * np.minimum(height[1:], run_top[:-1] - run_bottom[:-1])
        off_line = np.flatnonzero(~starts[1:] & (overlap < least))
        if not len(off_line):
            break
        off_line += 1
        _, first = np.unique(run[off_line], return_index=True)
        starts[off_line[first]] = True
    else:
        return _runs_loop(chars)
    run = np.cumsum(starts) - 1
    first_letters = np.flatnonzero(starts)
    # A character without a box (PDFium's space or line break) joins the run of the letter before it
    members = boxed[boxed >= letters[0]]
    member_run = run[np.searchsorted(letters, members, side="right") - 1]
    cuts = np.flatnonzero(member_run[1:] != member_run[:-1]) + 1
    groups = np.split(members, cuts)
    run_left = left[first_letters].tolist()
    run_right = np.maximum.reduceat(right, first_letters).tolist()
    run_bottom = np.minimum.reduceat(bottom, first_letters).tolist()
    run_top = np.maximum.reduceat(top, first_letters).tolist()
    return [_Run(*box, group.tolist()) for *box, group in zip(run_left, run_bottom, run_right, run_top, groups)]


def _runs_loop(chars: _Chars) -> list[_Run]:
    """_runs one character at a time: for a page whose runs take numpy too many rounds."""
    runs: list[_Run] = []
    members: list[int] = []  # the run being built, its box in locals: this loop runs once per character
    run_left = run_bottom = run_right = run_top = 0.0
    last_left = last_right = last_height = 0.0
    for index, (boxed, left, right, bottom, top, height) in enumerate(zip(
            chars.boxed.tolist(), chars.left.tolist(), chars.right.tolist(), chars.bottom.tolist(), chars.top.tolist(),
            chars.height.tolist())):
        if not boxed:
            continue
        if height == 0.0:  # PDFium's own space or line break: no box
            if members:
                members.append(index)
            continue
        if members:
            size = height if height > last_height else last_height
            run_height = run_top - run_bottom
            overlap = (top if top < run_top else run_top) - (bottom if bottom > run_bottom else run_bottom)
            if (overlap >= 0.5 * (height if height < run_height else run_height)
                    and left >= last_left - _BACKWARDS * size and left - last_right <= _RUN_GAP * size):
                members.append(index)
                if right > run_right:
                    run_right = right
                if bottom < run_bottom:
                    run_bottom = bottom
                if top > run_top:
                    run_top = top
                last_left, last_right, last_height = left, right, height
                continue
            runs.append(_Run(run_left, run_bottom, run_right, run_top, members))
        members = [index]
        run_left, run_bottom, run_right, run_top = left, bottom, right, top
        last_left, last_right, last_height = left, right, height
    if members:
        runs.append(_Run(run_left, run_bottom, run_right, run_top, members))
    return runs


def _sequence(groups: list[list[int]]):
    """Groups of character indexes as one array of indexes and one of group numbers."""
    import numpy as np

    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    flat = np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64, count=int(sizes.sum()))
    return flat, np.repeat(np.arange(len(groups)), sizes)


def _ends(chars: _Chars, runs: list[_Run]):
    """Where each letter leaves the pen: its origin plus its advance on this page, the least distance from its
    origin to the next letter's within a run (per letter and size). PDFium gives the glyph's box, and a box can
    overhang its advance (an "f" reaches over the next letter), so the gap after a letter is measured from here.
    A letter seen only before word spaces has a distance that holds the space: never past its box."""
    import numpy as np

    left, height = chars.left, chars.height
    width = chars.right - left
    keys = chars.codes.astype(np.int64) << 32 | np.rint(height * 10).astype(np.int64)  # letter, size to 0.1 pt
    order, group = _sequence([run.indexes for run in runs])
    letter = (height[order] > 0) & ~chars.space[order]
    pair = letter[1:] & letter[:-1] & (group[1:] == group[:-1])
    before, after = order[:-1][pair], order[1:][pair]
    distance = left[after] - left[before]
    moved = distance > 0
    before, distance = before[moved], distance[moved]
    ends = left + width
    if len(distance):
        pair_keys = keys[before]
        by_key = np.lexsort((distance, pair_keys))
        pair_keys, distance = pair_keys[by_key], distance[by_key]
        first = np.ones(len(pair_keys), dtype=bool)
        first[1:] = pair_keys[1:] != pair_keys[:-1]
        known, advance = pair_keys[first], distance[first]  # the least distance per key
        at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
        found = known[at] == keys
        ends = np.where(found, left + np.minimum(advance[at], width), ends)
    return ends


def _line_texts(chars: _Chars, runs: list[_Run], lines: list[list[int]]) -> list[str]:
    """Each line's characters, with a space wherever the gap before a letter is a word break: wider than the
    line's usual gap between letters (its median: letter-spacing) by WORD_GAP of the letters' height, or a step
    back. A gap is from where the letter before left the pen to the next origin. Characters without a box (PDFium's
    own spaces and line breaks) are left out: the geometry decides (PDFium breaks a line between glyphs placed one
    by one, and spaces letter-spaced ones). All lines of a page at once."""
    import numpy as np

    if not lines:
        return []
    ends = _ends(chars, runs)
    order, line = _sequence(lines)
    kept = chars.height[order] > 0
    order, line = order[kept], line[kept]
    space = chars.space[order]
    left, height = chars.left[order], chars.height[order]
    # A letter right after a letter of its line has a gap; a space in between resets it
    follows = np.zeros(len(order), dtype=bool)
    follows[1:] = ~space[1:] & ~space[:-1] & (line[1:] == line[:-1])
    gap = np.zeros(len(order))
    gap[1:] = left[1:] - ends[order[:-1]]
    # Each line's usual gap: the lower median of its gaps (0 for a line without any)
    usual = np.zeros(len(lines))
    with_gap = np.flatnonzero(follows)
    if len(with_gap):
        gap_line = line[with_gap]
        by_line = np.lexsort((gap[with_gap], gap_line))
        sorted_lines, sorted_gaps = gap_line[by_line], gap[with_gap][by_line]
        starts = np.searchsorted(sorted_lines, np.arange(len(lines)))
        counts = np.searchsorted(sorted_lines, np.arange(len(lines)), side="right") - starts
        has = counts > 0
        usual[has] = sorted_gaps[starts[has] + (counts[has] - 1) // 2]
    size = np.maximum(height, np.roll(height, 1))
    back = np.zeros(len(order), dtype=bool)
    back[1:] = left[1:] < left[:-1] - _BACKWARDS * size[1:]
    breaks = follows & ((gap > usual[line] + WORD_GAP * size) | back)
    codes = np.where(space, 32, chars.codes[order]).astype(np.uint32)
    # One string for the page, a space before each word break; each line a slice of it
    out = np.insert(codes, np.flatnonzero(breaks), 32)
    text = out.tobytes().decode("utf-32-le", "surrogatepass")
    shift = np.cumsum(breaks)  # spaces inserted up to and including each character
    line_starts = np.searchsorted(line, np.arange(len(lines) + 1))
    offsets = line_starts + np.concatenate(([0], shift))[line_starts]
    texts = []
    for start, end in zip(offsets[:-1].tolist(), offsets[1:].tolist()):
        piece = text[start:end]
        if "  " in piece:
            piece = _SPACES.sub(" ", piece)
        texts.append(piece.strip())
    return texts


def _too_complex(where: str, count: int, what: str, limit: int) -> ReadError:
    source, _, page = where.rpartition(": ")
    return ReadError(source, "too-complex", f"{page} holds {count:,} {what}, over the {limit:,} a resume page holds "
                                            "(is it a resume?)")


def _gutter(rects: list[Rect]) -> float | None:
    """The x of the gutter between two columns of text, or None for a page in one column.

    A gutter is an x that few text rectangles cross (a name or a paragraph across the page may), with a
    column of text on either side: side by side, not one above the other, each side's lines stacked one under
    the next. Dates set flush right beside job titles are single lines far apart: they make no column.
    """
    n = len(rects)
    if n < 8:
        return None
    low = min(r[0] for r in rects)
    high = max(r[2] for r in rects)
    events = sorted([(r[0], 1) for r in rects] + [(r[2], -1) for r in rects])
    active = started = ended = 0
    candidates = []  # (crossing, -width, x)
    for (x, step), (next_x, _) in zip(events, events[1:]):
        if step > 0:
            active += 1
            started += 1
        else:
            active -= 1
            ended += 1
        width = next_x - x
        middle = (x + next_x) / 2
        if width < 4 or not low + 0.15 * (high - low) < middle < low + 0.85 * (high - low):
            continue
        side = max(3, 0.06 * (n - active))
        if active <= 0.25 * n and ended >= side and n - started >= side:
            candidates.append((active, -width, middle))
    for _, _, gutter in sorted(candidates)[:5]:
        left = [r for r in rects if r[2] <= gutter]
        right = [r for r in rects if r[0] >= gutter]
        # Side by side: only where both sides have text (a name block above the sidebar is no column)
        bottom = max(min(r[1] for r in left), min(r[1] for r in right))
        top = min(max(r[3] for r in left), max(r[3] for r in right))
        left = [r for r in left if r[1] >= bottom - 1 and r[3] <= top + 1]
        right = [r for r in right if r[1] >= bottom - 1 and r[3] <= top + 1]
        if len(left) >= 3 and len(right) >= 3 and _stacked(left) and _stacked(right):
            return gutter
    return None


def _stacked(side: list[Rect]) -> bool:
    """Whether most lines of one side have another line of that side right under them: a column of text."""
    tops = sorted({round(r[3], 1) for r in side}, reverse=True)
    height = sorted(r[3] - r[1] for r in side)[len(side) // 2]
    close = sum(upper - lower <= 4.5 * height for upper, lower in zip(tops, tops[1:]))  # a blank line between is close
    return close >= 0.5 * (len(tops) - 1) and close >= 2


def _lines(runs: list[_Run], gutter: float | None) -> list[_Line]:
    """Runs merged into lines, top first.

    With a gutter, a line stays on its side unless something on it crosses the gutter: then it is a row.
    """
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        left, bottom, right, top = run.left, run.bottom, run.right, run.top
        if gutter is None:
            side = "page"
        else:
            side = "row" if left < gutter < right else "left" if right <= gutter else "right"
        height = top - bottom
        for line in reversed(lines[-6:]):  # the line being built is among the last few
            overlap = min(top, line.top) - max(bottom, line.bottom)
            if overlap < 0.5 * min(height, line.height) or not (side == line.side or "row" in (side, line.side)):
                continue
            line.left, line.bottom = min(line.left, left), min(line.bottom, bottom)
            line.right, line.top = max(line.right, right), max(line.top, top)
            if side == "row":
                line.side = "row"
            line.runs.append(run)
            break
        else:
            lines.append(_Line(left, bottom, right, top, side, [run]))
    return lines


def _bands(lines: list[_Line], gutter: float | None) -> list[list[_Line]]:
    """The lines in reading order, as runs that read as one column: page top to bottom; between two rows
    that cross the gutter, the left column then the right one. A wide gap in both columns at once ends a band
    too, so a footer under the columns is read after both of them."""
    if gutter is None:
        return [lines]
    heights = sorted(line.height for line in lines)
    wide_gap = 5 * heights[len(heights) // 2]  # more than two blank lines in both columns at once
    bands: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:  # top first
        if line.side == "row" or (current and min(x.bottom for x in current) - line.top > wide_gap):
            bands.append([x for x in current if x.side == "left"])
            bands.append([x for x in current if x.side == "right"])
            current = []
        if line.side == "row":
            bands.append([line])
        else:
            current.append(line)
    bands.append([x for x in current if x.side == "left"])
    bands.append([x for x in current if x.side == "right"])
    return [band for band in bands if band]


# A line that starts a new item: a bullet, "1." or "(2)", a "Label:" ("Tools: Git, Docker")
_BULLET_START = re.compile(r"[•●▪◦❖❑➢►■□✓✔➤→·*\-–—\uf000-\uf0ff]|\(?\d{1,2}[.)]\s"
                           r"|[A-Za-z][\w ]{0,30}:(\s|$)")
_SENTENCE_END = ".!?:;|"


def _unwrap(band: list[_Line], gutter: float | None) -> list[str]:
    """Join the lines of a paragraph that the column width wrapped ("Apache" / "Spark"), and words hyphenated
    across lines. A line ends where the next line's first word would have fitted, at a sentence end, a gap,
    a bullet, a "Label:" or a heading in capitals: a list of short lines stays a list."""
    longest = max(line.right for line in band)
    width = longest - min(line.left for line in band)
    # The longest line shows the column's right edge if several lines reach it. The longest of a list of short
    # items does not: there a line must also end in "and", "of", "," ... or go on in lower case, unless even
    # the gutter would not have held the next word. (Per band: a name block above a sidebar is no guide.)
    known = sum(line.right >= longest - 0.1 * width for line in band) >= 3
    out: list[str] = []
    previous = None
    for line in band:
        if previous is not None and _continues(previous, line, longest, known,
                                               gutter if line.side == "left" else None):
            out[-1] = _join(out[-1], line.text)
        else:
            out.append(line.text)
        previous = line
    return [rejoin_hyphenated(text) for text in out]


_CONNECTOR_END = re.compile(r"(?:[,&/(+]|\b(?:and|or|of|in|for|with|to|the|a|an|at|on|by|from|as|using|"
                            r"including|via))$", re.IGNORECASE)


def _continues(previous: _Line, line: _Line, right: float, right_known: bool, gutter: float | None) -> bool:
    text, before = line.text, previous.text
    if previous.bottom - line.top > 1.5 * max(line.height, previous.height):  # a blank line between them
        return False
    if _BULLET_START.match(text) or (text.isupper() and len(text) > 2) or (before.isupper() and len(before) > 2):
        return False
    if line.left > previous.left + 36:  # an indented or right-aligned line is a new item
        return False
    if before.endswith(("\x02", "\ufffe")) or (before.endswith(("-", "\u00ad")) and before[-2:-1].isalpha()
                                                and text[:1].islower()):
        return True  # a word hyphenated across the line end
    if before.endswith(tuple(_SENTENCE_END)):
        return False
    char_width = (line.right - line.left) / max(len(text), 1)
    reach = previous.right + (len(text.split(" ", 1)[0]) + 1) * char_width  # with the next line's first word
    if gutter is not None and reach > gutter:
        return True
    return reach > right - 1 and (right_known or bool(_CONNECTOR_END.search(before)) or text[:1].islower())


def _join(before: str, after: str) -> str:
    if before.endswith(("\x02", "\ufffe", "-", "\u00ad")) and before[-2:-1].isalpha() and after[:1].isalpha():
        return before[:-1] + "\x02" + after  # rejoin_hyphenated decides: "forecasting" or "data-driven"
    return before + " " + after


def drop_repeated_edges(pages: list[str]) -> list[str]:
    """Keep a header or footer that repeats on every page (page numbers aside) once: where it first appears."""
    if len(pages) < 2:
        return pages
    page_lines = [page.split("\n") for page in pages]
    edges = [_edge_indexes(lines) for lines in page_lines]
    keys = [{_key(lines[i]) for i in idx} for lines, idx in zip(page_lines, edges)]
    counts = Counter(key for page_keys in keys for key in page_keys)
    repeated = {key for key, c in counts.items() if c >= max(2, (len(pages) + 1) // 2)}
    if not repeated:
        return pages
    seen: set[str] = set()
    kept = []
    for lines, idx in zip(page_lines, edges):
        drop = set()
        for i in idx:
            key = _key(lines[i])
            if key in repeated:
                if key in seen:
                    drop.add(i)
                seen.add(key)
        kept.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return kept


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]))


def _key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).casefold())


def rejoin_hyphenated(text: str) -> str:
    """Words split at a line end: "fore|casting" -> "forecasting" (an English word), "data|driven" ->
    "data-driven", "Docker|Compose" -> "Docker-Compose". The mark is PDFium's (U+FFFE or 0x02) or _join's."""
    if "\ufffe" not in text and "\x02" not in text:
        return text

    def join(match: re.Match) -> str:
        head, tail = match.groups()
        word = head + tail
        return word if tail[:1].islower() and _is_word(word.casefold()) else f"{head}-{tail}"

    return _JOINED.sub(join, text).replace("\ufffe", "-").replace("\x02", "-")


@functools.lru_cache(maxsize=4096)
def _is_word(word: str) -> bool:
    from wordfreq import zipf_frequency  # imported late: only hyphenated line ends need it

    return zipf_frequency(word, "en") >= 1.0
