"""Counting rules (contract §5): who must do what, in which period, and whether they did.

Input is the roster model, the teaching calendar and the counting records (valid, not superseded,
on or before the as-of date), all gathered once by the pipeline; output is plain ``Result`` data.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .. import schema
from ..activities import hours_of
from ..loader import Record
from ..periods import Period, TeachingCalendar, due_threshold
from ..roster import Credit, Roster, Span, intersect
from ..vocab import Status
from .results import Result


@dataclass(frozen=True)
class Scope:
    """One actor's stretch of a rule: the records that count and the spans that make days active."""

    actor: str
    target: str | None
    periods: Sequence[Period]
    pool: Sequence[Record]  # counting records, by (date, path)
    include: Sequence[Span]  # in post (and assigned, for `each: assigned`)
    leaves: Sequence[Span]


class CountingEngine:
    def __init__(self, policy: schema.Policy, roster: Roster, calendar: TeachingCalendar, credit: Credit,
                 as_of: date) -> None:
        self.policy = policy
        self.roster = roster
        self.cal = calendar
        self.credit = credit
        self.as_of = as_of

    def counts(self, rule: schema.Rule, actor: str, r: Record) -> bool:
        """Whether one credited record satisfies every count filter of the rule."""
        c, m = rule.count, r.meta
        if c.types is not None and m.type not in c.types:
            return False
        if c.face_to_face is not None:
            atype = self.policy.activity_types.get(m.type)
            if atype is None or atype.face_to_face != c.face_to_face:
                return False
        if c.guidance and not set(c.guidance) & set(m.guidance):
            return False
        if c.target_kinds or c.target_tags or c.target_tags_all or c.target_tags_none or c.assigned_only:
            assigned = self.roster.assigned_on(actor, m.date) if c.assigned_only else None
            return any(self.roster.target_matches(t, c)
                       and (assigned is None or self.roster.assigned_or_related(t, assigned))
                       for t in m.targets)
        return True

    def evaluate(self, rule: schema.Rule) -> list[Result]:
        out: list[Result] = []
        # Periods are evaluated over the calendar only: after its last term there are no teaching
        # days to count, and an as-of date far beyond it would otherwise mean millions of periods.
        first, last = self.cal.span()
        for actor in self.roster.actors(rule.who):
            since, until = self.roster.in_post(actor)
            start, end = max(first, since), min(self.as_of, until, last)
            if start > end:
                continue
            periods = self.cal.periods(rule.per, start, end)
            pool = [r for r in self.credit.under(actor, rule.count.by) if self.counts(rule, actor, r)]
            leaves = self.roster.leaves.get(actor, [])
            if rule.each is None:
                out.extend(self.statuses(rule, Scope(actor, None, periods, pool, [(since, until)], leaves)))
            else:
                for scope in self.per_target(rule, actor, (start, end), periods, pool, leaves):
                    out.extend(self.statuses(rule, scope))
        return out

    def per_target(self, rule: schema.Rule, actor: str, window: Span, periods: list[Period],
                   pool: list[Record], leaves: list[Span]) -> list[Scope]:
        """``each``: one scope per assigned (or tagged) target, its records and its spans."""
        in_post = self.roster.in_post(actor)
        if rule.each == "assigned":
            targets = sorted({t for a in self.roster.assignments.ever(actor) for t in a.targets
                              if self.roster.target_matches(t, rule.count)
                              and intersect((a.since or date.min, a.until or date.max), window)})
        else:
            targets = self.roster.roster_targets(rule.count)
        scopes = []
        for target in targets:
            own = [r for r in pool if target in r.meta.targets]
            if rule.each != "assigned":
                scopes.append(Scope(actor, target, periods, own, [in_post], leaves))
                continue
            spans = [s for s in (intersect(x, in_post) for x in self.roster.assignments.spans(actor, target)) if s]
            # Like an actor's since/until: no result for periods outside the assignment, and a
            # record counts for an assigned target only while it is assigned.
            target_periods = [p for p in periods if any(intersect((p.start, p.end), s) for s in spans)]
            own = [r for r in own if any(lo <= r.meta.date <= hi for lo, hi in spans)]
            scopes.append(Scope(actor, target, target_periods, own, spans, leaves))
        return scopes

    def window_end(self, rule: schema.Rule, period: Period, include: Sequence[Span]) -> date:
        """The last day records count in a period: its end, or the end of a ``within_first_days`` window."""
        if rule.count.within_first_days is None:
            return period.end
        # The deadline runs from the day the actor (or the assignment) starts in this period.
        starts = [max(lo, period.start) for lo, hi in include if lo <= period.end and hi >= period.start]
        first = min(starts, default=period.start)
        return min(period.end, first + timedelta(days=rule.count.within_first_days - 1))

    def statuses(self, rule: schema.Rule, scope: Scope) -> list[Result]:
        dates = [r.meta.date for r in scope.pool]
        threshold = due_threshold(rule.per, self.policy.due, rule.due_min_teaching_days)
        out = []
        for period in scope.periods:
            active = self.cal.period_teaching_days(period, scope.include, scope.leaves)
            window_end = self.window_end(rule, period, scope.include)
            counted = scope.pool[bisect_left(dates, period.start):bisect_right(dates, window_end)]
            hours = sum(hours_of(r.meta) for r in counted)
            if active < threshold:
                status = Status.EXEMPT
            elif len(counted) >= rule.min and hours + 1e-9 >= rule.min_hours:
                status = Status.MET
            elif window_end >= self.as_of:
                status = Status.PENDING
            else:
                status = Status.UNMET
            out.append(Result(
                scope.actor, rule.id, rule.level, period.id, rule.per, period.start, period.end, scope.target,
                rule.min, rule.min_hours, len(counted), hours, status, tuple(r.path for r in counted),
            ))
        return out
