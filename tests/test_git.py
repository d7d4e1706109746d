"""Git history: first-commit dates give the late-filing warning; shallow clones and plain folders degrade cleanly."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

from helpers import RECORD_PATH, VALID_RECORD

from generator import pipeline

AS_OF = date(2025, 1, 20)
LATE_PATH = "records/2024-2025-1/wang-jianguo/2024-10-18-canteen-meal.md"
LATE_RECORD = VALID_RECORD.replace("2024-10-17", "2024-10-18").replace("dorm-visit", "canteen-meal")
NEW_PATH = "records/2024-2025-1/wang-jianguo/2024-11-04-class-observation.md"
NEW_RECORD = (VALID_RECORD.replace("2024-10-17", "2024-11-04").replace("dorm-visit", "class-observation")
              .replace("dorm-12-305", "class-2024-nursing-1"))


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit(root: Path, paths: list[str], when: str) -> None:
    git(root, "add", *paths)
    git(root, "commit", "-q", "-m", f"records of {when}", when=when)


def late(outcome: pipeline.Outcome) -> dict[str, int | None]:
    return {d.file: d.line for d in outcome.diagnostics if d.code == "record-late"}


def history_repo(make_repo) -> Path:
    """The mini repository committed on 2024-10-20, then a late record committed on 2024-12-01
    (44 days after the activity; the policy allows 31), then one record left uncommitted."""
    root = make_repo({RECORD_PATH: VALID_RECORD})
    git(root, "init", "-q")
    commit(root, ["."], "2024-10-20T10:00:00+08:00")
    (root / LATE_PATH).write_text(LATE_RECORD, encoding="utf-8")
    commit(root, [LATE_PATH], "2024-12-01T10:00:00+08:00")
    (root / NEW_PATH).write_text(NEW_RECORD, encoding="utf-8")
    return root


def test_late_filing_uses_the_first_commit_date(make_repo) -> None:
    root = history_repo(make_repo)
    outcome = pipeline.run(root, AS_OF)
    # 2024-10-18 filed 2024-12-01: late; the uncommitted 2024-11-04 record is being filed on the
    # as-of date (77 days): late; the records committed on 2024-10-20 are on time.
    assert late(outcome) == {LATE_PATH: 3, NEW_PATH: 3}
    [message] = [d.message for d in outcome.diagnostics if d.file == LATE_PATH and d.code == "record-late"]
    assert "2024-12-01" in message and "44 天" in message


def test_first_commit_survives_later_edits(make_repo) -> None:
    root = history_repo(make_repo)
    (root / RECORD_PATH).write_text(VALID_RECORD.replace("座谈。", "座谈交流。"), encoding="utf-8")
    commit(root, [RECORD_PATH], "2025-01-10T10:00:00+08:00")  # an edit is not a new filing
    assert RECORD_PATH not in late(pipeline.run(root, AS_OF))


def test_checked_from_exempts_imported_records(make_repo) -> None:
    root = history_repo(make_repo)
    policy = root / "policies/mini.yml"
    policy.write_text(policy.read_text("utf-8").replace(
        "filing: {within_days: 31}", "filing: {within_days: 31, checked_from: 2024-11-01}"), encoding="utf-8")
    assert late(pipeline.run(root, AS_OF)) == {NEW_PATH: 3}


def test_outside_a_work_tree_no_late_filing_and_no_git_warning(make_repo) -> None:
    root = make_repo({LATE_PATH: LATE_RECORD})
    outcome = pipeline.run(root, AS_OF)
    assert outcome.history is None
    assert {d.code for d in outcome.diagnostics} & {"record-late", "git-unavailable"} == set()


def test_shallow_clone_warns_and_skips_late_filing(make_repo, tmp_path: Path) -> None:
    source = history_repo(make_repo)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(clone)], check=True,
                   capture_output=True)
    outcome = pipeline.run(clone, AS_OF)
    codes = [d.code for d in outcome.diagnostics]
    assert "git-unavailable" in codes and "record-late" not in codes
    [warning] = [d for d in outcome.diagnostics if d.code == "git-unavailable"]
    assert "fetch-depth: 0" in warning.message
