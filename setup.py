"""Build hook: framing's hot modules compiled by Cython, as optional accelerators (issue 8).

The project's metadata is in ``pyproject.toml``; this file only adds the extensions.

1. **What**: the modules in ``ACCELERATED`` (the extractor families, the shared tokenisation and
   the cleaner's template and spin scans: ~90% of the CPU time of an article) are compiled from
   their unchanged Python sources (Cython's pure-Python mode, as pydantic 1 and SQLAlchemy 2 ship
   theirs). Type annotations are not trusted (``annotation_typing=False``): every compiled module
   keeps the semantics of its source under CPython, only the interpreter loop is gone. Measured:
   the analysis alone ~8% less CPU time an article (benchmarks/README.md).
2. **Optional**: without Cython or a C compiler, or when one module fails to compile, the install
   goes on and that module runs as Python (``Extension.optional``; results are identical either
   way, ``tests/test_accel.py``). ``FRAMING_PURE_PYTHON=1`` at install time builds nothing.
3. **Guarded**: generated C that holds a known Cython miscompile is not built: a C truth value
   cast to an object pointer, which Cython 3.1.2 and 3.3.1 emit for ``a > b and c is not None
   and d not in e`` in a value context (it crashed ``clean/labels.py`` before that line was
   rewritten). The module then runs as Python.
4. **Recorded**: ``framing/_accelerated.json`` holds the SHA-256 of each compiled source;
   ``framing/_accel.py`` loads a compiled module only while its source still has that hash (an
   edited source of an editable install runs as Python until the next install), and never when
   ``FRAMING_PURE_PYTHON=1`` is set at run time.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
#: Modules compiled, by source path (the hot path of ``framing.extract`` on AllSides articles).
ACCELERATED = [
    "framing/extract/attribution.py",
    "framing/extract/speakers.py",
    "framing/extract/sources.py",
    "framing/extract/cues.py",
    "framing/extract/sentiment.py",
    "framing/extract/readability.py",
    "framing/extract/loaded.py",
    "framing/extract/lexicon.py",
    "framing/extract/tokens.py",
    "framing/extract/quotes.py",
    "framing/extract/hedging.py",
    "framing/extract/term_choice.py",
    "framing/extract/page.py",
    "framing/clean/labels.py",
    "framing/clean/templates.py",
    "framing/clean/spin.py",
]
MANIFEST = ROOT / "framing" / "_accelerated.json"
# 3. a C truth value (``int __pyx_t_N``) stored in an object temporary: the miscompile above
_MISCOMPILE = re.compile(rb"= \(\(PyObject \*\)__pyx_t_\d+\);")


def _write_manifest(built: dict[str, str], cython_version: str | None) -> None:
    text = json.dumps({"cython": cython_version, "modules": built}, indent=1, sort_keys=True) + "\n"
    if not MANIFEST.exists() or MANIFEST.read_text(encoding="utf-8") != text:
        MANIFEST.write_text(text, encoding="utf-8")


def extensions() -> list:
    """1.-4.: the extensions to build (none without Cython or with FRAMING_PURE_PYTHON=1)."""
    if os.environ.get("FRAMING_PURE_PYTHON", "") not in ("", "0"):
        _write_manifest({}, None)
        return []
    try:
        import Cython
        from Cython.Build import cythonize
    except ImportError:
        print("framing: Cython is not available; every module runs as Python")
        _write_manifest({}, None)
        return []
    os.chdir(ROOT)  # cythonize names modules from relative paths
    exts = cythonize(ACCELERATED, build_dir="build/cython", quiet=True, language_level=3,
                     compiler_directives={"binding": True, "annotation_typing": False})
    kept = []
    for ext, src in zip(exts, ACCELERATED):
        if _MISCOMPILE.search(Path(ext.sources[0]).read_bytes()):
            print(f"framing: not compiling {src}: its generated C holds a known Cython miscompile")
            continue
        ext.optional = True  # 2.
        ext.framing_source_sha256 = hashlib.sha256((ROOT / src).read_bytes()).hexdigest()
        kept.append(ext)
    _write_manifest({}, Cython.__version__)  # 4. until the build says which ones it built
    return kept


class BuildExt(build_ext):
    """``build_ext`` on every core (the attribution module alone is ~40 s of gcc) that records,
    in the manifest of the source tree and of the build, the modules it built (4.)."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1

    def run(self) -> None:
        self._built: dict[str, str] = {}
        super().run()
        import Cython

        _write_manifest(self._built, Cython.__version__)
        if not self.inplace:
            dest = Path(self.build_lib) / "framing" / MANIFEST.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(MANIFEST.read_text(encoding="utf-8"), encoding="utf-8")

    def build_extension(self, ext) -> None:
        super().build_extension(ext)  # raises when it fails (an optional one is then skipped)
        self._built[ext.name] = ext.framing_source_sha256


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt})
