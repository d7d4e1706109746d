"""The record forms laid out like the source documents' own tables (field names as the annexes print them).

闽卫院委〔2021〕31号 附件1 and 附件2 and 吉交院组字[2018]6号 附件 print their tables, so those layouts
follow them row for row. 湘人职院党〔2024〕25号 names its 附件3 and 附件4 but the published text does
not reproduce them: those two layouts use the document's own words for what the branch and the
teacher record (联系班级, 活动形式, the five guidances); docs/decisions.md says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import schema
from ..compliance import Tally
from ..loader import Record
from ..periods import Period
from ..vocab import STATUS_LABELS
from .context import ExportContext
from .grid import Form, FormCell, label, value


@dataclass(frozen=True)
class FormInput:
    """What a layout is given: whose form, which period, and the records it covers."""

    ctx: ExportContext
    spec: schema.ReportSpec
    actor: str
    period: Period
    records: list[Record]
    assigned: list[str]  # targets assigned to the actor during the period, roster order


def _dates(ctx: ExportContext, recs: Sequence[Record]) -> list[str]:
    return list(dict.fromkeys(f"{r.meta.date.month}月{r.meta.date.day}日" for r in recs))


def _lines(ctx: ExportContext, recs: Sequence[Record]) -> list[str]:
    return [ctx.line(r) for r in recs]


def completion(f: FormInput, width: int) -> list[tuple[FormCell, ...]]:
    """Rule completion in the period, from the compliance results (never recounted here)."""
    by_rule: dict[str, Tally] = {}
    for r in f.ctx.results(f.actor, f.period.start, f.period.end):
        by_rule[r.rule] = by_rule.get(r.rule, Tally()) + Tally.of([r])
    titles = {r.id: r.title for r in f.ctx.policy.rules}
    lines = [f"{titles.get(rid, rid)}：" + "，".join(
        f"{STATUS_LABELS[s]} {n}" for s, n in (("met", t.met), ("unmet", t.unmet), ("pending", t.pending),
                                               ("exempt", t.exempt)) if n) for rid, t in by_rule.items()]
    return [(label("本期规则完成情况（系统统计）", width),), (value(lines or ["本期没有需要考核的规则。"], width),)]


def _head(f: FormInput, *pairs: tuple[str, str]) -> tuple[FormCell, ...]:
    return tuple(c for name, text in pairs for c in (label(name), value(text)))


# --------------------------------------------------------------------------- 闽卫院委〔2021〕31号 附件1

FIVE_LINKS: tuple[tuple[str, Callable[[ExportContext, str], bool]], ...] = (
    ("党总支", lambda ctx, t: ctx.roster.kind_of(t) == "general-branch"),
    ("院系班子", lambda ctx, t: ctx.roster.kind_of(t) == "school"),
    ("党支部", lambda ctx, t: ctx.roster.kind_of(t) == "branch"),
    ("教研室", lambda ctx, t: ctx.roster.kind_of(t) == "teaching-office"),
    ("青年教师", lambda ctx, t: ctx.roster.kind_of(t) == "teacher" and "青年教师" in ctx.roster.tags_of(t)),
)
SEVEN_VISITS = (("进课堂", "课堂"), ("进班级", "班级"), ("进宿舍", "宿舍"), ("进食堂", "食堂"), ("进社团", "社团"),
                ("进讲座", "讲座"), ("进网络", "网络"))


def five_links_seven_visits(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    rows: list[tuple[FormCell, ...]] = [_head(f, ("姓名", ctx.name(f.actor)), ("职务", ctx.title_of(f.actor)))]
    placed: set[str] = set()
    rows.append((label("五个联系", rows=len(FIVE_LINKS) + 1), label("群体名称"), label("时间"), label("工作简况")))
    for name, matches in FIVE_LINKS:
        # a restricted record shows its date and type only: it is placed by its type's carrier, not its targets
        recs = [r for r in f.records if not ctx.restricted(r) and any(matches(ctx, t) for t in r.meta.targets)]
        groups = [t for t in dict.fromkeys([*f.assigned, *(t for r in recs for t in r.meta.targets)]) if matches(ctx, t)]
        placed.update(r.path for r in recs)
        rows.append((value([name, *(ctx.name(t) for t in groups)]), value(_dates(ctx, recs)), value(_lines(ctx, recs))))
    rows.append((label("七个走进", rows=len(SEVEN_VISITS) + 1), label("载体名称"), label("时间"), label("工作简况")))
    for name, carrier in SEVEN_VISITS:
        recs = [r for r in f.records if ctx.carrier(r) == carrier]
        placed.update(r.path for r in recs)
        rows.append((value(name), value(_dates(ctx, recs)), value(_lines(ctx, recs))))
    rest = [r for r in f.records if r.path not in placed]
    if rest:  # the form's rows do not name every activity: none is left off
        rows.append((label("其他", 2), value(_dates(ctx, rest)), value(_lines(ctx, rest))))
    return rows + completion(f, 4)


# --------------------------------------------------------------------------- 闽卫院委〔2021〕31号 附件2

STUDENT_SIDE = ("class", "dorm", "club", "student")


def three_specialties(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    person = ctx.repo.people.get(f.actor)
    students = [t for t in f.assigned if ctx.roster.kind_of(t) in STUDENT_SIDE]
    teachers = [t for t in f.assigned if t not in students]
    problems = [f"{r.meta.date.month}月{r.meta.date.day}日 {ctx.text(p.summary)}（{p.status.label}）"
                for r in f.records if not ctx.restricted(r) for p in r.meta.problems]
    return [
        _head(f, ("姓名", ctx.name(f.actor)), ("部门", ctx.name(person.unit) if person else ctx.name(f.actor)),
              ("职务", ctx.title_of(f.actor))),
        # filled in by hand: the rosters do not hold a cadre's strengths
        (label("特长（三项可选一项及以上填写）"), value(["工作职能：", "业务主体：", "个人专长："], 5)),
        (label("自主选择联系载体", rows=2), label("教师"), value([ctx.name(t) for t in teachers], 4)),
        (label("学生"), value([ctx.name(t) for t in students], 4)),
        (label("工作内容（针对本月下基层联系师生中发现的问题、协调帮助解决困难情况等进行简要描述）", 6),),
        (value(_lines(ctx, f.records) + (["发现的问题及办理情况："] + problems if problems else []), 6),),
        *completion(f, 6),
    ]


# --------------------------------------------------------------------------- 吉交院组字[2018]6号 附件

def branch_and_people(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    branches = [t for t in f.assigned if ctx.roster.kind_of(t) in ("branch", "general-branch")]
    people = [t for t in f.assigned if ctx.roster.kind_of(t) in ("teacher", "student")]
    rows: list[tuple[FormCell, ...]] = [
        _head(f, ("党员领导干部姓名", ctx.name(f.actor)), ("职务", ctx.title_of(f.actor))),
        (label("联系对象", rows=2), label("党支部"), value([ctx.name(t) for t in branches], 2)),
        (label("个人"), value([ctx.name(t) for t in people], 2)),
        (label("联系工作开展情况", rows=len(f.records) + 2), label("时间"), label("具体联系情况", 2)),
    ]
    rows += [(value(f"{r.meta.date.month}月{r.meta.date.day}日"), value(ctx.line(r), 2)) for r in f.records]
    rows.append((value(""), value("" if f.records else "本期没有记录。", 2)))
    return rows + completion(f, 4)


# --------------------------------------------------------------------------- 湘人职院党〔2024〕25号 附件3、附件4

def _record_table(ctx: ExportContext, recs: Sequence[Record], who: bool) -> list[tuple[FormCell, ...]]:
    head = (label("时间"), label("联系对象"), label("活动形式"), label("参加党员" if who else "五导类别"),
            label("工作简况", 2))
    rows: list[tuple[FormCell, ...]] = [head]
    for r in recs:
        restricted = ctx.restricted(r)
        fourth = ctx.names([r.meta.by, *r.meta.with_]) if who else ("" if restricted else "、".join(r.meta.guidance))
        rows.append((value(r.meta.date.isoformat()), value(ctx.targets(r)), value(ctx.type_name(r.meta.type)),
                     value(fourth), value(ctx.summary(r), 2)))
    if not recs:
        rows.append((value("本期没有记录。", 6),))
    return rows


def branch_class(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    unit = ctx.repo.units.get(f.actor)
    secretary = ctx.name(unit.secretary) if unit is not None and unit.secretary else ""
    classes = [ctx.name(t) for t in f.assigned if ctx.roster.kind_of(t) == "class"]
    return [_head(f, ("党支部", ctx.name(f.actor)), ("支部书记", secretary), ("学期", f.period.id)),
            (label("联系班级"), value(classes, 5)),
            *_record_table(ctx, f.records, who=True), *completion(f, 6)]


def teacher_students(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    person = ctx.repo.people.get(f.actor)
    branch = ctx.name(person.branch) if person is not None and person.branch else ""
    order = {t: i for i, t in enumerate(ctx.repo.targets)}
    students = sorted(ctx.roster.with_members(set(f.assigned)), key=lambda t: (order.get(t, -1), t))
    names = [ctx.name(t) for t in students if ctx.roster.kind_of(t) == "student"]
    dorms = [ctx.name(t) for t in students if ctx.roster.kind_of(t) == "dorm"]
    return [_head(f, ("姓名", ctx.name(f.actor)), ("所在党支部", branch), ("学期", f.period.id)),
            (label("联系学生"), value(["、".join(names)] + ([f"寝室：{'、'.join(dorms)}"] if dorms else []), 5)),
            *_record_table(ctx, f.records, who=False), *completion(f, 6)]


# --------------------------------------------------------------------------- any other policy

def generic(f: FormInput) -> list[tuple[FormCell, ...]]:
    ctx = f.ctx
    rows: list[tuple[FormCell, ...]] = [
        _head(f, ("姓名", ctx.name(f.actor)), ("职务", ctx.title_of(f.actor)), ("周期", f.period.id)),
        (label("日期"), label("活动"), label("载体"), label("联系对象"), label("工作简况"), label("发现问题")),
    ]
    for r in f.records:
        restricted = ctx.restricted(r)
        problems = "" if restricted else "；".join(ctx.text(p.summary) for p in r.meta.problems)
        rows.append((value(r.meta.date.isoformat()), value(ctx.type_name(r.meta.type)), value(ctx.carrier(r)),
                     value(ctx.targets(r)), value(ctx.summary(r)), value(problems)))
    if not f.records:
        rows.append((value("本期没有记录。", 6),))
    return rows + completion(f, 6)


@dataclass(frozen=True)
class Layout:
    build: Callable[[FormInput], list[tuple[FormCell, ...]]]
    widths: tuple[float, ...]
    caption: Callable[[Period], str]


def _month_caption(p: Period) -> str:
    return f"填表时间：{p.start.year}年{p.start.month}月"


def _term_caption(p: Period) -> str:
    return f"学期：{p.id}（{p.start.isoformat()} 至 {p.end.isoformat()}）"


#: ``params.layout`` of a form report → its layout; ``generic`` when the report names none.
LAYOUTS: dict[str, Layout] = {
    "five-links-seven-visits": Layout(five_links_seven_visits, (9, 14, 12, 50), _month_caption),
    "three-specialties": Layout(three_specialties, (14, 8, 12, 10, 12, 10), _month_caption),
    "branch-and-people": Layout(branch_and_people, (14, 10, 16, 40), _term_caption),
    "branch-class": Layout(branch_class, (14, 14, 12, 12, 12, 28), _term_caption),
    "teacher-students": Layout(teacher_students, (14, 14, 12, 12, 12, 28), _term_caption),
    "generic": Layout(generic, (14, 12, 8, 16, 32, 18), _term_caption),
}


def form(f: FormInput, layout: str) -> Form:
    chosen = LAYOUTS[layout]
    caption = _month_caption(f.period) if f.period.kind == "month" else chosen.caption(f.period)
    notes = (f"依据：{f.spec.document or ''} {f.spec.source or ''}".strip(),
             f"由记录仓库自动生成，统计日期 {f.ctx.as_of.isoformat()}；受限记录只显示日期和类型。")
    return Form(f.spec.id, f.spec.title, caption, f.actor, f.period.id, chosen.widths, tuple(chosen.build(f)), notes)
