"""The Dask engine gives the local engine's results, in order, streaming; the dask.dataframe
aggregation equals pandas. Uses LocalClusters of two single-threaded worker processes."""
import json
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

from framing.engines import dask_map, outlet_story_means  # noqa: E402
from framing.errors import FramingError  # noqa: E402
from framing.runner import _map_local, run  # noqa: E402
from framing.types import Document  # noqa: E402

OUTPUTS = ("documents.jsonl", "features.csv", "evidence.csv", "attributions.csv", "blocks.csv", "errors.jsonl")


def _seed_texts():
    seeds = sorted((Path(__file__).resolve().parents[1] / "data" / "seeds").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in seeds]


def _corpus(tmp_path, n=24, bad_at=(5, 17)):
    """JSONL from the seed pages, each varied; malformed lines at ``bad_at`` (reader errors)."""
    texts = _seed_texts()
    p = tmp_path / "corpus.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i in bad_at:
                fh.write('{"id": "broken", "text": \n')
            fh.write(json.dumps({"id": f"d{i:03d}", "outlet": ["BBC News", "RT", "Reuters"][i % 3],
                                 "story": f"s{i % 4}", "text": texts[i % len(texts)] + f"\n\nEdition {i}."}) + "\n")
    return p


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1", silence_logs=40) as c:
        yield c


def test_dask_engine_output_is_byte_identical_to_local_jobs_1(tmp_path):
    src = _corpus(tmp_path)
    a = run([str(src)], tmp_path / "local", jobs=1, progress=False, compare=False)
    b = run([str(src)], tmp_path / "dask", jobs=2, engine="dask", progress=False, compare=False)
    assert a.n_documents == b.n_documents == 24
    assert a.n_failed_inputs == b.n_failed_inputs == 2  # the two malformed lines
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
    ids = [json.loads(line)["id"] for line in (tmp_path / "dask" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert ids == [f"d{i:03d}" for i in range(24)]
    assert json.loads((tmp_path / "dask" / "run.json").read_text())["engine"] == "dask"


def test_errors_pass_through_in_place_with_small_batches_and_window(cluster):
    texts = _seed_texts()
    items = []
    for i in range(13):
        items.append(Document(text=texts[i % len(texts)] + f"\n\nPart {i}.", id=f"x{i}"))
        if i % 4 == 1:
            items.append(FramingError("E005", f"malformed JSON line before x{i + 1}", path="in.jsonl", line=i))
    got = list(dask_map(iter(items), {"clean": True}, scheduler=cluster.scheduler_address, batch_docs=3, window=2))
    want = list(_map_local(iter(items), 1, {"clean": True}))
    assert len(got) == len(items)
    for g, w, item in zip(got, want, items):
        if isinstance(item, FramingError):
            assert g is item
        else:
            assert g["id"] == item.id and g["line"] == w["line"] and g["evidence"] == w["evidence"]


def test_dask_map_pulls_the_stream_lazily(cluster):
    """Memory stays flat: the input is consumed only a bounded window ahead of the output."""
    texts = _seed_texts()
    pulled = 0

    def stream():
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield Document(text=texts[i % len(texts)][:3000] + f" {i}", id=f"y{i}")

    it = dask_map(stream(), {"clean": True}, scheduler=cluster.scheduler_address, batch_docs=4, window=3)
    first = next(it)
    assert first["id"] == "y0"
    assert pulled <= 4 * 3 + 4  # window x batch, plus the batch being filled
    it.close()


def test_a_document_failing_on_a_worker_is_recorded_not_fatal(cluster):
    # over the size limit: the worker records E010 for this document and the rest go on
    texts = _seed_texts()
    limit = max(len(texts[0]), len(texts[1]))
    docs = [Document(text=texts[0], id="ok1"), Document(text="x " * limit, id="huge"), Document(text=texts[1], id="ok2")]
    got = list(dask_map(docs, {"clean": True, "limits": {"max_chars": limit}}, scheduler=cluster.scheduler_address))
    assert [r.get("id") or r["error"]["doc_id"] for r in got] == ["ok1", "huge", "ok2"]
    assert got[1]["error"]["code"] == "E010"
    assert "error" not in got[0] and "error" not in got[2]


def test_outlet_story_means_with_dask_equals_pandas_groupby(tmp_path, cluster):
    src = _corpus(tmp_path, n=12, bad_at=())
    run([str(src)], tmp_path / "out", jobs=1, progress=False, compare=False)
    feats = pd.read_csv(tmp_path / "out" / "features.csv")
    cols = [c for c in feats.columns if c.startswith(("doc.", "attribution.", "loaded.")) and
            pd.api.types.is_float_dtype(feats[c])]
    assert cols
    # replicate so several partitions hold each group, with a missing value and a missing key
    big = pd.concat([feats] * 15, ignore_index=True)
    big.loc[3, cols[0]] = float("nan")
    big.loc[4, "story"] = None
    big = big.copy()
    local = outlet_story_means(big, columns=cols)
    distributed = outlet_story_means(big, columns=cols, engine="dask", npartitions=4)
    pd.testing.assert_frame_equal(local, distributed, check_exact=True)
    ref = big.groupby(["story", "outlet"])[cols].mean().reset_index()
    pd.testing.assert_frame_equal(local.drop(columns="n_documents"), ref, check_exact=True)
    assert local["n_documents"].sum() == len(big) - 1


def test_outlet_story_means_values_by_hand():
    df = pd.DataFrame({"story": ["a", "a", "a", "b", None], "outlet": ["RT", "RT", "BBC", "RT", "RT"],
                       "loaded.per_1k": [1.0, 3.0, 10.0, float("nan"), 99.0]})
    for engine in ("local", "dask"):
        m = outlet_story_means(df, engine=engine, npartitions=2)
        assert m[["story", "outlet"]].values.tolist() == [["a", "BBC"], ["a", "RT"], ["b", "RT"]]
        assert m["n_documents"].tolist() == [1, 2, 1]
        assert m["loaded.per_1k"].tolist()[:2] == [10.0, 2.0] and pd.isna(m["loaded.per_1k"].iloc[2])
    with pytest.raises(FramingError):
        outlet_story_means(df, engine="spark")


def test_spooled_feature_rows_equal_the_in_memory_table(tmp_path, monkeypatch):
    """features.csv is streamed from an on-disk spool (flat memory); it must equal, byte for byte,
    what pandas.DataFrame(rows) + write_csv gives, however rows are typed and chunked."""
    from framing.io import write_csv
    from framing.runner import _RowSpool, process_one

    texts = _seed_texts()
    rows = [process_one(Document(text=t, id=f"s{i}", outlet="RT" if i % 2 else None), {"clean": True})["row"]
            for i, t in enumerate(texts)]
    rows[1].pop(next(k for k in rows[1] if k.startswith("loaded.")))  # a family feature missing in one row
    rows[2]["title"] = "=HYPERLINK(\"http://x\")"  # formula-like cell
    for i, r in enumerate(rows):
        r["n_int"] = i if i != 3 else None  # an int column with a missing value -> float
        r["only_ints"] = 7  # an int column without -> stays int
    rows.append({"id": "late", "story": None, "new_feature": 1.5})  # a column first seen last
    monkeypatch.setattr(_RowSpool, "CHUNK", 2)
    spool = _RowSpool(tmp_path / "rows.tmp")
    for r in rows:
        spool.append(r)
    want = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(spool.frame(), want)
    write_csv(want, tmp_path / "want.csv")
    spool.write_csv(tmp_path / "got.csv")
    assert (tmp_path / "got.csv").read_bytes() == (tmp_path / "want.csv").read_bytes()
    assert b"'=HYPERLINK" in (tmp_path / "got.csv").read_bytes()
    spool.close()
    assert not (tmp_path / "rows.tmp").exists()


def test_compare_with_dask_aggregation_equals_pandas():
    """The comparison's (story, outlet) cell means computed with dask.dataframe give the same tables."""
    import numpy as np
    import pandas as pd

    from framing.compare.normalise import within_story_effects

    rng = np.random.default_rng(3)
    rows = []
    for s in range(12):
        for o in ("RT", "TASS", "Reuters", "AP"):
            for _ in range(int(rng.integers(1, 4))):
                rows.append({"story": f"s{s}", "outlet": o, "loaded.per_1k": float(rng.gamma(2.0)),
                             "attribution.per_1k": float(rng.normal(20, 5))})
    frame = pd.DataFrame(rows)
    feats = ["loaded.per_1k", "attribution.per_1k"]
    for method in ("center", "z", "rank"):
        a = within_story_effects(frame, feats, method=method)
        b = within_story_effects(frame, feats, method=method, engine="dask")
        pd.testing.assert_frame_equal(a.cells, b.cells, check_dtype=False)
        pd.testing.assert_frame_equal(a.effect, b.effect)


def _rebuild_or_die(parent_pid, text, doc_id):
    import os

    if os.getpid() != parent_pid:
        os._exit(1)
    return _KillsItsWorker(text=text, id=doc_id)


class _KillsItsWorker(Document):
    """A document whose unpickling in any other process (a Dask worker) ends that process, as a
    crash in C code or the kernel's OOM killer would."""

    def __reduce__(self):
        import os

        return (_rebuild_or_die, (os.getpid(), self.text, self.id))


def test_a_document_that_kills_its_workers_costs_only_itself():
    import sys

    import cloudpickle
    import dask
    from distributed import LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    texts = _seed_texts()
    docs = [Document(text=texts[0], id="ok1"), _KillsItsWorker(text="x", id="poison"),
            Document(text=texts[1], id="ok2")]
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                         host="127.0.0.1", silence_logs=50) as c:
        got = list(dask_map(docs, {"clean": True}, scheduler=c.scheduler_address, batch_docs=8))
    assert [r.get("id") or r["error"]["doc_id"] for r in got] == ["ok1", "poison", "ok2"]
    assert got[1]["error"]["code"] == "E012" and "died" in got[1]["error"]["message"]
    assert "error" not in got[0] and "error" not in got[2]


def _profile_state(dask_worker):
    import dask

    return dask.config.get("distributed.worker.profile.enabled"), len(dask_worker.profile_history)


def _busy(seconds):
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


def test_the_private_cluster_runs_its_workers_without_the_statistical_profiler():
    """Its profile trees (one a second, kept an hour) made each worker grow through a long run."""
    from distributed import Client

    from framing.engines import _local_cluster

    with _local_cluster(1) as c, Client(c) as client:
        client.submit(_busy, 2.5, pure=False).result()
        state = client.run(_profile_state)
    assert state and all(v == (False, 0) for v in state.values()), state
