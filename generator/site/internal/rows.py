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
from .views import Month, PersonRow, ProblemRow, RecentRow, RecordView, TallyCells

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


def months(ctx: Context, links: PageLinks, records: Sequence[Record], actor: str) -> list[Month]:
    """An actor's records newest first, by month."""
    by_month: dict[tuple[int, int], list[Record]] = defaultdict(list)
    for rec in reversed(records):
        by_month[(rec.meta.date.year, rec.meta.date.month)].append(rec)
    return [Month(year, month, [record_view(ctx, links, r, actor) for r in recs], open=i == 0)
            for i, ((year, month), recs) in enumerate(sorted(by_month.items(), reverse=True))]
