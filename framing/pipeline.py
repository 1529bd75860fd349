"""The analysis pipeline: document -> cleaned page -> every extractor -> features and evidence.

Stages (numbered as in the code):

1. **Coerce** the input to a :class:`~framing.types.Document` and check limits.
2. **Clean** the page (:func:`framing.clean`): blocks, labels, article body.
3. **Context**: one shared tokenisation, sentence split and quote scan of the body.
4. **Extract**: run each registered family in order; a failing family is
   recorded in ``Extraction.errors`` and costs no other family or document.
5. **Map** every evidence span from body offsets back to the text as given.
6. **Resolve** the outlet from metadata, URL or tell-tale page text.

:func:`analyze` runs this over many documents and gathers tidy DataFrames.
"""
from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Iterable, Iterator

from .errors import FramingError, LimitError
from .types import CleanedPage, Document, Evidence, Extraction

__all__ = ["extract", "extract_document", "analyze", "Analysis", "DEFAULT_LIMITS", "record_of", "extraction_from_record"]

#: Default per-document limits. ``max_chars`` guards memory and time on pathological pages
#: (10 MB pages still run; beyond this they are reported, not dropped silently).
DEFAULT_LIMITS = {"max_chars": 20_000_000, "max_seconds": None}


def _as_document(obj: Any) -> Document:
    if isinstance(obj, Document):
        return obj
    if isinstance(obj, str):
        from .clean import looks_like_html

        if looks_like_html(obj):
            # HTML given as a string: the text is its rendering (evidence offsets index it);
            # the markup stays in Document.html for the HTML cleaning path
            from .corpus.readers import html_to_text

            return Document(text=html_to_text(obj), html=obj)
        return Document(text=obj)
    raise TypeError(f"expected str or framing.Document, got {type(obj).__name__}")


def _finite(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return f if math.isfinite(f) else 0.0


#: The guard of a document without a time limit (the default): reusable, and ~10x cheaper to enter
#: than a generator-based context manager (~14 guarded stages an article).
_NO_ALARM = contextlib.nullcontext()


@contextlib.contextmanager
def _alarm(deadline: float | None, doc_id: str | None):
    """Interrupt the block with :class:`LimitError` E011 once ``deadline`` passes.

    A family that loops on hostile input would otherwise hold the worker forever (the
    between-family check alone cannot stop it). In the main thread on POSIX (``jobs=1`` and
    every process-pool worker) this uses ``SIGALRM``. In any other thread (Dask workers run
    tasks in threads; so may a notebook or a web server) a timer thread raises the error in the
    analysing thread with ``PyThreadState_SetAsyncExc``; like a signal, it interrupts Python
    code between bytecodes, not a single long call into C.
    """
    if deadline is None:
        yield
        return
    remaining = max(deadline - time.monotonic(), 0.001)
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def on_alarm(signum, frame):
            raise LimitError("E011", "document exceeded the time limit", doc_id=doc_id)

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, remaining)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    with _thread_alarm(remaining):
        yield


class _AsyncTimeout(LimitError):
    """E011 raised asynchronously in a non-main thread (instantiated by the interpreter, no args)."""

    def __init__(self, *args: Any) -> None:
        super().__init__("E011", "document exceeded the time limit")


@contextlib.contextmanager
def _thread_alarm(seconds: float):
    import ctypes

    tid = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, ctypes.py_object(_AsyncTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # fired but perhaps not yet delivered: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, None)


_FLOAT_ONLY = frozenset({float})
#: Per family, the feature names of its last result and the same names with the family's prefix:
#: most families return the same names in the same order for every document, so the ~500 prefixed
#: names of an article are made (and hashed) once a run instead of once a document (one entry per
#: family; a family whose names change gets them made anew).
_PREFIXED: dict[str, tuple[list[str], list[str]]] = {}


def extract(text_or_document: Any, *, families: Iterable[str] | None = None, clean: bool = True,
            limits: dict[str, Any] | None = None, options: dict[str, Any] | None = None) -> Extraction:
    """Run every registered extractor on one text or :class:`Document`.

    ``families`` restricts the run to some families; ``clean=False`` analyses
    the whole text as the body (for texts that are already clean articles).
    Offsets of every evidence item index the text as given.
    """
    from .clean import clean as clean_page
    from .corpus.outlets import resolve_outlet
    from .extract.registry import Context, get, registered

    # 1. coerce and check limits
    doc = _as_document(text_or_document)
    lim = {**DEFAULT_LIMITS, **(limits or {})}
    if lim.get("max_chars") and len(doc.text) > lim["max_chars"]:
        raise LimitError("E010", f"document has {len(doc.text):,} characters, over the limit of "
                         f"{lim['max_chars']:,}", path=doc.source, doc_id=doc.id)
    deadline = time.monotonic() + lim["max_seconds"] if lim.get("max_seconds") else None

    # 2. clean
    if clean:
        with _alarm(deadline, doc.id) if deadline is not None else _NO_ALARM:
            page = clean_page(doc)
    else:
        page = _whole_text_page(doc.text)

    # 6. (early) outlet resolution, so extractors can use it
    if doc.outlet is None or doc.extra.get("outlet_resolved_from") is None:
        found = resolve_outlet(doc, page=page)
        if found is not None:
            outlet, how = found
            if doc.outlet is None:
                doc.outlet = outlet.name
            doc.extra.setdefault("outlet_resolved_from", how)
            doc.extra.setdefault("outlet_type", outlet.type)
            doc.extra.setdefault("outlet_country", outlet.country)

    # 3. shared context
    ctx = Context(page.body, document=doc, cleaned=page, options=options or {})
    features: dict[str, float] = {"doc.words": float(ctx.word_count), "doc.chars": float(len(doc.text))}
    evidence: list[Evidence] = []
    attributions = []
    errors: list[dict[str, str]] = []
    names = registered() if families is None else [f for f in registered() if f in set(families)]
    page_mapper = page.span_mapper()
    in_body: list[Any] = []  # results of families whose offsets index the body

    # 4. extract
    for name in names:
        if deadline is not None and time.monotonic() > deadline:
            errors.append({"family": name, "code": "E011", "message": "time limit reached before this family"})
            continue
        entry = get(name)
        try:
            with _alarm(deadline, doc.id) if deadline is not None else _NO_ALARM:
                res = entry.fn(ctx)
        except FramingError as exc:
            errors.append({"family": name, "code": exc.code, "message": str(exc)})
            continue
        except Exception as exc:  # isolate: one family's bug costs nothing else
            errors.append({"family": name, "code": "E012", "message": f"{type(exc).__name__}: {exc}"})
            continue
        ctx.results[name] = res
        keys = list(res.features)
        last = _PREFIXED.get(name)
        if last is None or last[0] != keys:
            last = _PREFIXED[name] = (keys, list(map((name + ".").__add__, keys)))
        vals = res.features.values()
        if _FLOAT_ONLY.issuperset(map(type, vals)) and (total := sum(vals)) - total == 0.0:
            # every value a float and their sum finite (x - x is nan for inf and nan), so each is a
            # finite float kept as is: one C loop (~500 features an article)
            features.update(zip(last[1], vals))
        else:
            for k, v in zip(last[1], vals):
                # a finite float is kept as is; anything else via _finite
                features[k] = v if v.__class__ is float and v - v == 0.0 else _finite(v)
        if res.text_coords:
            evidence.extend(res.evidence)
            attributions.extend(res.attributions)
        else:
            in_body.append(res)
    # 5. map offsets back to the text as given: evidence in place, now that no family can read
    # it (ctx.results keeps body offsets while families run; an object listed twice is mapped
    # once); attributions as mapped copies (few per document)
    body_evidence = [e for res in in_body for e in res.evidence]
    page.map_in_place(body_evidence)
    evidence.extend(body_evidence)
    for res in in_body:
        attributions.extend(a.mapped(page_mapper) for a in res.attributions)
    evidence.sort(key=attrgetter("start", "end", "family", "label"))
    # evidence indexes the page text: the text as given, except when a Document's text was blank
    # and the cleaner rendered its HTML itself (then the rendered text is what the spans index)
    return Extraction(text=page.text, features=features, evidence=evidence, attributions=attributions,
                      cleaned=page, document=doc, errors=errors)


extract_document = extract


def _whole_text_page(text: str) -> CleanedPage:
    from .types import Block

    blocks = [Block(0, len(text), "body", text, reason="clean=False")] if text.strip() else []
    return CleanedPage(text=text, body=text, blocks=blocks, segments=[(0, 0, len(text))])


def record_of(ex: Extraction) -> dict[str, Any]:
    """The ``documents.jsonl`` record of one extraction (metadata, features, evidence)."""
    d = ex.to_dict()
    if ex.document is not None:
        d["content_hash"] = ex.document.content_hash
    d["text"] = ex.text  # evidence offsets index this text; keeps the record self-contained
    return d


def extraction_from_record(rec: dict[str, Any]) -> Extraction:
    """Rebuild an :class:`Extraction` from a ``documents.jsonl`` record (inverse of :func:`record_of`)."""
    from .types import Attribution, Block, Flag, Span

    text = rec.get("text") or ""
    meta_keys = ("id", "outlet", "url", "published", "story", "title", "language", "source")
    extra = {k[6:]: v for k, v in rec.items() if k.startswith("extra.")}
    doc = Document(text=text, **{k: rec.get(k) for k in meta_keys}, extra=extra)
    ev = []
    for e in rec.get("evidence") or []:
        e = dict(e)
        core = {k: e.pop(k) for k in ("family", "label", "start", "end", "text")}
        voice = e.pop("voice", None)
        ev.append(Evidence(**core, voice=voice, attrs=e))
    ats = []
    for a in rec.get("attributions") or []:
        a = dict(a)
        spans = {k: (Span(a[k]["start"], a[k]["end"], a[k]["text"]) if a.get(k) else None)
                 for k in ("content", "speaker", "cue")}
        for k in ("content", "speaker", "cue"):
            a.pop(k, None)
        core = {k: a.pop(k, None) for k in ("kind", "cue_class", "source_type", "speaker_name", "via")}
        ats.append(Attribution(**spans, kind=core["kind"] or "indirect", cue_class=core["cue_class"],
                               source_type=core["source_type"] or "unknown", speaker_name=core["speaker_name"],
                               via=list(core["via"] or []), attrs=a))
    page = None
    p = rec.get("page")
    if p is not None:
        blocks = [Block(b["start"], b["end"], b["label"], text[b["start"]:b["end"]], b.get("reason", ""),
                        b.get("score", 0.0)) for b in p.get("blocks") or []]
        flags = [Flag(f["name"], f["score"], [Span(**s) for s in f.get("evidence") or []], f.get("detail") or {})
                 for f in p.get("flags") or []]
        body = p.get("body") or ""
        page = CleanedPage(text=text, body=body, blocks=blocks, segments=[tuple(s) for s in p.get("segments") or []],
                           boilerplate_ratio=p.get("boilerplate_ratio", 0.0), advert_ratio=p.get("advert_ratio", 0.0),
                           duplicate_ratio=p.get("duplicate_ratio", 0.0), flags=flags, title=p.get("title"))
    return Extraction(text=text, features=dict(rec.get("features") or {}), evidence=ev, attributions=ats,
                      cleaned=page, document=doc, errors=list(rec.get("errors") or []))


@dataclass
class Analysis:
    """Per-document results of :func:`analyze` as tidy pandas DataFrames.

    - ``documents``: one row per document: metadata columns then one column per feature.
    - ``evidence``: one row per evidence span (``doc_id``, ``family``, ``label``, ``start``,
      ``end``, ``text``, ``voice`` and further attributes).
    - ``attributions``: one row per attribution.
    - ``blocks``: one row per page block (``doc_id``, ``start``, ``end``, ``label``, ``reason``).
    - ``errors``: one row per failed input or failed family.
    ``extractions`` keeps the full objects (texts included) when ``keep=True``.
    """

    documents: Any
    evidence: Any
    attributions: Any
    blocks: Any
    errors: Any
    bodies: dict[str, str] = field(default_factory=dict)
    extractions: list[Extraction] = field(default_factory=list)

    @property
    def feature_names(self) -> list[str]:
        meta = set(META_COLUMNS)
        return [c for c in self.documents.columns if c not in meta and not str(c).startswith("extra.")]

    def __len__(self) -> int:
        return len(self.documents)

    def _repr_html_(self) -> str:
        import html

        n = len(self.documents)
        head = f"<p><b>framing.Analysis</b>: {n} documents, {len(self.evidence)} evidence spans, " \
               f"{len(self.errors)} errors</p>"
        cols = [c for c in ("id", "outlet", "published", "title", "doc.words", "page.boilerplate_ratio",
                            "loaded.outlet.per_1k", "attribution.per_1k") if c in self.documents.columns]
        return head + self.documents[cols].to_html(index=False, escape=True, max_rows=50) if cols else html.escape(head)


META_COLUMNS = ("id", "outlet", "url", "published", "story", "title", "language", "source", "content_hash",
                "outlet_type", "outlet_country", "outlet_resolved_from")


#: Longest ``Document.extra`` value copied into the per-document table (longer values,
#: such as a scraper's raw HTML, stay in ``documents.jsonl`` only).
MAX_EXTRA_CHARS = 300
_EXTRA_IN_META = ("outlet_type", "outlet_country", "outlet_resolved_from")


def document_row(ex: Extraction) -> dict[str, Any]:
    """The per-document table row: metadata, short ``extra.*`` fields, then every feature."""
    doc = ex.document
    assert doc is not None
    row: dict[str, Any] = {
        "id": doc.id, "outlet": doc.outlet, "url": doc.url, "published": doc.published, "story": doc.story,
        "title": doc.title or (ex.cleaned.title if ex.cleaned else None), "language": doc.language,
        "source": doc.source, "content_hash": doc.content_hash,
        "outlet_type": doc.extra.get("outlet_type"), "outlet_country": doc.extra.get("outlet_country"),
        "outlet_resolved_from": doc.extra.get("outlet_resolved_from"),
    }
    for k in sorted(doc.extra):
        v = doc.extra[k]
        if k in _EXTRA_IN_META or not isinstance(v, (str, int, float, bool)):
            continue
        if isinstance(v, str) and len(v) > MAX_EXTRA_CHARS:
            continue
        row[f"extra.{k}"] = v
    row.update(ex.features)
    return row


def _rows(ex: Extraction) -> tuple[dict, list[dict], list[dict], list[dict]]:
    doc = ex.document
    assert doc is not None
    row = document_row(ex)
    ev = [{"doc_id": doc.id, **e.to_dict()} for e in ex.evidence]
    at = []
    for i, a in enumerate(ex.attributions):
        d = a.to_dict()
        flat = {"doc_id": doc.id, "index": i}
        for part in ("content", "speaker", "cue"):
            sp = d.pop(part)
            flat[f"{part}_start"] = sp["start"] if sp else None
            flat[f"{part}_end"] = sp["end"] if sp else None
            flat[f"{part}_text"] = sp["text"] if sp else None
        d["via"] = " <- ".join(d.get("via") or [])
        flat.update(d)
        at.append(flat)
    bl = [{"doc_id": doc.id, **{k: v for k, v in b.to_dict().items() if k != "text"}}
          for b in (ex.cleaned.blocks if ex.cleaned else [])]
    return row, ev, at, bl


def analyze(documents: Iterable[Any], *, families: Iterable[str] | None = None, clean: bool = True,
            keep: bool = True, limits: dict[str, Any] | None = None, progress: bool = False,
            on_error: str = "record", options: dict[str, Any] | None = None) -> Analysis:
    """Analyse many documents (or texts) and gather per-document DataFrames.

    A document that fails (bad input, a limit) is listed in ``errors`` and
    costs no other document. ``on_error="raise"`` re-raises instead.
    """
    import pandas as pd

    rows, evs, ats, bls, errs = [], [], [], [], []
    bodies: dict[str, str] = {}
    kept: list[Extraction] = []
    it = _iter_with_errors(documents)
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(it, unit="doc", desc="analyse")
    from .runner import _batch_gc

    with _batch_gc():  # the collector regime of framing analyze (lexicons frozen, rarer young collections)
        for item in it:
            if isinstance(item, FramingError):
                if on_error == "raise":
                    raise item
                errs.append(item.to_dict())
                continue
            try:
                ex = extract(item, families=families, clean=clean, limits=limits, options=options)
            except FramingError as exc:
                if on_error == "raise":
                    raise
                d = exc.to_dict()
                d.setdefault("doc_id", getattr(item, "id", None))
                errs.append(d)
                continue
            row, ev, at, bl = _rows(ex)
            rows.append(row)
            evs.extend(ev)
            ats.extend(at)
            bls.extend(bl)
            for e in ex.errors:
                errs.append({"doc_id": row["id"], "path": row["source"], **e})
            bodies[row["id"]] = ex.cleaned.body if ex.cleaned else ex.text
            if keep:
                kept.append(ex)
    return Analysis(
        documents=pd.DataFrame(rows),
        evidence=pd.DataFrame(evs, columns=None if evs else ["doc_id", "family", "label", "start", "end", "text", "voice"]),
        attributions=pd.DataFrame(ats),
        blocks=pd.DataFrame(bls, columns=None if bls else ["doc_id", "start", "end", "label", "reason", "score"]),
        errors=pd.DataFrame(errs, columns=None if errs else ["code", "message", "path", "line"]),
        bodies=bodies,
        extractions=kept,
    )


def _iter_with_errors(documents: Iterable[Any]) -> Iterator[Any]:
    """Iterate, turning a reader's FramingError into an item so the batch goes on."""
    it = iter(documents)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except FramingError as exc:
            yield exc
            continue
        if isinstance(item, str):
            item = Document(text=item)
        yield item
