"""Rules that once had several homes now have one: validator, engine, projection and both sites agree.

Each test builds one small repository and asks every stage the same question: is this name
protected (the 王建/王建国 case), is this class or student within the grade limit (students and
``max_year_by_level`` included), and which term holds a date between terms.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import MINI, reviewed, write_repo

from generator import pipeline
from generator.public import project
from generator.site.internal import render

AS_OF = date(2024, 10, 20)
WANG = "records/2024-2025-1/wang-jianguo"


def _append(rel: str, text: str) -> dict[str, str]:
    return {rel: (MINI / rel).read_text(encoding="utf-8") + text}


def _public(day: str, summary: str) -> str:
    return (f"---\nby: wang-jianguo\ndate: {day}\ntype: dorm-visit\ntargets: [dorm-12-305]\n"
            f"summary: {summary}\nvisibility: public\n---\n")


# --------------------------------------------------------------------------- the name guard

def test_a_public_name_containing_a_sensitive_one_is_not_a_mention_anywhere(tmp_path: Path) -> None:
    files = reviewed({
        **_append("rosters/targets.yml", "- {id: stu-wangjian, kind: student, name: 王建, enrolled: 2024, sensitive: true}\n"),
        f"{WANG}/2024-10-16-dorm-visit.md": _public("2024-10-16", "王建国与宿舍同学座谈。"),
        f"{WANG}/2024-10-17-dorm-visit.md": _public("2024-10-17", "与王建同学座谈。"),
    }, f"{WANG}/2024-10-16-dorm-visit.md")
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    flagged = {(d.file, d.code) for d in outcome.diagnostics if d.code == "record-public-sensitive"}
    # validator: the longer public name is not the sensitive student's; the bare name is
    assert flagged == {(f"{WANG}/2024-10-17-dorm-visit.md", "record-public-sensitive")}
    # projection: the first summary is published (the second record is invalid and never counts)
    wang = next(a for a in project(outcome).actors if a.id == "wang-jianguo")
    assert "王建国与宿舍同学座谈。" in [r.summary for r in wang.records]
    # internal site: the scrub masks the student, not the public leader
    assert outcome.guard.scrub("王建国与王建同学座谈") == "王建国与王*同学座谈"
    page = render(outcome).pages["people/wang-jianguo.md"]
    assert "王建国与宿舍同学座谈。" in page


# --------------------------------------------------------------------------- the grade limit

GRADE_POLICY_RULE = """\
  - id: cadre-graded
    title: 干部联系低年级班级和学生
    who: {roles: [leadership]}
    target_kinds: [class, student]
    min: 0
    grade: {max_year: 2, max_year_by_level: {graduate: 1}}
"""


def test_grade_limit_for_students_and_levels_agrees_in_validator_engine_and_policy_page(tmp_path: Path) -> None:
    policy = (MINI / "policies/mini.yml").read_text(encoding="utf-8").replace(
        "coverage_rules:", GRADE_POLICY_RULE + "coverage_rules:")
    targets = ("- {id: class-grad-2023, kind: class, name: 护理硕士2023级, enrolled: 2023, level: graduate}\n"
               "- {id: stu-old, kind: student, name: 孙一, enrolled: 2021}\n")
    assignments = "- actor: wang-jianguo\n  targets: [class-grad-2023, stu-old]\n"

    def record(day: str, target: str) -> str:
        return (f"---\nby: wang-jianguo\ndate: {day}\ntype: class-observation\ntargets: [{target}]\n"
                "summary: 听课。\n---\n")

    files = {
        "policies/mini.yml": policy, **_append("rosters/targets.yml", targets),
        **_append("rosters/assignments.yml", assignments),
        f"{WANG}/2024-10-16-class-observation.md": record("2024-10-16", "class-grad-2023"),
        f"{WANG}/2024-10-17-class-observation.md": record("2024-10-17", "stu-old"),
    }
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    record_grade = sorted(d.file.rsplit("/", 1)[1] for d in outcome.diagnostics if d.code == "record-grade")
    assert record_grade == ["2024-10-16-class-observation.md", "2024-10-17-class-observation.md"]
    assignment_grade = [d.message for d in outcome.diagnostics
                        if d.code == "assignment-grade" and d.message.startswith("王建国")]
    assert len(assignment_grade) == 2
    assert any("护理硕士2023级" in m and "2年级" in m and "1年级以内" in m for m in assignment_grade)
    assert any("stu-old" in m and "4年级" in m and "2年级以内" in m for m in assignment_grade)
    assert "孙一" not in " ".join(assignment_grade)  # students are named by id
    page = render(outcome).pages["policy.md"]
    assert "班级、学生限入学第 2 年以内（研究生限第 1 年以内）" in page


# --------------------------------------------------------------------------- the term of a date

TWO_TERMS = """\
terms:
  - id: 2024-2025-1
    name: 2024—2025学年第一学期
    start: 2024-09-02
    end: 2025-01-17
  - id: 2024-2025-2
    name: 2024—2025学年第二学期
    start: 2025-02-24
    end: 2025-07-04
"""


def test_a_date_between_terms_is_filed_as_no_term_and_reported_with_the_term_before(tmp_path: Path) -> None:
    between = "2025-02-10"

    def visit(kind: str, summary: str) -> str:
        return (f"---\nby: wang-jianguo\ndate: {between}\ntype: {kind}\ntargets: [dorm-12-305]\n"
                f"summary: {summary}\n---\n")

    files = {"rosters/calendar.yml": TWO_TERMS,
             f"records/no-term/wang-jianguo/{between}-dorm-visit.md": visit("dorm-visit", "寒假走访留校学生宿舍。"),
             f"records/2024-2025-1/wang-jianguo/{between}-canteen-meal.md": visit("canteen-meal", "放错文件夹的记录。")}
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), date(2025, 2, 12), use_git=False)
    paths = [d.message for d in outcome.diagnostics if d.code == "record-path"]
    # validator: the folder of a date between terms is no-term
    assert len(paths) == 1 and "属于“no-term”" in paths[0]
    # projection: the break reports with the term before it
    terms = {t.id: t for t in project(outcome).terms}
    assert terms["2024-2025-1"].records == 1 + sum(1 for r in outcome.counting if r.meta.date <= date(2025, 1, 17))
    # internal site: on a day between terms the current term is the one before, and it holds the record
    page = render(outcome).pages["people/wang-jianguo.md"]
    term_records = sum(1 for r in outcome.credit.of("wang-jianguo"))
    assert f"本学期 {term_records} 条记录" in page
