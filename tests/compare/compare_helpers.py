"""Synthetic Analysis objects built directly with pandas (no extractor needed)."""
from __future__ import annotations

import numpy as np
import pandas as pd


from framing.pipeline import Analysis

# Sentences written from real reporting of three events (AP/Reuters style), used as bodies.
EVENTS = {
    "quake": ("A magnitude 7.8 earthquake struck southern Turkey and northern Syria before dawn, toppling "
              "apartment blocks in Gaziantep and Kahramanmaras. Rescue teams searched the rubble as the death "
              "toll passed 11,000 and aftershocks shook the region. The Turkish Disaster and Emergency "
              "Management Authority said 6,000 buildings collapsed."),
    "budget": ("The Senate passed a $1.7 trillion spending bill to keep the government funded through "
               "September, sending the measure to the House. Senate Majority Leader Chuck Schumer said the "
               "package includes aid for Ukraine and disaster relief. The vote was 68 to 29."),
    "missile": ("North Korea fired a ballistic missile into the sea off its east coast, the South Korean "
                "military said, the latest in a series of launches. Japan's Defence Ministry said the missile "
                "flew about 1,000 kilometres. Leader Kim Jong Un has vowed to expand the nuclear arsenal."),
}


def make_analysis(rows: list[dict], bodies: dict[str, str] | None = None) -> Analysis:
    """An Analysis from rows of metadata + features (keys "family.feature")."""
    docs = pd.DataFrame(rows)
    for col in ("id", "outlet", "published", "story", "title"):
        if col not in docs.columns:
            docs[col] = None
    if bodies is None:
        bodies = {str(r["id"]): r.get("_body", "") for r in rows}
    docs = docs.drop(columns=[c for c in docs.columns if c == "_body"])
    empty = pd.DataFrame(columns=["doc_id", "family", "label", "start", "end", "text", "voice"])
    return Analysis(documents=docs, evidence=empty, attributions=pd.DataFrame(), blocks=pd.DataFrame(),
                    errors=pd.DataFrame(columns=["code", "message", "path", "line"]), bodies=bodies)


def loaded_world(*, n_stories: int, outlet_factor: dict[str, float], seed: int, noise: float = 0.15,
                 coverage: dict[str, set[int]] | None = None, articles_per_cell: int = 1) -> list[dict]:
    """Stories with a topic level (1 to 20 loaded words per 1k); outlet o writes factor[o] x that level.

    ``coverage`` restricts which stories each outlet covers (default: all). Noise is
    multiplicative, log-normal with SD ``noise``.
    """
    rng = np.random.default_rng(seed)
    level = rng.uniform(1.0, 20.0, n_stories)
    rows = []
    for s in range(n_stories):
        for o, fac in outlet_factor.items():
            if coverage is not None and s not in coverage[o]:
                continue
            for a in range(articles_per_cell):
                v = fac * level[s] * float(np.exp(rng.normal(0.0, noise)))
                rows.append({"id": f"{o}-{s}-{a}", "outlet": o, "story": f"s{s:03d}", "published": "2024-01-01",
                             "loaded.outlet.per_1k": v, "loaded.scare_quotes.per_1k": 0.0})
    return rows


