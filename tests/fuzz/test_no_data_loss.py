"""No data loss: a run killed (SIGTERM or SIGKILL, one or two worker processes) leaves every
finished record on disk as complete lines of a ``.part`` journal and never a half-written final
file; ``--resume`` then completes it to exactly what an uninterrupted run writes. An extractor
that raises costs only its own feature family on that document (E012 in errors.jsonl)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import framing
from framing.extract.registry import FamilyResult, register, unregister
from framing.runner import run

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
FINAL = ("documents.jsonl", "features.csv", "evidence.csv", "attributions.csv", "blocks.csv", "errors.jsonl")


def _corpus(tmp_path, n):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    p = tmp_path / "corpus.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i:04d}", "text": texts[i % len(texts)] + f"\n\nUpdate {i}: officials "
                                 f"said talks would resume."}) + "\n")
            if i == 3:
                fh.write("{broken line\n")
    return p


@pytest.mark.parametrize("sig,jobs", [(signal.SIGTERM, 1), (signal.SIGKILL, 2)], ids=["sigterm-j1", "sigkill-j2"])
def test_killed_run_keeps_finished_records_and_resume_completes_it(tmp_path, sig, jobs):
    n = 160
    src = _corpus(tmp_path, n)
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "framing", "analyze", str(src), "--out", str(out), "-q",
                             "-j", str(jobs), "--no-compare"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    part = out / "documents.jsonl.part"
    deadline = time.time() + 90
    while time.time() < deadline and (not part.exists() or part.stat().st_size < 60_000):
        time.sleep(0.05)
    if jobs > 1:
        os.killpg(proc.pid, sig)  # the whole run: the parent and its pool workers
    else:
        proc.send_signal(sig)
    proc.wait(timeout=60)
    # never a half-written final file
    for name in FINAL:
        assert not (out / name).exists(), name
    # every complete line of the journal is a whole record
    raw = part.read_bytes()
    lines = raw.split(b"\n")
    complete = lines[:-1]  # the last piece is "" or a line cut by the kill
    assert complete, "nothing was journalled before the kill"
    recs = [json.loads(l) for l in complete]
    assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(len(recs))]
    # resume finishes the job; the result equals an uninterrupted run, byte for byte
    res = run([str(src)], out, jobs=1, progress=False, resume=True, compare=False)
    assert res.n_skipped >= len(recs) - 1 and res.n_documents == n
    clean = tmp_path / "clean"
    run([str(src)], clean, jobs=1, progress=False, compare=False)
    assert (out / "documents.jsonl").read_bytes() == (clean / "documents.jsonl").read_bytes()


@pytest.fixture
def raising_family():
    @register("zz_raises", order=10_000)
    def boom(ctx):
        if "Update 2:" in (ctx.document.text if ctx.document else ""):
            raise RuntimeError("extractor bug on hostile input")
        return FamilyResult(features={"ok": 1.0})

    yield
    unregister("zz_raises")


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_extractor_that_raises_costs_only_its_family(tmp_path, raising_family, jobs):
    src = _corpus(tmp_path, 6)
    out = tmp_path / f"o{jobs}"
    res = run([str(src)], out, jobs=jobs, progress=False, compare=False)
    recs = [json.loads(l) for l in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(6)]  # nothing dropped
    bad = next(r for r in recs if r["id"] == "d0002")
    assert "zz_raises.ok" not in bad["features"] and bad["errors"][0]["code"] == "E012"
    assert all(r["features"].get("zz_raises.ok") == 1.0 for r in recs if r["id"] != "d0002")
    errs = [json.loads(l) for l in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["code"], e.get("doc_id"), e.get("family")) for e in errs) == sorted(
        [("E005", None, None), ("E012", "d0002", "zz_raises")])
    assert res.n_documents == 6 and res.n_errors == 2


def test_a_crashing_cleaner_costs_only_that_document(tmp_path, monkeypatch):
    """A bug outside the families (here: the cleaner) is caught per document by the runner (E012)."""
    import framing.clean as clean_mod

    real = clean_mod.clean

    def flaky(doc, **kw):
        if "Update 4:" in doc.text:
            raise MemoryError("simulated")
        return real(doc, **kw)

    monkeypatch.setattr(clean_mod, "clean", flaky)
    src = _corpus(tmp_path, 6)
    res = run([str(src)], tmp_path / "o", jobs=1, progress=False, compare=False)
    recs = [json.loads(l)["id"] for l in (tmp_path / "o" / "documents.jsonl").read_text().splitlines()]
    assert recs == ["d0000", "d0001", "d0002", "d0003", "d0005"]
    errs = [json.loads(l) for l in (tmp_path / "o" / "errors.jsonl").read_text().splitlines()]
    assert ("E012", "d0004") in {(e["code"], e.get("doc_id")) for e in errs}
    assert res.n_documents == 5
