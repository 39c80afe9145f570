from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = date(2026, 11, 1)
os.environ.setdefault("ROLEMATCH_CACHE_DIR", tempfile.mkdtemp(prefix="rolematch-cache-"))  # keep tests out of ~/.cache  # "Present" in work history, pinned so results do not drift with the calendar



def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def extract():
    """extract(text) -> Profile, with the date pinned."""
    from rolematch.api import extract_text

    def run(text: str):
        return extract_text(text, "test.txt", as_of=AS_OF)

    return run
