"""Near-duplicate and syndication detection across documents."""
from __future__ import annotations

import numpy as np

from framing.clean.syndication import find_copies, find_origin, minhash, shingles
from framing.types import Document


def _seeds(seed_texts):
    return [Document(text=t, id=k, published=None) for k, t in sorted(seed_texts.items())]


def test_origins_named_in_seed_text(seed_texts):
    o = {k: [x.outlet for x in find_origin(t)] for k, t in seed_texts.items()}
    assert o["000"] == ["TheEpochTimes"]
    assert o["001"] == ["MENAFN"]
    assert o["004"] == ["Asian Lite News"]
    assert o["002"] == [] and o["003"] == []
    for t in seed_texts.values():
        for x in find_origin(t):
            assert t[x.start:x.end] == x.text


def test_distinct_seeds_are_not_copies(seed_texts):
    rep = find_copies(_seeds(seed_texts))
    assert rep.pairs == [] and rep.groups == []


def test_truncated_repost_is_found_with_its_origin(seed_texts):
    t4 = seed_texts["004"]
    repost = "Home | World\n" + "\n\n".join(t4.split("\n\n")[2:8]) + "\n\nRead Full Article on AsianLiteNews.com\n"
    rep = find_copies(_seeds(seed_texts) + [Document(text=repost, id="repost")])
    assert len(rep.pairs) == 1
    pair = rep.pairs[0]
    assert (pair.copy, pair.of, pair.direction) == ("repost", "004", "origin named")
    assert pair.origin == "AsianLiteNews" and pair.containment > 0.9
    assert rep.groups == [["004", "repost"]]


def test_direction_by_date_when_no_origin_is_named(seed_texts):
    a = Document(text=seed_texts["002"], id="early", published="2024-11-01")
    b = Document(text=seed_texts["002"].replace("Friday", "Friday afternoon"), id="late", published="2024-11-02")
    rep = find_copies([b, a])
    assert [(p.copy, p.of, p.direction) for p in rep.pairs] == [("late", "early", "published date")]


def test_minhash_estimates_jaccard(seed_texts):
    a = shingles(seed_texts["001"])
    b = shingles(seed_texts["001"][: len(seed_texts["001"]) // 2])
    exact = len(a & b) / len(a | b)
    est = float(np.mean(minhash(a, num_perm=256) == minhash(b, num_perm=256)))
    assert abs(est - exact) < 0.12
    assert (minhash(a) == minhash(a)).all()
