"""Shared fixtures: paths of the test data shipped in tests/ (tests never read ../shared)."""
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
ROOT = TESTS.parent


@pytest.fixture(scope="session")
def sample_graph() -> Path:
    """A hand-written graph in the exact shape `kg build` writes (tests/fixtures/sample.trig)."""
    return FIXTURES / "sample.trig"


@pytest.fixture(scope="session")
def raw_articles() -> Path:
    """The five sample articles of the project (data/raw)."""
    return ROOT / "data" / "raw"
