"""Term lexicons: load, expand (inflections, hyphen and case variants) and match fast.

A lexicon is a table of terms (single words or multi-word expressions) with a
``category`` and a ``source``. Matching follows the usual dictionary approach
of content-analysis tools (e.g. LIWC, Pennebaker et al. 2015), made exact and
fast:

1. **Expand** every term once, at load time: regular English inflections of
   its head word (the last word, or the verb of a phrasal verb: ``claim`` ->
   ``claims``, ``claimed``, ``claiming``; ``hero`` -> ``heroes``; ``lash
   out`` -> ``lashed out``) by suffix rules, plus hyphen/space/closed
   variants (``hard-left``, ``hard left``, ``hardleft``). Case is folded.
   (A rule generator rather than a stemmer at match time: importing nltk
   costs seconds per process, and generated forms are exact.)
2. **Match** all forms in one pass with an Aho-Corasick automaton
   (``pyahocorasick``, linear in the text) over a lower-cased copy of the text
   that keeps every offset. Several lexicons can share one pass
   (:func:`match_many`, one joint automaton built once per set of lexicons).
3. **Filter**: the automaton runs over a copy of the text with every
   non-word character turned into a space (offsets kept) and keys padded
   with spaces, so only whole words match (a hyphen or apostrophe is a word
   edge: "pro-war" contains "war"); keep the leftmost-longest
   non-overlapping hits.

User lexicons (CSV or YAML, see :func:`load_lexicon`) extend or override the
packaged one without touching the package.
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

from .. import _regex
from .._automata import rs_twin, twin_hits
from ..errors import ConfigError
from .tokens import _codes, _pad_codes, char_classes

__all__ = [
    "Entry",
    "Match",
    "Lexicon",
    "load_lexicon",
    "read_entries",
    "inflections",
    "variants",
    "fold",
    "user_lexicons",
    "LEXICON_ENV",
    "EXCLUDE",
    "entry_weight",
    "pad",
    "match_many",
    "joint_hits",
]

#: Reserved category: a row with it removes that form from matching (and shadows shorter terms inside it).
EXCLUDE = "exclude"

#: Environment variable: user lexicon files (``os.pathsep``-separated) added to the packaged one.
LEXICON_ENV = "FRAMING_LEXICONS"


class Entry(NamedTuple):
    """One lexicon row. ``inflect=False`` matches the term only as written (case/hyphen folded)."""

    term: str
    category: str
    source: str = "user"
    inflect: bool = True
    attrs: tuple[tuple[str, str], ...] = ()  #: extra columns (e.g. referent, variant, stance)


_new = tuple.__new__


class Match(NamedTuple):
    """A lexicon hit: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entry: Entry


# ---------------------------------------------------------------- 1. expansion

_VOWELS = set("aeiou")
_PARTICLES = {"out", "up", "down", "off", "through", "in", "on", "over", "away", "back", "about"}
# characters folded to keep offsets: curly apostrophes and in-line white space
_FOLD_PAIRS = (("’", "'"), ("‘", "'"), ("\n", " "), ("\t", " "), ("\r", " "), ("\xa0", " "), ("–", "-"),
               ("‑", "-"))
_FOLD = str.maketrans({"’": "'", "‘": "'", "\n": " ", "\t": " ", "\r": " ", "\xa0": " ", "–": "-", "‑": "-"})


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def _candidates(w: str) -> set[str]:
    out = {w}
    if not w.isalpha() or len(w) < 3:
        return out
    last = w[-1]
    # -s / -es
    sibilant = w.endswith(("s", "x", "z", "ch", "sh"))
    if sibilant or last == "o":
        out.add(w + "es")
    if sibilant:
        pass
    elif last == "y" and w[-2] not in _VOWELS:
        out.update({w[:-1] + "ies", w[:-1] + "ied", w + "ing"})
    else:
        out.add(w + "s")
    # -ed / -ing
    if last == "e":
        out.update({w + "d", w[:-1] + "ing"})
        if w.endswith("ie"):
            out.add(w[:-2] + "ying")
    elif last != "y":
        out.update({w + "ed", w + "ing"})
        # consonant doubling for short CVC stems (slam -> slammed)
        if len(w) <= 5 and last not in _VOWELS | {"w", "x", "y"} and w[-2] in _VOWELS and w[-3] not in _VOWELS:
            out.update({w + last + "ed", w + last + "ing"})
    else:
        out.update({w + "ed", w + "ing"})
    # adverbs
    if w.endswith("ic"):
        out.add(w + "ally")
    elif w.endswith("le"):
        out.add(w[:-1] + "y")
    elif last == "y" and w[-2] not in _VOWELS:
        out.add(w[:-1] + "ily")
    else:
        out.add(w + "ly")
    return out


@lru_cache(maxsize=50_000)
def inflections(word: str) -> frozenset[str]:
    """Regular English inflections of ``word`` (the word included).

    Rules: plural/3rd person ``-s``/``-es``/``-ies``, ``-ed``/``-ing`` with
    e-dropping, y-to-i and consonant doubling, adverb ``-ly``/``-ally``/``-ily``.
    Over-generated forms ("claimly") never occur in text and cost nothing;
    words whose inflections are other words ("dim" -> "dimmed") are entered
    with ``inflect=no``.
    """
    return frozenset(_candidates(word.lower()))


_NONWORD_RE = _regex.compile(r"\W")


def _key(form: str) -> str:
    """A folded form as the automaton stores it: non-word characters as single spaces."""
    return " ".join(_NONWORD_RE.sub(" ", form).split())


def fold(text: str) -> str:
    """Lower-case ``text`` keeping its length (so offsets carry over)."""
    low = text.lower()
    for a, b in _FOLD_PAIRS:
        if a in low:
            low = low.replace(a, b)
    if len(low) == len(text):
        return low
    # rare characters whose lower case is longer ("İ"): fold one by one
    return "".join((c.translate(_FOLD).lower() or c)[0] for c in text)


def variants(entry: Entry) -> set[str]:
    """Every surface form (folded) that matches ``entry``."""
    term = " ".join(fold(entry.term).split())
    if not term:
        return set()
    words = term.split(" ")
    forms: set[str] = set()
    if entry.inflect:
        if len(words) == 1:
            parts = term.split("-")
            if len(parts) > 1:
                heads = inflections(parts[-1])
                forms.update("-".join(parts[:-1] + [h]) for h in heads)
            else:
                forms.update(inflections(term))
        elif words[-1] in _PARTICLES:
            # phrasal verb: inflect the verb ("lash out" -> "lashed out")
            forms.update(" ".join([f, *words[1:]]) for f in inflections(words[0]))
        else:
            forms.update(" ".join([*words[:-1], la]) for la in inflections(words[-1]))
    else:
        forms.add(term)
    out: set[str] = set()
    for f in forms:
        out.add(f)
        if "-" in f:
            out.add(f.replace("-", " "))
            out.add(f.replace("-", ""))
        elif " " in f and len(words) <= 3:
            out.add(f.replace(" ", "-"))
    return {o for o in out if o.strip()}


# ---------------------------------------------------------------- loading

_TRUE = {"", "1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


def _row_entry(row: dict, *, path: str, line: int, default_category: str | None, default_source: str) -> Entry:
    term = (row.get("term") or "").strip()
    if not term:
        raise ConfigError("E014", "a lexicon row has no term", path=path, line=line)
    cat = (row.get("category") or default_category or "").strip()
    if not cat:
        raise ConfigError("E014", f"term {term!r} has no category", path=path, line=line)
    infl = str(row.get("inflect", "") or "").strip().lower()
    if infl not in _TRUE | _FALSE:
        raise ConfigError("E014", f"inflect must be yes/no, got {infl!r}", path=path, line=line)
    src = (row.get("source") or default_source).strip()
    w = str(row.get("weight", "") or "").strip()
    if w:
        try:
            ok = float(w) >= 0 and float(w) < float("inf")
        except ValueError:
            ok = False
        if not ok:
            raise ConfigError("E014", f"weight of {term!r} must be a number >= 0, got {w!r}", path=path, line=line)
    extra = tuple(sorted((str(k), str(v)) for k, v in row.items()
                         if k not in {"term", "category", "source", "inflect"} and k and v not in (None, "")))
    return Entry(term, cat, src, infl not in _FALSE, extra)


def read_entries(path: str | os.PathLike | None = None, *, text: str | None = None, fmt: str | None = None,
                 category: str | None = None, source: str | None = None) -> list[Entry]:
    """Read lexicon entries from a CSV or YAML file (or from ``text`` with ``fmt``).

    CSV: a header with ``term`` and ``category`` (optional ``source``,
    ``inflect``, and any further columns, kept as attributes). YAML: either a
    list of such rows, or a mapping ``{categories: {name: [term, ...]}}``
    (optionally with ``name``/``version``/``source``). Raises
    :class:`~framing.errors.ConfigError` ``E014`` on malformed input.
    """
    where = str(path) if path is not None else "<text>"
    if text is None:
        if path is None:
            raise ValueError("give a path or text")
        p = Path(path)
        if not p.exists():
            raise ConfigError("E001", f"lexicon file not found: {p}", path=where)
        text = p.read_text(encoding="utf-8-sig")
        fmt = fmt or ("yaml" if p.suffix.lower() in {".yaml", ".yml"} else "csv")
    fmt = (fmt or "csv").lower()
    default_source = source or (Path(where).name if path is not None else "user")
    out: list[Entry] = []
    if fmt in {"yaml", "yml"}:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError("E014", f"YAML error: {exc}", path=where) from None
        if isinstance(data, dict):
            default_source = str(data.get("source") or default_source)
            cats = data.get("categories")
            if cats is None and "terms" in data:
                data = data["terms"]
            elif not isinstance(cats, dict):
                raise ConfigError("E014", "YAML lexicon needs a 'categories' mapping or a 'terms' list", path=where)
            else:
                for cat, terms in cats.items():
                    if isinstance(terms, str) or not isinstance(terms, list):
                        raise ConfigError("E014", f"category {cat!r} must list terms", path=where)
                    for t in terms:
                        row = t if isinstance(t, dict) else {"term": str(t)}
                        out.append(_row_entry({"category": str(cat), **row}, path=where, line=None,
                                              default_category=category, default_source=default_source))
                return out
        if not isinstance(data, list):
            raise ConfigError("E014", "YAML lexicon must be a list of rows or a mapping", path=where)
        for i, row in enumerate(data, 1):
            if isinstance(row, str):
                row = {"term": row}
            if not isinstance(row, dict):
                raise ConfigError("E014", f"row {i} is not a mapping", path=where)
            out.append(_row_entry({k: (str(v) if v is not None else "") for k, v in row.items()}, path=where,
                                  line=None, default_category=category, default_source=default_source))
        return out
    if fmt != "csv":
        raise ConfigError("E014", f"unsupported lexicon format {fmt!r} (use CSV or YAML)", path=where)
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if not reader.fieldnames or "term" not in [f.strip() for f in reader.fieldnames]:
        raise ConfigError("E014", "CSV lexicon needs a header with a 'term' column", path=where)
    for i, row in enumerate(reader, 2):
        row = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in row.items()}
        out.append(_row_entry(row, path=where, line=i, default_category=category, default_source=default_source))
    return out


def entry_weight(entry: Entry) -> float:
    """The ``weight`` column of a lexicon row (1.0 when blank or absent).

    Packaged loaded terms carry a weight calibrated on the BABE calibration part (see
    ``loaded_terms.meta.yaml``); user rows may set their own. Validated when the row is read.
    """
    got = _WEIGHTS.get(id(entry))
    if got is not None and got[0] is entry:
        return got[1]
    w = 1.0
    for k, v in entry.attrs:
        if k == "weight":
            w = float(v)
            break
    if len(_WEIGHTS) >= _WEIGHTS_MAX:
        _WEIGHTS.clear()
    # the entry is kept with its weight, so its id cannot be reused while the memo holds it
    _WEIGHTS[id(entry)] = (entry, w)
    return w


#: id of a lexicon row -> (the row, :func:`entry_weight` of it): the weight column parsed once per row
#: (a row is matched over and over). A memory bound only (cleared when full; results never depend on
#: it): the packaged loaded-terms lexicon has about 2,000 rows.
_WEIGHTS: dict[int, tuple[Entry, float]] = {}
_WEIGHTS_MAX = 20_000


# ---------------------------------------------------------------- 2-3. matching


@dataclass
class Lexicon:
    """A compiled lexicon. Build with :func:`load_lexicon` or ``Lexicon(entries)``."""

    entries: list[Entry]
    name: str = "lexicon"
    version: str = ""

    def __post_init__(self) -> None:
        self._automaton = None
        self._forms: dict[str, int] | None = None

    def extended(self, extra: list[Entry], paths: list[str]) -> "Lexicon":
        """This lexicon plus the user entries ``extra`` read from ``paths`` (named after them)."""
        return Lexicon(self.entries + extra, name="+".join([self.name] + [os.path.basename(p) for p in paths]),
                       version=self.version)

    def _compile_forms(self) -> dict[str, int]:
        """Every key (folded surface form, see :func:`_key`) -> index of the entry it matches."""
        if self._forms is None:
            forms: dict[str, int] = {}
            for i, e in enumerate(self.entries):  # later entries override earlier ones
                for f in variants(e):
                    k = _key(f)
                    if k:
                        forms[k] = i
            self._forms = forms
        return self._forms

    def _compile(self):
        import ahocorasick

        forms = self._compile_forms()
        a = ahocorasick.Automaton()
        for f, i in forms.items():
            # padded with spaces: on the padded, separator-mapped text only whole words can match
            a.add_word(f" {f} ", (len(f), i))
        if forms:
            a.make_automaton()
        self._automaton = a
        return a

    @property
    def categories(self) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.entries:
            seen.setdefault(e.category, None)
        return list(seen)

    def __len__(self) -> int:
        return len(self.entries)

    def __add__(self, other: "Lexicon") -> "Lexicon":
        return Lexicon(self.entries + other.entries, name=f"{self.name}+{other.name}",
                       version=self.version)

    def lookup(self, form: str) -> Entry | None:
        """The entry a surface form matches, if any."""
        i = self._compile_forms().get(_key(fold(form)))
        return None if i is None else self.entries[i]

    def match(self, text: str, *, folded: str | None = None, padded: str | None = None) -> list[Match]:
        """Leftmost-longest whole-word matches in ``text`` (offsets index ``text``).

        ``padded`` (:func:`pad` of ``text``) lets several lexicons share one preparation of a text.
        """
        a = self._automaton if self._automaton is not None else self._compile()
        if not self._forms or not text:
            return []
        if padded is None:
            padded = pad(text, folded=folded)
        # (start, -end, entry) in text offsets: the trailing pad space is at padded index end_idx, which is
        # text offset end_idx - 1 (one leading pad)
        return self._select([(x - ln - 1, 1 - x, i) for x, (ln, i) in a.iter(padded)], text)

    def _select(self, hits: list[tuple[int, int, int]], text: str) -> list[Match]:
        """Leftmost-longest non-overlapping ``(start, -end, entry index)`` hits as matches.

        Rows of category ``exclude`` consume their span and are dropped."""
        if not hits:
            return []
        hits.sort()
        out: list[Match] = []
        last = -1
        entries = self.entries
        for s, neg_e, i in hits:
            if s < last:
                continue
            last = -neg_e
            entry = entries[i]
            if entry.category != EXCLUDE:  # an "exclude" row consumes its span and reports nothing
                # tuple.__new__ builds the NamedTuple without its Python-level __new__
                out.append(_new(Match, (s, last, text[s:last], entry)))
        return out


#: joint automata of :func:`match_many`, by the identities of their lexicons (the lexicons are kept
#: alive with the automaton, so an identity is never reused while its entry exists)
_JOINT: dict[tuple[int, ...], tuple[tuple["Lexicon", ...], object, object]] = {}
_JOINT_MAX = 16


def _joint_automaton(lexicons: tuple["Lexicon", ...]):
    """``(automaton, fast)``: the pyahocorasick automaton of every form of ``lexicons`` (value
    ``(length, ((lexicon slot, entry index), ...))``), and the same keys as ``(ahocorasick_rs
    automaton, values by key index)``, or None without that package (then the automaton, laid out
    by :func:`compact`, does every scan)."""
    key = tuple(map(id, lexicons))
    got = _JOINT.get(key)
    if got is not None:
        return got[1], got[2]
    import ahocorasick

    # key -> (length, ((lexicon slot, entry index), ...)): one automaton state per form, tagged with
    # every lexicon that has it
    targets: dict[str, list[tuple[int, int]]] = {}
    for slot, lex in enumerate(lexicons):
        for f, i in lex._compile_forms().items():
            targets.setdefault(f, []).append((slot, i))
    a = ahocorasick.Automaton()
    for f, tg in targets.items():
        a.add_word(f" {f} ", (len(f), tuple(tg)))
    fast = None  # the same keys in an ahocorasick-rs automaton, when installed (see joint_hits)
    if targets:
        a.make_automaton()
        fast = rs_twin(a)
        if fast is None:  # pragma: no cover - ahocorasick-rs is a dependency
            a = compact(a)  # every scan goes through this automaton: laid out contiguously
    if len(_JOINT) >= _JOINT_MAX:
        _JOINT.pop(next(iter(_JOINT), None), None)
    _JOINT[key] = (lexicons, a, fast)
    return a, fast


def compact(automaton):
    """A copy of a built ``ahocorasick.Automaton`` with its nodes and values laid out contiguously.

    The same automaton (same words, values and matches): a pickle round trip, which allocates the
    nodes one after another in traversal order instead of scattered among the allocations made while
    the words were added. The scan of a text is bound by memory access to the nodes, and is faster
    over the contiguous copy: the joint automaton of :func:`match_many` over 600 AllSides articles,
    with the L2 cache flushed between articles as the other stages of the pipeline flush it,
    155 -> 143 us an article (/tmp/s6/B_ac.py, 2026-11-22).
    """
    import pickle

    return pickle.loads(pickle.dumps(automaton, protocol=pickle.HIGHEST_PROTOCOL))


def match_many(lexicons: Sequence[Lexicon], text: str, *, padded: str | None = None) -> list[list[Match]]:
    """``[lex.match(text, padded=padded) for lex in lexicons]``, in one automaton pass over the text.

    The joint automaton of a sequence of lexicons is built once (and kept for the 16 most recent
    sequences); each lexicon's leftmost-longest selection runs on its own hits, so the result is
    the same as matching each lexicon alone.
    """
    lexicons = tuple(lexicons)
    return [lex._select(h, text) for lex, h in zip(lexicons, joint_hits(lexicons, text, padded=padded))]


def joint_hits(lexicons: tuple[Lexicon, ...], text: str, *,
               padded: str | None = None) -> list[list[tuple[int, int, int]]]:
    """The raw hits of :func:`match_many`, per lexicon: ``(start, -end, entry index)`` in any order.

    ``lexicons[k]._select(hits[k], text)`` turns them into that lexicon's matches (so a caller can
    select only the lexicons it needs).
    """
    if not text or not lexicons:
        return [[] for _ in lexicons]
    a, fast = _joint_automaton(lexicons)
    if not len(a):
        return [[] for _ in lexicons]
    if padded is None:
        padded = pad(text)
    buckets: list[list[tuple[int, int, int]]] = [[] for _ in lexicons]
    # the automaton's hits, read through ahocorasick-rs (hits with one end may come in another order:
    # the buckets are sorted when selected). Its contiguous NFA: the loaded family 0.431 -> 0.413 ms
    # an AllSides article in the pipeline (paired A/B, 12 rounds of 300 articles, 2026-11-22); its
    # DFA, faster hot (82 -> 54 us a scan), was slower there (0.414 -> 0.476 ms: its tables miss the
    # cache)
    for x, (ln, tg) in twin_hits(a, fast, padded):
        s, neg_e = x - ln - 1, 1 - x
        for slot, i in tg:
            buckets[slot].append((s, neg_e, i))
    return buckets


# every non-word character but the space (equivalent to ``_NONWORD_RE`` for the padding): the
# reference definition of :func:`pad`, which replaces these characters in one vectorised pass
_PAD_RE = _regex.compile(r"[^\w ]")


def pad(text: str, *, folded: str | None = None) -> str:
    """``text`` prepared for :meth:`Lexicon.match`: folded, every non-word character a space, one space each end.

    Same length plus two, so offsets carry over; hyphens and apostrophes become word edges and a
    padded key " form " matches whole words only, with no per-hit checks.
    """
    if folded is None:
        low = text.lower()
        # the fold pairs map non-word characters to non-word characters: padding folds them anyway
        folded = low if len(low) == len(text) else fold(text)
    # ``_PAD_RE.sub(" ", folded)`` with per-character classes (numpy) instead of one regex
    # replacement per punctuation mark (about 4x faster on news text)
    codes = _codes(folded)
    return _pad_codes(codes, char_classes(codes))


def load_lexicon(path: str | os.PathLike, *, name: str | None = None, version: str = "",
                 category: str | None = None, source: str | None = None) -> Lexicon:
    """Load a user lexicon (CSV or YAML) as a compiled :class:`Lexicon`.

    Example CSV::

        term,category
        freedom convoy,partisan_label
        elites,partisan_label
    """
    entries = read_entries(path, category=category, source=source)
    return Lexicon(entries, name=name or Path(path).stem, version=version)


def user_paths(options: dict | None, key: str, env_var: str) -> list[str]:
    """User file paths from ``options[key]`` (a path or a list) then ``$env_var`` (``os.pathsep``-joined)."""
    paths: list[str] = []
    opt = options.get(key) if options else None
    if opt is None:  # the common case, without the (slow) abstract-class checks below
        pass
    elif isinstance(opt, (str, os.PathLike)):
        paths.append(os.fspath(opt))
    elif isinstance(opt, Iterable):
        paths.extend(os.fspath(p) for p in opt)
    env = os.environ.get(env_var)
    if env:
        paths.extend(p for p in env.split(os.pathsep) if p.strip())
    return paths


def user_lexicons(options: dict | None = None) -> list[str]:
    """User lexicon paths from ``options["lexicons"]`` (a path or list) and ``$FRAMING_LEXICONS``."""
    return user_paths(options, "lexicons", LEXICON_ENV)


@lru_cache(maxsize=32)
def _cached_user(path: str, mtime: float) -> Lexicon:
    return load_lexicon(path)


def cached_user_lexicon(path: str) -> Lexicon:
    """A user lexicon compiled once per file version (path and modification time)."""
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        raise ConfigError("E001", f"lexicon file not found: {path}", path=path) from None
    return _cached_user(os.path.abspath(path), mtime)
