"""Fuzz :func:`framing.clean`: blocks index the text and do not overlap, segments map the body
back exactly, ratios lie in [0, 1], and flag spans index the text; only FramingError may escape."""
from __future__ import annotations

from fuzz_helpers import any_text, check_page, hostile_text
from hypothesis import given
from hypothesis import strategies as st

import framing
from framing.errors import FramingError
from framing.types import ARTICLE_LABELS, Document


@given(text=any_text)
def test_clean_text_invariants(text):
    try:
        page = framing.clean(text, html=False)
    except FramingError:
        return
    assert page.text == text
    check_page(page)
    # every article block's text is in the body, in order
    pos = 0
    for b in sorted(page.blocks, key=lambda b: b.start):
        if b.label in ARTICLE_LABELS:
            k = page.body.find(b.text, pos)
            assert k >= 0, b
            pos = k + len(b.text)


@given(text=hostile_text, title=st.one_of(st.none(), hostile_text))
def test_clean_body_spans_map_back(text, title):
    try:
        page = framing.clean(text, html=False, title=title)
    except FramingError:
        return
    for s in range(0, len(page.body) + 1, max(1, len(page.body) // 7)):
        ts, te, t = page.to_text_span(s, min(len(page.body), s + 5))
        assert page.text[ts:te] == t


_tag = st.sampled_from(["p", "div", "span", "h1", "article", "script", "style", "a", "li", "br", "table", "td",
                        "noscript", "iframe", "nav", "footer"])


@st.composite
def html_soup(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(_tag)}>")
        elif kind == 1:
            parts.append(f"</{draw(_tag)}>")
        elif kind == 2:
            parts.append(draw(hostile_text).replace("\x00", ""))
        else:
            parts.append(f'<{draw(_tag)} class="{draw(st.text(max_size=20))}">')
    return "<html><body>" + "".join(parts)


@given(markup=html_soup())
def test_clean_html_documents(markup):
    from framing.corpus.readers import html_to_text

    try:
        text = html_to_text(markup)
        page = framing.clean(Document(text=text, html=markup, id="h"))
    except FramingError:
        return
    check_page(page)
    # evidence must index the Document text: the page's text is what to_text_span slices
    ex = framing.extract(Document(text=text, html=markup, id="h"))
    from fuzz_helpers import check_extraction

    check_extraction(ex)
