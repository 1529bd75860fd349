"""``framing.report``: HTML, PDF and tables from an analysis and its comparison.

Stages:

1. **Inputs**: an :class:`~framing.pipeline.Analysis` (then :func:`framing.compare`
   is called when it is built), or a comparison paired with its analysis
   (``comparison.analysis`` or ``analysis=``), or documents/texts (analysed first).
2. **Gather** the report data (:func:`framing.report.model.build`) and draw the charts.
3. **Render** HTML (Jinja2, autoescaped, self-contained) and, if asked, PDF
   (WeasyPrint, fetching nothing).
4. **Write** the files atomically, with the tables (CSV/JSON/Parquet).
"""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ..errors import FramingError

__all__ = ["report", "REPORT_FORMATS"]

REPORT_FORMATS = ("html", "pdf", "csv", "json", "parquet")


def _is_analysis(obj: Any) -> bool:
    return hasattr(obj, "documents") and hasattr(obj, "extractions") and hasattr(obj, "evidence")


def _run_compare(analysis) -> tuple[Any, str | None]:
    """framing.compare(analysis) when it is built and has enough data; else (None, why)."""
    try:
        from .. import compare as cmp_mod

        fn = getattr(cmp_mod, "compare")
        return fn(analysis), None
    except ImportError as exc:
        return None, f"framing.compare is not available ({exc})"
    except FramingError as exc:  # e.g. E017: comparison needs more data
        return None, f"framing.compare did not run: {exc}"
    except Exception as exc:  # a comparison bug costs the comparison sections, not the report
        warnings.warn(f"framing.compare failed ({type(exc).__name__}: {exc}); the report has no comparison",
                      stacklevel=3)
        return None, f"framing.compare failed ({type(exc).__name__}); comparison sections are not available"


def _inputs(obj, comparison, analysis, compare: bool):
    notes = []
    if _is_analysis(obj):
        analysis = obj
    elif obj is not None and hasattr(obj, "outlets") and not _is_analysis(obj):
        comparison = obj
        analysis = analysis if analysis is not None else getattr(obj, "analysis", None)
        if analysis is None:
            raise FramingError("E015", "report(comparison) needs its analysis: pass analysis=... "
                                       "or report(analysis, comparison=comparison)")
    else:
        from ..pipeline import analyze

        if isinstance(obj, (str, Path)):
            from ..corpus.readers import read

            obj = read(obj)
        analysis = analyze(obj)
    if comparison is None and compare:
        comparison, why = _run_compare(analysis)
        if why:
            notes.append(why)
    return analysis, comparison, notes


def _paths(out: str | Path, formats) -> tuple[Path, str]:
    out = Path(out)
    if out.suffix.lower() in (".html", ".htm", ".pdf"):
        return out.parent, out.stem
    return out, "report"


def report(analysis_or_comparison: Any, out: str | Path | None = None, *, formats=("html",),
           title: str | None = None, comparison: Any = None, analysis: Any = None,
           max_articles: int | None = None, compare: bool = True) -> dict[str, Path] | str:
    """Build the report of an analysis.

    With ``out=None``, return the HTML as a string. Otherwise write to ``out``
    (a folder, or a ``.html``/``.pdf`` file name whose stem the other files
    share) every format in ``formats`` (``"html"``, ``"pdf"``, ``"csv"``,
    ``"json"``, ``"parquet"``; tables go to ``<out>/tables/``) and return
    ``{"html": path, "pdf": path, "tables/<name>.<ext>": path, ...}``.

    ``max_articles`` caps the per-article sections (every article stays in
    the tables, and the report says how many it shows). ``compare=False``
    skips :func:`framing.compare` when no comparison is given.
    """
    fmts = tuple(f.strip().lower() for f in ([formats] if isinstance(formats, str) else formats))
    bad = [f for f in fmts if f not in REPORT_FORMATS]
    if bad:
        raise FramingError("E015", f"unknown report format(s) {bad}; choose from {list(REPORT_FORMATS)}")
    if max_articles is not None and max_articles < 0:
        raise FramingError("E015", "max_articles must be >= 0")

    # 1. inputs
    analysis, comparison, notes = _inputs(analysis_or_comparison, comparison, analysis, compare)

    # 2. gather (only when a document is wanted: tables alone need no charts)
    from .model import build
    from .render import render_html, render_pdf

    data = None
    if out is None or "html" in fmts or "pdf" in fmts:
        data = build(analysis, comparison, title=title, max_articles=max_articles)
        data.comparison_notes = notes + data.comparison_notes

    # 3. render
    if out is None:
        return render_html(data)
    folder, stem = _paths(out, fmts)
    written: dict[str, Path] = {}
    try:
        if "html" in fmts:
            from ..io import atomic_write

            p = folder / f"{stem}.html"
            with atomic_write(p) as fh:
                fh.write(render_html(data))
            written["html"] = p
        if "pdf" in fmts:
            refused: list[str] = []
            p = folder / f"{stem}.pdf"
            render_pdf(render_html(data, for_pdf=True), p, refused=refused)
            if refused:
                warnings.warn(f"PDF rendering refused {len(refused)} external URL(s)", stacklevel=2)
            written["pdf"] = p
    except FramingError:
        raise
    except Exception as exc:
        raise FramingError("E018", f"report rendering failed: {type(exc).__name__}: {exc}") from exc

    # 4. tables
    tfmts = [f for f in fmts if f in ("csv", "json", "parquet")]
    if tfmts:
        from .tables import write_tables

        for name, p in write_tables(analysis, comparison, folder / "tables", formats=tfmts).items():
            written[f"tables/{name}"] = p
    return written
