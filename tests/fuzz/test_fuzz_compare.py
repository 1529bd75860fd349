"""Fuzz :func:`framing.compare` on small random Analyses: it returns a Comparison whose numbers are
finite (or NaN where it says a value cannot be estimated), or raises FramingError (E017: needs more
data) -- never another exception."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from fuzz_helpers import PHRASES, hostile_text
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.pipeline import Analysis

_value = st.one_of(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.just(0.0),
                   st.floats(allow_nan=True, allow_infinity=False))  # the pipeline never emits inf (NaN = missing)
def _no_surrogates(s: str) -> str:
    # Analysis tables come from Documents, which replace lone surrogates (pyarrow strings refuse them)
    return s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


hostile_text = hostile_text.map(_no_surrogates)
_outlet = st.one_of(st.sampled_from(["RT", "TASS", "BBC News", "Reuters", "Yonhap"]), st.none(), st.just(""),
                    hostile_text.map(lambda s: s[:20]))


@st.composite
def analyses(draw):
    n = draw(st.integers(0, 9))
    feats = draw(st.lists(st.sampled_from(["loaded.outlet.per_1k", "attribution.per_1k", "hedge.per_1k",
                                           "sentiment.compound", "page.boilerplate_ratio"]),
                          min_size=0, max_size=4, unique=True))
    rows, bodies = [], {}
    for i in range(n):
        doc_id = f"d{i}"
        row = {"id": doc_id, "outlet": draw(_outlet),
               "story": draw(st.one_of(st.none(), st.sampled_from(["s1", "s2", "s3"]))),
               "published": draw(st.one_of(st.none(), st.sampled_from(["2024-01-01", "2024-01-02", "not a date",
                                                                     "2024-13-45"]))),
               "title": draw(st.one_of(st.none(), hostile_text.map(lambda s: s[:40])))}
        for f in feats:
            row[f] = draw(_value)
        rows.append(row)
        bodies[doc_id] = draw(st.one_of(hostile_text, st.lists(st.sampled_from(PHRASES), max_size=5).map(" ".join)))
    docs = pd.DataFrame(rows)
    empty = pd.DataFrame(columns=["doc_id", "family", "label", "start", "end", "text", "voice"])
    return Analysis(documents=docs, evidence=empty, attributions=pd.DataFrame(), blocks=pd.DataFrame(),
                    errors=pd.DataFrame(columns=["code", "message", "path", "line"]), bodies=bodies)


# method="z" is left out until framing/compare/normalise.py handles a story table with no shared
# story (tests/fuzz/test_regressions.py::test_compare_z_with_no_shared_story_returns_or_raises_e017)
@settings(max_examples=max(10, settings.default.max_examples // 3))  # each example bootstraps: slow
@given(an=analyses(), method=st.sampled_from(["center", "rank"]),
       granularity=st.sampled_from(["event", "topic"]))
def test_compare_returns_or_raises_framing_error(an, method, granularity):
    import framing

    try:
        comp = framing.compare(an, method=method, granularity=granularity, n_boot=20)
    except FramingError as exc:
        assert exc.code in ("E015", "E017"), exc
        return
    except ValueError as exc:
        # KNOWN (compare engineer), pinned in tests/fuzz/test_regressions.py (#6, #8): empty effect
        # tables reach pd.concat. Remove this clause once they are fixed.
        if "No objects to concatenate" in str(exc):
            return
        raise
    for name in ("outlets", "pairs", "stories", "features", "membership"):
        df = getattr(comp, name)
        assert isinstance(df, pd.DataFrame), name
        num = df.select_dtypes(include=[np.number])
        assert not np.isinf(num.to_numpy(dtype=float)).any(), (name, num)
    # every analysed document is placed in a story
    assert set(comp.membership["doc_id"]) == set(an.documents["id"].astype(str)) if len(an.documents) else True
