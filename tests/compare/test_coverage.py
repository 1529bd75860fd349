"""Facts each outlet reports or omits on a story."""
from __future__ import annotations

import pandas as pd

from framing.compare.coverage import coverage_table, extract_facts, fact_coverage


def test_numbers_normalise_across_formats():
    text = ("The death toll passed 11,000 on Tuesday; officials later said 11000 people had died, "
            "with $1.7 trillion pledged and 12% of homes damaged. Created at 2024-11-01 13:40:15.")
    facts = extract_facts(text)
    for f in facts:
        assert text[f.start:f.end] == f.text
    keys = [f.key for f in facts if f.kind == "number"]
    assert keys.count("11000") == 2
    assert "usd:1700000000000" in keys and "12%" in keys
    assert not any(f.text in ("13", "40", "15", "11") for f in facts)  # clock times and dates are not counts


def test_names_people_organisations_places():
    text = ("Russian President Vladimir Putin met North Korean leader Kim Jong-un in Pyongyang. "
            "The Ministry of Defence said NATO was informed. Putin left on Friday.")
    facts = {f.key: f.kind for f in extract_facts(text)}
    assert facts["vladimir putin"] == "person" and facts["kim jong un"] == "person"
    assert facts["pyongyang"] == "place"
    assert facts["ministry of defence"] == "organisation" and facts["nato"] == "organisation"
    assert "friday" not in facts and "the" not in facts


def test_coverage_marks_omissions_against_the_union_with_evidence():
    bodies = {
        "a": "Rescuers said 11,000 people died in Gaziantep, Vladimir Putin offered help.",
        "b": "Officials said 11000 people died. Putin sent condolences.",
        "c": "The quake hit the region.",
    }
    facts = {k: extract_facts(v) for k, v in bodies.items()}
    docs = pd.DataFrame({"id": ["a", "b", "c"], "outlet": ["A", "B", "C"], "story": ["q", "q", "q"]})
    cov, notes = coverage_table(facts, docs)
    row = cov[(cov["fact"] == "11000")].set_index("outlet")
    assert row.loc["A", "reported"] and row.loc["B", "reported"] and not row.loc["C", "reported"]
    assert row.loc["A", "n_outlets_reporting"] == 2
    ev = row.loc["B"]
    assert bodies[ev["doc_id"]][int(ev["start"]):int(ev["end"])] == ev["text"] == "11000"
    putin = cov[cov["fact"] == "vladimir putin"].set_index("outlet")
    assert putin.loc["B", "reported"]  # "Putin" merged into the story's "Vladimir Putin"
    assert set(cov[cov["fact"] == "gaziantep"]["outlet"]) == {"A", "B", "C"}
    share = fact_coverage(facts, docs)
    assert share["c"] == 0.0 and 0 < share["b"] <= 1.0
    assert notes == []


def test_single_outlet_story_has_no_coverage_rows():
    facts = {"a": extract_facts("Kim Jong Un visited Moscow.")}
    cov, _ = coverage_table(facts, pd.DataFrame({"id": ["a"], "outlet": ["A"], "story": ["s"]}))
    assert len(cov) == 0
