"""The page extractor family: ratios, label shares and counts, flags, evidence in page coordinates."""
from __future__ import annotations

import pytest

import framing
from framing.extract.page import page_features
from framing.extract.registry import Context, registered
from framing.clean import clean
from framing.types import BLOCK_LABELS, Document


def _run(text):
    page = clean(text)
    return page, page_features(Context(page.body, cleaned=page))


def test_registered_first():
    assert registered()[0] == "page"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_features_and_evidence(seed_texts, seed):
    text = seed_texts[seed]
    page, res = _run(text)
    assert res.text_coords is True
    f = res.features
    assert f["boilerplate_ratio"] == page.boilerplate_ratio
    for lab in BLOCK_LABELS:
        assert f"{lab}_share" in f and f"{lab}_blocks" in f
    assert sum(f[f"{lab}_share"] for lab in BLOCK_LABELS) == pytest.approx(1.0)
    assert sum(f[f"{lab}_blocks"] for lab in BLOCK_LABELS) == len(page.blocks)
    total = sum(page.label_chars.values())  # the formulas of CleanedPage, computed in one pass there
    for lab in BLOCK_LABELS:
        assert f[f"{lab}_share"] == page.label_chars.get(lab, 0) / total
        assert f[f"{lab}_blocks"] == float(page.label_counts.get(lab, 0))
    non_body = [b for b in page.blocks if b.label != "body"]
    block_ev = [e for e in res.evidence if e.label in BLOCK_LABELS]
    assert len(block_ev) == len(non_body)
    for e in res.evidence:
        assert e.family == "page" and text[e.start:e.end] == e.text


def test_seed_flags_as_features(seed_texts):
    _, r1 = _run(seed_texts["001"])
    assert r1.features["repeated_paragraphs"] == 3.0 and r1.features["duplicate_ratio"] > 0.3
    assert len([e for e in r1.evidence if e.label == "repeated"]) == 3
    _, r3 = _run(seed_texts["003"])
    assert r3.features["spun_text"] == 1.0 and r3.features["spun_score"] > 0.9
    spun = [e for e in r3.evidence if e.label == "spun"]
    assert any(e.text == "environment media" and e.original == "state media" for e in spun)
    _, r0 = _run(seed_texts["000"])
    assert r0.features["spun_score"] == 0.0 and r0.features["promo_blocks"] >= 5
    assert r0.features["related_share"] > 0.3


def test_through_the_pipeline(seed_texts):
    ex = framing.extract(Document(text=seed_texts["004"]), families=["page"])
    assert not ex.errors
    assert ex.features["page.boilerplate_ratio"] > 0.4
    assert all(ex.text[e.start:e.end] == e.text for e in ex.evidence)
    assert any(e.label == "promo" and e.text.startswith("ALSO READ") for e in ex.evidence)


def test_named_origins_on_seeds(seed_texts):
    """000 is an aggregator's copy that links to the Epoch Times; 001 carries MENAFN's own dateline."""
    got = {}
    for k in ("000", "001", "002"):
        _, res = _run(seed_texts[k])
        got[k] = [(e.text, e.rule, e.outlet) for e in res.evidence if e.label == "named_origin"]
        assert res.features["named_origins"] == len(got[k])
    assert got["000"] == [("TheEpochTimes", "read-through link", "The Epoch Times")]
    assert got["001"] == [("MENAFN", "dateline", "MENAFN")]
    assert got["002"] == []


def test_named_origin_is_marked_as_the_outlets_own_or_another():
    text = ("The ministry said on Monday that the talks had failed and would not resume this year.\n\n"
            "Read Full Article on AsianLiteNews.com\n")
    for outlet, own in (("Asian Lite News", True), ("5Mind", False)):
        ex = framing.extract(Document(text=text, outlet=outlet), families=["page"])
        ev = [e for e in ex.evidence if e.label == "named_origin"]
        assert [(e.text, e.outlet, e.own) for e in ev] == [("AsianLiteNews", "Asian Lite News", own)]
