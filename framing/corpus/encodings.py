"""Decode bytes of unknown encoding into text, and repair mojibake.

Steps (numbered as in :func:`decode_bytes`):

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
2. UTF-16 without a BOM is recognised by its NUL-byte pattern (ASCII-range
   characters leave a NUL in every other byte).
3. Other NUL bytes mean binary data (error E003).
4. Strict UTF-8.
5. Otherwise charset-normalizer's best guess among legacy code pages
   (windows-1251, KOI8-R, EUC-KR, windows-1256, Latin-1 ...).
6. The decoded text is repaired with ftfy when it shows mojibake (UTF-8
   decoded as Latin-1/windows-1252, e.g. "Ð¡ÐµÑƒÐ»" for "Сеул").
"""
from __future__ import annotations

import codecs
import unicodedata
from typing import NamedTuple

from ..errors import InputError

__all__ = ["Decoded", "decode_bytes", "fix_mojibake"]


class Decoded(NamedTuple):
    text: str
    encoding: str
    repaired: bool  #: True when ftfy repaired mojibake


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _plausible(text: str) -> float:
    """Share of characters that are letters, digits, ASCII white space or common punctuation.

    Decoding UTF-16 in the wrong byte order turns every ASCII space into U+2000 and
    scatters letters into symbol blocks, so the right order scores near 1 and the
    wrong one clearly lower."""
    if not text:
        return 0.0
    sample = text[:2000]
    # combining marks count as text: Devanagari, Thai or Arabic vowel signs are not isalnum()
    good = sum(1 for ch in sample if ch.isalnum() or ch in " \t\r\n.,;:!?'\"()-–—«»“”‘’/%&।،؟"
               or unicodedata.category(ch)[0] == "M")
    return good / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 from its NUL bytes (spaces and ASCII leave a NUL in every
    other byte), then keep the byte order whose decoding reads as text."""
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    best, best_score = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            score = _plausible(sample.decode(enc))
        except UnicodeDecodeError:
            continue
        if score > best_score:
            best, best_score = enc, score
        elif score == best_score and best is not None:
            # a tie (one ASCII word reads as CJK ideographs in the wrong order, also "alnum"):
            # ASCII puts its NUL in the high byte, first in big-endian
            if sample[0::2].count(0) > sample[1::2].count(0):
                best = "utf-16-be"
    # calibrated on Russian, Korean, Arabic and English UTF-16 samples (scores > 0.97) against
    # binary files such as PNG, gzip and PDF (scores < 0.6)
    return best if best_score >= 0.9 else None


#: Preference among equally plausible code pages (most used on the web first).
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1256", "cp949", "euc_kr", "gb18030",
              "big5", "shift_jis", "euc_jp")


def fix_mojibake(text: str) -> tuple[str, bool]:
    """Repair mojibake with ftfy when ftfy judges the text bad; return (text, repaired)."""
    try:
        import ftfy
        from ftfy.badness import is_bad
    except ImportError:  # pragma: no cover - ftfy is a dependency
        return text, False
    if not is_bad(text):
        return text, False
    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def decode_bytes(data: bytes, *, path: str | None = None, declared: str | None = None,
                 repair: bool = True) -> Decoded:
    """Decode ``data`` to text (see the module docstring for the steps)."""
    if not data:
        raise InputError("E002", path=path)
    enc: str | None = None
    body = data
    # 1. BOM
    for bom, name in _BOMS:
        if data.startswith(bom):
            enc, body = name, data[len(bom):]
            break
    # 2. UTF-16 without BOM
    if enc is None:
        enc = _utf16_without_bom(data)
    # 3. binary
    if enc is None and b"\x00" in data[:65536]:
        raise InputError("E003", "file contains NUL bytes: it looks binary, not text", path=path)
    text: str | None = None
    if enc is not None:
        try:
            text = body.decode(enc)
        except UnicodeDecodeError as exc:
            raise InputError("E004", f"bytes are not valid {enc}: {exc.reason} at byte {exc.start}",
                             path=path) from None
    elif declared:
        try:
            text = data.decode(declared)
            enc = declared
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        # 4. strict UTF-8
        try:
            text = data.decode("utf-8")
            enc = "utf-8"
        except UnicodeDecodeError:
            # 5. legacy code pages
            from charset_normalizer import from_bytes

            results = list(from_bytes(data[:200_000]))
            if not results:
                raise InputError("E004", "could not detect the text encoding", path=path) from None
            best = results[0]
            # Tie-break: when code pages explain the bytes equally well (French in Latin-1 fits
            # cp1250 as well as cp1252), prefer the most widely used one.
            ties = [r for r in results if r.chaos <= best.chaos + 1e-9 and r.coherence >= best.coherence - 1e-9]
            tie_names = {r.encoding for r in ties}
            enc = next((e for e in _PREFERRED if e in tie_names), best.encoding)
            try:
                text = data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                text = data.decode(enc, errors="replace")
                enc += "+replace"
    # 6. mojibake
    repaired = False
    if repair:
        text, repaired = fix_mojibake(text)
    if not text.strip():
        raise InputError("E002", "file holds only white space", path=path)
    return Decoded(text, enc or "utf-8", repaired)
