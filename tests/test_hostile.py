"""A hostile repository: links, devices, FIFOs, deep folders, escaping paths, absurd dates and
numbers, odd commit times, a GBK terminal and a bug. Each ends in located Chinese diagnostics or
one Chinese line and exit status 2 — never a traceback, a hang, or status 1 for a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from helpers import AS_OF, MINI, RECORD_PATH, VALID_RECORD, check, located
from hypothesis import given
from hypothesis import strategies as st
from test_git import commit, git

from generator import loader, pipeline, repofs
from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.public import project
from generator.site.internal import render

POLICY = "policies/mini.yml"
UNITS = "rosters/units.yml"
FOLDER = "records/2024-2025-1/wang-jianguo"


def codes(repo: Path) -> list[tuple[str, str, int | None]]:
    return [(code, file, line) for code, _, file, line in located(check(repo))]


def policy_with(extra: str) -> dict[str, str]:
    return {POLICY: (MINI / POLICY).read_text(encoding="utf-8") + extra}


# --------------------------------------------------------------------------- files

def test_a_record_linked_outside_the_repository_is_refused_and_never_published(make_repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(VALID_RECORD.replace("summary: 与宿舍同学座谈。", "summary: 外部文件。\nvisibility: public"),
                       encoding="utf-8")
    repo = make_repo()
    (repo / RECORD_PATH).symlink_to(outside)
    assert codes(repo) == [("file-unsafe", RECORD_PATH, None)]
    outcome = pipeline.run(repo, date.fromisoformat(AS_OF), use_git=False)
    assert outcome.has_errors and RECORD_PATH not in {r.path for r in outcome.repo.records}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_record_linked_to_a_device_is_not_read(make_repo, device: str) -> None:
    repo = make_repo()
    (repo / RECORD_PATH).symlink_to(device)
    [d] = check(repo)
    assert (d.code, d.file) == ("file-unsafe", RECORD_PATH) and "符号链接" in d.message


def test_a_fifo_is_refused_without_hanging(make_repo) -> None:
    repo = make_repo()
    os.mkfifo(repo / RECORD_PATH)
    [d] = check(repo)
    assert (d.code, d.file) == ("file-unsafe", RECORD_PATH) and "命名管道" in d.message


def test_a_linked_folder_is_reported_not_skipped(make_repo, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2024-10-17-dorm-visit.md").write_text("not a record", encoding="utf-8")
    repo = make_repo()
    (repo / "records/2024-2025-1/li-hong").symlink_to(elsewhere, target_is_directory=True)
    assert codes(repo) == [("file-unsafe", "records/2024-2025-1/li-hong", None)]


def test_a_folder_that_becomes_a_link_between_two_readings_is_refused_on_the_second(make_repo, tmp_path: Path) -> None:
    # Reading remembers folders found not to be links, but only for one reading (``serve`` reads again).
    repo = make_repo({RECORD_PATH: VALID_RECORD})
    [first] = loader.parse_records(repo, [RECORD_PATH])
    assert first.record is not None
    folder = repo / RECORD_PATH.rsplit("/", 1)[0]
    folder.rename(tmp_path / "moved")
    folder.symlink_to(tmp_path / "moved", target_is_directory=True)
    [second] = loader.parse_records(repo, [RECORD_PATH])
    assert second.record is None and [d.code for d in second.diagnostics] == ["file-unsafe"]
    assert "符号链接" in second.diagnostics[0].message


@given(st.lists(st.sampled_from(["records", "a", "李红", ".", "..", "", ".git", "x.md", " "]), min_size=1, max_size=5)
       .map("/".join) | st.text(alphabet="ab./ ", max_size=12))
def test_a_path_joined_as_a_string_is_the_path_pathlib_names(rel: str) -> None:
    # ``safe_read`` joins strings only where that names the very path (and parts) pathlib would.
    if repofs._plain_relative(rel):
        assert os.path.join("/repo", rel) == str(Path("/repo") / rel)
        assert rel.split("/")[:-1] == list(PurePosixPath(rel).parts[:-1])


@pytest.mark.parametrize("rel", ["records/2024-2025-1/li-hong/", "records/2024-2025-1/./li-hong",
                                 "records//2024-2025-1/li-hong/2024-10-17-dorm-visit.md",
                                 "records/2024-2025-1/li-hong/./2024-10-17-dorm-visit.md"])
def test_a_link_is_refused_however_the_path_to_it_is_spelt(make_repo, tmp_path: Path, rel: str) -> None:
    # A trailing slash would make lstat follow the link; such paths take pathlib's way.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2024-10-17-dorm-visit.md").write_text(VALID_RECORD, encoding="utf-8")
    repo = make_repo()
    (repo / "records/2024-2025-1/li-hong").symlink_to(elsewhere, target_is_directory=True)
    for base in (repo, str(repo)):
        found = repofs.safe_read(base, rel, 1 << 20)  # type: ignore[arg-type]
        assert isinstance(found, Diagnostic) and found.code == "file-unsafe" and "符号链接" in found.message


def test_four_hundred_nested_folders_are_cut_at_the_limit(make_repo) -> None:
    repo = make_repo()
    deep = repo / "records" / "/".join(["d"] * 400)
    deep.mkdir(parents=True)
    (deep / "x.md").write_text("---\n---\n", encoding="utf-8")
    [d] = check(repo)
    assert (d.code, d.file) == ("file-misplaced", "records/" + "/".join(["d"] * 9)) and "8 层" in d.message


def test_a_hidden_folder_under_records_is_reported(make_repo) -> None:
    repo = make_repo({f"records/.drafts/{RECORD_PATH.rsplit('/', 1)[1]}": VALID_RECORD})
    assert codes(repo) == [("file-misplaced", "records/.drafts", None)]


def test_a_file_that_is_too_large_is_not_read(make_repo) -> None:
    repo = make_repo({RECORD_PATH: VALID_RECORD + "长" * 200_000})
    [d] = check(repo)
    assert (d.code, d.file) == ("file-too-large", RECORD_PATH) and "586 KiB" in d.message


# --------------------------------------------------------------------------- paths in files

@pytest.mark.parametrize(("path", "why"), [
    ("/etc/passwd", "绝对路径"), ("../../../../etc/passwd", "“..”"), ("policies/../rosters/people.yml", "“..”"),
    ("rosters/people.yml", "不在 policies/ 下"), ("policies/mini.txt", "不是 .yml"), ("policies\\mini.yml", "反斜杠"),
])
def test_policy_paths_stay_inside_policies(make_repo, path: str, why: str) -> None:
    institution = (MINI / "rosters/institution.yml").read_text(encoding="utf-8")
    repo = make_repo({"rosters/institution.yml": institution.replace("policy: policies/mini.yml", f"policy: {path}")})
    found = check(repo)
    assert [(d.code, d.file, d.line) for d in found] == [("file-unsafe", "rosters/institution.yml", 4)]
    assert why in found[0].message and "root:" not in found[0].message


def test_a_nul_in_the_policy_path_is_refused_before_any_path_is_built(make_repo) -> None:
    institution = (MINI / "rosters/institution.yml").read_text(encoding="utf-8")
    repo = make_repo({"rosters/institution.yml": institution.replace("policy: policies/mini.yml",
                                                                     'policy: "policies/mini\\0.yml"')})
    found = check(repo)
    assert [(d.code, d.line) for d in found] == [("yaml-syntax", 4)] and "U+0000" in found[0].message


def test_extends_stays_inside_policies_and_echoes_no_foreign_keys(make_repo) -> None:
    text = (MINI / POLICY).read_text(encoding="utf-8").replace("id: mini\n", "id: mini\nextends: /etc/passwd\n")
    found = check(make_repo({POLICY: text}))
    assert [(d.code, d.file, d.line) for d in found] == [("file-unsafe", POLICY, 2)]
    assert "绝对路径" in found[0].message


# --------------------------------------------------------------------------- dates and numbers

@pytest.mark.parametrize(("extra", "line", "words"), [
    ("      within_first_days: 3000000\n", 26, "不大于 366"),
    ("    min_hours: inf\n", 27, "有限的数字"),
    ("    min: " + "9" * 5000 + "\n", 27, "位数过多"),
])
def test_absurd_numbers_in_a_rule_get_chinese_messages(make_repo, extra: str, line: int, words: str) -> None:
    text = (MINI / POLICY).read_text(encoding="utf-8")
    anchor = "      target_kinds: [class, dorm, club, student]\n" if extra.startswith("      ") else "    min: 1\n"
    text = text.replace(anchor, anchor + extra if extra.startswith("      ") else extra)
    found = check(make_repo({POLICY: text}))
    assert [(d.code, d.line) for d in found] == [("schema-value", line)]
    assert words in found[0].message and len(found[0].message) < 200


def test_a_negative_due_is_reported(make_repo) -> None:
    [d] = check(make_repo(policy_with("due: {week: -1}\n")))
    assert (d.code, d.file) == ("schema-value", POLICY) and "不小于 0" in d.message


def test_too_many_rules_are_refused_before_they_cost_anything(make_repo) -> None:
    rules = "".join(f"  - {{id: r{i}, title: 规则, who: {{roles: [leadership]}}, per: week}}\n" for i in range(501))
    text = (MINI / POLICY).read_text(encoding="utf-8").replace("rules:\n", "rules:\n" + rules, 1)
    found = check(make_repo({POLICY: text}))
    assert [d.code for d in found] == ["schema-value"] and "超过上限 500 项" in found[0].message


def test_a_term_in_year_9999_is_a_date_error(make_repo) -> None:
    calendar = (MINI / "rosters/calendar.yml").read_text(encoding="utf-8").replace("end: 2025-01-17", "end: 9999-01-17")
    found = check(make_repo({"rosters/calendar.yml": calendar}))
    assert [(d.code, d.line) for d in found] == [("schema-date-invalid", 5)]
    assert "1900—2200" in found[0].message


def test_as_of_far_in_the_future_is_refused_with_status_2(make_repo) -> None:
    result = CliRunner().invoke(main, ["report", "--repo", str(make_repo()), "--as-of", "9999-12-31"])
    assert result.exit_code == 2 and "1900—2200" in result.output and "Traceback" not in result.output


def test_as_of_late_in_the_range_stays_small(make_repo) -> None:
    outcome = pipeline.run(make_repo(), date(2200, 12, 31), use_git=False)
    assert outcome.compliance is not None
    assert max(r.end for r in outcome.compliance.results) <= date(2025, 1, 19)  # the calendar's last week


# --------------------------------------------------------------------------- rosters

def test_a_unit_parent_cycle_is_reported_once(make_repo) -> None:
    units = (MINI / UNITS).read_text(encoding="utf-8").replace(
        "kind: general-branch, parent: party-committee", "kind: general-branch, parent: nursing-branch-1")
    found = check(make_repo({UNITS: units}))
    assert [(d.code, d.line) for d in found] == [("roster-parent-cycle", 5)]
    assert "nursing-general-branch → nursing-branch-1 → nursing-general-branch" in found[0].message


def test_a_1500_deep_parent_chain_is_walked_without_recursion(make_repo) -> None:
    chain = "".join(f"- {{id: u{i}, name: 单位{i}, kind: other{', parent: u' + str(i - 1) if i else ''}}}\n"
                    for i in range(1500))
    repo = make_repo({UNITS: (MINI / UNITS).read_text(encoding="utf-8") + chain})
    outcome = pipeline.run(repo, date.fromisoformat(AS_OF), use_git=False)
    assert not outcome.has_errors
    pages = render(outcome).pages
    assert "单位1499" in pages["units/list_6.md"]  # the unit tree's sixth page of 300 (paged)


# --------------------------------------------------------------------------- git

def test_a_commit_in_year_10000_is_clamped_with_a_warning(make_repo) -> None:
    repo = make_repo()
    git(repo, "init", "-q")
    commit(repo, ["."], "2024-10-20T10:00:00+08:00")
    (repo / RECORD_PATH).write_text(VALID_RECORD, encoding="utf-8")
    commit(repo, [RECORD_PATH], "@253402300800 +0000")  # 10000-01-01
    outcome = pipeline.run(repo, date.fromisoformat(AS_OF))
    [d] = [d for d in outcome.diagnostics if d.code == "git-date"]
    assert d.severity == "warning" and RECORD_PATH in d.message and "1 个文件" in d.message
    assert project(outcome).policy.entry.number.startswith("99999-0103-2024-")


def test_a_rename_is_not_late_filing(make_repo) -> None:
    repo = make_repo({RECORD_PATH: VALID_RECORD})
    git(repo, "init", "-q")
    commit(repo, ["."], "2024-10-18T10:00:00+08:00")
    renamed = RECORD_PATH.replace("dorm-visit.md", "dorm-talk.md")
    git(repo, "mv", RECORD_PATH, renamed)
    commit(repo, ["."], "2024-12-20T10:00:00+08:00")
    outcome = pipeline.run(repo, date.fromisoformat(AS_OF))
    assert [d.file for d in outcome.diagnostics if d.code == "record-late"] == []
    assert outcome.history is not None and outcome.history.first_commit[renamed] == date(2024, 10, 18)


def test_a_missing_git_binary_is_a_warning_like_a_shallow_clone(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    git(repo, "init", "-q")
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    outcome = pipeline.run(repo, date.fromisoformat(AS_OF))
    [d] = [d for d in outcome.diagnostics if d.code == "git-unavailable"]
    assert "找不到 git 程序" in d.message


# --------------------------------------------------------------------------- the command line

def test_a_gbk_terminal_prints_an_emoji(make_repo) -> None:
    record = VALID_RECORD.replace("type: dorm-visit", "type: 进宿舍😀")
    repo = make_repo({RECORD_PATH: record})
    done = subprocess.run([sys.executable, "-m", "generator", "validate", "--repo", str(repo), "--as-of", AS_OF],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"})
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    assert "进宿舍😀".encode() in done.stdout and b"Traceback" not in done.stderr


def test_an_unexpected_exception_is_one_chinese_line_and_status_2(make_repo, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "run", broken)
    result = CliRunner().invoke(main, ["validate", "--repo", str(make_repo())])
    assert result.exit_code == 2
    assert result.output.strip().split("\n") == [
        "内部错误：程序遇到了意外情况（RuntimeError），本次没有完成。请把这一行和所运行的命令报告给维护者（项目的问题跟踪页面），以便修复。"]


def test_an_unclosed_quote_is_reported_where_it_opens(make_repo) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", 'summary: "与宿舍同学座谈。')
    found = check(make_repo({RECORD_PATH: record}))
    assert [(d.code, d.line) for d in found] == [("yaml-syntax", 6)] and "引号没有闭合" in found[0].message


def test_an_anchor_on_a_key_is_refused(make_repo) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", "&k summary: 与宿舍同学座谈。")
    assert [(d.code, d.line) for d in check(make_repo({RECORD_PATH: record}))] == [("yaml-anchor", 6)]
