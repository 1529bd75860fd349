"""Distinctive terms: Monroe, Colaresi and Quinn (2008) weighted log-odds."""
from __future__ import annotations

import numpy as np

from framing.compare.terms import distinctive_terms, weighted_log_odds

from compare_helpers import EVENTS


def test_log_odds_matches_the_formula_and_is_antisymmetric():
    yi = np.array([10.0, 0.0, 5.0])
    yj = np.array([2.0, 8.0, 5.0])
    prior = np.array([12.0, 8.0, 10.0])
    d, z = weighted_log_odds(yi, yj, prior, prior_weight=30.0)
    a = 30.0 * prior / prior.sum()
    ni, nj = yi.sum(), yj.sum()
    d0 = np.log((yi[0] + a[0]) / (ni + 30 - yi[0] - a[0])) - np.log((yj[0] + a[0]) / (nj + 30 - yj[0] - a[0]))
    assert np.isclose(d[0], d0)
    assert np.isclose(z[0], d0 / np.sqrt(1 / (yi[0] + a[0]) + 1 / (yj[0] + a[0])))
    d2, z2 = weighted_log_odds(yj, yi, prior, prior_weight=30.0)
    assert np.allclose(d, -d2) and np.allclose(z, -z2)
    assert z[0] > 0 > z[1]


def test_outlet_word_choice_on_the_same_stories_is_found():
    texts, outlets, stories = [], [], []
    for ev, body in EVENTS.items():
        for k in range(4):
            texts.append(body + " The government responded.")
            outlets.append("Wire")
            stories.append(ev)
            texts.append(body + " The regime responded, the regime said.")
            outlets.append("Partisan")
            stories.append(ev)
    # a story only Partisan covers does not count (no one to compare with)
    texts.append("Regime regime regime regime celebrations in the capital.")
    outlets.append("Partisan")
    stories.append("solo")
    t = distinctive_terms(texts, outlets, stories, top_n=5)
    top = t[(t["outlet"] == "Partisan") & (t["direction"] == "over")].iloc[0]
    assert top["term"] == "regime" and top["z"] > 1.96
    assert top["count_outlet"] == 24 and top["n_stories"] == 3
    wire = t[(t["outlet"] == "Wire") & (t["direction"] == "over")]
    assert wire.iloc[0]["term"] == "government"
    assert not (t["term"] == "wire").any()  # outlet names are bylines, not framing


def test_no_shared_story_no_terms():
    t = distinctive_terms(["a story about ships", "another about trains"], ["A", "B"], ["s1", "s2"])
    assert len(t) == 0
