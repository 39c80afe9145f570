from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("ROLEMATCH_CACHE_DIR", tempfile.mkdtemp(prefix="rolematch-cache-"))  # keep tests out of ~/.cache

from helpers import AS_OF, GOLDEN, ROOT, SAMPLES  # noqa: E402,F401  (test modules still import these from here)


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
