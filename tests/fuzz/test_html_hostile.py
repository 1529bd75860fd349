"""Hostile HTML: decompression bombs hit the size limit (E010), deep nesting and huge attributes
neither crash nor hang, scripts and styles never reach the text, and nothing is ever fetched
(every test runs with a socket guard that fails any connection or name lookup)."""
from __future__ import annotations

import gzip
import json
import zlib

import pytest
from fuzz_helpers import check_extraction

import framing
from framing.corpus.readers import html_to_text, read
from framing.errors import FramingError
from framing.runner import run

ARTICLE = ("<h1>North Korea fires ballistic missile</h1><p>North Korea fired a ballistic missile into the sea off "
           "its east coast, the South Korean military said, the latest in a series of launches.</p><p>Japan's "
           "Defence Ministry said the missile flew about 1,000 kilometres.</p>")


def _gzip_bomb(path, inflated: int, unit: bytes = b"<p>" + b"A" * 61 + b"</p>\n"):
    """A .gz that inflates to ``inflated`` bytes, written by streaming (never held in memory)."""
    co = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    chunk = unit * (1 << 20 // len(unit))
    with open(path, "wb") as fh:
        fh.write(co.compress(b"<html><body>"))
        n = 0
        while n < inflated:
            fh.write(co.compress(chunk))
            n += len(chunk)
        fh.write(co.flush())


def test_gzip_bomb_hits_the_size_limit(tmp_path, no_network):
    p = tmp_path / "bomb.html.gz"
    _gzip_bomb(p, 64 << 20)  # 64 MB inflated
    assert p.stat().st_size < 1 << 20  # ~ 300 KB on disk
    items = list(read(str(p), on_error="yield", max_bytes=8 << 20))
    assert [(type(e).__name__, e.code) for e in items] == [("InputError", "E010")]


def test_gzip_bomb_in_a_run_is_reported_in_errors_jsonl_and_the_rest_analysed(tmp_path, no_network):
    d = tmp_path / "in"
    d.mkdir()
    _gzip_bomb(d / "bomb.html.gz", 32 << 20)
    (d / "good.html").write_text(f"<html><body>{ARTICLE}</body></html>", encoding="utf-8")
    out = tmp_path / "out"
    res = run([str(d)], out, jobs=1, progress=False, compare=False, read_options={"max_bytes": 4 << 20})
    assert res.n_documents == 1
    errs = [json.loads(l) for l in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["code"], e["kind"]) for e in errs] == [("E010", "input")]
    assert errs[0]["path"].endswith("bomb.html.gz")


def test_corrupt_gzip_is_E004(tmp_path):
    p = tmp_path / "bad.html.gz"
    p.write_bytes(gzip.compress(ARTICLE.encode())[:-30])
    items = list(read(str(p), on_error="yield"))
    assert [e.code for e in items] == ["E004"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_markup(depth, no_network):
    html = "<html><body>" + "<div><span>" * depth + ARTICLE + "</span></div>" * depth + "</body></html>"
    text = html_to_text(html)
    # libxml2 stops nesting at 256 levels without huge_tree; the article text must survive either way
    assert "ballistic missile into the sea" in text
    ex = framing.extract(framing.Document(text=text, html=html, id="deep"))
    check_extraction(ex)


def test_unclosed_tags_and_bad_entities(no_network):
    html = "<html><body>" + "<p><b><i><table><tr><td>" * 3000 + "&bogus; &#xFFFFFFFF; &#0; &#55296;" + ARTICLE
    ex = framing.extract(framing.Document(text=html_to_text(html), html=html, id="soup"))
    check_extraction(ex)


def test_huge_attributes(no_network):
    big = "x" * 5_000_000
    html = f'<html><body><p title="{big}" data-a="{big}" style="{big}">Officials said.</p>{ARTICLE}</body></html>'
    text = html_to_text(html)
    assert "xxxxxxxxxx" not in text and "ballistic missile" in text
    check_extraction(framing.extract(framing.Document(text=text, html=html, id="attrs")))


def test_scripts_styles_and_comments_never_reach_the_text(no_network):
    html = ("<html><head><style>p{color:red} .x::after{content:'STYLE_TEXT'}</style>"
            "<script>document.write('SCRIPT_TEXT')</script></head><body>"
            "<noscript>NOSCRIPT_TEXT</noscript><!-- COMMENT_TEXT --><template>TEMPLATE_TEXT</template>"
            "<svg><script>SVG_SCRIPT</script><text>SVG_TEXT</text></svg>" + ARTICLE +
            "<script type='application/ld+json'>{\"headline\": \"JSONLD_TEXT\"}</script>"
            "<iframe srcdoc='<p>IFRAME_TEXT</p>'></iframe></body></html>")
    text = html_to_text(html)
    for marker in ("STYLE_TEXT", "SCRIPT_TEXT", "NOSCRIPT_TEXT", "COMMENT_TEXT", "TEMPLATE_TEXT", "SVG_SCRIPT",
                   "JSONLD_TEXT", "IFRAME_TEXT"):
        assert marker not in text, marker
    ex = framing.extract(framing.Document(text=text, html=html, id="s"))
    check_extraction(ex)
    for marker in ("SCRIPT_TEXT", "STYLE_TEXT", "COMMENT_TEXT"):
        assert marker not in ex.cleaned.body, marker


def test_external_references_are_never_fetched_nor_files_read(tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FILE-CONTENT", encoding="utf-8")
    html = (f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "http://198.51.100.7/evil.dtd" '
            f'[<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY net SYSTEM "http://198.51.100.7/x">]>'
            '<html><head><link rel="stylesheet" href="http://198.51.100.7/s.css">'
            '<base href="http://198.51.100.7/"><meta http-equiv="refresh" content="0;url=http://198.51.100.7/">'
            '<script src="http://198.51.100.7/a.js"></script></head><body>'
            '<img src="http://198.51.100.7/p.gif"><iframe src="http://198.51.100.7/f"></iframe>'
            '<object data="http://198.51.100.7/o"></object><p>&xxe; &net;</p>'
            '<link rel="import" href="file:///etc/passwd">' + ARTICLE + "</body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    doc = next(read(str(p), on_error="raise"))
    assert "SECRET-FILE-CONTENT" not in doc.text and "root:" not in doc.text
    ex = framing.extract(doc)
    check_extraction(ex)
    assert "SECRET-FILE-CONTENT" not in json.dumps(framing.pipeline.record_of(ex), ensure_ascii=False)


def test_the_socket_guard_works(no_network):
    import socket

    with pytest.raises(AssertionError):
        socket.create_connection(("198.51.100.7", 80), timeout=1)
    no_network.clear()  # the guard's own check above is not a leak
