"""Imported once by a fork server (the batch's local engine, the service's worker pool), before it forks the
workers: they start with spaCy imported, the pipeline built and the permanent vocabulary made (and share its memory
copy-on-write), instead of each doing it again. A fork server has no other thread, so forking it is safe. Ctrl-C is
the parent's to handle, from the first moment: the fork server ignores it (and the workers it forks inherit that)
instead of printing an interrupted import."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

from . import api  # noqa: E402

api.warm_up()
