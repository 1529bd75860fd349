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

import contextlib
import gc
import json
import os
import pickle
import sys
import time
from array import array
from itertools import repeat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import _regex
from .errors import FramingError
from .io import (FORMULA_FIRST_CHARS, atomic_write, dumps_compact, dumps_compact_bytes, dumps_line, escape_line_breaks,
                 write_csv, write_json)
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


def _table_pieces(ex) -> tuple[list, list, list]:
    """One document's rows for attributions.csv and blocks.csv, and its family errors
    (evidence.csv lines: :func:`_evidence_csv`)."""
    d = ex.document
    at = []
    for i, a in enumerate(ex.attributions):
        r = [d.id, i, a.kind, a.speaker_name, a.source_type, a.cue_class, " <- ".join(a.via)]
        for sp in (a.content, a.speaker, a.cue):
            r.extend([sp.start, sp.end, sp.text] if sp is not None else [None, None, None])
        at.append(r)
    bl = [[d.id, b.start, b.end, b.label, b.reason] for b in (ex.cleaned.blocks if ex.cleaned else [])]
    errs = [{"doc_id": d.id, "path": d.source, **e} for e in ex.errors]
    return at, bl, errs


#: Characters that make ``csv.writer`` (QUOTE_MINIMAL, "\r\n" terminator) quote a cell.
_CSV_SPECIAL = _regex.compile(r'[,"\r\n]')


def _csv_text(s: str) -> str:
    """A string cell as :func:`_csv_lines` writes it: formula-neutralised, then quoted as
    ``csv.writer`` quotes it (when it holds a comma, a quote, CR or LF; quotes doubled)."""
    if s[:1] in FORMULA_FIRST_CHARS:
        s = "'" + s
    if _CSV_SPECIAL.search(s):
        return '"' + s.replace('"', '""') + '"'
    return s


def _csv_cell(c: Any) -> str:
    """Any cell as :func:`_csv_lines` writes it: None empty, strings as :func:`_csv_text`, floats by
    ``repr`` and other values by ``str`` (as ``csv.writer`` does), quoted when they need it."""
    if c is None:
        return ""
    t = c.__class__
    if t is str:
        return _csv_text(c)
    if t is int:
        return str(c)
    if isinstance(c, str):  # a str subclass: neutralised like a str
        return _csv_text(str(c))
    s = repr(c) if isinstance(c, float) else str(c)
    return '"' + s.replace('"', '""') + '"' if _CSV_SPECIAL.search(s) else s


#: CSV cells of the family, label and voice values already seen (a few hundred distinct
#: strings in a run; bounded for hostile input).
_NAME_CELLS: dict[str, str] = {}
_NAME_CELLS_MAX = 20_000


def _name_cell(s: str) -> str:
    c = _NAME_CELLS.get(s)
    if c is None:
        c = _csv_cell(s)
        if len(_NAME_CELLS) < _NAME_CELLS_MAX:
            _NAME_CELLS[s] = c
    return c


def _attrs_cell(a: dict) -> str:
    """The ``attrs`` cell of an evidence row: ``dumps_compact(a, sort_keys=True)``, CSV-quoted. The
    JSON of a non-empty dict starts with ``{`` and holds quoted keys, so the cell is always quoted
    and never a formula."""
    return '"' + dumps_compact(a, sort_keys=True).replace('"', '""') + '"'


def _evidence_csv(ex) -> bytes:
    """The ``evidence.csv`` lines of one extraction: what :func:`_csv_lines` makes of its rows
    ``[id, family, label, start, end, text, voice, attrs as sorted JSON or ""]``, byte for byte
    (tested), formatted row by row instead of through ``csv.writer``, with the family, label and
    voice cells (a few hundred distinct values) formatted once a run: ~0.35 instead of ~0.9 ms for
    the ~210 rows of an allsides article (the largest output table)."""
    d = ex.document
    did = _csv_cell(d.id)
    out: list[str] = []
    add = out.append
    name = _NAME_CELLS.get
    for e in ex.evidence:
        a = e.attrs
        v = e.voice
        f = e.family
        lab = e.label
        add(f"{did},{name(f) or _name_cell(f)},{name(lab) or _name_cell(lab)},{e.start},{e.end},{_csv_cell(e.text)},"
            f"{'' if v is None else (name(v) or _name_cell(v))},{_attrs_cell(a) if a else ''}\n")
    return "".join(out).encode("utf-8", "surrogatepass")


def process_one(doc: Document, opts: dict[str, Any] | None = None) -> dict[str, Any]:
    """Analyse one document; return its output pieces (plain data, picklable).

    ``line`` is the ``documents.jsonl`` line (bytes), ``row`` the features row; ``evidence``,
    ``attributions`` and ``blocks`` are the document's CSV lines (bytes) for those files.
    """
    from .pipeline import document_row, extract, record_of

    opts = _WORKER_OPTS if opts is None else opts
    try:
        ex = extract(doc, clean=opts.get("clean", True), limits=opts.get("limits"),
                     options={"lexicons": opts.get("lexicons")} if opts.get("lexicons") else None)
    except FramingError as exc:
        return {"error": {**exc.to_dict(), "doc_id": doc.id, "path": exc.path or doc.source}}
    rec = record_of(ex)
    d = ex.document
    row = document_row(ex)
    at, bl, errs = _table_pieces(ex)
    # CSV lines are formatted here, in the worker, so the writing process only copies bytes
    return {"line": _dumps_record(rec), "row": row, "evidence": _evidence_csv(ex), "attributions": _csv_lines(at),
            "blocks": _csv_lines(bl), "family_errors": errs, "hash": rec["content_hash"], "id": d.id}


def _dumps_record(rec: dict[str, Any]) -> bytes:
    """The ``documents.jsonl`` line of ``rec``, encoded: :func:`framing.io.dumps_compact` (orjson
    when installed; NaN -> null, numpy scalars as plain values) with line-break characters escaped.
    orjson's UTF-8 is kept as it comes (a record is ~90 KB: no decoding and re-encoding)."""
    b = dumps_compact_bytes(rec)
    # U+2028, U+2029 and U+0085 are absent from ASCII; otherwise they are looked for in the decoded
    # text (3 searches of a str take ~10 us; of the UTF-8 bytes, ~280 us: news text is full of
    # E2 80 xx punctuation); the bytes are re-encoded only when one is there
    if not b.isascii():
        text = b.decode("utf-8", "surrogatepass")
        if "\u2028" in text or "\u2029" in text or "\x85" in text:
            b = escape_line_breaks(text).encode("utf-8", "surrogatepass")
    return b + b"\n"


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
        with _batch_gc():
            for d in docs:
                yield d if isinstance(d, FramingError) else _process_safe(d)
        return
    import multiprocessing as mp
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    mpctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # Small tasks, a bounded window of them in flight, results taken from the head of the window:
    # input order is kept, memory stays flat, and the workers keep running while this process
    # reads input and writes output. Errors from the reader keep their place and are never sent.
    chunk = _LOCAL_CHUNK
    window = 4 * jobs
    if mpctx.get_start_method() == "fork":
        # load lexicons and models once here: forked workers share them instead of each loading its own
        _init_worker(opts)
        _warm_up()

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=mpctx, initializer=_init_worker, initargs=(opts,))

    state = {"pool": new_pool(), "tasks": 0}

    def renew() -> None:
        state["pool"].shutdown(wait=False, cancel_futures=True)
        state["pool"] = new_pool()
        state["tasks"] = 0

    def rescue(todo: list[Any]) -> list[Any]:
        """A worker died (killed, out of memory, a crash in C code) while this batch was in its
        pool: run each document alone in a fresh pool, so only the one that kills its worker
        is lost, and it is recorded (E012) instead of hanging or failing the run."""
        out = []
        for d in todo:
            try:
                out.append(state["pool"].submit(_process_safe, d).result())
            except BrokenProcessPool:
                renew()
                out.append({"error": {"code": "E012", "message": "the worker process analysing this document "
                                      "died (killed, out of memory or crashed)", "doc_id": d.id, "path": d.source}})
        return out

    inflight: deque[tuple[list[Any], list[Any], Any, Any]] = deque()

    def submit(items: list[Any]) -> None:
        todo = [x for x in items if not isinstance(x, FramingError)]
        fut = None
        if todo:
            try:
                fut = state["pool"].submit(_process_batch, todo)
            except BrokenProcessPool:  # broken by an earlier batch: results of that one are rescued in head()
                renew()
                fut = state["pool"].submit(_process_batch, todo)
            state["tasks"] += 1
        inflight.append((items, todo, fut, state["pool"]))

    def head() -> Iterator[Any]:
        items, todo, fut, pool = inflight.popleft()
        if fut is None:
            res = iter(())
        else:
            try:
                res = iter(fut.result())
            except BrokenProcessPool:
                if pool is state["pool"]:  # not yet replaced after this break
                    renew()
                res = iter(rescue(todo))
        for x in items:
            yield x if isinstance(x, FramingError) else next(res)

    try:
        pending: list[Any] = []
        for d in docs:
            pending.append(d)
            if len(pending) >= chunk:
                submit(pending)
                pending = []
                while len(inflight) >= window:
                    yield from head()
                if state["tasks"] >= _RECYCLE_TASKS:
                    # fresh workers now and then: bounds any slow growth of caches in long runs
                    while inflight:
                        yield from head()
                    state["pool"].shutdown(wait=True)
                    state["pool"] = new_pool()
                    state["tasks"] = 0
        if pending:
            submit(pending)
        while inflight:
            yield from head()
    finally:
        state["pool"].shutdown(wait=True, cancel_futures=True)


_WARM_TEXT = ("Officials said on Monday that the talks had failed. \"It is a disaster,\" the minister told "
              "reporters, according to Reuters. Critics claimed the regime was allegedly hiding the truth.")


def _warm_up() -> None:
    """Run every extractor once on a short text so lazily loaded resources are in memory."""
    from .pipeline import extract

    try:
        extract(_WARM_TEXT, clean=False)
    except Exception:  # warming is an optimisation only; a real document will report the error
        pass


#: Documents per pool task (~5-20 ms each on allsides articles: a task of 8 is long next to the
#: pool's ~0.1 ms per task, short enough to balance two workers on small corpora).
_LOCAL_CHUNK = 8
#: Tasks before the pool's workers are replaced by fresh ones (250 tasks = 2,000 documents: the
#: replacement costs one drained window, well under 1% of the run on allsides articles).
_RECYCLE_TASKS = 250


def _process_batch(docs: list[Document]) -> list[dict[str, Any]]:
    with _batch_gc():
        return [_process_safe(d) for d in docs]


#: Allocations between young-generation collections while analysing (CPython's default is 700).
#: Analysis allocates many short-lived objects and few cycles: with the lexicons frozen out of the
#: collector's view and this threshold, 300 AllSides articles ran about 7% faster with no
#: measurable change in peak memory (benchmarks/bench_throughput.py, 2026-11-22).
_GC_GEN0 = 20_000


@contextlib.contextmanager
def _batch_gc():
    """Cyclic GC tuned for a batch of analyses, restored afterwards (``run`` may be called from a
    notebook): objects alive now (lexicons, automata, the registry) are frozen, so full
    collections stop re-scanning them, and young collections run less often."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_GC_GEN0, old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


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
        return _csv_lines([cells])

    def write_line(self, line: str) -> None:
        self.fh.write(line.encode("utf-8", "surrogatepass"))

    def write_row(self, cells: list[Any]) -> None:
        self.fh.write(_csv_lines([cells]))

    def write_bytes(self, data: bytes) -> None:
        self.fh.write(data)

    def write_rows(self, rows: list[list[Any]]) -> None:
        if rows:
            self.fh.write(_csv_lines(rows))

    def flush(self) -> None:
        self.fh.flush()

    def close(self, *, finish: bool) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        if finish:
            os.replace(self.part, self.path)


def _csv_lines(rows: list[list[Any]]) -> bytes:
    """CSV lines of ``rows`` (None -> empty, strings formula-safe as :func:`framing.io.safe_cell`):
    byte for byte what :func:`framing.io.csv_rows` writes for the neutralised cells (tested), each
    cell formatted by :func:`_csv_cell` instead of through ``csv.writer`` (2x faster on the
    attribution and block rows of an article)."""
    if not rows:
        return b""
    cell = _csv_cell
    out = []
    for cells in rows:
        line = ",".join([cell(c) for c in cells])
        # csv.writer writes a row of one empty cell as "" (a blank line would read as no row)
        out.append(line if line or len(cells) != 1 else '""')
    out.append("")
    return "\n".join(out).encode("utf-8", "surrogatepass")


class _RowSpool:
    """Per-document feature rows spooled to a temporary file, so memory stays flat as the corpus
    grows; read back in chunks at the end (one value tuple per row; each distinct column set
    stored once).

    The table read back equals ``pandas.DataFrame(list_of_rows)``: columns in first-seen order,
    a column missing from a row is NaN, and a column mixing ints with floats or missing values
    becomes float, as pandas infers it for the whole list.
    """

    # rows per chunk read back; a chunk is briefly held as dicts (~40 KB a row with ~500 features),
    # so 256 rows keep the finish step within ~10-20 MB however large the corpus (measured on allsides_5k)
    CHUNK = 256

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh = open(path, "wb")
        self.keysets: dict[tuple[str, ...], int] = {}
        self.n = 0
        self._ints: set[str] = set()
        self._nones: set[str] = set()
        #: ``hash(row["id"])`` of every row, 8 bytes each: duplicate ids are found from these at the
        #: end (:meth:`duplicate_ids`) instead of holding every id string (~150 bytes a row) in memory
        self._id_hashes = array("q")

    def append(self, row: dict[str, Any]) -> None:
        keys = tuple(row)
        kid = self.keysets.get(keys)
        if kid is None:
            # a new column set is kept for the whole run: its names are interned, so the key
            # strings of every unpickled row are not kept once per distinct column set
            keys = tuple(map(sys.intern, keys))
            kid = self.keysets[keys] = len(self.keysets)
        self._id_hashes.append(hash(row.get("id")))
        vals = tuple(row.values())
        for k, v in zip(keys, vals):
            t = v.__class__
            if t is float or t is str:
                continue
            if v is None:
                self._nones.add(k)
            elif t is int:
                self._ints.add(k)
        pickle.dump((kid, vals), self.fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.n += 1

    def duplicate_ids(self) -> list[str]:
        """Ids that more than one row carries, sorted: candidates by hash, confirmed on the rows."""
        import numpy as np

        if self.n < 2:
            return []
        values, counts = np.unique(np.frombuffer(self._id_hashes, dtype=np.int64), return_counts=True)
        suspects = set(values[counts > 1].tolist())
        if not suspects:
            return []
        seen: dict[Any, int] = {}
        for rec in self._records():
            i = rec.get("id")
            if hash(i) in suspects:
                seen[i] = seen.get(i, 0) + 1
        return sorted((str(k) for k, v in seen.items() if v > 1))

    def columns(self) -> list[str]:
        cols: dict[str, None] = {}
        for keys in self.keysets:
            for k in keys:
                cols.setdefault(k, None)
        return list(cols)

    def _raw(self) -> Iterator[tuple[int, tuple]]:
        """``(column set id, values)`` of each row, in row order."""
        self.fh.flush()
        with open(self.path, "rb") as fh:
            for _ in range(self.n):
                yield pickle.load(fh)

    def _records(self) -> Iterator[dict[str, Any]]:
        names = list(self.keysets)
        for kid, vals in self._raw():
            yield dict(zip(names[kid], vals))

    def _float_columns(self, cols: list[str]) -> list[str]:
        """Int columns that pandas would make float over the whole table (mixed or missing)."""
        if not self._ints:
            return []
        missing = {c for c in cols if any(c not in set(keys) for keys in self.keysets)}
        floats: set[str] = set()
        for rec in self._records():
            for c in self._ints:
                if rec.get(c).__class__ is float:
                    floats.add(c)
        return [c for c in cols if c in self._ints and (c in missing or c in self._nones or c in floats)]

    def chunks(self) -> Iterator[Any]:
        """DataFrames of up to CHUNK rows with the table's columns, in row order."""
        import pandas as pd

        cols = self.columns()
        to_float = self._float_columns(cols)
        buf: list[dict[str, Any]] = []

        def make():
            df = pd.DataFrame(buf, columns=cols)
            for c in to_float:
                df[c] = df[c].astype("float64")
            return df

        for rec in self._records():
            buf.append(rec)
            if len(buf) >= self.CHUNK:
                yield make()
                buf = []
        if buf:
            yield make()

    def frame(self):
        """The whole table as one DataFrame, as ``pandas.DataFrame(rows)`` builds it."""
        import pandas as pd

        if not self.n:
            return pd.DataFrame([])
        parts = list(self.chunks())
        df = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        del parts
        for c in df.columns:
            if df[c].dtype == object:  # chunks typed apart (e.g. all-missing in one) are re-inferred whole
                df[c] = pd.Series(df[c].tolist(), index=df.index)
        return df

    def write_csv(self, path: Path) -> Path:
        """What :func:`framing.io.write_csv` writes for :meth:`frame`, row by row.

        Cells are formatted as pandas' ``to_csv`` formats the inferred columns (missing and NaN
        empty, floats by ``repr``, ints that pandas would make float as floats, strings
        formula-safe), without building DataFrames: about 10x faster on 500-feature rows. Each
        chunk of :attr:`CHUNK` rows takes the line terminator :func:`framing.io.csv_lineterminator`
        gives it, as the chunked pandas writer did. ``tests/test_runner.py`` checks it byte for
        byte against pandas' ``to_csv`` of :meth:`chunks`.
        """
        if not self.n:
            return write_csv(self.frame(), path)
        cols = self.columns()
        if len(cols) == 1:  # (csv.writer writes a one-cell empty row as ""; not worth a fast path)
            return write_csv(self.frame(), path)
        to_float = set(self._float_columns(cols))
        nan = float("nan")

        # strings neutralised and quoted by _csv_text (csv.writer's QUOTE_MINIMAL; CR counts, see
        # the terminator below)
        def cell(v: Any, as_float: bool) -> str:
            t = v.__class__
            if t is float:
                return "" if v != v else repr(v)
            if v is None:
                return ""
            if t is str:
                return _csv_text(v)
            if t is int:
                return repr(float(v)) if as_float else str(v)
            if t is bool:
                return str(v)
            if type(v).__module__ == "numpy" and hasattr(v, "item"):
                return cell(v.item(), as_float)
            return _csv_text(str(v))

        flags = [c in to_float for c in cols]
        cols_key = tuple(cols)
        whole = [keys == cols_key for keys in self.keysets]  # column sets that are the table's, in order
        names = list(self.keysets)
        with atomic_write(path) as fh:
            lines: list[str] = [",".join([_csv_text(str(c)) for c in cols])]

            def flush() -> None:
                # a chunk holding a CR anywhere takes CRLF line ends, as csv_lineterminator gives
                # pandas (a CR-free chunk is quoted alike under both terminators: CR is absent)
                term = "\r\n" if any("\r" in ln for ln in lines) else "\n"
                fh.write(term.join(lines))
                fh.write(term)

            n_in_chunk = 0
            for kid, vals in self._raw():
                if not whole[kid]:  # a row lacking columns (or holding them in another order)
                    rec = dict(zip(names[kid], vals))
                    vals = tuple(map(rec.get, cols, repeat(nan)))
                # finite floats (nearly every cell: the features) formatted inline; the rest via cell()
                lines.append(",".join([repr(v) if v.__class__ is float and v - v == 0.0 else cell(v, f)
                                       for v, f in zip(vals, flags)]))
                n_in_chunk += 1
                if n_in_chunk >= self.CHUNK:
                    flush()
                    lines = []
                    n_in_chunk = 0
            if n_in_chunk:
                flush()
        return Path(path)

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass


def _release_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``; elsewhere nothing).

    Streaming frees result strings of ~100 KB per document; glibc keeps the freed pages, so without
    this the finish step (pandas, the feature table) is stacked on a heap grown by the stream.
    """
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        _MALLOC_TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):
                pass
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


def _done_hashes(out: Path, rows: Any = None) -> tuple[set[str], Any]:
    """Content hashes and compact rows of documents already written (for ``--resume``).

    Rows are appended to ``rows`` (a list or a :class:`_RowSpool`), a new list by default.
    """
    hashes: set[str] = set()
    rows = [] if rows is None else rows
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
    """The features-table row of a written record: the same row a fresh run makes."""
    from .pipeline import document_row, extraction_from_record

    row = document_row(extraction_from_record(rec))
    row["content_hash"] = rec.get("content_hash")  # HTML documents hash their markup too
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
        compare: bool = True, read_options: dict[str, Any] | None = None,
        max_articles: int | None = 200) -> RunResult:
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
    rows = _RowSpool(out / ".features.rows.tmp")
    done = _done_hashes(out, rows)[0] if resume else set()
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
    # documents.jsonl is the journal of record: on resume it is kept (a half-written last line
    # dropped) and the other tables are rebuilt from its records, so a kill between writing a
    # record and its table rows can neither lose nor repeat rows. Inputs that failed before are
    # read again and reported again.
    j_docs = _Journal(out / "documents.jsonl", resume=resume)
    j_ev = _Journal(out / "evidence.csv", header=EVIDENCE_COLUMNS)
    j_at = _Journal(out / "attributions.csv", header=ATTRIBUTION_COLUMNS)
    j_bl = _Journal(out / "blocks.csv", header=BLOCK_COLUMNS)
    j_err = _Journal(out / "errors.jsonl")
    journals = (j_docs, j_ev, j_at, j_bl, j_err)
    if done:
        from .pipeline import extraction_from_record

        j_docs.flush()
        with open(j_docs.part, "rb") as fh:
            for raw in fh:
                ex = extraction_from_record(json.loads(raw))
                at, bl, errs = _table_pieces(ex)
                j_ev.write_bytes(_evidence_csv(ex))
                j_at.write_rows(at)
                j_bl.write_rows(bl)
                for e in errs:
                    j_err.write_line(dumps_line({"kind": "extractor", **e}))
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

        # a pseudo-terminal that reports no size (0 x 0: some CI runners, `script`) makes tqdm
        # hide the bar; a fixed size keeps rate and ETA visible there
        try:
            size = os.get_terminal_size(sys.stderr.fileno())
        except (OSError, ValueError, AttributeError):
            size = os.terminal_size((0, 0))
        sized = size.columns > 0 and size.lines > 0
        bar = tqdm(total=total, unit="doc", desc="analyse", file=sys.stderr, dynamic_ncols=sized,
                   ncols=None if sized else 100, nrows=None if sized else 24)
    finished = False
    n_seen = 0
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
                j_docs.write_bytes(r["line"])
                # evidence, attributions and blocks arrive as CSV lines (see process_one)
                j_ev.write_bytes(r["evidence"])
                j_at.write_bytes(r["attributions"])
                j_bl.write_bytes(r["blocks"])
                for e in r["family_errors"]:
                    j_err.write_line(dumps_line({"kind": "extractor", **e}))
                    res.n_errors += 1
                rows.append(r["row"])
                res.n_documents += 1
            if bar is not None:
                bar.update(1)
            n_seen += 1
            if n_seen % 1024 == 0:  # a trim costs ~1 ms; every 1,024 results keeps the heap near its floor
                _release_heap()
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
        if not finished:
            rows.close()
    res.n_skipped = n_skipped
    res.n_documents += len(done)
    # ids carried by more than one document of the output (resumed ones included)
    dup_ids = rows.duplicate_ids()
    _release_heap()
    # 5. finish
    import pandas as pd

    formats = {f.strip().lower() for f in formats if f.strip()}
    res.files["documents.jsonl"] = out / "documents.jsonl"
    try:
        # the whole feature table is built only when a later step needs it; features.csv
        # alone is streamed from the spool, so memory stays flat as the corpus grows
        if (compare and res.n_documents) or formats & {"parquet", "html", "pdf"}:
            feats = rows.frame()
            res.files["features.csv"] = write_csv(feats, out / "features.csv")
        else:
            feats = pd.DataFrame([])
            res.files["features.csv"] = rows.write_csv(out / "features.csv")
    finally:
        rows.close()
    for name in ("evidence.csv", "attributions.csv", "blocks.csv", "errors.jsonl"):
        res.files[name] = out / name
    if "parquet" in formats:
        try:
            feats.to_parquet(out / "features.parquet", index=False)
            res.files["features.parquet"] = out / "features.parquet"
        except ImportError:
            pass
    # 6. compare and report (a failure here is recorded; everything above is already on disk)
    comparison = None
    analysis = _analysis_from_output(out, feats) if (compare and res.n_documents) or formats & {"html", "pdf"} else None

    def _record(kind: str, code: str, exc: BaseException) -> None:
        d = exc.to_dict() if isinstance(exc, FramingError) else {"code": code, "message": f"{type(exc).__name__}: {exc}"}
        with open(out / "errors.jsonl", "a", encoding="utf-8") as fh:
            fh.write(dumps_line({"kind": kind, **d}))
        res.n_errors += 1

    if compare and res.n_documents:
        from . import compare as compare_mod

        try:
            comparison = compare_mod.compare(analysis, engine=engine)
            written = comparison.to_dir(out)
            items = written.items() if isinstance(written, dict) else ((Path(p).name, p) for p in written)
            for name, p in items:
                res.files[str(name)] = Path(p)
        except Exception as exc:  # noqa: BLE001 - recorded with its code, the run's output stands
            comparison = None
            _record("compare", "E017", exc)
    res.comparison = comparison
    if formats & {"html", "pdf"}:
        from .report import report as make_report

        try:
            paths = make_report(analysis, out, formats=sorted(formats & {"html", "pdf"}), comparison=comparison,
                                max_articles=max_articles)
            res.files.update({k: Path(v) for k, v in paths.items()})
        except Exception as exc:  # noqa: BLE001
            _record("report", "E018", exc)
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

