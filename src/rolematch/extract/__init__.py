"""Extraction: spaCy blank("en") plus rolematch's own registered components."""
