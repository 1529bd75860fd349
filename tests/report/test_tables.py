"""Report tables: formula-safe CSV, JSON records, Parquet when pyarrow is there."""
from __future__ import annotations

import csv
import json

import pytest

import framing
from framing.report.tables import write_tables


def _analysis():
    docs = [framing.Document('=HYPERLINK("http://127.0.0.1:9/x","click") said the minister.', id="d1",
                             outlet="=cmd|' /C calc'!A0", title="+SUM(A1:A9)"),
            framing.Document("North Korea will support Russia, Choe said.", id="d2", outlet="RT", title="@evil")]
    return framing.analyze(docs)


def test_csv_cells_are_neutralised(tmp_path):
    a = _analysis()
    out = write_tables(a, None, tmp_path, formats=("csv", "json"))
    with open(out["documents.csv"], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_id = {r["id"]: r for r in rows}
    assert by_id["d1"]["outlet"] == "'=cmd|' /C calc'!A0"
    assert by_id["d1"]["title"] == "'+SUM(A1:A9)"
    assert by_id["d2"]["title"] == "'@evil"
    # JSON keeps the value as data (JSON is not evaluated by spreadsheets)
    recs = json.loads(out["documents.json"].read_text(encoding="utf-8"))
    assert {r["id"]: r["title"] for r in recs}["d1"] == "+SUM(A1:A9)"


def test_parquet_round_trip(tmp_path):
    pytest.importorskip("pyarrow")
    import pandas as pd

    a = _analysis()
    out = write_tables(a, None, tmp_path, formats=("parquet",))
    back = pd.read_parquet(out["documents.parquet"])
    assert sorted(back["id"]) == ["d1", "d2"]
    assert not any(k.endswith(".csv") for k in out)
