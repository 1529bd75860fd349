"""Coverage-guided fuzzing with atheris (libFuzzer) of the reader -> clean -> extract path.

Not run by pytest. Needs ``pip install atheris`` (3.x). Usage:

    python benchmarks/fuzz_atheris.py -max_total_time=120            # fuzz for two minutes
    python benchmarks/fuzz_atheris.py -runs=5000 corpus_dir/          # fixed number of inputs
    FRAMING_ATHERIS_TARGET=html python benchmarks/fuzz_atheris.py ...  # html_to_text + clean(html)

Each input is raw bytes, as a scraped file would be: decoded with
:func:`framing.corpus.encodings.decode_bytes` (which may raise FramingError), then cleaned and
extracted. Any exception other than FramingError, or a broken invariant (a span that does not
index the text, a non-finite feature, overlapping blocks), is a crash that libFuzzer saves as
``crash-<sha1>``; replay one with ``python benchmarks/fuzz_atheris.py crash-<sha1>``.
"""
from __future__ import annotations

import math
import os
import sys

try:
    import atheris
except ImportError:  # pragma: no cover
    print("atheris is not installed (pip install atheris); nothing to do", file=sys.stderr)
    raise SystemExit(0)

with atheris.instrument_imports():
    import framing
    from framing.corpus.encodings import decode_bytes
    from framing.corpus.readers import html_to_text
    from framing.errors import FramingError
    from framing.extract.quotes import find_quotes

TARGET = os.environ.get("FRAMING_ATHERIS_TARGET", "text")


def _check(ex) -> None:
    t = ex.text
    for k, v in ex.features.items():
        if not (isinstance(v, float) and math.isfinite(v)):
            raise AssertionError(f"feature {k} = {v!r}")
    for e in ex.evidence:
        if not (0 <= e.start <= e.end <= len(t) and t[e.start:e.end] == e.text):
            raise AssertionError(f"evidence {e.family}/{e.label} {e.start}:{e.end} does not index the text")
    for a in ex.attributions:
        for s in a.spans():
            if t[s.start:s.end] != s.text:
                raise AssertionError("attribution span does not index the text")
    prev = 0
    for b in sorted(ex.cleaned.blocks, key=lambda b: b.start):
        if b.start < prev or ex.cleaned.text[b.start:b.end] != b.text:
            raise AssertionError(f"bad block {b.start}:{b.end}")
        prev = b.end


def test_one_input(data: bytes) -> None:
    try:
        text = decode_bytes(data).text
    except FramingError:
        return
    try:
        if TARGET == "html":
            doc = framing.Document(text=html_to_text(text), html=text, id="fuzz")
        else:
            doc = framing.Document(text=text, id="fuzz")
        for q in find_quotes(doc.text):
            if doc.text[q.content_start:q.content_end] != q.text:
                raise AssertionError("quote span does not index the text")
        ex = framing.extract(doc)
    except FramingError:
        return
    _check(ex)
    if any(e["code"] == "E012" for e in ex.errors):
        raise AssertionError(f"an extractor crashed: {ex.errors}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
