"""Repeated paragraphs within a page."""
from __future__ import annotations

from framing.clean import clean
from framing.clean.duplicates import repeated_paragraphs


def test_repeat_flag_and_label():
    p1 = "The ministry said the talks would continue next week, officials told reporters on Friday."
    p2 = "Both sides signed a memorandum on energy cooperation, the statement from the ministry said."
    text = "\n".join(["Talks to continue, ministry says", p1, p2, p1.upper(), "Privacy Policy"])
    page = clean(text)
    labels = [b.label for b in page.blocks]
    assert labels[3] == "duplicate" and labels[1] in ("body", "standfirst")
    flag = repeated_paragraphs(page)
    assert flag is not None and flag.detail["pairs"] == [(page.blocks[1].start, page.blocks[3].start)]
    assert page.body.count("officials told reporters") == 1


def test_no_flag_without_repeats(seed_texts):
    assert repeated_paragraphs(clean(seed_texts["002"])) is None


def test_keys_from_the_labeller_give_the_same_flag(seed_texts):
    from framing.clean.blocks import reflow, split_blocks
    from framing.clean.labels import block_key, label_blocks_keyed

    text = seed_texts["001"] + "\n" + seed_texts["001"]  # the whole page printed twice
    page = clean(text)
    blocks, _, keys, _ = label_blocks_keyed(reflow(text, split_blocks(text)))
    assert [b.label for b in blocks] == [b.label for b in page.blocks]
    assert all(k is None or k == block_key(b.text) for b, k in zip(blocks, keys))
    flag = repeated_paragraphs(page, keys=keys)
    assert flag is not None and flag.detail["count"] >= 3
    assert flag.to_dict() == repeated_paragraphs(page).to_dict() == page.flag("repeated_paragraphs").to_dict()
