"""Outlet profiles, composites and pairs on synthetic stories with a known answer."""
from __future__ import annotations

import numpy as np
import pandas as pd

import framing
from framing.compare.normalise import within_story_effects
from framing.compare.profiles import COMPOSITES, composite_effects, composite_table, outlet_profiles, pairwise

from compare_helpers import loaded_world, make_analysis

FEATURE = "loaded.outlet.per_1k"


def _profile(c, outlet, measure=FEATURE):
    t = c.outlets
    return t[(t["outlet"] == outlet) & (t["measure"] == measure)].iloc[0]


def test_outlet_with_twice_the_loaded_terms_ranks_above():
    rows = loaded_world(n_stories=30, outlet_factor={"A": 2.0, "B": 1.0, "C": 1.0}, seed=1)
    c = framing.compare(make_analysis(rows), n_boot=500, seed=0)
    ranked = c.profile(FEATURE)["outlet"].tolist()
    assert ranked[0] == "A"
    a = _profile(c, "A")
    assert a["ci_low"] > 0 and a["n_stories"] == 30 and a["n_articles"] == 30
    # composite loaded_language ranks A first too, and says which inputs it had
    comp = c.profile("loaded_language")
    assert comp["outlet"].iloc[0] == "A"
    assert comp["inputs"].iloc[0] == FEATURE  # scare quotes have no variation: skipped, not faked
    ab = c.pair("A", "B")
    ab = ab[ab["measure"] == FEATURE].iloc[0]
    assert ab["difference"] > 0 and ab["exceeds_uncertainty"]
    bc = c.pair("B", "C")
    assert not bc[bc["measure"] == FEATURE].iloc[0]["exceeds_uncertainty"]


def test_topic_effect_alone_ranks_no_outlet_above_another():
    # A covers mostly high-loaded stories, B mostly low ones: their raw means differ a lot,
    # but on shared stories they write alike.
    n = 40
    rng = np.random.default_rng(7)
    level_order = np.argsort(rng.uniform(size=n))
    high, low = set(level_order[: n // 2].tolist()), set(level_order[n // 2:].tolist())
    rows = loaded_world(n_stories=n, outlet_factor={"A": 1.0, "B": 1.0, "C": 1.0}, seed=3,
                        coverage={"A": high | set(list(low)[:4]), "B": low | set(list(high)[:4]),
                                  "C": set(range(n))})
    # make the topic confound real: stories A covers are the loaded ones
    for r in rows:
        s = int(r["story"][1:])
        r[FEATURE] *= 5.0 if s in high else 1.0
    c = framing.compare(make_analysis(rows), n_boot=500, seed=0)
    raw = c.outlets[c.outlets["measure"] == FEATURE].set_index("outlet")["raw_mean"]
    assert raw["A"] > 2 * raw["B"]  # the raw rates are confounded by topic
    pf = c.pairs[c.pairs["measure"] == FEATURE]
    assert not pf["exceeds_uncertainty"].any()
    prof = c.outlets[c.outlets["measure"] == FEATURE]
    assert ((prof["ci_low"] <= 0) & (prof["ci_high"] >= 0)).all()


def test_ci_covers_the_truth_in_most_seeded_repetitions():
    # truth: effect of A = log-scale factor difference; with multiplicative noise on a centred
    # scale the truth is computable per world: mean over stories of (A - story mean of A, B, C)
    hits, reps = 0, 60
    for rep in range(reps):
        rows = loaded_world(n_stories=25, outlet_factor={"A": 1.3, "B": 1.0, "C": 0.9}, seed=100 + rep, noise=0.3)
        frame = pd.DataFrame(rows)
        eff = within_story_effects(frame, [FEATURE])
        # expected effect without noise: level_s * (1.3 - mean(1.3, 1.0, 0.9)) * E[exp(noise)], averaged
        level = frame[frame["outlet"] == "B"].set_index("story")[FEATURE]  # noisy; use the generator instead
        rng = np.random.default_rng(100 + rep)
        lv = rng.uniform(1.0, 20.0, 25)
        truth = float(np.mean(lv) * (1.3 - (1.3 + 1.0 + 0.9) / 3) * np.exp(0.3 ** 2 / 2))
        prof = outlet_profiles(eff.effect, eff.cells, frame[["outlet", FEATURE]], kinds={}, inputs={},
                               n_boot=400, seed=rep)
        a = prof[(prof["outlet"] == "A") & (prof["measure"] == FEATURE)].iloc[0]
        hits += int(a["ci_low"] <= truth <= a["ci_high"])
        assert len(level) == 25
    # 95% intervals; percentile bootstrap with 25 clusters under-covers a little
    assert hits / reps >= 0.85, hits


def test_composites_skip_absent_inputs_and_flip_signs():
    idx = pd.MultiIndex.from_tuples([("s1", "A"), ("s1", "B")], names=["story", "outlet"])
    scaled = pd.DataFrame({"page.boilerplate_ratio": [1.0, -1.0], "page.advert_ratio": [np.nan, np.nan]},
                          index=idx)
    comp, used = composite_effects(scaled)
    assert used == {"page_hygiene": ["page.boilerplate_ratio"]}
    assert comp.loc[("s1", "A"), "page_hygiene"] == -1.0  # more boilerplate, less hygiene
    table = composite_table()
    assert set(table["composite"]) == {c.name for c in COMPOSITES}
    assert (table["sign"].abs() == 1).all()


def test_single_story_gives_effects_but_no_interval():
    rows = loaded_world(n_stories=1, outlet_factor={"A": 2.0, "B": 1.0}, seed=0)
    frame = pd.DataFrame(rows)
    eff = within_story_effects(frame, [FEATURE])
    prof = outlet_profiles(eff.effect, eff.cells, frame[["outlet", FEATURE]], kinds={}, inputs={}, n_boot=200)
    a = prof[prof["outlet"] == "A"].iloc[0]
    assert a["effect"] > 0 and np.isnan(a["ci_low"]) and a["n_stories"] == 1
    pr = pairwise(eff.effect, [("A", "B")], kinds={}, n_boot=200)
    assert pr["n_shared_stories"].iloc[0] == 1 and not pr["exceeds_uncertainty"].iloc[0]
