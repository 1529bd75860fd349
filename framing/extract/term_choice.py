"""Term choice: which of several labels for the same referent a document uses.

Naming is framing (Entman 1993): "Kiev" or "Kyiv", "Ukraine conflict" or
"invasion", "regime" or "government", "militants" or "terrorists",
"illegal aliens" or "undocumented immigrants". The table
``framing/lexicons/term_choice.csv`` lists, per referent, the alternatives
(``variant``), their surface forms (``term``, matched with inflections,
hyphen and case variants) and what each choice signals (``stance``).

Stages:

1. **Match** every surface form (one Aho-Corasick pass, leftmost-longest, so
   "Ukraine conflict" wins over "conflict").
2. **Voice**: inside a direct quotation -> ``quoted``; else ``outlet`` (the
   outlet's own choice, the headline signal).
3. **Features** (outlet voice; prefixed ``term_choice.`` by the pipeline):
   ``<referent>.mentions``, ``<referent>.<variant>.count`` and
   ``<referent>.<variant>.share`` (share of the referent's outlet mentions;
   0 when the referent is not mentioned) for every row of the table, plus
   ``outlet.count``, ``quoted.count`` and ``referents`` (referents the outlet
   names). ``<variant>`` is the variant lower-cased with runs of other
   characters turned to ``_`` (``kyiv.kiev.share``,
   ``war_in_ukraine.ukraine_conflict.count``).

Rows whose referent is ``exclude`` remove a phrase from matching (KCNA's
"militant fraternity" is not an armed group).

Evidence: ``family="term_choice"``, ``label=<referent>``, attributes
``variant``, ``stance``, ``term``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..types import Evidence
from .lexicon import EXCLUDE, Entry, Lexicon
from .registry import Context, FamilyResult, register

__all__ = ["TermChoice", "term_table", "find_term_choices", "slug", "feature_names"]


class TermChoice(NamedTuple):
    start: int
    end: int
    text: str
    referent: str
    variant: str
    stance: str
    voice: str


def slug(s: str) -> str:
    """Feature-name form of a variant: ``"Ukraine conflict"`` -> ``"ukraine_conflict"``."""
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


@lru_cache(maxsize=1)
def term_table() -> Lexicon:
    """The packaged term-choice table as a compiled lexicon (category = referent)."""
    from .. import lexicons

    meta = lexicons.read_meta("term_choice.csv")
    entries = []
    for row in lexicons.read_csv("term_choice.csv"):
        entries.append(Entry(row["term"], row["referent"], "framing-curated", True,
                             (("stance", row["stance"]), ("variant", row["variant"]))))
    return Lexicon(entries, name="term_choice", version=str(meta.get("version", "")))


@lru_cache(maxsize=1)
def _variants() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in term_table().entries:
        if e.category == EXCLUDE:
            continue
        v = dict(e.attrs)["variant"]
        lst = out.setdefault(e.category, [])
        if v not in lst:
            lst.append(v)
    return out


def feature_names() -> list[str]:
    """The stable feature names of this family (unprefixed)."""
    names = ["outlet.count", "quoted.count", "referents"]
    for ref, variants in _variants().items():
        names.append(f"{ref}.mentions")
        for v in variants:
            names += [f"{ref}.{slug(v)}.count", f"{ref}.{slug(v)}.share"]
    return names


def _choices(ctx: Context) -> list[TermChoice]:
    out = []
    for m in term_table().match(ctx.text):
        a = dict(m.entry.attrs)
        voice = "quoted" if ctx.quote_at(m.start, m.end) is not None else "outlet"
        out.append(TermChoice(m.start, m.end, m.surface, m.entry.category, a["variant"], a["stance"], voice))
    return out


def find_term_choices(text: str) -> list[TermChoice]:
    """Term choices in ``text`` (treated as an article body) with their voice."""
    return _choices(Context(text))


@register("term_choice", order=40)
def extract_term_choice(ctx: Context) -> FamilyResult:
    """Which labelling alternative the outlet uses for each referent."""
    # 1-2. match and voice
    found = _choices(ctx)
    # 3. features
    outlet = [c for c in found if c.voice == "outlet"]
    f: dict[str, float] = {"outlet.count": float(len(outlet)), "quoted.count": float(len(found) - len(outlet))}
    counts: dict[tuple[str, str], int] = {}
    mentions: dict[str, int] = {}
    for c in outlet:
        counts[(c.referent, c.variant)] = counts.get((c.referent, c.variant), 0) + 1
        mentions[c.referent] = mentions.get(c.referent, 0) + 1
    f["referents"] = float(len(mentions))
    for ref, variants in _variants().items():
        n = mentions.get(ref, 0)
        f[f"{ref}.mentions"] = float(n)
        for v in variants:
            k = counts.get((ref, v), 0)
            f[f"{ref}.{slug(v)}.count"] = float(k)
            f[f"{ref}.{slug(v)}.share"] = k / n if n else 0.0
    ev = [Evidence("term_choice", c.referent, c.start, c.end, c.text, c.voice,
                   {"variant": c.variant, "stance": c.stance, "term": c.text}) for c in found]
    return FamilyResult(features=f, evidence=ev)
