"""Encodings end to end: files in legacy code pages, UTF-16 with and without BOM, Latin-1 in a page
that claims UTF-8, and mojibake, read through :func:`framing.read` (text, HTML, JSONL, CSV, gzip)
and analysed; each with real Russian, Korean and Arabic news sentences (written from TASS,
Yonhap and Al Jazeera reports; tests/corpus/test_encodings.py covers decode_bytes itself)."""
from __future__ import annotations

import gzip

import pytest

import framing
from framing.corpus.readers import read

RU = ("Министерство обороны России заявило, что силы ПВО сбили над Брянской областью шесть "
      "беспилотников. По словам губернатора, пострадавших нет.")
KO = ("합동참모본부는 북한이 오늘 오전 평양 일대에서 동해상으로 단거리 탄도미사일 여러 발을 "
      "발사했다고 밝혔다. 군은 추가 발사에 대비해 감시를 강화하고 있다.")
AR = ("قالت وزارة الصحة في غزة إن عدد القتلى ارتفع خلال الساعات الأربع والعشرين الماضية، "
      "فيما أكد مسؤولون أن المفاوضات ستستأنف الأسبوع المقبل.")
ES = "El presidente afirmó que las negociaciones continuarán en Ginebra, según la agencia EFE. Año récord."

LEGACY = [(RU, "cp1251"), (RU, "koi8-r"), (KO, "cp949"), (KO, "euc-kr"), (AR, "cp1256")]
ALL = [RU, KO, AR]


def _read_one(path):
    items = list(read(str(path), on_error="yield"))
    assert len(items) == 1, items
    assert not isinstance(items[0], Exception), items[0]
    return items[0]


@pytest.mark.parametrize("text,enc", LEGACY, ids=[e for _, e in LEGACY])
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_legacy_code_pages_read_exactly(tmp_path, text, enc, gz):
    body = (text + "\n") * 3  # a page, not a line: detection needs some text
    raw = body.encode(enc)
    p = tmp_path / ("page.txt.gz" if gz else "page.txt")
    p.write_bytes(gzip.compress(raw) if gz else raw)
    doc = _read_one(p)
    assert doc.text == body
    ex = framing.extract(doc, clean=False)
    assert all(ex.text[e.start:e.end] == e.text for e in ex.evidence)


@pytest.mark.parametrize("text", ALL, ids=["ru", "ko", "ar"])
@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"], ids=["bom", "le-nobom", "be-nobom"])
def test_utf16_with_and_without_bom(tmp_path, text, enc):
    p = tmp_path / "page.txt"
    p.write_bytes(text.encode(enc))
    assert _read_one(p).text == text


@pytest.mark.parametrize("text", ALL, ids=["ru", "ko", "ar"])
def test_utf16_jsonl_and_csv(tmp_path, text):
    import json

    (tmp_path / "a.jsonl").write_bytes((json.dumps({"id": "x", "text": text}, ensure_ascii=False) + "\n")
                                       .encode("utf-16"))
    assert _read_one(tmp_path / "a.jsonl").text == text
    (tmp_path / "b.csv").write_bytes(f'id,text\nx,"{text}"\n'.encode("utf-16"))
    assert _read_one(tmp_path / "b.csv").text == text


def test_latin1_page_that_claims_utf8(tmp_path):
    html = f'<html><head><meta charset="utf-8"><title>EFE</title></head><body><p>{ES}</p></body></html>'
    p = tmp_path / "page.html"
    p.write_bytes(html.encode("latin-1"))  # the bytes are Latin-1 whatever the page says
    doc = _read_one(p)
    assert ES in doc.text
    (tmp_path / "page.txt").write_bytes(ES.encode("latin-1"))
    assert _read_one(tmp_path / "page.txt").text == ES


@pytest.mark.parametrize("text", ALL, ids=["ru", "ko", "ar"])
@pytest.mark.parametrize("wrong", ["cp1252", "latin-1"])
def test_mojibake_saved_as_utf8_is_repaired_by_the_reader(tmp_path, text, wrong):
    garbled = text.encode("utf-8").decode(wrong, errors="ignore" if wrong == "cp1252" else "strict")
    if wrong == "cp1252":
        # cp1252 has 5 undefined bytes; a real mis-decode keeps them as the Latin-1 characters
        garbled = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    p = tmp_path / "page.txt"
    p.write_text(garbled, encoding="utf-8")
    doc = _read_one(p)
    assert doc.text == text
    assert doc.extra.get("mojibake_repaired") is True


@pytest.mark.parametrize("text,enc", [(RU, "cp1251"), (KO, "euc-kr"), (AR, "cp1256")])
def test_html_charset_declaration_is_used(tmp_path, text, enc):
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={enc}"></head>' \
           f"<body><h1>Заголовок</h1><p>{text}</p></body></html>" if enc == "cp1251" else \
           f'<html><head><meta charset="{enc}"></head><body><p>{text}</p></body></html>'
    p = tmp_path / "page.html"
    p.write_bytes(html.encode(enc))
    doc = _read_one(p)
    assert text in doc.text
