"""The validate command: exit statuses, and the text, JSON and GitHub formats of contract §7."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import AS_OF, MINI, RECORD_PATH, VALID_RECORD

from generator.cli import main

# The mini repository with its branch assigned a second-year class instead of a fourth-year one,
# so that the whole pipeline (validation and compliance) has nothing to say about it.
CLEAN = {
    "rosters/assignments.yml": (MINI / "rosters/assignments.yml")
    .read_text(encoding="utf-8")
    .replace("class-2021-nursing-1]", "class-2023-nursing-1]"),
    "rosters/targets.yml": (MINI / "rosters/targets.yml").read_text(encoding="utf-8")
    + "- {id: class-2023-nursing-1, kind: class, name: 护理2023级1班, unit: nursing-school,"
    " enrolled: 2023, level: vocational}\n",
}
UNASSIGNED = VALID_RECORD.replace("dorm-visit", "class-observation").replace("[dorm-12-305]", "[class-2021-nursing-1]")
UNASSIGNED_PATH = RECORD_PATH.replace("dorm-visit", "class-observation")


def bad(day: int, target: str = "dorm-99-999") -> tuple[str, str]:
    """A record on 2024-10-<day> whose target is unknown: one error, on line 5."""
    path = f"records/2024-2025-1/wang-jianguo/2024-10-{day:02d}-dorm-visit.md"
    return path, VALID_RECORD.replace("2024-10-17", f"2024-10-{day:02d}").replace("dorm-12-305", target)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def validate(repo: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return run("validate", "--repo", str(repo), "--as-of", AS_OF, *args, env=env)


@pytest.fixture
def clean_repo(make_repo) -> Path:
    return make_repo(CLEAN)


# ----------------------------------------------------------------------------- exit statuses

def test_mini_exits_zero(make_repo) -> None:
    result = validate(make_repo(), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["errors"] == 0


def test_clean_repository_passes_even_strict(clean_repo) -> None:
    result = validate(clean_repo, "--strict")
    assert result.exit_code == 0, result.output
    assert result.output == "检查通过：0 个错误，0 个警告。\n"


def test_errors_exit_one(make_repo) -> None:
    path, text = bad(17)
    result = validate(make_repo({**CLEAN, path: text}))
    assert result.exit_code == 1
    assert "[record-unknown-ref]" in result.output


def test_warnings_exit_zero_unless_strict(make_repo) -> None:
    repo = make_repo({**CLEAN, UNASSIGNED_PATH: UNASSIGNED})
    relaxed = validate(repo, "--format", "json")
    assert relaxed.exit_code == 0
    assert [(d["code"], d["severity"]) for d in json.loads(relaxed.output)["diagnostics"]] == [
        ("record-unassigned-target", "warning")
    ]
    assert validate(repo, "--strict").exit_code == 1


def test_folder_that_is_not_a_repository_exits_two(tmp_path: Path) -> None:
    result = validate(tmp_path)
    assert result.exit_code == 2
    assert "不是记录仓库" in result.output
    assert "Traceback" not in result.output


def test_missing_folder_exits_two(tmp_path: Path) -> None:
    result = validate(tmp_path / "nothing-here")
    assert result.exit_code == 2
    assert "不存在" in result.output


def test_repo_that_is_a_file_exits_two(tmp_path: Path) -> None:
    file = tmp_path / "records.md"
    file.write_text("x", encoding="utf-8")
    assert validate(file).exit_code == 2


@pytest.mark.parametrize("as_of", ["2024/9/12", "2024-02-30", "tomorrow"])
def test_bad_as_of_exits_two(clean_repo, as_of: str) -> None:
    for args in (["validate", "--repo", str(clean_repo), "--as-of", as_of],
                 ["--as-of", as_of, "validate", "--repo", str(clean_repo)]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert as_of in result.output


def test_as_of_error_shows_the_iso_form(clean_repo) -> None:
    assert "2024-09-12" in validate(clean_repo, "--as-of", "2024/9/12").output


# ----------------------------------------------------------------------------- --repo and --as-of

@pytest.mark.parametrize(
    "where",
    [
        lambda repo: ["--repo", repo, "validate", "--as-of", AS_OF],
        lambda repo: ["validate", "--repo", repo, "--as-of", AS_OF],
        lambda repo: ["--repo", repo, "--as-of", AS_OF, "validate"],
        lambda repo: ["--as-of", AS_OF, "validate", "--repo", repo],
    ],
    ids=["repo-before", "repo-after", "both-before", "as-of-before"],
)
def test_global_options_before_or_after_the_command(make_repo, where) -> None:
    path, text = bad(17)
    repo = make_repo({**CLEAN, path: text})
    result = run(*where(str(repo)), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["as_of"] == AS_OF
    assert [(d["file"], d["line"]) for d in payload["diagnostics"]] == [(path, 5)]


def test_a_past_as_of_sees_the_repository_as_it_stood_then(clean_repo) -> None:
    # the clean repository's records after 2024-10-15 do not exist for this run: no error, no warning
    result = run("--as-of", "2024-10-15", "validate", "--repo", str(clean_repo), "--format", "json")
    assert (result.exit_code, json.loads(result.output)["diagnostics"]) == (0, [])


def test_only_a_date_after_today_is_in_the_future(make_repo) -> None:
    path = "records/2099-2100-1/wang-jianguo/2099-10-15-dorm-visit.md"
    repo = make_repo({path: VALID_RECORD.replace("2024-10-17", "2099-10-15")})
    result = run("--as-of", "2024-10-15", "validate", "--repo", str(repo), "--format", "json")
    found = [(d["code"], d["file"]) for d in json.loads(result.output)["diagnostics"] if d["code"] == "record-future"]
    assert (result.exit_code, found) == (1, [("record-future", path)])


# ----------------------------------------------------------------------------- sample_as_of

PINNED = {"rosters/institution.yml": (MINI / "rosters/institution.yml").read_text(encoding="utf-8")
          + "sample_as_of: 2024-10-16\n"}


def test_sample_as_of_is_the_default_as_of_and_is_announced(make_repo) -> None:
    repo = make_repo({**CLEAN, **PINNED, RECORD_PATH: VALID_RECORD})
    json_run = run("validate", "--repo", str(repo), "--format", "json")
    payload = json.loads(json_run.output)
    assert payload["as_of"] == "2024-10-16"
    # the one record after it does not exist for the run, like after a past --as-of: the warning on
    # the setting itself is how a school that forgot to delete it finds out why it is not counted
    assert json_run.exit_code == 0
    assert [(d["code"], d["file"], d["line"]) for d in payload["diagnostics"]] == [
        ("roster-sample-as-of", "rosters/institution.yml", 11)  # after the reviewers line,
    ]
    assert RECORD_PATH in payload["diagnostics"][0]["message"]
    text = run("validate", "--repo", str(repo)).output
    assert text.startswith("统计日期：2024-10-16（示例数据固定的日期，见 rosters/institution.yml 中的 sample_as_of")


def test_an_explicit_as_of_overrides_sample_as_of(make_repo) -> None:
    repo = make_repo({**CLEAN, **PINNED, RECORD_PATH: VALID_RECORD})
    result = validate(repo, "--format", "json")
    assert (result.exit_code, json.loads(result.output)["as_of"], json.loads(result.output)["diagnostics"]) == (
        0, AS_OF, [])
    assert not validate(repo).output.startswith("统计日期")


# ----------------------------------------------------------------------------- text

def test_text_groups_by_file_and_ends_with_the_summary(make_repo) -> None:
    one, two = bad(17), bad(18)
    files = {**CLEAN, one[0]: one[1].replace("summary:", "with: [nobody]\nsummary:"), two[0]: two[1]}
    result = validate(make_repo({**files, UNASSIGNED_PATH: UNASSIGNED}))

    groups = [group.split("\n") for group in result.output.rstrip("\n").split("\n\n")]
    outline = [[line.split("] ")[0] + ("]" if "] " in line else "") for line in group] for group in groups]
    assert outline == [  # errors first: the warning's file sorts first but comes last
        [one[0], "  第 5 行 错误 [record-unknown-ref]", "  第 6 行 错误 [record-unknown-ref]"],
        [two[0], "  第 5 行 错误 [record-unknown-ref]"],
        [UNASSIGNED_PATH, "  第 5 行 警告 [record-unassigned-target]"],
        ["3 个错误，1 个警告，涉及 3 个文件"],
    ]
    assert "dorm-99-999" in groups[0][1] and "nobody" in groups[0][2]


def test_errors_only_lists_errors_and_counts_the_warnings_left_out(make_repo) -> None:
    one = bad(17)
    result = validate(make_repo({**CLEAN, one[0]: one[1], UNASSIGNED_PATH: UNASSIGNED}), "--errors-only")
    assert result.exit_code == 1
    lines = result.output.rstrip("\n").split("\n")
    assert lines[0] == one[0] and "[record-unknown-ref]" in lines[1]
    assert UNASSIGNED_PATH not in result.output
    assert lines[-1] == ("1 个错误，0 个警告，涉及 1 个文件。另有 1 个警告没有列出（去掉 --errors-only 即可查看）。")


def test_errors_only_with_strict_still_fails_on_a_warning(make_repo) -> None:
    result = validate(make_repo({**CLEAN, UNASSIGNED_PATH: UNASSIGNED}), "--errors-only", "--strict")
    assert result.exit_code == 1
    assert result.output.startswith("检查通过：0 个错误，0 个警告。\n另有 1 个警告没有列出")


@pytest.mark.parametrize("how", ["positional", "option", "folder", "absolute"])
def test_a_path_selects_the_findings_and_the_exit_status(make_repo, how: str) -> None:
    one, two = bad(17), bad(18, "dorm-88-888")
    repo = make_repo({**CLEAN, one[0]: one[1], two[0]: two[1]})
    arg = {"positional": [one[0]], "option": ["--path", one[0]],
           "folder": ["records/2024-2025-1/wang-jianguo/"], "absolute": [str(repo / one[0])]}[how]
    result = validate(repo, *arg, "--format", "json")
    files = [d["file"] for d in json.loads(result.output)["diagnostics"]]
    assert files == ([one[0], two[0]] if how == "folder" else [one[0]])
    assert result.exit_code == 1
    text = validate(repo, *arg)
    if how != "folder":
        assert text.output.rstrip("\n").split("\n")[-1] == (
            f"1 个错误，0 个警告，涉及 1 个文件。只列出 {one[0]} 的检查结果；其他文件还有 1 个问题。")


def test_a_clean_path_exits_zero_though_another_file_has_errors(make_repo) -> None:
    one = bad(17)
    repo = make_repo({**CLEAN, one[0]: one[1], RECORD_PATH.replace("17", "19"): VALID_RECORD.replace("17", "19")})
    result = validate(repo, RECORD_PATH.replace("17", "19"))
    assert result.exit_code == 0
    assert "其他文件还有 1 个问题" in result.output


@pytest.mark.parametrize("path", ["records/nowhere.md", "../outside"])
def test_a_path_that_is_not_in_the_repository_exits_two(make_repo, tmp_path: Path, path: str) -> None:
    (tmp_path / "outside").mkdir()
    repo = make_repo(CLEAN)
    result = validate(repo, str(repo / path) if path.startswith("..") else path)
    assert result.exit_code == 2
    assert ("找不到" if "nowhere" in path else "不在记录仓库") in result.output


def test_text_for_a_whole_file_finding_says_so(make_repo) -> None:
    rel = "records/2024-2025-1/wang-jianguo/记录.docx"
    result = validate(make_repo({**CLEAN, rel: b"PK\x03\x04"}))
    assert f"{rel}\n  整个文件 错误 [file-misplaced] " in result.output


# ----------------------------------------------------------------------------- json

def test_json_items_have_exactly_the_contract_keys(make_repo) -> None:
    one = bad(17)
    syntax = RECORD_PATH.replace("17", "18")
    files = {**CLEAN, one[0]: one[1], syntax: VALID_RECORD.replace("summary: ", "summary: 座谈: ")}
    result = validate(make_repo(files), "--format", "json")
    payload = json.loads(result.output)

    assert result.exit_code == 1
    assert (payload["errors"], payload["warnings"], payload["files"]) == (2, 0, 2)
    items = payload["diagnostics"]
    assert [(d["code"], d["file"], d["line"]) for d in items] == [
        ("record-unknown-ref", one[0], 5),
        ("yaml-syntax", syntax, 6),
    ]
    contract = {"severity", "code", "file", "line", "message"}
    assert set(items[0]) == contract
    assert set(items[1]) == contract | {"column"}  # a YAML mark also gives the column
    assert isinstance(items[1]["column"], int)
    for item in items:
        assert item["severity"] == "error"
        assert re.search(r"[\u4e00-\u9fff]", item["message"])


# ----------------------------------------------------------------------------- github

def test_github_prints_every_finding_and_the_step_summary(make_repo, tmp_path: Path) -> None:
    records = dict(bad(day) for day in range(14, 27))  # 13 findings: more than GitHub's 10
    summary = tmp_path / "step-summary.md"
    result = validate(make_repo({**CLEAN, **records}), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})

    assert result.exit_code == 1
    commands = [line for line in result.output.split("\n") if line.startswith("::")]
    assert [c.split("::")[1].split(",title=")[0] for c in commands] == [
        f"error file={path},line=5" for path in sorted(records)
    ]
    assert all(c.split("::", 2)[2] for c in commands)  # every command carries its message
    assert result.output.rstrip("\n").split("\n")[-1] == "13 个错误，0 个警告，涉及 13 个文件"

    table = summary.read_text(encoding="utf-8")
    rows = [line for line in table.split("\n") if line.startswith("| 错误 |")]
    assert [row.split(" | ")[1] for row in rows] == [f"`{path}`" for path in sorted(records)]
    assert "| 级别 | 文件 | 行 | 代码 | 说明 |" in table


def test_github_warning_and_escaping(make_repo) -> None:
    # a warning is annotated as such and does not fail the run
    result = validate(make_repo({**CLEAN, UNASSIGNED_PATH: UNASSIGNED}), "--format", "github")
    [command] = [line for line in result.output.split("\n") if line.startswith("::")]
    assert command.startswith(f"::warning file={UNASSIGNED_PATH},line=5,title=record-unassigned-target ")
    assert result.exit_code == 0


def test_github_without_findings_writes_a_passing_summary(clean_repo, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    result = validate(clean_repo, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 0
    assert result.output == "检查通过：0 个错误，0 个警告。\n"
    assert summary.read_text(encoding="utf-8") == "## 记录检查结果\n\n检查通过：0 个错误，0 个警告。\n"


def test_github_pipe_in_message_does_not_break_the_table(make_repo, tmp_path: Path) -> None:
    path, text = bad(17, "a|b")  # not an id: the message quotes it, pipe and all
    summary = tmp_path / "summary.md"
    validate(make_repo({**CLEAN, path: text}), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    [row] = [line for line in summary.read_text(encoding="utf-8").split("\n") if line.startswith("| 错误 |")]
    assert row.count(" | ") == 4 and "a\\|b" in row


# --------------------------------------------------------------------------- build


def test_build_with_an_invalid_record_exits_1_and_publishes_nothing(make_repo, tmp_path: Path) -> None:
    path, text = bad(18)
    repo = make_repo({path: text})
    out, work = tmp_path / "out", tmp_path / "work"
    result = run("build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(out), "--work", str(work))
    assert result.exit_code == 1
    assert "未生成站点" in result.output
    assert not out.exists() and not work.exists()


def test_build_prints_the_first_errors_and_where_to_see_the_rest(make_repo, tmp_path: Path) -> None:
    records = dict(bad(day) for day in range(1, 13))  # 12 errors, one per file
    repo = make_repo({**CLEAN, **records, UNASSIGNED_PATH: UNASSIGNED})
    result = run("build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(tmp_path / "o"),
                 "--work", str(tmp_path / "w"), env={"GENERATOR_PROG": "./run"})
    assert result.exit_code == 1
    lines = result.output.rstrip("\n").split("\n")
    assert lines[0] == "12 个错误，1 个警告，涉及 13 个文件。记录有错误，未生成站点。请先改正下面的错误："
    assert [line for line in lines if line.startswith("records/")] == sorted(records)[:8]
    assert lines[-1] == "还有 4 个错误、1 个警告没有列出：运行 ./run validate 查看全部，./run validate --errors-only 只看错误。"
    assert len(lines) == 2 + 8 * 3 + 1


def test_build_summarises_warnings_by_kind_and_says_how_to_open_the_site(make_repo, tmp_path: Path) -> None:
    repo = make_repo({**CLEAN, UNASSIGNED_PATH: UNASSIGNED})
    result = run("build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(tmp_path / "o"),
                 "--work", str(tmp_path / "w"), env={"GENERATOR_PROG": "./run"})
    assert result.exit_code == 0, result.output
    lines = result.output.rstrip("\n").split("\n")
    assert lines[:3] == [
        "检查完成：0 个错误，1 个警告，涉及 1 个文件。",
        "  联系对象未分配给本人 [record-unassigned-target]：1 个",
        "  逐条查看：运行 ./run validate，或打开内部站点的“数据质量”页。",
    ]
    assert "信息公开目录新登记" in lines[-2]  # the mini fixture has no catalogue register yet
    assert len(lines) == 7 and "./run serve" in lines[-1]


def test_build_writes_both_sites(make_repo, tmp_path: Path) -> None:
    repo = make_repo(CLEAN)
    out, work = tmp_path / "out", tmp_path / "work"
    result = run("build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(out), "--work", str(work))
    assert result.exit_code == 0, result.output
    assert (out / "internal" / "index.html").is_file()
    assert (out / "public" / "index.html").is_file()
    assert (work / "internal" / "mkdocs.yml").is_file() and (work / "public" / "mkdocs.yml").is_file()
    assert (work / "internal" / "docs" / "people" / "wang-jianguo.md").is_file()


def test_a_failed_site_build_is_one_chinese_line_and_exit_2(clean_repo, tmp_path: Path, monkeypatch) -> None:
    from generator import builder
    from generator.site.offline import SiteBuildError

    def broken(*_: object, **__: object) -> None:
        raise SiteBuildError("Config value 'theme': Unrecognised theme name: 'x'")

    monkeypatch.setattr(builder, "build_one", broken)
    result = run("build", "--repo", str(clean_repo), "--as-of", AS_OF, "--out", str(tmp_path / "site"),
                 "--work", str(tmp_path / "build"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("错误：无法运行：生成“") and "mkdocs 报错" in last


def test_the_build_is_callable_from_python(clean_repo, tmp_path: Path) -> None:
    import generator
    from generator.errors import RecordsInvalid

    result = generator.build(clean_repo, tmp_path / "site", tmp_path / "build", as_of=date.fromisoformat(AS_OF),
                             use_git=False)
    assert [s.stats.name for s in result.sites] == ["internal", "public"]
    assert (tmp_path / "site" / "public" / "index.html").is_file()
    broken = clean_repo / RECORD_PATH
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text(VALID_RECORD.replace("dorm-12-305", "dorm-99-999"), encoding="utf-8")
    with pytest.raises(RecordsInvalid) as caught:
        generator.build(clean_repo, tmp_path / "site2", tmp_path / "build2", as_of=date.fromisoformat(AS_OF))
    assert caught.value.outcome.has_errors and not (tmp_path / "site2").exists()


def test_chinese_help_is_installed_when_the_command_runs_not_on_import() -> None:
    code = ("import click.core, generator.cli as c; print(click.core._('Usage:'));"
            "from click.testing import CliRunner; CliRunner().invoke(c.main, ['--help']); print(click.core._('Usage:'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["Usage:", "用法："]
