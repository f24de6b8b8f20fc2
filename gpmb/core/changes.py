"""Cases whose figures changed, told to whoever keeps something derived from them.

A service that changes what a case's figures are read from — a recorded legal step or
its deadline, a plan version or its state, a ledger entry, a deposit, a handover, a
tenure, a parcel's recovered area, a case created — calls `cases_changed(ids)` after its
writes, inside its own transaction. The listeners (registered by higher apps in their
AppConfig.ready: reports keeps one progress row per case) run at once, in that same
transaction, so what they derive commits or rolls back with the records it was derived
from: no reader ever sees the records of one moment and the rows of another. Lower apps
cannot import the higher ones; this registry is how they reach them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[list[int]], None]

LISTENERS: list[Listener] = []
# Apps below cases (parties: a tenure) name the households; the listener finds their cases.
HOUSEHOLD_LISTENERS: list[Listener] = []


def on_cases_changed(listener: Listener, households: Listener) -> None:
    """Register `listener` for case ids and `households` for household ids (once, however
    often AppConfig.ready runs)."""
    if listener not in LISTENERS:
        LISTENERS.append(listener)
    if households not in HOUSEHOLD_LISTENERS:
        HOUSEHOLD_LISTENERS.append(households)


def cases_changed(case_ids: Iterable[int]) -> None:
    """Tell every listener that the figures of `case_ids` may have changed."""
    ids = sorted({int(pk) for pk in case_ids})
    if not ids:
        return
    for listener in LISTENERS:
        listener(ids)


def households_changed(household_ids: Iterable[int | None]) -> None:
    """Tell every listener that the figures of the cases of `household_ids` may have
    changed (a tenure, a parcel's recovered area)."""
    ids = sorted({int(pk) for pk in household_ids if pk is not None})
    if not ids:
        return
    for listener in HOUSEHOLD_LISTENERS:
        listener(ids)
