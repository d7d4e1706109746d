"""The 保密审查 page: every public text waiting for a reviewer, with why it waits and what the screening found."""

from __future__ import annotations

from collections.abc import Iterable

from ...disclosure import Status, digest, published_summary
from ...pii import redact
from ...pipeline import PublicText
from ...screening import Screener
from ...text import format_date_zh
from .. import markup
from . import rows
from .context import Context, person_page, record_anchor
from .links import PageLinks
from .views import DisclosurePage, QueueItem, QueueSection, StatusCount

PAGE = "disclosure.md"
HEADER = "reviewer: <你的人员标识>\ndate: <审查日期，例如 2025-01-20>\nitems:"

SECTIONS = (
    ("待审查", "这些公开记录审查同意后才会出现在公开站点上。同意的，把下面的几行复制到审查记录的 items 下；"
               "不同意的，把 decision 改为 withhold，并在 note 中写明理由。"),
    ("不能公开，需要改写", "这些记录的工作简况出现了不能公开的姓名或名称，或者联系了敏感对象，审查也不能使它们公开。"
                          "请联系填报人改写工作简况（例如写“走访学生宿舍”而不写门牌和姓名），或把 visibility 改为 internal。"),
    ("审查决定不予公开", "审查人决定不公开的记录。记录改动后会重新进入待审查。"),
)


def _history(ctx: Context, t: PublicText) -> str:
    d = t.verdict.decision
    if d is None:
        return ""
    verb = {"publish": "同意公开", "withhold": "不予公开"}[d.decision]
    when = f"{ctx.roster.name(d.reviewer)}于 {d.day.isoformat()} {verb}" + (f"（{d.note}）" if d.note else "")
    return f"{when}，审查的是修改前的内容" if t.verdict.status is Status.CHANGED else when


def _snippet(t: PublicText) -> markup.Trusted:
    item = f"  - record: {t.record.path}\n    sha256: {digest(t.record.meta)}\n    decision: publish"
    return markup.code_block(item, "yaml")


def _item(ctx: Context, links: PageLinks, screener: Screener, t: PublicText) -> QueueItem:
    m = t.record.meta
    person = ctx.repo.people.get(m.by)
    title = f"{person.name if person else m.by} {format_date_zh(m.date)} {ctx.type_name(m.type)}"
    summary = published_summary(m.summary)
    flags = "；".join(f"{f.label}：{f.text}" for f in screener.screen(summary))
    withs = "、".join(ctx.repo.people[w].name for w in m.with_ if w in ctx.repo.people and ctx.repo.people[w].public)
    # the record's own place on its filer's page, when the page shows it (the term's newest)
    anchor = "#" + record_anchor(t.record.path) if t.record.path in rows.shown(ctx, m.by) else ""
    link = markup.md_link(t.record.path, links.rel(person_page(m.by)) + anchor)
    return QueueItem(title, links.link(m.by), link, redact(ctx.guard.scrub(summary)), withs,
                     t.reason or "", redact(_history(ctx, t)), redact(flags),
                     _snippet(t) if t.blocked is None else markup.md(""))


def _in(texts: Iterable[PublicText], section: int) -> list[PublicText]:
    def which(t: PublicText) -> int | None:
        if t.blocked is not None:
            return 1
        return {Status.PENDING: 0, Status.CHANGED: 0, Status.REFUSED: 2}.get(t.verdict.status)
    return [t for t in texts if which(t) == section]


def disclosure(ctx: Context) -> DisclosurePage:
    links = PageLinks(ctx, PAGE)
    screener = Screener.of(ctx.repo.people.values(), ctx.repo.units.values(), ctx.repo.targets.values(),
                           ctx.policy, ctx.guard)
    texts = sorted(ctx.public_texts, key=lambda t: (t.record.meta.date, t.record.path))
    sections = [QueueSection(title, intro, [_item(ctx, links, screener, t) for t in _in(texts, i)])
                for i, (title, intro) in enumerate(SECTIONS)]
    disclosure = ctx.institution.disclosure
    names = [ctx.repo.people[r].name + f"（{r}）" for r in (disclosure.reviewers if disclosure else ())
             if r in ctx.repo.people]
    cleared = sum(1 for t in texts if t.published)
    counts = [StatusCount(s.title, len(s.items)) for s in sections] + [StatusCount("已审查公开", cleared)]
    return DisclosurePage("、".join(names) or "尚未登记（rosters/institution.yml 的 disclosure.reviewers）",
                          ctx.as_of.isoformat(), counts, sum(1 for item in sections[0].items if item.flags),
                          markup.code_block(HEADER, "yaml"), sections)
