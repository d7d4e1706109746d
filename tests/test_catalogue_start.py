"""A school that adopts the template: its catalogue starts at its own code, numbered from 0001 with its own dates."""

from __future__ import annotations

import shutil
from datetime import date, datetime

from helpers import reviewed
from test_catalogue_register import build_numbers, register_lines
from test_public_catalogue import GitRepo, numbers, public_record, serial

from generator import pipeline
from generator.public import project

FORK = "2025-03-03T10:00:00+08:00"
AS_OF = date(2025, 3, 10)
NEW = "records/2024-2025-2/wang-jianguo/2025-03-04-canteen-meal.md"


def fork(repo: GitRepo) -> None:
    """Delete the sample's records, reviews and register, change the code, commit."""
    for folder in ("records", "reviews", "catalogue"):
        shutil.rmtree(repo.root / folder, ignore_errors=True)
    inst = repo.root / "rosters/institution.yml"
    inst.write_text(inst.read_text("utf-8").replace('code: "99999"', 'code: "12345"'), "utf-8")
    repo.commit(FORK)


def test_a_fork_publishes_its_first_item_as_0001_with_its_own_date(tmp_path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("2024-10-20T10:00:00+08:00")
    published = build_numbers(repo)  # the template's own catalogue, registered
    assert all(n.startswith("99999-0103-2024-") for n in published) and register_lines(repo)

    fork(repo)
    outcome = pipeline.run(repo.root, AS_OF, use_git=True)
    assert outcome.history is not None
    assert outcome.history.code_since == int(datetime.fromisoformat(FORK).timestamp())
    # the template's records are still in the history: without the start they would hold serials
    assert any(p.startswith("records/") for p in outcome.history.first_commit_ts)
    data = project(outcome)
    first = min(data.catalogue, key=lambda e: serial(e.number))
    assert (first.number, first.published) == ("12345-0103-2025-0001", date(2025, 3, 3))
    got = numbers(data)
    assert sorted(serial(n) for n in got) == [(2025, i) for i in range(1, len(got) + 1)]
    assert {e.published for e in data.catalogue} == {date(2025, 3, 3)}

    # its own first record, cleared two days later: the filer's page and the record take the next
    # serials (in that order), the page on the day the record was committed, the record on the review's
    repo.commit("2025-03-05T09:00:00+08:00", reviewed(
        {NEW: public_record("wang-jianguo", "2025-03-04", "与同学共进午餐。")}, day="2025-03-05", name="first"))
    after = project(pipeline.run(repo.root, AS_OF, use_git=True))
    assert numbers(after).keys() >= got.keys()
    added = sorted((e.number, e.kind, e.published) for e in after.catalogue if e.number not in got)
    assert added == [(f"12345-0103-2025-{len(got) + 1:04d}", "actor", date(2025, 3, 5)),
                     (f"12345-0103-2025-{len(got) + 2:04d}", "record", date(2025, 3, 5))]


def test_a_later_catalogue_start_moves_the_first_dates_but_not_the_order(tmp_path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("2024-10-20T10:00:00+08:00")
    fork(repo)
    inst = repo.root / "rosters/institution.yml"
    inst.write_text(inst.read_text("utf-8").replace('  category: "0103"', '  category: "0103"\n  catalogue_start: 2025-03-08'),
                    "utf-8")
    repo.commit("2025-03-06T10:00:00+08:00")
    data = project(pipeline.run(repo.root, AS_OF, use_git=True))
    assert {e.published for e in data.catalogue} == {date(2025, 3, 8)}
    assert min(e.number for e in data.catalogue) == "12345-0103-2025-0001"
