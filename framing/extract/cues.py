"""Reporting cues (speech, belief and estimate verbs) and their classes.

The table ``framing/lexicons/speech_cues.csv`` (documented in
``framing/lexicons/ATTRIBUTION_TABLES.md``) lists each cue with every surface
form accepted, its class and frame. Classes follow the reporting-verb
typologies of media linguistics (Caldas-Coulthard 1994, "On reporting
reporting"; Bell 1991, *The Language of News Media*), split so that a media
researcher can separate the writer's stance (``loaded``, ``distancing``) from
the speaker's (``assertive``, ``expressive``, ``denial``...).

:func:`find_cues` matches the forms over a token list, longest phrase first,
in linear time (a dict keyed by the first word).
"""
from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress, count
from typing import NamedTuple, Sequence

__all__ = ["CueEntry", "CueMatch", "cue_table", "cue_class", "find_cues", "cue_starts", "CUE_CLASSES",
           "load_cue_table"]

#: The cue classes of the table, in the order they are documented.
CUE_CLASSES = ("neutral", "assertive", "directive", "warning", "expressive", "loaded", "distancing",
               "denial", "belief", "estimate", "evidential")


@dataclass(frozen=True)
class CueEntry:
    cue: str  #: the lemma or phrase ("say", "according to")
    cue_class: str
    frame: str  #: "speech", "attribution", "cognition", "estimate", "evidence"
    requires: str  #: "", "clause" (content must open a clause: that/wh-word/quote/subject) or "noun"
    #: ("noun": the forms are nouns, matched only as "his claim that ...", "criticism of ...")


class CueMatch(NamedTuple):
    """A cue found in a token list: tokens ``[i, j)``."""

    i: int
    j: int
    entry: CueEntry
    form: str


def load_cue_table(text: str) -> dict[tuple[str, ...], CueEntry]:
    """Parse the CSV text of a cue table into ``{form tokens: entry}``."""
    out: dict[tuple[str, ...], CueEntry] = {}
    for row in csv.DictReader(io.StringIO(text)):
        entry = CueEntry(row["cue"], row["cue_class"], row["frame"], (row.get("requires") or "").strip())
        if entry.cue_class not in CUE_CLASSES:
            raise ValueError(f"unknown cue class {entry.cue_class!r} in speech_cues.csv")
        if entry.requires not in ("", "clause", "noun"):
            raise ValueError(f"unknown requirement {entry.requires!r} in speech_cues.csv")
        for form in row["forms"].split("|"):
            form = form.strip().lower()
            if form:
                out.setdefault(tuple(form.split()), entry)
    return out


@lru_cache(maxsize=1)
def cue_table() -> dict[tuple[str, ...], CueEntry]:
    """The shipped cue table (``framing/lexicons/speech_cues.csv``), keyed by form tokens."""
    text = resources.files("framing.lexicons").joinpath("speech_cues.csv").read_text(encoding="utf-8")
    return load_cue_table(text)


@lru_cache(maxsize=1)
def _by_first() -> dict[str, list[tuple[tuple[str, ...], CueEntry]]]:
    idx: dict[str, list[tuple[tuple[str, ...], CueEntry]]] = {}
    for form, entry in cue_table().items():
        idx.setdefault(form[0], []).append((form, entry))
    for lst in idx.values():
        lst.sort(key=lambda fe: -len(fe[0]))  # longest phrase first
    return idx


@lru_cache(maxsize=1)
def _by_first_joined() -> dict[str, tuple[tuple[int, tuple[str, ...], CueEntry, str], ...]]:
    """:func:`_by_first` with each form's length and its words joined (what a match records)."""
    return {w: tuple((len(form), form, entry, " ".join(form)) for form, entry in lst)
            for w, lst in _by_first().items()}


_tuple_new = tuple.__new__


def cue_class(word_or_phrase: str) -> str | None:
    """The class of a cue form (``"touted"`` -> ``"loaded"``), or None when not a cue."""
    e = cue_table().get(tuple(word_or_phrase.lower().split()))
    return e.cue_class if e else None


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The keys of :func:`_by_first` (the words that can open a cue) as a frozenset."""
    return frozenset(_by_first())


def cue_starts(lowers: Sequence[str]) -> list[int]:
    """Indices of the tokens that can open a cue (one pass; for :func:`find_cues` ``positions``)."""
    # C-level filter (itertools.compress over set membership) instead of a Python-level loop per token;
    # membership in a frozenset of the keys rather than in the dict: the same answers, ~25% faster
    # (31 against 43 us an article over the ~950 tokens of 500 AllSides articles, hot)
    return list(compress(count(), map(_first_words().__contains__, lowers)))


def find_cues(lowers: Sequence[str], start: int = 0, end: int | None = None, *,
              positions: Sequence[int] | None = None) -> list[CueMatch]:
    """Cue matches over lower-cased tokens ``lowers[start:end]`` (non-overlapping, left to right).

    ``positions`` (sorted, from :func:`cue_starts` over the same ``lowers``) skips the tokens that
    cannot open a cue, so that many calls over parts of one token list stay cheap.
    """
    idx = _by_first_joined()
    end = len(lowers) if end is None else end
    if positions is None:
        positions = cue_starts(lowers)
    out: list[CueMatch] = []
    lo = bisect.bisect_left(positions, start)
    hi = bisect.bisect_left(positions, end, lo)
    if lo == hi:
        return out
    nxt = start  # the next token not consumed by a match
    for i in positions[lo:hi]:
        if i < nxt:
            continue
        for n, form, entry, joined in idx[lowers[i]]:
            if i + n <= end and (n == 1 or tuple(lowers[i:i + n]) == form):
                # (tuple.__new__: the NamedTuple without its Python-level __new__)
                out.append(_tuple_new(CueMatch, (i, i + n, entry, joined)))
                nxt = i + n
                break
    return out
