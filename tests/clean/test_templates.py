"""Template phrases: data file validity, labels, length gating and priority."""
from __future__ import annotations

import re

from framing.clean.templates import match_template, read_data, stopwords, templates
from framing.types import BLOCK_LABELS


def test_data_files_load_with_headers():
    ts = templates()
    assert len(ts) > 30 and all(t.label in BLOCK_LABELS for t in ts)
    raw = "\n".join(read_data("templates.tsv"))
    assert "\t" in raw
    assert {"the", "of", "and", "said"} <= stopwords()


def test_patterns_are_linear_on_hostile_input():
    # a long run of the characters the patterns repeat over must not blow up
    for s in ("a" * 499, " " * 499, "." * 499, "by " + "A" * 400, "©" * 499):
        match_template(s)
    for t in templates():
        assert not re.search(r"\([^)]*[+*]\)[+*]", t.pattern), t.pattern  # no nested quantifiers


def test_labels_of_known_chrome():
    cases = {
        "Skip to main content": "navigation",
        "Related Articles": "related",
        "Read Full Article on TheEpochTimes.com": "promo",
        "ALSO READ: Putin threatens to hit Kyiv with Oreshnik missiles": "promo",
        "Legal Disclaimer:": "legal",
        "CommentsNo comment": "comments",
        "Your email address will not be published. Required fields are marked *": "comments",
        "1 min read": "byline",
        "November 30, 2024": "byline",
        "Error! We're sorry, but the page you were looking for doesn't exist.": "error",
        "Tanja Ivanova//Getty Images": "caption",
    }
    for text, label in cases.items():
        m = match_template(text)
        assert m is not None and m[0] == label, (text, m)


def test_body_sentences_are_not_chrome():
    for text in (
        "By contrast, the ministry said the talks would continue next week.",
        "The company updated its privacy policy last year after a court ruling in Brussels that found "
        "the old terms of service unlawful under European law, a decision regulators welcomed.",
        "Kim made the remarks in a speech at the groundbreaking ceremony.",
    ):
        assert match_template(text) is None, text


def test_length_gate():
    short = "All rights reserved."
    assert match_template(short)[0] == "legal"
    long_para = ("Critics said the publisher had reserved all rights to the archive. " * 8).strip()
    assert len(long_para) > 500 and match_template(long_para) is None


def test_barrier_flag():
    assert match_template("Related Articles")[1] is True
    assert match_template("ALSO READ: Something")[1] is False
