"""What every office output reads from one pipeline ``Outcome``, asked in one place.

Names (sensitive targets masked), what a restricted record may show (date and type only), free text
(sensitive names masked, personal numbers redacted), the term an option names and the results of a
span all come from here, so a ledger and a form can never disagree on them. Nothing is recomputed:
statuses are ``outcome.compliance``'s, records are ``outcome.counting``, credit is ``outcome.credit``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cached_property

from .. import pii, privacy, schema
from ..activities import carrier_of, hours_of
from ..compliance import Compliance, Result
from ..loader import Record
from ..periods import Period, TeachingCalendar
from ..pipeline import Outcome
from ..vocab import KIND_LABELS, Visibility

#: What a restricted record shows instead of its words (contract §8: date and type only).
RESTRICTED = "（受限记录，仅显示日期和类型）"


class ExportContext:
    """One outcome, indexed for the outputs (see the module docstring)."""

    def __init__(self, outcome: Outcome) -> None:
        repo = outcome.repo
        if repo.policy is None or outcome.calendar is None or outcome.compliance is None or repo.institution is None:
            raise ValueError("the office outputs need an institution, a policy, a calendar and compliance")
        self.outcome = outcome
        self.repo = repo
        self.institution: schema.Institution = repo.institution
        self.policy: schema.Policy = repo.policy
        self.cal: TeachingCalendar = outcome.calendar
        self.compliance: Compliance = outcome.compliance
        self.roster = outcome.roster
        self.credit = outcome.credit
        self.as_of = outcome.as_of
        self.records: tuple[Record, ...] = outcome.counting

    # ------------------------------------------------------------------ names
    def name(self, ref: str) -> str:
        """The display name of any id; a sensitive target's name is masked (李*)."""
        name = self.roster.name(ref)
        if ref in self.outcome.sensitive and ref not in self.repo.people and ref not in self.repo.units:
            return privacy.mask_name(name)
        return name

    def names(self, refs: Iterable[str]) -> str:
        return "、".join(self.name(r) for r in refs)

    def title_of(self, actor: str) -> str:
        person = self.repo.people.get(actor)
        if person is not None:
            return person.title or "、".join(self.policy.roles.get(r, r) for r in person.roles)
        unit = self.repo.units.get(actor)
        return KIND_LABELS.get(unit.kind, "") if unit else ""

    def unit_name(self, actor: str) -> str:
        return self.name(self.roster.unit_of(actor))

    def type_name(self, type_id: str) -> str:
        atype = self.policy.activity_types.get(type_id)
        return atype.name if atype else type_id

    def carrier(self, rec: Record) -> str:
        return carrier_of(self.policy, rec.meta.type)

    def text(self, value: str | None) -> str:
        """Free text as an output may carry it: sensitive names masked, personal numbers redacted."""
        return pii.redact(self.outcome.guard.scrub(value)) if value else ""

    # ------------------------------------------------------------------ records
    def restricted(self, rec: Record) -> bool:
        return privacy.visibility(rec.meta, self.policy) == Visibility.RESTRICTED

    def summary(self, rec: Record) -> str:
        return RESTRICTED if self.restricted(rec) else self.text(rec.meta.summary)

    def targets(self, rec: Record) -> str:
        return "" if self.restricted(rec) else self.names(rec.meta.targets)

    def hours(self, rec: Record) -> float | None:
        return None if self.restricted(rec) else round(hours_of(rec.meta), 2) or None

    def line(self, rec: Record) -> str:
        """One record in one line of a form: ``10-15 进宿舍：summary``."""
        head = f"{rec.meta.date.month:02d}-{rec.meta.date.day:02d} {self.type_name(rec.meta.type)}"
        if self.restricted(rec):
            return head
        targets = self.targets(rec)
        return f"{head}（{targets}）：{self.summary(rec)}" if targets else f"{head}：{self.summary(rec)}"

    def credited(self, actor: str, start: date, end: date) -> list[Record]:
        """Records crediting ``actor`` (filed or named in ``with``) dated in [start, end]."""
        return [r for r in self.credit.of(actor) if start <= r.meta.date <= end]

    # ------------------------------------------------------------------ terms and results
    def terms(self) -> list[schema.Term]:
        """Terms begun on or before the as-of date, oldest first."""
        return [t for t in self.cal.terms() if t.start <= self.as_of]

    def term(self, term_id: str | None = None) -> schema.Term:
        """The named term, else the one the as-of date reports under (the first before any)."""
        for t in self.cal.terms():
            if t.id == term_id:
                return t
        if term_id is not None:
            raise KeyError(term_id)
        return self.cal.reporting_term(self.as_of) or self.cal.terms()[0]

    def reporting_term(self, day: date) -> str | None:
        term = self.cal.reporting_term(day)
        return term.id if term else None

    @cached_property
    def results_by_actor(self) -> dict[str, list[Result]]:
        out: dict[str, list[Result]] = defaultdict(list)
        for r in self.compliance.results:
            out[r.actor].append(r)
        return out

    def results(self, actor: str, start: date, end: date) -> list[Result]:
        """An actor's results whose period ends in [start, end] (a form's period: a result is
        complete when its period ends)."""
        return [r for r in self.results_by_actor.get(actor, []) if start <= r.end <= end]

    def term_results(self, actor: str, term: schema.Term) -> list[Result]:
        """An actor's results of a term: those whose period begins on a day reported under it (the
        break after a term reports with it), so every result belongs to exactly one term."""
        return [r for r in self.results_by_actor.get(actor, []) if self.result_term(r.start, r.end) == term.id]

    def result_term(self, start: date, end: date) -> str | None:
        """The term a period reports under: that of its first day (before the first term: of its last)."""
        return self.reporting_term(start) or self.reporting_term(end)

    def year_results(self, actor: str, year: Period) -> list[Result]:
        """An actor's results of an academic year: those whose period begins in it."""
        return [r for r in self.results_by_actor.get(actor, []) if year.start <= r.start <= year.end]

    def actors(self, who: schema.Who | None) -> list[str]:
        """The actors an output is for: its ``who``, else every actor with a result or a record."""
        if who is not None:
            return self.roster.actors(who)
        seen = dict.fromkeys([*self.results_by_actor, *(r.meta.by for r in self.records)])
        return [a for a in [*self.repo.people, *self.repo.units] if a in seen]

    def reports(self, kind: str) -> list[schema.ReportSpec]:
        return [r for r in self.policy.reports if r.kind == kind]
