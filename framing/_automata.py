"""Aho-Corasick scans through ahocorasick-rs, with pyahocorasick as the reference and fallback.

A built ``ahocorasick.Automaton`` (pyahocorasick) defines the keys, values and hits; :func:`rs_twin`
puts the same keys in an automaton of the ``ahocorasick_rs`` package (Rust ``aho-corasick``), and
:func:`twin_hits` reads ``automaton.iter(text)`` through it: the same hits, with the same character
offsets, by increasing end. Cleaning's small automata use its DFA; the 15,100-key lexicon automaton
its contiguous NFA (the DFA's tables miss the cache there: see :mod:`framing.extract.lexicon`).
"""
from __future__ import annotations

from typing import Any


def rs_twin(automaton, *, dfa: bool = False) -> tuple[Any, list[Any]] | None:
    """``(ahocorasick_rs automaton, values by key index)`` over the keys of a built pyahocorasick
    ``automaton`` (a DFA when ``dfa``, else a contiguous NFA), or None without that package."""
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - a dependency; the automaton is the fallback
        return None
    keys = list(automaton.keys())
    impl = ahocorasick_rs.Implementation.DFA if dfa else ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.AhoCorasick(keys, implementation=impl), [automaton.get(k) for k in keys]


def twin_hits(automaton, twin: tuple[Any, list[Any]] | None, text: str):
    """``automaton.iter(text)``: ``(end index, value)`` of every occurrence of every key, overlaps
    included, by increasing end (the order of hits with the same end is not part of it), read
    through ``twin`` (:func:`rs_twin`) when there is one. A text it cannot take (a lone surrogate
    has no UTF-8) goes to ``automaton``."""
    if twin is None:
        return automaton.iter(text)
    rx, values = twin
    try:
        found = rx.find_matches_as_indexes(text, overlapping=True)  # (key, start, end), by end
    except UnicodeEncodeError:
        return automaton.iter(text)
    return [(e - 1, values[k]) for k, _, e in found]
