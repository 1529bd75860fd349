"""One tokenisation shared by every extractor (computed once per document).

Words are runs of letters/digits joined by inner hyphens or apostrophes
("Jong-un", "don't", "11,000" stays "11,000"). Sentences end at ``.!?`` (and
the ellipsis) followed by space and an upper-case letter, a quote or a digit,
or at a blank line; common abbreviations ("Mr.", "U.S.", "Oct.") do not end
a sentence. No data download is needed.
"""
from __future__ import annotations

import re
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
_BOUNDARY_RE = re.compile(r"(?:(?<![.!?…])[.!?…]++[\"'”’»)\]]*+)(?=\s)|\n[ \t]*\n")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")


class Token(NamedTuple):
    start: int
    end: int
    lower: str


class Tokens:
    """Parallel arrays of token starts, ends and lower-cased forms."""

    __slots__ = ("text", "starts", "ends", "lowers")

    def __init__(self, text: str) -> None:
        self.text = text
        ms = list(WORD_RE.finditer(text))
        self.starts = starts = [m.start() for m in ms]
        self.ends = ends = [m.end() for m in ms]
        low = text.lower()
        # slicing one lower-cased copy is faster than lowering each word; it is the same when
        # lower-casing keeps every offset (same length) and no context-dependent mapping applies
        # (Python's only one is the Greek final sigma, U+03A3)
        if len(low) == len(text) and "\u03a3" not in text:
            self.lowers = [low[s:e] for s, e in zip(starts, ends)]
        else:
            self.lowers = [m.group().lower() for m in ms]

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
        end = m.end()
        if m.group().startswith("\n"):
            cut = m.start()
        else:
            # abbreviation check on the word before the period
            if m.group()[0] == ".":
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
