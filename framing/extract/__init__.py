"""Feature extractors, one module per family, registered by name (see :mod:`.registry`).

``framing.extract(text_or_document)`` (the public function) lives in
:mod:`framing.pipeline`; this subpackage is callable as a fallback.
"""
from .._callable import make_callable

make_callable(__name__, "framing.pipeline:extract")
