"""Counting results kept in the check cache are exactly what counting again gives, and are kept
for the same inputs only (``compliance.kept``).

Every test compares a run through the cache with a run without any cache, and records which
(rule, actor) pairs the engine really counted: a warm run counts no one, one changed record has
only the actors it can credit counted again, and a roster or policy change counts everyone again.
"""

from __future__ import annotations

import logging
import pickle
import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import copy_sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.compliance import engine
from generator.compliance.results import Compliance
from generator.parsecache import CACHE_DIR

AS_OF = date(2026, 11, 25)
BRANCH_RECORD = "records/2026-2027-1/econ-teacher-branch/2026-10-27-party-lecture.md"  # with: two members


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The (rule, actor) pairs the engine counted."""
    pairs: list[tuple[str, str]] = []
    real = engine.CountingEngine.evaluate_actor

    def spy(self, rule, actor):  # type: ignore[no-untyped-def]
        pairs.append((rule.id, actor))
        return real(self, rule, actor)

    monkeypatch.setattr(engine.CountingEngine, "evaluate_actor", spy)
    return pairs


def _cached(root: Path) -> Compliance | None:
    return pipeline.run(root, AS_OF, use_git=False, cache=True).compliance


def _fresh(root: Path) -> Compliance | None:
    return pipeline.run(root, AS_OF, use_git=False).compliance


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample, counted once through the cache."""
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    _cached(root)
    return root


@pytest.fixture
def sample(warm: Path, tmp_path: Path) -> Path:
    """A copy of the warm sample (its cache too) that a test may edit."""
    root = tmp_path / "repo"
    shutil.copytree(warm, root)
    return root


def test_a_warm_run_counts_no_one_and_gives_what_counting_gives(sample: Path, counted: list[tuple[str, str]]) -> None:
    found = _cached(sample)
    assert counted == []
    assert found is not None and found.results and found == _fresh(sample)


def test_one_changed_record_has_only_the_actors_it_credits_counted_again(
        sample: Path, counted: list[tuple[str, str]]) -> None:
    outcome = pipeline.run(sample, AS_OF, use_git=False)
    roster = outcome.facts.roster
    path = sample / BRANCH_RECORD
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2026-10-27", "date: 2026-10-28"), encoding="utf-8")
    counted.clear()
    found = _cached(sample)
    again = {actor for _, actor in counted}
    # the branch that filed it, its two members named in `with`, and whoever counts the records
    # of anyone credited by a record of that folder (the units they are members or secretary of)
    folder = path.parent.relative_to(sample).as_posix()
    credited = {a for r in outcome.repo.records if r.path.rpartition("/")[0] == folder for a in (r.meta.by, *r.meta.with_)}
    reached = credited | {u for u, members in roster.members.items() if members & credited} \
        | {u.id for u in outcome.repo.units.values() if u.secretary in credited}
    assert {"econ-teacher-branch", "huang-wenchao", "long-dong"} <= again <= reached
    assert len(again) < (len(roster.people) + len(roster.units)) / 4
    assert found == _fresh(sample)


@pytest.mark.parametrize("rel", [
    "records/2026-2027-1/xia-hanfei/2026-11-20-canteen-meal.md",  # a member's: counts for the branch (by: members)
    "records/2026-2027-1/he-xue/2026-11-02-ideology-lecture.md",  # its secretary's (by: secretary)
])
def test_a_record_of_a_member_or_of_the_secretary_counts_the_branch_again(
        sample: Path, counted: list[tuple[str, str]], rel: str) -> None:
    before = _fresh(sample)
    (sample / rel).unlink()
    counted.clear()
    found = _cached(sample)
    assert ("branch-weekly-face" if "xia-hanfei" in rel else "branch-secretary-class-lecture", "econ-teacher-branch") in counted
    assert found == _fresh(sample) != before


def test_a_roster_change_counts_everyone_again(sample: Path, counted: list[tuple[str, str]]) -> None:
    people = sample / "rosters" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "\n# 新增的一行注释\n", encoding="utf-8")
    found = _cached(sample)
    fresh = _fresh(sample)
    assert found == fresh and fresh is not None
    assert {(r.rule, r.actor) for r in fresh.results} <= set(counted)


def test_a_damaged_entry_is_counted_again_with_a_warning(sample: Path, counted: list[tuple[str, str]],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    (path,) = (sample / CACHE_DIR / "checks").rglob("*.pickle")
    entries = pickle.loads(path.read_bytes())
    results = [k for k, v in entries.items() if len(v) == 1 and len(v[0]) == 1 and isinstance(v[0][0], bytes)]
    assert len(results) > 20  # one entry per actor
    entries[results[0]] = ((b"not a pickle",),)
    path.write_bytes(pickle.dumps(entries))
    with caplog.at_level(logging.WARNING):
        found = _cached(sample)
    assert "检查缓存中的一项已损坏" in caplog.text
    assert len({actor for _, actor in counted}) == 1
    assert found == _fresh(sample)
    counted.clear()
    _cached(sample)
    assert counted == []  # rewritten


RECORDS = [BRANCH_RECORD, "records/2026-2027-1/econ-teacher-branch/2026-11-09-theme-activity.md",
           "records/2026-2027-1/xia-hanfei/2026-11-20-canteen-meal.md", "records/2026-2027-1/he-xue/2026-11-02-ideology-lecture.md"]
EDITS = [
    ("date: 2026-10-27", "date: 2026-11-20"), ("date: 2026-11-09", "date: 2026-09-01"),
    ("type: party-lecture", "type: theme-activity"), ("type: theme-activity", "type: party-lecture"),
    ("type: party-lecture", "type: nothing-declared"), ("with: [huang-wenchao, long-dong]", "with: [long-dong]"),
    ("by: econ-teacher-branch", "by: huang-wenchao"), ("targets: [econ-2025-1]", "targets: []"),
    ("start: \"19:00\"", "start: \"21:00\""), ("date: 2026-11-20", "date: 2026-11-10"),
    ("date: 2026-11-02", "date: 2026-11-24"),
]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(RECORDS), st.lists(st.sampled_from(EDITS), min_size=1, max_size=3), st.booleans(),
       st.booleans())
def test_edited_records_are_counted_as_counting_again_counts_them(
        warm: Path, tmp_path_factory: pytest.TempPathFactory, rel: str, edits: list[tuple[str, str]],
        copy: bool, delete: bool) -> None:
    root = tmp_path_factory.mktemp("edit") / "repo"
    shutil.copytree(warm, root)
    text = (root / rel).read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new)
    if copy:  # the edited record filed a second time, in another actor's folder
        other = root / "records" / "2026-2027-1" / "huang-wenchao" / f"2026-11-2{len(edits)}-copied.md"
        other.parent.mkdir(parents=True, exist_ok=True)
        other.write_text(text, encoding="utf-8")
    if delete:
        (root / rel).unlink()
    else:
        (root / rel).write_text(text, encoding="utf-8")
    fresh = _fresh(root)
    assert _cached(root) == fresh
    assert _cached(root) == fresh  # and again, from the entries the first run kept
