"""rolematch: match resumes to machine-learning-track roles and explain the gaps."""

__version__ = "0.1.0"  # read by the build (pyproject: tool.hatch.version); importlib.metadata costs ~35 ms at start-up
from .models import SCHEMA_VERSION  # noqa: E402,F401  (the JSON contract's version lives with the contract)
