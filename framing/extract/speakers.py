"""Speaker resolution: name the person or body behind a speaker span.

Pipeline (stages numbered as in the code):

1. **Index** person names in the document: runs of capitalised words split
   into a title part ("Foreign Minister"), a demonym part ("Russian") and a
   name core ("Choe Son-hui"); lower-case role words and demonyms just before
   the name ("North Korean leader Kim Jong-un") or in an appositive after it
   are kept as its descriptor and country.
2. **Resolve** a speaker span: a full name in the span; a short name
   ("Kim", "Putin") to the most recent indexed person whose core contains it;
   a personal pronoun ("he", "she") to the most recent person speaker before
   it (else the most recent person named before it), in the manner of the
   salience-based pronoun resolution of Lappin and Leass (1994), simplified to
   recency (with their gender-agreement filter learnt from the document: see
   ``framing.extract.attribution._resolve``); a definite role description
   ("the minister") to the most recent person whose title or descriptor has
   that role.
3. **Name**: capitalised titles are kept ("Foreign Minister Choe Son-hui"),
   demonyms and lower-case descriptors are not ("North Korean leader Kim
   Jong-un" -> "Kim Jong-un"); an institution keeps its words without a
   leading article ("The Pentagon" -> "Pentagon").
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from .. import _regex

__all__ = ["Person", "Mention", "EntityIndex", "index_people", "PRONOUNS", "PLURAL_PRONOUNS"]

PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PLURAL_PRONOUNS = frozenset({"they", "we", "them"})

#: Capitalised words that are titles (kept in the name) when they precede a name.
TITLE_WORDS = frozenset("""
president vice prime minister foreign defence defense deputy secretary general gen gen. sen sen. senator
rep rep. representative mr mr. mrs mrs. ms ms. dr dr. chief leader spokesman spokeswoman spokesperson
ambassador governor gov gov. mayor chairman chairwoman chair king queen prince princess pope judge justice
commander admiral colonel col col. lt lt. sgt sgt. captain capt capt. professor prof prof. chancellor premier
state interior finance trade economy attorney lieutenant major marshal supreme first lady speaker
minority majority whip director envoy special adviser advisor press senior former acting interim
""".split())

#: Capitalised words that mark a run as a place or organisation, not a person.
_NON_PERSON = frozenset("""
korea korean russia russian ukraine ukrainian china chinese america american states united nations union
agency news ministry committee party council army forces navy force department house office times post
journal daily press network television radio central republic people's peoples democratic federation
kremlin pentagon moscow pyongyang seoul kiev kyiv beijing washington tokyo treaty partnership pact day
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december charter nato u.n. dprk kcna tass yonhap reuters street
university institute school college court city county province region oblast kursk war world north south
east west asia europe european africa african middle international national federal global strategic
read full article related contact can be is not to in of for and the from with by after over
""".split())

_SENT_FUNC = frozenset("""
the a an in on at but and or if as when while after before since because though although meanwhile
however also then this that these those his her their its our my your it he she they we i there here
speaking according during under following for from with by to of what which who why how not no yes
""".split())

#: A run of two or more capitalised words (a single capitalised word is never title + name).
#: (the capital comes first and the "not inside a word" test is a look-behind after it, so that the
#: regex engine can skip to capitals: the same matches as a leading look-behind, faster)
#: (possessive quantifiers, Python >= 3.11: what follows each of them can never start with a
#: character it gave back, so the matches are the same without the backtracking of failed runs)
_CAP_RUN_RE = _regex.compile(
    r"[A-Z](?<![\w’'][A-Z])(?:[\w]*+(?:[-’'][\w]++)*+\.?)(?:[ \t]++(?:[A-Z][\w]*+(?:[-’'][\w]++)*+\.?|(?:de|van|von|bin|al|da|del|la|le)(?=[ \t]+[A-Z])))+")
#: (possessive quantifiers: what follows a run of word characters is a joiner or ".", never a word
#: character, so giving characters back never finds a longer match: the same words as
#: ``[\w]+(?:[-’'.][\w]+)*\.?``, found about twice as fast in ASCII text; checked in the tests)
_WORD_RE = _regex.compile(r"[\w]++(?:[-’'.][\w]++)*+\.?+")
_MISSING = object()  # (a run not analysed yet: None is a cached result)
#: How many earlier name mentions a resolution looks back over (bounds the work on huge pages;
#: a news article has far fewer).
_MAX_BACK = 150


@dataclass
class Person:
    core: str  #: "Choe Son-hui"
    title: str = ""  #: capitalised title kept in the name ("Foreign Minister")
    descriptors: set[str] = field(default_factory=set)  #: role words ("leader", "minister")
    country: str | None = None
    mentions: int = 0
    tokens: list[str] = field(default_factory=list)  #: lower-cased name tokens ("kim", "jong", "un")
    key: str = ""  #: the tokens joined by spaces
    pending: list[tuple[int, int]] = field(default_factory=list)  #: mentions whose context is unread

    def __post_init__(self) -> None:
        if self.tokens and self.key:
            return  # tokens and key given (EntityIndex passes the ones it computed for the core)
        self.set_core(self.core)

    def set_core(self, core: str) -> None:
        self.core = core
        self.tokens = core.replace("-", " ").lower().split()
        self.key = " ".join(self.tokens)

    @property
    def name(self) -> str:
        return f"{self.title} {self.core}".strip()


class Mention:
    __slots__ = ("start", "end", "person")

    def __init__(self, start: int, end: int, person: Person) -> None:
        self.start, self.end, self.person = start, end, person


def _name_tokens(core: list[str]) -> list[str]:
    """Lower-cased name tokens of a name core, as :meth:`Person.set_core` makes them."""
    return " ".join(core).replace("-", " ").lower().split()


def _base(tok: str) -> str:
    w = _norm(tok)
    return w[:-2] if w.endswith("'s") else w


def _norm(tok: str) -> str:
    return tok.lower().rstrip(".").replace("’", "'")


def _norm_words(words: list[str], source: str) -> list[str]:
    """``[_norm(w) for w in words]`` (``words`` found in ``source``): for ASCII text, with no "’",
    one lower() over the joined words and a C-level rstrip."""
    if source.isascii():
        return list(map(str.rstrip, " ".join(words).lower().split(" "), repeat("."))) if words else []
    return list(map(_norm, words))


#: Runs analysed with one demonym table, kept across documents (cleared when it grows past
#: ``_RUN_CACHE_MAX`` entries, so memory stays bounded on a long corpus).
_RUN_CACHE: tuple[dict[str, str] | None, dict[str, tuple | None]] = (None, {})
#: Calibrated on allsides_5k (one process, 5,000 articles): an entry holds ~0.5 KB. At 50,000
#: entries the cache grew to 23,000 entries (~12 MB) and kept growing through a long run (the
#: peak RSS bar of issue 8); at 10,000 it stays under ~5 MB for 18.8 instead of 14.6 analysed
#: runs per article, +0.02 ms (5 us a run).
_RUN_CACHE_MAX = 10_000


def _run_cache(dem: dict[str, str]) -> dict[str, tuple | None]:
    """The cache of :meth:`EntityIndex._analyse_run` results for the demonym table ``dem``.

    Only the shared (lru-cached) table object is cached across documents; any other table gets a
    fresh per-document dict. Cached results are never mutated by :meth:`EntityIndex._build`."""
    global _RUN_CACHE
    table, cache = _RUN_CACHE
    if table is not dem:
        from .sources import demonyms

        if dem is not demonyms():
            return {}
        _RUN_CACHE = (dem, {})
        return _RUN_CACHE[1]
    if len(cache) > _RUN_CACHE_MAX:
        cache.clear()
    return cache


class EntityIndex:
    """People named in one document, with their mentions in order."""

    def __init__(self, text: str, *, demonyms: dict[str, str] | None = None,
                 roles: frozenset[str] | None = None) -> None:
        self.text = text
        self.demonyms = demonyms or {}
        self.roles = roles or frozenset()
        self.people: list[Person] = []
        self.mentions: list[Mention] = []
        self._by_core: dict[str, Person] = {}
        self._by_token: dict[str, list[Person]] = {}
        self._by_mention_token: dict[str, list[int]] | None = None
        self._multi: frozenset[str] | None = None  # first words of two-word demonyms (read on first use)
        self._build()
        self._starts = [m.start for m in self.mentions]

    # 1. index ---------------------------------------------------------------
    def _build(self) -> None:
        text = self.text
        pending: list[tuple[int, int, list[str], str, str | None, int]] = []
        # a run repeats in a document ("Donald Trump") and across documents: analyse it once (the
        # analysis depends only on the run and the demonym table, so runs are cached per table)
        seen = _run_cache(self.demonyms)
        get = seen.get
        for m in _CAP_RUN_RE.finditer(text):
            g = m.group()
            r = get(g, _MISSING)  # (one look-up for the hits: most runs repeat)
            if r is _MISSING:
                r = seen[g] = self._analyse_run(g)
            if r is None:
                continue
            rs, re_, core, title, country, r0, toks = r
            base = m.start()
            pending.append((base + rs, base + re_, core, title, country, base + r0, toks))
        by_core, by_token = self._by_core, self._by_token
        people, mentions, person_for = self.people, self.mentions, self._person_for
        for start, end, core, title, country, run_start, toks in pending:
            p = person_for(core, toks)
            if p is None:
                # (toks is _name_tokens(core), what set_core would compute; a copy: toks may be cached)
                p = Person(" ".join(core), tokens=list(toks), key=" ".join(toks))
                people.append(p)
                for t in p.tokens:
                    by_core.setdefault(t, p)
                    ps = by_token.get(t)
                    if ps is None:
                        by_token[t] = [p]
                    else:
                        ps.append(p)
                by_core[" ".join(p.tokens)] = p
            if len(core) > len(p.tokens):
                p.set_core(" ".join(core))
            if title and len(title) >= len(p.title):
                p.title = title
            if p.mentions < 3:  # descriptors of the first mentions are enough (read lazily: describe())
                p.pending.append((run_start, end))
            p.country = p.country or country
            p.mentions += 1
            mentions.append(Mention(start, end, p))
        # (no sort by start: the runs of finditer are disjoint and ascending and a mention lies inside
        # its run, so the mentions are already in ascending order of start, and the stable sort by
        # start that was here was the identity)

    def _analyse_run(self, g: str) -> tuple | None:
        """Title, country and name core of one run of capitalised words (offsets within the run)."""
        if " " not in g and "\t" not in g:
            return None  # one capitalised word is never title + name
        words = g.split()
        norms = g.lower().replace("’", "'").split()
        # quick rejections before any offset work: sentence-initial function words,
        # then a run whose last word is a place/organisation word or a demonym
        k = 0
        while k < len(words) and norms[k].rstrip(".") in _SENT_FUNC:
            k += 1
        if len(words) - k < 1:
            return None
        lastn = norms[-1].rstrip(".")
        if lastn.endswith("'s"):
            lastn = lastn[:-2]
        if lastn in _NON_PERSON or lastn in self.demonyms or lastn in TITLE_WORDS:
            return None
        offs = []
        pos = 0
        for w in words:
            p = g.find(w, pos)
            offs.append(p)
            pos = p + len(w)
        words, offs, norms = words[k:], offs[k:], [x.rstrip(".") for x in norms[k:]]
        # strip a possessive from the last word
        last = words[-1]
        if last.endswith(("’s", "'s")):
            words[-1] = last[:-2]
            norms[-1] = norms[-1][:-2]
        if len(words[-1]) > 2 and words[-1].endswith("."):
            words[-1] = words[-1][:-1]
        title: list[str] = []
        country = None
        dem = self.demonyms
        nw = len(words)
        i = 0
        while i < nw:
            lw = norms[i]
            if i + 1 < nw and nw - i > 2:
                two = lw + " " + norms[i + 1]
                if two in dem:
                    country = country or dem[two]
                    i += 2
                    continue
            if lw in dem and lw not in TITLE_WORDS and nw - i > 1:
                country = country or dem[lw]
                i += 1
                continue
            break
        # the title runs to the last title word that still leaves a name after it
        last_t = -1
        for x in range(i, nw - 1):
            if norms[x] in TITLE_WORDS:
                last_t = x
        if last_t >= i:
            title = words[i:last_t + 1]
            i = last_t + 1
        core = words[i:]
        if not core:
            return None
        if any((w[:-2] if w.endswith("'s") else w) in _NON_PERSON or w in dem for w in norms[i:]):
            return None
        if len(core) < 2 and not title:
            return None
        if any(w.isupper() and len(w) > 1 for w in core):
            return None  # acronyms are organisations
        start = offs[i]
        end = start + len(" ".join(core)) if len(core) == 1 else offs[i + len(core) - 1] + len(core[-1])
        # (the core's name tokens, as :meth:`_person_for` splits them, kept with the run's analysis)
        return (start, end, core, " ".join(title), country, offs[0], _name_tokens(core))

    def describe(self, p: Person) -> Person:
        """Read the role words and demonyms around the first mentions of ``p`` (once)."""
        if p.pending:
            for run_start, end in p.pending:
                desc = self._descriptors(run_start, end)
                p.country = p.country or desc_country(desc)
                p.descriptors |= {d for d in desc if not d.startswith("@")}
            p.pending.clear()
        return p

    def _descriptors(self, start: int, end: int) -> set[str]:
        """Role words and demonyms in the few words before a name, or in an appositive after it."""
        out: set[str] = set()
        before = self.text[max(0, start - 60):start]
        cut = max(before.rfind("."), before.rfind(";"), before.rfind("\n"))
        before = before[cut + 1:]
        words = _norm_words(_WORD_RE.findall(before)[-5:], before)
        after = self.text[end:end + 60]
        if after.startswith(","):
            seg = after[1:].split(",")[0]
            words += _norm_words(_WORD_RE.findall(seg)[:5], seg)
        dem = self.demonyms
        multi = self._multi
        if multi is None:
            multi = self._multi = _multi_firsts(dem)
        last = len(words) - 1
        for i, w in enumerate(words):
            if w in self.roles or w in TITLE_WORDS and w not in ("mr", "mrs", "ms", "dr"):
                out.add(w)
            # a two-word demonym ("north korean") can only start with the first word of one
            # (the last word alone is tested as itself, as " ".join of a one-word slice is)
            if i < last and w in multi:
                two = w + " " + words[i + 1]
                if two in dem:
                    out.add("@" + dem[two])
                    continue
            if w in dem:
                out.add("@" + dem[w])
        return out

    def _person_for(self, core: list[str], toks: list[str] | None = None) -> Person | None:
        """The indexed person named by ``core`` (``toks``: :func:`_name_tokens` of it, when known)."""
        if toks is None:
            toks = _name_tokens(core)
        full = self._by_core.get(" ".join(toks))
        if full is not None:
            return full
        # candidates share a token with the name (a dict look-up, so indexing stays linear)
        cands: list[Person] = []
        for t in toks:
            for p in self._by_token.get(t, ()):
                if p not in cands:
                    cands.append(p)
        for p in cands:
            pt = p.tokens
            if len(toks) < len(pt) and all(t in pt for t in toks):
                return p
            if len(toks) > len(pt) and all(t in toks for t in pt) and (pt[0] == toks[0] or pt[-1] == toks[-1]):
                return p
        return None

    # 2. resolve -------------------------------------------------------------
    def person_in(self, start: int, end: int) -> Person | None:
        """The indexed person whose mention overlaps ``[start, end)`` (the last one in it)."""
        i = bisect.bisect_left(self._starts, start)
        found = None
        while i < len(self.mentions) and self.mentions[i].start < end:
            found = self.mentions[i].person
            i += 1
        return found

    def by_short_name(self, token: str, before: int) -> Person | None:
        """The person whose name contains ``token`` ("Kim") as of offset ``before``.

        A person named earlier in the same paragraph wins (recency); otherwise
        the most often mentioned candidate (ties: the most recent).
        """
        return self.by_short_key(token.replace("-", " ").lower(), before)

    def by_short_key(self, t: str, before: int) -> Person | None:
        """:meth:`by_short_name` of a token already in its look-up form (hyphens as spaces, lower case)."""
        i = bisect.bisect_left(self._starts, before) - 1
        para = None  # the paragraph start, found at the first candidate (most look-ups have none)
        cands: list[Person] = []
        stop = max(-1, i - _MAX_BACK)
        # the mentions in (stop, i] whose person has the token (or key) ``t``, latest first: the
        # same mentions a scan of every mention back to ``stop`` would test true, found by bisection
        hits = self._mentions_with().get(t, ())
        x = bisect.bisect_right(hits, i) - 1
        while x >= 0 and hits[x] > stop:
            mm = self.mentions[hits[x]]
            p = mm.person
            if para is None:
                para = self.text.rfind("\n", max(0, before - 5000), before)
            if mm.start > para:
                return p
            if p not in cands:
                cands.append(p)
            x -= 1
        if cands:
            return max(cands, key=lambda p: (p.mentions, -cands.index(p)))
        # a later full mention (headline-first writing is rare, but cheap to allow)
        later = self._by_token.get(t)
        return later[0] if later else None

    def _mentions_with(self) -> dict[str, list[int]]:
        """Mention indices (ascending) by each token and the key of the mention's person (built once,
        after indexing: a person's tokens do not change after :meth:`_build`)."""
        idx = self._by_mention_token
        if idx is None:
            idx = self._by_mention_token = {}
            keys: dict[int, tuple[str, ...]] = {}  # a person's distinct keys, by id (persons repeat)
            for x, mm in enumerate(self.mentions):
                p = mm.person
                ks = keys.get(id(p))
                if ks is None:
                    ks = keys[id(p)] = tuple(dict.fromkeys((*p.tokens, p.key)))
                for t in ks:
                    idx.setdefault(t, []).append(x)
        return idx

    def by_role(self, role: str, before: int) -> Person | None:
        """The most recent person before ``before`` described by ``role`` ("minister")."""
        i = bisect.bisect_left(self._starts, before) - 1
        stop = max(-1, i - _MAX_BACK)
        while i > stop:
            p = self.describe(self.mentions[i].person)
            if role in p.descriptors or role in p.title.lower().split():
                return p
            i -= 1
        return None

    def last_person_before(self, before: int, *, window: int = 600) -> Person | None:
        i = bisect.bisect_left(self._starts, before) - 1
        if i >= 0 and before - self.mentions[i].start <= window:
            return self.mentions[i].person
        return None


def _multi_firsts(dem: dict[str, str]) -> frozenset[str]:
    """First words of the keys of ``dem`` that hold a space (a two-word demonym can only start with
    one). Kept across documents for the shared (lru-cached) table only, as :func:`_run_cache` does."""
    from .sources import demonyms

    return _shared_multi_firsts() if dem is demonyms() else _two_word_firsts(dem)


def _two_word_firsts(dem: dict[str, str]) -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in dem if " " in k)


@lru_cache(maxsize=1)
def _shared_multi_firsts() -> frozenset[str]:
    from .sources import demonyms

    return _two_word_firsts(demonyms())


def desc_country(desc: set[str]) -> str | None:
    for d in sorted(desc):
        if d.startswith("@"):
            return d[1:]
    return None


def index_people(text: str, *, demonyms: dict[str, str] | None = None,
                 roles: frozenset[str] | None = None) -> EntityIndex:
    """Index the people named in ``text`` (see :class:`EntityIndex`)."""
    return EntityIndex(text, demonyms=demonyms, roles=roles)
