"""The review's two sides from the last full run's snapshot: only what the change touches is read.

A change to record files alone leaves the rosters, the policy and the reviews as they are, and both
sides of its review (the work tree and the merge base) differ from the state of the last full run
(``snapshot``) in a few record files. Of every finding, only those on the record files that read a
changed file can differ (docs/performance.md lists what each check reads):

* a changed file itself, and the records that amend it;
* every record of an actor whose records changed (or were superseded or un-superseded), on either
  side: the checks between one actor's records;
* the records of a (date, type) a changed record had, on either side, by someone its ``with``
  names: ``check_with_also_filed`` puts its finding on them.

Those files (``affected``) are checked again, over a repository holding them and everything their
checks read (``read``: the whole actor of each, the records of its (date, type) whose ``with`` names
its actor, amendment targets, whoever amends anything read, and the records crediting whoever the
change credits, for their standing); every
other finding is the snapshot's, and so is whether every other record is valid or superseded. The
two sides' outcomes are exactly those the full path computes (a property test holds them to it).

The full path is taken instead when there is no snapshot of this context, when the change touches
anything but record files, when any other input or what Git history says beyond the records
differs from the snapshot's, when a changed file a disclosure review names changed in what its
check reads (whether it is a public record, and whose), or when more than
``LIMIT`` record files changed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import clock, snapshot
from ..checkcache import CheckCache
from ..compliance import compute
from ..diagnostics import Diagnostic
from ..disclosure import decisions
from ..facts import Facts, gather
from ..gitdiff import ChangeSet
from ..gitinfo import History, read_history
from ..inventory import Inventory, blob_id, file_key
from ..loader import Overlay, Repo, folder_keys, listed_records, load_repo, with_records
from ..parsecache import ParseCache
from ..pii import safe
from ..pipeline import INSTITUTION, Outcome, default_as_of, sample_notice, today_of, withheld, zone_of
from ..recordstore import no_collector
from ..roster import Credit
from ..snapshot import STAMP, Row, Snapshot
from ..validate import Validation, ledger_rewrites, validate_repo
from ..vocab import AsOfSource

__all__ = ["LIMIT", "sides"]

LIMIT = 1000  # changed record files on one side beyond which the full path costs little more


@dataclass(frozen=True)
class Start:
    """What both sides share: the rosters, policy and reviews (the same on both), the run's dates,
    the work tree's history and the snapshot."""

    root: Path
    snap: Snapshot
    settings: Repo  # load_repo with no record files
    facts: Facts
    history: History | None
    as_of: date
    today: date
    source: AsOfSource
    store: ParseCache
    checks: CheckCache | None


@dataclass
class View:
    """One side's record files, as the snapshot's rows where they are the same."""

    start: Start
    overlay: Overlay | None
    listed: Inventory  # this side's record files and the keys Git vouches for
    changed: set[str]  # files whose row differs from the snapshot's, or that only one has
    rows: dict[str, Row]  # this side's rows of the changed files it has

    def row(self, path: str) -> Row | None:
        return self.rows.get(path) if path in self.changed else self.start.snap.row(path)

    def both(self, path: str) -> Iterator[Row]:
        """The snapshot's row and this side's, where there are."""
        for row in (self.start.snap.row(path), self.row(path)):
            if row is not None:
                yield row

    def _look(self, index: str, key: object, mine: Iterable[str]) -> list[str]:
        return [*(p for p in self.start.snap.find(index, key) if p not in self.changed), *mine]

    def by_actor(self, actor: str) -> list[str]:
        return self._look("by_actor", actor, (p for p, r in self.rows.items() if r.kind != "b" and r.by == actor))

    def by_group(self, group: tuple[int, str]) -> list[str]:
        return self._look("by_group", group, (p for p, r in self.rows.items() if r.group == group))

    def amenders(self, path: str) -> list[str]:
        return self._look("amenders", path, (p for p, r in self.rows.items() if r.kind != "b" and r.amends == path))

    def crediting(self, actor: str) -> list[str]:
        return self._look("crediting", actor, (p for p, r in self.rows.items() if actor in r.credits()))


def _begin(root: Path, as_of: date | None, store: ParseCache, checks: CheckCache | None) -> Start | None:
    settings = load_repo(root, store=store, only=())
    today = today_of(settings.institution)
    day, source = default_as_of(settings.institution, as_of, today)
    history = read_history(root, clock.zone(zone_of(settings.institution)).key)  # no catalogue start: no site
    snap = snapshot.load(root, snapshot.context(settings.settings, day, today, history, source.value))
    if snap is None or snap.inputs != settings.inputs:
        return None
    if snap.history != snapshot.history_digest(history, ledger_rewrites(settings, history), settings.reviews):
        return None
    return Start(root, snap, settings, gather(settings), history, day, today, source, store, checks)


@dataclass(frozen=True)
class Tree:
    """The work tree's record files as both views start from them: the listing, each file's
    content key, each folder's digest (``folder_keys``) and the files whose first commit Git
    dates otherwise than the snapshot (the same history on both sides)."""

    listed: Inventory
    keys: dict[str, str]
    folders: dict[str, bytes]
    restamped: set[str]


def _tree(s: Start) -> Tree:
    inv = listed_records(s.root, s.store)
    known = inv.keys
    keys = {rel: known.get(rel) or file_key(s.root / rel, inv.algorithm) for rel in inv.records}
    stamps = s.history.first_commit_ts if s.history is not None else {}
    restamped = {p for p, row in s.snap.rows.items() if stamps.get(p, -1) != row[STAMP]}
    return Tree(inv, keys, folder_keys(keys), restamped)


def _folders(t: Tree, overlay: Overlay | None, inv: Inventory) -> dict[str, bytes]:
    """This side's folder digests: the work tree's, but for the folders the overlay touches."""
    if overlay is None:
        return t.folders
    given = overlay.replaced
    touched = {p.rpartition("/")[0] for p in (*given, *overlay.hidden)}
    mine = {rel: blob_id(given[rel], inv.algorithm) if rel in given else t.keys[rel]
            for rel in _within(inv.records, touched)}
    return {**{f: d for f, d in t.folders.items() if f not in touched}, **folder_keys(mine)}


def _within(paths: Iterable[str], folders: set[str]) -> list[str]:
    """The paths directly in one of ``folders``."""
    prefixes = tuple(f"{f}/" for f in folders)
    return [p for p in paths if p.startswith(prefixes) and p.rpartition("/")[0] in folders] if folders else []


def _view(s: Start, t: Tree, overlay: Overlay | None) -> View | None:
    """This side's record files and which differ from the snapshot's (None: too many): a file
    only one has, one Git dates otherwise, and every file of a folder whose digest differs (its
    files as one)."""
    inv = listed_records(s.root, s.store, overlay) if overlay is not None else t.listed
    digests, known = _folders(t, overlay, inv), s.snap.folders
    moved = {f for f in digests.keys() | known.keys() if digests.get(f) != known.get(f)}
    listed = set(inv.records)
    changed = listed.symmetric_difference(s.snap.rows) | t.restamped
    changed.update(_within(inv.records, moved), _within(s.snap.rows, moved))
    if len(changed) > LIMIT:
        return None
    present = sorted(changed & listed)
    rows = snapshot.rows_of(with_records(s.settings, present, s.store, overlay, inv), s.history) if present else {}
    return View(s, overlay, inv, changed, rows)


def affected(v: View) -> set[str]:
    """The record files whose findings, validity or superseding may differ from the snapshot's:
    the changed ones and the records they amend (``sigma``), whoever amends a changed one, every
    record of their actors, and the records of the same (date, type) by someone their ``with``
    names (``check_with_also_filed`` puts its finding there)."""
    sigma = set(v.changed)
    for p in v.changed:
        sigma.update(r.amends for r in v.both(p) if r.amends is not None)
    out = set(sigma)
    for p in v.changed:
        out.update(v.amenders(p))
    for p in sigma:
        for r in v.both(p):
            if r.kind != "b" and r.by is not None:
                out.update(v.by_actor(r.by))
            if r.group is not None and r.with_:
                out.update(q for q in v.by_group(r.group) if (other := v.row(q)) is not None and other.by in r.with_)
    return out


def read(v: View, touched: Collection[str], credited: Collection[str], changes: Iterable[str]) -> set[str]:
    """The record files to load: ``touched`` and all their checks read (their actor's records,
    what they amend, the records of their (date, type) whose ``with`` names their actor), the
    records crediting the ``credited`` (and, for a unit, its members and secretary), the changed
    files themselves, and whoever amends any of these (it decides whether that one is superseded)."""
    out = set(touched) | set(changes)
    for p in touched:
        r = v.row(p)
        if r is None or r.kind == "b":
            continue
        if r.by is not None:
            out.update(v.by_actor(r.by))
        if r.group is not None:
            out.update(q for q in v.by_group(r.group) if (other := v.row(q)) is not None and r.by in other.with_)
        if r.amends is not None:
            out.add(r.amends)
    roster = v.start.facts.roster
    for actor in credited:
        unit = roster.units.get(actor)
        for one in (actor, *roster.members.get(actor, ()), *([unit.secretary] if unit and unit.secretary else [])):
            out.update(v.crediting(one))
    todo = list(out)
    while todo:
        for m in v.amenders(todo.pop()):
            if m not in out:
                out.add(m)
                todo.append(m)
    return out


def _credited(views: tuple[View, View], changeset: ChangeSet) -> set[str]:
    """Everyone a changed record credits on either side (``standing.credited``)."""
    after, before = views
    found: set[str] = set()
    for c in changeset.changes:
        for row in (after.row(c.path), before.row(c.old_path or c.path)):
            if row is not None and row.kind == "r":
                found.update(row.credits())
            elif row is not None and row.kind == "p" and row.by:
                found.add(row.by)
    return found


def _kept(s: Start, touched: set[str], stray: list[Diagnostic]) -> list[Diagnostic]:
    """The snapshot's findings that still hold: not on a touched file, not the listing's of files
    under records/ that are no record files (``stray``, this side's, replaces them) and not the
    sample date's notice (recomputed)."""
    rows = s.snap.rows
    return [d for d in s.snap.diagnostics
            if d.file not in touched and not (d.file.startswith("records/") and d.file not in rows)
            and not (d.code == "roster-sample-as-of" and d.file == INSTITUTION)] + [safe(d) for d in stray]


def _later(v: View) -> list[str]:
    """Records dated after the as-of date (``pipeline.after_sample_date``)."""
    limit = v.start.as_of.toordinal()
    mine = [p for p, r in v.rows.items() if r.kind == "r" and r.day > limit]
    return sorted([*(p for p in v.start.snap.later if p not in v.changed), *mine])


def _side(v: View, credited: set[str], changes: Iterable[str]) -> Outcome:
    s = v.start
    touched = affected(v)
    repo = with_records(s.settings, read(v, touched, credited, changes), s.store, v.overlay, v.listed)
    checked = validate_repo(repo, s.as_of, s.history, s.facts, s.today, s.checks, records_only=touched)
    rows = [(p, v.row(p)) for p in (r.path for r in repo.records) if p not in touched]
    # the touched records as checked now, every other one as the snapshot has it
    invalid = {p for p in touched if p in checked.invalid_records} | {p for p, r in rows if r and r.invalid}
    superseded = {p for p in touched if p in checked.superseded} | {p for p, r in rows if r and r.superseded}
    counting = tuple(sorted((r for r in repo.records if r.path not in invalid and r.path not in superseded
                             and r.meta.date <= s.as_of), key=lambda r: (r.meta.date, r.path)))
    credit = Credit(s.facts.roster, counting)
    compliance = compute(repo, s.facts.roster, s.facts.calendar, credit, s.as_of, credited, roster_rules=False)
    found = [d for d in checked.diagnostics if d.file in touched]
    if compliance is not None:
        found += map(safe, withheld(repo, s.facts, tuple(r for r in counting if r.path in touched)))
    if s.source == AsOfSource.SAMPLE:
        found += map(safe, sample_notice(repo, s.as_of, _later(v)))
    diagnostics = sorted([*_kept(s, touched, v.listed.stray), *found], key=lambda d: d.sort_key)
    validation = Validation(diagnostics, frozenset(invalid), frozenset(superseded), checked.beyond)
    return Outcome(repo, s.as_of, validation, compliance, diagnostics, s.history, s.facts, counting, credit,
                   s.today, s.source)


def _reviewed(s: Start, views: tuple[View, View]) -> bool:
    """Whether what ``check_reviews`` reads of a record file a disclosure review names (whether it
    is a record, a readable one, public, and whose) differs on either side from the snapshot."""
    def seen(row: Row | None) -> tuple[object, ...] | None:
        return None if row is None else (row.kind, row.by, row.public) if row.kind == "r" else (row.kind,)

    named = {d.record for d in decisions(s.settings.reviews)}
    return any(seen(v.row(p)) != seen(s.snap.row(p)) for v in views for p in named & v.changed)


def sides(root: Path, changeset: ChangeSet, overlay: Overlay, as_of: date | None, store: ParseCache,
          checks: CheckCache | None) -> tuple[Outcome, Outcome] | None:
    """The work tree's and the merge base's outcomes from the snapshot, or None: take the full path
    (see the module)."""
    if not changeset.changes or any(not p.startswith("records/") for p in changeset.paths):
        return None
    with no_collector():  # the snapshot's 100,000 rows would be rescanned on every collection
        return _sides(root, changeset, overlay, as_of, store, checks)


def _sides(root: Path, changeset: ChangeSet, overlay: Overlay, as_of: date | None, store: ParseCache,
           checks: CheckCache | None) -> tuple[Outcome, Outcome] | None:
    s = _begin(root, as_of, store, checks)
    if s is None:
        return None
    tree = _tree(s)
    after, before = _view(s, tree, None), _view(s, tree, overlay)
    if after is None or before is None or _reviewed(s, (after, before)):
        return None
    credited = _credited((after, before), changeset)
    return (_side(after, credited, [c.path for c in changeset.changes]),
            _side(before, credited, [c.old_path or c.path for c in changeset.changes]))
