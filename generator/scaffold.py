"""A new record at the right path with the right front matter (``python -m generator new``).

The command line asks for what is missing; this module knows where the file goes (term folder,
actor folder, date and slug), which targets to offer first (those assigned to the actor on the
day), writes the file without ever overwriting one, and checks the result with the one pipeline.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from . import pipeline
from .diagnostics import Diagnostic
from .errors import GeneratorError
from .keyboard import INVISIBLE
from .periods import TeachingCalendar
from .pipeline import Outcome
from .privacy import mask_name
from .vocab import KIND_LABELS

#: Whitespace spelled out (not ``\\s``) so that the record form's JavaScript reads these patterns the same.
SPACES = " \t\n\r\f\v\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
#: Free text that YAML reads back as itself when written plain: no indicator first, no colon or
#: hash anywhere, no line break, no space at either end, and not one of YAML's words for nothing.
PLAIN = f"(?!(?:~|null|Null|NULL)$)[^{SPACES}" + r"\-?:,\[\]{}#&*!|>'" + '"%@`' + rf"][^:#\n\r\t]*(?<![{SPACES}])"
#: The same inside a flow list ``[a, b]``, where commas and brackets end an item.
PLAIN_IN_LIST = rf"(?![^,\[\]{{}}]*[,\[\]{{}}]){PLAIN}"
#: Characters no record text keeps: controls other than tab and line break (YAML refuses them even
#: escaped) and the invisible ones the reader reports (``keyboard.INVISIBLE``).
DROPPED = "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f" + "".join(INVISIBLE) + "]"
_PLAIN, _PLAIN_IN_LIST, _DROPPED = re.compile(PLAIN), re.compile(PLAIN_IN_LIST), re.compile(DROPPED)

#: The front matter the composer writes, in the contract's order: (key, how its value is written,
#: written even when empty). ``id``: as is (ids, ISO dates, words); ``time``: quoted HH:MM;
#: ``ids``: a flow list; ``text``: free text, plain when it reads back the same, else a JSON string
#: (a YAML double-quoted scalar); ``texts``: a flow list of texts; ``problems``: a block list of
#: mappings with PROBLEM_FIELDS. The record form's JavaScript composes from this same table.
FRONT_MATTER: tuple[tuple[str, str, bool], ...] = (
    ("by", "id", True), ("date", "id", True), ("start", "time", False), ("end", "time", False),
    ("type", "id", True), ("targets", "ids", True), ("with", "ids", False), ("location", "text", False),
    ("summary", "text", True), ("guidance", "texts", False), ("visibility", "id", False),
    ("problems", "problems", False),
)
PROBLEM_FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("summary", "text", True), ("refer_to", "id", False), ("status", "id", True), ("resolved", "id", False),
    ("resolution", "text", False),
)
Fields = Mapping[str, Any]


class RecordExists(GeneratorError):
    """The record file is already there: ``new`` never overwrites (exit status 2)."""


@dataclass(frozen=True)
class Problem:
    summary: str
    refer_to: str | None = None
    status: str = "open"
    resolved: date | None = None
    resolution: str | None = None


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
    with_: list[str] = field(default_factory=list)
    location: str | None = None
    guidance: list[str] = field(default_factory=list)
    visibility: str | None = None
    problems: list[Problem] = field(default_factory=list)
    body: str = ""

    def fields(self) -> dict[str, Any]:
        """The draft as the composer's mapping: every value text (dates ISO, times HH:MM)."""
        clock = {k: f"{v:%H:%M}" for k, v in (("start", self.start), ("end", self.end)) if v is not None}
        problems = [{"summary": p.summary, "refer_to": p.refer_to, "status": p.status,
                     "resolved": p.resolved.isoformat() if p.resolved else None, "resolution": p.resolution}
                    for p in self.problems]
        return {"by": self.by, "date": self.date.isoformat(), **clock, "type": self.type, "targets": self.targets,
                "with": self.with_, "location": self.location, "summary": self.summary, "guidance": self.guidance,
                "visibility": self.visibility, "problems": problems}


def clean(text: str) -> str:
    """Free text as a record keeps it: CRLF as LF, DROPPED characters removed, no space at the ends."""
    return _DROPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip(SPACES)


def _text(value: str, in_list: bool = False) -> str:
    """A YAML scalar for free text: plain when it cannot be misread, else a JSON (YAML) string."""
    text = clean(value)
    return text if (_PLAIN_IN_LIST if in_list else _PLAIN).fullmatch(text) else json.dumps(text, ensure_ascii=False)


def _value(style: str, value: Any) -> str:
    if value is None:
        value = [] if style in ("ids", "texts") else ""
    if style == "time":
        return f'"{value}"'
    if style == "ids":
        return f"[{', '.join(value)}]"
    if style == "texts":
        return f"[{', '.join(_text(v, in_list=True) for v in value)}]"
    return _text(value) if style == "text" else str(value)


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not clean(value))


def _problem(problem: Fields) -> list[str]:
    entries = [(k, s, problem.get(k)) for k, s, must in PROBLEM_FIELDS if must or not _empty(problem.get(k))]
    return [f"{'  - ' if i == 0 else '    '}{k}: {_value(s, v)}" for i, (k, s, v) in enumerate(entries)]


def compose(fields: Fields, body: str = "") -> str:
    """The record file of a mapping of text values, front matter as FRONT_MATTER writes it."""
    lines = ["---"]
    for key, style, always in FRONT_MATTER:
        value = fields.get(key)
        if _empty(value) and not always:
            continue
        if style == "problems":
            lines += [f"{key}:", *(line for problem in value or () for line in _problem(problem))]
        else:
            lines.append(f"{key}: {_value(style, value)}")
    text = clean(body)
    lines += ["---", *([text] if text else []), ""]
    return "\n".join(lines)


def record_path(calendar: TeachingCalendar | None, draft: Draft) -> str:
    term = calendar.term_of(draft.date) if calendar is not None else None
    folder = term.id if term is not None else "no-term"
    return f"records/{folder}/{draft.by}/{draft.date.isoformat()}-{draft.slug or draft.type}.md"


def render(draft: Draft) -> str:
    return compose(draft.fields(), draft.body)


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
