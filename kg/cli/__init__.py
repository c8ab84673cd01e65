"""The kg command line (typer)."""
