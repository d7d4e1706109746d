"""Where each actor a change touches stands, before → after, in the current periods of their rules.

Both sides' compliance is computed by the same pipeline (the merge base and the work tree), so
the difference is exactly what the change does: "2026-12 每月走访学生宿舍至少1次 0/1 → 1/1 已完成".
What is still due by the end of this week and of this month comes from the after side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..compliance import Result
from ..gitdiff import ChangeKind, ChangeSet
from ..loader import PartialRecord, Record, Repo
from ..pipeline import Outcome
from ..privacy import mask_name
from ..text import format_hours
from ..vocab import Status


@dataclass(frozen=True, slots=True)
class Count:
    """One side of one result, as printed: achieved/required (and hours), and the status."""

    achieved: int
    required: int
    hours: float
    required_hours: float
    status: Status

    @classmethod
    def of(cls, r: Result) -> Count:
        return cls(r.achieved, r.required, r.hours, r.required_hours, r.status)

    def words(self) -> str:
        text = f"{self.achieved}/{self.required}"
        if self.required_hours:
            text += f"，{format_hours(self.hours)}/{format_hours(self.required_hours)} 小时"
        return text

    def to_json(self) -> dict[str, object]:
        return {"achieved": self.achieved, "required": self.required, "hours": round(self.hours, 2),
                "required_hours": self.required_hours, "status": self.status.value}


@dataclass(frozen=True, slots=True)
class StandingLine:
    """One rule in one current period (and target, for ``each`` rules): before → after."""

    rule: str
    title: str
    period: str
    target: str | None  # display name (masked when sensitive)
    before: Count | None  # None: the rule did not apply before the change
    after: Count

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def words(self) -> str:
        what = f"{self.period} {self.title}" + (f"（{self.target}）" if self.target else "")
        before = self.before.words() if self.before else "（原先不适用）"
        return f"{what}：{before} → {self.after.words()} {self.after.status.label}"

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "title": self.title, "period": self.period, "target": self.target,
                "before": self.before.to_json() if self.before else None, "after": self.after.to_json()}


@dataclass(frozen=True, slots=True)
class DueItem:
    """What a pending result still lacks by the end of its period."""

    title: str
    period: str
    end: date
    missing: int
    missing_hours: float

    def words(self) -> str:
        parts = [f"还差 {self.missing} 次"] if self.missing > 0 else []
        if self.missing_hours > 1e-9:
            parts.append(f"还差 {format_hours(self.missing_hours)} 小时")
        return f"{self.title}（{self.period}，{self.end} 截止）{'，'.join(parts)}"

    def to_json(self) -> dict[str, object]:
        return {"title": self.title, "period": self.period, "end": self.end.isoformat(),
                "missing": self.missing, "missing_hours": round(self.missing_hours, 2)}


@dataclass(frozen=True)
class Standing:
    actor: str
    name: str
    lines: tuple[StandingLine, ...]
    week_end: date
    due_week: tuple[DueItem, ...]
    month_end: date
    due_month: tuple[DueItem, ...]

    def to_json(self) -> dict[str, object]:
        return {"actor": self.actor, "name": self.name, "current": [x.to_json() for x in self.lines],
                "week_end": self.week_end.isoformat(), "due_week": [d.to_json() for d in self.due_week],
                "month_end": self.month_end.isoformat(), "due_month": [d.to_json() for d in self.due_month]}


def week_and_month_end(day: date) -> tuple[date, date]:
    week_end = day + timedelta(days=6 - day.weekday())
    month_end = date(day.year + (day.month == 12), day.month % 12 + 1, 1) - timedelta(days=1)
    return week_end, month_end


def touched_actors(changeset: ChangeSet, before: Repo | None, after: Repo) -> list[str]:
    """Actors credited by a changed record on either side (``by`` and ``with``), in the after
    side's roster order."""
    found = credited(changeset, before, after)
    return [a for a in [*after.people, *after.units] if a in found]


def credited(changeset: ChangeSet, before: Repo | None, after: Repo) -> set[str]:
    """Everyone a changed record credits on either side (``by`` and ``with``; a record that failed
    its schema, by its ``by``)."""
    found: set[str] = set()
    for side, kinds in ((before, (ChangeKind.MODIFIED, ChangeKind.DELETED, ChangeKind.RENAMED)),
                        (after, (ChangeKind.ADDED, ChangeKind.MODIFIED, ChangeKind.RENAMED))):
        if side is None:
            continue
        paths = {(c.old_path or c.path) if side is before else c.path for c in changeset.changes if c.kind in kinds}
        found |= credits([r for r in side.records if r.path in paths], [p for p in side.partial_records if p.path in paths])
    return found


def credits(records: Iterable[Record], partials: Iterable[PartialRecord]) -> set[str]:
    """Everyone these records credit (``by`` and ``with``), and the ``by`` of those that failed
    their schema."""
    found = {a for r in records for a in (r.meta.by, *r.meta.with_)}
    return found | {p.meta.by for p in partials if p.meta.by}


def _current(results: Iterable[Result], actor: str, day: date) -> dict[tuple[str, str, str | None], Result]:
    return {(r.rule, r.period, r.target): r for r in results if r.actor == actor and r.start <= day <= r.end}


def _due(results: Iterable[Result], titles: dict[str, str], lo: date, hi: date) -> tuple[DueItem, ...]:
    out = []
    for r in sorted(results, key=lambda r: (r.end, r.rule, r.target or "")):
        if r.status == Status.PENDING and lo < r.end <= hi:
            out.append(DueItem(titles.get(r.rule, r.rule), r.period, r.end, max(r.required - r.achieved, 0),
                               max(r.required_hours - r.hours, 0.0)))
    return tuple(out)


def standing_of(actor: str, before: Outcome | None, after: Outcome, targets: set[str]) -> Standing:
    """One actor's standing; ``each`` rules show only the targets the change touches or moves."""
    assert after.compliance is not None
    day = after.as_of
    titles = {r.id: r.title for r in after.repo.policy.rules} if after.repo.policy else {}
    now = _current(after.compliance.results, actor, day)
    was = _current(before.compliance.results, actor, day) if before and before.compliance else {}
    lines = []
    for key, r in now.items():
        old = Count.of(was[key]) if key in was else None
        line = StandingLine(r.rule, titles.get(r.rule, r.rule), r.period, _target_name(after, r.target), old, Count.of(r))
        if r.target is None or r.target in targets or line.changed:
            lines.append(line)
    week_end, month_end = week_and_month_end(day)
    return Standing(actor, after.roster.name(actor), tuple(lines), week_end,
                    _due(now.values(), titles, day - timedelta(days=1), week_end),
                    month_end, _due(now.values(), titles, week_end, month_end))


def _target_name(outcome: Outcome, ref: str | None) -> str | None:
    if ref is None:
        return None
    name = outcome.roster.name(ref)
    return f"{mask_name(name)}（{ref}）" if ref in outcome.sensitive else name


def standings(changeset: ChangeSet, before: Outcome | None, after: Outcome) -> tuple[Standing, ...]:
    if after.compliance is None:
        return ()
    targets = _touched_targets(changeset, [o for o in (before, after) if o is not None])
    return tuple(standing_of(a, before, after, targets)
                 for a in touched_actors(changeset, before.repo if before else None, after.repo))


def _touched_targets(changeset: ChangeSet, sides: Sequence[Outcome]) -> set[str]:
    paths = changeset.paths
    return {t for side in sides for r in side.repo.records if r.path in paths for t in r.meta.targets}
