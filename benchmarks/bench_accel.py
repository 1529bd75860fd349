"""The analysis alone with the compiled modules (setup.py) against the same code as Python.

Paired rounds: each round times ``framing.extract`` (cleaning and every extractor, offsets
mapped, no output files) over the same articles not seen before, once in a child process that
runs the compiled modules and once in one with ``FRAMING_PURE_PYTHON=1``, in alternating order,
under the collector settings of ``framing analyze`` (``runner._batch_gc``). CPU time of the
timed loop only (``time.process_time``), after 50 other articles warm each process up.

Skips cleanly (exit 0) when the shared data is absent or nothing is compiled. Usage::

    python benchmarks/bench_accel.py                      # 3 rounds of 1,000 articles
    python benchmarks/bench_accel.py --rounds 5 --docs 2000
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FRAMING_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "allsides_5k.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results" / "accel.json"

CHILD = r"""
import gzip, json, sys, time
import framing
from framing import _accel, runner
from framing.types import Document
n = int(sys.argv[2])
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as fh:
    recs = [json.loads(line) for line in fh if line.strip()]
for r in recs[-50:]:  # warm-up on other articles (imports, lexicons, automata)
    framing.extract(Document(id=r["id"], text=r["text"], outlet=r.get("outlet")))
docs = [Document(id=r["id"], text=r["text"], outlet=r.get("outlet")) for r in recs[:n]]
with runner._batch_gc():
    t = time.process_time()
    for d in docs:
        framing.extract(d)
    dt = time.process_time() - t
print(json.dumps({"ms_per_doc": 1000 * dt / n, "compiled": len(_accel.status()["compiled"])}))
"""


def run_child(pure: bool, n: int) -> dict:
    env = {**os.environ, "FRAMING_PURE_PYTHON": "1" if pure else "0"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(CORPUS), str(n)], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"skip: {CORPUS} is absent")
        return 0
    from framing import _accel

    if not _accel.status()["compiled"]:
        print("skip: no compiled module in this install (pure Python build)")
        return 0
    rows = []
    for k in range(a.rounds):
        for pure in ((True, False) if k % 2 == 0 else (False, True)):
            r = run_child(pure, a.docs)
            rows.append({"round": k, "python_only": pure, **r})
            print(f"round {k}: {'python  ' if pure else 'compiled'} {r['ms_per_doc']:.3f} ms/doc "
                  f"({1000 / r['ms_per_doc']:.1f} docs per CPU-second)", flush=True)
    py = statistics.mean(r["ms_per_doc"] for r in rows if r["python_only"])
    cc = statistics.mean(r["ms_per_doc"] for r in rows if not r["python_only"])
    summary = {"python_ms_per_doc": round(py, 3), "compiled_ms_per_doc": round(cc, 3),
               "python_docs_per_cpu_s": round(1000 / py, 1), "compiled_docs_per_cpu_s": round(1000 / cc, 1),
               "cpu_time_saved": round(1 - cc / py, 3)}
    print(f"mean: python {py:.3f} ms/doc ({1000 / py:.1f}/CPU-s), compiled {cc:.3f} ms/doc "
          f"({1000 / cc:.1f}/CPU-s): {100 * (1 - cc / py):.1f}% less CPU time")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 "command": " ".join(["python", "benchmarks/bench_accel.py", *(argv or sys.argv[1:])]),
                                 "docs": a.docs, "compiled_modules": _accel.status()["compiled"],
                                 "rounds": rows, "summary": summary}, indent=1) + "\n")
    print(f"(results: {a.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
