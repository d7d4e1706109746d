"""What every cross-file check shares: the repository, its roster model, the as-of date, the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import schema
from ..diagnostics import Code, Diagnostic, diag
from ..gitinfo import History
from ..loader import Repo
from ..messages import MESSAGES, text
from ..periods import TeachingCalendar
from ..privacy import NameGuard
from ..roster import IdKind, Roster

INSTITUTION = "rosters/institution.yml"
CALENDAR = "rosters/calendar.yml"
UNITS = "rosters/units.yml"
PEOPLE = "rosters/people.yml"
TARGETS = "rosters/targets.yml"
ASSIGNMENTS = "rosters/assignments.yml"
LEAVES = "rosters/leaves.yml"

_ROSTER_NAMES = {IdKind.UNIT: "单位（units.yml）", IdKind.PERSON: "人员（people.yml）", IdKind.TARGET: "联系对象（targets.yml）"}


@dataclass
class Context:
    repo: Repo
    roster: Roster
    guard: NameGuard
    sensitive: frozenset[str]
    calendar: TeachingCalendar | None
    as_of: date
    history: History | None = None
    out: list[Diagnostic] = field(default_factory=list)
    today: date | None = None  # the institution's today; None: the as-of date

    @property
    def policy(self) -> schema.Policy | None:
        return self.repo.policy

    @property
    def ids(self) -> dict[str, IdKind]:
        return self.roster.ids

    def add(self, code: Code, file: str, line: int | None, message: str) -> None:
        self.out.append(diag(code, file, line, message))

    def say(self, key: str, file: str, line: int | None, **values: object) -> None:
        """Add the catalogued message ``key`` (``messages``), which the record form shows too."""
        self.add(MESSAGES[key].code, file, line, text(key, **values))

    def entries(self, rel: str) -> tuple[tuple[int, Any], ...]:
        return self.repo.entries(rel)

    def line(self, rel: str, index: int, *path: str | int) -> int | None:
        return self.repo.entry_line(rel, index, *path)

    def missing(self, ref: str) -> bool:
        """An unknown id; ids of entries that failed the schema were already reported, and so was
        a units/people/targets file that could not be read (every id in it would look unknown)."""
        if self.repo.sources.unreadable & {UNITS, PEOPLE, TARGETS}:
            return False
        return ref not in self.ids and ref not in self.repo.sources.broken_ids

    def ref_hint(self, ref: str, want: str, meant: str = "") -> str:
        """An id of the wrong roster, or of none; ``meant`` is a did-you-mean to put first."""
        kind = self.ids.get(ref)
        if kind:
            return text("ref-other-roster", ref=ref, roster=_ROSTER_NAMES[kind], want=want)
        if meant:
            return text("ref-unknown-meant", ref=ref, meant=meant, want=want)
        return text("ref-unknown", ref=ref, want=want)
