"""Report data from a comparison: effects with intervals, the raw-mean fallback, large corpora capped."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from framing.report.model import outlet_estimates, outlet_section


def _comparison(n_outlets: int, *, effects: bool = True):
    rows = []
    for i in range(n_outlets):
        for m, kind in (("loaded_language", "composite"), ("loaded.outlet.per_1k", "feature"),
                        ("attribution.per_1k", "feature")):
            e = (i - n_outlets / 2) / 10 if effects else np.nan
            rows.append({"outlet": f"Outlet {i:02d}", "measure": m, "kind": kind, "effect": e,
                         "ci_low": e - 0.2 if effects else np.nan, "ci_high": e + 0.2 if effects else np.nan,
                         "n_stories": 3, "n_articles_total": 4, "raw_mean": float(i)})
    return SimpleNamespace(outlets=pd.DataFrame(rows), terms=None, pairs=None)


def test_effects_and_intervals_come_from_the_comparison():
    long, how = outlet_estimates(None, _comparison(4))
    assert "story-bootstrap" in how
    r = long[(long["outlet"] == "Outlet 00") & (long["feature"] == "loaded_language")].iloc[0]
    assert np.allclose([r["value"], r["low"], r["high"], r["n"]], [-0.2, -0.4, 0.0, 3])


def test_without_effects_the_raw_means_are_shown_as_descriptive():
    long, how = outlet_estimates(None, _comparison(3, effects=False))
    assert "descriptive only" in how
    assert long["low"].isna().all() and sorted(long["value"].unique()) == [0.0, 1.0, 2.0]


def test_composites_lead_and_many_outlets_turn_the_table():
    few = outlet_section(None, _comparison(5))
    assert few["profile_features"][0] == "loaded_language"
    assert list(few["table"].columns) == [f"Outlet {i:02d}" for i in range(5)]
    many = outlet_section(None, _comparison(40))
    assert many["table"].index.name == "outlet" and len(many["table"]) == 30
    assert many["table"].shape[1] <= 6
    assert many["table"].loc["Outlet 00", "loaded_language"] == "-2 [-2.200, -1.800]"


def test_coverage_marks_omissions_of_facts_two_others_report():
    from framing.report.model import _coverage_view

    # facts of the seed story: Kursk reported by all, the treaty by two, a number by one
    cov = pd.DataFrame({
        "fact": ["kursk"] * 3 + ["treaty"] * 3 + ["11,000"] * 3, "kind": "name",
        "outlet": ["RT", "MENAFN", "Al Jazeera"] * 3,
        "reported": [True, True, True, True, True, False, True, False, False],
        "text": ["Kursk", "Kursk", "Kursk", "treaty", "Treaty", None, "11,000", None, None]})
    v = _coverage_view(cov)
    assert [f["fact"] for f in v["facts"]] == ["kursk", "treaty", "11,000"]
    assert v["omissions"] == {"Al Jazeera": ["treaty"], "MENAFN": [], "RT": []}
    assert v["facts"][1]["cells"]["MENAFN"] == (True, "Treaty")
    only_two = _coverage_view(cov, ["RT", "Al Jazeera"])
    # omissions count every outlet on the story, also those whose card is not shown
    assert only_two["outlets"] == ["Al Jazeera", "RT"] and only_two["omissions"] == {"Al Jazeera": ["treaty"], "RT": []}
