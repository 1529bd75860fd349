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


def _boundary_offsets(page):
    out = {0, len(page.body)}
    for bs, _, ln in page.segments:
        for o in (bs, bs + ln):
            out.update(x for x in range(o - 2, o + 3) if 0 <= x <= len(page.body))
    return sorted(out)


def test_span_mapper_equals_to_text_span_at_every_segment_edge():
    from framing.types import CleanedPage

    # segments with joiners, adjacent segments (no joiner: an edge offset belongs to two) and a
    # zero-length one, beside the seed pages
    text = "NAV aaa bbb FOOT ccc ddd eee"
    made = [CleanedPage(text=text, body="aaa bbb\n\ncccddd eee", blocks=[],
                        segments=[(0, 4, 7), (9, 17, 3), (12, 21, 0), (12, 21, 7)])]
    n = 0
    for page in PAGES + made:
        mapper = page.span_mapper()
        offs = _boundary_offsets(page)
        for s in offs:
            for e in offs:
                if e >= s:
                    assert mapper(s, e) == page.to_text_span(s, e), (s, e)
                    n += 1
    assert n > 10_000


class _Item:
    def __init__(self, start, end, text):
        self.start, self.end, self.text = start, end, text


def test_map_in_place_equals_to_text_span_at_every_segment_edge():
    """The array mapping of the pipeline gives every item what to_text_span gives, whether it
    skips the item (offsets kept, verbatim segment) or rewrites it; a page whose body is not a
    verbatim copy of its segments (a cleaner that normalised a character) has every text rewritten."""
    from framing.types import CleanedPage

    text = "NAV aaa bbb FOOT ccc ddd eee"
    made = [CleanedPage(text=text, body="aaa bbb\n\ncccddd eee", blocks=[],
                        segments=[(0, 4, 7), (9, 17, 3), (12, 21, 0), (12, 21, 7)]),
            # offsets kept (a page with furniture at the end only), one joiner unlike the text's
            CleanedPage(text="aaa bbb \nccc ddd FOOT", body="aaa bbb\n\nccc ddd", blocks=[],
                        segments=[(0, 0, 7), (9, 9, 7)]),
            # not verbatim: the body's second character differs from the text's
            CleanedPage(text="a\u00a0b c", body="a b c", blocks=[], segments=[(0, 0, 5)]),
            CleanedPage(text="nothing kept", body="", blocks=[], segments=[])]
    n = skipped = 0
    for page in PAGES + made:
        offs = _boundary_offsets(page)
        items = [_Item(s, e, page.body[s:e]) for s in offs for e in offs if e >= s]
        before = [(x.start, x.end, x.text) for x in items]
        ids = [id(x.text) for x in items]
        page.map_in_place(items + items[:3])  # an item listed twice is mapped once
        for (s, e, _), x, i in zip(before, items, ids):
            assert (x.start, x.end, x.text) == page.to_text_span(s, e), (s, e)
            skipped += id(x.text) == i
        n += len(items)
    assert n > 10_000 and skipped > 300  # both paths ran
    page = made[2]
    item = _Item(0, 3, "a b")
    page.map_in_place([item])
    assert item.text == "a\u00a0b"


def test_extraction_to_dict_writes_each_evidence_and_attribution_as_its_own_to_dict():
    """Extraction.to_dict builds the evidence dicts inline (speed): they must stay what
    Evidence.to_dict gives, attributes included, and attribution spans what Span._asdict gives."""
    import framing

    ex = framing.extract(SEEDS[0].read_text(encoding="utf-8"))
    d = ex.to_dict()
    assert ex.evidence and ex.attributions
    assert d["evidence"] == [e.to_dict() for e in ex.evidence]
    assert [list(x) for x in d["evidence"]] == [list(e.to_dict()) for e in ex.evidence]  # key order too
    for a, got in zip(ex.attributions, d["attributions"]):
        for k in ("content", "speaker", "cue"):
            sp = getattr(a, k)
            assert got[k] == (None if sp is None else sp._asdict())

