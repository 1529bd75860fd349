"""The ``framing`` command line: a thin layer over the public Python API.

Exit codes (stable, for scripts):

- 0: every input was analysed
- 1: output was written, but some inputs or extractors failed (see ``errors.jsonl``)
- 2: usage error (bad option or argument)
- 3: nothing could be analysed (no readable input), or a fatal error
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence

from . import __version__
from .errors import FramingError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

EPILOG = """examples:
  framing analyze data/seeds --out reports/seeds --format html,pdf
  framing analyze articles.jsonl.gz --out out/ --jobs 4 --resume
  framing analyze exports/*.csv --field text=body --field outlet=site --out out/
  framing analyze big.jsonl --out out/ --engine dask --scheduler tcp://10.0.0.5:8786
  framing clean data/seeds/001_3191053c97351b0b.txt
  cat page.txt | framing extract - --outlet RT
  framing outlets --type state_media

exit codes: 0 all analysed; 1 some inputs failed (see errors.jsonl); 2 usage error;
3 nothing could be analysed."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="framing",
        description="Source bias and framing analysis of news: clean pages, extract framing features "
                    "with evidence spans, compare outlets story by story.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common_input(sp):
        sp.add_argument("--field", action="append", default=[], metavar="FIELD=NAME",
                        help="map a document field to an input column/key (e.g. text=body); repeatable")
        sp.add_argument("--metadata", metavar="CSV", help="per-file metadata CSV for text files "
                        "(default: metadata.csv beside them)")
        sp.add_argument("--outlets", metavar="CSV", help="extra outlet registry rows (same columns as "
                        "`framing outlets --csv`)")
        sp.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                        help="user lexicon (YAML or CSV) added to the shipped ones; repeatable")
        sp.add_argument("--no-clean", action="store_true", help="analyse the whole text (already-clean articles)")
        sp.add_argument("--outlet", help="outlet of documents that do not name one")

    a = sub.add_parser("analyze", aliases=["analyse"], help="analyse a corpus and write an output folder",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs, or - for stdin")
    a.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder")
    a.add_argument("--format", default="csv,json", metavar="LIST",
                   help="outputs besides documents.jsonl: csv,json,html,pdf,parquet (default csv,json)")
    a.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="worker processes (default: all cores)")
    a.add_argument("--engine", choices=("local", "dask"), default="local")
    a.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address (default: a LocalCluster)")
    a.add_argument("--resume", action="store_true", help="skip documents already in DIR (by content hash)")
    a.add_argument("--no-compare", action="store_true", help="skip the outlet comparison")
    a.add_argument("--max-articles", type=int, default=200, metavar="N",
                   help="articles shown with highlighted evidence in HTML/PDF reports (default 200; "
                        "every article stays in the tables); 0 for all")
    a.add_argument("--max-chars", type=int, default=None, metavar="N", help="per-document size limit")
    a.add_argument("--max-seconds", type=float, default=None, metavar="S", help="per-document time limit")
    a.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    common_input(a)

    for name, helptext in (("clean", "label a page's blocks and print the cleaned page as JSON"),
                           ("extract", "extract features and evidence and print them as JSON")):
        c = sub.add_parser(name, help=helptext)
        c.add_argument("paths", nargs="+", metavar="PATH", help="a file, folder, glob, or - for stdin")
        c.add_argument("--indent", type=int, default=2)
        c.add_argument("--text", action="store_true", help="include the page text in the JSON")
        common_input(c)

    o = sub.add_parser("outlets", help="list the outlet registry")
    o.add_argument("--type", help="only outlets of this type (state_media, news_agency, ...)")
    o.add_argument("--csv", action="store_true", help="print CSV (the format --outlets reads)")
    o.add_argument("--json", action="store_true", help="print JSON")
    o.add_argument("--outlets", metavar="CSV", help="extra outlet registry rows")
    o.add_argument("--resolve", metavar="NAME_OR_URL", help="resolve one outlet name or URL")
    return p


def _fields(items: list[str]) -> dict[str, str]:
    out = {}
    for it in items:
        if "=" not in it:
            raise FramingError("E015", f"--field takes FIELD=NAME, got {it!r}")
        k, v = it.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _read_opts(args) -> dict[str, Any]:
    opts: dict[str, Any] = {}
    f = _fields(args.field)
    if f:
        opts["fields"] = f
    if args.metadata:
        opts["metadata"] = args.metadata
    if args.outlet:
        opts["outlet"] = args.outlet
    return opts


def _print_err(msg: str) -> None:
    print(f"framing: {msg}", file=sys.stderr)


def cmd_analyze(args) -> int:
    from .runner import run

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    bad = set(formats) - {"csv", "json", "html", "pdf", "parquet"}
    if bad:
        _print_err(f"[E015] unknown --format {', '.join(sorted(bad))} (csv, json, html, pdf, parquet)")
        return EXIT_USAGE
    if args.jobs is not None and args.jobs < 1:
        _print_err("[E015] --jobs must be at least 1")
        return EXIT_USAGE
    limits = {}
    if args.max_chars:
        limits["max_chars"] = args.max_chars
    if args.max_seconds:
        limits["max_seconds"] = args.max_seconds
    res = run(args.paths, args.out, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
              resume=args.resume, clean=not args.no_clean, formats=formats,
              progress=False if args.quiet else None, limits=limits or None, outlets=args.outlets,
              lexicons=args.lexicon or None, compare=not args.no_compare, read_options=_read_opts(args),
              max_articles=args.max_articles or None)
    if not args.quiet:
        print(f"framing: {res.n_documents} documents analysed"
              + (f" ({res.n_skipped} already done)" if res.n_skipped else "")
              + f", {res.n_errors} errors, {res.seconds:.1f}s -> {res.out}", file=sys.stderr)
        if res.n_errors:
            print(f"framing: see {res.out / 'errors.jsonl'}", file=sys.stderr)
    if res.n_documents == 0:
        return EXIT_FAILED
    return EXIT_PARTIAL if res.n_errors else EXIT_OK


def _each_doc(args):
    from .corpus.readers import read

    return read(*args.paths, on_error="yield", **_read_opts(args))


def cmd_clean_or_extract(args) -> int:
    from .clean import clean
    from .pipeline import extract, record_of

    if args.outlets:
        from .corpus.outlets import use_registry

        use_registry(args.outlets)
    if args.lexicon:
        os.environ["FRAMING_LEXICONS"] = os.pathsep.join(args.lexicon)
    n_ok = n_bad = 0
    out = sys.stdout
    for doc in _each_doc(args):
        if isinstance(doc, FramingError):
            _print_err(str(doc))
            n_bad += 1
            continue
        try:
            if args.command == "clean":
                if args.no_clean:
                    _print_err("[E015] --no-clean makes no sense with `framing clean`")
                    return EXIT_USAGE
                page = clean(doc)
                rec = {"id": doc.id, "source": doc.source, **page.to_dict(with_text=args.text)}
            else:
                ex = extract(doc, clean=not args.no_clean)
                rec = record_of(ex)
                if not args.text:
                    rec.pop("text", None)
        except FramingError as exc:
            _print_err(str(exc))
            n_bad += 1
            continue
        from .io import to_jsonable

        out.write(json.dumps(to_jsonable(rec), ensure_ascii=False, indent=args.indent or None) + "\n")
        n_ok += 1
    if n_ok == 0:
        return EXIT_FAILED
    return EXIT_PARTIAL if n_bad else EXIT_OK


def cmd_outlets(args) -> int:
    from .corpus.outlets import default_registry, use_registry

    reg = use_registry(args.outlets) if args.outlets else default_registry()
    if args.resolve:
        o = reg.lookup(args.resolve) or reg.from_url(args.resolve)
        if o is None:
            _print_err(f"no registered outlet matches {args.resolve!r}")
            return EXIT_PARTIAL
        print(json.dumps(o.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    df = reg.to_frame()
    if args.type:
        df = df[df["type"] == args.type]
    if args.csv:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif args.json:
        print(json.dumps(df.to_dict(orient="records"), ensure_ascii=False, indent=2))
    else:
        w = max(len(n) for n in df["name"]) if len(df) else 10
        for r in df.itertuples():
            print(f"{r.name:<{w}}  {r.type:<18} {r.country or '':<22} {r.domains.split('|')[0] if r.domains else ''}")
        print(f"({len(df)} outlets)", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command in ("analyze", "analyse"):
            return cmd_analyze(args)
        if args.command in ("clean", "extract"):
            return cmd_clean_or_extract(args)
        if args.command == "outlets":
            return cmd_outlets(args)
    except FramingError as exc:
        _print_err(str(exc))
        return EXIT_USAGE if exc.code == "E015" else EXIT_FAILED
    except KeyboardInterrupt:
        _print_err("interrupted; finished results are on disk (rerun with --resume)")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
