"""HTML input: trafilatura for the main content and metadata, the block rules for the rest.

Stages:

1. **Parse** the markup with lxml (recovering parser; a page it cannot parse
   raises ``FramingError("E013")``).
2. **Render** the page to text, one block element a line (:func:`render_text`),
   unless the caller gives the text (``Document.text``): block offsets index it.
3. **Main content**: ``trafilatura.bare_extraction`` (Barbaresi 2021,
   *Trafilatura: A web scraping library and command-line tool for text
   discovery and extraction*, ACL demos) gives the article text, title, author,
   date and site name.
4. **Label**: the same rules as plain text (:func:`.labels.label_blocks`) label
   every block; then blocks whose words are part of trafilatura's main content
   become ``body`` (or ``headline`` for the title) unless a template phrase
   marks them as chrome, and article-like blocks outside the main content
   become ``related`` or ``navigation``. When trafilatura finds nothing, the
   rules alone decide. Ratios therefore mean the same as for plain text.
"""
from __future__ import annotations

from typing import Any

from ..errors import FramingError
from ..types import ARTICLE_LABELS, Block, CleanedPage

__all__ = ["render_text", "clean_html"]

#: Largest markup given to trafilatura (characters); bigger pages use the rules only
#: (trafilatura needs about 20 ms per 100 KB; this bounds it to a few seconds).
MAX_TRAFILATURA = 5_000_000


def _parse(markup: str):
    import lxml.etree
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True, encoding="utf-8")
        root = lxml.html.document_fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise FramingError("E013", f"HTML could not be parsed: {exc}") from exc
    if root is None:
        raise FramingError("E013", "HTML could not be parsed: empty document")
    return root


def render_text(markup: str) -> str:
    """The visible text of an HTML page, one block element a line.

    The same rendering the readers use (:func:`framing.corpus.readers.html_to_text`:
    iterative, any nesting depth, a linear tag-stripping fallback), so block offsets
    and ratios mean the same whichever way the HTML arrived.
    """
    from ..corpus.readers import html_to_text

    return html_to_text(markup)


def _main_content(markup: str) -> dict[str, Any] | None:
    import trafilatura

    if len(markup) > MAX_TRAFILATURA:
        return None
    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                          include_tables=True)
    except Exception:  # trafilatura failing on odd markup leaves the rules to decide
        return None
    if doc is None:
        return None
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    text = get("text") or ""
    if not text.strip():
        return None
    return {"text": text, "title": get("title"), "author": get("author"), "date": get("date"),
            "sitename": get("sitename"), "url": get("url")}


def clean_html(markup: str, *, text: str | None = None, title: str | None = None, flags: bool = True,
               params: Any = None) -> CleanedPage:
    """Clean an HTML page (stages in the module docstring).

    ``text`` is the page text blocks index (``Document.text`` when a reader
    set it); by default the page is rendered here and that rendering is
    ``CleanedPage.text``.
    """
    from . import _assemble_ratios, clean_text
    from .labels import block_key

    _parse(markup)  # 1. (raises E013 on markup lxml cannot read at all)
    if text is None or not text.strip():  # 2.
        text = render_text(markup)
    main = _main_content(markup)  # 3.
    title = title or (main or {}).get("title")
    page = clean_text(text, title=title, flags=False, params=params)  # 4. rules first
    page.metadata["input"] = "html"
    if main is None:
        page.metadata["main_content"] = "rules (trafilatura found no main content)"
    else:
        page.metadata["main_content"] = "trafilatura"
        page.metadata.update({k: v for k, v in main.items() if k != "text" and v})
        keys = {block_key(ln) for ln in main["text"].split("\n") if ln.strip()}
        whole = " ".join(block_key(main["text"]).split()) if len(main["text"]) < 1_000_000 else ""
        tkey = block_key(title) if title else ""
        blocks: list[Block] = []
        for b in page.blocks:
            key = block_key(b.text)
            inside = key in keys or (len(key) >= 40 and key in whole)
            label, reason = b.label, b.reason
            if inside and label not in ARTICLE_LABELS and not reason.startswith("template phrase"):
                label, reason = "body", "in trafilatura's main content"
            elif inside and label in ARTICLE_LABELS:
                reason = f"in trafilatura's main content; {reason}" if reason else "in trafilatura's main content"
            elif not inside and label in ("body", "standfirst", "caption"):
                label = "related" if b.score > 0 else "navigation"
                reason = "outside trafilatura's main content"
            if tkey and key == tkey and label in ("body", "navigation", "related", "duplicate"):
                label, reason = "headline", "the page title (trafilatura metadata)"
            blocks.append(Block(b.start, b.end, label, b.text, reason, b.score))
        # one headline: keep the first
        seen_head = False
        for b in blocks:
            if b.label == "headline":
                if seen_head:
                    b.label, b.reason = "duplicate", "repeat of the headline"
                seen_head = True
        page.blocks = blocks
        page.body, page.segments, ratios, *_ = _assemble_ratios(blocks)
        heads = [b.text for b in blocks if b.label == "headline"]
        page.title = heads[0] if heads else page.title
        page.boilerplate_ratio, page.advert_ratio, page.duplicate_ratio = ratios
    if flags:
        from .duplicates import repeated_paragraphs
        from .spin import spun_text

        for fn in (repeated_paragraphs, spun_text):
            f = fn(page)
            if f is not None:
                page.flags.append(f)
    return page
