"""Extraction: spaCy blank("en") plus rolematch's own registered components. pipeline.py builds the pipeline and
turns its findings into a Profile; components.py lists the components, one module each."""
