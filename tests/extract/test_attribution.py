"""Attribution extraction (framing.extract.attribution) on the seeds and on realistic sentences."""
import json
from pathlib import Path

import pytest

import framing
from framing.extract.attribution import find_attributions
from framing.types import Document

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "seeds"
OUTLETS = {"000": "The Epoch Times", "002": "RT", "004": "Asian Lite News"}


def seed(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def atts_of(prefix):
    t = seed(prefix)
    return t, find_attributions(t, document=Document(t, outlet=OUTLETS.get(prefix)))


def find(atts, content_start):
    hits = [a for a in atts if a.content is not None and a.content.text.startswith(content_start)]
    assert hits, f"no attribution whose content starts with {content_start!r}"
    return hits[0]


# ---------------------------------------------------------------- seed 002 (RT): Choe and Lavrov
def test_002_choe_indirect():
    t, atts = atts_of("002")
    a = find(atts, "North Korea will support Russia in the Ukraine conflict as long as it takes")
    assert a.kind == "indirect"
    assert a.speaker.text == "Foreign Minister Choe Son-hui"
    assert a.speaker_name == "Foreign Minister Choe Son-hui"
    assert a.cue.text == "said" and a.cue_class == "neutral"
    assert a.source_type == "government_official"
    b = find(atts, "that Pyongyang has no doubts that Moscow will emerge victorious")
    assert b.speaker_name == "Foreign Minister Choe Son-hui" and b.cue.text == "adding"


def test_002_choe_direct_quotes():
    t, atts = atts_of("002")
    choe = [a for a in atts if a.speaker_name == "Foreign Minister Choe Son-hui"]
    quoted = " ".join(a.content.text for a in choe if a.kind in ("direct", "mixed"))
    assert "“gave us an order to firmly and powerfully support" in quoted
    assert "“the Russian army and people will achieve a great victory" in quoted
    assert "further coordinating our foreign policy position" in quoted
    # the quotation right after "According to the minister, ..." belongs to the same statement
    acc = find(atts, "North Korea has no doubt that under the leadership")
    assert acc.cue.text == "According to" and acc.speaker.text == "the minister"
    assert acc.content.text.endswith("“We reaffirm that we will always adamantly stand by our Russian comrades "
                                     "until the victory day.”")
    # "She"/"she" resolve to her
    assert find(atts, "that Russia and North Korea are developing").speaker_name == "Foreign Minister Choe Son-hui"


def test_002_lavrov_touted_is_loaded():
    t, atts = atts_of("002")
    a = next(a for a in atts if a.cue is not None and a.cue.text == "touted")
    assert a.cue_class == "loaded"
    assert a.speaker.text == "Lavrov" and a.speaker_name == "Sergey Lavrov"
    assert a.attrs["country"] == "Russia"


def test_002_denial_and_accusation():
    t, atts = atts_of("002")
    assert find(atts, "the allegations").cue_class == "denial"
    acc = find(atts, "North Korea of sending troops")
    assert acc.cue_class == "loaded" and acc.speaker.text == "Ukraine and Western countries"
    putin = find(atts, "that the details of the cooperation")
    assert putin.speaker_name == "President Vladimir Putin"


# ---------------------------------------------------------------- seed 000: Pentagon estimate, Kim quotes
def test_000_pentagon_estimate():
    t, atts = atts_of("000")
    a = find(atts, "North Korea has deployed between 11,000 and 12,000 troops")
    assert a.speaker.text == "The Pentagon" and a.cue.text == "estimates"
    assert a.cue_class == "estimate" and a.source_type == "military"
    assert a.attrs["country"] == "United States"
    b = find(atts, "that about 2,000 North Korean soldiers had been killed")
    assert b.cue_class == "estimate" and b.source_type == "intelligence" and b.attrs["country"] == "South Korea"


def test_000_kim_quotes_resolve_to_kim_jong_un():
    t, atts = atts_of("000")
    direct = [a for a in atts if a.kind == "direct" and a.speaker_name == "Kim Jong-un"]
    texts = " ".join(a.content.text for a in direct)
    assert "“The DPRK-Russia friendship" in texts
    assert "“The years of militant fraternity" in texts  # continuation paragraph, no cue of its own
    assert "“Pyongyang will always be with Moscow.”" in texts  # "He added that ..."
    he = find(atts, "that “Pyongyang will always be with Moscow.”")
    assert he.speaker.text == "He" and he.speaker_name == "Kim Jong-un"
    first = find(atts, "North Korea’s military relationship with Russia will “advance non-stop”")
    assert first.kind == "mixed" and first.speaker.text == "North Korean leader Kim Jong-un"
    assert first.via == ["The Epoch Times", "KCNA"]  # "..., according to state media outlet KCNA"


def test_000_treaty_is_a_document_source():
    t, atts = atts_of("000")
    a = find(atts, "that “in the event that either party")
    assert a.speaker.text == "which" and a.source_type == "document" and a.kind == "direct"


# ---------------------------------------------------------------- seed 004: the relay chain
def test_004_yonhap_kcna_chain():
    t, atts = atts_of("004")
    a = next(a for a in atts if a.speaker is not None and a.speaker.text == "Yonhap news agency")
    assert a.via == ["Asian Lite News", "Yonhap", "KCNA"]
    assert a.source_type == "news_agency"
    assert a.content.text.startswith("Kim had a “friendly and trustworthy” meeting")
    assert a.attrs["relay"].text.startswith("the Korean Central News Agency")
    kim = find(atts, "that “the DPRK government, army and people")
    assert kim.speaker_name == "Kim Jong-un" and kim.kind == "direct"
    assert kim.via == ["Asian Lite News", "KCNA"]  # inside "..., the KCNA said"


# ---------------------------------------------------------------- hand labels of the seeds
def _labels():
    path = ROOT / "data" / "eval" / "attribution_seed_labels.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_labels_recall_and_attributes():
    labels = _labels()
    by_file = {}
    for lab in labels:
        by_file.setdefault(lab["file"], []).append(lab)
    found = speaker_ok = cue_ok = kind_ok = name_ok = type_ok = 0
    for fname, labs in by_file.items():
        t = (SEEDS / fname).read_text(encoding="utf-8")
        outlet = OUTLETS[fname[:3]]
        atts = find_attributions(t, document=Document(t, outlet=outlet))
        for lab in labs:
            s = t.index(lab["content"])
            hits = [a for a in atts if a.content is not None and abs(a.content.start - s) <= 1
                    and (lab["cue"] is None) == (a.cue is None)]
            if lab["cue"] is not None:
                hits = [a for a in hits if a.cue.text == lab["cue"]] or hits
            if not hits:
                continue
            a = hits[0]
            found += 1
            speaker_ok += a.speaker is not None and a.speaker.text == lab["speaker"]
            cue_ok += (a.cue.text if a.cue else None) == lab["cue"]
            kind_ok += a.kind == lab["kind"]
            name_ok += lab["speaker_name"] is None or a.speaker_name == lab["speaker_name"]
            type_ok += a.source_type == lab["source_type"]
    n = len(labels)
    assert n >= 30
    assert found / n >= 0.9, found
    assert speaker_ok / found >= 0.9 and cue_ok / found >= 0.95
    assert kind_ok / found >= 0.85 and name_ok / found >= 0.9 and type_ok / found >= 0.85


# ---------------------------------------------------------------- constructions (sentences modelled on wire copy)
@pytest.mark.parametrize("text,content,speaker,cue,kind", [
    ("Russia will win the war, Kremlin spokesman Dmitry Peskov told reporters on Monday.",
     "Russia will win the war", "Kremlin spokesman Dmitry Peskov", "told", "indirect"),
    ("Defence Minister Andrei Belousov told Kim that Moscow valued the alliance.",
     "that Moscow valued the alliance", "Defence Minister Andrei Belousov", "told", "indirect"),
    ("“We will respond,” said Maria Zakharova, the ministry’s spokeswoman.",
     "“We will respond,”", "Maria Zakharova", "said", "direct"),
    ("According to South Korea’s spy agency, about 11,000 troops were sent.",
     "about 11,000 troops were sent", "South Korea’s spy agency", "According to", "indirect"),
    ("The deal was slammed by Ukrainian President Volodymyr Zelensky.",
     "The deal", "Ukrainian President Volodymyr Zelensky", "slammed", "indirect"),
    ("U.S. officials claimed that the missiles were North Korean.",
     "that the missiles were North Korean", "U.S. officials", "claimed", "indirect"),
    ("Lavrov said the talks had reached “an unprecedentedly high level” this year.",
     "the talks had reached “an unprecedentedly high level” this year", "Lavrov", "said", "mixed"),
    ("Kim was quoted as saying that the alliance would last forever.",
     "that the alliance would last forever", "Kim", "quoted as saying", "indirect"),
    ("“It would have improved the situation,” the White House press secretary, Josh Earnest, said on Tuesday.",
     "“It would have improved the situation,”", "the White House press secretary, Josh Earnest", "said", "direct"),
])
def test_constructions(text, content, speaker, cue, kind):
    atts = find_attributions(text)
    a = next(a for a in atts if a.cue is not None and a.cue.text == cue)
    assert a.content.text == content
    assert a.speaker.text == speaker
    assert a.kind == kind


# ---------------------------------------------------------------- constructions added from PolNeAR calibration errors
def _parts(a):
    return [p.text for p in (a.attrs.get("content_parts") or [a.content])]


def test_colon_labels_are_speakers_but_headings_and_times_are_not():
    text = ("Q: How did things go for you?\n\nA: I felt just really helpless and hopeless.\n\n"
            "UPDATE: The story was changed at noon.\n\n11:40 a.m.: Trump arrives in Iowa today.")
    atts = find_attributions(text)
    assert [(a.speaker.text, a.cue.text, a.content.text) for a in atts] == [
        ("Q", ":", "How did things go for you?"), ("A", ":", "I felt just really helpless and hopeless")]
    assert all(a.attrs["pattern"] == "colon" and a.cue_class == "neutral" for a in atts)


def test_colon_label_pattern_is_linear_on_hostile_lines():
    # long capitalised runs with and without colons, at line starts: no catastrophic backtracking
    text = ("A" * 50_000 + " B C D E F G:\n") * 4 + ("Aa " * 20_000 + ":x\n") * 4
    atts = find_attributions(text)
    for a in atts:
        for sp in a.spans():
            assert text[sp.start:sp.end] == sp.text


def test_impersonal_passive_has_no_speaker_and_keeps_the_subject():
    a, = find_attributions("The House is expected to pass a bipartisan bill later this week.")
    assert a.speaker is None and a.cue.text == "expected" and a.cue_class == "belief"
    assert _parts(a) == ["to pass a bipartisan bill later this week", "The House"]
    b, = find_attributions("In an interview last week, Trump was asked what he thought Clinton could do.")
    assert b.speaker is None and b.content.text == "what he thought Clinton could do"


def test_noun_cues_with_their_possessor():
    a, = find_attributions("This plan would run counter to Mr. Obama's original pledge to remove all troops "
                           "from Afghanistan.")
    assert (a.speaker.text, a.cue.text, a.content.text) == (
        "Mr. Obama's", "pledge", "to remove all troops from Afghanistan")
    atts = find_attributions("He dismissed her claim that the vote was rigged.")
    claim = next(x for x in atts if x.cue.text == "claim")
    assert claim.speaker.text == "her" and claim.content.text == "that the vote was rigged"
    assert claim.cue_class == "distancing" and claim.attrs["pattern"] == "noun"
    b, = find_attributions("Trump's attacks on Curiel stand out for their ferocity.")
    assert (b.speaker.text, b.content.text, b.cue_class) == ("Trump's", "Curiel", "loaded")


def test_bare_plural_speakers_and_that_far_inside_the_content():
    a, = find_attributions("Many days, former employees said, she would stay at the office past midnight.")
    assert a.speaker.text == "former employees"
    assert _parts(a) == ["Many days", "she would stay at the office past midnight"]
    b, = find_attributions("If it doesn't slow down, forecasters say health spending will cripple the economy.")
    assert b.speaker.text == "forecasters" and b.content.text == "health spending will cripple the economy"
    # a "that" deep inside the content does not open it
    c, = find_attributions("They say it’s been evident in the negotiations that ensued after the shootings.")
    assert c.content.text == "it’s been evident in the negotiations that ensued after the shootings"


def test_token_pattern_matches_the_shared_word_pattern():
    from framing.extract.attribution import _TOK_RE
    from framing.extract.tokens import WORD_RE

    text = seed("002") + " don'  Korea’s 11,000 3.5 '90s ``x'' -- a-b- U.S. it’s"
    ours = [m.span() for m in _TOK_RE.finditer(text) if m.group()[:1].isalnum() or m.group()[:1] == "_"]
    assert ours == [m.span() for m in WORD_RE.finditer(text)]


def test_nouns_and_agentless_passives_are_not_cues():
    text = ("The claims were not disclosed. His report on the talks was long. "
            "The estimate of casualties was revised.")
    assert find_attributions(text) == []


def test_anonymous_and_distancing():
    text = "Officials said the convoy was hit. Pyongyang alleged that Seoul had sent drones."
    atts = find_attributions(text)
    assert atts[0].source_type == "anonymous" and atts[0].speaker_name is None
    assert atts[1].cue_class == "distancing" and atts[1].source_type == "government_official"
    assert atts[1].attrs["country"] == "North Korea"


# ---------------------------------------------------------------- the registered family in the pipeline
def test_family_in_pipeline_features_and_evidence():
    t = seed("004")
    ex = framing.extract(Document(t, outlet="Asian Lite News"), clean=False, families=["attribution"])
    f = ex.features
    assert f["attribution.count"] == len(ex.attributions) > 5
    assert f["attribution.chain.max_depth"] == 2.0
    assert 0 < f["attribution.direct_quote_share"] < 1
    assert f["attribution.source.state_media.share"] > 0
    assert f["attribution.quoted_words.north_korea.share"] > 0.5
    assert abs(sum(f[k] for k in f if k.startswith("attribution.cue.")) - 1.0) < 1e-9
    ev = ex.evidence_for("attribution")
    assert ev and all(t[e.start:e.end] == e.text for e in ev)
    roles = {e.attrs["role"] for e in ev}
    assert {"content", "speaker", "cue"} <= roles
    for a in ex.attributions:
        for sp in a.spans():
            assert t[sp.start:sp.end] == sp.text


def test_unattributed_claims_counted_with_evidence():
    text = ("North Korea has sent 11,000 troops to Russia in return for missile technology. "
            "The Pentagon estimates the figure is higher. It is cold in Kursk in winter and the roads are bad.")
    ex = framing.extract(text, clean=False, families=["attribution"])
    claims = ex.evidence_for("attribution", "unattributed_claim")
    assert [c.text for c in claims] == ["North Korea has sent 11,000 troops to Russia in return for missile technology."]
    assert ex.features["attribution.unattributed_claims.per_1k"] > 0


def test_empty_and_odd_inputs():
    assert find_attributions("") == []
    assert find_attributions("“") == []
    assert find_attributions("said said said, according to") == []


def test_page_without_sentence_punctuation_is_split_and_spans_hold():
    # a scraped page with no full stops: units are capped, every span still indexes the text
    text = "the minister said that Kim Jong Un told Choe Son-hui “we will win ” according to KCNA " * 400
    atts = find_attributions(text)
    assert len(atts) > 400
    for a in atts:
        for sp in a.spans():
            assert text[sp.start:sp.end] == sp.text
