"""FramingFeatures: a scikit-learn transformer over the extractor families."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from framing import Document
from framing.extract.transformer import FramingFeatures


def test_fit_transform_pandas(seed_texts):
    texts = [seed_texts[k] for k in sorted(seed_texts)]
    tf = FramingFeatures(families=["loaded", "term_choice"], clean=False)
    assert tf.get_params() == {"families": ["loaded", "term_choice"], "clean": False, "options": None,
                               "doc_features": False}
    with pytest.raises(NotFittedError):
        tf.transform(texts)
    assert tf.fit(texts) is tf
    names = list(tf.get_feature_names_out())
    assert "loaded.outlet.per_1k" in names and "term_choice.kyiv.kiev.share" in names
    assert not any(n.startswith("doc.") for n in names)
    df = clone(tf).set_output(transform="pandas").fit_transform(texts)
    assert list(df.columns) == names and df.shape == (5, len(names))
    # RT (002) is the only seed whose own voice says "Ukraine conflict"
    col = df["term_choice.war_in_ukraine.ukraine_conflict.count"].tolist()
    assert col == [0, 0, 1, 0, 0]
    arr = tf.transform([Document(text=seed_texts["002"], id="rt")])
    assert arr.shape == (1, len(names)) and np.isfinite(arr).all()
    assert arr[0, names.index("loaded.quoted.count")] == df.loc[2, "loaded.quoted.count"]


def test_in_sklearn_pipeline(seed_texts):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts = [seed_texts[k] for k in sorted(seed_texts)]
    y = [1, 0, 1, 0, 0]  # glorifying coverage quoted at length (000, 002) vs not
    model = make_pipeline(FramingFeatures(families=["loaded"], clean=False), LogisticRegression())
    model.fit(texts, y)
    assert model.predict(texts).shape == (5,)
