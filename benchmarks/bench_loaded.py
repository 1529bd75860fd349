"""Benchmark the loaded-language family on BABE and its speed on news articles.

Data (read from ``../shared``, never copied into the project; override with
``$FRAMING_SHARED``):

- ``eval/loaded_dev.jsonl.gz``: BABE (Spinde et al. 2021), sentences with the
  words expert annotators marked as biased.
- ``corpus/allsides_5k.jsonl.gz``: full news articles, for speed.

Split (deterministic, by id): a sentence is in the **calibration** part when
``int(sha256(id).hexdigest()[:8], 16) % 10 < 6``, else in the **held-out**
part. The lexicon's pruning and second-pass review used the calibration part
only; the held-out part is the report.

Measures, per part:

1. word-level precision / recall / F1 of ``loaded`` evidence in the outlet's
   voice (the headline; words inside quotations are the quoted speaker's, and
   BABE's annotators rarely marked them) and in all voices (scare-quote
   evidence excluded) against the annotated ``spans``: a word token counts as
   predicted when a loaded span covers it and as gold when an annotated span
   covers it;
2. ROC AUC of loaded-term density for Biased versus Non-biased sentences:
   the headline is the **weighted density** ``loaded.weighted_per_1k`` (lexicon
   rows weighted by their calibrated precision, quoted matches at half weight,
   plus weak cues; see :mod:`framing.extract.loaded` stage 6); the plain
   densities ``loaded.outlet.per_1k`` and ``loaded.per_1k`` are printed beside it;
3. with ``--classifier``: the same word scores for a token classifier
   (:mod:`framing.extract.classifier`) trained on the calibration part and
   scored on the held-out part, to show domain adaptation;
4. speed: documents per second on one core for ``framing.extract(...,
   families=["loaded"], clean=False)`` on the first ``--docs`` AllSides
   articles (and their mean length in words).

Usage: ``python benchmarks/bench_loaded.py [--docs 1000] [--classifier] [--part calibration|heldout|both]``.
Exits 0 with a message when the shared data is absent. Use ``--part calibration`` while
developing; score the held-out part once, at the end.

Weights: ``python benchmarks/bench_loaded.py --fit-weights --docs 0`` recomputes the ``weight``
column of ``framing/lexicons/loaded_terms.csv`` from the **calibration part only**: for each
row with outlet-voice matches there, weight = ((tp + A*P) / (n + A)) / P, with n the word
tokens it matched, tp those annotated as biased, P the lexicon's overall word precision on
the calibration part and A = 2 pseudo-tokens (additive smoothing toward the mean; A set by
5-fold cross-validation inside the calibration part, 0.5-8 all within 0.003 AUC). Rows with
no calibration match keep a blank weight (read as 1.0).

Results (2026-11-22, lexicon 2026.11.2, outlet voice): calibration P 0.569 R 0.469 F1 0.514,
AUC of loaded.outlet.per_1k 0.761, AUC of loaded.weighted_per_1k 0.804 in-sample (0.789 with
weights re-fitted by 5-fold cross-validation inside the calibration part, ``--cv``); held-out
P 0.487 R 0.381 F1 0.427, AUC of loaded.outlet.per_1k 0.732, AUC of loaded.weighted_per_1k 0.761
(scored once, after every choice was made on the calibration part). Token
classifier trained on calibration, held-out: F1 0.428, AUC 0.752. Family alone
(weighted density included) 996 docs/s/core at load average 9.4 on 2 cores (AllSides
articles, mean 964 words; 1,060 before the weighted density, at load 9).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def shared_dir() -> Path:
    env = os.environ.get("FRAMING_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def part_of(rec_id: str) -> str:
    """``"calibration"`` or ``"heldout"``: 60/40 by a hash of the id."""
    return "calibration" if int(hashlib.sha256(rec_id.encode()).hexdigest()[:8], 16) % 10 < 6 else "heldout"


def read_jsonl(path: Path, limit: int | None = None):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def word_sets(text: str, spans) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    from framing.extract.tokens import WORD_RE

    toks = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    gold = {t for t in toks if any(s <= t[0] and t[1] <= e for s, e, *_ in spans)}
    return toks, gold


def covered(toks, spans) -> set[tuple[int, int]]:
    return {t for t in toks if any(s <= t[0] and t[1] <= e for s, e in spans)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_lexicon(rows, voice: str | None = "outlet") -> dict:
    """Word P/R/F1 and sentence AUC; ``voice="outlet"`` (default) scores the outlet's own words only."""
    import framing
    from sklearn.metrics import roc_auc_score

    tp = fp = fn = 0
    ys, xs, xw = [], [], []
    for r in rows:
        ex = framing.extract(r["text"], clean=False, families=["loaded"])
        spans = [(e.start, e.end) for e in ex.evidence_for("loaded")
                 if e.label != "scare_quote" and (voice is None or e.voice == voice)]
        toks, gold = word_sets(r["text"], r["spans"])
        pred = covered(toks, spans)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if r["label_bias"] in ("Biased", "Non-biased"):
            ys.append(1 if r["label_bias"] == "Biased" else 0)
            xs.append(ex.features.get("loaded.per_1k" if voice is None else f"loaded.{voice}.per_1k", 0.0))
            xw.append(ex.features.get("loaded.weighted_per_1k", 0.0))
    p, rec, f1 = prf(tp, fp, fn)
    two = len(set(ys)) == 2
    return {"n": len(rows), "precision": p, "recall": rec, "f1": f1,
            "auc": roc_auc_score(ys, xs) if two else float("nan"),
            "auc_weighted": roc_auc_score(ys, xw) if two else float("nan")}


SMOOTHING = 2.0  # pseudo-tokens A of the weight formula (5-fold CV inside the calibration part)


def fit_weights(rows) -> tuple[dict[tuple[str, str], float], float]:
    """Row weights ``{(term, category): weight}`` from outlet-voice matches in ``rows`` (calibration only)."""
    import framing

    tp: dict[tuple[str, str], int] = {}
    n: dict[tuple[str, str], int] = {}
    for r in rows:
        ex = framing.extract(r["text"], clean=False, families=["loaded"])
        toks, gold = word_sets(r["text"], r["spans"])
        for e in ex.evidence_for("loaded"):
            if e.label == "scare_quote" or e.voice != "outlet":
                continue
            k = (e.attrs["term"], e.label)
            for t in covered(toks, [(e.start, e.end)]):
                n[k] = n.get(k, 0) + 1
                tp[k] = tp.get(k, 0) + (t in gold)
    prior = sum(tp.values()) / max(1, sum(n.values()))
    return {k: ((tp[k] + SMOOTHING * prior) / (n[k] + SMOOTHING)) / prior for k in n}, prior


def cv_weighted_auc(rows, folds: int = 5) -> float:
    """ROC AUC of ``loaded.weighted_per_1k`` with row weights re-fitted on the other folds of ``rows``.

    The honest estimate for the calibration part: the packaged weights were fitted on all of it, so
    its in-sample AUC is optimistic. Folds by ``int(sha256(id)[8:16], 16) % folds``.
    """
    import framing
    from sklearn.metrics import roc_auc_score

    from framing.extract.loaded import _QUOTED_WEIGHT

    fold = {r["id"]: int(hashlib.sha256(r["id"].encode()).hexdigest()[8:16], 16) % folds for r in rows}
    exs = {r["id"]: framing.extract(r["text"], clean=False, families=["loaded"]) for r in rows}
    ys, xs = [], []
    for k in range(folds):
        weights, _ = fit_weights([r for r in rows if fold[r["id"]] != k])
        for r in rows:
            if fold[r["id"]] != k or r["label_bias"] not in ("Biased", "Non-biased"):
                continue
            ex = exs[r["id"]]
            f = ex.features
            terms = sum(weights.get((e.attrs["term"], e.label), 1.0) * (_QUOTED_WEIGHT if e.voice == "quoted" else 1.0)
                        for e in ex.evidence_for("loaded") if e.label != "scare_quote")
            words = f["loaded.outlet.words"] + f["loaded.quoted.words"]
            ys.append(r["label_bias"] == "Biased")
            xs.append(1000.0 * (terms + f["loaded.weighted.cues"]) / words if words else 0.0)
    return roc_auc_score(ys, xs)


def write_weights(weights: dict[tuple[str, str], float]) -> int:
    """Rewrite the ``weight`` column of the packaged lexicon; returns the rows given a weight."""
    import csv
    import io

    from framing.io import atomic_write

    path = Path(__file__).resolve().parents[1] / "framing" / "lexicons" / "loaded_terms.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    cols = ["term", "category", "source", "inflect", "weight"]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    k = 0
    for r in rows:
        wt = weights.get((r["term"], r["category"]))
        r["weight"] = f"{wt:.3f}" if wt is not None and r["category"] != "exclude" else ""
        k += bool(r["weight"])
        w.writerow({c: r.get(c, "") for c in cols})
    with atomic_write(path) as fh:
        fh.write(out.getvalue())
    return k


def score_classifier(cal, held) -> dict:
    from framing.extract.classifier import TokenExample, fit_token_classifier

    def examples(rows):
        return [TokenExample(r["text"], [(s, e) for s, e, *_ in r["spans"]]) for r in rows]

    from sklearn.metrics import roc_auc_score

    clf = fit_token_classifier(examples(cal))
    tp = fp = fn = 0
    ys, xs = [], []
    for r in held:
        toks, gold = word_sets(r["text"], r["spans"])
        probs = clf.predict_proba_tokens(r["text"])
        pred = covered(toks, [(s, e) for s, e, p in probs if p >= clf.threshold])
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if r["label_bias"] in ("Biased", "Non-biased") and probs:
            ys.append(1 if r["label_bias"] == "Biased" else 0)
            xs.append(max(p for _, _, p in probs))  # the sentence's most loaded word
    p, rec, f1 = prf(tp, fp, fn)
    return {"n": len(held), "precision": p, "recall": rec, "f1": f1, "auc": roc_auc_score(ys, xs)}


def speed(path: Path, n: int) -> dict:
    import framing
    from framing.extract.registry import Context, get, registered

    registered()
    docs = [r.get("text") or r.get("content") or "" for r in read_jsonl(path, n)]
    docs = [d for d in docs if d]
    framing.extract(docs[0], clean=False, families=["loaded"])  # warm up (compile the automaton)
    words = 0
    t0 = time.process_time()
    for d in docs:
        ex = framing.extract(d, clean=False, families=["loaded"])
        words += ex.features["doc.words"]
    cpu = time.process_time() - t0
    # the family alone: a fresh Context per document and the registered extractor
    fn = get("loaded").fn
    t0 = time.process_time()
    for d in docs:
        fn(Context(d))
    cpu_family = time.process_time() - t0
    return {"docs": len(docs), "mean_words": words / max(1, len(docs)),
            "docs_per_s_core": len(docs) / cpu if cpu else 0.0,
            "family_docs_per_s_core": len(docs) / cpu_family if cpu_family else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="articles for the speed test (0 = skip)")
    ap.add_argument("--classifier", action="store_true", help="also train/score the token classifier")
    ap.add_argument("--part", choices=["calibration", "heldout", "both", "none"], default="both",
                    help="which part to score (develop on calibration; score heldout once; none = speed only)")
    ap.add_argument("--cv", action="store_true",
                    help="also print the 5-fold cross-validated weighted AUC inside the calibration part")
    ap.add_argument("--fit-weights", action="store_true",
                    help="recompute the lexicon's weight column from the calibration part and write it")
    args = ap.parse_args(argv)
    shared = shared_dir()
    babe = shared / "eval" / "loaded_dev.jsonl.gz"
    if not babe.exists():
        print(f"bench_loaded: {babe} not found; skipping (set FRAMING_SHARED)")
        return 0
    rows = list(read_jsonl(babe))
    parts = {"calibration": [r for r in rows if part_of(r["id"]) == "calibration"],
             "heldout": [r for r in rows if part_of(r["id"]) == "heldout"]}
    if args.fit_weights:
        weights, prior = fit_weights(parts["calibration"])
        k = write_weights(weights)
        print(f"weights: {k} lexicon rows weighted from {len(parts['calibration'])} calibration sentences "
              f"(mean word precision P={prior:.3f}, smoothing A={SMOOTHING}); restart to use them")
        return 0
    if args.cv:
        print(f"5-fold cross-validated AUC of loaded.weighted_per_1k inside the calibration part "
              f"(weights re-fitted per fold): {cv_weighted_auc(parts['calibration']):.3f}")
    if args.part == "none":
        parts = {}
    elif args.part != "both":
        parts = {args.part: parts[args.part]}
    print("loaded-language lexicon on BABE (word-level P/R/F1 vs annotated spans; ROC AUC of the density, "
          "Biased vs Non-biased sentences)")
    for voice in ("outlet", None) if parts else ():
        plain = "outlet voice (AUC of loaded.outlet.per_1k)" if voice else "all voices (AUC of loaded.per_1k)"
        print(f" evidence: {plain}; AUCw = AUC of loaded.weighted_per_1k")
        for name, part in parts.items():
            s = score_lexicon(part, voice)
            print(f"  {name:11s} n={s['n']:5d}  P={s['precision']:.3f}  R={s['recall']:.3f}  F1={s['f1']:.3f}  "
                  f"AUC={s['auc']:.3f}  AUCw={s['auc_weighted']:.3f}")
    if args.classifier and "heldout" in parts and "calibration" not in parts:
        parts["calibration"] = [r for r in rows if part_of(r["id"]) == "calibration"]
    if args.classifier and "heldout" in parts:
        s = score_classifier(parts["calibration"], parts["heldout"])
        print(f"  token classifier trained on calibration, scored on heldout: n={s['n']}  "
              f"P={s['precision']:.3f}  R={s['recall']:.3f}  F1={s['f1']:.3f}  AUC(max word p)={s['auc']:.3f}")
    corpus = shared / "corpus" / "allsides_5k.jsonl.gz"
    if args.docs and corpus.exists():
        s = speed(corpus, args.docs)
        print(f"speed: {s['docs']} AllSides articles, mean {s['mean_words']:.0f} words: "
              f"family alone (Context + loaded extractor) {s['family_docs_per_s_core']:.0f} docs/s/core; "
              f"whole pipeline (framing.extract, families=['loaded'], clean=False: tokens, outlet "
              f"resolution included) {s['docs_per_s_core']:.0f} docs/s/core")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
