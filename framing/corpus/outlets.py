"""Outlet registry: who published a page, and what kind of organisation it is.

The registry ships as package data (``framing/data/outlets.csv``, described in
``outlets.md`` beside it) and resolves an outlet from, in this order:

1. the ``outlet`` metadata field (canonical name or any alias, case-insensitive),
2. the URL's host (a registered domain or any sub-domain of it),
3. tell-tale text in the page ("Read Full Article on TheEpochTimes.com",
   "(MENAFN)", "By Russia Today"): the earliest tell wins.

Users add their own outlets from a CSV with the same columns
(:meth:`OutletRegistry.from_csv`), overriding rows of the same name.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from .. import _regex
from ..errors import ConfigError

__all__ = ["Outlet", "OutletRegistry", "default_registry", "resolve_outlet", "REGISTRY_VERSION"]

REGISTRY_VERSION = "2026.11.1"
#: Longest string tried as an outlet name with the suffix rules of :meth:`OutletRegistry.lookup`.
_MAX_NAME_CHARS = 300
_COLUMNS = ("name", "aliases", "domains", "country", "type", "ownership", "agency", "tells")
OUTLET_TYPES = ("state_media", "public_broadcaster", "news_agency", "wire_republisher", "aggregator",
                "partisan", "private", "content_farm")

# Names and aliases that are ordinary words when they appear in running text: they
# resolve metadata but are not searched for as mentions.
_AMBIGUOUS_MENTIONS = {
    "time", "independent", "guardian", "reason", "vice", "insider", "economist", "slate", "salon",
    "the hill", "the nation", "the week", "the times", "the national", "dawn", "fox", "the independent",
    "the guardian", "the atlantic", "mother jones", "medium", "rt", "et", "aa", "spa", "rg", "ria", "ft",
    "abc", "cbs", "nbc", "ap", "the blaze", "bloomberg", "tass", "kbs", "spiegel", "le monde", "nikkei",
}


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    country: str | None = None
    type: str = "private"
    ownership: str | None = None
    agency: bool = False
    tells: tuple[str, ...] = ()

    @property
    def is_state_media(self) -> bool:
        return self.type == "state_media"

    def to_dict(self) -> dict:
        return {
            "name": self.name, "aliases": "|".join(self.aliases), "domains": "|".join(self.domains),
            "country": self.country, "type": self.type, "ownership": self.ownership,
            "agency": "yes" if self.agency else "no", "tells": "|".join(self.tells),
        }


def _split(v: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (v or "").split("|") if x.strip())


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _squash(name: str) -> str:
    """Lower-case letters and digits only: "The Epoch Times" -> "theepochtimes"."""
    return re.sub(r"[\W_]+", "", name.lower())


@dataclass
class OutletRegistry:
    outlets: list[Outlet] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._reindex()

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[dict], *, source: str = "<rows>") -> "OutletRegistry":
        outs = []
        for i, r in enumerate(rows, start=2):
            name = (r.get("name") or "").strip()
            if not name:
                raise ConfigError("E016", "row has no name", path=source, line=i)
            typ = (r.get("type") or "private").strip()
            if typ not in OUTLET_TYPES:
                raise ConfigError("E016", f"unknown outlet type {typ!r} (one of {', '.join(OUTLET_TYPES)})",
                                  path=source, line=i)
            outs.append(Outlet(
                name=name, aliases=_split(r.get("aliases")), domains=tuple(d.lower() for d in _split(r.get("domains"))),
                country=(r.get("country") or "").strip() or None, type=typ,
                ownership=(r.get("ownership") or "").strip() or None,
                agency=(r.get("agency") or "").strip().lower() in ("yes", "true", "1"),
                tells=_split(r.get("tells")),
            ))
        return cls(outs)

    @classmethod
    def from_csv(cls, path: str | Path, *, base: "OutletRegistry | None" = None) -> "OutletRegistry":
        """Load a user CSV (same columns as the shipped one); rows override ``base`` by name."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ConfigError("E016", f"cannot read outlet file: {exc}", path=str(path)) from None
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ConfigError("E016", "outlet CSV needs a 'name' column", path=str(path), line=1)
        new = cls.from_rows(reader, source=str(path))
        if base is None:
            return new
        return base.merged(new)

    def merged(self, other: "OutletRegistry") -> "OutletRegistry":
        names = {_norm(o.name) for o in other.outlets}
        return OutletRegistry([o for o in self.outlets if _norm(o.name) not in names] + list(other.outlets))

    def add(self, outlet: Outlet) -> None:
        self.outlets = [o for o in self.outlets if _norm(o.name) != _norm(outlet.name)] + [outlet]
        self._reindex()

    def _reindex(self) -> None:
        self._by_name: dict[str, Outlet] = {}
        for o in self.outlets:
            for n in (o.name, *o.aliases):
                self._by_name.setdefault(_norm(n), o)
        for o in self.outlets:  # canonical names win over aliases
            self._by_name[_norm(o.name)] = o
        # "AsianLiteNews", "TheEpochTimes": names as a read-through link or a domain writes them
        self._by_squashed: dict[str, Outlet] = {}
        for key, o in self._by_name.items():
            self._by_squashed.setdefault(_squash(key), o)
        self._by_domain = {d: o for o in self.outlets for d in o.domains}
        tells = [(t, o) for o in self.outlets for t in o.tells]
        self._tells = tells
        self._tell_re = (_regex.compile("|".join(f"({re.escape(t)})" for t, _ in tells), re.IGNORECASE)
                         if tells else None)
        # mention patterns: names and aliases, longest first, word-bounded
        terms = []
        for o in self.outlets:
            for n in (o.name, *o.aliases):
                if _norm(n) in _AMBIGUOUS_MENTIONS or len(n) < 2:
                    continue
                terms.append((n, o))
        terms.sort(key=lambda t: -len(t[0]))
        self._mention_terms = {}
        parts = []
        for n, o in terms:
            key = n if (n.isupper() and len(n) <= 5) else n.lower()
            if key in self._mention_terms:
                continue
            self._mention_terms[key] = o
            esc = re.escape(n)
            # short all-caps acronyms are matched case-sensitively, other names case-insensitively
            parts.append(esc if (n.isupper() and len(n) <= 5) else f"(?i:{esc})")
        self._mention_re = _regex.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])") if parts else None

    # -- look-ups ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.outlets)

    def __iter__(self):
        return iter(self.outlets)

    def lookup(self, name: str | None) -> Outlet | None:
        """The outlet with this canonical name or alias (case-insensitive), or None."""
        if not name:
            return None
        o = self._by_name.get(_norm(name))
        if o is None and len(name) <= _MAX_NAME_CHARS:
            # "Fox News (Online)" style suffixes and "The " prefix (names are short: a longer
            # string is no outlet name, and the suffix pattern is quadratic on long runs of spaces)
            base = re.sub(r"\s*[\(\[].*?[\)\]]\s*$|\s+-\s+\w+$", "", name).strip()
            o = self._by_name.get(_norm(base)) or self._by_name.get(_norm(re.sub(r"^the\s+", "", base, flags=re.I)))
            if o is None and not base.lower().startswith("the "):
                o = self._by_name.get(_norm("The " + base))
        return o

    def match_name(self, name: str | None) -> Outlet | None:
        """:meth:`lookup`, then the name as a link or credit writes it: spaces and punctuation
        dropped, a leading "the" and a ".com"-style suffix optional ("AsianLiteNews.com",
        "TheEpochTimes"), then as a domain."""
        if not name or len(name) > _MAX_NAME_CHARS:
            return None
        o = self.lookup(name)
        if o is not None:
            return o
        base = re.sub(r"(?i)\.(?:com|org|net|co\.uk|co|news|info)$", "", name.strip())
        sq = _squash(base)
        o = self._by_squashed.get(sq) or self._by_squashed.get(re.sub(r"^the", "", sq))
        if o is None and "." in name:
            o = self._by_domain.get(name.strip().lower().removeprefix("www."))
        return o

    def from_url(self, url: str | None) -> Outlet | None:
        """The outlet whose domain (or a parent domain) is the URL's host."""
        if not url:
            return None
        try:
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        except ValueError:
            return None
        if host.startswith("www."):
            host = host[4:]
        parts = host.split(".")
        for i in range(len(parts) - 1):
            o = self._by_domain.get(".".join(parts[i:]))
            if o is not None:
                return o
        return None

    def from_text(self, text: str, *, window: int = 200_000) -> tuple[Outlet, int, int] | None:
        """The outlet a tell-tale phrase names (first and last ``window`` chars searched).

        A tell of the original publisher beats a tell of an aggregator that reposted
        it (seed 000: "Read Full Article on TheEpochTimes.com" beats "5Mind"); among
        equals the earliest wins.
        """
        hits = self.tells_in(text, window=window)
        if not hits:
            return None
        original = [h for h in hits if h[0].type != "aggregator"]
        return (original or hits)[0]

    def tells_in(self, text: str, *, window: int = 200_000) -> list[tuple[Outlet, int, int]]:
        """Every tell-tale phrase found, in order: ``(outlet, start, end)``."""
        if self._tell_re is None or not text:
            return []
        spans = [(0, min(len(text), window))]
        if len(text) > window:
            spans.append((len(text) - window, len(text)))
        out = []
        for a, b in spans:
            for m in self._tell_re.finditer(text, a, b):
                out.append((self._tells[m.lastindex - 1][1], m.start(), m.end()))
        return out

    def find_mentions(self, text: str) -> list[tuple[int, int, Outlet]]:
        """Every mention of a registered outlet by name or unambiguous alias, in order."""
        if self._mention_re is None:
            return []
        out = []
        for m in self._mention_re.finditer(text):
            s = m.group()
            o = self._mention_terms.get(s) or self._mention_terms.get(s.lower())
            if o is None:
                o = self.lookup(s)
            if o is not None:
                out.append((m.start(), m.end(), o))
        return out

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([o.to_dict() for o in self.outlets], columns=list(_COLUMNS))


@lru_cache(maxsize=1)
def _shipped() -> OutletRegistry:
    data = resources.files("framing").joinpath("data/outlets.csv").read_text(encoding="utf-8")
    return OutletRegistry.from_rows(csv.DictReader(io.StringIO(data)), source="framing/data/outlets.csv")


_user_registry: OutletRegistry | None = None


def default_registry() -> OutletRegistry:
    """The registry in force: the shipped one, plus user outlets set by :func:`use_registry`."""
    return _user_registry or _shipped()


def use_registry(registry: OutletRegistry | str | Path | None) -> OutletRegistry:
    """Make ``registry`` (or the shipped registry extended by a CSV path) the default."""
    global _user_registry
    if registry is None:
        _user_registry = None
        return _shipped()
    if not isinstance(registry, OutletRegistry):
        registry = OutletRegistry.from_csv(registry, base=_shipped())
    _user_registry = registry
    return registry


def resolve_outlet(doc, page=None, *, registry: OutletRegistry | None = None):
    """Resolve the outlet of a Document: ``(Outlet, how)`` or None.

    ``how`` is ``"metadata"``, ``"url"`` or ``"text:<phrase>"``. When the
    metadata names an outlet the registry does not know, the name is kept as
    given and None is returned.
    """
    reg = registry or default_registry()
    if doc.outlet:
        o = reg.lookup(doc.outlet)
        return (o, "metadata") if o is not None else None
    o = reg.from_url(doc.url)
    if o is not None:
        return o, "url"
    hit = reg.from_text(doc.text)
    if hit is not None:
        o, s, e = hit
        return o, f"text:{doc.text[s:e]}"
    return None
