"""Highlighting: nested and overlapping spans give well-formed, escaped HTML whose
text is exactly the article text, with every span's text inside its mark."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.report.highlight import Mark, css_class, highlight, highlight_html
from framing.types import Attribution, Block, CleanedPage, Document, Evidence, Extraction, Flag, Span

from report_helpers import SEEDS

RT = (SEEDS / "002_2dd32ae2d3f8e5a3.txt").read_text(encoding="utf-8")


class Collect(HTMLParser):
    """Rebuild the text and, for each class, the text inside elements carrying it; check nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[set[str]] = []
        self.text: list[str] = []
        self.by_class: dict[str, list[str]] = {}
        self.tags: list[str] = []
        self.balanced = True
        self.attr_names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attr_names |= {k for k, _ in attrs}
        self.stack.append(set((dict(attrs).get("class") or "").split()))

    def handle_endtag(self, tag):
        if not self.stack:
            self.balanced = False
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for cls in set().union(*self.stack) if self.stack else ():
            self.by_class.setdefault(cls, []).append(data)


def parse(h: str) -> Collect:
    c = Collect()
    c.feed(h)
    c.close()
    return c


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def rt_extraction() -> Extraction:
    """The RT seed with a loaded word inside a quote inside a body block, and a flag cutting the quote."""
    text = RT
    q0, q1 = _span(text, "gave us an order to firmly and powerfully support and assist the Russian army and the "
                         "Russian people in their holy war.")
    w0, w1 = _span(text, "holy war", q0)
    s0, s1 = _span(text, "Kim Jong-un")
    c0, c1 = _span(text, "noted")
    p0, p1 = _span(text, "Speaking at a meeting")
    para_end = text.index("\n", p0)
    kiev = _span(text, "Kiev")
    flag0 = _span(text, "firmly and powerfully")[0]
    h1 = text.index("\n")
    b0 = text.index("By Russia Today")
    b1 = text.index("\n", b0)
    blocks = [Block(0, h1, "headline", text[0:h1]),
              Block(b0, b1, "byline", text[b0:b1]),
              Block(p0, para_end, "body", text[p0:para_end])]
    page = CleanedPage(text=text, body=text[p0:para_end], blocks=blocks, segments=[(0, p0, para_end - p0)],
                       flags=[Flag("spun_text", 0.8, [Span(flag0, para_end, text[flag0:para_end])])])
    ev = [Evidence("loaded", "religious", w0, w1, text[w0:w1], voice="quoted"),
          Evidence("term_choice", "kiev", kiev[0], kiev[1], text[kiev[0]:kiev[1]], attrs={"preferred": "Kyiv"})]
    at = [Attribution(Span(q0, q1, text[q0:q1]), Span(s0, s1, text[s0:s1]), Span(c0, c1, text[c0:c1]),
                      "direct", "neutral", "official", "Choe Son-hui")]
    return Extraction(text, {"loaded.per_1k": 1.0}, ev, at, cleaned=page, document=Document(text, id="rt"))


def test_nested_spans_are_well_formed_and_cover_their_text():
    ex = rt_extraction()
    hl = highlight(ex)
    c = parse(hl.html)
    assert c.balanced and not c.stack
    assert "".join(c.text) == RT  # the text, exactly, once
    # the loaded word sits inside the quote, inside the body block and partly inside the flag
    assert "".join(c.by_class["ev-loaded"]) == "holy war"
    assert "".join(c.by_class["q"]) == ex.attributions[0].content.text
    assert "".join(c.by_class["spk"]) == "Kim Jong-un"
    assert "".join(c.by_class["cue"]) == "noted"
    assert "".join(c.by_class["ev-term-choice"]) == "Kiev"
    assert "".join(c.by_class["blk-byline"]).startswith("By Russia Today")
    assert "".join(c.by_class["flag-spun-text"]) == ex.cleaned.flags[0].evidence[0].text
    # nesting order: the loaded word's span is opened after (inside) the quote's and the block's
    i = hl.html.index("holy war")
    assert "ev-loaded" in hl.html[hl.html.rfind("<span", 0, i):i]
    assert hl.html.rfind('class="q ', 0, i) > hl.html.rfind('class="blk ', 0, i)
    assert hl.counts == {"block": 3, "flag": 1, "quote": 1, "speaker": 1, "cue": 1, "evidence": 2}


def test_boilerplate_is_greyed_and_article_is_not():
    h = highlight(rt_extraction()).html
    c = parse(h)
    assert "".join(c.by_class["blk-boiler"]).startswith("By Russia Today")
    assert "Speaking at a meeting" in "".join(c.by_class["blk-article"])


def test_markup_in_text_and_labels_is_escaped():
    text = 'He wrote <script>alert(1)</script> and <img src="http://127.0.0.1:9/x"> "quoted" & more'
    s0, s1 = _span(text, "<script>alert(1)</script>")
    ev = [Evidence("loaded", 'x" onmouseover="alert(2)', s0, s1, text[s0:s1], voice="<b>outlet</b>")]
    ex = Extraction(text, {}, ev, document=Document(text))
    h = highlight(ex).html
    c = parse(h)
    assert set(c.tags) == {"span"} and c.attr_names <= {"class", "title"}
    assert "<script" not in h and "<img" not in h
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in h
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in h
    assert "".join(c.text) == text


def test_css_class_keeps_only_safe_characters():
    assert css_class("loaded", 'Fear/Anger" x') == "loaded-fear-anger-x"
    assert css_class("", None) == "x"


def test_marks_outside_the_text_are_dropped():
    assert highlight_html("abc", [Mark(2, 10, "evidence", ("ev",)), Mark(1, 2, "evidence", ("ev",))]) == \
        'a<span class="ev">b</span>c'


_chars = st.sampled_from(list("ab <>&\"'\n\u00e9\u201c"))


@settings(max_examples=200, deadline=None)
@given(st.text(_chars, min_size=0, max_size=40), st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["block", "flag", "quote", "cue", "evidence"])),
    max_size=8))
def test_any_overlap_gives_balanced_markup_and_the_same_text(text, spans):
    marks = [Mark(min(a, b), max(a, b), layer, (f"m{i}",)) for i, (a, b, layer) in enumerate(spans)]
    h = highlight_html(text, marks)
    c = parse(h)
    assert c.balanced and not c.stack
    assert "".join(c.text) == text
    for i, m in enumerate(marks):
        if 0 <= m.start < m.end <= len(text):
            assert "".join(c.by_class.get(f"m{i}", [])) == text[m.start:m.end]
