"""Source types and countries (framing.extract.sources, lexicons/source_roles.csv)."""
import pytest

from framing.extract.sources import SOURCE_TYPES, classify_source, role_table, span_country


@pytest.mark.parametrize("span,stype,country", [
    ("Russian President Vladimir Putin", "government_official", "Russia"),
    ("Foreign Ministry spokeswoman Maria Zakharova", "government_official", None),
    ("the Korean Central News Agency (KCNA)", "state_media", "North Korea"),
    ("TASS", "state_media", "Russia"),
    ("Yonhap news agency", "news_agency", "South Korea"),
    ("The Pentagon", "military", "United States"),
    ("Seoul’s intelligence agency", "intelligence", "South Korea"),
    ("South Korea’s military", "military", "South Korea"),
    ("U.S. officials", "anonymous", "United States"),
    ("sources familiar with the talks", "anonymous", None),
    ("a senior official", "anonymous", None),
    ("The North Korea-Russia treaty", "document", "North Korea"),
    ("analysts at the Carnegie Endowment", "expert", None),
    ("Human Rights Watch", "ngo", None),
    ("NATO", "international_org", None),
    ("a resident of Kursk", "ordinary_person", None),
    ("Moscow", "government_official", "Russia"),
    ("Guy Birchall", "unknown", None),
])
def test_classify(span, stype, country):
    info = classify_source(span, has_name=any(w[:1].isupper() for w in span.split()[1:]))
    assert info.source_type == stype
    if country is not None:
        assert info.country == country


def test_named_official_is_not_anonymous():
    assert classify_source("officials", has_name=False).source_type == "anonymous"
    assert classify_source("Defence Minister Andrei Belousov", has_name=True).source_type == "government_official"


def test_outlet_speaker_names_the_outlet():
    info = classify_source("the KCNA")
    assert info.outlet is not None and "KCNA" in (info.outlet, "KCNA")


def test_table_types_are_documented():
    assert all(e.source_type in SOURCE_TYPES or e.kind == "demonym" for e in role_table().values())


def test_span_country():
    assert span_country("North Korean leader Kim Jong-un") == "North Korea"
    assert span_country("Pyongyang’s state media") == "North Korea"
    assert span_country("the US embassy") == "United States"
    assert span_country("us") is None
