"""Benchmark of framing.compare on allsides_5k (real articles, AllSides outlet ratings).

What it runs (each part prints its numbers):

0. **Seeds**: the five seed captures (five events, one article per outlet) and
   what the comparison says it can support.
1. **Analyse** the 5,000 articles with every extractor present (``framing.analyze``;
   ``clean=False`` by default since the corpus holds article bodies, ``--clean`` to clean).
2. **Compare** with stories approximated by AllSides topic x 30-day date bucket
   (metadata story ids), then with clustered stories (event granularity):
   time and peak memory, story counts, the outlet table (composites with CIs),
   distinctive terms, fact coverage; a sanity check against ``bias_label``
   (the same comparison with the AllSides rating as the "outlet").
3. **Scaling** of grouping alone on the corpus replicated to 10,000 and 50,000
   articles: the bar is time(50k) < 25 x time(10k) (25x = quadratic).
4. ``--calibrate``: the grouping thresholds' calibration table (topic purity of
   clusters, blocking recall against an exact all-pairs search) on the
   calibration half (even CRC32 of the id) and the held-out half (odd).

Skips cleanly (exit 0) when the shared data is absent. Usage::

    python benchmarks/bench_compare.py [--limit N] [--clean] [--calibrate] [--no-scaling] [--seeds-only]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(os.environ.get("FRAMING_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
CORPUS = SHARED / "corpus" / "allsides_5k.jsonl.gz"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load(limit: int | None = None) -> list[dict]:
    rows = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def topic_date_story(rows: list[dict]) -> dict[str, str]:
    """Story id = AllSides topic + 30-day bucket of the date (undated: topic + 'undated')."""
    out = {}
    for r in rows:
        d = pd.to_datetime(r.get("date") or None, errors="coerce")
        bucket = "undated" if pd.isna(d) else str(int(d.value // (86400 * 10 ** 9) // 30))
        out[r["id"]] = f"{r.get('topic') or 'none'}|{bucket}"
    return out


def show_comparison(c, label: str) -> None:
    print(f"\n== {label}: {c!r}")
    for n in c.notes:
        print("  note:", n)
    st = c.stories
    multi = st[st["n_outlets"] >= 2]
    print(f"  stories: {len(st)}; with >= 2 outlets: {len(multi)}; articles in them: {int(multi['n_articles'].sum())}; "
          f"largest: {int(st['n_articles'].max())}")
    comp = c.outlets[(c.outlets["kind"] == "composite") & (c.outlets["n_stories"] >= 10)]
    if len(comp):
        comp = comp.assign(cell=[f"{r.effect:+.2f} [{r.ci_low:+.2f},{r.ci_high:+.2f}]{'*' if r.ci_excludes_0 else ''}"
                                 for r in comp.itertuples()])
        wide = comp.pivot(index="outlet", columns="measure", values="cell")
        n = c.outlets[c.outlets["measure"] == comp["measure"].iloc[0]].set_index("outlet")["n_stories"]
        wide.insert(0, "n_stories", n.reindex(wide.index))
        wide = wide.sort_values("n_stories", ascending=False).head(15)
        with pd.option_context("display.width", 250, "display.max_columns", 20, "display.max_colwidth", 24):
            print("  composites (SD units, 95% story-bootstrap CI, * = CI excludes 0), outlets with >= 10 stories:")
            print(wide.to_string())
    p = c.pairs
    if len(p):
        sig = p[p["exceeds_uncertainty"]]
        print(f"  pairs: {len(p)} (outlet pair x measure); exceeding their uncertainty (CI excl. 0 and q<0.05): {len(sig)}")
        for r in sig.sort_values("q_bh").head(8).itertuples():
            print(f"    {r.outlet_a} - {r.outlet_b} on {r.measure}: {r.difference:+.3f} [{r.ci_low:+.3f}, {r.ci_high:+.3f}] "
                  f"over {r.n_shared_stories} stories, q={r.q_bh:.3g}")
    t = c.terms
    if len(t):
        print("  distinctive terms (over-used on shared stories, z):")
        top_outlets = c.outlets.groupby("outlet")["n_stories"].max().sort_values(ascending=False).head(8).index
        for o in top_outlets:
            tt = t[(t["outlet"] == o) & (t["direction"] == "over")].head(8)
            print(f"    {o}: " + ", ".join(f"{r.term} ({r.z:.1f})" for r in tt.itertuples()))
    cov = c.coverage
    if len(cov):
        share = cov.groupby("outlet")["reported"].mean().sort_values()
        print(f"  coverage rows: {len(cov)}; facts reported share, lowest: "
              + ", ".join(f"{o} {v:.2f}" for o, v in share.head(3).items())
              + "; highest: " + ", ".join(f"{o} {v:.2f}" for o, v in share.tail(3).items()))


def bias_check(an, rows: list[dict], story_map: dict[str, str], n_boot: int) -> None:
    """The same comparison with the AllSides rating as the outlet (left / center / right)."""
    import framing
    from framing.pipeline import Analysis

    label = {r["id"]: r["bias_label"] for r in rows}
    docs = an.documents.copy()
    docs["outlet"] = docs["id"].map(label)
    an2 = Analysis(documents=docs, evidence=an.evidence, attributions=an.attributions, blocks=an.blocks,
                   errors=an.errors, bodies=an.bodies, extractions=[])
    t = time.perf_counter()
    c = framing.compare(an2, story=story_map, n_boot=n_boot)
    print(f"\n== sanity check: AllSides rating as the 'outlet' (topic x 30-day stories), {time.perf_counter() - t:.1f}s")
    comp = c.outlets[c.outlets["kind"] == "composite"]
    for r in comp.sort_values(["measure", "outlet"]).itertuples():
        print(f"  {r.measure:22s} {r.outlet:7s} {r.effect:+.3f} [{r.ci_low:+.3f}, {r.ci_high:+.3f}] "
              f"n_stories={r.n_stories}")
    for o in ("left", "center", "right"):
        tt = c.terms[(c.terms["outlet"] == o) & (c.terms["direction"] == "over")].head(15)
        print(f"  terms {o}: " + ", ".join(f"{r.term} ({r.z:.1f})" for r in tt.itertuples()))


def scaling(rows: list[dict]) -> None:
    from framing.compare.stories import group_stories

    base_ids = [r["id"] for r in rows]
    texts = [(r.get("title") or "") + "\n" + r["text"] for r in rows]
    dates = [r.get("date") or None for r in rows]
    outs = [r["outlet"] for r in rows]
    times = {}
    for n in (10_000, 50_000):
        k = -(-n // len(rows))
        ids = [f"{i}#{c}" for c in range(k) for i in base_ids][:n]
        t0 = time.perf_counter()
        g = group_stories(ids, (texts * k)[:n], (dates * k)[:n], (outs * k)[:n], granularity="event")
        times[n] = time.perf_counter() - t0
        print(f"  grouping {n:,} articles (corpus x{k}): {times[n]:.1f}s, {g.n_candidates:,} candidate pairs, "
              f"{len(set(g.labels)):,} stories, peak RSS {peak_mb():.0f} MB")
    ratio = times[50_000] / times[10_000]
    print(f"  time(50k) / time(10k) = {ratio:.1f} (bar < 25, linear would be 5): {'MET' if ratio < 25 else 'MISSED'}")


def calibrate(rows: list[dict]) -> None:
    from sklearn.metrics import adjusted_rand_score

    from framing.compare.stories import GRANULARITIES, _components, candidate_pairs, parse_days, vectorise

    for part_name, parity in (("calibration", 0), ("held-out", 1)):
        part = [r for r in rows if zlib.crc32(r["id"].encode()) % 2 == parity]
        df = pd.DataFrame(part)
        X, _ = vectorise((df["title"] + "\n" + df["text"]).tolist())
        days = parse_days(df["date"])
        S = (X @ X.T).tocoo()
        keep = S.row < S.col
        ii, jj, ss = S.row[keep], S.col[keep], S.data[keep]
        print(f"\n== calibration table, {part_name} half ({len(df)} articles)")
        for name, g in GRANULARITIES.items():
            i, j, s = candidate_pairs(X, days, window_days=g.window_days, top_k=g.top_k)
            di, dj = days[ii], days[jj]
            inwin = (np.isfinite(di) & np.isfinite(dj) & (np.abs(np.nan_to_num(di) - np.nan_to_num(dj)) <= g.window_days)) \
                | (~np.isfinite(di) & ~np.isfinite(dj))
            found = set(zip(i.tolist(), j.tolist()))
            for thr in sorted({0.15, 0.2, 0.25, 0.3, g.threshold}):
                exact = [(a, b) for a, b, c in zip(ii[inwin].tolist(), jj[inwin].tolist(), ss[inwin]) if c >= thr]
                rec = float(np.mean([p in found for p in exact])) if exact else float("nan")
                m = s >= thr
                comp = _components(len(df), i[m], j[m])
                sizes = np.bincount(comp)
                multi = sizes[comp] > 1
                gdf = pd.DataFrame({"c": comp, "topic": df["topic"], "o": df["outlet"]})[multi]
                pur = gdf.groupby("c")["topic"].agg(lambda x: x.value_counts().iloc[0] / len(x))
                wpur = float((pur * gdf.groupby("c").size()).sum() / max(len(gdf), 1))
                mo = int((gdf.groupby("c")["o"].nunique() >= 2).sum())
                mark = " <- default" if thr == g.threshold else ""
                print(f"  {name:5s} window={g.window_days:2d}d top_k={g.top_k:2d} thr={thr:.2f}: "
                      f"blocking recall {rec:.3f} of {len(exact)} exact pairs; clustered {multi.mean():.2f}; "
                      f"clusters {len(pur)} ({mo} multi-outlet), largest {sizes.max()}; topic purity {wpur:.3f}; "
                      f"ARI vs topic {adjusted_rand_score(df['topic'], comp):.3f}{mark}")


def seeds() -> None:
    """The five seed captures: what the comparison says about five articles on five events."""
    import framing
    from framing import Document

    folder = Path(__file__).resolve().parents[1] / "data" / "seeds"
    md = pd.read_csv(folder / "metadata.csv")
    docs = [Document(text=(folder / r.file).read_text(encoding="utf-8"), id=r.file[:3], outlet=r.outlet,
                     published=r.published, title=r.headline) for r in md.itertuples()]
    t0 = time.perf_counter()
    c = framing.compare(docs)
    print(f"0. seeds, event granularity ({time.perf_counter() - t0:.1f}s): {c!r}")
    for n in c.notes:
        print("  note:", n)
    c1 = framing.compare(docs, story=lambda row: "north-korea-russia")
    print(f"   seeds forced into one running story: {c1!r}")
    for n in c1.notes[:2]:
        print("  note:", n)
    comp = c1.outlets[c1.outlets["kind"] == "composite"].pivot(index="outlet", columns="measure", values="effect")
    print("  composites (descriptive only, one article per outlet):")
    print(comp.round(2).to_string())
    print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--clean", action="store_true", help="clean the texts (slower; the corpus holds article bodies)")
    ap.add_argument("--calibrate", action="store_true")
    ap.add_argument("--no-scaling", action="store_true")
    ap.add_argument("--seeds-only", action="store_true", help="only the seed corpus part (no shared data needed)")
    ap.add_argument("--n-boot", type=int, default=1000)
    args = ap.parse_args(argv)
    import framing
    from framing import Document

    if args.limit is None and not args.calibrate:
        seeds()
    if args.seeds_only:
        return 0
    if not CORPUS.exists():
        print(f"skip: {CORPUS} not found (set FRAMING_SHARED)")
        return 0

    rows = load(args.limit)
    print(f"allsides: {len(rows)} articles, {len({r['outlet'] for r in rows})} outlets")
    if args.calibrate:
        calibrate(rows)
        return 0
    docs = [Document(text=r["text"], id=r["id"], outlet=r["outlet"], published=r.get("date") or None,
                     title=r.get("title"), extra={"topic": r.get("topic"), "bias_label": r.get("bias_label")})
            for r in rows]
    t0 = time.perf_counter()
    an = framing.analyze(docs, clean=args.clean, keep=args.clean)
    t_an = time.perf_counter() - t0
    fams = sorted({c.split(".")[0] for c in an.feature_names})
    print(f"1. analyse: {t_an:.1f}s ({1000 * t_an / len(docs):.1f} ms/article), families: {', '.join(fams)}; "
          f"{len(an.errors)} errors; peak RSS {peak_mb():.0f} MB")
    if len(an.errors):
        print("   errors by family/code:", an.errors.groupby(["family", "code"]).size().to_dict()
              if "family" in an.errors.columns else an.errors["code"].value_counts().to_dict())

    story_map = topic_date_story(rows)
    t0 = time.perf_counter()
    c = framing.compare(an, story=story_map, n_boot=args.n_boot)
    t_c = time.perf_counter() - t0
    print(f"2a. compare, stories = topic x 30-day bucket: {t_c:.1f}s; peak RSS {peak_mb():.0f} MB")
    show_comparison(c, "topic x date stories")

    t0 = time.perf_counter()
    c2 = framing.compare(an, granularity="event", n_boot=args.n_boot)
    t_c2 = time.perf_counter() - t0
    print(f"\n2b. compare, clustered event stories: {t_c2:.1f}s; peak RSS {peak_mb():.0f} MB")
    show_comparison(c2, "clustered event stories")
    bias_check(an, rows, story_map, args.n_boot)
    if not args.no_scaling and args.limit is None:
        print("\n3. scaling of story grouping (replicated corpus)")
        scaling(rows)
    print(f"\npeak RSS {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
