"""Fuzz every registered extractor family (and the whole pipeline) with hostile Unicode.

For any text each family either returns or raises the toolkit's own FramingError; its
features are finite floats; every evidence and attribution span satisfies
``text[start:end] == text`` of the span, in the body (``ctx.text``) for the family and
in the text as given for :func:`framing.extract`.
"""
from __future__ import annotations

import math

import pytest
from fuzz_helpers import any_text, check_extraction, check_span, hostile_text
from hypothesis import given
from hypothesis import strategies as st

import framing
from framing.errors import FramingError
from framing.extract.registry import Context, get, registered
from framing.types import Document

FAMILIES = registered()


def test_families_are_registered():
    # the fuzz below iterates the registry: an empty one would make it vacuous
    assert len(FAMILIES) >= 2, FAMILIES


def _run_family(name: str, text: str, *, document=None):
    ctx = Context(text, document=document or Document(text=text))
    # families may read earlier families' results: run the ones before it first, as the pipeline does
    for prev in FAMILIES[: FAMILIES.index(name)]:
        try:
            ctx.results[prev] = get(prev).fn(ctx)
        except FramingError:
            pass
    try:
        return get(name).fn(ctx)
    except FramingError:
        return None


@pytest.mark.parametrize("family", FAMILIES)
@given(text=any_text)
def test_family_returns_finite_features_and_exact_spans(family, text):
    res = _run_family(family, text)
    if res is None:
        return
    for k, v in res.features.items():
        f = float(v)
        assert math.isfinite(f), (family, k, v)
    if res.text_coords:
        return  # checked through the pipeline below (they index the page text)
    for e in res.evidence:
        check_span(text, e.start, e.end, e.text, f"{family} evidence {e.label}")
    for a in res.attributions:
        for sp in a.spans():
            check_span(text, sp.start, sp.end, sp.text, f"{family} attribution")


@given(text=any_text, clean=st.booleans())
def test_extract_holds_its_invariants(text, clean):
    try:
        ex = framing.extract(text, clean=clean)
    except FramingError:
        return
    check_extraction(ex)
    # a family that crashed on this text is a bug, not an acceptable outcome
    assert not [e for e in ex.errors if e["code"] == "E012"], ex.errors


@given(text=hostile_text, title=st.one_of(st.none(), hostile_text), outlet=st.one_of(st.none(), hostile_text),
       url=st.one_of(st.none(), st.text(max_size=60)))
def test_extract_document_with_hostile_metadata(text, title, outlet, url):
    doc = Document(text=text, title=title, outlet=outlet, url=url, id="x")
    try:
        ex = framing.extract(doc)
    except FramingError:
        return
    check_extraction(ex)
    assert not [e for e in ex.errors if e["code"] == "E012"], ex.errors
