"""Fuzz the quote finder: quotes are ordered, inside the text, marks included, content exact."""
from __future__ import annotations

from fuzz_helpers import any_text
from hypothesis import given
from hypothesis import strategies as st

from framing.extract.quotes import find_quotes


@given(text=any_text, max_len=st.sampled_from([5000, 50, 3]))
def test_quotes_index_the_text(text, max_len):
    qs = find_quotes(text, max_len=max_len)
    prev_end = 0
    for q in qs:
        assert 0 <= q.start <= q.content_start <= q.content_end <= q.end <= len(text), q
        assert text[q.content_start:q.content_end] == q.text, q
        assert q.text.strip(), q  # never an empty quotation
        assert q.start >= prev_end, (q, prev_end)  # ordered, not overlapping
        prev_end = q.end


@given(st.lists(st.sampled_from(['"', "“", "”", "«", "»", "'", "‘", "’", "„", "``", "''", " ", "\n", "\n\n", "said",
                                 "Kim", ",", "."]), max_size=60).map("".join))
def test_quotes_on_mark_soup(text):
    for q in find_quotes(text):
        assert text[q.content_start:q.content_end] == q.text
