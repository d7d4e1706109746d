"""The review of one change (``validate --changed-from REF``): the pipeline on both sides, compared.

The change is every file changed between the merge base of REF and HEAD and the work tree
(``gitdiff``). The same pipeline runs on the work tree and on the tree of the merge base, and every
finding is placed in one scope: in a changed file; elsewhere but new (the change's fault, e.g. a
roster edit that orphans old records); or elsewhere and already there at REF (reported with a
count, never blocking). Findings are matched across the sides by (code, file, message), which
survives lines moving. The change's own checks (authorship, locked periods) and each touched
actor's standing before → after complete the review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from .. import gitdiff, pipeline
from ..checkcache import CheckCache
from ..diagnostics import Diagnostic
from ..errors import NotARepository
from ..gitdiff import ChangeSet
from ..loader import Overlay, parse_record
from ..parsecache import ParseCache
from ..pii import safe
from ..pipeline import Outcome
from ..rights import Rights
from ..validate.changes import check_change
from . import incremental
from .standing import Standing, credited, credits, standings

__all__ = ["Finding", "Review", "Scope", "review"]


class Scope(StrEnum):
    CHANGED = "changed"  # in a file the change adds, modifies, deletes or renames
    INTRODUCED = "introduced"  # in another file, and not there at REF: the change caused it
    EXISTING = "existing"  # in another file, and already there at REF

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self]


SCOPE_LABELS: dict[Scope, str] = {
    Scope.CHANGED: "本次修改的文件",
    Scope.INTRODUCED: "本次修改引起的其他问题",
    Scope.EXISTING: "已有问题（与本次修改无关）",
}


@dataclass(frozen=True, slots=True)
class Finding:
    diagnostic: Diagnostic
    scope: Scope
    blocking: bool  # decides the exit status


@dataclass(frozen=True)
class Review:
    changeset: ChangeSet
    author: str | None
    as_of: date
    strict: bool
    findings: tuple[Finding, ...]  # changed first (by file and line), then introduced, then existing
    fixed: int  # findings at REF that the change makes go away
    standings: tuple[Standing, ...]

    def scoped(self, scope: Scope) -> list[Finding]:
        return [f for f in self.findings if f.scope == scope]

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def failed(self) -> bool:
        return bool(self.blocking)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [f.diagnostic for f in self.findings]


def _key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.code, d.file, d.message)


def classify(changeset: ChangeSet, before: Sequence[Diagnostic], after: Sequence[Diagnostic],
             strict: bool) -> tuple[tuple[Finding, ...], int]:
    """Every after-side finding in its scope (see the module), and how many REF findings are gone."""
    paths = changeset.paths
    # Every output prints what is here: personal numbers masked, invisible characters shown.
    before, after = [safe(d) for d in before], [safe(d) for d in after]
    at_ref = Counter(_key(d) for d in before)
    gone = at_ref - Counter(_key(d) for d in after)
    findings = []
    for d in sorted(after, key=lambda d: d.sort_key):
        if d.file in paths:
            scope = Scope.CHANGED
        elif at_ref[_key(d)] > 0:
            at_ref[_key(d)] -= 1
            scope = Scope.EXISTING
        else:
            scope = Scope.INTRODUCED
        findings.append(Finding(d, scope, scope != Scope.EXISTING and (d.severity == "error" or strict)))
    order = list(Scope)
    findings.sort(key=lambda f: order.index(f.scope))  # stable: by path and line within a scope
    return tuple(findings), sum(gone.values())


def _credited_at_base(overlay: Overlay) -> set[str]:
    """Everyone the merge base's versions of the changed records credit (``standing.credits``),
    parsed from the bytes the overlay holds."""
    parsed = [parse_record(rel, raw) for rel, raw in overlay.replaced.items()
              if rel.startswith("records/") and rel.endswith(".md")]
    return credits([p.record for p in parsed if p.record is not None], [p.partial for p in parsed if p.partial is not None])


def _before(root: Path, changeset: ChangeSet, overlay: Overlay, after: Outcome, jobs: int | None,
            store: ParseCache | None, checks: CheckCache | None) -> Outcome | None:
    """The pipeline on the merge base (None when it held no records repository yet)."""
    try:
        return pipeline.run(root, after.as_of, jobs=jobs, use_git=False, history=after.history, overlay=overlay,
                            store=store, compliance_for=lambda repo: credited(changeset, repo, after.repo),
                            checks=checks, like=after.facts)
    except NotARepository:
        return None


def _full(root: Path, changeset: ChangeSet, overlay: Overlay, as_of: date | None, jobs: int | None,
          store: ParseCache | None, checks: CheckCache | None) -> tuple[Outcome, Outcome | None]:
    """Both sides through the whole pipeline (the work tree's run leaves a snapshot for the next)."""
    # Of either side's counting rules only the standing of the actors the change credits is read,
    # so only theirs are computed (the roster rules and every diagnostic are computed in full).
    at_base = _credited_at_base(overlay)
    after = pipeline.run(root, as_of, jobs=jobs, store=store,
                         compliance_for=lambda repo: credited(changeset, None, repo) | at_base, checks=checks)
    before = _before(root, changeset, overlay, after, jobs, store, checks)
    if checks is not None:
        checks.close()
    return after, before


def review(root: Path, ref: str, author: str | None = None, as_of: date | None = None,
           strict: bool = False, jobs: int | None = None, ignore: Iterable[str] = (), cache: bool = False) -> Review:
    """Review the change from REF's merge base to the work tree. Raises ``GitProblem`` when Git is
    missing or REF unknown, ``NotARepository`` when ``root`` is not a records repository.
    ``ignore``: files that are no part of the change (a report an earlier run wrote there).
    ``cache``: both runs read records through the parse cache (the base's untouched files are the
    work tree's, so they are found there too, and decoded once for both) and share one check cache
    (a record the change leaves alone is checked once, when the rosters and policy are the same)."""
    root = Path(root)
    changeset = gitdiff.changes(root, ref, ignore)
    store = ParseCache(root) if cache else None
    checks = CheckCache(root) if cache else None
    overlay = gitdiff.base_overlay(root, changeset)
    quick = incremental.sides(root, changeset, overlay, as_of, store, checks) if store is not None else None
    before: Outcome | None
    if quick is not None:
        after, before = quick
    else:
        after, before = _full(root, changeset, overlay, as_of, jobs, store, checks)
    # Rights as they were before the change; a first change that creates the rosters uses its own.
    rights_side = before if before is not None and before.repo.institution is not None else after
    institution = rights_side.repo.institution
    rights = Rights.of(rights_side.roster, institution)
    own = check_change(changeset, before.repo if before else None, after.repo, rights, author)
    findings, fixed = classify(changeset, before.diagnostics if before else [], [*after.diagnostics, *own], strict)
    return Review(changeset, author, after.as_of, strict, findings, fixed, standings(changeset, before, after))
