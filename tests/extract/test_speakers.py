"""Speaker resolution (framing.extract.speakers) on the seed texts."""
from pathlib import Path

from framing.extract.sources import demonyms, role_words
from framing.extract.speakers import EntityIndex

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


def index(name):
    t = (SEEDS / name).read_text(encoding="utf-8")
    return t, EntityIndex(t, demonyms=demonyms(), roles=role_words())


def test_titles_kept_descriptors_and_demonyms_dropped():
    t, ix = index("002_2dd32ae2d3f8e5a3.txt")
    names = {p.name for p in ix.people}
    assert "Foreign Minister Choe Son-hui" in names
    assert "President Vladimir Putin" in names  # "Russian" is a demonym, not a title
    kim = ix.describe(ix.by_short_name("Kim", len(t)))
    assert kim.name == "Kim Jong-un"  # "North Korean leader" is a lower-case descriptor
    assert "leader" in kim.descriptors and kim.country == "North Korea"


def test_short_name_and_role_resolution():
    t, ix = index("002_2dd32ae2d3f8e5a3.txt")
    at = t.index("Choe noted")
    assert ix.by_short_name("Choe", at).name == "Foreign Minister Choe Son-hui"
    assert ix.by_short_name("Lavrov", t.index("Lavrov also touted")).name == "Sergey Lavrov"
    t1, ix1 = index("001_3191053c97351b0b.txt")
    assert ix1.by_role("president", t1.index("the Russian president previously")).name == "President Vladimir Putin"


def test_same_paragraph_recency_then_frequency():
    t, ix = index("003_a40ed08a19fcb5cc.txt")
    # "Kim" right after Kim Yong-hyun's paragraph is the often-named Kim Jong Un
    assert ix.by_short_name("Kim", t.index("Kim added")).core == "Kim Jong Un"
    text = "South Korean Defence Minister Kim Yong-hyun spoke. Kim said more."
    ix2 = EntityIndex("North Korean leader Kim Jong Un met him. " + text, demonyms=demonyms(), roles=role_words())
    assert ix2.by_short_name("Kim", len(ix2.text) - 10).core == "Kim Yong-hyun"


def test_person_in_span():
    t, ix = index("000_5a3efb9a1ccde5df.txt")
    s = t.index("North Korean leader Kim Jong-un said")
    assert ix.person_in(s, s + len("North Korean leader Kim Jong-un")).name == "Kim Jong-un"


def test_descriptors_read_two_word_demonyms_and_the_last_word():
    t = ("The North Korean leader Kim Jong Un met him. Then the South Korean president, Yoon Suk Yeol, "
         "spoke. Russian Foreign Minister Sergei Lavrov and the envoy, a Russian diplomat Ivan Petrov.")
    ix = EntityIndex(t, demonyms=demonyms(), roles=role_words())
    dem = demonyms()

    def plain(start, end):  # the descriptor rule, every word pair looked up
        from framing.extract.speakers import _WORD_RE, _norm, TITLE_WORDS

        before = t[max(0, start - 60):start]
        before = before[max(before.rfind("."), before.rfind(";"), before.rfind("\n")) + 1:]
        words = list(map(_norm, _WORD_RE.findall(before)[-5:]))
        after = t[end:end + 60]
        if after.startswith(","):
            words += map(_norm, _WORD_RE.findall(after[1:].split(",")[0])[:5])
        out = set()
        for i, w in enumerate(words):
            if w in role_words() or w in TITLE_WORDS and w not in ("mr", "mrs", "ms", "dr"):
                out.add(w)
            two = " ".join(words[i:i + 2])
            if two in dem:
                out.add("@" + dem[two])
            elif w in dem:
                out.add("@" + dem[w])
        return out

    spans = [(m.start, m.end) for m in ix.mentions] + [(0, 4), (len(t), len(t)), (t.index("Korean"), t.index("leader"))]
    assert [ix._descriptors(s, e) for s, e in spans] == [plain(s, e) for s, e in spans]
    assert any("@North Korea" in plain(s, e) for s, e in spans)


def test_short_key_lookup_matches_short_name_lookup():
    # by_short_key takes the look-up form (hyphens as spaces, lower case) that by_short_name makes
    t, ix = index("003_a40ed08a19fcb5cc.txt")
    at = t.index("Kim added")
    assert ix.by_short_key("kim", at) is ix.by_short_name("Kim", at)
    ix2 = EntityIndex("Foreign Minister Choe Son-hui met him. Choe said more.",
                      demonyms=demonyms(), roles=role_words())
    p = ix2.by_short_name("Choe", 45)
    assert p is not None and p.core == "Choe Son-hui"
    assert ix2.by_short_key("choe", 45) is p
    assert ix2.by_short_key("Choe", 45) is None  # the key is already lower-cased: no second folding


def test_indexed_people_have_the_tokens_of_their_core():
    # EntityIndex hands each new Person the name tokens it computed; they must be what set_core makes
    t, ix = index("002_2dd32ae2d3f8e5a3.txt")
    assert ix.people
    for p in ix.people:
        assert p.tokens == p.core.replace("-", " ").lower().split()
        assert p.key == " ".join(p.tokens)


def test_word_pattern_is_the_plain_pattern():
    """``_WORD_RE`` (possessive quantifiers) finds the words of the plain pattern, on a seed and on
    joiners, dots and curly apostrophes."""
    import re

    from framing.extract.speakers import _WORD_RE

    plain = re.compile(r"[\w]+(?:[-’'.][\w]+)*\.?")
    t = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    t += " U.S. abc. a.b.c.. x-'y ’t '' -- Jong-un's O’Neill’s. e.g... 3.5. A-B-C- _x_ ’’"
    assert [m.span() for m in _WORD_RE.finditer(t)] == [m.span() for m in plain.finditer(t)]
    assert len(_WORD_RE.findall(t)) > 100


def test_mentions_come_out_in_text_order():
    """The index keeps no sort of its mentions: they come out of the run scan in ascending order of
    start, inside their run, as the bisections over ``_starts`` need."""
    for name in ("001_3191053c97351b0b.txt", "002_2dd32ae2d3f8e5a3.txt", "003_a40ed08a19fcb5cc.txt"):
        t, ix = index(name)
        starts = [m.start for m in ix.mentions]
        assert len(starts) >= 5 and starts == sorted(set(starts)) == ix._starts
        assert all(t[m.start:m.end] and t[m.start].isupper() for m in ix.mentions)
