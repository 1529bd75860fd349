"""Fuzz the safe output layer: any string cell written to CSV comes back as text that no spreadsheet
would run as a formula, and JSON lines of hostile text stay one line each and round-trip."""
from __future__ import annotations

import csv
import io
import json

import pandas as pd
from fuzz_helpers import hostile_text
from hypothesis import given
from hypothesis import strategies as st

from framing.io import _FORMULA_START, dumps_line, safe_cell, write_csv
from framing.runner import _Journal

_formulaish = st.one_of(hostile_text, st.sampled_from(["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3",
                                                       "@SUM(A1)", "\t=1", "\r=1", "＝1", "=cmd|' /C calc'!A0"]),
                        st.builds(lambda a, b: a + b, st.sampled_from(list(_FORMULA_START)), hostile_text))


def _clean_str(s: str) -> str:
    return s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@given(cells=st.lists(_formulaish, min_size=1, max_size=5))
def test_csv_cells_never_start_a_formula(tmp_path_factory, cells):
    cells = [_clean_str(c) for c in cells]
    p = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(pd.DataFrame({"text": cells, "n": range(len(cells))}), p)
    with open(p, encoding="utf-8", newline="") as fh:  # as a spreadsheet sees it: a bare CR is a row break
        back = list(csv.DictReader(fh))
    assert len(back) == len(cells)
    for orig, row in zip(cells, back):
        assert not row["text"].startswith(_FORMULA_START), row["text"]
        assert row["text"] in (orig, "'" + orig)


@given(cells=st.lists(_formulaish, min_size=1, max_size=5))
def test_runner_journal_rows_are_formula_safe(cells):
    line = _Journal._csv_line(cells).decode("utf-8", "surrogatepass")
    row = next(csv.reader(io.StringIO(line, newline="")))
    assert len(row) == len(cells)
    for c in row:
        assert not c.startswith(_FORMULA_START), c


@given(rec=st.dictionaries(st.text(max_size=5), st.one_of(hostile_text, st.floats(), st.integers()), max_size=4))
def test_dumps_line_is_one_parseable_line(rec):
    line = dumps_line(rec)
    assert line.endswith("\n") and line.count("\n") == 1  # U+2028 etc. may stay raw: readers split on \n only
    back = json.loads(line.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass"))
    assert set(back) == {str(k) for k in rec}
    assert safe_cell(1.5) == 1.5
