"""Near-duplicates and syndication across documents: who copied whom, and from which outlet.

Stages of :func:`find_copies`:

1. **Body**: each document is cleaned (:func:`framing.clean`) and its article
   body cut into word ``k``-shingles (lower-cased words, k = 5).
2. **MinHash** signatures (Broder 1997, *On the resemblance and containment of
   documents*): ``num_perm`` multiply-shift hashes over 32-bit shingle hashes
   (blake2b), the minimum per hash; numpy, seeded, so signatures are stable
   across runs and machines.
3. **LSH banding** (Leskovec, Rajaraman and Ullman, *Mining of Massive
   Datasets*, ch. 3): signatures cut into ``bands`` bands; documents sharing a
   band are candidates. 64 bands of 2 rows catch pairs down to Jaccard ~0.12,
   so truncated copies (an aggregator's first paragraphs) are not missed.
4. **Verify** each candidate on the exact shingle sets: Jaccard ``|A∩B|/|A∪B|``
   and containment ``|A∩B|/min(|A|,|B|)``. A pair is a copy when Jaccard >=
   ``threshold`` or containment >= ``containment``.
5. **Direction and origin**: the text's own statement wins ("Read Full Article
   on X", "originally published by X", a "(MENAFN)" or "(Reuters)" dateline,
   "..., reports X": :func:`find_origin`); then the earlier ``published`` date;
   otherwise the direction is reported as unknown.
"""
from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, NamedTuple

import numpy as np

from .. import _regex
from ..types import CleanedPage, Document

__all__ = ["Origin", "CopyPair", "SyndicationReport", "shingles", "minhash", "find_origin", "find_copies",
           "detect_copies"]

_W = _regex.compile(r"\w+")
_NAME = r"([A-Z][\w.&'’-]*(?:[ ][A-Z0-9][\w.&'’-]*){0,5})"
_ORIGIN_RULES: list[tuple[str, re.Pattern]] = [
    ("read-through link", _regex.compile(r"\bRead (?:the )?(?:Full|Entire|Original|Complete) (?:Article|Story|Post) "
                                         r"(?:on|at) " + _NAME, re.I)),
    ("originally published", _regex.compile(r"\b(?:originally|first) (?:published|appeared|ran|posted) "
                                            r"(?:on|in|by|at) (?:the )?" + _NAME)),
    ("source line", _regex.compile(r"(?m)^(?:Source|Courtesy|Syndicated from|Republished from|Via)\s*:\s*" + _NAME)),
    ("dateline", _regex.compile(r"(?m)^(?:[A-Z][A-Z .,'-]{1,40} )?\((MENAFN|Reuters|AP|AFP|IANS|PTI|Xinhua|"
                                r"Yonhap|Bloomberg|UPI|dpa|ANI|TASS|Sputnik|Anadolu|Bernama|KCNA)\)")),
    # (", reports X" and " reports X" give the same name: no optional comma, so the engine
    # can jump to the literal " reports ")
    ("reports", _regex.compile(r" reports " + _NAME + r"\s*$", re.M)),
]


class Origin(NamedTuple):
    """An outlet the text names as the source of the article."""

    outlet: str
    start: int
    end: int
    text: str
    rule: str


class CopyPair(NamedTuple):
    copy: str  #: id of the copy
    of: str  #: id of the document it copies
    jaccard: float
    containment: float
    direction: str  #: how ``copy``/``of`` was decided: "origin named", "published date", "unknown"
    origin: str | None  #: the originating outlet where a text names it


@dataclass
class SyndicationReport:
    """Result of :func:`find_copies`."""

    pairs: list[CopyPair] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)  #: connected groups of copies, ids sorted
    origins: dict[str, list[Origin]] = field(default_factory=dict)

    def copies_of(self, doc_id: str) -> list[str]:
        return [p.copy for p in self.pairs if p.of == doc_id]

    def to_records(self) -> list[dict[str, Any]]:
        return [p._asdict() for p in self.pairs]


#: Substrings without which a rule cannot match (its case as the rule's pattern needs: the
#: read-through rule is case-insensitive, so it is tested on the lower-cased text). Running a
#: rule only when one is present makes find_origin about 10x faster on articles that name no origin.
_TRIGGERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "read-through link": (tuple(f"{w} {p}" for w in ("article", "story", "post") for p in ("on", "at")), True),
    "originally published": (tuple(f"{a} {b}" for a in ("originally", "first")
                                   for b in ("published", "appeared", "ran", "posted")), False),
    "source line": (("Source", "Courtesy", "Syndicated", "Republished", "Via"), False),
    "dateline": (tuple(f"({a})" for a in ("MENAFN", "Reuters", "AP", "AFP", "IANS", "PTI", "Xinhua", "Yonhap",
                                          "Bloomberg", "UPI", "dpa", "ANI", "TASS", "Sputnik", "Anadolu",
                                          "Bernama", "KCNA")), False),
    "reports": ((" reports ",), False),
}


def _any_after(text: bytes, words: tuple[bytes, ...], nexts: tuple[bytes, ...]) -> bool:
    """True when some ``w + n`` (``w`` in ``words``, ``n`` in ``nexts``) occurs in ``text``: the
    substring test of the ``w + n`` needles, with one scan per ``w``."""
    for w in words:
        i = text.find(w)
        while i >= 0:
            if text.startswith(nexts, i + len(w)):
                return True
            i = text.find(w, i + 1)
    return False


def _b(words) -> tuple[bytes, ...]:
    return tuple(w.encode("ascii") for w in words)


def _word_then_next(needles: tuple[str, ...]) -> tuple[tuple[bytes, ...], tuple[bytes, ...]] | None:
    """``(words, nexts)`` when the needles are exactly every ``word + next`` (cut after their last
    space), for :func:`_any_after`; else None."""
    words = tuple(dict.fromkeys(n[:n.rindex(" ") + 1] for n in needles if " " in n))
    nexts = tuple(dict.fromkeys(n[n.rindex(" ") + 1:] for n in needles if " " in n))
    if {w + x for w in words for x in nexts} != set(needles):
        return None
    return _b(words), _b(nexts)


_RULE = dict(_ORIGIN_RULES)
#: the needles of the read-through and originally-published rules as words and what follows them
_SPLIT = {r: _word_then_next(_TRIGGERS[r][0]) for r in ("read-through link", "originally published")}
#: the read-through rule's pattern starts "\bRead " under re.I, so it needs "read " in the
#: lower-cased text (re.I matches r, e, a, d only as ASCII letters, which lower() keeps in place)
_READ_NEEDED = _RULE["read-through link"].pattern.startswith("\\bRead ") and bool(_RULE["read-through link"].flags & re.I)
_SOURCE_WORDS = _b(_TRIGGERS["source line"][0])
#: the source-line rule's pattern starts each of its words at the start of a line ("(?m)^")
_SOURCE_AT_START = _RULE["source line"].pattern.startswith("(?m)^(?:Source|Courtesy|Syndicated from|Republished from|Via)")
#: one scan for the dateline needles (they all start with "(", the engine's literal prefix)
_DATELINE_ANY = _regex.compile(b"|".join(map(re.escape, _b(_TRIGGERS["dateline"][0]))))
#: a source-line word right after a line break (the rule's "(?m)^" matches only there or at 0)
_SOURCE_AT_LINE = _regex.compile(b"\n(?:" + b"|".join(map(re.escape, _SOURCE_WORDS)) + b")")


def _triggered(rule: str, raw: bytes, low: list[bytes]) -> bool:
    """The trigger test of ``rule`` (:data:`_TRIGGERS`), done cheaply on ``raw``, the page
    text in UTF-8 (``low`` caches ``raw.lower()``).

    Every needle is ASCII, and UTF-8 writes an ASCII character as that byte and any other as
    bytes >= 0x80, so a needle occurs in the text exactly when its bytes occur in ``raw``. For
    the lower-cased needles of the read-through rule, ``bytes.lower()`` lower-cases the ASCII
    letters only; ``str.lower()`` also turns two other characters into ASCII letters, "İ" into
    "i" + U+0307 and the Kelvin sign into "k", and no needle holds a "k" or an "i" that a U+0307
    could follow, so the two tests agree. Two tests add a condition the rule's pattern needs
    (without it the rule finds nothing, triggered or not): the read-through rule needs "read "
    (:data:`_READ_NEEDED`), and the source-line rule needs its word at the start of a line
    ("(?m)^" matches only at 0 or after "\\n"; :data:`_SOURCE_AT_START`)."""
    needles, lower = _TRIGGERS[rule]
    if lower:
        if not low:
            low.append(raw.lower())
        raw = low[0]
        if rule == "read-through link" and _READ_NEEDED and b"read " not in raw:
            return False
    split = _SPLIT.get(rule)
    if split is not None:
        return _any_after(raw, *split)
    if rule == "source line" and _SOURCE_AT_START and not lower:
        return raw.startswith(_SOURCE_WORDS) or _SOURCE_AT_LINE.search(raw) is not None
    if rule == "dateline" and not lower:
        return _DATELINE_ANY.search(raw) is not None
    return any(n.encode("ascii") in raw for n in needles)


@lru_cache(maxsize=1)
def _case_kept_gates():
    """``(dfa, rules)``: the needles of the trigger tests :func:`_triggered` runs on the text as it
    is (every rule but the lower-cased read-through one; a source-line word after a line break, as
    there) in one DFA of the ``ahocorasick_rs`` package, ``rules[i]`` the rule of needle ``i``; None
    when the package is not installed."""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    needles: list[bytes] = []
    rules: list[str] = []
    for rule, (words, lower) in _TRIGGERS.items():
        if lower:
            continue
        for w in _b(words):
            needles.append(b"\n" + w if rule == "source line" and _SOURCE_AT_START else w)
            rules.append(rule)
    if _READ_NEEDED:  # "read " in any case: "read " is in the lower-cased text (bytes.lower: ASCII only)
        for variant in {bytes(v) for v in itertools.product(*[(c, c - 32) for c in b"read"], [32])}:
            needles.append(variant)
            rules.append(_READ)
    return ahocorasick_rs.BytesAhoCorasick(needles, implementation=ahocorasick_rs.Implementation.DFA), rules


#: the mark :func:`_case_kept_triggered` gives a text holding "read " in some case
_READ = "read "


def _case_kept_triggered(raw: bytes) -> set[str] | None:
    """The rules among those :func:`_case_kept_gates` covers whose :func:`_triggered` test is true
    for ``raw``, and :data:`_READ` when the read-through rule's "read " pre-test is (else that rule's
    test is false without lower-casing the text), from one pass of the DFA (11 us an AllSides page,
    where the four tests and the pre-test take 27 us, 2026-11-22); None without it."""
    gates = _case_kept_gates()
    if gates is None:
        return None
    dfa, rules = gates
    found = {rules[i] for i, _, _ in dfa.find_matches_as_indexes(raw, overlapping=True)}
    if _SOURCE_AT_START and raw.startswith(_SOURCE_WORDS):  # (a source word at 0: no line break)
        found.add("source line")
    return found


def find_origin(text: str) -> list[Origin]:
    """Outlets ``text`` names as the article's origin (read-through links, datelines, credits)."""
    out = []
    raw = text.encode("utf-8", "surrogatepass")
    low: list[bytes] = []
    kept = _case_kept_triggered(raw)
    for rule, rx in _ORIGIN_RULES:
        # the rule's trigger test, the same answer three ways: a rule tested on the text as it is,
        # from the DFA pass (its needles found or not); the lower-cased read-through rule, the DFA's
        # "read " pre-test first, then _triggered on the lower-cased text; without the DFA
        # (ahocorasick_rs not installed), _triggered for every rule (tests/clean/test_syndication.py
        # compares the DFA answers with _triggered's)
        if kept is not None and not _TRIGGERS[rule][1]:
            if rule not in kept:
                continue
        elif kept is not None and rule == "read-through link" and _READ_NEEDED and _READ not in kept:
            continue
        elif not _triggered(rule, raw, low):
            continue
        for m in rx.finditer(text):
            name = m.group(1).rstrip(".,;:'’ -")
            if rule == "read-through link":
                name = re.sub(r"(?i)\.(com|org|net|co\.uk)$", "", name)
            if len(name) >= 2:
                out.append(Origin(name, m.start(1), m.start(1) + len(name), text[m.start(1):m.start(1) + len(name)], rule))
    out.sort(key=lambda o: o.start)
    return out


def shingles(text: str, *, k: int = 5) -> set[int]:
    """32-bit hashes of the word ``k``-grams of ``text`` (lower-cased)."""
    words = _W.findall(text.lower())
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + k]) for i in range(len(words) - k + 1)]
    return {int.from_bytes(hashlib.blake2b(g.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little")
            for g in grams}


@lru_cache(maxsize=8)
def _perms(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
    b = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)
    return a, b


def minhash(sh: set[int], *, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signature (``num_perm`` uint64) of a shingle set; all-max for an empty set.

    Hash family: multiply-shift, ``((a*x + b) mod 2^64) >> 32`` with odd random ``a``
    (Dietzfelbinger et al. 1997), computed with numpy's wrapping uint64 arithmetic.
    """
    a, b = _perms(num_perm, seed)
    if not sh:
        return np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    with np.errstate(over="ignore"):
        h = (np.outer(x, a) + b) >> np.uint64(32)
    return h.min(axis=0)


def _as_item(obj: Any, k: int, do_clean: bool) -> tuple[str, str, str | None, str]:
    """(id, body, published, page text) of a document-like input."""
    from . import clean

    if isinstance(obj, CleanedPage):
        return str(id(obj)), obj.body, None, obj.text
    if isinstance(obj, tuple) and len(obj) == 2:
        obj = Document(text=obj[1], id=str(obj[0]))
    if isinstance(obj, str):
        obj = Document(text=obj)
    if not isinstance(obj, Document):
        raise TypeError(f"find_copies() takes Documents, strings or (id, text) pairs, not {type(obj).__name__}")
    body = clean(obj).body if do_clean else obj.text
    return str(obj.id), body, obj.published, obj.text


def find_copies(documents: Iterable[Any], *, threshold: float = 0.5, containment: float = 0.8,
                k: int = 5, num_perm: int = 128, bands: int = 64, clean: bool = True,
                seed: int = 1) -> SyndicationReport:
    """Near-duplicate and syndicated copies among ``documents`` (stages in the module docstring).

    ``threshold`` (Jaccard) and ``containment`` (0.8: a copy that keeps 80% of the shorter
    text's shingles) follow the near-duplicate practice of Broder (1997).
    """
    items = [_as_item(d, k, clean) for d in documents]
    ids = [it[0] for it in items]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique")
    origins = {it[0]: find_origin(it[3]) for it in items}
    bodies = {it[0]: it[1] for it in items}
    return detect_copies(ids, bodies.__getitem__, [it[2] for it in items], origins, threshold=threshold,
                         containment=containment, k=k, num_perm=num_perm, bands=bands, seed=seed)


#: A band bucket with more members than this (hundreds of identical error pages, say) is linked
#: as a star around its first member instead of all pairs, so candidates stay linear in its size.
_MAX_BUCKET_PAIRS = 64


def detect_copies(ids: list[str], body_of: Callable[[str], str], published: list[Any],
                  origins: dict[str, list[Origin]], *, threshold: float = 0.5, containment: float = 0.8,
                  k: int = 5, num_perm: int = 128, bands: int = 64, seed: int = 1) -> SyndicationReport:
    """Stages 1-5 of :func:`find_copies` over bodies read through ``body_of(id)``.

    Memory stays small for large corpora: only each document's signature (``num_perm`` uint32)
    and shingle count are kept; the shingle sets of candidate pairs are rebuilt from the bodies
    (a small cache) to verify them exactly. ``origins`` maps ids to :func:`find_origin` results.
    """
    if num_perm % bands:
        raise ValueError("num_perm must be a multiple of bands")
    n = len(ids)
    # 1-2. shingles and signatures (the hash values are < 2**32: stored as uint32)
    sigs = np.zeros((n, num_perm), dtype=np.uint32)
    sizes = np.zeros(n, dtype=np.int64)
    for r, i in enumerate(ids):
        sh = shingles(body_of(i), k=k)
        sizes[r] = len(sh)
        if sh:
            sigs[r] = minhash(sh, num_perm=num_perm, seed=seed)
    # 3. LSH banding
    rows = num_perm // bands
    cands: set[tuple[int, int]] = set()
    for bnd in range(bands):
        buckets: dict[bytes, list[int]] = {}
        block = sigs[:, bnd * rows:(bnd + 1) * rows]
        for r in np.flatnonzero(sizes):
            buckets.setdefault(block[r].tobytes(), []).append(int(r))
        for members in buckets.values():
            m = len(members)
            if m < 2:
                continue
            if m > _MAX_BUCKET_PAIRS:
                cands.update((members[0], y) for y in members[1:])
            else:
                cands.update((members[x], members[y]) for x in range(m) for y in range(x + 1, m))
    # 4. verify on exact shingle sets, 5. direction
    items = [(ids[r], None, published[r]) for r in range(n)]
    report = SyndicationReport(origins={i: list(origins.get(i, [])) for i in ids})
    parent = list(range(n))

    def root(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    @lru_cache(maxsize=256)
    def sets(r: int) -> frozenset[int]:
        return frozenset(shingles(body_of(ids[r]), k=k))

    for x, y in sorted(cands):
        a, b = sets(x), sets(y)
        inter = len(a & b)
        jac = inter / len(a | b)
        con = inter / min(len(a), len(b))
        if jac < threshold and con < containment:
            continue
        copy, of, how = _direction(x, y, items, report.origins)
        named = sorted(report.origins[ids[copy]], key=lambda o: o.rule not in _STRONG)
        names = [o.outlet for o in named] or [o.outlet for o in report.origins[ids[of]]]
        report.pairs.append(CopyPair(ids[copy], ids[of], round(jac, 4), round(con, 4), how,
                                     names[0] if names else None))
        parent[root(x)] = root(y)
    groups: dict[int, list[str]] = {}
    for r in range(n):
        groups.setdefault(root(r), []).append(ids[r])
    report.groups = sorted(sorted(g) for g in groups.values() if len(g) > 1)
    return report


_STRONG = frozenset({"read-through link", "originally published", "source line"})


def _direction(x: int, y: int, items, origins) -> tuple[int, int, str]:
    """(copy, original, how): a text saying it is republished ("Read Full Article on X",
    "originally published by X", "Source: X") is the copy; then one naming any origin
    (dateline, "reports X"); then the later ``published`` date; else unknown."""
    for rules in (_STRONG, None):
        ox = any(rules is None or o.rule in rules for o in origins[items[x][0]])
        oy = any(rules is None or o.rule in rules for o in origins[items[y][0]])
        if ox != oy:
            return (x, y, "origin named") if ox else (y, x, "origin named")
    px, py = items[x][2], items[y][2]
    if px and py and px != py:
        return (x, y, "published date") if str(px) > str(py) else (y, x, "published date")
    return y, x, "unknown"
