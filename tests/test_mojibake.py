"""Mojibake (UTF-8 read as cp1252 or latin-1 before it reached rolematch) is repaired in every format, pasted text
and files alike, before extraction: the Document text is the repaired text and every offset refers to it. Text
that is already right is never changed."""

from __future__ import annotations

import docgen
import pytest
from rolematch import api
from rolematch.read import repair_mojibake


@pytest.mark.parametrize(("broken", "repaired"), [
    ("Skills Â· Python Â· SQL", "Skills · Python · SQL"),
    ("Itâ€™s my second role", "It’s my second role"),
    ("â€œData-drivenâ€\x9d decisions", "“Data-driven” decisions"),
    ("Jan 2019 â€“ Dec 2021", "Jan 2019 – Dec 2021"),
    ("Priya â€¢ Python â€¢ SQL", "Priya • Python • SQL"),
    ("Ã‰cole Polytechnique, MÃ¼nchen", "École Polytechnique, München"),
    ("Budget of Â£5m", "Budget of £5m"),
    ("RÃ©sumÃ© of a naÃ¯ve analyst", "Résumé of a naïve analyst"),
])
def test_mojibake_is_repaired(broken, repaired):
    assert repair_mojibake(broken) == repaired


@pytest.mark.parametrize("right", [
    "Résumé", "naïve café", "Curriculum Vitæ", "São Paulo – Zürich", "“quoted” and ‘single’", "don’t",
    "नमस्ते, मैं डेटा विश्लेषक हूँ", "数据分析师，北京", "Â", "Ångström • 5 µm", "C++ / C# — 2020",
    "ﬁnance", "plain ASCII text",
])
def test_text_that_is_right_is_never_changed(right):
    assert repair_mojibake(right) == right


@pytest.mark.parametrize("door", ["text", "txt", "docx", "pdf"])
def test_every_door_reads_the_repaired_text_with_exact_offsets(door):
    broken = "Data Analyst\nSkills: Python Â· SQL Â· Tableau\nItâ€™s NumPy and Excel work\n"
    if door == "text":
        source = api.Source.from_text(broken, "paste")
    elif door == "txt":
        source = api.Source.from_bytes("r.txt", broken.encode("utf-8"))
    elif door == "docx":
        source = api.Source.from_bytes("r.docx", docgen.resume_docx(broken, layout="flow", header=None))
    else:
        source = api.Source.from_bytes("r.pdf", docgen.glyph_pdf([[(40, 40 + 14 * i, line) for i, line in
                                                                  enumerate(broken.splitlines())]]))
    document = api.read(source)
    assert "Python · SQL · Tableau" in document.text and "It’s NumPy" in document.text
    profile = api.extract(source)
    assert {"python", "sql", "tableau", "numpy"} <= {s.id for s in profile.skills}
    for skill in profile.skills:
        for evidence in skill.evidence:
            assert document.text[evidence.start:evidence.end] == evidence.text
