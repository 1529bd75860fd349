"""The shared tokenisation and sentence split: real behaviour, and identity with the regular
expressions that define them (the vectorised tokeniser and the rewritten boundary pattern must
give exactly what ``WORD_RE`` and the original boundary pattern give)."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.extract import tokens as tk
from framing.extract.lexicon import fold, pad
from framing.extract.tokens import WORD_RE, Token, Tokens, sentence_spans

# The definitions the fast code must reproduce.
_REF_BOUNDARY = re.compile(r"(?:(?<![.!?…])[.!?…]++[\"'”’»)\]]*+)(?=\s)|\n[ \t]*\n")
_REF_PAD = re.compile(r"[^\w ]")


def _ref_tokens(text: str) -> tuple[list[int], list[int], list[str]]:
    ms = list(WORD_RE.finditer(text))
    return [m.start() for m in ms], [m.end() for m in ms], [m.group().lower() for m in ms]


def _boundaries(text: str) -> list[tuple[int, int]]:
    """The matches of the reference boundary pattern, rebuilt from tk._BOUNDARY_RE: a punctuation
    match also takes the white space after it (group 1 ends with the run), so the blank lines in
    that white space are matched there by tk._BLANK_LINE_RE."""
    out = []
    for m in tk._BOUNDARY_RE.finditer(text):
        if m.group(2) is None:
            out.append(m.span())
        else:
            out.append((m.start(), m.end(1)))
            out.extend(b.span() for b in tk._BLANK_LINE_RE.finditer(text, m.end(1), m.end()))
    return out


_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _ref_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence split as first written (one reference match at a time, a scan for the next
    character and a search for the word before a period): what sentence_spans must give."""
    spans, start, n = [], 0, len(text)

    def push(s, e):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))

    for m in _REF_BOUNDARY.finditer(text):
        s0, end = m.span()
        if text[s0] == "\n":
            cut = s0
        else:
            if text[s0] == ".":
                wb = _WORD_BEFORE.search(text, max(0, s0 - 12), s0)
                if wb:
                    w = wb.group(1).lower().strip(".")
                    if w in tk._ABBREV or (len(w) == 1 and w.isalpha()):
                        continue
            k = end
            while k < n and text[k].isspace():
                k += 1
            if k < n and not (text[k].isupper() or text[k].isdigit() or text[k] in "\"'“‘«(["):
                continue
            cut = end
        push(start, cut)
        start = end
    push(start, n)
    return spans


def _ref_pad(text: str) -> str:
    low = text.lower()
    folded = low if len(low) == len(text) else fold(text)
    return " " + _REF_PAD.sub(" ", folded) + " "


def _check(text: str) -> None:
    t = Tokens(text)
    assert (t.starts, t.ends, t.lowers) == _ref_tokens(text)
    assert _boundaries(text) == [m.span() for m in _REF_BOUNDARY.finditer(text)]
    assert sentence_spans(text) == _ref_sentences(text)
    assert pad(text) == _ref_pad(text)
    if t.padded is not None:
        assert t.padded == _ref_pad(text)


TRICKY = [
    "",
    "x",
    "Kim Jong-un didn't say 11,000 or 3.5; he said 1.a and a.1 -- a--b -x- 'quoted' rock’n’roll.",
    "İstanbul’da ΟΔΟΣ Σ. \u212aelvin ǅungla Ǆ ß ﬁ _x_ ١٢٣,٤ 𝐀𝐁𝐂 𝟎.𝟏 🙂x🙂",
    "lone \ud800 surrogate’s \udfff end",
    "Mr. Smith went. U.S. Army! \"Yes.\" (No.) 3. Next… Then?! \u201cQuoted.\u201d Done",
    "a.\n\n\nB\n \t\nC\r\n\r\nD",
    "x" * 10 + "." * 5000 + " A " + "!" * 300,
    # rejected boundaries with a blank line in the white space after them, abbreviations at line
    # starts and ends, the window of the word before a period
    "Mr.\n\nSmith e.g. \n \n the end. it goes on.\t\n\nNext\n.Mr. x\nMr.\n approx. Approximately. A",
    "abcdefghijklmnop.u.s. Then ..mr. And _x. Y \u0130. Z a. B ab_. C",
]


@pytest.mark.parametrize("text", TRICKY)
def test_identity_on_tricky_text(text):
    _check(text)


def test_identity_on_seeds(seed_texts):
    for text in seed_texts.values():
        _check(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZé9_-'’.,!?…\n \t\"”)Σİ🙂\u212a١\ud800\udc00\u2028M", max_size=40))
def test_identity_on_generated_text(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_identity_on_any_unicode(text):
    _check(text)


def _groups(rx, text):
    return [(m.span(), m.span(1), m.span(2), m.group(2)) for m in rx.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZé9_-'’.,!?\n \t\"”)»]Mx", max_size=40))
def test_boundary_pattern_without_ellipsis_is_the_same_on_text_without_one(text):
    # sentence_spans reads a text holding no "…" with the ellipsis-free copy of _BOUNDARY_RE
    assert _groups(tk._BOUNDARY_RE_NO_ELLIPSIS, text) == _groups(tk._BOUNDARY_RE, text)


def test_boundary_pattern_without_ellipsis_on_seeds(seed_texts):
    for text in seed_texts.values():
        text = text.replace("…", "...")
        got = _groups(tk._BOUNDARY_RE_NO_ELLIPSIS, text)
        assert len(got) > 10 and got == _groups(tk._BOUNDARY_RE, text)
    # (the copy is a different pattern: it does not see an ellipsis)
    assert not list(tk._BOUNDARY_RE_NO_ELLIPSIS.finditer("Wait… Then"))
    assert list(tk._BOUNDARY_RE.finditer("Wait… Then"))


def test_words_and_offsets_on_real_sentence(seed_texts):
    text = seed_texts["002"]
    t = Tokens(text)
    assert len(t) > 300
    for s, e, w in list(t)[:400]:
        assert text[s:e].lower() == w
    i = t.lowers.index("lavrov")
    assert text[t.starts[i]:t.ends[i]] == "Lavrov"
    assert isinstance(next(iter(t)), Token)
    # "Jong-un" and "don't" are one word each, "11,000" one number
    u = Tokens("Kim Jong-un said he won't pay 11,000 won.")
    assert u.lowers == ["kim", "jong-un", "said", "he", "won't", "pay", "11,000", "won"]
    assert u.count_between(0, 11) == 2 and u.index_at(4) == 1


def test_character_classes_match_the_regex_classes():
    # \w is str.isalnum() or "_", \d is str.isdecimal(): an independent check of the class table
    tbl = tk._bmp_table()
    for cp in range(0x10000):
        c = chr(cp)
        flags = int(tbl[cp])
        assert bool(flags & tk._WORD) == (c.isalnum() or c == "_"), hex(cp)
        assert bool(flags & tk._DIGIT) == c.isdecimal(), hex(cp)
        assert bool(flags & tk._JOIN) == (c in "-'’") and bool(flags & tk._NUMJOIN) == (c in ".,")
        assert bool(flags & tk._SPACE) == (c == " ")
    for c in "𝐀𝟎🙂\U00020000":  # astral letters, digits, symbols
        flags = tk._astral_class(ord(c))
        assert bool(flags & tk._WORD) == c.isalnum() and bool(flags & tk._DIGIT) == c.isdecimal()


def test_lower_casing_keeps_every_character_class():
    # the tokeniser takes the lower-cased forms (and the padded text) from one lower-cased copy
    # of the text: that is exact only because lower-casing never changes a character's class
    classes = [re.compile(p) for p in (r"\w", r"\d", r"[-'’]", r"[.,]", r" ", r"\s")]
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if low == c or len(low) != 1:
            continue
        for rx in classes:
            assert bool(rx.match(c)) == bool(rx.match(low)), (hex(cp), rx.pattern)


def test_sentences_on_real_text(seed_texts):
    spans = sentence_spans("Mr. Kim met Gen. Gerasimov in the U.S. on Oct. 3. The talks ended.\n\nA new line")
    text = "Mr. Kim met Gen. Gerasimov in the U.S. on Oct. 3. The talks ended.\n\nA new line"
    assert [text[s:e] for s, e in spans] == [
        "Mr. Kim met Gen. Gerasimov in the U.S. on Oct. 3.", "The talks ended.", "A new line"]
    body = seed_texts["001"]
    got = sentence_spans(body)
    assert len(got) > 20
    assert all(body[s:e] == body[s:e].strip() and e > s for s, e in got)
    assert all(a[1] <= b[0] for a, b in zip(got, got[1:]))


def test_word_before_a_period_is_read_as_the_search_reads_it():
    # sentence_spans reads the word before a period with one anchored match from the window's end
    # (or skips it when the word's last characters make an abbreviation impossible)
    for text in ("ab.cd", "x mr", "..mr", "(u.s", "a_b", "abc\n", "\n", "", "İ.x", "approx", "12345678"):
        for lo in range(len(text) + 1):
            want = _WORD_BEFORE.search(text, lo, len(text))
            got = (_WORD_BEFORE.search(text, lo, len(text)) if text.endswith("\n")
                   else tk._WORD_BEFORE_FULL.fullmatch(text, lo, len(text)))
            assert (want and want.group(1)) == (got and got.group(1)), (text, lo)
    assert tk._ABBREV_TAIL == 7  # "approx"


def test_lower_table_is_str_lower():
    # Tokens lower-cases by a table lookup: exact for every BMP code point but the special ones
    tbl, special = tk._lower_table()
    assert special == ("\u0130",)
    for cp in range(0x10000):
        c = chr(cp)
        if c not in special:
            assert chr(int(tbl[cp])) == c.lower(), hex(cp)
    assert bytes(tk._narrow_lower(1)) == bytes(range(128)).lower()


def test_narrow_codes_round_trip():
    for text in ("plain ascii", "curly ’quotes’ and É", "lone \ud800\udc00 pair", "astral 🙂", "\udfff\ud800"):
        codes, width = tk._narrow_codes(text)
        assert codes.tolist() == [ord(c) for c in text]
        assert width == (1 if text.isascii() else 4 if "🙂" in text else 2)
        if width != 4:  # decoded from the narrow array with the bound of its width, as Tokens does
            assert tk._from_codes(codes, 0x7F if width == 1 else 0xFFFF) == text
    # a lone high surrogate then a lone low one must not pair up when decoded
    codes, width = tk._narrow_codes("a\ud800\udc00")
    assert tk._from_codes(codes, 0xFFFF) == "a\ud800\udc00"
    # the uint32 codes other modules use are unchanged
    assert tk._codes("é🙂").tolist() == [0xE9, 0x1F642] and str(tk._codes("ab").dtype) == "uint32"
