"""Text made to be slow is read in linear time: long runs of punctuation in front of the tokenizer, long lines of
spaced letters in front of the heading pattern. Each case must finish far under its time budget."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF

from rolematch import api
from rolematch.extract.patterns import heading_key
from rolematch.extract.pipeline import LONG_CHUNK, get_pipeline, make_doc

SPACED = "\n".join(" ".join("abcdefghijklmnopqrstuvwxyz"[(i + j) % 26] for j in range(29)) + " !"
                   for i in range(1600))  # ~98 KB of lines of 60 characters: 161 s before the pattern was linear


@pytest.mark.parametrize(("what", "text", "budget"), [
    ("runs of opening brackets before digits", "\n".join(c * 19_990 + "123" for c in "([{") + "\n", 10),
    ("runs of closing punctuation", "\n".join(c * 19_990 for c in ").,;:!?") + "\n", 10),
    ("spaced letters that are no heading", SPACED, 5),
    ("a long word glued to punctuation", ("Python" * 3000 + "," * 2000 + "\n") * 3, 10),
])
def test_hostile_text_is_read_in_linear_time(what, text, budget):
    api.warm_up()
    started = time.perf_counter()
    profile = api.extract_text(text, "hostile.txt", as_of=AS_OF)
    assert time.perf_counter() - started < budget, what
    assert profile.degrees == () and profile.experience_years is None


@pytest.mark.parametrize(("line", "key"), [
    ("E X P E R I E N C E", "experience"),
    ("W O R K  H I S T O R Y", "work history"),
    ("S K I L L S:", "skills"),
    ("T E C H N I C A L\tS K I L L S", "technical skills"),
    ("A B C", "a b c"),  # three letters: an abbreviation, not a spaced word
    ("a b c d e f g h !", "a b c d e f g h !"),
])
def test_letter_spaced_headings_are_joined(line, key):
    assert heading_key(line) == key


def test_a_spaced_heading_still_opens_its_section(extract):
    profile = extract("Priya Raghavan\n\nS K I L L S\nPython, SQL\n\nE X P E R I E N C E\nData Scientist, Acme\n")
    assert [(hit.id, hit.evidence[0].section) for hit in profile.skills] == [("python", "skills"), ("sql", "skills")]
    assert [(t.title, t.section) for t in profile.titles] == [("Data Scientist", "experience")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet="([{-.,;:!?ab1 \n", min_size=1, max_size=30),
                          st.builds(lambda c, n: c * n, st.sampled_from("([-.,ab"), st.integers(LONG_CHUNK - 5, 900))),
                min_size=1, max_size=12))
def test_long_chunks_keep_the_text_and_every_offset(parts):
    text = "".join(parts)
    nlp = get_pipeline()
    with nlp.memory_zone():
        doc = make_doc(nlp, text)
        assert doc.text == text
        assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
        if max((len(chunk) for chunk in text.split()), default=0) < LONG_CHUNK:
            assert [(t.text, t.idx) for t in doc] == [(t.text, t.idx) for t in nlp.make_doc(text)]
