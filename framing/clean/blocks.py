"""Split a plain-text page dump into blocks (lines, or sentence-ish chunks of long lines).

A block is a non-blank line with its surrounding white space trimmed. Lines
longer than ``max_line`` characters (pages dumped without line breaks) are cut
into sentence-ish chunks of about ``chunk`` characters at sentence ends, or at
white space when a run has no sentence end, so that every block stays small
and every step stays linear in the length of the text.

Hard-wrapped pages (plain-text blogs and mail archives that break lines near a
fixed width) are re-joined into paragraphs by :func:`reflow`.
"""
from __future__ import annotations

from typing import NamedTuple

from .. import _regex
from .templates import match_template

__all__ = ["RawBlock", "split_blocks", "reflow"]

# A line with its surrounding white space trimmed: from a non-space to the line's last non-space,
# where a line ends at a line break of any kind str.splitlines() knows (all of them white space;
# \s is str.isspace). The only backtracking is over the trailing white space of one line, so a pass
# over the page stays linear.
_TRIMMED_LINE = _regex.compile(r"\S(?:[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*\S)?")
# The same pattern for a text whose only line break is "\n" (nearly every page): a run of [^\n] is
# counted by the engine's tight single-character loop instead of a ten-character class test per
# character (about 3x faster over a page; same matches, since no other line break occurs)
_TRIMMED_LINE_LF = _regex.compile(r"\S(?:[^\n]*\S)?")
#: the line breaks other than "\n" that _TRIMMED_LINE knows (the ASCII ones first)
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
# A sentence end: terminal punctuation, optional closing quote/bracket, white space.
# Fixed-width pieces only: no backtracking beyond one character class per position.
_SENT_END = _regex.compile(r"[.!?…][\"'”’)\]]?\s+")
_SPACE = _regex.compile(r"\s")


class RawBlock(NamedTuple):
    """A block's span of the page text (``text == page[start:end]``)."""

    start: int
    end: int
    text: str


def _has_other_breaks(text: str) -> bool:
    """True when ``text`` holds a line break other than "\\n" (see :data:`_OTHER_BREAKS`); one
    substring test per break, each a fast scan in C (an ASCII text cannot hold the last three)."""
    for c in _OTHER_BREAKS[:6] if text.isascii() else _OTHER_BREAKS:
        if c in text:
            return True
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunks(text: str, start: int, end: int, chunk: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` at sentence ends into pieces of roughly ``chunk`` chars."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end:
        if end - s <= chunk * 1.5:
            out.append((s, end))
            break
        # 1. the first sentence end after `chunk` characters (bounded look-ahead)
        m = _SENT_END.search(text, s + chunk, min(end, s + 3 * chunk))
        if m is not None:
            cut = m.end()
        else:
            # 2. no sentence end: cut at white space, or hard-cut
            m = _SPACE.search(text, s + 2 * chunk, min(end, s + 3 * chunk))
            cut = m.end() if m is not None else min(end, s + 3 * chunk)
        out.append((s, cut))
        s = cut
    return out


def split_blocks(text: str, *, max_line: int = 3000, chunk: int = 400) -> list[RawBlock]:
    """The non-blank lines of ``text`` as trimmed spans; long lines cut into chunks.

    ``max_line`` (characters) is the longest line kept whole: the longest line
    of any boilerplate_dev page is 2,913 characters (99th percentile of the
    per-page longest line: 1,813), so only dumps without line breaks are cut; a
    text that is one single line is cut when longer than ``2 * chunk``.
    """
    new = tuple.__new__
    # the non-blank lines, trimmed
    rx = _TRIMMED_LINE if _has_other_breaks(text) else _TRIMMED_LINE_LF
    whole = [new(RawBlock, (m.start(), m.end(), m.group())) for m in rx.finditer(text)]
    if len(whole) == 1:  # a page dumped without any line break: always cut it
        max_line = min(max_line, 2 * chunk)
    if all(e - s <= max_line for s, e, _ in whole):  # no line to cut (nearly every page)
        return whole
    blocks: list[RawBlock] = []
    append = blocks.append
    for raw in whole:
        s, e = raw[0], raw[1]
        if e - s <= max_line:
            append(raw)
            continue
        for cs, ce in _chunks(text, s, e, chunk):
            cs, ce = _trim(text, cs, ce)
            if cs < ce:
                blocks.append(RawBlock(cs, ce, text[cs:ce]))
    return blocks


def reflow(text: str, blocks: list[RawBlock], *, max_width: int = 120, share: float = 0.2,
           fill: float = 0.75) -> list[RawBlock]:
    """Re-join hard-wrapped lines into paragraph blocks.

    A page is hard-wrapped when the 95th percentile ``W`` of its block lengths is
    at most ``max_width`` and at least ``share`` of its blocks are between
    ``0.8 W`` and ``W`` long (8 of 450 boilerplate_dev pages, all wrapped text).
    There, a block at least ``fill * W`` long continues into the next block
    unless that one is known chrome. Merged blocks span the line breaks between
    them (``text == page[start:end]`` still holds).
    """
    if len(blocks) < 10:
        return blocks
    lengths = sorted(b.end - b.start for b in blocks)
    w = lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))]
    if w > max_width or w < 30:
        return blocks
    if sum(1 for n in lengths if 0.8 * w <= n <= w) < share * len(lengths):
        return blocks
    out: list[RawBlock] = []
    cur_s, cur_e, last_len = blocks[0].start, blocks[0].end, blocks[0].end - blocks[0].start
    for b in blocks[1:]:
        if last_len >= fill * w and match_template(b.text) is None:
            cur_e = b.end
        else:
            out.append(RawBlock(cur_s, cur_e, text[cur_s:cur_e]))
            cur_s, cur_e = b.start, b.end
        last_len = b.end - b.start
    out.append(RawBlock(cur_s, cur_e, text[cur_s:cur_e]))
    return out
