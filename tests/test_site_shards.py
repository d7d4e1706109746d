"""A full mkdocs build split across processes (issue 15) writes the bytes a single process writes,
and a page rebuilt alone (an incremental build, or one share) is the page a full build writes: its
sidebar and footer name every nav entry, not "None"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import site_files

from generator import pipeline
from generator.builder import sources
from generator.site import shards
from generator.site.build import SiteSource, build
from generator.urls import page_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample() -> SiteSource:
    return sources(pipeline.run(ROOT, as_of=date(2026, 11, 25), use_git=False)).internal


def test_two_shares_write_the_bytes_one_process_writes(sample: SiteSource, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    build(sample, tmp_path / "one-build", tmp_path / "one")
    calls: list[int] = []
    real = shards.build
    monkeypatch.setattr(shards, "build", lambda site, jobs, run: calls.append(jobs) or real(site, jobs, run))
    monkeypatch.setattr(shards, "SHARD_FROM", 1)
    build(sample, tmp_path / "two-build", tmp_path / "two", jobs=2)
    assert calls == [2]
    one, two = site_files(tmp_path / "one" / "internal"), site_files(tmp_path / "two" / "internal")
    assert sorted(one) == sorted(two)
    assert [f for f in one if one[f] != two[f]] == []
    assert not list((tmp_path / "two-build" / "internal").glob("*.share-*"))  # the shares' folders are gone


def test_a_strict_build_runs_in_one_process(sample: SiteSource, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "SHARD_FROM", 1)
    monkeypatch.setattr(shards, "build", lambda *a: pytest.fail("a strict build must check every link itself"))
    build(sample, tmp_path / "build", tmp_path / "site", strict=True, jobs=2)


def test_a_page_rebuilt_alone_is_the_page_a_full_build_writes(sample: SiteSource, tmp_path: Path) -> None:
    report = next(p for p in sample.pages if p.startswith("reports/") and not p.endswith("index.md"))
    build(sample, tmp_path / "build", tmp_path / "site")
    edited = replace(sample, pages={**sample.pages, report: sample.pages[report] + "\n另加的一段。\n"})
    stats = build(edited, tmp_path / "build", tmp_path / "site")
    assert (stats.incremental, stats.changed) == (True, 1)
    build(edited, tmp_path / "full-build", tmp_path / "full")
    rel = f"{page_url(report)}index.html"
    alone = (tmp_path / "site" / "internal" / rel).read_text(encoding="utf-8")
    assert "另加的一段" in alone and alone == (tmp_path / "full" / "internal" / rel).read_text(encoding="utf-8")


def test_the_number_of_shares_follows_pages_and_cores() -> None:
    assert shards.shares(227, 2) == 1  # the sample: one process
    assert shards.shares(1999, 2) == 1
    assert shards.shares(7000, 2) == 2
    assert shards.shares(7000, 64) == 7  # at least SHARD_FROM pages each
    assert shards.shares(100_000, 64) == shards.MAX_SHARES
    assert shards.shares(7000, 1) == 1
