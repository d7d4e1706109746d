"""The pages of the policy's outputs (制度要求的输出): one per report entry, and an index with the calendars.

The files themselves (workbooks, printable forms, calendar feeds) are made by ``generator.exports``;
these pages show each output's tables, list its forms and link its downloads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ... import schema
from ...exports import Produced
from ...exports.ics import pending
from ...exports.table import Sheet
from ...text import cite, format_hours, format_rate
from ...vocab import PER_LABELS, REPORT_KIND_LABELS
from .. import markup
from . import words
from .context import Context
from .links import PageLinks
from .report_views import CalendarRow, FormRow, ReportLink, ReportPage, ReportsIndex, TableView

#: Rows a page shows of one table; the workbook has them all.
PAGE_ROWS = 300
INDEX = "reports/index.md"

#: What each kind of output is, for the reader of its page.
ABOUT: dict[str, str] = {
    "ledger": "每学期一张工作表，每条通过检查、未被更正的记录一行；另有各人各规则各周期的完成情况表。",
    "form": "每人每个周期一份，版式按文件附件的表格；可在浏览器中打印为 A4 纸质表格，或下载 Excel。",
    "allocation": "当前的联系分配：每位联系人一行，按联系对象的类别分列。",
    "summary": "本学期的记录数（按载体）、时长、规则完成情况和问题办理情况。",
    "workload": "按记录的起止时间合计的联系工作小时数。",
    "time-share": "记录的联系学生小时数与在岗工作时间之比，是提示性指标。",
    "veto": "学年完成率与本校设定的阈值比较，低于阈值的作一票否决提示。",
    "workday-share": "工作日（按制度参数）开展的活动占全部活动的比例，以及逐两周的完成情况。",
    "guidance-coverage": "每位党员教师本学期记录中标注的各引导类别次数。",
    "problems": "师生反映的问题、转办单位、办理状态和用时。",
    "export": "按开放数据的格式汇总，可报送上级部门汇总。",
}


def report_page(spec_id: str) -> str:
    return f"reports/{spec_id}.md"


def _cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "rate" and isinstance(value, int | float):
        return format_rate(float(value))
    if isinstance(value, float):
        return format_hours(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\n", "；")


def table(sheet: Sheet) -> TableView:
    rows = list(sheet.rows)
    shown = [[_cell(v, c.kind) for v, c in zip(r, sheet.columns, strict=True)] for r in rows[:PAGE_ROWS]]
    return TableView(sheet.title, list(sheet.notes), [c.title for c in sheet.columns], shown, max(len(rows) - PAGE_ROWS, 0))


def _downloads(links: PageLinks, produced: Produced) -> list[markup.Trusted]:
    if produced.forms:
        return []
    return [links.to(f"下载 Excel（{path.rsplit('/', 1)[-1]}）", path) for path in produced.files]


def page(ctx: Context, produced: Produced) -> ReportPage:
    spec = produced.spec
    links = PageLinks(ctx, report_page(spec.id))
    forms = [FormRow(links.link(f.actor), f.period, links.to("打印版（A4）", f.html), links.to("Excel", f.xlsx))
             for f in produced.forms]
    return ReportPage(spec.title, cite(spec) or "未注明", REPORT_KIND_LABELS.get(spec.kind, spec.kind),
                      PER_LABELS.get(spec.per, "") if spec.per else "", words.who_words(ctx, spec.who) if spec.who else "全体",
                      ABOUT.get(spec.kind, ""), _downloads(links, produced), [table(s) for s in produced.sheets], forms)


def index(ctx: Context, produced: Sequence[Produced], feeds: Mapping[str, bytes]) -> ReportsIndex:
    links = PageLinks(ctx, INDEX)
    reports = [ReportLink(p.spec.title, links.to(p.spec.title, report_page(p.spec.id)),
                          REPORT_KIND_LABELS.get(p.spec.kind, p.spec.kind), cite(p.spec)) for p in produced]
    calendars = [CalendarRow(links.link(pid), links.to(path.rsplit("/", 1)[-1], path), len(pending(ctx.exports, pid)))
                 for pid in ctx.repo.people if (path := f"downloads/ics/{pid}.ics") in feeds]
    return ReportsIndex(reports, calendars)


def pages(ctx: Context, produced: Iterable[Produced]) -> Iterable[tuple[str, ReportPage]]:
    for p in produced:
        yield report_page(p.spec.id), page(ctx, p)


def policy_link(ctx: Context, spec: schema.ReportSpec) -> markup.Trusted:
    """The policy page's link to an output's page (plain text when the build made none)."""
    if spec.id not in ctx.produced_ids:
        return markup.md("（未生成）")
    return markup.md_link("查看", PageLinks(ctx, "policy.md").rel(report_page(spec.id)))
