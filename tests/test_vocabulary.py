"""The permanent vocabulary: made once outside any memory zone, never while another thread extracts, not at all for
a process that extracts one document; it changes no profile."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, SAMPLES

from helpers import extract_in_threads
from rolematch.extract import pipeline

TEXTS = [(SAMPLES / name).read_text(encoding="utf-8") + f"\nCodenames: Vorn{i}ex, Plimquat{i}.\n"
         for i in range(4) for name in ("data_scientist.txt", "hr_executive.txt")]


def run_fresh(code: str) -> str:
    """`code` in a fresh interpreter, where nothing has made the permanent vocabulary yet."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env,
                          cwd=ROOT).stdout


def test_one_document_does_not_make_it_and_it_changes_no_profile():
    out = run_fresh(
        "import json\n"
        "from datetime import date\n"
        "from rolematch import api\n"
        "from rolematch.extract import pipeline\n"
        f"text = open({str(SAMPLES / 'data_scientist.txt')!r}, encoding='utf-8').read()\n"
        "before = api.extract_text(text, 't.txt', as_of=date(2026, 11, 1)).to_dict()\n"
        "made = pipeline._add_permanent_vocabulary.cache_info().currsize\n"
        "pipeline.get_pipeline()\n"
        "after = api.extract_text(text, 't.txt', as_of=date(2026, 11, 1)).to_dict()\n"
        "print(json.dumps([made, pipeline._add_permanent_vocabulary.cache_info().currsize, before == after]))\n")
    assert out.strip() == "[0, 1, true]"


def test_made_while_other_threads_extract():
    """Made under the vocabulary lock: a thread's zone never takes the permanent words with it, and no thread loses
    its words to them."""
    pipeline._add_permanent_vocabulary.cache_clear()  # made again below (the same words: nothing is lost)
    made = []
    assert extract_in_threads(TEXTS, rounds=2, meanwhile=lambda: made.append(pipeline.get_pipeline())) == []
    nlp = made[0]
    assert not nlp.vocab.in_memory_zone
    assert "Vorn0ex" not in nlp.vocab and "the" in nlp.vocab and "Experience" in nlp.vocab
