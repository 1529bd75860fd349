"""Loaded language on the seeds: terms, categories and voice (outlet vs quoted)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.extract.loaded import CATEGORIES, find_loaded


def _loaded(text: str):
    ex = framing.extract(text, clean=False, families=["loaded"])
    assert not ex.errors
    return ex, ex.evidence_for("loaded")


def _find(evs, surface: str):
    return [e for e in evs if e.text.lower() == surface.lower() and e.label != "scare_quote"]


def test_rt_holy_war_is_choes_quoted(seed_texts):
    ex, evs = _loaded(seed_texts["002"])
    hw = _find(evs, "holy war")
    assert len(hw) == 1
    assert hw[0].voice == "quoted" and hw[0].label == "glorifying"
    # inside Choe's quotation, which the outlet attributes to her
    before = ex.text[: hw[0].start]
    assert "“gave us an order" in before[-200:]
    # "touted" is RT's own verb for Lavrov's words
    touted = _find(evs, "touted")
    assert touted and touted[0].voice == "outlet" and touted[0].label == "loaded_verb"
    assert _find(evs, "unprecedentedly")[0].voice == "quoted"


def test_epoch_times_heroes_eternal_invincible_are_kims(seed_texts):
    _, evs = _loaded(seed_texts["000"])
    assert _find(evs, "great heroes")[0].voice == "quoted"
    assert _find(evs, "eternal")[0].voice == "quoted"
    inv = _find(evs, "invincibility")
    assert inv and inv[0].voice == "quoted" and inv[0].label == "glorifying"


def test_menafn_heroes_heroism_in_outlet_voice(seed_texts):
    # MENAFN paraphrases without quotation marks: the glorifying words are its own
    _, evs = _loaded(seed_texts["001"])
    heroes = _find(evs, "heroes")
    assert len(heroes) == 3 and all(e.voice == "outlet" for e in heroes)
    assert _find(evs, "heroism")[0].voice == "outlet"
    assert all(e.voice == "outlet" for e in _find(evs, "eternal"))
    # “unbreakable alliance” stands alone in quotation marks, no speaker: a scare quote
    sq = [e for e in evs if e.label == "scare_quote" and "unbreakable" in e.text]
    assert len(sq) == 2 and all(e.loaded for e in sq)
    ua = _find(evs, "unbreakable alliance")
    assert ua and all(e.voice == "quoted" and e.scare_quote for e in ua)


def test_kcna_imperialists_quoted(seed_texts):
    _, evs = _loaded(seed_texts["004"])
    imp = _find(evs, "imperialists")
    assert imp and imp[0].voice == "quoted" and imp[0].label == "demonising"
    # “direct” is a partial quotation of KCNA (", the KCNA said"), not a scare quote
    assert not [e for e in evs if e.label == "scare_quote" and "direct" in e.text]


def test_evidence_offsets_and_features(seed_texts):
    for key, text in seed_texts.items():
        ex, evs = _loaded(text)
        for e in evs:
            assert text[e.start:e.end] == e.text
        f = ex.features
        n_out = sum(1 for e in evs if e.voice == "outlet" and e.label != "scare_quote")
        assert f["loaded.outlet.count"] == n_out
        assert f["loaded.count"] == sum(1 for e in evs if e.label != "scare_quote")
        assert f["loaded.scare_quotes.count"] == sum(1 for e in evs if e.label == "scare_quote")
        for c in CATEGORIES:  # stable names, present even when zero
            assert f"loaded.outlet.{c}.per_1k" in f and f"loaded.quoted.{c}.count" in f
        if f["loaded.outlet.words"]:
            assert f["loaded.outlet.per_1k"] == pytest.approx(1000 * n_out / f["loaded.outlet.words"])


def test_rt_rates_by_voice(seed_texts):
    ex, _ = _loaded(seed_texts["002"])
    f = ex.features
    # RT's quotes of Choe and Lavrov are far more loaded than RT's own narration
    assert f["loaded.quoted.per_1k"] > 2 * f["loaded.outlet.per_1k"] > 0


def test_inflections_hyphens_case():
    text = ("Critics SLAMMED the so called plan. The radical-left mob was slamming it. "
            "He boasts of a hard left agenda and lashed out at the Heroes.")
    got = {(t.text, t.category) for t in find_loaded(text)}
    assert ("SLAMMED", "loaded_verb") in got and ("slamming", "loaded_verb") in got
    assert ("so called", "discrediting") in got
    assert ("lashed out", "loaded_verb") in got and ("boasts", "loaded_verb") in got
    assert ("Heroes", "glorifying") in got
    assert any(t[0].endswith("radical-left") and t[1] == "partisan_label" for t in got)
    # whole words only: no "war" in "software", no "mob" in "mobile"
    assert find_loaded("The mobile software award.") == []


def test_speech_fragment_is_not_scare_quote():
    text = ('Lavrov said relations had reached "an unprecedentedly high level." '
            'The group calls itself a "resistance" movement.')
    ts = find_loaded(text)
    assert [t.voice for t in ts if t.text == "unprecedentedly"] == ["quoted"]
    ex = framing.extract(text, clean=False, families=["loaded"])
    assert not ex.evidence_for("loaded", "scare_quote")  # "calls" is a speech verb
    text2 = 'The "heroic" defenders of the so-called republic marched on.'
    ex2 = framing.extract(text2, clean=False, families=["loaded"])
    sq = ex2.evidence_for("loaded", "scare_quote")
    assert [e.text for e in sq] == ['"heroic"']


def test_against_hand_labels_of_the_seeds(seeds_dir):
    """data/eval/loaded_seed_labels.jsonl: spans labelled by reading the seed articles."""
    import json

    labels = seeds_dir.parent / "eval" / "loaded_seed_labels.jsonl"
    tp = fp = fn = agree = 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = (seeds_dir / r["file"]).read_text(encoding="utf-8")
        a, b = r["region"]
        ex = framing.extract(text, clean=False, families=["loaded"])
        pred = [e for e in ex.evidence_for("loaded") if e.label != "scare_quote" and a <= e.start < b]
        for g in r["spans"]:
            assert text[g["start"]:g["end"]] == g["text"]
            hit = [p for p in pred if p.start < g["end"] and g["start"] < p.end]
            if hit:
                tp += 1
                agree += hit[0].voice == g["voice"]
            else:
                fn += 1
        fp += sum(1 for p in pred if not any(p.start < g["end"] and g["start"] < p.end for g in r["spans"]))
    # measured 2026-11-22: 27 of 43 labelled spans found, 1 false positive, voice right on all 27
    assert tp / (tp + fn) >= 0.6
    assert tp / (tp + fp) >= 0.9
    assert agree == tp


# ---------------------------------------------------------------- stage 6: weighted density


def test_weighted_density_traces_to_evidence(seed_texts):
    for key, text in seed_texts.items():
        ex, evs = _loaded(text)
        f = ex.features
        terms = sum(e.attrs["weight"] * (0.5 if e.voice == "quoted" else 1.0) for e in evs if e.label != "scare_quote")
        cues = ex.evidence_for("loaded_cue")
        assert all(text[e.start:e.end] == e.text and e.voice == "outlet" for e in cues)
        assert f["loaded.weighted.terms"] == pytest.approx(terms)
        assert f["loaded.weighted.cues"] == pytest.approx(sum(e.attrs["weight"] for e in cues), abs=1e-3)
        words = f["loaded.outlet.words"] + f["loaded.quoted.words"]
        assert f["loaded.weighted_per_1k"] == pytest.approx(1000 * f["loaded.weighted.score"] / words)
        # no cue inside a loaded term or a quotation, each span counted once
        spans = [(e.start, e.end) for e in evs if e.label != "scare_quote"]
        assert not [c for c in cues if any(a < c.end and c.start < b for a, b in spans)]
        assert len({(c.start, c.end) for c in cues}) == len(cues)


def test_packaged_weights_are_calibrated():
    from framing.extract.lexicon import entry_weight
    from framing.extract.loaded import default_lexicon

    ws = [entry_weight(e) for e in default_lexicon().entries if e.category != "exclude"]
    weighted = [w for w, e in zip(ws, [e for e in default_lexicon().entries if e.category != "exclude"])
                if dict(e.attrs).get("weight")]
    assert len(weighted) > 500 and min(weighted) > 0 and max(weighted) < 1 / 0.569 + 1e-9
    assert 0.8 < sum(weighted) / len(weighted) < 1.2  # 1.0 = a term as precise as the average term


def test_weak_cues_break_ties():
    # no loaded term in either sentence: the plain density ties them at 0, the weighted one does not
    flat = "The committee will meet on Tuesday to review the budget."
    charged = "Residents were shocked by the fire, which clearly could have been prevented."
    a, _ = _loaded(flat)
    b, evs = _loaded(charged)
    assert a.features["loaded.outlet.per_1k"] == 0 and a.features["loaded.weighted_per_1k"] == 0
    cues = {(e.label, e.text) for e in b.evidence_for("loaded_cue")}
    assert ("booster", "clearly") in cues and ("hedge", "could") in cues
    assert ("emotive", "clearly") not in cues  # the span counts once, as the booster
    assert b.features["loaded.weighted_per_1k"] > 0


def test_user_weight_column(tmp_path):
    lex = tmp_path / "mine.csv"
    lex.write_text("term,category,weight\nfreedom convoy,partisan_label,3\nelites,partisan_label,\n", encoding="utf-8")
    ex = framing.extract("Elites sneered at the Freedom Convoy.", clean=False, families=["loaded"],
                         options={"lexicons": [str(lex)]})
    assert not ex.errors
    w = {e.text: e.attrs["weight"] for e in ex.evidence_for("loaded") if e.label == "partisan_label"}
    assert w == {"Freedom Convoy": 3.0, "Elites": 1.0}


def test_context_matches_one_joint_pass(seed_texts, monkeypatch):
    import framing.extract.loaded as loaded_mod
    from framing.extract.lexicon import Entry, Lexicon
    from framing.extract.registry import Context

    calls = []
    real = loaded_mod.joint_hits
    monkeypatch.setattr(loaded_mod, "joint_hits", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = seed_texts["002"]
    ctx = Context(text)
    lexs = loaded_mod._context_lexicons(ctx)
    for lex in lexs:
        assert loaded_mod.context_matches(ctx, lex) == lex.match(text)
    assert calls == [1]  # the five lexicons of the three families: one automaton pass per document
    other = Lexicon([Entry("Lavrov", "x")])  # not in the group: matched alone
    assert loaded_mod.context_matches(ctx, other) == other.match(text)
    assert [m.surface for m in other.match(text)] == ["Lavrov", "Lavrov"]


def test_a_broken_term_table_fails_only_its_family(seed_texts, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("term,category\nx,y\n", encoding="utf-8")
    ex = framing.extract(seed_texts["002"], clean=False, families=["loaded", "term_choice", "hedging"],
                         options={"term_choices": str(bad)})
    assert [e["family"] for e in ex.errors] == ["term_choice"]
    assert ex.features["loaded.count"] > 0 and "hedging.hedge.count" in ex.features


def test_quoted_word_count_from_shared_tokens_equals_regex(seed_texts):
    from framing.extract.loaded import WORD_RE, _clean_cut, quoted_word_count
    from framing.extract.registry import Context
    from framing.extract.tokens import Tokens

    for text in seed_texts.values():
        with_tokens = Context(text)
        with_tokens.tokens  # noqa: B018 (the shared tokens exist, as in the pipeline)
        plain = Context(text)
        want = sum(len(WORD_RE.findall(text, q.content_start, q.content_end)) for q in plain.quotes)
        assert quoted_word_count(with_tokens) == quoted_word_count(plain) == want
    assert sum(quoted_word_count(Context(t)) for t in seed_texts.values()) > 100
    # a quotation mark inside a word is no clean cut: such quotes are counted with the regex
    t = Tokens("don't stop")
    assert [_clean_cut(t, i) for i in (0, 3, 5, 6, 10)] == [True, False, True, True, True]


_OLD_SENT_END = re.compile(r"[.!?…][\"'”’»)\]]*\s|\n\s*\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a .!?…\n\t\"'”’»)]", max_size=40))
def test_sentence_end_pattern_identity(text):
    from framing.extract.loaded import _SENT_END_RE

    assert [m.span() for m in _SENT_END_RE.finditer(text)] == [m.span() for m in _OLD_SENT_END.finditer(text)]


def test_sentence_end_pattern_on_seeds(seed_texts):
    from framing.extract.loaded import _SENT_END_RE

    for text in seed_texts.values():
        got = [m.span() for m in _SENT_END_RE.finditer(text)]
        assert got == [m.span() for m in _OLD_SENT_END.finditer(text)] and len(got) > 10


def test_sentence_window_scans_equal_the_whole_text_scan(seed_texts):
    # the window is read from a scan of the window alone; it must equal the window bisected from
    # every sentence end of the text, at quotes and at arbitrary spans, on runs of white space,
    # closing quotes and newlines that force the fallbacks too
    import random

    from framing.extract.loaded import _sentence_ends, _sentence_window, _window_of
    from framing.extract.registry import Context

    rnd = random.Random(3)
    texts = [*seed_texts.values(), "a.\n\n\n" * 300 + "x" * 50 + "  \n \n  " * 200 + "end.", "\n" * 3000,
             "word " * 2000, ". " * 1500 + "”" * 900 + " ok", "He said “no.” Then\u2003\n\n“maybe”… fine"]
    for t in texts:
        ctx = Context(t)
        ends = _sentence_ends(ctx)
        spans = [(q.start, q.end) for q in ctx.quotes]
        spans += [(a, min(len(t), a + rnd.randrange(1, 60))) for a in (rnd.randrange(len(t)) for _ in range(200))]
        for a, b in spans:
            assert _sentence_window(ctx, a, b) == _window_of(ends, a, b, len(t)), (a, b)


def test_weighted_sums_are_the_same_on_every_python(seed_texts, monkeypatch):
    """``weighted.cues`` (and ``.terms``) are exactly rounded sums (``math.fsum``): ``sum()``
    compensates from Python 3.12 on, so a plain sum gave other last digits on 3.11 than on 3.13
    (in 1,921 of 2,000 AllSides articles, with the sentiment means and source diversity)."""
    import functools
    import math
    import operator

    import framing.extract.loaded as loaded_mod

    seen = []
    real = loaded_mod.weak_cues
    monkeypatch.setattr(loaded_mod, "weak_cues", lambda *a, **k: seen.append(real(*a, **k)) or seen[-1])
    plain_differs = 0
    for text in seed_texts.values():
        seen.clear()
        ex, evs = _loaded(text)
        ws = [c.weight for c in seen[0]]
        assert ex.features["loaded.weighted.cues"] == math.fsum(ws)
        ts = [e.attrs["weight"] * (0.5 if e.voice == "quoted" else 1.0) for e in evs if e.label != "scare_quote"]
        assert ex.features["loaded.weighted.terms"] == math.fsum(ts)
        plain_differs += functools.reduce(operator.add, ws, 0.0) != math.fsum(ws)
    assert plain_differs  # a seed where a left-to-right sum (Python 3.11's) has other last digits
