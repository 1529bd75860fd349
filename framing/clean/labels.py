"""Label the blocks of a page: article (headline, standfirst, body, caption) or boilerplate.

Method: jusText-style block classification (Pomikálek 2011, *Removing
boilerplate and duplicate content from web corpora*, ch. 3) from the evidence a
text dump keeps, then a densest-run search (maximum-sum segment, Kadane) in
the spirit of BTE (Finn, Kushmerick and Smyth 2001, *Fact or fiction*), then
rules. Stages:

1. **Features** per block: characters, word count, stop-word density,
   sentence shape (terminal punctuation, sentence count), title-case share,
   and the first known template phrase it matches (:mod:`.templates`).
2. **Classify** each block ``good`` / ``near`` / ``short`` / ``bad`` from length
   and stop-word density (jusText's rule) and give it a weight: article-like
   text counts positive, chrome negative, and "barrier" phrases that usually end
   an article ("Related Articles", "Leave a Reply") strongly negative.
3. **Densest run**: the contiguous run of blocks with the largest weight sum is
   the article core.
4. **Extend** the core over following text-like blocks that stay on topic
   (lexical cohesion with the headline and core) until a barrier.
5. **Headline and standfirst**: the title-like block before the core that
   shares most content words with the lead (or matches ``Document.title``);
   a one-sentence block between it and the body is the standfirst.
6. **Label** every block: template label, else body inside the article, else
   ``related`` (teaser-like text outside it) or ``navigation`` (short or
   link-list-like lines); repeats of an earlier article block are ``duplicate``.

Every :class:`~framing.types.Block` carries ``reason`` (the rule that fired) and
``score`` (its weight per character in the densest-run search).
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import Sequence

from .. import _regex
from ..types import ARTICLE_LABELS, Block
from .blocks import RawBlock
from .spin import scan_blocks, tells_in_words
from .templates import COMMON_NON_ASCII_PUNCT, _MAX_TEMPLATE_CHARS, _match, _matcher, stopwords, template_candidates

__all__ = ["Params", "DEFAULT_PARAMS", "label_blocks", "label_blocks_keyed", "content_words", "normalise",
           "block_key"]

_WORD = _regex.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_SENT = _regex.compile(r"[.!?…][\"'”’)\]]?(?:\s|$)")
_TERMINAL = frozenset(".!?…:;\"'”’)]")
_NORM = _regex.compile(r"[\W_]+")
_W = _regex.compile(r"\w+")  # word tokens for densities (as jusText: no special apostrophe handling)
# _W.findall on ASCII text, faster: every ASCII character that is not a word character (\w: a
# letter, a digit or "_") becomes a space, and str.split() cuts at the spaces (same tokens). The
# table is for bytes.translate: the text encoded, translated as bytes and decoded is about 6x faster
# than str.translate with the same mapping (a table lookup per byte)
_ASCII_NON_WORD_B = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) == "_") else 32 for c in range(256))


def _ascii_plain(low: str) -> str | None:
    """``low`` with a space in place of the usual non-word characters past ASCII (curly quotes,
    dashes: :data:`.templates.COMMON_NON_ASCII_PUNCT`), which leaves its words as they are, when
    that makes it ASCII; else None."""
    if low.isascii():
        return low
    for c in COMMON_NON_ASCII_PUNCT:  # most frequent first; isascii() is a flag test
        low = low.replace(c, " ")
        if low.isascii():
            return low
    return None


def words_of(low: str) -> list[str]:
    """``_W.findall(low)`` (the ``\\w+`` tokens of ``low``), several times faster on the texts
    news pages are made of: ASCII, or ASCII with curly quotes and dashes."""
    plain = _ascii_plain(low)
    if plain is None:
        return _W.findall(low)
    return plain.encode("ascii").translate(_ASCII_NON_WORD_B).decode("ascii").split()


def _words_of_many(lows: list[str]) -> list[list[str]]:
    """``[words_of(low) for low in lows]``, with one pass over all the blocks of a page instead of
    one per block: the blocks joined by line breaks (never part of a word) are made plain and
    translated once (:func:`words_of`), and each block's words are split from its slice of that
    (every step maps one character to one, so a slice is the block's own translation). When some
    block keeps a non-ASCII character besides the usual punctuation, block by block."""
    if not lows:
        return []
    plain = _ascii_plain("\n".join(lows))
    if plain is None:
        return [words_of(low) for low in lows]
    t = plain.encode("ascii").translate(_ASCII_NON_WORD_B).decode("ascii")
    out = []
    pos = 0
    for low in lows:
        end = pos + len(low)
        out.append(t[pos:end].split())
        pos = end + 1
    return out


# words of 4+ characters, capturing a capital initial
_INITIAL = _regex.compile(r"\b(?:([A-Z\u00c0-\u00de])|[^\W\d_])\w{3,}")


@dataclass(frozen=True)
class Params:
    """Thresholds of the labeller. Where each value comes from is said beside it: "jusText"
    (Pomikálek 2011 defaults, kept), "swept" (grid search on the calibration part of
    boilerplate_dev, mean token F1; the held-out part was never used), "seeds" (set by hand so the
    five seed pages label as a person would, checked not to lower the calibration F1)."""

    len_low: int = 70  #: jusText length_low (chars): shorter blocks are "short"
    len_high: int = 200  #: jusText length_high: longer text-like blocks are "good"
    stop_low: float = 0.30  #: jusText stopwords_low
    stop_high: float = 0.32  #: jusText stopwords_high
    sentence_words: int = 10  #: seeds (news prose dense in names, seeds 000/003/004): words of a sentence-shaped block
    sentence_stop: float = 0.12  #: seeds: least stop-word density of a sentence-shaped block
    near_weight: float = 0.5  #: swept {0.3, 0.5, 0.8}: weight per char of a near-good block
    short_weight: float = -0.5  #: swept {-0.3, -0.5, -1.0}: weight per char of a short block
    short_fixed: float = 0.0  #: swept {0, 10, 25}: fixed cost of each short block
    short_sentence_weight: float = 0.3  #: seeds: a short block shaped like a sentence ("He added that ...")
    bad_weight: float = -0.5  #: swept {-0.5, -1.0}: weight per char of a bad block
    template_min: float = 60.0  #: seeds: least penalty of a template block ("Read Entire Article")
    barrier: float = 3000.0  #: swept {800, 1500, 3000}: penalty of a barrier phrase ("Related Articles")
    cohesion: float = 0.35  #: seeds: content-word share with the article to extend it past its densest run
    run_share: float = 0.15  #: swept {0.02, 0.05, 0.15, 0.3, 0.5}: a further run's weight / the core's
    run_cohesion: float = 0.25  #: swept {0.15, 0.25, 0.35, 0.5}: a further run's content words shared with the core
    max_runs: int = 24  #: a time bound, not tuned: further runs examined per page (O(max_runs * n))
    standfirst_max: int = 300  #: seeds: longest standfirst (chars)
    headline_lookback: int = 40  #: seeds: blocks before the core searched for the headline


DEFAULT_PARAMS = Params()


def normalise(text: str) -> str:
    """Lower-case text with punctuation and spacing collapsed (for repeat detection)."""
    return _NORM.sub(" ", text.lower()).strip()


def block_key(text: str) -> str:
    """The key under which two blocks are repeats: their lower-cased words joined by spaces."""
    return " ".join(_W.findall(text.lower()))


def content_words(text: str, stop: frozenset[str] | None = None) -> set[str]:
    """Lower-cased non-stop words of 4+ letters, cut to 6 characters (a cheap stem)."""
    return _content(_W.findall(text.lower()), stopwords() if stop is None else stop)


_STOP6: set[str] = set()


def _content(words: list[str], stop: frozenset[str]) -> set[str]:
    if not _STOP6:
        _STOP6.update(w[:6] for w in stop if len(w) > 3)
    # a stop word's 6-letter prefix is never a content word (one set difference, no per-word tests)
    return {w[:6] for w in set(words) if len(w) > 3 and not w.isdigit()} - _STOP6  # each word once


#: blocks this long (characters) have their words counted when their features are made
_LONG = 70


class _Feat:
    """Evidence about one block; word-level features are computed only when a rule asks."""

    __slots__ = ("text", "low", "n_chars", "n_words", "terminal", "_n_sent", "template", "kind", "weight",
                 "_words", "_stop", "_title", "_stopset", "tells")

    def __init__(self, text: str, stopset: frozenset[str], low: str | None = None,
                 words: list[str] | None = None) -> None:
        """``low``: ``text.lower()``, and ``words``: ``words_of(low)`` of a long block, when known
        (:func:`_words_of_many`)."""
        self.text = text
        self.low = low = text.lower() if low is None else low
        self.n_chars = n_chars = len(text)
        self._stopset = stopset
        self._title: float | None = None
        last = text[-1]
        self.terminal = last in _TERMINAL
        if n_chars < _LONG:  # short: a whitespace count is enough unless a rule needs the words
            self._words: list[str] | None = None
            self._stop: float | None = None
            self.n_words = len(low.split())
            self._n_sent: int | None = 1 if last in ".!?…" else 0
        else:  # every rule reads the words and the stop-word density of a long block: count them now
            self._words = words = words_of(low) if words is None else words
            self.n_words = n_words = len(words)
            self._stop = sum(map(stopset.__contains__, words)) / n_words if words else 0.0
            self._n_sent = None  # counted when a rule asks
        self.template: tuple[str, bool, str] | None = None  # set by _set_templates
        # tells (set by _set_templates when it finds them), kind and weight (set by _classify)

    @property
    def words(self) -> list[str]:
        """Lower-cased word tokens."""
        if self._words is None:
            self._words = words_of(self.low)
        return self._words

    @property
    def n_sent(self) -> int:
        """Sentence count (sentence ends; a block ending in terminal punctuation has at least one)."""
        if self._n_sent is None:
            text = self.text
            n_sent = len(_SENT.findall(text)) if self.n_chars < 5000 else self.n_chars // 100
            self._n_sent = max(n_sent, 1 if text[-1] in ".!?…" else 0)
        return self._n_sent

    @property
    def stop(self) -> float:
        """Stop-word density: stop words / words."""
        if self._stop is None:
            w = self.words
            self._stop = sum(map(self._stopset.__contains__, w)) / len(w) if w else 0.0
        return self._stop

    @property
    def title_share(self) -> float:
        """Share of 4+ letter words with a capital initial (0 for blocks over 250 chars)."""
        if self._title is None:
            self._title = 0.0
            if self.n_chars <= 250:
                initials = _INITIAL.findall(self.text)  # "A" for a capitalised word, "" otherwise
                if initials:
                    self._title = 1.0 - initials.count("") / len(initials)
        return self._title


def _set_templates(feats: list[_Feat], *, tells: bool = False, same_len: bool | None = None) -> bool:
    """The template phrase of each block (:func:`.templates.match_template`), with one trigger
    scan over all the blocks short enough to be chrome; with ``tells``, one scan of all the
    blocks for the triggers and the spin tells together (:func:`.spin.scan_blocks`) when every
    block keeps its length lower-cased (``same_len``, when known). True when the tells were found."""
    if same_len is None:
        same_len = all(len(f.low) == f.n_chars for f in feats)
    if tells and same_len:
        # a block too long for every template row needs no trigger scan: its tells come from its
        # words (.spin.tells_in_words; when it has no "_"), which is much cheaper than a scan of
        # its characters
        by_words = [f.n_chars > _MAX_TEMPLATE_CHARS and f._words is not None and "_" not in f.low for f in feats]
        scan = [f for f, w in zip(feats, by_words) if not w]
        got = scan_blocks([f.low for f in scan])
        if got is not None:
            if len(scan) < len(feats):
                for f, w in zip(feats, by_words):
                    if w:
                        f.tells = tells_in_words(f.low, f._words)
            by_len = _matcher().by_len  # no anchored row and no trigger: no template (_match says None)
            for f, cands, found in zip(scan, got[0], got[1]):
                f.tells = found
                if f.n_chars <= _MAX_TEMPLATE_CHARS and (cands or by_len[f.n_chars] is not None):
                    f.template = _match(f.text, f.low, cands)
            return True
    todo = [f for f in feats if f.n_chars <= _MAX_TEMPLATE_CHARS]
    for f, cands in zip(todo, template_candidates([f.low for f in todo])):
        f.template = _match(f.text, f.low, cands)
    return False


def _classify(f: _Feat, p: Params) -> None:
    """Stage 2: jusText's context-free class and the densest-run weight."""
    if f.template is not None:
        label, barrier, _ = f.template
        f.kind = "template"
        if label in ("caption", "byline"):
            f.weight = -min(f.n_chars, p.template_min)
        else:
            f.weight = -(p.barrier if barrier else max(f.n_chars, p.template_min))
        return
    if f.n_chars < p.len_low:
        f.kind = "short"
        sentence_like = f.terminal and f.n_words >= 5 and f.stop >= p.stop_low
        f.weight = p.short_sentence_weight * f.n_chars if sentence_like \
            else p.short_weight * f.n_chars - p.short_fixed
        return
    # prose dense in names (news) has few stop words: sentence shape also counts
    stop = f.stop
    sentence_like = f.terminal and f.n_words >= p.sentence_words and stop >= p.sentence_stop
    if stop >= p.stop_high or (sentence_like and f.n_sent >= 2):
        f.kind = kind = "good" if f.n_chars > p.len_high or f.n_sent >= 2 else "near"
    elif stop >= p.stop_low or sentence_like:
        f.kind = kind = "near"
    else:
        f.kind = kind = "bad"
    if kind == "good":
        f.weight = float(f.n_chars)
    elif kind == "near":
        f.weight = p.near_weight * f.n_chars
    else:
        f.weight = p.bad_weight * f.n_chars


def _densest_run(weights: Sequence[float]) -> tuple[int, int, float]:
    """Stage 3: maximum-sum contiguous segment (Kadane); ``(i, j)`` inclusive, and its sum."""
    best, best_i, best_j = 0.0, 0, -1
    cur, cur_i = 0.0, 0
    for k, w in enumerate(weights):
        if cur <= 0:
            cur, cur_i = w, k
        else:
            cur += w
        if cur > best:
            best, best_i, best_j = cur, cur_i, k
    return best_i, best_j, best


def _title_like(f: _Feat, raw: RawBlock) -> bool:
    return (2 <= f.n_words <= 30 and f.n_chars <= 250 and not raw.text.endswith((".", ",", ";"))
            and (f.template is None))


def label_blocks(raws: Sequence[RawBlock], *, title: str | None = None,
                 params: Params = DEFAULT_PARAMS) -> tuple[list[Block], int | None]:
    """Label ``raws`` (blocks of one page). Returns the blocks and the headline's index."""
    blocks, headline, _, _ = label_blocks_keyed(raws, title=title, params=params)
    return blocks, headline


def label_blocks_keyed(raws: Sequence[RawBlock], *, title: str | None = None, params: Params = DEFAULT_PARAMS,
                       tells: bool = False
                       ) -> tuple[list[Block], int | None, list[str | None], list[list[tuple]] | None]:
    """:func:`label_blocks`, also returning (a) the :func:`block_key` of every block stage 6b keyed
    (every block that was an article block then, on a page where two of them share a word count
    and first and last words, as any repeat does; None for the others), for
    :func:`.duplicates.repeated_paragraphs`, and (b) with ``tells``, every block's spin tells
    ``(start, end, original, weight)`` in block offsets (:func:`.spin.scan_blocks`), or None when
    they were not found here."""
    p = params
    stop = stopwords()
    n = len(raws)
    if n == 0:
        return [], None, [], ([] if tells else None)
    # 1.-2. features and classes
    # (a) the distinct blocks: menus repeat within a page, so each short line is computed once
    seen: dict[str, int] = {}  # (only short lines are looked up)
    todo: list[str] = []
    slot: list[int] = []
    for r in raws:
        text = r.text
        if len(text) <= 200:
            k = seen.get(text)
            if k is None:
                k = seen[text] = len(todo)
                todo.append(text)
        else:
            k = len(todo)
            todo.append(text)
        slot.append(k)
    # (b) their features; the words of the long ones (every rule reads them) in one pass
    lows = [t.lower() for t in todo]
    long_at = [k for k, t in enumerate(todo) if len(t) >= _LONG]
    words: list[list[str] | None] = [None] * len(todo)
    for k, w in zip(long_at, _words_of_many([lows[k] for k in long_at])):
        words[k] = w
    new = [_Feat(t, stop, low, w) for t, low, w in zip(todo, lows, words)]
    feats = [new[k] for k in slot]
    # (lower() maps a character to one or more, never to none: equal sums mean equal lengths)
    with_tells = _set_templates(new, tells=tells, same_len=sum(map(len, lows)) == sum(map(len, todo)))
    for f in new:
        _classify(f, p)
    # 3. densest run
    weights = [f.weight for f in feats]
    i, j, total = _densest_run(weights)
    has_core = j >= i and total > 0 and any(feats[k].kind in ("good", "near") for k in range(i, j + 1))
    in_article = [False] * n
    reason: list[str] = [""] * n
    if has_core:
        in_article[i:j + 1] = [True] * (j + 1 - i)
        reason[i:j + 1] = ["in the densest run of body text"] * (j + 1 - i)
    # 4. extend over on-topic text after the core (until a barrier)
    headline = None
    cw_memo: dict[int, set[str]] = {}

    def cw_of(k: int) -> set[str]:
        c = cw_memo.get(k)
        if c is None:
            c = cw_memo[k] = _content(feats[k].words, stop)
        return c

    if has_core:
        vocab_memo: list[set[str]] = []

        def core_vocab() -> set[str]:  # content words of the core's text blocks, built on first use
            if not vocab_memo:
                v: set[str] = set()
                for k_ in range(i, j + 1):
                    if feats[k_].kind in ("good", "near"):
                        v |= cw_of(k_)
                vocab_memo.append(v)
            return vocab_memo[0]

        k = j + 1
        while k < n:
            f = feats[k]
            if f.template is not None and f.template[1]:
                break
            if f.kind in ("good", "near"):
                cw = cw_of(k)
                coh = len(cw & core_vocab()) / len(cw) if cw else 0.0
                if coh >= p.cohesion:
                    for m in range(j + 1, k + 1):
                        if feats[m].template is None or feats[m].template[0] in ("caption",):
                            in_article[m] = True
                            reason[m] = f"after the densest run, on topic (cohesion {coh:.2f})"
                    j = k
                else:
                    break
            k += 1
        # 4b. further runs of body text on either side that stay on topic (an article cut by a
        # table, a gallery or an ad slot), unless a barrier phrase separates them from the core
        barrier_at = [f.template is not None and f.template[1] for f in feats]
        # prefix sums of positive weights: an upper bound of any run's sum
        pos_prefix = list(accumulate([w_ if w_ > 0 else 0.0 for w_ in weights], initial=0.0))
        # prefix counts of barrier phrases: "a barrier in [x, y)" in O(1)
        bar_prefix = list(accumulate(barrier_at, initial=0))
        stack = [(0, i), (j + 1, n)]
        tries = 0
        core_total = total
        while stack and tries < p.max_runs:
            lo_, hi_ = stack.pop()
            if hi_ - lo_ < 1 or pos_prefix[hi_] - pos_prefix[lo_] < p.run_share * total:
                continue
            a, b, tot = _densest_run(weights[lo_:hi_])
            tries += 1
            if b < a or tot <= 0:
                continue
            a, b = a + lo_, b + lo_
            stack.append((lo_, a))
            stack.append((b + 1, hi_))
            if tot < p.run_share * core_total:
                continue
            lo_gap, hi_gap = (a, i) if b < i else (j + 1, b + 1)  # the run and its gap to the core
            if bar_prefix[hi_gap] - bar_prefix[lo_gap]:
                continue
            cw: set[str] = set()
            for m in range(a, b + 1):
                if feats[m].kind in ("good", "near"):
                    cw |= cw_of(m)
            coh = len(cw & core_vocab()) / len(cw) if cw else 0.0
            if coh < p.run_cohesion:
                continue
            for m in range(a, b + 1):
                if not in_article[m]:
                    in_article[m] = True
                    reason[m] = f"a further run of body text on the article's topic (cohesion {coh:.2f})"
        first_art = in_article.index(True) if True in in_article else i
        i = first_art
        # 5. headline: title-like block before the core sharing most words with the lead
        lead_words: set[str] | None = None  # content words of the lead, built when a candidate needs them
        tnorm: str | None = None  # normalise(title), computed for the first title-like block
        best, best_score = None, 0.0
        lo = max(0, i - p.headline_lookback)
        for k in range(i, lo - 1, -1):
            f = feats[k]
            if k == i and f.kind == "good":
                continue
            if not _title_like(f, raws[k]):
                continue
            bn = normalise(raws[k].text)
            if tnorm is None:
                tnorm = normalise(title) if title else ""
            if tnorm and bn and (bn == tnorm or (len(tnorm) > 15 and (tnorm in bn or bn in tnorm))):
                score = 100.0 - 0.01 * (i - k)
            else:
                cw = cw_of(k)
                if not cw:
                    continue
                if lead_words is None:
                    lead_words = set()
                    for k_ in range(i, min(j + 1, i + 4)):
                        lead_words |= cw_of(k_)
                overlap = len(cw & lead_words)
                if overlap < 2 and not (overlap >= 1 and len(cw) <= 3):
                    continue
                score = overlap / (len(cw) ** 0.5) + 1.0 * f.title_share - 0.02 * (i - k) \
                    - (1.0 if f.n_words > 15 else 0.0)
            if score > best_score:
                best, best_score = k, score
        headline = best
    # 6. labels
    blocks: list[Block] = []
    labels = [""] * n
    # link-list pattern: length of the run of consecutive short or template lines each block is in
    short_run = [0] * n
    run_start = 0
    for k in range(n + 1):
        if k == n or feats[k].kind not in ("short", "template"):
            if k > run_start:
                short_run[run_start:k] = [k - run_start] * (k - run_start)
            run_start = k + 1
    related_zone = False  # after the article, past a "Related"/"Comments"/"Legal" barrier
    for k, (r, f) in enumerate(zip(raws, feats)):
        if has_core and k > j and f.template is not None and f.template[1]:
            related_zone = True
        if f.template is not None:
            lab, barrier, why = f.template
            if lab == "caption" and not (has_core and i - 3 <= k <= j + 1):
                lab, why = "navigation", f"image credit away from the article ({why})"
            labels[k], reason[k] = lab, f"template phrase: {why}"
        elif k == headline:
            labels[k], reason[k] = "headline", "title-like block before the body sharing words with the lead"
        elif in_article[k]:
            labels[k] = "body"
        elif has_core and k > j and f.kind in ("good", "near"):
            labels[k], reason[k] = "related", "text-like block after the article, off topic (teaser)"
        elif has_core and k > j and f.n_words >= 2 and (related_zone or f.title_share >= 0.5):
            labels[k], reason[k] = "related", ("block in the list of other stories after the article"
                                               if related_zone else "title-case line after the article "
                                               "(teaser headline)")
        elif has_core and k < i and f.kind in ("good", "near"):
            labels[k], reason[k] = "related", "text-like block before the article"
        elif f.kind == "short":
            run = short_run[k]
            labels[k], reason[k] = "navigation", (
                f"in a run of {run} short lines outside the article (menu or link list)" if run >= 3
                else f"short block ({f.n_chars} chars) outside the article")
        elif f.kind == "bad":
            labels[k], reason[k] = "navigation", f"bad block (length {f.n_chars}, stop-word density " \
                                                 f"{f.stop:.2f}) outside the article"
        else:
            labels[k], reason[k] = "navigation", "no article found on the page"
    # 5b. standfirst: one-sentence block right after the headline, before the body
    if headline is not None:
        k = headline + 1
        while k < n and k < i and (labels[k] in ("byline", "caption", "promo", "duplicate", "error")
                                   or feats[k].n_words < 5):
            k += 1
        if k < n and labels[k] in ("body", "related", "navigation") and feats[k].n_chars <= p.standfirst_max \
                and feats[k].n_sent <= 1 and feats[k].n_words >= 5 and k + 1 < n \
                and any(labels[m] == "body" for m in range(k + 1, min(n, k + 4))):
            labels[k], reason[k] = "standfirst", "one-sentence block between the headline and the body"
        # earlier copies of the headline
        hn = normalise(raws[headline].text)
        hlen = len(raws[headline].text)
        for k in range(0, headline):
            if labels[k] == "navigation" and abs(len(raws[k].text) - hlen) <= 10 \
                    and normalise(raws[k].text) == hn:
                labels[k], reason[k] = "duplicate", "repeat of the headline"
    # 6a. a short line between two blocks of the same chrome label belongs to them (a promo box)
    for k in range(1, n - 1):  # (the cheapest test, false for body text, first)
        if labels[k] in ("navigation", "related") and feats[k].template is None and feats[k].kind == "short" \
                and labels[k - 1] == labels[k + 1] and labels[k - 1] in ("promo", "legal", "comments", "error"):
            labels[k], reason[k] = labels[k - 1], f"short line between two {labels[k - 1]} blocks"
    # 6b. duplicates of earlier article blocks: a block whose key (block_key, 20+ characters)
    # equals an earlier one's repeats the earliest block with that key. Keys are built only for
    # blocks sharing a cheap signature (word count, first and last word) with an earlier one.
    keys: list[str | None] = [None] * n
    by_sig: dict[tuple, list[int]] = {}
    keyed: list[int] = []  # the article blocks, for the keys of a page with repeats
    art_at = [k for k, lab in enumerate(labels) if lab in ARTICLE_LABELS]
    sigs = [(len(w), w[0], w[-1]) if w else () for w in [feats[k].words for k in art_at]]
    # (nearly every page: no two article blocks share a signature, so none repeats another and
    # no block is keyed; the loop below would only record the signatures)
    for k, sig in (zip(art_at, sigs) if len(set(sigs)) < len(sigs) else ()):
        keyed.append(k)
        words = feats[k].words
        earlier = by_sig.get(sig)
        if earlier is None:
            by_sig[sig] = [k]
            continue
        key = keys[k] = " ".join(words)  # == block_key(raws[k].text)
        if len(key) >= 20:
            for e in earlier:  # the earliest block with the same key (never itself a repeat)
                ke = keys[e]
                if ke is None:
                    ke = keys[e] = " ".join(feats[e].words)
                if ke == key:
                    labels[k], reason[k] = "duplicate", f"repeat of the block at offset {raws[e].start}"
                    break
        earlier.append(k)
    if len(keyed) > len(by_sig):  # a shared signature (so perhaps a repeat): key every article block
        for k in keyed:
            if keys[k] is None:
                keys[k] = " ".join(feats[k].words)
    blocks.extend([Block(r[0], r[1], lab, r[2], why, f.weight / f.n_chars if f.n_chars else 0.0)
                   for r, f, lab, why in zip(raws, feats, labels, reason)])
    return blocks, headline, keys, ([f.tells for f in feats] if with_tells else None)
