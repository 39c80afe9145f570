"""`pip install .` must ship the data: the wheel carries skills/ and reports/templates/ inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # each test builds a wheel


def test_wheel_contains_the_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("rolematch-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "rolematch/_data/skills/config.toml" in names
    assert "rolematch/_data/skills/roles/data_scientist.toml" in names
    assert any(n.startswith("rolematch/_data/skills/taxonomy/") and n.endswith(".yml") for n in names)
    assert "rolematch/_data/skills/patterns/degrees.yml" in names
    assert any(n.startswith("rolematch/_data/templates/") for n in names)
    assert "rolematch/cli.py" in names


def test_the_installed_wheel_works_from_any_directory(tmp_path):
    """The wheel installed on its own (no source tree on the path) scores a resume from `/`, on its packaged data."""
    import os

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("rolematch-*.whl")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "ROLEMATCH_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ROLEMATCH_SKILLS_DIR", None)
    where = subprocess.run([sys.executable, "-c", "import rolematch.resources as r; print(r.SKILLS_DIR)"],
                           cwd="/", env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(target / "rolematch" / "_data" / "skills")
    result = subprocess.run([sys.executable, "-m", "rolematch", "score", str(ROOT / "samples" / "data_scientist.txt"),
                             "--format", "json"], cwd="/", env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert '"id": "data-scientist"' in result.stdout
