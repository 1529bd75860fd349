"""Determinism: the same input gives byte-identical output files across runs and ``--jobs``
values -- ``documents.jsonl``, the CSV tables, ``errors.jsonl`` (bad inputs, over-limit
documents) and the comparison tables. Only ``run.json`` (timings, the jobs value) may differ."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fuzz_helpers import PHRASES, SPECIALS

from framing.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for p in SEEDS.iterdir():
        if p.suffix in (".txt", ".csv"):
            shutil.copy(p, d / p.name)
    recs = []
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(14):
        base = seeds[i % len(seeds)].read_text(encoding="utf-8")
        noise = "".join(SPECIALS[(i * 7 + k) % len(SPECIALS)] for k in range(12)).replace("\n", " ")
        recs.append({"id": f"h{i:02d}", "outlet": ["RT", "TASS", "BBC News", "Reuters"][i % 4],
                     "story": f"s{i % 3}", "published": f"2024-05-0{1 + i % 3}",
                     "text": base + "\n\n" + PHRASES[i % len(PHRASES)] + " " + noise})
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(5, "{not json")  # -> E005 in errors.jsonl
    lines.insert(9, json.dumps({"id": "no-text", "title": "x"}))  # -> E006
    lines.append(json.dumps({"id": "huge", "outlet": "RT", "text": "Officials said. " * 4000}))  # -> E010
    (d / "extra.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return d


def _run(corpus, out, jobs):
    code = main(["analyze", str(corpus), "--out", str(out), "-q", "-j", str(jobs), "--max-chars", "40000"])
    assert code == 1  # some inputs failed on purpose
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "run.json"}


def test_runs_and_jobs_give_byte_identical_output(corpus, tmp_path):
    a = _run(corpus, tmp_path / "a", 1)
    b = _run(corpus, tmp_path / "b", 1)
    c = _run(corpus, tmp_path / "c", 2)
    assert {"documents.jsonl", "features.csv", "evidence.csv", "errors.jsonl", "blocks.csv",
            "compare_outlets.csv", "compare_pairs.csv", "compare_features.csv"} <= set(a)
    assert sorted(a) == sorted(b) == sorted(c)
    for name in a:
        assert a[name] == b[name], f"{name} differs between two runs"
        assert a[name] == c[name], f"{name} differs between --jobs 1 and --jobs 2"
    # JSON Lines end at "\n" only (str.splitlines would also cut at a raw U+2028 inside a string)
    errs = [json.loads(l) for l in a["errors.jsonl"].decode().split("\n") if l]
    assert {e["code"] for e in errs} >= {"E005", "E006", "E010"}
    ids = [json.loads(l)["id"] for l in a["documents.jsonl"].decode().split("\n") if l]
    assert len(ids) == 5 + 14 and "huge" not in ids
