"""Exploration: graph analysis, statistics and the interactive HTML view."""
