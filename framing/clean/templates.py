"""Package data of the cleaner: template phrases of page chrome and the stop-word list.

Both files live in ``framing/clean/data`` with their description, version,
provenance and licence in their header comments, and are loaded once with
:mod:`importlib.resources`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ..errors import ConfigError
from ..types import BLOCK_LABELS

__all__ = ["Template", "templates", "match_template", "stopwords", "read_data"]

_MAX_TEMPLATE_CHARS = 500


class Template(NamedTuple):
    label: str
    barrier: bool
    max_chars: int
    triggers: tuple[str, ...]  #: pre-filter substrings of an unanchored pattern (empty: anchored)
    pattern: str
    note: str


def read_data(name: str) -> list[str]:
    """The non-comment, non-blank lines of ``framing/clean/data/<name>``."""
    raw = resources.files("framing.clean").joinpath("data", name).read_text(encoding="utf-8")
    return [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (``data/stopwords_en.txt``)."""
    return frozenset(w.strip().lower() for w in read_data("stopwords_en.txt"))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Template phrases (``data/templates.tsv``), validated."""
    out = []
    for n, ln in enumerate(read_data("templates.tsv"), 1):
        parts = ln.split("\t")
        if len(parts) != 6 or parts[0] not in BLOCK_LABELS:
            raise ConfigError("E014", f"templates.tsv: bad row {n}: {ln[:80]!r}")
        anchored = parts[4].startswith("^")
        trig = () if parts[3] == "-" else tuple(t for t in parts[3].split("|") if t)
        if anchored == bool(trig):
            raise ConfigError("E014", f"templates.tsv: row {n}: triggers must be '-' exactly for ^-anchored patterns")
        try:
            re.compile(parts[4], re.I)
            t = Template(parts[0], parts[1] == "1", int(parts[2]), trig, parts[4], parts[5])
        except (re.error, ValueError) as exc:
            raise ConfigError("E014", f"templates.tsv: bad row {n}: {exc}") from exc
        if t.max_chars > _MAX_TEMPLATE_CHARS:
            raise ConfigError("E014", f"templates.tsv: max_chars over {_MAX_TEMPLATE_CHARS} in row {n}")
        out.append(t)
    return tuple(out)


class _Matcher(NamedTuple):
    anchored: list[tuple[int, re.Pattern | None, re.Pattern | None]]  #: per max_chars: (lower, cased)
    automaton: object  #: Aho-Corasick over trigger substrings -> row ids
    rows: dict[int, re.Pattern]  #: unanchored row id -> compiled pattern


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    """Anchored rows: for each distinct ``max_chars`` M one alternation of the rows allowed on
    blocks of length <= M, tried with ``match`` at the block start only. Unanchored rows: run
    only when one of their trigger substrings occurs (Aho-Corasick), so a block costs O(length)."""
    import ahocorasick

    ts_all = templates()
    anchored = []
    for mx in sorted({t.max_chars for t in ts_all if not t.triggers}):
        ids = [k for k, t in enumerate(ts_all) if not t.triggers and t.max_chars >= mx]
        # case-insensitive rows are matched, without re.I (faster), against the lower-cased text;
        # rows with a case-sensitive part "(?-i:...)" against the text as given, with re.I
        low = [k for k in ids if "(?-i:" not in ts_all[k].pattern]
        cased = [k for k in ids if "(?-i:" in ts_all[k].pattern]
        rx_low = re.compile("|".join(f"(?P<t{k}>{ts_all[k].pattern})" for k in low)) if low else None
        rx_cased = re.compile("|".join(f"(?P<t{k}>{ts_all[k].pattern})" for k in cased), re.I) if cased else None
        anchored.append((mx, rx_low, rx_cased))
    A = ahocorasick.Automaton()
    trig: dict[str, set[int]] = {}
    for k, t in enumerate(ts_all):
        for w in t.triggers:
            trig.setdefault(w.lower(), set()).add(k)
    for w, ids in trig.items():
        A.add_word(w, tuple(sorted(ids)))
    A.make_automaton()
    rows = {k: re.compile(t.pattern, re.I) for k, t in enumerate(ts_all) if t.triggers}
    return _Matcher(anchored, A, rows)


_MATCHER: list[_Matcher] = []


def _load_matcher() -> _Matcher:
    _MATCHER.append(_matcher())
    return _MATCHER[0]


def match_template(text: str, lower: str | None = None) -> tuple[str, bool, str] | None:
    """``(label, barrier, note + matched phrase)`` of the template phrase ``text`` matches.

    Only blocks up to a pattern's ``max_chars`` are tried against it, so long
    body paragraphs that merely mention "privacy policy" are not chrome. When
    several rows match, the earliest row of the file wins.
    """
    n = len(text)
    if n > _MAX_TEMPLATE_CHARS:
        return None
    m = _MATCHER[0] if _MATCHER else _load_matcher()
    best: tuple[int, str] | None = None
    if lower is None:
        lower = text.lower()
    for mx, rx_low, rx_cased in m.anchored:
        if n <= mx:
            hit = rx_low.match(lower) if rx_low is not None else None
            if hit is not None:  # quote the phrase as written when lower() kept the offsets
                best = (int(hit.lastgroup[1:]), text[:hit.end()] if len(lower) == n else hit.group(0))
            if rx_cased is not None:
                rx = rx_cased
                hit = rx.match(text)
                if hit is not None and (best is None or int(hit.lastgroup[1:]) < best[0]):
                    best = (int(hit.lastgroup[1:]), hit.group(0))
            break
    cands: set[int] | None = None
    for _, ids in m.automaton.iter(lower):
        if cands is None:
            cands = set(ids)
        else:
            cands.update(ids)
    if cands:
        ts = templates()
        for k in sorted(cands):
            if best is not None and k > best[0]:
                break
            if n > ts[k].max_chars:
                continue
            hit = m.rows[k].search(text)
            if hit is not None:
                best = (k, hit.group(0))
                break
    if best is None:
        return None
    t = templates()[best[0]]
    return t.label, t.barrier, f"{t.note.split(' (')[0]}: {best[1][:60]!r}"
