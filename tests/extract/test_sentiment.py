"""VADER tone by sentence and voice, with valence words as evidence."""
from __future__ import annotations

import framing
from framing.extract.sentiment import analyzer


def test_seed_sentiment_evidence(seed_texts):
    ex = framing.extract(seed_texts["002"], clean=False, families=["sentiment"])
    assert not ex.errors
    f = ex.features
    lex = analyzer().lexicon
    words = [e for e in ex.evidence_for("sentiment") if e.label in ("positive", "negative")]
    assert words
    for e in words:
        assert ex.text[e.start:e.end] == e.text
        assert lex[e.text.lower()] == e.valence and (e.valence > 0) == (e.label == "positive")
    # "accused", "denied" carry RT's negative sentences; the quoted pledges are positive
    assert {"accused", "denied"} <= {e.text for e in words if e.label == "negative"}
    assert f["sentiment.compound_quoted_mean"] > f["sentiment.compound_outlet_mean"]
    assert abs(f["sentiment.neg_share"] + f["sentiment.pos_share"] + f["sentiment.neu_share"] - 1) < 1e-9
    neg = ex.evidence_for("sentiment", "negative_sentence")
    assert neg and all(e.compound <= -0.05 for e in neg)


def test_negative_article_is_negative():
    text = ("The brutal attack killed dozens of civilians. Survivors described horrific scenes of destruction. "
            "Officials condemned the atrocity.")
    ex = framing.extract(text, clean=False, families=["sentiment"])
    assert ex.features["sentiment.compound_mean"] < -0.5
    assert ex.features["sentiment.neg_share"] == 1.0
