"""framing._accel: compiled modules run only while their sources are the ones compiled, and give
the same results as the Python sources."""
from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from framing import _accel

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path, source: str = "X = 1\n", *, listed: bool = True, sha: str | None = None) -> Path:
    """A package ``pkg`` with a module ``hot`` that has a source and a (placeholder) compiled file,
    and a manifest that lists the source's hash (or ``sha``) when ``listed``."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "hot.py").write_text(source)
    (pkg / "sub" / f"hot{SUFFIX}").write_bytes(b"")
    (pkg / "sub" / "cold.py").write_text("Y = 2\n")  # no compiled file: never in the plan
    modules = {"pkg.sub.hot": sha or hashlib.sha256(source.encode()).hexdigest()} if listed else {}
    (pkg / _accel.MANIFEST).write_text(json.dumps({"cython": "3.3.1", "modules": modules}))
    return pkg


def test_compiled_module_with_its_compiled_source_runs_compiled(tmp_path):
    p = _accel.plan(_package(tmp_path), environ={})
    assert p["compiled"] == ["pkg.sub.hot"]
    assert p["source"] == {} and p["sources"] == {}


def test_edited_source_runs_as_python(tmp_path):
    pkg = _package(tmp_path)
    (pkg / "sub" / "hot.py").write_text("X = 2  # edited after the build\n")
    p = _accel.plan(pkg, environ={})
    assert p["compiled"] == []
    assert p["source"] == {"pkg.sub.hot": "source changed since it was compiled"}
    assert p["sources"] == {"pkg.sub.hot": str(pkg / "sub" / "hot.py")}


def test_compiled_file_unknown_to_the_manifest_runs_as_python(tmp_path):
    p = _accel.plan(_package(tmp_path, listed=False), environ={})
    assert p["source"] == {"pkg.sub.hot": "not in the build manifest"}
    pkg = _package(tmp_path / "b")
    (pkg / _accel.MANIFEST).unlink()  # no manifest at all
    assert _accel.plan(pkg, environ={})["compiled"] == []


@pytest.mark.parametrize("value,forced", [("1", True), ("yes", True), ("0", False), ("", False)])
def test_pure_python_switch(tmp_path, value, forced):
    p = _accel.plan(_package(tmp_path), environ={"FRAMING_PURE_PYTHON": value})
    assert (p["compiled"] == []) is forced
    if forced:
        assert p["source"] == {"pkg.sub.hot": "FRAMING_PURE_PYTHON is set"}


def test_source_finder_imports_the_source_ahead_of_the_compiled_file(tmp_path, monkeypatch):
    pkg = _package(tmp_path, "X = 'from source'\n", sha="0" * 64)  # stale: the placeholder must not load
    finder = _accel._SourceFinder(_accel.plan(pkg, environ={})["sources"])
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "meta_path", [finder, *sys.meta_path])
    for name in ("pkg", "pkg.sub", "pkg.sub.hot"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import pkg.sub.hot as hot  # noqa: E402  (the empty compiled file would fail to load)

    assert hot.X == "from source" and hot.__file__.endswith("hot.py")


def test_status_names_only_modules_that_run_compiled():
    st = _accel.status()
    for mod in st["compiled"]:
        __import__(mod)
        assert not sys.modules[mod].__file__.endswith(".py"), mod
    for mod in st["python"]:
        __import__(mod)
        assert sys.modules[mod].__file__.endswith(".py"), mod


@pytest.mark.slow
def test_compiled_and_python_give_identical_outputs_on_the_seeds(tmp_path):
    """The seed corpus analysed twice: with the compiled modules of this install, and with
    FRAMING_PURE_PYTHON=1. Every output file but run.json must be byte-identical (the report too:
    its methodology section quotes the modules' docstrings)."""
    if not _accel.status()["compiled"]:
        pytest.skip("no compiled module in this install (pure Python build)")
    outs = {}
    for name, pure in (("compiled", "0"), ("python", "1")):
        env = {**os.environ, "FRAMING_PURE_PYTHON": pure}
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "framing", "analyze", str(ROOT / "data" / "seeds"), "--out", str(out),
                        "--format", "csv,json,html", "--jobs", "1", "--quiet"], check=True, env=env, cwd=tmp_path)
        outs[name] = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "run.json"}
        ran = json.loads((out / "run.json").read_text())["compiled_modules"]
        assert (ran == []) is (pure == "1")
    assert sorted(outs["compiled"]) == sorted(outs["python"])
    assert "documents.jsonl" in outs["compiled"]
    for name in outs["compiled"]:
        assert outs["compiled"][name] == outs["python"][name], name
