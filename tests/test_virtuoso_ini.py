"""The throw-away Virtuoso of the tests runs without a query cost limit: with MaxQueryCostEstimationTime some
queries whose answer is empty fail ("The estimated execution time 0 (sec) exceeds the limit"), which the
parameter parity test must not see."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import virtuoso  # noqa: E402


def test_generated_ini_has_no_cost_estimation_limit():
    ini = virtuoso.INI.format(d="/tmp/x", sql_port=1, http_port=2)
    assert "[SPARQL]" in ini and "MaxQueryCostEstimationTime" not in ini
    assert "MaxQueryExecutionTime" in ini          # the time limit stays
