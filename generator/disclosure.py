"""Disclosure review (保密审查): what a public record would publish, its digest, and the review that clears it.

A public record's own contribution to the public site is its date, its activity type, the people
it names in ``with`` and its summary; everything else the public site shows about it (the filer's
name, the type's name) comes from the rosters and the policy, which only the admins change. That
contribution, written out canonically (``public_text``), is what a reviewer reviews, and its
SHA-256 (``digest``) is what a review names: any later edit of one of those fields gives another
digest, so the review no longer applies and the record waits for a new one. Only reviews by a
person listed in ``disclosure.reviewers``, dated on or before the run's as-of date, count, and never
a reviewer's review of a record they filed themselves.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from . import schema
from .reviewfiles import ReviewFile


def published_summary(summary: str) -> str:
    """The summary as the public site prints it: whitespace collapsed (as YAML folding would)."""
    return " ".join(summary.split())


def public_text(meta: schema.RecordMeta) -> str:
    """The record's own fields that reach the public site, one per line, as they are reviewed:
    ``date: …``, ``type: …``, ``with: a, b`` and ``summary: …``, no trailing blanks, no final newline."""
    return "\n".join(line.rstrip() for line in [
        f"date: {meta.date.isoformat()}",
        f"type: {meta.type}",
        f"with: {', '.join(meta.with_)}",
        f"summary: {published_summary(meta.summary)}",
    ])


def digest(meta: schema.RecordMeta) -> str:
    """SHA-256 (lowercase hex) of ``public_text``, UTF-8: what a review file's ``sha256`` must say."""
    return hashlib.sha256(public_text(meta).encode("utf-8")).hexdigest()


class Status(StrEnum):
    PENDING = "pending"  # never reviewed
    CHANGED = "changed"  # reviewed, then edited: the review no longer applies
    CLEARED = "cleared"  # a reviewer agreed to publish exactly this
    REFUSED = "refused"  # a reviewer decided not to publish it


STATUS_REASONS: dict[Status, str] = {
    Status.PENDING: "尚未经过保密审查",
    Status.CHANGED: "保密审查后记录的公开内容（日期、类型、同行人员或工作简况）被修改，需要重新审查",
    Status.CLEARED: "已经保密审查同意公开",
    Status.REFUSED: "保密审查决定不予公开",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """One item of a review file."""

    file: str
    line: int | None
    reviewer: str
    day: date
    record: str
    sha256: str
    decision: Literal["publish", "withhold"]
    note: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    decision: Decision | None  # the deciding review; for CHANGED, the latest review of an older text

    @property
    def reason(self) -> str:
        return STATUS_REASONS[self.status]


def decisions(files: Iterable[ReviewFile]) -> list[Decision]:
    out = []
    for f in files:
        r = f.review
        for i, item in enumerate(r.items):
            out.append(Decision(f.path, f.line("items", i), r.reviewer, r.date, item.record, item.sha256,
                                item.decision, item.note))
    return out


def own_record(d: Decision, filer: str | None) -> bool:
    """Whether the decision is the filer's own: no one reviews their own record, so it never counts."""
    return d.reviewer == filer


class Reviews:
    """Every decision that counts, by record path."""

    def __init__(self, files: Iterable[ReviewFile], reviewers: Iterable[str],
                 filers: Mapping[str, str] | None = None) -> None:
        self.reviewers = frozenset(reviewers)
        self.by_record: dict[str, list[Decision]] = defaultdict(list)
        filers = filers or {}
        for d in decisions(files):
            if d.reviewer in self.reviewers and not own_record(d, filers.get(d.record)):
                self.by_record[d.record].append(d)

    def verdict(self, path: str, meta: schema.RecordMeta, as_of: date) -> Verdict:
        """The latest review of this record's current public text on or before ``as_of`` decides
        (a refusal wins over an approval of the same day); a review of another text voids nothing
        but says the record was reviewed before it changed."""
        known = [d for d in self.by_record.get(path, ()) if d.day <= as_of]
        if not known:
            return Verdict(Status.PENDING, None)
        current = digest(meta)
        matching = [d for d in known if d.sha256 == current]
        if not matching:
            return Verdict(Status.CHANGED, max(known, key=_order))
        last = max(matching, key=_order)
        return Verdict(Status.CLEARED if last.decision == "publish" else Status.REFUSED, last)


    def first_cleared(self, path: str, as_of: date) -> date | None:
        """The first day a reviewer agreed to publish some text of this record (None if never):
        from then on it holds a catalogue serial, whatever happens to it later (``public.catalogue``)."""
        days = [d.day for d in self.by_record.get(path, ()) if d.decision == "publish" and d.day <= as_of]
        return min(days, default=None)


def _order(d: Decision) -> tuple[date, bool, str, int]:
    return d.day, d.decision == "withhold", d.file, d.line or 0
