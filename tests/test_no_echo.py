"""No personal data echoed (issue 13, item 3) and the lesser output holes of issue 16: a number
masked by the personal-data check is masked in every output — text, JSON, GitHub annotations and
step summary, Gitea's log and summary file, GitLab's log and Code Quality report, for the whole
repository and for the review of a change; a restricted record's problem text is never repeated; a
value cannot open a Markdown block on a page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import AS_OF, RECORD_PATH, VALID_RECORD, write_repo

from generator import pipeline
from generator.cli import main
from generator.site.internal import render
from generator.site.markup import md_inline

PHONE = "13712345678"
PROBLEM = VALID_RECORD.replace("summary: 与宿舍同学座谈。", f"""summary: 与宿舍同学座谈。
visibility: restricted
problems:
  - summary: 家长来电 {PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}，反映家庭困难
    status: open""")


def _assert_masked(outputs: list[str]) -> None:
    assert len(outputs) >= 1
    for out in outputs:
        assert "1234" not in out and "5678" in out  # 137****5678, in the personal-data error
        assert "家庭困难" not in out  # the overdue warning does not repeat a (restricted) problem's text


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitea", "gitlab"])
def test_a_problem_with_a_phone_number_is_masked_in_every_format(make_repo, tmp_path: Path, fmt: str) -> None:
    summary = tmp_path / "summary.md"
    report = tmp_path / "report.out"
    extra = ["--report", str(report)] if fmt in ("gitea", "gitlab") else []
    result = CliRunner().invoke(main, ["validate", "--repo", str(make_repo({RECORD_PATH: PROBLEM})),
                                       "--as-of", AS_OF, "--format", fmt, *extra],
                                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    written = {"github": [summary], "gitea": [report], "gitlab": [report]}.get(fmt, [])
    outputs = [result.output] + [p.read_text(encoding="utf-8") for p in written]
    assert len(outputs) == 1 + len(written)
    _assert_masked(outputs)
    if fmt == "json":
        codes = [(d["code"], d["line"]) for d in json.loads(result.output)["diagnostics"] if d["file"] == RECORD_PATH]
        assert codes == [("record-personal-data", 9), ("record-problem-overdue", 9)]


def test_the_data_quality_page_does_not_repeat_a_restricted_problem(tmp_path: Path) -> None:
    record = PROBLEM.replace(f"{PHONE[:3]} {PHONE[3:7]} {PHONE[7:]}，", "")
    outcome = pipeline.run(write_repo(tmp_path / "repo", {RECORD_PATH: record}), date.fromisoformat(AS_OF), use_git=False)
    assert [d.code for d in outcome.diagnostics if d.file == RECORD_PATH] == ["record-problem-overdue"]
    quality = render(outcome).pages["quality.md"]
    assert "第 1 个问题" in quality and "家庭困难" not in quality


@pytest.mark.parametrize("value", ['??? note "x"', '=== "tab"', "~~~", "- item", "1. item", "!!! warning"])
def test_a_value_never_opens_a_block(value: str) -> None:
    escaped = md_inline(value)
    assert escaped[0] in "&\\" and escaped != value


def test_a_summary_that_looks_like_a_widget_stays_text_on_the_internal_site(tmp_path: Path) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", "summary: '??? note \"点我\"'")
    outcome = pipeline.run(write_repo(tmp_path / "repo", {RECORD_PATH: record}), date.fromisoformat(AS_OF), use_git=False)
    pages = render(outcome).pages
    page = pages["people/wang-jianguo.md"]
    assert '&#63;?? note "点我"' in page
    assert not [line for text in pages.values() for line in text.split("\n") if line.lstrip().startswith("???")]


@pytest.mark.parametrize("escape", ["\\x00", "\\e", "\\x7f", "\\x85"])
def test_control_characters_from_yaml_escapes_are_refused(make_repo, escape: str) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", f'summary: "座谈{escape}"')
    result = CliRunner().invoke(main, ["validate", "--repo", str(make_repo({RECORD_PATH: record})), "--as-of", AS_OF,
                                       "--format", "json"])
    [d] = [d for d in json.loads(result.output)["diagnostics"] if d["file"] == RECORD_PATH]
    assert (d["code"], d["line"]) == ("yaml-syntax", 6) and "控制字符" in d["message"]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitea", "gitlab"])
def test_the_review_of_a_change_masks_it_too(make_repo, tmp_path: Path, fmt: str) -> None:
    """``validate --changed-from``: the log, the annotations, the step summary and the Code Quality report."""
    from gitrepo import change, init_main, review

    repo = init_main(make_repo())
    change(repo, {RECORD_PATH: PROBLEM})
    summary, report = tmp_path / "summary.md", tmp_path / "report.out"
    extra = ["--report", str(report)] if fmt in ("gitea", "gitlab") else []
    result = review(repo, "wangjg", "--format", fmt, *extra, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    written = {"github": [summary], "gitea": [report], "gitlab": [report]}.get(fmt, [])
    _assert_masked([result.output] + [p.read_text(encoding="utf-8") for p in written])
    if fmt == "gitlab":
        issues = json.loads(report.read_text(encoding="utf-8"))
        assert [i["check_name"] for i in issues if i["location"]["path"] == RECORD_PATH] == [
            "record-personal-data", "record-problem-overdue"]
