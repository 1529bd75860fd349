"""Sentiment (tone) with VADER, by sentence and by voice.

Method: VADER (Hutto and Gilbert 2014), with the lexicon and rules exactly as
the ``vaderSentiment`` package ships them (``vader_lexicon.txt``, MIT; no
download). Each sentence of ``ctx.sentences`` is scored; a sentence is in the
``quoted`` voice when most of its words are inside direct quotations.
Thresholds +/-0.05 on the compound score are VADER's own (its README).

Speed (issue 8): :func:`polarity` is VADER 3.3.2's ``polarity_scores`` re-implemented
to do work only at the words carrying valence (most news words are not in the lexicon),
with each whitespace token's VADER word and rule flags worked out once and memoised; its
results are identical to the package's, float for float (``tests/extract/test_sentiment.py``;
``benchmarks/bench_families.py --vader-check 0`` compares every sentence of 5,000 AllSides
articles). Another installed ``vaderSentiment`` release is scored by its own code.

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
import math
import string
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from itertools import accumulate, filterfalse, repeat
from operator import contains, itemgetter
from typing import Any, NamedTuple

from .. import _regex
from ..types import Evidence
from .loaded import quoted_word_count
from .readability import _VADER, token_stats
from .registry import Context, FamilyResult, register

__all__ = ["analyzer", "polarity", "sentence_scores", "THRESHOLD"]

THRESHOLD = 0.05  #: VADER's recommended neutral band (Hutto and Gilbert 2014, README)
_TOP_SENTENCES = 2
_VADER_BITS = _VADER.bit_length()  # the bit length of a VADER word's packed statistics (readability._Stats)
_MAX_CHUNK = 600  # characters; a sentence longer than this (page junk, no punctuation) is scored in chunks


@lru_cache(maxsize=1)
def analyzer():
    """The VADER analyser with the lexicon shipped in ``vaderSentiment``."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


#: The ``vaderSentiment`` release whose ``polarity_scores`` this module reproduces step by step
#: (pinned in pyproject); with any other installed release every text is scored by its own
#: ``polarity_scores``.
_VADER_VERSION = "3.3.2"
_PUNCT = string.punctuation  # what VADER's SentiText strips from the ends of a word
#: the reference definition of the non-ASCII characters (see _emoji_positions)
_ASCII_RUNS = _regex.compile(r"[\x00-\x7f]+")
_ASCII_BYTES = bytes(range(128))
_NON_ASCII = _regex.compile(r"[^\x00-\x7f]")


class _Vader(NamedTuple):
    """VADER 3.3.2's tables, read once from the installed package (lexicon and constants, MIT)."""

    lex: dict  # word -> mean valence (vader_lexicon.txt)
    booster: dict  # degree adverbs -> B_INCR / B_DECR
    negate: frozenset  # NEGATE
    special: dict  # SPECIAL_CASES (idioms containing lexicon words)
    idiom_marks: frozenset  # one word of each multi-word SPECIAL_CASES or BOOSTER_DICT key (its rarest)
    triggers: frozenset  # every word a rule tests before a lexicon word (boosters, negations, "least", ...)
    emoji: frozenset  # the emoji characters VADER rewrites to words (polarity_scores' first step)
    word_bits: dict  # word -> its _HIT, _RULE, _MARK, _BUT and _SLOW bits (those a word has by itself)
    n_scalar: float
    c_incr: float


@lru_cache(maxsize=1)
def _vader() -> _Vader | None:
    """The tables when the installed ``vaderSentiment`` is the pinned release, else ``None``."""
    try:
        if version("vaderSentiment") != _VADER_VERSION:
            return None
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return None
    from vaderSentiment import vaderSentiment as vs

    a = analyzer()
    # polarity_scores looks emoji up one character at a time: only one-character keys can match
    emoji = frozenset(k for k in a.emojis if len(k) == 1)
    # an idiom can only match where its rarest word is (news frequency: "the", "to", "of", "for",
    # "just", "right", "stop" are common); a key without a mark here makes the check below fail
    marks = frozenset({"shit", "bomb", "ass", "bus", "yeah", "kiss", "die", "heart", "enough", "kind", "sort"})
    multi = [k for k in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT) if " " in k]
    if any(marks.isdisjoint(k.split(" ")) for k in multi):  # pragma: no cover - fixed by the pinned release
        marks = frozenset(w for k in multi for w in k.split(" "))
    # the words sentiment_valence, scalar_inc_dec, _negation_check and _least_check compare a
    # preceding word of a lexicon word with ("n't" and the idioms aside, tested separately)
    triggers = frozenset({*vs.BOOSTER_DICT, *vs.NEGATE, "no", "never", "so", "this", "without", "doubt", "least"})
    # every word with a bit of its own (a lexicon entry, a rule word, an idiom mark, "but", "no"/"kind")
    word_bits: dict[str, int] = {}
    for bit, words in ((_HIT, a.lexicon), (_RULE, triggers), (_MARK, marks), (_BUT, ("but",)), (_SLOW, _SLOW_WORDS)):
        for w in words:
            word_bits[w] = word_bits.get(w, 0) | bit
    return _Vader(a.lexicon, vs.BOOSTER_DICT, frozenset(vs.NEGATE), vs.SPECIAL_CASES, marks,
                  triggers, emoji, word_bits, vs.N_SCALAR, vs.C_INCR)


def polarity(text: str) -> dict:
    """``SentimentIntensityAnalyzer().polarity_scores(text)``: the same dict, computed faster.

    VADER (Hutto and Gilbert 2014) as ``vaderSentiment`` 3.3.2 implements it; see
    :func:`_score_segments` for how the work is restricted to the valence-carrying words.
    """
    return _score_segments(text, [(0, len(text))])[0]


# What one whitespace token is to VADER, as bits of a code (see _token_codes)
_HIT = 1  # its word is a lexicon entry
_RULE = 2  # a word sentiment_valence tests before a lexicon word (V.triggers, or one with "n't")
_MARK = 4  # an idiom mark (V.idiom_marks)
_UPPER = 8  # the token is ALL CAPS (str.isupper)
_BUT = 16  # the word is "but"
_SLOW = 32  # "no" or "kind", lexicon words with rules of their own
_UNSEEN = 255
#: One table per bit (or set of bits): translating the codes of a document gives a bytes object with 1
#: where the bit (one of the bits) is set.
_TABLES = {bit: bytes(int(bool(c & bit)) if c != _UNSEEN else 0 for c in range(256))
           for bit in (_HIT, _RULE, _MARK, _UPPER, _BUT, _SLOW | _UPPER)}
#: Token -> code and lexicon token -> its word's lexicon valence, memoised (most of the tokens of
#: news recur), in two generations: when the current one passes _CACHE_MAX tokens it becomes the
#: previous one, whose tokens move forward on their first lookup (the rest are dropped). A memory
#: bound, not a tuning choice (results never depend on it): 30,000 tokens (~3 MB a generation)
#: are the distinct whitespace tokens of ~350 AllSides articles (76,322 in the first 1,000).
#: Lowered from 60,000 for issue 8's memory bar: with two generations of 60,000 a Dask worker still
#: grew 1.18-1.21x from 1,000 to 50,000 articles (bench_throughput.py --full, two runs).
_CACHE_MAX = 30_000
_cache: list[dict] = [{}, {}, {}, {}]  # codes, valences; the previous generation's codes, valences


def _token_codes(V: _Vader, toks: list[str]) -> tuple[bytes, list[str]]:
    """The code of each whitespace token (one byte each) and VADER's word for it
    (``SentiText._strip_punc_if_word``, then ``str.lower``, as ``polarity_scores`` does).

    Three C-level passes over the tokens, each a byte string: the bits the word has by itself
    (``V.word_bits``: a lexicon entry, a rule word, an idiom mark, "but", "no"/"kind"), whether it
    holds "n't" (a rule word too) and whether the token is ALL CAPS; read as integers and shifted
    to their bit, they are or-ed into the codes (no byte exceeds 63, so no carry crosses a byte).
    """
    words = _words(toks)
    n = len(toks)
    code = int.from_bytes(bytes(map(V.word_bits.get, words, repeat(0))), "little")
    # one search of all the words first (most hold no "n't"): on 500 words ~7 us against ~50-85 us
    # for the per-word test, which runs only when it finds one (timeit, 2026-11-22)
    if "n't" in " ".join(words):
        code |= int.from_bytes(bytes(map(contains, words, repeat("n't"))), "little") * _RULE
    code |= int.from_bytes(bytes(map(str.isupper, toks)), "little") * _UPPER
    return code.to_bytes(n, "little"), words


_SLOW_WORDS = frozenset({"no", "kind"})


def _positions(data: bytes | bytearray, value: int) -> list[int]:
    """The indices of the bytes equal to ``value`` in ``data``, in order (one vectorised pass)."""
    import numpy as np  # (already imported by the shared tokenisation)

    return np.flatnonzero(np.frombuffer(data, np.uint8) == value).tolist()


def _emoji_positions(V: _Vader, text: str) -> list[int]:
    """The offsets of the emoji characters of ``text`` (``V.emoji``), in order.

    Every emoji character is non-ASCII: only those characters are looked at (a few dozen in a news
    article: quotation marks, dashes), first all at once (the text without its ASCII runs), then,
    in the rare text holding an emoji, one by one.
    """
    # the non-ASCII characters: the text's UTF-8 bytes without the ASCII ones (every multi-byte
    # sequence is kept whole), decoded; lone surrogates pass through both ways. Equal to
    # ``_ASCII_RUNS.sub("", text)`` and ~1.6x faster (300 AllSides articles, /tmp/s6/B_rx.py)
    if text.isascii() or V.emoji.isdisjoint(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
                                            .decode("utf-8", "surrogatepass")):
        return []
    emoji = V.emoji
    return [m.start() for m in _NON_ASCII.finditer(text) if m.group() in emoji]


def _words(tokens: list[str]) -> list[str]:
    """VADER's words for whitespace tokens: ``SentiText._strip_punc_if_word``, then ``str.lower``."""
    joined = "".join(tokens)
    if "\u0130" in joined or "\u03a3" in joined:
        # lower-casing is not one character to one, context-free: VADER's order exactly
        return [(t if len(w := t.strip(_PUNCT)) <= 2 else w).lower() for t in tokens]
    # else the same words with lower-casing first (no character lower-cases to or from ASCII
    # punctuation), in C-level passes
    low = list(map(str.lower, tokens))
    return [w if len(w) > 2 else t for w, t in zip(map(str.strip, low, repeat(_PUNCT)), low)]


def _score_segments(text: str, segments: list[tuple[int, int]], *, full: bool = True) -> list:
    """VADER 3.3.2 ``polarity_scores`` of ``text[a:b]`` for every ``(a, b)`` in ``segments`` (only
    its ``compound`` when not ``full``).

    Pipeline (each step the package's own, done once per document and only where it can matter):

    1. A segment holding an emoji character (VADER rewrites it to words first), or another
       VADER release: ``polarity_scores`` itself.
    2. Tokens: the whitespace tokens of every segment, and for each a code (:func:`_token_codes`,
       memoised per token): whether VADER's word for it (stripped of ASCII punctuation at both
       ends unless that leaves two characters or fewer, lower-cased) is a lexicon entry, a word
       a rule tests, an idiom word, "but", and whether the token is ALL CAPS.
    3. Lexicon hits: a word outside the lexicon has valence 0 whatever surrounds it (boosters,
       negations, "but", "least" and punctuation only scale a lexicon word's valence), so only
       the hits are scored, segment by segment.
    4. Each hit's valence: where none of the three words before it is a word a rule tests and
       no idiom word is within three words, VADER's rules reduce to the lexicon valence with
       ALL-CAPS emphasis; else :func:`_valence` (``sentiment_valence`` in full) on the six words
       around it (the only ones its rules read). Which hits may need more than their lexicon
       valence is flagged for the whole document at once (shifted flag bytes); a segment without a
       flagged hit takes its hits' valences as they are. Then
       ``_but_check`` (:func:`_but_check`) and ``score_valence`` (:func:`_score`) on the
       non-zero valences; a segment without a hit gets VADER's neutral dict.
    """
    V = _vader()
    if V is None:
        a = analyzer()
        return [a.polarity_scores(text[s:e]) if full else a.polarity_scores(text[s:e])["compound"]
                for s, e in segments]
    out: list = [None] * len(segments)
    # 1. emoji segments
    emoji = _emoji_positions(V, text)
    # 2. tokens and their codes
    tokens: list[str] = []  # original case
    bounds: list[tuple[int, int, int]] = []  # (segment index, first token, end token)
    for k, (s, e) in enumerate(segments):
        if emoji and (j := bisect.bisect_left(emoji, s)) < len(emoji) and emoji[j] < e:
            out[k] = analyzer().polarity_scores(text[s:e])
            if not full:
                out[k] = out[k]["compound"]
            continue
        n0 = len(tokens)
        tokens += text[s:e].split()
        bounds.append((k, n0, len(tokens)))
    if len(_cache[0]) >= _CACHE_MAX:
        _cache[:] = [{}, {}, _cache[0], _cache[1]]
    codes_d, vals_d, old_codes, old_vals = _cache  # (local: another thread may rotate them meanwhile)
    codes = bytearray(map(codes_d.get, tokens, repeat(_UNSEEN)))
    if _UNSEEN in codes:
        # tokens not in the current generation: moved forward from the previous one, or coded anew
        # (each step a C-level pass: the positions and tokens of the misses, the distinct ones, those
        # the previous generation has)
        miss = _positions(codes, _UNSEEN)
        missed = list(map(tokens.__getitem__, miss))
        new = list(dict.fromkeys(missed))
        if old_codes:
            moved = old_codes.keys() & new
            if moved:
                codes_d.update(zip(moved, map(old_codes.__getitem__, moved)))
                moved_hits = old_vals.keys() & moved
                vals_d.update(zip(moved_hits, map(old_vals.__getitem__, moved_hits)))
                new = list(filterfalse(moved.__contains__, new))
        if new:
            cs, ws = _token_codes(V, new)
            codes_d.update(zip(new, cs))
            lex = V.lex
            vals_d.update((t, lex[w]) for t, c, w in zip(new, cs, ws) if c & _HIT)
        for j, c in zip(miss, map(codes_d.__getitem__, missed)):
            codes[j] = c
    hit_b, rule_b, mark_b, upper_b, but_b = (codes.translate(_TABLES[b]) for b in (_HIT, _RULE, _MARK, _UPPER, _BUT))
    # 3. the hits, in order (their segments take them in turn: the segments' tokens are consecutive),
    # and the hits that may need more than their lexicon valence: "no"/"kind" or ALL CAPS, a rule
    # word among the three tokens before, an idiom word from three before to two after. Flags of
    # the whole document (byte g of ``care`` is set when one of those tokens around token g is
    # flagged; byte-wide 0/1 flags or-ed together never carry); one set by a token of another
    # segment only sends the hit to the exact per-hit test.
    hits = _positions(hit_b, 1)
    rule = int.from_bytes(rule_b, "little")
    mark = int.from_bytes(mark_b, "little")
    care = (rule << 8 | rule << 16 | rule << 24 | mark << 24 | mark << 16 | mark << 8 | mark | mark >> 8
            | mark >> 16 | int.from_bytes(codes.translate(_TABLES[_SLOW | _UPPER]), "little"))
    care_b = care.to_bytes(len(codes) + 3, "little")
    # 4. valences and scores, segment by segment. Per hit, all at once: its lexicon valence, and how
    # many hits up to it need care (a segment whose count does not grow needs none)
    hit_vals = list(map(vals_d.__getitem__, map(tokens.__getitem__, hits)))
    cared = list(accumulate(map(care_b.__getitem__, hits), initial=0))
    buts = _positions(but_b, 1) if 1 in but_b else []
    SLOW = _SLOW
    emph = "!" in text or "?" in text  # else every segment's punctuation emphasis is 0.0
    C = V.c_incr
    h, nh = 0, len(hits)
    for k, n0, n1 in bounds:
        if h == nh or hits[h] >= n1:
            # VADER's dict for a text without a lexicon word (or without any word)
            out[k] = {"neg": 0.0, "neu": 1.0 if n1 > n0 else 0.0, "pos": 0.0, "compound": 0.0} if full else 0.0
            continue
        h0 = h
        h = h1 = bisect.bisect_left(hits, n1, h0)
        n = n1 - n0
        if cared[h1] == cared[h0]:
            # no rule applies to any hit: the lexicon valences (VADER then adds 0.0 for each preceding
            # non-lexicon word, which leaves a valence unchanged)
            vals = hit_vals[h0:h1]
            poss = None
        else:
            seg = hits[h0:h1]
            cap_diff = None
            vals = []  # the non-zero valences, in order
            poss = []  # their word positions in the segment
            for g in seg:
                lo = g - 3 if g - 3 > n0 else n0
                if not care_b[g] or not codes[g] & SLOW and rule_b.find(1, lo, g) < 0 \
                        and mark_b.find(1, lo, g + 3 if g + 3 < n1 else n1) < 0:
                    # no rule applies: the lexicon valence with ALL-CAPS emphasis
                    valence = vals_d[tokens[g]]
                    if upper_b[g]:
                        if cap_diff is None:
                            caps = upper_b.count(1, n0, n1)
                            cap_diff = 0 < n - caps < n
                        if cap_diff:
                            if valence > 0:
                                valence += C
                            else:
                                valence -= C
                    vals.append(valence)
                    poss.append(g - n0)
                else:
                    if cap_diff is None:
                        caps = upper_b.count(1, n0, n1)
                        cap_diff = 0 < n - caps < n
                    # VADER's rules read the three words before the hit and the two after it: its valence
                    # is _valence of the same words in that window (see _valence)
                    a = g - 3 if g - 3 > n0 else n0
                    win = tokens[a:g + 3 if g + 3 < n1 else n1]
                    valence = _valence(V, _words(win), win, cap_diff, g - a)
                    if valence != 0:
                        vals.append(valence)
                        poss.append(g - n0)
        if vals and buts:
            # the first "but" of the segment
            j = bisect.bisect_left(buts, n0)
            if j < len(buts) and buts[j] < n1:
                if poss is None:
                    poss = [g - n0 for g in hits[h0:h1]]
                vals = [v for _, v in _but_check(list(zip(poss, vals)), buts[j] - n0)]
        if emph:
            s, e = segments[k]
            amp = _emphasis(text, s, e)
        else:
            amp = 0.0
        out[k] = _score(vals, n, amp) if full else _compound(vals, amp)
    return out


def _valence(V: _Vader, lw: list[str], tokens: list[str], cap_diff: bool, i: int):
    """VADER 3.3.2's valence of the lexicon word ``i`` of a text (``polarity_scores``' loop body).

    ``sentiment_valence`` with ``scalar_inc_dec``, ``_negation_check``, ``_special_idioms_check``
    and ``_least_check``; ``lw`` are VADER's lower-cased words of the text, ``tokens`` its
    whitespace tokens. Every arithmetic step is VADER's, in its order, so the floats are
    bit-identical.

    Only the words ``i - 3`` to ``i + 2`` are read (the rules look three words back and two
    ahead; the length of the text only tells whether the words ``i + 1`` and ``i + 2`` exist), and
    ``cap_diff`` is the one property of the whole text used: so the words of the window
    ``[max(0, i - 3), min(n, i + 3))`` alone, with ``i`` shifted, give the same valence
    (:func:`_score_segments` calls it so; ``tests/extract/test_sentiment.py`` checks the two agree).
    """
    lex, booster, negate = V.lex, V.booster, V.negate
    N, C = V.n_scalar, V.c_incr
    n = len(lw)
    il = lw[i]
    # words used as modifiers carry no valence of their own
    if il in booster or (il == "kind" and i < n - 1 and lw[i + 1] == "of"):
        return 0
    v0 = lex[il]
    valence = v0
    # "no" negates an adjacent lexicon word instead of carrying its own valence
    if il == "no" and i != n - 1 and lw[i + 1] in lex:
        valence = 0.0
    if (i > 0 and lw[i - 1] == "no") or (i > 1 and lw[i - 2] == "no") \
            or (i > 2 and lw[i - 3] == "no" and lw[i - 1] in ("or", "nor")):
        valence = v0 * N
    # an ALL-CAPS word while others are not
    if tokens[i].isupper() and cap_diff:
        if valence > 0:
            valence += C
        else:
            valence -= C
    for start_i in range(3):
        j = i - start_i - 1
        if j < 0:
            break
        wj = lw[j]
        if wj in lex:
            continue
        # scalar_inc_dec: a preceding booster/dampener, damped with distance
        sc = 0.0
        if wj in booster:
            sc = booster[wj]
            if valence < 0:
                sc *= -1
            if tokens[j].isupper() and cap_diff:
                if valence > 0:
                    sc += C
                else:
                    sc -= C
        if start_i == 1 and sc != 0:
            sc = sc * 0.95
        if start_i == 2 and sc != 0:
            sc = sc * 0.9
        valence = valence + sc
        # _negation_check
        if start_i == 0:
            if wj in negate or "n't" in wj:
                valence = valence * N
        elif start_i == 1:
            if wj == "never" and (lw[i - 1] == "so" or lw[i - 1] == "this"):
                valence = valence * 1.25
            elif wj == "without" and lw[i - 1] == "doubt":
                pass
            elif wj in negate or "n't" in wj:
                valence = valence * N
        else:
            if wj == "never" and (lw[i - 2] == "so" or lw[i - 2] == "this") or \
                    (lw[i - 1] == "so" or lw[i - 1] == "this"):
                valence = valence * 1.25
            elif wj == "without" and (lw[i - 2] == "doubt" or lw[i - 1] == "doubt"):
                pass
            elif wj in negate or "n't" in wj:
                valence = valence * N
            valence = _idioms(valence, lw, i, V.special, booster)
    # _least_check: "least" negates, except in "at least" / "very least"
    if i > 1 and lw[i - 1] == "least" and "least" not in lex:
        if lw[i - 2] != "at" and lw[i - 2] != "very":
            valence = valence * N
    elif i > 0 and lw[i - 1] == "least" and "least" not in lex:
        valence = valence * N
    return valence


def _idioms(valence, lw: list[str], i: int, special: dict, booster: dict):
    """VADER 3.3.2 ``_special_idioms_check`` (only called with ``i >= 3``)."""
    n = len(lw)
    onezero = f"{lw[i - 1]} {lw[i]}"
    twoonezero = f"{lw[i - 2]} {lw[i - 1]} {lw[i]}"
    twoone = f"{lw[i - 2]} {lw[i - 1]}"
    threetwoone = f"{lw[i - 3]} {lw[i - 2]} {lw[i - 1]}"
    threetwo = f"{lw[i - 3]} {lw[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if n - 1 > i:
        zeroone = f"{lw[i]} {lw[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if n - 1 > i + 1:
        zeroonetwo = f"{lw[i]} {lw[i + 1]} {lw[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in booster:
            valence = valence + booster[n_gram]
    return valence


def _but_check(vals: list[tuple[int, float]], bi: int) -> list[tuple[int, float]]:
    """VADER 3.3.2 ``_but_check`` on the non-zero valences: halve before the first "but", 1.5x after.

    VADER walks the whole list and finds each value's position with ``list.index`` (the first
    equal value, which may be an earlier, already scaled one); zeros stay zero and are never
    the first equal value of a non-zero one, so the walk over the non-zero values is the same.
    """
    pos = [p for p, _ in vals]
    cur = [v for _, v in vals]
    for sentiment in [v for _, v in vals]:
        si = cur.index(sentiment)
        if pos[si] < bi:
            cur[si] = sentiment * 0.5
        elif pos[si] > bi:
            cur[si] = sentiment * 1.5
    return list(zip(pos, cur))


def _emphasis(text: str, s: int, e: int) -> float:
    """VADER 3.3.2 ``_punctuation_emphasis`` of ``text[s:e]``: "!" (up to 4) and "?" (2 or more)."""
    ep = min(text.count("!", s, e), 4) * 0.292
    qm = text.count("?", s, e)
    return ep + ((qm * 0.18 if qm <= 3 else 0.96) if qm > 1 else 0)


def _compound(vs: list[float], amp: float) -> float:
    """VADER 3.3.2's ``compound`` (``normalize(sum_s, alpha=15)``, rounded as ``score_valence``
    rounds it); :func:`_score` gives it with the other scores."""
    sum_s = float(sum(vs))
    if sum_s > 0:
        sum_s += amp
    elif sum_s < 0:
        sum_s -= amp
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    return round(compound, 4)


def _score(vs: list[float], n: int, amp: float) -> dict:
    """VADER 3.3.2 ``score_valence`` from the non-zero valences ``vs`` (in order) of a text of ``n``
    words with punctuation emphasis ``amp``.

    VADER's zeros would add nothing to any sum (0.0 + x == x, and the sums start at +0.0) and
    only count as neutral. (``abs`` is ``math.fabs`` on floats.)
    """
    if not n:
        return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    compound = _compound(vs, amp)
    # _sift_sentiment_scores
    pos_sum = 0.0
    neg_sum = 0.0
    for v in vs:
        if v > 0:
            pos_sum += (float(v) + 1)
        if v < 0:
            neg_sum += (float(v) - 1)
    neu_count = n - len(vs)
    if pos_sum > abs(neg_sum):
        pos_sum += amp
    elif pos_sum < abs(neg_sum):
        neg_sum -= amp
    total = pos_sum + abs(neg_sum) + neu_count
    return {"neg": round(abs(neg_sum / total), 3), "neu": round(abs(neu_count / total), 3),
            "pos": round(abs(pos_sum / total), 3), "compound": compound}


def _segments(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence, or a run-on "sentence" (page junk) cut into chunks of at most _MAX_CHUNK characters."""
    if e - s <= _MAX_CHUNK:
        return [(s, e)]
    parts = []
    i = s
    while i < e:
        j = min(e, i + _MAX_CHUNK)
        if j < e:
            k = text.rfind(" ", i, j)
            j = k if k > i else j
        parts.append((i, j))
        i = j
    return parts


def sentence_scores(ctx: Context) -> list[tuple[int, int, dict, str]]:
    """``(start, end, vader_scores, voice)`` for every sentence of ``ctx``.

    A run-on "sentence" longer than ``_MAX_CHUNK`` characters is scored in chunks and the
    chunks' scores averaged (VADER is superlinear on long input).
    """
    return _sentence_scores(ctx, full=True)


def _sentence_scores(ctx: Context, *, full: bool) -> list[tuple[int, int, Any, str]]:
    # :func:`sentence_scores`, or with the compound alone in place of the dict when not ``full``
    text = ctx.text
    sents = ctx.sentences
    long_ = [i for i, (s, e) in enumerate(sents) if e - s > _MAX_CHUNK]
    if long_:
        chunks = [_segments(text, s, e) for s, e in sents]
        flat = iter(_score_segments(text, [c for cs in chunks for c in cs], full=full))
        scores = []
        for cs in chunks:
            if len(cs) == 1:
                scores.append(next(flat))
            elif full:
                parts = [next(flat) for _ in cs]
                scores.append({k: _mean([p[k] for p in parts]) for k in ("neg", "neu", "pos", "compound")})
            else:
                scores.append(_mean([next(flat) for _ in cs]))
    else:
        scores = _score_segments(text, sents, full=full)
    qs, qe = ctx._quote_bounds
    if not qs:
        return [(s, e, sc, "outlet") for (s, e), sc in zip(sents, scores)]
    # _quoted_fraction(ctx, s, e) > 0.5, with the first quotation to look at found by a walk (the
    # sentences are in text order) instead of a bisection
    out = []
    i, nq = 0, len(qs)
    for (s, e), sc in zip(sents, scores):
        while i + 1 < nq and qs[i + 1] <= s:
            i += 1
        j = i
        inside = 0
        while j < nq and qs[j] < e:
            a = s if s > qs[j] else qs[j]
            b = e if e < qe[j] else qe[j]
            if b > a:
                inside += b - a
            j += 1
        out.append((s, e, sc, "quoted" if inside / (e - s if e - s > 1 else 1) > 0.5 else "outlet"))
    return out


def _mean(xs: list[float]) -> float:
    # math.fsum: the exactly rounded sum, the same on every Python (sum() compensates from 3.12 on)
    return math.fsum(xs) / len(xs) if xs else 0.0


@register("sentiment", order=60)
def extract_sentiment(ctx: Context) -> FamilyResult:
    """VADER tone by sentence and voice, with the valence words as evidence."""
    # 1. sentence scores (the compound is all the features read)
    sents = _sentence_scores(ctx, full=False)
    comp = [c for _, _, c, _ in sents]
    comp_o = [c for _, _, c, v in sents if v == "outlet"]
    comp_q = [c for _, _, c, v in sents if v == "quoted"]
    n, n_o = len(comp), len(comp_o)
    # sentences with compound <= -THRESHOLD / >= THRESHOLD / between, counted by bisecting the
    # sorted compounds (every compound is a finite float, so the three counts partition them)
    sc, sco = sorted(comp), sorted(comp_o)
    neg, pos = bisect.bisect_right(sc, -THRESHOLD), n - bisect.bisect_left(sc, THRESHOLD)
    neg_o, pos_o = bisect.bisect_right(sco, -THRESHOLD), n_o - bisect.bisect_left(sco, THRESHOLD)
    f: dict[str, float] = {
        "sentences": float(n),
        "compound_mean": _mean(comp),
        "compound_outlet_mean": _mean(comp_o),
        "compound_quoted_mean": _mean(comp_q),
        "neg_share": neg / n if n else 0.0,
        "pos_share": pos / n if n else 0.0,
        "neu_share": (n - neg - pos) / n if n else 0.0,
        "neg_share_outlet": neg_o / n_o if n_o else 0.0,
        "pos_share_outlet": pos_o / n_o if n_o else 0.0,
    }
    # 2. valence words (the evidence that carries the scores)
    lex = analyzer().lexicon
    ev: list[Evidence] = []
    text = ctx.text
    toks = ctx.tokens
    starts, ends, lowers = toks.starts, toks.ends, toks.lowers
    qs, qe = ctx._quote_bounds
    add = ev.append
    bisect_right = bisect.bisect_right
    neg = pos = neg_o = pos_o = 0
    # membership first (most tokens carry no valence), then the per-word work on the hits only. A
    # token is a key of VADER's lexicon when the VADER bit of its packed statistics is set, i.e. when
    # their bit length is 129 (readability.token_stats: one lookup of each token serves both
    # families; equal to ``bytes(map(lex.__contains__, lowers))``, which looked each token up
    # again: the sentiment and readability families took ~3% less CPU time together in the
    # pipeline, 3,000 AllSides articles, /tmp/s6/B_ab.py)
    for k in _positions(bytes(map(int.bit_length, token_stats(ctx))), _VADER_BITS):
        v = lex[lowers[k]]
        if not v:
            continue
        s, e = starts[k], ends[k]
        # ctx.quote_at(s, e) is not None: inside the content of the last quotation starting at or before s
        q = bisect_right(qs, s) - 1
        quoted = q >= 0 and qe[q] >= e
        if v > 0:
            pos += 1
            pos_o += not quoted
            add(Evidence("sentiment", "positive", s, e, text[s:e], "quoted" if quoted else "outlet",
                         {"valence": float(v)}))
        else:
            neg += 1
            neg_o += not quoted
            add(Evidence("sentiment", "negative", s, e, text[s:e], "quoted" if quoted else "outlet",
                         {"valence": float(v)}))
    words = ctx.word_count
    qw = min(quoted_word_count(ctx), words)
    ow = words - qw
    f["neg_words.per_1k"] = 1000.0 * neg / words if words else 0.0
    f["neg_words.outlet.per_1k"] = 1000.0 * neg_o / ow if ow else 0.0
    f["pos_words.per_1k"] = 1000.0 * pos / words if words else 0.0
    f["pos_words.outlet.per_1k"] = 1000.0 * pos_o / ow if ow else 0.0
    # 3. the most negative / positive sentences
    ranked = sorted(sents, key=itemgetter(2))
    for s, e, c, voice in ranked[:_TOP_SENTENCES]:
        if c <= -THRESHOLD:
            ev.append(Evidence("sentiment", "negative_sentence", s, e, text[s:e], voice, {"compound": c}))
    for s, e, c, voice in ranked[::-1][:_TOP_SENTENCES]:
        if c >= THRESHOLD:
            ev.append(Evidence("sentiment", "positive_sentence", s, e, text[s:e], voice, {"compound": c}))
    return FamilyResult(features=f, evidence=ev)
