"""One tokenisation shared by every extractor (computed once per document).

Words are runs of letters/digits joined by inner hyphens or apostrophes
("Jong-un", "don't", "11,000" stays "11,000"). Sentences end at ``.!?`` (and
the ellipsis) followed by space and an upper-case letter, a quote or a digit,
or at a blank line; common abbreviations ("Mr.", "U.S.", "Oct.") do not end
a sentence. No data download is needed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

__all__ = ["Token", "Tokens", "tokenize", "sentence_spans", "WORD_RE"]

#: A word: letters/digits with inner hyphen, apostrophe, period-in-number or comma-in-number.
WORD_RE = re.compile(r"\w+(?:(?:[-'’]|(?<=\d)[.,](?=\d))\w+)*", re.UNICODE)

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "gov", "sen", "rep", "pres", "rev", "hon", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "ltd", "co", "corp", "dept",
    "est", "fig", "approx", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "mt", "ft",
}

# candidate sentence boundaries: terminal punctuation (+ closing quotes/brackets) then space,
# or a blank line. The look-ahead keeps matches linear-time.
# A run of terminal punctuation must start the match ((?<![.!?…])) and is taken whole
# (possessive ++/*+, Python 3.11+): otherwise a run of 20,000 dots rescans quadratically.
# Written to start with one character class ([.!?…\n]) so the regex engine skips to candidate
# characters in C instead of trying the pattern at every position (4-5x faster); it matches exactly
# what ``(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)|\n[ \t]*\n`` matches.
_BOUNDARY_RE = re.compile(r"[.!?…\n](?:(?<=\n)[ \t]*\n"  # a blank line, or
                          r"|(?<![.!?…][.!?…])(?<!\n)[.!?…]*+[\"'”’»)\]]*+(?=\s))")  # a whole punctuation run
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


class Token(NamedTuple):
    start: int
    end: int
    lower: str


# ---------------------------------------------------------------- character classes
# Tokens are found with one vectorised pass over per-character classes (numpy) instead of one
# regex match object per word: the runs of "in-word" characters are exactly the matches of
# WORD_RE (a word character, or an inner joiner between two word characters, or an inner
# "." / "," between two digits; see tests/extract/test_tokens.py, which checks this against
# the regular expression on real and generated text).
_WORD, _DIGIT, _JOIN, _NUMJOIN, _SPACE = 1, 2, 4, 8, 16
#: each class is defined by the regular expression WORD_RE uses for it (``\w``, ``\d``, the joiners)
_CLASS_RES = ((_WORD, re.compile(r"\w+")), (_DIGIT, re.compile(r"\d+")), (_JOIN, re.compile(r"[-'’]+")),
              (_NUMJOIN, re.compile(r"[.,]+")), (_SPACE, re.compile(r" +")))


def _np():
    import numpy  # imported on first use: ``import framing`` stays light

    return numpy


@lru_cache(maxsize=1)
def _bmp_table():
    """Class flags of every code point of the Basic Multilingual Plane (built once, ~10 ms)."""
    np = _np()
    bmp = "".join(map(chr, range(0x10000)))
    tbl = np.zeros(0x10000, np.uint8)
    for flag, rx in _CLASS_RES:
        for m in rx.finditer(bmp):
            tbl[m.start():m.end()] |= flag
    return tbl


@lru_cache(maxsize=4096)
def _astral_class(cp: int) -> int:
    c = chr(cp)
    return sum(flag for flag, rx in _CLASS_RES if rx.fullmatch(c))


def _codes(s: str):
    """The code points of ``s`` as a uint32 array (lone surrogates kept)."""
    np = _np()
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), np.uint32)


def char_classes(codes):
    """Class flags (``_WORD`` | ``_DIGIT`` | ...) of each code point of a uint32 array."""
    np = _np()
    tbl = _bmp_table()
    if len(codes) and int(codes.max()) > 0xFFFF:
        cl = tbl.take(np.minimum(codes, 0xFFFF))
        idx = np.flatnonzero(codes > 0xFFFF)
        cl[idx] = [_astral_class(c) for c in codes[idx].tolist()]
        return cl
    return tbl.take(codes)


def _from_codes(codes) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def _pad_codes(codes, classes) -> str:
    """The string ``s`` of code points ``codes`` (character classes ``classes``) with every character
    that is neither a word character nor a space turned into a space, and one space added at each
    end (see :func:`framing.extract.lexicon.pad`)."""
    np = _np()
    keep = (classes & (_WORD | _SPACE)) != 0
    return " " + _from_codes(np.where(keep, codes, np.uint32(32))) + " "


class Tokens:
    """Parallel arrays of token starts, ends and lower-cased forms.

    Stages: 1. classify every character (word, digit, joiner); 2. mark the in-word characters
    (word characters and inner joiners); 3. token starts/ends are the edges of the in-word runs;
    4. lower-cased forms: the lower-cased text with every other character blanked, split.
    """

    __slots__ = ("text", "starts", "ends", "lowers", "padded")

    def __init__(self, text: str) -> None:
        self.text = text
        n = len(text)
        #: ``text`` lower-cased, every character but word characters and spaces blanked, one space
        #: added at each end: :func:`framing.extract.lexicon.pad` of ``text``, made here while the
        #: arrays are at hand (None when lower-casing changes the length of the text)
        self.padded: str | None = None
        if not n:
            self.starts, self.ends, self.lowers = [], [], []
            return
        np = _np()
        # 1. classes
        cl = char_classes(_codes(text))
        # 2. in-word characters, with a False sentinel at each end (inw[i + 1] is character i)
        inw = np.zeros(n + 2, bool)
        word = (cl & _WORD).view(bool)
        inw[1:-1] = word
        if n > 2:
            digit = (cl & _DIGIT) != 0
            inner = ((cl[1:-1] & _JOIN) != 0) & word[:-2] & word[2:]
            inner |= ((cl[1:-1] & _NUMJOIN) != 0) & digit[:-2] & digit[2:]
            inw[2:-2] |= inner
        # 3. run edges: text offsets where in-word-ness changes (alternately a start and an end)
        edges = np.flatnonzero(inw[1:] != inw[:-1]).tolist()
        self.starts = edges[0::2]
        self.ends = edges[1::2]
        # 4. lower-cased forms. One lower-cased copy is the same as lowering each word when
        # lower-casing keeps every offset (same length) and no context-dependent mapping applies
        # (Python's only one is the Greek final sigma, U+03A3); lower-casing never changes a
        # character's class (checked over all of Unicode in the tests), so the blanked copy splits
        # into exactly the tokens.
        low = text.lower()
        low_codes = _codes(low) if len(low) == n else None
        if low_codes is not None:
            self.padded = _pad_codes(low_codes, cl)
        if low_codes is not None and "\u03a3" not in text:
            self.lowers = _from_codes(np.where(inw[1:-1], low_codes, np.uint32(32))).split()
        else:
            self.lowers = [text[s:e].lower() for s, e in zip(self.starts, self.ends)]

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self):
        # tuple.__new__(Token, (s, e, w)) builds the NamedTuple without a Python-level call per token
        return map(tuple.__new__, repeat(Token), zip(self.starts, self.ends, self.lowers))

    def index_at(self, offset: int) -> int:
        """Index of the first token that ends after ``offset``."""
        import bisect

        return bisect.bisect_right(self.ends, offset)

    def count_between(self, start: int, end: int) -> int:
        """Number of tokens wholly inside ``[start, end)``."""
        import bisect

        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_right(self.ends, end)
        return max(0, j - i)


def tokenize(text: str) -> Tokens:
    return Tokens(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` with surrounding space trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY_RE.finditer(text):
        s0, end = m.span()
        c0 = text[s0]
        if c0 == "\n":
            cut = s0
        else:
            # abbreviation check on the word before the period
            if c0 == ".":
                wb = _WORD_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                if wb:
                    w = wb.group(1).lower().strip(".")
                    if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                        continue
            # the next non-space char must look like a sentence start
            k = end
            while k < n and text[k].isspace():
                k += 1
            if k < n and not (text[k].isupper() or text[k].isdigit() or text[k] in "\"'“‘«(["):
                continue
            cut = end
        _push(text, start, cut, spans)
        start = end
    _push(text, start, n, spans)
    return spans


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
