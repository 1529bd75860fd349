"""Hedges and boosters: how certain the outlet sounds, by voice.

Hedges mark uncertainty or distance ("may", "reportedly", "some say");
boosters mark certainty ("clearly", "there is no doubt", "always"). Types
follow Hyland (1998, 2005) and the CoNLL-2010 hedge-cue task (Farkas et al.
2010; its "weasel" cues are ``vague_source`` here); the table is
``framing/lexicons/hedges.csv``.

Stages:

1. **Match** the table (one Aho-Corasick pass, leftmost-longest, case-folded;
   "may" only in lower case so the month does not count).
2. **Voice** by direct quotation (``ctx.quote_at``): ``outlet`` or ``quoted``.
3. **Features** (prefixed ``hedging.``): for ``k`` in ``hedge``/``booster``:
   ``k.count``, ``k.per_1k`` (all words), ``k.outlet.count``,
   ``k.outlet.per_1k`` (per 1,000 words outside quotations),
   ``k.quoted.count``, ``k.quoted.per_1k`` (per 1,000 quoted words), and
   ``k.outlet.<type>.count`` for every type of the table;
   ``certainty.outlet`` = (boosters - hedges) / (boosters + hedges) in the
   outlet's voice (0 when it has neither).

Evidence: ``family="hedge"`` or ``"booster"``, ``label=<type>``, ``voice``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ..types import Evidence
from .lexicon import Entry, Lexicon
from .loaded import context_matches, rate_per_1k, voice_word_counts
from .registry import Context, FamilyResult, register

__all__ = ["Cue", "hedge_table", "find_cues", "context_cues", "cue_types"]

_LOWER_ONLY = {"may", "may be"}  # "May" is usually the month


class Cue(NamedTuple):
    start: int
    end: int
    text: str
    kind: str  #: "hedge" or "booster"
    type: str
    voice: str


@lru_cache(maxsize=1)
def hedge_table() -> Lexicon:
    from .. import lexicons

    meta = lexicons.read_meta("hedges.csv")
    entries = [Entry(r["term"], r["category"], "framing-curated", r.get("inflect", "") not in ("no", "0", "false"),
                     (("type", r["type"]),)) for r in lexicons.read_csv("hedges.csv")]
    return Lexicon(entries, name="hedges", version=str(meta.get("version", "")))


@lru_cache(maxsize=1)
def _types() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"hedge": [], "booster": []}
    for e in hedge_table().entries:
        t = dict(e.attrs)["type"]
        if t not in out.setdefault(e.category, []):
            out[e.category].append(t)
    return out


@lru_cache(maxsize=1)
def _feature_plan() -> tuple:
    """Per kind, in :func:`_types` order: the kind, its six count and rate feature names, and
    ``(type, "<kind>.outlet.<type>.count")`` per type; formatted once per process, not per document."""
    return tuple((kind, tuple(f"{kind}.{n}" for n in ("count", "per_1k", "outlet.count", "outlet.per_1k",
                                                         "quoted.count", "quoted.per_1k")),
                  tuple((t, f"{kind}.outlet.{t}.count") for t in types))
                 for kind, types in _types().items())


def cue_types() -> dict[str, list[str]]:
    """Types per kind, in table order: ``{"hedge": [...], "booster": [...]}`` (the feature names use them)."""
    return {k: list(v) for k, v in _types().items()}


def _cues(ctx: Context) -> list[Cue]:
    out = []
    for m in context_matches(ctx, hedge_table()):
        if m.entry.term in _LOWER_ONLY and not m.surface.islower():
            continue
        voice = "quoted" if ctx.quote_at(m.start, m.end) is not None else "outlet"
        out.append(Cue(m.start, m.end, m.surface, m.entry.category, dict(m.entry.attrs)["type"], voice))
    return out


def context_cues(ctx: Context) -> list[Cue]:
    """The cues of ``ctx``, computed once per context (shared by the hedging and loaded families)."""
    cached = ctx.__dict__.get("_framing_hedge_cues")
    if cached is None:
        cached = _cues(ctx)
        ctx.__dict__["_framing_hedge_cues"] = cached
    return cached


def find_cues(text: str) -> list[Cue]:
    """Hedge and booster cues of ``text`` (treated as an article body) with their voice."""
    return _cues(Context(text))


@register("hedging", order=50)
def extract_hedging(ctx: Context) -> FamilyResult:
    """Hedges and boosters (certainty markers) by voice and type."""
    cues = context_cues(ctx)
    words, qw, ow = voice_word_counts(ctx)
    rate = rate_per_1k

    f: dict[str, float] = {}
    outlet_n = {}
    for kind, names, type_names in _feature_plan():
        mine = [c for c in cues if c.kind == kind]
        o = [c for c in mine if c.voice == "outlet"]
        q = len(mine) - len(o)
        outlet_n[kind] = len(o)
        for name, v in zip(names, (float(len(mine)), rate(len(mine), words), float(len(o)), rate(len(o), ow),
                                   float(q), rate(q, qw))):
            f[name] = v
        by_type: dict[str, int] = {}
        for c in o:
            by_type[c.type] = by_type.get(c.type, 0) + 1
        for t, name in type_names:
            f[name] = float(by_type.get(t, 0))
    h, b = outlet_n.get("hedge", 0), outlet_n.get("booster", 0)
    f["certainty.outlet"] = (b - h) / (b + h) if b + h else 0.0
    ev = [Evidence(c.kind, c.type, c.start, c.end, c.text, c.voice) for c in cues]
    return FamilyResult(features=f, evidence=ev)
