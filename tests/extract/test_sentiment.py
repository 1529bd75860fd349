"""VADER tone by sentence and voice, with valence words as evidence."""
from __future__ import annotations

import framing
from framing.extract.sentiment import analyzer


def test_seed_sentiment_evidence(seed_texts):
    ex = framing.extract(seed_texts["002"], clean=False, families=["sentiment"])
    assert not ex.errors
    f = ex.features
    lex = analyzer().lexicon
    words = [e for e in ex.evidence_for("sentiment") if e.label in ("positive", "negative")]
    assert words
    for e in words:
        assert ex.text[e.start:e.end] == e.text
        assert lex[e.text.lower()] == e.valence and (e.valence > 0) == (e.label == "positive")
    # "accused", "denied" carry RT's negative sentences; the quoted pledges are positive
    assert {"accused", "denied"} <= {e.text for e in words if e.label == "negative"}
    assert f["sentiment.compound_quoted_mean"] > f["sentiment.compound_outlet_mean"]
    assert abs(f["sentiment.neg_share"] + f["sentiment.pos_share"] + f["sentiment.neu_share"] - 1) < 1e-9
    neg = ex.evidence_for("sentiment", "negative_sentence")
    assert neg and all(e.compound <= -0.05 for e in neg)


def test_negative_article_is_negative():
    text = ("The brutal attack killed dozens of civilians. Survivors described horrific scenes of destruction. "
            "Officials condemned the atrocity.")
    ex = framing.extract(text, clean=False, families=["sentiment"])
    assert ex.features["sentiment.compound_mean"] < -0.5
    assert ex.features["sentiment.neg_share"] == 1.0


# VADER's own demo sentences (vaderSentiment 3.3.2 __main__) plus edge cases of each rule it applies,
# most of them written from news sentences: boosters and dampeners at distance 1-3 (ALL CAPS too),
# "kind of", ALL-CAPS emphasis (with and without other words in lower case), "no" before/after a
# lexicon word and "no ... or/nor", negations incl. "n't" and "never so / never this", "without
# doubt", "least" / "at least" / "very least", "but" (with repeated equal valences: VADER's
# list.index quirk), idioms and multi-word boosters, "!" and "?" emphasis, emoticons and emoji,
# the two-character punctuation rule, Turkish dotted I and Greek sigma (lower-casing that is not
# one character to one), odd whitespace, and text without any token.
_VADER_CASES = [
    "VADER is smart, handsome, and funny.", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.",
    "The book was only kind of good.", "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all", "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!", "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.", "Roger Dodger is one of the least compelling variations on this theme.",
    "no no good", "no or nor bad", "It was the bomb??", "what??? really?!", "", "   ", "!!!", "kind of",
    "That is a kiss of death, yeah right.", "The bus stop is great", "--good-- ..bad.. :-(", "good good good but bad bad",
    "Officials said the meeting would take place on Tuesday in Geneva.",
    # boosters / dampeners before a lexicon word, at distance 1, 2, 3, in caps, before negative words
    "The talks were extremely productive.", "The talks were EXTREMELY productive, officials said.",
    "It was an incredibly, deeply painful defeat.", "The economy is slightly weaker than expected.",
    "Prices rose somewhat sharply, a very very bad sign.", "The plan is sort of brilliant and kinda risky.",
    "Analysts were hardly surprised by the strong numbers.", "This is a MAJOR win for the party.",
    # ALL CAPS: emphasis only while other words are not in caps
    "BREAKING: Senate passes the bill in a HUGE victory.", "BREAKING NEWS SENATE PASSES HUGE VICTORY",
    "The NATO summit was a GREAT success, NOT a failure.",
    # "no", negations, "never so", "without doubt", "least"
    "There is no hope for a deal.", "No deal is better than a bad deal.", "Sources said there was no good option.",
    "There was no fraud or abuse, the judge ruled.", "The minister did not deny the damaging reports.",
    "Officials don't expect a peaceful outcome.", "The ceasefire wasn't respected by either side.",
    "Never so proud of our troops!", "Relations have never been this strong.", "Russia never this happy.",
    "Without doubt the strongest bid.", "Without a single doubt the worst plan.", "It was the least helpful meeting.",
    "At least nobody was hurt.", "At the very least it was a good start.", "Least popular president ever.",
    "It is hardly a disaster, but not a success either.", "Despite the good weather the parade was cancelled.",
    # "but", with equal valences before and after it
    "The deal is good, good for jobs, but bad for farmers and bad for the climate.",
    "He was praised but the praise was good, good and good.", "But it was fine.", "It was fine but.",
    # idioms, multi-word boosters near lexicon words
    "The new plan is to die for, said the mayor.", "A beating heart of the resistance.", "Just enough support to pass.",
    "The vote was the kiss of death for the bill.", "It is kind of sad.", "Kind of a bad idea, sort of.",
    # punctuation emphasis
    "Victory!", "Victory!!", "Victory!!!!!!", "Really? A victory?", "A victory??", "A victory????", "Why?? Why?!?! Terrible.",
    # emoticons, emoji and the two-character rule
    "Great news :)", "Bad news :(", "ok, fine.", "OK.", "(no)", "no.", "so, good", "a, b, c good",
    "Great news \u00a9 2024 Reuters", "A \u2764 for peace", "peace \U0001F54A\ufe0f now",
    # lower-casing: Turkish dotted I, Greek capital sigma, accents, odd whitespace
    "\u0130yi bir g\u00fcn, good news.", "\u0130S good.", "\u03a3\u03a0\u0391\u03a1\u03a4\u0391\u03a3 won, a great victory.",
    "\u00c9NORME SUCCESS for CAF\u00c9 owners", "good\tbad\nugly  \u00a0 nice", "“Terrible,” he said. ‘Awful’",
]


def test_fast_polarity_equals_vader(seed_texts):
    # polarity() (tokens coded once, only lexicon words scored) returns VADER's exact dict, floats and all
    from framing.extract.registry import Context
    from framing.extract.sentiment import polarity

    a = analyzer()
    texts = list(_VADER_CASES)
    for text in seed_texts.values():
        ctx = Context(text)
        sents = [text[s:e] for s, e in ctx.sentences]
        # the seed sentences, the same in capitals (ALL-CAPS rules everywhere), and whole lines
        texts += sents + [x.upper() for x in sents[::3]] + [x for x in text.splitlines() if x.strip()][:40]
    assert len(texts) > 350
    neutral = 0
    for t in texts:
        got, want = polarity(t), a.polarity_scores(t)
        assert list(got.items()) == list(want.items()) and [type(v) for v in got.values()] == \
            [type(v) for v in want.values()], t
        neutral += want["compound"] == 0.0
    assert neutral  # some texts have no lexicon word


def test_document_scores_equal_vader_per_sentence(seed_texts):
    # the document-level path (all sentences coded at once, a run-on "sentence" scored in chunks)
    from framing.extract.registry import Context
    from framing.extract.sentiment import _MAX_CHUNK, _segments, _sentence_scores, sentence_scores

    a = analyzer()
    long_text = " ".join(["The terrible war and the brutal attacks"] * 40) + ". " + seed_texts["002"]
    emoji_text = ("The summit was a success \U0001F44D. Officials were pleased. Critics were furious \U0001F621! "
                  "\u00a9 2024 Reuters. All rights reserved.")
    for text in [*seed_texts.values(), long_text, emoji_text]:
        ctx = Context(text)
        got = sentence_scores(ctx)
        assert [(s, e) for s, e, _, _ in got] == ctx.sentences
        for s, e, sc, _ in got:
            parts = [a.polarity_scores(text[i:j]) for i, j in _segments(text, s, e)]
            want = parts[0] if len(parts) == 1 else \
                {k: sum(p[k] for p in parts) / len(parts) for k in ("neg", "neu", "pos", "compound")}
            assert sc == want, text[s:e][:80]
        # the family reads the compound alone, computed without the rest of the dict
        assert [c for _, _, c, _ in _sentence_scores(ctx, full=False)] == [sc["compound"] for _, _, sc, _ in got]
    assert any(e - s > _MAX_CHUNK for s, e in Context(long_text).sentences)


def test_token_cache_generations_do_not_change_scores(monkeypatch, seed_texts):
    # the memo of token codes is a memory bound only: a tiny one rotates on every document
    from framing.extract import sentiment
    from framing.extract.registry import Context

    texts = [seed_texts[k] for k in sorted(seed_texts)]
    want = [sentiment.sentence_scores(Context(t)) for t in texts]
    monkeypatch.setattr(sentiment, "_CACHE_MAX", 5)
    monkeypatch.setattr(sentiment, "_cache", [{}, {}, {}, {}])
    for _ in range(2):
        assert [sentiment.sentence_scores(Context(t)) for t in texts] == want
    assert len(sentiment._cache[0]) < 2000  # rotated: the current generation holds one document's tokens


def test_scores_do_not_depend_on_earlier_documents(seed_texts):
    # the memo of token codes carries no result from one document to the next: the seeds scored in
    # one order and then in the reverse order give the same scores
    from framing.extract import sentiment
    from framing.extract.registry import Context

    texts = [seed_texts[k] for k in sorted(seed_texts)]
    want = [sentiment.sentence_scores(Context(t)) for t in texts]
    got = [sentiment.sentence_scores(Context(t)) for t in reversed(texts)][::-1]
    assert got == want
    t = "GOOD good Good. not good"
    assert sentiment.polarity(t) == sentiment.analyzer().polarity_scores(t)


def test_rule_tables_of_the_pinned_vader():
    # the conditions the fast path relies on, checked against the installed vaderSentiment 3.3.2
    from vaderSentiment import vaderSentiment as vs

    from framing.extract.sentiment import _PUNCT, _vader

    V = _vader()
    assert V is not None and V.lex is analyzer().lexicon
    # every multi-word idiom or booster has a marked word (else an idiom could hide near a "quiet" word)
    for key in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT):
        if " " in key:
            assert not V.idiom_marks.isdisjoint(key.split(" ")), key
    # no rule word carries punctuation at its ends (so the stripped form finds every one)
    assert all(w.strip(_PUNCT) == w for w in V.triggers)
    assert {"not", "never", "no", "least", "so", "this", "very", "kinda"} <= V.triggers
    assert not any(w in V.lex for w in vs.BOOSTER_DICT) and not any(w in V.lex for w in vs.NEGATE)


def _lexicon_hits(tokens):
    from framing.extract.sentiment import _vader, _words

    V = _vader()
    lw = _words(tokens)
    return [i for i, w in enumerate(lw) if w in V.lex]


def test_valence_on_a_six_word_window_equals_whole_text(seed_texts):
    # _score_segments scores a lexicon word on the words i-3 .. i+2 only (issue 8); the plain rule is
    # VADER's loop body on the whole text: both must agree on every lexicon word of real sentences and
    # of the rule cases (boosters and "no ... or" three words back, idioms around the word, "least")
    from framing.extract.registry import Context
    from framing.extract.sentiment import _vader, _valence, _words

    V = _vader()
    texts = list(_VADER_CASES)
    for text in seed_texts.values():
        ctx = Context(text)
        texts += [text[s:e] for s, e in ctx.sentences]
    checked = narrower_differs = 0
    for t in texts:
        toks = t.split()
        if not toks:
            continue
        lw = _words(toks)
        caps = sum(1 for x in toks if x.isupper())
        cap_diff = 0 < len(toks) - caps < len(toks)
        for i in _lexicon_hits(toks):
            whole = _valence(V, lw, toks, cap_diff, i)
            a = max(0, i - 3)
            win = toks[a:min(len(toks), i + 3)]
            assert _valence(V, _words(win), win, cap_diff, i - a) == whole, (t, i)
            # the window cannot be narrower: two words back misses rules VADER applies
            a2 = max(0, i - 2)
            win2 = toks[a2:min(len(toks), i + 3)]
            narrower_differs += _valence(V, _words(win2), win2, cap_diff, i - a2) != whole
            checked += 1
    assert checked > 300 and narrower_differs


def test_share_features_equal_plain_counts(seed_texts):
    # neg/pos/neu shares come from bisecting the sorted compounds; the plain rule counts each sentence
    from framing.extract.registry import Context
    from framing.extract.sentiment import THRESHOLD, _sentence_scores, extract_sentiment

    # two AllSides sentences whose compounds are exactly +0.05 and -0.05 (the band's edges count as
    # positive / negative)
    edges = ("Once again, it was clear black churches were not safe. However, Harvey and Irma did not affect "
             "the unemployment rate, which slipped to 4.2% - the lowest since February 2001. A day.")
    texts = [*seed_texts.values(), "Good. Bad. Fine. A day. Terrible war! Great peace.", edges]
    assert sorted(c for _, _, c, _ in _sentence_scores(Context(edges), full=False)) == [-THRESHOLD, 0.0, THRESHOLD]
    for text in texts:
        comp = [(c, v) for _, _, c, v in _sentence_scores(Context(text), full=False)]
        f = extract_sentiment(Context(text)).features
        n = len(comp)
        out = [c for c, v in comp if v == "outlet"]
        assert f["neg_share"] == sum(c <= -THRESHOLD for c, _ in comp) / n
        assert f["pos_share"] == sum(c >= THRESHOLD for c, _ in comp) / n
        assert f["neu_share"] == sum(-THRESHOLD < c < THRESHOLD for c, _ in comp) / n
        assert f["neg_share_outlet"] == (sum(c <= -THRESHOLD for c in out) / len(out) if out else 0.0)
        assert f["pos_share_outlet"] == (sum(c >= THRESHOLD for c in out) / len(out) if out else 0.0)
        assert 0 < f["neg_share"] < 1 and 0 < f["pos_share"] < 1


def test_valence_words_equal_lexicon_lookup(seed_texts):
    # the evidence words (found by one membership pass, then the hits only) are every token with a
    # non-zero VADER valence, in text order
    from framing.extract.registry import Context
    from framing.extract.sentiment import extract_sentiment

    lex = analyzer().lexicon
    # "86" and "143" are VADER lexicon entries too
    for text in [*seed_texts.values(), "No, the kind ‘GOOD’ people aren’t evil; 2024 was (not) great. 86 of 143 won."]:
        ctx = Context(text)
        toks = ctx.tokens
        want = [(s, e, lex[w]) for s, e, w in zip(toks.starts, toks.ends, toks.lowers) if lex.get(w)]
        got = [(e.start, e.end, e.valence) for e in extract_sentiment(ctx).evidence
               if e.label in ("positive", "negative")]
        assert got == want and want


def test_positions_and_emoji_positions():
    # the vectorised index helpers equal the plain per-item scans
    from framing.extract.sentiment import _emoji_positions, _positions, _vader

    data = bytes([0, 1, 0, 0, 1, 1, 255, 0, 1])
    assert _positions(data, 1) == [i for i, b in enumerate(data) if b == 1] == [1, 4, 5, 8]
    assert _positions(bytearray(data), 255) == [6] and _positions(b"", 1) == []
    V = _vader()
    texts = ["Plain ASCII text, no emoji :) at all.", "“Curly quotes” — and dashes… only",
             "\u00a9 2024 Reuters \U0001F44D great \U0001F621!", "\u203c\ufe0f", ""]
    for t in texts:
        assert _emoji_positions(V, t) == [i for i, c in enumerate(t) if c in V.emoji], t
    assert _emoji_positions(V, texts[2]) == [0, 15, 23]


def test_rule_words_across_sentence_ends_equal_vader():
    # a rule word (negation, booster, "no", idiom word) closing one sentence flags the first words of
    # the next in the document-wide care flags; the exact per-hit test must still score them as VADER
    # scores each sentence alone
    from framing.extract.registry import Context
    from framing.extract.sentiment import sentence_scores

    a = analyzer()
    text = ("Officials said it was not. Good news came later. The minister was very. Bad weather followed. "
            "He had no. Great hopes remain. They said kind. Of good will prevailed. It was the shit. "
            "Nice work, but. Terrible results.")
    ctx = Context(text)
    got = sentence_scores(ctx)
    assert len(got) == 10
    for s, e, sc, _ in got:
        assert sc == a.polarity_scores(text[s:e]), text[s:e]


def test_words_equal_vaders_order():
    # _words lower-cases first, then strips (VADER strips, then lower-cases), except around U+0130
    # and U+03A3, whose lower case is not one character to one, context-free
    from framing.extract.sentiment import _PUNCT, _words

    toks = ["Didn't", "GOOD!", "“Great”", "ok.", "A.", "ŞEHİR", "ΟΔΟΣ", "Straße", "—", "x", "U.S.", "'s"]
    want = [(t if len(w := t.strip(_PUNCT)) <= 2 else w).lower() for t in toks]
    assert _words(toks) == want
    plain = [t for t in toks if t not in ("ŞEHİR", "ΟΔΟΣ")]
    assert _words(plain) == [(t if len(w := t.strip(_PUNCT)) <= 2 else w).lower() for t in plain]
    assert _words([]) == []


def test_emoji_positions_find_the_non_ascii_characters_as_the_regex_does(seed_texts):
    # _emoji_positions reads a text's non-ASCII characters from its UTF-8 bytes without the ASCII
    # ones: the same characters as deleting the ASCII runs, lone surrogates and astral ones included
    from framing.extract.sentiment import _ASCII_BYTES, _ASCII_RUNS, _emoji_positions, _vader, analyzer

    texts = [*seed_texts.values(), "plain", "“Quotes” — é\xa0\ud800 lone 😀 and ☺!", "\U0001f622 sad"]
    for t in texts:
        fast = t.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        assert fast == _ASCII_RUNS.sub("", t)
    V = _vader()
    t = "I am 😀 today, “not” ☺ sad \U0001f622."
    want = [i for i, c in enumerate(t) if c in V.emoji]
    assert want and _emoji_positions(V, t) == want
    assert _emoji_positions(V, "“Plain” news — no emoji.") == []
    from framing.extract.sentiment import polarity
    assert polarity(t) == analyzer().polarity_scores(t)


def test_compound_means_are_the_same_on_every_python(seed_texts):
    """The compound means are exactly rounded sums over the sentences (``math.fsum``), so Python
    3.11's left-to-right ``sum()`` and 3.12's compensated one give the same features."""
    import functools
    import math
    import operator

    import framing
    from framing.extract.registry import Context
    from framing.extract.sentiment import sentence_scores

    plain_differs = 0
    for text in seed_texts.values():
        f = framing.extract(text, clean=False, families=["sentiment"]).features
        comp = [sc["compound"] for _, _, sc, _ in sentence_scores(Context(text))]
        assert f["sentiment.compound_mean"] == math.fsum(comp) / len(comp)
        plain_differs += functools.reduce(operator.add, comp, 0.0) / len(comp) != f["sentiment.compound_mean"]
    assert plain_differs  # a seed where a left-to-right sum (Python 3.11's) has other last digits
