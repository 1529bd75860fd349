"""Source types: who a speaker is (official, state media, expert, anonymous ...).

Two tables decide:

- the outlet registry (:mod:`framing.corpus.outlets`, ``default_registry()``)
  for news outlets and agencies named as speakers (KCNA, TASS, Yonhap,
  Reuters ...); while the registry is not available the same rows are read
  from ``framing/data/outlets.csv``;
- ``framing/lexicons/source_roles.csv`` (documented in
  ``ATTRIBUTION_TABLES.md``): role words ("minister", "spokeswoman"),
  institutions ("Pentagon", "Kremlin"), document words ("treaty",
  "report"), anonymous-source words ("sources", "officials") and demonyms
  ("Russian" -> Russia) for the speaker's country.

:func:`classify_source` applies them in order (stages numbered in the code):
1. an outlet named in the speaker span; 2. anonymous wording with no name;
3. the head role or institution word (the right-most one in the span, or
the resolved person's descriptor); 4. otherwise ``"unknown"``.
The categories are documented in ``ATTRIBUTION_TABLES.md``.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from .. import _regex

__all__ = ["SOURCE_TYPES", "RoleEntry", "SourceInfo", "role_table", "demonyms", "outlet_finder",
           "classify_source", "OutletFinder"]

SOURCE_TYPES = ("government_official", "politician", "state_media", "news_agency", "media", "military",
                "intelligence", "expert", "ngo", "international_org", "legal", "law_enforcement", "company",
                "document", "anonymous", "ordinary_person", "unknown")

#: outlet registry type -> source type
_OUTLET_TYPE = {"state_media": "state_media", "news_agency": "news_agency"}


@dataclass(frozen=True)
class RoleEntry:
    pattern: str
    kind: str  #: role | institution | document | anonymous | demonym
    source_type: str
    country: str | None


class SourceInfo(NamedTuple):
    source_type: str
    country: str | None
    outlet: str | None  #: registry name when the speaker is an outlet


@lru_cache(maxsize=1)
def role_table() -> dict[tuple[str, ...], RoleEntry]:
    """``framing/lexicons/source_roles.csv`` keyed by pattern tokens."""
    text = resources.files("framing.lexicons").joinpath("source_roles.csv").read_text(encoding="utf-8")
    out: dict[tuple[str, ...], RoleEntry] = {}
    for row in csv.DictReader(io.StringIO(text)):
        st = row["source_type"].strip()
        if st and st not in SOURCE_TYPES:
            raise ValueError(f"unknown source type {st!r} in source_roles.csv")
        e = RoleEntry(row["pattern"].strip().lower(), row["kind"].strip(), st, row["country"].strip() or None)
        out[tuple(e.pattern.split())] = e
    return out


@lru_cache(maxsize=1)
def _demonym_firsts() -> frozenset[str]:
    """First words of the demonym and country names (a pre-filter for :func:`span_country`)."""
    return frozenset(k.split()[0] for k in demonyms() if k.split())


@lru_cache(maxsize=1)
def _role_firsts() -> frozenset[str]:
    """First words of the role table's patterns (the words :func:`_role_starts` starts from)."""
    return frozenset(k[0] for k in role_table())


@lru_cache(maxsize=1)
def _role_starts() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """The words at which the role loop of :func:`_classify` can find a pattern, and the pattern
    lengths to try at each, longest first.

    A pattern of ``n`` words matches at word ``w`` only if ``w`` is its first word; the one-word
    look-ups also try ``w`` without "'s" and without a plural "s". So the words are the first words,
    and the one-word patterns with "'s" or "s" added; the lengths are those of the patterns opening
    with the word, and always 1 (for the "'s" and plural look-ups). Any other word or length finds
    no pattern: skipping them gives the same result as trying 4, 3, 2, 1 at every word."""
    table = role_table()
    ones = [k[0] for k in table if len(k) == 1]
    starts = set(_role_firsts()) | {w + "'s" for w in ones} | {w + "s" for w in ones}
    lens: dict[str, set[int]] = {}
    for k in table:
        lens.setdefault(k[0], set()).add(min(len(k), 4))  # (the loop tries at most 4 words)
    return frozenset(starts), {w: tuple(sorted(lens.get(w, set()) | {1}, reverse=True)) for w in starts}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    return {e.pattern: e.country for e in role_table().values() if e.kind == "demonym" and e.country}


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    return frozenset(e.pattern for e in role_table().values() if e.kind in ("role",) and " " not in e.pattern)


# --------------------------------------------------------------------------- outlets
@dataclass(frozen=True)
class _Outlet:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    type: str


class OutletFinder:
    """Find outlet names in a short span (registry when available, else the shipped outlet CSV)."""

    def __init__(self) -> None:
        self.reg: Any = None
        try:  # the registry is being written by another engineer: use it when it exists
            from ..corpus.outlets import default_registry  # type: ignore[attr-defined]

            self.reg = default_registry()
        except Exception:  # noqa: BLE001 - absent or not ready: fall back to the CSV
            self.reg = None
        self._names: dict[str, _Outlet] = {}
        #: first words of every registered name and alias: a span with none of them names no outlet,
        #: so the registry's (large) mention pattern is only run on spans that may match
        self._first_words: dict[str, tuple[str, ...]] | None = None
        if self.reg is not None:
            try:
                firsts: dict[str, set[str]] = {}
                for o in self.reg:
                    for n in (o.name, *o.aliases):
                        n = " ".join(n.lower().split())
                        for form in (n, n[4:] if n.startswith("the ") else n):
                            ws = _W_RE.findall(form)
                            if ws:
                                firsts.setdefault(ws[0], set()).add(form)
                self._first_words = {w: tuple(ns) for w, ns in firsts.items()}
            except Exception:  # noqa: BLE001 - an older registry without iteration: no pre-filter
                self._first_words = None
        if self.reg is None:
            self._load_csv()
        self._re = None
        if self._names:
            alts = sorted(self._names, key=len, reverse=True)
            self._re = _regex.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w])",
                                      re.IGNORECASE)

    def _load_csv(self) -> None:
        try:
            text = resources.files("framing.data").joinpath("outlets.csv").read_text(encoding="utf-8")
        except (FileNotFoundError, ModuleNotFoundError, OSError):
            return
        for row in csv.DictReader(io.StringIO(text)):
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
            o = _Outlet(row["name"], aliases, row.get("country") or None, row.get("type") or "private")
            for a in (o.name, *aliases):
                self._names.setdefault(a.lower(), o)

    def find(self, span: str) -> list[tuple[int, int, Any]]:
        """``(start, end, outlet)`` for outlet names in ``span`` (cached: speaker spans repeat)."""
        return self._find(span)

    @lru_cache(maxsize=8192)  # noqa: B019 - one finder per process (outlet_finder is cached)
    def _find(self, span: str) -> list[tuple[int, int, Any]]:
        if self.reg is not None:
            if not self._may_name(span):
                return []  # no registered name or alias in the span: every look-up below would fail
            try:
                found = list(self.reg.find_mentions(span))
                if found:
                    return found
                # names the registry leaves out of free-text matching as ambiguous ("TASS", "AP",
                # "Bloomberg") are unambiguous as a whole speaker span or an all-caps acronym in one
                whole = span.strip()
                for det in ("the ", "The "):
                    if whole.startswith(det):
                        whole = whole[len(det):]
                o = self.reg.lookup(whole) if whole else None
                if o is not None:
                    return [(span.find(whole), span.find(whole) + len(whole), o)]
                for m in _ACRONYM_RE.finditer(span):
                    o = self.reg.lookup(m.group())
                    if o is not None:
                        return [(m.start(), m.end(), o)]
            except Exception:  # noqa: BLE001
                return []
            return []
        out = []
        if self._re is None:
            return out
        for m in self._re.finditer(span):
            g = m.group()
            o = self._names[g.lower()]
            # short aliases ("AP", "RT", "AA") only in their exact upper-case form
            if len(g) <= 4 and g != g.upper():
                continue
            if len(g) <= 4 and g.upper() not in {a.upper() for a in (o.name, *o.aliases) if a == a.upper()}:
                continue
            out.append((m.start(), m.end(), o))
        return out

    def _may_name(self, span: str) -> bool:
        """False only when no registered name or alias occurs in ``span`` (case-insensitively)."""
        fw = self._first_words
        if fw is None:
            return True
        if not fw:
            return False
        low = " ".join(span.lower().split())
        # True when a name (or alias) occurs in the span and its first word is a word of the span:
        # one Aho-Corasick pass finds every name occurring in the span (most spans hold none)
        words = None
        for _end, first in self._name_automaton.iter(low):
            if words is None:
                words = set(_W_RE.findall(low))
            if first in words:
                return True
        return False

    @cached_property
    def _name_automaton(self):
        """Aho-Corasick automaton of the names and aliases of :attr:`_first_words`, each with its
        first word (built on first use)."""
        import ahocorasick

        aut = ahocorasick.Automaton()
        for w, names in (self._first_words or {}).items():
            for n in names:
                aut.add_word(n, w)
        aut.make_automaton()
        return aut

    def lookup(self, name: str) -> Any:
        if self.reg is not None:
            try:
                return self.reg.lookup(name)
            except Exception:  # noqa: BLE001
                return None
        return self._names.get(name.lower())


_W_RE = _regex.compile(r"\w+")
_ACRONYM_RE = _regex.compile(r"(?<![\w-])[A-Z]{2,6}(?![\w-])")


@lru_cache(maxsize=1)
def outlet_finder() -> OutletFinder:
    return OutletFinder()


# --------------------------------------------------------------------------- classify
#: (possessive quantifiers: the same words as ``[\w]+(?:[-'’.][\w]+)*\.?``, as no word character can
#: follow a run of them, faster; checked in the tests)
_TOK_RE = _regex.compile(r"[\w]++(?:[-'’.][\w]++)*+\.?+")
_INDEF = frozenset({"a", "an", "some", "several", "two", "three", "many", "one", "other", "senior", "unnamed",
                    "anonymous"})


def _words(span: str) -> list[str]:
    if span.isascii():
        # ASCII lower-casing maps letters to letters one for one (and there is no "’"): the words
        # of the lower-cased span are the lower-cased words of the span, found by one call
        return _TOK_RE.findall(span.lower())
    return [w.lower().replace("’", "'") for w in _TOK_RE.findall(span)]


def _written_in_capitals(word: str, span: str) -> bool:
    """Whether the lower-cased token ``word`` is written in capitals in ``span`` ("UN", not "Un")."""
    up = word.upper()
    return any(t == up or (t.startswith(up) and t[len(up):].lower() in ("'s", "’s")) for t in _TOK_RE.findall(span))


@lru_cache(maxsize=8192)
def span_country(span: str) -> str | None:
    """The first demonym or country in ``span`` ("Russian President" -> "Russia")."""
    return _span_country(span, _words(span))


def _span_country(span: str, ws: list[str]) -> str | None:
    """:func:`span_country` of ``span`` whose words (:func:`_words`) are ``ws``."""
    dem = demonyms()
    firsts = _demonym_firsts()
    if firsts.isdisjoint(ws) and "'s" not in " ".join(ws):
        return None  # no word opens a demonym or country, nor a possessive whose base could: the loop finds none
    for i, w in enumerate(ws):
        if w not in firsts and (w[:-2] if w.endswith("'s") else w) not in firsts:
            continue  # no demonym or country starts with this word: skip the look-ups
        two = " ".join(ws[i:i + 2]) if i + 1 < len(ws) else ""
        if two.endswith("'s"):
            two = two[:-2]
        if two in dem:
            return dem[two]
        base = w[:-2] if w.endswith("'s") else w
        if base == "us" and not _written_in_capitals("us", span):
            continue  # the pronoun "us", not the US (the two-letter rule of _role_heads, as a token test)
        if base in dem:
            return dem[base]
    return None


def _role_heads(span: str, ws: list[str]) -> tuple[RoleEntry | None, RoleEntry | None, str | None]:
    """The right-most role/institution/document entry and the right-most anonymous entry of the role
    table in ``span`` (words ``ws``), as stage 3 of :func:`classify_source` reads them, and the
    country of the first such (non-anonymous) entry that has one.

    Tries only the words where a pattern can start, and only the lengths of the patterns opening
    with them (:func:`_role_starts`; most speaker spans hold none of these words): the same entries
    as trying 4, 3, 2, 1 words at every word (tests/extract/test_sources.py checks it)."""
    table = role_table()
    best: RoleEntry | None = None
    anon: RoleEntry | None = None
    country: str | None = None
    starts, lengths = _role_starts()
    for i in (() if starts.isdisjoint(ws) else range(len(ws))):
        w0 = ws[i]
        if w0 not in starts:
            continue  # no table pattern starts here (nor its possessive or plural): skip the look-ups
        for n in lengths[w0]:
            key = tuple(ws[i:i + n])
            if len(key) < n:
                continue
            e = table.get(key)
            if e is None and n == 1 and key[0].endswith("'s"):
                e = table.get((key[0][:-2],))
            if e is None and n == 1 and key[0].endswith("s") and len(key[0]) > 3:
                e = table.get((key[0][:-1],))  # plural of a role ("analysts", "diplomats")
            if e is None or e.kind == "demonym":
                continue
            if n == 1 and len(w0.removesuffix("'s")) == 2 and not _written_in_capitals(w0.removesuffix("'s"), span):
                continue  # "Un" of "Kim Jong Un" is not the UN (two-letter patterns: UN, EU, MP)
            if e.kind == "anonymous":
                anon = e
            else:
                best = e
                if e.country and not country:
                    country = e.country
            break
    return best, anon, country


def classify_source(span: str, *, descriptors: set[str] | frozenset[str] = frozenset(),
                    has_name: bool = False) -> SourceInfo:
    """The source type and country of a speaker span (see the module docstring)."""
    return _classify(span, frozenset(descriptors), has_name)


@lru_cache(maxsize=8192)
def _classify(span: str, descriptors: frozenset[str], has_name: bool) -> SourceInfo:
    table = role_table()
    ws = _words(span)
    country = _span_country(span, ws)
    # 1. an outlet named in the span
    for _s, _e, o in outlet_finder().find(span):
        otype = getattr(o, "type", "private")
        return SourceInfo(_OUTLET_TYPE.get(otype, "media"), getattr(o, "country", None) or country,
                          getattr(o, "name", None))
    # 3. role / institution words: the right-most match is the head of the noun phrase
    best, anon, role_country = _role_heads(span, ws)
    if role_country and not country:
        country = role_country  # (the first role entry with a country, when the words name none)
    # 2. anonymous wording: plural officials/sources or an indefinite official with no name
    if not has_name:
        if anon is not None and (best is None or best.kind != "document"):
            return SourceInfo("anonymous", country, None)
        if best is not None and best.kind == "role" and ws and ws[0] in _INDEF:
            return SourceInfo("anonymous", country, None)
    if best is not None:
        return SourceInfo(best.source_type, country, None)
    # a country or capital standing for its government ("Moscow praised", "North Korea has denied")
    bare = [w for w in ws if w not in ("the",)]
    if bare and " ".join(bare).removesuffix("'s") in demonyms() and country and len(bare) <= 3:
        return SourceInfo("government_official", country, None)
    for d in sorted(descriptors):
        e = table.get(tuple(d.split()))
        if e is not None and e.source_type and e.kind != "demonym":
            return SourceInfo(e.source_type, country, None)
    # 4. nothing known
    return SourceInfo("unknown", country, None)
