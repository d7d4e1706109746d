"""The official record forms: one per actor and period of a ``form`` report, in the document's layout."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import schema
from ..loader import Record
from ..periods import Period
from .context import ExportContext
from .grid import Form, check
from .layouts import LAYOUTS, FormInput, form
from .options import Scope


def layout_of(spec: schema.ReportSpec) -> str:
    """The report's ``params.layout`` (see ``layouts.LAYOUTS``), ``generic`` when it names none."""
    chosen = spec.params.get("layout", "generic")
    return chosen if isinstance(chosen, str) and chosen in LAYOUTS else "generic"


def periods(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> list[Period]:
    """The periods a report's forms are made for: those of ``per`` in the term (or ``--month``) begun
    by the as-of date."""
    per = spec.per or "semester"
    if scope.month is not None:
        year, month = (int(x) for x in scope.month.split("-"))
        day = date(year, month, 1)
        found = ctx.cal.period_of(per, day)
        return [found] if found is not None and found.start <= ctx.as_of else []
    term = ctx.term(scope.term)
    return [p for p in ctx.cal.periods(per, term.start, term.end) if p.start <= min(term.end, ctx.as_of)]


def records_of(ctx: ExportContext, actor: str, period: Period) -> list[Record]:
    """What a form covers: a unit's own and its members' records, a person's records (filed or named)."""
    if actor in ctx.repo.units:
        recs = ctx.credit.under(actor, "self-and-members")
    else:
        recs = ctx.credit.of(actor)
    return [r for r in recs if period.start <= r.meta.date <= period.end]


def assigned_during(ctx: ExportContext, actor: str, period: Period) -> list[str]:
    """Targets assigned to the actor on any day of the period (up to the as-of date), roster order."""
    end = min(period.end, ctx.as_of)
    out: dict[str, None] = {}
    for a in ctx.roster.assignments.ever(actor):
        if (a.since or date.min) <= end and (a.until or date.max) >= period.start:
            out.update(dict.fromkeys(a.targets))
    return list(out)


def forms(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Form]:
    """Every form of one report within the scope, actor by actor, period by period."""
    layout = layout_of(spec)
    chosen = periods(ctx, spec, scope)
    for actor in ctx.actors(spec.who):
        if not scope.keeps(actor, ctx.roster.unit_of(actor)):
            continue
        span = ctx.roster.counted_span(actor) or ctx.roster.in_post(actor)
        for p in chosen:
            if p.end < span[0] or p.start > span[1]:
                continue  # not in post then: no form is owed
            made = form(FormInput(ctx, spec, actor, p, records_of(ctx, actor, p), assigned_during(ctx, actor, p)), layout)
            check(made)
            yield made
