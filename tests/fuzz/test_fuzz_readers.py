"""Fuzz the readers: any bytes written to .txt/.jsonl/.csv/.html (plain or gzipped) either read
as Documents with ``str`` text or come back as the toolkit's FramingError, never another
exception; the stream never ends early (every file is accounted for)."""
from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from fuzz_helpers import hostile_text
from hypothesis import given
from hypothesis import strategies as st

from framing.corpus.readers import read
from framing.errors import FramingError
from framing.types import Document

_bytes = st.one_of(
    st.binary(max_size=600),
    hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
    hostile_text.map(lambda s: s.encode("utf-16", "surrogatepass")),
    hostile_text.map(lambda s: s.encode("cp1251", "replace")),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b\x08\x00", b"\x00" * 10, b"\r\n" * 5]),
)


def _check(items, n_files):
    docs = errs = 0
    for it in items:
        if isinstance(it, FramingError):
            assert it.code.startswith("E") and it.path, it
            errs += 1
        else:
            assert isinstance(it, Document) and isinstance(it.text, str) and isinstance(it.id, str)
            docs += 1
    return docs, errs


@given(data=_bytes, suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".tsv", ".html", ".json", ".md", ".txt.gz",
                                            ".jsonl.gz", ".html.gz"]))
def test_any_bytes_in_any_reader(data, suffix):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"input{suffix}"
        p.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and len(data) % 2 else data)
        docs, errs = _check(read(str(p), on_error="yield"), 1)
        assert docs + errs >= 1  # a file is read or reported, never silently dropped


_cell = st.one_of(hostile_text, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans(),
                  st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


@given(records=st.lists(st.dictionaries(st.sampled_from(["text", "body", "title", "id", "outlet", "url", "date",
                                                          "html", "x", ""]), _cell, max_size=6), max_size=6),
       junk=st.lists(hostile_text.map(lambda s: s.replace("\n", " ")), max_size=3))
def test_jsonl_records_of_any_shape(records, junk):
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + junk
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.jsonl"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        docs, errs = _check(read(str(p), on_error="yield"), 1)
        nonblank = [l for l in lines if l.strip()]
        if nonblank and not junk:
            # well-formed JSON Lines: exactly one item (Document or error) per non-blank line
            assert docs + errs == len(nonblank) or (docs == 0 and errs == 1)
        elif nonblank:
            # junk may decode as another encoding (NUL bytes look like UTF-16): still reported, never silent
            assert docs + errs >= 1


@given(rows=st.lists(st.lists(hostile_text, min_size=1, max_size=4), max_size=6),
       header=st.sampled_from([["text"], ["id", "text", "outlet"], ["body", "title"], ["nothing"]]))
def test_csv_rows_of_any_shape(rows, header):
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.csv"
        p.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
        _check(read(str(p), on_error="yield"), 1)
