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
