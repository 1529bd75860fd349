"""Readers that yield :class:`~framing.types.Document` objects.

:func:`read` takes files, folders, globs and ``-`` (standard input) and
dispatches on the file type:

- ``.txt`` (and any other text file): one document per file; metadata from a
  CSV beside it (``metadata.csv`` or ``<folder>.csv`` with a ``file`` column);
- ``.html``/``.htm``: one document; ``html`` keeps the markup, ``text`` is the
  page rendered to text one block a line (see :func:`html_to_text`);
- ``.jsonl``/``.ndjson``/``.json``: one document per line (or per array item);
- ``.csv``/``.tsv``: one document per row;
- any of these compressed as ``.gz``.

Fields are mapped from the names that trafilatura, newspaper4k and Media Cloud
exports use (:data:`DEFAULT_FIELDS`); pass ``fields={"text": "body", ...}`` to
map other names. Bad input never ends the stream early: with
``on_error="yield"`` a :class:`~framing.errors.FramingError` naming the file and
line is yielded in place of the document, ``"warn"`` (default) warns and goes
on, ``"skip"`` goes on silently, ``"raise"`` raises.
"""
from __future__ import annotations

import csv
import glob as _glob
import gzip
import io
import json
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .. import _regex
from ..errors import FramingError, InputError
from ..types import Document
from .encodings import decode_bytes

__all__ = ["read", "read_text_file", "read_html_file", "read_jsonl", "read_csv", "html_to_text",
           "DEFAULT_FIELDS", "MAX_BYTES"]

#: Largest file read (bytes); larger files are reported with E010, not read.
MAX_BYTES = 512 * 1024 * 1024

#: Default field names, first match wins (trafilatura, newspaper4k, Media Cloud, scrapers).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "page_text", "body", "content", "article_text", "maintext", "raw_text", "story_text",
             "full_text", "article"),
    "html": ("html", "raw_html", "page_html"),
    "id": ("id", "doc_id", "stories_id", "story_id_source", "uuid", "fingerprint", "guid"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "source_url", "original_url"),
    "outlet": ("outlet", "sitename", "site_name", "media_name", "publisher", "source_name", "source", "outlet_name"),
    "published": ("published", "date", "publish_date", "published_date", "date_publish", "pub_date",
                  "publication_date", "datetime", "timestamp"),
    "story": ("story", "story_id", "event", "event_id", "cluster"),
    "language": ("language", "lang"),
}
_META_FILE_COLUMNS = ("file", "filename", "path", "file_name")
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_CSV_SUFFIXES = {".csv", ".tsv"}
_SKIP_NAMES = {"readme.md", "readme.txt", "readme", "license", "license.txt", "metadata.csv", "errors.jsonl"}


def _report(err: FramingError, on_error: str):
    if on_error == "raise":
        raise err
    if on_error == "warn":
        warnings.warn(str(err), stacklevel=3)
    return err if on_error == "yield" else None


def read(*paths: str | os.PathLike, fields: Mapping[str, str | Iterable[str]] | None = None,
         on_error: str = "warn", metadata: str | os.PathLike | None = None, stdin=None,
         recursive: bool = True, max_bytes: int = MAX_BYTES, **defaults: Any) -> Iterator[Document]:
    """Yield Documents from files, folders, globs, or ``-`` for standard input.

    ``fields`` maps a Document field to a column/key name (or several, first
    present wins). ``metadata`` names a CSV of per-file metadata for text files
    (default: ``metadata.csv`` beside them). ``defaults`` (e.g. ``outlet="RT"``)
    fill fields the input leaves empty. Order is stable: folders are read in
    sorted order.
    """
    if on_error not in ("warn", "yield", "skip", "raise"):
        raise ValueError("on_error must be 'warn', 'yield', 'skip' or 'raise'")
    fmap = _field_map(fields)
    for p in paths:
        p = os.fspath(p)
        if p == "-":
            yield from _read_stdin(stdin or sys.stdin, fmap, on_error, defaults)
            continue
        if any(ch in p for ch in "*?[") and not os.path.exists(p):
            matches = sorted(_glob.glob(p, recursive=True))
            if not matches:
                e = _report(InputError("E001", "no file matches this pattern", path=p), on_error)
                if e is not None:
                    yield e
            for m in matches:
                if os.path.isfile(m):
                    yield from _read_path(Path(m), fmap, on_error, metadata, max_bytes, defaults)
            continue
        path = Path(p)
        if not path.exists():
            e = _report(InputError("E001", path=p), on_error)
            if e is not None:
                yield e
            continue
        if path.is_dir():
            files = sorted(path.rglob("*") if recursive else path.iterdir())
            for f in files:
                if f.is_file() and _wanted(f):
                    yield from _read_path(f, fmap, on_error, metadata, max_bytes, defaults)
        else:
            yield from _read_path(path, fmap, on_error, metadata, max_bytes, defaults)


def _wanted(f: Path) -> bool:
    name = f.name.lower()
    if name.startswith(".") or name in _SKIP_NAMES or any(part.startswith(".") for part in f.parts[:-1] if part not in (".", "..")):
        return False
    suf = _suffix(f)
    if suf in _CSV_SUFFIXES and _is_metadata_csv(f):
        return False
    return suf in _TEXT_SUFFIXES | _HTML_SUFFIXES | _JSONL_SUFFIXES | _CSV_SUFFIXES and name not in ("readme.md",)


def _suffix(f: Path) -> str:
    sufs = [s.lower() for s in f.suffixes]
    if sufs and sufs[-1] == ".gz":
        return sufs[-2] if len(sufs) > 1 else ".txt"
    return sufs[-1] if sufs else ".txt"


def _is_metadata_csv(f: Path) -> bool:
    """A CSV with a file column and no text column describes other files."""
    try:
        with _open_bytes(f) as fh:
            head = fh.read(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    first = head.splitlines()[0] if head else ""
    cols = {c.strip().lower() for c in next(csv.reader([first]), [])} if first else set()
    return bool(cols & set(_META_FILE_COLUMNS)) and not (cols & set(DEFAULT_FIELDS["text"]))


def _field_map(fields: Mapping[str, str | Iterable[str]] | None) -> dict[str, tuple[str, ...]]:
    fmap = {k: tuple(v) for k, v in DEFAULT_FIELDS.items()}
    for k, v in (fields or {}).items():
        if k not in DEFAULT_FIELDS:
            raise FramingError("E015", f"unknown document field {k!r} in fields= (one of {', '.join(DEFAULT_FIELDS)})")
        fmap[k] = (v,) if isinstance(v, str) else tuple(v)
    return fmap


def _open_bytes(path: Path):
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return open(path, "rb")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes and path.suffix.lower() != ".gz":
        raise InputError("E010", f"file has {size:,} bytes, over the limit of {max_bytes:,}", path=str(path))
    with _open_bytes(path) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError("E004", f"cannot decompress: {exc}", path=str(path)) from None
    if len(data) > max_bytes:
        raise InputError("E010", f"file holds more than {max_bytes:,} bytes", path=str(path))
    return data


def _read_path(path: Path, fmap, on_error, metadata, max_bytes, defaults) -> Iterator[Document]:
    suf = _suffix(path)
    try:
        if suf in _JSONL_SUFFIXES:
            yield from _with_errors(read_jsonl(path, fields=fmap, max_bytes=max_bytes, **defaults), on_error)
        elif suf in _CSV_SUFFIXES:
            yield from _with_errors(read_csv(path, fields=fmap, max_bytes=max_bytes, **defaults), on_error)
        elif suf in _HTML_SUFFIXES:
            yield read_html_file(path, metadata=metadata, max_bytes=max_bytes, **defaults)
        elif suf in _TEXT_SUFFIXES or suf not in {".pdf", ".docx", ".doc", ".xlsx", ".zip", ".png", ".jpg"}:
            yield read_text_file(path, metadata=metadata, max_bytes=max_bytes, **defaults)
        else:
            raise InputError("E008", f"unsupported file type {suf!r}", path=str(path))
    except FramingError as exc:
        e = _report(exc, on_error)
        if e is not None:
            yield e
    except OSError as exc:
        e = _report(InputError("E001", f"cannot read: {exc.strerror or exc}", path=str(path)), on_error)
        if e is not None:
            yield e


def _with_errors(items: Iterator[Document | FramingError], on_error: str) -> Iterator[Document]:
    for item in items:
        if isinstance(item, FramingError):
            e = _report(item, on_error)
            if e is not None:
                yield e
        else:
            yield item


# -- metadata beside text files -------------------------------------------------------------
_META_CACHE: dict[str, dict[str, dict[str, str]]] = {}


def _metadata_for(path: Path, metadata: str | os.PathLike | None) -> dict[str, str]:
    cand = [Path(metadata)] if metadata else [path.parent / "metadata.csv", path.parent.with_suffix(".csv")]
    for c in cand:
        if not c.is_file():
            continue
        key = str(c.resolve())
        if key not in _META_CACHE or _META_CACHE[key].get("\0mtime", {}).get("v") != str(c.stat().st_mtime):
            _META_CACHE[key] = _load_metadata(c)
        table = _META_CACHE[key]
        for k in (path.name, path.stem, str(path)):
            if k in table:
                return table[k]
    return {}


def _load_metadata(c: Path) -> dict[str, dict[str, str]]:
    text = decode_bytes(c.read_bytes(), path=str(c)).text
    reader = csv.DictReader(io.StringIO(text))
    cols = [x.strip().lower() for x in (reader.fieldnames or [])]
    key_col = next((reader.fieldnames[i] for i, x in enumerate(cols) if x in _META_FILE_COLUMNS), None)
    if key_col is None:
        raise InputError("E009", f"metadata CSV needs one of the columns {', '.join(_META_FILE_COLUMNS)}",
                         path=str(c), line=1)
    table: dict[str, dict[str, str]] = {"\0mtime": {"v": str(c.stat().st_mtime)}}
    for row in reader:
        name = (row.get(key_col) or "").strip()
        if name:
            table[name] = {k.strip(): (v or "").strip() for k, v in row.items() if k and k != key_col}
            table.setdefault(Path(name).stem, table[name])
    return table


def _doc_from_record(rec: Mapping[str, Any], fmap, *, text: str | None = None, source: str,
                     default_id: str, defaults: Mapping[str, Any]) -> Document:
    lower = {str(k).strip().lower(): v for k, v in rec.items()}
    used: set[str] = set()

    def pick(field: str):
        for name in fmap[field]:
            v = lower.get(name.lower())
            if v not in (None, ""):
                used.add(name.lower())
                return v
        return None

    if text is None:
        text = pick("text")
    html = pick("html")
    if text is None and html is not None:
        text = html_to_text(str(html))
    if text is None:
        raise InputError("E006", f"record has no text field (looked for {', '.join(fmap['text'])}; "
                         "map another with fields={'text': NAME})", path=source.rsplit(":", 1)[0],
                         line=int(source.rsplit(":", 1)[1]) if source.count(":") and source.rsplit(":", 1)[1].isdigit() else None)
    if not isinstance(text, str):
        text = str(text)
    meta = {f: pick(f) for f in ("id", "title", "url", "outlet", "published", "story", "language")}
    if meta["outlet"] is not None and not isinstance(meta["outlet"], str):
        meta["outlet"] = str(meta["outlet"])
    # trafilatura's "hostname"/"source-hostname" resolve through the URL look-up
    if meta["url"] is None and lower.get("hostname"):
        meta["url"] = str(lower["hostname"])
        used.add("hostname")
    extra = {k: v for k, v in lower.items() if k not in used and not k.startswith("\0") and k not in ("text",)}
    for k in ("title", "url", "outlet", "published", "story", "language"):
        if meta[k] is None and defaults.get(k) is not None:
            meta[k] = defaults[k]
    return Document(
        text=text, html=str(html) if html is not None else None,
        id=str(meta["id"]) if meta["id"] is not None else default_id,
        title=_s(meta["title"]), url=_s(meta["url"]), outlet=_s(meta["outlet"]), published=_s(meta["published"]),
        story=_s(meta["story"]), language=_s(meta["language"]), source=source,
        extra={k: v for k, v in extra.items() if isinstance(v, (str, int, float, bool)) or v is None},
    )


def _s(v: Any) -> str | None:
    return None if v is None else str(v)


def read_text_file(path: str | os.PathLike, *, metadata: str | os.PathLike | None = None,
                   max_bytes: int = MAX_BYTES, **defaults: Any) -> Document:
    """One plain-text file as a Document, with metadata from a CSV beside it."""
    path = Path(path)
    dec = decode_bytes(_read_bytes(path, max_bytes), path=str(path))
    meta = _metadata_for(path, metadata)
    rec = dict(meta)
    doc = _doc_from_record(rec, _field_map(None), text=dec.text, source=str(path), default_id=_stem(path),
                           defaults=defaults)
    doc.extra.update({"encoding": dec.encoding, **({"mojibake_repaired": True} if dec.repaired else {})})
    return doc


def _stem(path: Path) -> str:
    name = path.name
    for suf in reversed(path.suffixes):
        name = name[: -len(suf)] if name.endswith(suf) else name
    return name or path.name


def read_html_file(path: str | os.PathLike, *, metadata: str | os.PathLike | None = None,
                   max_bytes: int = MAX_BYTES, **defaults: Any) -> Document:
    """One HTML file: ``html`` keeps the markup, ``text`` the page rendered to text."""
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    declared = _declared_charset(data)
    dec = decode_bytes(data, path=str(path), declared=declared)
    text = html_to_text(dec.text, path=str(path))
    meta = dict(_metadata_for(path, metadata))
    if "title" not in {k.lower() for k in meta}:
        t = _html_title(dec.text)
        if t:
            meta["title"] = t
    doc = _doc_from_record(meta, _field_map(None), text=text, source=str(path), default_id=_stem(path),
                           defaults=defaults)
    doc.html = dec.text
    doc.extra.update({"encoding": dec.encoding})
    return doc


def _declared_charset(data: bytes) -> str | None:
    import re

    m = re.search(rb"<meta[^>]{0,200}charset=[\"']?([A-Za-z0-9_\-]{2,30})", data[:8192], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def _html_title(html: str) -> str | None:
    import re

    m = re.search(r"<title[^>]{0,200}>([^<]{1,500})</title>", html[:200_000], re.I)
    if not m:
        return None
    import html as _h

    return " ".join(_h.unescape(m.group(1)).split()) or None


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "section",
    "article", "aside", "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "form", "main",
    "dd", "dt", "dl", "address", "hr", "title", "caption", "label", "button", "option", "time",
}
_DROP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head", "canvas",
              "math", "video", "audio", "source", "picture", "img", "input", "select", "textarea", "link", "meta"}


def html_to_text(html: str, *, path: str | None = None, max_depth: int = 400) -> str:
    """Render HTML to plain text, one block a line, as the seed and eval page dumps are.

    Scripts, styles and embedded media are dropped; nothing is fetched. Nesting
    deeper than ``max_depth`` is flattened (its text kept) so hostile markup
    cannot exhaust the stack.
    """
    from lxml import etree, html as lhtml

    if not html.strip():
        return ""
    try:
        parser = lhtml.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                  huge_tree=False, encoding="utf-8")
        root = lhtml.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("E013", f"HTML could not be parsed: {exc}", path=path) from None
    lines: list[str] = []
    buf: list[str] = []

    def flush():
        s = " ".join("".join(buf).split())
        if s:
            lines.append(s)
        buf.clear()

    # iterative walk (no recursion: deep nesting is safe)
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            if node.tail:
                buf.append(node.tail)
            continue
        if tag in _DROP_TAGS or not isinstance(node.tag, str):
            if node.tail:
                buf.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        if node.text:
            buf.append(node.text)
        stack.append((node, True))
        children = list(node)
        for child in reversed(children):
            stack.append((child, False))
    flush()
    text = "\n".join(lines)
    # libxml2 stops descending past its nesting limit (256 levels) and drops what lies
    # deeper; hostile pages nest on purpose. When the tree kept much less text than the
    # markup holds, fall back to a linear tag stripper.
    if len(html) > 2000 or not text:
        rough = _strip_tags(html)
        if len(text) < 0.5 * len(rough):
            return rough
    return text


_DROP_BLOCKS = ("script", "style", "noscript", "template", "svg", "head")
# [^<>]* (not [^>]*) keeps every tag pattern linear: a run of "<" without ">" cannot rescan
_BLOCK_TAG_RE = _regex.compile(r"</?(?:%s)\b[^<>]*>" % "|".join(sorted(_BLOCK_TAGS)), re.I)
_ANY_TAG_RE = _regex.compile(r"<[^<>]*>")


_DROP_OPEN_RE = _regex.compile(r"<(%s)(?![\w-])" % "|".join(_DROP_BLOCKS), re.I)


def _drop_blocks(html: str) -> str:
    """Remove script/style/... elements with their content, by scanning (linear time)."""
    low = html.lower()
    out: list[str] = []
    i = 0
    n = len(html)
    while i < n:
        m = _DROP_OPEN_RE.search(html, i)
        if m is None:
            out.append(html[i:])
            break
        out.append(html[i:m.start()])
        k = low.find("</" + m.group(1).lower(), m.end())
        if k < 0:
            break  # unclosed: the rest is script/style
        e = low.find(">", k)
        i = n if e < 0 else e + 1
        out.append(" ")
    return "".join(out)


def _strip_tags(html: str) -> str:
    """Plain text of markup by pattern, one block a line (linear time; no tree)."""
    import html as _h

    s = _drop_blocks(html)
    s = _BLOCK_TAG_RE.sub("\n", s)
    s = _ANY_TAG_RE.sub("", s)
    s = _h.unescape(s)
    return "\n".join(" ".join(line.split()) for line in s.splitlines() if line.strip())


def read_jsonl(path: str | os.PathLike, *, fields=None, max_bytes: int = MAX_BYTES,
               **defaults: Any) -> Iterator[Document | FramingError]:
    """Documents from a JSON Lines file (or a JSON array); bad lines are yielded as errors.

    JSON Lines are streamed line by line (plain or gzip), so memory does not grow with
    the file; ``max_bytes`` bounds one line. A JSON array, or a file in UTF-16/32, is
    read whole (``max_bytes`` then bounds the file).
    """
    path = Path(path)
    fmap = fields if isinstance(fields, dict) and all(isinstance(v, tuple) for v in fields.values()) else _field_map(fields)
    stem = _stem(path)
    try:
        with _open_bytes(path) as fh:
            head = fh.read(4096)
    except (OSError, EOFError) as exc:
        yield InputError("E004", f"cannot decompress: {exc}", path=str(path))
        return
    if not head:
        yield InputError("E002", path=str(path))
        return
    lead = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    wide = head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:64]
    if lead.startswith(b"[") or wide:
        records = _whole_json(path, max_bytes)
    else:
        records = _jsonl_stream(path, max_bytes)
    n = 0
    for lineno, rec in records:
        n += 1
        if isinstance(rec, FramingError):
            yield rec
            continue
        if not isinstance(rec, dict):
            yield InputError("E019", f"line {lineno} holds a JSON {type(rec).__name__}, not an object",
                             path=str(path), line=lineno)
            continue
        yield _numbered_record(rec, fmap, path, stem, lineno, defaults)
    if n == 0:
        yield InputError("E002", "file holds only white space", path=str(path))


def _numbered_record(rec, fmap, path: Path, stem: str, lineno: int, defaults) -> Document | FramingError:
    """The Document of record ``lineno`` of a JSONL/CSV file, or its error naming file and line."""
    try:
        return _doc_from_record(rec, fmap, source=f"{path}:{lineno}", default_id=f"{stem}:{lineno}",
                                defaults=defaults)
    except FramingError as exc:
        exc.line = exc.line or lineno
        return exc


def _whole_json(path: Path, max_bytes: int):
    try:
        data = _read_bytes(path, max_bytes)
        text = decode_bytes(data, path=str(path), repair=False).text
    except FramingError as exc:
        yield 0, exc
        return
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            yield exc.lineno, InputError("E005", f"malformed JSON: {exc.msg}", path=str(path), line=exc.lineno)
            return
        except RecursionError:
            yield 1, InputError("E005", "malformed JSON: nested too deeply", path=str(path), line=1)
            return
        yield from ((i + 1, r) for i, r in enumerate(items if isinstance(items, list) else [items]))
    else:
        yield from _jsonl_lines(text.split("\n"), path)


def _jsonl_stream(path: Path, max_bytes: int):
    """``(line number, record or error)`` for each line of a JSON Lines file, streamed."""

    def lines():
        try:
            with _open_bytes(path) as fh:
                i = 0
                while True:
                    raw = fh.readline(max_bytes + 1)
                    if not raw:
                        return
                    i += 1
                    if len(raw) > max_bytes and not raw.endswith(b"\n"):
                        # an over-long line (or a decompression bomb): skip to its end
                        while True:
                            rest = fh.readline(1 << 20)
                            if not rest or rest.endswith(b"\n"):
                                break
                        yield InputError("E010", f"line holds more than {max_bytes:,} bytes", path=str(path), line=i)
                        continue
                    try:
                        yield raw.decode("utf-8")
                    except UnicodeDecodeError:
                        try:
                            yield decode_bytes(raw, path=str(path), repair=False).text
                        except FramingError as exc:
                            exc.line = i
                            yield exc
        except (OSError, EOFError) as exc:
            yield InputError("E004", f"cannot decompress: {exc}", path=str(path))

    yield from _jsonl_lines(lines(), path)


def _jsonl_lines(lines, path: Path):
    # JSON Lines records end at "\n" only: str.splitlines() would also cut at U+2028, U+0085,
    # \x1c-\x1e and lone \r, which may stand unescaped inside a JSON string
    for i, line in enumerate(lines, start=1):
        if isinstance(line, FramingError):
            yield i, line
            if line.code == "E004":
                return
            continue
        if not line.strip():
            continue
        try:
            yield i, json.loads(line)
        except json.JSONDecodeError as exc:
            yield i, InputError("E005", f"malformed JSON line: {exc.msg} (column {exc.colno})", path=str(path), line=i)
        except RecursionError:
            yield i, InputError("E005", "malformed JSON line: nested too deeply", path=str(path), line=i)


def read_csv(path: str | os.PathLike, *, fields=None, max_bytes: int = MAX_BYTES,
             **defaults: Any) -> Iterator[Document | FramingError]:
    """Documents from a CSV/TSV export, one per row; the header names the fields.

    UTF-8 files (plain or gzip) are streamed row by row; other encodings are decoded whole.
    """
    path = Path(path)
    fmap = fields if isinstance(fields, dict) and all(isinstance(v, tuple) for v in fields.values()) else _field_map(fields)
    with _open_bytes(path) as fh:
        try:
            head = fh.read(65536)
        except (OSError, EOFError) as exc:
            raise InputError("E004", f"cannot decompress: {exc}", path=str(path)) from None
    if not head.strip():
        raise InputError("E002", path=str(path))
    try:
        head.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as exc:
        utf8 = exc.start >= len(head) - 3  # only a character cut at the end of the sample
    if utf8 and b"\x00" not in head:
        stream = io.TextIOWrapper(_open_bytes(path), encoding="utf-8-sig", newline="")
    else:
        stream = io.StringIO(decode_bytes(_read_bytes(path, max_bytes), path=str(path), repair=False).text, newline="")
    with stream:
        yield from _csv_rows(stream, path, fmap, max_bytes, defaults)


def _csv_rows(stream, path: Path, fmap, max_bytes: int, defaults) -> Iterator[Document | FramingError]:
    delim = "\t" if _suffix(path) == ".tsv" else ","
    csv.field_size_limit(max(max_bytes, 1 << 20))
    try:
        reader = csv.DictReader(stream, delimiter=delim)
        cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    except (UnicodeDecodeError, OSError, EOFError, csv.Error) as exc:
        yield InputError("E004", f"cannot read the CSV header: {exc}", path=str(path), line=1)
        return
    cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    if not any(n.lower() in cols for n in fmap["text"] + fmap["html"]):
        yield InputError("E007", f"CSV has no text column (looked for {', '.join(fmap['text'])}; "
                         "map another with fields={'text': NAME})", path=str(path), line=1)
        return
    stem = _stem(path)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError("E009", f"malformed CSV: {exc}", path=str(path), line=reader.line_num)
            return
        except UnicodeDecodeError as exc:
            yield InputError("E004", f"bytes are not valid UTF-8 after line {reader.line_num}: {exc.reason}",
                             path=str(path), line=reader.line_num + 1)
            return
        except (OSError, EOFError) as exc:
            yield InputError("E004", f"cannot decompress: {exc}", path=str(path), line=reader.line_num)
            return
        lineno = reader.line_num
        if None in row:  # more cells than header columns
            row.pop(None)
        yield _numbered_record(row, fmap, path, stem, lineno, defaults)


def _read_stdin(stream, fmap, on_error, defaults) -> Iterator[Document]:
    """Standard input: JSON Lines when the first non-blank character is ``{``, else one text."""
    raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    try:
        text = decode_bytes(data, path="<stdin>").text
    except FramingError as exc:
        e = _report(exc, on_error)
        if e is not None:
            yield e
        return
    if text.lstrip().startswith("{"):
        for lineno, rec in _jsonl_lines(text.split("\n"), Path("<stdin>")):
            if isinstance(rec, FramingError):
                e = _report(rec, on_error)
                if e is not None:
                    yield e
                continue
            try:
                yield _doc_from_record(rec if isinstance(rec, dict) else {}, fmap, source=f"<stdin>:{lineno}",
                                       default_id=f"stdin:{lineno}", defaults=defaults)
            except FramingError as exc:
                e = _report(exc, on_error)
                if e is not None:
                    yield e
        return
    if text.lstrip().startswith("<") and "<html" in text[:2000].lower():
        doc = _doc_from_record({}, fmap, text=html_to_text(text), source="<stdin>", default_id="stdin",
                               defaults=defaults)
        doc.html = text
        yield doc
        return
    yield _doc_from_record({}, fmap, text=text, source="<stdin>", default_id="stdin", defaults=defaults)
