"""Article text is untrusted: markup in it never runs or loads, in HTML, in a browser, in PDF or in CSV.

The hostile article carries a script tag, an image pointing at a local server
that records requests, and a spreadsheet formula. Positive controls prove the
detectors work: the same markup left unescaped does reach the server and the
console in Chromium.
"""
from __future__ import annotations

import csv

import pytest
from report_helpers import console_lines, run_chromium

import framing


def hostile_analysis(url: str):
    text = (f'Officials said on Friday that the talks would go on. <script>alert(1)</script>\n\n'
            f'<img src="{url}"> "We will not be intimidated," the minister told reporters.\n\n'
            f'=HYPERLINK("{url}","Click here") for details.')
    doc = framing.Document(text, id="hostile", outlet='<img src="' + url + '">',
                           title='<script>alert("t")</script>', url=url)
    return framing.analyze([doc]), text


def test_html_escapes_the_hostile_article(recorder):
    a, text = hostile_analysis(recorder.url("/x"))
    out = framing.report(a, compare=False)
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert f'<img src="{recorder.url("/x")}"' not in out
    assert "&lt;img src=&quot;" in out


def test_chromium_loads_the_report_without_requests_or_console_messages(recorder, tmp_path):
    a, text = hostile_analysis(recorder.url("/x"))
    res = framing.report(a, tmp_path / "r.html", compare=False)
    # positive control: the raw markup, unescaped, does reach the server and the console
    control = tmp_path / "control.html"
    control.write_text(f'<html><body><img src="{recorder.url("/control")}"><script>console.error("control")'
                       f'</script></body></html>', encoding="utf-8")
    pc = run_chromium(control, "--dump-dom")
    if "/control" not in recorder.hits:
        pytest.skip("this Chromium makes no loopback requests even for raw markup; the check would be vacuous")
    assert console_lines(pc.stderr), "console capture does not work in this Chromium"
    recorder.hits.clear()
    p = run_chromium(res["html"], "--dump-dom")
    assert p.returncode == 0, p.stderr[-2000:]
    import html as h
    import re

    assert "Officials said on Friday" in h.unescape(re.sub(r"<[^>]+>", "", p.stdout))  # it loaded the report
    assert "<script>alert(1)</script>" not in p.stdout
    assert recorder.hits == []
    assert console_lines(p.stderr) == []


def test_pdf_rendering_requests_nothing(recorder, tmp_path):
    pytest.importorskip("weasyprint")
    a, _ = hostile_analysis(recorder.url("/x"))
    res = framing.report(a, tmp_path / "r.pdf", formats=("pdf",), compare=False)
    assert res["pdf"].read_bytes().startswith(b"%PDF")
    assert recorder.hits == []


def _number(c: str) -> bool:
    try:
        float(c)
    except ValueError:
        return False
    return True


def test_csv_formula_is_neutralised(recorder, tmp_path):
    a, text = hostile_analysis(recorder.url("/x"))
    res = framing.report(a, tmp_path, formats=("csv",), compare=False)
    cells = []
    for p in res.values():
        with open(p, encoding="utf-8", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    assert cells and not [c for c in cells if c.startswith(("=", "+", "-", "@")) and not _number(c)]
    assert any(c.startswith("'<img") or c.startswith("'=") or c == '<img src="' + recorder.url("/x") + '">'
               for c in cells)
    hyper = [c for c in cells if "HYPERLINK" in c]
    if hyper:  # the evidence/blocks tables carry the text of the formula line
        assert all(not c.startswith("=") for c in hyper)
