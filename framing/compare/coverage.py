"""Coverage and omission: which facts of a story each outlet reports or leaves out.

A rule-based fact extractor (no model, no download) finds, in each article body:

- **numbers**: digits with thousands separators or decimals, an optional
  currency sign, scale word ("1.5 million") and percent sign. Normalised to a
  canonical value, so "11,000", "11000" and "11 thousand" are one fact;
  "$5 billion" keeps its currency, "12%" its percent. Bare one-digit numbers
  and four-digit years (kind ``date``) are told apart.
- **names**: runs of capitalised words (people, organisations, places),
  allowing inner connectors ("Ministry of Defence", "Kim Jong-un"). A single
  capitalised word at the start of a sentence is kept only if the article also
  uses it mid-sentence (else it is a ``weak`` mention, which counts only when
  another mention in the story is not weak); leading and trailing stop words, titles ("President"),
  month and weekday names are stripped. Kind: ``person`` after a title,
  ``organisation`` with an organisation word or as an acronym, ``place`` after
  "in/near/from/across/at", otherwise ``name`` (heuristic, not NER).
  Keys are case-folded with hyphens and possessives removed, so "Kim Jong-un"
  and "Kim Jong Un" match; within a story a single word ("Putin") is merged
  into the one multi-word name it ends or starts ("Vladimir Putin").

Per story, the union of facts over its outlets is the reference; each
(fact, outlet) row says whether the outlet reported it, with the first
mention as evidence (``start``/``end`` index the article body,
``text == body[start:end]``). ``fact_coverage`` of an article is the share of
the facts reported by the *other* outlets on the story that it also reports.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import pandas as pd

from .. import _regex

__all__ = ["Fact", "extract_facts", "coverage_table", "fact_coverage", "COVERAGE_COLUMNS"]


class Fact(NamedTuple):
    kind: str  #: "number", "date", "person", "organisation", "place", "name" or "weak" (see below)
    key: str  #: normalised form used for matching
    start: int
    end: int
    text: str


_NUM_RE = _regex.compile(
    # not part of a date or clock time ("2024-11-01", "13:40:15"), nor inside a word
    r"(?<![\w.,:/-])([$€£¥])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![:/-]\d|\w)"
    r"(?:[ \u00a0](thousand|million|billion|trillion|bn)\b)?"
    r"(?:[ \u00a0]?(%|percent\b|per[ \u00a0]cent\b))?",
    re.IGNORECASE,
)
_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "bn": 10 ** 9, "trillion": 10 ** 12}
_CUR = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}

# a word, as in framing.extract.tokens (letters/digits with inner hyphens or apostrophes)
_WORD_RE = _regex.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_CONNECTORS = {"of", "the", "de", "al", "bin", "van", "von", "la", "du", "for"}
_CAP = r"[A-Z\u00C0-\u00D6\u00D8-\u00DE]\w*(?:[-'’]\w+)*"
#: a run of capitalised words with inner connectors; every repetition starts with a space and a
#: capital (or a lower-case connector), so matching is linear
_RUN_RE = _regex.compile(rf"(?<![\w'’-]){_CAP}(?:[ \u00a0](?:(?:{'|'.join(sorted(_CONNECTORS))})[ \u00a0])?{_CAP})*")
_TITLES = {"president", "mr", "mrs", "ms", "dr", "prof", "minister", "general", "gen", "secretary", "leader",
           "chairman", "chairwoman", "premier", "king", "queen", "prince", "senator", "sen", "rep", "governor",
           "gov", "mayor", "ambassador", "spokesman", "spokeswoman", "spokesperson", "colonel", "col",
           "lieutenant", "lt", "commander", "admiral", "marshal", "sergeant", "chancellor", "judge", "justice",
           "pope", "sheikh", "sir"}
#: words that may precede a title inside a run ("Prime Minister", "Deputy Foreign Minister")
_TITLE_MODIFIERS = {"prime", "foreign", "defense", "defence", "deputy", "vice", "chief", "supreme", "former",
                    "first", "lady"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}
_ORG_WORDS = {"ministry", "agency", "party", "council", "committee", "army", "forces", "force", "union",
              "organization", "organisation", "bank", "company", "corp", "corporation", "inc", "ltd", "group",
              "institute", "university", "commission", "department", "office", "assembly", "parliament",
              "congress", "senate", "house", "news", "times", "post", "service", "court", "command", "guard",
              "navy", "fund", "association", "federation", "agency", "network", "press", "foundation",
              "administration", "bureau", "kremlin", "pentagon", "nato", "cabinet", "government", "media"}
_NONFACT = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "i", "image", "photo", "read", "also", "click", "share", "advertisement", "getty", "images"}
_WORD_BEFORE = _regex.compile(r"([A-Za-z]+)\.?[ \u00a0]$")
_PLACE_PREP = {"in", "near", "from", "across", "at", "into", "outside"}


@functools.lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _NONFACT


@functools.lru_cache(maxsize=65536)
def _norm_name(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    s = re.sub(r"['’]s\b", "", s)
    s = s.replace("-", " ").replace("’", "").replace("'", "")
    return " ".join(s.split())


def _number_key(m: re.Match) -> tuple[str, str] | None:
    cur, whole, frac, scale, pct = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
    digits = whole.replace(",", "")
    try:
        v = Decimal(digits + ("." + frac if frac else ""))
    except InvalidOperation:
        return None
    if scale:
        v *= _SCALE[scale.lower()]
    if not (cur or scale or pct or frac or "," in whole):
        if len(digits) == 4 and 1800 <= int(digits) <= 2100:
            return "date", f"year:{int(digits)}"
        if v < 10:  # a bare one-digit count ("2 sides") is not a checkable fact
            return None
    norm = format(v.normalize(), "f")
    if "." in norm:
        norm = norm.rstrip("0").rstrip(".")
    key = norm + ("%" if pct else "")
    if cur:
        key = _CUR.get(cur, cur) + ":" + key
    return "number", key


def extract_facts(text: str) -> list[Fact]:
    """Numbers, dates and names in ``text`` with spans (``text[start:end] == fact.text``)."""
    facts: list[Fact] = []
    for m in _NUM_RE.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if before is not None and before.group(1).lower().rstrip(".") in _MONTHS and not m.group(4):
            continue  # "Nov. 11": a day of a date, not a quantity
        k = _number_key(m)
        if k is not None:
            s, e = m.start(), m.end()
            while e > s and text[e - 1] in " \u00a0":
                e -= 1
            facts.append(Fact(k[0], k[1], s, e, text[s:e]))
    stop = _stop()
    # 1. runs of capitalised words (one linear regex pass), their tokens and sentence position
    runs = []
    mid_caps: set[str] = set()
    for m in _RUN_RE.finditer(text):
        toks = [(m.start() + t.start(), m.start() + t.end(), t.group()) for t in _WORD_RE.finditer(m.group())]
        p = m.start() - 1
        while p >= 0 and text[p] in " \t\u00a0\"'“‘(«":
            p -= 1
        initial = p < 0 or text[p] in ".!?\n:;—–|•"
        runs.append((toks, initial))
        for k, (_s, _e, w) in enumerate(toks):
            if (k > 0 or not initial) and w[:1].isupper():
                mid_caps.add(w)
    # 2. each run to name facts
    for toks, initial in runs:
        before = _WORD_RE.findall(text, max(0, toks[0][0] - 40), toks[0][0])
        prev_word = before[-1].lower() if before else ""
        starts = [initial] + [False] * (len(toks) - 1)
        facts.extend(_name_fact(text, toks, list(range(len(toks))), starts, mid_caps, stop, prev_word))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


def _name_fact(text, words, run, starts_sentence, mid_caps, stop, prev_word) -> list[Fact]:
    toks = list(run)
    titled = False
    # a title inside the run splits it: "Russian President Vladimir Putin" -> "Russian" + person "Vladimir Putin"
    last_title = max((k for k, t in enumerate(toks) if words[t][2].lower().rstrip(".") in _TITLES), default=-1)
    if last_title >= 0:
        head = [t for t in toks[:last_title] if words[t][2].lower() not in _TITLE_MODIFIERS]
        before = _name_fact(text, words, head, starts_sentence, mid_caps, stop, prev_word) if head else []
        toks = toks[last_title + 1:]
        if not toks:
            return before
        return before + _name_fact(text, words, toks, starts_sentence, mid_caps, stop, "president")
    # strip leading stop words, trailing stop words and connectors
    while toks and words[toks[0]][2].lower() in stop:
        toks.pop(0)
    while toks and (words[toks[-1]][2].lower() in stop or words[toks[-1]][2].lower() in _CONNECTORS):
        toks.pop()
    if not toks:
        return []
    if len(toks) == 1:
        w = words[toks[0]][2]
        if len(w) < 2:
            return []
        if starts_sentence[toks[0]] and w not in mid_caps:
            # "Putin sent ...": kept as a weak mention, counted only if the story names it elsewhere
            return [Fact("weak", _norm_name(w), words[toks[0]][0], words[toks[0]][1], w)]
        if w.isupper() and len(w) > 6:  # a shouted word ("BREAKING"), not an acronym
            return []
    s, e = words[toks[0]][0], words[toks[-1]][1]
    surface = text[s:e]
    key = _norm_name(surface)
    if not key or key in stop:
        return []
    low = {words[t][2].lower() for t in toks}
    if titled or prev_word.rstrip(".") in _TITLES:
        kind = "person"
    elif low & _ORG_WORDS or (len(toks) == 1 and surface.isupper() and len(surface) >= 2):
        kind = "organisation"
    elif prev_word in _PLACE_PREP:
        kind = "place"
    else:
        kind = "name"
    return [Fact(kind, key, s, e, surface)]


COVERAGE_COLUMNS = ["story", "fact", "kind", "outlet", "reported", "n_mentions", "n_outlets_reporting",
                    "n_outlets_story", "doc_id", "start", "end", "text"]
#: ``framing.compare`` adds ``coords``: "text" when the span was mapped to the page text as given
#: (``Document.text``), "body" when it indexes the cleaned body (``Analysis.bodies``).


def _merge_short_names(keys: set[str]) -> dict[str, str]:
    """Map a one-word name to the single multi-word name of the story it starts or ends."""
    multi = [k for k in keys if " " in k]
    ends: dict[str, set[str]] = {}
    for k in multi:
        parts = k.split()
        for p in (parts[0], parts[-1]):
            ends.setdefault(p, set()).add(k)
    return {k: next(iter(ends[k])) for k in keys if " " not in k and len(ends.get(k, ())) == 1}


def coverage_table(facts: dict[str, list[Fact]], docs: pd.DataFrame, *, max_rows_per_story: int = 5000,
                   kinds: tuple[str, ...] = ("number", "person", "organisation", "place", "name")) -> tuple[pd.DataFrame, list[str]]:
    """Rows (story, fact, outlet) with reported flag and evidence; plus notes.

    ``facts`` maps doc id -> facts of its body; ``docs`` has ``id``, ``outlet``
    and ``story``. Stories with one outlet are skipped (nothing to compare).
    When a story's full table would exceed ``max_rows_per_story``, only facts
    reported by at least two outlets are listed (said in the notes).
    """
    notes: list[str] = []
    rows = []
    d = docs[["id", "outlet", "story"]].dropna(subset=["outlet"])
    trimmed = 0
    for sid, part in d.groupby("story", sort=True):
        outs = sorted(set(part["outlet"].astype(str)))
        if len(outs) < 2:
            continue
        per: dict[str, dict[str, list]] = {}  # key -> outlet -> [count, first fact, doc id, kind]
        story_keys = {f.key for doc_id in part["id"] for f in facts.get(doc_id, []) if f.kind in kinds}
        weak = {f.key for doc_id in part["id"] for f in facts.get(doc_id, []) if f.kind == "weak"}
        merge = _merge_short_names({k for k in story_keys | weak if not k[:1].isdigit() and ":" not in k})
        strong = {merge.get(k, k) for k in story_keys}
        for doc_id, o in zip(part["id"], part["outlet"].astype(str)):
            for f in facts.get(doc_id, []):
                key = merge.get(f.key, f.key)
                if f.kind not in kinds and not (f.kind == "weak" and key in strong):
                    continue
                slot = per.setdefault(key, {}).get(o)
                if slot is None:
                    per[key][o] = [1, f, doc_id, f.kind if f.kind != "weak" else "name"]
                else:
                    slot[0] += 1
        keys = sorted(per)
        if len(keys) * len(outs) > max_rows_per_story:
            keys = [k for k in keys if len(per[k]) >= 2]
            trimmed += 1
        for k in keys:
            rep = per[k]
            kind = _majority_kind([v[3] for v in rep.values()])
            for o in outs:
                v = rep.get(o)
                rows.append({"story": sid, "fact": k, "kind": kind, "outlet": o, "reported": v is not None,
                             "n_mentions": v[0] if v else 0, "n_outlets_reporting": len(rep),
                             "n_outlets_story": len(outs), "doc_id": v[2] if v else None,
                             "start": v[1].start if v else None, "end": v[1].end if v else None,
                             "text": v[1].text if v else None})
    if trimmed:
        notes.append(f"coverage: {trimmed} large stories list only facts reported by at least two outlets "
                     f"(over {max_rows_per_story:,} fact-outlet rows otherwise)")
    df = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    if len(df):
        df["start"] = df["start"].astype("Int64")
        df["end"] = df["end"].astype("Int64")
    return df, notes


def _majority_kind(kinds: list[str]) -> str:
    order = ("person", "organisation", "place", "number", "date", "name")
    best = max(set(kinds), key=lambda k: (kinds.count(k), -order.index(k) if k in order else -99))
    return best


def fact_coverage(facts: dict[str, list[Fact]], docs: pd.DataFrame, *,
                  kinds: tuple[str, ...] = ("number", "person", "organisation", "place", "name")) -> pd.Series:
    """Per article: share of the facts reported by other outlets on its story that it also reports."""
    out = pd.Series(float("nan"), index=docs["id"].astype(str).to_numpy())
    d = docs[["id", "outlet", "story"]].dropna(subset=["outlet"])
    for _sid, part in d.groupby("story", sort=False):
        if part["outlet"].nunique() < 2:
            continue
        allkeys = {f.key for doc_id in part["id"] for f in facts.get(doc_id, []) if f.kind in kinds}
        weak = {f.key for doc_id in part["id"] for f in facts.get(doc_id, []) if f.kind == "weak"}
        merge = _merge_short_names({k for k in allkeys | weak if not k[:1].isdigit() and ":" not in k})
        strong = {merge.get(k, k) for k in allkeys}
        keysets = {}
        for doc_id in part["id"]:
            ks = {merge.get(f.key, f.key) for f in facts.get(doc_id, [])
                  if f.kind in kinds or f.kind == "weak"}
            keysets[doc_id] = ks & strong
        by_outlet: dict[str, set[str]] = {}
        for doc_id, o in zip(part["id"], part["outlet"].astype(str)):
            by_outlet.setdefault(o, set()).update(keysets[doc_id])
        for doc_id, o in zip(part["id"], part["outlet"].astype(str)):
            others = set().union(*(v for k, v in by_outlet.items() if k != o))
            if others:
                out[str(doc_id)] = len(keysets[doc_id] & others) / len(others)
    return out
