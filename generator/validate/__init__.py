"""Cross-file checks: rosters, calendar, policy references and every record rule of contract §3.

Every check runs and every problem is collected; none stops the others. The checks are grouped by
what they read: ``rosters``, ``policy``, ``records`` (one record at a time) and ``across``
(between records of one actor).

A run for a past as-of date sees the repository as it stood then: records dated after the as-of
date (and not after today) do not exist for it, neither counted nor checked (contract §9).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..checkcache import CheckCache, Checks, actor_key, context_of, folder_key
from ..diagnostics import Diagnostic
from ..facts import Facts, gather
from ..gitinfo import History
from ..ledger import rewrites
from ..loader import RECORD_RE, PartialRecord, Record, Repo
from ..pii import safe
from .across import check_across, check_with_also_filed
from .context import Context
from .names import with_name_hints
from .owners import check_codeowners
from .policy import check_policy
from .records import check_record
from .reviews import check_reviews
from .rosters import ROSTER_CHECKS

__all__ = ["Validation", "ledger_rewrites", "validate_repo"]


@dataclass(frozen=True)
class Validation:
    diagnostics: list[Diagnostic]
    invalid_records: frozenset[str]  # records with at least one error (they never count or publish)
    superseded: frozenset[str]  # records replaced by an amendment
    beyond: frozenset[str] = frozenset()  # dated after an explicit as-of, not after today: absent
    rewrites: tuple[Diagnostic, ...] = ()  # the register's rewritten lines (``ledger_rewrites``), as found

    def counting(self, records: Sequence[Record], as_of: date) -> tuple[Record, ...]:
        """The records that exist for compliance and the sites: valid, not superseded, dated on or
        before the as-of date; ordered by (date, path)."""
        skip = self.invalid_records | self.superseded
        return tuple(sorted((r for r in records if r.path not in skip and r.meta.date <= as_of),
                            key=lambda r: (r.meta.date, r.path)))


def _dated(path: str, day: date | None) -> date | None:
    """A record's date: its front matter's, else its file name's (a file that failed to parse)."""
    if day is not None:
        return day
    m = RECORD_RE.fullmatch(path)
    try:
        return date.fromisoformat(m["date"]) if m else None
    except ValueError:
        return None


def beyond_as_of(repo: Repo, as_of: date, today: date) -> frozenset[str]:
    """Record files dated after ``as_of`` but not after ``today``: they do not exist for this run."""
    if as_of >= today:
        return frozenset()
    dates: dict[str, date | None] = {r.path: r.meta.date for r in repo.records}
    dates.update((p.path, p.meta.date) for p in repo.partial_records)
    dates.update((path, None) for path in repo.broken_records if path not in dates)
    return frozenset(p for p, d in dates.items() if (day := _dated(p, d)) is not None and as_of < day <= today)


#: The fields the checks between records read (duplicates, overlaps, the daily quota).
ACROSS_FIELDS = frozenset({"by", "date", "type", "targets", "start", "end"})


def _failed(found: Iterable[Diagnostic]) -> set[str]:
    return {d.file for d in found if d.severity == "error"}


def _folder_entry(c: Context, folder: str, group: Sequence[Record | PartialRecord]) -> bytes | None:
    """The check cache's key of one folder's records (None when the folder has no digest)."""
    digest = c.repo.folder_keys.get(folder)
    first = c.history.first_commit if c.history is not None and c.history.problem is None else {}
    return folder_key(digest, (first.get(r.path) for r in group)) if digest is not None else None


def _check_folder(c: Context, folder: str, group: Sequence[Record | PartialRecord], by_path: dict[str, Record],
                  superseded: set[str], memo: Checks | None, only: Collection[str] | None = None) -> set[str]:
    """``check_record`` on one folder's records (by path), through the check cache; returns the
    paths that got an error. An amendment reads another record, so it is always checked. With
    ``only``, the other records' own checks are skipped (what they supersede is still found)."""
    if only is not None and not all(r.path in only for r in group):
        memo = None  # a folder checked in part is neither looked up nor kept
    key = _folder_entry(c, folder, group) if memo is not None else None
    kept = memo.get(key) if memo is not None and key is not None else None
    found = kept if kept is not None else []
    amendments: list[Diagnostic] = []  # never kept
    for r in group:
        amends = r.meta.amends is not None or r.meta.reason is not None
        if (kept is not None or (only is not None and r.path not in only)) and not amends:
            continue
        before = len(c.out)
        check_record(c, r, by_path, superseded if isinstance(r, Record) else set())
        (amendments if amends else found).extend(c.out[before:])
    if kept is not None:
        c.out.extend(kept)
    elif memo is not None and key is not None:
        memo.put(key, found)
    return _failed([*found, *amendments])


def _actor_key(c: Context, group: Sequence[Record | PartialRecord], stamps: dict[str, int]) -> bytes | None:
    """The check cache's key of one actor's comparison (None when a folder has no digest: it is
    compared every run)."""
    folders = [c.repo.folder_keys.get(r.path.rpartition("/")[0]) for r in group]
    if None in folders:
        return None
    return actor_key((r.path, stamps.get(r.path, -1), isinstance(r, Record), folder)
                     for r, folder in zip(group, folders, strict=True) if folder is not None)


def _across(c: Context, both: Sequence[Record | PartialRecord], stamps: dict[str, int],
            memo: Checks | None) -> set[str]:
    """``check_across`` actor by actor (each of its checks compares records of one ``by`` only, in
    filing order), each through the check cache; returns the paths that got an error."""
    if memo is None:
        return check_across(c, both)
    actors: dict[str | None, list[Record | PartialRecord]] = defaultdict(list)
    for r in both:
        actors[r.meta.by].append(r)
    bad: set[str] = set()
    for group in actors.values():
        key = _actor_key(c, group, stamps)
        kept = memo.get(key) if key is not None else None
        if kept is not None:
            c.out.extend(kept)
            bad |= _failed(kept)
            continue
        before = len(c.out)
        bad |= check_across(c, group)
        if key is not None:
            memo.put(key, c.out[before:])
    return bad


def _check_records(c: Context, beyond: frozenset[str], memo: Checks | None,
                   only: Collection[str] | None = None) -> tuple[set[str], set[str]]:
    """Check every record (``only``: see ``_check_folder``); return (paths with errors, superseded paths)."""
    repo = c.repo
    bad: set[str] = set(repo.broken_records) - beyond
    by_path = {r.path: r for r in repo.records}
    superseded: set[str] = set()
    records = [r for r in repo.records if r.path not in beyond]
    # partials are already invalid; checked for the user's sake only
    partials: list[PartialRecord] = [p for p in repo.partial_records if p.path not in beyond]
    folders: dict[str, list[Record | PartialRecord]] = defaultdict(list)
    checked: list[Record | PartialRecord] = [*records, *partials]
    for r in checked:
        folders[r.path.rpartition("/")[0]].append(r)
    for folder, group in folders.items():
        group.sort(key=lambda r: r.path)
        bad |= _check_folder(c, folder, group, by_path, superseded, memo, only)
    # The file filed later is the duplicate: first-commit order from Git, else path order.
    stamps = c.history.first_commit_ts if c.history else {}
    live = sorted((r for r in records if r.path not in superseded),
                  key=lambda r: (stamps.get(r.path, float("inf")), r.path))
    # A record that failed the schema (or holds a personal number) is compared with the others too
    # when the fields these checks read are valid, so a second canteen meal is told in the same run
    # as the phone number in it, not in the run after the number is removed.
    comparable = [p for p in partials if p.path not in superseded and not ACROSS_FIELDS & p.unknown
                  and p.meta.by is not None and p.meta.date is not None and p.meta.type is not None]
    both: list[Record | PartialRecord] = [*live, *comparable]
    both.sort(key=lambda r: (stamps.get(r.path, float("inf")), r.path))
    bad |= _across(c, both, stamps, memo)
    if c.policy is not None:
        check_with_also_filed(c, live)
    return bad, superseded


def ledger_rewrites(repo: Repo, history: History | None) -> list[Diagnostic]:
    """Lines of the register that Git history or the work tree changed (when history is usable)."""
    if history is not None and history.problem is None and repo.ledger is not None:
        return rewrites(repo.root, repo.ledger.path)
    return []


def _history_state(history: History | None) -> str:
    return "none" if history is None else "unusable" if history.problem else "usable"


def kept_checks(checks: CheckCache | None, repo: Repo, as_of: date, today: date, history: History | None) -> Checks | None:
    """The check cache's entries of a run's context (None without the cache, or without a digest
    of the rosters and the policy): the records' findings, and the counting results (``compliance.kept``)."""
    if checks is None or not repo.settings:
        return None
    return checks.context(context_of(repo.settings, as_of, today, _history_state(history)))


def _repository_checks(c: Context, history: History | None, rewritten: Sequence[Diagnostic]) -> None:
    """Every check but the records': Git history, rosters, CODEOWNERS, policy, disclosure reviews."""
    if history is not None and history.problem:
        c.add("git-unavailable", "records", None, history.problem)
    c.out.extend(rewritten)
    if history is not None and history.clamped:
        path, shown = history.clamped[0]
        c.add("git-date", "records", None,
              f"有 {len(history.clamped)} 个文件的首次提交时间早于 1970 年或晚于现在（例如 {path} 记为 {shown}），"
              "已截到 1970 年至今之间计算。请检查提交者电脑的时钟。")
    for check in ROSTER_CHECKS:
        check(c)
    check_codeowners(c)
    check_policy(c)
    check_reviews(c)


def validate_repo(repo: Repo, as_of: date, history: History | None = None, facts: Facts | None = None,
                  today: date | None = None, checks: CheckCache | None = None,
                  records_only: Collection[str] | None = None) -> Validation:
    """Run every check; all problems are collected, none stops the others.

    ``today`` (default: ``as_of``) is the institution's today: only a record dated after it is
    ``record-future``; one dated between ``as_of`` and ``today`` is not there for this run.
    ``checks``: each record's own findings through the check cache (``checkcache``).
    ``records_only``: the checks of the records alone, and each record's own checks only on these
    files (the review's incremental sides read nothing else: they take every other finding from the
    last full run, ``review.incremental``); an amendment is always checked, for what it supersedes.
    """
    facts = facts or gather(repo)
    today = today or as_of
    memo = kept_checks(checks, repo, as_of, today, history)
    c = Context(repo, facts.roster, facts.guard, facts.sensitive, facts.calendar, as_of, history, today=today)
    rewritten = [] if records_only is not None else ledger_rewrites(repo, history)
    if records_only is None:
        _repository_checks(c, history, rewritten)
    beyond = beyond_as_of(repo, as_of, today)
    bad, superseded = _check_records(c, beyond, memo, records_only)
    loaded = with_name_hints(c, [d for d in repo.diagnostics if d.file not in beyond])
    diagnostics = sorted((safe(d) for d in [*loaded, *c.out]), key=lambda d: d.sort_key)
    return Validation(diagnostics, frozenset(bad), frozenset(superseded), beyond, tuple(rewritten))
