"""Direct-quotation spans: paired quotation marks of every typographic kind.

Pairs ``"…"``, ``“…”``, ``„…“``, ``«…»``, ``‹…›``, ``‘…’`` (single curly quotes
only when they do not look like apostrophes), ``'…'``, and the doubled
typewriter marks ````…''`` and ``''…''`` (the convention of some newspaper
archives, e.g. the New York Times text in PolNeAR). A quote may run across
paragraphs when the next paragraph re-opens it (continuation quotes: the
newspaper convention of leaving the first paragraph unclosed). An odd,
unpaired mark never swallows the rest of the text: a quote is closed at the
end of its paragraph when no continuation follows, and only kept when it
looks like speech (three words or more).

Run time is linear in the text: the next candidate closer of each kind and
the next line break are cached and only searched forward (no rescanning on
stray marks, so a 10 MB page with thousands of odd marks stays linear).
"""
from __future__ import annotations

from typing import NamedTuple

from .. import _regex

__all__ = ["Quote", "find_quotes"]

#: opener -> accepted closers
OPENERS: dict[str, tuple[str, ...]] = {
    '"': ('"', "”"),
    "“": ("”", '"'),
    "„": ("“", "”"),
    "«": ("»",),
    "‹": ("›",),
    "‘": ("’",),
    "'": ("'",),
    "``": ("''",),
    "''": ("''", "”"),
    "”": ("”",),  # some sites use ” as both marks
}
_MARK_RE = _regex.compile(r"[\"“„«‹‘'`”]")
_DOUBLE_MARKS = ('"', "“", "„", "«", "``", "''", "”")


class Quote(NamedTuple):
    """``start``/``end`` include the marks; ``content_start``/``content_end`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    text: str  #: the content, without marks
    closed: bool  #: False when the quote was closed implicitly at a paragraph end


def _is_apostrophe(text: str, i: int) -> bool:
    """A ' or ’ between letters (don't, Korea's) or after s (troops') is an apostrophe."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    if prev in "sS" and not nxt.isalnum():
        return True  # plural possessive
    if not prev.isalnum() and nxt.isdigit():
        return True  # '90s
    return False


class _Scanner:
    """Forward-only search for valid closers and line breaks (amortised linear)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.cache: dict[str, int] = {}

    def _valid_closer(self, mark: str, j: int) -> bool:
        text = self.text
        if mark == "''":
            if j > 0 and text[j - 1] == "'":
                return False
            nxt = text[j + 2] if j + 2 < self.n else " "
            return not nxt.isalnum()
        if mark in "'’" and _is_apostrophe(text, j):
            # "troops'" is ambiguous: accept a closer after s when followed by space/punct
            if not (text[j - 1:j] in "sS" and (j + 1 >= self.n or not text[j + 1].isalnum())):
                return False
        if mark == "'" and j + 1 < self.n and text[j + 1] == "'":
            return False  # part of a doubled mark
        nxt = text[j + 1] if j + 1 < self.n else " "
        return not nxt.isalnum() or mark in "”»›"

    def next_closer(self, mark: str, i: int) -> int:
        """Smallest valid position >= i of closer ``mark`` (or n)."""
        pos = self.cache.get(mark, -1)
        if pos >= i:
            return pos
        j = i
        while True:
            j = self.text.find(mark, j)
            if j < 0:
                j = self.n
                break
            if self._valid_closer(mark, j):
                break
            j += 1
        self.cache[mark] = j
        return j

    def next_newline(self, i: int) -> int:
        pos = self.cache.get("\n", -1)
        if pos >= i:
            return pos
        j = self.text.find("\n", i)
        j = self.n if j < 0 else j
        self.cache["\n"] = j
        return j


def _opener_at(text: str, i: int) -> str | None:
    ch = text[i]
    if ch == "`" and text.startswith("``", i):
        return "``"
    if ch == "'" and text.startswith("''", i) and not text.startswith("'''", i):
        return "''"
    if ch in OPENERS:
        return ch
    return None


def find_quotes(text: str, *, max_len: int = 5000) -> list[Quote]:
    """Return direct quotations in ``text`` in order of appearance.

    ``max_len`` bounds a single quotation (characters) so that a stray mark
    cannot turn a page into one quote.
    """
    out: list[Quote] = []
    n = len(text)
    sc = _Scanner(text)
    i = 0
    while i < n:
        m = _MARK_RE.search(text, i)
        if m is None:
            break
        i = m.start()
        mark = _opener_at(text, i)
        if mark is None:
            i += 1
            continue
        w = len(mark)
        if mark in ("'", "‘") and _is_apostrophe(text, i):
            i += 1
            continue
        if mark == "”" and i > 0 and not text[i - 1].isspace():
            i += 1
            continue
        if mark == "'" and i > 0 and text[i - 1].isalnum():
            i += 1
            continue
        # an opener must be followed by a non-space character
        if i + w >= n or text[i + w].isspace():
            i += w
            continue
        closers = OPENERS[mark]
        limit = min(n, i + w + max_len)
        j = i + w
        found = -1
        fw = 0
        para_end = -1
        while j < limit:
            nl = sc.next_newline(j)
            best = n
            bw = 0
            for c in closers:
                p = sc.next_closer(c, j)
                if p < best:
                    best, bw = p, len(c)
            if best < nl and best < limit:
                found, fw = best, bw
                break
            if nl >= limit:
                break
            # paragraph break before any closer: continue only if the next paragraph re-opens
            k = nl
            while k < n and text[k].isspace():
                k += 1
            blank = text.count("\n", nl, k) >= 2
            if blank and k < n and text.startswith(mark, k) and mark in _DOUBLE_MARKS:
                j = k + len(mark)
                continue
            para_end = nl
            break
        if found >= 0:
            content = text[i + w:found]
            if content.strip():
                out.append(Quote(i, found + fw, i + w, found, content, True))
                i = found + fw
            else:
                i += w
        elif para_end >= 0 and mark in _DOUBLE_MARKS and para_end - i > 1:
            # odd mark: close at the end of the paragraph only if it looks like speech
            e = para_end
            while e > i + w and text[e - 1].isspace():
                e -= 1
            seg = text[i + w:e]
            if len(seg.split()) >= 3:
                out.append(Quote(i, e, i + w, e, seg, False))
            i = para_end
        else:
            i += w
    return out
