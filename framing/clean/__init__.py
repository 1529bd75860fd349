"""Page cleaning: separate the article from page furniture.

Placeholder until the block labeller lands: the whole text is the body and
every ratio is zero. It does not pretend otherwise (``flags`` carries
``"uncleaned"``).
"""
from __future__ import annotations

from ..types import Block, CleanedPage, Document, Flag

__all__ = ["clean"]

from .._callable import make_callable

make_callable(__name__, "framing.clean:clean")


def clean(text_or_document, **options) -> CleanedPage:
    doc = text_or_document if isinstance(text_or_document, Document) else None
    text = doc.text if doc is not None else text_or_document
    if not isinstance(text, str):
        raise TypeError("clean() takes a str or a framing.Document")
    blocks = [Block(0, len(text), "body", text, reason="no cleaning yet")] if text.strip() else []
    return CleanedPage(text=text, body=text, blocks=blocks, segments=[(0, 0, len(text))],
                       flags=[Flag("uncleaned", 1.0)])
