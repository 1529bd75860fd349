"""Copies in a comparison: verified near-copy pairs, their direction and the origin the copy names."""
from __future__ import annotations

import json

import pandas as pd

import framing
from framing.compare.copies import COLUMNS, origins_from_evidence
from framing.runner import run
from framing.types import Document


def _corpus(seed_texts):
    t4 = seed_texts["004"]
    repost = ("Home | World | Asia\n\n" + "\n\n".join(t4.split("\n\n")[2:9])
              + "\n\nRead Full Article on AsianLiteNews.com\n")
    docs = [Document(text=seed_texts[k], id=k, outlet=o, published=d) for k, o, d in
            (("000", "The Epoch Times", "2024-11-01"), ("002", "Al Jazeera", "2024-11-01"),
             ("004", "Asian Lite News", "2024-11-02"))]
    docs.append(Document(text=repost, id="repost", outlet="5Mind", published="2024-11-02"))
    return docs


def _check(copies: pd.DataFrame, page_text: str):
    assert list(copies.columns) == COLUMNS
    assert len(copies) == 1
    r = copies.iloc[0]
    assert (r.copy_id, r.of_id, r.copy_outlet, r.of_outlet) == ("repost", "004", "5Mind", "Asian Lite News")
    assert bool(r.cross_outlet) and r.direction == "origin named" and r.origin == "Asian Lite News"
    assert r.containment > 0.9
    assert page_text[int(r.origin_start):int(r.origin_end)] == r.origin_text == "AsianLiteNews"


def test_compare_reports_the_repost_with_its_origin(seed_texts):
    docs = _corpus(seed_texts)
    comp = framing.compare(docs, n_boot=50)
    _check(comp.copies, docs[-1].text)
    m = comp.membership.set_index("doc_id")
    assert m.at["repost", "copy_of"] == "004" and m.at["repost", "copy_origin"] == "Asian Lite News"
    assert m["copy_of"].isna().sum() == 3
    assert any("near-copies" in n for n in comp.notes)


def test_framing_analyze_writes_compare_copies_from_its_evidence_csv(tmp_path, seed_texts):
    docs = _corpus(seed_texts)
    res = run(docs, tmp_path / "o", jobs=1, progress=False, compare=True)
    t = pd.read_csv(tmp_path / "o" / "compare_copies.csv", dtype={"copy_id": str, "of_id": str})
    _check(t, docs[-1].text)
    assert json.loads((tmp_path / "o" / "compare_copies.json").read_text())[0]["copy_id"] == "repost"
    assert res.comparison is not None and len(res.comparison.copies) == 1


def test_distinct_articles_give_no_copies(seed_texts):
    docs = _corpus(seed_texts)[:3]
    comp = framing.compare(docs, n_boot=20)
    assert comp.copies.empty and list(comp.copies.columns) == COLUMNS
    assert comp.membership["copy_of"].isna().all()


def test_origins_read_from_either_evidence_table_form():
    wide = pd.DataFrame([{"doc_id": "a", "family": "page", "label": "named_origin", "start": 5, "end": 11,
                          "text": "MENAFN", "rule": "dateline", "outlet": "MENAFN"}])
    csv_form = pd.DataFrame([{"doc_id": "a", "family": "page", "label": "named_origin", "start": 5, "end": 11,
                              "text": "MENAFN", "attrs": json.dumps({"rule": "dateline", "outlet": "MENAFN"})}])
    for ev in (wide, csv_form):
        o = origins_from_evidence(ev)["a"][0]
        assert (o.outlet, o.start, o.end, o.text, o.rule) == ("MENAFN", 5, 11, "MENAFN", "dateline")
    assert origins_from_evidence(pd.DataFrame()) == {}


def test_the_report_lists_the_copy_with_its_origin(tmp_path, seed_texts):
    docs = _corpus(seed_texts)
    an = framing.analyze(docs)
    comp = framing.compare(an, n_boot=20)
    html = (framing.report(an, tmp_path, comparison=comp, formats=["html"]))["html"].read_text(encoding="utf-8")
    sec = html[html.index("Copies and syndication"):]
    row = sec[sec.index("<tbody>"):sec.index("</tbody>")]
    assert row.count("<tr>") == 1
    assert "5Mind: " in row and "Asian Lite News: " in row and "origin named" in row
    assert '("AsianLiteNews")' in row


def test_a_comparison_carries_its_analysis_so_report_needs_nothing_else(tmp_path, seed_texts):
    comp = framing.compare(_corpus(seed_texts), n_boot=20)
    assert comp.analysis is not None and len(comp.analysis.documents) == 4
    html = framing.report(comp, tmp_path, formats=["html"])["html"].read_text(encoding="utf-8")
    assert "Copies and syndication" in html and "Asian Lite News" in html
