"""Resume documents made at test time: PDF (fpdf2, and a hand-written one for glyph cases), DOCX (python-docx).

Nothing binary is checked in: every fixture comes from the text of a sample resume and a seed. The benchmark
(benchmarks/bench_documents.py) makes its resumes here too.
"""

from __future__ import annotations

import copy
import io
import random
import zipfile
import zlib

HEADER = "Priya Raghavan - Resume"
LEFT_SECTIONS = ("TECHNICAL SKILLS", "EDUCATION", "CERTIFICATIONS", "PERSONAL DETAILS")


def sections(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The lines before the first heading (name, contact), then each ALL-CAPS heading with its lines."""
    head: list[str] = []
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.isupper() and len(line) > 3 and not line.startswith(("-", "•")):
            found.append((line, []))
        elif not found:
            head.append(line)
        else:
            found[-1][1].append(line)
    return head, found


def sidebar_and_main(body: list[tuple[str, list[str]]]) -> tuple[list, list]:
    """Skills, education, certifications and personal details go to the sidebar; the rest to the main column."""
    return ([(h, lines) for h, lines in body if h in LEFT_SECTIONS],
            [(h, lines) for h, lines in body if h not in LEFT_SECTIONS])


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def resume_pdf(text: str, *, columns: int = 1, interleaved: bool = True, font_size: float = 10,
               running_header: str | None = HEADER, page_numbers: bool = True, font_file: str | None = None) -> bytes:
    """A resume PDF. One column: the text flows over pages, each with the same header and a "Page N of M" footer.

    Two columns: the name and contact run across the top, then a sidebar (skills, education, certifications,
    personal details) beside the main column. `interleaved` draws both columns line by line, row by row, as
    table-based resume builders do: the order in the file is then no help with the order of reading.
    `font_file`: a TrueType font to embed (as word processors do) instead of the standard Helvetica.
    """
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()  # fpdf2 wraps lines only with a page open
    if font_file:
        pdf.add_font("Body", fname=font_file)
    pdf.set_font("Body" if font_file else "Helvetica", size=font_size)
    leading = font_size * 1.35
    width, height = pdf.w, pdf.h
    margin = 50
    head, body = sections(text if font_file else _latin1(text))

    def wrap(lines: list[str], column_width: float) -> list[str]:
        out = []
        for line in lines:
            if not line.strip():
                out.append("")
                continue
            out.extend(pdf.multi_cell(column_width, leading, line, dry_run=True, output="LINES"))
        return out

    pages: list[list[tuple[float, float, str]]] = [[]]  # (x, y from the top, text)
    if columns == 1:
        y = margin + 2 * leading
        for line in wrap([*head, *[x for h, lines in body for x in ("", h, *lines)]], width - 2 * margin):
            if y > height - margin - 2 * leading:
                pages.append([])
                y = margin + 2 * leading
            pages[-1].append((margin, y, line))
            y += leading
    else:
        y = margin + 2 * leading
        for line in head:
            pages[-1].append((margin, y, line))
            y += leading
        y += leading
        sidebar = 170
        side, main = sidebar_and_main(body)
        left = wrap([x for h, lines in side for x in (h, *lines, "")], sidebar)
        right = wrap([x for h, lines in main for x in (h, *lines, "")], width - 2 * margin - sidebar - 20)
        first_rows = int((height - margin - 2 * leading - y) // leading)  # below the name and contact
        rows_per_page = int((height - 2 * margin - 4 * leading) // leading)

        def place(row: int) -> tuple[int, float]:  # a column flows on to the next page, as the other does
            if row < first_rows:
                return 0, y + row * leading
            page, row = divmod(row - first_rows, rows_per_page)
            return page + 1, margin + 2 * leading + row * leading

        cells = [(row, x, column[row]) for x, column in ((margin, left), (margin + sidebar + 20, right))
                 for row in range(len(column))]
        if interleaved:  # row by row across both columns, as table-based builders draw
            cells.sort(key=lambda cell: (cell[0], cell[1]))
        for row, x, line in cells:
            page, line_y = place(row)
            while len(pages) <= page:
                pages.append([])
            pages[page].append((x, line_y, line))
    for number, lines in enumerate(pages, 1):
        if number > 1:
            pdf.add_page()
        if running_header:
            pdf.text(margin, margin, running_header)
        for x, y, line in lines:
            if line.strip():
                pdf.text(x, y, line)
        if page_numbers:
            pdf.text(width / 2 - 25, height - margin / 2, f"Page {number} of {len(pages)}")
    return bytes(pdf.output())


def scanned_pdf(pages: int = 1, *, stamp: str | None = None) -> bytes:
    """A PDF of pictures only, as a scanner makes: a grey page image with dark bars for lines of text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF(unit="pt", format="A4")
    for page in range(pages):
        image = Image.new("L", (620, 877), 245)
        draw = ImageDraw.Draw(image)
        rng = random.Random(page)
        for row in range(40):
            draw.rectangle((60, 60 + row * 19, 60 + rng.randint(200, 500), 70 + row * 19), fill=40)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
        if stamp:
            pdf.set_font("Helvetica", size=7)
            pdf.text(pdf.w - 120, pdf.h - 12, stamp)
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, user_password: str = "secret", owner_password: str | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def glyph_pdf(pages: list[list[tuple[float, float, str]]], *, size: tuple[float, float] = (595, 842),
              font_size: int = 10) -> bytes:
    """A PDF written by hand, for what a real text layer holds and fpdf2's core fonts cannot: ligature glyphs
    (ﬁ), private-use bullets (U+F0B7 from Symbol fonts), soft hyphens. Each page is (x, y from the top, text);
    a character outside ASCII gets a one-byte code that the font's ToUnicode map turns back into it."""
    codes: dict[str, int] = {}

    def encode(text: str) -> bytes:
        out = bytearray()
        for ch in text:
            if 32 <= ord(ch) < 127:
                out += ch.encode()
            else:
                out.append(codes.setdefault(ch, len(codes) + 1))
        return bytes(out).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    streams = []
    for lines in pages:
        ops = [b"BT", b"/F1 %d Tf" % font_size]
        ops += [b"1 0 0 1 %.1f %.1f Tm (%s) Tj" % (x, size[1] - y, encode(text)) for x, y, text in lines]
        ops.append(b"ET")
        streams.append(b"\n".join(ops))
    return _helvetica_pdf(streams, size, codes)


def _helvetica_pdf(streams: list[bytes], size: tuple[float, float], codes: dict[str, int]) -> bytes:
    """A PDF of the given content streams (one a page) in the standard Helvetica, `codes` mapped by ToUnicode."""
    streams = [zlib.compress(stream) for stream in streams]
    cmap = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CMapName /Adhoc def /CIDSystemInfo << /Registry (Adhoc) /Ordering (UCS) /Supplement 0 >> def",
            "1 begincodespacerange <00> <FF> endcodespacerange", "1 beginbfrange <20> <7E> <0020> endbfrange"]
    if codes:
        cmap += [f"{len(codes)} beginbfchar", *(f"<{c:02X}> <{ch.encode('utf-16-be').hex().upper()}>"
                                                 for ch, c in codes.items()), "endbfchar"]
    cmap.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap_bytes = "\n".join(cmap).encode()
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(len(streams)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap_bytes), cmap_bytes)]
    for i, stream in enumerate(streams):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {6 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)



def spaceless_pdf(lines: list[tuple[float, float, str]], *, how: str = "objects", font_size: float = 10,
                  char_spacing: float = 0, word_gap: float = 0.278, size: tuple[float, float] = (595, 842)) -> bytes:
    """Lines (x, y from the top, text) drawn as web resume builders draw them: each word positioned, no space
    glyph between words. how="objects": each word its own text object at its own x; "glyphs": each letter;
    "tj": one TJ array per line with the space as a position offset. `word_gap` is the space in ems (0.278 is Helvetica's space; a
    justified line has wider ones); `char_spacing` (Tc, in points) letter-spaces every character. As in the
    builders' files, the font is set at twice its size and the page's matrix (cm) halves it: PDFium then judges gaps
    against the larger size and adds no space of its own."""
    from fpdf import FPDF

    metrics = FPDF(unit="pt")
    metrics.set_font("Helvetica", size=font_size)

    def escape(word: str) -> bytes:
        return word.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    ops = []
    for x, y, text in lines:
        words = text.split(" ")
        if how == "tj":
            gap = -1000 * word_gap  # TJ offsets are thousandths of an em, negative to the right
            parts = b" ".join(b"(%s) %.0f" % (escape(word), gap) for word in words[:-1]) + b" (%s)" % escape(words[-1])
            ops.append(b"q 0.5 0 0 0.5 0 0 cm BT /F1 %.2f Tf %.2f Tc 1 0 0 1 %.2f %.2f Tm [%s] TJ ET Q"
                       % (2 * font_size, 2 * char_spacing, 2 * x, 2 * (size[1] - y), parts))
            continue
        for word in words if how == "objects" else [ch for word in words for ch in word + " "]:
            if word == " ":  # how="glyphs": each letter placed on its own
                x += word_gap * font_size
                continue
            ops.append(b"q 0.5 0 0 0.5 0 0 cm BT /F1 %.2f Tf %.2f Tc 1 0 0 1 %.2f %.2f Tm (%s) Tj ET Q"
                       % (2 * font_size, 2 * char_spacing, 2 * x, 2 * (size[1] - y), escape(word)))
            x += metrics.get_string_width(word) + char_spacing * len(word)
            x += word_gap * font_size if how == "objects" else 0
    return _helvetica_pdf([b"\n".join(ops)], size, {})

def resume_docx(text: str, *, layout: str = "table", header: str | None = HEADER,
                footer: str | None = "Priya Raghavan | priya.raghavan@example.com") -> bytes:
    """A resume DOCX. layout="table": a two-cell table holds a sidebar and the main column (as many templates
    do), education is a data table (degree | place | year); layout="flow": one paragraph per line."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    head, body = sections(text)
    for line in head:
        document.add_paragraph(line)
    if layout == "flow":
        for heading, lines in body:
            document.add_paragraph(heading)
            for line in lines:
                document.add_paragraph(line)
        return _save(document)
    table = document.add_table(rows=1, cols=2)
    sidebar, main = table.rows[0].cells
    for cell, parts in zip((sidebar, main), sidebar_and_main(body)):
        for number, (heading, lines) in enumerate(parts):
            if number == 0:
                cell.paragraphs[0].text = heading
            else:
                cell.add_paragraph(heading)
            lines = [line for line in lines if line.strip()]
            if heading == "EDUCATION":
                rows = [[part.strip() for part in line.split(",")] for line in lines]
                grid = cell.add_table(rows=len(rows), cols=3)
                for row, parts in zip(grid.rows, rows):
                    values = [parts[0], ", ".join(parts[1:-1]), parts[-1]] if len(parts) > 2 else [*parts, "", ""][:3]
                    for grid_cell, value in zip(row.cells, values):
                        grid_cell.text = value
                cell.add_paragraph("")
                continue
            for line in lines:
                cell.add_paragraph(line)
    return _save(document)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_text_box(box_text: str, body_text: str = "Experience follows the box.") -> bytes:
    """A DOCX whose first paragraph anchors a text box, written as Word does: the DrawingML box and, for old
    readers, the same text again in a VML fallback. The text must come out once."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("Summary:")
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"')
    box = f"<w:txbxContent><w:p><w:r><w:t>{box_text}</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f'<w:r {namespaces}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        f"</mc:Fallback></mc:AlternateContent></w:r>")
    paragraph._p.append(run)
    hidden = document.add_paragraph()
    hidden_run = hidden.add_run("keyword stuffing Kubernetes Hadoop")
    hidden_run.font.hidden = True
    document.add_paragraph(body_text)
    return _save(document)


def zip_bomb_docx(inflated_bytes: int) -> bytes:
    """A real DOCX with one more part: `inflated_bytes` of zeros, a few kilobytes once deflated."""
    base = resume_docx("Priya Raghavan\nSKILLS\nPython\n", layout="flow")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(copy.copy(item), source.read(item))
        with target.open("word/media/image1.bin", "w", force_zip64=inflated_bytes > 0x7FFFFFFF) as member:
            chunk = bytes(1 << 20)
            left = inflated_bytes
            while left > 0:
                member.write(chunk[:min(left, len(chunk))])
                left -= len(chunk)
    return out.getvalue()


def encrypted_docx() -> bytes:
    """The start of what Word saves for a password-protected .docx: an OLE compound file whose directory
    names the streams EncryptionInfo and EncryptedPackage (the package itself is ciphertext)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + bytes(64)
                         for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return header + directory + random.Random(5).randbytes(4096)


def legacy_doc() -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + "WordDocument".encode("utf-16-le").ljust(128, b"\x00") + bytes(1024)


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def pdf_of_lines(lines: int, *, per_line: str = "w", gap: float = 3) -> bytes:
    """One tall page of tiny one-word lines: each line used to cost a pass over the whole page."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(600, 10 + lines * gap + 10))
    pdf.add_page()
    pdf.set_font("Helvetica", size=1)
    for i in range(lines):
        pdf.text(10, 10 + i * gap, per_line)
    return bytes(pdf.output())


def docx_of_empty_paragraphs(count: int) -> bytes:
    """A resume DOCX with `count` empty paragraphs: millions fit in a few dozen KB, under the unpacked-size limit."""
    import zipfile

    plain = zipfile.ZipFile(io.BytesIO(resume_docx("Skills: Python\n")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name in plain.namelist():
            part = plain.read(name)
            if name == "word/document.xml":
                part = part.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * count)
            bomb.writestr(name, part)
    return out.getvalue()


def html_with_attributes(count: int) -> bytes:
    return ("<!doctype html><p " + " ".join(f"a{i}=x" for i in range(count)) + ">Python</p>").encode()
