"""Facts derived from one record: its duration, its carrier (载体), and the age of its problems.

The validator (overdue warnings), the engine (hours) and both sites (tallies, problem boards) ask
these functions, so a problem is overdue, and an activity has a carrier, in one sense only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from . import schema
from .vocab import NO_CARRIER, ProblemStatus


def duration_hours(day: date, start: time | None, end: time | None) -> float:
    """Hours from start to end on one day; 0 without both times (or when end is not after start)."""
    if start is None or end is None:
        return 0.0
    delta = datetime.combine(day, end) - datetime.combine(day, start)
    return max(delta.total_seconds() / 3600, 0.0)


def hours_of(meta: schema.RecordMeta) -> float:
    return duration_hours(meta.date, meta.start, meta.end)


def carrier_of(policy: schema.Policy, type_id: str) -> str:
    """The activity type's carrier; types without one (or undeclared) count under 其他."""
    atype = policy.activity_types.get(type_id)
    return (atype.carrier if atype else None) or NO_CARRIER


def carrier_order(policy: schema.Policy) -> list[str]:
    """Carriers in the order the policy declares its activity types."""
    return list(dict.fromkeys(t.carrier or NO_CARRIER for t in policy.activity_types.values()))


def carrier_tally(policy: schema.Policy, type_ids: Iterable[str]) -> list[tuple[str, int]]:
    """(carrier, records) for every declared carrier, in declared order, then any others."""
    counts = Counter(carrier_of(policy, t) for t in type_ids)
    order = carrier_order(policy)
    order.extend(c for c in counts if c not in order)
    return [(c, counts[c]) for c in order]


@dataclass(frozen=True, slots=True)
class ProblemAge:
    days: int  # from raising to resolution (resolved) or to the as-of date
    overdue: bool  # not resolved and older than the policy's response limit


def problem_age(raised: date, problem: schema.Problem, as_of: date, limit: int | None) -> ProblemAge:
    """How long a problem has been (or was) open; overdue only while unresolved past ``limit`` days."""
    if problem.status == ProblemStatus.RESOLVED and problem.resolved is not None:
        return ProblemAge((problem.resolved - raised).days, False)
    days = (as_of - raised).days
    overdue = problem.status != ProblemStatus.RESOLVED and limit is not None and days > limit
    return ProblemAge(days, overdue)


def response_limit(policy: schema.Policy | None) -> int | None:
    """Days within which a problem should be resolved, if the policy says."""
    return policy.problems.respond_within_days if policy is not None and policy.problems else None
