"""Comparative scoring of outlets, story by story, with uncertainty.

``framing.compare(analysis_or_documents, story=..., ...)`` returns a
:class:`Comparison` of pandas DataFrames (``outlets``, ``stories``, ``pairs``,
``terms``, ``coverage``, ``features``) with honest ``notes``. Modules:

- :mod:`.stories` -- story grouping (metadata or TF-IDF clusters in a date window)
- :mod:`.normalise` -- within-story effects against the cross-outlet baseline
- :mod:`.bootstrap` -- story-level bootstrap intervals, BH q-values
- :mod:`.profiles` -- outlet profiles, composite indices (:data:`COMPOSITES`), pairs
- :mod:`.terms` -- distinctive terms (Monroe, Colaresi and Quinn 2008)
- :mod:`.coverage` -- facts each outlet reports or omits

Formulas: docs/compare.md.
"""
from .._callable import make_callable

make_callable(__name__, "framing.compare:compare")

from .api import Comparison, compare  # noqa: E402
from .profiles import COMPOSITES  # noqa: E402

__all__ = ["compare", "Comparison", "COMPOSITES"]
