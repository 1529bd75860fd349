"""Paragraphs repeated within a page (e.g. a CMS that prints the article twice).

The labeller marks every article block whose words (lower-cased, in order;
punctuation and spacing ignored, :func:`.labels.block_key`) equal an earlier article block as
``duplicate``; this module turns those into the ``repeated_paragraphs`` flag.
"""
from __future__ import annotations

from typing import Sequence

from ..types import ARTICLE_LABELS, CleanedPage, Flag, Span
from .labels import block_key

__all__ = ["repeated_paragraphs"]


def repeated_paragraphs(page: CleanedPage, *, keys: Sequence[str | None] | None = None) -> Flag | None:
    """Flag repeated article paragraphs.

    ``keys`` (optional): ``block_key`` of ``page.blocks[i].text`` where already known (None
    where not), as :func:`.labels.label_blocks_keyed` returns them.

    ``score`` = characters of the repeated copies / characters of the article
    blocks plus the copies (0.5 when the whole article is printed twice).
    Evidence: every later copy; ``detail["pairs"]`` gives
    ``(original_start, copy_start)`` in page offsets.
    """
    if not any(b.label == "duplicate" and not b.reason.startswith("repeat of the headline") for b in page.blocks):
        return None
    first: dict[str, int] = {}
    art_chars = 0
    copies: list[Span] = []
    pairs: list[tuple[int, int]] = []
    if keys is None or len(keys) != len(page.blocks):
        keys = [None] * len(page.blocks)
    for b, key in zip(page.blocks, keys):
        if b.label in ARTICLE_LABELS:
            art_chars += len(b.text)
            first.setdefault(block_key(b.text) if key is None else key, b.start)
        elif b.label == "duplicate" and not b.reason.startswith("repeat of the headline"):
            key = block_key(b.text) if key is None else key
            if key in first:
                copies.append(Span(b.start, b.end, b.text))
                pairs.append((first[key], b.start))
    if not copies:
        return None
    dup_chars = sum(s.end - s.start for s in copies)
    return Flag("repeated_paragraphs", round(dup_chars / (art_chars + dup_chars), 4), copies,
                {"count": len(copies), "pairs": pairs})
