"""Term choice: which label for the same referent, in whose voice."""
from __future__ import annotations

import framing
from framing.extract.term_choice import feature_names, find_term_choices, slug


def _tc(text):
    ex = framing.extract(text, clean=False, families=["term_choice"])
    assert not ex.errors
    return ex, ex.evidence_for("term_choice")


def test_rt_kiev_and_ukraine_conflict_are_rts_choices(seed_texts):
    ex, evs = _tc(seed_texts["002"])
    kiev = [e for e in evs if e.label == "kyiv"]
    assert [(e.text, e.variant, e.stance, e.voice) for e in kiev] == [("Kiev", "Kiev", "russian_spelling", "outlet")]
    uc = [e for e in evs if e.label == "war_in_ukraine"]
    assert [(e.text, e.voice, e.stance) for e in uc] == [("Ukraine conflict", "outlet", "softening")]
    f = ex.features
    assert f["term_choice.kyiv.kiev.share"] == 1.0 and f["term_choice.kyiv.kyiv.count"] == 0
    assert f["term_choice.war_in_ukraine.ukraine_conflict.count"] == 1
    # "holy war" is Choe's word: the generic "war" there is quoted, RT itself says "the conflict"
    gen = {(e.text, e.voice) for e in evs if e.label == "armed_conflict"}
    assert gen == {("war", "quoted"), ("conflict", "outlet")}
    for e in evs:
        assert ex.text[e.start:e.end] == e.text


def test_asian_lite_dprk_quoted_and_war_efforts(seed_texts):
    ex, evs = _tc(seed_texts["004"])
    dprk = [e for e in evs if e.variant == "DPRK"]
    assert {e.voice for e in dprk} == {"outlet", "quoted"}  # headline standfirst vs KCNA's quote
    assert any(e.variant == "war in Ukraine" and e.voice == "outlet" for e in evs)  # "Russia's war"
    assert any(e.text == "Kyiv" for e in evs)


def test_menafn_uses_kiev(seed_texts):
    ex, _ = _tc(seed_texts["001"])
    assert ex.features["term_choice.kyiv.kiev.count"] == 2


def test_stable_feature_names(seed_texts):
    names = feature_names()
    assert "kyiv.kiev.share" in names and "immigrants_without_status.illegal_aliens.count" in names
    ex, _ = _tc(seed_texts["003"])
    got = {k[len("term_choice."):] for k in ex.features if k.startswith("term_choice.")}
    assert got == set(names)
    assert slug("Russia's war") == "russia_s_war"


def test_partisan_alternatives():
    text = ("The bill would deport illegal aliens, the senator said. Advocates for undocumented immigrants "
            "and pro-life groups disagreed; anti-abortion activists marched. Hamas militants fired rockets.")
    found = {(t.referent, t.variant) for t in find_term_choices(text)}
    assert ("immigrants_without_status", "illegal aliens") in found
    assert ("immigrants_without_status", "undocumented immigrants") in found
    assert ("abortion_position", "pro-life") in found and ("abortion_position", "anti-abortion") in found
    assert ("armed_group", "militants") in found
    # Pyongyang is metonymy, not a labelling choice
    assert not find_term_choices("Pyongyang said on Friday.")
