"""Machine-reworded ("spun") text: synonym substitution leaves tell-tale phrases.

Article spinners replace words one by one with dictionary synonyms, breaking
fixed expressions and names ("state media" -> "environment media", "Natural
Resources and Ecology" -> "Herbal Assets and Shape"). Following the
observation behind DSpin (Zhang, Wang and Voelker 2014, *DSpin: Detecting
automatically spun content on the web*, NDSS) that spinners leave phrases an
editor never writes, we look for a lexicon of broken collocations (``data/spin_tells.tsv``, weights 1.0 /
0.5 / 0.2) in the article body.

Score: ``W`` = sum of the weights of the *distinct* tells found (a tell
repeated counts once); ``score = 1 - exp(-W / 3)``. The flag fires when at
least ``min_strong`` distinct tells of weight >= 0.5 are present and ``W >=
min_weight``: weak idioms alone ("in step with", "used to be") never fire.
"""
from __future__ import annotations

import math
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from .._automata import rs_twin, twin_hits
from ..errors import ConfigError
from ..types import CleanedPage, Flag, Span
from .templates import read_data

__all__ = ["SpinHit", "find_tells", "spun_text", "spin_score", "scan_blocks", "tells_in_words"]

#: Flag thresholds: seed 003 has W = 26 with 29 distinct tells of weight >= 0.5; over the 5,450
#: ordinary texts of allsides_5k and boilerplate_dev the largest W is 1.0 with a single strong
#: tell, so no text fires (tests/clean/test_spin.py, false-positive rate 0 / 5,450).
MIN_STRONG = 2
MIN_WEIGHT = 2.0
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


class SpinHit(NamedTuple):
    start: int
    end: int
    text: str
    original: str  #: the wording the spinner replaced
    weight: float


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    A = ahocorasick.Automaton()
    for n, ln in enumerate(read_data("spin_tells.tsv"), 1):
        parts = ln.split("\t")
        try:
            phrase, original, weight = parts[0].lower().translate(_APOS), parts[1], float(parts[2])
        except (IndexError, ValueError) as exc:
            raise ConfigError("E014", f"spin_tells.tsv: bad row {n}: {ln[:80]!r}") from exc
        A.add_word(phrase, (phrase, original, weight))
    A.make_automaton()
    return A


@lru_cache(maxsize=1)
def _joint():
    """One Aho-Corasick automaton over the template triggers (:func:`.templates.trigger_rows`)
    and the tells: value ``(trigger row ids or None, tell or None)``. None when a trigger holds
    an apostrophe (the tells are matched with ' and ’ made equal, the triggers are not)."""
    import ahocorasick

    from .templates import trigger_rows

    trig = trigger_rows()
    if any(q in w for w in trig for q in "'’‘`"):
        return None
    tells = {phrase: v for phrase, v in _automaton().items()}
    A = ahocorasick.Automaton()
    for w in set(trig) | set(tells):
        A.add_word(w, (trig.get(w), tells.get(w)))
    A.make_automaton()
    return A


@lru_cache(maxsize=1)
def _joint_dfa():
    """The keys of :func:`_joint` in an ahocorasick-rs DFA (:func:`framing._automata.rs_twin`), or
    None without that package or without a joint automaton: it reads the short blocks of a page
    several times faster than pyahocorasick, whose states search their children one by one (77 us
    against 16 us an AllSides page, 2026-11-22)."""
    A = _joint()
    return None if A is None else rs_twin(A, dfa=True)


def scan_blocks(lowers: list[str]) -> tuple[list[set[int] | None], list[list[tuple[int, int, str, float]]]] | None:
    """One pass over lower-cased blocks for both template triggers and tells.

    Returns, per block, the trigger rows it contains (as :func:`.templates.template_candidates`)
    and its whole-word tells ``(start, end, original, weight)`` in block offsets (as
    :func:`find_tells` finds them in a text made of article blocks joined by blank lines: a
    tell never spans a line break, and a line break is never alphanumeric); None when the joint
    automaton cannot be built. Every block must satisfy ``len(lower) == len(block)``."""
    A = _joint()
    if A is None:
        return None
    n = len(lowers)
    cands: list[set[int] | None] = [None] * n
    tells: list[list[tuple[int, int, str, float]]] = [[] for _ in range(n)]
    if not n:
        return cands, tells
    # each block's start in the blocks joined by line breaks, then len(joined) + 1 (an end sentinel)
    starts = list(accumulate([len(low) + 1 for low in lowers], initial=0))
    joined = "\n".join(lowers)
    # ' and ’ equivalent for the tells; no trigger holds either (checked in _joint)
    joined = joined.replace("’", "'").replace("‘", "'").replace("`", "'")
    size = len(joined)
    k = 0
    for end_idx, (ids, tell) in twin_hits(A, _joint_dfa(), joined):  # by increasing end: walk the blocks
        while end_idx >= starts[k + 1]:
            k += 1
        if ids is not None:
            got = cands[k]
            if got is None:
                cands[k] = set(ids)
            else:
                got.update(ids)
        if tell is not None:
            phrase, original, weight = tell
            e = end_idx + 1
            s = e - len(phrase)
            if (s > 0 and joined[s - 1].isalnum()) or (e < size and joined[e].isalnum()):
                continue
            tells[k].append((s - starts[k], e - starts[k], original, weight))
    return cands, tells


@lru_cache(maxsize=1)
def _tells_by_word() -> tuple[frozenset[str], dict[str, list[tuple[str, frozenset[str], str, float]]]]:
    """``(keys, by_key)``: each tell filed under one of its ``\\w+`` tokens (the key: the longest
    that is not a stop word, as a rare one rules out most blocks), with the set of all its tokens."""
    import re

    from .templates import stopwords

    stop = stopwords()
    by_key: dict[str, list[tuple[str, frozenset[str], str, float]]] = {}
    for phrase, (_, original, weight) in _automaton().items():
        toks = re.findall(r"\w+", phrase)
        key = max(toks, key=lambda t: (t not in stop, len(t), t))
        by_key.setdefault(key, []).append((phrase, frozenset(toks), original, weight))
    return frozenset(by_key), by_key


def tells_in_words(low: str, words: list[str]) -> list[tuple[int, int, str, float]]:
    """The whole-word tells of one lower-cased block ``low`` whose ``\\w+`` tokens are ``words``, as
    :func:`scan_blocks` finds them (``(start, end, original, weight)`` in block offsets; the order
    may differ), from the words first. A tell found whole (no letter or digit on either side) has
    each of its tokens among the block's tokens, since a character that is neither a letter nor a
    digit is not a word character, "_" excepted: ``low`` must not hold "_". Nearly every block
    holds no tell's key token and costs one set test in C, where a scan of its characters costs
    one automaton step each."""
    keys, by_key = _tells_by_word()
    if keys.isdisjoint(words):
        return []
    have = set(words)
    norm = low.replace("’", "'").replace("‘", "'").replace("`", "'")
    size = len(norm)
    out = []
    for key in keys.intersection(have):
        for phrase, toks, original, weight in by_key[key]:
            if not toks <= have:
                continue
            s = norm.find(phrase)
            while s >= 0:
                e = s + len(phrase)
                if not ((s > 0 and norm[s - 1].isalnum()) or (e < size and norm[e].isalnum())):
                    out.append((s, e, original, weight))
                s = norm.find(phrase, s + 1)
    return out


def find_tells(text: str, *, offset: int = 0) -> list[SpinHit]:
    """Every whole-word tell-tale phrase in ``text`` (offsets shifted by ``offset``)."""
    low = text.lower()
    if len(low) != len(text):  # lower() changed the length (rare Unicode): fall back char by char
        low = "".join(c.lower()[:1] or c for c in text)
    low = low.replace("’", "'").replace("‘", "'").replace("`", "'")
    hits = []
    for end_idx, (phrase, original, weight) in _automaton().iter(low):
        e = end_idx + 1
        s = e - len(phrase)
        if (s > 0 and low[s - 1].isalnum()) or (e < len(low) and low[e].isalnum()):
            continue
        hits.append(SpinHit(s + offset, e + offset, text[s:e], original, weight))
    hits.sort()
    return hits


def spin_score(hits: list[SpinHit]) -> tuple[float, float, int]:
    """``(score, W, distinct strong tells)`` of a list of hits (see module docstring)."""
    distinct: dict[str, float] = {}
    for h in hits:
        distinct[h.text.lower().translate(_APOS)] = h.weight
    w = sum(distinct.values())
    strong = sum(1 for v in distinct.values() if v >= 0.5)
    return 1.0 - math.exp(-w / 3.0), w, strong


def spun_text(page: CleanedPage, *, min_strong: int = MIN_STRONG, min_weight: float = MIN_WEIGHT,
              hits: list[SpinHit] | None = None) -> Flag | None:
    """The ``spun_text`` flag of a cleaned page (article blocks only), or None.

    ``hits``: the tells of the article blocks in page offsets, sorted, when already found
    (:func:`scan_blocks`); by default the body is scanned here."""
    if hits is None:
        hits = []
        for h in find_tells(page.body):  # one scan of the body, mapped back to page offsets
            s, e, t = page.to_text_span(h.start, h.end)
            if t == h.text:
                hits.append(SpinHit(s, e, t, h.original, h.weight))
    if not hits:
        return None
    score, w, strong = spin_score(hits)
    if strong < min_strong or w < min_weight:
        return None
    # by lower-cased phrase, then exactly: phrases differing only in case must not keep the set's
    # order, which changes with hash randomisation (a --jobs 2 run differed from --jobs 1)
    phrases = sorted({(h.text, h.original) for h in hits}, key=lambda t: (t[0].lower(), t[0], t[1]))
    return Flag("spun_text", round(score, 4), [Span(h.start, h.end, h.text) for h in hits],
                {"weight": round(w, 2), "strong_tells": strong,
                 "phrases": [{"phrase": p, "original": o} for p, o in phrases]})
