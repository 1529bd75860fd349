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


# VADER's own demo sentences (vaderSentiment 3.3.2 __main__) plus edge cases of each rule it applies:
# boosters, "kind of", ALL CAPS, "no"/"least"/"never so"/"without doubt", "but", idioms, punctuation
# emphasis, emoticons and emoji, text without any token.
_VADER_CASES = [
    "VADER is smart, handsome, and funny.", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.",
    "The book was only kind of good.", "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all", "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!", "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.", "Roger Dodger is one of the least compelling variations on this theme.",
    "no no good", "no or nor bad", "It was the bomb??", "what??? really?!", "", "   ", "!!!", "kind of",
    "That is a kiss of death, yeah right.", "The bus stop is great", "--good-- ..bad.. :-(", "good good good but bad bad",
    "Officials said the meeting would take place on Tuesday in Geneva.",
]


def test_fast_polarity_equals_vader(seed_texts):
    # _polarity (the lexicon-free shortcut and the single-pass rules) must return VADER's exact dict
    from framing.extract.registry import Context
    from framing.extract.sentiment import _polarity

    a = analyzer()
    texts = list(_VADER_CASES)
    for text in seed_texts.values():
        ctx = Context(text)
        texts += [text[s:e][:600] for s, e in ctx.sentences]
    assert len(texts) > 150
    shortcut = 0
    for t in texts:
        got, want = _polarity(a, t), a.polarity_scores(t)
        assert list(got.items()) == list(want.items()) and [type(v) for v in got.values()] == \
            [type(v) for v in want.values()], t
        shortcut += want["compound"] == 0.0
    assert shortcut  # some sentences take the lexicon-free shortcut
