"""Core data types shared by every stage of the pipeline.

The types are the public contract of the toolkit: readers yield
:class:`Document`, :func:`framing.clean` returns :class:`CleanedPage`,
:func:`framing.extract` returns :class:`Extraction`. Every number a feature
reports points to :class:`Evidence` whose ``start``/``end`` index the text as
given, so ``text[e.start:e.end] == e.text`` always holds.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

from . import _regex

_START, _END = attrgetter("start"), attrgetter("end")

__all__ = [
    "Document",
    "Span",
    "Evidence",
    "Block",
    "Flag",
    "CleanedPage",
    "Attribution",
    "Extraction",
    "BLOCK_LABELS",
    "ARTICLE_LABELS",
]

_SURROGATE = _regex.compile("[\ud800-\udfff]")

#: Labels a page block can carry (see :mod:`framing.clean`).
BLOCK_LABELS = (
    "headline",
    "standfirst",
    "body",
    "byline",
    "caption",
    "navigation",
    "related",
    "promo",
    "legal",
    "comments",
    "error",
    "duplicate",
)
#: Labels that belong to the article itself; everything else is boilerplate.
ARTICLE_LABELS = frozenset({"headline", "standfirst", "body", "caption"})


@dataclass
class Document:
    """One captured page or article with its metadata.

    ``text`` is the page as plain text (for HTML input, the text the reader
    extracted); ``html`` keeps the markup when the input had it. ``id`` is
    stable: given, or derived from the source path, or a content hash.
    """

    text: str
    id: str | None = None
    html: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    story: str | None = None
    title: str | None = None
    language: str | None = None
    source: str | None = None  #: where it was read from: "path" or "path:line"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Document.text must be str, not {type(self.text).__name__}")
        # Lone surrogates (left by ``surrogateescape`` decoding) cannot be written as UTF-8 by
        # pandas/pyarrow, CSV or reports: each becomes U+FFFD (same length, so offsets hold).
        for name in ("text", "html", "id", "outlet", "url", "published", "story", "title", "language", "source"):
            v = getattr(self, name)
            if isinstance(v, str) and not v.isascii() and _SURROGATE.search(v):
                setattr(self, name, _SURROGATE.sub("\ufffd", v))
        for k, v in list(self.extra.items()):
            if isinstance(v, str) and not v.isascii() and _SURROGATE.search(v):
                self.extra[k] = _SURROGATE.sub("\ufffd", v)
        if self.id is None:
            self.id = "doc-" + self.content_hash[:16]

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text (and HTML when present): the key for ``--resume``."""
        h = hashlib.sha256(self.text.encode("utf-8", "surrogatepass"))
        if self.html:
            h.update(b"\0")
            h.update(self.html.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def metadata(self) -> dict[str, Any]:
        """Metadata fields as a flat dict (no text)."""
        return {
            "id": self.id,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "story": self.story,
            "title": self.title,
            "language": self.language,
            "source": self.source,
            **{f"extra.{k}": v for k, v in sorted(self.extra.items())},
        }


class Span(NamedTuple):
    """A character span of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


class _AttrsAccess:
    """Further attributes kept in ``self.attrs`` read as attributes (``e.voice``, ``a.content_parts``)."""

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails.
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self.__dict__["attrs"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Evidence(_AttrsAccess):
    """A span of the input that justifies a feature value.

    ``family`` names the extractor family (``"loaded"``, ``"loaded_cue"``,
    ``"scare_quote"`` labels, ``"term_choice"``, ``"hedge"``, ``"booster"``,
    ``"sentiment"``, ``"readability"``, ``"attribution"``, ``"page"`` ...), ``label``
    the category inside it. Further attributes (``voice``, ``category``,
    ``referent`` ...) live in ``attrs`` and are readable as attributes.
    """

    family: str
    label: str
    start: int
    end: int
    text: str
    voice: str | None = None  #: "outlet", "quoted" or None when not applicable
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "family": self.family,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "voice": self.voice,
        }
        d.update(self.attrs)
        return d

    def shifted(self, mapper) -> "Evidence | None":
        """Return a copy whose offsets are mapped by ``mapper(start, end)``."""
        mapped = mapper(self.start, self.end)
        if mapped is None:
            return None
        s, e, t = mapped
        return Evidence(self.family, self.label, s, e, t, self.voice, dict(self.attrs))


@dataclass
class Block:
    """A block (line or paragraph) of a page with its label and the reason for it."""

    start: int
    end: int
    label: str
    text: str
    reason: str = ""  #: the rule or evidence that gave the label
    score: float = 0.0  #: body-likeness score used by the labeller, for inspection

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "reason": self.reason,
            "score": round(self.score, 4),
        }


@dataclass
class Flag:
    """A page-level finding (``"repeated_paragraphs"``, ``"spun_text"`` ...)."""

    name: str
    score: float
    evidence: list[Span] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": self.score,
            "evidence": [s._asdict() for s in self.evidence],
            "detail": self.detail,
        }


@dataclass
class CleanedPage:
    """The result of :func:`framing.clean`.

    ``body`` is the article text: the article blocks of ``text`` joined by a
    blank line. ``segments`` maps it back: each ``(body_start, text_start,
    length)`` says that ``body[body_start:body_start+length] ==
    text[text_start:text_start+length]``. Use :meth:`to_text_span` to map a
    span of ``body`` to a span of ``text``.

    Ratios (characters, blank space excluded):

    - ``boilerplate_ratio`` = chars of non-article blocks / chars of all blocks
    - ``advert_ratio`` = chars of ``promo`` blocks / chars of all blocks
    - ``duplicate_ratio`` = chars of ``duplicate`` blocks / chars of all blocks
    """

    text: str
    body: str
    blocks: list[Block]
    segments: list[tuple[int, int, int]]
    boilerplate_ratio: float = 0.0
    advert_ratio: float = 0.0
    duplicate_ratio: float = 0.0
    flags: list[Flag] = field(default_factory=list)
    title: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def label_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for b in self.blocks:
            counts[b.label] = counts.get(b.label, 0) + 1
        return counts

    @property
    def label_chars(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for b in self.blocks:
            counts[b.label] = counts.get(b.label, 0) + len(b.text.strip())
        return counts

    def flag(self, name: str) -> Flag | None:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    def to_text_offset(self, body_offset: int, *, end: bool = False) -> int:
        """Map an offset of ``body`` to an offset of ``text``.

        An offset in a joiner between segments maps to the start of the next
        segment (or, with ``end=True``, the end of the previous one).
        """
        segs = self.segments
        if not segs:
            return 0
        # the last segment whose body_start <= offset (segment starts cached per segments list)
        cache = self.__dict__.get("_starts")
        if cache is None or cache[0] is not segs or len(cache[1]) != len(segs):
            cache = (segs, [sg[0] for sg in segs])
            self.__dict__["_starts"] = cache
        lo = max(bisect.bisect_right(cache[1], body_offset) - 1, 0)
        bs, ts, ln = segs[lo]
        if body_offset < bs:
            return ts
        if body_offset <= bs + ln:
            return ts + (body_offset - bs)
        # in a joiner after segment lo
        if end or lo + 1 >= len(segs):
            return ts + ln
        return segs[lo + 1][1]

    def span_mapper(self):
        """A function equal to :meth:`to_text_span` for the current ``segments``, with the segment
        table bound once (the pipeline maps every evidence span of a document through it)."""
        segs = list(self.segments)
        text = self.text
        if not segs:
            return lambda start, end: (0, 0, "")
        starts = [sg[0] for sg in segs]
        last = len(segs) - 1
        bisect_right = bisect.bisect_right

        def off(o: int, end: bool) -> int:
            lo = bisect_right(starts, o) - 1
            if lo < 0:
                lo = 0
            bs, ts, ln = segs[lo]
            if o < bs:
                return ts
            if o <= bs + ln:
                return ts + (o - bs)
            if end or lo >= last:
                return ts + ln
            return segs[lo + 1][1]

        # the body start of the next segment (none after the last): an end offset below it, inside
        # the start's segment, maps without a second search
        nexts = starts[1:] + [float("inf")]

        def mapper(start: int, end: int) -> tuple[int, int, str]:
            lo = bisect_right(starts, start) - 1  # off(start, False), inlined
            if lo < 0:
                lo = 0
            bs, ts, ln = segs[lo]
            if start < bs:
                s = ts
            elif start <= bs + ln:
                s = ts + (start - bs)
            elif lo >= last:
                s = ts + ln
            else:
                s = segs[lo + 1][1]
            if bs <= end <= bs + ln and end < nexts[lo]:  # (most spans lie inside one block)
                e = ts + (end - bs)
            else:
                e = off(end, True)
            if e < s:
                e = s
            return s, e, text[s:e]

        return mapper

    def map_in_place(self, items: list[Any]) -> None:
        """Map the body spans of ``items`` (objects with ``start``, ``end`` and ``text``, such as
        :class:`Evidence`) to the page text, in place: each gets ``to_text_span(start, end)``; an
        object listed twice is mapped once.

        Equal to a loop over :meth:`span_mapper`, done on arrays: the pipeline maps ~200 evidence
        items an article this way. An item inside one segment whose page offsets equal its body
        offsets, in a page whose segments are verbatim copies of the text, already holds its mapped
        values and is not touched (55% of AllSides articles keep their offsets; 0.21 -> 0.16 ms an
        article for the mapping, 2026-11-22).
        """
        n = len(items)
        if not n:
            return
        if len(set(map(id, items))) != n:
            items = list({id(x): x for x in items}.values())
            n = len(items)
        text = self.text
        segs = self.segments
        if not segs:
            for x in items:
                x.start, x.end, x.text = 0, 0, ""
            return
        import numpy as np

        seg = np.array(segs, dtype=np.int64).reshape(-1, 3)
        bs, ts, ln = seg[:, 0], seg[:, 1], seg[:, 2]
        last = len(segs) - 1
        S = np.fromiter(map(_START, items), np.int64, n)
        E = np.fromiter(map(_END, items), np.int64, n)
        # the start: to_text_offset(start) (the last segment starting at or before it; in a joiner:
        # the next segment's start)
        lo = np.searchsorted(bs, S, "right") - 1
        np.maximum(lo, 0, out=lo)
        b, t, ll = bs[lo], ts[lo], ln[lo]
        s = np.where(S < b, t, np.where(S <= b + ll, t + (S - b),
                                        np.where(lo >= last, t + ll, ts[np.minimum(lo + 1, last)])))
        # the end: to_text_offset(end, end=True) (in a joiner: the previous segment's end)
        lo2 = np.searchsorted(bs, E, "right") - 1
        np.maximum(lo2, 0, out=lo2)
        b2, t2, l2 = bs[lo2], ts[lo2], ln[lo2]
        e = np.where(E < b2, t2, np.where(E <= b2 + l2, t2 + (E - b2), t2 + l2))
        np.maximum(e, s, out=e)
        body = self.body
        if all(body[x:x + k] == text[y:y + k] for x, y, k in segs):
            # unchanged: inside the start's segment, offsets kept (so its text is already the page's)
            todo = np.flatnonzero((t != b) | (S < b) | (E > b + ll) | (e != E)).tolist()
        else:
            todo = range(n)
        if not len(todo):
            return
        s_, e_ = s.tolist(), e.tolist()
        for i in todo:
            x = items[i]
            a, z = s_[i], e_[i]
            x.start, x.end, x.text = a, z, text[a:z]

    def to_text_span(self, start: int, end: int) -> tuple[int, int, str]:
        """Map a ``body`` span to ``(start, end, text[start:end])`` in ``text``."""
        s = self.to_text_offset(start)
        e = self.to_text_offset(end, end=True)
        if e < s:
            e = s
        return s, e, self.text[s:e]

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "boilerplate_ratio": self.boilerplate_ratio,
            "advert_ratio": self.advert_ratio,
            "duplicate_ratio": self.duplicate_ratio,
            "label_counts": self.label_counts,
            "flags": [f.to_dict() for f in self.flags],
            "blocks": [b.to_dict() for b in self.blocks],
            "body": self.body,
            "segments": [list(s) for s in self.segments],
        }
        if self.title:
            d["title"] = self.title
        if with_text:
            d["text"] = self.text
        return d


@dataclass
class Attribution(_AttrsAccess):
    """A reported statement: who (speaker) said what (content) and how (cue)."""

    content: Span | None
    speaker: Span | None
    cue: Span | None
    kind: str  #: "direct", "indirect" or "mixed"
    cue_class: str | None = None  #: "neutral", "assertive", "loaded", "distancing", ...
    source_type: str = "unknown"
    speaker_name: str | None = None
    via: list[str] = field(default_factory=list)  #: relay chain, outermost first
    attrs: dict[str, Any] = field(default_factory=dict)

    def spans(self) -> list[Span]:
        return [s for s in (self.content, self.speaker, self.cue) if s is not None]

    def to_dict(self) -> dict[str, Any]:
        c, s, q = self.content, self.speaker, self.cue
        # each span as Span._asdict() gives it, built directly (3x faster; ~60 attributions an article)
        d = {
            "content": None if c is None else {"start": c.start, "end": c.end, "text": c.text},
            "speaker": None if s is None else {"start": s.start, "end": s.end, "text": s.text},
            "cue": None if q is None else {"start": q.start, "end": q.end, "text": q.text},
            "kind": self.kind,
            "cue_class": self.cue_class,
            "source_type": self.source_type,
            "speaker_name": self.speaker_name,
            "via": list(self.via),
        }
        d.update(self.attrs)
        return d

    def mapped(self, mapper) -> "Attribution":
        """A copy with every span mapped by ``mapper(start, end) -> (s, e, text)``."""
        make = tuple.__new__  # Span(*r) without the generated __new__'s Python frame

        def m(s: Span | None) -> Span | None:
            if s is None:
                return None
            r = mapper(s.start, s.end)
            return None if r is None else make(Span, r)

        attrs = dict(self.attrs)
        for k, v in attrs.items():  # spans in attributes (``content_parts``) are mapped too
            if isinstance(v, Span):
                attrs[k] = m(v)
            elif isinstance(v, list) and v and all(isinstance(x, Span) for x in v):
                attrs[k] = [m(x) for x in v]
        return Attribution(
            m(self.content), m(self.speaker), m(self.cue), self.kind, self.cue_class,
            self.source_type, self.speaker_name, list(self.via), attrs,
        )


@dataclass
class Extraction:
    """The result of :func:`framing.extract` for one document.

    ``features`` maps a feature name (``family.name``) to a finite float.
    ``evidence`` and ``attributions`` index ``text`` (the text as given).
    ``errors`` lists extractor families that failed on this document.
    """

    text: str
    features: dict[str, float]
    evidence: list[Evidence]
    attributions: list[Attribution] = field(default_factory=list)
    cleaned: CleanedPage | None = None
    document: Document | None = None
    errors: list[dict[str, str]] = field(default_factory=list)

    def evidence_for(self, family: str, label: str | None = None) -> list[Evidence]:
        return [e for e in self.evidence if e.family == family and (label is None or e.label == label)]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.document is not None:
            d.update(self.document.metadata())
        d["features"] = self.features
        # Evidence.to_dict inlined (~210 items an article): the fixed keys, then the attributes
        d["evidence"] = [{"family": e.family, "label": e.label, "start": e.start, "end": e.end, "text": e.text,
                          "voice": e.voice, **e.attrs} for e in self.evidence]
        d["attributions"] = [a.to_dict() for a in self.attributions]
        if self.cleaned is not None:
            d["page"] = self.cleaned.to_dict()
        if self.errors:
            d["errors"] = self.errors
        return d
