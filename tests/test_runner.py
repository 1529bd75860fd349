import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from framing.runner import run


def _corpus(tmp_path, n=40):
    """A JSONL corpus built from the seed texts, each varied so every document is distinct."""
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    p = tmp_path / "corpus.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i:04d}", "text": texts[i % len(texts)] + f"\n\nEdition {i}."}) + "\n")
    return p


def test_jobs_2_output_is_byte_identical_to_jobs_1(tmp_path):
    src = _corpus(tmp_path, 30)
    a = run([str(src)], tmp_path / "a", jobs=1, progress=False, compare=False)
    b = run([str(src)], tmp_path / "b", jobs=2, progress=False, compare=False)
    assert a.n_documents == b.n_documents == 30
    for name in ("documents.jsonl", "features.csv", "evidence.csv", "attributions.csv", "blocks.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_resume_skips_finished_documents_and_matches_a_clean_run(tmp_path):
    src = _corpus(tmp_path, 20)
    full = run([str(src)], tmp_path / "full", jobs=1, progress=False, compare=False)
    # simulate an interrupted run: keep the first 7 records and a half-written line in the journal
    out = tmp_path / "resumed"
    out.mkdir()
    lines = (tmp_path / "full" / "documents.jsonl").read_bytes().splitlines(keepends=True)
    (out / "documents.jsonl.part").write_bytes(b"".join(lines[:7]) + lines[7][:50])
    ev = (tmp_path / "full" / "evidence.csv").read_bytes()
    (out / "evidence.csv.part").write_bytes(ev[: len(ev) // 3])
    res = run([str(src)], out, jobs=1, progress=False, resume=True, compare=False)
    assert res.n_skipped == 7 and res.n_documents == 20
    # and an evidence journal cut short mid-row is rebuilt from the records, not trusted
    for name in ("documents.jsonl", "features.csv", "evidence.csv", "attributions.csv", "blocks.csv", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    assert full.n_documents == 20


def test_duplicate_ids_are_reported_across_a_resumed_run(tmp_path):
    from framing.types import Document

    texts = [p.read_text(encoding="utf-8") for p in
             sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))]
    docs = [Document(text=t + f"\n\nEdition {i}.", id=i_d) for i, (t, i_d) in
            enumerate(zip(texts, ["x", "y", "x", "z", "y"]))]
    run(docs[:3], tmp_path / "a", jobs=1, progress=False, compare=False)
    assert json.loads((tmp_path / "a" / "run.json").read_text())["duplicate_ids"] == ["x"]
    # "y" comes back after a resume: the resumed rows count as much as the new ones
    run(docs, tmp_path / "a", jobs=1, progress=False, compare=False, resume=True)
    meta = json.loads((tmp_path / "a" / "run.json").read_text())
    assert meta["duplicate_ids"] == ["x", "y"] and meta["skipped_resumed"] == 3
    run(docs[:2] + docs[3:4], tmp_path / "b", jobs=1, progress=False, compare=False)
    assert json.loads((tmp_path / "b" / "run.json").read_text())["duplicate_ids"] == []


def test_killed_run_leaves_finished_results_and_no_half_written_file(tmp_path):
    src = _corpus(tmp_path, 400)
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "framing", "analyze", str(src), "--out", str(out), "-q", "-j", "1",
                             "--no-compare"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    part = out / "documents.jsonl.part"
    deadline = time.time() + 60
    while time.time() < deadline and (not part.exists() or part.stat().st_size < 200_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (out / "documents.jsonl").exists()  # never a half-finished final file
    res = run([str(src)], out, jobs=1, progress=False, resume=True, compare=False)
    assert res.n_skipped > 0 and res.n_documents == 400
    recs = [json.loads(l) for l in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == [f"d{i:04d}" for i in range(400)]


def test_a_failing_comparison_is_recorded_and_the_output_stands(tmp_path, monkeypatch):
    import framing.compare as compare_mod

    def boom(*a, **k):
        raise RuntimeError("comparison exploded")

    monkeypatch.setattr(compare_mod, "compare", boom)
    src = _corpus(tmp_path, 3)
    res = run([str(src)], tmp_path / "o", jobs=1, progress=False)
    assert res.n_documents == 3 and res.n_errors == 1 and res.comparison is None
    errs = [json.loads(l) for l in (tmp_path / "o" / "errors.jsonl").read_text().split("\n") if l]
    assert errs == [{"kind": "compare", "code": "E017", "message": "RuntimeError: comparison exploded"}]
    assert len((tmp_path / "o" / "documents.jsonl").read_text().splitlines()) == 3


def test_a_worker_that_dies_costs_only_its_document(tmp_path):
    """A document that kills its worker process (as the kernel's OOM killer or a crash in C code
    would) is recorded as E012; the run neither hangs nor loses the other documents, and their
    records equal a single-process run's."""
    from framing.extract import registry

    src = _corpus(tmp_path, 24)
    lines = src.read_text(encoding="utf-8").splitlines()
    lines[9] = json.dumps({"id": "killer", "text": "POISON PILL. " + json.loads(lines[9])["text"]})
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @registry.register("zz_killer", order=999)
    def _kill(ctx):
        if ctx.document.text.startswith("POISON PILL") and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return registry.FamilyResult()

    parent = os.getpid()
    try:
        res = run([str(src)], tmp_path / "o", jobs=2, progress=False, compare=False)
    finally:
        registry.unregister("zz_killer")
    assert res.n_documents == 23 and res.n_errors == 1
    errs = [json.loads(l) for l in (tmp_path / "o" / "errors.jsonl").read_text().splitlines() if l]
    assert [(e["doc_id"], e["code"]) for e in errs] == [("killer", "E012")]
    assert "died" in errs[0]["message"]
    got = [json.loads(l)["id"] for l in (tmp_path / "o" / "documents.jsonl").read_text().splitlines()]
    assert got == [json.loads(l)["id"] for l in lines if "killer" not in l]


def _features_csv_by_pandas(spool) -> bytes:
    """The reference: pandas' to_csv of the spool's chunks, as framing.io.write_csv writes a frame."""
    import io

    from framing.io import csv_lineterminator, safe_cell

    buf = io.StringIO()
    for k, df in enumerate(spool.chunks()):
        for col in df.columns:
            if df[col].dtype == object or str(df[col].dtype).startswith(("string", "str")):
                df[col] = df[col].map(safe_cell)
        df.columns = [safe_cell(str(c)) for c in df.columns]
        df.to_csv(buf, index=False, header=k == 0, lineterminator=csv_lineterminator(df))
    return buf.getvalue().encode("utf-8")


@pytest.mark.parametrize("chunk", [256, 2])
def test_features_csv_writer_equals_pandas_byte_for_byte(tmp_path, chunk):
    """features.csv is written row by row without pandas; it must equal what pandas' to_csv
    writes for the same inferred columns: missing and NaN cells, ints pandas makes float,
    bools, lists, formula-like and CR-holding strings, and per-chunk line terminators."""
    from framing.pipeline import document_row, extract
    from framing.runner import _RowSpool
    from framing.types import Document

    seeds = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))
    rows = [document_row(extract(Document(text=p.read_text(encoding="utf-8"), id=p.stem))) for p in seeds[:3]]
    rows += [{"id": "a", "n": 1, "x": 1.5, "s": "=cmd", "b": True, "m": None, "l": ["x"], "big": 1e16,
              "small": 1e-05, "neg": -0.0},
             {"id": "b", "n": 2, "x": float("nan"), "s": "a,b\nc", "b": False, "extra.q": "line\rbreak"},
             {"id": "c", "n": 3.0, "s": "-1", "b": None, "m": 5},
             {"id": "d", "k": 7, "s": 'q"uote', "b": True}]
    spool = _RowSpool(tmp_path / "spool")
    spool.CHUNK = chunk
    for r in rows:
        spool.append(r)
    fast = spool.write_csv(tmp_path / "fast.csv").read_bytes()
    ref = _features_csv_by_pandas(spool)
    spool.close()
    assert fast == ref
    assert b"'=cmd" in fast and b"\r\n" in fast  # formula neutralised; CR cell's chunk uses CRLF


def _evidence_oracle(ex) -> bytes:
    """The evidence rows through the csv.writer path (``_csv_lines``), as they were written before."""
    from framing.io import dumps_compact
    from framing.runner import _csv_lines

    d = ex.document
    return _csv_lines([[d.id, e.family, e.label, e.start, e.end, e.text, e.voice,
                        dumps_compact(e.attrs, sort_keys=True) if e.attrs else ""] for e in ex.evidence])


def test_evidence_csv_lines_equal_the_csv_writer_on_the_seeds():
    from framing.corpus.readers import read
    from framing.pipeline import extract
    from framing.runner import _evidence_csv

    seeds = Path(__file__).resolve().parents[1] / "data" / "seeds"
    n = 0
    for doc in read(str(seeds)):
        ex = extract(doc)
        assert ex.evidence
        assert _evidence_csv(ex) == _evidence_oracle(ex)
        n += len(ex.evidence)
    assert n > 500


_HOSTILE = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM", "\tx", "\rx", "\uff1dx", "a,b", 'say "no"', "two\nlines",
            "cr\rhere", "crlf\r\nend", "", " lead", "trail ", "\ud800 lone", "plain"]


def test_evidence_csv_lines_neutralise_and_quote_hostile_cells_as_the_csv_writer_does():
    from framing.runner import _evidence_csv
    from framing.types import Document, Evidence, Extraction

    for i, t in enumerate(_HOSTILE):
        for doc_id in (t or "id", 17):
            evs = [Evidence("loaded", t or "label", 0, len(t), t, voice, attrs)
                   for voice in (None, "quoted", t or None)
                   for attrs in ({}, {"note": t, "n": 3}, {"z": [1, 2], "a": None})]
            ex = Extraction(text=t, features={}, evidence=evs, document=Document(text=t or "x", id=doc_id))
            got = _evidence_csv(ex)
            assert got == _evidence_oracle(ex), (i, t, doc_id)
            if t.startswith("="):
                assert b"\"'=HYPERLINK" in got and b",=" not in got and not got.startswith(b"=")


@pytest.mark.parametrize("seed", range(3))
def test_evidence_csv_lines_equal_the_csv_writer_on_random_text(seed):
    import random

    from framing.runner import _evidence_csv
    from framing.types import Document, Evidence, Extraction

    rnd = random.Random(seed)
    alphabet = 'ab ,"\r\n\t=+-@\uff1d\u2028é\ud800'
    evs = []
    for _ in range(400):
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 12)))
        evs.append(Evidence(rnd.choice(["loaded", "=f"]), t or "x", 1, 2, t, rnd.choice([None, t, "outlet"]),
                            rnd.choice([{}, {"k": t}])))
    ex = Extraction(text="", features={}, evidence=evs, document=Document(text="x", id=rnd.choice(["d,1", "=d", "d"])))
    assert _evidence_csv(ex) == _evidence_oracle(ex)


def _csv_lines_oracle(rows) -> bytes:
    """``_csv_lines`` as it was: every cell through ``csv.writer`` (``framing.io.csv_rows``), strings
    (str subclasses too) formula-neutralised first."""
    from framing.io import FORMULA_FIRST_CHARS, csv_rows

    if not rows:
        return b""
    return csv_rows([["" if c is None else ("'" + c if isinstance(c, str) and c[:1] in FORMULA_FIRST_CHARS else c)
                      for c in cells] for cells in rows]).encode("utf-8", "surrogatepass")


class _Name(str):
    pass


@pytest.mark.parametrize("seed", range(4))
def test_csv_lines_equal_the_csv_writer_on_random_rows(seed):
    import random

    from framing.runner import _csv_lines

    rnd = random.Random(seed)
    alphabet = 'ab ,"\r\n\t=+-@\uff1d\u2028é\ud800'

    def text():
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 8)))

    makers = [text, lambda: None, lambda: rnd.randrange(-5, 10**6), lambda: rnd.choice([0.1, -0.0, 1e300, float("nan"),
              float("inf"), 2.5]), lambda: rnd.choice([True, False]), lambda: _Name(text()),
              lambda: [text(), 1], lambda: {"k": text()}]
    rows = [[rnd.choice(makers)() for _ in range(rnd.randrange(0, 6))] for _ in range(300)]
    rows += [[""], [None], [], ["", ""], ["=1"], [_Name("=cmd")]]
    got = _csv_lines(rows)
    assert got == _csv_lines_oracle(rows)
    assert b"'=cmd" in got


def test_csv_lines_write_attribution_and_block_rows_of_the_seeds_as_the_csv_writer():
    from framing.corpus.readers import read
    from framing.pipeline import extract
    from framing.runner import _csv_lines, _table_pieces

    seeds = Path(__file__).resolve().parents[1] / "data" / "seeds"
    n = 0
    for doc in read(str(seeds)):
        at, bl, _ = _table_pieces(extract(doc))
        for rows in (at, bl):
            assert _csv_lines(rows) == _csv_lines_oracle(rows)
            n += len(rows)
    assert n > 100


def test_documents_jsonl_escapes_line_separators_and_keeps_lone_surrogates(tmp_path):
    """U+2028, U+2029 and U+0085 are escaped in documents.jsonl (a consumer splitting lines with
    str.splitlines sees one record a line); a lone surrogate is written as U+FFFD (valid UTF-8)."""
    texts = ["Officials said the talks\u2028would resume.\u2029The minister\x85denied it.",
             "The ministry said on Monday that the talks would resume \ud800 next week.",
             "Plain text: the spokesman said the talks would resume."]
    from framing.types import Document

    # Documents given directly (a reader would repair the lone surrogate on the way in)
    run([Document(text=t, id=f"d{i}") for i, t in enumerate(texts)], tmp_path / "out", jobs=1, progress=False,
        compare=False)
    raw = (tmp_path / "out" / "documents.jsonl").read_bytes()
    assert b"\xe2\x80\xa8" not in raw and b"\xe2\x80\xa9" not in raw and b"\xc2\x85" not in raw
    assert b"\\u2028" in raw and b"\\u0085" in raw
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == 3
    assert [json.loads(x)["text"] for x in lines] == [t.replace("\ud800", "\ufffd") for t in texts]
