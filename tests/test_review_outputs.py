"""Review outputs at scale and at the edges: the GitHub step summary within 1 MiB (10,000 warnings),
escaped cells, a cut that says what it cut, and the submitter's annotations first."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from gitrepo import change, init_main, review, validate
from helpers import MINI, VALID_RECORD

from generator import reporters
from generator.diagnostics import diag

WANG = "records/2024-2025-1/wang-jianguo"
NEW_PATH = f"{WANG}/2024-11-04-dorm-visit.md"
NEW_RECORD = VALID_RECORD.replace("2024-10-17", "2024-11-04")
STUDENTS, PER_RECORD = 10_000, 100


def crowded(make_repo, assigned: bool) -> Path:
    """The mini repository with 10,000 more students and 100 records of wang-jianguo contacting 100
    of them each: 10,000 unassigned-target warnings unless ``assigned`` gives him all of them."""
    ids = [f"stu-g{i:05d}" for i in range(STUDENTS)]
    targets = (MINI / "rosters/targets.yml").read_text("utf-8") + "".join(
        f"- {{id: {t}, kind: student, name: 学生{i}, enrolled: 2024}}\n" for i, t in enumerate(ids))
    files = {"rosters/targets.yml": targets}
    if assigned:
        files["rosters/assignments.yml"] = ((MINI / "rosters/assignments.yml").read_text("utf-8")
                                            + f"- actor: wang-jianguo\n  targets: [{', '.join(ids)}]\n")
    for n in range(STUDENTS // PER_RECORD):
        chunk = ", ".join(ids[n * PER_RECORD:(n + 1) * PER_RECORD])
        files[f"{WANG}/2024-10-08-dorm-visit-{n}.md"] = (
            VALID_RECORD.replace("2024-10-17", "2024-10-08").replace("[dorm-12-305]", f"[{chunk}]"))
    return init_main(make_repo(files))


def test_summary_of_one_record_in_a_repository_with_10000_warnings(make_repo, tmp_path: Path) -> None:
    root = crowded(make_repo, assigned=False)
    change(root, {NEW_PATH: NEW_RECORD})
    summary = tmp_path / "summary.md"
    result = review(root, "wangjg", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    text = summary.read_text("utf-8")
    assert len(text.encode("utf-8")) < reporters.SUMMARY_LIMIT
    assert "| 2024-W45 | 每周面对面接触学生不少于1次 | 0/1 | 1/1 | 已完成 |" in text
    assert f"| 警告 | `record-unassigned-target` | 联系对象未分配给本人 | {STUDENTS} |" in text
    commands = [line for line in result.stdout.split("\n") if line.startswith("::")]
    assert commands == []  # the new record is clean: nobody else's 10,000 warnings are annotated
    # with a warning of their own, the submitter's is the first (and only) annotation
    change(root, {NEW_PATH: NEW_RECORD.replace("dorm-12-305", "stu-g00007")})
    result = review(root, "wangjg", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "s2.md")})
    commands = [line for line in result.stdout.split("\n") if line.startswith("::")]
    assert len(commands) == 1 and commands[0].startswith(f"::warning file={NEW_PATH},line=5,title=record-unassigned-target")


def test_a_change_causing_10000_warnings_is_cut_to_fit_and_says_so(make_repo, tmp_path: Path) -> None:
    root = crowded(make_repo, assigned=True)
    change(root, {"rosters/assignments.yml": (MINI / "rosters/assignments.yml").read_text("utf-8")})  # unassign all
    summary = tmp_path / "summary.md"
    result = review(root, "org-bot", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0  # warnings only
    text = summary.read_text("utf-8")
    size = len(text.encode("utf-8"))
    assert reporters.SUMMARY_LIMIT - 4096 < size < reporters.SUMMARY_LIMIT
    rows = [line for line in text.split("\n") if line.startswith("| 警告 | `records/")]
    assert 0 < len(rows) < STUDENTS
    assert f"> 内容过长，这里还有 {STUDENTS - len(rows)} 行没有列出（摘要不能超过 1 MiB）。完整内容见运行日志。" in text
    payload = json.loads(review(root, "org-bot", "--format", "json").stdout)
    assert sum(1 for d in payload["diagnostics"] if d["scope"] == "introduced") == STUDENTS


def test_summary_budget_counts_what_earlier_steps_wrote(make_repo, tmp_path: Path) -> None:
    root = init_main(make_repo())
    change(root, {NEW_PATH: NEW_RECORD.replace("date: 2024-11-04", "date: 2024/11/04")})
    summary = tmp_path / "summary.md"
    summary.write_text("x" * (reporters.SUMMARY_LIMIT - 20_000), encoding="utf-8")
    review(root, "wangjg", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.stat().st_size < reporters.SUMMARY_LIMIT


def test_cells_are_escaped() -> None:
    hostile = "a|b`c<script>\nd*e_f[g](h)\\"
    assert reporters.md_cell(hostile) == "a\\|b\\`c&#60;script&#62; d\\*e\\_f\\[g\\]\\(h\\)\\\\"
    d = diag("file-misplaced", "records/x|`y`.docx", None, "说明|含<b>竖线</b>\n第二行")
    [row] = reporters.diagnostic_rows([d])
    assert row == ("| 错误 | records/x\\|\\`y\\`.docx |  | `file-misplaced` | 说明\\|含&#60;b&#62;竖线&#60;/b&#62;&#60;U+000A&#62;第二行 |")
    assert row.count("|") - row.count("\\|") == 6  # still exactly five cells
    plain = diag("file-misplaced", "records/a/b/x.docx", None, "说明")
    assert reporters.diagnostic_rows([plain])[0].split(" | ")[1] == "`records/a/b/x.docx`"  # a plain path: code span


def test_a_cut_keeps_every_head_and_counts_what_it_dropped() -> None:
    sections = [reporters.Section(["# 标题"]),
                reporters.Section(["## 一"], [f"| {i} |" for i in range(50)], priority=1),
                reporters.Section(["## 二"], [f"| {i} |" for i in range(50)], priority=0)]
    text = reporters.capped_markdown(sections, limit=700)
    assert len(text.encode("utf-8")) <= 700
    assert text.index("# 标题") < text.index("## 一") < text.index("## 二")  # printed in order
    kept_two = sum(1 for line in text.split("## 二")[1].split("\n") if line.startswith("| "))
    kept_one = sum(1 for line in text.split("## 二")[0].split("\n") if line.startswith("| "))
    assert kept_two == 50 and kept_one < 50  # filled by priority
    assert f"这里还有 {50 - kept_one} 行没有列出" in text


def test_repository_mode_summary_is_capped_too() -> None:
    many = [diag("record-unassigned-target", f"records/t/a/2024-10-{i % 28 + 1:02d}-x-{i}.md", 5, "联系对象未分配。" * 20)
            for i in range(20_000)]
    text = reporters.step_summary(many)
    assert len(text.encode("utf-8")) < reporters.SUMMARY_LIMIT
    assert "行没有列出" in text


def test_records_repository_in_a_sub_folder_of_the_git_repository(tmp_path: Path) -> None:
    top = tmp_path / "project"
    shutil.copytree(MINI, top / "data")
    (top / "README.md").write_text("项目说明\n", encoding="utf-8")
    init_main(top)
    change(top, {f"data/{NEW_PATH}": NEW_RECORD.replace("date: 2024-11-04", "date: 2024/11/04"), "README.md": "改了\n"})
    result = review(top / "data", "wangjg", "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["changes"] == [{"kind": "added", "path": NEW_PATH, "old_path": None}]  # README.md is outside
    assert [(d["code"], d["file"]) for d in payload["diagnostics"] if d["blocking"]] == [("schema-date-format", NEW_PATH)]
    github = review(top / "data", "wangjg", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")})
    [command] = [x for x in github.stdout.split("\n") if x.startswith("::")]
    assert command.startswith(f"::error file=data/{NEW_PATH},line=3,")
    report = tmp_path / "cq.json"
    review(top / "data", "wangjg", "--format", "gitlab", "--report", str(report))
    assert json.loads(report.read_text("utf-8"))[0]["location"] == {"path": f"data/{NEW_PATH}", "lines": {"begin": 3}}


def test_repository_mode_gitea_and_gitlab_write_their_reports(make_repo, tmp_path: Path) -> None:
    root = make_repo({NEW_PATH: NEW_RECORD.replace("dorm-12-305", "dorm-9")})
    summary, report = tmp_path / "summary.md", tmp_path / "cq.json"
    gitea = validate(root, "--format", "gitea", "--report", str(summary))
    assert gitea.exit_code == 1 and not any(x.startswith("::") for x in gitea.stdout.split("\n"))
    assert f"| 错误 | `{NEW_PATH}` | 5 | `record-unknown-ref` |" in summary.read_text("utf-8")
    gitlab = validate(root, "--format", "gitlab", "--report", str(report))
    assert gitlab.exit_code == 1
    issues = json.loads(report.read_text("utf-8"))
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues if i["severity"] == "major"] == [
        ("record-unknown-ref", "major", NEW_PATH)]
    assert gitlab.stdout.rstrip("\n").split("\n")[-1] == f"Code Quality 报告已写入 {report}（{len(issues)} 条）。"


def test_a_report_left_in_the_repository_is_not_part_of_the_change(make_repo) -> None:
    root = init_main(make_repo())
    change(root, {NEW_PATH: NEW_RECORD})
    report = root / "gl-code-quality-report.json"
    assert review(root, "wangjg", "--format", "gitlab", "--report", str(report)).exit_code == 0
    again = review(root, "wangjg", "--format", "gitlab", "--report", str(report))
    assert again.exit_code == 0, again.stdout  # the first run's report is not an added file needing an admin
    assert [i["location"]["path"] for i in json.loads(report.read_text("utf-8"))
            if i["check_name"] == "git-not-allowed"] == []
