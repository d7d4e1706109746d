"""The public disclosure site (主动公开): pages rendered from ``PublicData`` alone."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..exports import xlsx
from ..exports.table import Column, Sheet
from ..public import opendata
from ..public.data import PublicAllocation
from ..public.projection import Entry, PublicActor, PublicAssignment, PublicData, PublicRecord, TermSummary
from ..text import format_date, format_date_zh, format_rate
from ..vocab import LEVEL_LABELS, PER_LABELS, STATUS_LABELS
from . import markup, templating
from .build import SiteSource
from .markup import Trusted

# ``render(data)`` never sees the repository or the pipeline outcome, only the projection of
# generator.public.projection, so it cannot publish what contract §8 withholds. The projection's
# frozen dataclasses are the pages' view model; the little still decided per page (which assignments
# are current, the newest term first, chart data) is decided here, and the templates under
# templates/public/ only loop and print. They share the internal site's environment, so every
# ``{{ value }}`` is escaped for Markdown unless markup.py built it, and a record summary can never
# inject HTML, links or attribute lists. URLs are ASCII (ids and term ids).

TEMPLATES = Path(__file__).parent / "templates" / "public"

#: The catalogue's fixed fields (every item is proactively disclosed to the public).
DISCLOSURE_KIND = "主动公开"
DISCLOSURE_SCOPE = "面向社会"

FILTERS: dict[str, Callable[..., str]] = {"rate": format_rate, "zh": format_date_zh, "iso": format_date}
GLOBALS: dict[str, Any] = {
    "DISCLOSURE_KIND": DISCLOSURE_KIND, "DISCLOSURE_SCOPE": DISCLOSURE_SCOPE,
    "PER_LABELS": PER_LABELS, "LEVEL_LABELS": LEVEL_LABELS, "STATUS_LABELS": STATUS_LABELS,
    "TABLES": opendata.TABLES, "JSON_FILE": opendata.JSON_FILE, "SCHEMA_VERSION": opendata.SCHEMA_VERSION,
}


# --------------------------------------------------------------------------- what pages add to the projection

@dataclass(frozen=True)
class AssignmentRow:
    target: str  # the target's name, or how many unnamed ones
    kind: str
    since: str
    until: str


@dataclass(frozen=True)
class RecordRow:
    record: PublicRecord
    anchor: Trusted
    with_names: str


@dataclass(frozen=True)
class AllocationRow:
    actor: PublicActor
    current: tuple[PublicAssignment, ...]  # not ended before the as-of date


@dataclass(frozen=True)
class TermRow:
    term: TermSummary
    rate: str


def _assignment_row(x: PublicAssignment) -> AssignmentRow:
    target = x.name or f"{x.count} {x.measure}（不公开具体对象）"
    return AssignmentRow(target, x.kind, format_date(x.since) or "—", format_date(x.until) or "—")


def _record_row(r: PublicRecord) -> RecordRow:
    if r.entry.anchor is None:
        raise ValueError(f"a published record needs an anchor: {r.entry.number}")
    return RecordRow(r, markup.anchor(r.entry.anchor), "、".join(r.with_names))


def _byline(a: PublicActor) -> Trusted:
    return markup.concat(a.title or "", "，" if a.title and a.unit else "", a.unit or "")


def _carrier_chart(t: TermSummary) -> Trusted:
    return markup.quoted_chart({
        "title": {"text": "各载体活动次数", "textStyle": {"fontSize": 14}},
        "tooltip": {},
        # every carrier named (ECharts would skip every other label) and every bar's number shown
        "grid": {"left": 40, "right": 10, "bottom": 60, "containLabel": True},
        "xAxis": {"type": "category", "data": [c.carrier for c in t.carriers],
                  "axisLabel": {"interval": 0, "rotate": 30 if len(t.carriers) > 6 else 0}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "name": "次数", "data": [c.records for c in t.carriers],
                    "label": {"show": True, "position": "top"}}],
    })


# --------------------------------------------------------------------------- pages

def environment() -> jinja2.Environment:
    """The public site's templates in the environment both sites share."""
    return templating.environment(TEMPLATES, filters=FILTERS, globals=GLOBALS)


class Renderer:
    def __init__(self, data: PublicData) -> None:
        self.data = data
        self.env = environment()
        self.pages: dict[str, str] = {}

    def page(self, path: str, template: str, **context: Any) -> None:
        def href(target: str | Entry) -> Trusted:
            """Relative Markdown link from this page to a page (or a catalogue entry's place)."""
            page, anchor = (target.page, target.anchor) if isinstance(target, Entry) else (target, None)
            rel = posixpath.relpath(page, posixpath.dirname(path) or ".")
            return markup.url(rel + (f"#{anchor}" if anchor else ""))

        self.pages[path] = self.env.get_template(template).render(d=self.data, href=href, **context)

    def render(self) -> SiteSource:
        d = self.data
        catalogue = d.catalogue
        self.page("index.md", "home.md.j2", catalogue=catalogue, catalogue_count=len(catalogue))
        self.page("policy.md", "policy.md.j2", e=d.policy.entry,
                  roster_rules=(*d.policy.assignment_rules, *d.policy.coverage_rules))
        terms = [TermRow(t, format_rate(t.total.rate if t.total else None)) for t in reversed(d.terms)]
        self.page("terms/index.md", "terms_index.md.j2", terms=terms)
        for t in d.terms:
            median = "—" if t.problems.median_days is None else t.problems.median_days
            self.page(t.entry.page, "term.md.j2", t=t, e=t.entry, chart=_carrier_chart(t), median=median)
        rows = [AllocationRow(a, tuple(x for x in a.assignments if not x.ended)) for a in d.actors]
        self.page("people/index.md", "people_index.md.j2", e=d.allocation, rows=rows)
        for a in d.actors:
            if a.entry is not None:
                self.page(a.entry.page, "actor.md.j2", a=a, e=a.entry, byline=_byline(a),
                          assignments=[_assignment_row(x) for x in a.assignments],
                          records=[_record_row(r) for r in a.records])
        self.page("opendata.md", "opendata.md.j2", e=d.opendata)
        files = opendata.files(d)
        for lst in d.allocations:
            self.page(allocation_page(lst), "allocation.md.j2", a=lst, book=markup.url(f"{lst.id}.xlsx"),
                      basis=" ".join(x for x in (lst.document, lst.source) if x), note=allocation_note(lst))
            files[f"allocation/{lst.id}.xlsx"] = xlsx.to_bytes([allocation_sheet(lst)], d.as_of, lst.title)
        return SiteSource(
            name="public",
            site_name=f"{d.institution.name}联系师生工作信息公开",
            pages=self.pages,
            nav=self.nav(),
            files=files,
        )

    def nav(self) -> list[Any]:
        d = self.data
        return [
            {"首页": "index.md"},
            {"制度": "policy.md"},
            # Page titles come from each page's escaped heading, not from raw names in mkdocs.yml.
            {"学期统计": ["terms/index.md", *(t.entry.page for t in reversed(d.terms))]},
            {"联系分配": ["people/index.md", *(allocation_page(a) for a in d.allocations),
                      *(a.entry.page for a in d.actors if a.entry)]},
            {"开放数据": "opendata.md"},
        ]


def allocation_page(a: PublicAllocation) -> str:
    return f"allocation/{a.id}.md"


def allocation_note(a: PublicAllocation) -> str:
    return ("公开版本：只列同意公开姓名的人员和他们当前联系的对象；" + ("不列" + "、".join(a.omitted) + "；" if a.omitted else "")
            + "宿舍门牌和教师个人只公开数量；家庭经济困难、心理关注等敏感对象不以任何形式出现。"
            + (f"名单中另有 {a.hidden} 人未公开姓名。" if a.hidden else ""))


def allocation_sheet(a: PublicAllocation) -> Sheet:
    """The public allocation list as a workbook sheet: exactly the page's table."""
    columns = (Column("姓名", 10), Column("职务", 14), Column("单位", 18), *(Column(k, 30, "long") for k in a.kinds))
    rows = [(r.name, r.title, r.unit, *r.cells) for r in a.rows]
    return Sheet("公开名单", a.title, columns, rows, (allocation_note(a),))


def render(data: PublicData) -> SiteSource:
    """The public site of one projection (see the module docstring)."""
    return Renderer(data).render()
