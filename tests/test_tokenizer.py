"""The pipeline's chunk cache gives exactly the tokens of the spaCy tokenizer it wraps, on any text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolematch.extract.pipeline import ChunkCache, get_pipeline


def spacy_tokens(text: str) -> list[tuple[str, str, int]]:
    return [(t.text, t.whitespace_, t.idx) for t in get_pipeline().tokenizer.tokenizer(text)]


def cached_tokens(text: str, tokenizer: ChunkCache | None = None) -> list[tuple[str, str, int]]:
    return [(t.text, t.whitespace_, t.idx) for t in (tokenizer or get_pipeline().tokenizer)(text)]


@pytest.mark.parametrize("text", [
    "",
    " ",
    "  ",
    "\n",
    " leading space",
    "  two leading spaces",
    "trailing space ",
    "two trailing spaces  ",
    "trailing newline\n",
    "a  b   c",
    "tab\tand\nnewline \n \tmixed",
    "no-break\u00a0space, em\u2003space and ideographic\u3000space",
    "Skills: C#, C++/Java, Python,R, Spring(Basics) •SQL ➢Excel",
    "e.g. don't, can't, I'm at 9 a.m. :) Jan. 2019 – Present",
    "https://github.com/someone/repo, someone@example.com, www.example.org.",
    "(B.Tech.) M.Sc, Ph.D; MBA/PGDM",
    "\"quoted\" 'single' «guillemets» [brackets] {braces}",
    "2019-2021 05/2018 12.5% $100k 3+ years",
])
def test_tricky_texts(text):
    assert cached_tokens(text) == spacy_tokens(text)


@pytest.mark.parametrize(("text", "tokens"), [
    ("Degree (BE): 2019", ["Degree", "(", "BE", ")", ":", "2019"]),  # not the emoticon "):"
    ("Skills: C#, F#", ["Skills", ":", "C#", ",", "F#"]),
    ("e.g. Jan. 2019", ["e.g.", "Jan.", "2019"]),
])
def test_special_cases(text, tokens):
    assert [t.text for t in get_pipeline().tokenizer(text)] == tokens


def test_a_cached_chunk_reads_the_same_the_second_time():
    tokenizer = ChunkCache(get_pipeline().tokenizer.tokenizer)
    text = "Python, SQL and C# (e.g. pandas) at Acme Inc. since Jan. 2019\n"
    first = cached_tokens(text, tokenizer)
    assert cached_tokens(text, tokenizer) == first == spacy_tokens(text)
    assert tokenizer._chunk.cache_info().hits > 0


_ALPHABET = st.sampled_from(list("aZ9 \n\t\u00a0\u2003.,;:!?-–/\\()[]'\"#+@%$&*•➢_~") +
                            ["C#", "e.g.", "don't", "a.m.", ":)", "Jan.", "http://x.io/a", "Mr.", "'s", "n't", "  "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_any_text_tokenizes_as_spacy_does(text):
    assert cached_tokens(text) == spacy_tokens(text)
