"""framing: source bias and framing analysis of news.

Public API (stable):

- :func:`read` -- yield :class:`Document` objects from files, folders, globs or stdin
- :class:`Document` -- one page or article with its metadata
- :func:`clean` -- separate the article from page furniture -> :class:`CleanedPage`
- :func:`extract` -- every registered extractor on one document -> :class:`Extraction`
- :func:`analyze` -- many documents -> :class:`Analysis` (pandas DataFrames)
- :func:`compare` -- outlets scored story by story, with uncertainty
- :func:`report` -- self-contained HTML / PDF reports
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import FramingError  # noqa: E402
from .types import (  # noqa: E402
    Attribution,
    Block,
    CleanedPage,
    Document,
    Evidence,
    Extraction,
    Flag,
    Span,
)
from .corpus.readers import read  # noqa: E402
from .clean import clean  # noqa: E402
from .pipeline import Analysis, analyze, extract  # noqa: E402

__all__ = [
    "__version__",
    "read",
    "Document",
    "clean",
    "extract",
    "analyze",
    "compare",
    "report",
    "Analysis",
    "CleanedPage",
    "Extraction",
    "Evidence",
    "Attribution",
    "Block",
    "Flag",
    "Span",
    "FramingError",
]


def compare(documents_or_analysis, **options):
    """Score outlets story by story (see :func:`framing.compare.compare`)."""
    from .compare import compare as _compare

    return _compare(documents_or_analysis, **options)


def report(analysis_or_comparison, out=None, **options):
    """Write an HTML/PDF report (see :func:`framing.report.report`)."""
    from .report import report as _report

    return _report(analysis_or_comparison, out, **options)
