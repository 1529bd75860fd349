"""Benchmark of framing.clean on boilerplate_dev: token-level P/R/F1 and speed.

Data: ``<shared>/eval/boilerplate_dev.jsonl.gz`` (450 pages of the
web-content-extraction-benchmark; see its README). ``<shared>`` is
``Path(__file__).resolve().parents[1].parent / "shared"`` unless the env var
``FRAMING_SHARED`` says otherwise; without it the script prints a message and
exits 0.

Split (deterministic): a page is in the **held-out** (report) part when the first
8 hex digits of ``sha1(id)`` as an integer are even, else in the **calibration**
part (used to tune :class:`framing.clean.labels.Params` and the template list).

Measure: bag of lower-cased word tokens (``\\w+``) of the extracted text against
``article_text``; precision, recall and F1 per page, macro-averaged. The gold
rarely contains the page's headline (on the calibration part, 145 of the 177
headlines the cleaner finds are absent from ``article_text``), so the text
compared is the cleaned body without its ``headline`` blocks (``--compare
body`` uses the whole body; it scores 0.0014 lower on the calibration part).
Speed is CPU time (``time.process_time``) of :func:`framing.clean` per page,
flags included, i.e. pages per second per core. Two input variants: the page text as given, and the same page
with a blank line inserted between lines. Baseline: the whole page unchanged.

Usage::

    python benchmarks/bench_boilerplate.py [--part heldout|calibration|all] [--limit N] [--worst K]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def shared_dir() -> Path:
    env = os.environ.get("FRAMING_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def part_of(page_id: str) -> str:
    """``"heldout"`` or ``"calibration"`` (see the module docstring)."""
    return "heldout" if int(hashlib.sha1(page_id.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "calibration"


def load(part: str = "heldout", *, path: Path | None = None) -> list[dict]:
    path = path or shared_dir() / "eval" / "boilerplate_dev.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        recs = [json.loads(line) for line in fh if line.strip()]
    return [r for r in recs if part == "all" or part_of(str(r["id"])) == part]


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Token-level precision, recall, F1 (bags of lower-cased ``\\w+`` tokens)."""
    cp, cg = Counter(_TOKEN.findall(pred.lower())), Counter(_TOKEN.findall(gold.lower()))
    ov = sum((cp & cg).values())
    if not ov:
        return 0.0, 0.0, 0.0
    p, r = ov / sum(cp.values()), ov / sum(cg.values())
    return p, r, 2 * p * r / (p + r)


def extracted(page, compare: str = "no_headline") -> str:
    """The text compared with the gold: the body, without headline blocks by default."""
    if compare == "body":
        return page.body
    return "\n\n".join(b.text for b in page.blocks
                       if b.label in ("standfirst", "body", "caption"))


def blank_lines(text: str) -> str:
    """The page with a blank line between lines (blocks)."""
    return "\n\n".join(text.splitlines())


def run(recs: list[dict], *, compare: str = "no_headline", worst: int = 0) -> dict:
    from framing.clean import clean

    out = {}
    for variant in ("as_given", "blank_lines"):
        scores, base, secs, chars = [], [], 0.0, 0
        per_page = []
        for r in recs:
            text = r["page_text"] if variant == "as_given" else blank_lines(r["page_text"])
            t0 = time.process_time()
            page = clean(text)
            secs += time.process_time() - t0
            chars += len(text)
            s = prf(extracted(page, compare), r["article_text"])
            scores.append(s)
            base.append(prf(text, r["article_text"]))
            per_page.append((s[2], r["id"], s))
        n = len(recs)
        mean = [statistics.fmean(x[k] for x in scores) for k in range(3)]
        bmean = [statistics.fmean(x[k] for x in base) for k in range(3)]
        out[variant] = {"n": n, "precision": mean[0], "recall": mean[1], "f1": mean[2],
                        "baseline_precision": bmean[0], "baseline_recall": bmean[1], "baseline_f1": bmean[2],
                        "ms_per_page": 1000 * secs / n, "pages_per_s": n / secs, "kb_per_page": chars / n / 1000}
        if worst:
            out[variant]["worst"] = sorted(per_page)[:worst]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", default="heldout", choices=["heldout", "calibration", "all"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--compare", default="no_headline", choices=["no_headline", "body"])
    ap.add_argument("--worst", type=int, default=0, help="list the K worst pages (calibration work)")
    args = ap.parse_args(argv)
    path = shared_dir() / "eval" / "boilerplate_dev.jsonl.gz"
    if not path.exists():
        print(f"skipped: {path} not found (set FRAMING_SHARED)")
        return 0
    recs = load(args.part, path=path)
    if args.limit:
        recs = recs[: args.limit]
    res = run(recs, compare=args.compare, worst=args.worst)
    print(f"boilerplate_dev part={args.part} pages={len(recs)} compare={args.compare}")
    print(f"{'variant':12s} {'system':10s} {'P':>6s} {'R':>6s} {'F1':>6s} {'ms/page':>8s} {'pages/s':>8s}")
    for variant, m in res.items():
        print(f"{variant:12s} {'clean':10s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
              f"{m['ms_per_page']:8.2f} {m['pages_per_s']:8.1f}")
        print(f"{variant:12s} {'whole-page':10s} {m['baseline_precision']:6.3f} {m['baseline_recall']:6.3f} "
              f"{m['baseline_f1']:6.3f} {'0':>8s} {'-':>8s}")
        for f1, pid, s in m.get("worst", []):
            print(f"   worst {pid}: P={s[0]:.3f} R={s[1]:.3f} F1={f1:.3f}")
    ok = all(m["f1"] >= 0.90 for m in res.values())
    print(f"bar mean F1 >= 0.90 on both variants: {'met' if ok else 'missed'}; "
          f"speed bar 200 pages/s/core: {'met' if all(m['pages_per_s'] >= 200 for m in res.values()) else 'missed'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
