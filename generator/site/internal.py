"""The internal site: every actor, unit, rule and target with its compliance, records and gaps.

``render(outcome)`` turns one pipeline ``Outcome`` into a ``SiteSource`` of plain Markdown pages
(Jinja2 templates under ``templates/internal/``) and an explicit nav. It never reads files and
never decides compliance: statuses come from ``outcome.compliance``, record visibility from the
contract (§8). Everything derives from ``outcome.as_of``, and every list has a stable order, so the
same outcome always gives byte-identical pages (tests/golden/internal/ holds them for the mini
fixture).

Links inside Markdown are ``.md`` links (mkdocs checks and rewrites them); links inside raw HTML
(status grids) are final directory URLs, because mkdocs leaves raw HTML alone — build.py always
builds with ``use_directory_urls: true``.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from .. import activities, privacy, schema
from ..compliance import (
    AssignmentResult,
    Compliance,
    CoverageResult,
    ProfileResult,
    Result,
    Tally,
    rate,
)
from ..diagnostics import CODES, Code, Diagnostic
from ..loader import Record
from ..periods import Period, TeachingCalendar, due_threshold
from ..pipeline import Outcome
from ..text import grade_limit_words
from ..urls import Linker
from ..vocab import NO_CARRIER
from . import common
from .build import SiteSource
from .common import md_inline
from .sanitize import BodyRenderer

TEMPLATES = Path(__file__).parent / "templates" / "internal"

#: Target kinds that get a page of their own (students and courses do not: too many, or no contact).
TARGET_PAGE_KINDS: tuple[str, ...] = ("class", "dorm", "club", "teacher")
RECENT_RECORDS = 20
GRID_LABEL = 16  # characters of a grid row label; longer rule titles are cut (full text in the tooltip)
WEEKDAYS = "一二三四五六日"

# --------------------------------------------------------------------------- small values

@dataclass(frozen=True)
class Column:
    label: str
    title: str


@dataclass(frozen=True)
class Cell:
    cls: str
    glyph: str
    title: str


@dataclass(frozen=True)
class Row:
    label: str  # shortened to keep the grid narrow; ``title`` holds the full text
    title: str
    page: str | None  # page the label links to
    note: str
    cells: list[Cell]


@dataclass(frozen=True)
class Grid:
    caption: str
    corner: str
    columns: list[Column]
    rows: list[Row]


@dataclass(frozen=True)
class ProblemItem:
    record: Record
    index: int
    problem: schema.Problem
    restricted: bool
    age: int  # days from raising to resolution (resolved) or to the as-of date
    overdue: bool

    @property
    def raised(self) -> date:
        return self.record.meta.date


@dataclass
class DueGroup:
    """Pending results due by one date, for one unit and rule: the to-do list with names."""

    end: date
    unit: str
    rule: str
    period: str
    actors: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- paths and links

def person_page(pid: str) -> str:
    return f"people/{pid}.md"


def unit_page(uid: str) -> str:
    return f"units/{uid}.md"


def rule_page(rid: str) -> str:
    return f"rules/{rid}.md"


def target_page(tid: str) -> str:
    return f"targets/{tid}.md"


class PageLinks(Linker):
    """Links from one page to person, unit, target and rule pages (names escaped, sensitive masked)."""

    def __init__(self, site: Site, page: str) -> None:
        super().__init__(page)
        self.site = site

    def link(self, ref: str, text: str | None = None) -> str:
        """Markdown link to a person, unit or target page (escaped name; masked when sensitive)."""
        label = md_inline(text if text is not None else self.site.display(ref))
        if ref in self.site.sensitive:
            label += f"（{md_inline(ref)}）"
        page = self.site.page_of(ref)
        return f"[{label}]({self.rel(page)})" if page else label

    def links(self, refs: Iterable[str], sep: str = "、") -> str:
        return sep.join(self.link(r) for r in refs)

    def html_link(self, ref: str) -> str:
        """The same as ``link`` for raw HTML."""
        label = common.html_text(self.site.display(ref))
        if ref in self.site.sensitive:
            label += f"（{common.html_text(ref)}）"
        page = self.site.page_of(ref)
        return f'<a href="{self.href(page)}">{label}</a>' if page else label

    def rule(self, rid: str) -> str:
        rule = self.site.rules.get(rid)
        return f"[{md_inline(rule.title if rule else rid)}]({self.rel(rule_page(rid))})"


# --------------------------------------------------------------------------- the site model

def current_term(cal: TeachingCalendar, as_of: date) -> schema.Term:
    """The term ``as_of`` reports under, else (before the first term) the first term."""
    return cal.reporting_term(as_of) or cal.terms()[0]


class Site:
    """Everything the pages need, indexed once (by actor, rule, target), from one outcome."""

    def __init__(self, outcome: Outcome) -> None:
        repo = outcome.repo
        if repo.policy is None or outcome.calendar is None or repo.institution is None \
                or outcome.compliance is None:
            raise ValueError("the internal site needs an institution, a policy, a calendar and compliance")
        self.repo = repo
        self.institution: schema.Institution = repo.institution
        self.policy: schema.Policy = repo.policy
        self.compliance: Compliance = outcome.compliance
        self.diagnostics: list[Diagnostic] = outcome.diagnostics
        self.as_of = outcome.as_of
        self.cal = outcome.calendar
        self.term = current_term(self.cal, self.as_of)
        self.rules: dict[str, schema.Rule] = {r.id: r for r in self.policy.rules}
        self.sensitive = outcome.sensitive
        self.guard = outcome.guard
        self._bodies = BodyRenderer()
        self._body_cache: dict[str, str] = {}

        self.records: Sequence[Record] = outcome.counting
        self.credited = outcome.credit.by_actor  # by and with
        self.by_target = outcome.credit.by_target

        # Results of the current term only: what every grid, rate and to-do list is about.
        self.term_results: list[Result] = [
            r for r in self.compliance.results if r.start <= self.term.end and r.end >= self.term.start
        ]
        self.results_by_actor: dict[str, list[Result]] = defaultdict(list)
        self.results_by_rule: dict[str, list[Result]] = defaultdict(list)
        for r in self.term_results:
            self.results_by_actor[r.actor].append(r)
            self.results_by_rule[r.rule].append(r)
        self.assignment_results: dict[str, list[AssignmentResult]] = defaultdict(list)
        for ar in self.compliance.assignments:
            self.assignment_results[ar.actor].append(ar)

        self.assignments_of: dict[str, list[schema.Assignment]] = defaultdict(list)
        self.assigned_to: dict[str, list[str]] = defaultdict(list)  # target -> actors
        for a in repo.assignments:
            self.assignments_of[a.actor].append(a)
            for t in a.targets:
                if a.actor not in self.assigned_to[t]:
                    self.assigned_to[t].append(a.actor)
        self.leaves_of: dict[str, list[schema.Leave]] = defaultdict(list)
        for leave in sorted(repo.leaves, key=lambda x: (x.start, x.end)):
            self.leaves_of[leave.person].append(leave)
        self.unit_people: dict[str, list[str]] = defaultdict(list)
        self.branch_people: dict[str, list[str]] = defaultdict(list)
        for p in repo.people.values():
            self.unit_people[p.unit].append(p.id)
            if p.branch:
                self.branch_people[p.branch].append(p.id)
        self.children: dict[str, list[str]] = defaultdict(list)
        for u in repo.units.values():
            if u.parent and u.parent in repo.units:
                self.children[u.parent].append(u.id)

        self.page_targets = [t for t in repo.targets.values() if t.kind in TARGET_PAGE_KINDS]
        self._target_pages = {t.id for t in self.page_targets}

    # ------------------------------------------------------------------ naming
    def display(self, ref: str) -> str:
        """Display name of any id; a sensitive target's name is masked."""
        person = self.repo.people.get(ref)
        if person is not None:
            return person.name
        unit = self.repo.units.get(ref)
        if unit is not None:
            return unit.name
        target = self.repo.targets.get(ref)
        if target is not None:
            return common.mask_name(target.name) if ref in self.sensitive else target.name
        return ref

    def page_of(self, ref: str) -> str | None:
        if ref in self.repo.people:
            return person_page(ref)
        if ref in self.repo.units:
            return unit_page(ref)
        if ref in self._target_pages:
            return target_page(ref)
        return None

    def kind_label(self, ref: str) -> str:
        target = self.repo.targets.get(ref)
        if target is not None:
            return common.KIND_LABELS.get(target.kind, target.kind)
        unit = self.repo.units.get(ref)
        return common.KIND_LABELS.get(unit.kind, unit.kind) if unit else ""

    def unit_of(self, actor: str) -> str:
        person = self.repo.people.get(actor)
        return person.unit if person else actor

    def role_names(self, roles: Iterable[str]) -> str:
        return "、".join(self.policy.roles.get(r, r) for r in roles)

    def type_name(self, type_id: str) -> str:
        atype = self.policy.activity_types.get(type_id)
        return atype.name if atype else type_id

    def visibility(self, rec: Record) -> str:
        return privacy.visibility(rec.meta, self.policy)

    def restricted(self, rec: Record) -> bool:
        return self.visibility(rec) == "restricted"

    @staticmethod
    def hours_of(rec: Record) -> float:
        return activities.hours_of(rec.meta)

    def scrub(self, text: str) -> str:
        """Mask every sensitive target's full name in generated text (diagnostic messages quote
        roster names): the one name guard, so a longer public name is never cut into."""
        return self.guard.scrub(text)

    def body_html(self, rec: Record) -> str:
        """Sanitised HTML of a record body (cached: a record shows on every credited actor's page)."""
        cached = self._body_cache.get(rec.path)
        if cached is None:
            cached = self._body_cache[rec.path] = self._bodies(rec.body) if rec.body.strip() else ""
        return cached

    # ------------------------------------------------------------------ periods
    @cached_property
    def term_weeks(self) -> list[Period]:
        return self.cal.periods("week", self.term.start, self.term.end)

    def term_periods(self, per: str) -> list[Period]:
        return self.cal.periods(per, self.term.start, self.term.end)

    def in_term(self, day: date) -> bool:
        """Whether a day reports under the current term (the break after a term reports with it)."""
        return self.cal.reporting_term(day) == self.term

    # ------------------------------------------------------------------ rates
    def mandatory(self, results: Iterable[Result]) -> list[Result]:
        return [r for r in results if r.level == "mandatory"]

    def actor_tally(self, actor: str) -> Tally:
        return Tally.of(self.mandatory(self.results_by_actor.get(actor, [])))

    def actors_tally(self, actors: Iterable[str]) -> Tally:
        return Tally.of(r for a in actors for r in self.mandatory(self.results_by_actor.get(a, [])))

    def is_actor(self, ref: str) -> bool:
        return bool(self.results_by_actor.get(ref) or self.assignments_of.get(ref)
                    or self.credited.get(ref) or self.assignment_results.get(ref))

    def rule_tally(self, rid: str) -> Tally:
        return Tally.of(self.results_by_rule.get(rid, []))

    def due_days(self, rule: schema.Rule) -> int:
        return due_threshold(rule.per, self.policy.due, rule.due_min_teaching_days)

    # ------------------------------------------------------------------ roster rules
    def assignment_rule(self, rid: str) -> schema.AssignmentRule:
        return next(r for r in self.policy.assignment_rules if r.id == rid)

    def profile_rule(self, rid: str) -> schema.ProfileRule:
        return next(r for r in self.policy.profile_rules if r.id == rid)

    def assignment_rows(self, rid: str) -> list[AssignmentResult]:
        rows = [a for a in self.compliance.assignments if a.rule == rid]
        return sorted(rows, key=lambda a: (a.status != "unmet", self.unit_rank(self.unit_of(a.actor)), a.actor))

    def coverage_rows(self, rid: str) -> list[CoverageResult]:
        return [c for c in self.compliance.coverage if c.rule == rid]

    def profile_rows(self, rid: str) -> list[ProfileResult]:
        return [x for x in self.compliance.profiles if x.rule == rid]

    # ------------------------------------------------------------------ problems
    @cached_property
    def problems_by_actor(self) -> dict[str, list[ProblemItem]]:
        out: dict[str, list[ProblemItem]] = defaultdict(list)
        for p in self.problems:
            out[p.record.meta.by].append(p)
        return out

    @cached_property
    def profiles_by_actor(self) -> dict[str, list[ProfileResult]]:
        out: dict[str, list[ProfileResult]] = defaultdict(list)
        for x in self.compliance.profiles:
            out[x.actor].append(x)
        return out

    @cached_property
    def problems(self) -> list[ProblemItem]:
        limit = activities.response_limit(self.policy)
        out = []
        for rec in self.records:
            for i, p in enumerate(rec.meta.problems):
                age = activities.problem_age(rec.meta.date, p, self.as_of, limit)
                out.append(ProblemItem(rec, i, p, self.restricted(rec), age.days, age.overdue))
        return out

    # ------------------------------------------------------------------ grids
    def grids(self, results: Sequence[Result], row_key: str, links: PageLinks) -> list[Grid]:
        """One grid per period kind: rows are rules (actor pages) or actors (rule pages), each
        row optionally per target; columns are the kind's periods overlapping the current term."""
        kinds: dict[str, list[Result]] = {}
        for r in results:
            kinds.setdefault(r.per, []).append(r)
        order = {r.id: i for i, r in enumerate(self.policy.rules)}
        grids = []
        for per in sorted(kinds, key=lambda k: schema.PERIOD_KINDS.index(k)):
            periods = self.term_periods(per)
            rows: dict[tuple[Any, ...], dict[str, Result]] = {}
            for r in kinds[per]:
                key: tuple[Any, ...]
                if row_key == "rule":
                    key = (order.get(r.rule, len(order)), r.rule, r.target or "")
                else:
                    key = (self.unit_rank(self.unit_of(r.actor)), r.actor, r.target or "")
                rows.setdefault(key, {})[r.period] = r
            grid_rows = []
            for key in sorted(rows):
                by_period = rows[key]
                any_result = next(iter(by_period.values()))
                target = any_result.target
                if row_key == "rule":
                    rule = self.rules.get(any_result.rule)
                    label = rule.title if rule else any_result.rule
                    page: str | None = rule_page(any_result.rule)
                    note = "倡导" if any_result.level == "advisory" else ""
                else:
                    label = self.display(any_result.actor)
                    page = self.page_of(any_result.actor)
                    note = ""
                if target:
                    note = (note + " " if note else "") + "· " + self.display(target)
                cells = [self.cell(by_period.get(p.id), p) for p in periods]
                short = label if len(label) <= GRID_LABEL else label[: GRID_LABEL - 1] + "…"
                grid_rows.append(Row(short, label, page, note, cells))
            columns = [Column(self.period_label(p), self.period_title(p)) for p in periods]
            corner = "规则" if row_key == "rule" else "人员／单位"
            grids.append(Grid(f"按{common.PER_LABELS.get(per, per)}", corner, columns, grid_rows))
        return grids

    def cell(self, result: Result | None, period: Period) -> Cell:
        span = f"{self.period_title(period)}"
        if result is None:
            why = "尚未开始" if period.start > self.as_of else "不在统计范围内"
            return Cell("", "", f"{span}：{why}")
        amount = f"{result.achieved}/{result.required} 次"
        if result.required_hours:
            amount += f"，{common.format_hours(result.hours)}/{common.format_hours(result.required_hours)} 小时"
        return Cell(common.status_class(result.status), common.STATUS_GLYPHS[result.status],
                    f"{span}：{common.status_label(result.status)}，{amount}")

    def period_label(self, p: Period) -> str:
        if p.kind == "week":
            return "W" + p.id.rsplit("-W", 1)[1]
        if p.kind == "biweek":
            return p.id.rsplit("-", 1)[1]
        if p.kind == "month":
            return f"{p.start.month}月"
        if p.kind == "semester":
            return "本学期"
        return p.id

    def period_title(self, p: Period) -> str:
        return f"{p.id}（{p.start.month}月{p.start.day}日—{p.end.month}月{p.end.day}日）"

    @cached_property
    def _unit_order(self) -> dict[str, int]:
        return {u: i for i, u in enumerate(self.repo.units)}

    def unit_rank(self, uid: str) -> int:
        return self._unit_order.get(uid, len(self._unit_order))

    # ------------------------------------------------------------------ charts
    def heatmap(self, records: Sequence[Record]) -> dict[str, Any]:
        per_day = Counter(r.meta.date for r in records if self.in_term(r.meta.date))
        peak = max(per_day.values(), default=0)
        return {
            "tooltip": {"position": "top"},
            "visualMap": {"min": 0, "max": max(peak, 1), "calculable": False, "orient": "horizontal",
                          "left": "center", "bottom": 0, "itemHeight": 80,
                          "inRange": {"color": ["#e8eaf6", "#3f51b5"]}},
            "calendar": {
                "top": 40, "left": 40, "right": 20, "bottom": 50,
                "range": [self.term.start.isoformat(), self.term.end.isoformat()],
                "cellSize": ["auto", 16],
                "dayLabel": {"firstDay": 1, "nameMap": list("日一二三四五六")},
                "monthLabel": {"nameMap": [f"{m}月" for m in range(1, 13)]},
                "yearLabel": {"show": False},
            },
            "series": [{"type": "heatmap", "coordinateSystem": "calendar", "name": "记录数",
                        "data": [[d.isoformat(), n] for d, n in sorted(per_day.items())]}],
        }

    def weekly_trend(self) -> dict[str, Any]:
        weeks = [w for w in self.term_weeks if w.start <= self.as_of]
        by_week: dict[str, list[Result]] = defaultdict(list)
        for r in self.term_results:
            if r.per == "week" and r.level == "mandatory":
                by_week[r.period].append(r)
        data = []
        for w in weeks:
            value = rate(by_week.get(w.id, []))
            data.append(None if value is None else round(value * 100, 1))
        # Start the axis 10 points below the lowest week (rounded to tens), so 92% and 97% differ.
        values = [v for v in data if v is not None]
        floor = max(0, int(min(values) // 10) * 10 - 10) if values else 0
        return {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 20, "top": 30, "bottom": 40},
            "xAxis": {"type": "category", "data": [self.period_label(w) for w in weeks]},
            "yAxis": {"type": "value", "min": floor, "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [{"type": "line", "name": "每周规则完成率（%）", "data": data,
                        "connectNulls": False, "symbolSize": 8}],
        }

    def carrier_counts(self) -> list[tuple[str, int]]:
        tally = activities.carrier_tally(self.policy, (r.meta.type for r in self.records if self.in_term(r.meta.date)))
        return [(c, n) for c, n in tally if n or c != NO_CARRIER]

    def carrier_chart(self) -> dict[str, Any]:
        counts = self.carrier_counts()
        return {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 20, "top": 30, "bottom": 40},
            "xAxis": {"type": "category", "data": [c for c, _ in counts]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"type": "bar", "name": "记录数", "data": [n for _, n in counts],
                        "barMaxWidth": 48, "itemStyle": {"color": "#3f51b5"}}],
        }

    # ------------------------------------------------------------------ words
    def who_words(self, who: schema.Who) -> str:
        parts = []
        if who.roles:
            parts.append(self.role_names(who.roles))
        if who.kinds:
            parts.append("、".join(common.UNIT_KIND_LABELS.get(k, k) for k in who.kinds))
        if who.ids:
            parts.append("、".join(self.display(i) for i in who.ids))
        text = "；".join(parts) or "（无）"
        if who.except_roles:
            text += f"（不含{self.role_names(who.except_roles)}）"
        return text

    def count_words(self, rule: schema.Rule) -> list[str]:
        c = rule.count
        out = []
        if c.types is not None:
            out.append("活动类型为" + "、".join(self.type_name(t) for t in c.types) + "之一")
        if c.face_to_face is True:
            out.append("面对面接触")
        elif c.face_to_face is False:
            out.append("非面对面的活动")
        if c.target_kinds:
            out.append("联系对象中至少有一个是" + "、".join(common.KIND_LABELS.get(k, k) for k in c.target_kinds))
        if c.target_tags:
            out.append("联系对象带有标签" + "、".join(c.target_tags) + "之一")
        if c.target_tags_all:
            out.append("联系对象同时带有标签" + "、".join(c.target_tags_all))
        if c.guidance:
            out.append("标注了引导类别" + "、".join(c.guidance) + "之一")
        if c.assigned_only:
            out.append("只计当天分配给本人的联系对象")
        by_words = {"self": "", "members": "计入本支部党员的记录",
                    "self-and-members": "计入本单位及其党员的记录", "secretary": "计入书记的记录"}
        if by_words.get(c.by):
            out.append(by_words[c.by])
        if c.within_first_days is not None:
            out.append(f"只计每个周期的前 {c.within_first_days} 天")
        if rule.each == "assigned":
            out.append("对每个分配的联系对象分别计算")
        elif rule.each == "tagged":
            out.append("对每个符合条件的对象分别计算")
        return out

    def requirement(self, rule: schema.Rule) -> str:
        text = f"每{common.PER_LABELS.get(rule.per, rule.per)}至少 {rule.min} 次"
        if rule.min_hours:
            text += f"、累计 {common.format_hours(rule.min_hours)} 小时"
        return text


# --------------------------------------------------------------------------- rendering

def _chart(option: dict[str, Any], height: str | None = None) -> str:
    """ECharts container for assets/charts.js. The JSON sits in a single-quoted attribute, so only
    ``&``, ``'``, ``<`` and ``>`` need escaping (names in the data are user text)."""
    text = json.dumps(option, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
    extra = f' data-chart-height="{html.escape(height)}"' if height else ""
    return f"<div class=\"cr-chart\" data-chart='{data}'{extra}></div>"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: every user string goes through |md or |h instead
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        md=md_inline,
        kind_names=common.kind_names,
        h=common.html_text,
        rate=common.format_rate,
        hours=common.format_hours,
        badge=common.status_badge,
        date_zh=common.format_date_zh,
        cite=common.cite,
        grade_words=lambda rule: grade_limit_words(rule.grade, rule.target_kinds),
    )
    env.globals.update(
        common=common,
        chart=_chart,
        STATUS_ORDER=common.STATUS_ORDER,
        CODES=CODES,
        WEEKDAYS=WEEKDAYS,
    )
    return env


class Renderer:
    def __init__(self, outcome: Outcome) -> None:
        self.site = Site(outcome)
        self.env = _environment()
        self.pages: dict[str, str] = {}

    def page(self, path: str, template: str, **context: Any) -> None:
        links = PageLinks(self.site, path)
        text = self.env.get_template(template).render(s=self.site, p=links, **context)
        self.pages[path] = text.rstrip("\n") + "\n"

    # ------------------------------------------------------------------ pages
    def render(self) -> SiteSource:
        s = self.site
        self.home()
        self.page("people/index.md", "people_index.md.j2", groups=self.people_groups())
        for pid in s.repo.people:
            self.person(pid)
        self.page("units/index.md", "units_index.md.j2", tree=self.unit_tree())
        for uid in s.repo.units:
            self.unit(uid)
        self.page("rules/index.md", "rules_index.md.j2")
        for rule in s.policy.rules:
            self.rule(rule)
        self.page("rules/roster.md", "roster_rules.md.j2")
        self.targets()
        self.page("problems.md", "problems.md.j2")
        self.page("quality.md", "quality.md.j2", groups=self.quality_groups())
        self.page("policy.md", "policy.md.j2")
        return SiteSource(
            name="internal",
            site_name=common.nav_text(f"{s.institution.name}联系师生工作（内部）"),
            pages=self.pages,
            nav=self.nav(),
        )

    def home(self) -> None:
        s = self.site
        week_end = s.as_of + timedelta(days=6 - s.as_of.weekday())
        next_month = date(s.as_of.year + (s.as_of.month == 12), s.as_of.month % 12 + 1, 1)
        month_end = next_month - timedelta(days=1)
        due_week: dict[tuple[Any, ...], DueGroup] = {}
        due_month: dict[tuple[Any, ...], DueGroup] = {}
        for r in s.term_results:
            if r.status != "pending" or not r.start <= s.as_of <= r.end:
                continue
            bucket = due_week if r.end <= week_end else due_month if r.end <= month_end else None
            if bucket is None:
                continue
            unit = s.unit_of(r.actor)
            key = (r.end, s.unit_rank(unit), unit, r.rule, r.period)
            group = bucket.setdefault(key, DueGroup(r.end, unit, r.rule, r.period))
            if r.actor not in group.actors:
                group.actors.append(r.actor)
        roles = []
        for role in s.policy.roles:
            actors = [p.id for p in s.repo.people.values() if role in p.roles]
            if actors:
                roles.append((s.policy.roles[role], len(actors), s.actors_tally(actors)))
        unit_actor_kinds: dict[str, list[str]] = defaultdict(list)
        for uid, unit_def in s.repo.units.items():
            if s.results_by_actor.get(uid):
                unit_actor_kinds[unit_def.kind].append(uid)
        for kind, uids in unit_actor_kinds.items():
            roles.append((common.UNIT_KIND_LABELS.get(kind, kind) + "（单位）", len(uids), s.actors_tally(uids)))
        units = []
        for uid in s.repo.units:
            actors = [*s.unit_people.get(uid, []), *([uid] if s.results_by_actor.get(uid) else [])]
            tally = s.actors_tally(actors)
            if actors and (tally.decided or tally.pending):
                units.append((uid, len(actors), tally))
        open_problems = [p for p in s.problems if p.problem.status != "resolved"]
        self.page(
            "index.md", "home.md.j2",
            overall=Tally.of(s.mandatory(s.term_results)),
            actors=len({r.actor for r in s.term_results}),
            units=units, roles=roles,
            due_week=[due_week[k] for k in sorted(due_week)],
            due_month=[due_month[k] for k in sorted(due_month)],
            week_end=week_end, month_end=month_end,
            recent=list(reversed(s.records[-RECENT_RECORDS:])),
            open_problems=sorted(open_problems, key=lambda p: (-p.age, p.record.path, p.index)),
            overdue=sum(1 for p in open_problems if p.overdue),
            trend=s.weekly_trend(), carriers=s.carrier_chart(),
        )

    def actor_context(self, actor: str, links: PageLinks) -> dict[str, Any]:
        """What person and unit pages share: grids, assignments, records, problems, hours."""
        s = self.site
        records = s.credited.get(actor, [])
        months: dict[tuple[int, int], list[Record]] = defaultdict(list)
        for rec in reversed(records):
            months[(rec.meta.date.year, rec.meta.date.month)].append(rec)
        assignments = sorted(
            s.assignments_of.get(actor, []), key=lambda a: (a.since or date.min, a.until or date.max)
        )
        return {
            "actor": actor,
            "tally": s.actor_tally(actor),
            "grids": s.grids(s.results_by_actor.get(actor, []), "rule", links),
            "assignments": assignments,
            "assignment_results": s.assignment_results.get(actor, []),
            "profiles": s.profiles_by_actor.get(actor, []),
            "months": sorted(months.items(), reverse=True),
            "record_count": len(records),
            "term_records": sum(1 for r in records if s.in_term(r.meta.date)),
            "hours_total": sum(s.hours_of(r) for r in records),
            "hours_term": sum(s.hours_of(r) for r in records if s.in_term(r.meta.date)),
            "problems": s.problems_by_actor.get(actor, []),
            "heatmap": s.heatmap(records),
        }

    def person(self, pid: str) -> None:
        path = person_page(pid)
        ctx = self.actor_context(pid, PageLinks(self.site, path))
        self.page(path, "person.md.j2", person=self.site.repo.people[pid],
                  leaves=self.site.leaves_of.get(pid, []), c=ctx)

    def unit(self, uid: str) -> None:
        s = self.site
        path = unit_page(uid)
        members = s.unit_people.get(uid, [])
        branch_members = [p for p in s.branch_people.get(uid, []) if p not in members]
        contacted = s.by_target.get(uid, [])
        ctx = self.actor_context(uid, PageLinks(s, path)) if s.is_actor(uid) else None
        self.page(path, "unit.md.j2", unit=s.repo.units[uid], members=members,
                  branch_members=branch_members, children=s.children.get(uid, []),
                  contacted=contacted, ctx=ctx)

    def rule(self, rule: schema.Rule) -> None:
        s = self.site
        path = rule_page(rule.id)
        results = s.results_by_rule.get(rule.id, [])
        per_actor: dict[str, list[Result]] = defaultdict(list)
        for r in results:
            per_actor[r.actor].append(r)
        gaps = []
        for actor, rs in per_actor.items():
            unmet = [r for r in rs if r.status == "unmet"]
            if unmet:
                gaps.append((actor, unmet))
        gaps.sort(key=lambda g: (-len(g[1]), s.unit_rank(s.unit_of(g[0])), g[0]))
        self.page(path, "rule.md.j2", rule=rule, tally=Tally.of(results), actors=len(per_actor),
                  gaps=gaps, grids=s.grids(results, "actor", PageLinks(s, path)))

    def targets(self) -> None:
        s = self.site
        rows = []
        for t in s.page_targets:
            recs = s.by_target.get(t.id, [])
            term = sum(1 for r in recs if s.in_term(r.meta.date))
            last = recs[-1].meta.date if recs else None
            rows.append((term, len(recs), t.id, t, last))
        rows.sort(key=lambda x: (x[0], x[1], x[2]))
        self.page("targets/index.md", "targets_index.md.j2", rows=rows)
        for t in s.page_targets:
            recs = s.by_target.get(t.id, [])
            visible = [r for r in recs if not s.restricted(r)]
            who: dict[str, list[Record]] = defaultdict(list)
            for r in visible:
                for a in dict.fromkeys([r.meta.by, *r.meta.with_]):
                    who[a].append(r)
            contacts = sorted(who.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            self.page(target_page(t.id), "target.md.j2", target=t, records=list(reversed(recs)),
                      contacts=contacts, assigned=s.assigned_to.get(t.id, []))

    # ------------------------------------------------------------------ groupings
    def people_groups(self) -> list[tuple[str, list[str]]]:
        s = self.site
        groups: dict[str, list[str]] = defaultdict(list)
        for p in s.repo.people.values():
            groups[p.unit].append(p.id)
        return sorted(groups.items(), key=lambda kv: (s.unit_rank(kv[0]), kv[0]))

    def unit_tree(self) -> list[tuple[int, str]]:
        """Units depth-first from the roots, in roster order: (depth, id)."""
        s = self.site
        out: list[tuple[int, str]] = []
        seen: set[str] = set()

        def walk(uid: str, depth: int) -> None:
            if uid in seen:
                return
            seen.add(uid)
            out.append((depth, uid))
            for child in s.children.get(uid, []):
                walk(child, depth + 1)

        for uid, unit in s.repo.units.items():
            if not unit.parent or unit.parent not in s.repo.units:
                walk(uid, 0)
        for uid in s.repo.units:  # a parent cycle has no root; list it flat rather than lose it
            walk(uid, 0)
        return out

    def quality_groups(self) -> list[tuple[Code, list[Diagnostic]]]:
        groups: dict[Code, list[Diagnostic]] = defaultdict(list)
        for d in self.site.diagnostics:
            groups[d.code].append(d)
        order = {c: i for i, c in enumerate(CODES)}
        return sorted(groups.items(), key=lambda kv: order[kv[0]])

    # ------------------------------------------------------------------ navigation
    def nav(self) -> list[Any]:
        s = self.site
        people: list[Any] = ["people/index.md"]
        for uid, pids in self.people_groups():
            people.append({self.nav_title(uid): [{self.nav_title(p): person_page(p)} for p in pids]})
        units: list[Any] = ["units/index.md"]
        by_kind: dict[str, list[str]] = defaultdict(list)
        for uid, unit in s.repo.units.items():
            by_kind[unit.kind].append(uid)
        for kind in schema.UNIT_KINDS:
            if by_kind.get(kind):
                entries = [{self.nav_title(u): unit_page(u)} for u in by_kind[kind]]
                units.append({common.UNIT_KIND_LABELS[kind]: entries})
        rules: list[Any] = ["rules/index.md", *({common.nav_text(r.title): rule_page(r.id)} for r in s.policy.rules),
                            {"分配、覆盖与名册规则": "rules/roster.md"}]
        targets: list[Any] = ["targets/index.md"]
        for kind in TARGET_PAGE_KINDS:
            ids = [t.id for t in s.page_targets if t.kind == kind]
            if ids:
                targets.append({common.TARGET_KIND_LABELS[kind]: [{self.nav_title(t): target_page(t)} for t in ids]})
        return [
            {"首页": "index.md"},
            {"人员": people},
            {"单位": units},
            {"规则": rules},
            {"联系对象": targets},
            {"问题": "problems.md"},
            {"数据质量": "quality.md"},
            {"制度": "policy.md"},
        ]

    def nav_title(self, ref: str) -> str:
        name = self.site.display(ref)
        return common.nav_text(f"{name}（{ref}）" if ref in self.site.sensitive else name)


def render(outcome: Outcome) -> SiteSource:
    """The internal site of one pipeline outcome (see the module docstring)."""
    return Renderer(outcome).render()
