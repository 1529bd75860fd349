"""Errors with stable codes (spaCy style): scripts match on the code, people read the text.

Every error a reader or extractor raises for bad input is a :class:`FramingError`
carrying a code from :data:`CODES`, the file and (where known) the line.
"""
from __future__ import annotations

from typing import Any

#: Stable error codes. Never renumber; add new ones at the end.
CODES: dict[str, str] = {
    "E001": "path does not exist",
    "E002": "file is empty",
    "E003": "file looks binary, not text",
    "E004": "bytes could not be decoded as text",
    "E005": "malformed JSON line",
    "E006": "record has no text field",
    "E007": "CSV has no text column",
    "E008": "unsupported input format",
    "E009": "metadata file is malformed",
    "E010": "document exceeds the size limit",
    "E011": "document exceeded the time limit",
    "E012": "extractor failed on this document",
    "E013": "HTML could not be parsed",
    "E014": "lexicon file is malformed",
    "E015": "invalid option",
    "E016": "outlet registry file is malformed",
    "E017": "comparison needs more data",
    "E018": "report rendering failed",
    "E019": "record is not a JSON object",
}


class FramingError(Exception):
    """Base error of the toolkit. ``code`` is stable; ``path``/``line`` locate bad input."""

    def __init__(self, code: str, message: str | None = None, *, path: str | None = None,
                 line: int | None = None, **detail: Any) -> None:
        if code not in CODES:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.path = path
        self.line = line
        self.detail = detail
        self.message = message or CODES[code]
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return f"[{self.code}] {where}{self.message}"

    def __reduce__(self):
        # picklable across process pools
        return (_rebuild, (self.__class__, self.code, self.message, self.path, self.line, self.detail))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message, "path": self.path, "line": self.line}
        d.update({k: v for k, v in self.detail.items() if isinstance(v, (str, int, float, bool)) or v is None})
        return d


def _rebuild(cls, code, message, path, line, detail):
    return cls(code, message, path=path, line=line, **detail)


class InputError(FramingError):
    """Bad input: a file, a line or a record that cannot be read."""


class ExtractorError(FramingError):
    """An extractor failed on one document (the pipeline isolates it)."""


class LimitError(FramingError):
    """A document is over a configured size or time limit."""


class ConfigError(FramingError):
    """A user-supplied option, lexicon or registry file is invalid."""
