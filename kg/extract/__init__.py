"""Extraction: spaCy pipeline and newskg components (sentences, actors, relations, claims)."""
