"""Template phrases: data file validity, labels, length gating and priority."""
from __future__ import annotations

import re

from framing.clean.templates import match_template, read_data, stopwords, templates
from framing.types import BLOCK_LABELS


def test_data_files_load_with_headers():
    ts = templates()
    assert len(ts) > 30 and all(t.label in BLOCK_LABELS for t in ts)
    raw = "\n".join(read_data("templates.tsv"))
    assert "\t" in raw
    assert {"the", "of", "and", "said"} <= stopwords()


def test_patterns_are_linear_on_hostile_input():
    # a long run of the characters the patterns repeat over must not blow up
    for s in ("a" * 499, " " * 499, "." * 499, "by " + "A" * 400, "©" * 499):
        match_template(s)
    for t in templates():
        assert not re.search(r"\([^)]*[+*]\)[+*]", t.pattern), t.pattern  # no nested quantifiers


def test_labels_of_known_chrome():
    cases = {
        "Skip to main content": "navigation",
        "Related Articles": "related",
        "Read Full Article on TheEpochTimes.com": "promo",
        "ALSO READ: Putin threatens to hit Kyiv with Oreshnik missiles": "promo",
        "Legal Disclaimer:": "legal",
        "CommentsNo comment": "comments",
        "Your email address will not be published. Required fields are marked *": "comments",
        "1 min read": "byline",
        "November 30, 2024": "byline",
        "Error! We're sorry, but the page you were looking for doesn't exist.": "error",
        "Tanja Ivanova//Getty Images": "caption",
    }
    for text, label in cases.items():
        m = match_template(text)
        assert m is not None and m[0] == label, (text, m)


def test_body_sentences_are_not_chrome():
    for text in (
        "By contrast, the ministry said the talks would continue next week.",
        "The company updated its privacy policy last year after a court ruling in Brussels that found "
        "the old terms of service unlawful under European law, a decision regulators welcomed.",
        "Kim made the remarks in a speech at the groundbreaking ceremony.",
    ):
        assert match_template(text) is None, text


def test_length_gate():
    short = "All rights reserved."
    assert match_template(short)[0] == "legal"
    long_para = ("Critics said the publisher had reserved all rights to the archive. " * 8).strip()
    assert len(long_para) > 500 and match_template(long_para) is None


def test_barrier_flag():
    assert match_template("Related Articles")[1] is True
    assert match_template("ALSO READ: Something")[1] is False


# --- the fast paths match the plain definition ---------------------------------------------------
def _reference(text: str):
    """match_template by its definition: rows in file order, the first that matches wins;
    anchored rows at the start (lower-cased text, or re.I where a part is case-sensitive),
    unanchored rows anywhere with re.I when one of their triggers occurs."""
    if len(text) > 500:
        return None
    low = text.lower()
    for t in templates():
        if len(text) > t.max_chars:
            continue
        if not t.triggers:
            if "(?-i:" in t.pattern:
                hit = re.compile(t.pattern, re.I).match(text)
                phrase = hit.group(0) if hit else None
            else:
                hit = re.compile(t.pattern).match(low)
                phrase = (text[:hit.end()] if len(low) == len(text) else hit.group(0)) if hit else None
        elif any(w.lower() in low for w in t.triggers):
            hit = re.compile(t.pattern, re.I).search(text)
            phrase = hit.group(0) if hit else None
        else:
            continue
        if hit is not None:
            return t.label, t.barrier, f"{t.note.split(' (')[0]}: {phrase[:60]!r}"
    return None


_TRICKY = [
    "By John Smith", "by john smith", "BY JOHN SMITH", "Written by Anna Lee", "Posted by admin",
    "Photo: Getty Images", "PHOTO BY REUTERS", "© 2024 Reuters. All rights reserved.",
    "Subscribe to our newsletter", "SUBSCRIBE NOW", "Sign up for “The Morning” newsletter",
    "Copyright ©\u00a02023 NPR", "Updated on Jan 5, 2024", "Published: 12 March 2022",
    "Your email address will not be published. Required fields are marked *",
    "\u212aelvin sign: subscribe to", "ſubscribe to our newsletter", "İnstagram", "3 min read", "12",
    "—", "Read more: “Putin’s war”", "We may earn a commission from links", "example.com",
    "Sponsored content", "Related Articles", "Leave a Reply", "Share this: Facebook",
]


def test_match_template_equals_its_definition(seed_texts):
    from framing.clean.blocks import split_blocks

    texts = [b.text for t in seed_texts.values() for b in split_blocks(t)] + _TRICKY
    texts += [t.upper() for t in _TRICKY] + [t.title() for t in _TRICKY]
    got = [match_template(t) for t in texts]
    assert sum(g is not None for g in got) >= 40  # the cases exercise the matching rows
    assert got == [_reference(t) for t in texts]


def test_template_candidates_are_per_block_trigger_sets(seed_texts):
    from framing.clean.blocks import split_blocks
    from framing.clean.templates import template_candidates, trigger_rows

    lows = [b.text.lower() for t in seed_texts.values() for b in split_blocks(t)] + [t.lower() for t in _TRICKY]
    want = []
    for low in lows:
        ids = set()
        for w, rows in trigger_rows().items():
            if w in low:
                ids.update(rows)
        want.append(ids or None)
    got = template_candidates(lows)
    assert got == want and sum(g is not None for g in got) >= 20


def test_fold_safe_rows():
    from re import _parser

    from framing.clean.templates import _fold_safe, _matcher

    m = _matcher()
    assert set(m.rows_ascii) <= set(m.rows) and m.rows_ascii  # the shipped rows qualify
    for unsafe in (r"\bPhoto\b", r"(a)\1", r"(?-i:x)y", r"[A-Z]+", r"[^a-z]", "\u212a"):
        assert not _fold_safe(_parser.parse(unsafe)), unsafe
    for safe in (r"\b(photo|image) (by|credit)\b", r"[a-z0-9]+", r"[^\n.!?]{0,100}$", "©"):
        assert _fold_safe(_parser.parse(safe)), safe


def test_tagged_alternation_names_the_row():
    from framing.clean.templates import _non_capturing, _tagged

    assert _non_capturing(r"^(a|b(c))[(]\(x\)") == r"^(?:a|b(?:c))[(]\(x\)"
    rx = re.compile("|".join(_tagged(k, p) for k, p in enumerate([r"^(x|y)z$", r"^(x)(y)", r"^x"])))
    assert rx.match("xz").lastgroup == "t0" and rx.match("xy").lastgroup == "t1"
    assert rx.match("xq").lastgroup == "t2" and rx.match("xq").end() == 1
    assert _tagged(3, r"^(a)\1") == r"(?P<t3>^(a)\1)"  # a backreference keeps its group


def _probe_strings(seed_texts) -> list[str]:
    """Seed lines, the tricky cases, and trigger words at, inside and after word boundaries."""
    from framing.clean.blocks import split_blocks

    words = ["photo credit", "pool photo", "via ap]", "file photo", "all rights reserved", "copyright 2024",
             "terms of use", "privacy policy", "cookie policy", "we use cookies", "newsletter", "subscribe",
             "sign up here", "sign up for", "get a demo", "download the app", "published on 2024",
             "page you were looking for", "tired of biased news", "© 2023", "(c) 2020"]
    glue = ["", " ", "x", "_", "é", "9", "’", "\n", "İ", "ſ", "\u212a"]
    out = [b.text for t in seed_texts.values() for b in split_blocks(t)] + _TRICKY
    for w in words:
        for a in glue:
            for b in ("", " ", "x", "_", "."):
                out.append(f"{a}{w}{b} and more text")
                out.append(f"Some text {a}{w}{b}")
                out.append(f"{a}{w.upper()}{b}")
    return out


def test_fast_compiled_rows_find_what_the_rows_find(seed_texts):
    """The rows compiled with their leading word boundaries as look-behinds (_fast_compile) find
    the same spans as the rows as written, with and without re.I."""
    from framing.clean.templates import _fast_compile, _matcher

    m = _matcher()
    probes = _probe_strings(seed_texts)
    rewritten = found = 0
    for k in m.rows:
        pattern = templates()[k].pattern
        for flags in (re.I, 0):
            plain, fast = re.compile(pattern, flags), _fast_compile(pattern, flags)
            rewritten += fast is not plain
            for s in probes:
                for text in (s, s.lower()):
                    a, b = plain.search(text), fast.search(text)
                    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (k, text)
                    found += a is not None
    assert rewritten >= 8  # the shipped rows with leading \b are sped up
    assert found >= 1000  # the probes exercise the rows
    # a row (ASCII route: lower-cased text, no re.I) matches only texts holding one of its pre-test strings
    checked = 0
    for k, pre in m.prefilters.items():
        rx = re.compile(templates()[k].pattern)
        for s in probes:
            low = s.lower()
            if rx.search(low) is not None:
                assert any(r in low for r in pre), (k, s)
                checked += 1
    assert len(m.prefilters) >= 5 and checked >= 300


def test_required_substrings():
    from re import _parser

    from framing.clean.templates import _prefilter, _required

    assert _required(_parser.parse(r"\b(ab(c|d)ef|xyz+)q")) == {"ab", "xy"}  # (ties: the first run)
    assert _required(_parser.parse(r"(abc|d?)")) is None  # a branch with no requirement
    assert _required(_parser.parse(r"a[bc]d")) == {"a"}  # a class ends a run (ties: the first)
    assert _prefilter(r"(photo|ap)") is None  # too short to pay
    assert _prefilter(r"\bsubscribe (to|now)") == ("subscribe ",)


def test_boundary_behind_on_small_patterns():
    from framing.clean.templates import _fast_compile

    cases = [r"\bab", r"(\bab|cd)", r"\b(ab|cd)e", r"x|\bab", r"(\bab\b|\(c\))", r"\b(a|b)|c"]
    texts = ["ab", "xab", "_ab", "é ab", "cab", "cde", " cde", "(c)", "b", "a b c", "abab ab", ""]
    for p in cases:
        for flags in (0, re.I):
            plain, fast = re.compile(p, flags), _fast_compile(p, flags)
            for t in texts + [t.upper() for t in texts]:
                a, b = plain.search(t), fast.search(t)
                assert (a and a.span()) == (b and b.span()), (p, t)
    fast = _fast_compile(r"\bab", 0)
    assert fast is not re.compile(r"\bab") and fast.pattern == r"\bab"  # rewritten, with its source text
    assert _fast_compile(r"ab\b", 0) is re.compile(r"ab\b")  # nothing to rewrite: the plain pattern


def test_first_characters_of_the_anchored_rows(seed_texts):
    """A block whose first character is not among those the anchored rows start with matches
    none of them (the pre-test _match runs before the engine)."""
    from framing.clean.templates import _first_chars, _matcher, _may_start

    assert _first_chars(re.compile(r"^(ab|\d+x|c?y)")) == (frozenset("acy"), True, False)
    assert _first_chars(re.compile(r"^(ab|\w+x)")) is None  # any word character: no test
    assert _first_chars(re.compile(r"^a?")) is None  # may match empty
    assert _first_chars(re.compile(r"^[^a]")) is None  # negated class: not known
    probes = _probe_strings(seed_texts) + ["12 comments", "  x", "\u2028", "٣ replies", "by", "_x"]
    known = 0
    for mx, rx_low, _ in _matcher().anchored:
        first = _first_chars(rx_low)
        if first is None:
            continue
        known += 1
        for s in probes:
            low = s.lower()
            if rx_low.match(low) is not None:
                assert _may_start(low[:1], first), (mx, s)
    assert known >= 4
