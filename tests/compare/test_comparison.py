"""framing.compare end to end: the seeds, Documents input, outputs, honesty notes."""
from __future__ import annotations

import csv
import json
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing import Document
from framing.errors import FramingError

from compare_helpers import EVENTS, loaded_world, make_analysis

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def _seed_docs():
    md = pd.read_csv(SEEDS / "metadata.csv")
    return [Document(text=(SEEDS / r.file).read_text(encoding="utf-8"), id=r.file[:3], outlet=r.outlet,
                     published=r.published, title=r.headline) for r in md.itertuples()]


def test_seeds_on_different_events_support_no_outlet_effect():
    c = framing.compare(_seed_docs(), n_boot=200)
    assert len(c.stories) == 5 and (c.stories["n_outlets"] == 1).all()
    text = " ".join(c.notes)
    assert "5 articles, 5 outlets, 1 article per outlet" in text
    assert "no within-story comparison is possible" in text
    assert c.outlets["effect"].isna().all() and len(c.pairs.dropna(subset=["difference"])) == 0
    assert set(c.outlets["outlet"]) == {"The Epoch Times", "MENAFN", "RT", "Al Jazeera", "Asian Lite News"}


def test_seeds_as_one_running_story_are_descriptive_only():
    docs = _seed_docs()
    c = framing.compare(docs, story=lambda row: "nk-russia", n_boot=200)
    assert len(c.stories) == 1 and c.stories["n_outlets"].iloc[0] == 5
    assert any("no confidence interval is possible" in n for n in c.notes)
    words = c.outlets[c.outlets["measure"] == "doc.words"]
    assert words["effect"].notna().all() and words["ci_low"].isna().all()
    assert abs(words["effect"].sum()) < 1e-6  # centred on the story's cross-outlet mean
    # coverage: every fact is listed for all five outlets, with evidence from the reporting one
    bodies = {d.id: d.text for d in docs}
    rep = c.coverage[c.coverage["reported"]]
    assert len(rep) > 20
    for r in rep.head(50).itertuples():
        assert bodies[r.doc_id][r.start:r.end] == r.text
    assert (c.coverage.groupby("fact")["outlet"].nunique() == 5).all()
    # the spun Al Jazeera copy ("environment media" for "state media") shows in its terms
    aj = c.terms[(c.terms["outlet"] == "Al Jazeera") & (c.terms["direction"] == "over")]
    assert "environment" in aj["term"].head(5).tolist()


def test_document_story_field_and_mapping():
    docs, ids = [], []
    for ev, body in EVENTS.items():
        for o in ("AP", "Reuters"):
            docs.append(Document(text=body, id=f"{ev}-{o}", outlet=o, published="2023-01-01", story=ev))
    c = framing.compare(docs, n_boot=100)
    assert sorted(c.stories["story"]) == sorted(EVENTS)
    assert (c.stories["source"] == "metadata").all()
    m = {d.id: "all" for d in docs}
    c2 = framing.compare(framing.analyze(docs), story=m, n_boot=100)
    assert list(c2.stories["story"]) == ["all"]
    with pytest.raises(FramingError):
        framing.compare(docs, story="no_such_column")
    with pytest.raises(FramingError):
        framing.compare(docs, granularity="decade")


def test_outputs_are_safe_and_complete(tmp_path):
    rows = loaded_world(n_stories=6, outlet_factor={"=HYPERLINK(\"x\")": 2.0, "<script>alert(1)</script>": 1.0},
                        seed=0)
    c = framing.compare(make_analysis(rows), n_boot=100)
    html = c._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    paths = c.to_dir(tmp_path)
    names = {p.name for p in paths}
    for t in ("outlets", "stories", "pairs", "terms", "coverage", "features"):
        assert f"compare_{t}.csv" in names and f"compare_{t}.json" in names
    with open(tmp_path / "compare_outlets.csv", newline="", encoding="utf-8") as fh:
        cells = [r["outlet"] for r in csv.DictReader(fh)]
    assert all(not v.startswith("=") for v in cells) and "'=HYPERLINK(\"x\")" in cells
    data = json.loads((tmp_path / "compare_outlets.json").read_text(encoding="utf-8"))
    assert data and all(r["outlet"] for r in data)
    notes = json.loads((tmp_path / "compare_notes.json").read_text(encoding="utf-8"))
    assert notes["params"]["n_articles"] == 12
    assert not list(tmp_path.glob(".*.tmp"))


def test_features_long_table_and_rank_method():
    rows = loaded_world(n_stories=12, outlet_factor={"A": 3.0, "B": 1.0, "C": 1.0}, seed=5, articles_per_cell=2)
    c = framing.compare(make_analysis(rows), method="rank", n_boot=200)
    f = c.features[(c.features["measure"] == "loaded.outlet.per_1k")]
    assert len(f) == 36 and (f["n_articles"] == 2).all()
    assert np.allclose(f[f["outlet"] == "A"]["effect"], 0.5)  # top rank in every story
    a = c.profile("loaded.outlet.per_1k").iloc[0]
    assert a["outlet"] == "A" and a["n_stories"] == 12 and a["n_articles"] == 24


def test_pairs_default_to_composites_and_their_inputs():
    rows = loaded_world(n_stories=8, outlet_factor={"A": 2.0, "B": 1.0}, seed=2)
    for r in rows:
        r["readability.flesch_kincaid_grade"] = 10.0 + (zlib.crc32(r["id"].encode()) % 7)
    an = make_analysis(rows)
    c = framing.compare(an, n_boot=100)
    assert set(c.pairs["measure"]) == {"loaded_language", "loaded.outlet.per_1k"}
    c_all = framing.compare(an, n_boot=100, pair_measures="all")
    assert "readability.flesch_kincaid_grade" in set(c_all.pairs["measure"])
