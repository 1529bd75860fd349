from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed texts keyed by their three-digit prefix ("000" ... "004")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED
