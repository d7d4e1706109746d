"""What every run gathers once from a loaded repository: roster model, calendar, name guard, reviews.

The validator, the engine and both sites receive these through the pipeline's ``Outcome`` and
never rebuild them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .disclosure import Reviews
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
    reviews: Reviews  # the disclosure reviews that count (by a listed reviewer)


def gather(repo: Repo, like: Facts | None = None) -> Facts:
    """``like``: the facts of another state of the same repository (a review's work tree). When its
    rosters and policy were the same bytes (``Repo.settings``), its calendar, name guard (with what
    it learnt of each text) and sensitive targets are taken as they are: they are made of nothing
    else. The roster model and the reviews are this state's own."""
    if like is not None and repo.settings and like.roster.repo.settings == repo.settings:
        calendar, guard, sensitive = like.calendar, like.guard, like.sensitive
    else:
        calendar = TeachingCalendar(repo.calendar) if repo.calendar is not None else None
        guard = NameGuard.of(repo.people.values(), repo.units.values(), repo.targets.values(), repo.policy)
        sensitive = sensitive_ids(repo.targets.values(), repo.policy)
    return Facts(Roster(repo), calendar, guard, sensitive,
                 Reviews(repo.reviews, reviewers(repo), {r.path: r.meta.by for r in repo.records}))


def reviewers(repo: Repo) -> tuple[str, ...]:
    """The listed reviewers who are people of the rosters (roster order of the list)."""
    disclosure = repo.institution.disclosure if repo.institution else None
    return tuple(p for p in (disclosure.reviewers if disclosure else ()) if p in repo.people)
