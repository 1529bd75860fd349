"""Measure the seed report as people will see it: headless Chromium (screen) and
the PDF rasterised with pdftoppm (print). Skips when the binaries are absent."""
from __future__ import annotations

import re
import subprocess

import pytest
from report_helpers import console_lines, need, run_chromium

import framing

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_files(seed_analysis, tmp_path_factory):
    pytest.importorskip("weasyprint")
    out = tmp_path_factory.mktemp("seed_report")
    return framing.report(seed_analysis, out, formats=("html", "pdf"))


def test_chromium_renders_the_seed_report_offline(seed_files, seed_analysis, recorder):
    html = seed_files["html"].read_text(encoding="utf-8")
    # the report names the recorder nowhere, so any request to it would be a leak; any request at all
    # would also show as a console error, since the page's CSP allows data: images only
    p = run_chromium(seed_files["html"], "--dump-dom")
    assert p.returncode == 0, p.stderr[-2000:]
    dom = p.stdout
    assert console_lines(p.stderr) == []
    assert recorder.hits == []
    for sec in ("summary", "outlets", "stories", "articles", "methodology"):
        assert f'id="{sec}"' in dom
    n_img = len(re.findall(r"<img ", html))
    assert n_img >= 1 and len(re.findall(r'<img src="data:image/svg\+xml;base64,', dom)) == n_img
    assert dom.count('<article class="article"') == len(seed_analysis.extractions)


def test_chromium_screenshot_on_a_laptop_screen(seed_files, tmp_path):
    from PIL import Image

    shot = tmp_path / "shot.png"
    p = run_chromium(seed_files["html"], f"--screenshot={shot}", "--window-size=1366,900",
                     "--hide-scrollbars")
    assert p.returncode == 0 and shot.exists(), p.stderr[-2000:]
    import numpy as np

    im = np.asarray(Image.open(shot).convert("L"))
    assert im.shape == (900, 1366)
    assert (im < 128).mean() > 0.005  # text was laid out, not a blank page
    # the content column is centred with margins: the outer 8% on each side stays blank
    assert im[:, : int(1366 * 0.08)].min() > 240


def _pages(pdf) -> int:
    info = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_pdf_pages_and_vector_charts(seed_files, seed_analysis, tmp_path):
    from PIL import Image

    pdf = seed_files["pdf"]
    n = _pages(pdf)
    # cover+summary, outlets, stories, articles (each article starts a page), methodology
    assert len(seed_analysis.extractions) + 4 <= n <= 80
    # charts are vector: the PDF holds no raster image at all
    imgs = subprocess.run([need("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(imgs.strip().splitlines()) == 2  # the two header lines only
    # find the page with the outlet charts and rasterise it
    page = None
    for i in range(1, n + 1):
        t = subprocess.run([need("pdftotext"), "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
        if "Outlet profiles: estimate and 95% confidence interval" in " ".join(t.split()):
            page = i
            break
    assert page is not None, "no page carries the outlet profile chart caption"
    subprocess.run([need("pdftoppm"), "-r", "60", "-png", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp_path / "pg")], check=True)
    png = next(tmp_path.glob("pg*.png"))
    import numpy as np

    im = np.asarray(Image.open(png).convert("RGB")).astype(int)
    # coloured (non-grey) pixels: markers, error bars and heatmap cells, not just black text
    coloured = int(((im.max(axis=2) - im.min(axis=2)) > 60).sum())
    assert coloured > 300
