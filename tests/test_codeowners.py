"""CODEOWNERS from the rosters, in GitHub and Gitea syntax, and the warning when the committed file is stale."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from helpers import AS_OF, check, located

from generator.cli import main

GITHUB = """\
# 由 python -m generator codeowners 根据名册生成，请勿手工修改；名册改动后重新生成并提交。
# Generated from the rosters by `python -m generator codeowners`; do not edit by hand.

* @org-bot
/records/*/wang-jianguo/ @wangjg @lihong @org-bot
/records/*/li-hong/ @lihong @org-bot
/records/*/nursing-branch-1/ @lihong @org-bot
/reviews/ @lihong @org-bot
"""
GITEA = """\
# 由 python -m generator codeowners 根据名册生成，请勿手工修改；名册改动后重新生成并提交。
# Generated from the rosters by `python -m generator codeowners`; do not edit by hand.

.* @org-bot
records/[^/]+/wang-jianguo/.* @wangjg @lihong @org-bot
records/[^/]+/li-hong/.* @lihong @org-bot
records/[^/]+/nursing-branch-1/.* @lihong @org-bot
reviews/.* @lihong @org-bot
"""


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["--repo", str(root), "--as-of", AS_OF, "codeowners", *args])


def test_codeowners_for_github_gitlab_and_gitea(make_repo) -> None:
    root = make_repo()
    result = run(root)
    assert result.exit_code == 0, result.output
    assert result.output == ".github/CODEOWNERS：已生成\n.gitea/CODEOWNERS：已生成\n.gitlab/CODEOWNERS：已生成\n"
    assert (root / ".github/CODEOWNERS").read_text("utf-8") == GITHUB
    assert (root / ".gitlab/CODEOWNERS").read_text("utf-8") == GITHUB
    assert (root / ".gitea/CODEOWNERS").read_text("utf-8") == GITEA
    # zhao-min has no account and no liaison: only the admins' catch-all covers her folder
    assert "zhao-min" not in GITHUB


def test_gitea_patterns_match_as_go_regexps_would(make_repo) -> None:
    rules = [line.split(" ")[0] for line in GITEA.splitlines() if line and not line.startswith("#")]
    owned = [r for r in rules if re.fullmatch(r, "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md")]
    assert owned == [".*", "records/[^/]+/wang-jianguo/.*"]
    assert [r for r in rules if re.fullmatch(r, "rosters/people.yml")] == [".*"]


def test_check_reports_a_stale_file_and_validate_warns(make_repo) -> None:
    root = make_repo()
    run(root, "--forge", "github")
    assert run(root, "--check", "--forge", "github").exit_code == 0
    people = root / "rosters/people.yml"
    people.write_text(people.read_text("utf-8").replace("accounts: [wangjg]", "accounts: [wangjg, wjg2]"), "utf-8")
    result = run(root, "--check", "--forge", "github")
    assert (result.exit_code, result.output) == (1, ".github/CODEOWNERS：与名册不一致或不存在\n")
    stale = [x for x in located(check(root)) if x[0] == "codeowners-stale"]
    assert stale == [("codeowners-stale", "warning", ".github/CODEOWNERS", 5)]
    assert run(root, "--forge", "github").output == ".github/CODEOWNERS：已生成\n"
    assert [x for x in located(check(root)) if x[0] == "codeowners-stale"] == []


def test_no_committed_file_no_warning(make_repo) -> None:
    assert [x for x in located(check(make_repo())) if x[0] == "codeowners-stale"] == []
