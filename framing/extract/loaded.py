"""Loaded language by voice: the outlet's own words versus words it quotes.

Method: dictionary matching (see :mod:`framing.extract.lexicon`) with a
curated lexicon of loaded terms in readable categories (``glorifying``,
``demonising``, ``euphemism``, ``hyperbole``, ``emotive_fear``,
``partisan_label``, ``discrediting``, ``loaded_verb``, ``derogatory``,
``evaluative``; see ``framing/lexicons/loaded_terms.meta.yaml``), in the spirit
of the "loaded language" and "name calling" techniques of Da San Martino et
al. (2019) and the subjective-intensifier bias of Recasens et al. (2013).

Stages:

1. **Lexicon**: the packaged lexicon plus user lexicons from
   ``ctx.options["lexicons"]`` and ``$FRAMING_LEXICONS`` (CSV/YAML files).
2. **Match** every term (inflections, hyphen and case variants) in the body.
3. **Voice**: a match inside a direct quotation (``ctx.quote_at``) is
   ``voice="quoted"``, otherwise ``"outlet"``.
4. **Scare quotes**: a quotation of one to four words that is not speech
   (no speech verb in its sentence, no sentence punctuation inside it) and is
   loaded or lower-case is the outlet distancing itself from a term: it is
   reported as ``label="scare_quote"`` evidence, and the terms inside it count
   as ``quoted``.
5. **Features**: counts and rates per 1,000 words, overall, by voice and by
   category. Rates by voice use the words of that voice as denominator.

Feature names (prefixed ``loaded.`` by the pipeline; stable):

- ``count``, ``per_1k``: all matches per 1,000 words of the body
- ``outlet.count``, ``outlet.per_1k`` (per 1,000 words outside quotations; the headline figure),
  ``outlet.words``, ``outlet.distinct``, ``outlet.share`` (outlet matches / all matches)
- ``quoted.count``, ``quoted.per_1k`` (per 1,000 words inside quotations), ``quoted.words``
- ``outlet.<category>.count``, ``outlet.<category>.per_1k``, ``quoted.<category>.count``,
  ``quoted.<category>.per_1k`` for each packaged category (and each user category present)
- ``scare_quotes.count``, ``scare_quotes.per_1k``, ``scare_quotes.loaded`` (those containing a lexicon term)
- ``weighted_per_1k`` (the **weighted loaded-term density**, stage 6), ``weighted.score`` (its numerator),
  ``weighted.terms`` and ``weighted.cues`` (the numerator's two parts)

6. **Weighted density** ``weighted_per_1k`` = 1,000 x (S_terms + S_cues) / words of the body, where

   - S_terms = sum over loaded-term matches of the row's ``weight`` (column of the lexicon: the row's
     smoothed word precision on the BABE calibration part divided by the lexicon's mean precision, so
     1.0 = an average term; 1.0 for rows without calibration evidence and for user rows without a
     weight), x 0.5 for matches inside quotations (the outlet reports, not uses, them);
   - S_cues = weak subjectivity cues in the outlet's voice not inside a loaded-term match (each span
     counted once; a booster or hedge wins over an emotive word on the same span; one
     automaton pass over emotive words and the hedge table together):
     0.2 x |valence| / 4 for each word of VADER's lexicon (Hutto and Gilbert 2014) with
     |valence| >= 1.5 that is not an ``exclude`` form of the loaded lexicon, 0.4 per booster and
     0.1 per hedge (:mod:`framing.extract.hedging`; Recasens et al. 2013 count both as
     epistemological bias cues). They break the ties among sentences with no loaded term.

   Every addend is an evidence span: loaded terms carry attribute ``weight``; the cues are evidence
   of family ``"loaded_cue"`` (label ``emotive`` / ``booster`` / ``hedge``, attributes ``weight``,
   ``term``). Constants set by 5-fold cross-validation inside the BABE calibration part (see
   ``benchmarks/bench_loaded.py``).

With ``options={"loaded_classifier": clf}`` (a :class:`~framing.extract.classifier.TokenClassifier`
fitted on the analyst's annotations), words the classifier marks beyond the lexicon are added with
category ``classifier`` (features ``outlet.classifier.count`` ..., evidence attribute ``probability``).
"""
from __future__ import annotations

import bisect
import math
import os
from functools import lru_cache
from typing import NamedTuple

from .. import _regex
from ..types import Evidence
from .lexicon import (
    EXCLUDE, Entry, Lexicon, Match, cached_user_lexicon, entry_weight, fold, joint_hits, pad, read_entries,
    user_lexicons,
)
from .registry import Context, FamilyResult, register
from .tokens import WORD_RE

__all__ = [
    "CATEGORIES",
    "LoadedTerm",
    "default_lexicon",
    "lexicon_for",
    "find_loaded",
    "voice_at",
    "scare_quote_spans",
    "quoted_word_count",
    "word_count",
    "SPEECH_CUES",
    "WeakCue",
    "weak_cues",
    "emotive_lexicon",
    "padded_text",
    "context_matches",
]

#: Packaged categories, in the order features are reported.
CATEGORIES = ("glorifying", "demonising", "euphemism", "hyperbole", "emotive_fear", "partisan_label",
              "discrediting", "loaded_verb", "derogatory", "evaluative")

#: Words that mark a quotation as reported speech rather than a scare quote (lower case).
SPEECH_CUES = frozenset("""
say says said saying tell tells told telling according state states stated add adds added note notes noted
write writes wrote written call calls called calling describe describes described describing declare declares
declared announce announces announced ask asks asked claim claims claimed insist insists insisted argue argues
argued warn warns warned urge urges urged vow vows vowed promise promises promised report reports reported
quote quotes quoted quoting remark remarks remarked explain explains explained dub dubs dubbed term termed
label labels labelled labeled brand branded refer refers referred tweet tweets tweeted post posts posted accuse
accuses accused stress stresses stressed emphasise emphasize emphasised emphasized pledge pledged affirm affirms
affirmed reaffirm reaffirmed hail hails hailed praise praised condemn condemned denounce denounced dismiss
dismissed reply replied respond responded answer answered admit admitted acknowledge acknowledged insist
mention mentioned put phrase phrased word worded known
""".split())

_MAX_SCARE_WORDS = 4  # a scare quote is a word or short phrase (cf. Predelli 2003); longer quotes are speech
# without a lexicon term inside, only one or two words count (set on the seeds: "as their own" in 001 is a
# partial quotation of Gerasimov, "aggression" in 003 a distancing quote)
_MAX_PLAIN_SCARE_WORDS = 2


# stage 6 constants: 5-fold cross-validation inside the BABE calibration part (sha256(id) % 10 < 6);
# the AUC plateau is flat within 0.002 for quoted 0.25-1, emotive 0.1-0.2, booster 0.2-0.4, hedge 0-0.1
_QUOTED_WEIGHT = 0.5
_EMOTIVE_MIN_VALENCE = 1.5  # |VADER valence| (scale 0-4); 1.0 and 2.0 both scored lower
_EMOTIVE_WEIGHT = 0.2  # per unit of |valence| / 4
_BOOSTER_WEIGHT = 0.4
_HEDGE_WEIGHT = 0.1


class WeakCue(NamedTuple):
    """A weak subjectivity cue (stage 6): an emotive VADER word, a booster or a hedge, in the outlet's voice."""

    start: int
    end: int
    text: str
    kind: str  #: "emotive", "booster" or "hedge"
    weight: float


class LoadedTerm(NamedTuple):
    """One loaded-term match with its voice."""

    start: int
    end: int
    text: str
    category: str
    term: str
    source: str
    voice: str  #: "outlet" or "quoted"
    scare_quote: bool
    weight: float = 1.0  #: the lexicon row's ``weight`` (stage 6)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged loaded-language lexicon (``framing/lexicons/loaded_terms.csv``), compiled once."""
    from .. import lexicons

    meta = lexicons.read_meta("loaded_terms.csv")
    entries = read_entries(text=lexicons.read_text("loaded_terms.csv"), fmt="csv", source="framing")
    return Lexicon(entries, name="loaded_terms", version=str(meta.get("version", "")))


@lru_cache(maxsize=16)
def _combined(key: tuple) -> Lexicon:
    extra = [e for path, _mtime in key for e in cached_user_lexicon(path).entries]
    return default_lexicon().extended(extra, [p for p, _ in key])


def lexicon_for(options: dict | None = None) -> Lexicon:
    """The packaged lexicon extended by the user lexicons named in ``options`` / the environment."""
    paths = user_lexicons(options)
    if not paths:
        return default_lexicon()
    key = tuple((os.path.abspath(p), os.path.getmtime(p) if os.path.exists(p) else 0.0) for p in paths)
    for p, m in key:
        if not m:
            cached_user_lexicon(p)  # raises the E001 ConfigError
    return _combined(key)


# ---------------------------------------------------------------- voice and scare quotes


def padded_text(ctx: Context) -> str:
    """:func:`~framing.extract.lexicon.pad` of the body, computed once per context (every lexicon of
    the loaded, hedging and term-choice families matches on it)."""
    cached = ctx.__dict__.get("_framing_padded")
    if cached is None:
        tokens = ctx.__dict__.get("tokens")
        # the shared tokenisation makes it while its arrays are at hand (Tokens.padded)
        cached = tokens.padded if tokens is not None and tokens.padded is not None else pad(ctx.text)
        ctx.__dict__["_framing_padded"] = cached
    return cached


def _context_lexicons(ctx: Context) -> tuple[Lexicon, ...]:
    """The lexicons of the loaded, term-choice and hedging families for ``ctx``'s options."""
    from .hedging import hedge_table
    from .term_choice import table_for

    out = []
    for get in (lambda: lexicon_for(ctx.options), _cue_lexicon, _weak_cue_table,
                lambda: table_for(ctx.options), hedge_table):
        try:
            out.append(get())
        except Exception:  # noqa: BLE001 -- a table that fails to load is reported by its own family
            pass
    return tuple(out)


def context_matches(ctx: Context, lexicon: Lexicon) -> list[Match]:
    """``lexicon.match`` on the body of ``ctx``.

    The lexicons of the loaded, term-choice and hedging families are matched together, in one
    automaton pass (:func:`~framing.extract.lexicon.match_many`), the first time any of them is
    asked for; the results are kept on the context. Any other lexicon is matched alone.
    """
    cached = ctx.__dict__.get("_framing_matches")
    if cached is None:
        lexs = _context_lexicons(ctx)
        # raw hits of every lexicon now; each lexicon's selection when it is first asked for
        cached = (lexs, joint_hits(lexs, ctx.text, padded=padded_text(ctx)), [None] * len(lexs))
        ctx.__dict__["_framing_matches"] = cached
    lexs, hits, selected = cached
    for k, lex in enumerate(lexs):
        if lex is lexicon:
            if selected[k] is None:
                selected[k] = lex._select(hits[k], ctx.text)
            return selected[k]
    return lexicon.match(ctx.text, padded=padded_text(ctx))


def voice_at(ctx: Context, start: int, end: int) -> str:
    """``"quoted"`` when ``[start, end)`` lies inside a direct quotation, else ``"outlet"``."""
    return "quoted" if ctx.quote_at(start, end) is not None else "outlet"


# ``[.!?…][\"'”’»)\]]*\s|\n\s*\n``, written to start with one character class so the regex engine
# skips to candidate characters in C (same matches, several times faster on long texts)
_SENT_END_RE = _regex.compile(r"[.!?…\n](?:(?<=\n)\s*\n|(?<=[.!?…])[\"'”’»)\]]*\s)")
_SENT_WINDOW = 400  # characters searched each side of a quote for its sentence


@lru_cache(maxsize=1)
def _cue_lexicon() -> Lexicon:
    return Lexicon([Entry(w, "cue", "framing", False) for w in sorted(SPEECH_CUES)], name="speech_cues")


def _sentence_ends(ctx: Context) -> list[tuple[int, int]]:
    """Every ``_SENT_END_RE`` match of the body as ``(start, end)``, found once per text (one linear
    regex pass; :func:`_sentence_window` falls back to it)."""
    ends = ctx.__dict__.get("_framing_sent_ends")
    if ends is None:
        ends = [(m.start(), m.end()) for m in _SENT_END_RE.finditer(ctx.text)]
        ctx.__dict__["_framing_sent_ends"] = ends
    return ends


#: Characters a ``_SENT_END_RE`` match can hold (its first character, closing quotes and brackets;
#: white space is tested with ``str.isspace``, as ``\s`` is): a scan that starts just after any
#: other character finds the matches a scan of the whole text finds from there on
_IN_SENT_END = frozenset(".!?…\n\"'”’»)]")
_SYNC_MAX = 200  # characters walked back to such a start before the whole text is scanned instead


def _sentence_window(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``, at most ``_SENT_WINDOW`` characters each side: from the
    end of the last sentence end (``_SENT_END_RE`` match) before the quote to the first character of
    the first one after it.

    The same window as bisecting every match of the text (:func:`_sentence_ends`), read from a
    scan of the window alone: it starts at or before ``start - _SENT_WINDOW``, just after a
    character no match can hold, where a scan of the whole text has no match under way (an
    earlier match ends before the window, so the clip ignores it); it stops at ``end +
    _SENT_WINDOW``, where a match cut short can only be lost, never moved (no match can start
    inside one that runs past the cut), and when none is found after the quote the matches of
    the whole text decide. On 300 AllSides articles the scare-quote test scanned ~4,300
    characters an article for its sentence ends; the windows hold ~1,000 (/tmp/s6/B_rxc.py).
    """
    text = ctx.text
    p = start - _SENT_WINDOW if start > _SENT_WINDOW else 0
    floor = p - _SYNC_MAX
    inside = _IN_SENT_END
    while p > 0 and ((c := text[p - 1]) in inside or c.isspace()):
        p -= 1
        if p < floor:
            return _window_of(_sentence_ends(ctx), start, end, len(text))
    s = 0
    stop = end + _SENT_WINDOW
    for m in _SENT_END_RE.finditer(text, p, stop if stop < len(text) else len(text)):
        a, b = m.span()
        if a >= end:
            return max(s, start - _SENT_WINDOW), min(a + 1, stop)
        if b <= start:
            s = b
    if stop >= len(text):
        # the scan reached the end of the text: no match after the quote
        return max(s, start - _SENT_WINDOW), min(len(text), stop)
    return _window_of(_sentence_ends(ctx), start, end, len(text))


def _window_of(ends: list[tuple[int, int]], start: int, end: int, n: int) -> tuple[int, int]:
    """:func:`_sentence_window` from every sentence end of the text (bisected)."""
    i = bisect.bisect_right(ends, (start, -1)) - 1
    # the last boundary wholly before the quote
    while i >= 0 and ends[i][1] > start:
        i -= 1
    s = ends[i][1] if i >= 0 else 0
    j = bisect.bisect_left(ends, (end, -1))
    e = ends[j][0] + 1 if j < len(ends) else n
    return max(s, start - _SENT_WINDOW), min(e, end + _SENT_WINDOW)


def _is_scare(ctx: Context, q, loaded: bool) -> bool:
    content = q.text.strip()
    if not content or len(content) > 120 or content[-1] in ".!?,;:…":
        return False  # speech fragments carry their punctuation ("... a great victory.")
    n = len(WORD_RE.findall(content))
    if not 1 <= n <= _MAX_SCARE_WORDS:
        return False
    if not loaded and (n > _MAX_PLAIN_SCARE_WORDS or not content[0].islower()):
        return False  # titles and names ("Trump Accounts") are capitalised; phrases are partial quotes
    s, e = _sentence_window(ctx, q.start, q.end)
    cues = ctx.__dict__.get("_framing_cues")
    if cues is None:
        t = ctx.text
        # whole tokens only: "called" in "so-called" is no speech verb
        cues = [m.start for m in context_matches(ctx, _cue_lexicon())
                if (m.start == 0 or t[m.start - 1] != "-") and (m.end >= len(t) or t[m.end] != "-")]
        ctx.__dict__["_framing_cues"] = cues
    # a speech verb in the sentence, outside the quote, makes it reported speech
    i = bisect.bisect_left(cues, s)
    if i < len(cues) and cues[i] < q.start:
        return False
    j = bisect.bisect_left(cues, q.end)
    if j < len(cues) and cues[j] < e:
        return False
    return True


def scare_quote_spans(ctx: Context, loaded_spans: list[tuple[int, int]] | None = None) -> list:
    """Quotations of ``ctx`` that are scare quotes (see stage 4), as :class:`~framing.extract.quotes.Quote`.

    ``loaded_spans`` are lexicon matches; a short quote containing one is a scare quote even when
    capitalised. Cached on the context.
    """
    cached = ctx.__dict__.get("_framing_scare")
    if cached is not None:
        return cached
    spans = sorted(loaded_spans or [])
    starts = [s for s, _ in spans]
    out = []
    for q in ctx.quotes:
        i = bisect.bisect_left(starts, q.content_start)
        loaded = i < len(spans) and spans[i][1] <= q.content_end
        if _is_scare(ctx, q, loaded):
            out.append(q)
    ctx.__dict__["_framing_scare"] = out
    return out


def word_count(ctx: Context) -> int:
    """Words of the body (``ctx.word_count`` when the shared tokens exist, else one regex count)."""
    if "tokens" in ctx.__dict__:
        return ctx.word_count
    cached = ctx.__dict__.get("_framing_words")
    if cached is None:
        cached = len(WORD_RE.findall(ctx.text))
        ctx.__dict__["_framing_words"] = cached
    return cached


def rate_per_1k(count: float, words: int) -> float:
    """``count`` per 1,000 words (0 when there are no words)."""
    return 1000.0 * count / words if words else 0.0


def voice_word_counts(ctx: Context) -> tuple[int, int, int]:
    """Words of the body, words inside quotations, and words in the outlet's own voice."""
    words = word_count(ctx)
    quoted = min(quoted_word_count(ctx), words)
    return words, quoted, words - quoted


def quoted_word_count(ctx: Context) -> int:
    """Words inside direct quotations (scare quotes included)."""
    cached = ctx.__dict__.get("_framing_quoted_words")
    if cached is None:
        text = ctx.text
        tokens = ctx.__dict__.get("tokens")
        cached = 0
        for q in ctx.quotes:
            a, b = q.content_start, q.content_end
            if tokens is not None and _clean_cut(tokens, a) and _clean_cut(tokens, b):
                # no token straddles either end: the words of text[a:b] are the shared tokens inside it
                cached += tokens.count_between(a, b)
            else:
                cached += len(WORD_RE.findall(text, a, b))
        ctx.__dict__["_framing_quoted_words"] = cached
    return cached


def _clean_cut(tokens, offset: int) -> bool:
    """True when no token of ``tokens`` has ``start < offset < end``."""
    i = bisect.bisect_right(tokens.starts, offset) - 1
    return i < 0 or tokens.ends[i] <= offset or tokens.starts[i] == offset


# ---------------------------------------------------------------- extraction


def _loaded_terms(ctx: Context, lexicon: Lexicon) -> tuple[list[LoadedTerm], list]:
    matches = context_matches(ctx, lexicon)
    scare = scare_quote_spans(ctx, [(m.start, m.end) for m in matches])
    scare_starts = {q.content_start for q in scare}
    q_starts, q_ends = ctx._quote_bounds
    new = tuple.__new__  # builds the NamedTuple without its Python-level __new__
    out: list[LoadedTerm] = []
    for s, e, surface, entry in matches:
        # the quotation containing the match (Context.quote_at, inlined), and whether it is a scare quote
        i = bisect.bisect_right(q_starts, s) - 1
        quoted = i >= 0 and q_ends[i] >= e
        in_scare = quoted and q_starts[i] in scare_starts
        out.append(new(LoadedTerm, (s, e, surface, entry.category, entry.term, entry.source,
                                    "quoted" if quoted else "outlet", in_scare, entry_weight(entry))))
    return out, scare


_CATEGORY_SET = frozenset(CATEGORIES)


@lru_cache(maxsize=64)
def _category_names(voice: str, extra: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """``(category, "<voice>.<category>.count", "<voice>.<category>.per_1k")`` for the packaged
    categories and then the ``extra`` (user) ones, in feature order; made once per voice and set of
    user categories instead of formatting ~40 names per document."""
    return tuple((c, f"{voice}.{c}.count", f"{voice}.{c}.per_1k") for c in (*CATEGORIES, *extra))


@lru_cache(maxsize=1)
def emotive_lexicon() -> Lexicon:
    """VADER's lexicon words (as ``vaderSentiment`` ships it) with |valence| >= 1.5, minus the loaded
    lexicon's ``exclude`` forms (words annotators did not find loaded, e.g. "crisis", "threat"). Compiled once."""
    from .sentiment import analyzer

    excluded = {fold(e.term) for e in default_lexicon().entries if e.category == EXCLUDE}
    entries = [Entry(w, "emotive", "vaderSentiment", False, (("valence", repr(float(v))),))
               for w, v in sorted(analyzer().lexicon.items())
               if abs(v) >= _EMOTIVE_MIN_VALENCE and w.replace("-", "").replace("'", "").isalpha()
               and fold(w) not in excluded]
    return Lexicon(entries, name="vader_emotive")


@lru_cache(maxsize=1)
def _emotive_weights() -> dict[str, float]:
    return {e.term: _EMOTIVE_WEIGHT * abs(float(dict(e.attrs)["valence"])) / 4.0 for e in emotive_lexicon().entries}


@lru_cache(maxsize=1)
def _weak_cue_table() -> Lexicon:
    """Emotive words and the hedge/booster table in one automaton (one pass per text).

    Hedge and booster rows come last, so a span both tables know ("clearly") is the certainty cue,
    and leftmost-longest matching gives a hedge phrase precedence over an emotive word inside it.
    """
    from .hedging import hedge_table

    return Lexicon(emotive_lexicon().entries + hedge_table().entries, name="weak_cues")


def weak_cues(ctx: Context, covered: list[tuple[int, int]] | None = None) -> list[WeakCue]:
    """Stage 6 cues of ``ctx`` in the outlet's voice, outside the ``covered`` (loaded-term) spans."""
    from .hedging import _LOWER_ONLY

    spans = sorted(covered or [])
    starts = [a for a, _ in spans]
    ns = len(starts)
    q_starts, q_ends = ctx._quote_bounds
    bisect_right, bisect_left = bisect.bisect_right, bisect.bisect_left
    out = []
    weights = _emotive_weights()
    new = tuple.__new__  # builds the NamedTuple without its Python-level __new__
    for s, e, surface, entry in context_matches(ctx, _weak_cue_table()):
        kind = entry.category
        if kind != "emotive" and entry.term in _LOWER_ONLY and not surface.islower():
            continue  # the hedging family's cue rules ("May" is a month)
        # outlet voice only: not inside a quotation (Context.quote_at, inlined) ...
        i = bisect_right(q_starts, s) - 1
        if i >= 0 and q_ends[i] >= e:
            continue
        # ... nor overlapping a covered span
        i = bisect_right(starts, s) - 1
        if i >= 0 and spans[i][1] > s:
            continue
        j = bisect_left(starts, s)
        if j < ns and starts[j] < e:
            continue
        out.append(new(WeakCue, (s, e, surface, kind, weights[entry.term] if kind == "emotive"
                                 else _BOOSTER_WEIGHT if kind == "booster" else _HEDGE_WEIGHT)))
    out.sort()
    return out


def find_loaded(text: str, *, lexicon: Lexicon | None = None, options: dict | None = None) -> list[LoadedTerm]:
    """Loaded terms of ``text`` (treated as an article body) with their voice."""
    ctx = Context(text, options=options or {})
    return _loaded_terms(ctx, lexicon or lexicon_for(options))[0]


@register("loaded", order=30)
def extract_loaded(ctx: Context) -> FamilyResult:
    """Loaded-language terms by voice and category, and scare quotes."""
    # 1. lexicon
    lexicon = lexicon_for(ctx.options)
    # 2-4. match, voice, scare quotes
    terms, scare = _loaded_terms(ctx, lexicon)
    # 2b. an analyst's own token classifier (framing.extract.classifier), when given: the words it
    #     marks that no lexicon term covers are added with category "classifier"
    clf = ctx.options.get("loaded_classifier")
    probs: dict[int, float] = {}
    if clf is not None:
        covered = [(t.start, t.end) for t in terms]
        starts = [a for a, _ in covered]
        extra = []
        for s, e, p in clf.predict_proba_tokens(ctx.text):
            if p < clf.threshold:
                continue
            i = bisect.bisect_right(starts, s) - 1
            if i >= 0 and covered[i][1] >= e:
                continue
            q = ctx.quote_at(s, e)
            extra.append(LoadedTerm(s, e, ctx.text[s:e], "classifier", ctx.text[s:e].lower(), "user-classifier",
                                    "quoted" if q is not None else "outlet", False))
            probs[s] = p
        terms = sorted(terms + extra)
    # 5. features
    words, q_words, o_words = voice_word_counts(ctx)
    rate = rate_per_1k

    f: dict[str, float] = {}
    by = {"outlet": [t for t in terms if t.voice == "outlet"], "quoted": [t for t in terms if t.voice == "quoted"]}
    f["count"] = float(len(terms))
    f["per_1k"] = rate(len(terms), words)
    for voice, w in (("outlet", o_words), ("quoted", q_words)):
        f[f"{voice}.count"] = float(len(by[voice]))
        f[f"{voice}.per_1k"] = rate(len(by[voice]), w)
        f[f"{voice}.words"] = float(w)
    f["outlet.distinct"] = float(len({t.term.lower() for t in by["outlet"]}))
    f["outlet.share"] = len(by["outlet"]) / len(terms) if terms else 0.0
    extra_cats = sorted({t.category for t in terms} - _CATEGORY_SET)
    for voice, w in (("outlet", o_words), ("quoted", q_words)):
        counts: dict[str, int] = {}
        for t in by[voice]:
            counts[t.category] = counts.get(t.category, 0) + 1
        # the feature names of each packaged category made once per process (_category_names)
        for c, count_name, rate_name in _category_names(voice, tuple(extra_cats)):
            k = counts.get(c, 0)
            f[count_name] = float(k)
            f[rate_name] = rate(k, w)
    # a scare quote is "loaded" when a term starts inside its content: one bisect over the sorted
    # term starts per quote (an any() over all terms per quote was O(quotes x terms))
    t_starts = sorted(t.start for t in terms)

    def has_term(a: int, b: int) -> bool:
        i = bisect.bisect_left(t_starts, a)
        return i < len(t_starts) and t_starts[i] < b

    loaded_scare = [has_term(q.content_start, q.content_end) for q in scare]
    n_loaded_scare = sum(loaded_scare)
    f["scare_quotes.count"] = float(len(scare))
    f["scare_quotes.per_1k"] = rate(len(scare), words)
    f["scare_quotes.loaded"] = float(n_loaded_scare)
    # 6. weighted density (lexicon terms weighted by calibrated precision, plus weak cues)
    cues = weak_cues(ctx, [(t.start, t.end) for t in terms])
    # (math.fsum: the exactly rounded sum, the same on every Python; sum() compensates from 3.12)
    s_terms = math.fsum(t.weight * (_QUOTED_WEIGHT if t.voice == "quoted" else 1.0) for t in terms)
    s_cues = math.fsum(c.weight for c in cues)
    f["weighted.terms"] = s_terms
    f["weighted.cues"] = s_cues
    f["weighted.score"] = s_terms + s_cues
    f["weighted_per_1k"] = rate(s_terms + s_cues, words)

    text = ctx.text
    ev = []
    for t in terms:
        attrs = {"term": t.term, "source": t.source, "scare_quote": t.scare_quote, "weight": t.weight}
        if t.category == "classifier":
            attrs["probability"] = round(probs[t.start], 4)
        ev.append(Evidence("loaded", t.category, t.start, t.end, t.text, t.voice, attrs))
    for q, is_loaded in zip(scare, loaded_scare):
        ev.append(Evidence("loaded", "scare_quote", q.start, q.end, text[q.start:q.end], "outlet",
                           {"term": q.text, "loaded": is_loaded}))
    rounded = _ROUNDED
    for c in cues:
        w = c.weight
        r = rounded.get(w)
        if r is None:
            r = rounded[w] = round(w, 4)  # (the weights are a few dozen values: each rounded once)
        ev.append(Evidence("loaded_cue", c.kind, c.start, c.end, c.text, "outlet", {"term": c.text.lower(), "weight": r}))
    return FamilyResult(features=f, evidence=ev)


#: weak-cue weight -> ``round(weight, 4)`` (its evidence attribute), memoised: the weights are one per
#: distinct |valence| of VADER's emotive words (a few dozen) plus the booster and hedge weights
#: (the weak-cue table has no other rows), so the table stays that small
_ROUNDED: dict[float, float] = {}
