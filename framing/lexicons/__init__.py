"""Packaged lexicons and tables (data files), read with :mod:`importlib.resources`.

Each data file ``NAME.csv`` may have a metadata file ``NAME.meta.yaml`` beside
it (description, version, provenance, licence per source); see ``README.md``
in this folder for the list.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["read_text", "read_csv", "read_meta", "available", "path_of"]


def _files():
    return resources.files(__name__)


def available() -> list[str]:
    """Names of the data files in this package (``loaded_terms.csv`` ...)."""
    return sorted(p.name for p in _files().iterdir() if p.name.endswith((".csv", ".yaml", ".yml", ".txt"))
                  and not p.name.endswith(".meta.yaml"))


def read_text(name: str) -> str:
    """The text of packaged data file ``name``."""
    return _files().joinpath(name).read_text(encoding="utf-8")


def path_of(name: str):
    """A :class:`~importlib.resources.abc.Traversable` for ``name`` (a real path when installed from files)."""
    return _files().joinpath(name)


@lru_cache(maxsize=64)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(dict(r) for r in csv.DictReader(io.StringIO(read_text(name))))


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a packaged CSV file as dicts (a fresh list; cached parse)."""
    return [dict(r) for r in _rows(name)]


def read_meta(name: str) -> dict[str, Any]:
    """The metadata (``NAME.meta.yaml``) of data file ``name``; empty when it has none."""
    import yaml

    stem = name.rsplit(".", 1)[0]
    p = _files().joinpath(f"{stem}.meta.yaml")
    if not p.is_file():
        return {}
    return yaml.safe_load(p.read_text(encoding="utf-8")) or {}
