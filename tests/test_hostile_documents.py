"""Documents made to be slow are refused before the slow part: a PDF page no resume has (tens of thousands of
characters or lines) is `too-complex` at once, whatever door it comes through."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from docgen import docx_of_empty_paragraphs, html_with_attributes, pdf_of_lines
from rolematch import api
from rolematch.cli import cli
from rolematch.errors import ReadError


def refused(name: str, data: bytes) -> ReadError:
    """The error reading `data` gives, which must come within 2 s: before the slow part."""
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        api.read(api.Source.from_bytes(name, data))
    assert time.perf_counter() - started < 2
    return caught.value


@pytest.mark.parametrize(("lines", "says"), [
    (32_000, "page 1 holds 95,998 characters, over the 50,000 a resume page holds (is it a resume?)"),
    (2_000, "page 1 holds 2,000 lines, over the 1,000 a resume page holds (is it a resume?)"),
])
def test_a_pdf_page_no_resume_has_is_refused_at_once(lines, says, tmp_path):
    data = pdf_of_lines(lines)
    error = refused("lines.pdf", data)
    assert (error.kind, str(error)) == ("too-complex", f"lines.pdf: {says}")
    path = tmp_path / "lines.pdf"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["score", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {path}: {says}\n")


def test_a_long_page_of_real_lines_is_read(tmp_path):
    text = api.read(api.Source.from_bytes("ok.pdf", pdf_of_lines(900, per_line="Python", gap=8))).text
    assert text.count("Python") == 900


def test_the_page_limits_are_options():
    data = pdf_of_lines(300)
    with pytest.raises(ReadError, match="300 lines, over the 100"):
        api.read(api.Source.from_bytes("x.pdf", data), api.Options(limits=api.Limits(max_page_lines=100)))


def test_a_docx_of_millions_of_empty_paragraphs_is_refused_before_it_is_parsed():
    error = refused("paragraphs.docx", docx_of_empty_paragraphs(2_000_000))
    assert (error.kind, error.reason) == (
        "too-complex", "the DOCX holds over 400,000 XML tags, far more than a resume (is it a resume?)")


@pytest.mark.parametrize("attributes", [1_001, 80_000, 500_000])
def test_an_html_element_with_thousands_of_attributes_is_refused_before_it_is_parsed(attributes):
    error = refused("page.html", html_with_attributes(attributes))
    assert (error.kind, error.reason) == (
        "too-complex", "an HTML element holds over 1,000 attributes: not a page a browser saved")


def test_a_page_of_many_ordinary_elements_is_read():
    page = "<!doctype html>" + "".join(f'<p class="c{i}" id="i{i}" style="margin:0">Python {i}</p>' for i in range(5_000))
    assert api.read(api.Source.from_bytes("ok.html", page.encode())).text.count("Python") == 5_000
