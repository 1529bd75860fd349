"""Within-story normalisation: each outlet against the other outlets on the same story.

A raw rate is confounded by topic (a war story carries more loaded words than a
budget story, whoever writes it). So every feature is compared with the
story's cross-outlet baseline, as a fixed-effects (within) estimator does
(Wooldridge 2010, ch. 10):

1. **Cells**: ``x[s,o]`` = mean of the feature over outlet ``o``'s articles on
   story ``s`` (so an outlet with ten articles on a story does not outweigh
   one with a single article in the baseline).
2. **Baseline**: ``b[s]`` = mean of ``x[s,o]`` over the outlets of story ``s``
   that have a value. Stories covered by fewer than two outlets have no
   baseline and contribute nothing (they are counted in the notes).
3. **Effect** (``method="center"``, the default): ``e[s,o] = x[s,o] - b[s]``, in
   the feature's own units ("per 1,000 words above the story's average").
   ``method="z"`` divides by the standard deviation across the story's
   outlets (``e = 0`` when that is zero: no outlet differs); ``method="rank"``
   uses the centred within-story rank ``(r - 1)/(k - 1) - 1/2`` (ties
   averaged), robust to outliers, in [-1/2, 1/2].
4. **Scale**: ``pooled_sd`` = sqrt(sum of ``e^2`` / sum of ``(k_s - 1)``), the
   pooled within-story standard deviation of the cells; ``scaled = e /
   pooled_sd`` puts features in common units for composites. A feature with
   zero within-story variance gets no scaled value (it cannot rank anyone).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["METHODS", "Effects", "within_story_effects"]

METHODS = ("center", "z", "rank")


class Effects(NamedTuple):
    """Within-story effects of every (story, outlet) cell."""

    cells: pd.DataFrame  #: index (story, outlet): cell means of every feature + ``n_articles``
    effect: pd.DataFrame  #: index (story, outlet): effect per feature (NaN where undefined)
    scaled: pd.DataFrame  #: effect / pooled within-story SD
    baseline: pd.DataFrame  #: index (story, outlet): the story baseline per feature
    pooled_sd: pd.Series  #: per feature
    n_outlets: pd.Series  #: outlets per story (all stories, including single-outlet ones)


def within_story_effects(frame: pd.DataFrame, features: list[str], *, story: str = "story",
                         outlet: str = "outlet", method: str = "center", engine: str = "local") -> Effects:
    """Effects of ``features`` for every (story, outlet) with at least two outlets on the story.

    ``engine="dask"`` computes the (story, outlet) cell means, the step that reads every
    article, with dask.dataframe (:func:`framing.engines.outlet_story_means`); the result
    is identical to the pandas path.
    """
    from ..errors import ConfigError

    if method not in METHODS:
        raise ConfigError("E015", f"method must be one of {METHODS}, not {method!r}")
    num = frame[list(features)].apply(pd.to_numeric, errors="coerce").astype(float)
    num = num.replace([np.inf, -np.inf], np.nan)  # non-finite values are missing, like NaN
    data = pd.concat([frame[[story, outlet]], num], axis=1)
    # 1. cells
    if engine == "dask":
        from ..engines import outlet_story_means

        cells = (outlet_story_means(data, by=(story, outlet), columns=list(features), engine="dask")
                 .set_index([story, outlet]).rename(columns={"n_documents": "n_articles"}))
        cells = cells[list(features) + ["n_articles"]]
    else:
        grouped = data.groupby([story, outlet], sort=True)
        cells = pd.concat([grouped[list(features)].mean(), grouped.size().rename("n_articles")], axis=1)
    n_outlets = cells.groupby(level=0).size()
    multi = n_outlets[n_outlets >= 2].index
    cm = cells.loc[cells.index.get_level_values(0).isin(multi), list(features)]
    # 2. baseline
    st = cm.groupby(level=0)
    baseline = st.transform("mean")
    k = st.transform("count")  # outlets with a value, per feature
    # 3. effect
    centred = cm - baseline
    centred = centred.where(k >= 2)
    if method == "center":
        effect = centred
    elif method == "z":
        # (an empty table -- no story with two outlets -- has no groups to transform: pandas'
        # transform would concat nothing and raise, so the empty frame is its own sd)
        sd = st.transform(lambda c: c.std(ddof=0)) if len(cm) else cm.copy()
        with np.errstate(invalid="ignore", divide="ignore"):
            effect = centred / sd
        effect = effect.mask((sd == 0) & (k >= 2), 0.0).where(k >= 2)
    else:
        r = st.rank(method="average")
        effect = ((r - 1) / (k - 1) - 0.5).where(k >= 2)
    # 4. pooled within-story SD and scaled effects
    ss = (effect ** 2).sum()
    dof = (effect.notna().groupby(level=0).sum() - 1).clip(lower=0).sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(ss / dof.replace(0, np.nan))
    pooled = pooled.where(pooled > 1e-12)
    scaled = effect / pooled
    return Effects(cells=cells, effect=effect, scaled=scaled, baseline=baseline, pooled_sd=pooled,
                   n_outlets=n_outlets)
