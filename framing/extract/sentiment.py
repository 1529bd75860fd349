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
import string
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

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


#: The ``vaderSentiment`` release whose ``polarity_scores`` :func:`_polarity` reproduces step by step;
#: any other installed release is scored by its own ``polarity_scores``.
_VADER_VERSION = "3.3.2"
_PUNCT = string.punctuation  # what VADER's SentiText strips from the ends of a word


@lru_cache(maxsize=1)
def _fast_vader() -> bool:
    try:
        return version("vaderSentiment") == _VADER_VERSION
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return False


def _polarity(a, text: str) -> dict:
    """``a.polarity_scores(text)``, the same dict, computed faster.

    Pipeline: 1. text with an emoji (a character VADER rewrites) or another VADER release:
    ``polarity_scores`` itself. 2. No word that could be a lexicon entry (neither the
    lower-cased whitespace token nor it stripped of punctuation, a superset of VADER's
    tokens): every token's valence is 0, so VADER returns compound 0, neu 1 (0 when there
    is no token). Boosters, negations, "but", "least" and punctuation emphasis only scale
    a lexicon word's valence, so they cannot move a sentence without one. 3. Otherwise
    VADER 3.3.2's own steps (:func:`_vader_scores`) with the lower-cased tokens built once.
    """
    if not _fast_vader() or not a.emojis.keys().isdisjoint(text):
        return a.polarity_scores(text)
    # without an emoji VADER's emoji step leaves the text unchanged, then strips it
    low = text.lower().split()
    lex = a.lexicon.keys()
    if lex.isdisjoint(low) and lex.isdisjoint([w.strip(_PUNCT) for w in low]):
        return {"neg": 0.0, "neu": 1.0 if low else 0.0, "pos": 0.0, "compound": 0.0}
    return _vader_scores(a, text.strip())


def _vader_scores(a, text: str) -> dict:
    """VADER 3.3.2 ``polarity_scores`` after its emoji step (Hutto and Gilbert 2014; MIT).

    The same rules in the same order as ``SentimentIntensityAnalyzer.polarity_scores`` and
    ``sentiment_valence``; only the lower-cased word list, which VADER's helpers rebuild for
    every lexicon word (quadratic in the sentence length), is built once.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, C_INCR, N_SCALAR, SentiText, scalar_inc_dec

    st = SentiText(text)
    words = st.words_and_emoticons
    lw = [str(w).lower() for w in words]
    n = len(words)
    lex = a.lexicon
    cap_diff = st.is_cap_diff
    sentiments: list = []
    for i, item in enumerate(words):
        il = lw[i]
        # lexicon words used as modifiers or negations
        if il in BOOSTER_DICT:
            sentiments.append(0)
            continue
        if i < n - 1 and il == "kind" and lw[i + 1] == "of":
            sentiments.append(0)
            continue
        valence = 0
        if il in lex:
            valence = lex[il]
            # "no" negates an adjacent lexicon word instead of carrying its own valence
            if il == "no" and i != n - 1 and lw[i + 1] in lex:
                valence = 0.0
            if (i > 0 and lw[i - 1] == "no") \
               or (i > 1 and lw[i - 2] == "no") \
               or (i > 2 and lw[i - 3] == "no" and lw[i - 1] in ["or", "nor"]):
                valence = lex[il] * N_SCALAR
            # an ALL-CAPS word while others are not
            if item.isupper() and cap_diff:
                if valence > 0:
                    valence += C_INCR
                else:
                    valence -= C_INCR
            for start_i in range(0, 3):
                if i > start_i and lw[i - (start_i + 1)] not in lex:
                    sc = scalar_inc_dec(words[i - (start_i + 1)], valence, cap_diff)
                    if start_i == 1 and sc != 0:
                        sc = sc * 0.95
                    if start_i == 2 and sc != 0:
                        sc = sc * 0.9
                    valence = valence + sc
                    valence = _negation_check(valence, lw, start_i, i)
                    if start_i == 2:
                        valence = _special_idioms_check(valence, lw, i)
            valence = _least_check(valence, lw, i, lex)
        sentiments.append(valence)
    sentiments = a._but_check(words, sentiments)
    return a.score_valence(sentiments, text)


def _negation_check(valence, lw: list[str], start_i: int, i: int):
    # VADER 3.3.2 SentimentIntensityAnalyzer._negation_check over the prebuilt lower-cased words
    from vaderSentiment.vaderSentiment import N_SCALAR

    if start_i == 0:
        if _negated(lw[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    if start_i == 1:
        if lw[i - 2] == "never" and (lw[i - 1] == "so" or lw[i - 1] == "this"):
            valence = valence * 1.25
        elif lw[i - 2] == "without" and lw[i - 1] == "doubt":
            valence = valence
        elif _negated(lw[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if lw[i - 3] == "never" and (lw[i - 2] == "so" or lw[i - 2] == "this") or \
                (lw[i - 1] == "so" or lw[i - 1] == "this"):
            valence = valence * 1.25
        elif lw[i - 3] == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
            valence = valence
        elif _negated(lw[i - (start_i + 1)]):
            valence = valence * N_SCALAR
    return valence


@lru_cache(maxsize=1)
def _negate_words() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(NEGATE)


def _negated(word: str) -> bool:
    # VADER 3.3.2 negated([word]): the lower-cased word is a negation word or contains "n't"
    w = str(word).lower()
    return w in _negate_words() or "n't" in w


def _special_idioms_check(valence, lw: list[str], i: int):
    # VADER 3.3.2 SentimentIntensityAnalyzer._special_idioms_check over the prebuilt lower-cased words
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SPECIAL_CASES

    onezero = "{0} {1}".format(lw[i - 1], lw[i])
    twoonezero = "{0} {1} {2}".format(lw[i - 2], lw[i - 1], lw[i])
    twoone = "{0} {1}".format(lw[i - 2], lw[i - 1])
    threetwoone = "{0} {1} {2}".format(lw[i - 3], lw[i - 2], lw[i - 1])
    threetwo = "{0} {1}".format(lw[i - 3], lw[i - 2])
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lw) - 1 > i:
        zeroone = "{0} {1}".format(lw[i], lw[i + 1])
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lw) - 1 > i + 1:
        zeroonetwo = "{0} {1} {2}".format(lw[i], lw[i + 1], lw[i + 2])
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    # booster/dampener n-grams such as "sort of" or "kind of"
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _least_check(valence, lw: list[str], i: int, lex: dict):
    # VADER 3.3.2 SentimentIntensityAnalyzer._least_check ("least" as negation, not "at least")
    from vaderSentiment.vaderSentiment import N_SCALAR

    if i > 1 and lw[i - 1] not in lex and lw[i - 1] == "least":
        if lw[i - 2] != "at" and lw[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lw[i - 1] not in lex and lw[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _scores(a, text: str) -> dict:
    """VADER scores; a run-on "sentence" is scored in chunks and averaged (VADER is superlinear on long input)."""
    if len(text) <= _MAX_CHUNK:
        return _polarity(a, text)
    parts = []
    i = 0
    while i < len(text):
        j = min(len(text), i + _MAX_CHUNK)
        if j < len(text):
            k = text.rfind(" ", i, j)
            j = k if k > i else j
        parts.append(_polarity(a, text[i:j]))
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
    toks = ctx.tokens
    starts, ends, lowers = toks.starts, toks.ends, toks.lowers
    # membership first (most tokens carry no valence), then the per-word work on the hits only
    for k in [k for k, w in enumerate(lowers) if w in lex]:
        v = lex[lowers[k]]
        if not v:
            continue
        s, e = starts[k], ends[k]
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
