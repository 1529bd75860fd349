"""Fixtures for the report tests: the seed analysis and a request-recording local server."""
from __future__ import annotations

import pytest
from report_helpers import RecordingServer, seed_documents


@pytest.fixture(scope="session")
def seed_analysis():
    import framing

    return framing.analyze(seed_documents())


@pytest.fixture
def recorder():
    s = RecordingServer()
    yield s
    s.close()
