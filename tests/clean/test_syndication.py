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


def _find_origin_reference(text):
    """find_origin as first written: a rule runs when one of its trigger substrings occurs (on
    the lower-cased text for the read-through rule), the optional comma of the "reports" rule
    included."""
    import re

    from framing.clean.syndication import _NAME, _ORIGIN_RULES, _TRIGGERS, Origin

    rules = [(r, re.compile(r",? reports " + _NAME + r"\s*$", re.M) if r == "reports" else rx)
             for r, rx in _ORIGIN_RULES]
    out = []
    for rule, rx in rules:
        needles, lower = _TRIGGERS[rule]
        if not any(n in (text.lower() if lower else text) for n in needles):
            continue
        for m in rx.finditer(text):
            name = m.group(1).rstrip(".,;:'’ -")
            if rule == "read-through link":
                name = re.sub(r"(?i)\.(com|org|net|co\.uk)$", "", name)
            if len(name) >= 2:
                out.append(Origin(name, m.start(1), m.start(1) + len(name), text[m.start(1):m.start(1) + len(name)],
                                  rule))
    out.sort(key=lambda o: o.start)
    return out


def test_find_origin_equals_its_reference(seed_texts):
    """The cheap trigger tests (UTF-8 bytes, "read " and line-start pre-tests) find what the
    substring tests found, including on letters that change under lower() or re.I."""
    phrases = ["Read Full Article on Foo News", "READ THE ENTIRE STORY AT Bar.com", "read complete post on baz.org",
               "originally published by The Baz", "first appeared in Qux Daily", "Source: Reuters",
               "Via: AP News", "Courtesy : Zed Times", "WASHINGTON (Reuters) -", "SEOUL (Yonhap) --",
               ", reports CNN", " reports Fox News", ",, reports Al Jazeera", "Read Full Artİcle on X Y",
               "Read Full Poſt on X Y", "Read Full \u212aArticle on X", "rEaD fUlL aRtIcLe On Mixed Case",
               "Syndicated from Example Wire", "text Source: not at line start", "(MENAFN) Kabul"]
    texts = list(seed_texts.values())
    for i, ph in enumerate(phrases):
        for pre, post in (("", ""), ("Intro line.\n", "\nMore."), ("Intro “quoted” ’s line. ", " end"),
                          ("x\r\n", "\n\n")):
            texts.append(pre + ph + post)
            texts.append(seed_texts["002"][: 500 * (i % 4)] + "\n" + pre + ph + post)
    found = 0
    for t in texts:
        got = find_origin(t)
        assert got == _find_origin_reference(t), t[:80]
        found += len(got)
    assert found >= 60


def test_case_kept_gates_are_the_trigger_tests(seed_texts):
    """One pass of the DFA (when ahocorasick_rs is installed) gives, for every rule tested on the
    text as it is, what its own trigger test gives, and whether the lower-cased text holds "read "."""
    from framing.clean.syndication import _READ, _TRIGGERS, _case_kept_triggered, _triggered

    texts = list(seed_texts.values()) + [
        "Source: Reuters\nbody", "x\nVia: AP", "a Source: b", "first published on Monday",
        "It was originally posted at noon. SEOUL (Yonhap) --", "the paper reports CNN\n", "(AFP)", "",
        "Courtesy of\nSyndicated from Wire", "firstposted", "originally  published", "READ MORE", "ReAd it",
        "already read", "spread thin", "reader"]
    kept_rules = [r for r, (_, lower) in _TRIGGERS.items() if not lower]
    fired = 0
    for t in texts:
        raw = t.encode("utf-8", "surrogatepass")
        got = _case_kept_triggered(raw)
        if got is None:  # ahocorasick_rs not installed: find_origin runs the tests one by one
            continue
        want = {r for r in kept_rules if _triggered(r, raw, [])} | ({_READ} if b"read " in raw.lower() else set())
        assert got == want, t[:60]
        fired += len(got)
    try:
        import ahocorasick_rs  # noqa: F401
    except ImportError:
        return
    assert fired >= 8
