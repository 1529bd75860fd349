"""Term choice: which of several labels for the same referent a document uses.

Naming is framing (Entman 1993): "Kiev" or "Kyiv", "Ukraine conflict" or
"invasion", "regime" or "government", "militants" or "terrorists",
"illegal aliens" or "undocumented immigrants". The table
``framing/lexicons/term_choice.csv`` lists, per referent, the alternatives
(``variant``), their surface forms (``term``, matched with inflections,
hyphen and case variants) and what each choice signals (``stance``).

Stages:

1. **Match** every surface form (one Aho-Corasick pass, leftmost-longest, so
   "Ukraine conflict" wins over "conflict").
2. **Voice**: inside a direct quotation -> ``quoted``; else ``outlet`` (the
   outlet's own choice, the headline signal).
3. **Features** (outlet voice; prefixed ``term_choice.`` by the pipeline):
   ``<referent>.mentions``, ``<referent>.<variant>.count`` and
   ``<referent>.<variant>.share`` (share of the referent's outlet mentions;
   0 when the referent is not mentioned) for every row of the table, plus
   ``outlet.count``, ``quoted.count`` and ``referents`` (referents the outlet
   names). ``<variant>`` is the variant lower-cased with runs of other
   characters turned to ``_`` (``kyiv.kiev.share``,
   ``war_in_ukraine.ukraine_conflict.count``).

Rows whose referent is ``exclude`` remove a phrase from matching (KCNA's
"militant fraternity" is not an armed group).

**User tables**: an analyst adds referents and variants (or overrides packaged
rows: a later row for the same surface form wins) from CSV or YAML files named
in ``options["term_choices"]`` (a path or list of paths) or in the environment
variable ``FRAMING_TERM_CHOICES`` (``os.pathsep``-separated); see
:func:`read_term_choices` for the formats. Their referents get features like
the packaged ones. Each table is compiled once per file version.

Evidence: ``family="term_choice"``, ``label=<referent>``, attributes
``variant``, ``stance``, ``term``.
"""
from __future__ import annotations

import csv
import io
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import ConfigError
from ..types import Evidence
from .lexicon import EXCLUDE, Entry, Lexicon, user_paths
from .registry import Context, FamilyResult, register

__all__ = ["TermChoice", "term_table", "table_for", "read_term_choices", "user_term_choices",
           "find_term_choices", "slug", "feature_names", "TERM_CHOICE_ENV"]

#: Environment variable: user term-choice tables (``os.pathsep``-separated) added to the packaged one.
TERM_CHOICE_ENV = "FRAMING_TERM_CHOICES"


class TermChoice(NamedTuple):
    start: int
    end: int
    text: str
    referent: str
    variant: str
    stance: str
    voice: str


def slug(s: str) -> str:
    """Feature-name form of a variant: ``"Ukraine conflict"`` -> ``"ukraine_conflict"``."""
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


@lru_cache(maxsize=1)
def term_table() -> Lexicon:
    """The packaged term-choice table as a compiled lexicon (category = referent)."""
    from .. import lexicons

    meta = lexicons.read_meta("term_choice.csv")
    entries = []
    for row in lexicons.read_csv("term_choice.csv"):
        entries.append(Entry(row["term"], row["referent"], "framing-curated", True,
                             (("stance", row["stance"]), ("variant", row["variant"]))))
    return Lexicon(entries, name="term_choice", version=str(meta.get("version", "")))


def _row(row: dict, *, where: str, line: int | None, source: str) -> Entry:
    def get(k: str) -> str:
        v = row.get(k)
        return "" if v is None else str(v).strip()

    ref, variant = get("referent"), get("variant")
    term = get("term") or variant
    if not ref or not variant and ref != EXCLUDE:
        raise ConfigError("E014", "a term-choice row needs a referent and a variant", path=where, line=line)
    if not term:
        raise ConfigError("E014", f"referent {ref!r}: a row has no term", path=where, line=line)
    ref = ref if ref == EXCLUDE else slug(ref)
    if not ref:
        raise ConfigError("E014", f"referent {get('referent')!r} has no letters or digits", path=where, line=line)
    return Entry(term, ref, get("source") or source, True,
                 (("stance", get("stance") or "user"), ("variant", variant or term)))


def read_term_choices(path: str | os.PathLike) -> list[Entry]:
    """Rows of a user term-choice table (CSV or YAML) as lexicon entries (category = referent).

    CSV: a header with ``referent`` and ``variant`` (optional ``term``, default the
    variant; ``stance``, default ``user``; ``note``; ``source``), the packaged
    table's format. YAML: a list of such rows, or a mapping
    ``{referents: {referent: {variant: [term, ...] | term | {terms: [...], stance: s}}}}``.
    Referents are slugged (``"Gaza war"`` -> ``gaza_war``). Raises
    :class:`~framing.errors.ConfigError` ``E001`` (missing file) or ``E014`` (malformed).
    """
    p = Path(path)
    where = str(p)
    if not p.is_file():
        raise ConfigError("E001", f"term-choice table not found: {p}", path=where)
    text = p.read_text(encoding="utf-8-sig")
    src = p.name
    out: list[Entry] = []
    if p.suffix.lower() in {".yaml", ".yml"}:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError("E014", f"YAML error: {exc}", path=where) from None
        if isinstance(data, dict) and isinstance(data.get("referents"), dict):
            for ref, variants in data["referents"].items():
                if not isinstance(variants, dict):
                    raise ConfigError("E014", f"referent {ref!r} must map variants to terms", path=where)
                for variant, spec in variants.items():
                    stance = ""
                    if isinstance(spec, dict):
                        stance, spec = str(spec.get("stance") or ""), spec.get("terms", [variant])
                    terms = [spec] if isinstance(spec, str) else (spec or [variant])
                    if not isinstance(terms, list):
                        raise ConfigError("E014", f"variant {variant!r} must list terms", path=where)
                    for t in terms:
                        out.append(_row({"referent": ref, "variant": variant, "term": t, "stance": stance},
                                        where=where, line=None, source=src))
            return out
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ConfigError("E014", "YAML term-choice table must be a list of rows or a 'referents' mapping",
                              path=where)
        return [_row(r, where=where, line=None, source=src) for r in data]
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    fields = [f.strip() for f in reader.fieldnames or []]
    if "referent" not in fields or "variant" not in fields:
        raise ConfigError("E014", "CSV term-choice table needs 'referent' and 'variant' columns", path=where)
    for i, r in enumerate(reader, 2):
        out.append(_row({(k or "").strip(): v for k, v in r.items()}, where=where, line=i, source=src))
    return out


@lru_cache(maxsize=32)
def _user_table(path: str, mtime: float) -> tuple[Entry, ...]:
    return tuple(read_term_choices(path))


def user_term_choices(options: dict | None = None) -> list[str]:
    """User table paths from ``options["term_choices"]`` (a path or list) and ``$FRAMING_TERM_CHOICES``."""
    return user_paths(options, "term_choices", TERM_CHOICE_ENV)


@lru_cache(maxsize=16)
def _combined(key: tuple[tuple[str, float], ...]) -> Lexicon:
    extra = [e for path, mtime in key for e in _user_table(path, mtime)]
    return term_table().extended(extra, [p for p, _ in key])


def table_for(options: dict | None = None) -> Lexicon:
    """The packaged table extended by the user tables named in ``options`` / the environment (cached)."""
    paths = user_term_choices(options)
    if not paths:
        return term_table()
    key = []
    for p in paths:
        try:
            key.append((os.path.abspath(p), os.path.getmtime(p)))
        except OSError:
            raise ConfigError("E001", f"term-choice table not found: {p}", path=p) from None
    return _combined(tuple(key))


def _variants_of(table: Lexicon) -> dict[str, list[str]]:
    """Variants per referent, in table order (computed once per compiled table, kept on it)."""
    cached = table.__dict__.get("_framing_variants")
    if cached is not None:
        return cached
    out: dict[str, list[str]] = {}
    for e in table.entries:
        if e.category == EXCLUDE:
            continue
        v = dict(e.attrs)["variant"]
        lst = out.setdefault(e.category, [])
        if v not in lst:
            lst.append(v)
    table.__dict__["_framing_variants"] = out
    return out


def _feature_plan(table: Lexicon) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """Per referent: its ``mentions`` feature name and, per variant, ``(variant, count name, share name)``.

    Computed once per compiled table and kept on it (slugging every name per document cost more
    than matching).
    """
    cached = table.__dict__.get("_framing_plan")
    if cached is None:
        cached = [(ref, f"{ref}.mentions", [(v, f"{ref}.{slug(v)}.count", f"{ref}.{slug(v)}.share") for v in variants])
                  for ref, variants in _variants_of(table).items()]
        table.__dict__["_framing_plan"] = cached
    return cached


def _zero_features(table: Lexicon) -> dict[str, float]:
    """Every feature name of ``table`` (the order :func:`feature_names` gives) mapped to 0.0; built
    once per compiled table and kept on it (the features of a document start as a copy)."""
    cached = table.__dict__.get("_framing_zero")
    if cached is None:
        cached = dict.fromkeys(["outlet.count", "quoted.count", "referents"], 0.0)
        for _ref, mentions_name, variants in _feature_plan(table):
            cached[mentions_name] = 0.0
            for _v, count_name, share_name in variants:
                cached[count_name] = 0.0
                cached[share_name] = 0.0
        table.__dict__["_framing_zero"] = cached
    return cached


def _variants() -> dict[str, list[str]]:
    return _variants_of(term_table())


def feature_names(options: dict | None = None) -> list[str]:
    """The stable feature names of this family (unprefixed); with ``options``, user referents included."""
    names = ["outlet.count", "quoted.count", "referents"]
    for ref, variants in _variants_of(table_for(options)).items():
        names.append(f"{ref}.mentions")
        for v in variants:
            names += [f"{ref}.{slug(v)}.count", f"{ref}.{slug(v)}.share"]
    return names


def _choices(ctx: Context, table: Lexicon | None = None) -> list[TermChoice]:
    out = []
    from .loaded import context_matches

    for m in context_matches(ctx, table or term_table()):
        a = dict(m.entry.attrs)
        voice = "quoted" if ctx.quote_at(m.start, m.end) is not None else "outlet"
        out.append(TermChoice(m.start, m.end, m.surface, m.entry.category, a["variant"], a["stance"], voice))
    return out


def find_term_choices(text: str, *, options: dict | None = None) -> list[TermChoice]:
    """Term choices in ``text`` (treated as an article body) with their voice; ``options`` may name user tables."""
    return _choices(Context(text, options=options or {}), table_for(options))


@register("term_choice", order=40)
def extract_term_choice(ctx: Context) -> FamilyResult:
    """Which labelling alternative the outlet uses for each referent."""
    # 1-2. match and voice (packaged table plus the user's tables)
    table = table_for(ctx.options)
    found = _choices(ctx, table)
    # 3. features
    outlet = [c for c in found if c.voice == "outlet"]
    counts: dict[tuple[str, str], int] = {}
    mentions: dict[str, int] = {}
    for c in outlet:
        counts[(c.referent, c.variant)] = counts.get((c.referent, c.variant), 0) + 1
        mentions[c.referent] = mentions.get(c.referent, 0) + 1
    # every feature at 0.0, in the stable order (a copy of the table's template), then the values of
    # the referents the outlet mentions (an unmentioned referent's mentions, counts and shares are 0)
    f: dict[str, float] = dict(_zero_features(table))
    f["outlet.count"] = float(len(outlet))
    f["quoted.count"] = float(len(found) - len(outlet))
    f["referents"] = float(len(mentions))
    if mentions:
        for ref, mentions_name, variants in _feature_plan(table):
            n = mentions.get(ref, 0)
            if not n:
                continue
            f[mentions_name] = float(n)
            for v, count_name, share_name in variants:
                k = counts.get((ref, v), 0)
                f[count_name] = float(k)
                f[share_name] = k / n
    ev = [Evidence("term_choice", c.referent, c.start, c.end, c.text, c.voice,
                   {"variant": c.variant, "stance": c.stance, "term": c.text}) for c in found]
    return FamilyResult(features=f, evidence=ev)
