"""Term choice: which label for the same referent, in whose voice."""
from __future__ import annotations

import pytest

import framing
from framing.extract.term_choice import feature_names, find_term_choices, slug


def _tc(text):
    ex = framing.extract(text, clean=False, families=["term_choice"])
    assert not ex.errors
    return ex, ex.evidence_for("term_choice")


def test_rt_kiev_and_ukraine_conflict_are_rts_choices(seed_texts):
    ex, evs = _tc(seed_texts["002"])
    kiev = [e for e in evs if e.label == "kyiv"]
    assert [(e.text, e.variant, e.stance, e.voice) for e in kiev] == [("Kiev", "Kiev", "russian_spelling", "outlet")]
    uc = [e for e in evs if e.label == "war_in_ukraine"]
    assert [(e.text, e.voice, e.stance) for e in uc] == [("Ukraine conflict", "outlet", "softening")]
    f = ex.features
    assert f["term_choice.kyiv.kiev.share"] == 1.0 and f["term_choice.kyiv.kyiv.count"] == 0
    assert f["term_choice.war_in_ukraine.ukraine_conflict.count"] == 1
    # "holy war" is Choe's word: the generic "war" there is quoted, RT itself says "the conflict"
    gen = {(e.text, e.voice) for e in evs if e.label == "armed_conflict"}
    assert gen == {("war", "quoted"), ("conflict", "outlet")}
    for e in evs:
        assert ex.text[e.start:e.end] == e.text


def test_asian_lite_dprk_quoted_and_war_efforts(seed_texts):
    ex, evs = _tc(seed_texts["004"])
    dprk = [e for e in evs if e.variant == "DPRK"]
    assert {e.voice for e in dprk} == {"outlet", "quoted"}  # headline standfirst vs KCNA's quote
    assert any(e.variant == "war in Ukraine" and e.voice == "outlet" for e in evs)  # "Russia's war"
    assert any(e.text == "Kyiv" for e in evs)


def test_menafn_uses_kiev(seed_texts):
    ex, _ = _tc(seed_texts["001"])
    assert ex.features["term_choice.kyiv.kiev.count"] == 2


def test_stable_feature_names(seed_texts):
    names = feature_names()
    assert "kyiv.kiev.share" in names and "immigrants_without_status.illegal_aliens.count" in names
    ex, _ = _tc(seed_texts["003"])
    got = {k[len("term_choice."):] for k in ex.features if k.startswith("term_choice.")}
    assert got == set(names)
    assert slug("Russia's war") == "russia_s_war"


def test_partisan_alternatives():
    text = ("The bill would deport illegal aliens, the senator said. Advocates for undocumented immigrants "
            "and pro-life groups disagreed; anti-abortion activists marched. Hamas militants fired rockets.")
    found = {(t.referent, t.variant) for t in find_term_choices(text)}
    assert ("immigrants_without_status", "illegal aliens") in found
    assert ("immigrants_without_status", "undocumented immigrants") in found
    assert ("abortion_position", "pro-life") in found and ("abortion_position", "anti-abortion") in found
    assert ("armed_group", "militants") in found
    # Pyongyang is metonymy, not a labelling choice
    assert not find_term_choices("Pyongyang said on Friday.")


# ---------------------------------------------------------------- user term-choice tables

_GULF = ("The Associated Press will continue to refer to the Gulf of Mexico by its original name while "
         "acknowledging the new name Trump has chosen. The president signed an executive order renaming it "
         "the \"Gulf of America\", and Google Maps now shows Gulf of America to users in the United States.")


def test_user_table_csv_through_options(tmp_path):
    table = tmp_path / "gulf.csv"
    table.write_text("referent,variant,term,stance,note\n"
                     "gulf_of_mexico,Gulf of Mexico,Gulf of Mexico,established_name,AP style (2025)\n"
                     "gulf_of_mexico,Gulf of America,Gulf of America,us_executive_order_name,EO 14172\n",
                     encoding="utf-8")
    # without the table the package knows no such referent
    assert not [c for c in find_term_choices(_GULF) if c.referent == "gulf_of_mexico"]
    ex = framing.extract(_GULF, clean=False, families=["term_choice"], options={"term_choices": [str(table)]})
    assert not ex.errors
    got = [(e.text, e.variant, e.stance, e.voice) for e in ex.evidence_for("term_choice")
           if e.label == "gulf_of_mexico"]
    assert got == [("Gulf of Mexico", "Gulf of Mexico", "established_name", "outlet"),
                   ("Gulf of America", "Gulf of America", "us_executive_order_name", "quoted"),
                   ("Gulf of America", "Gulf of America", "us_executive_order_name", "outlet")]
    f = ex.features
    assert f["term_choice.gulf_of_mexico.mentions"] == 2
    assert f["term_choice.gulf_of_mexico.gulf_of_america.share"] == 0.5
    assert "gulf_of_mexico.gulf_of_mexico.count" in feature_names({"term_choices": str(table)})
    assert "gulf_of_mexico.mentions" not in feature_names()  # the packaged names are unchanged
    # packaged referents still work alongside
    assert any(c.referent == "myanmar" for c in find_term_choices("Burma's junta.", options={"term_choices": table}))


def test_user_table_yaml_through_env(tmp_path, monkeypatch):
    from framing.extract.term_choice import TERM_CHOICE_ENV, table_for

    table = tmp_path / "gulf.yaml"
    table.write_text("referents:\n"
                     "  Gulf of Mexico:\n"
                     "    Gulf of Mexico: {terms: [Gulf of Mexico], stance: established_name}\n"
                     "    Gulf of America: Gulf of America\n", encoding="utf-8")
    monkeypatch.setenv(TERM_CHOICE_ENV, str(table))
    found = [(c.text, c.referent, c.stance) for c in find_term_choices(_GULF) if c.referent == "gulf_of_mexico"]
    assert found[0] == ("Gulf of Mexico", "gulf_of_mexico", "established_name")
    assert ("Gulf of America", "gulf_of_mexico", "user") in found
    assert table_for() is table_for()  # compiled once per file version, not per document


def test_user_table_errors(tmp_path):
    from framing.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        find_term_choices(_GULF, options={"term_choices": str(tmp_path / "no.csv")})
    assert exc.value.code == "E001"
    bad = tmp_path / "bad.csv"
    bad.write_text("term,category\nGulf of America,x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        find_term_choices(_GULF, options={"term_choices": str(bad)})
    assert exc.value.code == "E014"



def test_features_follow_the_evidence(seed_texts):
    from framing.extract.term_choice import _variants_of, slug, term_table

    names = {}
    for ref, variants in _variants_of(term_table()).items():
        for v in variants:
            names.setdefault(f"{ref}.{slug(v)}", []).append((ref, v))
    total = 0
    for text in seed_texts.values():
        ex = framing.extract(text, clean=False, families=["term_choice"])
        outlet = [e for e in ex.evidence if e.family == "term_choice" and e.voice == "outlet"]
        total += len(outlet)
        f = {k[len("term_choice."):]: v for k, v in ex.features.items() if k.startswith("term_choice.")}
        assert f["outlet.count"] == len(outlet)
        for ref in _variants_of(term_table()):
            n = sum(e.label == ref for e in outlet)
            assert f[f"{ref}.mentions"] == n
        for name, pairs in names.items():
            ref, v = pairs[-1]  # two variants with one feature name: the later one is reported
            k = sum(e.label == ref and e.attrs["variant"] == v for e in outlet)
            n = f[f"{ref}.mentions"]
            assert f[f"{name}.count"] == k and f[f"{name}.share"] == (k / n if n else 0.0)
    assert total >= 5


def test_features_start_from_a_fresh_zero_template(seed_texts):
    # a document's features are a copy of the table's all-zero template with the mentioned referents
    # filled in: same names in feature_names() order, and nothing of one document leaks to the next
    from framing.extract.registry import Context
    from framing.extract.term_choice import extract_term_choice

    first = extract_term_choice(Context(seed_texts["003"])).features
    assert first["referents"] > 0 and list(first) == feature_names()
    second = extract_term_choice(Context("Officials met on Tuesday. Nothing was decided.")).features
    assert list(second) == feature_names()
    assert set(second.values()) == {0.0}
    again = extract_term_choice(Context(seed_texts["003"])).features
    assert again == first
