"""Outlet profiles, composite indices and pairwise comparisons.

Profile of outlet ``o`` for measure ``f``: the mean over the stories ``o``
covered (with at least one other outlet) of its within-story effect
``e[s,o]`` (see :mod:`.normalise`), with a story-bootstrap percentile CI
(:mod:`.bootstrap`), and the numbers of stories and articles behind it.

Composite index ``C`` (table :data:`COMPOSITES`): for each (story, outlet)
cell, ``C[s,o] = mean over available inputs i of sign_i * scaled_i[s,o]``,
where ``scaled`` is the effect divided by the feature's pooled within-story
SD, so inputs in different units weigh equally. Inputs absent from the
analysis (extractor not built or not run) are skipped and listed; a composite
with no input is not reported.

Pair ``(a, b)``: ``d[s] = e[s,a] - e[s,b]`` over the stories both covered
(paired), its mean with a story-bootstrap CI, a two-sided bootstrap p-value,
and a Benjamini-Hochberg q-value across all pairs and measures. The
difference "exceeds its uncertainty" when the CI excludes 0 and ``q < 0.05``.
"""
from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

import numpy as np
import pandas as pd

from .bootstrap import benjamini_hochberg, bootstrap_mean, rng_for

__all__ = ["Composite", "COMPOSITES", "composite_table", "composite_effects", "outlet_profiles",
           "pairwise"]


class Composite(NamedTuple):
    name: str
    description: str
    #: (feature name, sign): +1 raises the index, -1 lowers it. "a|b" names alternatives (first present).
    inputs: tuple[tuple[str, int], ...]


#: The composite indices. Feature names are those the extractor families publish
#: (``family.feature``); fix a renamed feature here, in one place.
COMPOSITES: tuple[Composite, ...] = (
    Composite("loaded_language", "Loaded and emotive words in the outlet's own voice (not in quotes), "
              "plus scare quotes", (("loaded.outlet.per_1k", +1), ("loaded.scare_quotes.per_1k", +1))),
    Composite("source_diversity", "Attribution balance: attributes more claims, to more kinds of source, "
              "and quotes them directly", (("attribution.source_diversity", +1), ("attribution.per_1k", +1),
                                           ("attribution.direct_quote_share", +1))),
    Composite("state_media_reliance", "Share of attributions to state media and government sources",
              (("attribution.source.state_media.share", +1),
               ("attribution.source.government.share|attribution.source.government_official.share", +1))),
    Composite("anonymous_reliance", "Reliance on anonymous or unidentified sources",
              (("attribution.source.anonymous.share", +1), ("attribution.anonymous.per_1k", +1),
               ("attribution.source.unknown.share", +1))),
    Composite("loaded_speech_verbs", "Speech verbs that judge the speaker (loaded, distancing) rather than "
              "report ('said')", (("attribution.cue.loaded.share", +1), ("attribution.cue.distancing.share", +1),
                                  ("attribution.cue.neutral.share", -1))),
    Composite("hedging", "Hedges in the outlet's voice, net of boosters (Hyland 2005)",
              (("hedging.hedge.outlet.per_1k", +1), ("hedging.booster.outlet.per_1k", -1))),
    Composite("page_hygiene", "Clean pages: less boilerplate and advertising (higher is cleaner)",
              (("page.boilerplate_ratio", -1), ("page.advert_ratio", -1))),
    Composite("integrity", "Original text: fewer repeated paragraphs, less spun (machine-reworded) text, "
              "less near-copy of another outlet's article (higher is more original)",
              (("page.duplicate_ratio", -1), ("page.spun_score", -1), ("compare.syndication", -1))),
)


def composite_table() -> pd.DataFrame:
    """The composite definitions as a table (for the report's methodology appendix)."""
    rows = [{"composite": c.name, "feature": f, "sign": s, "description": c.description}
            for c in COMPOSITES for f, s in c.inputs]
    return pd.DataFrame(rows, columns=["composite", "feature", "sign", "description"])


def composite_effects(scaled: pd.DataFrame, *, composites=COMPOSITES) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Per-cell composite values from scaled effects, and the inputs each one used."""
    out = pd.DataFrame(index=scaled.index)
    used: dict[str, list[str]] = {}
    for c in composites:
        cols = []
        for names, s in c.inputs:  # "a|b": the first alternative name present
            f = next((n for n in names.split("|") if n in scaled.columns and scaled[n].notna().any()), None)
            if f is not None:
                cols.append((f, s))
        if not cols:
            continue
        mat = np.column_stack([s * scaled[f].to_numpy(dtype=float) for f, s in cols])
        with np.errstate(invalid="ignore"):
            val = np.nanmean(np.where(np.isfinite(mat), mat, np.nan), axis=1) if mat.size else np.nan
        out[c.name] = val
        used[c.name] = [f for f, _ in cols]
    return out, used


def _cells_matrix(effect: pd.DataFrame, outlet: str) -> pd.DataFrame:
    try:
        return effect.xs(outlet, level=1)
    except KeyError:
        return effect.iloc[0:0].droplevel(1)


def outlet_profiles(effect: pd.DataFrame, cells: pd.DataFrame, raw: pd.DataFrame, *, kinds: dict[str, str],
                    inputs: dict[str, list[str]], n_boot: int = 1000, ci: float = 0.95, seed: int = 0,
                    units: dict[str, str] | None = None) -> pd.DataFrame:
    """Long table: one row per (outlet, measure) with mean effect, CI, n stories, n articles.

    ``effect`` is indexed by (story, outlet) and has one column per measure;
    ``cells`` gives ``n_articles`` per cell; ``raw`` is the per-article frame
    (``outlet`` column + measures) for the outlet's raw mean, shown for context.
    """
    measures = list(effect.columns)
    outlets = sorted(set(effect.index.get_level_values(1)) | set(raw["outlet"].dropna().astype(str)))
    raw_cols = [m for m in measures if m in raw.columns]
    raw_means = raw.groupby("outlet")[raw_cols].mean().reindex(columns=measures) if len(raw) else None
    art_total = raw.groupby("outlet").size() if len(raw) else pd.Series(dtype=int)
    n_art_cells = cells["n_articles"].reindex(effect.index).to_numpy(dtype=float)
    level = effect.index.get_level_values(1)
    kind_arr = np.array([kinds.get(m, "feature") for m in measures], dtype=object)
    unit_arr = np.array([(units or {}).get(m, "") for m in measures], dtype=object)
    input_arr = np.array(["; ".join(inputs.get(m, [])) if kinds.get(m) == "composite" else m for m in measures],
                         dtype=object)
    nan = np.full(len(measures), np.nan)
    allE = effect.to_numpy(dtype=float)
    parts = []
    for o in outlets:
        sel = np.asarray(level == o)
        E = allE[sel]
        if len(E):
            res = bootstrap_mean(E, n_boot=n_boot, ci=ci, rng=rng_for(seed, "outlet", o))
            present = np.isfinite(E)
            n_st = present.sum(axis=0)
            n_art = (n_art_cells[sel][:, None] * present).sum(axis=0)
            mean, lo, hi, se = res.mean, res.low, res.high, res.se
        else:
            n_st = n_art = np.zeros(len(measures))
            mean = lo = hi = se = nan
        rawm = raw_means.loc[o].to_numpy(dtype=float) if raw_means is not None and o in raw_means.index else nan
        parts.append(pd.DataFrame({
            "outlet": o, "measure": measures, "kind": kind_arr, "effect": mean, "ci_low": lo, "ci_high": hi,
            "se": se, "n_stories": n_st.astype(int), "n_articles": np.asarray(n_art).astype(int),
            "n_articles_total": int(art_total.get(o, 0)), "raw_mean": rawm, "units": unit_arr, "inputs": input_arr,
            "ci_excludes_0": np.isfinite(lo) & ((lo > 0) | (hi < 0)),
        }))
    cols = ["outlet", "measure", "kind", "effect", "ci_low", "ci_high", "se", "n_stories", "n_articles",
            "n_articles_total", "raw_mean", "units", "inputs", "ci_excludes_0"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


PAIR_COLUMNS = ["outlet_a", "outlet_b", "measure", "kind", "difference", "ci_low", "ci_high", "se", "p_boot",
                "q_bh", "n_shared_stories", "exceeds_uncertainty"]


def pairwise(effect: pd.DataFrame, pairs: list[tuple[str, str]] | None = None, *, kinds: dict[str, str],
             n_boot: int = 1000, ci: float = 0.95, seed: int = 0, alpha: float = 0.05) -> pd.DataFrame:
    """Paired differences ``a - b`` over shared stories for every pair and measure."""
    outlets = sorted(set(effect.index.get_level_values(1)))
    if pairs is None:
        pairs = list(combinations(outlets, 2))
    measures = list(effect.columns)
    rows = []
    for a, b in pairs:
        Ea, Eb = _cells_matrix(effect, a), _cells_matrix(effect, b)
        shared = Ea.index.intersection(Eb.index)
        D = (Ea.loc[shared] - Eb.loc[shared]).to_numpy(dtype=float) if len(shared) else np.zeros((0, len(measures)))
        if len(shared):
            res = bootstrap_mean(D, n_boot=n_boot, ci=ci, rng=rng_for(seed, "pair", a, b))
        for k, m in enumerate(measures):
            if len(shared):
                mean, lo, hi, se, p, n = res.mean[k], res.low[k], res.high[k], res.se[k], res.p[k], int(res.n[k])
            else:
                mean = lo = hi = se = p = np.nan
                n = 0
            rows.append({"outlet_a": a, "outlet_b": b, "measure": m, "kind": kinds.get(m, "feature"),
                         "difference": mean, "ci_low": lo, "ci_high": hi, "se": se, "p_boot": p,
                         "n_shared_stories": n})
    df = pd.DataFrame(rows, columns=[c for c in PAIR_COLUMNS if c not in ("q_bh", "exceeds_uncertainty")])
    df["q_bh"] = benjamini_hochberg(df["p_boot"].to_numpy(dtype=float)) if len(df) else []
    excl = (df["ci_low"] > 0) | (df["ci_high"] < 0)
    df["exceeds_uncertainty"] = (excl & (df["q_bh"] < alpha)).fillna(False).astype(bool)
    return df[PAIR_COLUMNS]
