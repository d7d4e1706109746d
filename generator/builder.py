"""Library-first build: from a repository (or a pipeline outcome) to both published sites.

``build(root)`` is what ``python -m generator build`` does, callable from Python: run the pipeline,
refuse to publish anything when a record is invalid, project the public data, render both sites'
Markdown and build them with mkdocs. It raises the domain errors of ``generator.errors``; the CLI
only translates options and those errors.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import clock, exports, ledger, pipeline
from .errors import NoCompliance, RecordsInvalid, SiteBuildFailed
from .outputcache import OutputCache
from .public import PublicData, new_numbers, project_and_number
from .site.build import BuildStats, SiteSource
from .site.build import build as build_one
from .site.internal import render as render_internal
from .site.offline import SiteBuildError
from .site.public import render as render_public


@dataclass(frozen=True)
class BuiltSite:
    title: str  # the site's name as shown in its header
    stats: BuildStats


@dataclass(frozen=True)
class Sources:
    """Both sites' generated Markdown, and the catalogue numbers the public one shows for the first time."""

    internal: SiteSource
    public: SiteSource
    new_numbers: tuple[ledger.Entry, ...]  # item identities: ids the public site never names

    @property
    def sites(self) -> tuple[SiteSource, SiteSource]:
        return self.internal, self.public


@dataclass(frozen=True)
class BuildResult:
    outcome: pipeline.Outcome
    sites: tuple[BuiltSite, ...]
    registered: int = 0  # catalogue numbers recorded for the first time


def register_numbers(outcome: pipeline.Outcome, numbers: tuple[ledger.Entry, ...] | None = None) -> int:
    """Record the catalogue numbers this build published for the first time at the end of the
    institution's register (``catalogue/<code>.tsv``); the count added. Nothing is recorded for an
    as-of date after today: numbers of a build about the future are provisional. ``numbers``: the
    outcome's new numbers as ``sources`` found them (else they are worked out here)."""
    register = outcome.repo.ledger
    institution = outcome.repo.institution
    if register is None or institution is None or outcome.as_of > clock.today_in(institution.timezone):
        return 0
    return ledger.append(outcome.repo.root, register, new_numbers(outcome) if numbers is None else numbers)


def sources(outcome: pipeline.Outcome, cache: bool = False) -> Sources:
    """Both sites' generated Markdown, before any engine runs. ``cache`` keeps the office outputs'
    workbooks under ``.cache`` for the next build (``outputcache``)."""
    if outcome.has_errors:
        raise RecordsInvalid("记录有错误，未生成站点。请按上面的说明改正后重试。", outcome)
    if outcome.compliance is None:
        raise NoCompliance("没有可用的制度或校历，无法生成站点。请先运行 validate 查看原因。")
    made: list[tuple[PublicData, tuple[ledger.Entry, ...]]] = []

    def outputs() -> tuple[list[exports.Produced], dict[str, bytes]]:
        """The public projection and the policy's outputs, made while the workers render the other pages."""
        data, numbers = project_and_number(outcome)
        made.append((data, numbers))
        kept = OutputCache(outcome.repo.root if cache else None)
        produced = exports.produce(outcome, data, kept)
        kept.close()
        return produced, exports.feeds(outcome)

    internal = render_internal(outcome, jobs=os.cpu_count() or 1, outputs=outputs)
    data, numbers = made[0]
    return Sources(internal, render_public(data), numbers)


def build_sites(srcs: tuple[SiteSource, ...], work_dir: Path, out_dir: Path,
                engine: str = "mkdocs", jobs: int = 1) -> Iterator[BuiltSite]:
    """Build each site in turn with ``engine`` (mkdocs or zensical), yielding its figures as soon
    as it is built; ``jobs`` processes for a full mkdocs build of a large site."""
    for src in srcs:
        try:
            yield BuiltSite(src.site_name, build_one(src, work_dir, out_dir, engine, jobs=jobs))
        except SiteBuildError as exc:
            raise SiteBuildFailed(
                f"生成“{src.site_name}”时 {engine} 报错：{exc}。生成的 Markdown 和 mkdocs.yml 在 "
                f"{work_dir / src.name}，可据此排查；如确认是本工具的问题，请报告给维护者。"
            ) from exc


def build(root: Path | str = ".", out_dir: Path | str = "site", work_dir: Path | str = "build",
          as_of: date | None = None, use_git: bool = True, engine: str = "mkdocs", cache: bool = False) -> BuildResult:
    """Validate, compute and build both sites into ``out_dir/internal`` and ``out_dir/public``."""
    outcome = pipeline.run(Path(root), as_of, use_git=use_git, cache=cache)
    srcs = sources(outcome, cache)
    built = tuple(build_sites(srcs.sites, Path(work_dir), Path(out_dir), engine, jobs=os.cpu_count() or 1))
    return BuildResult(outcome, built, register_numbers(outcome, srcs.new_numbers))
