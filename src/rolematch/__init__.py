"""rolematch: match resumes to machine-learning-track roles and explain the gaps."""

__version__ = "0.1.0"  # read by the build (pyproject: tool.hatch.version); importlib.metadata costs ~35 ms at start-up
SCHEMA_VERSION = "1.0"
