"""Imported once by the batch's fork server, before it forks the workers: they start with spaCy imported and the
pipeline built (and share its memory copy-on-write), instead of each doing it again. A fork server has no other
thread, so forking it is safe. Ctrl-C is the parent's to handle, from the first moment: the fork server ignores it
(and the workers it forks inherit that) instead of printing an interrupted import."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

from .. import api  # noqa: E402

api.warm_up()
