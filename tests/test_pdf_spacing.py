"""Words that a PDF positions without a space glyph between them (web resume builders render HTML to PDF so)
come out separated; letter-spaced headings and justified lines are not split. The PDFs are made here
(docgen.spaceless_pdf), with the gap between words as a share of the font size."""

from __future__ import annotations

import docgen
import pypdfium2 as pdfium
import pytest
from rolematch import api

LINES = ["Electrical and Computer Engineering", "Senior data analyst at Kirana Analytics",
         "Built demand forecasting models in Python and SQL", "Master of Science in Statistics"]


def read(data: bytes) -> str:
    return api.read(api.Source.from_bytes("resume.pdf", data)).text


def pdfium_alone(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


@pytest.mark.parametrize("how", ["objects", "glyphs", "tj"])
@pytest.mark.parametrize("word_gap", [0.15, 0.16, 0.2, 0.278])
def test_words_without_space_glyphs_come_out_separated(how, word_gap):
    data = docgen.spaceless_pdf([(40, 60 + 16 * i, line) for i, line in enumerate(LINES)], how=how,
                                word_gap=word_gap)
    assert read(data) == "\n".join(LINES) + "\n"


def test_pdfium_alone_glues_those_words():  # what the reader adds: without it the test above would not bite
    data = docgen.spaceless_pdf([(40, 60 + 16 * i, line) for i, line in enumerate(LINES)], word_gap=0.15)
    assert "ComputerEngineering" in pdfium_alone(data) or "dataanalyst" in pdfium_alone(data)


def test_two_columns_of_spaceless_words_read_column_by_column():
    left = ["TECHNICAL SKILLS", "Python and SQL", "Apache Spark", "Power BI dashboards", "EDUCATION",
            "Master of Science", "University of Hyderabad"]
    right = ["WORK EXPERIENCE", "Senior data analyst at Infosys", "Built churn models for retail banks",
             "Led a team of four analysts", "Data Engineer at Wipro", "Moved reporting to Snowflake",
             "Cut nightly load time by half"]
    rows = [(40, 80 + 16 * i, text) for i, text in enumerate(left)]
    rows += [(300, 80 + 16 * i, text) for i, text in enumerate(right)]
    rows.sort(key=lambda row: (row[1], row[0]))  # drawn row by row across both columns, as builders do
    text = read(docgen.spaceless_pdf(rows, how="glyphs", word_gap=0.16))
    assert text == "\n".join(left + right) + "\n"


@pytest.mark.parametrize(("line", "char_spacing", "font_size"), [
    ("SKILLS", 3, 12),  # a heading letter-spaced by a quarter of its size
    ("PROFESSIONAL EXPERIENCE", 2.5, 11),
    ("Certified Scrum Master", 1.2, 10),
])
def test_letter_spaced_words_are_not_split(line, char_spacing, font_size):
    for how in ("glyphs", "tj"):
        data = docgen.spaceless_pdf([(40, 60, line)], how=how, char_spacing=char_spacing, font_size=font_size,
                                    word_gap=0.3 + char_spacing / font_size)
        assert read(data) == line + "\n", how


@pytest.mark.parametrize("word_gap", [0.5, 0.8, 1.2])
def test_justified_lines_get_one_space_between_words(word_gap):
    lines = ["Designed and deployed a recommendation service", "serving three million requests a day"]
    data = docgen.spaceless_pdf([(40, 60 + 14 * i, line) for i, line in enumerate(lines)], how="tj",
                                word_gap=word_gap)
    assert read(data) == " ".join(lines) + "\n" if word_gap < 1 else read(data).split() == " ".join(lines).split()


def test_runs_found_a_page_at_a_time_equal_the_loop_over_characters(monkeypatch):
    """_runs finds runs with numpy in a few rounds and hands a page needing more to _runs_loop: both read alike,
    on one column and on two columns drawn row by row; a staircase of letters (a round for each) goes to the loop."""
    from rolematch.formats import pdf as pdf_format

    # Letters side by side, each 7 pt lower: each is off the line of the run before, found one round at a time
    stairs = docgen.glyph_pdf([[(40 + 6 * i, 100 + 7 * i, "x") for i in range(20)] + [(40, 400, LINES[0])]])
    documents = [docgen.resume_pdf("\n".join(LINES * 6)), docgen.resume_pdf("\n".join(LINES * 6), columns=2), stairs]
    by_numpy = [read(data) for data in documents]
    assert by_numpy[2].split("\n")[:21] == ["x"] * 20 + [LINES[0]]
    monkeypatch.setattr(pdf_format, "_SPLIT_ROUNDS", 0)  # every page to the loop
    assert [read(data) for data in documents] == by_numpy
