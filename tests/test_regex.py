"""framing._regex: possessive quantifiers compiled so that they match as documented everywhere.

CPython 3.11.0-3.11.4 loop for ever on some possessive repeats (gh-106052); Debian 12's python3 is
3.11.2, where ``framing analyze`` hung on the first AllSides article. The package compiles every
pattern through ``framing._regex.compile``; these tests check the rewrite it applies there is the
same expression (on any interpreter), that no pattern bypasses it, and that the pattern which hung
runs to its end.
"""
from __future__ import annotations

import ast
import multiprocessing as mp
import re
from pathlib import Path
from re import _constants as C
from re import _parser

import pytest

import framing
from framing import _regex
from framing.extract import attribution

ROOT = Path(framing.__file__).resolve().parent
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def _ops(tree) -> set:
    """Every opcode of a parsed pattern, at any depth."""
    out = set()
    for op, av in tree.data:
        out.add(op)
        subs = []
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            subs = [av[2]]
        elif op is C.SUBPATTERN:
            subs = [av[3]]
        elif op is C.BRANCH:
            subs = av[1]
        elif op in (C.ASSERT, C.ASSERT_NOT):
            subs = [av[1]]
        elif op is C.ATOMIC_GROUP:
            subs = [av]
        elif op is C.GROUPREF_EXISTS:
            subs = [s for s in av[1:] if s is not None]
        for s in subs:
            out |= _ops(s)
    return out


def _possessive(pattern, flags: int = 0) -> bool:
    return C.POSSESSIVE_REPEAT in _ops(_parser.parse(pattern, flags))


def test_affected_releases():
    import sys

    assert _regex.AFFECTED == ((3, 11, 0) <= sys.version_info[:3] < (3, 11, 5))


def test_rewrite_leaves_no_possessive_repeat_at_any_depth():
    # possessive repeats inside groups, branches, lookarounds, other repeats and a conditional
    src = r"(?P<w>\w++)(?:[-'](?=\d*+)\w++)*+|(?<!x)(a?+|b{2,3}+)(?(w)c*+|d++)"
    tree = _parser.parse(src)
    assert _regex._atomic(tree)
    ops = _ops(tree)
    assert C.POSSESSIVE_REPEAT not in ops and C.ATOMIC_GROUP in ops
    # and a pattern without one is left as it is
    assert not _regex._atomic(_parser.parse(r"\w+(?:-\w+)*"))


def test_compiled_pattern_keeps_its_text_flags_and_groups():
    src = r"(?i)(?P<name>[a-z]++)\s*+(?P<num>\d{1,3}+)"
    p = _regex.compile_atomic(src, re.M)
    q = re.compile(src, re.M)
    assert (p.pattern, p.flags, p.groups, p.groupindex) == (q.pattern, q.flags, q.groups, q.groupindex)
    assert p.match("Abc  123").groupdict() == {"name": "Abc", "num": "123"}
    # possessive semantics kept: no backtracking into the repeat ("a++a" can never match)
    assert _regex.compile_atomic(r"a++a").search("aaaa") is None
    assert _regex.compile_atomic(rb"x*+y").findall(b"xxy xy y") == [b"xxy", b"xy", b"y"]


def _package_patterns() -> list[tuple[str, re.Pattern]]:
    """Every compiled pattern the package holds (the ReDoS test's collector) that has a
    possessive repeat."""
    import importlib.util
    import sys

    # the module pytest imports as "test_redos" (rootdir-less "prepend" import mode), loaded from
    # its file when this test runs alone
    test_redos = sys.modules.get("test_redos")
    if test_redos is None:
        spec = importlib.util.spec_from_file_location("test_redos", Path(__file__).parent / "fuzz" / "test_redos.py")
        test_redos = importlib.util.module_from_spec(spec)
        sys.modules["test_redos"] = test_redos
        spec.loader.exec_module(test_redos)
    return [(where, p) for (_, _), (where, p) in sorted(test_redos.PATTERNS.items(), key=lambda kv: kv[1][0])
            if _possessive(p.pattern, p.flags)]


def _matches(p: re.Pattern, text) -> list:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


@pytest.mark.skipif(_regex.AFFECTED, reason="the native possessive repeats are the bug being avoided here")
def test_rewrite_matches_the_same_as_re_on_the_seeds(seed_texts):
    """Every possessive pattern of the package, rewritten, finds the same matches (spans and
    groups) as ``re.compile`` on the five seed pages (~110,000 characters of real news pages)."""
    pats = _package_patterns()
    assert len(pats) >= 20, len(pats)  # tokeniser, attribution, speakers, sources, cleaner ...
    text = "\n\n".join(seed_texts.values())
    data = text.encode("utf-8")
    for where, p in pats:
        q = _regex.compile_atomic(p.pattern, p.flags)
        sample = data if isinstance(p.pattern, bytes) else text
        assert _matches(q, sample) == _matches(re.compile(p.pattern, p.flags), sample), where


def _run_mark_pattern(q) -> None:
    pat = attribution._MARK_RE
    q.put([m.group() for m in pat.finditer("Biden said, \"it's `` quoted '' here.\" (Reuters)")])


def test_the_pattern_that_hung_on_3_11_2_runs_to_its_end():
    # attribution._MARK_RE looped for ever on 3.11.2 (its possessive optional group); in a child
    # process with a time limit, so that a regression fails instead of hanging the suite
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    child = ctx.Process(target=_run_mark_pattern, args=(q,))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
        pytest.fail("attribution._MARK_RE did not finish in 30 s")
    assert q.get(timeout=5) == [",", '"', "``", "''", ".", '"', "(", ")"]


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCS
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
            yield node


def test_no_pattern_bypasses_the_compiler():
    """No module compiles with ``re.compile``, and no pattern text handed to another ``re``
    function (which compiles it through ``re``'s cache) has a possessive repeat."""
    bad = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "_regex.py":
            continue
        for node in _calls(path):
            where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
            if node.func.attr == "compile":
                bad.append(f"{where}: re.compile (use framing._regex.compile)")
            elif node.args and isinstance(node.args[0], ast.Constant) and _possessive(node.args[0].value):
                bad.append(f"{where}: a possessive repeat in re.{node.func.attr}'s pattern")
            elif node.args and not isinstance(node.args[0], ast.Constant):
                bad.append(f"{where}: re.{node.func.attr} of a computed pattern (compile it with _regex)")
    assert not bad, bad
