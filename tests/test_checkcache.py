"""The check cache serves exactly the findings a fresh check gives, and only for the same inputs.

Every test compares a run through the cache with a run without any cache, and counts which records
``check_record`` really ran on: a warm run checks only amendments, one changed record has only its
folder checked again, and anything a record's own checks read besides the record (a roster, the
policy, the as-of date, today, the day Git first saw a file) makes every folder be checked again.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from helpers import RECORD_PATH, VALID_RECORD, copy_sample, write_repo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import checkcache, pipeline
from generator import validate as validate_package
from generator.diagnostics import Diagnostic
from generator.gitinfo import History
from generator.parsecache import CACHE_DIR

AS_OF = date(2025, 1, 20)
SAMPLE_AS_OF = date(2026, 11, 25)
AMENDMENT = "records/2024-2025-1/wang-jianguo/2024-10-18-dorm-visit.md"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths ``check_record`` ran on."""
    paths: list[str] = []
    real = validate_package.check_record

    def spy(c, r, by_path, superseded):  # type: ignore[no-untyped-def]
        paths.append(r.path)
        real(c, r, by_path, superseded)

    monkeypatch.setattr(validate_package, "check_record", spy)
    return paths


Found = tuple[list[Diagnostic], frozenset[str], frozenset[str]]


def _found(outcome: pipeline.Outcome) -> Found:
    """Every finding, and which records do not count (with an error, superseded)."""
    return outcome.diagnostics, outcome.validation.invalid_records, outcome.validation.superseded


def _cached(root: Path, as_of: date = AS_OF, **options: object) -> Found:
    return _found(pipeline.run(root, as_of, use_git=False, cache=True, **options))  # type: ignore[arg-type]


def _fresh(root: Path, as_of: date = AS_OF, **options: object) -> Found:
    return _found(pipeline.run(root, as_of, use_git=False, **options))  # type: ignore[arg-type]


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The groups of records ``check_across`` compared, by path."""
    groups: list[list[str]] = []
    real = validate_package.check_across

    def spy(c, live):  # type: ignore[no-untyped-def]
        groups.append([r.path for r in live])
        return real(c, live)

    monkeypatch.setattr(validate_package, "check_across", spy)
    return groups


def _mini(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    amendment = VALID_RECORD.replace("2024-10-17", "2024-10-18").replace(
        "summary:", f"amends: {RECORD_PATH}\nreason: 补充内容\nsummary:")
    return write_repo(tmp_path / "repo", {RECORD_PATH: VALID_RECORD, AMENDMENT: amendment, **(files or {})})


def _records(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample's data, checked once through the cache (so it starts warm)."""
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    _cached(root, SAMPLE_AS_OF)
    return root


def test_a_warm_run_checks_nothing_and_finds_what_a_fresh_check_finds(sample: Path, checked: list[str]) -> None:
    fresh = _fresh(sample, SAMPLE_AS_OF)
    checked.clear()
    assert _cached(sample, SAMPLE_AS_OF) == fresh and fresh[0]
    assert checked == []  # the sample holds no amendment


def test_one_changed_record_has_only_its_folder_checked_again(sample: Path, checked: list[str]) -> None:
    path = _records(sample)[len(_records(sample)) // 2]
    original = (sample / path).read_text(encoding="utf-8")
    (sample / path).write_text(original.replace("targets: [", "targets: [nobody-at-all, ", 1), encoding="utf-8")
    try:
        found = _cached(sample, SAMPLE_AS_OF)
        folder = path.rpartition("/")[0]
        assert sorted(checked) == [p for p in _records(sample) if p.rpartition("/")[0] == folder]
        assert len(checked) < 50
        assert found == _fresh(sample, SAMPLE_AS_OF)
        assert any(d.file == path and d.code == "record-unknown-ref" for d in found[0]) and path in found[1]
    finally:
        (sample / path).write_text(original, encoding="utf-8")
    checked.clear()
    assert _cached(sample, SAMPLE_AS_OF) == _fresh(sample, SAMPLE_AS_OF)


def test_amendments_are_always_checked(tmp_path: Path, checked: list[str]) -> None:
    root = _mini(tmp_path)
    first = _cached(root)
    checked.clear()
    warm = _cached(root)
    assert checked == [AMENDMENT]
    assert warm == first == _fresh(root) and warm[2] == {RECORD_PATH}


@pytest.mark.parametrize(("rel", "old", "new"), [
    ("rosters/people.yml", "name: 李红", "name: 李虹"),  # who is who: names in messages, the name guard
    ("rosters/targets.yml", "dorm-12-305", "dorm-12-306"),  # a target the records name disappears
    ("policies/mini.yml", "within_days: 31", "within_days: 1"),  # the policy
    ("rosters/calendar.yml", "2024-09-02", "2024-09-09"),  # the calendar
])
def test_a_roster_or_policy_change_checks_every_record_again(tmp_path: Path, checked: list[str], rel: str,
                                                             old: str, new: str) -> None:
    root = _mini(tmp_path)
    _cached(root)
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text
    (root / rel).write_text(text.replace(old, new), encoding="utf-8")
    checked.clear()
    found = _cached(root)
    assert sorted(checked) == _records(root)
    assert found == _fresh(root)


def test_the_as_of_date_and_today_are_part_of_the_context(tmp_path: Path, checked: list[str]) -> None:
    root = _mini(tmp_path)
    _cached(root)
    later = date(2025, 3, 1)
    checked.clear()
    found = _cached(root, later)
    assert sorted(checked) == _records(root)
    assert found == _fresh(root, later)
    checked.clear()
    found = _cached(root, later, today=date(2025, 3, 2))
    assert sorted(checked) == _records(root)
    assert found == _fresh(root, later, today=date(2025, 3, 2))
    checked.clear()
    _cached(root)  # the first context is still kept
    assert checked == [AMENDMENT]


def test_the_day_git_first_saw_a_file_is_part_of_the_key(tmp_path: Path, checked: list[str]) -> None:
    root = _mini(tmp_path)
    on_time = History({RECORD_PATH: date(2024, 10, 18)})
    late = History({RECORD_PATH: date(2025, 1, 10)})  # filed 85 days after the visit: 31 allowed
    assert _cached(root, history=on_time) == _fresh(root, history=on_time)
    checked.clear()
    found = _cached(root, history=late)
    assert sorted(checked) == [p for p in _records(root) if p.startswith(RECORD_PATH.rpartition("/")[0] + "/")]
    assert found == _fresh(root, history=late)
    assert any(d.file == RECORD_PATH and d.code == "record-late" for d in found[0])
    unusable = History({}, "浅克隆")
    checked.clear()
    found = _cached(root, history=unusable)
    assert sorted(checked) == _records(root)
    assert found == _fresh(root, history=unusable)


def _damage_file(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a pickle")


def _damage_entries(path: Path) -> None:
    import pickle

    entries = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({key: (("not", "a", "finding"),) for key in entries}))  # plain data, wrong shape


@pytest.mark.parametrize(("damage", "warning"), [(_damage_file, "检查缓存文件已损坏"),
                                                 (_damage_entries, "检查缓存中的一项已损坏")])
def test_a_damaged_file_or_entry_is_ignored_with_a_warning_and_rewritten(
        tmp_path: Path, checked: list[str], caplog: pytest.LogCaptureFixture, damage: Callable[[Path], None],
        warning: str) -> None:
    root = _mini(tmp_path)
    _cached(root)
    (path,) = (root / CACHE_DIR / "checks").rglob("*.pickle")
    damage(path)
    checked.clear()
    with caplog.at_level(logging.WARNING):
        found = _cached(root)
    assert warning in caplog.text
    assert sorted(checked) == _records(root)
    assert found == _fresh(root)
    checked.clear()
    _cached(root)
    assert checked == [AMENDMENT]  # rewritten


def test_another_tool_finds_nothing_and_no_cache_writes_nothing(tmp_path: Path) -> None:
    root = _mini(tmp_path)
    _fresh(root)
    assert not (root / CACHE_DIR).exists()
    _cached(root)
    (mine,) = (root / CACHE_DIR / "checks").iterdir()
    digest = next(mine.glob("*.pickle")).stem
    other = checkcache.CheckCache(root, "another-tool")
    assert other.context(digest).unused == {}
    assert checkcache.CheckCache(root).context(digest).unused  # the same tool finds its entries


def test_a_folder_that_cannot_be_written_only_stays_slow(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _mini(tmp_path)
    (root / ".cache").write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert _cached(root) == _fresh(root)
    assert "无法写入" in caplog.text


def test_keys_follow_every_first_commit_in_order() -> None:
    folder = b"\x01" * 20
    days = [date(2024, 10, 1), None]
    assert checkcache.folder_key(folder, days) == checkcache.folder_key(folder, list(days))
    assert checkcache.folder_key(folder, days) != checkcache.folder_key(folder, days[::-1])
    assert checkcache.folder_key(folder, days) != checkcache.folder_key(folder, [date(2024, 10, 2), None])
    assert checkcache.folder_key(folder, days) != checkcache.folder_key(b"\x02" * 20, days)


LINES = VALID_RECORD.split("\n")
EDITS = ["targets: [dorm-12-305, nobody]", "type: nothing-declared", "by: li-hong", "date: 2024-10-30",
         "start: '16:00'\nend: '15:00'", "visibility: public", "with: [wang-jianguo]", "summary: 与张三同学谈心。",
         "problems:\n  - summary: 热水\n    status: resolved", "guidance: [没有的类别]", "targets: [13800138000]"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, len(LINES) - 3), st.sampled_from(EDITS)), min_size=1, max_size=3),
       st.sampled_from([RECORD_PATH, "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md"]))
def test_edited_records_are_checked_as_a_fresh_run_checks_them(tmp_path_factory: pytest.TempPathFactory,
                                                               edits: list[tuple[int, str]], path: str) -> None:
    root = _mini(tmp_path_factory.mktemp("edit"))
    _cached(root)  # warm, then edit
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    for at, text in edits:
        lines[min(at, len(lines) - 2)] = text
    (root / path).write_text("\n".join(lines), encoding="utf-8")
    assert _cached(root) == _fresh(root)
    assert _cached(root) == _fresh(root)  # and again, from the entry the first run kept


def test_a_review_checks_the_changed_folder_once_and_nothing_on_the_base(tmp_path: Path, checked: list[str],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from gitrepo import git

    from generator import inventory, loader
    from generator.review import incremental, review

    monkeypatch.setattr(incremental, "sides", lambda *a, **k: None)  # the full path's two runs

    listed: list[str] = []
    walk, keys = loader.walk_records, inventory.git_keys
    monkeypatch.setattr(loader, "walk_records", lambda root: listed.append("walk") or walk(root))
    monkeypatch.setattr(inventory, "git_keys", lambda root: listed.append("git") or keys(root))

    other = "records/2024-2025-1/li-hong/2024-10-17-dorm-visit.md"
    root = _mini(tmp_path, {other: VALID_RECORD.replace("wang-jianguo", "li-hong")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    pipeline.run(root, AS_OF, cache=True)  # what the last run on main left in the cache
    (root / other).write_text(VALID_RECORD.replace("wang-jianguo", "li-hong").replace("dorm-12-305", "nobody"),
                              encoding="utf-8")
    checked.clear()
    listed.clear()
    cached = review(root, "HEAD", as_of=AS_OF, cache=True)
    assert sorted(checked) == sorted([other, AMENDMENT, AMENDMENT])  # the change's side, then both amendments
    assert sorted(listed) == ["git", "walk"]  # the work tree is listed once for both sides
    assert cached.findings == review(root, "HEAD", as_of=AS_OF).findings
    assert any(f.diagnostic.file == other and f.blocking for f in cached.findings)


def test_records_are_compared_again_only_for_the_actor_whose_records_changed(sample: Path,
                                                                              compared: list[list[str]]) -> None:
    _cached(sample, SAMPLE_AS_OF)
    compared.clear()
    _cached(sample, SAMPLE_AS_OF)
    assert compared == []  # every actor's comparison comes from the cache
    path = _records(sample)[len(_records(sample)) // 3]
    twin = path.replace(".md", "-twin.md")
    shutil.copyfile(sample / path, sample / twin)  # the same activity filed twice
    try:
        found = _cached(sample, SAMPLE_AS_OF)
        actor = path.split("/")[2]
        assert len(compared) == 1 and {p.split("/")[2] for p in compared[0]} == {actor}
        assert found == _fresh(sample, SAMPLE_AS_OF)
        assert any(d.code == "record-duplicate" and d.file in (path, twin) for d in found[0])
    finally:
        (sample / twin).unlink()
