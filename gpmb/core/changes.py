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

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


# Inside `deferred()`: the case and household ids collected until the block ends.
_PENDING: ContextVar[tuple[set[int], set[int]] | None] = ContextVar("changes", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the changes made inside the block and tell the listeners once, when it
    ends without an error: for a bulk writer (the demo) whose services would otherwise
    refresh the same cases step after step. Readers see the derived rows lag the records
    until then; a block that fails tells nobody (run the writer again, or
    `gpmb progress_rebuild`)."""
    outer = _PENDING.get()
    pending: tuple[set[int], set[int]] = (set(), set())
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    if outer is not None:  # nested: the outer block tells
        outer[0].update(pending[0])
        outer[1].update(pending[1])
        return
    households_changed(pending[1])
    cases_changed(pending[0])


def cases_changed(case_ids: Iterable[int]) -> None:
    """Tell every listener that the figures of `case_ids` may have changed."""
    ids = sorted({int(pk) for pk in case_ids})
    if not ids:
        return
    pending = _PENDING.get()
    if pending is not None:
        pending[0].update(ids)
        return
    for listener in LISTENERS:
        listener(ids)


def households_changed(household_ids: Iterable[int | None]) -> None:
    """Tell every listener that the figures of the cases of `household_ids` may have
    changed (a tenure, a parcel's recovered area)."""
    ids = sorted({int(pk) for pk in household_ids if pk is not None})
    if not ids:
        return
    pending = _PENDING.get()
    if pending is not None:
        pending[1].update(ids)
        return
    for listener in HOUSEHOLD_LISTENERS:
        listener(ids)
