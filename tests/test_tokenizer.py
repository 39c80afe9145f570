"""The pipeline's tokenizer, its cache filled with the permanent vocabulary, gives exactly the tokens of the same
rules with no cache, on any text."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokenizer import Tokenizer

from rolematch.extract.pipeline import get_pipeline


@functools.lru_cache(maxsize=1)
def uncached_tokenizer() -> Tokenizer:
    t = get_pipeline().tokenizer
    return Tokenizer(t.vocab, rules=t.rules, prefix_search=t.prefix_search, suffix_search=t.suffix_search,
                     infix_finditer=t.infix_finditer, token_match=t.token_match, url_match=t.url_match,
                     max_cache_size=0)


def tokens_of(tokenizer, text: str) -> list[tuple[str, str, int]]:
    with get_pipeline().memory_zone():  # as extraction runs: the text's new words are freed
        return [(t.text, t.whitespace_, t.idx) for t in tokenizer(text)]


def spacy_tokens(text: str) -> list[tuple[str, str, int]]:
    return tokens_of(uncached_tokenizer(), text)


def cached_tokens(text: str) -> list[tuple[str, str, int]]:
    return tokens_of(get_pipeline().tokenizer, text)


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


def test_permanent_words_are_found_not_made_in_a_zone():
    nlp = get_pipeline()
    lexemes = len(nlp.vocab)  # counts every lexeme ever made, the freed ones too
    text = "Python, SQL and C# at Google since Jan. 2019 (EXPERIENCE): Machine Learning, the team\n\n"
    assert cached_tokens(text) == spacy_tokens(text)
    assert len(nlp.vocab) == lexemes
    cached_tokens("Zorblax")
    assert len(nlp.vocab) == lexemes + 1 and "Zorblax" not in nlp.vocab  # a new word: made, then freed


_ALPHABET = st.sampled_from(list("aZ9 \n\t\u00a0\u2003.,;:!?-–/\\()[]'\"#+@%$&*•➢_~") +
                            ["C#", "e.g.", "don't", "a.m.", ":)", "Jan.", "http://x.io/a", "Mr.", "'s", "n't", "  "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_any_text_tokenizes_as_spacy_does(text):
    assert cached_tokens(text) == spacy_tokens(text)
