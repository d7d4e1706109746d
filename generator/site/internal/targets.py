"""Pages of contact targets (classes, dorms, clubs, teachers): who contacts them, and how rarely."""

from __future__ import annotations

from collections import defaultdict

from ... import schema
from ...loader import Record
from ...vocab import TARGET_KIND_LABELS
from .. import markup
from . import amendments, paging, rows
from .context import Context, target_page
from .links import PageLinks
from .views import ContactRow, TargetPage, TargetRecordRow, TargetRow, TargetsIndex

TARGETS_PER_PAGE = 200


def targets_index(ctx: Context) -> list[tuple[str, TargetsIndex]]:
    """Targets least contacted this term first (the gaps are at the top), over pages."""
    ranked = []
    for t in ctx.page_targets:
        recs = ctx.credit.by_target.get(t.id, [])
        ranked.append((sum(1 for r in recs if ctx.in_term(r.meta.date)), len(recs), t.id, t, recs))
    ranked.sort(key=lambda x: (x[0], x[1], x[2]))
    out = []
    for path, part, pager in paging.paged(ctx, "targets/index.md", ranked, TARGETS_PER_PAGE):
        links = PageLinks(ctx, path)
        out.append((path, TargetsIndex([
            TargetRow(links.link(tid), TARGET_KIND_LABELS[t.kind], links.optional(t.unit),
                      len(ctx.assigned_to.get(tid, [])), term, total, recs[-1].meta.date.isoformat() if recs else "从未")
            for term, total, tid, t, recs in part], pager)))
    return out


def _record_row(ctx: Context, links: PageLinks, rec: Record) -> TargetRecordRow:
    day, type_name = rec.meta.date.isoformat(), ctx.type_name(rec.meta.type)
    if ctx.restricted(rec):  # contract §8: date and type only, not even who
        return TargetRecordRow(True, day, markup.md(""), type_name, "")
    return TargetRecordRow(False, day, links.link(rec.meta.by), type_name, ctx.free_text(rec.meta.summary), amendments.note(ctx, rec))


def _contacts(ctx: Context, links: PageLinks, recs: list[Record]) -> list[ContactRow]:
    """Who contacted the target in records the page may show, most often first."""
    who: dict[str, list[Record]] = defaultdict(list)
    for r in recs:
        if not ctx.restricted(r):
            for a in dict.fromkeys([r.meta.by, *r.meta.with_]):
                who[a].append(r)
    ranked = sorted(who.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [ContactRow(links.link(a), len(rs), rs[-1].meta.date.isoformat()) for a, rs in ranked]


def target(ctx: Context, t: schema.Target) -> TargetPage:
    links = PageLinks(ctx, target_page(t.id))
    recs = ctx.credit.by_target.get(t.id, [])
    assigned = ctx.assigned_to.get(t.id, [])
    current, earlier = rows.split_term(ctx, recs)
    return TargetPage(
        name=ctx.display(t.id), kind=TARGET_KIND_LABELS[t.kind], id=t.id, id_copy=markup.copy_id(t.id),
        sensitive=t.id in ctx.sensitive,
        unit=links.optional(t.unit), tags="、".join(t.tags), enrolled=t.enrolled,
        members=links.links(t.members),
        assigned=links.links(assigned) if assigned else markup.md("无"),
        contacts=_contacts(ctx, links, recs),
        records=[_record_row(ctx, links, r) for r in reversed(current[-rows.SHOWN_RECORDS:])],
        more=max(len(current) - rows.SHOWN_RECORDS, 0),
        earlier=earlier,
    )
