import gzip
import io
import json

import pytest

import framing
from framing.corpus.readers import html_to_text, read
from framing.errors import FramingError


def _docs(*paths, **kw):
    return [d for d in read(*paths, on_error="yield", **kw)]


def test_seed_folder_gives_five_documents_with_metadata(seeds_dir):
    docs = _docs(seeds_dir)
    assert [d.id for d in docs] == ["000_5a3efb9a1ccde5df", "001_3191053c97351b0b", "002_2dd32ae2d3f8e5a3",
                                    "003_a40ed08a19fcb5cc", "004_94df3db0da6786a7"]
    assert [d.outlet for d in docs] == ["The Epoch Times", "MENAFN", "RT", "Al Jazeera", "Asian Lite News"]
    assert docs[2].published == "2024-11-01"
    assert docs[2].title == "Pyongyang will stand by Moscow until victory – North Korea"
    assert docs[0].extra["captured_from"] == "5Mind (aggregator repost)"
    assert docs[1].text.startswith(" date 2025-04-28 403")  # the text is kept exactly as captured


def test_glob_and_single_file(seeds_dir):
    assert len(_docs(str(seeds_dir / "00[12]_*.txt"))) == 2
    d = _docs(seeds_dir / "002_2dd32ae2d3f8e5a3.txt")[0]
    assert d.outlet == "RT"  # metadata.csv beside the file is found for a single file too


def test_jsonl_default_fields_of_common_exports(tmp_path):
    p = tmp_path / "x.jsonl"
    lines = [
        {"text": "A trafilatura export.", "title": "T1", "url": "https://www.rt.com/a", "date": "2024-11-01",
         "hostname": "rt.com"},
        {"text": "A newspaper4k export.", "title": "T2", "publish_date": "2024-11-02", "source_url": "https://tass.com"},
        {"story_text": "A Media Cloud export.", "stories_id": 99, "media_name": "Yonhap", "publish_date": "2024-11-03",
         "language": "en"},
    ]
    p.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    a, b, c = _docs(p)
    assert (a.title, a.url, a.published) == ("T1", "https://www.rt.com/a", "2024-11-01")
    assert (b.published, b.url) == ("2024-11-02", "https://tass.com")
    assert (c.id, c.outlet, c.language, c.text) == ("99", "Yonhap", "en", "A Media Cloud export.")
    assert a.source == f"{p}:1" and a.id == "x:1"


def test_field_map_is_configurable(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("headline,story_body,site\nH,Body text here.,RT\n", encoding="utf-8")
    (d,) = _docs(p, fields={"text": "story_body", "outlet": "site"})
    assert (d.text, d.outlet, d.title) == ("Body text here.", "RT", "H")


def test_gzip_jsonl_and_json_array(tmp_path):
    p = tmp_path / "x.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "one"}) + "\n" + json.dumps({"text": "two"}) + "\n")
    assert [d.text for d in _docs(p)] == ["one", "two"]
    q = tmp_path / "y.json"
    q.write_text(json.dumps([{"text": "a"}, {"content": "b"}]), encoding="utf-8")
    assert [d.text for d in _docs(q)] == ["a", "b"]


def test_malformed_jsonl_line_is_reported_and_others_survive(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "good one"}\n{"text": broken\n[1, 2]\n{"title": "no text"}\n{"text": "good two"}\n',
                 encoding="utf-8")
    items = _docs(p)
    errs = [i for i in items if isinstance(i, FramingError)]
    docs = [i for i in items if not isinstance(i, FramingError)]
    assert [d.text for d in docs] == ["good one", "good two"]
    assert [(e.code, e.line) for e in errs] == [("E005", 2), ("E019", 3), ("E006", 4)]
    assert all(str(p) in str(e) for e in errs)


def test_csv_without_text_column(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("title,author\nA,B\n", encoding="utf-8")
    (e,) = _docs(p)
    assert isinstance(e, FramingError) and e.code == "E007" and e.line == 1 and "x.csv" in str(e)


def test_missing_empty_binary_and_undecodable_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "gz.jsonl.gz").write_bytes(b"not gzip at all")
    items = _docs(tmp_path / "nope.txt", tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "gz.jsonl.gz")
    assert [i.code for i in items] == ["E001", "E002", "E003", "E004"]


def test_on_error_modes(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    with pytest.warns(UserWarning, match="E005"):
        assert [d.text for d in read(p)] == ["ok"]
    assert [d.text for d in read(p, on_error="skip")] == ["ok"]
    with pytest.raises(FramingError):
        list(read(p, on_error="raise"))


def test_html_file_keeps_markup_and_renders_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes("""<html><head><meta charset="windows-1251"><title>Новости</title>
<script>alert(1)</script><style>p{}</style></head><body><nav><a href="/">Главная</a></nav>
<article><h1>Северная Корея</h1><p>Пхеньян поддержит Москву, <b>заявила</b> министр.</p></article>
</body></html>""".encode("windows-1251"))
    (d,) = _docs(p)
    assert d.html is not None and "<article>" in d.html
    # <head> (title, scripts, styles) is not page text; the title goes to Document.title
    assert d.text.splitlines() == ["Главная", "Северная Корея", "Пхеньян поддержит Москву, заявила министр."]
    assert d.title == "Новости"
    assert "alert" not in d.text


def test_html_to_text_survives_deep_nesting():
    html = "<div>" * 5000 + "deep text" + "</div>" * 5000
    assert html_to_text(html) == "deep text"


def test_stdin_text_and_jsonl():
    (d,) = _docs("-", stdin=io.StringIO("Plain text from a pipe."))
    assert d.text == "Plain text from a pipe." and d.source == "<stdin>"
    docs = _docs("-", stdin=io.StringIO('{"text": "a"}\n{"text": "b", "outlet": "RT"}\n'))
    assert [(d.text, d.outlet) for d in docs] == [("a", None), ("b", "RT")]


def test_windows1251_text_file_with_metadata(tmp_path):
    text = "Москва и Пхеньян подписали договор о стратегическом партнёрстве, сообщает ТАСС."
    (tmp_path / "a.txt").write_bytes(text.encode("windows-1251"))
    (tmp_path / "metadata.csv").write_text("file,outlet,published\na.txt,TASS,2024-06-19\n", encoding="utf-8")
    (d,) = _docs(tmp_path)
    assert d.text == text and d.outlet == "TASS" and d.extra["encoding"] == "cp1251"


def test_read_is_the_public_api():
    assert framing.read is read
