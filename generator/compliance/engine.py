"""Counting rules (contract §5): who must do what, in which period, and whether they did.

Input is the roster model, the teaching calendar and the counting records (valid, not superseded,
on or before the as-of date), all gathered once by the pipeline; output is plain ``Result`` data.
Counting starts at the institution's adoption date (periods ending before it have no result) and
at an actor's ``since``; who is credited for a record is the roster's ``Credit``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .. import schema
from ..activities import hours_of
from ..loader import Record
from ..periods import Period, TeachingCalendar, rule_due_threshold
from ..roster import ALWAYS, Credit, Roster, Span, intersect
from ..vocab import Status
from .results import Result


@dataclass(frozen=True)
class Apart:
    """A rule named in ``count.distinct_from``: its ``min`` and its records for the actor."""

    min: int
    pool: Sequence[Record]


@dataclass(frozen=True)
class Scope:
    """One actor's stretch of a rule: the records that count and the spans that make days active."""

    actor: str
    target: str | None
    periods: Sequence[Period]
    pool: Sequence[Record]  # counting records, by (date, path)
    include: Sequence[Span]  # counted (in post, adopted; and assigned or active, for `each`)
    leaves: Sequence[Span]
    apart: Sequence[Apart] = ()


class CountingEngine:
    def __init__(self, policy: schema.Policy, roster: Roster, calendar: TeachingCalendar, credit: Credit,
                 as_of: date, only: Collection[str] | None = None) -> None:
        self.policy = policy
        self.only = only  # evaluate these actors alone (None: everyone)
        self.roster = roster
        self.cal = calendar
        self.credit = credit
        self.as_of = as_of
        # id(rule) -> the roster's targets its filters match (rules live as long as the policy; two
        # rules with the same id, an error reported elsewhere, must not share an entry)
        self._matching: dict[int, list[str]] = {}
        self._filters: dict[int, _Filter] = {}  # id(rule) -> its count filters, as below
        self._hours: dict[str, float] = {}  # record path -> its hours (``hours_of``)

    def matching_targets(self, rule: schema.Rule) -> list[str]:
        """Every target and unit the rule's filters match (``each: tagged``), found once per rule:
        the same for every actor, and a scan of the whole roster."""
        key = id(rule)
        if key not in self._matching:
            self._matching[key] = self.roster.roster_targets(rule.count)
        return self._matching[key]

    def filter(self, rule: schema.Rule) -> _Filter:
        """The rule's count filters, made once per rule (see ``_Filter``)."""
        key = id(rule)
        found = self._filters.get(key)
        if found is None:
            found = self._filters[key] = _Filter(self, rule.count)
        return found

    def counts_type(self, c: schema.CountFilter, type_id: str) -> bool:
        """The type filters of a rule (``types``, ``face_to_face``) on one activity type; the record
        form receives the types that pass, from here."""
        if c.types is not None and type_id not in c.types:
            return False
        if c.face_to_face is not None:
            atype = self.policy.activity_types.get(type_id)
            if atype is None or atype.face_to_face != c.face_to_face:
                return False
        return True

    def pool(self, rule: schema.Rule, actor: str) -> list[Record]:
        """The actor's records that satisfy the rule's count filters, by (date, path)."""
        return self.filter(rule).select(actor, self.credit.under(actor, rule.count.by, rule.count.filer_only))

    def apart(self, rule: schema.Rule, actor: str) -> list[Apart]:
        """The ``distinct_from`` rules that apply to the actor, with their records."""
        return [Apart(other.min, self.pool(other, actor)) for other in self.policy.rules
                if other.id in rule.count.distinct_from and self.roster.applies(other.who, actor)]

    def evaluate(self, rule: schema.Rule) -> list[Result]:
        out: list[Result] = []
        for actor in self.roster.actors(rule.who):
            if self.only is None or actor in self.only:
                out.extend(self.evaluate_actor(rule, actor))
        return out

    def evaluate_actor(self, rule: schema.Rule, actor: str) -> list[Result]:
        """The rule's results for one of the actors it applies to, by period (and target)."""
        # Periods are evaluated over the calendar only: after its last term there are no teaching
        # days to count, and an as-of date far beyond it would otherwise mean millions of periods.
        first, last = self.cal.span()
        counted = self.roster.counted_span(actor)
        if counted is None or max(first, counted[0]) > min(self.as_of, counted[1], last):
            return []
        start, end = max(first, counted[0]), min(self.as_of, counted[1], last)
        periods = self.cal.periods(rule.per, start, end)
        pool, apart = self.pool(rule, actor), self.apart(rule, actor)
        leaves = self.roster.leaves.get(actor, [])
        if rule.each is None:
            return self.statuses(rule, Scope(actor, None, periods, pool, [counted], leaves, apart))
        out: list[Result] = []
        for scope in self.per_target(rule, actor, counted, (start, end), periods, pool):
            out.extend(self.statuses(rule, replace(scope, leaves=leaves, apart=apart)))
        return out

    def per_target(self, rule: schema.Rule, actor: str, counted: Span, window: Span, periods: list[Period],
                   pool: list[Record]) -> list[Scope]:
        """``each``: one scope per assigned (or tagged) target, its records and its spans.

        Like an actor's since/until: no result for periods outside the target's spans (its assignment,
        its ``terms``), and a record counts for a target only inside them.
        """
        if rule.each == "assigned":
            targets = sorted({t for a in self.roster.assignments.ever(actor) for t in a.targets
                              if self.roster.target_matches(t, rule.count)
                              and intersect((a.since or date.min, a.until or date.max), window)})
        else:
            targets = self.matching_targets(rule)
        scopes = []
        for target in targets:
            own = [r for r in pool if target in r.meta.targets]
            assigned = self.roster.assignments.spans(actor, target) if rule.each == "assigned" else [ALWAYS]
            spans = _spans([counted], assigned, self.roster.active_spans(target))
            target_periods = [p for p in periods if any(intersect((p.start, p.end), s) for s in spans)]
            own = [r for r in own if any(lo <= r.meta.date <= hi for lo, hi in spans)]
            if target_periods:
                scopes.append(Scope(actor, target, target_periods, own, spans, ()))
        return scopes

    def window_end(self, rule: schema.Rule, period: Period, include: Sequence[Span]) -> date:
        """The last day records count in a period: its end, or the end of a ``within_first_days`` window."""
        if rule.count.within_first_days is None:
            return period.end
        # The deadline runs from the day the actor (or the assignment) starts in this period.
        starts = [max(lo, period.start) for lo, hi in include if lo <= period.end and hi >= period.start]
        first = min(starts, default=period.start)
        return min(period.end, first + timedelta(days=rule.count.within_first_days - 1))

    def active_days(self, rule: schema.Rule, period: Period, scope: Scope) -> int:
        if rule.count.days is not None:
            return self.cal.period_days_on(period, rule.count.days, scope.include, scope.leaves)
        return self.cal.period_teaching_days(period, scope.include, scope.leaves)

    def statuses(self, rule: schema.Rule, scope: Scope) -> list[Result]:
        dates = [r.meta.date for r in scope.pool]
        each_hours = [self.hours(r) for r in scope.pool]
        threshold = rule_due_threshold(rule, self.policy.due)
        out = []
        for period in scope.periods:
            active = self.active_days(rule, period, scope)
            window_end = self.window_end(rule, period, scope.include)
            lo, hi = bisect_left(dates, period.start), bisect_right(dates, window_end)
            counted = scope.pool[lo:hi]
            if scope.apart:
                counted = _apart(counted, period, scope.apart)
                hours = sum(self.hours(r) for r in counted)
            else:  # the same additions in the same order as over ``counted``
                hours = sum(each_hours[lo:hi])
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
                rule.min, rule.min_hours, len(counted), hours, status, tuple(r.path for r in counted), window_end,
            ))
        return out

    def hours(self, r: Record) -> float:
        """A record's hours (``hours_of``), worked out once per run: a record sits in many pools."""
        found = self._hours.get(r.path)
        if found is None:
            found = self._hours[r.path] = hours_of(r.meta)
        return found


class _Filter:
    """One rule's count filters on the records credited to an actor (``CountingEngine.pool``). What they ask of
    an activity type or of a target depends on nothing else, so each answer is found once per rule
    and type or target: the engine asks it of every record each actor of the rule is credited with."""

    def __init__(self, engine: CountingEngine, c: schema.CountFilter) -> None:
        self.engine, self.c = engine, c
        self.guidance = set(c.guidance)
        self.targeted = filters_targets(c)
        self.types: dict[str, bool] = {}
        self.targets: dict[str, bool] = {}

    def select(self, actor: str, records: Iterable[Record]) -> list[Record]:
        """The records that pass, in their order. The type is asked first and inline: it turns
        most records away, and this loop runs over every record of every actor of the rule."""
        types, c = self.types, self.c
        more = self.guidance or c.days is not None or self.targeted
        out = []
        for r in records:
            passes = types.get(r.meta.type)
            if passes is None:
                passes = types[r.meta.type] = self.engine.counts_type(c, r.meta.type)
            if passes and (not more or self._rest(actor, r.meta)):
                out.append(r)
        return out

    def _rest(self, actor: str, m: schema.RecordMeta) -> bool:
        """Every filter but the type."""
        c = self.c
        if self.guidance and not self.guidance & set(m.guidance):
            return False
        if c.days is not None and not self.engine.cal.on_days(m.date, c.days):
            return False
        if not self.targeted:
            return True
        matched = [t for t in m.targets if self._matches(t)]
        if not matched or not c.assigned_only:
            return bool(matched)
        roster = self.engine.roster
        assigned = roster.assigned_on(actor, m.date)
        return any(roster.assigned_or_related(t, assigned) for t in matched)

    def _matches(self, target: str) -> bool:
        found = self.targets.get(target)
        if found is None:
            found = self.targets[target] = self.engine.roster.target_matches(target, self.c)
        return found


def filters_targets(c: schema.CountFilter) -> bool:
    """Whether a rule asks anything of a record's targets (at least one must then match)."""
    return bool(c.target_kinds or c.target_tags or c.target_tags_all or c.target_tags_none or c.assigned_only)


def _spans(*groups: Sequence[Span]) -> list[Span]:
    """The days inside one span of every group (each group a union of spans)."""
    out: list[Span] = [ALWAYS]
    for group in groups:
        out = [s for a in out for b in group if (s := intersect(a, b)) is not None]
    return out


def _apart(counted: Sequence[Record], period: Period, apart: Sequence[Apart]) -> Sequence[Record]:
    """``distinct_from``: each other rule takes the records it needs for its ``min`` in the period,
    from its records this rule does not count first, then the earliest of those both count."""
    for other in apart:
        theirs = [r for r in other.pool if r.meta.date in period]
        mine = {r.path for r in counted}
        needed = max(0, other.min - sum(1 for r in theirs if r.path not in mine))
        taken = {r.path for r in [r for r in theirs if r.path in mine][:needed]}
        counted = [r for r in counted if r.path not in taken]
    return counted
