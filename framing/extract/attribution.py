"""Attribution style: who is quoted, how, and through whom (family ``attribution``).

:func:`find_attributions` extracts reported statements with rules only (no
model, nothing downloaded), in the tradition of rule-based quotation
extractors (Pouliquen et al. 2007; Krestel et al. 2008; Pareti 2016's
PARC attribution relations for the content/source/cue scheme). Stages, as
numbered in the code:

1. **Units**: sentences (:func:`framing.extract.tokens.sentence_spans`),
   merged where a direct quotation spans several of them.
2. **Cues**: reporting verbs and phrases from ``speech_cues.csv``
   (:mod:`.cues`) outside quotation marks, not used as nouns.
3. **Patterns** per cue, in order: noun cues ("his claim that ...", "Mr.
   Obama's pledge to ...", "attacks on X"; 2'); "according to X"; participial
   ", saying/adding that ..."; passive "was slammed by X" and the impersonal
   passive with no agent ("is expected to ...", "was asked what ...", 3c');
   a preposed question ("Asked whether ..., X said", 3b'); a trailing report
   clause ("..., X said", "“...,” said X", "... X said on Friday, quoting Y",
   "At the time, she said, Grayson was ..."); a leading one ("X said (that)
   ...", "X told Y that ...", "X estimates ...", "X is vowing to ..."; a
   subject too long for a noun phrase is taken whole before "VERB that").
   Then line-initial speaker labels ("Q: ...", "CLINTON: ...", 3f) and a
   sentence opened by a document ("In a CNN poll, Clinton led ...", 3g).
4. **Continuation quotes**: a quotation with no cue of its own right after an
   attribution takes that speaker (newspaper style "“...” / “...”"); in the
   same paragraph it is a further part of that statement, as PolNeAR
   annotates it (also a short one: "“...,” he said. “We're hopeful.”").
5. **Kind**: ``direct`` when the content is quotation (at most one
   unquoted word, e.g. "that"), ``mixed`` when it mixes quoted and unquoted
   words, else ``indirect``.
6. **Speakers** resolved to names (:mod:`.speakers`), source types and
   countries (:mod:`.sources`), relay chains (``via``).

The registered family (order 20) turns them into features with evidence.
"""
from __future__ import annotations

import bisect
import math
import operator
import re
from functools import lru_cache
from itertools import accumulate, chain, compress, count, islice, repeat
from typing import Any, Sequence

from .. import _regex
from ..types import Attribution, Document, Evidence, Span
from .cues import CUE_CLASSES, CueEntry, CueMatch, cue_starts, cue_table, find_cues
from .quotes import Quote, find_quotes
from .registry import Context, FamilyResult, register
from .sources import (SOURCE_TYPES, SourceInfo, classify_source, demonyms, outlet_finder, role_table,
                      role_words, span_country)
from .speakers import PLURAL_PRONOUNS, PRONOUNS, EntityIndex
from .tokens import WORD_RE, Tokens, sentence_spans

__all__ = ["find_attributions", "attribution_features", "extract_attribution"]

#: Words as :data:`framing.extract.tokens.WORD_RE` (written with possessive quantifiers, Python >= 3.11:
#: the same tokens, no backtracking state, ~10% faster), the doubled typewriter quote marks, and
#: single marks. tests/extract/test_attribution.py checks it against WORD_RE.
#: (The joiner is one character class, then a look-behind that tells "-'’" from a "." or "," between
#: digits: the same tokens as ``(?:[-'’]|(?<=\d)[.,](?=\d))``, ~10% faster.)
_TOK_RE = _regex.compile(r"\w++(?:[-'’.,](?:(?<=[-'’])|(?<=\d[.,])(?=\d))\w++)*+|``|''|[^\w\s]")
_OPEN_Q = frozenset({'"', "“", "„", "«", "‘", "``", "''", "‹"})
_CLOSE_Q = frozenset({'"', "”", "»", "’", "''", "›"})
_QUOTE_TOK = _OPEN_Q | _CLOSE_Q
_AUX = frozenset("""
has have had also previously later then reportedly repeatedly publicly recently once again would will could may
might should did does do is was were are been be not never first last further earlier already often frequently
privately openly initially subsequently still just even now both all has've 's 've 'd long since
""".split())
_BE = frozenset({"is", "was", "were", "are", "been", "being", "be", "am"})
_NOUN_BEFORE = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "these", "those",
                          "this", "of", "such", "any", "no", "every", "each", "whose", "to"})
_BOUNDARY = frozenset({"that", "but", "while", "because", "when", "after", "before", "if", "although", "though",
                       "where", "so", "or", "yet", "than", "whereas", "unless", "until", "since", "as", "how", "why"})
_RELPRON = frozenset({"which", "who"})
#: a short noun phrase opened by one of these is a plausible speaker ("the investor", "another voter")
_DETERMINERS = frozenset({"the", "a", "an", "another", "one", "some", "many", "several", "most", "his", "her",
                          "their", "its", "our", "two", "three", "four", "other", "those", "these", "few",
                          "more", "all", "both"})
_SAY_FORMS = frozenset({"said", "says", "say", "told", "tells", "wrote", "writes", "added", "reported"})
_VERBISH = frozenset("""
is are was were has have had will would can could did does do made make makes been being be should may might
must get got gets took take takes went go goes came come comes gave give gives showed seemed become became
""".split())
_PRON_SPEAKER = frozenset({"he", "she", "they", "we", "i", "it"})
_OBJECT_CUES = frozenset({"tell", "told", "tells", "telling", "informed", "inform", "informs", "assured", "assure",
                          "assures", "urged", "urges", "urge", "asked", "asks", "reminded", "warned", "warns",
                          "thanked", "called on", "calls on", "urging", "asking"})
_PREP_TIME = frozenset("""
on in at during last this earlier later yesterday today tonight monday tuesday wednesday thursday friday
saturday sunday late recently after before when while as of about from with via through quoting citing
according separately privately publicly afterward afterwards then again also repeatedly previously ago
""".split())
_CLAUSE_OPEN = frozenset({"that", "how", "why", "what", "whether", "if", "who", "when", "where", "which",
                          "i", "we", "he", "she", "they", "it", "there", "you"})
_PARTICIPLE_LEAD = frozenset({",", "while", "before", "after", "by", "in", "—", "–", "when", "and"})
_RELAY_WORDS = frozenset({"quoting", "citing"})
#: participles whose noun-phrase object is the content ("calling the move ...", "accusing X of ...")
_NP_PARTICIPLES = frozenset({"saying", "adding", "calling", "telling", "accusing", "urging", "asking", "warning",
                             "noting", "arguing", "insisting", "claiming", "describing", "criticizing",
                             "praising", "blaming", "denying", "rejecting", "announcing", "promising", "vowing",
                             "pledging", "referring", "referring to", "pointing to", "declining"})
#: cue classes whose verbs take the inverted order "..., said Mr. X" in news prose
_INVERTIBLE = frozenset({"neutral", "assertive", "warning", "directive", "distancing"})
_SUBORDINATORS = frozenset({"while", "although", "though", "as", "after", "because", "if", "when", "since",
                            "before", "even", "whereas", "unless"})
_MEDIA_TYPES = frozenset({"state_media", "news_agency", "media"})
#: Minimum words for a cue-less quotation to count as a continuation quote (shorter ones are
#: scare quotes or titles); set by reading the seeds and PolNeAR calibration articles.
_MIN_CONTINUATION_WORDS = 4
#: Longest unit (characters) analysed at once: the longest merged quotation units of the PolNeAR
#: calibration part are under 3,000 characters; longer runs are split (linear time on odd pages).
_MAX_UNIT = 4000
#: Longest speaker noun phrase accepted before a cue (tokens); calibration part of PolNeAR.
_MAX_SPEAKER_TOKENS = 12
#: How far back (tokens) :func:`_speaker_back` scans for a clause boundary. A speaker is a short
#: span, so the scan need not run to the start of the unit (up to _MAX_UNIT characters: "said said
#: ..." scanned thousands of tokens per cue). Any bound >= _MAX_SPEAKER_TOKENS and > 8 gives the
#: same result as the unbounded scan: a region longer than _MAX_SPEAKER_TOKENS is cut to a
#: capitalised/role tail of at most 8 tokens, and a tail reaching the bound is rejected either way.
_SPEAKER_SCAN_BACK = 2 * _MAX_SPEAKER_TOKENS


_M_START, _M_END, _M_GROUP = re.Match.start, re.Match.end, re.Match.group
_TOK_BATCH = 4096  # matches held at once while tokenising (any size gives the same tokens)
_FIRST = operator.itemgetter(0)
#: :data:`WORD_RE` with possessive quantifiers (the word alternative of ``_TOK_RE``): the same
#: words, counted faster when the shared tokenisation is not there
_WORD_FAST_RE = _regex.compile(r"\w++(?:(?:[-'’]|(?<=\d)[.,](?=\d))\w++)*+")
#: Optional white space then a token of ``_TOK_RE``, or the end of the range, as one string (so a
#: match never fails and the scan stays linear). Every non-space character starts a ``_TOK_RE``
#: token, so the pieces cover a range exactly and give the same tokens as ``_TOK_RE.finditer``.
_TOK_PIECE_RE = _regex.compile(r"\s*+(?:" + _TOK_RE.pattern + r"|\Z)")
#: Longest range tokenised through ``_TOK_PIECE_RE`` in one list (units are at most ``_MAX_UNIT``
#: characters); longer ranges use batched ``finditer`` (see ``_TOK_BATCH``).
_PAIR_MAX = 16384
#: Most (marks x words) for which :meth:`_Toks._from_shared` inserts the marks among the words one by
#: one (each insertion moves the words after it: ~100 marks among ~850 words in an AllSides article);
#: past it, one sort (linear-logarithmic on any page).
_INSERT_MAX = 1 << 20


#: A mark token of ``_TOK_RE`` (a character that is neither a word character nor white space, or the
#: doubled typewriter quotes) that is not an inner joiner of a word: "-'’" between word characters and
#: "." "," between digits belong to the word (the rule of ``WORD_RE``). Starts with one character
#: class (the regex engine skips to candidates in C); the look-behinds test only the joiners.
#: tests/extract/test_attribution.py checks that marks and shared words together are the tokens of
#: ``_TOK_RE`` over whole runs of non-space characters.
#: (The first character is written as the complement of a few ASCII ranges (white space \t-\r and
#: " ", digits, letters, "_"), then the look-behind ``(?<=[^\w\s])``: the same characters as
#: ``[^\w\s]``, as every character left in the class that is a word character or white space fails
#: the look-behind, but the engine skips to candidates with one bitmap test (a class of ASCII
#: characters, negated, compiles to a 256-bit map) instead of two Unicode category look-ups per
#: character: the scan of a page takes ~40% less time. The negated form holds the same characters
#: as the list of ranges written before it, ``[\x00-\x08\x0e-\x1f!-/:-@\[-^`{-\U0010ffff]``
#: (checked over every code point in the tests), and scans ~13% faster on AllSides articles.)
_MARK_RE = _regex.compile(r"[^\t-\r 0-9A-Z_a-z](?<=[^\w\s])"
                          r"(?:(?<=[-'’])(?:(?<!\w.)|(?!\w))|(?<=[.,])(?:(?<!\d.)|(?!\d))|(?<![-'’.,]))"
                          r"(?:(?<=')'|(?<=`)`)?+")


def _straighten_apostrophes(text: str, starts: list[int], ends: list[int], lowers: list[str]) -> list[str]:
    """``lowers`` (the lower-cased forms of the tokens at ``starts``/``ends`` of ``text``) with "’"
    made "'" in the few tokens that hold one, found from the offsets of "’" in ``text``; in place."""
    q = text.find("’")
    while q >= 0:
        k = bisect.bisect_right(starts, q) - 1
        if k >= 0 and q < ends[k]:
            lowers[k] = lowers[k].replace("’", "'")
            q = text.find("’", ends[k])
        else:
            q = text.find("’", q + 1)
    return lowers


class _Toks:
    """Tokens (words and marks) of some character ranges of a text, in order.

    ``marks`` holds the indices of the mark tokens (ascending) when they are known (tokens built from
    the shared tokenisation), else None.

    ``text`` holds each token as written, except that when the tokens are built from the shared
    tokenisation (``tokens``, see :meth:`_from_shared`) a word is held in its lower-cased form: the
    extractor only ever reads whether a token is one of the marks (a word never is) and the class of
    its first character (:func:`_is_word`: lower-casing keeps whether a word character is
    alphanumeric, checked over all of Unicode in the tests). ``caps`` is read from the text.
    """

    __slots__ = ("starts", "ends", "text", "lowers", "caps", "marks")

    def __init__(self, text: str, ranges: Sequence[tuple[int, int]] | None = None, *,
                 tokens: Tokens | None = None) -> None:
        if tokens is not None and ranges is not None and self._from_shared(text, ranges, tokens):
            return
        fi = _TOK_RE.finditer
        starts: list[int] = []
        ends: list[int] = []
        strs: list[str] = []
        fa = _TOK_PIECE_RE.findall
        for s, e in (_coalesce(text, ranges) if ranges is not None else [(0, len(text))]):
            if e - s <= _PAIR_MAX:
                # white space + token pieces by findall (no re.Match objects, one string a token):
                # pieces tile the range, so the running sum of their lengths gives the token ends,
                # and a token is its piece without the leading white space (str.lstrip strips
                # exactly the characters ``\s`` matches)
                pieces = fa(text, s, e)
                toks = list(map(str.lstrip, pieces))
                while toks and not toks[-1]:
                    toks.pop()  # the end of the range (trailing space, or nothing) is no token
                if toks:
                    acc = list(accumulate(map(len, pieces[:len(toks)]), initial=s))
                    del acc[0]
                    ends.extend(acc)
                    starts.extend(map(operator.sub, acc, map(len, toks)))
                    strs.extend(toks)
                continue
            it = fi(text, s, e)
            # matches are read in batches and dropped: holding every re.Match of a long page at once
            # made the cyclic garbage collector rescan millions of them (superlinear on 100,000 lines)
            while ms := list(islice(it, _TOK_BATCH)):
                # C-level maps instead of per-token Python calls (the tokeniser is the hot loop)
                starts.extend(map(_M_START, ms))
                ends.extend(map(_M_END, ms))
                strs.extend(map(_M_GROUP, ms))
        self.starts, self.ends, self.text = starts, ends, strs
        if "\u03a3" in text:
            # one lower() over the joined tokens (tokens never contain a space, lower() never makes one):
            # a capital sigma is lower-cased by its context (final or not), kept as in that string
            self.lowers = " ".join(strs).lower().replace("’", "'").split(" ") if strs else []
        else:
            # lower-casing is per character but for the sigma: each token on its own gives the same
            # forms, faster; then "’" becomes "'" in the few tokens that hold one (found from its offsets)
            self.lowers = _straighten_apostrophes(text, starts, ends, list(map(str.lower, strs)))
        self.caps = list(map(str.isupper, map(_FIRST, strs)))
        self.marks = None  # (the indices of the marks are not known here)

    def _from_shared(self, text: str, ranges: Sequence[tuple[int, int]], tokens: Tokens) -> bool:
        """The tokens of ``ranges`` from the shared tokenisation ``tokens`` of ``text`` (its words
        and their lower-cased forms, sliced) and one scan for the marks (``_MARK_RE``); False (nothing
        set) where that could differ from tokenising the ranges: a range that does not start and end
        at white space (or the text's ends), ranges out of order, or a capital sigma (lower-cased by
        its context).

        Why the same tokens: a token never holds white space, so when every range is whole runs of
        non-space characters its tokens are those of ``_TOK_RE`` over the whole text that lie in it;
        the words of ``_TOK_RE`` are the matches of ``WORD_RE`` (the shared words), and every other
        non-space character is in a mark, found left to right as ``_TOK_RE`` finds it.
        """
        n = len(text)
        if "\u03a3" in text:
            return False
        ranges = _coalesce(text, ranges)
        prev = 0
        for s, e in ranges:
            if s < prev or (s and not text[s - 1].isspace()) or (e < n and not text[e].isspace()):
                return False  # (ranges out of order or overlapping: their tokens are in range order)
            prev = e
        ws, we, wl = tokens.starts, tokens.ends, tokens.lowers
        starts: list[int] = []
        ends: list[int] = []
        lowers: list[str] = []
        ms: list[re.Match] = []
        fi, bl = _MARK_RE.finditer, bisect.bisect_left
        i1 = 0
        for s, e in ranges:
            i0 = bl(ws, s, i1)
            i1 = bl(ws, e, i0)
            starts += ws[i0:i1]
            ends += we[i0:i1]
            lowers += wl[i0:i1]
            ms += fi(text, s, e)
        if ms and len(ms) * len(starts) <= _INSERT_MAX:
            # the marks go in among the words: mark k has ``bisect_left(starts, its start)`` words
            # before it (tokens are disjoint) and k marks, so its index among all tokens is the sum;
            # inserting the marks in order at those indices interleaves them (each insertion puts the
            # ones before it in place). The starts and the ends are sorted (two ascending runs: one
            # merge). The same lists as the stable sort below, and the indices are ``marks`` with no
            # search in the merged starts: ~20% fewer estimated cycles for _from_shared (callgrind,
            # 100 AllSides articles: ~100 marks among ~850 words).
            mstarts = list(map(_M_START, ms))
            at = list(map(operator.add, map(bl, repeat(starts), mstarts), count()))
            marks = list(map(_M_GROUP, ms))
            strs = lowers
            any(map(strs.insert, at, marks))  # (list.insert returns None: any() runs the map out)
            lowers = strs[:]
            joined = "".join(marks)
            if joined.lower() != joined:  # (a mark that lower-casing changes, as "Ⓐ": rare)
                for k in at:
                    lowers[k] = lowers[k].lower()
            starts += mstarts
            starts.sort()
            ends += map(_M_END, ms)
            ends.sort()
            self.marks = at
        elif ms:
            # words then marks, each run in order: one stable sort of the indices by start interleaves
            # them (tokens are disjoint, so the starts and the ends sort alike)
            mstarts = list(map(_M_START, ms))
            marks = list(map(_M_GROUP, ms))
            strs = lowers + marks
            lowers += map(str.lower, marks)
            starts += mstarts
            ends += map(_M_END, ms)
            if len(starts) > 1:  # (always, past _INSERT_MAX; itemgetter of one index gives no tuple)
                pick = operator.itemgetter(*sorted(range(len(starts)), key=starts.__getitem__))
                strs, lowers = list(pick(strs)), list(pick(lowers))
                starts.sort()
                ends.sort()
            # the indices of the marks among the tokens, ascending (mark starts are ascending and every
            # start is a token's: a binary search each)
            self.marks = list(map(bisect.bisect_left, repeat(starts), mstarts))
        else:
            strs = lowers[:]
            self.marks = []
        lowers = _straighten_apostrophes(text, starts, ends, lowers)
        self.starts, self.ends, self.text, self.lowers = starts, ends, strs, lowers
        # (operator.getitem: a C function, cheaper per call than the bound str.__getitem__ slot wrapper)
        self.caps = list(map(str.isupper, map(operator.getitem, repeat(text), starts)))
        return True


def _coalesce(text: str, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges (ascending, disjoint) with each run of neighbours separated only by white space joined
    into one range, up to ``_PAIR_MAX`` characters: the same tokens, fewer calls. (A token never
    holds white space, and a non-empty white-space gap ends any token before it and starts none,
    so tokenising the joined range gives the tokens of its parts.)"""
    out: list[tuple[int, int]] = []
    for s, e in ranges:
        if out:
            ps, pe = out[-1]
            if pe < s and e - ps <= _PAIR_MAX and text[pe:s].isspace():
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _cue_automaton():
    """Aho-Corasick automaton of every cue form (a fast pre-filter; a phrase as a whole, so that
    "make" or "point" alone does not select a sentence for "make clear" or "point out")."""
    import ahocorasick

    aut = ahocorasick.Automaton()
    for form in cue_table():
        phrase = " ".join(form)
        aut.add_word(phrase, len(phrase))
    aut.make_automaton()
    return aut


@lru_cache(maxsize=1)
def _padded_cue_automaton():
    """Aho-Corasick automaton of every cue form with a space at each end, for the padded text
    (:attr:`framing.extract.tokens.Tokens.padded`: lower-cased, every character but word characters
    and spaces blanked): only whole-word occurrences match, so there are fewer hits to test."""
    import ahocorasick

    aut = ahocorasick.Automaton()
    for form in cue_table():
        phrase = " " + " ".join(form) + " "
        aut.add_word(phrase, (len(phrase) - 2, " " in phrase[1:-1]))
    aut.make_automaton()
    return aut


def _cue_units(text: str, ustarts: list[int], padded: str | None = None) -> set[int]:
    """Indices of the units (by start offset) holding a whole-word occurrence of a cue form
    (case-insensitive); word boundaries of further hits in a unit already selected are not
    tested again (most hits are in such units).

    With ``padded`` (the shared padded text of ``text``) the automaton runs over it instead, about
    twice as fast: every cue form is word characters and single spaces, so a whole-word occurrence
    in the lower-cased text is one in the padded text, unless a neighbour is "_" (a word character
    that is not alphanumeric: then the plain scan runs); a padded hit is checked against the text
    when the form has a space (a blanked mark there: "according-to" is no hit).
    """
    if padded is not None and "_" not in text:
        n = len(text)
        nu = len(ustarts)
        keep: set[int] = set()
        lo, hi = 1, 0  # offsets [lo, hi) of the last selected unit (empty at first)
        for end, (ln, multi) in _padded_cue_automaton().iter(padded):
            st = end - ln - 1  # text offset of the form (padded offsets are text offsets + 1; a hit ends in a space)
            if lo <= st < hi:
                continue  # same unit as the last selected one
            if multi and text[st:st + ln].lower() != padded[st + 1:st + 1 + ln]:
                continue
            k = bisect.bisect_right(ustarts, st) - 1
            keep.add(k)
            lo = ustarts[k] if k >= 0 else 0
            hi = ustarts[k + 1] if k + 1 < nu else n + 1
        return keep
    lt = text.lower()
    n = len(lt)
    nu = len(ustarts)
    keep: set[int] = set()
    lo, hi = 1, 0  # offsets [lo, hi) of the last selected unit (empty at first)
    for end, ln in _cue_automaton().iter(lt):
        st = end - ln + 1
        if lo <= st < hi:
            continue  # same unit as the last selected one
        if (st == 0 or not lt[st - 1].isalnum()) and (end + 1 >= n or not lt[end + 1].isalnum()):
            k = bisect.bisect_right(ustarts, st) - 1
            keep.add(k)
            lo = ustarts[k] if k >= 0 else 0
            hi = ustarts[k + 1] if k + 1 < nu else n + 1
    return keep


@lru_cache(maxsize=4096)
def _first_word(form: str) -> str:
    """The first word of a cue form (forms come from the cue table: a few hundred)."""
    return form.split()[0]


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum()


class _Draft:
    """An attribution under construction (token indices)."""

    __slots__ = ("cs", "ce", "ss", "se", "cue", "unit", "parts", "relay", "continued", "pattern")

    def __init__(self, cs: int, ce: int, ss: int | None, se: int | None, cue: CueMatch | None, unit: int,
                 pattern: str) -> None:
        self.cs, self.ce, self.ss, self.se, self.cue, self.unit = cs, ce, ss, se, cue, unit
        self.parts: list[tuple[int, int]] = []
        self.relay: tuple[int, int] | None = None
        self.continued = False
        self.pattern = pattern


# --------------------------------------------------------------------------- helpers
def _units(text: str, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """1. Sentences merged so that no direct quotation is cut."""
    return _merge_units(sentence_spans(text), quotes)


#: a character that is not white space: ``_NONBLANK_RE.search(text, s, e)`` is ``text[s:e].strip()`` (as
#: a truth value; ``\s`` and str.strip() use the same white space) without copying the range
_NONBLANK_RE = _regex.compile(r"\S")


def _cap_units(units: list[tuple[int, int]], text: str,
               quotes: Sequence[Quote] = ()) -> list[tuple[int, int]]:
    """Split units at line breaks outside quotations (a sentence never runs over a paragraph,
    even when a non-breaking space hides the break from the sentence splitter), and any unit
    longer than ``_MAX_UNIT`` characters at spaces (keeps the work linear on odd pages)."""
    qs = [q.start for q in quotes]
    split: list[tuple[int, int]] = []
    for s, e in units:
        nl = text.find("\n", s, e)
        while nl >= 0:
            k = bisect.bisect_right(qs, nl) - 1
            inside = k >= 0 and quotes[k].end > nl
            if not inside and _NONBLANK_RE.search(text, s, nl):
                split.append((s, nl))
                s = nl + 1
                while s < e and text[s].isspace():
                    s += 1
            nl = text.find("\n", nl + 1, e)
        if s < e and not text[s].isspace() or _NONBLANK_RE.search(text, s, e):
            split.append((s, e))  # (a unit opening with a non-space character: no scan needed)
    units = split
    if all(e - s <= _MAX_UNIT for s, e in units):
        return units
    out = []
    for s, e in units:
        while e - s > _MAX_UNIT:
            cut = text.rfind(" ", s + _MAX_UNIT // 2, s + _MAX_UNIT)
            cut = cut if cut > s else s + _MAX_UNIT
            out.append((s, cut))
            s = cut + 1
        if e > s:
            out.append((s, e))
    return out


#: A report clause opening a unit: up to eight words, then a common report verb
#: ("Murphy, the head of Right to Rise USA, Tweeted", "Obama asked Republican politicians")
_REPORT_TAIL_RE = _regex.compile(
    r"(?<![\w.'’-])(?:[\w.'’-]++,?+[ \t]++){1,8}?(?:said|says|asked|asks|told|tells|wrote|writes|added|adds|tweeted|"
    r"explained|continued|replied|responded|recalled|shouted|yelled|insisted|wondered)\b", re.I)


def _join_report_tails(units: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Rejoin "“... it!” | Murphy, the head of the PAC, tweeted ..." split by the sentence splitter
    (a quotation ending in "?" or "!" and a capitalised report clause): one unit again."""
    out: list[tuple[int, int]] = []
    for s, e in units:
        if out:
            ps, pe = out[-1]
            if pe - ps >= 3 and text[pe - 1] in "”\"’'" and text[pe - 2] in "?!" and s - pe <= 2 \
                    and "\n" not in text[pe:s] and text[s:s + 1].isupper() \
                    and _REPORT_TAIL_RE.match(text, s, min(e, s + 120)):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _merge_units(sents: Sequence[tuple[int, int]], quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    if not quotes:
        return list(sents)
    out: list[tuple[int, int]] = []
    qi = 0
    for s, e in sents:
        if out:
            ps, pe = out[-1]
            # does a closed quote start in the previous unit and end after its end?
            while qi < len(quotes) and quotes[qi].end <= ps:
                qi += 1
            k = qi
            merge = False
            while k < len(quotes) and quotes[k].start < pe:
                if quotes[k].end > pe and quotes[k].closed:
                    merge = True
                    break
                k += 1
            if merge:
                out[-1] = (ps, max(pe, e))
                continue
        out.append((s, e))
    return out


#: a line break and the white space after it (possessive: linear, one match per run)
_NL_RUN_RE = _regex.compile(r"\n\s*+")


class _Ctx:
    """Per-document state of the extractor."""
    def __init__(self, text: str, quotes: Sequence[Quote], document: Document | None,
                 ranges: Sequence[tuple[int, int]] | None = None, tokens: Tokens | None = None) -> None:
        self.text = text
        self.t = _Toks(text, ranges, tokens=tokens)
        self.quotes = list(quotes)
        self.document = document
        self.qstarts = [q.content_start for q in self.quotes]
        self.qends = [q.content_end for q in self.quotes]
        self._cuts: list[int] | None = None
        self.cue_pos = cue_starts(self.t.lowers)

    @property
    def clause_cuts(self) -> list[int]:
        """Token indices where a content must end: ";", ", while/which ...", "(", a line break."""
        cuts = self._cuts
        if cuts is None:
            lw, starts, text = self.t.lowers, self.t.starts, self.text
            n = len(lw)
            found = set()
            marks = _CUT_MARKS
            # (in_quote inlined: a binary search in the quotation contents)
            qstarts, qends, br = self.qstarts, self.qends, bisect.bisect_right
            at = self.t.marks  # the indices of the mark tokens (None: unknown, then one pass over all tokens)
            for x in at if at is not None else list(compress(count(), map(marks.__contains__, lw))):
                w = lw[x]
                if x and w in marks:
                    if w == "," and not ((x + 1 < n and lw[x + 1] in _CLAUSE_CUT) or
                                         (x + 2 < n and lw[x + 1] in ("and", "but") and
                                          (lw[x + 2] in _NEW_SUBJECT or lw[x + 2] in _NEW_PREDICATE))):
                        continue
                    pos = starts[x]
                    if w == "(" and not text[pos - 1].isspace():
                        continue  # "alert(1)", "Act(s)": not an aside
                    qi = br(qstarts, pos) - 1
                    if qi < 0 or pos >= qends[qi]:
                        found.add(x)
            # line breaks: the first token after each break (the breaks of one run of white space,
            # "\n\n", have the same first token after them: one look-up per run). Only the breaks
            # after the first token can give one (0 < x); none after the last token starts (x < n).
            if n > 1:
                bl = bisect.bisect_left
                for mnl in _NL_RUN_RE.finditer(text, starts[0] + 1, starts[-1]):
                    x = bl(starts, mnl.start())
                    pos = starts[x]
                    qi = br(qstarts, pos) - 1
                    if qi < 0 or pos >= qends[qi]:
                        found.add(x)
            cuts = sorted(found)
            self._cuts = cuts
        return cuts

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.qstarts, pos) - 1
        return i >= 0 and pos < self.qends[i]

    def tok_range(self, s: int, e: int) -> tuple[int, int]:
        return bisect.bisect_left(self.t.starts, s), bisect.bisect_left(self.t.starts, e)


def _skip_aux_back(lw: list[str], i: int, a: int) -> int:
    """Index of the last token before ``i`` that is not an auxiliary or adverb (or a-1)."""
    k = i - 1
    while k >= a and (lw[k] in _AUX or (lw[k].endswith("ly") and len(lw[k]) > 3 and lw[k].isalpha())):
        k -= 1
    return k


#: tokens that end the backward scan of :func:`_speaker_back` (clause marks, clause words, relative pronouns)
_BACK_STOP = frozenset({",", ";", ":", "(", ")", "—", "–", "-"}) | _BOUNDARY | _RELPRON


def _speaker_back(c: _Ctx, k: int, a: int) -> tuple[int, int] | None:
    """A speaker noun phrase ending at token ``k`` (inclusive), scanning back to a clause boundary."""
    lw, caps, strs = c.t.lowers, c.t.caps, c.t.text
    if k < a:
        return None
    if lw[k] in _RELPRON:
        return (k, k + 1)
    end = k
    if strs[k] in ("—", "–") and k - 1 >= a:
        # "Joyce — who is listed as an attorney in Illinois — told ...": the speaker before the aside
        x = k - 1
        while x >= a and k - x <= 25 and strs[x] not in ("—", "–"):
            x -= 1
        if x - 1 >= a and strs[x] in ("—", "–") and caps[x - 1]:
            k = x - 1
            end = k
    if strs[k] == ")":
        # a party-and-state tag or short aside before the cue: "Sen. Elizabeth Warren (D-MA) said"
        x = k - 1
        while x >= a and k - x <= 8 and strs[x] not in ("(", ")"):
            x -= 1
        if x - 1 >= a and strs[x] == "(" and caps[x - 1]:
            k = x - 1
    j = k
    lo = max(a, k - _SPEAKER_SCAN_BACK)  # bounded scan (see _SPEAKER_SCAN_BACK: same result, linear time)
    while j >= lo:
        w = lw[j]
        # a comma (appositive ", a spokeswoman, Anna White, said": keep going only over a name), other
        # clause marks, a quotation mark, a clause word or a relative pronoun ends the noun phrase
        if w in _BACK_STOP or strs[j] in _QUOTE_TOK:
            break
        if w == "and" and not (j - 1 >= a and caps[j - 1] and j + 1 <= k and caps[j + 1]):
            break
        j -= 1
    s = j + 1
    if s > k:
        return None
    if k - s + 1 > _MAX_SPEAKER_TOKENS:
        # too long for a noun phrase: keep a capitalised/role tail
        s2 = k
        rw = role_words()
        while s2 - 1 >= s and (caps[s2 - 1] or lw[s2 - 1] in rw or lw[s2 - 1] in ("of", "the", "'s", ".", "-")):
            s2 -= 1
        if k - s2 + 1 > 8 or not (caps[k] or lw[k] in rw):
            return None
        s = s2
    for x in range(k, s - 1, -1):
        if lw[x] in _SAY_FORMS:
            s = x + 1
            break
    if s > k:
        return None
    region = lw[s:k + 1]
    if not _VERBISH.isdisjoint(region):
        # a clause, not a noun phrase: keep a capitalised tail ("... Russia will win, Lavrov")
        s2 = k
        while s2 - 1 >= s and caps[s2 - 1] and lw[s2 - 1] not in _VERBISH:
            s2 -= 1
        if not caps[k] or lw[s2] in _VERBISH:
            return None
        s = s2
        region = lw[s:k + 1]
    # must have a head: a capitalised word, a pronoun, or a known role/source word
    if not any(map(str.isalnum, map(_FIRST, compress(strs[s:k + 1], caps[s:k + 1])))):
        if region[-1] not in _PRON_SPEAKER and not _known_noun(region) and not _quantity_np(region) \
                and not (region[0] in _DETERMINERS and 2 <= len(region) <= 6 and region[-1].isalpha()) \
                and not _plural_np(region) and not (len(region) == 1 and region[0] in _LONE_SPEAKERS):
            return None
    if region[-1] in ("you",):
        return None
    if region[-1] in _PRON_SPEAKER and len(region) > 1 and region[-2] not in ("of", "and", "both", "all"):
        # "including provisions he said would ...": a pronoun is a noun phrase of its own
        s = k
        region = region[-1:]
    # do not start on a dangling conjunction or preposition
    while s <= k and lw[s] in ("and", "of", "-", "'s", "by", "for", "with", "to", "in", "on", "at"):
        s += 1
    if s > k:
        return None
    return (s, end + 1)


#: determiners that stand alone as a speaker ("another says", "others argue", "many believe")
_LONE_SPEAKERS = frozenset({"another", "others", "many", "some", "most", "few", "both", "all", "none"})
_GENERIC_HEADS = frozenset("""
people critics experts analysts observers residents voters officials sources report reports study studies poll
polls survey data statement document letter group groups company government administration campaign committee
agency ministry department office police court leaders members supporters opponents democrats republicans
lawmakers scientists researchers spokesman spokeswoman spokesperson aides aide president minister official
director chairman chairwoman head founder chief executive strategist adviser advisor professor expert
""".split())


def _plural_np(region: list[str]) -> bool:
    """A short bare plural noun phrase ("forecasters", "former employees"): a plausible group speaker.

    Up to three alphabetic words ending in a plural "-s" word (PolNeAR calibration part: bare plural
    subjects of report verbs are mostly sources)."""
    last = region[-1]
    return (len(region) <= 3 and all(w.isalpha() for w in region) and len(last) > 3 and last.endswith("s")
            and not last.endswith(("ss", "us", "ous", "is")) and not any(w in _VERBISH or w in _AUX for w in region))


_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten half third quarter majority
plurality most percent dozen dozens hundreds thousands""".split())


def _quantity_np(region: list[str]) -> bool:
    """A poll quantity as a speaker: "About three in 10", "55 percent", "a majority" (PolNeAR
    calibration part: poll respondents reported as saying or wanting)."""
    return len(region) <= 6 and any(w[:1].isdigit() or w in _NUMBER_WORDS for w in region) \
        and not any(w in _VERBISH for w in region)


@lru_cache(maxsize=1)
def _known_heads() -> frozenset[str]:
    """``_GENERIC_HEADS`` and the one-word patterns of the role table (``(w,) in role_table()``)."""
    return _GENERIC_HEADS | frozenset(k[0] for k in role_table() if len(k) == 1)


def _known_noun(region: list[str]) -> bool:
    heads = _known_heads()
    for w in region:
        base = w[:-2] if w.endswith("'s") else w
        if base in heads:
            return True
        if base.endswith("s") and base[:-1] in heads:
            return True
    return False


def _speaker_fwd(c: _Ctx, i: int, b: int) -> tuple[int, int] | None:
    """A speaker noun phrase starting at token ``i`` (for "according to X", "by X", "said X")."""
    lw, strs = c.t.lowers, c.t.text
    j = i
    while j < b and j - i < 15:
        w = lw[j]
        if w in (",", ";", ":", "(", "—", "–") or strs[j] in _QUOTE_TOK or w in ("that", "which", "who"):
            break
        if w == "." and j + 1 >= b:
            break
        if w in _VERBISH:
            break
        j += 1
    # trim trailing punctuation
    while j > i and not _is_word(strs[j - 1]) and strs[j - 1] not in (")",):
        j -= 1
    if j <= i:
        return None
    # balance "(KCNA)"
    if strs[j - 1] == ")" or (j < b and strs[j] == "(" and j + 2 < b and strs[j + 2] == ")"):
        if j < b and strs[j] == "(":
            j = j + 3
    return (i, j)


_FINAL_MARKS = frozenset({".", "!", ";", ",", ":", "—", "–"})


def _content_end(c: _Ctx, s: int, b: int) -> int:
    """Trim the final sentence punctuation (the closing quote mark is kept)."""
    strs = c.t.text
    e = b
    while e > s and strs[e - 1] in _FINAL_MARKS:
        e -= 1
    return e


#: the words the scan of :func:`_forward_content_start` stops or decides at (else only an opening quote)
_FCS_WORDS = frozenset({"to", "that", ":", ".", ";", "?", "!", ","})


def _forward_content_start(c: _Ctx, j: int, b: int, cue: CueMatch, participle: bool = False) -> int | None:
    """Where the content of "X CUE ..." starts (token index), or None."""
    lw, strs = c.t.lowers, c.t.text
    # a "that", a colon or a quote within the next few tokens opens the content
    lim = min(b, j + 10)
    # a "that" further on opens the content only after an adjunct or an object ("said on Friday
    # that", "told reporters that"), not inside a content that starts at once ("say it's been
    # evident in the negotiations that ensued")
    adjunct = j < b and (lw[j] in _PREP_TIME or lw[j] == "," or cue.form in _OBJECT_CUES)
    for k in range(j, lim):
        w = lw[k]
        if w not in _FCS_WORDS and strs[k] not in _OPEN_Q:
            continue  # (none of the tests below can hold: a plain word)
        if w == "to" and k > j and cue.entry.cue_class == "directive" and lw[j] not in _PREP_TIME \
                and lw[j] not in (",", ":") and lw[k - 1].isalpha():
            return j  # "called on the United States to attack ...": the object and its infinitive
        if w == "that" and (k == j or adjunct):
            return k
        if w == ":":
            return k + 1 if k + 1 < b else None
        if strs[k] in _OPEN_Q and c.in_quote(c.t.ends[k]) and (k == j or lw[k - 1] in (",", ":")):
            return k
        if w in (".", ";", "?", "!") or (w == "," and k > j):
            break
    k = j
    if k < b and lw[k] in (".", "!", "?"):
        return None  # "X said." - the content is before the cue
    if cue.form in _OBJECT_CUES and k < b and lw[k] in _OBJECT_CLAUSE and lw[k] not in ("to", "about"):
        pass  # "The survey asks where each resident ... was born": no object, the clause at once
    elif cue.form in _OBJECT_CUES:
        # skip the object: a pronoun, a capitalised name, or a short noun phrase
        if k < b and lw[k] in ("me", "us", "him", "her", "them", "you", "reporters", "journalists", "lawmakers",
                               "supporters", "congress", "voters", "the", "a", "an", "his", "her", "their"):
            k += 1
            while k < b and (lw[k] in ("the", "a", "an") or (c.t.caps[k] and _is_word(strs[k]))
                             or (lw[k].isalpha() and k + 1 < b and lw[k + 1] in (",",))):
                k += 1
                if k - j > 5:
                    break
        else:
            while k < b and c.t.caps[k] and _is_word(strs[k]) and k - j < 6:
                k += 1
        if k == j:
            # a bare noun object: "asked workers if ...", "told aides that ..."
            x = j
            while x < b and x - j < 3 and lw[x].isalpha() and lw[x] not in _OBJECT_CLAUSE:
                x += 1
            if x > j and x < b and lw[x] in _OBJECT_CLAUSE:
                k = x
        if k == j:
            return None
        if k < b and lw[k] in (",", ":"):
            k += 1
    elif k < b and lw[k] in (",", ":"):
        k += 1
    if k >= b:
        return None
    if cue.entry.requires == "clause" or (participle and cue.form not in _NP_PARTICIPLES):
        if not (lw[k] in _CLAUSE_OPEN or strs[k] in _OPEN_Q or c.t.caps[k]
                or (lw[k] == "to" and cue.entry.frame == "cognition")):
            return None
    return k


def _tail_ok(c: _Ctx, j: int, b: int, obj: bool, after_speaker: bool = False) -> tuple[bool, int]:
    """Is the rest of the unit after a trailing cue an adjunct (not a that-clause)?

    Returns ``(ok, index where the tail starts)``.
    """
    lw, strs = c.t.lowers, c.t.text
    k = j
    if obj:
        while k < b and (lw[k] in ("reporters", "journalists", "me", "us", "him", "her", "them", "the", "a", "an")
                         or (c.t.caps[k] and _is_word(strs[k]))) and k - j < 5:
            k += 1
    while k < b and len(lw[k]) > 4 and lw[k].endswith("ly") and lw[k].isalpha() and k - j < 2:
        k += 1  # "“...,” Mr. Kaplan said dryly."
    e = _content_end(c, k, b)
    if k >= e:
        return True, k
    w = lw[k]
    if w in (",", ";", "—", "–", "(", ".", "!", "?") or strs[k] in _OPEN_Q:
        return True, k
    if w in ("who", "whose") and after_speaker:
        return True, k  # "“...,” said a GOP data expert who has worked for ...": it describes the speaker
    if w in _PREP_TIME or w in _RELAY_WORDS or (w.endswith("ing") and len(w) > 4):
        # an adjunct ("on Friday", "in a statement") or a participle ("answering a question")
        m = k
        while m < e and lw[m] not in (",",):
            if lw[m] == "that" and lw[m - 1] not in ("after", "before") and not w.endswith("ing"):
                return False, k
            m += 1
        return True, k
    return False, k


# --------------------------------------------------------------------------- extraction
def _unit_drafts(c: _Ctx, a: int, b: int, ui: int, prev: list[_Draft]) -> list[_Draft]:
    lw, strs, caps = c.t.lowers, c.t.text, c.t.caps
    out: list[_Draft] = []
    found = find_cues(lw, a, b, positions=c.cue_pos)
    if not found:
        return out
    starts = c.t.starts
    in_quote = c.in_quote
    if c.qstarts:
        cues = [m for m in found if not in_quote(starts[m.i])]
    else:
        cues = found  # (no quotation in the document: no cue is inside one)
    if not cues:
        return out  # no cue outside quotations: nothing below can make a draft
    cuts: set[int] = set()
    for m in cues:
        x = m.i - 1
        if x < a:
            continue
        w = lw[x]
        if w == ",":
            first = _first_word(m.form)
            if first.endswith("ing") or m.form == "according to":
                cuts.add(x)  # cues at comma boundaries cut the content of earlier cues
            elif x > a and first.endswith("ed") and m.entry.requires != "noun" \
                    and not (m.j < b and strs[m.j] in _QUOTE_TOK):
                # ", said GOP voters should ...", ", recited her policy ideas": a second report verb
                # of the same subject after a comma ends the content of the first
                cuts.add(x)
        elif x > a and w in ("and", "but"):
            cuts.add(x)  # coordinated report verbs ("... mentioned A and described B"): A ends before "and"
    cut_points = sorted(cuts)
    title_case = None  # is the unit in title case (a headline)? computed when first needed
    for m in cues:
        i, j = m.i, m.j
        form = m.form
        before = lw[i - 1] if i - 1 >= a else ""
        if caps[i] and i - 1 >= a and caps[i - 1] and _is_word(strs[i - 1]) and not form.endswith("ed") \
                and form not in _SAY_FORMS:
            # "The Tonight Show", "Fox News Reports": a capitalised cue after a capitalised word is
            # part of a name, unless the whole unit is a title-case headline ("Al Sharpton Just Said")
            if title_case is None:
                words = [x for x in range(a, b) if _is_word(strs[x])]
                title_case = sum(caps[x] for x in words) * 2 > len(words)
            if not title_case:
                continue
        if before[:1].isdigit() and not (i - 1 == a or lw[i - 2] in (",", ";", "and", "while", "in", "of")):
            continue  # "300 pledged delegates": an adjective (but "..., 43 said the same")
        # 2. noun uses: "the claims", "a report", "to say"; a noun cue opening a content
        # ("his claim that ...", "criticism of ...", "Obama's pledge to ...") is an attribution
        if m.entry.requires == "noun" or (before in _NOUN_BEFORE and form != "according to"):
            d = _noun_draft(c, m, a, b, ui, cut_points)
            if d is not None:
                out.append(d)
            continue
        # --- 3a. according to X
        if form == "according to":
            sp = _speaker_fwd(c, j, b)
            if sp is None:
                continue
            if i == a or (i - 1 >= a and all(not _is_word(strs[x]) for x in range(a, i))):
                k = sp[1]
                while k < b and lw[k] in (",", ":"):
                    k += 1
                cs, ce = k, _content_end(c, k, b)
            else:
                cs = a
                ce = i
                while ce > cs and lw[ce - 1] in (",", "—", "–", "("):
                    ce -= 1
            if ce - cs < 2:
                continue
            d = _Draft(cs, ce, sp[0], sp[1], m, ui, "according_to")
            out.append(d)
            continue
        if form in ("quoting", "citing"):
            continue  # relays, handled with the attribution they qualify (see _attach_tail)
        k_aux = _skip_aux_back(lw, i, a)
        if form == "asked" and (i == a or (i == a + 1 and lw[a] == "when")) and j < b:
            # 3b'. a preposed question: "Asked whether he would ..., Priebus said" - the question is
            # a content with no source of its own (PolNeAR calibration part), up to its comma
            x = j
            while x < b and not (lw[x] in (",", ".", ";", "?") and not c.in_quote(c.t.starts[x])):
                x += 1
            if x < b and lw[x] == "," and x - j >= 2:
                out.append(_Draft(j, x, None, None, m, ui, "asked"))
            continue
        # --- 3b. participial ", saying ..."
        first = _first_word(form)
        if first.endswith("ing") and len(first) > 4:
            lead = lw[k_aux] if k_aux >= a else ""
            if lead in _PARTICIPLE_LEAD or k_aux < a:
                cs = _forward_content_start(c, j, b, m, participle=True)
                if cs is None:
                    continue
                ce = _content_end(c, cs, _clip(c, cs, _next_cut(cut_points, cs, b)))
                if ce - cs < 2:
                    continue
                # the speaker: the last report of this unit, else the unit's subject, else the last
                # report of the previous unit ("..., adding that ...")
                subj = out[-1] if out and out[-1].ss is not None else None
                sp = (subj.ss, subj.se) if subj is not None else _subject_np(c, a, i)
                if sp is None and prev and prev[-1].unit >= ui - 1 and prev[-1].ss is not None:
                    sp = (prev[-1].ss, prev[-1].se)
                d = _Draft(cs, ce, sp[0] if sp else None, sp[1] if sp else None, m, ui, "participle")
                out.append(d)
                continue
        # --- 3c. passive "was slammed by X" (a passive with no agent is not an attribution)
        progressive = first.endswith("ing") and len(first) > 4  # "is calling for", "are vowing to"
        if form != "quoted as saying" and not progressive and not _BE.isdisjoint(lw[max(a, k_aux + 1):i]):
            if j < b and lw[j] == "by":
                sp = _speaker_fwd(c, j + 1, b)
                if sp is None:
                    continue
                be = i - 1
                while be >= a and lw[be] not in _BE:
                    be -= 1
                subj = _speaker_back(c, be - 1, a) if be - 1 >= a else None
                if subj is None:
                    continue
                d = _Draft(subj[0], subj[1], sp[0], sp[1], m, ui, "passive")
                out.append(d)
            elif form in _IMPERSONAL and j < b:
                # 3c'. impersonal passive with no agent: "The House is expected to pass ...",
                # "it was reported that ...", "Trump was asked what ...": no speaker; the content is
                # the complement, with the subject as a second part when it is not a dummy "it"
                k = j + 1 if lw[j] == "," and j + 1 < b and strs[j + 1] in _OPEN_Q else j
                w = lw[k]
                if not (w in ("to", "that") or (form in _IMPERSONAL_ASK and (
                        w in _CLAUSE_OPEN or w in ("about", "if", "whether") or strs[k] in _OPEN_Q))):
                    continue
                ce = _content_end(c, k, _clip(c, k, _next_cut(cut_points, k, b)))
                if ce - k < 2:
                    continue
                d = _Draft(k, ce, None, None, m, ui, "impersonal")
                be = i - 1
                while be >= a and lw[be] not in _BE:
                    be -= 1
                subj = _speaker_back(c, be - 1, a) if be - 1 >= a else None
                if subj is not None and lw[subj[0]] != "it" and form not in _IMPERSONAL_ASK:
                    d.parts.append(subj)
                out.append(d)
            continue
        # --- 3d. trailing report clause: "... , X said." / "“...,” said X"
        done = False
        sep = k_aux
        speaker_region = None
        inverted = False
        app = _appositive_speaker(c, k_aux, a) if k_aux >= a and lw[k_aux] == "," else None
        if app is not None and app[0] - 1 >= a and (lw[app[0] - 1] == "," or strs[app[0] - 1] in _CLOSE_Q) \
                and _tail_ok(c, j, b, form in _OBJECT_CUES)[0]:
            # "“...,” the press secretary, Josh Earnest, said on Tuesday."
            speaker_region = app
            sep = app[0] - 1
        elif k_aux >= a and (lw[k_aux] == "," or strs[k_aux] in _CLOSE_Q and c.in_quote(c.t.starts[k_aux] - 1)):
            inverted = True  # "..., said Mr. X"
        else:
            speaker_region = _speaker_back(c, k_aux, a)
            if speaker_region is not None:
                sep = speaker_region[0] - 1
        if sep >= a and (lw[sep] in (",", "—", "–") or strs[sep] in _CLOSE_Q):
            content_end = sep + 1 if strs[sep] in _CLOSE_Q else sep
            if strs[sep] == "," and sep - 1 >= a and strs[sep - 1] in _CLOSE_Q:
                content_end = sep
            if inverted and m.entry.cue_class in _INVERTIBLE and " " not in form and not first.endswith("ing"):
                sp = _speaker_fwd(c, j, b)
                if sp is not None and lw[sp[0]] in _PRON_SPEAKER and sp[1] - sp[0] > 1:
                    sp = None  # "..., said he fully supports it": a leading report, not "said he."
                if sp is not None and (lw[sp[0]] in _PREP_TIME or lw[sp[0]] in ("to", "that") or
                                       lw[sp[0]] in _POSS_PRON):
                    sp = None  # "..., declined to comment on X", "tweeted their approval": objects
                if sp is not None and sp[1] - sp[0] <= 14 and (
                        any(caps[x] for x in range(sp[0], sp[1])) or lw[sp[0]] in _DETERMINERS
                        or lw[sp[0]] in _PRON_SPEAKER or _known_noun(lw[sp[0]:sp[1]])) \
                        and not (sp[1] < b and strs[sp[1]] in _OPEN_Q):
                    ok, tail = _tail_ok(c, sp[1], b, False, after_speaker=True)
                    speaker_region = sp if ok else None
                else:
                    speaker_region = None
                    ok, tail = False, j
            elif inverted:
                speaker_region = None
                ok, tail = False, j
            else:
                ok, tail = _tail_ok(c, j, b, form in _OBJECT_CUES)
                if ok and (lw[a] == "asked" or (lw[a] == "when" and lw[a + 1] == "asked")) \
                        and tail < b and lw[tail] in (",", ":") and tail + 1 < b and strs[tail + 1] in _OPEN_Q:
                    # "Asked whether ..., Priebus said, “Probably.”": the question is its own content
                    # (3b'), the answer is Priebus's
                    ok = False
                elif ok and lw[a] in _SUBORDINATORS and strs[sep] not in _CLOSE_Q \
                        and any(_is_word(strs[x]) for x in range(tail, b)):
                    # "While X did not ..., Rep. Y says meeting participants outlined ...": the
                    # subordinate clause is not what Y says; Y's report leads the main clause
                    ok = False
                # ("..., he warned: “...”": the quotation after the colon is the content, a leading report)
                if not ok and strs[sep] in _CLOSE_Q and lw[tail] not in ("that", ":") and sep - a >= 4:
                    ok = True  # "“...,” Clinton said answering a question ...": the quote is the content
            if speaker_region is not None and ok:
                cs = a  # a trailing report's content runs from the start of the unit
                if content_end - cs >= 1 and any(_is_word(strs[x]) for x in range(cs, content_end)):
                    d = _Draft(cs, content_end, speaker_region[0], speaker_region[1], m, ui, "trailing")
                    _attach_tail(c, d, tail, b)
                    out.append(d)
                    done = True
        if done:
            continue
        # --- 3e. leading report clause: "X said (that) ...", "X, a spokesman, said ..."
        sp = None
        if inverted:
            if lw[k_aux] == ",":
                sp = _appositive_speaker(c, k_aux, a)
        else:
            # (not inverted: speaker_region is the appositive, else _speaker_back(c, k_aux, a) computed above)
            sp = speaker_region
            if sp is None and k_aux >= a and lw[k_aux] in ("and", "but"):
                # "Ebeling reminisced about ..., and said ...": the speaker of the previous report of
                # this unit, else the subject of the sentence
                prev_d = out[-1] if out and out[-1].ss is not None else None
                sp = (prev_d.ss, prev_d.se) if prev_d is not None else _subject_np(c, a, i)
        if sp is None and j < b and lw[j] == "that" and k_aux >= a:
            # a "that"-clause right after the verb marks a report even when the subject is too long
            # or complex for a noun phrase ("Friends of Mr. Clinton's who have seen him ... say that",
            # "State Rep. Wendy Nanney (R), a leader of ..., suggested that"): the subject is the
            # clause from its start to the verb
            sp = _long_subject(c, a, k_aux)
        if sp is None:
            continue
        cs = _forward_content_start(c, j, b, m)
        if cs is None:
            continue
        end = _clip(c, cs, _next_cut(cut_points, cs, b))
        if sp[0] - 1 >= a and lw[sp[0] - 1] in _SUBORDINATORS:
            # "While Republicans vowed to ..., the party ...": the content ends with the clause
            x = cs
            while x < end and not (lw[x] == "," and not c.in_quote(c.t.starts[x])):
                x += 1
            end = x
        ce = _content_end(c, cs, end)
        if ce - cs < 1 or not any(_is_word(strs[x]) for x in range(cs, ce)):
            continue
        if ce - cs < 2 and not lw[cs].isalpha():
            continue
        if lw[cs] in _ADJUNCT_PREPS and m.entry.frame == "speech":
            # "said in a statement", "reported from Washington", "did not respond to a request for
            # comment": an adjunct, not a content (PolNeAR calibration part); a content may follow
            # the adjunct after a comma ("said in a statement, the plan ...")
            x = cs
            while x < ce and x - cs < 6 and lw[x] != ",":
                x += 1
            if x < ce and lw[x] == "," and ce - x > 3:
                cs = x + 1
            elif ce - cs <= 6 or lw[cs] == "from" or (lw[cs] == "to" and "request" in lw[cs:min(ce, cs + 5)]):
                continue
        if m.entry.cue_class in _NP_OBJECT_CLASSES and cs == j and lw[cs] not in _CLAUSE_OPEN \
                and strs[cs] not in _QUOTE_TOK and lw[cs] != "to":
            # an evaluative verb's noun-phrase object is its content ("praised her effort, and ..."):
            # it ends at a comma, a dash, a semicolon, an aside or a subordinate clause
            x = cs + 1
            while x < ce and not (lw[x] in _NP_END and not c.in_quote(c.t.starts[x])):
                x += 1
            ce = x
        d = _Draft(cs, ce, sp[0], sp[1], m, ui, "leading")
        out.append(d)
    _cut_at_trailing(out, lw)
    return out


#: cue classes whose verbs take a noun-phrase object as their content ("endorsed Trump")
_NP_OBJECT_CLASSES = frozenset({"expressive", "loaded"})
#: words that end such an object (PolNeAR calibration part: the adjunct after the object is not content)
_NP_END = frozenset({",", "—", "–", ";", "(", "while", "when", "because", "after", "before", "since", "amid"})
#: words that open the content after the object of "ask"/"tell" ("asked workers if they ...")
_OBJECT_CLAUSE = frozenset({"if", "whether", "that", "to", "about", "what", "why", "how", "when", "where", "who"})
#: prepositions that open an adjunct, not a content, right after a speech verb ("said in a statement")
_ADJUNCT_PREPS = frozenset({"in", "at", "during", "from", "via", "through"})
#: nouns (or verb forms used as nouns) whose "to"-infinitive is the content ("his pledge to ...")
_NOUN_TO = frozenset({"pledge", "pledges", "promise", "promises", "threat", "threats", "call", "calls", "demand",
                      "demands", "vow", "vows", "decision", "plan", "plans", "hope", "hopes"})
#: prepositions whose object is the content of an evaluative noun ("criticism of X", "attacks on X")
_NOUN_PREP = frozenset({"of", "for", "on", "against", "about"})
_NOUN_PREP_CUES = frozenset({"criticism", "attack (noun)"})
#: longest prepositional content of an evaluative noun ("attacks on Curiel"), in tokens
_MAX_NOUN_PREP = 8
_POSS_PRON = frozenset({"his", "her", "their", "its", "our", "my"})


def _noun_draft(c: _Ctx, m: CueMatch, a: int, b: int, ui: int, cut_points: list[int]) -> _Draft | None:
    """2'. A noun cue with its content: "his claim that ...", "Mr. Obama's pledge to ...",
    "Trump's view is that ...", "criticism from Clinton about ...", "attacks on Curiel".

    The speaker is the possessor before the noun (a possessive pronoun or a name with 's), else a
    "from/by X" right after it, else none. PolNeAR annotates these noun cues (calibration part).
    """
    lw, strs, caps = c.t.lowers, c.t.text, c.t.caps
    i, j = m.i, m.j
    # the speaker: a possessor within the two words before the noun (skipping an adjective)
    sp = None
    k = i - 1
    while k >= a and i - k <= 3:
        w = lw[k]
        if w in _POSS_PRON:
            sp = (k, k + 1)
            break
        if w.endswith("'s") and caps[k]:
            s0 = k
            while s0 - 1 >= a and (caps[s0 - 1] or lw[s0 - 1] in (".", "-")) and k - s0 < 5 \
                    and _is_word(strs[s0 - 1]) or (s0 - 1 >= a and lw[s0 - 1] == "." and k - s0 < 5):
                s0 -= 1
            while s0 < k and not _is_word(strs[s0]):
                s0 += 1
            sp = (s0, k + 1)
            break
        if not (w.isalpha() and not caps[k]) or w in _BOUNDARY or w in _VERBISH:
            break
        k -= 1
    x = j
    if x < b and lw[x] in ("from", "by") and sp is None:
        sp2 = _speaker_fwd(c, x + 1, b)
        if sp2 is not None and sp2[1] - sp2[0] <= 6:
            sp = sp2
            x = sp2[1]
    if x < b and lw[x] in ("is", "was") and x + 1 < b and lw[x + 1] == "that":
        x += 1  # "his view is that ..."
    if x >= b:
        return None
    w = lw[x]
    if w == "that" or (w == ":" and m.entry.requires == "noun"):
        cs = x if w == "that" else x + 1
    elif w == "to" and m.form in _NOUN_TO and x + 1 < b and not caps[x + 1] and lw[x + 1].isalpha() \
            and lw[x + 1] not in _DETERMINERS:
        cs = x
    elif w in _NOUN_PREP and m.entry.cue in _NOUN_PREP_CUES:
        # the object noun phrase only: up to a verb, a clause word or a comma ("attacks on Curiel stand")
        cs = x + 1 if w == "on" else x
        e = cs + 1
        while e < b and e - cs < _MAX_NOUN_PREP and lw[e] not in _VERBISH and lw[e] not in _BOUNDARY \
                and lw[e] not in _RELPRON and lw[e] not in (",", ".", ";", ":", "—", "–", "(") \
                and not (caps[e - 1] and not caps[e] and lw[e].isalpha() and not lw[e - 1].endswith("'s")):
            e += 1
        return _Draft(cs, e, sp[0] if sp else None, sp[1] if sp else None, m, ui, "noun") if e > cs else None
    else:
        return None
    if cs >= b:
        return None
    ce = _content_end(c, cs, _clip(c, cs, _next_cut(cut_points, cs, b)))
    if ce - cs < 2:
        return None
    return _Draft(cs, ce, sp[0] if sp else None, sp[1] if sp else None, m, ui, "noun")


def _cut_at_trailing(ds: list[_Draft], lw: list[str] | None = None) -> None:
    """A content must not run over the report clause of a trailing attribution of the same unit,
    nor over the speaker of a coordinate report ("A said X, while B said Y")."""
    if len(ds) < 2:
        return  # (most units have one report: nothing to cut)
    if lw is not None:
        for di, d in enumerate(ds):
            if d.pattern not in ("leading", "participle"):
                continue
            for e in ds[di + 1:di + 8]:  # the next few reports of the unit
                if e.pattern != "leading" or e.ss is None or not (d.cs < e.ss < d.ce):
                    continue
                k = e.ss - 1
                if lw[k] in (",", "and", "but", "while", "whereas", ";", "—"):
                    while k > d.cs and lw[k] in (",", "and", "but", "while", "whereas", ";", "—"):
                        k -= 1
                    if k <= d.cs and lw[d.cs] == "that":
                        continue  # "said that while he fears ..., X": a clause opening the content
                    d.ce = k + 1
                elif lw[k] in _CLOSE_Q and d.pattern == "participle":
                    d.ce = k + 1  # "Conceding that ... “down the line” he warned: ..."
    trails = [d for d in ds if d.pattern in ("trailing", "according_to") and d.ss is not None]
    for di, d in enumerate(ds):
        if d.pattern not in ("leading", "participle"):
            continue
        for t in trails[:16]:  # a unit has few trailing reports; bound the work on odd pages
            lo = min(t.ss, t.cue.i if t.cue else t.ss)
            if d.cs < lo < d.ce and t.cs <= d.cs:
                ce = t.ce
                if ce <= d.cs + 1:
                    continue  # ("said that according to X, ...": the report opens the content)
                d.ce = min(d.ce, ce)


#: participles of the impersonal passive ("is expected to", "was reported that", "was asked what");
#: PolNeAR calibration part: these are annotated as attributions with no source
_IMPERSONAL = frozenset({"expected", "believed", "thought", "said", "reported", "estimated", "projected",
                         "predicted", "alleged", "asked", "told", "rumored", "rumoured", "feared", "understood"})
_IMPERSONAL_ASK = frozenset({"asked", "told"})
#: ", while/which/although ..." ends a content; ", who ..." does not (PolNeAR calibration part: the
#: annotators keep a relative clause on a person, "helped Clinton, who does not need to ...")
_CLAUSE_CUT = frozenset({"while", "whereas", "which", "compared", "although", "though"})
#: ", and he ..." / ", but they ...": a new clause with its own subject ends a content
_NEW_SUBJECT = frozenset({"he", "she", "they", "it", "we", "i"})
#: marks that may end a content outside quotation marks (a comma only before _CLAUSE_CUT words or a
#: new subject/predicate; "(" opens an aside: PolNeAR calibration part)
_CUT_MARKS = frozenset({";", "—", "–", ",", "("})
#: ", and has championed ...": a second predicate of the report's subject ends a content (PolNeAR
#: calibration part)
_NEW_PREDICATE = frozenset({"has", "had", "have", "is", "was", "will", "would", "also", "then", "later"})


def _clip(c: _Ctx, s: int, e: int) -> int:
    """A content never runs over a paragraph break, a semicolon, an aside or a ", while/which" clause.

    (The clause cuts follow the content boundaries of PolNeAR's calibration part.) The cut
    points outside quotations are found once per document, so each call is a binary search.
    """
    if s >= e or s >= len(c.t.lowers):
        return e
    cuts = c.clause_cuts
    k = bisect.bisect_right(cuts, s)
    if k < len(cuts) and cuts[k] < e:
        e = cuts[k]
    return max(s + 1, e) if e > s else e


def _appositive_speaker(c: _Ctx, comma: int, a: int) -> tuple[int, int] | None:
    """"David Fenton, a strategist whose agency made the ads, said": the name before the appositive.

    Walks back over at most three comma-separated chunks (a name, an age, a role ...) to the
    nearest chunk that opens with a name or a definite role ("the F.B.I. director"); the
    speaker span runs from there to the comma before the cue.
    """
    lw, strs, caps = c.t.lowers, c.t.text, c.t.caps
    k = comma - 1
    chunk_end = comma
    chunks = 0
    first: tuple[int, int] | None = None  # the chunk right before the comma
    while k >= a and comma - k < 50:
        w = lw[k]
        boundary = strs[k] in _QUOTE_TOK or w in (";", ":", "(", ")", "—", "–")
        if w == "," or k == a or boundary:
            st = k + 1 if (w == "," or boundary) else k
            while st < chunk_end - 1 and lw[st] in _LEAD_CONJ:
                st += 1  # "And America Rising, a conservative group, called ..."
            if st < chunk_end:
                chunks += 1
                if chunks == 1:
                    first = (st, chunk_end)
                if chunks >= 2:  # the first chunk back is the appositive itself
                    head = lw[st]
                    if ((caps[st] and head not in _SENT_FUNC_LOW) or
                            (head in ("the", "a", "an") and _known_noun(lw[st:chunk_end])) or
                            (head in _POSS_PRON and chunk_end - st <= 4 and first is not None and
                             caps[first[0]])):  # "his wife, Gabriela Violeta Lazar, wrote"
                        region = lw[st:chunk_end]
                        if not any(x in _VERBISH for x in region) and chunk_end - st <= 8:
                            return (st, comma)
                    # "The head of the PAC backing Jeb Bush for president, Mike Murphy, praised":
                    # a long description before a name; the name is the speaker
                    fs, fe = first
                    if 1 <= fe - fs <= 4 and all(caps[x] or strs[x] == "." for x in range(fs, fe)) \
                            and chunk_end - st > 8:
                        return first
                if chunks >= 4:
                    break
            if boundary:
                break
            chunk_end = k
        k -= 1
    return None


_LEAD_CONJ = frozenset({"and", "but", "so", "yet", "or", "meanwhile", "also", "then"})


_SENT_FUNC_LOW = frozenset("""in on at but and or if as when while after before since because though although
meanwhile however also then this that these those it there here for from with by to of during under
""".split())


def _next_cut(cuts: list[int], s: int, b: int) -> int:
    k = bisect.bisect_right(cuts, s)
    return cuts[k] if k < len(cuts) else b


def _subject_np(c: _Ctx, a: int, i: int) -> tuple[int, int] | None:
    """The noun phrase at the start of a unit ("North Korea has denied ..., saying")."""
    lw, caps = c.t.lowers, c.t.caps
    if lw[a].endswith("ing") or lw[a] in _SUBORDINATORS:
        # "Walking to the next address, Ebeling reminisced ...": the subject follows the opening phrase
        x = a
        while x < i and lw[x] != "," and x - a < 12:
            x += 1
        if x + 1 >= i or lw[x] != ",":
            return None
        a = x + 1
    k = a
    while k < i and (caps[k] or lw[k] in ("the", "'s", "of", "-", ".") or lw[k] in role_words()) and k - a < 8:
        if lw[k] in _VERBISH:
            break
        k += 1
    if k == a:
        if a < i and lw[a] in _PRON_SPEAKER:
            return (a, a + 1)
        return None
    return (a, k)


#: Longest clause subject (tokens) taken as the speaker before "VERB that" when no noun phrase is
#: found (PolNeAR calibration part: longer runs are mostly two clauses, not one subject)
_MAX_LONG_SUBJECT = 30


def _long_subject(c: _Ctx, a: int, k: int) -> tuple[int, int] | None:
    """The subject of "SUBJECT VERB that ...": tokens from the clause start (the unit start, a quote,
    a semicolon or a colon) to ``k``, when it holds a capitalised word or a known source noun."""
    lw, strs, caps = c.t.lowers, c.t.text, c.t.caps
    s = k
    while s - 1 >= a and k - s < _MAX_LONG_SUBJECT:
        w = strs[s - 1]
        if w in (";", ":") or w in _QUOTE_TOK:
            break
        s -= 1
    if k - s >= _MAX_LONG_SUBJECT or s > k:
        return None
    while s <= k and not _is_word(strs[s]):
        s += 1
    if s > k or lw[s] in _SUBORDINATORS or lw[s] in _BOUNDARY:
        return None
    region = lw[s:k + 1]
    if not (any(caps[x] and _is_word(strs[x]) for x in range(s, k + 1) if x > s or not lw[x] in _SENT_FUNC_LOW)
            or _known_noun(region) or _plural_np(region[:3])):
        return None
    return (s, k + 1)


def _attach_tail(c: _Ctx, d: _Draft, tail: int, b: int) -> None:
    """Relays ("quoting the KCNA") and a continuation quote ("“A,” he said, “B.”") after a cue."""
    lw, strs = c.t.lowers, c.t.text
    k = tail
    while k < b and lw[k] in (",", "—", "–"):
        k += 1
    # relay: quoting / citing X
    m = k
    while m < b and m - k < 8:
        if lw[m] in _RELAY_WORDS:
            sp = _speaker_fwd(c, m + 1, b)
            if sp is not None:
                d.relay = sp
            break
        if lw[m] in (",", ".", ";"):
            break
        m += 1
    if k < b and lw[k] in (".", "!", "?") and k + 1 < b and strs[k + 1] in _OPEN_Q:
        k += 1
    elif k < b and strs[k] not in _OPEN_Q and (lw[k] in _PREP_TIME or k == tail):
        # skip a short adjunct ("he said of Trump, “...”") up to its comma
        m = k
        while m < b and m - k < 8 and lw[m] not in (",", ".", ";", "that") and strs[m] not in _QUOTE_TOK:
            m += 1
        if m < b and lw[m] == "," and m + 1 < b:
            k = m + 1
    # the report clause interrupts an unquoted sentence right there: "At the time, she said, Grayson ..."
    mid = strs[d.ce - 1] not in _CLOSE_Q and k == tail + 1 and lw[tail] == "," and d.cue is not None \
        and max(d.cue.j, d.se or 0) == tail and d.ss is not None and d.ss < d.cue.i
    if k < b and strs[k] not in _QUOTE_TOK and lw[k].isalpha() and (mid or not c.t.caps[k]) \
            and not lw[k].endswith("ing") and lw[k] not in _PREP_TIME and (mid or lw[k] not in _DETERMINERS) \
            and (lw[k] not in ("and", "but") or mid) \
            and lw[k] not in ("who", "which", "whose", "whom", "himself", "herself") \
            and k > tail and lw[k - 1] == "," and d.pattern == "trailing" \
            and (d.ss is None or d.cue is None or d.ss < d.cue.i):
        # a parenthetical report: "Democrats, Frank notes, applaud ...", "At the time, she said,
        # Grayson was ..." - the rest of the sentence is content too (up to a clause cut)
        e = _content_end(c, k, b)
        if e - k >= 2:
            d.parts.append((k, e))
        return
    if k < b and strs[k] in _OPEN_Q:
        # a second part of the same quotation
        qe = k
        i = bisect.bisect_right(c.qstarts, c.t.ends[k]) - 1
        if i >= 0 and c.quotes[i].start == c.t.starts[k]:
            q = c.quotes[i]
            qe = bisect.bisect_left(c.t.starts, q.end)
            d.parts.append((k, qe))


def _continuations(c: _Ctx, units: list[tuple[int, int]], drafts: list[_Draft]) -> list[_Draft]:
    """4. Quotations with no cue that follow an attribution take its speaker."""
    covered: list[tuple[int, int]] = []
    for d in drafts:
        covered.append((c.t.starts[d.cs], c.t.ends[d.ce - 1]))
        for ps, pe in d.parts:
            covered.append((c.t.starts[ps], c.t.ends[pe - 1]))
    covered.sort()
    cstarts = [s for s, _ in covered]
    ustarts = [u[0] for u in units]
    by_unit: dict[int, list[_Draft]] = {}
    for d in drafts:
        by_unit.setdefault(d.unit, []).append(d)
    out: list[_Draft] = []
    last_by_unit = sorted(by_unit)
    for q in c.quotes:
        short = len(q.text.split(None, _MIN_CONTINUATION_WORDS - 1)) < _MIN_CONTINUATION_WORDS  # (fewer words)
        if short and not q.closed:
            continue
        k = bisect.bisect_right(cstarts, q.start) - 1
        if k >= 0 and covered[k][1] >= q.content_start:
            continue
        ui = bisect.bisect_right(ustarts, q.start) - 1
        if ui < 0:
            continue
        us, ue = units[ui]
        # the quote must be (nearly) the whole unit: a free-standing quotation
        rest = False  # the unit goes on after the quotation with no report of its own
        if len(c.text[us:q.start].split(None, 2)) > 2:  # (more than two words: at most three parts needed)
            continue
        if len(c.text[q.end:ue].split(None, 2)) > 2:
            if ui in by_unit or not q.closed:
                continue
            rest = True
        # the nearest earlier attribution with a speaker, at most two units back
        j = bisect.bisect_left(last_by_unit, ui) - 1
        if j < 0 or ui - last_by_unit[j] > 2:
            continue
        src = [d for d in by_unit[last_by_unit[j]] if d.ss is not None]
        if not src:
            continue
        # the statement the quotation continues: the last quoted report of that unit, else its
        # last report ("“A,” she said, pointing to X. “B.”" continues A, not the participle)
        src = [d for d in src if c.t.lowers[d.ss] not in _RELPRON] or src
        quoted = [d for d in src if c.t.text[d.cs] in _OPEN_Q or c.t.text[d.ce - 1] in _CLOSE_Q]
        prevd = quoted[-1] if quoted else src[-1]
        qs, qe = c.tok_range(q.start, q.end)
        if rest:
            # '“...” and other pocketbook issues.': the words after the quotation belong to it
            qe = max(qe, _content_end(c, qe, c.tok_range(ue, ue)[0]))
        if qe <= qs:
            continue
        last_end = c.t.ends[(prevd.parts[-1][1] if prevd.parts else prevd.ce) - 1]
        if "\n" not in c.text[last_end:q.start] and prevd.cue is not None:
            # same paragraph: one statement in several quotations (PolNeAR's multi-span content)
            prevd.parts.append((qs, qe))
            continue
        if short:
            continue  # a short quotation of its own paragraph: a title or a scare quote
        d = _Draft(qs, qe, prevd.ss, prevd.se, None, ui, "continuation")
        d.continued = True
        out.append(d)
        by_unit.setdefault(ui, []).append(d)
        if ui not in last_by_unit:
            bisect.insort(last_by_unit, ui)
    return out


def _kind(c: _Ctx, s: int, e: int, parts: list[tuple[int, int]]) -> str:
    """5. direct / mixed / indirect from the words inside and outside quotation marks."""
    text = c.text
    cs, ce = c.t.starts[s], c.t.ends[e - 1]
    qi = max(bisect.bisect_right(c.qstarts, cs) - 1, 0)
    quoted = len(parts)
    unquoted = False
    pos = cs
    has_words = _has_words
    while qi < len(c.quotes) and c.quotes[qi].content_start < ce:
        q = c.quotes[qi]
        qi += 1
        if q.content_end <= cs:
            continue
        qs, qe = max(q.content_start, cs), min(q.content_end, ce)
        if _WORD_CHAR_RE.search(text, qs, qe):
            quoted += 1
        if not unquoted and has_words(text, pos, max(pos, qs - 1)):
            unquoted = True
        if quoted and unquoted:
            return "mixed"
        pos = max(pos, qe + 1)
    if not quoted:
        return "indirect"
    if unquoted or has_words(text, pos, ce):
        return "mixed"
    return "direct"


def _has_words(text: str, a: int, b: int) -> bool:
    """A word other than "that" in ``text[a:b]``."""
    for m in WORD_RE.finditer(text, a, b):
        if m.group().lower() != "that":
            return True
    return False


_WORD_CHAR_RE = _regex.compile(r"\w")


_NEW_TUPLE = tuple.__new__


def _span(text: str, s: int, e: int) -> Span:
    return _NEW_TUPLE(Span, (s, e, text[s:e]))  # Span(s, e, text[s:e]) without the Python-level __new__


def find_attributions(text: str, *, document: Document | None = None, quotes: Sequence[Quote] | None = None,
                      sentences: Sequence[tuple[int, int]] | None = None,
                      tokens: Tokens | None = None) -> list[Attribution]:
    """Attributions in ``text`` (an article body) in order of their content.

    ``document`` supplies the outlet for relay chains (``via``); ``quotes``
    reuses a quote scan (:func:`framing.extract.quotes.find_quotes`) and
    ``sentences`` a sentence split (:func:`framing.extract.tokens.sentence_spans`) and ``tokens``
    the shared tokenisation of ``text`` (:class:`framing.extract.tokens.Tokens`; the same results
    with or without it, only faster). Spans index ``text``.
    """
    if quotes is None:
        quotes = find_quotes(text)
    quotes = list(quotes)
    units = _join_report_tails(_cap_units(_units(text, quotes) if sentences is None
                                          else _merge_units(sentences, quotes), text, quotes), text)
    # only units with a cue word or a quotation need tokens (a pre-filter for speed)
    ustarts = [u[0] for u in units]
    if tokens is not None and tokens.text != text:
        tokens = None  # (not the tokenisation of this text)
    keep = _cue_units(text, ustarts, tokens.padded if tokens is not None else None)
    for q in quotes:
        # (split at most _MIN_CONTINUATION_WORDS - 1 times: as many parts as words, up to that many)
        if len(q.text.split(None, _MIN_CONTINUATION_WORDS - 1)) >= _MIN_CONTINUATION_WORDS:
            keep.add(bisect.bisect_right(ustarts, q.start) - 1)
        elif q.closed:
            k = bisect.bisect_right(ustarts, q.start) - 1
            if k >= 0 and q.start - units[k][0] <= 3:
                keep.add(k)  # a short quotation opening its unit: a continuation ("“We're hopeful.”")
    labels = _colon_labels(text)
    for m in labels:
        # the label's paragraph: every unit from the label to the line end is content
        k = bisect.bisect_right(ustarts, m.start()) - 1
        while k < len(units) and units[k][0] < m.end(3):
            keep.add(k)
            k += 1
    in_sources = _in_source_units(text, units)
    keep.update(in_sources)
    sel = sorted(k for k in keep if k >= 0)
    c = _Ctx(text, quotes, document, [units[k] for k in sel], tokens)
    drafts: list[_Draft] = []
    tstarts = c.t.starts
    for ui in sel:
        us, ue = units[ui]
        a, b = bisect.bisect_left(tstarts, us), bisect.bisect_left(tstarts, ue)  # c.tok_range(us, ue)
        if b - a < 3:
            continue
        drafts.extend(_unit_drafts(c, a, b, ui, drafts))
    drafts.extend(_colon_drafts(c, labels, ustarts))
    drafts.extend(_in_source_drafts(c, units, in_sources, drafts))
    drafts.extend(_continuations(c, units, drafts))
    drafts.sort(key=lambda d: (d.cs, d.ce))
    return _finish(c, drafts)


#: Document nouns whose report opens a sentence: "In a CNN poll, Clinton held a 24-point lead".
_DOC_NOUNS = frozenset("""poll polls survey surveys study studies report interview interviews statement letter
op-ed column memo speech tweet tweets post filing book essay editorial analysis memoir video ad email article
remarks testimony podcast documents document research""".split())
#: "In " + a noun phrase (at most ten words, no comma) + ", ": linear (one bounded scan per unit start)
_IN_SOURCE_RE = _regex.compile(r"In[ \t]++((?:[^\s,;.:]++[ \t]++){0,9}+[^\s,;.:]++),[ \t]")
_IN_ENTRY = CueEntry("in", "neutral", "attribution", "")


def _in_source_units(text: str, units: list[tuple[int, int]]) -> dict[int, re.Match]:
    """Units opened by "In <a poll/report/interview ...>, ...", by unit index (3g)."""
    out = {}
    for k, (us, ue) in enumerate(units):
        if not text.startswith("In", us):
            continue
        m = _IN_SOURCE_RE.match(text, us, ue)
        if m is None:
            continue
        ws = m.group(1).lower().replace("’", "'").split()
        if any(w.removesuffix("'s") in _DOC_NOUNS for w in ws):
            out[k] = m
    return out


def _in_source_drafts(c: _Ctx, units: list[tuple[int, int]], found: dict[int, re.Match],
                      drafts: list[_Draft]) -> list[_Draft]:
    """3g. "In a CNN national poll, Clinton held a 24-point lead": the document is the source, the
    main clause the content (PolNeAR calibration part annotates these with the cue "In")."""
    out = []
    claimed = {d.unit for d in drafts if d.cue is not None}
    for ui, m in sorted(found.items()):
        if ui in claimed:
            continue  # the sentence has a report of its own ("In an interview, X said ...")
        ci, cj = c.tok_range(m.start(), m.start() + 2)
        ss, se = c.tok_range(m.start(1), m.end(1))
        cs, b = c.tok_range(m.end(), units[ui][1])
        if cj <= ci or se <= ss or b - cs < 3:
            continue
        ce = _content_end(c, cs, _clip(c, cs, b))
        if ce - cs < 3:
            continue
        out.append(_Draft(cs, ce, ss, se, CueMatch(ci, cj, _IN_ENTRY, "in"), ui, "in_source"))
    return out


#: "Q: ...", "CLINTON: ...", "Mark Cuban: ...": a paragraph opened by a short speaker label and a
#: colon (interview transcripts, tweets, quote round-ups). Linear: anchored at line starts, at most
#: four label words, each word class excludes the separators around it.
_COLON_LABEL_RE = _regex.compile(
    r"(?m)^[ \t\xa0]*((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*)[ \t]*(:)[ \t\xa0]*(?=\S)([^\n]*)")
#: label words that open headings and captions, not speech (calibration part of PolNeAR and seeds)
_NOT_SPEAKER_LABELS = frozenset("""
update updated note editor photo photos video image caption source sources related read watch listen see
also more correction clarification warning disclaimer subscribe sign click follow share tags topics
filed posted published advertisement sponsored breaking exclusive analysis opinion live transcript
the this that these those here there what why how when where who which result bottom line
contributing reporting credit credits by via file edited written produced copyright date dateline tags
category location getty wow bombshell revealed look stat big editor's
""".split())
_COLON_ENTRY = CueEntry(":", "neutral", "speech", "")


def _label_matches(text: str):
    """``_COLON_LABEL_RE.finditer(text)``: a match never holds a line break, so the matches are the
    matches at the line starts, and a line start can only match when a capital follows its spaces
    and a colon follows on its line.

    Those line starts (after a line break: spaces, then a capital, then a colon on the line) are found
    from the colons (a page has few; a label and its colon never span a line break, so a line with
    no colon holds none): the first colon of each line, its line start, and the capital test.
    Linear: each step goes from one line break to the next line holding a colon.
    """
    m = _COLON_LABEL_RE.match(text, 0)
    if m is not None:
        yield m
    find, rfind = text.find, text.rfind
    q = find(":")
    while q >= 0:
        ls = rfind("\n", 0, q)  # the break before the line of this (first) colon of its line
        if ls >= 0:
            k = ls + 1
            while text[k] in " \t\xa0":
                k += 1  # (stops at the colon at the latest)
            if "A" <= text[k] <= "Z":
                m = _COLON_LABEL_RE.match(text, ls + 1)
                if m is not None:
                    yield m
        nl = find("\n", q)
        if nl < 0:
            break
        q = find(":", nl)


def _colon_labels(text: str) -> list[re.Match]:
    """Line-initial speaker labels ("Q:", "Mark Cuban:") followed by at least three words."""
    out = []
    for m in _label_matches(text):
        label = m.group(1)
        words = label.split()
        if any(ch.isdigit() for ch in label) or words[0].lower().strip(".") in _NOT_SPEAKER_LABELS:
            continue
        if len(m.group(3).split()) < 3:
            continue
        out.append(m)
    return out


def _colon_drafts(c: _Ctx, labels: list[re.Match], ustarts: list[int]) -> list[_Draft]:
    """3f. Attributions of labelled paragraphs: the label is the speaker, the rest of the line the content."""
    out = []
    for m in labels:
        ss, se = c.tok_range(m.start(1), m.end(1))
        ci, cj = c.tok_range(m.start(2), m.end(2))
        cs, b = c.tok_range(m.start(3), m.end(3))
        if se <= ss or cj <= ci or b <= cs:
            continue
        ce = _content_end(c, cs, b)
        if ce - cs < 3:
            continue
        ui = bisect.bisect_right(ustarts, m.start()) - 1
        d = _Draft(cs, ce, ss, se, CueMatch(ci, cj, _COLON_ENTRY, ":"), ui, "colon")
        out.append(d)
    return out


# --------------------------------------------------------------------------- 6. speakers, sources, chains
def _doc_outlet(document: Document | None) -> str | None:
    if document is None or not document.outlet:
        return None
    return _outlet_name(document.outlet)


@lru_cache(maxsize=1024)
def _outlet_name(outlet: str) -> str:
    """The registry name of a document's outlet, else the outlet as given (cached: a corpus has few
    outlets, and the registry look-up normalises the name with regular expressions on every call;
    like the span look-ups of :meth:`OutletFinder.find`, it assumes the registry does not change)."""
    o = outlet_finder().lookup(outlet)
    return getattr(o, "name", None) or outlet


def _finish(c: _Ctx, drafts: list[_Draft]) -> list[Attribution]:
    if not drafts:
        return []  # (nothing to resolve: the people index is not needed)
    text = c.text
    t = c.t
    people = EntityIndex(text, demonyms=demonyms(), roles=role_words())
    doc_outlet = _doc_outlet(c.document)
    out: list[Attribution] = []
    resolved: list[tuple[int, str | None, SourceInfo, bool]] = []  # (speaker start, name, info, is_person)
    genders: dict[str, str] = {}  # name -> the pronoun gender ("m"/"f") that first resolved to it
    for d in drafts:
        cs, ce = t.starts[d.cs], t.ends[d.ce - 1]
        if d.parts:
            ce = max(ce, t.ends[d.parts[-1][1] - 1])
        # (_span inlined)
        content = _NEW_TUPLE(Span, (cs, ce, text[cs:ce]))
        if d.ss is not None:
            s0, e0 = t.starts[d.ss], t.ends[d.se - 1]
            speaker = _NEW_TUPLE(Span, (s0, e0, text[s0:e0]))
        else:
            speaker = None
        if d.cue is not None:
            s0, e0 = t.starts[d.cue.i], t.ends[d.cue.j - 1]
            cue = _NEW_TUPLE(Span, (s0, e0, text[s0:e0]))
        else:
            cue = None
        name, info, is_person = _resolve(c, people, speaker, resolved, genders)
        if speaker is not None:
            resolved.append((speaker.start, name, info, is_person))
        kind = _kind(c, d.cs, d.ce, d.parts)
        attrs: dict[str, Any] = {"pattern": d.pattern, "country": info.country}
        if d.parts:
            attrs["content_parts"] = [_span(text, t.starts[d.cs], t.ends[d.ce - 1])] + [
                _span(text, t.starts[ps], t.ends[pe - 1]) for ps, pe in d.parts]
        if d.continued:
            attrs["continued"] = True
        if d.cue is not None:
            attrs["cue_lemma"] = d.cue.entry.cue
            attrs["frame"] = d.cue.entry.frame
        via: list[str] = []
        if info.outlet or d.relay is not None:
            chain = [info.outlet] if info.outlet else []
            if d.relay is not None:
                rs = _span(text, t.starts[d.relay[0]], t.ends[d.relay[1] - 1])
                ri = classify_source(rs.text)
                chain.append(ri.outlet or _strip_det(rs.text))
                attrs["relay"] = rs
            if d.relay is not None or (chain and doc_outlet and chain[0] != doc_outlet):
                via = ([doc_outlet] if doc_outlet and chain[:1] != [doc_outlet] else []) + chain
        a = Attribution(content, speaker, cue, kind, d.cue.entry.cue_class if d.cue else None,
                        info.source_type, name, via, attrs)
        out.append(a)
    _nest_chains(out, doc_outlet)
    return out


def _strip_det(s: str) -> str:
    s = s.strip()
    for det in ("the ", "The ", "a ", "A ", "an ", "An "):
        if s.startswith(det):
            return s[len(det):]
    return s


#: capitalised words of a speaker span (short names: "Kim", "Putin"); words of a role description
#: (possessive quantifiers: the same matches as ``[A-Z][\w]*(?:[-’'][\w]+)*``, faster; checked in the tests)
_SHORT_NAME_RE = _regex.compile(r"[A-Z][\w]*+(?:[-’'][\w]++)*+")
_WORDS_RE = _regex.compile(r"[\w]+")


@lru_cache(maxsize=8192)
def _short_name_keys(st: str) -> tuple[str, ...]:
    """The short names a speaker span may refer to ("Kim", "Putin"), last first, as look-up keys of
    :meth:`EntityIndex.by_short_key` (a pure function of the span: the role and demonym tables are
    the shipped ones; cached, speaker spans repeat across documents)."""
    rw, dem = role_words(), demonyms()
    out = []
    for w in reversed(_SHORT_NAME_RE.findall(st)):
        w0 = w[:-2] if w.endswith(("’s", "'s")) else w
        if len(w0) < 3 or w0.lower() in rw or w0.lower() in dem:
            continue
        out.append(w0.replace("-", " ").lower())
    return tuple(out)


#: the source info of a speaker with nothing known (a NamedTuple: one shared instance)
_UNKNOWN = SourceInfo("unknown", None, None)
#: the gender of the singular personal pronouns (for the agreement test of :func:`_resolve`)
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def _resolve(c: _Ctx, people: EntityIndex, speaker: Span | None,
             resolved: list[tuple[int, str | None, SourceInfo, bool]],
             genders: dict[str, str] | None = None) -> tuple[str | None, SourceInfo, bool]:
    """Speaker name, source info and whether the speaker is a person.

    ``genders`` (name -> "m"/"f", updated here) records which pronoun first resolved to a name in
    the document: a "she" whose antecedent is a name that "he" already referred to (or the reverse)
    stays unresolved (gender agreement, the first filter of Lappin and Leass 1994, learnt from the
    document itself rather than from a list of given names). Unresolved rather than resolved to an
    older speaker: on the first 500 AllSides articles that fallback named mostly organisations and
    places, while leaving the name out removed about 34 wrong names for 14 right ones lost (47
    attributions changed; read by hand, one reader).
    """
    if speaker is None:
        return None, _UNKNOWN, False
    st = speaker.text
    low = st.lower()
    # pronouns: he/she -> the last person speaker (or person named) before, of the same gender
    if low in PRONOUNS:
        g = _PRONOUN_GENDER[low]
        seen = {} if genders is None else genders
        for start, name, info, is_person in reversed(resolved[-6:]):
            if is_person and start < speaker.start:
                if name is not None:
                    if seen.setdefault(name, g) != g:
                        return None, _UNKNOWN, True  # the other pronoun's name
                return name, info, True
        p = people.last_person_before(speaker.start)
        if p is not None and seen.setdefault(p.name, g) == g:
            people.describe(p)
            info = classify_source(p.name, descriptors=p.descriptors, has_name=True)
            return p.name, SourceInfo(info.source_type, info.country or p.country, None), True
        return None, _UNKNOWN, True
    if low in PLURAL_PRONOUNS or low == "it":
        for start, name, info, is_person in reversed(resolved[-3:]):
            if not is_person and start < speaker.start and name:
                return name, info, False
        return None, _UNKNOWN, False
    if low in ("which", "who"):
        ante = c.text[max(0, speaker.start - 80):speaker.start]
        cut = max(ante.rfind("."), ante.rfind(";"), ante.rfind("\n"))
        # the noun phrase right before the relative pronoun decides ("a mutual defense pact in 2024, which")
        ante = " ".join(ante[cut + 1:].split()[-6:])
        info = classify_source(ante, has_name=False)
        return None, info, False
    # a full name in the span
    p = people.person_in(speaker.start, speaker.end)
    if p is None:
        # a short name ("Kim", "Putin")
        by_key, before = people.by_short_key, speaker.start
        for key in _short_name_keys(st):
            p = by_key(key, before)
            if p is not None:
                break
    # (the outlet look-up only matters with no person, and the words only when "the" may open them)
    if p is None and "the" in low and not outlet_finder().find(st):
        # a definite role description: "the minister", "the North's leader"
        ws = _WORDS_RE.findall(low)
        if ws and ws[0] in ("the",) and len(ws) <= 5:
            rw = role_words()
            for w in reversed(ws):
                if w in rw or w in ("leader", "minister", "president"):
                    p = people.by_role(w, speaker.start)
                    break
    if p is not None:
        people.describe(p)
        info = classify_source(st + " " + p.name, descriptors=p.descriptors, has_name=True)
        country = span_country(st) or p.country or info.country
        return p.name, _NEW_TUPLE(SourceInfo, (info.source_type, country, None)), True
    info = classify_source(st, has_name=any(map(str.isupper, st[1:])))
    if info.outlet:
        return info.outlet, info, False
    if info.source_type == "anonymous":
        return None, info, False
    name = _strip_det(st.split(",")[0]).strip(" ,")
    if not any(map(str.isupper, name)):
        name = None
    return name, info, False


def _nest_chains(atts: list[Attribution], doc_outlet: str | None) -> None:
    """An attribution inside the content of an outlet's report inherits its chain.

    "Kim affirmed that “...,” the KCNA said" -> Kim's attribution has
    ``via = [document outlet, KCNA]``; "Kim said ..., according to KCNA" too.
    """
    relays = [a for a in atts if a.source_type in _MEDIA_TYPES and a.speaker_name and a.content is not None
              and a.speaker_name != doc_outlet]
    if not relays:
        return
    rstarts = [r.content.start for r in relays]
    for a in atts:
        if a.via or a.cue is None or a.source_type in _MEDIA_TYPES:
            continue
        # relays whose content starts before this cue, nearest first (a few suffice)
        k = bisect.bisect_right(rstarts, a.cue.start)
        for r in relays[max(0, k - 4):k][::-1]:
            if r is a:
                continue
            inside = r.content.start <= a.cue.start and a.cue.end <= r.content.end
            same_clause = (r.attrs.get("pattern") == "according_to" and a.content is not None
                           and r.content.start <= a.cue.start <= r.content.end + 1)
            if inside or same_clause:
                chain = list(r.via) if r.via else ([doc_outlet] if doc_outlet else []) + [r.speaker_name]
                a.via = chain
                break


# --------------------------------------------------------------------------- features
#: Claim markers (one pass): a quantity, or a causal/purpose assertion.
_CLAIM_RE = _regex.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|percent|per cent|because|due to|caused|causing|"
    r"led to|leads to|resulted in|aims? to|aimed at|in order to|intends? to|seeks? to|in return for|"
    r"in exchange for|designed to|so as to)\b", re.I)


_DIGIT_RE = _regex.compile(r"\d")
#: literal stems of the claim words: a sentence with none of them cannot match ``_CLAIM_RE``
_CLAIM_STEMS = ("hundred", "thousand", "million", "billion", "dozen", "percent", "per cent", "because", "due to",
                "caus", "led to", "leads to", "resulted in", "aim", "in order to", "intend", "seek", "in return for",
                "in exchange for", "designed to", "so as to")


def _has_claim(seg: str) -> bool:
    """``_CLAIM_RE.search(seg)``, with cheap literal tests first (the regex has no literal prefix)."""
    # the ten ASCII digits by substring search (a memchr each, written out: ~0.16 us for a sentence of
    # 160 characters against ~2 us for the scan of ``[0-9]``, a character-class test per character, and
    # ~0.5 us through map()); then, in a sentence that is not ASCII, any other Unicode digit
    if "0" in seg or "1" in seg or "2" in seg or "3" in seg or "4" in seg or "5" in seg or "6" in seg \
            or "7" in seg or "8" in seg or "9" in seg or (not seg.isascii() and _DIGIT_RE.search(seg)):
        return True
    # any stem in the lower-cased sentence (one Aho-Corasick pass instead of a test per stem)
    hits = _claim_stem_automaton().iter(seg.lower())
    first = next(hits, None)
    if first is None:
        return False
    if not seg.isascii():
        return _CLAIM_RE.search(seg) is not None
    # ASCII: lower-casing is the regex's case folding and keeps offsets, and every claim word starts
    # with its stem, so a match (there are no digits) can only start where a stem does: try those
    match = _CLAIM_RE.match
    for end, stem in chain((first,), hits):
        if match(seg, end - len(stem) + 1) is not None:
            return True
    return False


@lru_cache(maxsize=1)
def _claim_stem_automaton():
    """Aho-Corasick automaton of :data:`_CLAIM_STEMS` (a pre-filter for :func:`_has_claim`)."""
    import ahocorasick

    aut = ahocorasick.Automaton()
    for st in _CLAIM_STEMS:
        aut.add_word(st, st)
    aut.make_automaton()
    return aut


_SLUG_RE = _regex.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1024)
def _slug(s: str | None) -> str:
    if not s:
        return "unknown"
    return _SLUG_RE.sub("_", s.lower()).strip("_") or "unknown"




#: feature names of the share features, made once (the same names as formatting them per document)
_KIND_KEYS = tuple((k, f"kind.{k}.share") for k in ("direct", "indirect", "mixed"))
_SOURCE_KEYS = tuple((st, f"source.{st}.share") for st in SOURCE_TYPES)
_CUE_KEYS = tuple((cc, f"cue.{cc}.share") for cc in CUE_CLASSES)


def attribution_features(ctx: Context, atts: list[Attribution]) -> tuple[dict[str, float], list[Evidence]]:
    """Features of one document from its attributions (see ``ATTRIBUTION_TABLES.md`` for definitions)."""
    text = ctx.text
    feats: dict[str, float] = {}
    ev: list[Evidence] = []
    n = len(atts)
    # words: the shared tokenisation when another family already made it, else a cheaper count
    shared = "tokens" in ctx.__dict__
    wc = ctx.word_count if shared else len(_WORD_FAST_RE.findall(text))

    if shared:
        tstarts, tends = ctx.tokens.starts, ctx.tokens.ends

        def words_in(s: int, e: int) -> int:
            # Tokens.count_between(s, e), inlined
            return max(0, bisect.bisect_right(tends, e) - bisect.bisect_left(tstarts, s))
    else:
        def words_in(s: int, e: int) -> int:
            return len(_WORD_FAST_RE.findall(text, s, e))

    def per_1k(x: float) -> float:
        return 1000.0 * x / wc if wc else 0.0
    spans: list[tuple[int, int]] = []  # (start, end) of every span of every attribution (a.spans())
    add_span, add_ev = spans.append, ev.append
    # one pass over the attributions gathers what every feature below reads, each field read once (an
    # Attribution's class has a __getattr__ hook, so every field read costs ~20 ns more than a plain
    # attribute; with the digit test of _has_claim, ~10% fewer estimated cycles for this function on
    # AllSides articles, callgrind)
    quoted_words = 0  # words inside quotation marks in attributed content
    by_country: dict[str, int] = {}
    seen_q: set[int] = set()
    qstarts = [q.start for q in ctx.quotes]
    quotes, nq = ctx.quotes, len(qstarts)
    kinds: dict[str, int] = {}
    stypes: dict[str, int] = {}
    cclasses: dict[str, int] = {}
    counts: dict[str, int] = {}  # speakers by source (name, else type), in order of first report
    chains: list[list[str]] = []  # the non-empty relay chains (via)
    for a in atts:
        cc, stype, sname, attrs, chain_ = a.cue_class, a.source_type, a.speaker_name, a.attrs, a.via
        country, via = attrs.get("country"), list(chain_)
        kind, content, speaker = a.kind, a.content, a.speaker
        # (the spans of a.spans(), in its order: content, speaker, cue; evidence for the non-empty
        # ones, with the role and voice of each; a Span is a tuple (start, end, text))
        for role, voice, sp in (("content", "quoted", content), ("speaker", "outlet", speaker),
                                ("cue", "outlet", a.cue)):
            if sp is not None:
                s0, e0, stext = sp
                add_span((s0, e0))
                if e0 > s0:
                    add_ev(Evidence("attribution", kind, s0, e0, stext, voice,
                                    {"role": role, "cue_class": cc, "source_type": stype, "speaker_name": sname,
                                     "country": country, "via": via}))
        if kind != "indirect" and content is not None:
            for p in attrs.get("content_parts") or [content]:
                k = bisect.bisect_left(qstarts, p.start)
                while k < nq and qstarts[k] < p.end:
                    q = quotes[k]
                    k += 1
                    if q.end <= p.end + 1 and q.start not in seen_q:
                        seen_q.add(q.start)
                        w = words_in(q.content_start, q.content_end)
                        quoted_words += w
                        key = _slug(country)
                        by_country[key] = by_country.get(key, 0) + w
        kinds[kind] = kinds.get(kind, 0) + 1
        stypes[stype] = stypes.get(stype, 0) + 1
        if cc:
            cclasses[cc] = cclasses.get(cc, 0) + 1
        if speaker is not None:
            key = sname or f"<{stype}>"
            counts[key] = counts.get(key, 0) + 1
        if chain_:
            chains.append(chain_)
    feats["count"] = float(n)
    feats["per_1k"] = per_1k(n)
    feats["direct_quote_share"] = quoted_words / wc if wc else 0.0
    for key, w in sorted(by_country.items()):
        feats[f"quoted_words.{key}.share"] = w / quoted_words if quoted_words else 0.0
    n_cue = sum(cclasses.values())
    for kind, key in _KIND_KEYS:
        feats[key] = kinds.get(kind, 0) / n if n else 0.0
    for st, key in _SOURCE_KEYS:
        feats[key] = stypes.get(st, 0) / n if n else 0.0
    for cc, key in _CUE_KEYS:
        feats[key] = cclasses.get(cc, 0) / n_cue if n_cue else 0.0
    feats["anonymous.per_1k"] = per_1k(stypes.get("anonymous", 0))
    # source diversity: Shannon entropy (bits) over distinct sources (name, else type)
    tot = sum(counts.values())
    feats["source_diversity"] = -math.fsum((v / tot) * math.log2(v / tot) for v in counts.values()) if tot else 0.0
    feats["distinct_sources"] = float(len(counts))
    depth = 0
    doc_outlet = _doc_outlet(ctx.document) if ctx.document is not None and chains else None
    for chain_ in chains:
        d = len(chain_) - (1 if ctx.document is not None and chain_[0] == doc_outlet else 0)
        depth = max(depth, d)
    feats["chain.max_depth"] = float(depth)
    # unattributed claims: sentences with a checkable claim marker and no attribution or quote
    spans.sort()
    sstarts = [s for s, _ in spans]
    unattributed = 0
    bisect_left, nsp, quotes, endswith, count_in = bisect.bisect_left, len(spans), ctx.quotes, text.endswith, text.count
    for s, e in ctx.sentences:
        # cheap tests first: overlap with an attribution or a quotation, then the claim markers
        k = bisect_left(sstarts, s)
        if (k < nsp and spans[k][0] < e) or (k > 0 and spans[k - 1][1] > s):
            continue
        qk = bisect_left(qstarts, e) - 1
        if qk >= 0 and quotes[qk].end > s:
            continue
        if endswith("?", s, e) or count_in(" ", s, e) < 7:
            continue  # (tested on the text, without copying the sentence)
        seg = text[s:e]
        if not _has_claim(seg):
            continue
        if words_in(s, e) < 8:
            continue
        unattributed += 1
        ev.append(Evidence("attribution", "unattributed_claim", s, e, seg, voice="outlet",
                           attrs={"role": "claim"}))
    feats["unattributed_claims.per_1k"] = per_1k(unattributed)
    return feats, ev


@register("attribution", order=20, description="who is quoted, how (cue classes), and through whom (chains)")
def extract_attribution(ctx: Context) -> FamilyResult:
    """Attributions with speakers, cue classes, source types and relay chains; their features."""
    atts = find_attributions(ctx.text, document=ctx.document, quotes=ctx.quotes, sentences=ctx.sentences,
                             tokens=ctx.tokens)
    feats, ev = attribution_features(ctx, atts)
    return FamilyResult(features=feats, evidence=ev, attributions=atts)
