"""Compliance engine: contract §5 — who must do what, in which period, and whether they did.

Counting rules live in ``engine`` (their results kept between runs by ``kept``), roster rules (assignments, coverage, profiles) in
``roster_rules``, the result types in ``results``. Nothing here imports the validator: both ask the
roster model (``generator.roster``) the same questions.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from ..checkcache import Checks
from ..loader import Repo
from ..periods import TeachingCalendar
from ..roster import Credit, Roster
from .engine import CountingEngine
from .kept import counting_results
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
            as_of: date, only: Collection[str] | None = None, roster_rules: bool = True,
            kept: Checks | None = None) -> Compliance | None:
    """Compliance of the whole repository, or None when there is no usable policy or calendar.

    ``only``: the counting rules' results of these actors alone (the review of a change reads the
    merge base's results of the actors it touches, nothing else); the roster rules and every
    diagnostic are computed in full either way, unless ``roster_rules`` is false (the review's
    incremental sides: they read no records, so the last full run's findings stand). ``kept``: the
    check cache's entries of this run's context, which hold each actor's counting results (``kept``;
    not with ``only``)."""
    policy = repo.policy
    if policy is None or calendar is None or repo.calendar is None or not repo.calendar.terms:
        return None
    engine = CountingEngine(policy, roster, calendar, credit, as_of, only)
    if kept is not None and only is None:
        results = counting_results(engine, repo, policy.rules, kept)
    else:
        results = [r for rule in policy.rules for r in engine.evaluate(rule)]
    if not roster_rules:
        return Compliance(as_of, policy.id, tuple(results))
    assignments, d1 = assignment_rules(roster, policy, as_of)
    coverage, d2 = coverage_rules(roster, policy, as_of)
    profiles, d3 = profile_rules(roster, policy)
    return Compliance(as_of, policy.id, tuple(results), tuple(assignments), tuple(coverage), tuple(profiles),
                      tuple(d1 + d2 + d3))


