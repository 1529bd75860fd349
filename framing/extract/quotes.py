"""Direct-quotation spans: paired quotation marks of every typographic kind.

Pairs ``"…"``, ``“…”``, ``„…“``, ``«…»``, ``‘…’`` (single curly quotes only when
they do not look like apostrophes) and ``'…'`` around text. A quote may run
across paragraphs when the next paragraph re-opens it (continuation quotes,
the newspaper convention of leaving the first paragraph unclosed). An odd,
unpaired mark never swallows the rest of the text: a quote is closed at the
end of its paragraph when no continuation follows.
"""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Quote", "find_quotes"]

OPENERS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "‹": "›", "”": "”", "'": "'"}


class Quote(NamedTuple):
    """``start``/``end`` include the marks; ``content_start``/``content_end`` exclude them."""

    start: int
    end: int
    content_start: int
    content_end: int
    text: str  #: the content, without marks
    closed: bool  #: False when the quote was closed implicitly at a paragraph end


_PARA_RE = re.compile(r"\n\s*\n|\n(?=\s*[\"“„«])")


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


def find_quotes(text: str, *, max_len: int = 5000) -> list[Quote]:
    """Return direct quotations in ``text`` in order of appearance.

    ``max_len`` bounds a single quotation (characters) so that a stray mark
    cannot turn a page into one quote.
    """
    out: list[Quote] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch not in OPENERS:
            i += 1
            continue
        if ch in "'’" and _is_apostrophe(text, i):
            i += 1
            continue
        if ch == "’":
            i += 1
            continue
        # an opener must not be followed by a space (except for straight double quotes at line start)
        if i + 1 < n and text[i + 1].isspace():
            i += 1
            continue
        closer = OPENERS[ch]
        closers = {closer}
        if ch == '"':
            closers = {'"', "”"}
        elif ch == "“":
            closers = {"”", '"'}
        j = i + 1
        limit = min(n, i + 1 + max_len)
        found = -1
        para_end = -1
        while j < limit:
            c = text[j]
            if c in closers and not (c in "'’" and _is_apostrophe(text, j)):
                # a closer must not be followed directly by a letter (that would be an opener)
                nxt = text[j + 1] if j + 1 < n else " "
                if not nxt.isalnum() or c in "”»›":
                    found = j
                    break
            if c == "\n":
                # paragraph break: continue only if the next paragraph re-opens a quote
                k = j
                while k < n and text[k].isspace():
                    k += 1
                blank = text.count("\n", j, k) >= 1
                if blank and k < n and text[k] == ch and ch in "\"“«„":
                    j = k + 1
                    continue
                para_end = j
                break
            j += 1
        if found >= 0:
            content = text[i + 1:found]
            if content.strip():
                out.append(Quote(i, found + 1, i + 1, found, content, True))
            i = found + 1
        elif para_end >= 0 and ch in "\"“«„" and para_end - i > 1:
            # odd mark: close at the end of the paragraph only if it looks like speech
            e = para_end
            while e > i + 1 and text[e - 1].isspace():
                e -= 1
            seg = text[i + 1:e]
            if len(seg.split()) >= 3:
                out.append(Quote(i, e, i + 1, e, seg, False))
            i = para_end
        else:
            i += 1
    return out
