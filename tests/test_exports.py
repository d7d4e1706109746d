"""Office outputs (issue 11): every declared report of every preset produced, non-empty and consistent
with ``report --format json``; the sample's ledger read back with openpyxl; every calendar feed parsed
with icalendar against the person's pending periods; byte-identical files from the same run.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import icalendar
import openpyxl
import pytest
from click.testing import CliRunner
from presets.worlds import PRESETS, WORLDS, Build

from generator import pipeline
from generator.cli import main
from generator.exports import Scope, feeds, produce
from generator.exports.context import ExportContext
from generator.exports.forms import forms
from generator.privacy import visibility

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AS_OF = date(2026, 11, 25)


def report_json(root: Path, as_of: str) -> dict:
    res = CliRunner().invoke(main, ["--repo", str(root), "--as-of", as_of, "report", "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), read_only=True)


def data_rows(ws, header: str) -> list[tuple]:
    """The rows under the header row (the row whose first cell is ``header``)."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == header)
    return rows[start + 1:]


def tally(results: list[dict], actors: set[str] | None = None, mandatory: bool = True) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for r in results:
        if (actors is None or r["actor"] in actors) and (not mandatory or r["level"] == "mandatory"):
            out.setdefault(r["actor"], Counter())[r["status"]] += 1
    return out


# --------------------------------------------------------------------------- every declared report, every preset

@pytest.mark.parametrize("preset", PRESETS)
def test_every_declared_report_is_produced_and_not_empty(built: Build, preset: str) -> None:
    ev = built(preset)
    produced = produce(ev.outcome)
    declared = [r.id for r in ev.outcome.repo.policy.reports]  # type: ignore[union-attr]
    assert [p.spec.id for p in produced] == declared
    for p in produced:
        assert p.files, p.spec.id
        if p.spec.kind == "form":
            assert p.forms, p.spec.id
            assert all(path.endswith((".html", ".xlsx")) for path in p.files)
        elif p.spec.kind != "ledger":
            assert sum(len(list(s.rows)) for s in p.sheets) > 0, p.spec.id
        for path, data in p.files.items():  # every workbook opens and holds the page's rows
            if path.endswith(".xlsx") and p.sheets:
                wb = book(data)
                for sheet, ws in zip(p.sheets, wb.worksheets, strict=True):
                    assert len(data_rows(ws, sheet.columns[0].title)) == len(list(sheet.rows)), (p.spec.id, sheet.name)


@pytest.mark.parametrize("preset", PRESETS)
def test_summaries_and_vetoes_count_what_report_json_counts(built: Build, preset: str) -> None:
    ev = built(preset)
    world = WORLDS[preset]
    js = report_json(ev.outcome.repo.root, world.as_of)
    ctx = ExportContext(ev.outcome)
    term = ctx.term()
    checked = 0
    for p in produce(ev.outcome):
        if p.spec.kind == "summary" and p.spec.params.get("scope", "actor") == "actor":
            want = tally([r for r in js["results"] if ctx.result_term(date.fromisoformat(r["start"]), date.fromisoformat(r["end"])) == term.id])
            for row in p.sheets[0].rows:
                actor = next(a for a in ctx.actors(p.spec.who) if ctx.name(a) == row[0])
                c = want.get(actor, Counter())
                met, unmet, pend, exempt = row[-8:-4]
                assert (met, unmet, pend, exempt) == (c["met"], c["unmet"], c["pending"], c["exempt"]), actor
                checked += 1
        if p.spec.kind == "veto":
            year = ctx.cal.period_of("academic-year", term.start)
            assert year is not None
            want = tally([r for r in js["results"] if year.start.isoformat() <= r["start"] <= year.end.isoformat()])
            for row, actor in zip(p.sheets[0].rows, ctx.actors(p.spec.who), strict=True):
                c = want.get(actor, Counter())
                assert row[2:5] == (c["met"], c["unmet"], c["pending"]), actor
                assert row[6] == "阈值未设定"  # the preset sets no threshold: nobody is flagged
                checked += 1
    if preset in ("jjy-2018-6", "xrzy-2024-25", "wf-2019-19", "mwy-2021-31", "hebei-2019"):
        assert checked > 0


@pytest.mark.parametrize("preset", PRESETS)
def test_forms_state_each_rules_results_as_report_json(built: Build, preset: str) -> None:
    ev = built(preset)
    js = report_json(ev.outcome.repo.root, WORLDS[preset].as_of)
    ctx = ExportContext(ev.outcome)
    titles = {r.id: r.title for r in ctx.policy.rules}
    words = {"met": "已完成", "unmet": "未完成", "pending": "进行中", "exempt": "不考核"}
    for spec in ctx.reports("form"):
        made = list(forms(ctx, spec, Scope()))
        assert made, spec.id
        for f in made:
            lines = f.rows[-1][0].lines
            first = date.fromisoformat(f.period + "-01") if len(f.period) == 7 else ctx.term(f.period).start
            period = ctx.cal.period_of(spec.per or "semester", first)
            assert period is not None and period.id == f.period
            per_rule: dict[str, Counter] = {}
            for r in js["results"]:
                if r["actor"] == f.actor and period.start.isoformat() <= r["end"] <= period.end.isoformat():
                    per_rule.setdefault(r["rule"], Counter())[r["status"]] += 1
            expected = [f"{titles[rid]}：" + "，".join(f"{words[s]} {c[s]}" for s in words if c[s])
                        for rid, c in per_rule.items()]
            assert sorted(lines) == sorted(expected or ["本期没有需要考核的规则。"]), (spec.id, f.actor, f.period)


def test_wf_ledger_compliance_sheet_is_report_json_and_records_are_the_terms(built: Build) -> None:
    ev = built("wf-2019-19")
    js = report_json(ev.outcome.repo.root, WORLDS["wf-2019-19"].as_of)
    (p,) = [p for p in produce(ev.outcome) if p.spec.kind == "ledger"]
    wb = book(next(iter(p.files.values())))
    assert wb.sheetnames == ["2024-2025-1 记录", "2024-2025-1 完成情况"]
    ctx = ExportContext(ev.outcome)
    actors = set(ctx.actors(p.spec.who))
    records = [r for r in ev.outcome.counting if {r.meta.by, *r.meta.with_} & actors]
    assert len(data_rows(wb["2024-2025-1 记录"], "日期")) == len(records)
    rows = data_rows(wb["2024-2025-1 完成情况"], "填报人")
    names = {ctx.name(a): a for a in actors}
    got = Counter((names[r[0]], r[5], r[12]) for r in rows)
    labels = {"met": "已完成", "unmet": "未完成", "pending": "进行中", "exempt": "不考核"}
    want = Counter((r["actor"], r["period"], labels[r["status"]]) for r in js["results"] if r["actor"] in actors
                   and ctx.result_term(date.fromisoformat(r["start"]), date.fromisoformat(r["end"])) == "2024-2025-1")
    assert got == want


def test_problems_list_every_problem_of_the_counting_records(built: Build) -> None:
    for preset in ("wf-2019-19", "jjy-2018-6", "mwy-2021-31", "hebei-2019"):
        ev = built(preset)
        raised = [(r.path, p.summary) for r in ev.outcome.counting for p in r.meta.problems]
        (p,) = [p for p in produce(ev.outcome) if p.spec.kind == "problems"]
        rows = list(p.sheets[0].rows)
        assert [(row[-1], row[3]) for row in rows] == raised, preset
        assert len(raised) == 1


def test_workday_share_and_statuses_of_the_workday_rule(built: Build) -> None:
    ev = built("xrzy-2024-25")
    js = report_json(ev.outcome.repo.root, WORLDS["xrzy-2024-25"].as_of)
    (p,) = [p for p in produce(ev.outcome) if p.spec.kind == "workday-share"]
    share, statuses = p.sheets
    assert share.notes[0].startswith("工作日为双周星期四")
    ctx = ExportContext(ev.outcome)
    term = ctx.term()
    want = Counter(r["status"] for r in js["results"] if r["rule"] == "h2-branch-workday-activity"
                   and ctx.result_term(date.fromisoformat(r["start"]), date.fromisoformat(r["end"])) == term.id)
    labels = {"已完成": "met", "未完成": "unmet", "进行中": "pending", "不考核": "exempt"}
    assert Counter(labels[row[-1]] for row in statuses.rows) == want


def test_time_share_is_an_indicator_of_recorded_hours(built: Build) -> None:
    ev = built("hebei-2019")
    (p,) = [p for p in produce(ev.outcome) if p.spec.kind == "time-share"]
    (row,) = list(p.sheets[0].rows)
    assert row[:4] == ("卫部长", "学生工作部", 2, 3.5)  # two timed records with students: 2 h + 1.5 h
    assert row[5] == row[4] * 8 and row[7] == "否"
    assert "提示性指标" in p.sheets[0].notes[1]


def test_veto_flags_only_under_a_threshold_the_institution_set(built: Build, tmp_path: Path) -> None:
    root = ev_root = built("xrzy-2024-25").outcome.repo.root
    copy = tmp_path / "repo"
    import shutil
    shutil.copytree(ev_root, copy)
    policy = copy / "policies/xrzy-2024-25.yml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text.replace("  veto-threshold:\n", "  veto-threshold:\n    value: 0.9\n", 1), encoding="utf-8")
    outcome = pipeline.run(copy, date.fromisoformat(WORLDS["xrzy-2024-25"].as_of), use_git=False)
    (p,) = [p for p in produce(outcome) if p.spec.kind == "veto"]
    rows = list(p.sheets[0].rows)
    assert "低于 90%" in p.sheets[0].notes[1]
    assert {r[6] for r in rows} <= {"低于阈值，提示一票否决", "", "尚无可计算项"}
    assert all((r[6] == "低于阈值，提示一票否决") == (r[5] is not None and r[5] < 0.9) for r in rows)
    assert any(r[6] for r in rows)
    assert root != copy


# --------------------------------------------------------------------------- calendars

@pytest.mark.parametrize("preset", PRESETS)
def test_every_feed_parses_and_holds_exactly_the_persons_pending_periods(built: Build, preset: str) -> None:
    ev = built(preset)
    js = report_json(ev.outcome.repo.root, WORLDS[preset].as_of)
    for path, data in feeds(ev.outcome).items():
        actor = path.rsplit("/", 1)[-1].removesuffix(".ics")
        cal = icalendar.Calendar.from_ical(data)
        events = {(str(e["uid"]), e.decoded("dtstart")) for e in cal.walk("VEVENT")}
        want = {("-".join([r["actor"], r["rule"], r["period"], *([r["target"]] if r["target"] else [])])
                 + "@99999.contact-records", date.fromisoformat(r["end"]))
                for r in js["results"] if r["actor"] == actor and r["status"] == "pending"}
        assert events == want, actor


# --------------------------------------------------------------------------- the sample's ledger

def test_sample_ledger_has_a_row_per_valid_current_record_and_restricted_ones_say_nothing(tmp_path: Path) -> None:
    outcome = pipeline.run(ROOT, SAMPLE_AS_OF, use_git=False)
    cal = outcome.calendar
    assert cal is not None
    term = "2025-2026-2"
    out = tmp_path / "ledger.xlsx"
    res = CliRunner().invoke(main, ["--repo", str(ROOT), "--as-of", SAMPLE_AS_OF.isoformat(), "export", "ledger",
                                    "--term", term, "--out", str(out)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == [f"{term} 记录", f"{term} 完成情况"]
    rows = data_rows(wb[f"{term} 记录"], "日期")
    expected = [r for r in outcome.counting if (t := cal.reporting_term(r.meta.date)) is not None and t.id == term]
    assert len(rows) == len(expected) > 500
    by_path = {r.path: r for r in expected}
    assert sorted(row[-1] for row in rows) == sorted(by_path)
    policy = outcome.repo.policy
    restricted = [row for row in rows if visibility(by_path[row[-1]].meta, policy) == "restricted"]
    assert restricted
    for row in restricted:
        rec = by_path[row[-1]]
        assert row[5] is None and row[7] == "（受限记录，仅显示日期和类型）" and row[9] is None, row
        assert rec.meta.summary not in [c for c in row if isinstance(c, str)]
    bodies = [r.body.strip() for r in expected if len(r.body.strip()) > 20][:50]
    text = "".join(str(c) for row in rows for c in row if c is not None)
    assert not [b for b in bodies if b in text]


def test_same_repository_and_as_of_give_byte_identical_files(built: Build, tmp_path: Path) -> None:
    ev = built("mwy-2021-31")
    as_of = date.fromisoformat(WORLDS["mwy-2021-31"].as_of)
    again = pipeline.run(ev.outcome.repo.root, as_of, use_git=False)
    first = {path: data for p in produce(ev.outcome) for path, data in p.files.items()} | feeds(ev.outcome)
    second = {path: data for p in produce(again) for path, data in p.files.items()} | feeds(again)
    assert first == second and len(first) > 20
    outs = []
    for n in (1, 2):
        out = tmp_path / f"f{n}.xlsx"
        res = CliRunner().invoke(main, ["--repo", str(ev.outcome.repo.root), "--as-of", as_of.isoformat(),
                                        "export", "forms", "--out", str(out)])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# --------------------------------------------------------------------------- the command's errors

@pytest.mark.parametrize(("args", "message"), [
    (["export", "ledger", "--term", "2030-2031-1", "--out", "x.xlsx"], "校历中没有学期“2030-2031-1”"),
    (["export", "forms", "--out", "x.csv"], "可以导出为 .html、.xlsx 文件"),
    (["export", "veto", "--out", "x.xlsx"], "没有要求“veto”类的输出"),
    (["export", "forms", "--month", "2024-13", "--out", "x.html"], "不是月份"),
    (["export", "ics", "--actor", "nobody", "--out", "x.ics"], "“nobody”不在名册中"),
    (["export", "ledger", "--actor", "lead-good", "--unit", "office", "--out", "x.xlsx"], "只能用一个"),
])
def test_export_refuses_what_names_nothing(built: Build, tmp_path: Path, args: list[str], message: str) -> None:
    root = built("mwy-2021-31").outcome.repo.root
    res = CliRunner().invoke(main, ["--repo", str(root), "--as-of", "2025-07-10", *args[:-1], str(tmp_path / args[-1])])
    assert res.exit_code == 2
    assert message in res.output
    assert not re.search(r"Traceback", res.output)


def test_one_monthly_form_of_one_person(built: Build, tmp_path: Path) -> None:
    root = built("mwy-2021-31").outcome.repo.root
    out = tmp_path / "f.html"
    res = CliRunner().invoke(main, ["--repo", str(root), "--as-of", "2025-07-10", "export", "forms", "--month", "2024-10",
                                    "--actor", "lead-good", "--out", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert html.count('<section class="sheet"') == 1
    for field in ("领导班子成员“五联七进”工作记录表（附件1）", "填表时间：2024年10月", "五个联系", "群体名称", "党总支",
                  "院系班子", "七个走进", "载体名称", "进课堂", "进网络", "工作简况"):
        assert field in html, field
