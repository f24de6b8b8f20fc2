"""GPMB compensation engine: facts + policy pack -> calculation lines. No Django here."""

from .compute import compute, compute_many
from .facts import CaseFacts, FactsError
from .lines import Line, Result
from .pack import Pack, PackError, find_pack, load_pack, load_pack_text

__all__ = [
    "CaseFacts",
    "FactsError",
    "Line",
    "Pack",
    "PackError",
    "Result",
    "compute",
    "compute_many",
    "find_pack",
    "load_pack",
    "load_pack_text",
]
