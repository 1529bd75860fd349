"""Reports people read: one self-contained HTML file, a PDF, tables and notebook views.

``framing.report(analysis)`` returns the HTML; ``framing.report(analysis, "out/",
formats=("html", "pdf", "csv", "json", "parquet"))`` writes files. See
:func:`framing.report.api.report`.
"""
from __future__ import annotations

from .._callable import make_callable
from .api import report
from .highlight import Highlighted, highlight

make_callable(__name__, "framing.report:report")

__all__ = ["report", "highlight", "Highlighted"]
