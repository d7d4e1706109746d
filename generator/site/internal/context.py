"""What every internal page is built from: one outcome's facts, indexed once by actor, rule and target."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, TypeVar

from ... import activities, privacy, schema
from ...compliance import AssignmentResult, Compliance, ProfileResult, Result, Tally
from ...diagnostics import Diagnostic
from ...exports import ExportContext, Produced
from ...gitinfo import History
from ...loader import Record, Repo, parameter_uses
from ...parameters import Use
from ...periods import Period, TeachingCalendar, rule_due_threshold
from ...pipeline import Outcome, PublicText, public_texts
from ...privacy import NameGuard, mask_name
from ...roster import Credit, Roster
from ...vocab import KIND_LABELS, Level, Visibility
from .. import markup
from ..markup import Trusted
from ..sanitize import BodyRenderer

# The indexes come from what the pipeline already gathered (roster, calendar, counting records,
# credit, name guard); nothing here re-reads files or re-derives a rule. Privacy is decided here too:
# whether a record is restricted and how a target's name is shown are asked of this one object.

K = TypeVar("K")
V = TypeVar("V")

#: Target kinds that get a page of their own (students and courses do not: too many, or no contact).
TARGET_PAGE_KINDS: tuple[str, ...] = ("class", "dorm", "club", "teacher")


def person_page(pid: str) -> str:
    return f"people/{pid}.md"


def unit_page(uid: str) -> str:
    return f"units/{uid}.md"


def rule_page(rid: str) -> str:
    return f"rules/{rid}.md"


def target_page(tid: str) -> str:
    return f"targets/{tid}.md"


def record_anchor(path: str) -> str:
    """The anchor of a record on its actor's page, from its path alone (so a record that failed
    the schema still has one): records/<term>/<actor>/<date>-<slug>.md → r-<actor>-<date>-<slug>."""
    parts = path.removesuffix(".md").split("/")
    return "r-" + "-".join(parts[2:]) if len(parts) >= 4 else "r-" + parts[-1]


@dataclass(frozen=True)
class Problem:
    """One problem raised in a counting record, with its age on the as-of date."""

    record: Record
    index: int
    problem: schema.Problem
    restricted: bool  # raised in a restricted record: its words are not shown
    age: int  # days from raising to resolution (resolved) or to the as-of date
    overdue: bool

    @property
    def raised(self) -> date:
        return self.record.meta.date


def current_term(cal: TeachingCalendar, as_of: date) -> schema.Term:
    """The term ``as_of`` reports under, else (before the first term) the first term."""
    return cal.reporting_term(as_of) or cal.terms()[0]


def _by(items: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    out: dict[K, list[V]] = defaultdict(list)
    for key, item in items:
        out[key].append(item)
    return out


R = TypeVar("R", schema.AssignmentRule, schema.ProfileRule)


def _first(rules: Iterable[R]) -> dict[str, R]:
    out: dict[str, R] = {}
    for r in rules:
        out.setdefault(r.id, r)
    return out


class _NotYet:
    """The policy's outputs while they are still being made (``Context.pending_outputs``): a page
    that reads them then fails loudly instead of showing none."""

    def _fail(self, *_: object) -> Any:
        raise RuntimeError("a page read the policy's outputs before they were made (see pages.output_pages)")

    __iter__ = __len__ = __bool__ = __contains__ = __getitem__ = items = keys = values = _fail


class Context:
    """One outcome, indexed for the pages; every page builder reads from here."""

    def __init__(self, outcome: Outcome, produced: Sequence[Produced] = (),
                 feeds: dict[str, bytes] | None = None) -> None:
        repo = outcome.repo
        if repo.policy is None or outcome.calendar is None or repo.institution is None \
                or outcome.compliance is None:
            raise ValueError("the internal site needs an institution, a policy, a calendar and compliance")
        self.repo: Repo = repo
        self.roster: Roster = outcome.roster
        self.institution: schema.Institution = repo.institution
        self.policy: schema.Policy = repo.policy
        self.compliance: Compliance = outcome.compliance
        self.diagnostics: list[Diagnostic] = outcome.diagnostics
        self.as_of = outcome.as_of
        self.as_of_source = outcome.as_of_source
        self.cal: TeachingCalendar = outcome.calendar
        self.term = current_term(self.cal, self.as_of)
        self._in_term: dict[date, bool] = {}  # day -> in_term(day): asked of every record on every page
        # What "this week" and "this month" end on, for every to-do list (home and actor pages).
        self.week_end = self.as_of + timedelta(days=6 - self.as_of.weekday())
        self.month_end = date(self.as_of.year + (self.as_of.month == 12), self.as_of.month % 12 + 1, 1) - timedelta(days=1)
        self.rules: dict[str, schema.Rule] = {r.id: r for r in self.policy.rules}
        self.assignment_rules: dict[str, schema.AssignmentRule] = _first(self.policy.assignment_rules)
        self.profile_rules: dict[str, schema.ProfileRule] = _first(self.policy.profile_rules)
        self.parameter_uses: dict[tuple[str, str], list[Use]] = parameter_uses(repo.policy_files)
        self.sensitive = outcome.sensitive
        self.guard: NameGuard = outcome.guard
        self.records: Sequence[Record] = outcome.counting
        # Every valid record, superseded ones too (an amendment's trail shows what it replaced).
        self.by_path: dict[str, Record] = {r.path: r for r in repo.records}
        self.history: History | None = outcome.history
        self.credit: Credit = outcome.credit
        self.public_texts: list[PublicText] = public_texts(outcome)  # the 保密审查 page's queue
        self.public_text_of = {t.record.path: t for t in self.public_texts}
        self._bodies = BodyRenderer()
        self._body_cache: dict[str, Trusted] = {}
        self.outcome = outcome
        self.set_outputs(produced, feeds or {})
        self.labels: dict[str, Trusted] = {}  # link labels by id (links.PageLinks.label)
        self.shown: dict[str, frozenset[str]] = {}  # records an actor page shows in full (rows.shown)
        self._index_results()
        self._index_roster()

    def set_outputs(self, produced: Sequence[Produced], feeds: dict[str, bytes]) -> None:
        self.produced: list[Produced] = list(produced)  # the policy's outputs as built (generator.exports)
        self.produced_ids = {p.spec.id for p in self.produced}
        self.feeds: dict[str, bytes] = feeds

    def pending_outputs(self) -> None:
        """Until ``set_outputs``: the outputs are being made while the pages that do not show them are
        rendered (``pages.render_site``)."""
        self.produced = self.produced_ids = self.feeds = _NotYet()  # type: ignore[assignment]

    @cached_property
    def exports(self) -> ExportContext:
        return ExportContext(self.outcome)

    def _index_results(self) -> None:
        # Results of the current term only: what every grid, rate and to-do list is about.
        term = self.term
        self.term_results: list[Result] = [
            r for r in self.compliance.results if r.start <= term.end and r.end >= term.start
        ]
        self.results_by_actor: dict[str, list[Result]] = _by((r.actor, r) for r in self.term_results)
        self.results_by_rule: dict[str, list[Result]] = _by((r.rule, r) for r in self.term_results)
        self.assignment_results: dict[str, list[AssignmentResult]] = _by(
            (a.actor, a) for a in self.compliance.assignments)
        self.profiles_by_actor: dict[str, list[ProfileResult]] = _by(
            (x.actor, x) for x in self.compliance.profiles)

    def _index_roster(self) -> None:
        repo = self.repo
        self.assigned_to: dict[str, list[str]] = defaultdict(list)  # target -> actors, first assignment first
        for a in repo.assignments:
            for t in a.targets:
                if a.actor not in self.assigned_to[t]:
                    self.assigned_to[t].append(a.actor)
        self.unit_people: dict[str, list[str]] = _by((p.unit, p.id) for p in repo.people.values())
        self.branch_people: dict[str, list[str]] = _by((p.branch, p.id) for p in repo.people.values() if p.branch)
        self.children: dict[str, list[str]] = _by(
            (u.parent, u.id) for u in repo.units.values() if u.parent and u.parent in repo.units)
        self.page_targets: list[schema.Target] = [t for t in repo.targets.values() if t.kind in TARGET_PAGE_KINDS]
        self._target_pages = {t.id for t in self.page_targets}
        self._unit_order = {u: i for i, u in enumerate(repo.units)}

    # ------------------------------------------------------------------ naming
    def display(self, ref: str) -> str:
        """Display name of any id; a sensitive target's name is masked."""
        name = self.roster.name(ref)
        if ref in self.sensitive and ref not in self.repo.people and ref not in self.repo.units:
            return mask_name(name)
        return name

    def search_words(self) -> tuple[str, ...]:
        """Names the search index must keep whole: people, units, targets with a page, activity
        types. A sensitive target's name is left out: pages show it masked, so nothing finds it."""
        names = [p.name for p in self.repo.people.values()] + [u.name for u in self.repo.units.values()]
        names += [t.name for t in self.page_targets if t.id not in self.sensitive]
        names += [t.name for t in self.policy.activity_types.values()]
        return tuple(n.strip() for n in names if len(n.strip()) >= 2 and " " not in n.strip())

    def page_of(self, ref: str) -> str | None:
        if ref in self.repo.people:
            return person_page(ref)
        if ref in self.repo.units:
            return unit_page(ref)
        if ref in self._target_pages:
            return target_page(ref)
        return None

    def kind_label(self, ref: str) -> str:
        kind = self.roster.kind_of(ref)
        return KIND_LABELS.get(kind, kind) if kind else ""

    def role_names(self, roles: Iterable[str]) -> str:
        return "、".join(self.policy.roles.get(r, r) for r in roles)

    def type_name(self, type_id: str) -> str:
        atype = self.policy.activity_types.get(type_id)
        return atype.name if atype else type_id

    def unit_rank(self, uid: str) -> int:
        return self._unit_order.get(uid, len(self._unit_order))

    # ------------------------------------------------------------------ records
    def visibility(self, rec: Record) -> Visibility:
        return privacy.visibility(rec.meta, self.policy)

    def restricted(self, rec: Record) -> bool:
        return self.visibility(rec) == Visibility.RESTRICTED

    def public_label(self, rec: Record) -> str:
        """What the internal site says of a public record: whether the public site shows it, and if
        not, why (awaiting review, refused, or to be rewritten); "" for a record that is not public."""
        if self.visibility(rec) != Visibility.PUBLIC:
            return ""
        text = self.public_text_of.get(rec.path)
        if text is None:
            return "公开（填报人未同意在公开站点署名，只计入统计）"
        if text.published:
            return "公开（已经保密审查，公开站点可见）"
        return f"公开（{text.reason}，暂不上公开站点）"

    def free_text(self, text: str | None) -> str:
        """Text a person wrote (summary, location, problem, body) as the internal site shows it: a
        sensitive target's name masked, as everywhere else on this site (contract §8)."""
        return self.guard.scrub(text) if text else ""

    def body(self, rec: Record) -> Trusted:
        """Sanitised HTML of a record body (cached: a record shows on every credited actor's page)."""
        cached = self._body_cache.get(rec.path)
        if cached is None:
            body = self.free_text(rec.body)
            cached = self._body_cache[rec.path] = self._bodies(body) if body.strip() else markup.md("")
        return cached

    def in_term(self, day: date) -> bool:
        """Whether a day reports under the current term (the break after a term reports with it)."""
        found = self._in_term.get(day)
        if found is None:
            found = self._in_term[day] = self.cal.reporting_term(day) == self.term
        return found

    def term_periods(self, per: str) -> list[Period]:
        return self.cal.periods(per, self.term.start, self.term.end)

    def period(self, r: Result) -> Period | None:
        """The calendar period of a result (its name and span for the pages)."""
        return self.cal.period_of(r.per, r.start)

    # ------------------------------------------------------------------ rates
    def actors_tally(self, actors: Iterable[str]) -> Tally:
        """The contract's counts over the current term's mandatory results of some actors."""
        return Tally.of(r for a in actors for r in self.results_by_actor.get(a, []) if r.level == Level.MANDATORY)

    def rule_tally(self, rid: str) -> Tally:
        return Tally.of(self.results_by_rule.get(rid, []))

    def is_actor(self, ref: str) -> bool:
        return bool(self.results_by_actor.get(ref) or self.roster.assignments.ever(ref)
                    or self.credit.of(ref) or self.assignment_results.get(ref))

    def due_days(self, rule: schema.Rule) -> int:
        return rule_due_threshold(rule, self.policy.due)

    # ------------------------------------------------------------------ problems
    @cached_property
    def problems(self) -> list[Problem]:
        limit = activities.response_limit(self.policy)
        out = []
        for rec in self.records:
            for i, p in enumerate(rec.meta.problems):
                age = activities.problem_age(rec.meta.date, p, self.as_of, limit)
                out.append(Problem(rec, i, p, self.restricted(rec), age.days, age.overdue))
        return out

    @cached_property
    def problems_by_actor(self) -> dict[str, list[Problem]]:
        return _by((p.record.meta.by, p) for p in self.problems)
