"""A scikit-learn transformer over the registered extractor families.

``FramingFeatures`` turns texts (or :class:`~framing.types.Document` objects)
into the feature matrix of :func:`framing.pipeline.extract`, so framing
features drop into scikit-learn pipelines::

    from sklearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    model = make_pipeline(FramingFeatures(families=["loaded", "hedging"], clean=False),
                          LogisticRegression(max_iter=1000))

``set_output(transform="pandas")`` gives a DataFrame whose columns are the
feature names (``loaded.outlet.per_1k`` ...). Column order is fixed at
``fit``: the union of the names seen on the fitted texts, in extraction order;
a name absent from a later document is 0.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

__all__ = ["FramingFeatures"]


def _as_list(X: Any) -> list:
    if hasattr(X, "tolist") and not isinstance(X, (str, bytes)):
        try:
            import pandas as pd

            if isinstance(X, pd.DataFrame):
                if X.shape[1] != 1:
                    raise ValueError("FramingFeatures needs one column of texts")
                return X.iloc[:, 0].tolist()
        except ImportError:  # pragma: no cover - pandas is a dependency
            pass
        X = X.tolist()
    if isinstance(X, (str, bytes)):
        raise ValueError("FramingFeatures expects an iterable of texts, not a single string")
    out = []
    for x in X:
        if isinstance(x, (list, tuple)) and len(x) == 1:
            x = x[0]
        out.append(x)
    return out


class FramingFeatures(TransformerMixin, BaseEstimator):
    """Framing features of each text/Document as a float matrix.

    Parameters: ``families`` (names of extractor families, ``None`` = all
    registered), ``clean`` (run page cleaning first; ``False`` for texts that
    are already articles or sentences), ``options`` (passed to
    :func:`framing.pipeline.extract`, e.g. ``{"lexicons": ["my.csv"]}``),
    ``doc_features`` (keep ``doc.words`` / ``doc.chars``).
    """

    def __init__(self, families: Iterable[str] | None = None, clean: bool = True,
                 options: dict | None = None, doc_features: bool = False) -> None:
        self.families = families
        self.clean = clean
        self.options = options
        self.doc_features = doc_features

    def _extract(self, X) -> list[dict[str, float]]:
        from ..pipeline import extract

        fams = None if self.families is None else list(self.families)
        rows = []
        for x in _as_list(X):
            ex = extract(x, families=fams, clean=self.clean, options=self.options)
            feats = ex.features
            if not self.doc_features:
                feats = {k: v for k, v in feats.items() if not k.startswith("doc.")}
            rows.append(feats)
        return rows

    def _fit_rows(self, rows: list[dict[str, float]]) -> None:
        names: dict[str, None] = {}
        for r in rows:
            for k in r:
                names.setdefault(k, None)
        self.feature_names_ = np.asarray(list(names), dtype=object)
        self.n_features_out_ = len(self.feature_names_)

    def _matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        names = self.feature_names_
        M = np.zeros((len(rows), len(names)), dtype=float)
        for i, r in enumerate(rows):
            for j, k in enumerate(names):
                v = r.get(k)
                if v is not None:
                    M[i, j] = v
        return M

    def fit(self, X, y=None):
        """Learn the feature names from the texts ``X``; returns ``self``."""
        self._fit_rows(self._extract(X))
        return self

    def fit_transform(self, X, y=None, **fit_params):
        rows = self._extract(X)
        self._fit_rows(rows)
        return self._matrix(rows)

    def transform(self, X):
        """Extract every text of ``X``: an array of shape (n_texts, n_features)."""
        if not hasattr(self, "feature_names_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("FramingFeatures is not fitted yet; call fit first")
        return self._matrix(self._extract(X))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        if not hasattr(self, "feature_names_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("FramingFeatures is not fitted yet; call fit first")
        return self.feature_names_.copy()
