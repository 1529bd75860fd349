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

import re
from dataclasses import dataclass
from typing import Sequence

from ..types import ARTICLE_LABELS, Block
from .blocks import RawBlock
from .templates import match_template, stopwords

__all__ = ["Params", "DEFAULT_PARAMS", "label_blocks", "content_words", "normalise"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_SENT = re.compile(r"[.!?…][\"'”’)\]]?(?:\s|$)")
_TERMINAL = frozenset(".!?…:;\"'”’)]")
_NORM = re.compile(r"[\W_]+")
_LONG = re.compile(r"\b[^\W\d_]{4,}")  # words of 4+ letters
_CAP = re.compile(r"\b[A-Z\u00c0-\u00de][^\W\d_]{3,}")  # ... with a capital initial


@dataclass(frozen=True)
class Params:
    """Tuned thresholds (calibrated on the calibration part of boilerplate_dev, see
    benchmarks/bench_boilerplate.py; jusText's published defaults were the start)."""

    len_low: int = 70  #: jusText length_low (chars): shorter blocks are "short"
    len_high: int = 200  #: jusText length_high: longer text-like blocks are "good"
    stop_low: float = 0.30  #: jusText stopwords_low
    stop_high: float = 0.32  #: jusText stopwords_high
    sentence_words: int = 10  #: words of a sentence-shaped block (ends in . ! ? or a quote)
    sentence_stop: float = 0.12  #: least stop-word density of a sentence-shaped block
    near_weight: float = 0.5  #: weight per char of a near-good block
    short_weight: float = -0.5  #: weight per char of a short block
    short_sentence_weight: float = 0.3  #: a short block shaped like a sentence
    bad_weight: float = -1.0  #: weight per char of a bad block
    template_min: float = 60.0  #: minimum penalty of a template block
    barrier: float = 1500.0  #: penalty of a barrier phrase ("Related Articles")
    cohesion: float = 0.35  #: share of content words shared with the article to extend it
    standfirst_max: int = 300  #: longest standfirst (chars)
    headline_lookback: int = 40  #: blocks before the core searched for the headline


DEFAULT_PARAMS = Params()


def normalise(text: str) -> str:
    """Lower-case text with punctuation and spacing collapsed (for repeat detection)."""
    return _NORM.sub(" ", text.lower()).strip()


def content_words(text: str, stop: frozenset[str] | None = None) -> set[str]:
    """Lower-cased non-stop words of 4+ letters, cut to 6 characters (a cheap stem)."""
    stop = stopwords() if stop is None else stop
    out = set()
    for w in _WORD.findall(text):
        lw = w.lower()
        if len(lw) >= 4 and lw not in stop and not lw.isdigit():
            out.add(lw[:6])
    return out


@dataclass
class _Feat:
    n_chars: int
    n_words: int
    stop: float
    terminal: bool
    n_sent: int
    title_share: float
    template: tuple[str, bool, str] | None
    kind: str = ""
    weight: float = 0.0


def _features(raw: RawBlock, stop: frozenset[str]) -> _Feat:
    text = raw.text
    words = _WORD.findall(text.lower())
    n = len(words)
    n_stop = sum(map(stop.__contains__, words))
    long_words = len(_LONG.findall(text))
    caps = len(_CAP.findall(text)) if long_words else 0
    last = text[-1]
    n_sent = len(_SENT.findall(text)) if len(text) < 5000 else len(text) // 100
    return _Feat(
        n_chars=len(text), n_words=n, stop=n_stop / n if n else 0.0,
        terminal=last in _TERMINAL, n_sent=max(n_sent, 1 if last in ".!?…" else 0),
        title_share=min(1.0, caps / long_words) if long_words else 0.0,
        template=match_template(text),
    )


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
        f.weight = (p.short_sentence_weight if sentence_like else p.short_weight) * f.n_chars
        return
    # prose dense in names (news) has few stop words: sentence shape also counts
    sentence_like = f.terminal and f.n_words >= p.sentence_words and f.stop >= p.sentence_stop
    if f.stop >= p.stop_high or (sentence_like and f.n_sent >= 2):
        f.kind = "good" if f.n_chars > p.len_high or f.n_sent >= 2 else "near"
    elif f.stop >= p.stop_low or sentence_like:
        f.kind = "near"
    else:
        f.kind = "bad"
    if f.kind == "good":
        f.weight = float(f.n_chars)
    elif f.kind == "near":
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
    p = params
    stop = stopwords()
    n = len(raws)
    if n == 0:
        return [], None
    # 1.-2. features and classes
    feats = [_features(r, stop) for r in raws]
    for f in feats:
        _classify(f, p)
    # 3. densest run
    i, j, total = _densest_run([f.weight for f in feats])
    has_core = j >= i and total > 0 and any(feats[k].kind in ("good", "near") for k in range(i, j + 1))
    in_article = [False] * n
    reason: list[str] = [""] * n
    if has_core:
        for k in range(i, j + 1):
            in_article[k] = True
            reason[k] = "in the densest run of body text"
    # 4. extend over on-topic text after the core (until a barrier)
    headline = None
    if has_core:
        vocab = set()
        for k in range(i, j + 1):
            if feats[k].kind in ("good", "near"):
                vocab |= content_words(raws[k].text, stop)
        k = j + 1
        while k < n:
            f = feats[k]
            if f.template is not None and f.template[1]:
                break
            if f.kind in ("good", "near"):
                cw = content_words(raws[k].text, stop)
                coh = len(cw & vocab) / len(cw) if cw else 0.0
                if coh >= p.cohesion:
                    for m in range(j + 1, k + 1):
                        if feats[m].template is None or feats[m].template[0] in ("caption",):
                            in_article[m] = True
                            reason[m] = f"after the densest run, on topic (cohesion {coh:.2f})"
                    j = k
                else:
                    break
            k += 1
        # 5. headline: title-like block before the core sharing most words with the lead
        lead_words: set[str] = set()
        for k in range(i, min(j + 1, i + 4)):
            lead_words |= content_words(raws[k].text, stop)
        tnorm = normalise(title) if title else ""
        best, best_score = None, 0.0
        lo = max(0, i - p.headline_lookback)
        for k in range(i, lo - 1, -1):
            f = feats[k]
            if k == i and f.kind == "good":
                continue
            if not _title_like(f, raws[k]):
                continue
            bn = normalise(raws[k].text)
            if tnorm and bn and (bn == tnorm or (len(tnorm) > 15 and (tnorm in bn or bn in tnorm))):
                score = 100.0 - 0.01 * (i - k)
            else:
                cw = content_words(raws[k].text, stop)
                if not cw:
                    continue
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
        elif f.kind == "short" and f.title_share >= 0.5:
            labels[k], reason[k] = "navigation", "short title-case line outside the article (menu or teaser title)"
        elif f.kind in ("short", "bad"):
            labels[k], reason[k] = "navigation", f"{f.kind} block (length {f.n_chars}, stop-word density " \
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
        for k in range(0, headline):
            if labels[k] == "navigation" and normalise(raws[k].text) == hn:
                labels[k], reason[k] = "duplicate", "repeat of the headline"
    # 6b. duplicates of earlier article blocks
    seen: dict[str, int] = {}
    for k in range(n):
        if labels[k] not in ARTICLE_LABELS:
            continue
        key = normalise(raws[k].text)
        if len(key) < 20:
            continue
        if key in seen:
            labels[k], reason[k] = "duplicate", f"repeat of the block at offset {raws[seen[key]].start}"
        else:
            seen[key] = k
    for k, (r, f) in enumerate(zip(raws, feats)):
        blocks.append(Block(r.start, r.end, labels[k], r.text, reason=reason[k],
                            score=f.weight / f.n_chars if f.n_chars else 0.0))
    return blocks, headline
