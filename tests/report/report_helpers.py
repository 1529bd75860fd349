"""Helpers shared by the report tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "seeds"


def seed_documents():
    import csv

    import framing

    docs = []
    with open(SEEDS / "metadata.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            text = (SEEDS / r["file"]).read_text(encoding="utf-8")
            docs.append(framing.Document(text=text, id=r["file"][:3], outlet=r["outlet"],
                                         published=r["published"], title=r["headline"],
                                         source=str(SEEDS / r["file"])))
    return docs



class RecordingServer:
    """An HTTP server on 127.0.0.1 that records every request path it receives."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")

            do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/x") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()



CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(path: Path, *extra: str, timeout: int = 90) -> subprocess.CompletedProcess:
    """Load ``path`` in headless Chromium with no background networking and a fresh profile."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as ud:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
               f"--user-data-dir={ud}", "--enable-logging=stderr", "--v=0", *extra, path.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def console_lines(stderr: str) -> list[str]:
    """Chromium's log lines for page console messages (the report has no script, so any is a fault)."""
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln]


def need(binary: str) -> str:
    p = shutil.which(binary)
    if p is None:
        pytest.skip(f"{binary} is not installed (apt-get install -y poppler-utils)")
    return p
