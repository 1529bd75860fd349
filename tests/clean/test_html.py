"""HTML input: trafilatura main content plus the block rules, bad markup handled."""
from __future__ import annotations

import pytest

from framing.clean import clean, looks_like_html
from framing.clean.html import render_text
from framing.errors import FramingError
from framing.types import Document

PARAS = [
    "North Korea's top diplomat said on Friday her country would stand by Russia until its victory in "
    "Ukraine, as Western governments warned that North Korean troops were moving towards the front.",
    "Foreign Minister Choe Son-hui made the remarks at talks in Moscow with her Russian counterpart Sergei "
    "Lavrov, according to a transcript released by the Russian foreign ministry.",
    "Lavrov praised what he called very close ties between the militaries of the two countries, but did "
    "not address reports that North Korean soldiers had been sent to Russia.",
    "Moscow and Pyongyang signed a mutual defence pact in June, which the Russian parliament ratified "
    "last week, and which obliges each side to help the other if attacked.",
]
HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>North Korea pledges support for Russia | Wire"
    "</title><script>var ad = 1;</script></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li><li><a>Subscribe</a></li></ul></nav>"
    "<article><h1>North Korea pledges support for Russia</h1><p class='byline'>By Staff Reporter</p>"
    + "".join(f"<p>{p}</p>" for p in PARAS[:2])
    + "<div class='ad'>Advertisement</div>"
    + "".join(f"<p>{p}</p>" for p in PARAS[2:])
    + "</article><aside><h3>Related Articles</h3><ul><li><a>South Korea summons Russian ambassador</a></li>"
    "<li><a>Oil prices rise as tensions linger</a></li></ul></aside>"
    "<footer><p>© 2024 Wire Agency. All rights reserved.</p><a>Privacy Policy</a></footer></body></html>"
)


def test_render_text_one_block_a_line():
    text = render_text(HTML)
    assert "var ad" not in text
    assert "North Korea pledges support for Russia" in text.split("\n")
    assert PARAS[0] in text.split("\n")
    assert "© 2024 Wire Agency. All rights reserved." in text


def test_html_string_and_document_give_the_article():
    for inp in (HTML, Document(text="", html=HTML)):
        page = clean(inp)
        assert page.metadata["input"] == "html" and page.metadata["main_content"] == "trafilatura"
        assert page.title == "North Korea pledges support for Russia"
        for p in PARAS:
            assert p in page.body
        for junk in ("Advertisement", "Related Articles", "South Korea summons", "All rights reserved",
                     "Subscribe", "By Staff Reporter"):
            assert junk not in page.body
        labels = {b.text: b.label for b in page.blocks}
        assert labels["Advertisement"] == "promo"
        assert labels["Related Articles"] == "related"
        assert labels["© 2024 Wire Agency. All rights reserved."] == "legal"
        for b in page.blocks:
            assert page.text[b.start:b.end] == b.text
        assert 0 < page.boilerplate_ratio < 0.5 and page.advert_ratio > 0


def test_document_text_is_what_blocks_index():
    given = render_text(HTML)
    page = clean(Document(text=given, html=HTML))
    assert page.text is given


def test_looks_like_html():
    assert looks_like_html(HTML) and looks_like_html("<div><p>x</p></div>")
    assert not looks_like_html("North Korea <3 Russia, says the headline")


@pytest.mark.parametrize("markup", [
    "<div>" * 100_000 + "deep text survives" + "</div>" * 100_000,
    "<p><b><i>unclosed <table><tr><td>cell text " * 2000,
    "<html></html>",
    "<<<<" * 100_000,
])
def test_malformed_or_deep_markup_is_handled(markup):
    page = clean(markup, html=True)
    assert all(page.text[b.start:b.end] == b.text for b in page.blocks)
    if "deep text" in markup:
        assert "deep text survives" in page.text


def test_unparseable_markup_is_a_clear_error():
    for markup in ("", "   "):
        with pytest.raises(FramingError) as exc:
            clean(markup, html=True)
        assert exc.value.code == "E013"
