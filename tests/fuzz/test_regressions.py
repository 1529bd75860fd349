"""Regression tests for bugs the fuzz suite found, each with the minimal failing input.

Bugs in the lead's files (readers, pipeline, runner, CLI, io) were fixed; bugs in other
engineers' files are pinned here with ``xfail(strict=True)`` naming the owner until fixed.
"""
from __future__ import annotations

import time

import pytest

import framing
from framing.types import Document


def _spans_ok(ex):
    for e in ex.evidence:
        assert 0 <= e.start <= e.end <= len(ex.text) and ex.text[e.start:e.end] == e.text, e


# 1. framing/pipeline.py (fixed): a Document whose text is blank but whose HTML renders to
#    something got page evidence indexing the cleaner's rendered text while Extraction.text
#    was the blank given text: ('evidence page/navigation', start 0, end 1, len(text) 0).
def test_blank_text_with_html_evidence_indexes_the_extraction_text():
    ex = framing.extract(Document(text="", html='<html><body><script class="">\x01', id="h"))
    _spans_ok(ex)
    assert ex.text == ex.cleaned.text


# 2. framing/corpus/outlets.py (fixed): OutletRegistry.lookup ran a suffix-stripping pattern
#    (r"\s*[\(\[].*?[\)\]]\s*$|\s+-\s+\w+$") over the whole outlet string, quadratic on a long
#    run of spaces: an outlet field of 200,000 spaces took minutes.
def test_outlet_lookup_of_a_huge_name_is_fast():
    from framing.corpus.outlets import default_registry

    reg = default_registry()
    t0 = time.perf_counter()
    assert reg.lookup("x" + " " * 200_000 + "y") is None
    assert time.perf_counter() - t0 < 5  # was minutes; a generous bound, not a speed test
    assert reg.lookup("Fox News (Online)").name == "Fox News"  # the suffix rule still works


# 3. framing/pipeline.py (fixed): max_seconds was only checked between families, so one
#    family looping on hostile input held the worker forever. Now SIGALRM interrupts it
#    (E011); see tests/fuzz/test_limits.py::test_max_seconds_interrupts_a_family_that_hangs.


# 4. framing/corpus/readers.py (fixed): JSON Lines were split with str.splitlines(), which also
#    cuts at U+2028, U+0085, \x1c-\x1e and a lone \r -- characters that may stand unescaped
#    inside a JSON string (json.dumps(..., ensure_ascii=False) writes U+2028 raw). A record whose
#    text held a line separator was lost as two E005 errors. Found with junk line '0\r0'.
def test_jsonl_record_with_a_raw_line_separator_is_one_record(tmp_path):
    import json

    from framing.corpus.readers import read

    p = tmp_path / "x.jsonl"
    text = "Line one\u2028line two\x85three\x1cfour\rfive"
    p.write_bytes((json.dumps({"id": "a", "text": text}, ensure_ascii=False) + "\r\n"
                   + json.dumps({"id": "b", "text": "ok"}) + "\n").encode("utf-8"))
    items = list(read(str(p), on_error="yield"))
    assert [(d.id, d.text) for d in items] == [("a", text), ("b", "ok")]
    p.write_text("0\r0\n", encoding="utf-8")
    errs = list(read(str(p), on_error="yield"))
    assert [(e.code, e.line) for e in errs] == [("E005", 1)]


# 5. framing/corpus/encodings.py (fixed): BOM-less UTF-16 of Hindi was rejected as binary (E003):
#    Devanagari vowel signs are combining marks, not isalnum(), so the plausibility score fell
#    under 0.9. And one ASCII word in BOM-less UTF-16-BE ("Advertisement") decoded as CJK in the
#    wrong byte order (both orders scored 1.0; ties now go by where the NUL bytes fall).
@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["प्रधानमंत्री ने कहा कि सरकार कदम उठाएगी।", "Advertisement",
                                  "قال المتحدث باسم الوزارة إن المفاوضات ستستأنف"])
def test_bomless_utf16_with_combining_marks_or_one_ascii_word(text, enc):
    from framing.corpus.encodings import decode_bytes

    assert decode_bytes(text.encode(enc)).text == text


# 6. framing/compare/normalise.py (fixed): compare(method="z") raises
#    ValueError("No objects to concatenate") from within_story_effects when no story has two
#    outlets (e.g. one article), instead of returning an empty comparison or FramingError E017.
#    method="center" handles the same input. Minimal input: one document, outlet "RT".
def test_compare_z_with_no_shared_story_returns_or_raises_e017():
    import pandas as pd

    from framing.errors import FramingError
    from framing.pipeline import Analysis

    docs = pd.DataFrame([{"id": "d0", "outlet": "RT", "story": None, "published": None, "title": None,
                          "loaded.outlet.per_1k": 1.0}])
    an = Analysis(documents=docs, evidence=pd.DataFrame(), attributions=pd.DataFrame(), blocks=pd.DataFrame(),
                  errors=pd.DataFrame(), bodies={"d0": "North Korea fired a ballistic missile into the sea."})
    try:
        comp = framing.compare(an, method="z", n_boot=20)
    except FramingError as exc:
        assert exc.code == "E017"
        return
    assert len(comp.membership) == 1


# 7. framing/io.py and framing/runner.py (fixed): CSV was written with lineterminator="\n", and
#    the csv module quotes only the characters of its terminator, so a cell holding a bare "\r"
#    (text from CRLF or old-Mac pages) went out unquoted. Spreadsheets and csv readers take that
#    CR as a row break: the row split, and the rest of the cell began a new row -- "\r=1" put a
#    live formula "=1" in column A, bypassing the formula neutralisation. Minimal input: '\r=1'.
@pytest.mark.parametrize("cell", ["\r=1", "'\r=1", "Officials said.\r=HYPERLINK(\"http://x\")", "a\r\nb"])
def test_csv_cell_with_a_carriage_return_stays_one_quoted_cell(tmp_path, cell):
    import csv

    import pandas as pd

    from framing.io import safe_cell, write_csv
    from framing.runner import _Journal

    p = tmp_path / "t.csv"
    write_csv(pd.DataFrame({"text": [cell], "n": [1]}), p)
    with open(p, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["text", "n"], [safe_cell(cell), "1"]]
    line = _Journal._csv_line([cell, 2]).decode("utf-8")
    import io

    assert list(csv.reader(io.StringIO(line, newline=""))) == [[safe_cell(cell), "2"]]


# 8. framing/compare/api.py (fixed): compare() raises ValueError("No
#    objects to concatenate") from _long_effects (pd.concat of no parts) when the analysis has no
#    numeric feature column, even with two outlets on one story; expected: an empty features
#    table and a note, or FramingError E017. Minimal input: TASS and Reuters on story "s1".
def test_compare_without_feature_columns_returns_or_raises_e017():
    import pandas as pd

    from framing.errors import FramingError
    from framing.pipeline import Analysis

    docs = pd.DataFrame([{"id": "d0", "outlet": "TASS", "story": "s1", "published": None, "title": None},
                         {"id": "d1", "outlet": "Reuters", "story": "s1", "published": None, "title": None}])
    an = Analysis(documents=docs, evidence=pd.DataFrame(), attributions=pd.DataFrame(), blocks=pd.DataFrame(),
                  errors=pd.DataFrame(), bodies={"d0": "", "d1": ""})
    try:
        comp = framing.compare(an, n_boot=20)
    except FramingError as exc:
        assert exc.code == "E017"
        return
    assert len(comp.membership) == 2


# 9. framing/types.py (fixed): lone surrogates (what ``surrogateescape`` decoding leaves) in a
#    Document's text or title crashed framing.analyze() -- pandas 3 stores strings in pyarrow,
#    which refuses them (UnicodeEncodeError), so one such document ended the whole batch.
#    Documents now replace each lone surrogate with U+FFFD (same length: offsets hold).
def test_lone_surrogates_do_not_crash_analyze():
    an = framing.analyze(["Officials said \udc80 hello. The minister said the talks would resume.",
                          Document(text="The agency said \ud800 talks resumed.", title="\udcff", id="s")])
    assert len(an.documents) == 2 and len(an.errors) == 0
    doc = Document(text="a\udc80b")
    assert doc.text == "a\ufffdb"
    ex = framing.extract("Officials said \udc80 the talks would resume on Monday.")
    _spans_ok(ex)


def _family_seconds(family: str, text: str) -> float:
    from framing.extract.registry import Context, get, registered

    import gc

    registered()
    best = float("inf")
    for _ in range(3):  # best of 3 with the collector paused: a busy machine adds noise, never speed
        ctx = Context(text, document=Document(text=text))
        ctx.quotes, ctx.tokens, ctx.sentences  # shared context, built outside the timing
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            get(family).fn(ctx)
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


# 10. framing/extract/sentiment.py (fixed): _quoted_fraction rebuilds
#     ``starts = [q.content_start for q in ctx.quotes]`` for every sentence: O(sentences x quotes).
#     A 100,000-line page (17.5 MB) took 934 s, 4x the lines took 10.4x the time; at 20,000 lines
#     the list comprehension alone is 15 of 53 s. Fix: use the cached ``ctx._quote_bounds``.
def test_sentiment_is_linear_in_sentences_with_quotes():
    unit = 'The minister said the "so-called regime" would fall. Officials called it a "terror" act. '
    small, big = _family_seconds("sentiment", unit * 500), _family_seconds("sentiment", unit * 2000)
    assert big / small < 6, (round(small, 3), round(big, 3))  # linear ~4; measured 8.6 before a fix


# 11. framing/extract/loaded.py (fixed): extract_loaded's evidence loop
#     runs ``any(q.content_start <= t.start < q.content_end for t in terms)`` for every scare quote:
#     O(scare quotes x loaded terms). 4,000 copies of a two-sentence paragraph (400 KB) took 51 s
#     (500 copies: 1.2 s). Fix: bisect the sorted term starts per quote.
def test_loaded_is_linear_in_scare_quotes_and_terms():
    unit = "The regime slammed the so-called 'peace' plan. Brutal terrorists and thugs attacked the \"democracy\". "
    small, big = _family_seconds("loaded", unit * 500), _family_seconds("loaded", unit * 2000)
    assert big / small < 6, (round(small, 3), round(big, 3))  # linear ~4; measured ~12 before a fix


# 12. framing/extract/tokens.py (fixed by the lead from this suite's report): _BOUNDARY_RE
#     "[.!?…]+[...]*(?=\s)" restarted at every dot of a run, so sentence_spans("." * 20000) took
#     ~11 s (quadratic). Now possessive and anchored at the start of a run.
def test_sentence_spans_on_a_run_of_dots_is_linear():
    from framing.extract.tokens import sentence_spans

    def secs(n):
        t0 = time.perf_counter()
        sentence_spans("Officials said. " + "." * n + " Then more.")
        return time.perf_counter() - t0

    small, big = secs(20_000), secs(80_000)
    assert big < 0.5 or big / small < 6, (small, big)  # was 11 s at 20,000 and ~16x per 4x
