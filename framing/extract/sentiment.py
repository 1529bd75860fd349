"""Sentiment (tone) with VADER, by sentence and by voice.

Method: VADER (Hutto and Gilbert 2014), with the lexicon and rules exactly as
the ``vaderSentiment`` package ships them (``vader_lexicon.txt``, MIT; no
download). Each sentence of ``ctx.sentences`` is scored; a sentence is in the
``quoted`` voice when most of its words are inside direct quotations.
Thresholds +/-0.05 on the compound score are VADER's own (its README).

Features (prefixed ``sentiment.``):

- ``sentences``; ``compound_mean`` (all sentences), ``compound_outlet_mean``, ``compound_quoted_mean``
- ``neg_share``, ``pos_share``, ``neu_share``: share of sentences with compound <= -0.05, >= 0.05, between
- ``neg_share_outlet``, ``pos_share_outlet``: the same over outlet-voice sentences
- ``neg_words.per_1k``, ``pos_words.per_1k`` (all words) and ``neg_words.outlet.per_1k``,
  ``pos_words.outlet.per_1k`` (per 1,000 outlet words): words with VADER valence < 0 / > 0

Evidence: ``family="sentiment"``: every valence-carrying word (``label`` ``"negative"`` /
``"positive"``, attribute ``valence``), and the two most negative and most positive sentences
(``label`` ``"negative_sentence"`` / ``"positive_sentence"``, attribute ``compound``).
"""
from __future__ import annotations

import bisect
from functools import lru_cache

from ..types import Evidence
from .loaded import quoted_word_count
from .registry import Context, FamilyResult, register

__all__ = ["analyzer", "sentence_scores", "THRESHOLD"]

THRESHOLD = 0.05  #: VADER's recommended neutral band (Hutto and Gilbert 2014, README)
_TOP_SENTENCES = 2
_MAX_CHUNK = 600  # characters; a sentence longer than this (page junk, no punctuation) is scored in chunks


@lru_cache(maxsize=1)
def analyzer():
    """The VADER analyser with the lexicon shipped in ``vaderSentiment``."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _quoted_fraction(ctx: Context, s: int, e: int) -> float:
    # the quote bounds are built once per document (Context caches them): rebuilding the list per
    # sentence made this O(sentences x quotes)
    starts, ends = ctx._quote_bounds
    if not starts:
        return 0.0
    i = max(0, bisect.bisect_right(starts, s) - 1)
    inside = 0
    n = len(starts)
    while i < n and starts[i] < e:
        a, b = max(s, starts[i]), min(e, ends[i])
        if b > a:
            inside += b - a
        i += 1
    return inside / max(1, e - s)


def _scores(a, text: str) -> dict:
    """VADER scores; a run-on "sentence" is scored in chunks and averaged (VADER is superlinear on long input)."""
    if len(text) <= _MAX_CHUNK:
        return a.polarity_scores(text)
    parts = []
    i = 0
    while i < len(text):
        j = min(len(text), i + _MAX_CHUNK)
        if j < len(text):
            k = text.rfind(" ", i, j)
            j = k if k > i else j
        parts.append(a.polarity_scores(text[i:j]))
        i = j
    return {k: sum(p[k] for p in parts) / len(parts) for k in ("neg", "neu", "pos", "compound")}


def sentence_scores(ctx: Context) -> list[tuple[int, int, dict, str]]:
    """``(start, end, vader_scores, voice)`` for every sentence of ``ctx``."""
    a = analyzer()
    out = []
    for s, e in ctx.sentences:
        sc = _scores(a, ctx.text[s:e])
        voice = "quoted" if _quoted_fraction(ctx, s, e) > 0.5 else "outlet"
        out.append((s, e, sc, voice))
    return out


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


@register("sentiment", order=60)
def extract_sentiment(ctx: Context) -> FamilyResult:
    """VADER tone by sentence and voice, with the valence words as evidence."""
    # 1. sentence scores
    sents = sentence_scores(ctx)
    comp = [sc["compound"] for _, _, sc, _ in sents]
    comp_o = [sc["compound"] for _, _, sc, v in sents if v == "outlet"]
    comp_q = [sc["compound"] for _, _, sc, v in sents if v == "quoted"]
    n = len(comp)
    f: dict[str, float] = {
        "sentences": float(n),
        "compound_mean": _mean(comp),
        "compound_outlet_mean": _mean(comp_o),
        "compound_quoted_mean": _mean(comp_q),
        "neg_share": sum(c <= -THRESHOLD for c in comp) / n if n else 0.0,
        "pos_share": sum(c >= THRESHOLD for c in comp) / n if n else 0.0,
        "neu_share": sum(-THRESHOLD < c < THRESHOLD for c in comp) / n if n else 0.0,
        "neg_share_outlet": sum(c <= -THRESHOLD for c in comp_o) / len(comp_o) if comp_o else 0.0,
        "pos_share_outlet": sum(c >= THRESHOLD for c in comp_o) / len(comp_o) if comp_o else 0.0,
    }
    # 2. valence words (the evidence that carries the scores)
    lex = analyzer().lexicon
    ev: list[Evidence] = []
    counts = {("negative", "outlet"): 0, ("negative", "quoted"): 0, ("positive", "outlet"): 0,
              ("positive", "quoted"): 0}
    text = ctx.text
    for s, e, w in ctx.tokens:
        v = lex.get(w)
        if not v:
            continue
        label = "positive" if v > 0 else "negative"
        voice = "quoted" if ctx.quote_at(s, e) is not None else "outlet"
        counts[(label, voice)] += 1
        ev.append(Evidence("sentiment", label, s, e, text[s:e], voice, {"valence": float(v)}))
    words = ctx.word_count
    qw = min(quoted_word_count(ctx), words)
    ow = words - qw
    for label, short in (("negative", "neg"), ("positive", "pos")):
        total = counts[(label, "outlet")] + counts[(label, "quoted")]
        f[f"{short}_words.per_1k"] = 1000.0 * total / words if words else 0.0
        f[f"{short}_words.outlet.per_1k"] = 1000.0 * counts[(label, "outlet")] / ow if ow else 0.0
    # 3. the most negative / positive sentences
    ranked = sorted(sents, key=lambda x: x[2]["compound"])
    for s, e, sc, voice in ranked[:_TOP_SENTENCES]:
        if sc["compound"] <= -THRESHOLD:
            ev.append(Evidence("sentiment", "negative_sentence", s, e, text[s:e], voice, {"compound": sc["compound"]}))
    for s, e, sc, voice in ranked[::-1][:_TOP_SENTENCES]:
        if sc["compound"] >= THRESHOLD:
            ev.append(Evidence("sentiment", "positive_sentence", s, e, text[s:e], voice, {"compound": sc["compound"]}))
    return FamilyResult(features=f, evidence=ev)
