"""How common a word or phrase is in English, on wordfreq's Zipf scale. The skills component asks it before
fuzzing a list item, so that an everyday word is never read as a skill with a typo ("window" is not Windows).

wordfreq's English table is kept as JSON in rolematch's cache folder: importing wordfreq costs a tenth of a second
of every cold start, reading the table back ten milliseconds.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import re
from pathlib import Path

from ..resources import cache_dir, write_cache

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@functools.lru_cache(maxsize=65536)  # list items repeat across resumes ("MS Office", "Windows 7")
def zipf(phrase: str) -> float:
    """How common `phrase` is in English on wordfreq's Zipf scale: log10 of its frequency per billion words,
    a phrase's frequency combining its words' as wordfreq does (1/f = sum of 1/f_i); 0 for an unknown word."""
    frequencies = english_frequencies()
    words = _WORD.findall(phrase.casefold())
    if not words or any(w not in frequencies for w in words):
        return 0.0
    return math.log10(1 / sum(1 / frequencies[w] for w in words)) + 9


@functools.lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies, read from the cache folder; keyed by the installed data file, so an
    upgrade of wordfreq builds the cache again."""
    spec = importlib.util.find_spec("wordfreq")
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "small_en.msgpack.gz"
    try:
        stamp = data.stat()
        cache = cache_dir() / f"wordfreq-small-en-{stamp.st_size}-{stamp.st_mtime_ns}.json"
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    from wordfreq import get_frequency_dict  # only when the cache is missing: the import is the slow part

    frequencies = get_frequency_dict("en", wordlist="small")
    if data.exists():
        write_cache(cache, json.dumps(frequencies))
    return frequencies
