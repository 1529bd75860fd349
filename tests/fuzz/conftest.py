"""Shared hypothesis profile, hostile-text strategies and a network guard for the fuzz suite.

Profiles (select with ``HYPOTHESIS_PROFILE``; default ``ci``):

- ``ci``: bounded examples per test so the whole ``tests/fuzz`` suite runs in a few
  minutes on 2 cores; ``deadline=None`` (speed is measured in benchmarks, not here).
- ``deep``: many more examples for local bug hunting.

``FRAMING_FUZZ_EXAMPLES=N`` overrides the number of examples of either profile.
"""
from __future__ import annotations

import os
import socket
import tempfile

# keep hypothesis' example database and failure patches out of the repository
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "framing-hypothesis"))

import pytest
from hypothesis import HealthCheck, settings

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
_N = os.environ.get("FRAMING_FUZZ_EXAMPLES")
settings.register_profile("ci", max_examples=int(_N) if _N else 40, deadline=None, suppress_health_check=_SUPPRESS,
                          derandomize=True, print_blob=True, database=None)
settings.register_profile("deep", max_examples=int(_N) if _N else 2000, deadline=None,
                          suppress_health_check=_SUPPRESS, print_blob=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# -- network guard ---------------------------------------------------------------------------
class NetworkAccess(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a network connection or resolve a name during the test."""
    calls: list[str] = []

    def refuse(*args, **kwargs):
        calls.append(repr(args[:2]))
        raise NetworkAccess(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield calls
    assert not calls, f"network access attempted: {calls}"
