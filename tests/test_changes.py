"""The pull-request path in a temporary Git repository (main + branch): who may file what, locked
periods, amendments, pre-existing problems and problems a change causes elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import AS_OF, change, git, init_main, review, validate
from helpers import VALID_RECORD

from generator import gitdiff, pipeline
from generator.review import incremental

WANG = "records/2024-2025-1/wang-jianguo"
NEW_PATH = f"{WANG}/2024-11-04-dorm-visit.md"
NEW_RECORD = VALID_RECORD.replace("2024-10-17", "2024-11-04")
OLD_PATH = f"{WANG}/2024-10-15-dorm-visit.md"  # in the mini fixture, dated 2024-10-15
MEAL_PATH = f"{WANG}/2024-10-16-canteen-meal.md"
BRANCH_PATH = "records/2024-2025-1/nursing-branch-1/2024-11-04-class-observation.md"
BRANCH_RECORD = """\
---
by: nursing-branch-1
date: 2024-11-04
type: class-observation
targets: [class-2024-nursing-1]
summary: 支部党员教师集体听课。
---
"""


def found(result) -> list[tuple[str, str, str, int | None, str]]:
    """(code, severity, file, line, scope) of every finding of a --format json review."""
    payload = json.loads(result.stdout)
    return [(d["code"], d["severity"], d["file"], d["line"], d["scope"]) for d in payload["diagnostics"]]


def blocking(result) -> list[tuple[str, str, int | None]]:
    payload = json.loads(result.stdout)
    return [(d["code"], d["file"], d["line"]) for d in payload["diagnostics"] if d["blocking"]]


@pytest.fixture
def repo(make_repo) -> Path:
    return init_main(make_repo())


@pytest.fixture
def locked(make_repo) -> Path:
    """The mini repository locked through 2024-10-31: its two records (10-15, 10-16) are locked."""
    root = make_repo()
    inst = root / "rosters/institution.yml"
    inst.write_text(inst.read_text("utf-8").replace("locked_through: 2024-09-30", "locked_through: 2024-10-31"), "utf-8")
    return init_main(root)


# --------------------------------------------------------------------------- who may file what

def test_an_account_not_allowed_for_the_actor_fails(repo: Path) -> None:
    change(repo, {NEW_PATH: NEW_RECORD})
    result = review(repo, "zhangsan", "--format", "json")
    assert result.exit_code == 1
    assert blocking(result) == [("git-not-allowed", NEW_PATH, 2)]
    [message] = [d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "git-not-allowed"]
    assert message.startswith("账号“zhangsan”无权提交：这是王建国（wang-jianguo）的记录，只能由王建国本人的账号（wangjg）、"
                              "联络员李红的账号（lihong）或管理员（org-bot）提交。")


@pytest.mark.parametrize("author", ["wangjg", "lihong", "org-bot"])  # own account, liaison, admin
def test_own_account_liaison_and_admin_may_file(repo: Path, author: str) -> None:
    change(repo, {NEW_PATH: NEW_RECORD})
    result = review(repo, author, "--format", "json")
    assert (result.exit_code, blocking(result)) == (0, [])
    assert found(result) == [("assignment-grade", "warning", "rosters/assignments.yml", 7, "existing")]


def test_the_branch_secretary_may_file_for_the_branch(repo: Path) -> None:
    change(repo, {BRANCH_PATH: BRANCH_RECORD})
    assert review(repo, "lihong").exit_code == 0  # li-hong is the secretary of nursing-branch-1
    result = review(repo, "wangjg", "--format", "json")  # a member, but not the secretary
    assert (result.exit_code, blocking(result)) == (1, [("git-not-allowed", BRANCH_PATH, 2)])


def test_a_non_admin_may_not_change_the_rosters(repo: Path) -> None:
    people = repo / "rosters/people.yml"
    change(repo, {"rosters/people.yml": people.read_text("utf-8").replace("accounts: [lihong]", "accounts: [lihong, wangjg]")})
    result = review(repo, "wangjg", "--format", "json")
    assert result.exit_code == 1
    assert blocking(result) == [("git-not-allowed", "rosters/people.yml", None)]
    assert review(repo, "org-bot").exit_code == 0


def test_rights_come_from_the_rosters_before_the_change(repo: Path) -> None:
    people = repo / "rosters/people.yml"
    text = people.read_text("utf-8").replace("accounts: [wangjg]", "accounts: [wangjg, zhangsan]")
    change(repo, {"rosters/people.yml": text, NEW_PATH: NEW_RECORD})
    assert blocking(review(repo, "zhangsan", "--format", "json")) == [
        ("git-not-allowed", NEW_PATH, 2), ("git-not-allowed", "rosters/people.yml", None)]


def test_changing_the_actor_needs_both_actors_consent(repo: Path) -> None:
    moved = OLD_PATH.replace("wang-jianguo", "li-hong")
    text = (repo / OLD_PATH).read_text("utf-8").replace("by: wang-jianguo", "by: li-hong").replace("with: [li-hong]\n", "")
    change(repo, {moved: text}, drop=[OLD_PATH])
    # lihong may file for li-hong and, as liaison, for wang-jianguo; wangjg only for wang-jianguo
    assert review(repo, "lihong").exit_code == 0
    result = review(repo, "wangjg", "--format", "json")
    assert blocking(result) == [("git-not-allowed", moved, 2)]
    assert "李红（li-hong）的记录" in json.loads(result.stdout)["diagnostics"][0]["message"]


# --------------------------------------------------------------------------- locked periods

def test_editing_a_locked_record_fails(locked: Path) -> None:
    text = (locked / OLD_PATH).read_text("utf-8").replace("了解学习和生活情况", "了解学习情况")
    change(locked, {OLD_PATH: text})
    result = review(locked, "wangjg", "--format", "json")
    assert (result.exit_code, blocking(result)) == (1, [("git-locked", OLD_PATH, 2)])
    [message] = [d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "git-locked"]
    assert "活动日期是 2024-10-15：锁定日期是 2024-10-31" in message and f"amends: {OLD_PATH}" in message


def test_deleting_a_locked_record_fails(locked: Path) -> None:
    change(locked, drop=[MEAL_PATH])
    result = review(locked, "wangjg", "--format", "json")
    assert (result.exit_code, blocking(result)) == (1, [("git-locked", MEAL_PATH, None)])


def test_renaming_a_locked_record_fails(locked: Path) -> None:
    renamed = MEAL_PATH.replace("canteen-meal.md", "canteen-lunch.md")
    change(locked, moves={MEAL_PATH: renamed})
    result = review(locked, "wangjg", "--format", "json")
    assert (result.exit_code, blocking(result)) == (1, [("git-locked", renamed, 2)])
    assert json.loads(result.stdout)["changes"] == [{"kind": "renamed", "path": renamed, "old_path": MEAL_PATH}]


def test_an_uncommitted_edit_of_a_locked_record_fails_too(locked: Path) -> None:
    change(locked, {MEAL_PATH: (locked / MEAL_PATH).read_text("utf-8") + "补充。\n"}, commit=False)
    assert blocking(review(locked, "wangjg", "--format", "json")) == [("git-locked", MEAL_PATH, 2)]


def test_a_change_cannot_unlock_what_it_edits(locked: Path) -> None:
    inst = locked / "rosters/institution.yml"
    text = (locked / OLD_PATH).read_text("utf-8").replace("了解学习和生活情况", "了解学习情况")
    change(locked, {"rosters/institution.yml": inst.read_text("utf-8").replace("2024-10-31", "2024-09-30"),
                    OLD_PATH: text})
    assert blocking(review(locked, "org-bot", "--format", "json")) == [("git-locked", OLD_PATH, 2)]


AMENDMENT_PATH = f"{WANG}/2024-10-14-dorm-visit.md"


def amendment(reason: bool = True) -> str:
    return (VALID_RECORD.replace("2024-10-17", "2024-10-14")
            .replace("summary:", f"amends: {OLD_PATH}\n" + ("reason: 日期填写错误\n" if reason else "") + "summary:"))


def test_a_new_record_in_a_locked_period_needs_amends(locked: Path) -> None:
    change(locked, {AMENDMENT_PATH: VALID_RECORD.replace("2024-10-17", "2024-10-14")})
    result = review(locked, "wangjg", "--format", "json")
    assert (result.exit_code, blocking(result)) == (1, [("git-locked", AMENDMENT_PATH, 2)])


def test_an_amendment_in_a_locked_period_passes(locked: Path) -> None:
    change(locked, {AMENDMENT_PATH: amendment()})
    result = review(locked, "wangjg", "--format", "json")
    assert (result.exit_code, blocking(result)) == (0, [])


def test_an_amendment_without_a_reason_fails_as_an_amendment(locked: Path) -> None:
    change(locked, {AMENDMENT_PATH: amendment(reason=False)})
    assert blocking(review(locked, "wangjg", "--format", "json")) == [("record-amends", AMENDMENT_PATH, 6)]


def _results(root: Path) -> list[tuple[object, ...]]:
    outcome = pipeline.run(root, pipeline.date.fromisoformat("2025-01-20"))
    assert outcome.compliance is not None
    return [(r.actor, r.rule, r.period, r.target, r.achieved, r.hours, r.status) for r in outcome.compliance.results]


def test_an_amendment_counts_exactly_as_the_corrected_record_would(make_repo) -> None:
    corrected = amendment().replace(f"amends: {OLD_PATH}\nreason: 日期填写错误\n", "")
    amended = make_repo({AMENDMENT_PATH: amendment()})
    edited = make_repo({AMENDMENT_PATH: corrected}, drop=[OLD_PATH])
    original = make_repo()
    assert _results(amended) == _results(edited)
    assert _results(amended) != _results(original)  # the correction moved a visit to another week


# --------------------------------------------------------------------------- problems elsewhere

def test_a_pre_existing_error_in_an_unchanged_file_does_not_block(make_repo) -> None:
    broken = f"{WANG}/2024-10-18-dorm-visit.md"
    root = init_main(make_repo({broken: VALID_RECORD.replace("2024-10-17", "2024-10-18").replace("dorm-12-305", "dorm-9")}))
    change(root, {NEW_PATH: NEW_RECORD})
    result = review(root, "wangjg", "--format", "json")
    assert result.exit_code == 0
    assert ("record-unknown-ref", "error", broken, 5, "existing") in found(result)
    text = review(root, "wangjg").stdout
    assert text.split("\n")[0] == "通过：本次修改没有错误。"
    assert "== 已有问题（与本次修改无关）：1 个错误、1 个警告，涉及 2 个文件。" in text


def test_a_roster_change_that_breaks_an_unchanged_record_blocks(repo: Path) -> None:
    people = repo / "rosters/people.yml"
    # wang-jianguo now in post from 2024-10-16: his unchanged record of 2024-10-15 is out of post
    change(repo, {"rosters/people.yml": people.read_text("utf-8").replace("since: 2021-07-01", "since: 2024-10-16")})
    result = review(repo, "org-bot", "--format", "json")
    assert result.exit_code == 1
    assert blocking(result) == [("record-not-in-post", OLD_PATH, 3)]
    assert ("record-not-in-post", "error", OLD_PATH, 3, "introduced") in found(result)


def test_changed_files_come_first_in_every_format(make_repo) -> None:
    broken = f"{WANG}/2024-10-18-dorm-visit.md"
    root = init_main(make_repo({broken: VALID_RECORD.replace("2024-10-17", "2024-10-18").replace("dorm-12-305", "dorm-9")}))
    change(root, {NEW_PATH: NEW_RECORD.replace("2024-11-04", "2024/11/04").replace("-11-04-", "-11-04-")})
    assert [s for *_, s in found(review(root, "wangjg", "--format", "json"))][:1] == ["changed"]
    text = review(root, "wangjg").stdout.split("\n")
    assert text[0] == "未通过：本次修改有 1 个错误，涉及 1 个文件。请按下面的说明修改后再提交。"
    assert text.index(NEW_PATH + "（新增）") < text.index(next(x for x in text if x.startswith("== 已有问题")))
    assert broken not in "\n".join(text)  # the existing error is counted, not listed


def test_without_an_author_locks_still_apply(locked: Path) -> None:
    change(locked, drop=[MEAL_PATH])
    assert blocking(review(locked, None, "--format", "json")) == [("git-locked", MEAL_PATH, None)]


def test_standing_before_and_after(repo: Path) -> None:
    change(repo, {NEW_PATH: NEW_RECORD})
    payload = json.loads(review(repo, "wangjg", "--format", "json").stdout)
    [standing] = payload["standing"]
    assert standing["actor"] == "wang-jianguo"
    [line] = standing["current"]
    assert (line["rule"], line["period"]) == ("weekly-face", "2024-W45")
    assert (line["before"]["achieved"], line["before"]["status"]) == (0, "pending")
    assert (line["after"]["achieved"], line["after"]["status"]) == (1, "met")
    text = review(repo, "wangjg").stdout
    assert "  2024-W45 每周面对面接触学生不少于1次：0/1 → 1/1 已完成" in text.split("\n")
    assert f"统计日期：{AS_OF}" in text


def test_the_change_set_sees_uncommitted_and_untracked_files(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    change(repo, {NEW_PATH: NEW_RECORD, MEAL_PATH: (repo / MEAL_PATH).read_text("utf-8") + "补充。\n"}, commit=False)
    payload = json.loads(review(repo, "wangjg", "--format", "json").stdout)
    assert payload["changes"] == [{"kind": "modified", "path": MEAL_PATH, "old_path": None},
                                  {"kind": "added", "path": NEW_PATH, "old_path": None}]


# --------------------------------------------------------------------------- cannot run (exit 2)

def test_an_unknown_ref_cannot_run(repo: Path) -> None:
    result = validate(repo, "--changed-from", "origin/nosuch")
    assert result.exit_code == 2
    assert result.output.strip() == ("错误：无法运行：找不到比较基准“origin/nosuch”。"
                                     "请检查分支名或提交号，远程分支要写成 origin/main 的形式，并先 git fetch。")


def test_outside_git_cannot_run(make_repo) -> None:
    root = make_repo()
    result = validate(root, "--changed-from", "main")
    assert result.exit_code == 2
    assert "不在 Git 仓库中，无法使用 --changed-from" in result.output


def test_without_git_cannot_run(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = validate(repo, "--changed-from", "main")
    assert result.exit_code == 2
    assert result.output.strip() == "错误：无法运行：找不到 git 程序。--changed-from 需要 Git：请先安装 Git（例如 apt-get install git）。"


def test_author_needs_a_change_and_a_name(repo: Path) -> None:
    assert validate(repo, "--author", "wangjg").exit_code == 2
    result = validate(repo, "--changed-from", "main", "--author", "")
    assert result.exit_code == 2 and "--author 是空的" in result.output


# --------------------------------------------------------------------------- the merge base, seen through the work tree

def test_the_overlay_reads_the_merge_base_as_a_checkout_would(locked: Path, tmp_path: Path) -> None:
    renamed = MEAL_PATH.replace("canteen-meal.md", "canteen-lunch.md")
    people = (locked / "rosters/people.yml").read_text("utf-8").replace("accounts: [lihong]", "accounts: [lihong, x]")
    change(locked, {NEW_PATH: NEW_RECORD, "rosters/people.yml": people,
                    OLD_PATH: (locked / OLD_PATH).read_text("utf-8") + "补充。\n"}, moves={MEAL_PATH: renamed})
    change(locked, {f"{WANG}/2024-11-05-dorm-visit.md": NEW_RECORD.replace("11-04", "11-05")}, commit=False)
    checkout = tmp_path / "checkout"
    git(locked, "worktree", "add", "-q", str(checkout), "main")
    as_of = pipeline.date.fromisoformat(AS_OF)
    real = pipeline.run(checkout, as_of, use_git=False)
    seen = pipeline.run(locked, as_of, use_git=False,
                        overlay=gitdiff.base_overlay(locked, gitdiff.changes(locked, "main")))
    assert [r.path for r in seen.repo.records] == [r.path for r in real.repo.records] == [OLD_PATH, MEAL_PATH]
    assert [r.body for r in seen.repo.records] == [r.body for r in real.repo.records]
    assert seen.repo.people == real.repo.people
    assert seen.diagnostics == real.diagnostics


@pytest.mark.parametrize("kind", ["added", "modified", "deleted", "moved", "with", "roster"])
def test_both_sides_compute_only_the_touched_actors_and_the_review_is_the_same(
        repo: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Both sides' counting rules are computed for the actors the change credits alone (only their
    standing is read): the review equals one that computes both sides in full."""
    if kind == "added":
        change(repo, {NEW_PATH: NEW_RECORD})
    elif kind == "modified":
        change(repo, {MEAL_PATH: (repo / MEAL_PATH).read_text("utf-8").replace("date: 2024-10-16", "date: 2024-11-05")})
    elif kind == "deleted":
        change(repo, drop=[OLD_PATH])
    elif kind == "moved":
        change(repo, moves={OLD_PATH: f"{WANG}/2024-10-15-dorm-visit-2.md"})
    elif kind == "with":
        change(repo, {NEW_PATH: NEW_RECORD.replace("by: wang-jianguo", "by: wang-jianguo\nwith: [li-hong]")})
    else:
        people = repo / "rosters/people.yml"
        change(repo, {"rosters/people.yml": people.read_text("utf-8") + "\n", NEW_PATH: NEW_RECORD})
    # The full path (the snapshot's is held to it by tests/test_incremental_review.py).
    monkeypatch.setattr(incremental, "sides", lambda *a, **k: None)
    limited = []
    real = pipeline.run

    def run(*args: object, **kwargs: object) -> pipeline.Outcome:
        limited.append(kwargs.get("compliance_for") is not None)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", run)
    fast = [review(repo, "wangjg", "--format", fmt).stdout for fmt in ("json", "text")]
    assert limited == [True, True, True, True]

    def full(*args: object, **kwargs: object) -> pipeline.Outcome:
        kwargs.pop("compliance_for", None)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", full)
    assert [review(repo, "wangjg", "--format", fmt).stdout for fmt in ("json", "text")] == fast
    assert json.loads(fast[0])["standing"] or kind == "roster"


@pytest.mark.parametrize("kind", ["record", "roster", "policy"])
def test_the_merge_base_takes_the_work_trees_name_guard_only_for_the_same_rosters_and_policy(
        repo: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """The merge base's run reuses what the work tree's gathered from rosters and policy when they
    are the same bytes (the name guard, the calendar, the sensitive targets), else gathers its own;
    either way the review equals one where each side gathers everything itself."""
    files = {NEW_PATH: NEW_RECORD.replace("座谈", "与王建国座谈")}
    if kind == "roster":
        files["rosters/targets.yml"] = (repo / "rosters/targets.yml").read_text("utf-8") + "\n"
    elif kind == "policy":
        policy = next((repo / "policies").glob("*.yml"))
        files[policy.relative_to(repo).as_posix()] = policy.read_text("utf-8") + "\n"
    change(repo, files)
    monkeypatch.setattr(incremental, "sides", lambda *a, **k: None)  # the full path's two runs
    shared: list[bool] = []
    real = pipeline.run

    def run(*args: object, **kwargs: object) -> pipeline.Outcome:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        like = kwargs.get("like")
        if like is not None:
            shared.append(done.facts.guard is like.guard and done.facts.roster is not like.roster)  # type: ignore[attr-defined]
        return done

    monkeypatch.setattr(pipeline, "run", run)
    fast = [review(repo, "wangjg", "--format", fmt).stdout for fmt in ("json", "text")]
    assert shared == [kind == "record"] * 2

    def alone(*args: object, **kwargs: object) -> pipeline.Outcome:
        kwargs.pop("like", None)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", alone)
    assert [review(repo, "wangjg", "--format", fmt).stdout for fmt in ("json", "text")] == fast
