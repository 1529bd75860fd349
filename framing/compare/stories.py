"""Story grouping: which articles report the same story.

A story id given in the metadata is used as is. Otherwise articles are
clustered from their cleaned bodies:

1. **Vectorise** title + body with TF-IDF (sublinear tf, English stop words,
   L2-normalised rows; Salton and Buckley 1988).
2. **Block** (candidate generation, sub-quadratic): each article emits its
   ``top_k`` heaviest terms (among terms found in two or more articles) combined with its date bucket (``day //
   window``, and the next bucket, so any two articles within the window
   share a bucket). Articles sharing a (term, bucket) key are candidates. A
   key shared by more than ``max_block`` articles is not expanded to all
   pairs: its members, sorted by date, are paired only with their
   ``max_block - 1`` nearest successors (a sorted-neighbourhood window;
   Hernandez and Stolfo 1995). Candidate pairs are therefore at most
   ``n * 2 * top_k * max_block``: linear in the number of articles.
3. **Score** candidates by cosine similarity and keep those within the date
   window (undated articles are paired only with undated ones).
4. **Link** pairs at or above the granularity's threshold and take connected
   components (single-link clustering on the thresholded graph); story ids
   are ordered by first date then smallest member id, so the grouping is
   deterministic and independent of input order.

``granularity="event"`` uses a high threshold and a short window (the same
event); ``"topic"`` a lower threshold and a long window (the running story).
The same candidate pairs give each article's highest similarity to an article
of a *different* outlet (``syndication``: copies and wire reuse).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, NamedTuple

import numpy as np
import pandas as pd

__all__ = ["GRANULARITIES", "Grouping", "StoryGrouping", "vectorise", "candidate_pairs",
           "group_stories", "story_table", "parse_days"]


class Grouping(NamedTuple):
    """Parameters of one granularity."""

    threshold: float  #: cosine similarity at or above which two articles are linked
    window_days: int  #: the largest publication-date gap between linked articles
    top_k: int  #: blocking terms per article


#: Event: articles on the same event within a few days. Topic: the running story over a month.
#: Calibrated on the calibration half of allsides_5k (ids with even CRC32; reproduce with
#: ``python benchmarks/bench_compare.py --calibrate``). Event: at cosine >= 0.25 within 3 days clusters are
#: 81% pure in AllSides topic (a loose proxy: same event => same topic) and the sampled clusters
#: are single events (Kavanaugh hearing, Guyger verdict, 2013 Senate gun bill); top_k=12 finds 100%
#: of the pairs an exact all-pairs search finds at that threshold (held-out half: 99.1%, purity 79%).
#: Topic: cosine >= 0.15 within 30 days, 61% topic-pure, largest cluster 68 of 2,483; top_k=16
#: finds 95% of the exact pairs (held-out: 95.5%, purity 65%).
GRANULARITIES: dict[str, Grouping] = {
    "event": Grouping(threshold=0.25, window_days=3, top_k=12),
    "topic": Grouping(threshold=0.15, window_days=30, top_k=16),
}

#: Cap on the members of one blocking key expanded to all pairs (beyond it a sorted-neighbourhood
#: window of this width): bounds the work per article, so grouping time grows linearly. Keys larger
#: than 40 are rare on allsides_5k (undated template pages) and are term+date co-occurrences
#: too common to mark one story.
MAX_BLOCK = 40
#: Characters of each body used for grouping (events are told in the first paragraphs).
MAX_CHARS = 6000


def parse_days(values: Iterable[Any]) -> np.ndarray:
    """Publication dates as float days since 1970-01-01 (NaN when missing or unparseable)."""
    s = pd.Series(list(values), dtype=object)
    s = s.where(s.notna() & (s.astype(str).str.strip() != ""), None)
    dt = pd.to_datetime(s, errors="coerce", utc=True, format="mixed")
    out = np.full(len(s), np.nan)
    ok = dt.notna().to_numpy()
    if ok.any():
        secs = dt[ok].map(lambda t: t.timestamp()).to_numpy(dtype=float)
        out[ok] = np.floor(secs / 86400.0)
    return out


def vectorise(texts: list[str], *, max_features: int = 100_000):
    """Sparse TF-IDF matrix (rows L2-normalised, float32) and the vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    vec = TfidfVectorizer(
        lowercase=True, stop_words="english", sublinear_tf=True, dtype=np.float32,
        # words of two or more characters starting with a letter (linear-time pattern)
        token_pattern=r"(?u)\b[^\W\d_][\w'’-]*\w\b",
        # a term in more than half of a corpus says nothing about which story (not applied to tiny inputs)
        max_df=0.5 if n >= 20 else 1.0,
        max_features=max_features,
    )
    try:
        X = vec.fit_transform([t[:MAX_CHARS] for t in texts])
    except ValueError:  # empty vocabulary (all texts empty or stop words)
        from scipy import sparse

        return sparse.csr_matrix((n, 0), dtype=np.float32), np.array([], dtype=object)
    return X.tocsr(), vec.get_feature_names_out()


def _top_terms_per_row(X, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row index, term index) for the ``k`` heaviest terms of every row."""
    rows, cols = [], []
    indptr, indices, data = X.indptr, X.indices, X.data
    for r in range(X.shape[0]):
        a, b = indptr[r], indptr[r + 1]
        if a == b:
            continue
        d = data[a:b]
        if b - a > k:
            sel = np.argpartition(-d, k - 1)[:k]
        else:
            sel = np.arange(b - a)
        rows.append(np.full(sel.size, r, dtype=np.int64))
        cols.append(indices[a:b][sel].astype(np.int64))
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def candidate_pairs(X, days: np.ndarray, *, window_days: int, top_k: int,
                    max_block: int = MAX_BLOCK) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs ``(i, j, cosine)`` with ``i < j`` from (term, date-bucket) blocking."""
    n = X.shape[0]
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    if n < 2 or X.shape[1] == 0:
        return empty
    # a term in a single article cannot pair it with anything: block on shared terms only
    df = np.bincount(X.indices, minlength=X.shape[1])
    Xb = X.copy()
    Xb.data = np.where(df[Xb.indices] >= 2, Xb.data, 0).astype(Xb.data.dtype)
    Xb.eliminate_zeros()
    rows, terms = _top_terms_per_row(Xb, top_k)
    if rows.size == 0:
        return empty
    w = max(int(window_days), 1)
    d = days[rows]
    dated = np.isfinite(d)
    bucket = np.where(dated, np.floor(np.nan_to_num(d) / w), -1).astype(np.int64)
    # keys: (term, bucket) and (term, bucket + 1) for dated rows; (term, undated) otherwise
    base = bucket - bucket[dated].min() + 2 if dated.any() else bucket + 2
    base = np.where(dated, base, 0)
    nb = int(base.max()) + 2
    k1 = terms * nb + base
    k2 = terms[dated] * nb + base[dated] + 1
    keys = np.concatenate([k1, k2])
    docs = np.concatenate([rows, rows[dated]])
    dsort = np.nan_to_num(days[docs], nan=-1e12)
    order = np.lexsort((docs, dsort, keys))
    keys, docs = keys[order], docs[order]
    ii, jj = [], []
    for off in range(1, max_block):
        if off >= keys.size:
            break
        same = keys[:-off] == keys[off:]
        if not same.any():
            break
        a, b = docs[:-off][same], docs[off:][same]
        ii.append(np.minimum(a, b))
        jj.append(np.maximum(a, b))
    if not ii:
        return empty
    i = np.concatenate(ii)
    j = np.concatenate(jj)
    keep = i != j
    code = np.unique(i[keep] * n + j[keep])
    i, j = code // n, code % n
    di, dj = days[i], days[j]
    both = np.isfinite(di) & np.isfinite(dj)
    neither = ~np.isfinite(di) & ~np.isfinite(dj)
    ok = neither | (both & (np.abs(np.nan_to_num(di) - np.nan_to_num(dj)) <= w))
    i, j = i[ok], j[ok]
    sims = np.empty(i.size, dtype=np.float32)
    step = 50_000  # pairs per chunk: bounds the memory of the row-wise products
    for s in range(0, i.size, step):
        sims[s:s + step] = np.asarray(X[i[s:s + step]].multiply(X[j[s:s + step]]).sum(axis=1)).ravel()
    return i, j, sims


@dataclass
class StoryGrouping:
    """Story labels of the articles, with what produced them."""

    labels: np.ndarray  #: story id per article (str)
    source: np.ndarray  #: "metadata" or "cluster:<granularity>" per article
    syndication: np.ndarray  #: highest cosine to an article of another outlet (NaN if none compared)
    syndicated_with: np.ndarray  #: id of that article ("" if none)
    X: Any = None  #: the TF-IDF matrix (rows as the articles)
    vocab: Any = None
    n_candidates: int = 0


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    g = sparse.coo_matrix((np.ones(i.size, dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(g, directed=False)[1]


def group_stories(ids: list[str], texts: list[str], published: Iterable[Any], outlets: Iterable[Any], *,
                  given: Iterable[Any] | None = None, granularity: str = "event",
                  date_window_days: int | None = None, threshold: float | None = None,
                  max_block: int = MAX_BLOCK) -> StoryGrouping:
    """Assign a story id to every article (metadata where given, clusters otherwise)."""
    from ..errors import ConfigError

    if granularity not in GRANULARITIES:
        raise ConfigError("E015", f"granularity must be one of {sorted(GRANULARITIES)}, not {granularity!r}")
    g = GRANULARITIES[granularity]
    window = g.window_days if date_window_days is None else int(date_window_days)
    thr = g.threshold if threshold is None else float(threshold)
    n = len(ids)
    days = parse_days(published)
    outl = np.array([("" if o is None or (isinstance(o, float) and np.isnan(o)) else str(o)) for o in outlets],
                    dtype=object)
    X, vocab = vectorise(texts)
    i, j, sims = candidate_pairs(X, days, window_days=window, top_k=g.top_k, max_block=max_block)

    # syndication: best match with another outlet's article among the candidates
    synd = np.full(n, np.nan)
    synd_with = np.array([""] * n, dtype=object)
    cross = outl[i] != outl[j]
    if cross.any():
        ci, cj, cs = i[cross], j[cross], sims[cross]
        for a, b in ((ci, cj), (cj, ci)):
            order = np.lexsort((b, -cs))  # best first, ties by index: deterministic
            a_o, b_o, s_o = a[order], b[order], cs[order]
            first = np.unique(a_o, return_index=True)[1]
            for idx in first:
                r = a_o[idx]
                if not (synd[r] >= s_o[idx]):
                    synd[r] = float(s_o[idx])
                    synd_with[r] = ids[b_o[idx]]
    # no candidate from another outlet: nothing similar (a near-copy always shares its top terms
    # with the original, so blocking does not miss it); 0 when other outlets exist at all
    if len(set(outl) - {""}) > 1:
        synd[np.isnan(synd) & (outl != "")] = 0.0

    labels = np.array([""] * n, dtype=object)
    source = np.array([""] * n, dtype=object)
    given_l = list(given) if given is not None else [None] * n
    has = np.array([v is not None and not (isinstance(v, float) and np.isnan(v)) and str(v).strip() != ""
                    for v in given_l], dtype=bool)
    for k in np.flatnonzero(has):
        labels[k] = str(given_l[k])
        source[k] = "metadata"
    todo = np.flatnonzero(~has)
    if todo.size:
        link = (sims >= thr) & ~has[i] & ~has[j]
        comp = _components(n, i[link], j[link])
        # deterministic ids: clusters ordered by first date, then smallest member id
        frame = pd.DataFrame({"comp": comp[todo], "day": days[todo], "id": [ids[k] for k in todo]})
        keyed = frame.groupby("comp").agg(day=("day", "min"), id=("id", "min"))
        keyed["day"] = keyed["day"].fillna(np.inf)
        keyed = keyed.sort_values(["day", "id"], kind="mergesort")
        prefix = granularity[0]
        name = {c: f"{prefix}{r + 1:05d}" for r, c in enumerate(keyed.index)}
        for k in todo:
            labels[k] = name[comp[k]]
            source[k] = f"cluster:{granularity}"
    return StoryGrouping(labels=labels, source=source, syndication=synd, syndicated_with=synd_with,
                         X=X, vocab=vocab, n_candidates=int(i.size))


def story_table(ids: list[str], outlets: list[Any], published: list[Any], grouping: StoryGrouping, *,
                n_terms: int = 8) -> pd.DataFrame:
    """One row per story: members, outlets, dates and top TF-IDF terms, for inspection."""
    from scipy import sparse

    labels = grouping.labels
    days = parse_days(published)
    uniq, inv = np.unique(labels.astype(str), return_inverse=True)
    X = grouping.X
    top: list[str] = [""] * len(uniq)
    if X is not None and X.shape[1] > 0 and len(ids):
        S = sparse.csr_matrix((np.ones(len(ids), dtype=np.float32), (inv, np.arange(len(ids)))),
                              shape=(len(uniq), len(ids)))
        T = (S @ X).tocsr()
        for r in range(T.shape[0]):
            a, b = T.indptr[r], T.indptr[r + 1]
            if a == b:
                continue
            d, c = T.data[a:b], T.indices[a:b]
            order = np.lexsort((c, -d))[:n_terms]
            top[r] = ", ".join(str(grouping.vocab[c[o]]) for o in order)
    df = pd.DataFrame({"story": labels.astype(str), "doc_id": ids,
                       "outlet": [("" if o is None else str(o)) for o in outlets],
                       "day": days, "source": grouping.source})
    rows = []
    for r, (sid, part) in enumerate(df.groupby("story", sort=True)):
        d = part["day"].dropna()
        outs = sorted(set(part["outlet"]) - {""})
        rows.append({
            "story": sid,
            "n_articles": len(part),
            "n_outlets": len(outs),
            "outlets": "; ".join(outs),
            "first_date": _day_str(d.min()) if len(d) else None,
            "last_date": _day_str(d.max()) if len(d) else None,
            "top_terms": top[int(np.searchsorted(uniq, sid))],
            "source": part["source"].iloc[0],
            "members": "; ".join(sorted(part["doc_id"])),
        })
    cols = ["story", "n_articles", "n_outlets", "outlets", "first_date", "last_date", "top_terms", "source",
            "members"]
    return pd.DataFrame(rows, columns=cols)


def _day_str(day: float) -> str:
    return pd.Timestamp(int(day) * 86400, unit="s").strftime("%Y-%m-%d")
