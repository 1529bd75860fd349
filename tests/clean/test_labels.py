"""Block labelling: golden pages with must-include / must-exclude snippets (trafilatura's
test style), reasons on every block, and a calibration-gated F1 floor on boilerplate_dev."""
from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest

from framing.clean import clean
from framing.clean.blocks import split_blocks
from framing.clean.labels import DEFAULT_PARAMS, Params, block_key, content_words, label_blocks

ROOT = Path(__file__).resolve().parents[2]

# Pages written for these tests around the facts of real reports (Reuters/AP coverage of the
# Choe Son-hui - Lavrov talks, 1 Nov 2024; a cooking-blog post with its comment thread).
NEWS_PAGE = """Skip to main content
World
Business
Markets
Sustainability
Sign In
Subscribe
North Korea's foreign minister pledges support for Russia until 'victory'
By Staff Reporter
November 1, 2024
4 min read
Share
Facebook
Twitter
North Korea's top diplomat said on Friday her country would stand by Russia until its "victory" in Ukraine, as Western governments warned that thousands of North Korean troops were moving towards the front.
Foreign Minister Choe Son-hui made the remarks at talks in Moscow with her Russian counterpart Sergei Lavrov, according to a transcript released by the Russian foreign ministry.
"We reaffirm that we will always stand by our Russian comrades until the victory day," Choe said, describing the conflict as a struggle to protect Russia's sovereign rights.
Advertisement · Scroll to continue
Lavrov praised what he called very close ties between the militaries and the special services of the two countries, but did not address reports that North Korean soldiers had been sent to Russia.
The United States and South Korea say about 10,000 North Korean troops have been sent to Russia for training and possible deployment, a move Seoul has called a serious security threat.
Moscow and Pyongyang signed a mutual defence pact in June, which Russia's parliament ratified last week.
Sign up here for our daily newsletter.
Reporting by our Moscow bureau; Editing by the World Desk
Our Standards: The Trust Principles.
Related Stories
South Korea summons Russian ambassador over troop deployment
Ukraine says first clashes with North Korean soldiers expected within days
Oil prices rise as Middle East tensions linger
© 2024 News Agency. All rights reserved.
Privacy Policy
Terms of Use
"""

NEWS_WITH = [
    "North Korea's top diplomat said on Friday her country would stand by Russia",
    "according to a transcript released by the Russian foreign ministry",
    "did not address reports that North Korean soldiers had been sent to Russia",
    "which Russia's parliament ratified last week",
]
NEWS_WITHOUT = [
    "Skip to main content", "Subscribe", "4 min read", "Advertisement", "Sign up here for our daily newsletter",
    "Related Stories", "South Korea summons Russian ambassador", "All rights reserved", "Privacy Policy",
    "Facebook",
]

BLOG_PAGE = """Home
Recipes
About
Contact
Weeknight kimchi fried rice
Posted on March 3, 2024 by Min
Kimchi fried rice is what I make when the fridge is nearly empty and everyone is hungry. It takes fifteen minutes, one pan, and the older and more sour the kimchi, the better it tastes.
Start with cold cooked rice. Fresh rice steams in the pan and turns mushy, while rice from the day before fries into separate, slightly crisp grains.
Fry the chopped kimchi in a little oil until the edges caramelise, then add a spoonful of gochujang and a splash of the kimchi brine before the rice goes in.
Press the rice flat and leave it alone for a minute so the bottom layer browns. Top each bowl with a fried egg and a scattering of spring onions.
We use cookies to ensure that we give you the best experience on our website.
3 thoughts on "Weeknight kimchi fried rice"
Jenny says:
March 4, 2024 at 9:12 am
Made this tonight with leftover brown rice and it worked perfectly, thank you for the tip about the brine!
Reply
Tom says:
March 5, 2024 at 6:40 pm
Can I use fresh kimchi if that is all I have at home? Mine is only a few days old.
Reply
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
Name *
Email *
"""

BLOG_WITH = [
    "Kimchi fried rice is what I make when the fridge is nearly empty",
    "Start with cold cooked rice.",
    "Top each bowl with a fried egg",
]
BLOG_WITHOUT = [
    "We use cookies", "3 thoughts on", "Jenny says:", "Made this tonight with leftover brown rice",
    "Can I use fresh kimchi", "Leave a Reply", "Required fields are marked", "Posted on March 3, 2024",
]


def _blank_lines(text: str) -> str:
    return "\n\n".join(text.splitlines())


@pytest.mark.parametrize("variant", [str, _blank_lines])
@pytest.mark.parametrize("page,with_,without,title", [
    (NEWS_PAGE, NEWS_WITH, NEWS_WITHOUT, "North Korea's foreign minister pledges support for Russia until 'victory'"),
    (BLOG_PAGE, BLOG_WITH, BLOG_WITHOUT, "Weeknight kimchi fried rice"),
])
def test_golden_with_and_without(page, with_, without, title, variant):
    res = clean(variant(page))
    for s in with_:
        assert s in res.body, s
    for s in without:
        assert s not in res.body, s
    assert res.title == title


def test_golden_labels():
    res = clean(NEWS_PAGE)
    lab = {b.text: b.label for b in res.blocks}
    assert lab["Advertisement · Scroll to continue"] == "promo"
    assert lab["Related Stories"] == "related"
    assert lab["South Korea summons Russian ambassador over troop deployment"] == "related"
    assert lab["© 2024 News Agency. All rights reserved."] == "legal"
    assert lab["4 min read"] == lab["By Staff Reporter"] == "byline"
    res = clean(BLOG_PAGE)
    lab = {b.text: b.label for b in res.blocks}
    assert lab["Jenny says:"] == "comments"
    assert lab['3 thoughts on "Weeknight kimchi fried rice"'] == "comments"
    assert lab["We use cookies to ensure that we give you the best experience on our website."] == "legal"


def test_every_block_has_a_reason_and_score(seed_texts):
    blocks, head = label_blocks(split_blocks(seed_texts["000"]))
    assert head == 0 and blocks[head].label == "headline"
    assert all(b.reason for b in blocks)
    assert any(b.score > 0 for b in blocks) and any(b.score < 0 for b in blocks)


def test_params_change_the_result(seed_texts):
    """A barrier cost of zero lets the densest run cross "Read Full Article" into the teasers."""
    strict = clean(seed_texts["000"]).body
    loose = clean(seed_texts["000"], params=Params(barrier=0.0, template_min=0.0, bad_weight=0.0,
                                                  short_weight=0.0, cohesion=0.0)).body
    assert len(loose) > len(strict)
    assert DEFAULT_PARAMS.barrier > 0


def test_helpers():
    assert block_key("The  North-Korean, troops!") == "the north korean troops"
    assert content_words("The ministry said the talks would continue") == {"minist", "talks", "contin"}


def _bench():
    spec = importlib.util.spec_from_file_location("bench_boilerplate", ROOT / "benchmarks" / "bench_boilerplate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.shared
def test_f1_floor_on_boilerplate_dev_sample(shared_dir):
    """Calibration-gated: mean token F1 on 60 held-out pages stays above a floor
    (0.85, below the 0.92 the full held-out part measures; see benchmarks/bench_boilerplate.py)."""
    path = shared_dir / "eval" / "boilerplate_dev.jsonl.gz"
    if not path.exists():
        pytest.skip("boilerplate_dev absent")
    bench = _bench()
    recs = bench.load("heldout", path=path)[:60]
    f1 = [bench.prf(bench.extracted(clean(r["page_text"])), r["article_text"])[2] for r in recs]
    f1_blank = [bench.prf(bench.extracted(clean(bench.blank_lines(r["page_text"]))), r["article_text"])[2]
                for r in recs]
    base = [bench.prf(r["page_text"], r["article_text"])[2] for r in recs]
    assert statistics.fmean(f1) >= 0.85
    assert statistics.fmean(f1_blank) >= 0.85
    assert statistics.fmean(f1) > statistics.fmean(base) + 0.05


def test_words_of_is_the_word_regex():
    """labels.words_of (translate and split) gives the tokens of the \\w+ regex it replaces."""
    import re

    from framing.clean.labels import words_of
    from framing.clean.templates import COMMON_NON_ASCII_PUNCT

    assert not any(re.match(r"\w", c) for c in COMMON_NON_ASCII_PUNCT)
    # (templates._caseless_beyond_ascii drops them as characters without case)
    assert all(c.lower() == c == c.upper() for c in COMMON_NON_ASCII_PUNCT)
    texts = ["Kim Jong Un’s “special” envoy — met Putin – in 2024…", "snake_case and __dunder__ 3.14",
             "naïve café résumé", "tab\there\x0bvt\x1cfs\u2028ls", "‘quoted’", "", " ", "٣٤ arabic digits",
             "İstanbul ſ \u212a", "a’b", "x—y", "emoji 🙂 ok", "über—straße"]
    for t in texts:
        low = t.lower()
        assert words_of(low) == re.findall(r"\w+", low), t
    assert words_of("it’s “fine”") == ["it", "s", "fine"]


def test_words_of_many_is_words_of_block_by_block(seed_texts):
    """The page-at-once word split gives each block's words_of, also when a block keeps a
    non-ASCII letter (then block by block) and for blocks with curly quotes and dashes."""
    from framing.clean.blocks import split_blocks
    from framing.clean.labels import _words_of_many, words_of

    pages = [list(seed_texts.values()), ["Kim’s “envoy” — met", "plain text", "x—y 3.14 snake_case"],
             ["Kim’s envoy", "naïve café"], ["", "a"], []]
    for blocks in pages:
        lows = [b.text.lower() for t in blocks for b in split_blocks(t)] if blocks is pages[0] else \
            [b.lower() for b in blocks]
        assert _words_of_many(lows) == [words_of(low) for low in lows]


def test_repeats_found_with_and_without_shared_signatures():
    """6b keys blocks only when two article blocks share a signature; a page printed twice gets its
    second copy labelled duplicate, a page without repeats gets no keys."""
    from framing.clean.blocks import reflow, split_blocks
    from framing.clean.labels import label_blocks_keyed

    para = ["The minister said on Tuesday that the talks would resume next week in Geneva, officials said.",
            "Critics of the plan argued that it would do little to address the underlying causes of the crisis.",
            "A spokesman for the opposition declined to comment when reached by telephone late on Monday."]
    once = "\n".join(para)
    blocks, _, keys, _ = label_blocks_keyed(reflow(once, split_blocks(once)))
    assert all(k is None for k in keys) and not any(b.label == "duplicate" for b in blocks)
    twice = "\n".join(para + para)
    blocks, _, keys, _ = label_blocks_keyed(reflow(twice, split_blocks(twice)))
    assert [b.label for b in blocks[3:]] == ["duplicate"] * 3
    assert blocks[3].reason == f"repeat of the block at offset {blocks[0].start}"
    assert all(k is not None for k in keys)
