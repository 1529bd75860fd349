"""``framing.compare``: outlets scored against each other story by story, with uncertainty.

Stages (numbered as in the code):

1. **Analyse**: take a :class:`~framing.pipeline.Analysis`, or run
   :func:`framing.analyze` on documents / texts.
2. **Group** articles into stories (:mod:`.stories`): ``story=`` (a column, a
   mapping ``doc_id -> story`` or a callable ``row -> story``), else the
   ``story`` metadata, else clusters of the cleaned bodies.
3. **Derive** comparison features: ``compare.syndication`` (best TF-IDF
   cosine with another outlet's article) and ``compare.fact_coverage``
   (:mod:`.coverage`); verified **copies** with their direction (:mod:`.copies`).
4. **Normalise** every feature within its story (:mod:`.normalise`).
5. **Composite** indices from the scaled effects (:mod:`.profiles`).
6. **Profile** outlets with story-bootstrap CIs; **pairs** of outlets.
7. **Terms**: weighted log-odds with an informative Dirichlet prior (:mod:`.terms`).
8. **Coverage** of facts per story and outlet (:mod:`.coverage`).
9. **Notes**: what the data can and cannot support.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import ConfigError, FramingError
from .copies import COLUMNS as COPY_COLUMNS, copy_table, origins_from_evidence
from .coverage import coverage_table, extract_facts, fact_coverage
from .normalise import within_story_effects
from .profiles import COMPOSITES, composite_effects, composite_table, outlet_profiles, pairwise
from .stories import GRANULARITIES, group_stories, story_table
from .terms import distinctive_terms

__all__ = ["compare", "Comparison"]

#: Metadata columns of ``Analysis.documents`` that are not features.
_META = {"id", "outlet", "url", "published", "story", "title", "language", "source", "content_hash",
         "outlet_type", "outlet_country", "outlet_resolved_from"}
#: Feature-name endings of raw counts: profiled only when asked for by name (their rate twins are).
_COUNT_SUFFIXES = (".count", ".mentions", ".words", ".distinct", ".referents", ".distinct_sources")


@dataclass
class Comparison:
    """The result of :func:`compare`: tidy tables plus the caveats that go with them.

    - ``outlets``: one row per (outlet, measure): mean within-story effect, CI,
      n stories / articles behind it (``kind`` is ``feature`` or ``composite``).
    - ``stories``: one row per story: members, outlets, dates, top terms.
    - ``pairs``: one row per (outlet pair, measure): paired difference, CI, p, q.
    - ``terms``: distinctive terms per outlet (weighted log-odds z-scores).
    - ``coverage``: one row per (story, fact, outlet): reported or not, evidence span.
    - ``features``: long table of within-story effects per (story, outlet, measure).
    - ``membership``: one row per article: its story, outlet, date, syndication match.
    - ``composites``: the composite definitions used (and which inputs were present).
    - ``notes``: honest caveats about what the data can support.
    - ``copies``: one row per verified near-copy pair (``copy_id`` copies ``of_id``), with the
      direction and the origin the copy names (:mod:`.copies`).
    """

    outlets: pd.DataFrame
    stories: pd.DataFrame
    pairs: pd.DataFrame
    terms: pd.DataFrame
    coverage: pd.DataFrame
    features: pd.DataFrame
    membership: pd.DataFrame
    composites: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    copies: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COPY_COLUMNS))
    #: the :class:`~framing.pipeline.Analysis` compared (so ``framing.report(comparison)`` needs nothing else)
    analysis: Any = field(default=None, repr=False, compare=False)

    TABLES = ("outlets", "stories", "pairs", "terms", "coverage", "features", "membership", "composites", "copies")

    def profile(self, measure: str) -> pd.DataFrame:
        """Outlets ranked on one measure (highest effect first)."""
        t = self.outlets[self.outlets["measure"] == measure]
        return t.sort_values(["effect", "outlet"], ascending=[False, True], na_position="last")

    def pair(self, a: str, b: str) -> pd.DataFrame:
        """Rows of ``pairs`` for outlets ``a`` and ``b`` (sign flipped if stored as ``b - a``)."""
        p = self.pairs
        t = p[(p["outlet_a"] == a) & (p["outlet_b"] == b)]
        if len(t):
            return t
        t = p[(p["outlet_a"] == b) & (p["outlet_b"] == a)].copy()
        if len(t):
            t["outlet_a"], t["outlet_b"] = a, b
            t["difference"] = -t["difference"]
            t["ci_low"], t["ci_high"] = -t["ci_high"], -t["ci_low"]
        return t

    def to_dir(self, out_dir: str | Path) -> list[Path]:
        """Write every table as ``compare_<name>.csv`` and ``.json`` (atomic, formula-safe), plus notes."""
        from ..io import write_csv, write_json

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in self.TABLES:
            df = getattr(self, name)
            paths.append(write_csv(df, out / f"compare_{name}.csv"))
            recs = df.astype(object).where(df.notna(), None).to_dict(orient="records")
            paths.append(write_json(recs, out / f"compare_{name}.json"))
        paths.append(write_json({"notes": self.notes, "params": self.params}, out / "compare_notes.json"))
        return paths

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f"<p><b>framing.Comparison</b>: {e(str(self.params.get('n_articles', '?')))} articles, "
                 f"{len(self.stories)} stories, {self.outlets['outlet'].nunique() if len(self.outlets) else 0} "
                 f"outlets</p>"]
        if self.notes:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in self.notes) + "</ul>")
        comp = self.outlets[self.outlets["kind"] == "composite"]
        if len(comp):
            show = comp.copy()
            show["cell"] = [_fmt_ci(r.effect, r.ci_low, r.ci_high) for r in show.itertuples()]
            wide = show.pivot(index="outlet", columns="measure", values="cell")
            parts.append("<p>Composite indices (within-story, SD units; 95% story-bootstrap CI):</p>")
            parts.append(wide.to_html(escape=True))
        if len(self.stories):
            parts.append("<p>Stories:</p>")
            parts.append(self.stories.drop(columns=["members"]).to_html(index=False, escape=True, max_rows=20))
        if len(self.terms):
            top = self.terms[(self.terms["direction"] == "over") & (self.terms["rank"] <= 8)]
            t = top.groupby("outlet")["term"].agg(", ".join).reset_index()
            parts.append("<p>Distinctive terms (weighted log-odds, over-used):</p>")
            parts.append(t.to_html(index=False, escape=True, max_rows=30))
        return "\n".join(parts)

    def __repr__(self) -> str:
        n_out = self.outlets["outlet"].nunique() if len(self.outlets) else 0
        return (f"<Comparison: {self.params.get('n_articles', '?')} articles, {len(self.stories)} stories, "
                f"{n_out} outlets, {len(self.notes)} notes>")


def _fmt_ci(m: float, lo: float, hi: float) -> str:
    if not np.isfinite(m):
        return "n/a"
    if not np.isfinite(lo):
        return f"{m:+.2f} (no CI)"
    return f"{m:+.2f} [{lo:+.2f}, {hi:+.2f}]"


def _as_analysis(obj: Any, analyze_options: dict[str, Any]):
    from ..pipeline import Analysis, analyze

    if isinstance(obj, Analysis):
        return obj
    if isinstance(obj, (str, bytes)):
        raise ConfigError("E015", "compare() takes an Analysis or an iterable of Documents/texts, not one string")
    return analyze(obj, **analyze_options)


def _story_values(docs: pd.DataFrame, story: Any) -> list[Any] | None:
    if story is None:
        if "story" in docs.columns and docs["story"].notna().any():
            return list(docs["story"])
        return None
    if isinstance(story, str):
        if story not in docs.columns:
            raise ConfigError("E015", f"story column {story!r} is not in the documents table")
        return list(docs[story])
    if isinstance(story, Mapping):
        return [story.get(i) for i in docs["id"]]
    if callable(story):
        return [story(row) for _, row in docs.iterrows()]
    raise ConfigError("E015", "story= must be a column name, a mapping doc_id -> story, or a callable")


def compare(documents_or_analysis: Any, *, story: str | Mapping[str, Any] | Callable | None = None,
            granularity: str = "event", date_window_days: int | None = None, threshold: float | None = None,
            features: Iterable[str] | None = None, method: str = "center", n_boot: int = 1000,
            ci: float = 0.95, seed: int = 0, pairs: list[tuple[str, str]] | None = None,
            max_pair_outlets: int = 12, pair_measures: str | Iterable[str] = "composites",
            top_terms: int = 20, min_outlet_articles: int = 1,
            analyze_options: dict[str, Any] | None = None, engine: str = "local") -> Comparison:
    """Compare outlets story by story.

    ``story`` names a column of ``Analysis.documents`` (one you added, e.g. a topic),
    maps doc ids to story ids, or is a callable on a documents row; without
    it the ``story`` metadata is used where given and the other articles are
    clustered at ``granularity`` ("event" or "topic", see
    :data:`.stories.GRANULARITIES`) within ``date_window_days``. ``method`` is
    the within-story normalisation ("center", "z" or "rank"). Pairs default to
    every pair among the ``max_pair_outlets`` outlets with most stories, on the
    composites and their inputs (``pair_measures="all"`` for every feature:
    more tests, so a stricter false-discovery correction).
    """
    if granularity not in GRANULARITIES:
        raise ConfigError("E015", f"granularity must be one of {sorted(GRANULARITIES)}, not {granularity!r}")
    if n_boot < 0 or not (0 < ci < 1):
        raise ConfigError("E015", "n_boot must be >= 0 and 0 < ci < 1")
    notes: list[str] = []

    # 1. analyse
    an = _as_analysis(documents_or_analysis, analyze_options or {})
    docs = an.documents.copy()
    if len(docs) == 0 or "id" not in docs.columns:
        raise FramingError("E017", "comparison needs at least one analysed document")
    docs["id"] = docs["id"].astype(str)
    if "outlet" not in docs.columns:
        docs["outlet"] = None
    no_outlet = docs["outlet"].isna() | (docs["outlet"].astype(str).str.strip() == "")
    if no_outlet.any():
        notes.append(f"{int(no_outlet.sum())} of {len(docs)} articles have no outlet and are left out of the "
                     f"outlet scores (give Document(outlet=...) or a metadata file)")
    for col in ("published", "title"):
        if col not in docs.columns:
            docs[col] = None
    bodies = an.bodies or {}
    texts = [((t + "\n") if isinstance(t, str) and t else "") + bodies.get(i, "")
             for i, t in zip(docs["id"], docs["title"])]

    # 2. group into stories
    given = _story_values(docs, story)
    grp = group_stories(list(docs["id"]), texts, list(docs["published"]), list(docs["outlet"]),
                        given=given, granularity=granularity, date_window_days=date_window_days,
                        threshold=threshold)
    docs["story"] = grp.labels
    stories = story_table(list(docs["id"]), list(docs["outlet"]), list(docs["published"]), grp)

    # 3. derived comparison features; verified copies
    copies = copy_table(list(docs["id"]), bodies.get, list(docs["published"]), list(docs["outlet"]),
                        origins_from_evidence(an.evidence))
    if len(copies):
        cross = int(copies["cross_outlet"].sum())
        notes.append(f"{copies['copy_id'].nunique()} articles are near-copies of another article in this corpus "
                     f"({cross} of {len(copies)} pairs across outlets; compare_copies.csv): a copy carries the "
                     f"original's wording, so an outlet's profile partly reflects what it republishes")
    facts = {i: extract_facts(bodies.get(i, "")) for i in docs["id"]}
    docs = pd.concat([docs, pd.DataFrame({"compare.syndication": grp.syndication}, index=docs.index)], axis=1)
    docs = _page_features(docs, an, notes)
    scored = docs[~no_outlet].copy()
    scored["outlet"] = scored["outlet"].astype(str)
    cov = fact_coverage(facts, scored)
    scored = pd.concat([scored, pd.DataFrame({"compare.fact_coverage": cov.reindex(scored["id"]).to_numpy()},
                                             index=scored.index)], axis=1)
    # non-finite feature values (inf from a hand-built table or a ratio over zero) are missing,
    # like NaN: they would otherwise turn baselines, effects and raw means into inf/NaN
    num_cols = [c for c in scored.columns if c not in _META and pd.api.types.is_float_dtype(scored[c])]
    if num_cols:
        vals = scored[num_cols]
        scored[num_cols] = vals.where(np.isfinite(vals.to_numpy(dtype=float, na_value=np.nan)))
    if features is None:
        numeric = [c for c in scored.columns if c not in _META and not c.startswith("extra.")
                   and pd.api.types.is_numeric_dtype(scored[c])]
        # rates and shares, not raw counts (counts scale with length, which doc.words measures)
        rates = [c for c in numeric if c.startswith(("doc.", "compare.")) or not c.endswith(_COUNT_SUFFIXES)]
        feats = [c for c in rates if scored[c].nunique(dropna=True) > 1]
        constant = len(rates) - len(feats)
        if constant:
            notes.append(f"{constant} features take one value across all articles (e.g. a term never used) "
                         f"and are not profiled")
    else:
        feats = [f for f in features if f in scored.columns]
        missing = [f for f in features if f not in scored.columns]
        if missing:
            notes.append("features asked for but absent from the analysis: " + ", ".join(missing))
    counts = scored.groupby("outlet").size()
    keep = counts[counts >= min_outlet_articles].index
    scored = scored[scored["outlet"].isin(keep)]

    # 4. within-story normalisation
    eff = within_story_effects(scored, feats, method=method, engine=engine)
    # 5. composites
    comp, used = composite_effects(eff.scaled)
    effect_all = pd.concat([eff.effect, comp], axis=1)
    kinds = {m: "feature" for m in eff.effect.columns} | {m: "composite" for m in comp.columns}
    inputs = {c: used[c] for c in comp.columns}
    comp_defs = composite_table()
    comp_defs["present"] = [bool(set(f.split("|")) & set(used.get(c, [])))
                            for c, f in zip(comp_defs["composite"], comp_defs["feature"])]
    have = set(feats)
    absent = [c.name for c in COMPOSITES
              if not any(n in have for names, _ in c.inputs for n in names.split("|"))]
    if absent:
        notes.append("composites not computed (their input features are absent from this analysis or take "
                     "one value across all articles): "
                     + ", ".join(absent))
    partial = [f"{c.name} ({len(used[c.name])} of {len(c.inputs)} inputs)" for c in COMPOSITES
               if c.name in used and len(used[c.name]) < len(c.inputs)]
    if partial:
        notes.append("composites built from only some inputs: " + "; ".join(partial))
    zero_var = [f for f in feats if f in eff.pooled_sd.index and not np.isfinite(eff.pooled_sd[f])]
    if zero_var and len(eff.effect):
        notes.append(f"{len(zero_var)} features have no within-story variation here and cannot rank outlets: "
                     + ", ".join(zero_var[:12]) + (" ..." if len(zero_var) > 12 else ""))

    # 6. profiles and pairs
    units = {m: ("SD units" if kinds[m] == "composite" else "feature units, minus story baseline")
             for m in effect_all.columns}
    raw = scored[["outlet"] + [m for m in effect_all.columns if m in scored.columns]]
    outlets = outlet_profiles(effect_all, eff.cells, raw, kinds=kinds, inputs=inputs, n_boot=n_boot, ci=ci,
                              seed=seed, units=units)
    if pairs is None:
        st_count = effect_all.index.get_level_values(1).value_counts()
        top = sorted(st_count.sort_values(ascending=False, kind="mergesort").index[:max_pair_outlets])
        pair_list = [(a, b) for k, a in enumerate(top) for b in top[k + 1:]]
        if len(st_count) > max_pair_outlets:
            notes.append(f"pairs: only the {max_pair_outlets} outlets with most compared stories are paired "
                         f"(pairs= or max_pair_outlets= for others)")
    else:
        pair_list = [tuple(p) for p in pairs]
    if pair_measures == "all":
        pm = list(effect_all.columns)
    elif pair_measures == "composites":
        pm = list(comp.columns) + [f for c in comp.columns for f in used[c]] + \
            [m for m in ("compare.fact_coverage", "doc.words") if m in effect_all.columns]
        pm = list(dict.fromkeys(pm))
    else:
        pm = [m for m in pair_measures if m in effect_all.columns]
    pair_df = pairwise(effect_all[pm], pair_list, kinds=kinds, n_boot=n_boot, ci=ci, seed=seed)
    if len(pair_df) and pair_df["p_boot"].notna().any():
        notes.append("pairwise q-values control the false discovery rate across all listed pairs and measures "
                     "(Benjamini-Hochberg); outlet-level intervals are not adjusted for multiplicity")
    shared = pair_df.groupby(["outlet_a", "outlet_b"])["n_shared_stories"].max() if len(pair_df) else pd.Series()
    # 7. distinctive terms
    texts_scored = [bodies.get(i, "") for i in scored["id"]]
    terms = distinctive_terms(texts_scored, list(scored["outlet"]), list(scored["story"]), top_n=top_terms)
    # 8. coverage
    coverage, cov_notes = coverage_table(facts, scored)
    coverage = _to_text_coords(coverage, an)
    notes.extend(cov_notes)

    # long features table
    feat_long = _long_effects(eff, comp)
    membership = pd.DataFrame({
        "doc_id": docs["id"], "outlet": docs["outlet"], "published": docs["published"], "story": docs["story"],
        "story_source": grp.source, "syndication": grp.syndication, "syndicated_with": grp.syndicated_with,
    })
    # each copy's closest original (highest containment) for the membership table
    first = (copies.sort_values("containment", ascending=False, kind="mergesort").drop_duplicates("copy_id")
             .set_index("copy_id") if len(copies) else None)
    membership["copy_of"] = [first.at[i, "of_id"] if first is not None and i in first.index else None
                             for i in membership["doc_id"]]
    membership["copy_origin"] = [first.at[i, "origin"] if first is not None and i in first.index else None
                                 for i in membership["doc_id"]]

    # 9. notes on what the data can support
    notes[:0] = _support_notes(scored, eff, stories, shared, n_boot, granularity, grp.source)
    params = {"granularity": granularity, "date_window_days": date_window_days
              if date_window_days is not None else GRANULARITIES[granularity].window_days,
              "threshold": threshold if threshold is not None else GRANULARITIES[granularity].threshold,
              "method": method, "n_boot": n_boot, "ci": ci, "seed": seed, "n_articles": len(docs),
              "n_candidate_pairs": grp.n_candidates, "features": feats}
    return Comparison(outlets=outlets, stories=stories, pairs=pair_df, terms=terms, coverage=coverage,
                      features=feat_long, membership=membership, composites=comp_defs, notes=notes,
                      params=params, copies=copies, analysis=an)


#: page hygiene / integrity inputs read from the cleaned pages when no extractor family published them
_PAGE_FROM_CLEANED = {
    "page.boilerplate_ratio": lambda p: p.boilerplate_ratio,
    "page.advert_ratio": lambda p: p.advert_ratio,
    "page.duplicate_ratio": lambda p: p.duplicate_ratio,
    "page.spun_score": lambda p: p.flag("spun_text").score if p.flag("spun_text") is not None else 0.0,
}


def _page_features(docs: pd.DataFrame, an, notes: list[str]) -> pd.DataFrame:
    """Fill absent ``page.*`` columns from ``Extraction.cleaned`` (a placeholder cleaner gives NaN)."""
    missing = [k for k in _PAGE_FROM_CLEANED if k not in docs.columns]
    pages = {str(ex.document.id): ex.cleaned for ex in (an.extractions or [])
             if ex.document is not None and ex.cleaned is not None}
    if not missing or not pages:
        return docs
    cols = {}
    for k in missing:
        vals = []
        for i in docs["id"]:
            pg = pages.get(i)
            real = pg is not None and pg.flag("uncleaned") is None
            vals.append(float(_PAGE_FROM_CLEANED[k](pg)) if real else np.nan)
        if np.isfinite(vals).any():
            cols[k] = vals
    if cols:
        notes.append("page ratios read from the cleaned pages (framing.clean), not from a 'page' extractor "
                     "family: " + ", ".join(cols))
        docs = pd.concat([docs, pd.DataFrame(cols, index=docs.index)], axis=1)
    return docs


def _to_text_coords(coverage: pd.DataFrame, an) -> pd.DataFrame:
    """Map evidence spans from the article body to the text as given, where the pages are kept."""
    pages = {str(ex.document.id): ex.cleaned for ex in (an.extractions or [])
             if ex.document is not None and ex.cleaned is not None}
    coverage = coverage.copy()
    coverage["coords"] = np.where(coverage["doc_id"].isna(), None, "body") if len(coverage) else []
    if not pages or not len(coverage):
        return coverage
    starts, ends, texts, coords = [], [], [], []
    for r in coverage.itertuples(index=False):
        page = pages.get(str(r.doc_id)) if r.doc_id is not None and not pd.isna(r.start) else None
        if page is None:
            starts.append(r.start), ends.append(r.end), texts.append(r.text), coords.append(r.coords)
            continue
        s, e, t = page.to_text_span(int(r.start), int(r.end))
        starts.append(s), ends.append(e), texts.append(t), coords.append("text")
    coverage["start"] = pd.array(starts, dtype="Int64")
    coverage["end"] = pd.array(ends, dtype="Int64")
    coverage["text"] = texts
    coverage["coords"] = coords
    return coverage


def _long_effects(eff, comp: pd.DataFrame) -> pd.DataFrame:
    cols = ["story", "outlet", "measure", "kind", "n_articles", "value", "baseline", "effect", "scaled"]
    if len(eff.effect) == 0:
        return pd.DataFrame(columns=cols)
    idx = eff.effect.index
    parts = []
    n_art = eff.cells["n_articles"].reindex(idx)
    for m in eff.effect.columns:
        parts.append(pd.DataFrame({
            "story": idx.get_level_values(0), "outlet": idx.get_level_values(1), "measure": m, "kind": "feature",
            "n_articles": n_art.to_numpy(), "value": eff.cells[m].reindex(idx).to_numpy(),
            "baseline": eff.baseline[m].to_numpy(), "effect": eff.effect[m].to_numpy(),
            "scaled": eff.scaled[m].to_numpy()}))
    for m in comp.columns:
        parts.append(pd.DataFrame({
            "story": idx.get_level_values(0), "outlet": idx.get_level_values(1), "measure": m,
            "kind": "composite", "n_articles": n_art.to_numpy(), "value": np.nan, "baseline": np.nan,
            "effect": comp[m].reindex(idx).to_numpy(), "scaled": comp[m].reindex(idx).to_numpy()}))
    if not parts:  # no feature and no composite (e.g. no numeric feature column): an empty table
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    return out[out["effect"].notna()].reset_index(drop=True)[cols]


def _support_notes(scored: pd.DataFrame, eff, stories: pd.DataFrame, shared: pd.Series, n_boot: int,
                   granularity: str, source: np.ndarray) -> list[str]:
    """Plain statements of how much the data can support."""
    notes = []
    n_art = len(scored)
    n_out = scored["outlet"].nunique()
    per = scored.groupby("outlet").size()
    if n_out and per.max() == 1:
        notes.append(f"{n_art} articles, {n_out} outlets, 1 article per outlet: an outlet's score is one "
                     f"article's, which cannot be told apart from article-to-article variation")
    n_st = len(stories)
    multi = int((eff.n_outlets >= 2).sum())
    single = int((eff.n_outlets < 2).sum())
    from_cluster = int(sum(1 for s in source if str(s).startswith("cluster")))
    if from_cluster:
        notes.append(f"{from_cluster} articles were grouped into stories by text similarity ({granularity} "
                     f"granularity), not by a given story id; check the stories table")
    if multi == 0:
        notes.append(f"no story is covered by two or more outlets ({n_st} stories, each reported by one outlet): "
                     f"no within-story comparison is possible, so no outlet effect is estimated. "
                     f"Give story ids, widen date_window_days, or use granularity='topic'")
    else:
        if single:
            notes.append(f"{single} of {len(eff.n_outlets)} stories have a single outlet and contribute nothing "
                         f"to the comparison")
        if n_boot == 0:
            notes.append("n_boot=0: no confidence intervals or p-values were computed")
        if n_boot > 0:
            cnt = eff.effect.index.get_level_values(1).value_counts()
            few = sorted(cnt[cnt < 2].index)
            if len(few) == len(cnt):
                notes.append(f"every outlet is compared on fewer than two stories ({multi} story(ies) with "
                             f"several outlets): no confidence interval is possible; effects are descriptive only")
            elif few:
                notes.append(f"{len(few)} outlets are compared on one story only and have no confidence interval: "
                             + ", ".join(few[:10]) + (" ..." if len(few) > 10 else ""))
            small = sorted(cnt[(cnt >= 2) & (cnt < 10)].index)
            if small:
                notes.append(f"{len(small)} outlets have 2-9 compared stories: their bootstrap intervals are "
                             f"rough (percentile intervals under-cover with few clusters)")
    return notes
