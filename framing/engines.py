"""Distributed engines: extraction over a ``dask.distributed`` cluster, aggregation with dask.dataframe.

:func:`dask_map` is what ``framing analyze --engine dask`` runs. Stages (numbered as in the code):

1. **Connect** to the scheduler at ``scheduler`` (``tcp://host:8786``), or start a
   private :class:`~distributed.LocalCluster` of ``jobs`` single-threaded worker
   processes (no dashboard, nothing listening beyond localhost, logs silenced).
2. **Batch** the document stream into small tasks (a few documents, bounded in
   characters) so scheduler overhead stays small next to the work; reader errors
   (:class:`~framing.errors.FramingError` items) keep their place and are never sent.
3. **Submit** within a bounded window of tasks in flight, so memory stays flat
   however long the stream is.
4. **Yield** results strictly in input order (the head of the window is awaited;
   the rest keep running), so the output files are byte-identical to the local engine.

Each task carries the run options and initialises its worker process once
(:func:`framing.runner._init_worker`), so workers that join mid-run are ready too.

Pointing at a real cluster::

    dask scheduler --no-dashboard                              # on the scheduler host (port 8786)
    dask worker tcp://HOST:8786 --nworkers -1 --nthreads 1     # on each worker host: a process per core
    framing analyze corpus.jsonl.gz --out out/ --engine dask --scheduler tcp://HOST:8786

On a long run, start the workers with their statistical profiler off
(``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False dask worker ...``), as the private local
cluster does (:data:`_LOCAL_CONFIG`): otherwise each worker keeps an hour of profile trees
in memory.

The analysis is pure Python, so use one thread per worker process (threads share one
interpreter lock). Workers need the same version of ``framing`` installed
(``pip install framing[dask]``); ``--outlets`` and ``--lexicon`` files must be readable at the
same path on the workers. Input is read and output written by the machine running
``framing analyze``; only documents and results travel to and from the workers.
"""
from __future__ import annotations

import logging
import os
from collections import deque
from typing import Any, Iterable, Iterator, Sequence

from .errors import FramingError

__all__ = ["dask_map", "outlet_story_means"]

#: Documents per task. Calibrated on allsides_5k (about 6,000 characters per article, ~5 ms per
#: document on one core): 16 documents make a ~80 ms task, so the scheduler's ~1 ms per task is noise.
BATCH_DOCS = 16
#: A task is closed early past this many characters, so a run of very large pages stays small per task.
BATCH_CHARS = 2_000_000


_RESCUE = object()  #: an in-flight marker: the batch could not be sent; run its documents one by one


class _Batch:
    """Documents of one task, scattered to the workers as one object.

    Passing documents inside the task itself made the scheduler keep a copy of every document it
    had seen (its resident memory grew by ~22 MB per 1,000 allsides articles: 170 MB at 1,000
    documents, 520 MB at 50,000); scattered data is dropped when its future is released.
    """

    __slots__ = ("docs",)

    def __init__(self, docs: list[Any]) -> None:
        self.docs = docs


def _run_batch(docs: Sequence[Any] | _Batch, opts: dict[str, Any]) -> list[dict[str, Any]]:
    """Worker side: initialise this process for ``opts`` once, then analyse each document."""
    from . import runner

    if isinstance(docs, _Batch):
        docs = docs.docs

    if runner._WORKER_OPTS != opts or not getattr(runner, "_DASK_READY", False):
        runner._init_worker(opts)
        runner._DASK_READY = True
    return runner._process_batch(list(docs))


#: Settings of the private local cluster, which nobody inspects (no dashboard):
#:
#: - in-memory log lengths (dask's defaults: 10,000 and 1,000 entries per log): at the defaults
#:   they filled over a 50,000-document run and were part of the scheduler process's memory growth;
#: - the workers' statistical profiler off: it samples the running task's stack every 10 ms and
#:   keeps a profile tree per second for an hour (``profile_history``, up to 3,600 nested dicts).
#:   Those trees made a worker grow by ~20 MB over 20,000 allsides articles (measured with
#:   ``client.run`` over the worker's state: 70 trees and +15,000 dicts after a 6,000-document run).
_LOCAL_CONFIG = {"distributed.admin.log-length": 500, "distributed.admin.low-level-log-length": 200,
                 "distributed.worker.profile.enabled": False}


def _local_cluster(jobs: int):
    import dask
    from distributed import LocalCluster

    with dask.config.set(_LOCAL_CONFIG):
        return LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                            host="127.0.0.1", silence_logs=logging.ERROR)


def _quiet_logs() -> None:
    for name in ("distributed", "distributed.client", "distributed.scheduler", "distributed.nanny",
                 "distributed.worker", "distributed.core", "distributed.batched", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)


#: Runs of a document alone, after its batch killed its workers, before it is recorded as lost.
_RESCUE_TRIES = 2


def dask_map(docs: Iterable[Any], opts: dict[str, Any], *, scheduler: str | None = None,
             jobs: int | None = None, batch_docs: int = BATCH_DOCS, window: int | None = None) -> Iterator[Any]:
    """Analyse ``docs`` on a Dask cluster; yield one result per item, in input order.

    Results are those of :func:`framing.runner._process_safe`; ``FramingError``
    items pass through in place. ``window`` bounds the tasks in flight (default:
    three per worker thread, at least four).
    """
    from distributed import Client, KilledWorker
    from distributed.comm.core import CommClosedError

    _quiet_logs()
    # 1. connect
    cluster = None
    if scheduler:
        client = Client(scheduler, set_as_default=False)
    else:
        cluster = _local_cluster(max(1, jobs or os.cpu_count() or 1))
        client = Client(cluster, set_as_default=False)
    # an in-flight entry: (items, future or None); items hold documents and passed-through errors
    inflight: deque[tuple[list[Any], Any]] = deque()
    try:
        threads = sum(client.nthreads().values()) or 1
        window = window or max(4, 3 * threads)

        def submit(items: list[Any]) -> None:
            todo = [x for x in items if not isinstance(x, FramingError)]
            fut = None
            if todo:
                try:
                    data = client.scatter(_Batch(todo), hash=False)
                    fut = client.submit(_run_batch, data, opts, pure=False)
                except (OSError, CommClosedError):  # a worker died while taking the batch
                    fut = _RESCUE
            inflight.append((items, fut))

        def rescue(d: Any) -> dict[str, Any]:
            """Run one document of a batch that killed its workers alone: only a document that
            kills the worker running it alone, twice in a row, is lost (E012); the rest of the
            batch is analysed. (Twice: on a loaded machine a worker the nanny is still restarting
            after the culprit can be declared dead under an innocent document.)"""
            exc: BaseException | None = None
            for _ in range(_RESCUE_TRIES):
                try:
                    return client.submit(_run_batch, [d], opts, pure=False).result()[0]
                except (KilledWorker, OSError, CommClosedError) as e:
                    exc = e
            return {"error": {"code": "E012", "message": f"the worker analysing this document died: {exc}",
                              "doc_id": d.id, "path": d.source}}

        def drain_head() -> Iterator[Any]:
            # 4. yield in input order
            items, fut = inflight.popleft()
            if fut is _RESCUE:
                got = [rescue(d) for d in items if not isinstance(d, FramingError)]
            else:
                try:
                    got = fut.result() if fut is not None else []
                except KilledWorker:  # workers died on this batch (after the scheduler's retries)
                    got = [rescue(d) for d in items if not isinstance(d, FramingError)]
            res = iter(got)
            for x in items:
                yield x if isinstance(x, FramingError) else next(res)

        # 2. batch, 3. submit within the window
        batch: list[Any] = []
        chars = 0
        for d in docs:
            batch.append(d)
            if not isinstance(d, FramingError):
                chars += len(getattr(d, "text", "") or "")
            if len(batch) >= batch_docs or chars >= BATCH_CHARS:
                submit(batch)
                batch, chars = [], 0
                while len(inflight) >= window:
                    yield from drain_head()
        if batch:
            submit(batch)
        while inflight:
            yield from drain_head()
    finally:
        for _, fut in inflight:
            if fut is not None:
                fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def outlet_story_means(features, by: Sequence[str] = ("story", "outlet"), columns: Sequence[str] | None = None,
                       *, engine: str = "local", npartitions: int | None = None):
    """Mean of each feature column per group (default: per story and outlet), with ``n_documents``.

    Equal, value for value, to ``features.groupby(list(by)).mean()`` in pandas
    (rows with a missing key are dropped, NaN features are skipped), with the
    keys as columns, sorted by key. ``engine="dask"`` computes it with
    dask.dataframe: rows are shuffled so that each group lies in one partition
    and kept in input order, so the sums are taken in the same order as
    pandas and the means are identical to the last bit. It uses the active
    ``distributed`` client when there is one.
    """
    import pandas as pd

    by = list(by)
    if columns is None:
        columns = [c for c in features.columns if c not in by and pd.api.types.is_numeric_dtype(features[c])
                   and not pd.api.types.is_bool_dtype(features[c])]
    columns = list(columns)
    frame = features[by + columns].copy()
    if engine == "local":
        return _means_pandas(frame, by, columns)
    if engine != "dask":
        raise FramingError("E015", f"unknown engine {engine!r} (local or dask)")
    import dask
    import dask.dataframe as dd

    frame = frame.dropna(subset=by).reset_index(drop=True)
    frame = frame.assign(_row=range(len(frame)))
    if not len(frame):
        return _means_pandas(frame.drop(columns="_row"), by, columns)
    nparts = npartitions or max(1, min(64, len(frame) // 5_000 + 1))
    meta = _means_pandas(frame.iloc[:0].drop(columns="_row"), by, columns)
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(frame, npartitions=nparts, sort=False)
        if nparts > 1:
            ddf = ddf.shuffle(on=by, npartitions=nparts)
        parts = ddf.map_partitions(lambda p: _means_pandas(p.sort_values("_row", kind="stable").drop(columns="_row"),
                                                           by, columns), meta=meta)
        out = parts.compute()
    return out.sort_values(by, kind="stable").reset_index(drop=True)


def _means_pandas(frame, by: list[str], columns: list[str]):
    import pandas as pd

    g = frame.groupby(by, sort=True, dropna=True)
    size = g.size().astype("int64").rename("n_documents")
    parts = [size, g[columns].mean()] if columns else [size]
    return pd.concat(parts, axis=1).reset_index()
