"""What every run gathers once from a loaded repository: roster model, calendar, name guard.

The validator, the engine and both sites receive these through the pipeline's ``Outcome`` and
never rebuild them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .loader import Repo
from .periods import TeachingCalendar
from .privacy import NameGuard, sensitive_ids
from .roster import Roster


@dataclass(frozen=True)
class Facts:
    roster: Roster
    calendar: TeachingCalendar | None  # None without a readable calendar
    guard: NameGuard
    sensitive: frozenset[str]  # ids of sensitive targets


def gather(repo: Repo) -> Facts:
    calendar = TeachingCalendar(repo.calendar) if repo.calendar is not None else None
    guard = NameGuard.of(repo.people.values(), repo.units.values(), repo.targets.values(), repo.policy)
    return Facts(Roster(repo), calendar, guard, sensitive_ids(repo.targets.values(), repo.policy))
