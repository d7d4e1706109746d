"""Public versions of the policy's allocation lists (``kind: allocation`` with ``params.public_omit_kinds``).

Only people who agreed to be named (``public: true``) are listed; the kinds the report omits
(students) are left out entirely; dormitories and teachers are counted, not named; sensitive targets
never appear, not even counted. Everyone else is one number: how many are not named.
"""

from __future__ import annotations

from collections import Counter

from .. import schema
from ..pipeline import Outcome
from ..privacy import NAMED_KINDS
from ..schema import CONTACT_KINDS
from ..vocab import KIND_LABELS
from .data import COUNTED_KINDS, PublicAllocation, PublicAllocationRow


def _cells(outcome: Outcome, actor: str, kinds: list[str]) -> tuple[str, ...]:
    repo = outcome.repo
    named: dict[str, list[str]] = {k: [] for k in kinds}
    counted: Counter[str] = Counter()
    for ref in sorted(outcome.roster.assigned_on(actor, outcome.as_of)):
        kind = outcome.roster.kind_of(ref)
        if ref in outcome.sensitive or kind not in named:
            continue
        if ref in repo.units or kind in NAMED_KINDS:
            named[kind].append(outcome.roster.name(ref))
        elif kind in COUNTED_KINDS:
            counted[kind] += 1
    return tuple("、".join(sorted(named[k])) or (f"{counted[k]} {COUNTED_KINDS[k]}" if counted[k] else "") for k in kinds)


def allocation(outcome: Outcome, spec: schema.ReportSpec, omit: list[str]) -> PublicAllocation:
    roster = outcome.roster
    actors = roster.actors(spec.who) if spec.who is not None else list(outcome.repo.people)
    named = [a for a in actors if a in outcome.repo.people and outcome.repo.people[a].public]
    found = {roster.kind_of(t) for a in named for t in roster.assigned_on(a, outcome.as_of) if t not in outcome.sensitive}
    kinds = [k for k in CONTACT_KINDS if k in found and k not in omit]
    rows = []
    for a in named:
        person = outcome.repo.people[a]
        unit = outcome.repo.units.get(person.unit)
        rows.append(PublicAllocationRow(person.name, person.title or "", unit.name if unit else "", _cells(outcome, a, kinds)))
    return PublicAllocation(spec.id, spec.title, spec.document, spec.source, tuple(KIND_LABELS[k] for k in kinds),
                            tuple(rows), tuple(KIND_LABELS.get(k, k) for k in omit), len(actors) - len(named))


def allocations(outcome: Outcome) -> tuple[PublicAllocation, ...]:
    """Every allocation report with a public version, in the policy's order."""
    policy = outcome.repo.policy
    out = []
    for spec in policy.reports if policy is not None else ():
        omit = spec.params.get("public_omit_kinds")
        if spec.kind == "allocation" and isinstance(omit, list):
            out.append(allocation(outcome, spec, omit))
    return tuple(out)
