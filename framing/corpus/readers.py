"""Readers (being written)."""
from __future__ import annotations

from pathlib import Path

from ..types import Document


def read(*paths, **options):
    for p in paths:
        for f in sorted(Path(p).glob("*.txt")) if Path(p).is_dir() else [Path(p)]:
            yield Document(text=f.read_text(encoding="utf-8"), id=f.stem, source=str(f))
