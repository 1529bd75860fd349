"""Within-story normalisation: centring, z, rank, zero variance, single-outlet stories."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.compare.normalise import within_story_effects
from framing.errors import FramingError


def _frame():
    return pd.DataFrame({
        "story": ["s1", "s1", "s1", "s1", "s2", "s2", "s3"],
        "outlet": ["A", "A", "B", "C", "A", "B", "A"],
        "f": [10.0, 14.0, 6.0, 4.0, 1.0, 3.0, 99.0],
        "flat": [1.0] * 7,
    })


def test_centre_against_cross_outlet_baseline_with_cell_means():
    eff = within_story_effects(_frame(), ["f", "flat"])
    # s1 cells: A = mean(10, 14) = 12, B = 6, C = 4; baseline = 22/3
    assert eff.effect.loc[("s1", "A"), "f"] == pytest.approx(12 - 22 / 3)
    assert eff.cells.loc[("s1", "A"), "n_articles"] == 2
    assert eff.effect.loc[("s2", "B"), "f"] == pytest.approx(1.0)
    # single-outlet story s3 has no baseline: not in the effects
    assert ("s3", "A") not in eff.effect.index
    assert eff.n_outlets["s3"] == 1
    # zero within-story variance: effects 0, no scaled value (cannot rank)
    assert (eff.effect["flat"] == 0).all() and eff.scaled["flat"].isna().all()
    # pooled SD: sum of squared effects over (k_s - 1) summed
    e = eff.effect["f"]
    assert eff.pooled_sd["f"] == pytest.approx(np.sqrt((e ** 2).sum() / (2 + 1)))


def test_z_and_rank_methods():
    z = within_story_effects(_frame(), ["f", "flat"], method="z")
    s1 = z.effect.xs("s1")["f"]
    assert s1.mean() == pytest.approx(0.0, abs=1e-12) and s1.std(ddof=0) == pytest.approx(1.0)
    assert (z.effect["flat"] == 0).all()
    r = within_story_effects(_frame(), ["f"], method="rank")
    assert r.effect.loc[("s1", "A"), "f"] == 0.5 and r.effect.loc[("s1", "C"), "f"] == -0.5
    with pytest.raises(FramingError):
        within_story_effects(_frame(), ["f"], method="median")


def test_topic_level_cancels():
    # the same outlet gap on a quiet and a loud story gives the same centred effect
    f = pd.DataFrame({"story": ["q", "q", "l", "l"], "outlet": ["A", "B", "A", "B"], "f": [2.0, 1.0, 51.0, 50.0]})
    e = within_story_effects(f, ["f"]).effect["f"]
    assert e[("q", "A")] == pytest.approx(e[("l", "A")]) == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3),
                          st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)), min_size=1, max_size=40))
def test_centred_effects_sum_to_zero_within_every_story(cells):
    f = pd.DataFrame(cells, columns=["story", "outlet", "f"])
    eff = within_story_effects(f, ["f"])
    for _s, part in eff.effect.groupby(level=0):
        assert abs(part["f"].sum()) <= 1e-9 * max(1.0, f["f"].abs().max()) * len(part)
    # only stories with two or more outlets carry effects
    multi = f.groupby("story")["outlet"].nunique()
    assert set(eff.effect.index.get_level_values(0)) == set(multi[multi >= 2].index)
