"""Disclosure catalogue numbers (索取号) that only ever append, and the catalogue's text rules.

A number is ``<institution code>-<category>-<year>-<serial>``. Items are ordered by a creation key
that cannot move backwards — the first-commit time of the earliest repository file that made the
item exist — and numbered within their year in that order, so an item created later always gets
the next free serial and never shifts an older one. Candidates for numbering are a superset of what
is published (see ``projection``): an item that is hidden later keeps its slot, which is why
published serials may have gaps. Once ``build`` has published a number it is recorded in the
institution's register (``ledger``) and read back from there, so history can no longer move it.
docs/opendata.md explains the rule and its limits.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from .. import clock, ledger
from ..gitinfo import History

SUMMARY_LIMIT = 100  # 内容概述: at most this many characters
ELLIPSIS = "…"


class ItemKind(StrEnum):
    """Kinds of catalogue items. The value prefixes every identity and orders items created in one
    commit, and identities are hashed for tie-breaks: never change a value, or numbers move."""

    POLICY = "a-policy"
    ALLOCATION = "b-allocation"
    TERM = "c-term"
    OPENDATA = "d-opendata"
    ACTOR = "e-actor"
    RECORD = "f-record"


class ItemKey(str):
    """Stable identity ``<kind>:<key>`` of one catalogue item, e.g. ``f-record:records/…/x.md``."""

    __slots__ = ()

    @classmethod
    def of(cls, kind: ItemKind, key: str = "") -> ItemKey:
        return cls(f"{kind.value}:{key}")

    @property
    def kind(self) -> str:
        return self.split(":", 1)[0]


@dataclass(frozen=True)
class Candidate:
    """An item that has, or once had, a number."""

    item: ItemKey
    sources: tuple[str, ...]  # repository files (relative paths) whose first commit made it exist
    fallback: date  # its creation day outside Git; orders items created in the same commit
    not_before: date | None = None  # it cannot exist before this day (a term's summary: the term start)


@dataclass(frozen=True)
class Number:
    number: str  # 索取号
    published: date  # 发布日期: the day of the creation key, or as recorded
    new: bool = True  # not in the register yet
    final: bool = True  # its files are committed (or there is no Git): build records it


def midnight(day: date, tz: ZoneInfo) -> int:
    return int(datetime.combine(day, time(), tz).timestamp())


def tie_break(c: Candidate) -> tuple[str, str, str, ItemKey]:
    """Order of items created at the same moment (one commit): by kind, then by their own date,
    then by a hash of the identity — not by the identity itself, which holds person ids, so a gap
    between two published serials never tells how many hidden people's ids sort between them."""
    kind = c.item.split(":", 1)[0]  # ItemKey.kind (plain strings are accepted too)
    return kind, c.fallback.isoformat(), hashlib.sha256(c.item.encode()).hexdigest(), c.item


def creation_key(
    c: Candidate, stamps: Mapping[str, int] | None, tz: ZoneInfo, as_of: date, start: int | None = None
) -> tuple[tuple[int, int, tuple[str, str, str, ItemKey]], date]:
    """(sort key, publication day) of one candidate.

    In Git: the earliest first-commit time among its sources (never before ``not_before``). Items
    whose files are not committed yet sort after every committed one and are published "today"
    (``as_of``): their numbers are provisional until committed. Outside Git (``stamps`` None): the
    fallback day. Never before ``start``, the Unix time the institution's catalogue starts at.
    """
    floors = [x for x in (start, midnight(c.not_before, tz) if c.not_before else None) if x is not None]
    if stamps is None:
        stamp = max([midnight(c.fallback, tz), *floors])
        return (0, stamp, tie_break(c)), datetime.fromtimestamp(stamp, tz).date()
    committed = [stamps[s] for s in c.sources if s in stamps]
    if not committed:
        return (1, 0, tie_break(c)), as_of
    stamp = max([min(committed), *floors])
    return (0, stamp, tie_break(c)), datetime.fromtimestamp(stamp, tz).date()


def assign(
    candidates: Iterable[Candidate], *, code: str, category: str, history: History | None,
    timezone: str, as_of: date, recorded: Iterable[ledger.Entry] = (), start: int | None = None,
) -> dict[ItemKey, Number]:
    """Number every candidate: a recorded item keeps its number and date; the others get the next
    serials of their year of publication, in key order, after every recorded one.

    A new item's publication day is its creation day, but never before the newest recorded day (a
    backdated commit or a branch merged late cannot slip in front of published numbers) and never
    after ``as_of``. A candidate that cannot exist yet on ``as_of`` (a term that has not started)
    is left out: it will be created on its day, after everything committed before, and numbered then.
    Nothing new is published before ``start`` (see ``catalogue_start``).
    """
    tz = clock.zone(timezone)
    stamps = history.first_commit_ts if history is not None and history.problem is None else None
    known = {e.item: e for e in recorded}
    serials: dict[str, int] = defaultdict(int)
    for e in known.values():
        m = ledger.NUMBER_RE.fullmatch(e.number)
        if m is not None:
            serials[m["prefix"]] = max(serials[m["prefix"]], int(m["serial"]))
    newest = max((e.published for e in known.values()), default=None)
    out: dict[ItemKey, Number] = {}
    for c in candidates:
        if c.item in known:
            out[c.item] = Number(known[c.item].number, known[c.item].published, new=False)
    keyed = sorted(creation_key(c, stamps, tz, as_of, start) for c in candidates
                   if c.item not in known and (c.not_before is None or c.not_before <= as_of))
    for (pending, _, (*_, item)), day in keyed:
        if item in out:
            continue
        published = min(max(day, newest or day), as_of)
        prefix = f"{code}-{category}-{published.year:04d}"
        serials[prefix] += 1
        out[item] = Number(f"{prefix}-{serials[prefix]:04d}", published, new=True, final=pending == 0)
    return out


def new_entries(numbers: dict[ItemKey, Number]) -> tuple[ledger.Entry, ...]:
    """The numbers to record: new ones whose item is committed (or outside Git), in serial order."""
    fresh = [ledger.Entry(n.number, n.published, str(item)) for item, n in numbers.items() if n.new and n.final]
    return tuple(sorted(fresh, key=lambda e: (e.published, e.number)))


def summarise(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """内容概述: whitespace collapsed, at most ``limit`` characters, cut with an ellipsis.

    The cut never separates a base character from a combining mark or variation selector that
    follows it (the mark is dropped with its base), so the result is well-formed text.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    while cut > 0 and _attaches(text[cut]):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def _attaches(ch: str) -> bool:
    """True for characters that belong to the character before them."""
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Me")
        or 0xFE00 <= ord(ch) <= 0xFE0F
        or ch == "\u200d"
    )
