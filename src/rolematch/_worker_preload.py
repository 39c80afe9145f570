"""Imported once by the batch's fork server, before it forks the workers: they start with spaCy imported and the
pipeline built (and share its memory copy-on-write), instead of each doing it again. A fork server has no other
thread, so forking it is safe."""

from .extract.pipeline import get_pipeline

get_pipeline()
