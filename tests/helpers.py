"""What several test modules share: paths, the sample resume, hostile documents, a resume as a web page.
Test modules import from here (or take conftest's fixtures), never from one another."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docgen

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = date(2026, 11, 1)  # "Present" in work history, pinned so results do not drift with the calendar
SAMPLE_TEXT = (SAMPLES / "data_scientist.txt").read_text(encoding="utf-8")


def html_page(text: str) -> bytes:
    """A resume as a saved job-board page: markup, a script and a style that must not leak into the text."""
    head, body = docgen.sections(text)
    parts = ["<!DOCTYPE html><html><head><title>Profile | JobBoard</title><style>li{color:red}</style>",
             "<script>var skills = ['Kubernetes', 'Hadoop'];</script></head><body>",
             *[f"<div>{line}</div>" for line in head]]
    for heading, lines in body:
        parts.append(f"<h2>{heading}</h2><ul>")
        parts += [f"<li>{line.lstrip('- ')}</li>" for line in lines if line.strip()]
        parts.append("</ul>")
    parts.append('<div hidden>Hadoop Kafka</div><div style="display:none">Kubernetes</div></body></html>')
    return "\n".join(parts).replace("&", "&amp;").encode("utf-8")


CLI_ERRORS = [  # (file name, bytes or a maker, kind, reason): one of every kind of document that cannot be read
    ("missing.pdf", None, "unreadable", "no such file"),
    ("big.txt", lambda: b"Python\n" * (10 * 1024 * 1024 // 7 + 1), "too-large",
     "file is 10,485,762 bytes, over the 10,485,760-byte limit"),
    ("long.txt", lambda: b"Python\n" * 50_000, "too-long", "the text is 350,000 characters, over the 300,000"),
    ("line.txt", lambda: b"Skills " * 20_000, "line-too-long", "line 1 is 140,000 characters long"),
    ("blank.docx", lambda: docgen.resume_docx("  \n", layout="flow", header=None, footer=None), "no-text",
     "the document is empty or holds only whitespace"),
    ("binary.txt", lambda: bytes(range(256)) * 4, "not-text", "not a text document"),
    ("scan.pdf", lambda: docgen.scanned_pdf(1), "no-text-layer", "no text layer (scanned PDF?)"),
    ("locked.pdf", lambda: docgen.encrypt_pdf(docgen.resume_pdf(SAMPLE_TEXT)), "encrypted",
     "the PDF is password-protected"),
    ("locked.docx", docgen.encrypted_docx, "encrypted", "the Word document is password-protected"),
    ("cut.pdf", lambda: docgen.resume_pdf(SAMPLE_TEXT)[:1500], "corrupt", "the PDF is truncated"),
    ("cut.docx", lambda: docgen.resume_docx(SAMPLE_TEXT)[:9000], "corrupt", "the DOCX is damaged or truncated"),
    ("bomb.docx", lambda: docgen.zip_bomb_docx(60 * 1024 * 1024), "zip-bomb", "the DOCX unpacks to 6"),
    ("nested.html", lambda: b"<div>" * 1000, "too-deep", "the HTML nests elements over 256 deep"),
    ("old.doc", docgen.legacy_doc, "unsupported", "unsupported format (legacy Word .doc): save as DOCX or PDF"),
    ("resume.rtf", lambda: b"{\\rtf1 Python}", "unsupported", "unsupported format (RTF): save as DOCX or PDF"),
    ("resume.odt", docgen.odt, "unsupported", "unsupported format (OpenDocument text .odt): save as DOCX or PDF"),
]


def spans(profile) -> list:
    """Every located finding of a profile: skill evidence, degrees, titles, certifications, experience claims."""
    found = [e for hit in profile.skills + profile.negated_skills for e in hit.evidence]
    return found + list(profile.degrees) + list(profile.titles) + list(profile.certifications) + \
        list(profile.experience)
