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
# ``framing.clean``, ``framing.extract``, ``framing.compare`` and ``framing.report`` name
# both a public function and a subpackage (``framing/clean/`` ...). The subpackage
# modules are made callable (see ``_callable``), so ``framing.clean(text)`` calls the
# function and ``from framing.extract import registry`` still imports the module.
from . import clean, extract  # noqa: E402
from .corpus.readers import read  # noqa: E402
from .pipeline import Analysis, analyze  # noqa: E402

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


def __getattr__(name):
    # compare/report are heavier: imported on first use
    if name in ("compare", "report"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
