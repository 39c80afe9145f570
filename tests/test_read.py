"""Reading: encodings, newlines, stdin, and untrusted bytes."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import AS_OF, assert_finds_what_was_put_in, assert_spans_hold, resumes
from rolematch import api
from rolematch.api import extract_text
from rolematch.errors import ReadError, RolematchError
from rolematch.models import Document
from rolematch.read import decode, read_bytes, read_document

TEXT = "Résumé — Priya\nSkills: Python, SQL\n"


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    (TEXT.encode("cp1252"), None),  # a legacy code page: charset-normalizer picks one that decodes it right
    ("Naïve Bayes, résumé – café “quoted”\n".encode("cp1252"), None),  # not cp1250's "Naďve"
    (b"\xe9t\xe9 r\xe9sum\xe9 \x93quoted\x94\n", None),
    ("Résumé de Jean-François, ingénieur données\n".encode("latin-1"), None),
])
def test_encodings(data, encoding):
    document = read_bytes("resume.txt", data)
    assert document.text == data.decode(encoding or "cp1252").lstrip("\ufeff")
    if encoding:
        assert document.encoding == encoding


def test_a_utf8_file_with_one_cp1252_line_keeps_its_utf8():
    # decoded whole as a legacy code page, "Résumé" became "R√©sum√©" (charset-normalizer said mac_roman)
    data = ("Résumé — Priya Raghavan\nnaïve Bayes, Zürich office\n".encode("utf-8")
            + "Pasted: café “Le Nord” menu model\r\n".encode("cp1252")
            + "Skills: Python, SQL\n".encode("utf-8"))
    document = read_bytes("resume.txt", data)
    assert document.text == ("Résumé — Priya Raghavan\nnaïve Bayes, Zürich office\n"
                             "Pasted: café “Le Nord” menu model\nSkills: Python, SQL\n")
    assert document.encoding == "utf-8+cp1252"


def test_a_legacy_file_with_one_utf8_looking_line_is_still_legacy():
    data = "Résumé\nCafé, naïve, Zürich\n".encode("cp1252") + "Zürich\n".encode("utf-8")  # mostly cp1252
    assert not read_bytes("resume.txt", data).encoding.startswith("utf-8+")
    assert read_bytes("resume.txt", b"ASCII only\n" * 5 + b"caf\xe9\n").text == "ASCII only\n" * 5 + "café\n"


_LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"),
                max_size=60)
_CP1252_LINE = st.text(st.characters(codec="cp1252", blacklist_characters="\r\n"), max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.tuples(st.just("utf-8"), _LINE), st.tuples(st.just("cp1252"), _CP1252_LINE)),
                max_size=12))
def test_any_mix_of_utf8_and_cp1252_lines_decodes_cleanly(lines):
    data = b"".join(text.encode(encoding) + b"\n" for encoding, text in lines)
    try:
        text, encoding = decode("mix.txt", data)
        read_bytes("mix.txt", data)
    except RolematchError:
        return
    assert isinstance(text, str)
    if encoding.startswith("utf-8+"):  # decoded line by line: the UTF-8 lines come back as written
        decoded = text.split("\n")
        assert [decoded[n] for n, (enc, _) in enumerate(lines) if enc == "utf-8"] == [
            line for enc, line in lines if enc == "utf-8"]


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=500))
def test_pure_utf8_round_trips(text):
    assert decode("u.txt", text.encode("utf-8")) == (text, "utf-8")


def test_windows_newlines_are_normalised():
    assert read_bytes("r.txt", b"a\r\nb\rc\n").text == "a\nb\nc\n"


@pytest.mark.parametrize(("data", "kind"), [
    (b"", "no-text"),
    (b" \n\t ", "no-text"),
    (b"%PDF-1.4 rest", "corrupt"),  # read as a PDF (the content decides), and this one is truncated
    (b"PK\x03\x04 zip", "corrupt"),  # a ZIP that is not even a whole archive
    (b"{\\rtf1\\ansi Python}", "unsupported"),
    (b"abc\x00def", "not-text"),
])
def test_unreadable_bytes(data, kind):
    with pytest.raises(ReadError) as caught:
        read_bytes("r.txt", data)
    assert caught.value.kind == kind and str(caught.value).startswith("r.txt: ")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="is a directory"):
        read_document(tmp_path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(ReadError, match="over the 1,000-byte limit"):
        read_document(path, max_bytes=1000)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_read_or_fail_cleanly(data):
    try:
        document = read_bytes("fuzz.txt", data)
    except RolematchError:
        return
    assert isinstance(document.text, str) and "\r" not in document.text and document.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resumes())
def test_resume_like_text_gives_what_was_put_in_at_its_offsets(resume):
    """Skill lists of names and aliases from the taxonomy, hedged and negated skills, degrees, job titles and date
    ranges under their headings, between random lines: each is found where it was put, and every span holds."""
    # the extraction stage on the text as given (pasted text would first be tidied: its control characters go)
    profile = api.extract_document(Document("t.txt", resume.text, "str"), api.Options(as_of=AS_OF))
    assert_spans_hold(profile, resume.text)
    assert_finds_what_was_put_in(profile, resume)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_any_text_extracts_with_offsets_that_hold(text):
    try:
        profile = extract_text(text, as_of=AS_OF)
    except RolematchError:  # empty, or a line too long to be a resume: the same for pasted text as for a file
        return
    assert_spans_hold(profile, profile.text)  # as read: every offset refers to it


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Python", "R", ", ", "C", "\n", "B.E.", "Go", " ", "SKILLS\n", "2016-2019", "(",
                                 "Basic knowledge of", "Sr.", "Data Scientist", "not", ".", "Mr.", "&", "C++", "#"]),
                max_size=60))
def test_resume_like_noise_keeps_offsets(parts):
    try:
        profile = extract_text("".join(parts), as_of=AS_OF)
    except RolematchError:
        return
    assert_spans_hold(profile, profile.text)


@pytest.mark.parametrize(("text", "skills"), [
    (" " * 50_000, {}), ("." * 50_000, {}), ("1" * 50_000, {}),
    ("B.E. " * 10_000, {}),  # "BE" is a degree only in context: education, a field, a year
    ("2016-" * 10_000, {}), ("Jan 2010 - " * 5_000, {}),  # ranges from a year or month to itself: no time at all
    ("Python, " * 10_000, {"python": 10_000}),
    ("a" * 100_000, {}),
])
def test_adversarial_text_is_linear(text, skills):
    import time

    start = time.perf_counter()
    # past read.py's line limit: extraction itself is linear
    profile = api.extract_document(Document("t.txt", text, "str"), api.Options(as_of=AS_OF))
    assert time.perf_counter() - start < 10  # generous: catastrophic backtracking takes minutes, not seconds
    assert {hit.id: len(hit.evidence) for hit in profile.skills} == skills
    assert (profile.degrees, profile.titles, profile.certifications, profile.negated_skills) == ((), (), (), ())
    assert {c.months for c in profile.experience} <= {0} and profile.experience_years is None
