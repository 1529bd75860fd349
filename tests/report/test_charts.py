"""Charts: deterministic self-contained SVG, error bars where intervals exist, untrusted labels inert."""
from __future__ import annotations

import re

import pandas as pd

from framing.report import charts


def _long():
    rows = []
    for o, v, lo, hi in (("RT", 4.0, 3.1, 5.2), ("Al Jazeera", 1.5, 0.9, 2.0), ("MENAFN", 2.2, None, None)):
        rows.append({"outlet": o, "feature": "loaded.outlet.per_1k", "value": v, "low": lo, "high": hi, "n": 3})
        rows.append({"outlet": o, "feature": "attribution.per_1k", "value": v * 2, "low": None, "high": None, "n": 1})
    return pd.DataFrame(rows)


def test_profiles_are_deterministic_svg_without_external_references():
    a = charts.outlet_profiles(_long()).svg
    b = charts.outlet_profiles(_long()).svg
    assert a == b
    assert a.lstrip().startswith("<?xml") and "<svg" in a
    assert "<image" not in a and "<script" not in a and "@font-face" not in a
    assert not re.search(r"<dc:date>", a)  # no timestamp
    # every href is internal (#...)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', a))


def test_error_bars_drawn_only_where_there_is_an_interval():
    with_ci = charts.outlet_profiles(_long(), features=["loaded.outlet.per_1k"]).svg
    df = _long()
    df["low"] = None
    df["high"] = None
    without = charts.outlet_profiles(df, features=["loaded.outlet.per_1k"]).svg
    # matplotlib's errorbar adds a LineCollection (one path per bar) and caps
    assert with_ci.count("<path") > without.count("<path")
    assert 'id="LineCollection_' in with_ci and 'id="LineCollection_' not in without


def test_dollar_signs_and_markup_in_labels_are_plain_text():
    df = _long()
    df.loc[df["outlet"] == "RT", "outlet"] = "$\\alpha$ <b>News</b> -->"
    svg = charts.outlet_profiles(df).svg
    assert "<b>" not in svg and "&lt;b&gt;News" in svg  # matplotlib escapes the label in its comment
    assert svg.count("<!--") == svg.count("-->")  # the label's "-->" cannot close a comment early


def test_heatmap_and_composition():
    m = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.1, 0.1, 0.1]}, index=["X", "Y", "Z"])
    h = charts.feature_heatmap(m)
    assert h is not None and h.svg.count("<path") > 3
    s = pd.DataFrame({"body": [0.6, 0.3], "navigation": [0.4, 0.5], "promo": [0.0, 0.2]}, index=["p1", "p2"])
    c = charts.boilerplate_composition(s)
    assert c is not None and "#ed7d31" in c.svg  # the promo colour is used (a bar with promo share > 0)
    assert c.data_uri.startswith("data:image/svg+xml;base64,")
    assert charts.outlet_profiles(pd.DataFrame(columns=["outlet", "feature", "value", "low", "high", "n"])) is None
