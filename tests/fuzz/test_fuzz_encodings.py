"""Fuzz :func:`framing.corpus.encodings.decode_bytes`: any bytes decode to non-blank ``str`` or raise
the toolkit's InputError (E002 empty, E003 binary, E004 undecodable); UTF-8 round-trips."""
from __future__ import annotations

from fuzz_helpers import PHRASES, hostile_text
from hypothesis import given
from hypothesis import strategies as st

from framing.corpus.encodings import decode_bytes, fix_mojibake
from framing.errors import FramingError


@given(data=st.binary(max_size=2000), declared=st.sampled_from([None, "utf-8", "cp1251", "koi8-r", "bogus", "utf-16"]),
       repair=st.booleans())
def test_any_bytes_decode_or_raise_a_framing_error(data, declared, repair):
    try:
        dec = decode_bytes(data, declared=declared, repair=repair)
    except FramingError as exc:
        assert exc.code in ("E002", "E003", "E004"), exc
        return
    assert isinstance(dec.text, str) and dec.text.strip()
    assert isinstance(dec.encoding, str) and dec.encoding


@given(text=hostile_text.filter(lambda s: s.strip() and "\x00" not in s))
def test_valid_utf8_round_trips(text):
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates are not UTF-8
        return
    dec = decode_bytes(raw, repair=False)
    assert dec.text == text.removeprefix("\ufeff") or dec.text == text


@given(text=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4).map(" ".join),
       enc=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"]))
def test_unicode_encodings_of_real_news_round_trip(text, enc):
    raw = text.encode(enc)
    assert decode_bytes(raw).text == text


@given(text=hostile_text)
def test_fix_mojibake_returns_text(text):
    fixed, repaired = fix_mojibake(text)
    assert isinstance(fixed, str) and isinstance(repaired, bool)
    assert repaired or fixed == text
