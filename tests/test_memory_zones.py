"""spaCy frees each call's new words in a memory zone, which belongs to the whole vocabulary: no zone may outlive its
call, and threads must not lose each other's words."""

from __future__ import annotations


from conftest import AS_OF, SAMPLES

from helpers import extract_in_threads
from rolematch import api
from rolematch.extract.pipeline import get_pipeline

TEXTS = [(SAMPLES / name).read_text(encoding="utf-8") + f"\nProject codenames: Zq{i}vex, Blorp{i}nik, Quaxel{i}.\n"
         for i in range(6) for name in ("data_scientist.txt", "hr_executive.txt")]


def profile_of(text: str) -> dict:
    return api.extract_text(text, "t.txt", as_of=AS_OF).to_dict()


def test_no_zone_outlives_its_call(tmp_path):
    paths = []
    for i, text in enumerate(TEXTS[:2]):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    files = api.each([api.Source.from_path(p) for p in paths], api.extract, api.Options(as_of=AS_OF))
    next(files)  # a caller that stops half-way must not leave a zone open for whatever runs next
    assert not get_pipeline().vocab.in_memory_zone
    profile_of(TEXTS[3])
    assert "Zq1vex" not in get_pipeline().vocab  # the call's new words were freed


def test_threads_extract_what_one_thread_does():
    assert extract_in_threads(TEXTS, rounds=3) == []
