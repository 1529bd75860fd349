"""Story grouping: metadata ids, TF-IDF clusters in a date window, determinism, bounded work."""
from __future__ import annotations

import numpy as np

from framing.compare.stories import GRANULARITIES, candidate_pairs, group_stories, parse_days, story_table, vectorise

from compare_helpers import EVENTS

LEADS = {
    "Reuters": "{} ",
    "AP": "Officials said on Monday that {} ",
    "RT": "According to reports, {} Western media played down the news.",
}
DATES = {"quake": "2023-02-06", "budget": "2022-12-22", "missile": "2022-11-03"}


def _corpus():
    ids, texts, dates, outlets = [], [], [], []
    for ev, body in EVENTS.items():
        for o, lead in LEADS.items():
            ids.append(f"{ev}-{o}")
            texts.append(lead.format(body))
            dates.append(DATES[ev])
            outlets.append(o)
    return ids, texts, dates, outlets


def test_clusters_one_story_per_event():
    ids, texts, dates, outlets = _corpus()
    g = group_stories(ids, texts, dates, outlets, granularity="event")
    by_event = {}
    for i, lab in zip(ids, g.labels):
        by_event.setdefault(i.split("-")[0], set()).add(lab)
    assert all(len(v) == 1 for v in by_event.values())
    assert len(set(g.labels)) == 3
    t = story_table(ids, outlets, dates, g)
    assert list(t["n_outlets"]) == [3, 3, 3]
    quake = t[t["members"].str.contains("quake-AP")].iloc[0]
    terms = quake["top_terms"].split(", ")
    assert len(terms) == 8 and all(t in EVENTS["quake"].lower() for t in terms)
    assert quake["first_date"] == "2023-02-06"
    # near-copies of another outlet's article are marked as syndicated
    assert np.nanmin(g.syndication) > 0.5


def test_date_window_separates_the_same_words_weeks_apart():
    ids, texts, dates, outlets = _corpus()
    ids.append("quake-later")
    texts.append(EVENTS["quake"])
    dates.append("2023-02-20")
    outlets.append("BBC")
    g = group_stories(ids, texts, dates, outlets, granularity="event")
    lab = dict(zip(ids, g.labels))
    assert lab["quake-later"] != lab["quake-AP"]
    g2 = group_stories(ids, texts, dates, outlets, granularity="topic")
    lab2 = dict(zip(ids, g2.labels))
    assert lab2["quake-later"] == lab2["quake-AP"]  # the running story, 14 days on


def test_deterministic_and_independent_of_input_order():
    ids, texts, dates, outlets = _corpus()
    a = dict(zip(ids, group_stories(ids, texts, dates, outlets).labels))
    r = slice(None, None, -1)
    b = dict(zip(ids[r], group_stories(ids[r], texts[r], dates[r], outlets[r]).labels))
    assert a == b


def test_metadata_story_ids_are_kept_and_the_rest_clustered():
    ids, texts, dates, outlets = _corpus()
    given = ["given-1" if i.startswith("budget") else None for i in ids]
    g = group_stories(ids, texts, dates, outlets, given=given)
    lab = dict(zip(ids, g.labels))
    src = dict(zip(ids, g.source))
    assert lab["budget-AP"] == "given-1" and src["budget-AP"] == "metadata"
    assert src["quake-AP"] == "cluster:event" and lab["quake-AP"] == lab["quake-RT"]


def test_blocking_finds_every_exact_pair_here_and_bounds_the_work():
    ids, texts, dates, outlets = _corpus()
    X, _ = vectorise(texts)
    days = parse_days(dates)
    i, j, s = candidate_pairs(X, days, window_days=3, top_k=GRANULARITIES["event"].top_k)
    assert (i < j).all() and len(set(zip(i.tolist(), j.tolist()))) == len(i)
    exact = (X @ X.T).toarray()
    found = set(zip(i.tolist(), j.tolist()))
    thr = GRANULARITIES["event"].threshold
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            if exact[a, b] >= thr and abs(days[a] - days[b]) <= 3:
                assert (a, b) in found
    assert np.allclose(s, exact[i, j], atol=1e-5)
    # 603 copies of the 9 texts on one day: all-pairs would be 181,503; blocking caps pairs per key
    many = texts * 67
    Xm, _ = vectorise(many)
    im, _jm, _ = candidate_pairs(Xm, np.zeros(len(many)), window_days=3, top_k=4, max_block=10)
    assert 0 < len(im) <= len(many) * 2 * 4 * 10 < 181_503 // 3


def test_undated_articles_pair_only_with_undated():
    ids, texts, dates, outlets = _corpus()
    dates = [None if i.endswith("AP") else d for i, d in zip(ids, dates)]
    g = group_stories(ids, texts, dates, outlets)
    lab = dict(zip(ids, g.labels))
    assert lab["quake-AP"] != lab["quake-RT"]
    assert lab["quake-RT"] == lab["quake-Reuters"]
    assert np.isnan(parse_days(["not a date", ""])).all()
