"""framing.report on the seed corpus: sections, anchors, self-containment, files, options."""
from __future__ import annotations

import re

import pytest

import framing
from framing.errors import FramingError


@pytest.fixture(scope="module")
def seed_html(seed_analysis):
    return framing.report(seed_analysis)


def test_report_is_callable_and_returns_html(seed_html):
    assert seed_html.startswith("<!DOCTYPE html>")
    for sec in ("summary", "outlets", "stories", "articles", "methodology"):
        assert f'id="{sec}"' in seed_html
    for outlet in ("RT", "MENAFN", "Al Jazeera", "Asian Lite News", "The Epoch Times"):
        assert outlet in seed_html
    assert f"framing {framing.__version__}" in seed_html


def test_every_toc_link_has_a_target(seed_html):
    ids = set(re.findall(r'\bid="([^"]+)"', seed_html))
    hrefs = re.findall(r'href="#([^"]+)"', seed_html)
    assert len(hrefs) >= 5 + 5  # five sections and the five seed articles
    assert set(hrefs) <= ids


def test_self_contained_no_external_resources(seed_html):
    assert "<script" not in seed_html.lower()
    assert "<link" not in seed_html.lower()
    srcs = re.findall(r'\bsrc="([^"]*)"', seed_html)
    assert srcs and all(s.startswith("data:image/svg+xml;base64,") for s in srcs)
    assert "@import" not in seed_html and "url(" not in seed_html.split("</style>")[0]


def test_each_article_shows_its_whole_text(seed_analysis, seed_html):
    import html as h

    plain = h.unescape(re.sub(r"<[^>]+>", "", seed_html))
    for ex in seed_analysis.extractions:
        # a long stretch of every page appears verbatim (escaped in the HTML, unescaped here)
        mid = ex.text[len(ex.text) // 2: len(ex.text) // 2 + 200]
        assert mid in plain


def test_absent_sections_say_not_available(seed_analysis):
    a = framing.analyze([framing.Document("Short text with no metadata at all.", id="x")], families=[])
    out = framing.report(a, compare=False)
    assert "Distinctive terms: not available" in out
    assert "Stories: not available" in out


def test_report_is_deterministic(seed_analysis):
    assert framing.report(seed_analysis, title="T") == framing.report(seed_analysis, title="T")


def test_max_articles_caps_sections_and_says_so(seed_analysis):
    out = framing.report(seed_analysis, max_articles=2)
    assert out.count('<article class="article"') == 2
    assert "The first 2 of 5 articles are shown" in out


def test_writes_files(seed_analysis, tmp_path):
    res = framing.report(seed_analysis, tmp_path / "seeds.html", formats="html,csv,json".split(","))
    assert res["html"] == tmp_path / "seeds.html" and res["html"].stat().st_size > 10_000
    assert (tmp_path / "tables" / "documents.csv").exists()
    assert "tables/documents.json" in res


def test_unknown_format_is_an_error(seed_analysis):
    with pytest.raises(FramingError) as ei:
        framing.report(seed_analysis, "x", formats=("docx",))
    assert ei.value.code == "E015"


def test_report_accepts_documents(tmp_path):
    out = framing.report([framing.Document("North Korea said it would back Russia.", outlet="RT", id="a")],
                         compare=False)
    assert "North Korea said it would back Russia." in out


def test_report_from_a_comparison_with_its_analysis(seed_analysis):
    comparison = framing.compare(seed_analysis)
    out = framing.report(comparison, analysis=seed_analysis, max_articles=1)
    from markupsafe import escape

    for note in comparison.notes[:2]:
        assert str(escape(note)) in out
    # a comparison carries its analysis; one built by hand without it needs analysis=
    assert framing.report(comparison, max_articles=1) == out
    comparison.analysis = None
    with pytest.raises(FramingError):
        framing.report(comparison)


def test_highlight_displays_itself_in_notebooks(seed_analysis):
    from framing.report import highlight

    ex = seed_analysis.extractions[0]
    shown = highlight(ex)._repr_html_()
    assert shown.startswith("<style>") and 'class="legend"' in shown and 'class="article-text"' in shown


def test_page_flags_and_boilerplate_are_marked_in_each_article(seed_analysis, seed_html):
    """Whatever the cleaner finds (duplicated paragraphs on MENAFN, spun text on the reworded copy,
    boilerplate blocks everywhere) is drawn in that article's section."""
    from framing.report.highlight import css_class
    from framing.types import ARTICLE_LABELS

    n_checked = 0
    for ex in seed_analysis.extractions:
        start = seed_html.index(f'<p class="meta">id {ex.document.id}')
        section = seed_html[start:seed_html.index("</article>", start)]
        for f in ex.cleaned.flags:
            if f.evidence:
                assert f'class="flag {css_class("flag", f.name)}"' in section
                n_checked += 1
        if any(b.label not in ARTICLE_LABELS for b in ex.cleaned.blocks):
            assert "blk-boiler" in section
            n_checked += 1
    assert n_checked >= 1
