import pytest

from framing import Document
from framing.corpus.outlets import OutletRegistry, default_registry, resolve_outlet
from framing.errors import ConfigError


def test_every_outlet_and_agency_named_in_the_seeds_is_registered():
    reg = default_registry()
    for name in ["The Epoch Times", "MENAFN", "RT", "Al Jazeera", "Asian Lite News", "KCNA", "Yonhap",
                 "Sputnik", "TASS", "5Mind"]:
        assert reg.lookup(name) is not None, name
    assert reg.lookup("Korean Central News Agency").name == "KCNA"
    assert reg.lookup("Russia Today").name == "RT"
    assert reg.lookup("KCNA").type == "state_media"
    assert reg.lookup("Yonhap").type == "news_agency"
    assert reg.lookup("MENAFN").type == "wire_republisher"
    assert reg.lookup("5Mind").type == "aggregator"


def test_major_wires_and_international_outlets():
    reg = default_registry()
    for name in ["Reuters", "AP", "AFP", "Xinhua", "BBC", "CNN", "Fox News", "The New York Times", "Deutsche Welle",
                 "France 24", "NHK", "Kyodo", "Anadolu Agency", "Voice of America"]:
        assert reg.lookup(name) is not None, name


@pytest.mark.parametrize("alias,name", [("Fox Online News", "Fox News"), ("CNN (Web News)", "CNN"),
                                        ("New York Times - News", "The New York Times"), ("Newsmax - Opinion", "Newsmax"),
                                        ("Washington Times", "The Washington Times"), ("npr online news", "NPR")])
def test_metadata_spellings_of_the_allsides_corpus_resolve(alias, name):
    assert default_registry().lookup(alias).name == name


@pytest.mark.parametrize("url,name", [("https://www.rt.com/news/606789-north-korea/", "RT"),
                                      ("https://en.yna.co.kr/view/AEN2024", "Yonhap"),
                                      ("http://www.bbc.co.uk/news/world", "BBC News"),
                                      ("menafn.com/1109487/Kim", "MENAFN")])
def test_url_resolution(url, name):
    assert default_registry().from_url(url).name == name


def test_unknown_url_resolves_to_nothing():
    assert default_registry().from_url("https://example.org/a") is None
    assert default_registry().from_url("not a url at all") is None


def test_tell_tale_text_resolves_the_seeds(seed_texts):
    reg = default_registry()
    assert reg.from_text(seed_texts["000"])[0].name == "The Epoch Times"  # not the 5Mind aggregator
    assert reg.from_text(seed_texts["001"])[0].name == "MENAFN"
    assert reg.from_text(seed_texts["002"])[0].name == "RT"
    assert reg.from_text(seed_texts["004"])[0].name == "Asian Lite News"
    assert reg.from_text(seed_texts["003"]) is None  # the spun copy names no outlet


def test_resolve_outlet_order_metadata_url_text(seed_texts):
    doc = Document(text=seed_texts["002"])
    assert resolve_outlet(doc)[0].name == "RT" and resolve_outlet(doc)[1].startswith("text:")
    doc = Document(text="x", url="https://www.aljazeera.com/news/2024")
    assert resolve_outlet(doc) == (default_registry().lookup("Al Jazeera"), "url")
    doc = Document(text=seed_texts["002"], outlet="Russia Today")
    assert resolve_outlet(doc)[1] == "metadata"


def test_mentions_find_agencies_and_skip_ordinary_words(seed_texts):
    reg = default_registry()
    names = [o.name for _, _, o in reg.find_mentions(seed_texts["004"])]
    assert "Yonhap" in names and "KCNA" in names
    assert reg.find_mentions("It was time to leave; the guardian of the independent school said so.") == []


def test_user_outlets_extend_and_override(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("name,aliases,domains,country,type\nKorea Pro,KP,koreapro.org,South Korea,private\n"
                 "RT,Russia Today,rt.com,Russia,state_media\n", encoding="utf-8")
    reg = OutletRegistry.from_csv(p, base=default_registry())
    assert reg.lookup("KP").name == "Korea Pro"
    assert reg.from_url("https://koreapro.org/x").name == "Korea Pro"
    assert reg.lookup("Reuters") is not None
    assert len(reg) == len(default_registry()) + 1


def test_bad_user_outlet_file_names_file_and_line(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("name,type\nGood,private\nBad,propaganda\n", encoding="utf-8")
    with pytest.raises(ConfigError) as ei:
        OutletRegistry.from_csv(p)
    assert ei.value.code == "E016" and ei.value.line == 3 and "bad.csv" in str(ei.value)
