import json
import subprocess
import sys

import pytest

from framing.cli import main


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert "framing 0.1.0" in capsys.readouterr().out
    assert main(["analyze", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--resume" in out and "exit codes" in out


def test_usage_errors_exit_2(capsys, tmp_path):
    assert main([]) == 2
    assert main(["analyze", "data/seeds"]) == 2  # --out missing
    assert main(["analyze", "data/seeds", "--out", str(tmp_path), "--format", "docx"]) == 2
    assert "E015" in capsys.readouterr().err


def test_analyze_seeds_writes_one_record_per_seed_with_the_right_outlet(seeds_dir, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(seeds_dir), "--out", str(out), "--quiet", "--jobs", "1", "--no-compare"]) == 0
    recs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["outlet"] for r in recs] == ["The Epoch Times", "MENAFN", "RT", "Al Jazeera", "Asian Lite News"]
    for r in recs:
        assert {"features", "evidence", "attributions", "page", "text", "content_hash"} <= set(r)
        for e in r["evidence"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]
    feats = (out / "features.csv").read_text(encoding="utf-8").splitlines()
    assert len(feats) == 6 and feats[0].startswith("id,outlet,")
    assert (out / "errors.jsonl").read_text() == ""
    assert not list(out.glob("*.part")) and not list(out.glob(".*.tmp"))


def test_bad_inputs_are_listed_and_the_rest_analysed(seeds_dir, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad.jsonl").write_text('{"text": "A fine line of text."}\n{broken\n', encoding="utf-8")
    (tmp_path / "notext.csv").write_text("title,author\nA,B\n", encoding="utf-8")
    out = tmp_path / "out"
    rc = main(["analyze", str(seeds_dir / "002_2dd32ae2d3f8e5a3.txt"), str(tmp_path / "empty.txt"),
               str(tmp_path / "bin.txt"), str(tmp_path / "bad.jsonl"), str(tmp_path / "notext.csv"),
               str(tmp_path / "missing.txt"), "--out", str(out), "-q", "-j", "1", "--no-compare"])
    assert rc == 1
    errs = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    got = {(e["code"], e["path"].split("/")[-1], e["line"]) for e in errs}
    assert got == {("E002", "empty.txt", None), ("E003", "bin.txt", None), ("E005", "bad.jsonl", 2),
                   ("E007", "notext.csv", 1), ("E001", "missing.txt", None)}
    assert len((out / "documents.jsonl").read_text().splitlines()) == 2


def test_nothing_readable_exits_3(tmp_path):
    assert main(["analyze", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"), "-q"]) == 3


def test_clean_and_extract_print_json(seeds_dir, capsys):
    assert main(["clean", str(seeds_dir / "001_3191053c97351b0b.txt")]) == 0
    page = json.loads(capsys.readouterr().out)
    assert {"body", "blocks", "boilerplate_ratio", "advert_ratio", "duplicate_ratio", "flags"} <= set(page)
    assert main(["extract", str(seeds_dir / "002_2dd32ae2d3f8e5a3.txt"), "--indent", "0"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["outlet"] == "RT" and "features" in rec


def test_extract_from_stdin_via_subprocess(seed_texts):
    p = subprocess.run([sys.executable, "-m", "framing", "extract", "-", "--outlet", "RT"], input=seed_texts["002"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["outlet"] == "RT"


def test_outlets_listing(capsys):
    assert main(["outlets", "--type", "state_media", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {r["name"] for r in rows}
    assert {"KCNA", "RT", "TASS", "Xinhua"} <= names and "Reuters" not in names
    assert main(["outlets", "--resolve", "https://www.rt.com/news/1"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "RT"
