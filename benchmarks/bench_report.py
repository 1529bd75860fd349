"""Report generation time and size: the seed corpus and the AllSides corpus (5,000 articles).

Usage: python benchmarks/bench_report.py [--n 5000] [--max-articles 50] [--no-pdf]

Times each stage separately (analyse, compare, report data + charts, HTML, PDF,
tables) and prints the size of every output. For the large corpus the
per-article sections are capped with ``max_articles`` (every article stays in
the tables and the report says how many it shows); the PDF uses the same cap.
Skips the AllSides part cleanly (exit 0) when the shared data is absent
(``FRAMING_SHARED`` overrides ``../shared``).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))


def seed_documents():
    import framing

    seeds = ROOT / "data" / "seeds"
    with open(seeds / "metadata.csv", encoding="utf-8", newline="") as fh:
        return [framing.Document((seeds / r["file"]).read_text(encoding="utf-8"), id=r["file"][:3],
                                 outlet=r["outlet"], published=r["published"], title=r["headline"])
                for r in csv.DictReader(fh)]


def allsides_documents(n: int):
    import framing

    path = SHARED / "corpus" / "allsides_5k.jsonl.gz"
    if not path.exists():
        return None, None
    docs = []
    for d in framing.read(path):
        docs.append(d)
        if len(docs) >= n:
            break
    topics = {d.id: d.extra.get("topic") or "unknown" for d in docs}
    return docs, topics


def bench(name: str, docs, *, story=None, max_articles=None, pdf=True, keep=False) -> list[tuple]:
    import framing
    from framing.report.model import build
    from framing.report.render import render_html, render_pdf
    from framing.report.tables import write_tables

    rows = []
    out = Path(tempfile.mkdtemp(prefix=f"bench-report-{name}-"))
    t = time.perf_counter()
    analysis = framing.analyze(docs, progress=len(docs) > 100)
    rows.append((name, len(docs), "analyse (not part of the report)", time.perf_counter() - t, None))
    t = time.perf_counter()
    comparison = framing.compare(analysis, story=story) if story is not None else framing.compare(analysis)
    rows.append((name, len(docs), "compare (not part of the report)", time.perf_counter() - t, None))
    t = time.perf_counter()
    data = build(analysis, comparison, max_articles=max_articles)
    rows.append((name, len(docs), f"report data + charts (articles shown: {len(data.articles)})",
                 time.perf_counter() - t, None))
    t = time.perf_counter()
    html = render_html(data)
    (out / "report.html").write_text(html, encoding="utf-8")
    rows.append((name, len(docs), "HTML", time.perf_counter() - t, (out / "report.html").stat().st_size))
    if pdf:
        t = time.perf_counter()
        render_pdf(render_html(data, for_pdf=True), out / "report.pdf")
        pages = _pages(out / "report.pdf")
        rows.append((name, len(docs), f"PDF ({pages} pages)", time.perf_counter() - t,
                     (out / "report.pdf").stat().st_size))
    t = time.perf_counter()
    files = write_tables(analysis, comparison, out / "tables")
    size = sum(p.stat().st_size for p in files.values())
    rows.append((name, len(docs), f"tables ({len(files)} files: CSV, JSON, Parquet)", time.perf_counter() - t, size))
    if keep:
        print(f"[{name}] outputs in {out}", file=sys.stderr)
    else:
        import shutil

        shutil.rmtree(out, ignore_errors=True)
    return rows


def _pages(pdf: Path):
    import re
    import shutil
    import subprocess

    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(m.group(1)) if m else "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=5000, help="AllSides articles (default 5000)")
    ap.add_argument("--max-articles", type=int, default=50, help="article sections shown for AllSides")
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--seeds-only", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the outputs (a 5,000-article run writes ~1 GB of tables)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    rows = bench("seeds", seed_documents(), pdf=not args.no_pdf, keep=args.keep)
    if not args.seeds_only:
        docs, topics = allsides_documents(args.n)
        if docs is None:
            print(f"AllSides corpus not found under {SHARED}: skipping the large benchmark")
        else:
            rows += bench("allsides", docs, story=topics, max_articles=args.max_articles, pdf=not args.no_pdf,
                          keep=args.keep)
    print(f"{'corpus':<9} {'docs':>6}  {'stage':<58} {'seconds':>8} {'bytes':>12}")
    for name, n, stage, sec, size in rows:
        print(f"{name:<9} {n:>6}  {stage:<58} {sec:>8.2f} {'' if size is None else f'{size:,}':>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
