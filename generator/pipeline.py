"""The one pipeline every command runs: load → gather → check (+ Git history) → compute → ``Outcome``.

The pipeline gathers once what later stages share (the roster model, the teaching calendar, the
name guard, the counting records and who they credit) and the frozen ``Outcome`` carries it, so
neither the public projection nor the sites rebuild any of it.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import clock, schema, snapshot
from .checkcache import CheckCache
from .compliance import Compliance, compute
from .diagnostics import Diagnostic, diag
from .disclosure import Reviews, Status, Verdict
from .facts import Facts, gather
from .gitinfo import History, read_history
from .loader import Overlay, Record, Repo, load_repo
from .parsecache import ParseCache
from .periods import TeachingCalendar
from .pii import safe
from .privacy import NameGuard, visibility, withheld_reason
from .roster import Credit, Roster
from .validate import Validation, kept_checks, validate_repo
from .vocab import AsOfSource, Visibility

INSTITUTION = "rosters/institution.yml"

FREEZE_FROM = 20_000


@dataclass(frozen=True)
class Outcome:
    repo: Repo
    as_of: date
    validation: Validation
    compliance: Compliance | None
    diagnostics: list[Diagnostic]  # validation and compliance findings, sorted
    history: History | None  # None outside a Git work tree
    facts: Facts
    counting: tuple[Record, ...]  # valid, not superseded, on or before as_of; by (date, path)
    credit: Credit
    today: date  # in the institution's zone: a record after it is ``record-future``
    as_of_source: AsOfSource = AsOfSource.OPTION

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    @property
    def roster(self) -> Roster:
        return self.facts.roster

    @property
    def calendar(self) -> TeachingCalendar | None:
        return self.facts.calendar

    @property
    def guard(self) -> NameGuard:
        return self.facts.guard

    @property
    def sensitive(self) -> frozenset[str]:
        return self.facts.sensitive

    @property
    def reviews(self) -> Reviews:
        return self.facts.reviews


def today_in(tz_name: str) -> date:
    return clock.today_in(tz_name)


def default_as_of(institution: schema.Institution | None, as_of: date | None, today: date) -> tuple[date, AsOfSource]:
    """The run's as-of date: the option, else the sample's pinned ``sample_as_of``, else today."""
    if as_of is not None:
        return as_of, AsOfSource.OPTION
    if institution is not None and institution.sample_as_of is not None:
        return institution.sample_as_of, AsOfSource.SAMPLE
    return today, AsOfSource.TODAY


def zone_of(institution: schema.Institution | None) -> str:
    """The institution's time zone as configured (``clock`` falls back when it is not a zone)."""
    return institution.timezone if institution else clock.FALLBACK_ZONE


def today_of(institution: schema.Institution | None) -> date:
    """Today in the institution's time zone (a record after it is ``record-future``)."""
    return clock.today_in(zone_of(institution))


def run(root: Path, as_of: date | None = None, jobs: int | None = None, use_git: bool = True,
        history: History | None = None, overlay: Overlay | None = None, today: date | None = None,
        cache: bool = False, store: ParseCache | None = None,
        compliance_for: Callable[[Repo], Collection[str]] | None = None, checks: CheckCache | None = None,
        like: Facts | None = None) -> Outcome:
    """Raises loader.NotARepository when ``root`` is not a records repository.

    ``as_of`` defaults to the sample's ``sample_as_of`` when the institution sets one, else to
    ``today``, which defaults to today in the institution's zone (``clock``). With an earlier
    ``as_of`` the run sees the repository as on that day: later records do not exist for it
    (neither counted nor errors); only a record after ``today`` is ``record-future``.
    ``history`` given is used as the repository's Git history (the merge base seen through an
    overlay has none of its own: the review of a change lends it the work tree's); else it is read
    from Git when ``use_git``. ``overlay`` runs it on another state of the repository (see
    ``loadstate.Overlay``: the review of a change runs it on the merge base this way). ``cache``
    uses the parse cache under ``root/.cache`` (the command line does, unless ``--no-cache``);
    library callers and tests opt in; ``store`` shares one open parse cache between runs.
    ``compliance_for`` limits the counting rules' results to the actors it names for the loaded
    repository (``compliance.compute``'s ``only``: the review's merge base); diagnostics are whole.
    With the parse cache, each record's own findings go through the check cache too (``checkcache``):
    ``checks`` shares one already open (the caller closes it), else the run opens and closes its own;
    ``like``, the facts of a run on another state of the repository, lends what it may (``gather``).
    """
    own = CheckCache(root) if checks is None and (cache or store is not None) else None
    checks = checks or own
    # Git's index keys files for the cache even when the run reads no history (the review's base)
    repo = load_repo(root, jobs=jobs if jobs is not None else (os.cpu_count() or 1), overlay=overlay, cache=cache,
                     store=store)
    _freeze_if_large(repo)
    today = today or today_of(repo.institution)
    as_of, source = default_as_of(repo.institution, as_of, today)
    if history is None and use_git:
        code = repo.institution.code if repo.institution else None
        history = read_history(root, clock.zone(zone_of(repo.institution)).key, code=code)
    facts = gather(repo, like)
    validation = validate_repo(repo, as_of, history, facts, today, checks)
    counting = validation.counting(repo.records, as_of)
    credit = Credit(facts.roster, counting)
    only, kept = compliance_for(repo) if compliance_for is not None else None, kept_checks(checks, repo, as_of, today, history)
    compliance = compute(repo, facts.roster, facts.calendar, credit, as_of, only, kept=kept)
    if own is not None:
        own.close()
    extra = [*compliance.diagnostics, *withheld(repo, facts, counting)] if compliance is not None else []
    if source == AsOfSource.SAMPLE:
        extra.extend(after_sample_date(repo, as_of))
    diagnostics = sorted([*validation.diagnostics, *map(safe, extra)], key=lambda d: d.sort_key)
    if (cache or store is not None) and overlay is None:  # a full run on the work tree: what a review starts from
        snapshot.write(root, snapshot.context(repo.settings, as_of, today, history, source.value), repo, history,
                       validation, diagnostics, as_of)
    return Outcome(repo, as_of, validation, compliance, diagnostics, history, facts, counting, credit, today, source)


def _freeze_if_large(repo: Repo) -> None:
    """The repository lives as long as the run and holds no cycles: moving it out of the cyclic
    collector's reach keeps every later collection from rescanning 100,000 records (about a fifth
    of the checks' and the engine's time at that size). Small runs (tests) skip it, so a process
    running many pipelines does not keep their garbage."""
    if len(repo.records) >= FREEZE_FROM:
        gc.freeze()


def _line(repo: Repo, rel: str, key: str) -> int | None:
    loaded = repo.sources.docs.get(rel)
    return loaded.line((key,)) if loaded else None


def after_sample_date(repo: Repo, as_of: date) -> list[Diagnostic]:
    """Records dated after the sample's pinned date: a fork that kept ``sample_as_of`` would
    otherwise wonder why its new records never count."""
    return sample_notice(repo, as_of, sorted(r.path for r in repo.records if r.meta.date > as_of))


def sample_notice(repo: Repo, as_of: date, later: Sequence[str]) -> list[Diagnostic]:
    """``after_sample_date`` of the record files dated after ``as_of`` (sorted)."""
    if not later:
        return []
    return [diag("roster-sample-as-of", INSTITUTION, _line(repo, INSTITUTION, "sample_as_of"),
                 f"这里的 sample_as_of 把统计日期固定在 {as_of}（示例数据专用），有 {len(later)} 条记录的日期在它之后，"
                 f"不计入统计（例如 {later[0]}）。学校采用模板时请删除 sample_as_of 这一行；需要按某一天统计时，"
                 "请在命令行用 --as-of 指定。")]


def _held_back(repo: Repo, facts: Facts, counting: tuple[Record, ...]) -> list[tuple[Record, str]]:
    public_people = {p.id for p in repo.people.values() if p.public}
    out = []
    for r in counting:
        if r.meta.by in public_people and visibility(r.meta, repo.policy) == Visibility.PUBLIC:
            why = withheld_reason(r.meta, facts.sensitive, facts.guard)
            if why is not None:
                out.append((r, why))
    return out


def held_back(outcome: Outcome) -> list[tuple[str, str]]:
    """(path, reason in Chinese) of every public record of a public person that the public site
    leaves out, so the internal site or the validator can tell the author to rewrite it."""
    return [(r.path, why) for r, why in _held_back(outcome.repo, outcome.facts, outcome.counting)]


def withheld(repo: Repo, facts: Facts, counting: tuple[Record, ...]) -> list[Diagnostic]:
    """Public records the disclosure site leaves out, so their authors learn why and can fix them."""
    return [
        diag("record-public-withheld", r.path, r.line("summary"),
             f"这条记录设为公开，但不会出现在公开站点：{why}。请改写工作简况（例如“走访学生宿舍”而不写房间号和姓名），"
             "或把 visibility 改为 internal。记录仍计入统计。")
        for r, why in _held_back(repo, facts, counting)
    ]


@dataclass(frozen=True)
class PublicText:
    """A public record of a public person: whether the public site may show it, and why not."""

    record: Record
    blocked: str | None  # why it can never be published as written (a name or a sensitive target)
    verdict: Verdict  # the disclosure review of its current public text

    @property
    def published(self) -> bool:
        return self.blocked is None and self.verdict.status is Status.CLEARED

    @property
    def reason(self) -> str | None:
        """Why the public site leaves it out (None when it shows it)."""
        return None if self.published else self.blocked or self.verdict.reason


def public_texts(outcome: Outcome) -> list[PublicText]:
    """Every counting public record of a public person, by (date, path): the one answer to which of
    them the public site shows — only those a listed reviewer cleared as they are now and that the
    name guard lets through (``PublicText.published``). The others still count in every aggregate."""
    blocked = dict(held_back(outcome))
    public_people = {p.id for p in outcome.repo.people.values() if p.public}
    return [PublicText(r, blocked.get(r.path), outcome.reviews.verdict(r.path, r.meta, outcome.as_of))
            for r in outcome.counting
            if r.meta.by in public_people and visibility(r.meta, outcome.repo.policy) == Visibility.PUBLIC]
