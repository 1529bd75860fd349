"""Article text with its evidence highlighted, as escaped HTML.

Spans from several layers overlap and nest (a loaded word inside a quote
inside a body block, a duplicated passage that cuts a quote in two). The
markup is built in three steps, so any overlap yields well-formed HTML:

1. **Collect** layers as :class:`Mark` objects ``(start, end, classes, title)``
   in one coordinate system: offsets of the text as given (``text[start:end]``).
2. **Cut** the text at every span boundary into non-overlapping segments;
   each segment carries the set of marks that cover it.
3. **Wrap** each segment in one nested ``<span>`` per covering mark (outer
   layers first), escaping the segment text. No tag crosses a segment edge.

Every piece of article text is escaped with :func:`html.escape`; class names
are reduced to ``[a-z0-9-]``; titles are escaped as attribute values.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from typing import Any, Iterable

from .. import _regex
from ..types import ARTICLE_LABELS, Extraction

__all__ = ["Mark", "Highlighted", "highlight", "highlight_html", "marks_for", "css_class", "LAYER_ORDER"]

#: Nesting order: lower ranks wrap higher ones (blocks outermost, evidence innermost).
LAYER_ORDER = {"block": 0, "flag": 1, "quote": 2, "speaker": 3, "cue": 3, "evidence": 4}

_CLASS_RE = _regex.compile(r"[^a-z0-9-]+")


def css_class(*parts: Any) -> str:
    """A safe CSS class name from untrusted label parts (``"loaded", "Fear/anger"`` -> ``loaded-fear-anger``)."""
    s = "-".join(str(p) for p in parts if p not in (None, ""))
    return _CLASS_RE.sub("-", s.lower()).strip("-")[:60] or "x"


@dataclass(frozen=True)
class Mark:
    """A span of the text to wrap: ``classes`` (already safe) and a hover ``title``."""

    start: int
    end: int
    layer: str
    classes: tuple[str, ...]
    title: str = ""


def _blocks(ex: Extraction) -> list[Mark]:
    page = ex.cleaned
    if page is None or page.text != ex.text:
        return []  # block offsets index another text: not drawable here
    out = []
    for b in page.blocks:
        if b.end <= b.start:
            continue
        kind = "article" if b.label in ARTICLE_LABELS else "boiler"
        title = f"block: {b.label}" + (f" ({b.reason})" if b.reason else "")
        out.append(Mark(b.start, b.end, "block", ("blk", f"blk-{kind}", css_class("blk", b.label)), title))
    return out


def _flags(ex: Extraction) -> list[Mark]:
    page = ex.cleaned
    if page is None or page.text != ex.text:
        return []
    out = []
    for f in page.flags:
        for sp in f.evidence:
            if sp.end > sp.start:
                out.append(Mark(sp.start, sp.end, "flag", ("flag", css_class("flag", f.name)),
                                f"{f.name.replace('_', ' ')} (score {f.score:.2f})"))
    return out


#: Evidence families drawn from richer objects instead (attributions carry speaker, cue and source type).
_DRAWN_ELSEWHERE = {"attribution"}
#: Families left out of the default view: dense, low-information marks (weak subjectivity cues,
#: every VADER word, whole hard sentences) that would drown the legend's layers. They stay in
#: each article's evidence table and are drawn when asked for with ``families=``.
_NOT_DRAWN_BY_DEFAULT = {"loaded_cue", "sentiment", "readability"}


def _evidence(ex: Extraction, families: set[str] | None) -> list[Mark]:
    out = []
    skip = set(_DRAWN_ELSEWHERE) if ex.attributions and families is None else set()
    if families is None:
        skip |= _NOT_DRAWN_BY_DEFAULT
    if families is None and ex.cleaned is not None and ex.cleaned.blocks and ex.cleaned.text == ex.text:
        skip.add("page")  # page evidence is the blocks and flags, drawn as their own layers
    for e in ex.evidence:
        if e.end <= e.start or (families is not None and e.family not in families) or e.family in skip:
            continue
        cls = ["ev", css_class("ev", e.family), css_class("lab", e.family, e.label)]
        bits = [f"{e.family}: {e.label}"]
        if e.voice:
            cls.append(css_class("voice", e.voice))
            bits.append(f"voice: {e.voice}")
        for k in ("category", "variant", "stance", "preferred", "alternative", "referent", "side", "term", "valence",
                  "grade", "words", "score"):
            v = e.attrs.get(k)
            if v not in (None, ""):
                bits.append(f"{k}: {v}")
        out.append(Mark(e.start, e.end, "evidence", tuple(cls), "; ".join(bits)))
    return out


def _attributions(ex: Extraction) -> list[Mark]:
    out = []
    for i, a in enumerate(ex.attributions):
        who = a.speaker_name or (a.speaker.text if a.speaker else "unknown speaker")
        cue = a.cue.text if a.cue else "no cue"
        via = f"; via {' <- '.join(a.via)}" if a.via else ""
        title = f"quote {i + 1} ({a.kind}): {who}, {a.source_type}; cue \u201c{cue}\u201d ({a.cue_class or 'unclassified'}){via}"
        if a.content is not None and a.content.end > a.content.start:
            out.append(Mark(a.content.start, a.content.end, "quote",
                            ("q", css_class("q", a.source_type), css_class("kind", a.kind)), title))
        if a.speaker is not None and a.speaker.end > a.speaker.start:
            out.append(Mark(a.speaker.start, a.speaker.end, "speaker",
                            ("spk", css_class("q", a.source_type)), f"speaker of quote {i + 1}: {who}, {a.source_type}"))
        if a.cue is not None and a.cue.end > a.cue.start:
            out.append(Mark(a.cue.start, a.cue.end, "cue", ("cue", css_class("cue", a.cue_class)),
                            f"cue of quote {i + 1}: {a.cue_class or 'unclassified'}"))
    return out


def marks_for(ex: Extraction, *, blocks: bool = True, flags: bool = True, attributions: bool = True,
              families: Iterable[str] | None = None) -> list[Mark]:
    """All marks of an extraction (step 1), clipped to the text and sorted."""
    fam = None if families is None else set(families)
    marks: list[Mark] = []
    if blocks:
        marks += _blocks(ex)
    if flags:
        marks += _flags(ex)
    if attributions:
        marks += _attributions(ex)
    marks += _evidence(ex, fam)
    n = len(ex.text)
    clipped = []
    for m in marks:
        s, e = max(0, m.start), min(n, m.end)
        if e > s:
            clipped.append(m if (s, e) == (m.start, m.end) else Mark(s, e, m.layer, m.classes, m.title))
    clipped.sort(key=lambda m: (m.start, -m.end, LAYER_ORDER.get(m.layer, 9)))
    return clipped


def _open(m: Mark) -> str:
    t = f' title="{html.escape(m.title, quote=True)}"' if m.title else ""
    return f'<span class="{" ".join(m.classes)}"{t}>'


def highlight_html(text: str, marks: Iterable[Mark]) -> str:
    """Escaped HTML of ``text`` with every mark wrapped (steps 2 and 3).

    At each cut the marks covering the next segment, ordered outer layer
    first, are compared with the spans open so far: spans past their common
    prefix are closed and the new ones opened. Tags therefore nest properly
    and a span is re-opened only where another span crosses its edge.
    Runs in O((segments + marks) log marks) plus the re-opened spans.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if not marks:
        return html.escape(text, quote=True)
    # 2. cut at every boundary
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starts_at: dict[int, list[int]] = {}
    ends_at: dict[int, list[int]] = {}
    for idx, m in enumerate(marks):
        starts_at.setdefault(m.start, []).append(idx)
        ends_at.setdefault(m.end, []).append(idx)
    rank = [(LAYER_ORDER.get(m.layer, 9), m.start, -m.end, i) for i, m in enumerate(marks)]
    active: list[tuple] = []  # marks covering the current segment, outermost first
    stack: list[tuple] = []  # spans open in the output, outermost first
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        for idx in ends_at.get(a, ()):
            active.remove(rank[idx])
        for idx in starts_at.get(a, ()):
            bisect.insort(active, rank[idx])
        # 3. close what no longer matches, open what is new
        k = 0
        while k < len(stack) and k < len(active) and stack[k] == active[k]:
            k += 1
        if len(stack) > k:
            out.append("</span>" * (len(stack) - k))
        out.extend(_open(marks[r[3]]) for r in active[k:])
        stack = list(active)
        out.append(html.escape(text[a:b], quote=True))
    out.append("</span>" * len(stack))
    return "".join(out)


@dataclass
class Highlighted:
    """Highlighted HTML of one extraction; displays itself in Jupyter (``_repr_html_``)."""

    html: str
    doc_id: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    with_style: bool = True

    def __str__(self) -> str:
        return self.html

    def __html__(self) -> str:  # Jinja2/MarkupSafe: already escaped
        return self.html

    def _repr_html_(self) -> str:
        from .render import css

        style = f"<style>{css()}</style>" if self.with_style else ""
        legend = _legend_html()
        return f'{style}<div class="framing-report">{legend}<div class="article-text">{self.html}</div></div>'


def _legend_html() -> str:
    from .render import legend_items

    spans = "".join(f'<span class="{c}">{html.escape(t)}</span> ' for c, t in legend_items())
    return f'<p class="legend">{spans}</p>'


def highlight(extraction: Extraction, *, blocks: bool = True, flags: bool = True, attributions: bool = True,
              families: Iterable[str] | None = None) -> Highlighted:
    """The text of ``extraction`` with its evidence highlighted, as escaped HTML.

    Layers: page blocks (boilerplate greyed), page flags (duplicated and
    reworded passages), attributed quotes (coloured by source type) with
    speaker and cue, and every evidence span (class by family, label, voice).
    ``families`` restricts the evidence layer.
    """
    marks = marks_for(extraction, blocks=blocks, flags=flags, attributions=attributions, families=families)
    counts: dict[str, int] = {}
    for m in marks:
        counts[m.layer] = counts.get(m.layer, 0) + 1
    doc_id = extraction.document.id if extraction.document is not None else None
    return Highlighted(highlight_html(extraction.text, marks), doc_id=doc_id, counts=counts)
