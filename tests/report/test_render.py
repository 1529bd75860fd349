"""PDF rendering fetches nothing: the URL fetcher serves data: URIs and refuses the rest."""
from __future__ import annotations

import base64

import pytest

from framing.errors import FramingError
from framing.report.render import refusing_fetcher, render_pdf

pytest.importorskip("weasyprint")


def _fetch(f, url):
    return f.fetch(url) if hasattr(f, "fetch") else f(url)


def test_fetcher_serves_data_uris_only():
    refused: list[str] = []
    f = refusing_fetcher(refused)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    r = _fetch(f, "data:image/svg+xml;base64," + base64.b64encode(svg).decode())
    body = r.read() if hasattr(r, "read") else r["string"]
    assert body == svg
    for url in ("http://127.0.0.1:9/x", "https://example.org/a.png", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(FramingError):
            _fetch(f, url)
    assert refused == ["http://127.0.0.1:9/x", "https://example.org/a.png", "file:///etc/passwd", "ftp://x/y"]


def test_pdf_of_hostile_markup_requests_nothing(recorder, tmp_path):
    # raw (unescaped) references, as if escaping had failed: the fetcher still refuses them all
    html = (f'<html><head><link rel="stylesheet" href="{recorder.url("/css")}">'
            f'<style>@import url("{recorder.url("/imp")}"); body {{ background: url("{recorder.url("/bg")}") }}</style>'
            f'</head><body><p>x</p><img src="{recorder.url("/img")}"><img src="file:///etc/hostname"></body></html>')
    refused: list[str] = []
    pdf = render_pdf(html, tmp_path / "x.pdf", refused=refused)
    assert pdf.startswith(b"%PDF") and (tmp_path / "x.pdf").stat().st_size == len(pdf)
    assert recorder.hits == []
    assert any("/img" in u for u in refused) and any("/css" in u for u in refused)
    assert any(u.startswith("file:") for u in refused)
