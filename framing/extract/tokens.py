"""One tokenisation shared by every extractor (computed once per document).

Words are runs of letters/digits joined by inner hyphens or apostrophes
("Jong-un", "don't", "11,000" stays "11,000"). Sentences end at ``.!?`` (and
the ellipsis) followed by space and an upper-case letter, a quote or a digit,
or at a blank line; common abbreviations ("Mr.", "U.S.", "Oct.") do not end
a sentence. No data download is needed.
"""
from __future__ import annotations

import re
from codecs import latin_1_decode as _latin_1_decode, utf_16_le_decode as _utf_16_le_decode, \
    utf_32_le_decode as _utf_32_le_decode
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from .. import _regex

__all__ = ["Token", "Tokens", "tokenize", "sentence_spans", "WORD_RE"]

#: A word: letters/digits with inner hyphen, apostrophe, period-in-number or comma-in-number.
WORD_RE = _regex.compile(r"\w+(?:(?:[-'’]|(?<=\d)[.,](?=\d))\w+)*", re.UNICODE)

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
# characters in C instead of trying the pattern at every position (4-5x faster); it finds what
# ``(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)|\n[ \t]*\n`` finds (tests/extract/test_tokens.py rebuilds
# those matches from these). The punctuation branch also takes the white space after the run
# (group 1 ends with the run and its closing marks; group 2, a look-ahead, is the first character
# after the white space, "" at the end of the text; both are None for a blank line). The
# sentence-start test then needs no scan in Python, and blank lines inside that white space need no
# match of their own (when the boundary is rejected, :func:`sentence_spans` looks for one there).
# Each character is still read once or twice, so the pass stays linear.
_BOUNDARY_RE = _regex.compile(r"[.!?…\n](?:(?<=\n)[ \t]*\n"  # a blank line, or a whole punctuation run:
                              r"|(?<![.!?…][.!?…])(?<!\n)([.!?…]*+[\"'”’»)\]]*+)(?=\s)\s++(?=(\S?)))")
# _BOUNDARY_RE with the ellipsis taken out of every class, for a text that holds none (~86% of
# AllSides bodies): the same matches there, and its first class, all Latin-1, compiles to a bitmap
# that the engine tests per character faster than the big (BMP) charset the ellipsis forces
# (callgrind, 60 AllSides bodies after 40: the engine's charset tests 17.9 -> 15.1 M instructions,
# sentences stage -4.6% estimated cycles; sentence spans of 10,455 inputs byte-identical)
_BOUNDARY_RE_NO_ELLIPSIS = _regex.compile(_BOUNDARY_RE.pattern.replace("…", ""))
_BLANK_LINE_RE = _regex.compile(r"\n[ \t]*\n")
_WORD_BEFORE_RE = _regex.compile(r"([\w.]+)$")
# What _WORD_BEFORE_RE.search(text, lo, hi) finds, as one anchored match: the run of [\w.] that ends
# at ``hi`` and starts after the last other character (or at ``lo``). The search tries every start
# and backtracks from each (quadratic in the window); this reads the window once from its end. The
# two differ only when text[hi - 1] is "\n" ("$" also matches before a final line break), where the
# search is used.
_WORD_BEFORE_FULL = _regex.compile(r"(?:(?s:.*)[^\w.])?([\w.]+)")
#: a word whose last ``_ABBREV_TAIL`` characters are letters or digits is no abbreviation: no entry of
#: _ABBREV has a dot-free part that long, and no single letter is
_ABBREV_TAIL = 1 + max(len(part) for a in _ABBREV for part in a.split("."))
#: characters that may open a sentence besides capitals and digits
_OPENERS = frozenset("\"'“‘«([")


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
assert _JOIN == _WORD << 2 and _NUMJOIN == _DIGIT << 2  # the layout _inner_joiners relies on
#: each class is defined by the regular expression WORD_RE uses for it (``\w``, ``\d``, the joiners)
_CLASS_RES = ((_WORD, _regex.compile(r"\w+")), (_DIGIT, _regex.compile(r"\d+")), (_JOIN, _regex.compile(r"[-'’]+")),
              (_NUMJOIN, _regex.compile(r"[.,]+")), (_SPACE, _regex.compile(r" +")))


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
    """The code points of ``s`` as a uint32 array (lone surrogates kept): :func:`_narrow_codes`,
    widened."""
    codes, width = _narrow_codes(s)
    return codes if width == 4 else codes.astype(_np().uint32)


def char_classes(codes, top: int | None = None):
    """Class flags (``_WORD`` | ``_DIGIT`` | ...) of each code point of a uint32 array (``top``: its
    largest code point, when known)."""
    np = _np()
    tbl = _bmp_table()
    if top is None:
        top = int(codes.max()) if len(codes) else 0
    if top > 0xFFFF:
        cl = tbl.take(np.minimum(codes, 0xFFFF))
        idx = np.flatnonzero(codes > 0xFFFF)
        cl[idx] = [_astral_class(c) for c in codes[idx].tolist()]
        return cl
    return tbl.take(codes)


def _from_codes(codes, top: int | None = None) -> str:
    """The string of the code points ``codes`` (any unsigned dtype; ``top``: a bound of the largest,
    when known). Decoded from one byte per code point when all are below 256, from two when all are
    in the Basic Multilingual Plane (a lone high surrogate followed by a lone low one would pair up
    in UTF-16: then the length differs and UTF-32 decodes it), else from four."""
    np = _np()
    if top is None:
        top = int(codes.max()) if len(codes) else 0
    # (the codecs decode the array's own buffer: no bytes copy of it first)
    if top < 0x100:
        return _latin_1_decode(codes.astype(np.uint8, copy=False))[0]
    if top <= 0xFFFF:
        s = _utf_16_le_decode(codes.astype(np.uint16, copy=False), "surrogatepass", True)[0]
        if len(s) == len(codes):
            return s
    return _utf_32_le_decode(codes.astype(np.uint32, copy=False), "surrogatepass", True)[0]


def _pad_codes(codes, classes, top: int | None = None) -> str:
    """The string ``s`` of code points ``codes`` (character classes ``classes``) with every character
    that is neither a word character nor a space turned into a space, and one space added at each
    end (see :func:`framing.extract.lexicon.pad`)."""
    np = _np()
    keep = (classes & (_WORD | _SPACE)) != 0
    return " " + _from_codes(np.where(keep, codes, codes.dtype.type(32)), top) + " "


def _narrow_codes(s: str):
    """``(codes, width)``: the code points of ``s`` as a uint8 array (width 1: an ASCII text), a
    uint16 array (width 2: no code point above the BMP) or a uint32 array (width 4)."""
    np = _np()
    if s.isascii():
        return np.frombuffer(s.encode("ascii"), np.uint8), 1
    b = s.encode("utf-16-le", "surrogatepass")
    if len(b) == 2 * len(s):  # one UTF-16 unit per code point
        return np.frombuffer(b, np.uint16), 2
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), np.uint32), 4


@lru_cache(maxsize=2)
def _narrow_lower(width: int):
    """:func:`_lower_table` in the dtype of :func:`_narrow_codes` arrays of that width (ASCII
    lower-cases within ASCII, the BMP within the BMP, once the special characters are excluded)."""
    np = _np()
    tbl = _lower_table()[0]
    return tbl[:0x80].astype(np.uint8) if width == 1 else tbl.astype(np.uint16)


@lru_cache(maxsize=2)
def _narrow_pad(width: int):
    """The padded text's character for each code point, in the dtype of :func:`_narrow_codes` arrays
    of that width: :func:`_narrow_lower` where the character is a word character or a space (the
    characters :func:`_pad_codes` keeps), else a space."""
    np = _np()
    low = _narrow_lower(width)
    keep = (_bmp_table()[:len(low)] & (_WORD | _SPACE)) != 0
    return np.where(keep, low, low.dtype.type(32))


def _inner_joiners(cl):
    """For characters 1 .. n - 2 of a text with classes ``cl`` (uint8, n > 2): True for an inner
    joiner, a ``_JOIN`` character between two word characters or a ``_NUMJOIN`` character between
    two digits. Computed with the flags' layout (``_JOIN == _WORD << 2``, ``_NUMJOIN == _DIGIT << 2``):
    the flags both neighbours share, moved up two places, meet the middle character's joiner flag
    exactly when it is an inner joiner (5 array passes; the explicit tests took 11)."""
    np = _np()
    both = cl[:-2] & cl[2:]
    # (a shift by two places as a product by 4, the same uint8 values: numpy's uint8 shift by a
    # scalar is the slower loop, 4.6 vs 1.3 us for 6,000 characters, hot)
    np.multiply(both, 4, out=both)
    both &= cl[1:-1]
    both &= _JOIN | _NUMJOIN
    # (nonzero -> True: the same array as np.minimum(both, 1, out=both).view(bool), which numpy's
    # uint8 minimum against a scalar makes about twice as slow: 25 vs 14 us an AllSides page, hot;
    # tokens arrays of 10,455 inputs byte-identical)
    return both.astype(bool)


def _band(cp: int) -> int:
    """0 for ASCII, 1 for the rest of Latin-1, 2 for the rest of the BMP, 3 above."""
    return 0 if cp < 0x80 else 1 if cp < 0x100 else 2 if cp <= 0xFFFF else 3


@lru_cache(maxsize=1)
def _lower_table():
    """``(table, special)``: the lower-cased code point of every BMP code point (``str.lower`` of
    it alone), and the characters for which that is not one code point in the same band (ASCII,
    Latin-1, BMP) or a lower one (only U+0130, whose lower case is two characters). For a text
    without those, without U+03A3 (the capital sigma, the only character ``str.lower`` maps by its
    context) and without astral characters, ``table.take(codes)`` is the code points of
    ``text.lower()`` (checked over the whole BMP in the tests). Built once (~20 ms)."""
    np = _np()
    tbl = np.arange(0x10000, dtype=np.uint32)
    special = []
    for cp in range(0x10000):
        low = chr(cp).lower()
        if len(low) != 1 or _band(ord(low)) > _band(cp):
            special.append(chr(cp))
        else:
            tbl[cp] = ord(low)
    return tbl, tuple(special)


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
        # 1. classes, from the code points in the narrowest array that holds them (one byte each
        # for an ASCII text, two for a text within the BMP), which is also what the lower-cased
        # copies are decoded from
        codes, width = _narrow_codes(text)
        if width == 4:
            top = int(codes.max())
            cl = char_classes(codes, top)
        else:
            top = 0x7F if width == 1 else 0xFFFF
            # the code points as indices (intp) once, for both table lookups (here and stage 4):
            # numpy's take converts narrower indices to intp on every call (a pass that writes 8
            # bytes a character). Each table covers every code point of the width (_bmp_table the
            # BMP, _narrow_pad ASCII or the BMP), so mode="wrap" never wraps: the same values as the
            # default mode="raise", without its per-index bounds check (10 vs 6 us for 10,000
            # characters, hot). Tokens arrays of 10,455 inputs byte-identical
            codes_at = codes.astype(np.intp)
            cl = _bmp_table().take(codes_at, mode="wrap")
        # 2. in-word characters, with a False sentinel at each end (inw[i + 1] is character i)
        # (the word flag, 0 or 1, written in place: no zeroed array and no temporary copy)
        inw = np.empty(n + 2, bool)
        inw[0] = inw[-1] = False
        np.bitwise_and(cl, _WORD, out=inw[1:-1].view(np.uint8))
        inner = None
        if n > 2:
            inner = _inner_joiners(cl)
            inw[2:-2] |= inner
        # 3. run edges: text offsets where in-word-ness changes (alternately a start and an end),
        # read as (start, end) rows: two lists from one conversion (the same as edges[0::2] and
        # edges[1::2] of the flat list, without copying it twice)
        self.starts, self.ends = np.flatnonzero(inw[1:] != inw[:-1]).reshape(-1, 2).T.tolist()
        # 4. lower-cased forms. One lower-cased copy is the same as lowering each word when
        # lower-casing keeps every offset (same length) and no context-dependent mapping applies
        # (Python's only one is the Greek final sigma, U+03A3); lower-casing never changes a
        # character's class (checked over all of Unicode in the tests), so the blanked copy splits
        # into exactly the tokens. Nearly every text lower-cases by a table lookup per code point
        # (_lower_table), which gives text.lower() as code points without a per-character call
        # and without encoding the copy again.
        if width != 4 and "\u03a3" not in text and not any(c in text for c in _lower_table()[1]):
            # (lower-casing and blanking keep an ASCII text ASCII and a BMP text in the BMP)
            # One table lookup gives the padded text's characters (_narrow_pad: a word character or
            # a space lower-cased, anything else a space: what _pad_codes makes of the lower-cased
            # codes); the in-word characters are those same lower-cased word characters plus the
            # inner joiners, which lower-case to themselves, so the blanked copy for the lowers is
            # that array with the inner joiners put back (3 fewer array passes and no lower-cased
            # copy of the codes; tokens/sentences dump of 10,455 inputs byte-identical)
            # (the array holds the padding spaces too: one decoded copy, no concatenation)
            pad = np.empty(n + 2, codes.dtype)
            pad[0] = pad[-1] = 32
            _narrow_pad(width).take(codes_at, out=pad[1:-1], mode="wrap")  # (see stage 1)
            self.padded = _from_codes(pad, top)
            if inner is not None:
                np.copyto(pad[2:-2], codes[1:-1], where=inner)
            self.lowers = _from_codes(pad, top).split()
            return
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
    start = 0  # where the pending sentence starts (white space not yet trimmed)
    for m in (_BOUNDARY_RE if "…" in text else _BOUNDARY_RE_NO_ELLIPSIS).finditer(text):
        nxt = m.group(2)  # the first character after the white space ("": none; None: a blank line)
        if nxt is None:  # a blank line: a cut at its first line break
            e = m.start()
            start_next = m.end()
        else:
            s0 = m.start()
            # abbreviation check on the word before the period
            if text[s0] == "." and not (s0 >= _ABBREV_TAIL and text[s0 - _ABBREV_TAIL:s0].isalnum()):
                lo = s0 - 12 if s0 > 12 else 0
                w = None
                if s0 and text[s0 - 1] == "\n":
                    wb = _WORD_BEFORE_RE.search(text, lo, s0)
                else:
                    sp = text.rfind(" ", lo, s0)
                    run = text[sp + 1:s0] if sp >= 0 else ""
                    if run.isalnum():
                        # a space, then letters and digits up to the period (25 of the ~28 words
                        # an AllSides article reads here): the run the expression finds, as " " is
                        # not in [\w.] and a letter or digit is \w (no dot in it to strip), without
                        # running it (sentence spans of 10,455 inputs byte-identical)
                        w = run.lower()
                        wb = None
                    else:
                        wb = _WORD_BEFORE_FULL.fullmatch(text, lo, s0)
                if wb:
                    w = wb.group(1).lower().strip(".")
                if w is not None and (w in _ABBREV or (len(w) == 1 and w.isalpha())):
                    nxt = None
            # the next non-space character must look like a sentence start
            if nxt is None or (nxt and not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS)):
                # no boundary here; a blank line in the white space after it still is one
                blank = _BLANK_LINE_RE.search(text, m.end(1), m.end())
                if blank is None:
                    continue
                e = blank.start()
            else:
                e = m.end(1)  # the sentence ends with the punctuation
            start_next = m.end()  # (only white space between)
        _push(text, start, e, spans)
        start = start_next
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
