"""Who may add or change a disclosure review file on a pull request: only the reviewer who signs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import change, init_main, review
from helpers import reviewed

WANG = "records/2024-2025-1/wang-jianguo"
RECORD_PATH = f"{WANG}/2024-11-04-canteen-meal.md"
RECORD = ("---\nby: wang-jianguo\ndate: 2024-11-04\ntype: canteen-meal\ntargets: [class-2024-nursing-1]\n"
          "summary: 与同学共进午餐。\nvisibility: public\n---\n")
REVIEW_PATH = "reviews/2024-11-05-li-hong.yml"
MINI_REVIEW = "reviews/2024-10-20-li-hong.yml"


@pytest.fixture
def repo(make_repo) -> Path:
    """The mini repository with a second reviewer, 赵敏 (account zhaom), on main."""
    root = make_repo()
    inst = root / "rosters/institution.yml"
    inst.write_text(inst.read_text("utf-8").replace("reviewers: [li-hong]", "reviewers: [li-hong, zhao-min]"), "utf-8")
    people = root / "rosters/people.yml"
    people.write_text(people.read_text("utf-8").replace("  since: 2024-11-01\n", "  since: 2024-11-01\n  accounts: [zhaom]\n"),
                      "utf-8")
    return init_main(root)


def a_review(reviewer: str = "li-hong") -> dict[str, str]:
    files = reviewed({RECORD_PATH: RECORD}, day="2024-11-05", reviewer=reviewer, name="2024-11-05-li-hong")
    return {REVIEW_PATH: files[REVIEW_PATH]}


def not_allowed(result) -> list[tuple[str, int | None, str]]:
    payload = json.loads(result.stdout)
    return [(d["file"], d["line"], d["message"]) for d in payload["diagnostics"] if d["code"] == "git-not-allowed"]


def test_the_signing_reviewer_may_add_a_review(repo: Path) -> None:
    change(repo, {RECORD_PATH: RECORD, **a_review()})
    result = review(repo, "lihong", "--format", "json")  # li-hong is also wang's liaison: the record is hers to file too
    assert (result.exit_code, not_allowed(result)) == (0, [])


@pytest.mark.parametrize("author", ["wangjg", "org-bot", "zhaom"])  # the filer, an admin, another reviewer
def test_nobody_else_may_add_a_review_signed_by_a_reviewer(repo: Path, author: str) -> None:
    change(repo, a_review())
    result = review(repo, author, "--format", "json")
    assert result.exit_code == 1
    assert not_allowed(result) == [(
        REVIEW_PATH, 1,
        f"账号“{author}”无权提交：这是保密审查人李红（li-hong）的审查记录，只能由李红本人的账号（lihong）提交。"
        "保密审查记录只能由署名的审查人本人提交；需要增加审查人的，请管理员在 rosters/institution.yml 的 "
        "disclosure.reviewers 中登记，并在 rosters/people.yml 中写上其账号。")]


def test_a_review_signed_by_someone_who_is_no_reviewer_may_not_be_added_by_anyone(repo: Path) -> None:
    change(repo, a_review(reviewer="wang-jianguo"))
    result = review(repo, "wangjg", "--format", "json")
    payload = json.loads(result.stdout)
    assert [(d["code"], d["file"], d["line"]) for d in payload["diagnostics"] if d["blocking"]] == [
        ("disclosure-reviewer", REVIEW_PATH, 1), ("git-not-allowed", REVIEW_PATH, 1)]
    assert "“wang-jianguo”不在 rosters/institution.yml 的 disclosure.reviewers 中" in not_allowed(result)[0][2]


def test_re_signing_another_reviewers_review_needs_both(repo: Path) -> None:
    text = (repo / MINI_REVIEW).read_text("utf-8")
    change(repo, {MINI_REVIEW: text.replace("reviewer: li-hong", "reviewer: zhao-min")})
    for author in ("zhaom", "lihong"):
        result = review(repo, author, "--format", "json")
        owners = [m.split("：这是")[1].split("，")[0] for _, _, m in not_allowed(result)]
        other = "保密审查人李红（li-hong）的审查记录" if author == "zhaom" else "保密审查人赵敏（zhao-min）的审查记录"
        assert (result.exit_code, owners) == (1, [other])


def test_deleting_a_review_is_the_reviewers_act_too(repo: Path) -> None:
    change(repo, drop=[MINI_REVIEW])
    assert [(f, line) for f, line, _ in not_allowed(review(repo, "org-bot", "--format", "json"))] == [(MINI_REVIEW, None)]
    assert review(repo, "lihong", "--format", "json").exit_code == 0


def test_a_broken_review_file_needs_a_reviewer(repo: Path) -> None:
    change(repo, {"reviews/broken.yml": "reviewer: [\n"})
    result = review(repo, "wangjg", "--format", "json")
    [(_, _, message)] = not_allowed(result)
    assert "保密审查人本人的账号：李红（lihong）、赵敏（zhaom）" in message
