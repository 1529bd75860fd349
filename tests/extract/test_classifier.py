"""Fitting detectors on the analyst's own annotations (token and sentence level)."""
from __future__ import annotations

import json

import pytest
from sklearn.metrics import roc_auc_score

from framing.extract.classifier import TokenExample, fit_sentence_classifier, fit_token_classifier


def _seed_examples(seeds_dir):
    out = {}
    for line in (seeds_dir.parent / "eval" / "loaded_seed_labels.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        text = (seeds_dir / r["file"]).read_text(encoding="utf-8")
        a, b = r["region"]
        out[r["file"][:3]] = TokenExample(text[a:b], [(s["start"] - a, s["end"] - a) for s in r["spans"]])
    return out


def test_token_classifier_generalises_to_an_unseen_seed(seeds_dir):
    ex = _seed_examples(seeds_dir)
    clf = fit_token_classifier([ex[k] for k in ("000", "001", "002", "003")], threshold=0.5)
    test = ex["004"]
    probs = clf.predict_proba_tokens(test.text)
    y = [1 if any(a <= s and e <= b for a, b in test.spans) else 0 for s, e, _ in probs]
    # labelled words of Asian Lite's article rank above the rest
    assert roc_auc_score(y, [p for _, _, p in probs]) > 0.8
    spans = clf.predict_spans(test.text)
    assert "imperialists" in {s.text for s in spans}
    for s in spans:
        assert test.text[s.start:s.end] == s.text


def test_token_classifier_needs_both_classes():
    with pytest.raises(ValueError):
        fit_token_classifier([TokenExample("No marked words here.", [])])


def test_sentence_classifier(seed_texts):
    sents = [
        ("The great heroes fought a holy war with invincible courage.", 1),
        ("The corrupt regime's thugs slammed the brave protesters.", 1),
        ("Critics blasted the so-called reform as a disastrous hoax.", 1),
        ("The ministers met on Friday in Moscow.", 0),
        ("The treaty was signed in June and ratified last week.", 0),
        ("Officials said the talks would continue next month.", 0),
    ]
    pipe = fit_sentence_classifier([s for s, _ in sents], [y for _, y in sents])
    p = pipe.predict_proba(["Kim praised the heroic, invincible army.", "The delegation arrived on Monday."])[:, 1]
    assert p[0] > p[1]
    assert "loaded.outlet.per_1k" in pipe.named_steps["features"].get_feature_names_out()


def test_classifier_plugs_into_the_loaded_family(seeds_dir):
    import framing

    ex = _seed_examples(seeds_dir)
    clf = fit_token_classifier([ex[k] for k in ("000", "001", "002", "003")], threshold=0.5)
    text = ex["004"].text
    plain = framing.extract(text, clean=False, families=["loaded"])
    with_clf = framing.extract(text, clean=False, families=["loaded"], options={"loaded_classifier": clf})
    added = with_clf.evidence_for("loaded", "classifier")
    lexical = {(e.start, e.end) for e in plain.evidence_for("loaded")}
    # KCNA's "friendly and trustworthy" (labelled, outside the lexicon) is learnt from the other seeds
    assert "friendly" in {e.text for e in added}
    assert with_clf.features["loaded.count"] == plain.features["loaded.count"] + len(added)
    for e in added:
        assert (e.start, e.end) not in lexical and e.probability >= 0.5
        assert text[e.start:e.end] == e.text
    assert with_clf.features["loaded.outlet.classifier.count"] + with_clf.features["loaded.quoted.classifier.count"] \
        == len(added)
