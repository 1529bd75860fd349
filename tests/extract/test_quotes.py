"""Direct-quotation spans (framing.extract.quotes) on real and realistic text."""
from pathlib import Path

from framing.extract.quotes import find_quotes

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def texts(q):
    return [x.text for x in q]


def test_curly_straight_guillemets_and_doubled_marks():
    t = ('Kim said “Pyongyang will always be with Moscow.” Lavrov said "an unprecedentedly high level." '
         "Zakharova wrote «a fraternal alliance» and the Times printed ''So terrible,'' she said.")
    assert texts(find_quotes(t)) == ["Pyongyang will always be with Moscow.", "an unprecedentedly high level.",
                                     "a fraternal alliance", "So terrible,"]


def test_spans_index_the_text():
    t = 'He added that “Pyongyang will always be with Moscow.”'
    (q,) = find_quotes(t)
    assert t[q.start:q.end] == "“Pyongyang will always be with Moscow.”"
    assert t[q.content_start:q.content_end] == q.text
    assert q.closed


def test_apostrophes_are_not_quotes():
    t = "North Korea’s troops’ “unbreakable alliance” isn't new; the '90s were different."
    assert texts(find_quotes(t)) == ["unbreakable alliance"]


def test_odd_mark_is_closed_at_paragraph_end_not_swallowing_the_text():
    t = "Choe said “we will stand by our comrades until victory\n\nThe next paragraph has “short” quotes."
    qs = find_quotes(t)
    assert qs[0].text == "we will stand by our comrades until victory"
    assert not qs[0].closed
    assert texts(qs)[1:] == ["short"]


def test_continuation_quote_across_paragraphs():
    t = ("“The years of militant fraternity will advance non-stop.\n\n"
         "“More honourable pages will be added to the chronicles,” Kim said.")
    (q,) = find_quotes(t)
    assert q.text.startswith("The years") and q.text.endswith("chronicles,")
    assert "\n\n" in q.text


def test_seed_002_quotes():
    t = (SEEDS / "002_2dd32ae2d3f8e5a3.txt").read_text(encoding="utf-8")
    qs = texts(find_quotes(t))
    assert any(x.startswith("gave us an order to firmly and powerfully support") for x in qs)
    assert "wipe out everything Russian" in qs
    assert "an unprecedentedly high level." in qs


def test_many_stray_marks_stay_bounded():
    # thousands of unpaired openers in one paragraph: every one must fail fast (forward-only search)
    t = ("« word " * 40_000) + "end"
    assert find_quotes(t) == []
    t2 = ('"' + "x " * 30) * 3000
    qs = find_quotes(t2)
    assert all(q.end - q.start <= 5002 for q in qs)
