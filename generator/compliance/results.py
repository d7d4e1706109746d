"""Compliance results as plain immutable data, with the report JSON of contract §7 and the met rate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..diagnostics import Diagnostic
from ..reporters import Each
from ..vocab import Level, PeriodKind, Status


@dataclass(frozen=True, slots=True)
class Result:
    """Status of one (actor, rule, period[, target]) combination."""

    actor: str
    rule: str
    level: Level
    period: str
    per: PeriodKind
    start: date
    end: date
    target: str | None
    required: int
    required_hours: float
    achieved: int
    hours: float
    status: Status
    records: tuple[str, ...] = ()  # paths of the counting records
    deadline: date | None = None  # the last day records count (a within_first_days window ends early)

    @property
    def due(self) -> date:
        """The day by which the requirement must be met."""
        return self.deadline or self.end

    def to_json(self) -> dict[str, object]:
        return {
            "actor": self.actor, "rule": self.rule, "level": self.level, "period": self.period,
            "target": self.target, "required": self.required, "achieved": self.achieved,
            "hours": round(self.hours, 2), "status": self.status,
            # extensions of contract §7 (additive): period kind and span, hours required
            "per": self.per, "start": self.start.isoformat(), "end": self.end.isoformat(),
            "required_hours": self.required_hours,
        }


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    actor: str
    rule: str
    level: Level
    count: int
    min: int
    max: int | None
    status: Status  # met | unmet
    targets: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"actor": self.actor, "rule": self.rule, "level": self.level, "count": self.count,
                "min": self.min, "max": self.max, "status": self.status, "targets": list(self.targets)}


@dataclass(frozen=True, slots=True)
class CoverageResult:
    rule: str
    level: Level
    target: str
    status: Status  # met | unmet
    by: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "level": self.level, "target": self.target, "status": self.status,
                "by": list(self.by)}


@dataclass(frozen=True, slots=True)
class ProfileResult:
    actor: str
    rule: str
    level: Level
    missing: tuple[str, ...]
    status: Status

    def to_json(self) -> dict[str, object]:
        return {"actor": self.actor, "rule": self.rule, "level": self.level,
                "missing": list(self.missing), "status": self.status}


@dataclass(frozen=True)
class Compliance:
    as_of: date
    policy: str
    results: tuple[Result, ...] = ()
    assignments: tuple[AssignmentResult, ...] = ()
    coverage: tuple[CoverageResult, ...] = ()
    profiles: tuple[ProfileResult, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    def to_json(self, diagnostics: Sequence[Diagnostic], lazy: bool = False) -> dict[str, object]:
        """The report (contract §7). ``lazy`` gives lists that make their items as
        ``reporters.stream_json`` writes them (the same text, a fraction of the memory)."""
        def each(items: Sequence[Any]) -> list[object]:
            return Each(items, lambda x: x.to_json()) if lazy else [x.to_json() for x in items]

        return {
            "as_of": self.as_of.isoformat(),
            "policy": self.policy,
            "results": each(self.results),
            "assignments": each(self.assignments),
            "coverage": each(self.coverage),
            "profiles": each(self.profiles),
            "diagnostics": each(diagnostics),
        }


def met_rate(met: int, unmet: int) -> float | None:
    """met / (met + unmet); None when nothing was decided yet (contract §5)."""
    return met / (met + unmet) if met + unmet else None


@dataclass(frozen=True)
class Tally:
    """Status counts of a set of results, with the contract's rate (met / (met + unmet))."""

    met: int = 0
    unmet: int = 0
    pending: int = 0
    exempt: int = 0

    @classmethod
    def of(cls, results: Iterable[Result]) -> Tally:
        c = Counter(r.status for r in results)
        return cls(c[Status.MET], c[Status.UNMET], c[Status.PENDING], c[Status.EXEMPT])

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.met + other.met, self.unmet + other.unmet, self.pending + other.pending,
                     self.exempt + other.exempt)

    @property
    def rate(self) -> float | None:
        return met_rate(self.met, self.unmet)

    @property
    def decided(self) -> int:
        return self.met + self.unmet


def rate(results: Iterable[Result]) -> float | None:
    return Tally.of(results).rate
