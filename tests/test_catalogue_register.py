"""The catalogue register: a number, once published and recorded, never moves — whatever happens to
the history afterwards (late merges, backdated or future commits, shallow clones, a missing git)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from helpers import reviewed
from test_public_catalogue import GitRepo, W, numbers, public_record, serial

from generator import builder, ledger, pipeline
from generator.public import new_numbers, project, project_and_number

AS_OF = date(2025, 1, 20)
REGISTER = "catalogue/99999.tsv"


def build_numbers(repo: GitRepo, as_of: date = AS_OF, use_git: bool = True) -> dict[str, tuple[str, str, str]]:
    """What build publishes (recording the new numbers in the register), as ``numbers`` reads it."""
    outcome = pipeline.run(repo.root, as_of, use_git=use_git)
    assert not outcome.has_errors, [d.message for d in outcome.diagnostics if d.severity == "error"]
    data, new = project_and_number(outcome)  # what build does: one projector, numbered once
    assert (data, new) == (project(outcome), new_numbers(outcome))
    builder.register_numbers(outcome, new)
    return numbers(data)


def register_lines(repo: GitRepo) -> list[str]:
    return [ln for ln in (repo.root / REGISTER).read_text(encoding="utf-8").split("\n") if ln and ln[0] != "#"]


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    r = GitRepo(tmp_path / "repo")
    r.commit("2024-10-20T10:00:00+08:00")
    return r


def test_build_records_what_it_publishes_once(repo: GitRepo) -> None:
    first = build_numbers(repo)
    lines = register_lines(repo)
    assert sorted(ln.split("\t")[0] for ln in lines) == sorted(first)
    assert (repo.root / REGISTER).read_text(encoding="utf-8").startswith(ledger.HEADER)
    assert build_numbers(repo) == first
    assert register_lines(repo) == lines  # nothing new: nothing appended


def test_a_backdated_commit_after_publication_moves_nothing(repo: GitRepo) -> None:
    first = build_numbers(repo)
    repo.commit("2024-10-20T10:00:00+08:00")  # the register itself
    # A record committed with a date before everything published (a rebased old branch).
    repo.commit("2024-09-05T09:00:00+08:00", reviewed({
        f"{W}/2024-09-04-canteen-meal.md": public_record("wang-jianguo", "2024-09-04", "开学慰问。")},
        day="2024-09-05", name="backdated"))
    second = build_numbers(repo)
    for number, item in first.items():
        assert second[number] == item
    [(number, item)] = [(n, i) for n, i in second.items() if n not in first]
    assert serial(number) == (2024, max(serial(n)[1] for n in first) + 1)
    newest = max(ln.split("\t")[1] for ln in register_lines(repo)[:len(first)])
    assert register_lines(repo)[-1].split("\t")[:2] == [number, newest]  # published no earlier than the rest


def test_a_future_committer_date_does_not_publish_in_2099(repo: GitRepo) -> None:
    build_numbers(repo)
    repo.commit("2099-01-01T09:00:00+08:00", reviewed({
        f"{W}/2024-12-18-canteen-meal.md": public_record("wang-jianguo", "2024-12-18", "与新生共进午餐。")},
        day="2024-12-18", name="future"))
    added = set(build_numbers(repo)) - {ln.split("\t")[0] for ln in register_lines(repo)[:-1]}
    assert [n for n in added if "-2099-" in n] == [] and all(serial(n)[0] in (2024, 2025) for n in added)


@pytest.mark.parametrize("history", ["shallow", "no-git"])
def test_recorded_numbers_survive_a_history_that_cannot_be_read(repo: GitRepo, tmp_path: Path, history: str) -> None:
    published = build_numbers(repo)
    repo.commit("2024-10-21T10:00:00+08:00")
    if history == "shallow":
        clone = tmp_path / "shallow"
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
        repo.root = clone
        later = build_numbers(repo)
    else:
        shutil.rmtree(repo.root / ".git")
        later = build_numbers(repo, use_git=False)
    assert later == published


def test_a_rewritten_line_is_reported(repo: GitRepo) -> None:
    build_numbers(repo)
    repo.commit("2024-10-21T10:00:00+08:00")
    text = (repo.root / REGISTER).read_text(encoding="utf-8")
    first_line = register_lines(repo)[0]
    swapped = first_line.replace("-0001\t", "-0009\t")
    repo.commit("2024-10-22T10:00:00+08:00", {REGISTER: text.replace(first_line, swapped)})
    outcome = pipeline.run(repo.root, AS_OF)
    [d] = [d for d in outcome.diagnostics if d.code == "catalogue-ledger"]
    assert d.file == REGISTER and "改动或删除了已登记的索取号" in d.message and first_line.split("\t")[0] in d.message


def test_an_uncommitted_edit_of_the_register_is_reported(repo: GitRepo) -> None:
    build_numbers(repo)
    repo.commit("2024-10-21T10:00:00+08:00")
    path = repo.root / REGISTER
    path.write_text(path.read_text(encoding="utf-8").replace("-0002\t", "-0003\t", 1), encoding="utf-8")
    codes = [(d.code, d.line) for d in pipeline.run(repo.root, AS_OF).diagnostics if d.file == REGISTER]
    assert ("catalogue-ledger", None) in codes and ("catalogue-ledger", 5) in codes  # rewritten, and now a duplicate


def test_a_malformed_register_line_is_located() -> None:
    text = ledger.HEADER + "99999-0103-2024-0001\t2024-09-02\ta-policy:\nnot a line\n99999-0103-2024-0001\t2024-09-02\tx\n"
    register, problems = ledger.parse(REGISTER, text)
    assert [e.number for e in register.entries] == ["99999-0103-2024-0001"]
    assert [(d.code, d.line) for d in problems] == [("catalogue-ledger", 4), ("catalogue-ledger", 5)]


def test_the_register_belongs_to_the_institution_code(repo: GitRepo) -> None:
    """A school adopting the template under its own code starts its own register (issue 13 builds
    the numbering from adoption on this)."""
    build_numbers(repo)
    institution = (repo.root / "rosters/institution.yml").read_text(encoding="utf-8").replace('"99999"', '"12345"')
    repo.commit("2024-10-22T10:00:00+08:00", {"rosters/institution.yml": institution})
    outcome = pipeline.run(repo.root, AS_OF)
    assert outcome.repo.ledger is not None and outcome.repo.ledger.path == "catalogue/12345.tsv"
    assert outcome.repo.ledger.entries == ()
