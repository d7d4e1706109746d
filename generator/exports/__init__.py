"""Office outputs: every ``reports:`` entry of the policy as files — ledgers, forms, lists, summaries, calendars.

``produce(outcome, public)`` makes what ``build`` puts on the internal site, one ``Produced`` per
report entry (its tables for the page and its files); ``export(...)`` writes one kind for
``python -m generator export``. Every module reads the pipeline ``Outcome`` through
``context.ExportContext`` and never recomputes compliance; the provincial export reads ``PublicData``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import schema
from ..errors import ExportProblem
from ..outputcache import OutputCache
from ..pipeline import Outcome
from ..public import PublicData, project
from . import (
    allocation,
    formbook,
    guidance,
    ics,
    ledger,
    printable,
    problems,
    provincial,
    summary,
    veto,
    workday,
    workload,
    xlsx,
)
from .context import ExportContext
from .forms import forms as make_forms
from .grid import Form
from .options import Scope
from .table import Sheet

__all__ = ["KINDS", "ExportContext", "Produced", "Scope", "export", "produce"]

SheetMaker = Callable[[ExportContext, schema.ReportSpec, Scope], Iterable[Sheet]]

#: Report kinds written as tables, and the module that makes them.
TABLES: dict[str, SheetMaker] = {
    "ledger": lambda ctx, spec, scope: ledger.sheets(ctx, scope, spec),
    "allocation": allocation.sheets,
    "summary": summary.sheets,
    "workload": workload.workload,
    "time-share": workload.time_share,
    "veto": veto.sheets,
    "workday-share": workday.sheets,
    "guidance-coverage": guidance.sheets,
    "problems": problems.sheets,
}
#: ``export KIND`` → the report kind it writes (``ics`` is no report: every person's feed).
KINDS: dict[str, str] = {"ledger": "ledger", "forms": "form", "allocation": "allocation", "summary": "summary",
                         "workload": "workload", "veto": "veto", "workday-share": "workday-share",
                         "time-share": "time-share", "guidance-coverage": "guidance-coverage",
                         "problems": "problems", "export": "export", "ics": ""}
DOWNLOADS = "downloads"


@dataclass(frozen=True)
class FormFile:
    actor: str
    period: str
    html: str  # site path of the printable page
    xlsx: str  # site path of the actor's workbook (a sheet per period)


@dataclass(frozen=True)
class Produced:
    """One report entry as built: its tables (for the page) and its files (site path → bytes)."""

    spec: schema.ReportSpec
    sheets: tuple[Sheet, ...]
    files: dict[str, bytes]
    forms: tuple[FormFile, ...] = ()


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", part)


def _tables(ctx: ExportContext, spec: schema.ReportSpec, data: PublicData | None) -> list[Sheet]:
    if spec.kind == "export":
        return [s.listed() for s in provincial.sheets(data or project(ctx.outcome), spec)]
    return [s.listed() for s in TABLES[spec.kind](ctx, spec, Scope())]


def _forms(ctx: ExportContext, spec: schema.ReportSpec, kept: OutputCache) -> Produced:
    by_actor: dict[str, list[Form]] = {}
    for f in make_forms(ctx, spec, Scope()):
        by_actor.setdefault(f.actor, []).append(f)
    files: dict[str, bytes] = {}
    links = []
    base = f"{DOWNLOADS}/{spec.id}"
    for actor, made in by_actor.items():
        book = f"{base}/{_safe(actor)}.xlsx"
        title = f"{spec.title}：{ctx.name(actor)}"
        files[book] = kept.get(("form-book", made, ctx.as_of, title), partial(formbook.to_bytes, made, ctx.as_of, title))
        for f in made:
            page = f"{base}/{_safe(actor)}-{_safe(f.period)}.html"
            files[page] = printable.html([f], f"{spec.title}：{ctx.name(actor)} {f.period}", back=f"../../reports/{spec.id}/")
            links.append(FormFile(actor, f.period, page, book))
    return Produced(spec, (), files, tuple(links))


def produce(outcome: Outcome, data: PublicData | None = None, kept: OutputCache | None = None) -> list[Produced]:
    """Every report entry of the policy, in the policy's order (``build`` links each from the site).
    ``kept`` keeps the workbooks between builds (``outputcache``); without it every one is written."""
    ctx = ExportContext(outcome)
    kept = kept or OutputCache(None)
    out = []
    for spec in ctx.policy.reports:
        if spec.kind == "form":
            out.append(_forms(ctx, spec, kept))
            continue
        path = f"{DOWNLOADS}/{spec.id}.xlsx"
        if spec.kind == "ledger":  # every record of every term: streamed into the file, not shown on a page
            out.append(Produced(spec, (), {path: xlsx.to_bytes(ledger.sheets(ctx, Scope(), spec), ctx.as_of, spec.title)}))
            continue
        sheets = _tables(ctx, spec, data)
        book = kept.get(("table-book", sheets, ctx.as_of, spec.title), partial(xlsx.to_bytes, sheets, ctx.as_of, spec.title))
        out.append(Produced(spec, tuple(sheets), {path: book}))
    return out


def feeds(outcome: Outcome) -> dict[str, bytes]:
    """Every person's calendar feed: site path → bytes."""
    ctx = ExportContext(outcome)
    return {f"{DOWNLOADS}/ics/{_safe(p)}.ics": ics.feed(ctx, p) for p in ctx.repo.people}


# --------------------------------------------------------------------------- export KIND --out PATH

def check_scope(ctx: ExportContext, scope: Scope) -> None:
    """Refuse what names nothing: each message says what exists."""
    terms = [t.id for t in ctx.cal.terms()]
    if scope.term is not None and scope.term not in terms:
        raise ExportProblem(f"校历中没有学期“{scope.term}”。可用的学期：{'、'.join(terms)}。")
    if scope.month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", scope.month):
        raise ExportProblem(f"“{scope.month}”不是月份，请写成 2024-10 的形式。")
    if scope.actor is not None and scope.actor not in ctx.repo.people and scope.actor not in ctx.repo.units:
        raise ExportProblem(f"“{scope.actor}”不在名册中：--actor 应为 rosters/people.yml 中的人员标识或单位标识。")
    if scope.unit is not None and scope.unit not in ctx.repo.units:
        raise ExportProblem(f"“{scope.unit}”不是 rosters/units.yml 中的单位标识。")


def _specs(ctx: ExportContext, kind: str) -> list[schema.ReportSpec]:
    found = ctx.reports(KINDS[kind])
    if kind == "ledger" and not found:  # the ledger needs no declaration: it is every record
        return [schema.ReportSpec(id="ledger", title="联系师生工作台账", kind="ledger")]
    if not found:
        declared = "、".join(sorted({r.kind for r in ctx.policy.reports})) or "（无）"
        raise ExportProblem(f"制度“{ctx.policy.title}”没有要求“{kind}”类的输出（reports 中没有 kind: {KINDS[kind]}）。"
                            f"本制度要求的输出类别：{declared}。")
    return found


def _suffix(out: Path, allowed: tuple[str, ...], kind: str) -> str:
    suffix = out.suffix.lower()
    if suffix not in allowed:
        raise ExportProblem(f"“{kind}”可以导出为 {'、'.join(allowed)} 文件，--out 的扩展名是“{suffix or '（无）'}”。")
    return suffix


def _sheets(ctx: ExportContext, kind: str, scope: Scope) -> Iterator[Sheet]:
    for spec in _specs(ctx, kind):
        if kind == "export":
            yield from provincial.sheets(project(ctx.outcome), spec)
        else:
            yield from TABLES[KINDS[kind]](ctx, spec, scope)


def export(outcome: Outcome, kind: str, scope: Scope, out: Path) -> list[Path]:
    """Write one kind of output to ``out``; the files written. Raises ``ExportProblem``."""
    ctx = ExportContext(outcome)
    check_scope(ctx, scope)
    if kind == "ics":
        return _export_ics(ctx, scope, out)
    if kind == "forms":
        made = [f for spec in _specs(ctx, kind) for f in make_forms(ctx, spec, scope)]
        if _suffix(out, (".html", ".xlsx"), kind) == ".html":
            data = printable.html(made, f"{ctx.institution.name}联系师生工作记录表")
        else:
            data = formbook.to_bytes(made, ctx.as_of, f"{ctx.institution.name}联系师生工作记录表")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return [out]
    _suffix(out, (".xlsx",), kind)
    xlsx.to_file(out, _sheets(ctx, kind, scope), ctx.as_of, f"{ctx.institution.name}：{kind}")
    return [out]


def _export_ics(ctx: ExportContext, scope: Scope, out: Path) -> list[Path]:
    if scope.actor is not None:
        _suffix(out, (".ics",), "ics")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(ics.feed(ctx, scope.actor))
        return [out]
    if out.suffix:
        raise ExportProblem("不加 --actor 时导出每个人的日历，--out 应为文件夹（每人一个 .ics 文件）。")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for p in ctx.repo.people:
        if scope.keeps(p, ctx.roster.unit_of(p)):
            path = out / f"{_safe(p)}.ics"
            path.write_bytes(ics.feed(ctx, p))
            written.append(path)
    return written
