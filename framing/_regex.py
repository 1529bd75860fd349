"""Regular expressions that match the same on every CPython the toolkit supports.

CPython 3.11.0 to 3.11.4 run possessive quantifiers (``X*+``, ``X++``, ``X?+``, ``X{m,n}+``)
wrongly when their subpattern can backtrack: a search can loop for ever while its memory grows
(python/cpython gh-106052, fixed in 3.11.5 by PR #107795). Debian 12's ``python3`` is 3.11.2, and
there ``framing analyze`` hung on the first AllSides article, at 24 GB (found 2026-11-23;
``tests/test_regex.py`` keeps the pattern that did it).

The toolkit's patterns use possessive quantifiers to keep their searches linear
(``tests/fuzz/test_redos.py``), so every pattern of the package is compiled by :func:`compile`.
On an affected release it compiles each possessive repeat as the greedy repeat inside an atomic
group, ``X*+`` as ``(?>X*)``, which is its definition (the ``re`` documentation) and what the
3.11.5 fix compiled; other releases get ``re.compile`` itself. The compiled pattern keeps its
source text (``.pattern``), flags and groups.
"""
from __future__ import annotations

import re
import sys

__all__ = ["compile", "compile_atomic", "compile_parsed", "AFFECTED"]

#: Whether this interpreter has the possessive-quantifier bug (gh-106052): 3.11.0 to 3.11.4.
AFFECTED = (3, 11, 0) <= sys.version_info[:3] < (3, 11, 5)


def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name
    """``re.compile(pattern, flags)``, with possessive repeats compiled as atomic groups where
    the interpreter needs it (:data:`AFFECTED`)."""
    if AFFECTED and isinstance(pattern, (str, bytes)):
        return compile_atomic(pattern, flags)
    return re.compile(pattern, flags)


def compile_atomic(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """``pattern`` compiled with every possessive repeat ``X{m,n}+`` as ``(?>X{m,n})``.

    The two are the same expression on a correct interpreter (the tests compare them on real
    text); on 3.11.0-3.11.4 only this one matches as documented.
    """
    from re import _parser

    tree = _parser.parse(pattern, flags)
    if not _atomic(tree):
        return re.compile(pattern, flags)
    return _compile_tree(pattern, tree, flags)


def compile_parsed(pattern: str | bytes, tree, flags: int = 0) -> re.Pattern:
    """A parse tree of ``pattern`` (``re._parser.parse``, possibly rewritten by the caller, with the
    same matches) compiled, possessive repeats as in :func:`compile`; the pattern keeps ``pattern``
    as its source text."""
    if AFFECTED:
        _atomic(tree)
    return _compile_tree(pattern, tree, flags)


def _compile_tree(pattern: str | bytes, tree, flags: int) -> re.Pattern:
    # re._compiler.compile's steps for a parsed pattern, with the source text kept (it passes
    # None for a tree)
    import _sre
    from re import _compiler

    code = _compiler._code(tree, flags)
    groupindex = tree.state.groupdict
    indexgroup = [None] * tree.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return _sre.compile(pattern, flags | tree.state.flags, code, tree.state.groups - 1,
                        groupindex, tuple(indexgroup))


def _atomic(sub) -> bool:
    """Rewrite the possessive repeats of a parsed (sub)pattern in place; whether there were any."""
    from re import _constants as C
    from re import _parser

    changed = False
    data = sub.data
    for i, (op, av) in enumerate(data):
        if op is C.POSSESSIVE_REPEAT:
            lo, hi, item = av
            _atomic(item)
            data[i] = (C.ATOMIC_GROUP, _parser.SubPattern(sub.state, [(C.MAX_REPEAT, (lo, hi, item))]))
            changed = True
        elif op is C.MAX_REPEAT or op is C.MIN_REPEAT:
            changed |= _atomic(av[2])
        elif op is C.SUBPATTERN:
            changed |= _atomic(av[3])
        elif op is C.BRANCH:
            for b in av[1]:
                changed |= _atomic(b)
        elif op is C.ASSERT or op is C.ASSERT_NOT:
            changed |= _atomic(av[1])
        elif op is C.ATOMIC_GROUP:
            changed |= _atomic(av)
        elif op is C.GROUPREF_EXISTS:
            changed |= _atomic(av[1])
            if av[2] is not None:
                changed |= _atomic(av[2])
    if changed:
        sub.width = None  # (recomputed by getwidth for the new nodes)
    return changed
