"""Adapt the loaded-language detector to your domain with your own annotations.

Two scikit-learn models, both trained on data the analyst labels:

- :func:`fit_token_classifier`: word level. Give texts with the character
  spans you marked as loaded (any annotation tool's export); each word is
  described by its form, Snowball stem, affixes, shape, its neighbours, the
  packaged lexicon's category for it, its VADER valence and whether it is
  inside a quotation, and a logistic regression (class-balanced) learns which
  words are loaded in *your* texts. ``predict_spans`` returns the words it
  marks, with probabilities, as character spans. This follows the
  feature-based word-level bias detectors of Recasens et al. (2013).
- :func:`fit_sentence_classifier`: sentence or document level. Give texts
  and labels; a pipeline of :class:`~framing.extract.transformer.FramingFeatures`
  (the interpretable framing features), scaling and logistic regression.

Models are plain scikit-learn objects; save them with ``joblib`` or
``pickle`` (trusted files only).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence

from ..types import Span

__all__ = ["TokenExample", "TokenClassifier", "fit_token_classifier", "token_features", "fit_sentence_classifier"]


class TokenExample(NamedTuple):
    """A text and the character spans an annotator marked (``[(start, end), ...]``)."""

    text: str
    spans: Sequence[tuple[int, int]]


def _valence_bucket(v: float) -> str:
    if v <= -2:
        return "neg2"
    if v < 0:
        return "neg1"
    if v >= 2:
        return "pos2"
    if v > 0:
        return "pos1"
    return "0"


def token_features(text: str, *, lexicon=None) -> tuple[list[tuple[int, int, str]], list[dict]]:
    """Words of ``text`` and one feature dict per word (see the module docstring)."""
    from .lexicon import _stem
    from .loaded import default_lexicon
    from .quotes import find_quotes
    from .sentiment import analyzer
    from .tokens import WORD_RE

    lex = lexicon or default_lexicon()
    vader = analyzer().lexicon
    toks = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    cat_at: dict[int, str] = {}
    for m in lex.match(text):
        for i in range(m.start, m.end):
            cat_at[i] = m.entry.category
    inside = [False] * (len(text) + 1)
    for q in find_quotes(text):
        for i in range(q.content_start, q.content_end):
            inside[i] = True
    lowers = [w.lower() for _, _, w in toks]
    feats = []
    for i, (s, e, w) in enumerate(toks):
        lw = lowers[i]
        d = {
            "w=" + lw: 1.0,
            "stem=" + _stem(lw): 1.0,
            "suf3=" + lw[-3:]: 1.0,
            "pre3=" + lw[:3]: 1.0,
            "shape=" + ("X" if w.isupper() else "Xx" if w[:1].isupper() else "x" if w.isalpha() else "other"): 1.0,
            "lex=" + cat_at.get(s, "none"): 1.0,
            "vader=" + _valence_bucket(vader.get(lw, 0.0)): 1.0,
            "hyphen": 1.0 if "-" in w else 0.0,
            "quoted": 1.0 if inside[s] else 0.0,
            "len": min(len(w), 15) / 15.0,
            "prev=" + (lowers[i - 1] if i else "<s>"): 1.0,
            "next=" + (lowers[i + 1] if i + 1 < len(toks) else "</s>"): 1.0,
            "prevlex=" + (cat_at.get(toks[i - 1][0], "none") if i else "<s>"): 1.0,
        }
        feats.append(d)
    return toks, feats


@dataclass
class TokenClassifier:
    """A fitted word-level loaded-language classifier."""

    vectorizer: object
    model: object
    threshold: float = 0.8
    lexicon: object | None = None
    classes_: list = field(default_factory=lambda: [0, 1])

    def predict_proba_tokens(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, p_loaded)`` for every word of ``text``."""
        toks, feats = token_features(text, lexicon=self.lexicon)
        if not toks:
            return []
        p = self.model.predict_proba(self.vectorizer.transform(feats))[:, 1]
        return [(s, e, float(pi)) for (s, e, _), pi in zip(toks, p)]

    def predict_spans(self, text: str) -> list[Span]:
        """Words whose probability reaches ``threshold``, as spans of ``text``."""
        return [Span(s, e, text[s:e]) for s, e, p in self.predict_proba_tokens(text) if p >= self.threshold]


#: Defaults calibrated on the BABE calibration part (train on hash-decile 0-2, score 3-5: word F1 0.51
#: at C=0.1, threshold 0.8; 0.40 at the usual 0.5, because class balancing inflates probabilities).
DEFAULT_C = 0.1
DEFAULT_THRESHOLD = 0.8


def fit_token_classifier(examples: Iterable[TokenExample], *, C: float = DEFAULT_C,
                         threshold: float = DEFAULT_THRESHOLD,
                         lexicon=None, max_iter: int = 2000) -> TokenClassifier:
    """Fit a word-level classifier on annotated texts.

    A word is a positive example when an annotated span covers it. ``C`` is the
    inverse L2 strength and ``threshold`` the probability cut of
    :meth:`TokenClassifier.predict_spans` (defaults set on the BABE calibration
    part; see ``benchmarks/bench_loaded.py --classifier``).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    X, y = [], []
    for ex in examples:
        toks, feats = token_features(ex.text, lexicon=lexicon)
        spans = sorted((int(s), int(e)) for s, e, *_ in ex.spans)
        for (s, e, _), d in zip(toks, feats):
            X.append(d)
            y.append(1 if any(a <= s and e <= b for a, b in spans) else 0)
    if len(set(y)) < 2:
        raise ValueError("annotations need both marked and unmarked words")
    vec = DictVectorizer()
    M = vec.fit_transform(X)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=max_iter)
    model.fit(M, y)
    return TokenClassifier(vec, model, threshold, lexicon)


def fit_sentence_classifier(texts: Sequence, labels: Sequence, *, families: Iterable[str] | None = (
        "loaded", "hedging", "sentiment"), clean: bool = False, C: float = 1.0):
    """Fit ``FramingFeatures -> StandardScaler -> LogisticRegression`` on labelled texts.

    Returns the fitted scikit-learn :class:`~sklearn.pipeline.Pipeline`
    (``predict``, ``predict_proba``; its first step names the features).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from .transformer import FramingFeatures

    pipe = Pipeline([
        ("features", FramingFeatures(families=None if families is None else list(families), clean=clean)),
        ("scale", StandardScaler()),
        ("model", LogisticRegression(C=C, class_weight="balanced", max_iter=2000)),
    ])
    return pipe.fit(list(texts), list(labels))
