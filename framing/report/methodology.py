"""The methodology appendix: formulas, extractor families, lexicon versions, toolkit version.

Each family's description is its module docstring (the method and paper it
follows, written beside the code that implements it), so the appendix cannot
drift from the code. Lexicon versions come from the metadata files kept beside
each lexicon in ``framing/lexicons/`` (``*.meta.json``/``*.meta.yaml``/``*.yaml``/
``*.json`` mappings with a ``version`` key, or a ``lexicons.yaml`` index).
"""
from __future__ import annotations

import importlib
import inspect
import json
import sys
from importlib import resources
from typing import Any

__all__ = ["methodology", "lexicon_versions", "FORMULAS"]

#: Formulas the pipeline itself defines (not the extractors), by feature pattern.
FORMULAS = [
    ("doc.words", "number of word tokens of the article body (framing.extract.tokens)"),
    ("<family>.*.per_1k", "rate per 1,000 words = 1000 \u00d7 count / words of the article body"),
    ("page.boilerplate_ratio", "characters of non-article blocks / characters of all blocks (blank space excluded); "
                               "article blocks are headline, standfirst, body, caption"),
    ("page.advert_ratio", "characters of promo blocks / characters of all blocks"),
    ("page.duplicate_ratio", "characters of duplicate blocks / characters of all blocks"),
    ("outlet estimate", "mean over the outlet's stories (framing.compare) or articles (report fallback) of the "
                        "feature; 95% interval = 2.5th and 97.5th percentiles of 1,000 bootstrap replicate means "
                        "(Efron and Tibshirani 1993); for framing.compare, stories are resampled as clusters "
                        "(Cameron, Gelbach and Miller 2008)"),
    ("heatmap colour", "z = (outlet value \u2212 mean over outlets) / standard deviation over outlets, per feature"),
]


def _family_doc(name: str) -> tuple[str, str]:
    """(description, module docstring) of a registered family."""
    from ..extract.registry import get

    entry = get(name)
    mod = sys.modules.get(entry.fn.__module__) or importlib.import_module(entry.fn.__module__)
    doc = inspect.cleandoc(mod.__doc__ or "") or inspect.cleandoc(entry.fn.__doc__ or "")
    return entry.description, doc


def families() -> list[dict[str, Any]]:
    from ..extract.registry import registered

    out = []
    for name in registered():
        try:
            desc, doc = _family_doc(name)
        except Exception as exc:  # a family that fails to describe itself is reported, not hidden
            desc, doc = f"(description unavailable: {type(exc).__name__})", ""
        out.append({"name": name, "description": desc, "doc": doc})
    return out


def _load_meta(path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.name.endswith(".json"):
        return json.loads(text)
    import yaml

    return yaml.safe_load(text)


def lexicon_versions() -> list[dict[str, Any]]:
    """One row per lexicon with a version in its metadata: name, version, description, provenance, licence."""
    try:
        root = resources.files("framing") / "lexicons"
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        return []
    rows: list[dict[str, Any]] = []
    seen = set()

    def visit(node, depth=0):
        if depth > 3:
            return
        try:
            children = sorted(node.iterdir(), key=lambda p: p.name)
        except (NotADirectoryError, FileNotFoundError, OSError):
            return
        for p in children:
            if p.is_dir():
                if not p.name.startswith(("_", ".")):
                    visit(p, depth + 1)
                continue
            if not p.name.endswith((".json", ".yaml", ".yml")):
                continue
            try:
                meta = _load_meta(p)
            except Exception:
                continue
            for name, m in _meta_entries(p.name, meta):
                key = (name, str(m.get("version")))
                if key in seen:
                    continue
                seen.add(key)
                rows.append({
                    "name": name, "version": str(m.get("version")),
                    "description": _s(m.get("description")),
                    "provenance": _s(m.get("provenance") or m.get("source") or m.get("sources")),
                    "licence": _s(m.get("licence") or m.get("license")),
                    "file": p.name,
                })

    visit(root)
    return rows


def _s(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_s(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_s(x)}" for k, x in v.items())
    return " ".join(str(v).split())


def _meta_entries(fname: str, meta: Any):
    """Metadata mappings in a file: the file itself, or an index of several lexicons."""
    if not isinstance(meta, dict):
        return
    if "version" in meta:
        stem = fname.split(".")[0]
        yield str(meta.get("name") or stem), meta
        return
    for k, v in meta.items():  # an index: {lexicon_name: {version: ...}}
        if isinstance(v, dict) and "version" in v:
            yield str(v.get("name") or k), v


def methodology(analysis=None, comparison=None) -> dict[str, Any]:
    import framing

    cmp_doc = ""
    try:
        cmod = importlib.import_module("framing.compare")
        fn = getattr(cmod, "compare", None)
        if comparison is not None and fn is not None:
            cmp_doc = inspect.cleandoc(fn.__doc__ or "")
        boot = importlib.import_module("framing.compare.bootstrap")
        boot_doc = inspect.cleandoc(boot.__doc__ or "")
    except ImportError:
        boot_doc = ""
    return {
        "version": framing.__version__,
        "python": sys.version.split()[0],
        "formulas": FORMULAS,
        "families": families(),
        "lexicons": lexicon_versions(),
        "compare_doc": cmp_doc,
        "bootstrap_doc": boot_doc,
        "packages": _package_versions(),
    }


def _package_versions() -> list[tuple[str, str]]:
    from importlib import metadata

    out = []
    for p in ("pandas", "numpy", "matplotlib", "jinja2", "weasyprint", "vaderSentiment", "textstat", "trafilatura",
              "scikit-learn"):
        try:
            out.append((p, metadata.version(p)))
        except metadata.PackageNotFoundError:
            pass
    return out
