"""rolematch: match resumes to machine-learning-track roles and explain the gaps."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rolematch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

SCHEMA_VERSION = "1.0"
