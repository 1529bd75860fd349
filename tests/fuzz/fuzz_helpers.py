"""Hostile-text strategies and invariant checks shared by the fuzz tests (imported as ``fuzz_helpers``)."""
from __future__ import annotations

import math

from hypothesis import strategies as st

# -- hostile text ----------------------------------------------------------------------------
#: Characters that break naive text code: controls, zero-width and bidi marks, BOM, line and
#: paragraph separators, lone surrogates (what ``surrogateescape`` decoding leaves), combining
#: marks, emoji with ZWJ and skin tones, RTL scripts, full-width and smart punctuation.
SPECIALS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9c",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069",
    "\u2028", "\u2029", "\r", "\r\n", "\n", "\t", "\u3000", "\u00a0",
    "\udc80", "\udcff", "\ud800", "\udfff",
    "\u0301", "\u0308", "\u0338", "e\u0301\u0301\u0301", "\u0e49\u0e49",
    "\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "\U0001f1f7\U0001f1fa",
    "\u00ab", "\u00bb", "\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "\u2039", "\u203a", "\u300c", "\u300d",
    '"', "'", "`", "\uff02", "\uff07",
    "\ufdfd", "\ufffd", "\uffff", "\U0010ffff",
]
#: Real news phrases in several scripts (Russian, Korean, Arabic, Hebrew, Hindi, Chinese, English).
PHRASES = [
    "Президент России заявил, что переговоры продолжатся.",
    "북한은 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다.",
    "قال المتحدث باسم الوزارة إن المفاوضات ستستأنف الأسبوع المقبل.",
    "אמר דובר הצבא כי הפעילות נמשכת.",
    "प्रधानमंत्री ने कहा कि सरकार कदम उठाएगी।",
    "外交部发言人表示，中方对此表示严重关切。",
    'The minister said "the regime must be held accountable," officials told Reuters.',
    "“This is an act of aggression,” said the spokesman, according to TASS.",
    "According to officials, the so-called ‘special military operation’ continues.",
    "Kim Jong Un reportedly claimed the launch was a success, the agency said.",
    "By JOHN SMITH Associated Press", "Share on Facebook", "Advertisement", "Read more:",
]

_chars = st.characters(codec=None, exclude_categories=())  # every code point, surrogates included
_pieces = st.one_of(
    st.sampled_from(SPECIALS),
    st.sampled_from(PHRASES),
    st.text(alphabet=_chars, max_size=30),
    st.text(alphabet=st.sampled_from("aA .,;:!?-'\"\n"), max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "x", "-", "'", '"', " ", "\n", "\r", ".", "said ", "«"]),
              st.integers(1, 400)),
    st.builds(lambda n: "W" * n, st.integers(500, 3000)),  # very long words
)


def _join(parts: list[str]) -> str:
    return "".join(parts)


#: Arbitrary hostile text: a mix of specials, real multi-script news phrases, random code points,
#: long runs, very long words, CRLF / lone CR, and text with no line breaks at all.
hostile_text = st.lists(_pieces, max_size=25).map(_join)
#: Same, but rendered without any line break.
one_line_text = hostile_text.map(lambda s: s.replace("\n", " ").replace("\r", " ").replace("\u2028", " "))
any_text = st.one_of(hostile_text, one_line_text, st.text(alphabet=_chars, max_size=300))



# -- invariants ------------------------------------------------------------------------------
def check_span(text: str, start, end, got: str, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), (what, start, end)
    assert 0 <= start <= end <= len(text), (what, start, end, len(text))
    assert text[start:end] == got, (what, start, end, text[start:end], got)


def check_extraction(ex) -> None:
    """Every evidence and attribution span indexes ``ex.text``; every feature is a finite float;
    page blocks index the text and do not overlap."""
    for name, v in ex.features.items():
        assert isinstance(name, str)
        assert isinstance(v, float) and math.isfinite(v), (name, v)
    for e in ex.evidence:
        check_span(ex.text, e.start, e.end, e.text, f"evidence {e.family}/{e.label}")
    for a in ex.attributions:
        for part in ("content", "speaker", "cue"):
            sp = getattr(a, part)
            if sp is not None:
                check_span(ex.text, sp.start, sp.end, sp.text, f"attribution.{part}")
    if ex.cleaned is not None:
        check_page(ex.cleaned)


def check_page(page) -> None:
    prev_end = 0
    for b in sorted(page.blocks, key=lambda b: (b.start, b.end)):
        check_span(page.text, b.start, b.end, b.text, f"block {b.label}")
        assert b.start >= prev_end, ("overlapping blocks", b.start, prev_end)
        prev_end = b.end
    for bs, ts, ln in page.segments:
        assert page.body[bs:bs + ln] == page.text[ts:ts + ln], ("segment", bs, ts, ln)
    for r in (page.boilerplate_ratio, page.advert_ratio, page.duplicate_ratio):
        assert math.isfinite(r) and 0.0 <= r <= 1.0, r
    for f in page.flags:
        assert math.isfinite(f.score), f
        for sp in f.evidence:
            # flag spans index the page text
            check_span(page.text, sp.start, sp.end, sp.text, f"flag {f.name}")
