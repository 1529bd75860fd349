"""Reporting cues and their classes (framing.extract.cues, lexicons/speech_cues.csv)."""
import pytest

from framing.extract.cues import CUE_CLASSES, cue_class, cue_table, find_cues, load_cue_table


@pytest.mark.parametrize("form,cls", [
    ("said", "neutral"), ("told", "neutral"), ("according to", "neutral"),
    ("stressed", "assertive"), ("vowed", "assertive"),
    ("touted", "loaded"), ("boasted", "loaded"), ("admitted", "loaded"), ("slammed", "loaded"),
    ("accused", "loaded"),
    ("claimed", "distancing"), ("alleged", "distancing"), ("insisted", "distancing"),
    ("denied", "denial"), ("urged", "directive"), ("warned", "warning"), ("praised", "expressive"),
    ("estimates", "estimate"), ("estimated", "estimate"), ("believes", "belief"), ("found", "evidential"),
])
def test_classes_of_common_cues(form, cls):
    assert cue_class(form) == cls


def test_table_is_well_formed():
    table = cue_table()
    assert len(table) > 300
    assert {e.cue_class for e in table.values()} <= set(CUE_CLASSES)
    assert {e.requires for e in table.values()} == {"", "clause", "noun"}
    # ambiguous noun readings are not listed as verb forms: "claim" and "report" are noun cues only
    # ("his claim that ...", "a report that ..."), "state" is not a cue at all
    assert table[("claim",)].requires == "noun" and table[("claims",)].requires == ""
    assert table[("report",)].requires == "noun" and table[("reported",)].requires == ""
    assert cue_class("state") is None


def test_unknown_requirement_is_rejected():
    with pytest.raises(ValueError):
        load_cue_table("cue,forms,cue_class,frame,requires\nsay,said,neutral,speech,verb\n")


def test_unknown_class_is_rejected():
    with pytest.raises(ValueError):
        load_cue_table("cue,forms,cue_class,frame,requires\nsay,said,sneaky,speech,\n")


def test_find_cues_prefers_phrases():
    words = "according to the minister , lavrov pointed out that kiev was told".split()
    ms = find_cues(words)
    assert [(m.form, m.entry.cue_class) for m in ms] == [
        ("according to", "neutral"), ("pointed out", "assertive"), ("told", "neutral")]
    assert words[ms[1].i:ms[1].j] == ["pointed", "out"]
