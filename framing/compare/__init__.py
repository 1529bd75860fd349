"""Comparative scoring of outlets (being written)."""
from .._callable import make_callable

make_callable(__name__, "framing.compare:compare")


def compare(documents_or_analysis, **options):
    raise ImportError("framing.compare is not built yet")
