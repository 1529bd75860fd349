"""Block splitting: trimmed line spans, sentence-ish chunks of long lines, hard-wrap re-joining."""
from __future__ import annotations

from framing.clean.blocks import reflow, split_blocks


def test_lines_are_trimmed_spans():
    text = "  Headline here \r\n\n\tFirst paragraph.\u2028Second line\n   \n"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == ["Headline here", "First paragraph.", "Second line"]
    for b in blocks:
        assert text[b.start:b.end] == b.text


def test_long_line_cut_at_sentence_ends(seed_texts):
    flat = " ".join(seed_texts["001"].split())  # one line, ~3,600 chars
    blocks = split_blocks(flat)
    assert len(blocks) >= 5
    assert all(flat[b.start:b.end] == b.text for b in blocks)
    # cuts fall after a sentence end, so every block but the last ends like a sentence
    assert sum(b.text[-1] in ".!?”\"" for b in blocks[:-1]) >= len(blocks) - 2


def test_run_without_sentence_end_is_hard_cut():
    flat = "x" * 50_000
    blocks = split_blocks(flat)
    assert "".join(b.text for b in blocks) == flat
    assert max(len(b.text) for b in blocks) <= 1200


def test_reflow_joins_hard_wrapped_paragraphs():
    para = ("After reading a post from someone who nearly lost all their data to a joint NAS and "
            "external hard drive failure I decided to think through my own backups. Most of my stuff "
            "lives in the cloud: email, documents, photos and the rest, and I trust the provider a lot "
            "for this sort of thing, both given its public reputation and from experience.")
    wrapped, line = [], ""
    for w in para.split():
        if len(line) + len(w) + 1 > 70:
            wrapped.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    wrapped.append(line)
    text = "\n".join(["Blog", "Posts"] + wrapped * 4 + ["Contact"])
    blocks = reflow(text, split_blocks(text))
    assert len(blocks) < len(split_blocks(text)) / 2
    assert any(b.text.startswith("After reading") and "from experience." in b.text for b in blocks)
    for b in blocks:
        assert text[b.start:b.end] == b.text


def test_reflow_leaves_ordinary_pages(seed_texts):
    for text in seed_texts.values():
        raw = split_blocks(text)
        assert reflow(text, raw) == raw


def _reference_lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines (every break str.splitlines() knows), trimmed, as spans."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        s, e = pos, pos + len(body)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        pos += len(line)
    return out


def test_line_spans_match_splitlines_on_odd_white_space(seed_texts):
    odd = ("  Title\u00a0 \r\n\tBody line one.\u2003\x0bsecond\x0c third \x1c\x1d\x1e fourth\x85fifth"
           "\u2028sixth\u2029 \u3000 \n\n \t \nlast\u200b")
    for text in [odd, *seed_texts.values(), "", " \n ", "x"]:
        got = [(b.start, b.end) for b in split_blocks(text, max_line=10 ** 9)]
        assert got == _reference_lines(text)
        assert all(text[b.start:b.end] == b.text for b in split_blocks(text))


def test_other_line_breaks_take_the_full_pattern():
    """split_blocks uses a pattern that knows only "\\n" when the text holds no other line break
    (_has_other_breaks); with any of them the full pattern, so every break still ends a line."""
    from framing.clean.blocks import _OTHER_BREAKS, _has_other_breaks

    assert not _has_other_breaks("plain\nlines\n\nonly") and not _has_other_breaks("curly ’quotes’ é\n")
    for br in _OTHER_BREAKS:
        for text in (f"one{br}two\nthree", f"é one{br}two"):
            assert _has_other_breaks(text)
            assert "two" in [b.text for b in split_blocks(text)]
            assert [(b.start, b.end) for b in split_blocks(text, max_line=10 ** 9)] == _reference_lines(text)
