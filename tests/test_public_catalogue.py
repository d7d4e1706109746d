"""索取号 are stable across rebuilds: adding items never renumbers existing ones (Git creation order)."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import MINI, reviewed, write_repo

from generator import pipeline
from generator.public import PublicData, project
from generator.public.catalogue import Candidate, assign, summarise
from generator.site.public import render

NUMBER = re.compile(r"^\d+-\d+-\d{4}-\d{4}$")
CALENDAR = (MINI / "rosters/calendar.yml").read_text(encoding="utf-8") + """\
  - id: 2024-2025-2
    name: 2024—2025学年第二学期
    start: 2025-02-17
    end: 2025-07-04
"""
W = "records/2024-2025-1/wang-jianguo"


def public_record(by: str, day: str, summary: str, type_: str = "canteen-meal", extra: str = "") -> str:
    return (f"---\nby: {by}\ndate: {day}\ntype: {type_}\ntargets: [class-2024-nursing-1]\n"
            f"summary: {summary}\nvisibility: public\n{extra}---\n正文。\n")


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = write_repo(root, {"rosters/calendar.yml": CALENDAR})
        self.git("init", "-q")

    def git(self, *args: str, when: str | None = None) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when or "", "GIT_COMMITTER_DATE": when or ""}
        subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                        "-c", "commit.gpgsign=false", *args], cwd=self.root, env=env, check=True,
                       capture_output=True)

    def write(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def commit(self, when: str, files: dict[str, str] | None = None) -> None:
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "-m", f"change at {when}", when=when)

    def data(self, as_of: date) -> PublicData:
        outcome = pipeline.run(self.root, as_of, use_git=True)
        assert not outcome.has_errors, [d.message for d in outcome.diagnostics if d.severity == "error"]
        assert outcome.history is not None and outcome.history.problem is None
        return project(outcome)


def numbers(data: PublicData) -> dict[str, tuple[str, str, str]]:
    """索取号 -> (kind, title, url), read from the rendered pages and checked against the projection."""
    pages = render(data).pages
    out = {}
    for e in data.catalogue:
        assert NUMBER.match(e.number), e.number
        assert len(e.summary) <= 100, e.summary
        assert e.number in pages[e.page], (e.number, e.page)
        if e.anchor is None:  # page items: the number is in the metadata table at the top
            assert f"| 索取号 | {e.number} |" in pages[e.page].split("\n## ")[0]
        out[e.number] = (e.kind, e.title, e.url)
    assert len(out) == len(data.catalogue), "duplicate 索取号"
    return out


def serial(number: str) -> tuple[int, int]:
    *_, year, n = number.split("-")
    return int(year), int(n)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    r = GitRepo(tmp_path / "repo")
    r.commit("2024-10-20T10:00:00+08:00")
    return r


def assert_kept(old: dict[str, tuple[str, str, str]], new: dict[str, tuple[str, str, str]]) -> None:
    for number, item in old.items():
        assert new.get(number) == item, f"{number} was {item}, now {new.get(number)}"


def test_numbers_only_append_as_records_and_terms_arrive(repo: GitRepo) -> None:
    first = numbers(repo.data(date(2025, 1, 20)))
    assert all(n.startswith("99999-0103-2024-") for n in first)
    assert sorted(serial(n)[1] for n in first) == list(range(1, len(first) + 1))

    # A new public record of the same year, reviewed and committed later: the next serial of 2024.
    repo.commit("2024-12-20T09:00:00+08:00", reviewed({
        f"{W}/2024-12-18-canteen-meal.md": public_record("wang-jianguo", "2024-12-18", "与新生共进午餐。"),
        "records/2024-2025-1/li-hong/2024-12-19-dorm-visit.md": public_record(
            "li-hong", "2024-12-19", "内部走访。", "dorm-visit").replace("visibility: public\n", ""),
    }, day="2024-12-20", name="december"))
    second = numbers(repo.data(date(2025, 1, 20)))
    assert_kept(first, second)
    added = {n: item for n, item in second.items() if n not in first}
    assert [item[1] for item in added.values()] == ["王建国2024年12月18日进食堂"]
    # After every old serial of 2024 (li-hong's first record also gave her non-public actor item a
    # hidden slot, so that naming her later inserts nothing).
    year, n = serial(next(iter(added)))
    assert year == 2024 and n > max(serial(x)[1] for x in first)

    # The second term starts and another record arrives: both numbered in 2025, nothing old moves.
    repo.commit("2025-02-20T09:00:00+08:00", reviewed({
        "records/2024-2025-2/wang-jianguo/2025-02-19-canteen-meal.md":
            public_record("wang-jianguo", "2025-02-19", "开学第一餐。"),
    }, day="2025-02-20", name="february"))
    third = numbers(repo.data(date(2025, 3, 1)))
    assert_kept(second, third)
    added = {n: item for n, item in third.items() if n not in second}
    assert sorted((serial(n), item[0]) for n, item in added.items()) == [((2025, 1), "term"), ((2025, 2), "record")]


def test_uncommitted_items_come_last_and_keep_their_number_once_committed(repo: GitRepo) -> None:
    before = numbers(repo.data(date(2025, 1, 20)))
    new = reviewed({f"{W}/2025-01-06-canteen-meal.md": public_record("wang-jianguo", "2025-01-06", "期末慰问。")},
                   day="2025-01-06", name="january")
    repo.write(new)
    provisional = numbers(repo.data(date(2025, 1, 20)))
    assert_kept(before, provisional)
    (number,) = set(provisional) - set(before)
    assert serial(number) == (2025, 1)  # not committed yet: published "today"
    repo.commit("2025-01-07T09:00:00+08:00")
    assert numbers(repo.data(date(2025, 1, 20))) == provisional


def test_hidden_items_keep_their_slot(repo: GitRepo) -> None:
    """An amended record leaves the site; every other number stays where it was (the review that
    cleared it keeps its slot even before build registers the numbers)."""
    repo.commit("2024-11-01T09:00:00+08:00", reviewed({
        f"{W}/2024-10-30-canteen-meal.md": public_record("wang-jianguo", "2024-10-30", "原记录。"),
        f"{W}/2024-10-31-dorm-visit.md": public_record("wang-jianguo", "2024-10-31", "走访。", "dorm-visit"),
    }, day="2024-11-01", name="november"))
    before = numbers(repo.data(date(2025, 1, 20)))
    repo.commit("2024-11-05T09:00:00+08:00", reviewed({
        f"{W}/2024-11-04-canteen-meal.md": public_record(
            "wang-jianguo", "2024-11-04", "更正后的记录。",
            extra=f"amends: {W}/2024-10-30-canteen-meal.md\nreason: 日期有误\n"),
    }, day="2024-11-05", name="amendment"))
    after = numbers(repo.data(date(2025, 1, 20)))
    gone = {n for n in before if n not in after}
    assert [before[n][1] for n in gone] == ["王建国2024年10月30日进食堂"]
    assert_kept({n: v for n, v in before.items() if n not in gone}, after)
    (added,) = set(after) - set(before)
    assert serial(added) == (2024, len(before) + 1)


def test_person_becoming_public_does_not_renumber(repo: GitRepo) -> None:
    """li-hong's actor page holds a slot while she is not public, and her public record waits for a
    review (no public person's queue holds it yet): naming her later inserts nothing."""
    li = "records/2024-2025-1/li-hong/2024-10-30-canteen-meal.md"
    files = {li: public_record("li-hong", "2024-10-30", "共进午餐。"),
             f"{W}/2024-10-31-dorm-visit.md": public_record("wang-jianguo", "2024-10-31", "走访。", "dorm-visit")}
    repo.commit("2024-11-01T09:00:00+08:00", reviewed(files, f"{W}/2024-10-31-dorm-visit.md", day="2024-11-01"))
    before = numbers(repo.data(date(2025, 1, 20)))
    people = (repo.root / "rosters/people.yml").read_text(encoding="utf-8")
    inst = (repo.root / "rosters/institution.yml").read_text(encoding="utf-8")
    repo.commit("2024-12-01T09:00:00+08:00", {
        "rosters/people.yml": people.replace("  accounts: [lihong]\n", "  accounts: [lihong]\n  public: true\n"),
        # li-hong filed the record, so another reviewer clears it
        "rosters/institution.yml": inst.replace("reviewers: [li-hong]", "reviewers: [li-hong, wang-jianguo]"),
        **reviewed(files, li, day="2024-12-02", reviewer="wang-jianguo", name="li"),
    })
    after = numbers(repo.data(date(2025, 1, 20)))
    assert_kept(before, after)
    added = {after[n][1]: n for n in set(after) - set(before)}
    assert set(added) == {"李红联系师生工作情况", "李红2024年10月30日进食堂"}
    assert serial(added["李红2024年10月30日进食堂"])[1] > max(serial(n)[1] for n in before)


def test_outside_git_numbers_follow_dates(tmp_path: Path) -> None:
    data = project(pipeline.run(write_repo(tmp_path / "repo"), date(2025, 1, 20), use_git=False))
    got = numbers(data)
    assert {v[0] for v in got.values()} == {"policy", "allocation", "term", "opendata", "actor", "record"}
    record = next(e for e in data.catalogue if e.kind == "record")
    assert record.published == date(2024, 10, 20)  # the day it was cleared, not the day of the activity


def test_summary_is_cut_to_100_characters() -> None:
    assert summarise("短。") == "短。"
    long = "联系师生" * 40
    cut = summarise(long)
    assert len(cut) == 100 and cut.endswith("…") and long.startswith(cut[:-1])
    # a combining mark is never separated from its base character
    text = "a" * 98 + "e\u0301" + "b" * 10
    cut = summarise(text)
    assert len(cut) <= 100 and not cut[-2:-1] == "e" and "\u0301" not in cut
    assert summarise(" 多个\n\n空白 ") == "多个 空白"


def test_long_public_summary_is_cut_in_the_catalogue(tmp_path: Path) -> None:
    long = "与同学座谈，" + "了解学习和生活情况并逐一记录，" * 12
    files = reviewed({f"{W}/2024-10-29-canteen-meal.md": public_record("wang-jianguo", "2024-10-29", long)},
                     day="2024-10-29")
    data = project(pipeline.run(write_repo(tmp_path / "repo", files), date(2025, 1, 20), use_git=False))
    entry = next(e for e in data.catalogue if e.kind == "record" and e.published == date(2024, 10, 29))
    assert len(entry.summary) == 100 and entry.summary.endswith("…")


def test_serials_count_per_year_in_key_order() -> None:
    cands = [Candidate("b", ("x",), date(2024, 5, 1)), Candidate("a", ("y",), date(2024, 5, 1)),
             Candidate("c", ("z",), date(2025, 1, 2)), Candidate("d", ("w",), date(2023, 1, 1), date(2024, 1, 1)),
             Candidate("e", ("v",), date(2025, 1, 1), date(2025, 7, 1))]  # not started on as_of: no number yet
    got = assign(cands, code="1", category="01", history=None, timezone="Asia/Shanghai", as_of=date(2025, 6, 1))
    assert {k: v.number for k, v in got.items()} == {
        "d": "1-01-2024-0001", "a": "1-01-2024-0002", "b": "1-01-2024-0003", "c": "1-01-2025-0001"}
