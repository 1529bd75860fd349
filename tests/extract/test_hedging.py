"""Hedges and boosters with types and voice."""
from __future__ import annotations

import framing
from framing.extract.hedging import find_cues


def test_types_and_negated_doubt():
    text = ("Pyongyang has no doubts that Moscow will win. Troops may have been sent in May, officials "
            "reportedly said. Some say the figure is roughly 11,000. It is clearly a turning point.")
    got = [(c.text, c.kind, c.type) for c in find_cues(text)]
    assert ("no doubts", "booster", "certainty_phrase") in got
    assert ("may", "hedge", "modal") in got and not any(t == "May" for t, _, _ in got)
    assert ("reportedly", "hedge", "hearsay") in got
    assert ("Some say", "hedge", "vague_source") in got
    assert ("roughly", "hedge", "approximator") in got
    assert ("clearly", "booster", "certainty_adverb") in got


def test_rt_voice(seed_texts):
    ex = framing.extract(seed_texts["002"], clean=False, families=["hedging"])
    assert not ex.errors
    boosters = {(e.text, e.voice) for e in ex.evidence_for("booster")}
    # Choe's "always adamantly stand by" is quoted; RT's "no doubt(s)" paraphrase is the outlet's
    assert ("always", "quoted") in boosters and ("adamantly", "quoted") in boosters
    assert ("no doubts", "outlet") in boosters
    hedges = {(e.text, e.voice) for e in ex.evidence_for("hedge")}
    assert ("may", "outlet") in hedges
    f = ex.features
    assert f["hedging.booster.quoted.count"] == 3  # "firmly", "always", "adamantly"
    assert f["hedging.hedge.outlet.count"] == len([e for e in ex.evidence_for("hedge") if e.voice == "outlet"])
    assert -1.0 <= f["hedging.certainty.outlet"] <= 1.0
    for e in ex.evidence_for("hedge") + ex.evidence_for("booster"):
        assert ex.text[e.start:e.end] == e.text


def test_cues_are_the_table_matches(seed_texts):
    from framing.extract.hedging import _LOWER_ONLY, find_cues, hedge_table

    n = 0
    for text in seed_texts.values():
        want = [(m.start, m.end, m.entry.category) for m in hedge_table().match(text)
                if not (m.entry.term in _LOWER_ONLY and not m.surface.islower())]
        got = [(c.start, c.end, c.kind) for c in find_cues(text)]
        assert got == want
        n += len(got)
    assert n >= 10


def test_type_counts_equal_plain_count_of_the_evidence(seed_texts):
    # hedging.<kind>.outlet.<type>.count is counted in one pass; the plain rule counts each type's cues
    from framing.extract.hedging import cue_types, extract_hedging
    from framing.extract.registry import Context

    nonzero = 0
    for text in seed_texts.values():
        res = extract_hedging(Context(text))
        for kind, types in cue_types().items():
            for t in types:
                want = sum(1 for e in res.evidence if e.family == kind and e.label == t and e.voice == "outlet")
                assert res.features[f"{kind}.outlet.{t}.count"] == want
                nonzero += want > 0
    assert nonzero >= 3
