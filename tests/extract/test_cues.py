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


def test_find_cues_matches_the_table_scan():
    """Longest form first, no overlap, inside [start, end): as a scan of every token would find."""
    from framing.extract.cues import _by_first, cue_starts

    def plain(words, start, end):
        out, i = [], start
        while i < end:
            for form, entry in _by_first().get(words[i], ()):
                if i + len(form) <= end and tuple(words[i:i + len(form)]) == form:
                    out.append((i, i + len(form), entry, " ".join(form)))
                    i += len(form) - 1
                    break
            i += 1
        return out

    words = ("according to the minister , lavrov pointed out that kiev was told . he said that she "
             "pointed said according to according made clear told reporters warned").split()
    pos = cue_starts(words)
    # (membership in the frozenset of first words: the tokens that are keys of the first-word index)
    assert pos == [i for i, w in enumerate(words) if w in _by_first()] and pos[:3] == [0, 6, 11]
    for start, end in ((0, len(words)), (3, 9), (6, 7), (19, 22), (22, 23), (0, 0)):
        got = find_cues(words, start, end, positions=pos)
        assert [tuple(m) for m in got] == plain(words, start, end)
        assert all(type(m).__name__ == "CueMatch" and m.form == " ".join(words[m.i:m.j]) for m in got)
