"""Story-level bootstrap: confidence intervals that resample stories, not articles.

Articles on one story are not independent draws (they share the event, the
sources, the wire copy), so the unit of resampling is the story (a cluster
bootstrap; Cameron, Gelbach and Miller 2008; Efron and Tibshirani 1993, ch. 13).
Given the per-story effects ``E`` (stories x measures) of one outlet, each
replicate draws ``n`` stories with replacement -- drawn as multinomial counts
``W`` so all replicates are one matrix product ``W @ E`` -- and the interval is
the percentile interval of the replicate means. Missing values (a measure
absent in a story) are skipped: each replicate mean is ``W @ E0 / W @ M`` with
``M`` the mask of present values.

A paired comparison of two outlets bootstraps the per-story differences over
the stories both covered; the two-sided bootstrap p-value is
``2 * min(P(mean* <= 0), P(mean* >= 0))`` (at least ``1/(B+1)`` apart from 0),
and :func:`benjamini_hochberg` controls the false discovery rate across the
many outlet pairs and measures a comparison tests.
"""
from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np

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
    # 3. percentile interval, SE and p-value per measure
    a = (1.0 - ci) / 2.0
    low, high, se, p = nan.copy(), nan.copy(), nan.copy(), nan.copy()
    for k in range(f):
        if cnt[k] < 2:
            continue
        r = reps[:, k]
        r = r[np.isfinite(r)]
        if r.size == 0:
            continue
        low[k], high[k] = np.quantile(r, [a, 1.0 - a])
        se[k] = r.std(ddof=1) if r.size > 1 else np.nan
        below = (np.sum(r <= 0) + 1) / (r.size + 1)
        above = (np.sum(r >= 0) + 1) / (r.size + 1)
        p[k] = min(1.0, 2.0 * min(below, above))
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
