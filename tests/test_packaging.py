"""`pip install .` must ship the data: the wheel carries skills/ and reports/templates/ inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


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
