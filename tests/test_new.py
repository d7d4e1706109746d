"""``python -m generator new``: a record at the right path, prompts in Chinese for what is missing,
assigned targets first, never an overwrite, and a check of the result before it exits."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

AS_OF = "2024-11-20"
PATH = "records/2024-2025-1/wang-jianguo/2024-11-12-dorm-visit.md"
EXPECTED = """\
---
by: wang-jianguo
date: 2024-11-12
type: dorm-visit
targets: [dorm-12-305]
summary: 与宿舍同学座谈。
---
"""
FULL = ["--by", "wang-jianguo", "--date", "2024-11-12", "--type", "dorm-visit", "--targets", "dorm-12-305",
        "--summary", "与宿舍同学座谈。"]


def new(root: Path, *args: str, given: str | None = None):
    return CliRunner().invoke(main, ["--repo", str(root), "--as-of", AS_OF, "new", *args], input=given)


def test_new_from_options_writes_the_record_and_checks_it(make_repo) -> None:
    root = make_repo()
    result = new(root, *FULL)
    assert result.exit_code == 0, result.output
    assert (root / PATH).read_text("utf-8") == EXPECTED
    assert result.output.endswith(f"已新建 {PATH}。可以在第二个“---”之后补写详细情况（只在内部站点显示），然后提交（例如发起拉取请求）。\n")


def test_new_asks_for_what_is_missing_and_offers_assigned_targets_first(make_repo) -> None:
    root = make_repo()
    result = new(root, given="wang-jianguo\n2024-11-12\ndorm-visit\n2\n与宿舍同学座谈: 了解情况。\n")
    assert result.exit_code == 0, result.output
    offered = [line.strip() for line in result.output.split("\n") if line.startswith("  ")]
    assert offered[:2] == ["1. class-2024-nursing-1  护理2024级1班（班级）", "2. dorm-12-305  12栋305（宿舍）"]
    assert "填报人标识" in result.output and "活动类型：dorm-visit（进宿舍）" in result.output
    text = (root / PATH).read_text("utf-8")
    assert "targets: [dorm-12-305]\n" in text
    assert 'summary: "与宿舍同学座谈: 了解情况。"\n' in text  # quoted: a bare ": " would not read back


def test_new_asks_again_for_an_unknown_actor(make_repo) -> None:
    result = new(make_repo(), given="wang-jian\nwang-jianguo\n2024-11-12\ndorm-visit\n\n座谈。\n")
    assert result.exit_code == 0, result.output
    assert "“wang-jian”不在名册中" in result.output


def test_new_asks_for_the_duration_when_the_type_needs_one(make_repo) -> None:
    root = make_repo()
    args = [*FULL[:4], "--type", "onsite-office", "--targets", "nursing-school", "--summary", "驻点办公。"]
    result = new(root, *args, given="9:00\n12:00\n")
    assert result.exit_code == 0, result.output
    text = (root / "records/2024-2025-1/wang-jianguo/2024-11-12-onsite-office.md").read_text("utf-8")
    assert 'start: "09:00"\nend: "12:00"\n' in text


def test_new_refuses_to_overwrite(make_repo) -> None:
    root = make_repo()
    new(root, *FULL)
    (root / PATH).write_text(EXPECTED + "正文。\n", encoding="utf-8")
    result = new(root, *FULL)
    assert result.exit_code == 2
    assert f"{PATH} 已经存在，不会覆盖" in result.output
    assert (root / PATH).read_text("utf-8") == EXPECTED + "正文。\n"
    second = [*FULL[:6], "--targets", "class-2024-nursing-1", *FULL[8:], "--slug", "dorm-visit-2"]
    assert new(root, *second).exit_code == 0  # a second visit that day, to another target


def test_an_invalid_result_is_reported_and_not_kept(make_repo) -> None:
    root = make_repo()
    # the same activity filed twice: a duplicate of the mini fixture's 2024-10-15 dorm visit
    args = ["--by", "wang-jianguo", "--date", "2024-10-15", "--type", "dorm-visit", "--targets", "dorm-12-305",
            "--summary", "重复。", "--slug", "again"]
    result = new(root, *args)
    assert result.exit_code == 1
    assert "[record-duplicate]" in result.output
    assert "records/2024-2025-1/wang-jianguo/2024-10-15-again.md 有错误，没有保存。" in result.output
    assert not (root / "records/2024-2025-1/wang-jianguo/2024-10-15-again.md").exists()


def test_a_bad_option_value_cannot_run(make_repo) -> None:
    result = new(make_repo(), *FULL[:4], "--type", "dorm", "--targets", "", "--summary", "x")
    assert result.exit_code == 2
    assert "“dorm”不是制度中声明的活动类型" in result.output
