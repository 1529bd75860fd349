"""Streaming corpus runs: what ``framing analyze`` does, usable from Python too.

Stages of :func:`run` (numbered as in the code):

1. **Read** the inputs as a stream of Documents (bad inputs become error records).
2. **Skip** documents already written when resuming (keyed by content hash).
3. **Extract** in parallel (``jobs`` processes, or a Dask cluster), results
   coming back in input order so output is identical for every ``jobs`` value.
4. **Write** each record as it arrives to journals (``*.part`` files), flushed,
   so memory stays flat and a killed run loses nothing that was finished.
5. **Finish**: journals are renamed into place atomically; ``features.csv`` is
   written from the compact per-document feature rows.
6. **Compare** outlets and write the comparison tables (when built), then
   reports in the requested formats.

Output folder: ``documents.jsonl`` (one record per document: metadata,
features, evidence, attributions, page blocks), ``features.csv``,
``evidence.csv``, ``attributions.csv``, ``blocks.csv``, ``errors.jsonl``,
``run.json`` (what was run, with versions and counts).
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import FramingError
from .io import atomic_write, dumps_line, safe_cell, write_csv, write_json
from .types import Document

__all__ = ["run", "RunResult", "EVIDENCE_COLUMNS", "ATTRIBUTION_COLUMNS", "BLOCK_COLUMNS", "LazyBodies"]

EVIDENCE_COLUMNS = ["doc_id", "family", "label", "start", "end", "text", "voice", "attrs"]
ATTRIBUTION_COLUMNS = ["doc_id", "index", "kind", "speaker_name", "source_type", "cue_class", "via",
                       "content_start", "content_end", "content_text", "speaker_start", "speaker_end",
                       "speaker_text", "cue_start", "cue_end", "cue_text"]
BLOCK_COLUMNS = ["doc_id", "start", "end", "label", "reason"]


@dataclass
class RunResult:
    out: Path
    n_documents: int = 0
    n_skipped: int = 0
    n_errors: int = 0
    n_failed_inputs: int = 0
    seconds: float = 0.0
    files: dict[str, Path] = field(default_factory=dict)
    comparison: Any = None

    @property
    def ok(self) -> bool:
        return self.n_errors == 0


# -- worker side ----------------------------------------------------------------------------
_WORKER_OPTS: dict[str, Any] = {}


def _init_worker(opts: dict[str, Any]) -> None:
    global _WORKER_OPTS
    _WORKER_OPTS = opts
    if opts.get("outlets"):
        from .corpus.outlets import use_registry

        use_registry(opts["outlets"])
    if opts.get("lexicons"):
        os.environ["FRAMING_LEXICONS"] = os.pathsep.join(opts["lexicons"])


def process_one(doc: Document, opts: dict[str, Any] | None = None) -> dict[str, Any]:
    """Analyse one document; return its output pieces (plain data, picklable)."""
    from .pipeline import extract, record_of

    opts = _WORKER_OPTS if opts is None else opts
    try:
        ex = extract(doc, clean=opts.get("clean", True), limits=opts.get("limits"),
                     options={"lexicons": opts.get("lexicons")} if opts.get("lexicons") else None)
    except FramingError as exc:
        return {"error": {**exc.to_dict(), "doc_id": doc.id, "path": exc.path or doc.source}}
    rec = record_of(ex)
    d = ex.document
    row: dict[str, Any] = {
        "id": d.id, "outlet": d.outlet, "published": d.published, "story": d.story, "title": rec.get("title"),
        "url": d.url, "source": d.source, "content_hash": rec["content_hash"],
        "outlet_type": d.extra.get("outlet_type"), "outlet_country": d.extra.get("outlet_country"),
        "outlet_resolved_from": d.extra.get("outlet_resolved_from"),
    }
    row.update(ex.features)
    ev = [[d.id, e.family, e.label, e.start, e.end, e.text, e.voice,
           json.dumps(e.attrs, ensure_ascii=False, sort_keys=True, default=str) if e.attrs else ""]
          for e in ex.evidence]
    at = []
    for i, a in enumerate(ex.attributions):
        r = [d.id, i, a.kind, a.speaker_name, a.source_type, a.cue_class, " <- ".join(a.via)]
        for sp in (a.content, a.speaker, a.cue):
            r.extend([sp.start, sp.end, sp.text] if sp is not None else [None, None, None])
        at.append(r)
    bl = [[d.id, b.start, b.end, b.label, b.reason] for b in (ex.cleaned.blocks if ex.cleaned else [])]
    errs = [{"doc_id": d.id, "path": d.source, **e} for e in ex.errors]
    return {"line": dumps_line(rec), "row": row, "evidence": ev, "attributions": at, "blocks": bl,
            "family_errors": errs, "hash": rec["content_hash"], "id": d.id}


def _process_safe(doc: Document) -> dict[str, Any]:
    try:
        return process_one(doc)
    except Exception as exc:  # a bug must not cost the batch; it is recorded
        return {"error": {"code": "E012", "message": f"{type(exc).__name__}: {exc}", "doc_id": doc.id,
                          "path": doc.source}}


# -- maps -----------------------------------------------------------------------------------
def _map_local(docs: Iterable[Any], jobs: int, opts: dict[str, Any]) -> Iterator[Any]:
    """Yield results in input order; FramingError items pass through untouched."""
    if jobs <= 1:
        _init_worker(opts)
        for d in docs:
            yield d if isinstance(d, FramingError) else _process_safe(d)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # Errors from the reader keep their place in the stream: tag items, map only documents.
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(opts,), maxtasksperchild=2000) as pool:
        pending: list[Any] = []
        batch = max(4 * jobs, 32)

        def flush():
            idx = [i for i, x in enumerate(pending) if not isinstance(x, FramingError)]
            res = pool.map(_process_safe, [pending[i] for i in idx], chunksize=max(1, len(idx) // (jobs * 4) or 1))
            out = list(pending)
            for i, r in zip(idx, res):
                out[i] = r
            pending.clear()
            return out

        for d in docs:
            pending.append(d)
            if len(pending) >= batch * 4:
                yield from flush()
        if pending:
            yield from flush()


# -- journals -------------------------------------------------------------------------------
class _Journal:
    """An append-only ``NAME.part`` file renamed to ``NAME`` when the run finishes."""

    def __init__(self, path: Path, *, header: list[str] | None = None, resume: bool = False) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        existing = b""
        if resume:
            src = self.part if self.part.exists() else (path if path.exists() else None)
            if src is not None:
                existing = src.read_bytes()
                # drop a trailing half-written line (a killed run)
                if existing and not existing.endswith(b"\n"):
                    existing = existing[: existing.rfind(b"\n") + 1]
        self.fh = open(self.part, "wb")
        if existing:
            self.fh.write(existing)
        elif header is not None:
            self.fh.write(self._csv_line(header))
        self.header = header
        self.n_since_sync = 0

    @staticmethod
    def _csv_line(cells: list[Any]) -> bytes:
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(["" if c is None else safe_cell(c) for c in cells])
        return buf.getvalue().encode("utf-8", "surrogatepass")

    def write_line(self, line: str) -> None:
        self.fh.write(line.encode("utf-8", "surrogatepass"))

    def write_row(self, cells: list[Any]) -> None:
        self.fh.write(self._csv_line(cells))

    def flush(self) -> None:
        self.fh.flush()

    def close(self, *, finish: bool) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if finish:
            os.replace(self.part, self.path)


def _done_hashes(out: Path) -> tuple[set[str], list[dict[str, Any]]]:
    """Content hashes and compact rows of documents already written (for ``--resume``)."""
    hashes: set[str] = set()
    rows: list[dict[str, Any]] = []
    for name in ("documents.jsonl.part", "documents.jsonl"):
        p = out / name
        if not p.exists():
            continue
        with open(p, "rb") as fh:
            for raw in fh:
                if not raw.endswith(b"\n"):
                    break
                try:
                    rec = json.loads(raw)
                except json.JSONDecodeError:
                    break
                h = rec.get("content_hash")
                if h and h not in hashes:
                    hashes.add(h)
                    rows.append(_row_from_record(rec))
        break
    return hashes, rows


def _row_from_record(rec: dict[str, Any]) -> dict[str, Any]:
    row = {k: rec.get(k) for k in ("id", "outlet", "published", "story", "title", "url", "source", "content_hash")}
    row["title"] = row["title"] or (rec.get("page") or {}).get("title")
    row.update(rec.get("features") or {})
    return row


class LazyBodies:
    """``doc_id -> article body`` read on demand from ``documents.jsonl`` (memory stays flat)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._offsets: dict[str, int] = {}
        with open(self.path, "rb") as fh:
            pos = 0
            for raw in fh:
                try:
                    i = raw.index(b'"id":')
                    doc_id = json.loads(raw[i + 5: raw.index(b",", i)])
                except (ValueError, json.JSONDecodeError):
                    doc_id = json.loads(raw).get("id")
                self._offsets[str(doc_id)] = pos
                pos += len(raw)

    def __getitem__(self, key: str) -> str:
        with open(self.path, "rb") as fh:
            fh.seek(self._offsets[key])
            rec = json.loads(fh.readline())
        return (rec.get("page") or {}).get("body") or ""

    def get(self, key: str, default: str = "") -> str:
        return self[key] if key in self._offsets else default

    def __contains__(self, key: object) -> bool:
        return key in self._offsets

    def __iter__(self):
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)

    def keys(self):
        return self._offsets.keys()

    def items(self):
        with open(self.path, "rb") as fh:
            for raw in fh:
                rec = json.loads(raw)
                yield str(rec.get("id")), (rec.get("page") or {}).get("body") or ""

    def values(self):
        return (v for _, v in self.items())


class LazyExtractions:
    """A read-only sequence of :class:`~framing.types.Extraction` rebuilt on demand from
    ``documents.jsonl``, so reports over large runs do not hold every text in memory."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._offsets: list[int] = []
        if self.path.exists():
            with open(self.path, "rb") as fh:
                pos = 0
                for raw in fh:
                    self._offsets.append(pos)
                    pos += len(raw)

    def __len__(self) -> int:
        return len(self._offsets)

    def __getitem__(self, i):
        from .pipeline import extraction_from_record

        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        with open(self.path, "rb") as fh:
            fh.seek(self._offsets[i])
            return extraction_from_record(json.loads(fh.readline()))

    def __iter__(self):
        from .pipeline import extraction_from_record

        with open(self.path, "rb") as fh:
            for raw in fh:
                yield extraction_from_record(json.loads(raw))

    def __bool__(self) -> bool:
        return bool(self._offsets)


def estimate_total(paths: Iterable[str]) -> int | None:
    """A cheap count of the documents in ``paths`` for the progress bar's ETA (None if unknown)."""
    import gzip

    total = 0
    for p in paths:
        if p == "-" or any(ch in p for ch in "*?["):
            return None
        path = Path(p)
        if path.is_dir():
            total += sum(1 for f in path.rglob("*") if f.is_file() and f.suffix.lower() in (".txt", ".html", ".htm"))
            for f in path.rglob("*.jsonl*"):
                total += _count_lines(f)
        elif path.is_file():
            if ".jsonl" in path.name or ".ndjson" in path.name:
                total += _count_lines(path)
            elif path.suffix.lower() in (".csv", ".tsv", ".gz"):
                return None
            else:
                total += 1
    return total or None


def _count_lines(f: Path) -> int:
    import gzip

    opener = gzip.open if f.suffix == ".gz" else open
    n = 0
    try:
        with opener(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
    except OSError:
        return 0
    return n


def run(inputs: Iterable[Any] | list[str], out: str | os.PathLike, *, jobs: int | None = None,
        engine: str = "local", scheduler: str | None = None, resume: bool = False, clean: bool = True,
        formats: Iterable[str] = ("csv", "json"), progress: bool | None = None, total: int | None = None,
        limits: dict[str, Any] | None = None, outlets: str | None = None, lexicons: list[str] | None = None,
        compare: bool = True, read_options: dict[str, Any] | None = None) -> RunResult:
    """Analyse a corpus as a stream and write the output folder (see module docstring).

    ``inputs`` is a list of paths (as for :func:`framing.read`) or an iterable
    of Documents. ``jobs`` defaults to all cores.
    """
    from . import __version__
    from .corpus.readers import read

    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    opts = {"clean": clean, "limits": limits, "outlets": outlets, "lexicons": lexicons}
    if outlets:
        from .corpus.outlets import use_registry

        use_registry(outlets)
    path_inputs = isinstance(inputs, (list, tuple)) and all(isinstance(p, (str, os.PathLike)) for p in inputs)
    # 1. read
    if path_inputs:
        docs: Iterable[Any] = read(*inputs, on_error="yield", **(read_options or {}))
        if total is None and progress is not False:
            total = estimate_total([os.fspath(p) for p in inputs])
    else:
        docs = (Document(text=d) if isinstance(d, str) else d for d in inputs)
    # 2. skip what a previous run wrote
    done, rows = _done_hashes(out) if resume else (set(), [])
    n_skipped = 0
    if done:
        def _skipping(it):
            nonlocal n_skipped
            for d in it:
                if isinstance(d, Document) and d.content_hash in done:
                    n_skipped += 1
                    continue
                yield d
        docs = _skipping(docs)
    # 4. journals
    j_docs = _Journal(out / "documents.jsonl", resume=resume)
    j_ev = _Journal(out / "evidence.csv", header=EVIDENCE_COLUMNS, resume=resume)
    j_at = _Journal(out / "attributions.csv", header=ATTRIBUTION_COLUMNS, resume=resume)
    j_bl = _Journal(out / "blocks.csv", header=BLOCK_COLUMNS, resume=resume)
    j_err = _Journal(out / "errors.jsonl", resume=resume)
    journals = (j_docs, j_ev, j_at, j_bl, j_err)
    res = RunResult(out=out, n_skipped=0)
    # 3. extract
    if engine == "dask":
        from .engines import dask_map

        results = dask_map(docs, opts, scheduler=scheduler, jobs=jobs)
    elif engine == "local":
        results = _map_local(docs, jobs, opts)
    else:
        raise FramingError("E015", f"unknown engine {engine!r} (local or dask)")
    if progress is None:
        progress = sys.stderr.isatty()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="doc", desc="analyse", file=sys.stderr, dynamic_ncols=True)
    finished = False
    seen_ids: dict[str, int] = {}
    try:
        last_sync = time.monotonic()
        for r in results:
            if isinstance(r, FramingError):
                j_err.write_line(dumps_line({"kind": "input", **r.to_dict()}))
                res.n_failed_inputs += 1
                res.n_errors += 1
            elif "error" in r:
                j_err.write_line(dumps_line({"kind": "document", **r["error"]}))
                res.n_failed_inputs += 1
                res.n_errors += 1
            else:
                j_docs.write_line(r["line"])
                for row in r["evidence"]:
                    j_ev.write_row(row)
                for row in r["attributions"]:
                    j_at.write_row(row)
                for row in r["blocks"]:
                    j_bl.write_row(row)
                for e in r["family_errors"]:
                    j_err.write_line(dumps_line({"kind": "extractor", **e}))
                    res.n_errors += 1
                rows.append(r["row"])
                res.n_documents += 1
                if r["id"] in seen_ids:
                    seen_ids[r["id"]] += 1
                else:
                    seen_ids[r["id"]] = 1
            if bar is not None:
                bar.update(1)
            if time.monotonic() - last_sync > 2.0:
                for j in journals:
                    j.flush()
                last_sync = time.monotonic()
        finished = True
    finally:
        if bar is not None:
            bar.close()
        for j in journals:
            j.close(finish=finished)
    res.n_skipped = n_skipped
    res.n_documents += len(done)
    # 5. finish
    import pandas as pd

    feats = pd.DataFrame(rows)
    res.files["documents.jsonl"] = out / "documents.jsonl"
    res.files["features.csv"] = write_csv(feats, out / "features.csv")
    for name in ("evidence.csv", "attributions.csv", "blocks.csv", "errors.jsonl"):
        res.files[name] = out / name
    formats = {f.strip().lower() for f in formats if f.strip()}
    if "parquet" in formats:
        try:
            feats.to_parquet(out / "features.parquet", index=False)
            res.files["features.parquet"] = out / "features.parquet"
        except ImportError:
            pass
    dup_ids = sorted(k for k, v in seen_ids.items() if v > 1)
    # 6. compare and report
    comparison = None
    if compare and res.n_documents:
        try:
            comparison = _compare_from_output(out, feats, formats)
        except ImportError:
            comparison = None
        except FramingError as exc:
            j = out / "errors.jsonl"
            with open(j, "a", encoding="utf-8") as fh:
                fh.write(dumps_line({"kind": "compare", **exc.to_dict()}))
        if comparison is not None:
            for name, p in comparison.to_dir(out).items() if hasattr(comparison, "to_dir") else []:
                res.files[str(name)] = Path(p)
    res.comparison = comparison
    if formats & {"html", "pdf"}:
        from .report import report as make_report

        paths = make_report(_analysis_from_output(out, feats), out, formats=sorted(formats & {"html", "pdf"}),
                            comparison=comparison)
        if isinstance(paths, dict):
            res.files.update({k: Path(v) for k, v in paths.items()})
    res.seconds = time.perf_counter() - t0
    write_json({
        "framing_version": __version__, "inputs": [os.fspath(p) for p in inputs] if path_inputs else "<documents>",
        "documents": res.n_documents, "skipped_resumed": res.n_skipped, "errors": res.n_errors,
        "failed_inputs": res.n_failed_inputs, "duplicate_ids": dup_ids[:100], "jobs": jobs, "engine": engine,
        "clean": clean, "seconds": round(res.seconds, 3), "files": sorted(res.files),
    }, out / "run.json")
    return res


def _analysis_from_output(out: Path, feats):
    """An :class:`~framing.pipeline.Analysis` over the written output (bodies read lazily)."""
    import pandas as pd

    from .pipeline import Analysis

    def _csv(name):
        p = out / name
        return pd.read_csv(p, keep_default_na=False, na_values=[""]) if p.exists() and p.stat().st_size else pd.DataFrame()

    errs = []
    p = out / "errors.jsonl"
    if p.exists():
        with open(p, encoding="utf-8") as fh:
            errs = [json.loads(l) for l in fh if l.strip()]
    return Analysis(documents=feats, evidence=_csv("evidence.csv"), attributions=_csv("attributions.csv"),
                    blocks=_csv("blocks.csv"), errors=pd.DataFrame(errs), bodies=LazyBodies(out / "documents.jsonl"),
                    extractions=LazyExtractions(out / "documents.jsonl"))


def _compare_from_output(out: Path, feats, formats):
    from . import compare as compare_mod

    analysis = _analysis_from_output(out, feats)
    return compare_mod.compare(analysis)
