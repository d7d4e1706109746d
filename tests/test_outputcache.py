"""The output cache (issue 15): a workbook kept from an earlier build is the same bytes a fresh
write gives, a damaged entry is a warning and a miss, another tool finds nothing, and a build after
one changed record writes again only the workbooks that record is on."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from helpers import copy_sample

from generator import parsecache, pipeline
from generator.exports import produce
from generator.exports.context import ExportContext
from generator.exports.forms import forms
from generator.exports.options import Scope
from generator.outputcache import OutputCache

AS_OF = date(2026, 11, 25)


class Maker:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: bytes) -> bytes:
        self.calls += 1
        return data


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / parsecache.CACHE_DIR / "outputs").rglob("*") if p.is_file())


def test_a_kept_entry_is_returned_without_making_it_again(tmp_path: Path) -> None:
    make = Maker()
    assert OutputCache(tmp_path).get(("book", 1), lambda: make(b"one")) == b"one"
    kept = OutputCache(tmp_path)
    assert kept.get(("book", 1), lambda: make(b"other")) == b"one"
    assert kept.get(("book", 2), lambda: make(b"two")) == b"two"
    assert (make.calls, kept.made) == (2, 1)


def test_without_a_root_nothing_is_kept(tmp_path: Path) -> None:
    make = Maker()
    kept = OutputCache(None)
    kept.get("x", lambda: make(b"a"))
    kept.get("x", lambda: make(b"a"))
    kept.close()
    assert make.calls == 2


def test_another_tool_or_writer_finds_nothing(tmp_path: Path) -> None:
    OutputCache(tmp_path, print_="tool-a").get("x", lambda: b"made by a")
    assert OutputCache(tmp_path, print_="tool-b").get("x", lambda: b"made by b") == b"made by b"
    # the fingerprint covers the tool (version, code, vocabulary) and the writer library's version
    assert OutputCache(tmp_path).fingerprint not in ("tool-a", "tool-b")


def test_a_damaged_entry_is_a_warning_and_made_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    OutputCache(tmp_path).get("x", lambda: b"the right bytes")
    (path,) = entries(tmp_path)
    raw = path.read_bytes()
    path.write_bytes(raw[:-3] + b"BAD")
    make = Maker()
    with caplog.at_level(logging.WARNING):
        assert OutputCache(tmp_path).get("x", lambda: make(b"the right bytes")) == b"the right bytes"
    assert make.calls == 1 and "已损坏" in caplog.text
    assert path.read_bytes() == raw  # rewritten


def test_close_keeps_only_what_the_build_used(tmp_path: Path) -> None:
    OutputCache(tmp_path, print_="old-tool").get("x", lambda: b"old")
    first = OutputCache(tmp_path)
    first.get("a", lambda: b"a")
    first.get("b", lambda: b"b")
    first.close()
    second = OutputCache(tmp_path)
    second.get("a", lambda: b"a")
    second.close()
    (left,) = entries(tmp_path)
    assert left.parent.parent.name == second.fingerprint and left.read_bytes().endswith(b"a")


def test_a_cache_that_cannot_be_written_still_returns_the_bytes(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / parsecache.CACHE_DIR).parent.mkdir(parents=True)
    (tmp_path / parsecache.CACHE_DIR).write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING):
        assert OutputCache(tmp_path).get("x", lambda: b"bytes") == b"bytes"
    assert "无法写入" in caplog.text


def _sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "repo")


def _files(outcome: pipeline.Outcome, kept: OutputCache | None = None) -> dict[str, bytes]:
    return {path: data for p in produce(outcome, None, kept) for path, data in p.files.items()}


def _on_a_form(outcome: pipeline.Outcome) -> Path:
    """A counting record whose summary, written by no other record, one of the forms shows."""
    ctx = ExportContext(outcome)
    shown = repr([f for spec in ctx.policy.reports if spec.kind == "form" for f in forms(ctx, spec, Scope())])
    seen = Counter(r.meta.summary for r in outcome.counting)
    record = next(r for r in outcome.counting if r.meta.summary and seen[r.meta.summary] == 1 and r.meta.summary in shown)
    return outcome.repo.root / record.path


def test_a_build_after_one_changed_record_writes_only_the_books_it_is_on(tmp_path: Path) -> None:
    repo = _sample(tmp_path)
    outcome = pipeline.run(repo, AS_OF)
    first = OutputCache(repo)
    made = _files(outcome, first)
    first.close()
    assert made == _files(outcome) and first.made == len(first.used) > 20
    again = OutputCache(repo)
    assert _files(outcome, again) == made and again.made == 0

    path = _on_a_form(outcome)
    path.write_text(path.read_text(encoding="utf-8").replace("summary: ", "summary: 改过的", 1), encoding="utf-8")
    changed = pipeline.run(repo, AS_OF)
    after = OutputCache(repo)
    assert _files(changed, after) == _files(changed)
    assert 1 <= after.made <= 4, after.made  # the filer's books (and a co-filer's), not the others
