"""The shipped CI definitions of the three forges, run as each forge would: the validate step's
command, with that forge's variables, in a temporary Git repository (main + a pull-request branch)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from gitrepo import change, git, init_main
from helpers import MINI, VALID_RECORD

from generator import clock

ROOT = Path(__file__).resolve().parent.parent


def _current_term() -> tuple[str, date, date]:
    """A term around today: the CI definitions pass no --as-of, so the check runs on today (a wide
    term, so that today's week is a full teaching week whatever the day)."""
    y = TODAY.year
    name = f"{y}-{y + 1}-1" if TODAY.month >= 8 else f"{y - 1}-{y}-2"
    return name, TODAY - timedelta(days=60), TODAY + timedelta(days=60)


TODAY = clock.today_in("Asia/Shanghai")
TERM, TERM_START, TERM_END = _current_term()
WEEK = f"{TODAY.isocalendar().year}-W{TODAY.isocalendar().week:02d}"
GOOD_PATH = f"records/{TERM}/wang-jianguo/{TODAY}-dorm-visit.md"
GOOD = VALID_RECORD.replace("2024-10-17", TODAY.isoformat())
BAD_PATH = f"records/{TERM}/wang-jianguo/{TODAY}-canteen-meal.md"
BAD = (VALID_RECORD.replace("date: 2024-10-17", f"date: {TODAY:%Y/%m/%d}").replace("dorm-visit", "canteen-meal"))
CURRENT_TERM = f"""\
  - id: {TERM}
    name: 当前学期
    start: {TERM_START}
    end: {TERM_END}
"""
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def workflow_step(path: Path, event_context: str) -> dict[str, object]:
    """The step of a GitHub-style workflow that validates pull requests."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = doc["jobs"]["validate"]["steps"]
    [step] = [s for s in steps if s.get("if") == f"{event_context}.event_name == 'pull_request'"]
    return step


def expand(value: str, context: Mapping[str, str]) -> str:
    """``${{ expr }}`` as the runner expands it; an expression the test did not provide is an error."""
    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", lambda m: context[m.group(1)], value)


def run_shell(command: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    full = {**os.environ, "PATH": path, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(["bash", "-ec", command], cwd=cwd, env=full, capture_output=True, text=True)


def current_repo(make_repo) -> Path:
    """The mini repository with a term around today added to its calendar, on main as a remote
    would have it (origin/main), with branch ``feature`` checked out."""
    calendar = (MINI / "rosters/calendar.yml").read_text(encoding="utf-8") + CURRENT_TERM
    root = init_main(make_repo({"rosters/calendar.yml": calendar}))
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    return root


@pytest.fixture
def pull_request(make_repo) -> Path:
    """A branch adding one good and one bad record dated today."""
    root = current_repo(make_repo)
    change(root, {GOOD_PATH: GOOD, BAD_PATH: BAD})
    return root


def _github_like(root: Path, workflow: Path, ctx: str, author: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    step = workflow_step(workflow, ctx)
    context = {f"{ctx}.base_ref": "main", f"{ctx}.event.pull_request.user.login": author}
    env = {k: expand(str(v), context) for k, v in dict(step.get("env", {})).items()}  # type: ignore[call-overload]
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    return run_shell(str(step["run"]), root, env)


def test_github_workflow_takes_the_author_from_the_pull_request(pull_request: Path, tmp_path: Path) -> None:
    workflow = ROOT / ".github/workflows/records.yml"
    step = workflow_step(workflow, "github")
    assert "github.actor" not in json.dumps(step)
    done = _github_like(pull_request, workflow, "github", "wangjg", tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.split("\n")
    assert lines[0] == "未通过：本次修改有 1 个错误，涉及 1 个文件。请按下面的说明修改后再提交。"
    commands = [x for x in lines if x.startswith("::")]
    assert commands[0].startswith(f"::error file={BAD_PATH},line=3,title=schema-date-format ")
    assert all(BAD_PATH in c or GOOD_PATH in c for c in commands)  # only changed files are annotated
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## 记录检查：未通过\n")
    assert f"| {WEEK} | 每周面对面接触学生不少于1次 | 0/1 | 1/1 | 已完成 |" in summary
    # someone else's account fails on both files
    other = _github_like(pull_request, workflow, "github", "zhangsan", tmp_path)
    assert other.returncode == 1
    assert sum(1 for x in other.stdout.split("\n") if x.startswith("::error") and "git-not-allowed" in x) == 2


def test_github_workflow_passes_a_good_pull_request(make_repo, tmp_path: Path) -> None:
    root = current_repo(make_repo)
    change(root, {GOOD_PATH: GOOD})
    done = _github_like(root, ROOT / ".github/workflows/records.yml", "github", "lihong", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.split("\n")[0] == "通过：本次修改没有错误。"


def test_gitea_workflow_runs_the_same_checks_in_plain_text(pull_request: Path, tmp_path: Path) -> None:
    workflow = ROOT / ".gitea/workflows/records.yml"
    step = workflow_step(workflow, "gitea")
    assert "actor" not in json.dumps(step.get("env"))
    done = _github_like(pull_request, workflow, "gitea", "wangjg", tmp_path)
    assert done.returncode == 1, done.stderr
    assert not any(x.startswith("::") for x in done.stdout.split("\n"))  # Gitea ignores workflow commands
    assert done.stdout.split("\n")[0] == "未通过：本次修改有 1 个错误，涉及 1 个文件。请按下面的说明修改后再提交。"
    assert "  第 3 行 错误 [schema-date-format]" in done.stdout
    summary = (pull_request / "validate-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## 记录检查：未通过\n")
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    uploads = [s for s in doc["jobs"]["validate"]["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "validate-summary.md"


def _gitlab_script(job: str) -> str:
    doc = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert doc["variables"]["GIT_DEPTH"] == "0"
    assert doc[".validate"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert doc[job]["extends"] == ".validate"
    return "\n".join(doc[job]["script"])


def check_code_quality(report: object) -> None:
    """GitLab's documented Code Quality format: an array of issues with description, check_name,
    fingerprint (unique), severity (one of five), location.path (relative) and location.lines.begin."""
    assert isinstance(report, list)
    for issue in report:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in GITLAB_SEVERITIES
        path = issue["location"]["path"]
        assert isinstance(path, str) and not path.startswith(("/", "./"))
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
    fingerprints = [i["fingerprint"] for i in report]
    assert len(fingerprints) == len(set(fingerprints))


def test_gitlab_pipeline_writes_a_code_quality_report(pull_request: Path) -> None:
    base = git(pull_request, "merge-base", "main", "HEAD").strip()
    env = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
           "GITLAB_USER_LOGIN": "wangjg", "CI_PIPELINE_SOURCE": "merge_request_event"}
    done = run_shell(_gitlab_script("validate-merge-request"), pull_request, env)
    assert done.returncode == 1, done.stderr
    assert done.stdout.split("\n")[0] == "未通过：本次修改有 1 个错误，涉及 1 个文件。请按下面的说明修改后再提交。"
    report = json.loads((pull_request / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    check_code_quality(report)
    first = report[0]
    assert (first["check_name"], first["severity"], first["location"]) == (
        "schema-date-format", "major", {"path": BAD_PATH, "lines": {"begin": 3}})


def test_gitlab_falls_back_to_the_target_branch(pull_request: Path) -> None:
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "GITLAB_USER_LOGIN": "wangjg"}
    done = run_shell(_gitlab_script("validate-merge-request"), pull_request, env)
    assert done.returncode == 1 and "比较基准：origin/main" in done.stdout


def test_code_quality_fingerprints_survive_lines_moving(pull_request: Path) -> None:
    env = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "GITLAB_USER_LOGIN": "wangjg"}
    report_file = pull_request / "gl-code-quality-report.json"
    run_shell(_gitlab_script("validate-merge-request"), pull_request, env)
    before = {i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in json.loads(report_file.read_text("utf-8"))}
    (pull_request / BAD_PATH).write_text(BAD.replace("---\n", "---\nlocation: 食堂\n", 1), encoding="utf-8")
    run_shell(_gitlab_script("validate-merge-request"), pull_request, env)
    after = {i["check_name"]: (i["fingerprint"], i["location"]["lines"]["begin"]) for i in json.loads(report_file.read_text("utf-8"))}
    assert after["schema-date-format"] == (before["schema-date-format"][0], 4)  # same fingerprint, new line


def _site_job(forge: str) -> tuple[str, list[tuple[str, str]], str]:
    """A forge's site job: its build command, its caches (path, key) and what it keeps of the result."""
    if forge == "gitlab":
        job = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["build-sites"]
        assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
        caches = [(p, c["key"]) for c in job["cache"] for p in c["paths"]]
        return "\n".join(job["script"]), caches, " ".join(job["artifacts"]["paths"])
    doc = yaml.safe_load((ROOT / f".{forge}/workflows/sites.yml").read_text(encoding="utf-8"))
    assert doc[True]["push"]["branches"] == ["main"]  # PyYAML reads the key `on` as True
    steps = doc["jobs"]["build"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v4" and steps[0]["with"]["fetch-depth"] == 0
    caches = [(s["with"]["path"], s["with"]["key"]) for s in steps if str(s.get("uses", "")).startswith("actions/cache")]
    [build] = [s for s in steps if "generator build" in str(s.get("run", ""))]
    [upload] = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    return str(build["run"]), caches, str(upload["with"]["path"])


@pytest.mark.parametrize(("forge", "sha", "env"), [
    ("github", "${{ github.sha }}", {"GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "main"}),
    ("gitea", "${{ gitea.sha }}", {"GITEA_ACTIONS": "true", "GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "main"}),
    ("gitlab", "", {"GITLAB_CI": "true", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"}),
])
def test_every_forge_builds_both_sites_on_main_and_keeps_the_build_folder(
        make_repo, forge: str, sha: str, env: dict[str, str]) -> None:
    command, caches, kept = _site_job(forge)
    paths = {p.rstrip("/") for p, _ in caches}
    assert paths == {".cache/contact-records", "build"}, caches  # the caches, and what makes the next build short
    assert all(sha in key for _, key in caches)  # GitHub and Gitea: one entry per commit, restored from the newest
    root = init_main(make_repo())
    git(root, "checkout", "-q", "main")
    for run in ("完整生成", "增量生成"):  # the second run finds the build folder the cache restored
        done = run_shell(command, root, env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert run in done.stdout + done.stderr
    assert kept.rstrip("/") == "site"
    for site in ("internal", "public"):
        assert (root / "site" / site / "index.html").is_file()
    assert (root / "build").is_dir()
