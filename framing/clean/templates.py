"""Package data of the cleaner: template phrases of page chrome and the stop-word list.

Both files live in ``framing/clean/data`` with their description, version,
provenance and licence in their header comments, and are loaded once with
:mod:`importlib.resources`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .. import _regex
from ..errors import ConfigError
from ..types import BLOCK_LABELS

__all__ = ["Template", "templates", "match_template", "template_candidates", "stopwords", "read_data"]

_MAX_TEMPLATE_CHARS = 500


class Template(NamedTuple):
    label: str
    barrier: bool
    max_chars: int
    triggers: tuple[str, ...]  #: pre-filter substrings of an unanchored pattern (empty: anchored)
    pattern: str
    note: str


def read_data(name: str) -> list[str]:
    """The non-comment, non-blank lines of ``framing/clean/data/<name>``."""
    raw = resources.files("framing.clean").joinpath("data", name).read_text(encoding="utf-8")
    return [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (``data/stopwords_en.txt``)."""
    return frozenset(w.strip().lower() for w in read_data("stopwords_en.txt"))


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """Template phrases (``data/templates.tsv``), validated."""
    out = []
    for n, ln in enumerate(read_data("templates.tsv"), 1):
        parts = ln.split("\t")
        if len(parts) != 6 or parts[0] not in BLOCK_LABELS:
            raise ConfigError("E014", f"templates.tsv: bad row {n}: {ln[:80]!r}")
        anchored = parts[4].startswith("^")
        trig = () if parts[3] == "-" else tuple(t for t in parts[3].split("|") if t)
        if anchored == bool(trig):
            raise ConfigError("E014", f"templates.tsv: row {n}: triggers must be '-' exactly for ^-anchored patterns")
        try:
            _regex.compile(parts[4], re.I)
            t = Template(parts[0], parts[1] == "1", int(parts[2]), trig, parts[4], parts[5])
        except (re.error, ValueError) as exc:
            raise ConfigError("E014", f"templates.tsv: bad row {n}: {exc}") from exc
        if t.max_chars > _MAX_TEMPLATE_CHARS:
            raise ConfigError("E014", f"templates.tsv: max_chars over {_MAX_TEMPLATE_CHARS} in row {n}")
        out.append(t)
    return tuple(out)


class _Matcher(NamedTuple):
    anchored: list[tuple[int, re.Pattern | None, re.Pattern | None]]  #: per max_chars: (lower, cased)
    cased_first: frozenset[str] | None  #: ASCII characters a cased row can start with (None: any)
    automaton: object  #: Aho-Corasick over trigger substrings -> row ids
    rows: dict[int, re.Pattern]  #: unanchored row id -> compiled pattern
    rows_ascii: dict[int, re.Pattern]  #: the fold-safe unanchored rows without re.I (see _fold_safe)
    by_len: list[tuple | None]  #: block length -> its ``anchored`` pair and the first characters of rx_low
    searchers: dict[tuple[int, bool], object]  #: (row id, ASCII route?) -> search of the row (_fast_compile)
    prefilters: dict[int, tuple[str, ...]]  #: ASCII-route row id -> substrings one of which it needs


_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
#: the classes \\d and \\s of a str (Unicode) pattern, as the engine tests them (\\w: see _first_chars)
_CATEGORY_TESTS = {"CATEGORY_DIGIT": str.isdecimal, "CATEGORY_SPACE": str.isspace, "CATEGORY_WORD": None}


def _may_start(c: str, first: tuple[frozenset[str], bool, bool]) -> bool:
    """True when a match may start with the character ``c`` (see :func:`_first_chars`)."""
    return c in first[0] or (first[1] and c.isdecimal()) or (first[2] and c.isspace())


def _starts(items) -> tuple[frozenset[str], bool] | None:
    """``(first, nullable)`` of a parsed pattern (``re._parser`` nodes, no flags): the characters
    a match can start with, and whether a match can be empty; None when not known (negated or
    category classes, any character, flags, back references: then nothing is ruled out). A
    zero-width assertion is skipped over, which can only make the set larger."""
    first: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return frozenset(first | {chr(av)}), False
        if name in _ZERO_WIDTH:
            continue
        if name == "IN":
            chars = set()
            for o, a in av:
                o = str(o)
                if o == "LITERAL":
                    chars.add(chr(a))
                elif o == "RANGE" and a[1] - a[0] <= 256:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                elif o == "CATEGORY" and str(a) in _CATEGORY_TESTS:
                    chars.add(str(a))  # a category stands for its characters (see _may_start)
                else:
                    return None
            return frozenset(first | chars), False
        if name == "SUBPATTERN":
            _, add_flags, del_flags, sub = av
            got = None if add_flags or del_flags else _starts(sub)
        elif name == "BRANCH":
            got = (frozenset(), False)
            for alt in av[1]:
                g = _starts(alt)
                if g is None:
                    return None
                got = (got[0] | g[0], got[1] or g[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            g = _starts(av[2])
            got = None if g is None else (g[0], g[1] or av[0] == 0)
        else:
            return None
        if got is None:
            return None
        first |= got[0]
        if not got[1]:
            return frozenset(first), False
    return frozenset(first), True


def _first_chars(rx: re.Pattern | None) -> tuple[frozenset[str], bool, bool] | None:
    """What every match of ``rx`` (compiled without flags) starts with: a set of characters, and
    whether a decimal digit (\\d) or white space (\\s) may start it (:func:`_may_start`); None
    when a match may be empty, when it may start with any word character (\\w: the test would
    rule out too little to pay for itself), or when this is not known."""
    from re import _parser

    if rx is None or rx.flags & ~re.UNICODE:
        return None
    got = _starts(_parser.parse(rx.pattern))
    if got is None or got[1] or "CATEGORY_WORD" in got[0]:
        return None
    return (frozenset(c for c in got[0] if len(c) == 1), "CATEGORY_DIGIT" in got[0], "CATEGORY_SPACE" in got[0])


def _required(items) -> set[str] | None:
    """Substrings of which every match of a parsed pattern (``re._parser`` nodes, no flags)
    contains at least one: a run of literal characters, or for a group or a branch, one
    requirement of each branch; the most selective one found (longest shortest string). None
    when none is known (classes, optional parts, look-arounds and flags are passed over)."""
    best: set[str] | None = None
    run: list[str] = []
    runs: list[str] = []
    for op, av in [*items, (None, None)]:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(av))
            continue
        if run:
            runs.append("".join(run))
            run = []
        got: set[str] | None = None
        if name == "SUBPATTERN" and not av[1] and not av[2]:
            got = _required(av[3])
        elif name == "BRANCH":
            got = set()
            for alt in av[1]:
                need = _required(alt)
                if not need:
                    got = None
                    break
                got |= need
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            got = _required(av[2])
        if got and (best is None or min(map(len, got)) > min(map(len, best))):
            best = got
    for r in runs:
        if best is None or len(r) > min(map(len, best)):
            best = {r}
    return best


def _prefilter(pattern: str) -> tuple[str, ...] | None:
    """The substrings one of which a text must hold for ``pattern`` (without flags) to match in
    it, when all are 4+ characters long (shorter ones are too common to rule much out)."""
    from re import _parser

    try:
        need = _required(_parser.parse(pattern))
    except Exception:  # another Python's parser: no pre-test
        return None
    if not need or min(map(len, need)) < 4:
        return None
    return tuple(sorted(need, key=lambda r: (-len(r), r)))


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    for r in needles:
        if r in text:
            return True
    return False


def _literal_first(alt) -> bool:
    return len(alt) > 0 and str(alt[0][0]) == "LITERAL"


def _behind(lit, at, state):
    """``c(?<=\\bc)``: the literal ``c``, then a look back at it with the word boundary before it."""
    from re import _parser

    return [lit, (_parser.ASSERT, (-1, _parser.SubPattern(state, [at, lit])))]


def _boundary_behind(items, state) -> bool:
    """Rewrite, in place, a pattern's leading word boundaries into look-behinds: ``\\bc...``
    becomes ``c(?<=\\bc)...`` for a literal ``c``, in every branch a match starts with. The
    matches stay the same (the boundary is still tested at the same position, just after the
    character is read), but the engine now sees the characters a match can start with and skips
    the other positions, where it used to try every branch at every position. True if changed."""
    if not items:
        return False
    op, av = items[0]
    name = str(op)
    if name == "SUBPATTERN":
        return not av[1] and not av[2] and _boundary_behind(av[3], state)
    if name == "BRANCH":
        changed = False
        for alt in av[1]:
            if len(alt) >= 2 and str(alt[0][0]) == "AT" and str(alt[0][1]) == "AT_BOUNDARY" \
                    and str(alt[1][0]) == "LITERAL":
                alt[0:2] = _behind(alt[1], alt[0], state)
                changed = True
        return changed
    if name == "AT" and str(av) == "AT_BOUNDARY" and len(items) >= 2:
        nxt_op, nxt = items[1]
        if str(nxt_op) == "LITERAL":
            items[0:2] = _behind(items[1], items[0], state)
            return True
        sub = nxt
        if str(nxt_op) == "SUBPATTERN" and not nxt[1] and not nxt[2] and len(nxt[3]) == 1:
            sub = nxt[3]
        elif str(nxt_op) == "BRANCH":
            sub = [items[1]]
        else:
            return False
        b_op, b_av = sub[0]
        if str(b_op) != "BRANCH" or not all(_literal_first(alt) for alt in b_av[1]):
            return False
        for alt in b_av[1]:  # \b(a|b) == (\ba|\bb)
            alt[0:1] = _behind(alt[0], items[0], state)
        del items[0]
        return True
    return False


def _fast_compile(pattern: str, flags: int) -> re.Pattern:
    """``re.compile(pattern, flags)``, with :func:`_boundary_behind` applied when it changes
    something (same groups, same matches)."""
    plain = _regex.compile(pattern, flags)
    try:
        from re import _parser

        tree = _parser.parse(pattern, flags)
        if not _boundary_behind(tree.data, tree.state):
            return plain
        fast = _regex.compile_parsed(pattern, tree, flags)
    except Exception:  # the engine's internals differ (another Python): keep the plain pattern
        return plain
    return fast if fast.groups == plain.groups and fast.groupindex == plain.groupindex else plain


def _char_fold_safe(code: int) -> bool:
    """A pattern character that matches an ASCII text the same with re.I as its lower-cased copy
    without re.I: not an ASCII capital, and no case variant of it is ASCII (like U+212A KELVIN SIGN)."""
    c = chr(code)
    if code < 128:
        return not ("A" <= c <= "Z")
    return not any(v.isascii() for v in (c.lower(), c.upper(), c.casefold()))


_NON_ASCII = _regex.compile(r"[^\x00-\x7f]")


#: the non-ASCII characters news text is full of, the most frequent first: curly quotes, dashes and
#: the ellipsis; none has case and none is a word character (:func:`.labels.words_of` uses them too)
COMMON_NON_ASCII_PUNCT = ("’", "“", "”", "—", "–", "‘", "…")


def _caseless_beyond_ascii(text: str) -> bool:
    """True when every non-ASCII character of ``text`` has no case (’, “, —, …): lower() then
    changes only ASCII letters, one for one, and re.I treats the others as themselves."""
    rest = text
    for c in COMMON_NON_ASCII_PUNCT:  # drop the usual ones (isascii() is a flag test)
        rest = rest.replace(c, "")
        if rest.isascii():
            return True
    return all(c.lower() == c == c.upper() for c in set(_NON_ASCII.findall(rest)))


def _fold_safe(items) -> bool:
    """True when a parsed pattern (``re._parser`` nodes) finds, in an ASCII text with re.I (or a
    text whose other characters have no case), exactly the spans it finds in the lower-cased
    text without re.I: every character test then
    gives the same answer at every position, so the engine takes the same path (no capital
    letters, no backreferences, no inline flags, no negated class with a letter). Unknown
    constructs are not safe."""
    for op, av in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            if not _char_fold_safe(av) or (name == "NOT_LITERAL" and chr(av).isalpha()):
                return False
        elif name == "IN":
            negate = any(str(o) == "NEGATE" for o, _ in av)
            for o, a in av:
                o = str(o)
                if o == "LITERAL":
                    if not _char_fold_safe(a) or (negate and chr(a).isalpha()):
                        return False
                elif o == "RANGE":
                    lo, hi = a
                    if hi - lo > 0x10000:
                        return False
                    chars = [chr(x) for x in range(lo, hi + 1)]
                    if negate and any(c.isalpha() for c in chars):
                        return False
                    inside = set(chars)
                    for c in chars:  # a capital in the class needs its small letter in it too
                        if c.isascii() and "A" <= c <= "Z" and c.lower() not in inside:
                            return False
                        if not c.isascii() and not _char_fold_safe(ord(c)):
                            return False
                elif o not in ("NEGATE", "CATEGORY"):
                    return False
        elif name in ("ANY", "AT"):
            continue
        elif name == "SUBPATTERN":
            _, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _fold_safe(sub):
                return False
        elif name == "BRANCH":
            if not all(_fold_safe(br) for br in av[1]):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _fold_safe(av[2]):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if not _fold_safe(av[1]):
                return False
        else:
            return False
    return True


def _first_letters(pattern: str) -> frozenset[str] | None:
    """Both cases of the ASCII letters an anchored pattern of the form ``^(word...|word...)...``
    must start with; None for any other form (then no character is ruled out)."""
    from re import _parser

    items = [(str(op), av) for op, av in _parser.parse(pattern)]
    if len(items) < 2 or items[0][0] != "AT" or items[1][0] != "SUBPATTERN":
        return None
    sub = list(items[1][1][3])
    if items[1][1][1] or items[1][1][2] or len(sub) != 1 or str(sub[0][0]) != "BRANCH":
        return None
    out = set()
    for br in sub[0][1][1]:
        if not br or str(br[0][0]) != "LITERAL":
            return None
        c = chr(br[0][1])
        if not ("a" <= c <= "z"):
            return None
        out.update((c, c.upper()))
    return frozenset(out)


@lru_cache(maxsize=1)
def trigger_rows() -> dict[str, tuple[int, ...]]:
    """Lower-cased trigger substring -> the unanchored rows (ids, ascending) it may start."""
    trig: dict[str, set[int]] = {}
    for k, t in enumerate(templates()):
        for w in t.triggers:
            trig.setdefault(w.lower(), set()).add(k)
    for w in trig:
        if "\n" in w:  # template_candidates joins blocks with line breaks
            raise ConfigError("E014", f"templates.tsv: trigger {w!r} has a line break")
    return {w: tuple(sorted(ids)) for w, ids in trig.items()}


def _non_capturing(pattern: str) -> str:
    """``pattern`` with every capturing group ``(...)`` made non-capturing ``(?:...)`` (escapes and
    character classes copied as they are)."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":  # a class: "]" first (or after "^") is a literal
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(pattern[i:j + 1])
            i = j + 1
        elif c == "(" and not pattern.startswith("(?", i):
            out.append("(?:")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _tagged(k: int, pattern: str) -> str:
    """Row ``k`` as a branch of an alternation whose ``lastgroup`` names the row that matched.
    Without capturing groups inside and the tag as an empty group at the end, the engine skips
    a failing branch twice as fast as with the row wrapped in a named group (same matches: the
    groups only record, they never steer the search)."""
    flat = _non_capturing(pattern)
    try:
        ok = _regex.compile(flat).groups == 0
    except re.error:  # e.g. a backreference to a group that is no longer one
        ok = False
    return f"(?:{flat})(?P<t{k}>)" if ok else f"(?P<t{k}>{pattern})"


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    """Anchored rows: for each distinct ``max_chars`` M one alternation of the rows allowed on
    blocks of length <= M, tried with ``match`` at the block start only. Unanchored rows: run
    only when one of their trigger substrings occurs (Aho-Corasick), so a block costs O(length)."""
    import ahocorasick

    ts_all = templates()
    anchored = []
    for mx in sorted({t.max_chars for t in ts_all if not t.triggers}):
        ids = [k for k, t in enumerate(ts_all) if not t.triggers and t.max_chars >= mx]
        # case-insensitive rows are matched, without re.I (faster), against the lower-cased text;
        # rows with a case-sensitive part "(?-i:...)" against the text as given, with re.I
        low = [k for k in ids if "(?-i:" not in ts_all[k].pattern]
        cased = [k for k in ids if "(?-i:" in ts_all[k].pattern]
        rx_low = _regex.compile("|".join(_tagged(k, ts_all[k].pattern) for k in low)) if low else None
        rx_cased = _regex.compile("|".join(_tagged(k, ts_all[k].pattern) for k in cased), re.I) if cased else None
        anchored.append((mx, rx_low, rx_cased))
    A = ahocorasick.Automaton()
    for w, ids in trigger_rows().items():
        A.add_word(w, ids)
    A.make_automaton()
    rows = {k: _regex.compile(t.pattern, re.I) for k, t in enumerate(ts_all) if t.triggers}
    from re import _parser

    # re.I disables the engine's literal fast paths: on ASCII blocks (or blocks whose other
    # characters have no case), the rows that allow it search the lower-cased block without re.I
    # (same spans, several times faster)
    rows_ascii = {k: _regex.compile(ts_all[k].pattern) for k in rows if _fold_safe(_parser.parse(ts_all[k].pattern))}
    firsts = [_first_letters(t.pattern) for t in ts_all if not t.triggers and "(?-i:" in t.pattern]
    cased_first = None if any(f is None for f in firsts) else frozenset().union(*firsts)
    by_len: list[tuple | None] = []
    firsts = {mx: _first_chars(lo) for mx, lo, _ in anchored}
    for n in range(_MAX_TEMPLATE_CHARS + 1):  # the first max_chars M with n <= M, as _match scans them
        by_len.append(next(((lo, ca, firsts[mx]) for mx, lo, ca in anchored if n <= mx), None))
    searchers = {}
    for k, rx in rows.items():
        searchers[(k, False)] = _fast_compile(ts_all[k].pattern, re.I).search
    for k, rx in rows_ascii.items():
        searchers[(k, True)] = _fast_compile(ts_all[k].pattern, 0).search
    prefilters = {k: pre for k in rows_ascii if (pre := _prefilter(ts_all[k].pattern)) is not None}
    return _Matcher(anchored, cased_first, A, rows, rows_ascii, by_len, searchers, prefilters)


_MATCHER: list[_Matcher] = []


def _load_matcher() -> _Matcher:
    _MATCHER.append(_matcher())
    return _MATCHER[0]


def match_template(text: str, lower: str | None = None) -> tuple[str, bool, str] | None:
    """``(label, barrier, note + matched phrase)`` of the template phrase ``text`` matches.

    Only blocks up to a pattern's ``max_chars`` are tried against it, so long
    body paragraphs that merely mention "privacy policy" are not chrome. When
    several rows match, the earliest row of the file wins.
    """
    if len(text) > _MAX_TEMPLATE_CHARS:
        return None
    if lower is None:
        lower = text.lower()
    m = _MATCHER[0] if _MATCHER else _load_matcher()
    cands: set[int] | None = None
    for _, ids in m.automaton.iter(lower):
        if cands is None:
            cands = set(ids)
        else:
            cands.update(ids)
    return _match(text, lower, cands)


def template_candidates(lowers: list[str]) -> list[set[int] | None]:
    """For each lower-cased block, the unanchored rows whose trigger substrings it contains
    (None: none), from one Aho-Corasick pass over all the blocks joined by a line break (no
    trigger contains one, so every hit lies inside one block: the same sets as block by block)."""
    out: list[set[int] | None] = [None] * len(lowers)
    if not lowers:
        return out
    m = _MATCHER[0] if _MATCHER else _load_matcher()
    starts = []
    pos = 0
    for low in lowers:
        starts.append(pos)
        pos += len(low) + 1
    starts.append(pos + 1)
    k = 0
    for end, ids in m.automaton.iter("\n".join(lowers)):  # hits come by increasing end
        while end >= starts[k + 1]:
            k += 1
        got = out[k]
        if got is None:
            out[k] = set(ids)
        else:
            got.update(ids)
    return out


def _match(text: str, lower: str, cands: set[int] | None) -> tuple[str, bool, str] | None:
    """:func:`match_template` given the trigger candidates ``cands`` of ``lower``."""
    n = len(text)
    if n > _MAX_TEMPLATE_CHARS:
        return None
    m = _MATCHER[0] if _MATCHER else _load_matcher()
    best: tuple[int, str] | None = None
    pair = m.by_len[n]  # the anchored rows allowed on a block of this length
    if pair is not None:
        rx_low, rx_cased, low_first = pair
        # (a block starting with none of the characters the rows can start with matches none)
        hit = rx_low.match(lower) if rx_low is not None and (
            low_first is None or lower[:1] in low_first[0] or _may_start(lower[:1], low_first)) else None
        if hit is not None:  # quote the phrase as written when lower() kept the offsets
            best = (int(hit.lastgroup[1:]), text[:hit.end()] if len(lower) == n else hit.group(0))
        # a cased row can match only a block starting with one of its first letters (either
        # case; a non-ASCII character may fold to one under re.I, so it is always tried)
        if rx_cased is not None and (m.cased_first is None or text[:1] in m.cased_first
                                     or not text[:1].isascii()):
            rx = rx_cased
            hit = rx.match(text)
            if hit is not None and (best is None or int(hit.lastgroup[1:]) < best[0]):
                best = (int(hit.lastgroup[1:]), hit.group(0))
    if cands:
        ts = templates()
        ascii_rows = m.rows_ascii if text.isascii() or _caseless_beyond_ascii(text) else {}
        searchers = m.searchers
        for k in sorted(cands):
            if best is not None and k > best[0]:
                break
            if n > ts[k].max_chars:
                continue
            if k in ascii_rows:  # lower() changed only ASCII letters, in place
                pre = m.prefilters.get(k)
                if pre is not None and not _holds_any(lower, pre):
                    continue  # (no substring the row needs: no match)
                hit = searchers[(k, True)](lower)
                if hit is not None:
                    best = (k, text[hit.start():hit.end()])
                    break
                continue
            hit = searchers[(k, False)](text)
            if hit is not None:
                best = (k, hit.group(0))
                break
    if best is None:
        return None
    t = templates()[best[0]]
    return t.label, t.barrier, f"{t.note.split(' (')[0]}: {best[1][:60]!r}"
