"""Registry of extractor families and the shared per-document context.

An extractor is a plain function ``fn(ctx: Context) -> FamilyResult``
registered under a family name with :func:`register`. The pipeline builds one
:class:`Context` per document (one tokenisation, one sentence split, one quote
scan, shared by all families) and runs every registered extractor, isolating
failures per family.

Offsets in a :class:`FamilyResult` index ``ctx.text`` (the analysed article
body); the pipeline maps them back to the text as given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from ..types import Attribution, CleanedPage, Document, Evidence
from .quotes import Quote, find_quotes
from .tokens import Tokens, sentence_spans

__all__ = ["Context", "FamilyResult", "register", "registered", "get", "Extractor", "unregister"]


@dataclass
class FamilyResult:
    """What one extractor family returns.

    ``features`` are unprefixed names (the pipeline prefixes ``family.``).
    Offsets index ``ctx.text`` (the article body) unless ``text_coords`` is
    True, in which case they already index the page text as given (used by
    the ``page`` family, whose evidence is page blocks).
    """

    features: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    text_coords: bool = False


class Context:
    """What every extractor may read about one document, computed lazily and once."""

    def __init__(self, text: str, *, document: Document | None = None,
                 cleaned: CleanedPage | None = None, options: dict[str, Any] | None = None) -> None:
        self.text = text
        self.document = document
        self.cleaned = cleaned
        self.options = options or {}
        #: results of families already run, by name (later families may read earlier ones)
        self.results: dict[str, FamilyResult] = {}

    @cached_property
    def tokens(self) -> Tokens:
        return Tokens(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.text)

    @cached_property
    def quotes(self) -> list[Quote]:
        return find_quotes(self.text)

    @cached_property
    def word_count(self) -> int:
        return len(self.tokens)

    @cached_property
    def _quote_bounds(self) -> tuple[list[int], list[int]]:
        qs = self.quotes
        return [q.content_start for q in qs], [q.content_end for q in qs]

    def quote_at(self, start: int, end: int) -> Quote | None:
        """The quotation whose content contains ``[start, end)``, if any."""
        import bisect

        starts, ends = self._quote_bounds
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and ends[i] >= end:
            return self.quotes[i]
        return None

    def per_1k(self, count: float) -> float:
        """A count as a rate per 1,000 words of the analysed text."""
        wc = self.word_count
        return 1000.0 * count / wc if wc else 0.0


Extractor = Callable[[Context], FamilyResult]


@dataclass
class _Entry:
    name: str
    fn: Extractor
    order: int
    description: str


_REGISTRY: dict[str, _Entry] = {}


def register(name: str, *, order: int = 100, description: str = "") -> Callable[[Extractor], Extractor]:
    """Decorator: register ``fn`` as the extractor of family ``name``.

    ``order`` sets the run order (lower first); a family that reads another's
    result from ``ctx.results`` must have a higher order.
    """

    def deco(fn: Extractor) -> Extractor:
        _REGISTRY[name] = _Entry(name, fn, order, description or (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return deco


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def registered() -> list[str]:
    """Family names in run order."""
    _load_builtin()
    return [e.name for e in sorted(_REGISTRY.values(), key=lambda e: (e.order, e.name))]


def get(name: str) -> _Entry:
    _load_builtin()
    return _REGISTRY[name]


_loaded = False


def _load_builtin() -> None:
    """Import the built-in extractor modules (they register themselves)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for mod in ("page", "loaded", "term_choice", "hedging", "sentiment", "readability", "attribution"):
        try:
            importlib.import_module(f"{__package__}.{mod}")
        except ModuleNotFoundError as exc:  # a family not built yet is absent, not faked
            if exc.name != f"{__package__}.{mod}":
                raise
