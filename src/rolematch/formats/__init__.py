"""Text out of document formats (PDF, DOCX, HTML). Only rolematch.read calls these: `read_bytes` is the interface.

Each module turns a document's bytes into its text and raises ReadError naming the file and the reason; the
shared tidying (newlines, ligatures, soft hyphens, odd spaces and bullets) and the length checks happen in read.py.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one document. A resume is a few pages: anything far past these is a mistake or an attack."""

    max_bytes: int = 10 * MB  # the file as given
    max_chars: int = 300_000  # the extracted text (a long resume is ~20,000)
    max_line_chars: int = 20_000  # one line of it (a whole resume run together on one line still fits)
    max_pages: int = 50  # PDF pages
    max_unzipped_bytes: int = 50 * MB  # a DOCX unpacked, every part together
    max_zip_entries: int = 5_000  # files inside a DOCX (Word writes a few dozen)
    max_xml_tags: int = 400_000  # XML tags in a DOCX, every part together (a long resume has tens of thousands):
    #                              12.8 million empty paragraphs in 52 KB took 1.8 GB to parse
    max_page_chars: int = 50_000  # characters on one PDF page (a dense resume page holds under 10,000)
    max_page_lines: int = 1_000  # lines on one PDF page (the real resumes tried have at most 79); each line used to
    #                              cost a pass over the page, so 32,000 one-word lines took minutes
    # Enforced where the work can be killed (rolematch.isolate, through api.Pool): reading and extracting one resume
    timeout_s: float = 30.0  # seconds of wall time (a resume takes tenths of a second); 0: no limit
    max_memory_mb: int = 1024  # MiB of resident memory of its worker, the ~150 MiB pipeline included; 0: no limit
