"""Which modules run compiled, and the guard that keeps a stale build from shadowing its source.

``setup.py`` compiles some modules with Cython from their unchanged sources and records the
SHA-256 of each source it compiled in ``framing/_accelerated.json``. At import (stages numbered
as in :func:`plan`):

1. ``FRAMING_PURE_PYTHON=1``: every module runs as Python.
2. A compiled module (``*.so`` / ``*.pyd`` beside its ``.py``) is used only when the manifest
   lists it with the SHA-256 its source has now.
3. Otherwise (an edited source in an editable install, a build left from another checkout, a
   compiled file the manifest does not know) its source is imported instead.

Results are the same either way (``tests/test_accel.py`` compares the two on the seed corpus);
only the speed differs. :func:`status` says which modules run compiled (``run.json`` records it).
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = "_accelerated.json"
_SKIP_DIRS = frozenset({"__pycache__", "data", "lexicons", "templates"})


def pure_python_forced(environ: Any = None) -> bool:
    """True when ``FRAMING_PURE_PYTHON`` asks for Python only (any value but empty or ``0``)."""
    return (os.environ if environ is None else environ).get("FRAMING_PURE_PYTHON", "") not in ("", "0")


def _compiled_files(package_dir: Path) -> dict[str, Path]:
    """``{module name: compiled file}`` for every compiled module under ``package_dir``."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(package_dir):
        dirnames[:] = [d for d in dirnames if d not in _SKIP_DIRS]
        rel = Path(dirpath).relative_to(package_dir.parent).parts
        for name in filenames:
            for suf in suffixes:
                if name.endswith(suf):
                    found[".".join((*rel, name[: -len(suf)]))] = Path(dirpath, name)
                    break
    return found


def plan(package_dir: Path = PACKAGE_DIR, environ: Any = None) -> dict[str, Any]:
    """Decide, for every compiled module under ``package_dir``, whether it runs compiled.

    Returns ``{"compiled": [...], "source": {module: reason}, "sources": {module: .py path}}``:
    ``source`` lists the modules whose source must be imported in place of their compiled file.
    """
    compiled = _compiled_files(package_dir)
    try:
        manifest = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8")).get("modules") or {}
    except (OSError, ValueError):
        manifest = {}
    forced = pure_python_forced(environ)
    use, source, paths = [], {}, {}
    for mod, so in sorted(compiled.items()):
        py = so.parent / (mod.rsplit(".", 1)[-1] + ".py")
        if not py.is_file():
            continue  # an extension with no Python source: nothing to fall back to
        if forced:
            reason = "FRAMING_PURE_PYTHON is set"  # 1.
        elif mod not in manifest:
            reason = "not in the build manifest"  # 3.
        elif hashlib.sha256(py.read_bytes()).hexdigest() != manifest[mod]:
            reason = "source changed since it was compiled"  # 3.
        else:
            use.append(mod)  # 2.
            continue
        source[mod] = reason
        paths[mod] = str(py)
    return {"compiled": use, "source": source, "sources": paths}


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the listed modules from their ``.py`` source, ahead of the compiled file."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources

    def find_spec(self, fullname: str, path: Any = None, target: Any = None):
        src = self.sources.get(fullname)
        return None if src is None else importlib.util.spec_from_file_location(fullname, src)


_PLAN: dict[str, Any] | None = None


def install() -> dict[str, Any]:
    """Put the guard in place for this process (once; ``framing/__init__`` calls it first)."""
    global _PLAN
    if _PLAN is None:
        _PLAN = plan()
        if _PLAN["sources"]:
            sys.meta_path.insert(0, _SourceFinder(_PLAN["sources"]))
    return _PLAN


def status() -> dict[str, Any]:
    """``{"compiled": [modules running compiled], "python": {module: why it runs as Python}}``
    (only modules that have a compiled file; every other module is Python anyway)."""
    p = install()
    compiled = [m for m in p["compiled"]
                if m not in sys.modules or not str(getattr(sys.modules[m], "__file__", "")).endswith(".py")]
    return {"compiled": compiled, "python": dict(p["source"])}
