"""Page cleaning: separate the article from page furniture, and read the page as evidence.

:func:`clean` takes a plain-text page dump (or a :class:`~framing.types.Document`,
whose ``html`` is used when present) and returns a
:class:`~framing.types.CleanedPage`. Stages:

1. **Coerce** the input (``str`` or ``Document``; HTML goes to :mod:`.html`).
2. **Split** the text into blocks (:func:`.blocks.split_blocks`), re-joining
   hard-wrapped lines (:func:`.blocks.reflow`).
3. **Label** every block with a reason (:func:`.labels.label_blocks`); the same pass
   over the blocks that finds template triggers finds the spin tells (:func:`.spin.scan_blocks`).
4. **Assemble** the body from the article blocks (headline, standfirst, body,
   caption; never duplicates) joined by a blank line, with ``segments``.
5. **Ratios** over block characters (white space excluded):
   ``boilerplate_ratio = chars(non-article blocks) / chars(all blocks)``,
   ``advert_ratio = chars(promo) / chars(all)``,
   ``duplicate_ratio = chars(duplicate) / chars(all)``; counts by label are
   ``CleanedPage.label_counts``.
6. **Flags**: ``repeated_paragraphs`` (:mod:`.duplicates`, with the block keys stage 3
   computed) and ``spun_text`` (:mod:`.spin`, with the tells of the article blocks).

Across documents, :func:`.syndication.find_copies` reports near-duplicates
(MinHash over word shingles) and the originating outlet where the text names it.
"""
from __future__ import annotations

from typing import Any

from ..errors import FramingError
from ..types import ARTICLE_LABELS, Block, CleanedPage, Document

__all__ = ["clean", "clean_text", "assemble", "looks_like_html"]

from .._callable import make_callable

make_callable(__name__, "framing.clean:clean")

#: Largest input handled (characters); the pipeline's own limit is 20 M.
MAX_CHARS = 50_000_000


def looks_like_html(text: str) -> bool:
    """True when ``text`` starts like an HTML document or fragment."""
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return head.startswith("<") and any(t in head for t in ("<body", "<div", "<p>", "<p ", "<head", "<article"))


def assemble(text: str, blocks: list[Block]) -> tuple[str, list[tuple[int, int, int]]]:
    """Stage 4: body = article blocks joined by ``"\\n\\n"``; segments map it to ``text``."""
    body, segs, *_ = _assemble_ratios(blocks)
    return body, segs


def _assemble_ratios(blocks: list[Block]) -> tuple[str, list[tuple[int, int, int]], tuple[float, float, float],
                                                     bool, bool]:
    """Stages 4 and 5 in one pass: :func:`assemble`'s body and segments, the character ratios
    (formulas in the module docstring), whether any block is an article block, and whether any
    is a duplicate other than a headline repeat (else :func:`.duplicates.repeated_paragraphs`
    has nothing to flag)."""
    parts: list[str] = []
    segs: list[tuple[int, int, int]] = []
    pos = total = art = promo = dup = 0
    other_dup = False
    for b in blocks:
        t = b.text
        n = len(t.strip())
        total += n
        lab = b.label
        if lab in ARTICLE_LABELS:
            art += n
            if parts:
                parts.append("\n\n")
                pos += 2
            parts.append(t)
            ln = b.end - b.start
            segs.append((pos, b.start, ln))
            pos += ln
        elif lab == "promo":
            promo += n
        elif lab == "duplicate":
            dup += n
            if not other_dup and not b.reason.startswith("repeat of the headline"):
                other_dup = True
    ratios = ((total - art) / total, promo / total, dup / total) if total else (0.0, 0.0, 0.0)
    return "".join(parts), segs, ratios, bool(segs), other_dup


def clean_text(text: str, *, title: str | None = None, flags: bool = True,
               params: Any = None, metadata: dict[str, Any] | None = None) -> CleanedPage:
    """Clean a plain-text page dump (stages 2-6)."""
    raws = _reflow(text, _split_blocks(text))  # 2.
    blocks, head, keys, tells = _label_blocks_keyed(raws, title=title, params=params or _DEFAULT_PARAMS,
                                                    tells=flags)  # 3. (and the spin tells of every block)
    body, segs, (boil, adv, dup), has_article, other_dup = _assemble_ratios(blocks)  # 4. and 5.
    page = CleanedPage(text=text, body=body, blocks=blocks, segments=segs, boilerplate_ratio=boil,
                       advert_ratio=adv, duplicate_ratio=dup,
                       title=blocks[head].text if head is not None else None,
                       metadata=dict(metadata or {}))
    if flags:  # 6.
        hits = None
        if tells is not None:  # the tells of the article blocks, in page offsets
            hits = [_SpinHit(b.start + s, b.start + e, b.text[s:e], orig, w)
                    for b, found in zip(blocks, tells) if found and b.label in ARTICLE_LABELS
                    for s, e, orig, w in found] if any(tells) else []
            hits.sort()
        for f in (_repeated_paragraphs(page, keys=keys) if other_dup else None, _spun_text(page, hits=hits)):
            if f is not None:
                page.flags.append(f)
    if not has_article:
        page.metadata["no_article"] = True
    return page


def clean(text_or_document: Document | str, *, flags: bool = True, html: bool | None = None,
          **options: Any) -> CleanedPage:
    """Clean one page: label its blocks, extract the article body, compute ratios and flags.

    ``text_or_document`` is a ``str`` (plain text, or HTML when it looks like
    HTML) or a :class:`Document` (its ``html`` is used when set). ``html``
    forces or forbids the HTML path. Options: ``title`` (the known headline),
    ``params`` (a :class:`.labels.Params`).
    """
    # 1. coerce
    if isinstance(text_or_document, Document):
        doc = text_or_document
        text, markup = doc.text, doc.html
        title = options.pop("title", None) or doc.title
    elif isinstance(text_or_document, str):
        doc = None
        text, markup = text_or_document, None
        title = options.pop("title", None)
    else:
        raise TypeError(f"clean() takes a str or a framing.Document, not {type(text_or_document).__name__}")
    unknown = set(options) - {"params"}
    if unknown:
        raise FramingError("E015", f"unknown clean() option(s): {', '.join(sorted(unknown))}")
    if len(text) > MAX_CHARS or (markup is not None and len(markup) > MAX_CHARS):
        raise FramingError("E010", f"page has over {MAX_CHARS:,} characters")
    if html is None:
        use_html = bool(markup) or (doc is None and looks_like_html(text))
    else:
        use_html = html
    if use_html:
        from .html import clean_html

        if markup is None:
            markup, text = text, ""
        return clean_html(markup, text=text or None, title=title, flags=flags, params=options.get("params"))
    return clean_text(text, title=title, flags=flags, params=options.get("params"))


# the stages clean_text runs, imported once here rather than on every call (after the definitions
# above, which the submodules do not need)
from .blocks import reflow as _reflow, split_blocks as _split_blocks  # noqa: E402
from .duplicates import repeated_paragraphs as _repeated_paragraphs  # noqa: E402
from .labels import DEFAULT_PARAMS as _DEFAULT_PARAMS, label_blocks_keyed as _label_blocks_keyed  # noqa: E402
from .spin import SpinHit as _SpinHit, spun_text as _spun_text  # noqa: E402
