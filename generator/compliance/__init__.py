"""Compliance engine: contract §5 — who must do what, in which period, and whether they did.

Counting rules live in ``engine``, roster rules (assignments, coverage, profiles) in
``roster_rules``, the result types in ``results``. Nothing here imports the validator: both ask the
roster model (``generator.roster``) the same questions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from ..loader import Repo
from ..periods import TeachingCalendar
from ..roster import Credit, Roster
from .engine import CountingEngine
from .results import (
    AssignmentResult,
    Compliance,
    CoverageResult,
    ProfileResult,
    Result,
    Tally,
    met_rate,
    rate,
)
from .roster_rules import assignment_rules, coverage_rules, profile_rules

__all__ = [
    "AssignmentResult", "Compliance", "CoverageResult", "ProfileResult", "Result", "Tally", "compute",
    "met_rate", "rate",
]


def compute(repo: Repo, roster: Roster, calendar: TeachingCalendar | None, credit: Credit,
            as_of: date, only: Collection[str] | None = None, roster_rules: bool = True) -> Compliance | None:
    """Compliance of the whole repository, or None when there is no usable policy or calendar.

    ``only``: the counting rules' results of these actors alone (the review of a change reads the
    merge base's results of the actors it touches, nothing else); the roster rules and every
    diagnostic are computed in full either way, unless ``roster_rules`` is false (the review's
    incremental sides: they read no records, so the last full run's findings stand)."""
    policy = repo.policy
    if policy is None or calendar is None or repo.calendar is None or not repo.calendar.terms:
        return None
    engine = CountingEngine(policy, roster, calendar, credit, as_of, only)
    results = [r for rule in policy.rules for r in engine.evaluate(rule)]
    if not roster_rules:
        return Compliance(as_of, policy.id, tuple(results))
    assignments, d1 = assignment_rules(roster, policy, as_of)
    coverage, d2 = coverage_rules(roster, policy, as_of)
    profiles, d3 = profile_rules(roster, policy)
    return Compliance(as_of, policy.id, tuple(results), tuple(assignments), tuple(coverage), tuple(profiles),
                      tuple(d1 + d2 + d3))


