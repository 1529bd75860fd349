"""Gather what a report shows from an :class:`~framing.pipeline.Analysis` and,
when available, a comparison (:func:`framing.compare`).

Stages:

1. **Corpus summary**: documents, outlets, stories, words, evidence by family, errors.
2. **Outlet comparison**: estimates with confidence intervals per outlet and
   feature -- from the comparison when given, else per-article means with an
   article-level percentile bootstrap (said so in the report) -- plus the
   heatmap matrix and the distinctive terms.
3. **Stories**: per story, the outlets' articles side by side, with the
   comparison's coverage and omissions when it has them.
4. **Articles**: per article, the highlighted text, feature table, quotes,
   loaded terms, term choices, page composition and flags.

Nothing is invented: a section whose data is absent says "not available".
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..types import ARTICLE_LABELS, Extraction
from .highlight import highlight

__all__ = ["ReportData", "build", "outlet_estimates", "KEY_FEATURES"]

#: Features shown first in profiles and side-by-side story cards when present (in this order).
KEY_FEATURES = (
    "loaded.outlet.per_1k", "loaded.quoted.per_1k", "loaded.per_1k",
    "term_choice.per_1k", "hedging.hedge.per_1k", "hedging.booster.per_1k", "hedge.per_1k", "booster.per_1k",
    "sentiment.compound", "sentiment.outlet.compound",
    "attribution.per_1k", "attribution.official_share", "attribution.source_diversity",
    "readability.flesch_reading_ease", "page.boilerplate_ratio", "page.advert_ratio", "page.duplicate_ratio",
)
_MAX_HEATMAP = 24
#: Outlets listed in the summary and given distinctive-term cards (those with most articles).
MAX_OUTLET_ROWS = 40
MAX_TERM_OUTLETS = 30
_MAX_PROFILES = 9


@dataclass
class ReportData:
    title: str
    version: str
    summary: dict[str, Any]
    outlets: dict[str, Any]
    stories: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    articles_note: str
    methodology: dict[str, Any]
    comparison_notes: list[str] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if not math.isfinite(v):
            return "n/a"
        if v == int(v) and abs(v) < 1e9:
            return f"{int(v):,}"
        return f"{v:.3f}" if abs(v) < 10 else f"{v:,.1f}"
    return str(v)


def _feature_cols(analysis) -> list[str]:
    import pandas as pd

    docs = analysis.documents
    return [c for c in analysis.feature_names if c in docs.columns and pd.api.types.is_numeric_dtype(docs[c])]


_RAW_SUFFIXES = (".count", ".words", ".distinct", ".distinct_sources", ".chars")


def _ordered_features(cols: list[str], limit: int, long=None, composites: list[str] | None = None) -> list[str]:
    """Composites, then key features, then other rates/shares by how much they vary across outlets
    (coefficient of variation of the outlet values); raw counts and document sizes last."""
    first = list(composites or []) + [f for f in KEY_FEATURES if f in cols and f not in (composites or [])]
    rest = [c for c in cols if c not in first and not c.startswith("doc.") and not c.endswith(_RAW_SUFFIXES)]
    if long is not None and rest:
        g = long[long["feature"].isin(rest)].groupby("feature")["value"]
        sd, mu = g.std(ddof=0).fillna(0.0), g.mean().abs()
        cv = (sd / mu.where(mu > 0)).fillna(0.0)
        rest = [c for c in sorted(rest, key=lambda c: (-float(cv.get(c, 0.0)), c)) if float(sd.get(c, 0.0)) > 0]
    return (first + rest)[:limit]


# ---------------------------------------------------------------- 1. summary
def corpus_summary(analysis) -> dict[str, Any]:
    docs = analysis.documents
    ev = analysis.evidence
    n = len(docs)
    out: dict[str, Any] = {"documents": n}
    out["outlets"] = int(docs["outlet"].nunique()) if "outlet" in docs else 0
    out["unknown_outlet"] = int(docs["outlet"].isna().sum()) if "outlet" in docs else n
    out["stories"] = int(docs["story"].nunique()) if "story" in docs else 0
    out["words"] = int(docs["doc.words"].sum()) if "doc.words" in docs else None
    pub = docs["published"].dropna().astype(str) if "published" in docs else []
    out["date_range"] = (min(pub), max(pub)) if len(pub) else None
    out["evidence_by_family"] = ev["family"].value_counts().sort_index().to_dict() if len(ev) else {}
    out["attributions"] = len(analysis.attributions)
    out["errors"] = len(analysis.errors)
    out["error_rows"] = analysis.errors.head(50).to_dict("records") if len(analysis.errors) else []
    fam = sorted({c.split(".", 1)[0] for c in _feature_cols(analysis)} - {"doc"})
    out["families"] = fam
    if "outlet" in docs and n:
        g = docs.groupby(docs["outlet"].fillna("(unknown)"), sort=True)
        rows: list[dict[str, Any]] = []
        for o, d in g:
            rows.append({"outlet": o, "articles": len(d),
                         "words": int(d["doc.words"].sum()) if "doc.words" in d else None,
                         "type": _first(d, "outlet_type"), "country": _first(d, "outlet_country")})
        rows.sort(key=lambda r: (-r["articles"], str(r["outlet"])))
        out["outlet_rows_total"] = len(rows)
        out["outlet_rows"] = rows[:MAX_OUTLET_ROWS]  # all outlets are in the documents table
    else:
        out["outlet_rows"] = []
    return out


def _first(d, col):
    if col not in d:
        return None
    s = d[col].dropna()
    return None if s.empty else str(s.iloc[0])


# ---------------------------------------------------------------- 2. outlets
_ALIASES = {
    "outlet": ("outlet", "source", "name"),
    "feature": ("feature", "measure", "metric", "variable"),
    "value": ("mean", "value", "estimate", "score", "effect"),
    "low": ("low", "ci_low", "lower", "ci_lower", "lo"),
    "high": ("high", "ci_high", "upper", "ci_upper", "hi"),
    "n": ("n", "n_stories", "stories", "n_docs", "articles", "n_articles"),
}


def _pick(cols, key):
    for a in _ALIASES[key]:
        if a in cols:
            return a
    return None


def outlet_estimates(analysis=None, comparison=None, *, n_boot: int = 1000, seed: int = 0):
    """Long table ``outlet, feature, value, low, high, n`` and a sentence saying where it came from.

    From :func:`framing.compare`: the within-story effect (``effect``) with its story-bootstrap
    interval; when no measure has an effect (no story covered by two outlets), the outlets' raw
    means (``raw_mean``), descriptive only, without intervals. Without a comparison: per-article
    means by outlet with an article-level bootstrap interval.
    """
    import numpy as np
    import pandas as pd

    tab = getattr(comparison, "outlets", None) if comparison is not None else None
    if tab is not None and len(tab):
        t = tab.reset_index() if _pick(tab.columns, "outlet") is None else tab
        cols = list(t.columns)
        oc, fc = _pick(cols, "outlet"), _pick(cols, "feature")
        vc = _pick(cols, "value")
        lc, hc, nc = _pick(cols, "low"), _pick(cols, "high"), _pick(cols, "n")
        if oc and fc and vc:
            val = pd.to_numeric(t[vc], errors="coerce")
            how = ("Within-story effects from framing.compare: an outlet's value minus the story's cross-outlet "
                   "baseline, averaged over its stories, with 95% story-bootstrap intervals"
                   + (" (composites in SD units)." if "kind" in cols else "."))
            if not val.notna().any() and "raw_mean" in cols:
                vc, lc, hc = "raw_mean", None, None
                val = pd.to_numeric(t[vc], errors="coerce")
                how = ("framing.compare could estimate no within-story effect (no story is covered by two or more "
                       "outlets; see its notes), so these are the outlets' raw means: descriptive only, without "
                       "confidence intervals, and not comparable across stories.")
                nc = "n_articles_total" if "n_articles_total" in cols else nc
            long = pd.DataFrame({
                "outlet": t[oc].astype(str), "feature": t[fc].astype(str), "value": val,
                "low": pd.to_numeric(t[lc], errors="coerce") if lc else np.nan,
                "high": pd.to_numeric(t[hc], errors="coerce") if hc else np.nan,
                "n": pd.to_numeric(t[nc], errors="coerce") if nc else np.nan,
                "kind": t["kind"].astype(str) if "kind" in cols else "feature",
            }).dropna(subset=["value"])
            if len(long):
                return long, how
    if analysis is None or len(analysis.documents) == 0 or "outlet" not in analysis.documents:
        return None, "Outlet estimates: not available (no analysed documents with an outlet)."
    docs = analysis.documents
    feats = _feature_cols(analysis)
    rows = []
    try:
        from ..compare.bootstrap import bootstrap_mean, rng_for
    except ImportError:  # pragma: no cover - bootstrap module absent
        bootstrap_mean = None
    for o, d in docs.groupby(docs["outlet"].fillna("(unknown)"), sort=True):
        vals = d[feats].astype(float).to_numpy()
        if bootstrap_mean is not None:
            r = bootstrap_mean(vals, n_boot=n_boot, rng=rng_for(seed, str(o)))
            mean, low, high, n = r.mean, r.low, r.high, r.n
        else:
            mean = np.nanmean(vals, axis=0)
            low = high = np.full(len(feats), np.nan)
            n = np.isfinite(vals).sum(axis=0)
        for k, f in enumerate(feats):
            rows.append({"outlet": str(o), "feature": f, "value": float(mean[k]), "low": float(low[k]),
                         "high": float(high[k]), "n": int(n[k]), "kind": "feature"})
    how = ("framing.compare was not run, so these are per-article means by outlet with 95% percentile "
           "bootstrap intervals resampling articles (not stories); an outlet with one article has no interval.")
    return pd.DataFrame(rows), how


def outlet_section(analysis, comparison) -> dict[str, Any]:
    import pandas as pd

    long, how = outlet_estimates(analysis, comparison)
    out: dict[str, Any] = {"how": how, "long": long}
    if long is None or long.empty:
        out.update(table=None, matrix=None, profile_features=[], terms=None)
    else:
        feats = list(dict.fromkeys(long["feature"]))
        comps = list(dict.fromkeys(long.loc[long["kind"] == "composite", "feature"])) if "kind" in long else []
        ordered = _ordered_features(feats, max(_MAX_HEATMAP, _MAX_PROFILES), long, comps)
        matrix = long.pivot_table(index="outlet", columns="feature", values="value", aggfunc="first")
        if analysis is not None and "outlet" in analysis.documents and len(matrix) > 30:
            # the heatmap draws at most 30 outlets: those with most articles
            size = analysis.documents["outlet"].value_counts()
            matrix = matrix.loc[sorted(matrix.index, key=lambda o: (-int(size.get(o, 0)), str(o)))]
        heat = [f for f in ordered if f in matrix.columns][:_MAX_HEATMAP]
        out["matrix"] = matrix[heat] if heat else None
        out["profile_features"] = ordered[:_MAX_PROFILES]
        def cell(r) -> str:
            ci = "" if _nanlike(r["low"]) or _nanlike(r["high"]) else \
                f" [{_fmt(float(r['low']))}, {_fmt(float(r['high']))}]"
            return f"{_fmt(float(r['value']))}{ci}"

        outlets_all = list(matrix.index)
        if len(outlets_all) <= 8:  # features down, outlets across
            table = []
            for f in ordered[:_MAX_HEATMAP]:
                row = {"feature": f}
                for _, r in long[long["feature"] == f].iterrows():
                    row[r["outlet"]] = cell(r)
                table.append(row)
            out["table"] = pd.DataFrame(table).set_index("feature") if table else None
        else:  # many outlets: outlets down (those in the heatmap), the profile features across
            feats6 = ordered[:6]
            sub = long[long["feature"].isin(feats6) & long["outlet"].isin(outlets_all[:30])]
            table = {}
            for _, r in sub.iterrows():
                table.setdefault(r["outlet"], {"outlet": r["outlet"]})[r["feature"]] = cell(r)
            rows = [table[o] for o in outlets_all[:30] if o in table]
            out["table"] = pd.DataFrame(rows, columns=["outlet", *feats6]).set_index("outlet") if rows else None
    terms = _terms(comparison)
    if terms and analysis is not None and "outlet" in analysis.documents and len(terms) > MAX_TERM_OUTLETS:
        size = analysis.documents["outlet"].value_counts()
        terms = sorted(terms, key=lambda t: (-int(size.get(t["outlet"], 0)), t["outlet"]))[:MAX_TERM_OUTLETS]
        terms.sort(key=lambda t: t["outlet"])
        out["terms_note"] = f"The {MAX_TERM_OUTLETS} outlets with most articles are shown; all are in the terms table."
    out["terms"] = terms
    out["pairs"] = _frame(comparison, "pairs")
    return out


def _nanlike(x) -> bool:
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def _frame(obj, name):
    t = getattr(obj, name, None) if obj is not None else None
    try:
        return t if t is not None and len(t) else None
    except TypeError:
        return None


def _terms(comparison) -> list[dict[str, Any]] | None:
    """Distinctive (over-used) terms per outlet from ``comparison.terms``, top 12 per outlet."""
    t = _frame(comparison, "terms")
    if t is None:
        return None
    cols = list(t.columns)
    oc = _pick(cols, "outlet")
    tc = next((c for c in ("term", "token", "ngram", "word") if c in cols), None)
    sc = next((c for c in ("z", "zscore", "score", "log_odds", "keyness", "weight") if c in cols), None)
    if not (oc and tc):
        return None
    if "direction" in cols:
        t = t[t["direction"].astype(str) == "over"]
    out = []
    for o, d in t.groupby(oc, sort=True):
        if "rank" in cols:
            d = d.sort_values("rank", kind="mergesort")
        elif sc:
            d = d.sort_values(sc, ascending=False, kind="mergesort")
        out.append({"outlet": str(o), "terms": [(str(r[tc]), None if not sc else float(r[sc]))
                                                for _, r in d.head(12).iterrows()]})
    return out or None


# ---------------------------------------------------------------- 3. stories
_STORY_COLS = ("story", "story_id", "cluster")


def _doc_story_map(analysis, comparison) -> dict[str, str]:
    for name in ("membership", "stories"):
        t = _frame(comparison, name)
        if t is None:
            continue
        cols = list(t.columns)
        ic = next((c for c in ("doc_id", "id", "document") if c in cols), None)
        sc = next((c for c in _STORY_COLS if c in cols), None)
        if ic and sc:
            return {str(i): str(s) for i, s in zip(t[ic], t[sc]) if s is not None and s == s}
    docs = analysis.documents
    if "story" in docs and "id" in docs:
        return {str(i): str(s) for i, s in zip(docs["id"], docs["story"]) if s is not None and s == s}
    return {}


def _story_info(comparison) -> dict[str, dict[str, Any]]:
    t = _frame(comparison, "stories")
    if t is None:
        return {}
    sc = next((c for c in _STORY_COLS if c in t.columns), None)
    if sc is None:
        return {}
    keep = [c for c in ("first_date", "last_date", "top_terms", "source") if c in t.columns]
    return {str(r[sc]): {k: r[k] for k in keep} for _, r in t.iterrows()}


def _coverage_view(sub, outlets_shown: list[str] | None = None) -> dict[str, Any] | None:
    """Facts of one story by outlet: reported or omitted (from ``comparison.coverage``),
    for the outlets whose cards are shown, the ``MAX_FACTS`` most widely reported facts."""
    need = {"fact", "outlet", "reported"}
    if sub is None or len(sub) == 0 or not need <= set(sub.columns):
        return None
    sub = sub.assign(outlet=sub["outlet"].astype(str), fact=sub["fact"].astype(str),
                     reported=sub["reported"].astype(bool))
    outlets = sorted(set(sub["outlet"]))
    if outlets_shown is not None:
        outlets = [o for o in outlets if o in set(outlets_shown)]
    if not outlets:
        return None
    n_rep = sub.groupby("fact")["reported"].sum()  # over every outlet on the story, shown or not
    order = sorted(n_rep.index, key=lambda f: (-int(n_rep[f]), f))
    top = set(order[:MAX_FACTS])
    cells: dict[str, dict[str, tuple[bool, str]]] = {}
    kinds: dict[str, str] = {}
    has_text = "text" in sub.columns
    for r in sub[sub["fact"].isin(top) & sub["outlet"].isin(outlets)].itertuples(index=False):
        txt = getattr(r, "text") if has_text and r.reported and isinstance(getattr(r, "text"), str) else ""
        cells.setdefault(r.fact, {})[r.outlet] = (bool(r.reported), txt)
        kinds.setdefault(r.fact, str(getattr(r, "kind", "") or ""))
    facts = [{"fact": f, "kind": kinds.get(f, ""), "cells": cells.get(f, {}), "n": int(n_rep[f])}
             for f in order[:MAX_FACTS]]
    # omissions: facts at least two outlets report that this outlet does not (over all facts of the story)
    wide = sub.pivot_table(index="fact", columns="outlet", values="reported", aggfunc="max", fill_value=False)
    omissions = {}
    for o in outlets:
        if o in wide.columns:
            others = n_rep.reindex(wide.index) - wide[o].astype(int)
            miss = wide.index[(~wide[o].astype(bool)) & (others >= 2)]
            omissions[o] = sorted(miss, key=lambda f: (-int(n_rep[f]), f))[:10]
        else:
            omissions[o] = []
    return {"outlets": outlets, "facts": facts, "n_facts": len(order), "omissions": omissions}


#: Caps that keep a large corpus's report readable (everything stays in the tables).
MAX_STORIES = 20
MAX_CARDS = 12
MAX_FACTS = 15


def story_section(analysis, comparison, card_features: list[str]) -> list[dict[str, Any]]:
    docs = analysis.documents
    if len(docs) == 0 or "id" not in docs:
        return []
    smap = _doc_story_map(analysis, comparison)
    if not smap:
        return []
    info = _story_info(comparison)
    cov = _frame(comparison, "coverage")
    stories: dict[str, list[str]] = {}
    for i in docs["id"].astype(str):
        if i in smap:
            stories.setdefault(smap[i], []).append(i)
    by_id = docs.set_index(docs["id"].astype(str))
    out = []
    for s, ids in sorted(stories.items(), key=lambda kv: (-len({str(by_id.loc[i].get("outlet")) for i in kv[1]}),
                                                           -len(kv[1]), kv[0])):
        cards = []
        for i in ids:
            r = by_id.loc[i]
            r = r.iloc[0] if getattr(r, "ndim", 1) == 2 else r
            cards.append({
                "id": i, "outlet": r.get("outlet") if isinstance(r.get("outlet"), str) else None,
                "title": r.get("title") if isinstance(r.get("title"), str) else None,
                "published": r.get("published") if isinstance(r.get("published"), str) else None,
                "features": [(f, _fmt(float(r[f]))) for f in card_features if f in r.index and not _nanlike(r[f])],
            })
        cards.sort(key=lambda c: (str(c["outlet"]), c["id"]))
        n_cards = len(cards)
        all_outlets = sorted({str(c["outlet"]) for c in cards})
        seen_outlets: set[str] = set()
        one_per_outlet = []
        for c in cards:  # one card per outlet (its first article), at most MAX_CARDS
            if str(c["outlet"]) not in seen_outlets and len(one_per_outlet) < MAX_CARDS:
                seen_outlets.add(str(c["outlet"]))
                one_per_outlet.append(c)
        cards = one_per_outlet
        coverage = None
        if cov is not None:
            scol = next((c for c in _STORY_COLS if c in cov.columns), None)
            if scol is not None:
                coverage = _coverage_view(cov[cov[scol].astype(str) == s], [str(c["outlet"]) for c in cards])
        meta = info.get(s, {})
        first = next((c["title"] for c in cards if c["title"]), None)
        label = s if not first else f"{s}: {first[:70]}" + ("\u2026" if len(first) > 70 else "")
        out.append({"n_articles": n_cards, "story": s, "label": label, "anchor": "story-" + _anchor(s), "cards": cards, "coverage": coverage,
                    "outlets": all_outlets,
                    "dates": " to ".join(sorted({str(meta[k]) for k in ("first_date", "last_date")
                                                 if isinstance(meta.get(k), str)})),
                    "top_terms": meta.get("top_terms") if isinstance(meta.get("top_terms"), str) else None,
                    "grouped_by": meta.get("source") if isinstance(meta.get("source"), str) else None})
        if len(out) >= MAX_STORIES:
            break
    return out


def _anchor(s: str) -> str:
    import hashlib

    from .highlight import css_class

    return css_class(s)[:40] + "-" + hashlib.sha1(s.encode("utf-8")).hexdigest()[:6]


# ---------------------------------------------------------------- 4. articles
def block_shares(analysis) -> Any:
    """Per article: share of page characters (blank excluded) in each block label."""
    import pandas as pd

    exs = analysis.extractions
    rows = {}
    for ex in exs:
        if ex.cleaned is None or not ex.cleaned.blocks:
            continue
        chars = ex.cleaned.label_chars
        tot = sum(chars.values())
        if tot <= 0:
            continue
        rows[_article_label(ex)] = {k: v / tot for k, v in chars.items()}
    if not rows:
        return None
    return pd.DataFrame.from_dict(rows, orient="index").fillna(0.0)


def _article_label(ex: Extraction) -> str:
    d = ex.document
    o = (d.outlet if d is not None else None) or "?"
    return f"{o} \u00b7 {d.id if d is not None else '?'}"


def article_section(ex: Extraction, feature_order: list[str]) -> dict[str, Any]:
    doc = ex.document
    hl = highlight(ex)
    fam: dict[str, list[tuple[str, str]]] = {}
    zero = 0
    for k in sorted(ex.features):
        v = float(ex.features[k])
        if v == 0.0:
            zero += 1  # shown as a count, listed in the tables
            continue
        f, _, name = k.partition(".")
        fam.setdefault(f, []).append((name or k, _fmt(v)))
    quotes = []
    for a in ex.attributions:
        quotes.append({
            "speaker": a.speaker_name or (a.speaker.text if a.speaker else None),
            "source_type": a.source_type, "cue": a.cue.text if a.cue else None, "cue_class": a.cue_class,
            "kind": a.kind, "content": (a.content.text if a.content else ""), "via": " \u2190 ".join(a.via),
        })
    loaded = [e for e in ex.evidence if e.family == "loaded"]
    by_cat: dict[tuple[str, str], list[str]] = {}
    for e in loaded:
        by_cat.setdefault((e.label, e.voice or "-"), []).append(e.text)
    term_groups: dict[tuple[str, str, str], int] = {}
    for e in ex.evidence:
        if e.family == "term_choice":
            key = (e.label, str(e.attrs.get("variant") or e.text), str(e.attrs.get("stance") or ""))
            term_groups[key] = term_groups.get(key, 0) + 1
    page = ex.cleaned
    comp = None
    flags = []
    if page is not None and page.blocks:
        chars = page.label_chars
        tot = sum(chars.values()) or 1
        comp = [(lab, chars[lab], chars[lab] / tot, lab in ARTICLE_LABELS) for lab in sorted(chars, key=lambda x: -chars[x])]
        flags = [{"name": f.name, "score": f.score, "spans": len(f.evidence),
                  "detail": ", ".join(f"{k}: {v}" for k, v in sorted(f.detail.items()) if isinstance(v, (str, int, float)))}
                 for f in page.flags]
    return {
        "feature_rows": _columns_of(fam, 3),
        "id": doc.id if doc else None,
        "anchor": "article-" + _anchor(str(doc.id if doc else id(ex))),
        "outlet": doc.outlet if doc else None,
        "title": (doc.title if doc else None) or (page.title if page else None),
        "published": doc.published if doc else None,
        "url": doc.url if doc else None,
        "story": doc.story if doc else None,
        "resolved_from": doc.extra.get("outlet_resolved_from") if doc else None,
        "html": hl.html,
        "mark_counts": hl.counts,
        "features": fam,
        "quotes": quotes,
        "loaded": sorted(((c, v, sorted(set(ts))[:20], len(ts)) for (c, v), ts in by_cat.items()), key=lambda x: (-x[3], x[0])),
        "terms": [{"referent": r, "variant": v, "stance": st, "n": n}
                  for (r, v, st), n in sorted(term_groups.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))],
        "zero_features": zero,
        "composition": comp,
        "flags": flags,
        "errors": ex.errors,
        "uncleaned": bool(page is not None and page.flag("uncleaned") is not None),
        "chars": len(ex.text),
    }


def _columns_of(fam: dict[str, list[tuple[str, str]]], ncols: int) -> list[list[tuple[str, str, str] | None]]:
    """Family headers and (name, value) rows flowed into ``ncols`` balanced columns, as table rows,
    so a long feature list prints as one compact table that can break across pages."""
    items: list[tuple[str, str, str]] = []
    for f, rows in fam.items():
        items.append(("fam", f, ""))
        items.extend(("row", n, v) for n, v in rows)
    if not items:
        return []
    per = -(-len(items) // ncols)
    cols = [items[i * per:(i + 1) * per] for i in range(ncols)]
    return [[c[r] if r < len(c) else None for c in cols] for r in range(per)]


# ---------------------------------------------------------------- all
def build(analysis, comparison=None, *, title: str | None = None, max_articles: int | None = None) -> ReportData:
    import framing

    from . import charts, methodology

    # 1. summary
    summary = corpus_summary(analysis)
    # 2. outlets
    outlets = outlet_section(analysis, comparison)
    ch: dict[str, Any] = {}
    if outlets.get("long") is not None and outlets["profile_features"]:
        long = outlets["long"]
        if outlets.get("matrix") is not None and len(outlets["matrix"]) > 30:
            long = long[long["outlet"].isin(list(outlets["matrix"].index[:30]))]  # the 30 with most articles
        ch["profiles"] = charts.outlet_profiles(long, features=outlets["profile_features"])
    if outlets.get("matrix") is not None and outlets["matrix"].shape[0] >= 1:
        ch["heatmap"] = charts.feature_heatmap(outlets["matrix"])
    copies = _copies(analysis, comparison)
    if copies is not None:
        outlets["copies"], outlets["copies_total"] = copies
    # 3. stories
    card_feats = [f for f in KEY_FEATURES if f in analysis.documents.columns][:6]
    stories = story_section(analysis, comparison, card_feats)
    n_stories_all = len(set(_doc_story_map(analysis, comparison).values())) if stories else 0
    # 4. articles
    exs = list(analysis.extractions)
    shown = exs if max_articles is None else exs[:max_articles]
    articles = [article_section(ex, card_feats) for ex in shown]
    if not exs:
        note = "not available: the analysis kept no article texts (analyze(..., keep=False))."
    elif len(shown) < len(exs):
        note = (f"The first {len(shown):,} of {len(exs):,} articles are shown (max_articles={max_articles}); "
                "every article is in the tables.")
    else:
        note = ""
    shares = block_shares(analysis) if exs else None
    if shares is not None:
        ids = {a["id"] for a in articles}
        sub = shares.loc[[i for i in shares.index if i.rsplit(" \u00b7 ", 1)[-1] in ids]] if max_articles else shares
        ch["composition"] = charts.boilerplate_composition(sub.head(60))
    notes = _notes(comparison)
    if stories:
        summary["stories"] = n_stories_all
        summary["stories_shown"] = len(stories)
    summary["compared"] = comparison is not None
    return ReportData(
        title=title or _default_title(summary),
        version=framing.__version__,
        summary=summary,
        outlets=outlets,
        stories=stories,
        articles=articles,
        articles_note=note,
        methodology=methodology.methodology(analysis, comparison),
        comparison_notes=notes,
        charts={k: v for k, v in ch.items() if v is not None},
    )


#: Copy pairs listed in the report (all are in ``compare_copies.csv``).
MAX_COPY_ROWS = 40


def _copies(analysis, comparison) -> tuple[list[dict[str, Any]], int] | None:
    """Verified copy pairs (``comparison.copies``), cross-outlet first, for the outlets section."""
    t = _frame(comparison, "copies")
    if t is None or not len(t):
        return None
    docs = analysis.documents
    titles = {}
    if "id" in docs and "title" in docs:
        titles = {str(i): str(v) for i, v in zip(docs["id"], docs["title"]) if v is not None and v == v}
    t = t.sort_values(["cross_outlet", "containment"], ascending=[False, False], kind="mergesort")
    rows = []
    for r in t.head(MAX_COPY_ROWS).itertuples(index=False):
        rows.append({
            "copy_label": f"{r.copy_outlet or 'unknown outlet'}: {titles.get(str(r.copy_id), str(r.copy_id))}",
            "of_label": f"{r.of_outlet or 'unknown outlet'}: {titles.get(str(r.of_id), str(r.of_id))}",
            "containment": float(r.containment), "jaccard": float(r.jaccard), "direction": str(r.direction),
            "origin": r.origin if isinstance(r.origin, str) else None,
            "origin_text": r.origin_text if isinstance(r.origin_text, str) else None,
        })
    return rows, len(t)


def _notes(comparison) -> list[str]:
    n = getattr(comparison, "notes", None) if comparison is not None else None
    if n is None:
        return []
    if isinstance(n, str):
        return [n]
    try:
        import pandas as pd

        if isinstance(n, pd.DataFrame):
            return [" \u2014 ".join(str(v) for v in r if v is not None and v == v) for r in n.itertuples(index=False)]
    except ImportError:  # pragma: no cover
        pass
    return [str(x) for x in n]


def _default_title(summary) -> str:
    return f"Framing report: {summary['documents']:,} articles from {summary['outlets']:,} outlets"
