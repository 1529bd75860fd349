"""The methodology appendix reads the code's own docs and the lexicon metadata files."""
from __future__ import annotations

from importlib import resources

import yaml

import framing
from framing.extract.registry import registered
from framing.report.methodology import lexicon_versions, methodology


def test_lexicon_versions_match_the_metadata_files():
    root = resources.files("framing") / "lexicons"
    metas = {p.name.split(".")[0]: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in root.iterdir() if p.name.endswith(".meta.yaml")}
    rows = {r["name"]: r for r in lexicon_versions()}
    for name, meta in metas.items():
        assert rows[name]["version"] == str(meta["version"])
        assert rows[name]["licence"]


def test_every_registered_family_is_described():
    m = methodology()
    assert [f["name"] for f in m["families"]] == registered()
    assert all(f["description"] for f in m["families"])
    assert m["version"] == framing.__version__


def test_appendix_in_report_has_formulas_versions_and_lexicons(seed_analysis):
    out = framing.report(seed_analysis, compare=False, max_articles=0)
    appendix = out[out.index('id="methodology"'):]
    assert "1000 \u00d7 count / words" in appendix
    assert f"framing {framing.__version__}" in appendix
    for r in lexicon_versions():
        assert r["version"] in appendix and r["name"] in appendix
