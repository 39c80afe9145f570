"""Real resume documents (PDF, DOCX, HTML) and hostile input, through the one `read` interface.

Every fixture is made here (tests/docgen.py) from the text of a sample resume: nothing binary is checked in.
"""

from __future__ import annotations

import html
import io
import json
import time
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import docgen
from helpers import (AS_OF, CLI_ERRORS, SAMPLE_DEGREES, SAMPLE_NEGATED, SAMPLE_SKILLS, SAMPLE_TEXT, SAMPLE_TITLES,
                     assert_finds_what_was_put_in, assert_spans_hold, html_page, resumes, spans)
from rolematch import api
from rolematch.cli import cli
from rolematch.errors import ReadError, RolematchError
from rolematch.read import read_bytes, read_document


@pytest.fixture(scope="module")
def versions() -> dict[str, bytes]:
    return {
        "resume.pdf": docgen.resume_pdf(SAMPLE_TEXT),  # one column, two pages, header and footer on each
        "two-columns.pdf": docgen.resume_pdf(SAMPLE_TEXT, columns=2),  # drawn row by row across both columns
        "two-columns-in-order.pdf": docgen.resume_pdf(SAMPLE_TEXT, columns=2, interleaved=False),
        "two-columns-small.pdf": docgen.resume_pdf(SAMPLE_TEXT, columns=2, font_size=8.5),
        "table-layout.docx": docgen.resume_docx(SAMPLE_TEXT),
        "flow.docx": docgen.resume_docx(SAMPLE_TEXT, layout="flow"),
        "profile.html": html_page(SAMPLE_TEXT),
    }


def _found(profile) -> dict[str, set]:
    return {"skills": {s.id for s in profile.skills}, "negated": {s.id for s in profile.negated_skills},
            "degrees": {(d.level, d.field) for d in profile.degrees},
            "titles": {(t.title, t.seniority) for t in profile.titles}}


@pytest.mark.parametrize("name", ["resume.pdf", "two-columns.pdf", "two-columns-in-order.pdf",
                                  "two-columns-small.pdf", "table-layout.docx", "flow.docx", "profile.html"])
def test_every_format_finds_what_the_text_version_has(versions, name):
    expected = _found(api.extract_bytes("resume.txt", SAMPLE_TEXT.encode(), as_of=AS_OF))
    # what the text version has is what the sample says (read off it by hand), not whatever extraction gives
    assert expected["skills"] >= SAMPLE_SKILLS and expected["negated"] == SAMPLE_NEGATED
    assert expected["degrees"] == SAMPLE_DEGREES and expected["titles"] >= SAMPLE_TITLES
    assert _found(api.extract_bytes(name, versions[name], as_of=AS_OF)) == expected


@pytest.mark.parametrize("name", ["two-columns.pdf", "table-layout.docx", "profile.html"])
def test_offsets_refer_to_the_extracted_text(versions, name):
    document = read_bytes(name, versions[name])
    profile = api.extract_bytes(name, versions[name], as_of=AS_OF)
    assert profile.text == document.text
    found = spans(profile)
    assert found and all(document.text[s.start:s.end] == s.text for s in found)


# --- PDF -------------------------------------------------------------------------------------------------------

def test_two_columns_read_left_then_right(versions):
    for name in ("two-columns.pdf", "two-columns-in-order.pdf"):
        text = read_bytes(name, versions[name]).text
        order = ["Priya Raghavan\n", "Email:", "TECHNICAL SKILLS", "EDUCATION", "Nationality: Indian",
                 "PROFILE SUMMARY", "WORK EXPERIENCE", "PROJECTS", "Page 1 of 1"]
        assert [text.index(marker) for marker in order] == sorted(text.index(marker) for marker in order), name
        # a line the sidebar wrapped is one line again, so "Apache Spark" is one skill
        assert "Tools: Jupyter, Git, Tableau, Apache Spark, Docker, AWS SageMaker\n" in text


def test_running_header_and_footer_are_kept_once(versions):
    text = read_bytes("resume.pdf", versions["resume.pdf"]).text
    assert text.count(docgen.HEADER) == 1 and text.startswith(docgen.HEADER)
    assert text.count("Page 1 of 2") == 1 and "Page 2 of 2" not in text
    assert "Gender: Female" in text  # the second page is there


def test_ligatures_hyphenation_and_bullets():
    lines = ["Proﬁcient in data visualisation and workﬂows", "\uf0b7 Python, SQL", "Built a demand fore-",
             "casting model; develop-", "ment of data-", "driven dashboards with Docker-", "Compose",
             "Jul 2020 -", "Feb 2022", "● Spark ▪ Hadoop", "Scikit-", "learn and Time Series",
             "Forecasting"]
    pdf = docgen.glyph_pdf([[(40, 40 + 14 * i, line) for i, line in enumerate(lines)]])
    text = read_bytes("glyphs.pdf", pdf).text
    assert "Proficient in data visualisation and workflows\n" in text  # ﬁ and ﬂ are letters again
    assert "• Python, SQL\n" in text  # a Symbol-font bullet from the private-use area
    assert "Built a demand forecasting model; development of data-driven dashboards with Docker-Compose" in text
    assert "Jul 2020 -\nFeb 2022\n" in text  # a dash after a space is no hyphenation
    assert "Scikit-learn" in text
    assert {s.id for s in api.extract_bytes("glyphs.pdf", pdf, as_of=AS_OF).skills} >= {
        "python", "sql", "spark", "hadoop", "scikit-learn", "docker", "forecasting"}


def test_tidying_applies_to_every_format():
    text = read_bytes("r.txt", "Pro\ufb01cient in Apache\u00a0Spark, Tab\u00adleau\u200b\n".encode()).text
    assert text == "Proficient in Apache Spark, Tableau\n"


def test_a_pdf_named_txt_is_read_as_a_pdf(versions):
    document = read_bytes("resume.txt", versions["resume.pdf"])
    assert document.encoding == "pdf" and "Senior Data Scientist" in document.text


def test_junk_before_the_pdf_header_is_tolerated(versions):
    assert "PROJECTS" in read_bytes("r.pdf", b"\r\n\r\n" + versions["resume.pdf"]).text


def test_owner_password_only_pdf_reads(versions):
    data = docgen.encrypt_pdf(versions["resume.pdf"], user_password="", owner_password="owner")
    assert "Senior Data Scientist" in read_bytes("r.pdf", data).text


@pytest.mark.parametrize(("make", "kind", "reason"), [
    (lambda v: docgen.scanned_pdf(2), "no-text-layer", "no text layer (scanned PDF?)"),
    (lambda v: docgen.scanned_pdf(1, stamp="Scanned with CamScanner"), "no-text-layer",
     "no text layer (scanned PDF?)"),
    (lambda v: docgen.encrypt_pdf(v["resume.pdf"]), "encrypted",
     "the PDF is password-protected: save a copy without a password"),
    (lambda v: v["resume.pdf"][: len(v["resume.pdf"]) // 2], "corrupt", "the PDF is truncated"),
    (lambda v: v["resume.pdf"][:-40], "corrupt", "the PDF is truncated"),
    (lambda v: b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "corrupt", "the PDF is damaged"),
    (lambda v: docgen.glyph_pdf([[]]), "no-text", "the document is empty or holds only whitespace"),
])
def test_pdf_errors(versions, make, kind, reason):
    with pytest.raises(ReadError) as caught:
        read_bytes("r.pdf", make(versions))
    assert caught.value.kind == kind and caught.value.reason.startswith(reason)


def test_pdf_page_and_length_limits():
    pdf = docgen.glyph_pdf([[(40, 40, line)] for line in ("Python developer", "SQL analyst", "Spark engineer")])
    with pytest.raises(ReadError, match="the PDF has 3 pages, over the 2-page limit") as caught:
        read_bytes("r.pdf", pdf, max_pages=2)
    assert caught.value.kind == "too-long"
    with pytest.raises(ReadError, match="over the 20-character limit"):
        read_bytes("r.pdf", pdf, max_chars=20)


# --- DOCX ------------------------------------------------------------------------------------------------------

def test_docx_tables_header_and_footer(versions):
    text = read_bytes("r.docx", versions["table-layout.docx"]).text
    assert text.startswith(docgen.HEADER + "\n")  # the header, once, first; the footer last
    assert text.count(docgen.HEADER) == 1 and text.rstrip().endswith("priya.raghavan@example.com")
    assert "M.Sc. in Statistics | University of Hyderabad | 2020\n" in text  # a data table row is one line
    assert text.index("Nationality: Indian") < text.index("PROFILE SUMMARY")  # the sidebar cell, then the main


def test_docx_text_box_once_and_hidden_text_dropped():
    text = read_bytes("r.docx", docgen.docx_with_text_box("Skilled in PyTorch and Kubernetes")).text
    assert text.count("Skilled in PyTorch and Kubernetes") == 1  # not again from the VML fallback
    assert "keyword stuffing" not in text
    assert text.index("Summary:") < text.index("PyTorch") < text.index("Experience follows")


def test_docx_first_page_header_equal_to_the_default_is_kept_once():
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Priya Raghavan, Data Scientist"
    section.first_page_header.paragraphs[0].text = "Priya Raghavan, Data Scientist"
    document.add_paragraph("Skills: Python")
    out = io.BytesIO()
    document.save(out)
    assert read_bytes("r.docx", out.getvalue()).text == "Priya Raghavan, Data Scientist\nSkills: Python\n"


def test_macro_enabled_docx_reads():
    data = docgen.resume_docx("Skills: Python, SQL\n", layout="flow", header=None, footer=None)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":  # python-docx's Document() refuses this type
                content = content.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                                          b".main+xml", b"application/vnd.ms-word.document.macroEnabled.main+xml")
            target.writestr(item, content)
    assert "Skills: Python, SQL" in read_bytes("r.docm", out.getvalue()).text


def _docx_with(document_xml: bytes) -> bytes:
    base = docgen.resume_docx("Skills: Python\n", layout="flow", header=None, footer=None)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, document_xml if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


def _understated(data: bytes, member: str) -> bytes:
    """`data` with its central directory claiming that `member` unpacks to 10 bytes: a zip bomb's usual lie."""
    at = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_length] == member.encode():
            return data[:at + 24] + (10).to_bytes(4, "little") + data[at + 28:]
        at = data.index(b"PK\x01\x02", at + 4)


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("resume.txt", "Python")
    return out.getvalue()


@pytest.mark.parametrize(("make", "kind", "reason"), [
    (lambda: docgen.zip_bomb_docx(3_000_000), "zip-bomb", "the DOCX unpacks to 3,"),
    (lambda: docgen.encrypted_docx(), "encrypted", "the Word document is password-protected"),
    (lambda: docgen.resume_docx(SAMPLE_TEXT)[:5000], "corrupt", "the DOCX is damaged or truncated"),
    (lambda: _docx_with(b"<w:document><w:body><w:p>"), "corrupt", "the DOCX is damaged"),
    (lambda: _docx_with(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        b"<w:body><w:p><w:r><w:t>&b;&b;</w:t></w:r></w:p></w:body></w:document>"),
     "no-text", "the document is empty"),  # entities are never expanded (no billion laughs)
    (lambda: _understated(docgen.zip_bomb_docx(200_000), "word/media/image1.bin"), "corrupt", "the DOCX is damaged"),
    (lambda: docgen.legacy_doc(), "unsupported", "unsupported format (legacy Word .doc): save as DOCX or PDF"),
    (lambda: docgen.odt(), "unsupported", "unsupported format (OpenDocument text .odt): save as DOCX or PDF"),
])
def test_docx_errors(make, kind, reason):
    with pytest.raises(ReadError) as caught:
        read_bytes("r.docx", make(), max_unzipped_bytes=2_000_000)
    assert caught.value.kind == kind and caught.value.reason.startswith(reason), caught.value.reason


def _nested_tables_docx(depth: int) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    nested = "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>Python</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * depth
    return _docx_with(f"<w:document {w}><w:body>{nested}</w:body></w:document>".encode())


def test_deeply_nested_docx_tables_fail_cleanly():
    assert read_bytes("r.docx", _nested_tables_docx(20)).text == "Python\n"  # tables in tables, as CV templates do
    with pytest.raises(ReadError) as caught:  # 360 elements deep: past libxml2's limit of 256
        read_bytes("r.docx", _nested_tables_docx(120))
    assert caught.value.kind == "corrupt" and caught.value.reason.startswith("the DOCX is damaged")
    assert "\n" not in str(caught.value)


# --- HTML ------------------------------------------------------------------------------------------------------

def test_html_visible_text_only():
    page = (b"<!DOCTYPE html><html><head><title>Profile</title><style>p{}</style><script>var python=1</script>"
            b"</head><body><h1>Priya  Raghavan</h1><p>Skills: Python,\n   SQL &amp; R<br>Spark</p>"
            b"<div hidden>Hadoop</div><div style='display: none'>Kafka</div><noscript>Enable JavaScript</noscript>"
            b"<table><tr><th>Degree</th><th>Year</th></tr><tr><td>M.Sc. Statistics</td><td>2020</td></tr></table>"
            b"<ul><li>Tableau</li><li>Docker</li></ul><pre>  kept   as\n  written</pre>caf&eacute;</body></html>")
    document = read_bytes("profile.html", page)
    assert document.encoding == "html:utf-8"
    assert document.text == ("Priya Raghavan\nSkills: Python, SQL & R\nSpark\nDegree | Year\nM.Sc. Statistics | 2020\n"
                             "Tableau\nDocker\n  kept   as\n  written\ncafé\n")


_SHOWN = b"<p>Python</p>"


@pytest.mark.parametrize(("style", "body", "text"), [
    (b".k{display:none}", b"<p class='k'>Hadoop, Kubernetes</p>", "Python\n"),  # by class
    (b"#k { display : none }", b"<div id='k'>Hadoop</div>", "Python\n"),  # by id
    (b"p.k{display:none}", b"<p class='x k'>Hadoop</p><div class='k'>Kafka</div>", "Python\nKafka\n"),
    (b".a, .b {display:none}", b"<p class='b'>Hadoop</p><p class='a'>Kafka</p>", "Python\n"),  # a group
    (b".k{visibility:hidden}", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b".k{visibility: collapse}", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b".K{DISPLAY:NONE!IMPORTANT}", b"<p class='K'>Hadoop</p>", "Python\n"),  # case and !important
    (b".k{\n  color: red ;display\t:\n none  ! important;}", b"<p class='k'>Had<b>oop</b></p>", "Python\n"),
    (b"/* .x{} */ .k{display:none}", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b"@media screen { .k{display:none} }", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b"@import url(x.css); .k{display:none}", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b"*.k{display:none}", b"<p class='k'>Hadoop</p>", "Python\n"),
    # not hidden on screen
    (b".k{display:block}", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),
    (b"@media print { .k{display:none} }", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),
    (b"@media screen and (max-width: 300px) { .k{display:none} }", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),
    (b".k{display:none}", b"<p class='kk'>Hadoop</p><p class='k-x'>Kafka</p>", "Python\nHadoop\nKafka\n"),
    (b".k{display:none}", b"<p class='K'>Hadoop</p>", "Python\nHadoop\n"),  # class names are case-sensitive
    (b".k{display:none} p.k{display:block}", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),  # more specific
    (b".k{display:none}", b"<p class='k' style='display:block'>Hadoop</p>", "Python\nHadoop\n"),  # inline wins
    (b".k{display:none!important}", b"<p class='k' style='display:block'>Hadoop</p>", "Python\n"),
    (b".k{display:none} .k{display:flex}", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),  # the later
    (b".k{display:none; display:block}", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),
    (b".k{display:none!important; display:block}", b"<p class='k'>Hadoop</p>", "Python\n"),
    (b".x{content:'}'} .k{display:none}", b"<p class='k'>Hadoop</p>", "Python\n"),  # a brace in a string
    (b"div .k{display:none} .k:hover{display:none} [class=k]{display:none} .k>p{display:none}",
     b"<div><p class='k'>Hadoop</p></div>", "Python\nHadoop\n"),  # selectors not judged are ignored
    (b"@supports (display:grid) { .k{display:none} }", b"<p class='k'>Hadoop</p>", "Python\nHadoop\n"),
    (b"@font-face { font-family: x } .k{display:none}", b"<p class='k'>Hadoop</p>", "Python\n"),
])
def test_html_hidden_by_the_pages_own_style_rules(style, body, text):
    page = b"<!DOCTYPE html><html><head><style>" + style + b"</style></head><body>" + _SHOWN + body + b"</body></html>"
    assert read_bytes("profile.html", page).text == text


def test_html_style_elements_for_print_only_do_not_hide():
    page = b"<html><style media='print'>.k{display:none}</style><p>Python</p><p class='k'>Hadoop</p></html>"
    assert read_bytes("p.html", page).text == "Python\nHadoop\n"
    page = page.replace(b"'print'", b"'screen'")
    assert read_bytes("p.html", page).text == "Python\n"


@pytest.mark.parametrize("style", [
    b"{" * 1_000_000,  # one block that never closes
    b"}" * 1_000_000,
    b"/*" * 1_000_000,
    b"*" * 2_000_000,  # no brace at all: a scan for "text then brace" would rescan to the end from each place
    b"'a" * 1_000_000,
    b".k{" + b"display:" * 500_000 + b"}",
    b".k{" + b"display:none;" * 200_000 + b"}",  # one declaration, however often it is repeated
    b"".join(b".k.x%d{display:none}" % i for i in range(20_000)),  # over MAX_RULES, all filed under one class
])
def test_hostile_style_blocks_are_fast(style):
    page = (b"<html><style>" + style + b"</style>" + b"<p class='k x1 x2 x3'>Python</p>" * 2_000
            + b"<p>SQL</p></html>")
    start = time.perf_counter()
    text = read_bytes("page.html", page).text
    assert time.perf_counter() - start < 2
    assert text.endswith("SQL\n")


def test_html_is_known_by_its_content_and_by_its_name():
    assert read_bytes("resume.txt", b"<!doctype html><p>Python</p><p>SQL</p>").text == "Python\nSQL\n"
    assert read_bytes("resume.htm", b"<p>Python<p>SQL").text == "Python\nSQL\n"
    assert read_bytes("notes.md", b"Python <b>and</b> SQL\n").text == "Python <b>and</b> SQL\n"  # Markdown as is


@pytest.mark.parametrize(("page", "outcome"), [
    (b"<html>" + b"<a " * 50_000, "no-text"),  # html.parser on Python 3.11 takes minutes on this
    (b"<html>" + b"<!--" * 50_000, "no-text"),  # one comment that never closes
    (b"<html>" + b"</" * 50_000, "no-text"),
    (b"<html><body><![foo[ x ]]> Python</body></html>", "Python\n"),  # the bogus section is markup, not text
    (b"<html>" + b"<table><tr><td>" * 20_000 + b"Python", "too-deep"),
])
def test_hostile_html_is_fast_and_clean(page, outcome):
    start = time.perf_counter()
    try:
        result = read_bytes("page.html", page).text
    except ReadError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("page.html: ")
        result = exc.kind
    assert time.perf_counter() - start < 2
    assert result == outcome


def test_deeply_nested_html_is_its_own_error():
    page = b"<html><body>" + b"<div>" * 100_000 + b"Python" + b"</div>" * 100_000
    with pytest.raises(ReadError, match="nests elements over 256 deep") as caught:
        read_bytes("page.html", page)
    assert caught.value.kind == "too-deep"
    assert read_bytes("page.html", b"<div>" * 200 + b"Python").text == "Python\n"  # deep, but as pages go


# --- type sniffing, text, limits -------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "kind", "reason"), [
    ("resume.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported", "unsupported format (a PNG image)"),
    ("resume.rtf", b"{\\rtf1\\ansi Python}", "unsupported", "unsupported format (RTF): save as DOCX or PDF"),
    ("resume.doc", b"\x01\x02\x00\x00binary", "unsupported", "unsupported format (legacy Word .doc)"),
    ("resume.odt", b"\x01\x02\x00\x00binary", "unsupported", "unsupported format (OpenDocument text .odt)"),
    ("resume.txt", b"\x01\x02\x00\x00binary", "not-text", "not a text document"),
    ("resume.pdf", b"\x01\x02\x00\x00binary", "corrupt", "not a PDF file inside (damaged or misnamed?)"),
    ("resume.zip", _plain_zip(), "unsupported", "unsupported format (a ZIP archive, not a Word document)"),
])
def test_the_content_decides_the_format(name, data, kind, reason):
    with pytest.raises(ReadError) as caught:
        read_bytes(name, data)
    assert caught.value.kind == kind and caught.value.reason.startswith(reason), caught.value.reason


def test_utf16_without_bom_and_nul_bytes():
    assert read_bytes("r.txt", "Skills: Python\n".encode("utf-16-le")).text == "Skills: Python\n"
    with pytest.raises(ReadError, match="NUL bytes") as caught:
        read_bytes("r.txt", b"Skills: Python\x00\x00 and SQL")
    assert caught.value.kind == "not-text"


def test_text_limits(tmp_path):
    with pytest.raises(ReadError, match="the text is 300,001 characters, over the 300,000-character limit") as c:
        read_bytes("r.txt", b"Python\n" * 42857 + b"R\n")
    assert c.value.kind == "too-long"
    with pytest.raises(ReadError, match="line 2 is 100,000 characters long, over the 20,000-character limit") as c:
        read_bytes("r.txt", b"Skills\n" + b"x" * 100_000 + b"\n")
    assert c.value.kind == "line-too-long"
    assert read_bytes("r.txt", b"Python " * 2_000).text.startswith("Python")  # one long line of a real resume fits
    path = tmp_path / "r.txt"
    path.write_bytes(b"Python\n" * 10)
    assert read_document(path, max_chars=100).text.count("Python") == 10
    with pytest.raises(ReadError, match="over the 50-character limit"):
        read_document(path, max_chars=50)


# --- properties ------------------------------------------------------------------------------------------------

_PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xfe"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PREFIXES), st.binary(max_size=3000), st.sampled_from(["r.txt", "r.pdf", "r.docx", "r.html"]))
def test_any_bytes_read_or_fail_with_a_rolematch_error(prefix, data, name):
    try:
        document = read_bytes(name, prefix + data)
    except RolematchError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(name + ": ")
        return
    assert "\r" not in document.text and document.text.strip()


@pytest.fixture(scope="module")
def small_documents() -> list[bytes]:
    text = "Priya\nTECHNICAL SKILLS\nPython, SQL, Apache Spark\nEXPERIENCE\nData Scientist, 2019-2022\n"
    return [docgen.resume_pdf(text, running_header=None), docgen.resume_docx(text), html_page(text)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
       st.none() | st.integers(0, 10**6))
def test_damaged_documents_fail_with_a_rolematch_error(small_documents, which, flips, cut):
    data = bytearray(small_documents[which])
    for at, value in flips:
        data[at % len(data)] = value
    if cut is not None:
        data = data[: max(1, cut % (len(data) + 1))]
    data = bytes(data)
    try:
        document = read_bytes("damaged", data)
    except RolematchError:
        return
    profile = api.extract_bytes("damaged", data, as_of=AS_OF)
    assert_spans_hold(profile, document.text)


def _as_page(text: str) -> str:
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n")) + "</body></html>"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resumes(), st.sampled_from(["txt", "html"]))
def test_evidence_offsets_hold_in_the_extracted_text(resume, kind):
    """Resume-like text (skills from the taxonomy, degrees, titles, date ranges, random lines), saved as a text
    file or a web page: what was put in is found, and every offset holds in the text as read."""
    data = (_as_page(resume.text) if kind == "html" else resume.text).encode("utf-8")
    try:
        document = read_bytes(f"r.{kind}", data)
    except RolematchError as exc:  # the only kind of error that may escape; but this text is always readable
        assert not resume.text.strip(), exc
        return
    profile = api.extract_bytes(f"r.{kind}", data, as_of=AS_OF)
    assert profile.text == document.text
    assert_spans_hold(profile, document.text)
    assert_finds_what_was_put_in(profile, resume, same_offsets=False)


# --- the CLI: one line and exit 1 for every kind of error ------------------------------------------------------

@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.mark.parametrize(("name", "make", "kind", "reason"), CLI_ERRORS, ids=[c[2] + ":" + c[0] for c in CLI_ERRORS])
def test_every_error_kind_is_one_line_and_exit_1(run, tmp_path, name, make, kind, reason):
    path = tmp_path / name
    if make is not None:
        path.write_bytes(make())
    for command in (("extract", path), ("score", path), ("extract", "--show-text", path)):
        result = run(*command)
        assert result.exit_code == 1, command
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {path}: {reason}"), result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    result = run("extract", path, "--format", "json")
    assert json.loads(result.stdout)["kind"] == kind


def test_show_text_prints_what_the_pipeline_saw(run, tmp_path, versions):
    pdf = tmp_path / "resume.pdf"
    pdf.write_bytes(versions["two-columns.pdf"])
    result = run("extract", "--show-text", pdf)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == read_document(pdf).text
    evidence = json.loads(run("extract", pdf, "--format", "json").stdout)["skills"][0]["evidence"][0]
    assert result.stdout[evidence["start"]:evidence["end"]] == evidence["text"]

    docx = tmp_path / "resume.docx"
    docx.write_bytes(versions["table-layout.docx"])
    result = run("extract", "--show-text", pdf, docx, "--format", "json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in rows] == [str(pdf), str(docx)] and rows[1]["text"] == read_document(docx).text
    result = run("extract", "--show-text", pdf, docx)
    assert result.stdout.startswith(f"==> {pdf} <==\n") and f"\n==> {docx} <==\n" in result.stdout


def test_a_bad_document_does_not_stop_the_others(run, tmp_path, versions):
    good = tmp_path / "good.pdf"
    good.write_bytes(versions["resume.pdf"])
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(docgen.scanned_pdf(1))
    result = run("score", scan, good, "--format", "json")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["kind"] == "no-text-layer" and rows[1]["roles"]
