"""Build a records repository for one policy preset from compact Python data, then evaluate it.

A :class:`World` is the whole repository of one preset: units, people, targets, assignments and the
table of :class:`Case` (counting rules) and :class:`Assign` (assignment rules) rows. Records live in
the rows that need them: each :class:`Side` lists the records that must be exactly the ones counted
(``counts``) and the near-miss records that are present but must not count (``misses``). ``build``
writes everything as real files — rosters/*.yml, the preset copied to policies/, and one Markdown
file with front matter per record — so the whole pipeline (loader, validator, engine) runs on it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator import pipeline
from generator.compliance import AssignmentResult, CoverageResult, ProfileResult, Result
from generator.pipeline import Outcome

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"

# The calendar of every test repository: one autumn term with the 国庆节 break, and (for presets
# with academic-year, half-year or year rules) the spring term that completes the academic year.
TERM1: dict[str, Any] = {
    "id": "2024-2025-1", "name": "2024—2025学年第一学期", "start": "2024-09-02", "end": "2025-01-17",
    "breaks": [{"name": "国庆节", "start": "2024-10-01", "end": "2024-10-07"}],
}
TERM2: dict[str, Any] = {
    "id": "2024-2025-2", "name": "2024—2025学年第二学期", "start": "2025-02-24", "end": "2025-07-04",
}
ONE_TERM = (TERM1,)
TWO_TERMS = (TERM1, TERM2)

Key = tuple[str, str, str, str | None]


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Rec:
    """One record file. Its path is a function of its content, so a table can name it."""

    by: str
    date: str
    type: str
    targets: tuple[str, ...] = ()
    with_: tuple[str, ...] = ()
    start: str | None = None
    end: str | None = None
    guidance: tuple[str, ...] = ()
    # problems raised (for the problem lists of the office outputs); left out of the path's digest
    # when empty so every other record keeps its path
    problems: tuple[Mapping[str, str], ...] = field(default=(), repr=False, compare=False, hash=False)

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date)

    @property
    def term(self) -> str:
        for term in (TERM1, TERM2):
            if term["start"] <= self.date <= term["end"]:
                return term["id"]
        return "no-term"

    @property
    def path(self) -> str:
        digest = hashlib.sha1((repr(self) + (repr(self.problems) if self.problems else "")).encode()).hexdigest()[:6]
        return f"records/{self.term}/{self.by}/{self.date}-{self.type}-{digest}.md"

    def text(self) -> str:
        meta: dict[str, Any] = {"by": self.by, "date": self.date}
        if self.start:
            meta["start"], meta["end"] = self.start, self.end
        meta["type"] = self.type
        if self.targets:
            meta["targets"] = list(self.targets)
        if self.with_:
            meta["with"] = list(self.with_)
        meta["summary"] = "与师生面对面交流，了解学习、工作和生活情况。"
        if self.guidance:
            meta["guidance"] = list(self.guidance)
        if self.problems:
            meta["problems"] = [dict(p) for p in self.problems]
        # JSON values are valid YAML: strings quoted, lists in flow style.
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        return f"---\n{front}\n---\n正文：活动情况记录。\n"


def rec(by: str, day: str, type_: str, targets: Sequence[str] = (), *, with_: Sequence[str] = (),
        start: str | None = None, end: str | None = None, guidance: Sequence[str] = (),
        problems: Sequence[Mapping[str, str]] = ()) -> Rec:
    return Rec(by, day, type_, tuple(targets), tuple(with_), start, end, tuple(guidance), tuple(problems))


def weekdays(first: str, n: int) -> list[str]:
    """``n`` Monday–Friday dates from ``first`` on (ISO strings)."""
    out: list[str] = []
    d = date.fromisoformat(first)
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d.isoformat())
        d += timedelta(days=1)
    return out


# --------------------------------------------------------------------------- tables

@dataclass(frozen=True)
class Side:
    """One actor's result for a case: exactly ``counts`` count; ``misses`` are present but do not."""

    actor: str
    counts: tuple[Rec, ...] = ()
    misses: tuple[Rec, ...] = ()
    target: str | None = None
    hours: float | None = None

    @property
    def achieved(self) -> int:
        return len(self.counts)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(r.path for r in sorted(self.counts, key=lambda r: (r.day, r.path)))


def side(actor: str, *counts: Rec, misses: Sequence[Rec] = (), target: str | None = None,
         hours: float | None = None) -> Side:
    return Side(actor, tuple(counts), tuple(misses), target, hours)


@dataclass(frozen=True)
class Case:
    """Counting rule ``rule`` in ``period``: ``good`` is met, ``bad`` is unmet (both exactly)."""

    rule: str
    period: str
    good: Side
    bad: Side
    level: str = "mandatory"
    why: str = ""  # what the bad side's records get wrong

    @property
    def id(self) -> str:
        return f"{self.rule}@{self.period}:{self.good.target or '-'}"


@dataclass(frozen=True)
class Assign:
    """Assignment rule ``rule`` on the as-of date: ``good`` (actor, count) met, ``bad`` unmet."""

    rule: str
    good: tuple[str, int]
    bad: tuple[str, int]
    level: str = "mandatory"

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.good[0]}/{self.bad[0]}"


@dataclass(frozen=True)
class World:
    preset: str
    as_of: str
    terms: tuple[dict[str, Any], ...]
    units: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]
    targets: tuple[dict[str, Any], ...]
    assignments: Mapping[str, Sequence[str]]
    cases: tuple[Case, ...]
    assigns: tuple[Assign, ...] = ()
    extra: tuple[Rec, ...] = ()  # records no case lists

    @property
    def records(self) -> list[Rec]:
        """Every record, once (a near miss may serve several rows)."""
        seen: dict[Rec, None] = {}
        for case in self.cases:
            for s in (case.good, case.bad):
                seen.update(dict.fromkeys(s.counts + s.misses))
        seen.update(dict.fromkeys(self.extra))
        return list(seen)

    def but(self, **changes: Any) -> World:
        return replace(self, **changes)


def unit(id_: str, name: str, kind: str, **more: Any) -> dict[str, Any]:
    return {"id": id_, "name": name, "kind": kind, **more}


def person(id_: str, name: str, roles: Sequence[str] = (), unit_: str = "college", **more: Any) -> dict[str, Any]:
    return {"id": id_, "name": name, "unit": unit_, "roles": list(roles), **more}


def target(id_: str, kind: str, name: str | None = None, **more: Any) -> dict[str, Any]:
    return {"id": id_, "kind": kind, "name": name or id_, **more}


# --------------------------------------------------------------------------- files

def _yaml_list(items: Iterable[Mapping[str, Any]]) -> str:
    lines: list[str] = []
    for item in items:
        for i, (k, v) in enumerate(item.items()):
            lines.append(f"{'- ' if i == 0 else '  '}{k}: {json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines) + "\n" if lines else "[]\n"


def build(root: Path, world: World) -> Path:
    """Write ``world`` as a records repository at ``root`` (which must not exist)."""
    (root / "policies").mkdir(parents=True)
    policy = f"policies/{world.preset}.yml"
    shutil.copyfile(POLICIES / f"{world.preset}.yml", root / policy)
    files = {
        "rosters/institution.yml":
            f'name: 测试职业技术学院\ncode: "99999"\ntimezone: Asia/Shanghai\npolicy: {policy}\nadmins: [org-bot]\n',
        "rosters/calendar.yml": "terms:\n" + "".join(
            "  " + _yaml_list([t]).replace("\n  ", "\n    ") for t in world.terms),
        "rosters/units.yml": _yaml_list([unit("college", "中共测试职业技术学院委员会", "committee"), *world.units]),
        "rosters/people.yml": _yaml_list(world.people),
        "rosters/targets.yml": _yaml_list(world.targets),
        "rosters/assignments.yml": _yaml_list(
            {"actor": a, "targets": list(ts)} for a, ts in world.assignments.items()),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "records").mkdir()
    for r in world.records:
        path = root / r.path
        assert not path.exists(), f"two records share {r.path}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(r.text(), encoding="utf-8")
    return root


@dataclass
class Evaluated:
    world: World
    outcome: Outcome
    results: dict[Key, Result] = field(default_factory=dict)
    assignments: dict[tuple[str, str], AssignmentResult] = field(default_factory=dict)
    coverage: dict[tuple[str, str], CoverageResult] = field(default_factory=dict)
    profiles: dict[tuple[str, str], ProfileResult] = field(default_factory=dict)

    def diagnostics(self, code: str) -> list[str]:
        """Messages of every diagnostic with ``code``."""
        return [d.message for d in self.outcome.diagnostics if d.code == code]

    def errors(self) -> list[str]:
        return [f"{d.file}:{d.line} [{d.code}] {d.message}" for d in self.outcome.diagnostics
                if d.severity == "error"]


def evaluate(root: Path, world: World) -> Evaluated:
    outcome = pipeline.run(root, as_of=date.fromisoformat(world.as_of), use_git=False)
    assert outcome.compliance is not None, [d.message for d in outcome.diagnostics]
    ev = Evaluated(world, outcome)
    c = outcome.compliance
    for r in c.results:
        key = (r.actor, r.rule, r.period, r.target)
        assert key not in ev.results, f"duplicate result {key}"
        ev.results[key] = r
    ev.assignments = {(a.actor, a.rule): a for a in c.assignments}
    ev.coverage = {(x.rule, x.target): x for x in c.coverage}
    ev.profiles = {(p.actor, p.rule): p for p in c.profiles}
    return ev
