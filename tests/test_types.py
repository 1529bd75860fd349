"""Contract types: the span mapping between a cleaned body and the page text."""
from pathlib import Path

from hypothesis import given, settings, strategies as st

from framing.clean import clean

SEEDS = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))
PAGES = [clean(p.read_text(encoding="utf-8")) for p in SEEDS]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(PAGES) - 1), st.floats(0, 1), st.floats(0, 1))
def test_span_mapper_equals_to_text_span_on_seed_pages(i, a, b):
    page = PAGES[i]
    n = len(page.body)
    s, e = sorted((int(a * n), int(b * n)))
    assert page.span_mapper()(s, e) == page.to_text_span(s, e)


def test_span_mapper_maps_body_words_to_the_same_words_in_the_page():
    page = PAGES[0]
    mapper = page.span_mapper()
    assert len(page.segments) > 1  # the seed page has furniture between body blocks
    for word in ("Kim", "Russia"):
        s = page.body.find(word)
        assert s >= 0
        ts, te, t = mapper(s, s + len(word))
        assert t == word == page.text[ts:te]
