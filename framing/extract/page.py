"""The ``page`` family: what the page around the article says about the outlet's practice.

Reads the cleaned page (:func:`framing.clean`) and reports, with the formulas
of :class:`framing.types.CleanedPage`:

- ``boilerplate_ratio``, ``advert_ratio``, ``duplicate_ratio``;
- ``<label>_share``: characters of blocks with that label / characters of all
  blocks, and ``<label>_blocks``: their count, for every label of
  :data:`framing.types.BLOCK_LABELS`;
- ``spun_score``: the ``spun_text`` flag's score (0 when the flag is absent;
  see :mod:`framing.clean.spin`), ``spun_text``: 1 when the flag fired;
- ``repeated_paragraphs``: the number of repeated article paragraphs;
- ``named_origins``: how many times the page names an outlet (its own included) as the article's origin
  ("Read Full Article on X", "originally published by X", "Source: X", a "(Reuters)"
  dateline, "..., reports X": :func:`framing.clean.syndication.find_origin`).

Evidence (page-text coordinates, ``text_coords=True``): one item per
non-body block (label = the block's label, ``reason`` in attrs) and one per
flag span (label ``"spun"`` with the original wording, or ``"repeated"``), and one per named
origin (label ``"named_origin"``; attrs ``rule``, ``outlet`` (the registry's name for it) and ``own``
(it is the document's own outlet)).
"""
from __future__ import annotations

from ..types import BLOCK_LABELS, Evidence
from .registry import Context, FamilyResult, register

__all__ = ["page_features"]

#: (label, share feature, count feature) for every block label
_NAMES = tuple((lab, f"{lab}_share", f"{lab}_blocks") for lab in BLOCK_LABELS)


@register("page", order=10)
def page_features(ctx: Context) -> FamilyResult:
    """Page make-up: boilerplate, advert and duplicate ratios, block shares, spun and repeated text."""
    page = ctx.cleaned
    if page is None:
        from ..clean import clean

        page = clean(ctx.document if ctx.document is not None else ctx.text)
    feats: dict[str, float] = {
        "boilerplate_ratio": page.boilerplate_ratio,
        "advert_ratio": page.advert_ratio,
        "duplicate_ratio": page.duplicate_ratio,
    }
    # CleanedPage.label_chars and .label_counts, and the evidence of the non-body blocks, in one
    # pass over the blocks
    chars: dict[str, int] = {}
    counts: dict[str, int] = {}
    ev: list[Evidence] = []
    text = page.text
    for b in page.blocks:
        lab = b.label
        if lab in chars:
            chars[lab] += len(b.text.strip())
            counts[lab] += 1
        else:
            chars[lab] = len(b.text.strip())
            counts[lab] = 1
        if lab != "body":
            ev.append(Evidence("page", lab, b.start, b.end, text[b.start:b.end], attrs={"reason": b.reason}))
    total = sum(chars.values())
    for lab, share, nblocks in _NAMES:
        feats[share] = chars.get(lab, 0) / total if total else 0.0
        feats[nblocks] = float(counts.get(lab, 0))
    spun = page.flag("spun_text")
    feats["spun_score"] = spun.score if spun is not None else 0.0
    feats["spun_text"] = 1.0 if spun is not None else 0.0
    if spun is not None:
        originals = {p["phrase"]: p["original"] for p in spun.detail.get("phrases", [])}
        for s in spun.evidence:
            ev.append(Evidence("page", "spun", s.start, s.end, text[s.start:s.end],
                               attrs={"original": originals.get(s.text)}))
    rep = page.flag("repeated_paragraphs")
    feats["repeated_paragraphs"] = float(len(rep.evidence)) if rep is not None else 0.0
    if rep is not None:
        for (orig, _), s in zip(rep.detail.get("pairs", []), rep.evidence):
            ev.append(Evidence("page", "repeated", s.start, s.end, text[s.start:s.end],
                               attrs={"original_start": orig}))
    # origins the page names (the comparison's copy detection uses them for direction)
    from ..clean.syndication import find_origin  # imported here: it brings numpy

    origins = find_origin(text)
    own = ctx.document.outlet if ctx.document is not None else None
    if origins:
        from ..corpus.outlets import default_registry

        reg = default_registry()
    for o in origins:
        known = reg.match_name(o.outlet)
        name = known.name if known is not None else o.outlet
        ev.append(Evidence("page", "named_origin", o.start, o.end, o.text,
                           attrs={"rule": o.rule, "outlet": name, "own": bool(own) and name == own}))
    feats["named_origins"] = float(len(origins))
    return FamilyResult(features=feats, evidence=ev, text_coords=True)
