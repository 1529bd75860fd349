"""Story-level bootstrap: confidence intervals that resample stories, not articles.

Articles on one story are not independent draws (they share the event, the
sources, the wire copy), so the unit of resampling is the story (a cluster
bootstrap; Cameron, Gelbach and Miller 2008; Efron and Tibshirani 1993, ch. 13).
Given the per-story effects ``E`` (stories x measures) of one outlet, each
replicate draws ``n`` stories with replacement -- drawn as multinomial counts
``W`` so all replicates are one matrix product ``W @ E`` -- and the interval is
the percentile interval of the replicate means -- or, when wider, ``mean +/-
t(n-1) * SE_boot`` (the standard interval with the bootstrap SE and
Student-t quantiles): percentile intervals under-cover with few clusters
(Cameron and Miller 2015, sec. VI), so the wider, conservative one is kept
(likewise the larger of the two p-values). Missing values (a measure
absent in a story) are skipped: each replicate mean is ``W @ E0 / W @ M`` with
``M`` the mask of present values.

A paired comparison of two outlets bootstraps the per-story differences over
the stories both covered; the two-sided bootstrap p-value is
``2 * min(P(mean* <= 0), P(mean* >= 0))`` (or the t p-value from ``mean / SE_boot`` when larger, and alone
when no replicate reaches 0, where the bootstrap p is only bounded by ``2/(B+1)``),
and :func:`benjamini_hochberg` controls the false discovery rate across the
many outlet pairs and measures a comparison tests.
"""
from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
from scipy.stats import t as student_t

__all__ = ["BootResult", "bootstrap_mean", "benjamini_hochberg", "rng_for"]


class BootResult(NamedTuple):
    """Per-measure arrays: point estimate, percentile CI, bootstrap SE, p-value, n."""

    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    se: np.ndarray
    p: np.ndarray  #: two-sided bootstrap p-value for "mean == 0"
    n: np.ndarray  #: stories with a value, per measure


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator seeded from ``seed`` and stable string keys (order-independent results)."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF] + [zlib.crc32(k.encode("utf-8")) for k in keys])


def bootstrap_mean(values: np.ndarray, *, n_boot: int = 1000, ci: float = 0.95,
                   rng: np.random.Generator | None = None, seed: int = 0) -> BootResult:
    """Mean of each column of ``values`` (stories x measures) with a story bootstrap CI.

    Columns with fewer than two stories get NaN bounds (no interval is possible
    from one story); the point estimate is still returned.
    """
    E = np.asarray(values, dtype=float)
    if E.ndim == 1:
        E = E[:, None]
    n, f = E.shape
    M = np.isfinite(E)
    E0 = np.where(M, E, 0.0)
    cnt = M.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = E0.sum(axis=0) / cnt
    nan = np.full(f, np.nan)
    if n < 2 or n_boot < 1:
        return BootResult(mean, nan.copy(), nan.copy(), nan.copy(), nan.copy(), cnt)
    rng = rng if rng is not None else np.random.default_rng(seed)
    # 1. replicate weights: how often each story is drawn in each replicate
    W = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    # 2. replicate means, skipping missing values
    num = W @ E0
    den = W @ M.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        reps = num / den
    # 3. percentile interval, SE and p-value per measure (vectorised over measures)
    a = (1.0 - ci) / 2.0
    ok = (cnt >= 2) & np.isfinite(reps).any(axis=0)
    low, high, se, p = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    if ok.any():
        R = reps[:, ok]
        fin = np.isfinite(R)
        nfin = fin.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            plo, phi = np.nanquantile(R, [a, 1.0 - a], axis=0)
            s_e = np.nanstd(R, axis=0, ddof=1)
            below = (np.sum(fin & (R <= 0), axis=0) + 1) / (nfin + 1)
            above = (np.sum(fin & (R >= 0), axis=0) + 1) / (nfin + 1)
            p_pct = np.minimum(1.0, 2.0 * np.minimum(below, above))
            # few-cluster guard: the wider of the percentile interval and mean +/- t(n-1) * SE
            df = np.maximum(cnt[ok] - 1, 1)
            tq = student_t.ppf(1.0 - a, df)
            m = mean[ok]
            tlo, thi = m - tq * s_e, m + tq * s_e
            tstat = np.where(s_e > 0, np.abs(m) / np.where(s_e > 0, s_e, 1.0), np.where(m == 0, 0.0, np.inf))
            p_t = 2.0 * student_t.sf(tstat, df)
        low[ok] = np.fmin(plo, tlo)
        high[ok] = np.fmax(phi, thi)
        se[ok] = s_e
        # when no replicate reaches 0 the bootstrap p only says "< 2/(B+1)": use the t p-value there
        # (continuous, so Benjamini-Hochberg over thousands of tests is not stuck at the 1/(B+1) floor)
        crossings = np.minimum(np.sum(fin & (R <= 0), axis=0), np.sum(fin & (R >= 0), axis=0))
        p[ok] = np.where(crossings == 0, p_t, np.fmax(p_pct, p_t))
    return BootResult(mean, low, high, se, p, cnt)


def benjamini_hochberg(p) -> np.ndarray:
    """Benjamini-Hochberg (1995) adjusted p-values (q-values); NaN stays NaN."""
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    m = int(ok.sum())
    if m == 0:
        return q
    pv = p[ok]
    order = np.argsort(pv, kind="mergesort")
    ranked = pv[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    q[ok] = out
    return q
