"""Spun-text flag: fires on seed 003 with the phrases that gave it away, never on ordinary text."""
from __future__ import annotations

import gzip
import json
import os

import pytest

from framing.clean import clean
from framing.clean.spin import MIN_STRONG, MIN_WEIGHT, find_tells, spin_score, spun_text


def test_seed_003_phrases_and_offsets(seed_texts):
    text = seed_texts["003"]
    page = clean(text)
    flag = spun_text(page)
    assert flag is not None and flag.detail["strong_tells"] >= 10
    for s in flag.evidence:
        assert text[s.start:s.end] == s.text
    originals = {p["phrase"].lower(): p["original"] for p in flag.detail["phrases"]}
    assert originals["environment media"] == "state media"
    assert originals["herbal assets"] == "natural resources"
    assert originals["in step with"] == "according to"


def test_whole_words_and_apostrophes():
    assert find_tells("the presentation") == []
    hits = find_tells("on the Staff’ Celebration of Korea")
    assert [h.text for h in hits] == ["Staff’ Celebration"]


def test_weak_idioms_alone_never_fire():
    text = ("In step with the market, prices rose. The plant used to be a mill and was reached by means of "
            "a bridge, right through a forest; greater than expected demand followed.")
    hits = find_tells(text)
    assert len(hits) >= 4
    score, w, strong = spin_score(hits)
    assert strong == 0 and not (strong >= MIN_STRONG and w >= MIN_WEIGHT)
    assert clean(text).flag("spun_text") is None


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_flag_on_ordinary_seeds(seed_texts, seed):
    assert clean(seed_texts[seed]).flag("spun_text") is None


@pytest.mark.shared
def test_false_positive_rate_on_allsides_and_boilerplate_pages(shared_dir):
    """No article of allsides_5k (wire, translated and opinion copy of many outlets) and no whole
    page of boilerplate_dev fires, even scanning the whole text rather than the cleaned body."""
    texts = []
    for rel, field in (("corpus/allsides_5k.jsonl.gz", "text"), ("eval/boilerplate_dev.jsonl.gz", "page_text")):
        path = shared_dir / rel
        if not path.exists():
            pytest.skip(f"{rel} absent")
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            texts.extend(json.loads(line).get(field) or "" for line in fh)
    fired = 0
    for text in texts:
        _, w, strong = spin_score(find_tells(text))
        fired += strong >= MIN_STRONG and w >= MIN_WEIGHT
    assert len(texts) >= 5000 and fired == 0


def test_joint_scan_finds_the_body_scan_tells(seed_texts):
    """clean() finds the tells in the same pass as the template triggers (scan_blocks); the
    flag equals the one from scanning the assembled body (find_tells)."""
    from framing.clean.blocks import reflow, split_blocks
    from framing.clean.spin import scan_blocks
    from framing.types import ARTICLE_LABELS

    text = seed_texts["003"] + "\n\nIn step with the Staff’ Celebration, environment media said.\nused to be"
    page = clean(text)
    assert page.flag("spun_text") is not None
    assert page.flag("spun_text").to_dict() == spun_text(page).to_dict()  # hits=None: the body path
    raws = reflow(text, split_blocks(text))
    cands, tells = scan_blocks([r.text.lower() for r in raws])
    found = sorted((r.start + s, r.start + e) for r, b, ts in zip(raws, page.blocks, tells)
                   if b.label in ARTICLE_LABELS for s, e, _, _ in ts)
    assert found == [(s.start, s.end) for s in spun_text(page).evidence] and len(found) >= 20
    assert scan_blocks(["the presentation", "staff’ celebration"])[1] == [[], [(0, 18, "Workers' Party", 1.0)]]


def test_joint_hits_are_the_automaton_hits(seed_texts):
    """The joint scan's hits (from a DFA when ahocorasick_rs is installed) are the pyahocorasick
    automaton's, by increasing end, character offsets past astral characters included; a text the
    DFA cannot take (a lone surrogate) is scanned by the automaton."""
    from framing._automata import twin_hits
    from framing.clean.spin import _joint, _joint_dfa

    A = _joint()
    texts = [t.lower() for t in seed_texts.values()]
    texts += ["state media 𝐀𝐁 said: copyright © 2024, sign up here / photo: getty images. state media",
              "state media \ud800 said (c) 2024 rights reserved", "", "state media"]
    hits = 0
    for t in texts:
        got = list(twin_hits(A, _joint_dfa(), t))
        assert [e for e, _ in got] == sorted(e for e, _ in got)
        assert sorted(got, key=repr) == sorted(A.iter(t), key=repr)
        hits += len(got)
    assert hits >= 90  # (98: the seeds hold dozens of tells and triggers)
    try:
        import ahocorasick_rs  # noqa: F401
    except ImportError:
        assert _joint_dfa() is None
    else:
        assert _joint_dfa() is not None


def test_tells_from_words_are_the_scan_tells(seed_texts):
    """tells_in_words (the tells of a long block read from its words) finds what the character
    scan finds, for every block of the spun seed and for tells written in odd ways."""
    from framing.clean.blocks import reflow, split_blocks
    from framing.clean.labels import words_of
    from framing.clean.spin import scan_blocks, tells_in_words

    text = seed_texts["003"]
    lows = [r.text.lower() for r in reflow(text, split_blocks(text))]
    lows += ["environment-run media and environment media, in step with ‘herbal assets’",
             "xenvironment media and environment mediax are not whole words; staff’ celebration is",
             "used to be used to be", "presen", "no tell here at all"]
    scanned = scan_blocks(lows)[1]
    assert sum(map(len, scanned)) >= 30
    for low, want in zip(lows, scanned):
        assert "_" not in low
        assert sorted(tells_in_words(low, words_of(low))) == sorted(want), low


def test_phrases_differing_only_in_case_keep_one_order_whatever_the_hash_seed():
    """The flag's phrase list was ordered by lower-cased phrase only, so "Herbal assets" and
    "herbal assets" kept the set's order, which changes with Python's hash randomisation."""
    import json
    import subprocess
    import sys

    code = (
        "import json; from framing.clean import clean; from framing.clean.spin import spun_text\n"
        "t = ('Environment media said herbal assets grew. Herbal assets fell, in step with environment media. '\n"
        "     'In step with the report, Environment Media said that herbal assets and HERBAL ASSETS rose. ') * 3\n"
        "print(json.dumps(spun_text(clean(t)).detail['phrases']))\n")
    outs = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1
    phrases = [p["phrase"] for p in json.loads(outs.pop())]
    assert phrases == sorted(phrases, key=lambda p: (p.lower(), p))
    assert {"Herbal assets", "herbal assets", "HERBAL ASSETS"} <= set(phrases)
