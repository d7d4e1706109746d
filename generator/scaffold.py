"""A new record at the right path with the right front matter (``python -m generator new``).

The command line asks for what is missing; this module knows where the file goes (term folder,
actor folder, date and slug), which targets to offer first (those assigned to the actor on the
day), writes the file without ever overwriting one, and checks the result with the one pipeline.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from . import pipeline
from .diagnostics import Diagnostic
from .errors import GeneratorError
from .periods import TeachingCalendar
from .pipeline import Outcome
from .privacy import mask_name
from .vocab import KIND_LABELS

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*(?<!\s)$")


class RecordExists(GeneratorError):
    """The record file is already there: ``new`` never overwrites (exit status 2)."""


@dataclass(frozen=True)
class Draft:
    by: str
    date: date
    type: str
    summary: str
    targets: list[str] = field(default_factory=list)
    start: time | None = None
    end: time | None = None
    slug: str | None = None


def _scalar(text: str) -> str:
    """A YAML scalar for free text: plain when it cannot be misread, else a JSON (YAML) string."""
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def record_path(calendar: TeachingCalendar | None, draft: Draft) -> str:
    term = calendar.term_of(draft.date) if calendar is not None else None
    folder = term.id if term is not None else "no-term"
    return f"records/{folder}/{draft.by}/{draft.date.isoformat()}-{draft.slug or draft.type}.md"


def render(draft: Draft) -> str:
    lines = ["---", f"by: {draft.by}", f"date: {draft.date.isoformat()}"]
    if draft.start is not None:
        lines.append(f'start: "{draft.start:%H:%M}"')
    if draft.end is not None:
        lines.append(f'end: "{draft.end:%H:%M}"')
    lines += [f"type: {draft.type}", f"targets: [{', '.join(draft.targets)}]", f"summary: {_scalar(draft.summary)}",
              "---", ""]
    return "\n".join(lines)


def offered_targets(outcome: Outcome, actor: str, day: date) -> list[tuple[str, str]]:
    """(id, label) of the targets assigned to ``actor`` on ``day``, in roster order; sensitive
    names masked, since a terminal can end up in a log."""
    roster = outcome.roster
    assigned = roster.assigned_on(actor, day)
    order = [*roster.targets, *roster.units]
    out = []
    for ref in sorted(assigned, key=lambda r: order.index(r) if r in order else len(order)):
        name = roster.name(ref)
        name = mask_name(name) if ref in outcome.sensitive else name
        kind = roster.kind_of(ref)
        out.append((ref, f"{name}（{KIND_LABELS.get(kind, kind)}）" if kind else name))
    return out


def write(root: Path, outcome: Outcome, draft: Draft) -> str:
    """Write the draft; its repository-relative path. Raises ``RecordExists`` rather than overwrite."""
    rel = record_path(outcome.calendar, draft)
    target = Path(root) / rel
    if target.exists():
        raise RecordExists(f"{rel} 已经存在，不会覆盖。同一天同类活动有两次时，请用 --slug 另起文件名，例如 --slug {draft.type}-2。")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite, even in a race
        fh.write(render(draft))
    return rel


def check(root: Path, rel: str, before: Outcome) -> list[Diagnostic]:
    """What the new file brings, from the whole pipeline: its own findings, and findings elsewhere
    that were not there ``before`` (a duplicate or overlap may be reported on the older file)."""
    after = pipeline.run(Path(root), before.as_of)
    old = Counter((d.code, d.file, d.message) for d in before.diagnostics)
    out = []
    for d in after.diagnostics:
        key = (d.code, d.file, d.message)
        if d.file != rel and old[key] > 0:
            old[key] -= 1
            continue
        out.append(d)
    return out
