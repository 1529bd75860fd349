import math

import pytest

import framing
from framing import Document
from framing.errors import LimitError
from framing.extract import registry
from framing.extract.registry import FamilyResult, register
from framing.types import Evidence


def test_extract_accepts_text_and_document(seed_texts):
    ex = framing.extract(seed_texts["002"])
    assert ex.text == seed_texts["002"]
    ex2 = framing.extract(Document(text=seed_texts["002"], id="rt"))
    assert ex2.document.id == "rt" and ex2.features["doc.words"] > 0


def test_every_evidence_span_indexes_the_text_as_given(seed_texts):
    for text in seed_texts.values():
        ex = framing.extract(text)
        for e in ex.evidence:
            assert text[e.start:e.end] == e.text
        for a in ex.attributions:
            for sp in a.spans() + list(a.attrs.get("content_parts") or []):
                assert text[sp.start:sp.end] == sp.text
        assert all(math.isfinite(v) for v in ex.features.values())
    # seed 002 has page furniture before a multi-part quotation: its parts must be mapped too
    ex = framing.extract(seed_texts["002"])
    assert any(len(a.attrs.get("content_parts") or []) > 1 for a in ex.attributions)


def test_outlet_resolved_from_page_text(seed_texts):
    ex = framing.extract(seed_texts["002"])
    assert ex.document.outlet == "RT"
    assert ex.document.extra["outlet_resolved_from"] == "text:By Russia Today"
    assert ex.document.extra["outlet_type"] == "state_media"


def test_a_failing_extractor_is_isolated(seed_texts):
    @register("boom", order=1)
    def boom(ctx):
        raise RuntimeError("kaput")

    try:
        ex = framing.extract(seed_texts["004"])
        assert ex.errors == [{"family": "boom", "code": "E012", "message": "RuntimeError: kaput"}]
        assert ex.features["doc.words"] > 0
    finally:
        registry.unregister("boom")


def test_registered_extractor_offsets_are_mapped_back_from_the_body(seed_texts):
    @register("kiev_probe", order=999)
    def probe(ctx):
        i = ctx.text.find("Kiev")
        ev = [Evidence("probe", "kiev", i, i + 4, ctx.text[i:i + 4])] if i >= 0 else []
        return FamilyResult({"found": float(i >= 0)}, ev)

    try:
        text = seed_texts["002"]
        ex = framing.extract(text, families=["kiev_probe"])
        (e,) = ex.evidence
        assert text[e.start:e.end] == "Kiev" and e.start == text.find("Kiev")
        assert ex.features["kiev_probe.found"] == 1.0
    finally:
        registry.unregister("kiev_probe")


def test_size_limit_raises_coded_error():
    with pytest.raises(LimitError) as ei:
        framing.extract("word " * 100, limits={"max_chars": 50})
    assert ei.value.code == "E010"


def test_analyze_gives_tidy_frames_and_records_failures(seeds_dir, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine text here."}\n{nope\n', encoding="utf-8")
    an = framing.analyze(framing.read(seeds_dir, bad, on_error="yield"))
    assert len(an.documents) == 6
    assert list(an.documents["outlet"][:5]) == ["The Epoch Times", "MENAFN", "RT", "Al Jazeera", "Asian Lite News"]
    assert list(an.errors["code"]) == ["E005"]
    assert set(an.evidence.columns) >= {"doc_id", "family", "label", "start", "end", "text"}
    assert "doc.words" in an.feature_names and "outlet" not in an.feature_names
    assert "<b>framing.Analysis</b>" in an._repr_html_()


def test_public_api_names():
    for name in ("read", "Document", "clean", "extract", "analyze", "compare", "report", "__version__"):
        assert hasattr(framing, name)
    assert callable(framing.clean) and callable(framing.extract)


def test_feature_values_are_finite_floats_whatever_a_family_returns():
    """Finite floats pass as they are; inf, nan, numpy scalars, ints, bools and junk are coerced
    (non-finite and unconvertible to 0.0), also when every value is a float but one is not finite
    or their sum overflows."""
    import numpy as np

    from framing.extract import registry

    @registry.register("zz_values", order=998)
    def _values(ctx):
        return registry.FamilyResult(features={"a": 1.5, "b": float("inf"), "c": float("nan"), "d": np.float64(2.5),
                                               "e": 3, "f": True, "g": "x", "h": -0.0})

    @registry.register("zz_floats", order=999)
    def _floats(ctx):
        return registry.FamilyResult(features={"big": 1e308, "big2": 1e308, "neg": -2.0})

    @registry.register("zz_nonfinite", order=1000)
    def _nonfinite(ctx):
        return registry.FamilyResult(features={"x": 1.0, "y": float("-inf")})

    try:
        f = framing.extract("The minister said on Monday that the talks would resume.").features
    finally:
        for name in ("zz_values", "zz_floats", "zz_nonfinite"):
            registry.unregister(name)
    got = {k: v for k, v in f.items() if k.startswith("zz_")}
    assert got == {"zz_values.a": 1.5, "zz_values.b": 0.0, "zz_values.c": 0.0, "zz_values.d": 2.5, "zz_values.e": 3.0,
                   "zz_values.f": 1.0, "zz_values.g": 0.0, "zz_values.h": -0.0, "zz_floats.big": 1e308,
                   "zz_floats.big2": 1e308, "zz_floats.neg": -2.0, "zz_nonfinite.x": 1.0, "zz_nonfinite.y": 0.0}
    assert all(type(v) is float for v in got.values())
    assert list(got)[:3] == ["zz_values.a", "zz_values.b", "zz_values.c"]


def test_feature_names_are_right_when_a_family_changes_its_names(seed_texts):
    """The prefixed names kept per family (pipeline._PREFIXED) follow a family whose feature names
    differ from one document to the next (attribution's quoted_words.<country>.share): for each
    seed in turn, the features are the family's own, prefixed."""
    from framing.extract.registry import Context, get
    from framing.pipeline import extract

    names = set()
    for text in [*seed_texts.values(), *reversed(seed_texts.values())]:
        got = extract(text, clean=False, families=["attribution"]).features
        own = get("attribution").fn(Context(text)).features
        assert got == {"doc.words": got["doc.words"], "doc.chars": float(len(text)),
                       **{f"attribution.{k}": v for k, v in own.items()}}
        names.add(tuple(own))
    assert len(names) > 1  # the names did change between documents
