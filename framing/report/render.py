"""Render report data to one self-contained HTML file and to PDF.

HTML: Jinja2 templates (``templates/``) with autoescape on; styles inline,
charts inline as ``data:image/svg+xml`` images (an SVG shown as an image
never runs script nor loads anything), no fonts, scripts or external images.
Article text reaches the page only through :func:`framing.report.highlight.highlight_html`,
which escapes every piece, or through autoescaped template variables.

PDF: the same HTML rendered by WeasyPrint with :class:`InlineOnlyFetcher`,
which serves the report's own ``data:`` URIs and raises on every other URL,
so rendering fetches nothing.
"""
from __future__ import annotations

import base64
import math
import urllib.parse
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import FramingError

__all__ = ["css", "render_html", "render_pdf", "table", "refusing_fetcher", "RefusedURL"]


@lru_cache(maxsize=1)
def css() -> str:
    return (resources.files("framing.report") / "templates" / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("framing.report", "templates"),
        auto_reload=False,
        autoescape=True,  # every variable escaped unless it is Markup we built and escaped ourselves
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * float(v):.1f}%"
    return env


#: The highlight key: (classes, meaning), shared by the report and notebook views.
LEGEND = (
    ("ev ev-loaded voice-outlet", "loaded term, outlet's voice"),
    ("ev ev-loaded voice-quoted", "loaded term, in a quote"),
    ("ev ev-term-choice", "term choice"),
    ("ev ev-hedge", "hedge"),
    ("ev ev-booster", "booster"),
    ("q q-government-official", "quote: official / politician / military"),
    ("q q-state-media", "quote: state media"),
    ("q q-media", "quote: media / news agency"),
    ("q q-expert", "quote: expert / NGO / international body"),
    ("q q-ordinary-person", "quote: ordinary person"),
    ("q q-company", "quote: company / document"),
    ("q q-unknown", "quote: anonymous / unknown"),
    ("spk", "speaker"),
    ("cue", "speech cue"),
    ("blk blk-boiler", "boilerplate (greyed)"),
    ("blk blk-boiler blk-promo", "advert / promo"),
    ("flag flag-repeated-paragraphs", "duplicated passage"),
    ("flag flag-spun-text", "reworded passage"),
)


def legend_items():
    return LEGEND


def _num(v: Any) -> str:
    from .model import _fmt

    return _fmt(v)


def table(df, *, max_rows: int = 200, index: bool = False) -> dict[str, Any] | None:
    """A DataFrame as plain strings for the table macro (escaped by the template)."""
    if df is None or len(df) == 0:
        return None
    d = df.reset_index() if index else df
    rows = []
    for r in d.head(max_rows).itertuples(index=False):
        rows.append([_cell(v) for v in r])
    return {"columns": [str(c) for c in d.columns], "rows": rows, "total": len(d),
            "truncated": len(d) > max_rows}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return _num(v)
    try:
        import numpy as np

        if isinstance(v, np.floating):
            return _cell(float(v))
        if isinstance(v, np.integer):
            return f"{int(v):,}"
    except ImportError:  # pragma: no cover
        pass
    if isinstance(v, (list, tuple, set)):
        return ", ".join(str(x) for x in v)
    s = str(v)
    return s if len(s) <= 300 else s[:299] + "\u2026"


def render_html(data, *, for_pdf: bool = False) -> str:
    """The whole report as one HTML string."""
    from markupsafe import Markup

    tpl = _env().get_template("report.html.j2")
    o = data.outlets
    return tpl.render(
        d=data,
        css=Markup(css()),  # our own stylesheet, no untrusted text
        for_pdf=for_pdf,
        outlet_table=table(o.get("table"), index=True),
        pairs_table=table(_pairs_view(o.get("pairs")), max_rows=60),
        errors_table=table(_df(data.summary.get("error_rows")), max_rows=50),
        tables=lambda df, **kw: table(df, **kw),
        legend=LEGEND,
        Markup=Markup,
    )


def _df(rows):
    if not rows:
        return None
    import pandas as pd

    return pd.DataFrame(rows)


def _pairs_view(p):
    """Outlet pairs with an estimated difference, most certain first (BH q-value, then p)."""
    if p is None or len(p) == 0:
        return None
    if "difference" in p.columns:
        import pandas as pd

        p = p[pd.to_numeric(p["difference"], errors="coerce").notna()]
    keep = [c for c in ("outlet_a", "outlet_b", "measure", "difference", "ci_low", "ci_high", "q_bh", "p_boot",
                        "n_shared_stories") if c in p.columns]
    p = p[keep] if keep else p
    for c in ("q_bh", "q", "q_value", "p_adj", "p_boot", "p"):
        if c in p.columns:
            p = p.sort_values(c, kind="mergesort")
            break
    return p if len(p) else None


class RefusedURL(FramingError):
    pass


def _decode_data_uri(url: str) -> tuple[bytes, str]:
    head, _, payload = url[5:].partition(",")
    parts = head.split(";")
    mime = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        return base64.b64decode(payload), mime
    return urllib.parse.unquote_to_bytes(payload), mime


def refusing_fetcher(refused: list[str] | None = None):
    """A WeasyPrint URL fetcher serving ``data:`` URIs only and raising on anything else.

    ``refused`` (a list) collects the URLs it turned down, for tests and warnings.
    """
    import weasyprint.urls as wurls

    log = refused if refused is not None else []

    def deny(url: str):
        log.append(url)
        raise RefusedURL("E018", f"report rendering refused to fetch {url[:120]!r}: only the report's inline "
                                 "data: URIs are allowed")

    if hasattr(wurls, "URLFetcher"):  # WeasyPrint >= 66: a URLFetcher subclass
        class InlineOnlyFetcher(wurls.URLFetcher):
            def fetch(self, url, headers=None):
                if not url.lower().startswith("data:"):
                    deny(url)
                body, mime = _decode_data_uri(url)
                return wurls.URLFetcherResponse(url, body, {"Content-Type": mime})

        return InlineOnlyFetcher()

    def fetch(url, timeout=10, ssl_context=None):  # older WeasyPrint: a function returning a dict
        if not url.lower().startswith("data:"):
            deny(url)
        body, mime = _decode_data_uri(url)
        return {"string": body, "mime_type": mime, "redirected_url": url}

    return fetch


def render_pdf(html: str, path: str | Path | None = None, *, refused: list[str] | None = None) -> bytes:
    """Render report HTML to PDF bytes (and write ``path`` atomically when given)."""
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise FramingError("E018", "PDF output needs WeasyPrint: pip install 'framing[pdf]'") from exc
    from ..io import atomic_write

    pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=refusing_fetcher(refused)).write_pdf()
    if path is not None:
        with atomic_write(path, "wb") as fh:
            fh.write(pdf)
    return pdf
