"""Report tables as files: CSV (formula-safe, via :func:`framing.io.write_csv`), JSON
(records, via :func:`framing.io.write_json`) and Parquet where pyarrow is installed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..io import atomic_write, write_csv, write_json

__all__ = ["report_tables", "write_tables", "TABLE_FORMATS"]

TABLE_FORMATS = ("csv", "json", "parquet")
_COMPARISON_FRAMES = ("outlets", "stories", "pairs", "terms", "coverage", "features")


def report_tables(analysis=None, comparison=None) -> dict[str, Any]:
    """The DataFrames a report's tables hold, by name (empty ones left out)."""
    from .model import outlet_estimates

    out: dict[str, Any] = {}
    if analysis is not None:
        for name in ("documents", "evidence", "attributions", "blocks", "errors"):
            df = getattr(analysis, name, None)
            if df is not None and len(df.columns):
                out[name] = df
    if comparison is not None:
        for name in _COMPARISON_FRAMES:
            df = getattr(comparison, name, None)
            if df is not None and hasattr(df, "to_csv") and len(df.columns):
                out[f"comparison_{name}"] = df
    else:
        long, _ = outlet_estimates(analysis, None)
        if long is not None and len(long):
            out["outlet_estimates"] = long
    return out


def _parquet_ok() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _write_parquet(df, path: Path) -> Path:
    frame = df.copy()
    for c in frame.columns:
        if frame[c].dtype == object:
            # mixed Python objects (lists, dicts, None with numbers) -> text, so pyarrow accepts the column
            frame[c] = frame[c].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    frame.columns = [str(c) for c in frame.columns]
    with atomic_write(path, "wb") as fh:
        frame.to_parquet(fh, index=False)
    return path


def write_tables(analysis=None, comparison=None, out_dir: str | Path = ".", *,
                 formats=("csv", "json", "parquet")) -> dict[str, Path]:
    """Write each table in each format to ``out_dir``; return ``{"name.ext": path}``.

    Parquet is skipped (not faked) when pyarrow is missing.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, df in report_tables(analysis, comparison).items():
        if "csv" in formats:
            written[f"{name}.csv"] = write_csv(df, out_dir / f"{name}.csv")
        if "json" in formats:
            # compact JSON (no indentation): the evidence table of a large corpus runs to millions of records
            written[f"{name}.json"] = write_json(df.to_dict("records"), out_dir / f"{name}.json", indent=None)
        if "parquet" in formats and _parquet_ok():
            written[f"{name}.parquet"] = _write_parquet(df, out_dir / f"{name}.parquet")
    return written
