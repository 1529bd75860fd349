"""Story bootstrap: intervals, p-values and BH q-values."""
from __future__ import annotations

import numpy as np

from framing.compare.bootstrap import benjamini_hochberg, bootstrap_mean, rng_for


def test_interval_contains_mean_and_shrinks_with_more_stories():
    rng = np.random.default_rng(0)
    small = bootstrap_mean(rng.normal(1.0, 1.0, 10), n_boot=500, seed=1)
    large = bootstrap_mean(rng.normal(1.0, 1.0, 400), n_boot=500, seed=1)
    for r in (small, large):
        assert r.low[0] < r.mean[0] < r.high[0]
    assert (large.high - large.low)[0] < (small.high - small.low)[0] / 3
    assert large.p[0] < 0.01  # a true effect of 1 SD over 400 stories is found


def test_missing_values_are_skipped_per_column():
    E = np.array([[1.0, np.nan], [2.0, np.nan], [3.0, 5.0]])
    r = bootstrap_mean(E, n_boot=200, seed=0)
    assert r.mean[0] == 2.0 and r.mean[1] == 5.0
    assert list(r.n) == [3, 1]
    assert np.isfinite(r.low[0]) and np.isnan(r.low[1])  # one story: no interval


def test_deterministic_given_seed_and_keys():
    E = np.random.default_rng(3).normal(size=(30, 2))
    a = bootstrap_mean(E, n_boot=300, rng=rng_for(7, "outlet", "RT"))
    b = bootstrap_mean(E, n_boot=300, rng=rng_for(7, "outlet", "RT"))
    c = bootstrap_mean(E, n_boot=300, rng=rng_for(7, "outlet", "MENAFN"))
    assert np.array_equal(a.low, b.low) and not np.array_equal(a.low, c.low)


def test_few_stories_get_the_wider_t_interval():
    x = np.array([0.9, 1.1, 1.0, 1.3])
    r = bootstrap_mean(x, n_boot=1000, seed=0)
    pct = np.quantile([x[np.random.default_rng(s).integers(0, 4, 4)].mean() for s in range(2000)], [0.025, 0.975])
    assert r.high[0] - r.low[0] > (pct[1] - pct[0]) * 1.5


def test_benjamini_hochberg_matches_hand_computation():
    p = np.array([0.01, 0.04, 0.03, 0.2, np.nan])
    q = benjamini_hochberg(p)
    # sorted p: .01 .03 .04 .2 (m=4): .04, .06, .0533 -> monotone .04 .0533 .0533 .2
    assert np.allclose(q[:4], [0.04, 0.053333, 0.053333, 0.2], atol=1e-5)
    assert np.isnan(q[4])


def test_strong_effect_p_value_is_not_stuck_at_the_bootstrap_floor():
    # no replicate reaches 0: the p-value comes from mean / SE (continuous), so BH over
    # thousands of tests can still pass a strong effect
    x = np.random.default_rng(2).normal(3.0, 1.0, 60)
    r = bootstrap_mean(x, n_boot=200, seed=0)
    assert r.p[0] < 1.0 / 201
    q = benjamini_hochberg(np.r_[r.p, np.full(5000, 0.5)])
    assert q[0] < 0.05
