"""The procedure template of a policy pack: the legal steps of a case, in order, with
their periods and the regimes those periods come from.

It is the value of the pack param `procedure.deadlines` (gpmb/policy/packs/README.md):

    procedure.deadlines:
      value:
        regimes:                 # the statutory periods in force, by the notice's date
          - code: luat-dat-dai-2024
            until: 2025-12-31
            periods: {posting: 30, dialogue: 60, appraisal: 30, ...}
            source: "Luật Đất đai 2024, Điều 85, 87"
          - code: nq-254-2025
            from: 2026-01-01
            periods: {posting: 10, dialogue: 30, appraisal: 30, ...}
            source: "Nghị quyết 254/2025/QH15, Điều 3 khoản 9"
        calendar: {days_off: [2026-03-03], days_on: []}   # optional, the province's own
        steps:
          - code: posting
            title: {vi: "Niêm yết ...", en: "Public posting ..."}
            scope: batch                         # household | batch
            after: draft_plan                    # optional: counts from this step's done
                                                 # date (default: the previous step)
            period: {regime: posting, unit: calendar}   # or {days: 15, unit: working}
            bound: by                            # by = deadline; after = not before
            may_skip: false                      # may be "not applicable" with a reason
            role: compensation_officer
            document: "Thông báo niêm yết ..."
            earns: posted                        # the case status this step earns
            source: "Nghị quyết 254/2025/QH15, Điều 3 khoản 9 điểm b"

Plain Python, no Django: the pack validator uses `validate_procedure`, and the cases app
(below the policy app) receives a `ProcedureTemplate` from its caller and keeps its
`as_dict()` with the batch, so recording a step later needs no pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCOPES = ("household", "batch")
UNITS = ("calendar", "working")
BOUNDS = ("by", "after")
# The roles of gpmb.core.choices.Role that do legal steps (tests check they agree).
STEP_ROLES = (
    "compensation_officer",
    "commune_land_officer",
    "appraiser",
    "approver",
    "accountant",
)
# The statuses a step may earn, in the order of the chain (gpmb.cases.choices.CaseStatus;
# tests check they agree).
EARNED_STATUSES = (
    "notified",
    "inventoried",
    "drafted",
    "posted",
    "appraised",
    "approved",
    "paid",
    "handed_over",
)
MAX_DAYS = 3650

Err = Callable[[str, Any, str], None]


@dataclass(frozen=True, slots=True)
class Regime:
    """Statutory periods in force for cases whose notice falls in [start, end]."""

    code: str
    start: dt.date | None
    end: dt.date | None
    periods: dict[str, int]
    source: str

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class StepSpec:
    code: str
    title_vi: str
    title_en: str
    scope: str
    anchor: str | None
    days: int | None
    regime_key: str | None
    unit: str
    bound: str
    may_skip: bool
    role: str
    document: str
    earns: str | None
    source: str

    @property
    def has_period(self) -> bool:
        return self.days is not None or self.regime_key is not None


@dataclass(frozen=True, slots=True)
class ProcedureTemplate:
    steps: tuple[StepSpec, ...]
    regimes: tuple[Regime, ...]
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    days_on: frozenset[dt.date] = field(default_factory=frozenset)
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_value(cls, value: dict[str, Any]) -> ProcedureTemplate:
        """From the param's value (validated) or from a stored `as_dict()`."""
        steps = []
        for i, s in enumerate(value["steps"]):
            period = s.get("period") or {}
            steps.append(
                StepSpec(
                    code=s["code"],
                    title_vi=s["title"]["vi"],
                    title_en=s["title"]["en"],
                    scope=s.get("scope", "household"),
                    anchor=s.get("after", value["steps"][i - 1]["code"] if i else None),
                    days=None if period.get("days") is None else int(period["days"]),
                    regime_key=period.get("regime"),
                    unit=period.get("unit", "calendar"),
                    bound=s.get("bound", "by"),
                    may_skip=bool(s.get("may_skip", False)),
                    role=s["role"],
                    document=s.get("document", ""),
                    earns=s.get("earns"),
                    source=s["source"],
                )
            )
        regimes = tuple(
            Regime(
                code=r["code"],
                start=_date(r.get("from")),
                end=_date(r.get("until")),
                periods={k: int(v) for k, v in r["periods"].items()},
                source=r["source"],
            )
            for r in value["regimes"]
        )
        calendar = value.get("calendar") or {}
        return cls(
            steps=tuple(steps),
            regimes=regimes,
            days_off=frozenset(_date(d) for d in calendar.get("days_off") or ()),  # type: ignore[misc]
            days_on=frozenset(_date(d) for d in calendar.get("days_on") or ()),  # type: ignore[misc]
            raw=value,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe copy of the value this template was read from (dates as ISO text)."""
        return _jsonable(self.raw)

    def step(self, code: str) -> StepSpec:
        for s in self.steps:
            if s.code == code:
                return s
        raise KeyError(code)

    def regime_on(self, day: dt.date) -> Regime:
        """The regime in force on `day` (the case's notice date); the latest one when
        `day` is past every regime's end, the earliest when before every start."""
        for regime in self.regimes:
            if regime.covers(day):
                return regime
        ordered = sorted(self.regimes, key=lambda r: r.start or dt.date.min)
        return ordered[-1] if day > (ordered[-1].start or dt.date.min) else ordered[0]

    def period(self, spec: StepSpec, regime_day: dt.date) -> int | None:
        """The step's period in days under the regime in force on `regime_day`."""
        if spec.days is not None:
            return spec.days
        if spec.regime_key is not None:
            return self.regime_on(regime_day).periods[spec.regime_key]
        return None


def _date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):  # the pack loader makes numbers Decimal; days are whole
        return int(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v


_STEP_KEYS = {
    "code",
    "title",
    "scope",
    "after",
    "period",
    "bound",
    "may_skip",
    "role",
    "document",
    "earns",
    "source",
}


def _days(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_DAYS


def validate_procedure(value: Any, path: str, err: Err) -> None:
    """Every problem of a procedure template, each with its dotted path and value."""
    if not isinstance(value, dict):
        err(path, value, "a mapping {regimes, steps, calendar}")
        return
    for k in value:
        if k not in ("regimes", "steps", "calendar"):
            err(f"{path}.{k}", value[k], "unknown key (regimes, steps, calendar)")
    regimes = value.get("regimes")
    period_keys: set[str] = set()
    if not isinstance(regimes, list) or not regimes:
        err(f"{path}.regimes", regimes, "a non-empty list of {code, from, until, periods, source}")
    else:
        for i, r in enumerate(regimes):
            where = f"{path}.regimes[{i}]"
            if not isinstance(r, dict):
                err(where, r, "a mapping {code, from, until, periods, source}")
                continue
            for k in r:
                if k not in ("code", "from", "until", "periods", "source"):
                    err(f"{where}.{k}", r[k], "unknown key")
            if not isinstance(r.get("code"), str) or not r.get("code"):
                err(f"{where}.code", r.get("code"), "required text")
            if not isinstance(r.get("source"), str) or not str(r.get("source")).strip():
                err(f"{where}.source", r.get("source"), "every regime needs its source")
            for k in ("from", "until"):
                if r.get(k) is not None and not isinstance(r[k], dt.date):
                    err(f"{where}.{k}", r[k], "a date (YYYY-MM-DD) or absent")
            start, end = r.get("from"), r.get("until")
            if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
                err(f"{where}.until", end, f"is before from {start}")
            periods = r.get("periods")
            if not isinstance(periods, dict) or not periods:
                err(f"{where}.periods", periods, "a mapping name -> days")
                continue
            for k, v in periods.items():
                if not _days(v):
                    err(f"{where}.periods.{k}", v, f"whole days from 0 to {MAX_DAYS}")
            period_keys = set(periods) if not period_keys else period_keys & set(periods)
    calendar = value.get("calendar") or {}
    if not isinstance(calendar, dict):
        err(f"{path}.calendar", calendar, "a mapping {days_off, days_on}")
    else:
        for k, days in calendar.items():
            if k not in ("days_off", "days_on"):
                err(f"{path}.calendar.{k}", days, "unknown key (days_off, days_on)")
            elif not isinstance(days, list) or not all(isinstance(d, dt.date) for d in days):
                err(f"{path}.calendar.{k}", days, "a list of dates (YYYY-MM-DD)")
    steps = value.get("steps")
    if not isinstance(steps, list) or not steps:
        err(f"{path}.steps", steps, "a non-empty ordered list of steps")
        return
    seen: set[str] = set()
    for i, s in enumerate(steps):
        where = f"{path}.steps[{i}]"
        if not isinstance(s, dict):
            err(where, s, "a mapping {code, title, scope, period, role, source, ...}")
            continue
        for k in s:
            if k not in _STEP_KEYS:
                err(f"{where}.{k}", s[k], f"unknown key ({', '.join(sorted(_STEP_KEYS))})")
        code = s.get("code")
        if not isinstance(code, str) or not code.replace("_", "").isalnum():
            err(f"{where}.code", code, "a code of letters, digits and _")
        elif code in seen:
            err(f"{where}.code", code, "duplicate step code")
        title = s.get("title")
        if not isinstance(title, dict) or not all(
            isinstance(title.get(lang), str) and title[lang].strip() for lang in ("vi", "en")
        ):
            err(f"{where}.title", title, "a mapping {vi, en} of non-empty texts")
        if s.get("scope", "household") not in SCOPES:
            err(f"{where}.scope", s.get("scope"), f"one of {', '.join(SCOPES)}")
        if s.get("bound", "by") not in BOUNDS:
            err(f"{where}.bound", s.get("bound"), f"one of {', '.join(BOUNDS)}")
        if not isinstance(s.get("may_skip", False), bool):
            err(f"{where}.may_skip", s.get("may_skip"), "true or false")
        if s.get("role") not in STEP_ROLES:
            err(f"{where}.role", s.get("role"), f"one of {', '.join(STEP_ROLES)}")
        if s.get("earns") is not None and s["earns"] not in EARNED_STATUSES:
            err(f"{where}.earns", s["earns"], f"one of {', '.join(EARNED_STATUSES)}")
        if not isinstance(s.get("source"), str) or not str(s.get("source")).strip():
            err(f"{where}.source", s.get("source"), "every step needs its legal source")
        after = s.get("after")
        if after is not None and after not in seen:
            err(f"{where}.after", after, "must name an earlier step")
        if i == 0 and (after is not None or s.get("period")):
            err(where, s, "the first step counts from nothing: no after, no period")
        period = s.get("period")
        if period is not None:
            if not isinstance(period, dict):
                err(f"{where}.period", period, "{days, unit} or {regime, unit}")
            else:
                for k in period:
                    if k not in ("days", "regime", "unit"):
                        err(f"{where}.period.{k}", period[k], "unknown key (days, regime, unit)")
                if ("days" in period) == ("regime" in period):
                    err(f"{where}.period", period, "exactly one of days or regime")
                if "days" in period and not _days(period["days"]):
                    err(f"{where}.period.days", period["days"], f"whole days 0 to {MAX_DAYS}")
                if "regime" in period and period["regime"] not in period_keys:
                    err(
                        f"{where}.period.regime",
                        period["regime"],
                        f"a period every regime defines ({', '.join(sorted(period_keys))})",
                    )
                if period.get("unit", "calendar") not in UNITS:
                    err(f"{where}.period.unit", period.get("unit"), f"one of {', '.join(UNITS)}")
        if isinstance(code, str):
            seen.add(code)
