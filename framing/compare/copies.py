"""Copies in a comparison: which articles are near-copies of another article, and which way.

A wire story republished by an aggregator or a state outlet carries the original's wording, so
an outlet's profile partly reflects what it republishes. This module finds those copies with
:func:`framing.clean.syndication.detect_copies` (MinHash LSH over word 5-shingles of the cleaned
bodies, verified on the exact shingle sets; Broder 1997) and orients each pair with the origin
the copy's page names (``named_origin`` evidence of the ``page`` family: "Read Full Article on
X", "originally published by X", a "(Reuters)" dateline), then the publication dates.

It complements ``compare.syndication`` (the TF-IDF cosine to the closest article of another
outlet, a graded similarity): a row here is a verified copy with a direction.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from ..clean.syndication import _STRONG, Origin, detect_copies

__all__ = ["COLUMNS", "copy_table", "origins_from_evidence"]

COLUMNS = ["copy_id", "copy_outlet", "of_id", "of_outlet", "cross_outlet", "jaccard", "containment", "direction",
           "origin", "origin_start", "origin_end", "origin_text"]


def origins_from_evidence(evidence: pd.DataFrame | None) -> dict[str, list[Origin]]:
    """``doc_id -> [Origin]`` from the ``page`` family's ``named_origin`` evidence.

    Reads both forms of the evidence table: attributes as columns (:func:`framing.analyze`) or
    as one JSON ``attrs`` column (``evidence.csv`` of ``framing analyze``). Offsets index the
    page text as given.
    """
    out: dict[str, list[Origin]] = {}
    if evidence is None or not len(evidence) or "label" not in evidence.columns:
        return out
    ev = evidence[(evidence["label"] == "named_origin") & (evidence.get("family", "page") == "page")]
    for r in ev.to_dict(orient="records"):
        attrs = r
        if "rule" not in r and isinstance(r.get("attrs"), str) and r["attrs"]:
            try:
                attrs = json.loads(r["attrs"])
            except json.JSONDecodeError:
                attrs = {}
        name = attrs.get("outlet") if isinstance(attrs.get("outlet"), str) else r.get("text")
        rule = attrs.get("rule") if isinstance(attrs.get("rule"), str) else "named"
        out.setdefault(str(r["doc_id"]), []).append(Origin(str(name), int(r["start"]), int(r["end"]),
                                                           str(r["text"]), rule))
    for v in out.values():
        v.sort(key=lambda o: o.start)
    return out


def copy_table(ids: list[str], body_of: Callable[[str], str], published: Iterable[Any], outlets: Iterable[Any],
               origins: dict[str, list[Origin]] | None = None, *, threshold: float = 0.5,
               containment: float = 0.8) -> pd.DataFrame:
    """One row per verified copy pair: ``copy_id`` copies ``of_id`` (see :data:`COLUMNS`).

    ``origin`` is the outlet the copy's page names as its source (or the original's, when only
    that one names it), with its span in the copy's page text where the copy names it.
    Thresholds are :func:`framing.clean.syndication.find_copies`'s (Jaccard 0.5 or containment 0.8).
    """
    pub = list(published)
    outl = ["" if o is None or (isinstance(o, float) and np.isnan(o)) else str(o) for o in outlets]
    origins = origins or {}
    rep = detect_copies(ids, lambda i: body_of(i) or "", pub, origins, threshold=threshold, containment=containment)
    where = {i: k for k, i in enumerate(ids)}
    rows = []
    for p in rep.pairs:
        # the span that decided the origin: a read-through link or credit before a dateline
        named = sorted((o for o in origins.get(p.copy, []) if o.outlet == p.origin),
                       key=lambda o: (o.rule not in _STRONG, o.start))
        o = named[0] if named else None
        a, b = outl[where[p.copy]], outl[where[p.of]]
        rows.append([p.copy, a or None, p.of, b or None, bool(a and b and a != b), p.jaccard, p.containment,
                     p.direction, p.origin, o.start if o else None, o.end if o else None, o.text if o else None])
    t = pd.DataFrame(rows, columns=COLUMNS)
    t["origin_start"] = t["origin_start"].astype("Int64")
    t["origin_end"] = t["origin_end"].astype("Int64")
    return t.sort_values(["of_id", "copy_id"], kind="mergesort").reset_index(drop=True)
