"""Rows that several internal pages print: tallies, people, problems, records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ... import activities
from ...compliance import Tally
from ...loader import Record
from ...text import format_date, format_hours, format_rate
from ...vocab import PROBLEM_STATUS_LABELS
from .. import markup
from . import amendments
from .context import Context, Problem, record_anchor
from .links import PageLinks
from .views import EarlierRow, Month, PersonRow, ProblemRow, RecentRow, RecordView, TallyCells

WEEKDAYS = "一二三四五六日"
#: What a restricted record's summary becomes wherever the summary would be (contract §8).
RESTRICTED_SUMMARY = "（受限记录，不显示内容）"
RESTRICTED_PROBLEM = "（受限记录中的问题，不显示内容）"


def tally_cells(t: Tally) -> TallyCells:
    return TallyCells(t.met, t.unmet, t.pending, t.exempt, format_rate(t.rate),
                      bool(t.decided or t.pending or t.exempt))


def person_row(ctx: Context, links: PageLinks, pid: str) -> PersonRow:
    person = ctx.repo.people[pid]
    return PersonRow(links.link(pid), person.title or "", ctx.role_names(person.roles),
                     tally_cells(ctx.actors_tally([pid])))


def problem_row(ctx: Context, links: PageLinks, item: Problem) -> ProblemRow:
    p = item.problem
    return ProblemRow(
        raised=item.raised.isoformat(),
        age=item.age,
        overdue=item.overdue,
        by=links.link(item.record.meta.by),
        summary=RESTRICTED_PROBLEM if item.restricted else ctx.free_text(p.summary),
        resolution="" if item.restricted else ctx.free_text(p.resolution),
        refer=links.optional(p.refer_to),
        status=PROBLEM_STATUS_LABELS[p.status],
        resolved=format_date(p.resolved),
    )


def recent_row(ctx: Context, links: PageLinks, rec: Record) -> RecentRow:
    summary = RESTRICTED_SUMMARY if ctx.restricted(rec) else ctx.free_text(rec.meta.summary)
    return RecentRow(rec.meta.date.isoformat(), links.link(rec.meta.by), ctx.type_name(rec.meta.type), summary,
                     amendments.note(ctx, rec))


def when(rec: Record) -> str:
    day = rec.meta.date
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


def record_view(ctx: Context, links: PageLinks, rec: Record, actor: str) -> RecordView:
    """One record as shown on ``actor``'s page; a restricted one carries its date and type only."""
    type_name = ctx.type_name(rec.meta.type)
    trail = amendments.trail(ctx, links, rec)
    anchor = markup.html(record_anchor(rec.path))
    if ctx.restricted(rec):
        return RecordView(anchor, True, when(rec), "", type_name, "", "", markup.md(""), markup.md(""), trail)
    r = rec.meta
    clock = (r.start.strftime("%H:%M") + ("—" + r.end.strftime("%H:%M") if r.end else "")) if r.start else ""
    return RecordView(anchor, False, when(rec), clock, type_name, ctx.public_label(rec),
                      ctx.free_text(r.summary), _facts(ctx, links, rec, actor), ctx.body(rec), trail)


def _facts(ctx: Context, links: PageLinks, rec: Record, actor: str) -> markup.Trusted:
    r = rec.meta
    facts = []
    if r.targets:
        facts.append(markup.concat("对象：", links.links(r.targets)))
    if r.location:
        facts.append(markup.concat("地点：", ctx.free_text(r.location)))
    if r.by != actor:
        facts.append(markup.concat("填报：", links.link(r.by)))
    others = [a for a in r.with_ if a != actor]
    if others:
        facts.append(markup.concat("同行：", links.links(others)))
    if r.guidance:
        facts.append(markup.concat("引导：", "、".join(r.guidance)))
    if r.start and r.end:
        facts.append(markup.concat("时长：", f"{format_hours(activities.hours_of(r))} 小时"))
    if r.problems:
        facts.append(markup.md(f"发现问题 {len(r.problems)} 个"))
    facts.append(markup.concat("文件：", rec.path))
    return markup.join(facts, " · ")


SHOWN_RECORDS = 15  # records shown in full on an actor page; older ones of the term are counted by month


def months(ctx: Context, links: PageLinks, records: Sequence[Record], actor: str) -> tuple[list[Month], list[Month]]:
    """An actor's newest ``SHOWN_RECORDS`` records by month, newest first, and the months of the
    older ones (counted, with no records in them)."""
    by_month: dict[tuple[int, int], list[Record]] = defaultdict(list)
    for rec in reversed(records):
        by_month[(rec.meta.date.year, rec.meta.date.month)].append(rec)
    shown: list[Month] = []
    counted: list[Month] = []
    room = SHOWN_RECORDS
    for (year, month), recs in sorted(by_month.items(), reverse=True):
        if room <= 0:
            counted.append(Month(year, month, [], len(recs)))
            continue
        views = [record_view(ctx, links, r, actor) for r in recs[:room]]
        shown.append(Month(year, month, views, len(recs), open=not shown))
        room -= len(views)
    return shown, counted


def shown(ctx: Context, actor: str) -> frozenset[str]:
    """Paths of the records ``actor``'s page shows in full (what ``months`` picks), so another page
    links a record's anchor only when the record is there."""
    cached = ctx.shown.get(actor)
    if cached is None:
        term = [r for r in ctx.credit.of(actor) if ctx.in_term(r.meta.date)]
        cached = ctx.shown[actor] = frozenset(r.path for r in term[-SHOWN_RECORDS:])
    return cached


def split_term(ctx: Context, records: Sequence[Record]) -> tuple[list[Record], list[EarlierRow]]:
    """The records of the current term, and the earlier ones counted by term (newest first).

    Pages list the current term's records only: what a page shows then follows the people and the
    term, not the years of records behind them (which stay in the repository, and in the counts)."""
    current: list[Record] = []
    earlier: dict[str, list[Record]] = defaultdict(list)
    for rec in records:
        if ctx.in_term(rec.meta.date):
            current.append(rec)
        else:
            term = ctx.cal.reporting_term(rec.meta.date)
            earlier[term.id if term else ""].append(rec)
    names = {t.id: t.name for t in ctx.cal.terms()}
    rows_ = [EarlierRow(names.get(tid, "不在任何学期"), len(recs),
                        format_hours(sum(activities.hours_of(r.meta) for r in recs)))
             for tid, recs in sorted(earlier.items(), key=lambda kv: kv[0], reverse=True)]
    return current, rows_
