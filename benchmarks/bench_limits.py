"""Limits benchmark: a 10 MB page and a 100,000-line page, each at 1/4 size too (linearity),
a few adversarial shapes, and how over-limit input is handled (E010 size, E011 time, gzip bomb).

Usage: python benchmarks/bench_limits.py [--quick]
Prints one line per case: size, seconds, MB/s, and the 4x-size time ratio (linear ~4).
Needs no shared data (it builds its inputs from data/seeds).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import framing  # noqa: E402
from framing.errors import FramingError  # noqa: E402
from framing.pipeline import extract  # noqa: E402

SEEDS = sorted((ROOT / "data" / "seeds").glob("*.txt"))
SEED = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)


def page_of(n_chars: int) -> str:
    """Seed pages, each copy numbered so paragraphs are not all exact duplicates."""
    parts, size, i = [], 0, 0
    while size < n_chars:
        chunk = SEED.replace("North Korea", f"North Korea ({i})", 1) + "\n\n"
        parts.append(chunk)
        size += len(chunk)
        i += 1
    return "".join(parts)[:n_chars]


def lines_of(n_lines: int) -> str:
    sents = [s.strip() for p in SEEDS for s in p.read_text(encoding="utf-8").splitlines() if len(s.strip()) > 20]
    return "\n".join(f"{sents[i % len(sents)]} [{i}]" for i in range(n_lines))


def timed(text: str, **kw) -> float:
    t0 = time.perf_counter()
    extract(text, **kw)
    return time.perf_counter() - t0


def row(name: str, text: str, **kw) -> float:
    t = timed(text, **kw)
    mb = len(text.encode("utf-8")) / 1e6
    print(f"{name:<34} {len(text):>11,} chars {mb:7.2f} MB {t:8.2f} s {mb / t:7.2f} MB/s", flush=True)
    return t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="1 MB / 10,000 lines instead of 10 MB / 100,000")
    ap.add_argument("--limits-only", action="store_true", help="only the over-limit handling section")
    args = ap.parse_args()
    big, lines = (1_000_000, 10_000) if args.quick else (10_000_000, 100_000)
    extract("Warm up: officials said the talks would resume.")
    print("== linear time (extract, default limits) ==")
    for name, make, n in [] if args.limits_only else (("page", page_of, big), ("lines", lines_of, lines)):
        a = row(f"{name} n/4", make(n // 4))
        b = row(f"{name} n", make(n))
        print(f"{'':<34} ratio t(n)/t(n/4) = {b / a:.2f} (linear ~4)")
    print("== adversarial shapes ==")
    for name, text in () if args.limits_only else (("one line, no breaks, 1 MB", page_of(1_000_000).replace("\n", " ")),
                       ("'a' * 1e6", "a" * 1_000_000), ("spaces * 1e6", "x " + " " * 1_000_000),
                       ("'\"' * 1e6", '"' * 1_000_000), ("'.' * 1e6", "." * 1_000_000),
                       # sentence_spans is quadratic on runs of dots (tests/fuzz/test_redos.py KNOWN): kept small
                       ("'.' * 2e4 (clean=False)", "." * 20_000),
                       ("'said ' * 2e4 (clean=False)", "said " * 20_000)):
        kw = {"clean": False} if "clean=False" in name else {}
        try:
            row(name, text, **kw)
        except FramingError as exc:
            print(f"{name:<34} {exc}")
    print("== over-limit handling ==")
    over = page_of(21_000_000)
    t0 = time.perf_counter()
    try:
        extract(over)
    except FramingError as exc:
        print(f"21 MB page, default max_chars=20M: {exc.code} in {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    try:
        extract(page_of(1_000_000), limits={"max_chars": 500_000})
    except FramingError as exc:
        print(f"1 MB page, max_chars=500k: {exc.code} in {time.perf_counter() - t0:.3f} s")
    for text, secs, what in ((page_of(2_000_000), 0.5, "2 MB page"), (lines_of(20_000), 5.0, "20,000-line page")):
        t0 = time.perf_counter()
        try:
            ex = extract(text, limits={"max_seconds": secs})
            codes = sorted({e["code"] for e in ex.errors})
            print(f"{what}, max_seconds={secs}: returned in {time.perf_counter() - t0:.2f} s, "
                  f"{len(ex.errors)} families cut {codes}")
        except FramingError as exc:  # the cleaner itself ran out of time: the whole document is E011
            print(f"{what}, max_seconds={secs}: {exc.code} raised after {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "bomb.html.gz"
        co = zlib.compressobj(9, zlib.DEFLATED, 31)
        chunk = b"<p>" + b"A" * 1000 + b"</p>\n"
        with open(p, "wb") as fh:
            for _ in range(1_000_000 // 1 if not args.quick else 100_000):
                fh.write(co.compress(chunk))
            fh.write(co.flush())
        inflated = (1_000_000 if not args.quick else 100_000) * len(chunk)
        t0 = time.perf_counter()
        items = list(framing.read(str(p), on_error="yield"))
        print(f"gzip bomb {p.stat().st_size / 1e6:.1f} MB -> {inflated / 1e9:.2f} GB inflated: "
              f"{[getattr(i, 'code', 'doc') for i in items]} in {time.perf_counter() - t0:.2f} s "
              f"(reader MAX_BYTES 512 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
