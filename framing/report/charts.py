"""Charts of a report, drawn with matplotlib as deterministic, self-contained SVG.

- :func:`outlet_profiles`: per feature, each outlet's estimate with its
  confidence interval as an error bar (small multiples, one panel per feature).
- :func:`feature_heatmap`: features by outlet, coloured by the z-score of the
  outlet's value across outlets (value printed in each cell).
- :func:`boilerplate_composition`: per article, the share of page characters
  in each block label (stacked horizontal bars).

Output is the same bytes for the same input: the Agg backend, ``svg.hashsalt``
fixed, no ``Date`` metadata, text drawn as paths in the DejaVu Sans font that
matplotlib ships (so no font is fetched or needed to view the chart).
"""
from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Chart", "outlet_profiles", "feature_heatmap", "boilerplate_composition", "BLOCK_COLOURS"]

_RC = {
    "svg.hashsalt": "framing-report",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
}

#: Colours of block labels (article labels in blues/greens, boilerplate in greys/ambers).
BLOCK_COLOURS = {
    "headline": "#1f4e79", "standfirst": "#2e75b6", "body": "#5b9bd5", "caption": "#9dc3e6",
    "byline": "#a5a5a5", "navigation": "#7f7f7f", "related": "#bfbfbf", "promo": "#ed7d31",
    "legal": "#d9d9d9", "comments": "#c9a227", "error": "#c00000", "duplicate": "#7030a0",
}
_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22"]


@dataclass
class Chart:
    """An SVG chart: embed with :attr:`data_uri`; shows itself in Jupyter."""

    svg: str
    title: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def _repr_svg_(self) -> str:
        return self.svg


def _label(s: Any, width: int = 28) -> str:
    """Untrusted text as a plain matplotlib label: no mathtext, bounded length."""
    s = " ".join(str(s).split())
    if len(s) > width:
        s = s[: width - 1] + "\u2026"
    return s.replace("$", r"\$")


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


class _Figures:
    """``subplots`` on a bare :class:`~matplotlib.figure.Figure` with the Agg canvas:
    no pyplot state, no GUI backend, nothing shown by accident in a notebook."""

    @staticmethod
    def subplots(*args, figsize=None, **kw):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        return fig, fig.subplots(*args, **kw)


def _plt():
    import matplotlib

    return matplotlib, _Figures


def outlet_profiles(data, *, features: list[str] | None = None, ncols: int = 3, title: str = "") -> Chart | None:
    """Small multiples: one panel per feature, each outlet's estimate with its CI.

    ``data`` is long: columns ``outlet``, ``feature``, ``value``, ``low``,
    ``high`` (NaN where no interval), ``n``. Returns None when empty.
    """
    if data is None or len(data) == 0:
        return None
    matplotlib, plt = _plt()
    feats = features or list(dict.fromkeys(data["feature"]))
    feats = [f for f in feats if f in set(data["feature"])]
    if not feats:
        return None
    outlets = sorted(dict.fromkeys(data["outlet"]), key=str)
    if len(outlets) > 12:  # many outlets: fewer, denser panels so the chart fits a printed page
        feats = feats[:6]
    ncols = max(1, min(ncols, len(feats)))
    nrows = math.ceil(len(feats) / ncols)
    h_panel = 0.42 + (0.24 if len(outlets) <= 12 else 0.15) * len(outlets)
    with matplotlib.rc_context(_RC):
        fig, axes = plt.subplots(nrows, ncols, figsize=(2.55 * ncols + 1.4, h_panel * nrows + 0.3),
                                 squeeze=False, sharey=True)
        for k, feat in enumerate(feats):
            ax = axes[k // ncols][k % ncols]
            sub = data[data["feature"] == feat].set_index("outlet")
            for i, o in enumerate(outlets):
                if o not in sub.index:
                    continue
                row = sub.loc[o]
                v, lo, hi = float(row["value"]), row.get("low"), row.get("high")
                colour = _PALETTE[i % len(_PALETTE)]
                if lo is not None and hi is not None and not (_nan(lo) or _nan(hi)):
                    ax.errorbar([v], [i], xerr=[[max(0.0, v - float(lo))], [max(0.0, float(hi) - v)]], fmt="o",
                                color=colour, ecolor=colour, elinewidth=1.4, capsize=3, markersize=4.5)
                else:
                    ax.plot([v], [i], marker="o", markerfacecolor="white", color=colour, markersize=4.5, ls="")
            ax.set_title(_label(feat, 34), loc="left")
            ax.set_yticks(range(len(outlets)))
            ax.set_yticklabels([_label(o, 24) for o in outlets], fontsize=8.5 if len(outlets) <= 12 else 6.5)
            ax.set_ylim(len(outlets) - 0.5, -0.5)
            ax.grid(axis="x", color="#e6e6e6", lw=0.6)
            ax.tick_params(axis="both", length=2)
        for k in range(len(feats), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        if title:
            fig.suptitle(_label(title, 90), x=0.01, ha="left", fontsize=9.5)
        fig.tight_layout()
        svg = _svg(fig)
    return Chart(svg, title or "Outlet profiles",
                 f"Outlet profiles: {len(feats)} features for {len(outlets)} outlets; dots are estimates, "
                 "bars 95% confidence intervals, hollow dots have no interval (one article).")


def _nan(x) -> bool:
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def feature_heatmap(matrix, *, title: str = "", max_outlets: int = 30) -> Chart | None:
    """Heatmap of ``matrix`` (index: outlets, columns: features), drawn features down, outlets across.

    Colour is the z-score of an outlet's value among the outlets (per feature), the
    number printed is the value. Only the first ``max_outlets`` rows are drawn.
    Cells are vector rectangles (no embedded raster image).
    """
    import numpy as np

    if matrix is None or matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return None
    matplotlib, plt = _plt()
    m = matrix.iloc[:max_outlets]
    vals = m.to_numpy(dtype=float).T  # features x outlets
    with np.errstate(invalid="ignore", divide="ignore"):
        mu = np.nanmean(vals, axis=1, keepdims=True)
        sd = np.nanstd(vals, axis=1, keepdims=True)
        z = np.where(sd > 0, (vals - mu) / np.where(sd > 0, sd, 1.0), 0.0)
    z = np.nan_to_num(z)
    nf, no = vals.shape
    with matplotlib.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(min(2.6 + 0.72 * no, 11.5), 0.9 + 0.27 * nf))
        # pcolormesh, not imshow: imshow embeds a raster image in the SVG
        mesh = ax.pcolormesh(np.arange(no + 1) - 0.5, np.arange(nf + 1) - 0.5, z, cmap="RdBu_r", vmin=-2.5,
                             vmax=2.5, edgecolors="white", linewidth=0.6)
        ax.set_xlim(-0.5, no - 0.5)
        ax.set_ylim(nf - 0.5, -0.5)
        ax.xaxis.tick_top()
        ax.set_xticks(range(no))
        ax.set_xticklabels([_label(i, 22) for i in m.index], rotation=35, ha="left", fontsize=7.2)
        ax.set_yticks(range(nf))
        ax.set_yticklabels([_label(c, 40) for c in m.columns], fontsize=7.2)
        for r in range(nf):
            for c in range(no if no <= 15 else 0):  # numbers only while cells are wide enough to read
                v = vals[r, c]
                if math.isfinite(v):
                    txt = f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}"
                    ax.text(c, r, txt, ha="center", va="center", fontsize=6.2,
                            color="white" if abs(z[r, c]) > 1.4 else "#222222")
        for s in ax.spines.values():
            s.set_visible(False)
        ax.tick_params(length=0)
        cb = fig.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02)
        if cb.solids is not None:
            cb.solids.set_rasterized(False)  # keep the colour bar vector too
        cb.set_label("z-score among outlets", fontsize=7)
        cb.ax.tick_params(labelsize=6.5)
        if title:
            ax.set_title(_label(title, 90), loc="left")
        fig.tight_layout()
        svg = _svg(fig)
    return Chart(svg, title or "Features by outlet",
                 f"Heatmap of {nf} features (rows) by {no} outlets (columns); colour is the z-score of each "
                 "outlet's value among the outlets" + (", the number is the value." if no <= 15 else "."))


def boilerplate_composition(shares, *, title: str = "") -> Chart | None:
    """Stacked bars: per article (index), share of page characters by block label (columns)."""
    if shares is None or shares.shape[0] == 0:
        return None
    matplotlib, plt = _plt()
    from ..types import BLOCK_LABELS

    labels = [lab for lab in BLOCK_LABELS if lab in shares.columns] + \
             [c for c in shares.columns if c not in BLOCK_LABELS]
    n = shares.shape[0]
    with matplotlib.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(7.6, 0.9 + 0.26 * n))
        left = [0.0] * n
        for j, lab in enumerate(labels):
            vals = [float(x) for x in shares[lab].fillna(0.0)]
            ax.barh(range(n), vals, left=left, color=BLOCK_COLOURS.get(lab, _PALETTE[j % len(_PALETTE)]),
                    edgecolor="white", linewidth=0.4, label=lab, height=0.72)
            left = [a + b for a, b in zip(left, vals)]
        ax.set_yticks(range(n))
        ax.set_yticklabels([_label(i, 34) for i in shares.index])
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of page characters")
        ax.legend(ncol=min(6, len(labels)), fontsize=7, frameon=False, loc="lower left",
                  bbox_to_anchor=(0, 1.0 if not title else 1.02))
        if title:
            ax.set_title(_label(title, 90), loc="left", pad=22)
        fig.tight_layout()
        svg = _svg(fig)
    return Chart(svg, title or "Page composition",
                 f"Page composition of {n} articles: share of characters in each block label; "
                 "article labels in blue, boilerplate in grey and orange.")
