"""validate and report print from the run cache when nothing they read changed, and only then."""

from __future__ import annotations

import json
import logging
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import RECORD_PATH, VALID_RECORD
from hypothesis import given
from hypothesis import strategies as st

from generator import pipeline, reporters, runcache
from generator.cli import main

AS_OF = "2025-01-20"


def _run(repo: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--repo", str(repo), "--as-of", AS_OF])
    return result.exit_code, result.output


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(make_repo) -> Path:
    root = make_repo()
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "x")
    return root


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the pipeline really ran."""
    runs: list[int] = []
    real = pipeline.run

    def run(*args: object, **kwargs: object) -> pipeline.Outcome:
        runs.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", run)
    return runs


def test_validate_twice_runs_once_and_prints_the_same(repo: Path, counted: list[int]) -> None:
    first = _run(repo, "validate", "--format", "json")
    second = _run(repo, "validate", "--format", "json")
    assert counted == [1]
    assert first == second and json.loads(first[1])["as_of"] == AS_OF
    assert _run(repo, "validate") == _run(repo, "--no-cache", "validate")  # text too, cache or not
    assert counted == [1, 1]  # --no-cache ran it


@pytest.mark.parametrize("change", ["edit", "new", "untracked", "roster", "as_of", "commit"])
def test_any_change_to_what_a_run_reads_runs_again(repo: Path, counted: list[int], change: str) -> None:
    before = _run(repo, "validate", "--format", "json")
    path = repo / RECORD_PATH
    if change == "edit":
        path.write_text(VALID_RECORD.replace("与宿舍同学座谈。", "与宿舍同学座谈：改。"), encoding="utf-8")
    elif change in ("new", "untracked"):
        path.write_text(VALID_RECORD.replace("by: wang-jianguo", "by: nobody"), encoding="utf-8")
        if change == "new":
            _git(repo, "add", RECORD_PATH)
    elif change == "roster":
        people = repo / "rosters" / "people.yml"
        people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "commit":
        _git(repo, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "y", "--allow-empty")
    args = ("validate", "--format", "json")
    after = _run(repo, *args) if change != "as_of" else CliRunner().invoke(
        main, [*args, "--repo", str(repo), "--as-of", "2025-01-21"]).output
    assert len(counted) == 2
    if change in ("new", "untracked", "edit"):
        assert after != before


def test_report_streams_the_same_json_and_comes_from_the_cache(repo: Path, counted: list[int]) -> None:
    code, text = _run(repo, "report")
    assert code == 0
    outcome = pipeline.run(repo, as_of=date(2025, 1, 20), use_git=True)
    assert outcome.compliance is not None
    assert text == json.dumps(outcome.compliance.to_json(outcome.diagnostics), ensure_ascii=False, indent=1) + "\n"
    assert _run(repo, "report") == (0, text)
    assert len(counted) == 2  # the first report and the direct run above; the second report was cached
    assert _run(repo, "validate", "--format", "json")[0] == 0 and len(counted) == 2  # findings kept too


def test_streamed_json_is_the_same_text() -> None:
    payload = {"a": reporters.Each([1, 2, 3], lambda x: {"x": x, "名": "值"}), "b": reporters.Each([], str), "c": [1]}
    plain = {"a": [{"x": x, "名": "值"} for x in (1, 2, 3)], "b": [], "c": [1]}
    assert "".join(reporters.stream_json(payload)) == json.dumps(plain, ensure_ascii=False, indent=1)
    assert "".join(reporters.chunked(reporters.stream_json(payload), 5)) == json.dumps(plain, ensure_ascii=False, indent=1)


def test_a_stored_report_reads_back_whole_where_a_character_straddles_two_pieces() -> None:
    # Read back a megabyte of compressed data at a time, the inflated bytes end wherever they end:
    # inside a Chinese character too (three bytes in UTF-8), in a report of many Chinese messages.
    pick = random.Random(20261204)
    text = "".join(pick.choice("联系对象宿舍没有分配给填报人记录第条日教师学生谈心听课食堂") if i % 40 else "\n"
                   for i in range(2_000_000))
    passing, packed = runcache.compress(iter([text[i:i + 4096] for i in range(0, len(text), 4096)]))
    assert "".join(passing) == text
    stored = b"".join(packed)
    assert len(stored) > 2 << 20  # read back in several pieces
    day = runcache.Day("Asia/Shanghai", date(2026, 12, 4), date(2026, 12, 4), pipeline.AsOfSource.TODAY)
    assert "".join(runcache.CachedRun(day, [], True, stored).report_text()) == text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text() | st.integers() | st.booleans() | st.none(), inner, max_size=4),
    max_leaves=30)


@given(JSON_VALUES, st.lists(JSON_VALUES, max_size=4), st.integers(min_value=0, max_value=4))
def test_streamed_json_is_json_dumps_for_any_value(value: object, items: list[object], indent: int) -> None:
    # NaN, infinities, -0.0, control and non-BMP characters, tuples, non-string keys, empty containers
    for payload, plain in ((value, value), ({"v": value, "each": reporters.Each(items, lambda x: x)}, {"v": value, "each": items}),
                           (reporters.Each(items, lambda x: x), items)):
        assert "".join(reporters.stream_json(payload, indent)) == json.dumps(plain, ensure_ascii=False, indent=indent)


def test_a_damaged_entry_is_ignored_with_a_warning(repo: Path, counted: list[int],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    first = _run(repo, "validate", "--format", "json")
    [entry] = (repo / ".cache" / "contact-records" / "runs").glob("*.pickle")
    entry.write_bytes(b"cos\nsystem\n(S'echo owned'\ntR.")
    with caplog.at_level(logging.WARNING):
        assert _run(repo, "validate", "--format", "json") == first
    assert len(counted) == 2 and any("运行缓存" in r.getMessage() for r in caplog.records)


def test_the_key_covers_the_tool(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = runcache.key(repo, date(2025, 1, 20))
    monkeypatch.setattr(runcache, "tool", lambda: "another tool")
    assert runcache.key(repo, date(2025, 1, 20)) != one


def test_the_tool_is_its_code_python_and_every_installed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    runcache.tool.cache_clear()
    one = runcache.tool()
    assert "pydantic" in one.lower() and "yaml" in one.lower() and runcache.parsecache.code_digest() in one
    monkeypatch.setattr(runcache.parsecache, "code_digest", lambda: "changed source")
    runcache.tool.cache_clear()
    assert runcache.tool() != one
    runcache.tool.cache_clear()


@pytest.mark.parametrize("change", ["tracked-edit", "hidden-folder", "too-deep", "ignored", "assume-unchanged", "deleted"])
def test_what_git_does_not_list_still_runs_again(repo: Path, counted: list[int], change: str) -> None:
    """The key reads Git's listing, not the files: what the loader sees and Git does not list
    (empty folders, ignored files) or does not check (assume-unchanged) still makes a new run,
    and the cached run then equals a run without the cache."""
    before = _run(repo, "validate", "--format", "json")
    path = min((repo / "records").rglob("*.md"))  # a tracked record
    if change == "tracked-edit":  # in place: the folder does not change, Git's stat check does
        path.write_text(path.read_text(encoding="utf-8").replace("by: ", "by: x", 1), encoding="utf-8")
    elif change == "hidden-folder":
        (path.parent / ".drafts").mkdir()
    elif change == "too-deep":
        (repo / "records" / "/".join("abcdefghij")).mkdir(parents=True)
    elif change == "ignored":
        (repo / ".gitignore").write_text("*.draft.md\n", encoding="utf-8")
        _git(repo, "add", ".gitignore")
        _git(repo, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "ignore")
        before = _run(repo, "validate", "--format", "json")
        (path.parent / "x.draft.md").write_text(VALID_RECORD.replace("by: wang-jianguo", "by: nobody"), encoding="utf-8")
    elif change == "assume-unchanged":
        _git(repo, "update-index", "--assume-unchanged", path.relative_to(repo).as_posix())
        path.write_text(VALID_RECORD.replace("by: wang-jianguo", "by: nobody"), encoding="utf-8")
    elif change == "deleted":
        path.unlink()
    runs = len(counted)
    after = _run(repo, "validate", "--format", "json")
    assert len(counted) == runs + 1 and after != before
    assert after == _run(repo, "--no-cache", "validate", "--format", "json")


def test_an_entry_serves_only_on_its_day(repo: Path, counted: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Today decides which records lie in the future: tomorrow the same inputs are another run."""
    first = _run(repo, "validate", "--format", "json")
    assert _run(repo, "validate", "--format", "json") == first and counted == [1]
    monkeypatch.setattr(runcache.clock, "today_in", lambda zone: date(2099, 1, 1))
    _run(repo, "validate", "--format", "json")
    assert counted == [1, 1]


def test_a_warm_run_imports_neither_the_yaml_nor_the_schema_library(repo: Path) -> None:
    """The run cache's warm path stays light: printing a cached run loads no pipeline stage."""
    _run(repo, "validate", "--format", "json")
    probe = ("import sys\nfrom generator.cli import main\n"
             "try:\n    main(['validate', '--format', 'json', '--repo', sys.argv[1], '--as-of', sys.argv[2]])\n"
             "except SystemExit:\n    pass\n"
             "heavy = [m for m in ('pydantic', 'yaml', 'frontmatter', 'generator.loader', 'generator.pipeline') if m in sys.modules]\n"
             "print('HEAVY', heavy, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(repo), AS_OF], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stderr
    assert json.loads(done.stdout) == json.loads(_run(repo, "validate", "--format", "json")[1])


def test_the_listing_finds_every_entry_git_does_not_check(repo: Path) -> None:
    """Assume-unchanged entries are found one by one even when a path holds text like an entry's."""
    (repo / "notes").mkdir()
    (repo / "notes" / "H 100644 x 0\tname.md").write_text("a path that reads like an index entry\n", encoding="utf-8")
    _git(repo, "add", "notes")
    record = min((repo / "records").rglob("*.md")).relative_to(repo).as_posix()
    _git(repo, "update-index", "--assume-unchanged", record)
    listed = runcache.inventory.listing(repo, runcache.inventory.READ_DIRS)
    assert listed is not None and record in listed.unvouched
    _git(repo, "update-index", "--no-assume-unchanged", record)
    listed = runcache.inventory.listing(repo, runcache.inventory.READ_DIRS)
    assert listed is not None and listed.unvouched == []


def test_outside_git_the_key_walks_the_files(make_repo, counted: list[int]) -> None:
    """Without Git (a downloaded archive), the key reads every file: the cache still serves an
    unchanged repository and a changed file still runs again."""
    root = make_repo()
    assert runcache.inventory.listing(root, runcache.inventory.READ_DIRS) is None
    first = _run(root, "validate", "--format", "json")
    assert _run(root, "validate", "--format", "json") == first and len(counted) == 1
    path = min((root / "records").rglob("*.md"))
    path.write_text(path.read_text(encoding="utf-8").replace("by: ", "by: x", 1), encoding="utf-8")
    assert _run(root, "validate", "--format", "json") != first and len(counted) == 2
    assert _run(root, "validate", "--format", "json") == _run(root, "--no-cache", "validate", "--format", "json")
