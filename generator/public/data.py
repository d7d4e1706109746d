"""The public disclosure data as frozen values: exactly what contract §8 lets the public site show.

The public renderer and the open-data export receive only these values (``PublicData``), so they
cannot publish what they never see. The constants carry the disclosure decisions documented in
docs/opendata.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..compliance import met_rate
from ..urls import page_url

#: Published groups of actors (units, roles) have at least this many actors; smaller ones are merged.
MIN_GROUP = 3
#: Targets that are counted but never named (see ``privacy.NAMED_KINDS`` for those named): a
#: dormitory locates its residents; a teacher is a person who has not agreed to be named (only
#: people.yml has a ``public`` flag). Students are neither named nor counted. Sensitive targets of
#: any kind are neither named nor counted.
COUNTED_KINDS: Mapping[str, str] = {"dorm": "间", "teacher": "名"}
MERGED = "_merged"
MERGED_NAME = "其他（人数较少，合并统计）"
DEFAULT_CATEGORY = "0103"


# --------------------------------------------------------------------------- the public data

@dataclass(frozen=True)
class Entry:
    """One disclosure catalogue item (信息公开目录条目)."""

    number: str  # 索取号
    kind: str  # policy | allocation | term | opendata | actor | record
    title: str  # 信息名称
    published: date  # 发布日期
    summary: str  # 内容概述, at most catalogue.SUMMARY_LIMIT characters
    page: str  # docs-relative Markdown page holding it
    anchor: str | None = None  # heading id on that page (records)

    @property
    def url(self) -> str:
        """Site-relative URL (directory URLs)."""
        return page_url(self.page) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class PublicInstitution:
    name: str
    code: str
    publisher: str  # 发布机构
    category: str  # 分类号


@dataclass(frozen=True)
class PublicRule:
    title: str
    source: str | None
    level: str  # mandatory | advisory
    who: str  # plain Chinese: roles, unit kinds, units, public people; others as "指定人员"
    per: str | None  # period kind (count rules)
    minimum: str  # plain Chinese minimum, e.g. "1 次" or "2—3 个"


@dataclass(frozen=True)
class PublicActivityType:
    name: str
    carrier: str | None
    face_to_face: bool


@dataclass(frozen=True)
class PublicPolicy:
    title: str
    document: str | None
    issuer: str | None
    rules: tuple[PublicRule, ...]  # count rules
    assignment_rules: tuple[PublicRule, ...]
    coverage_rules: tuple[PublicRule, ...]
    activity_types: tuple[PublicActivityType, ...]
    entry: Entry


@dataclass(frozen=True)
class PublicAssignment:
    kind: str  # Chinese kind label
    name: str | None  # None: not named, ``count`` of them (dormitories, teachers)
    count: int
    since: date | None
    until: date | None
    ended: bool  # ended before the as-of date
    measure: str = "个"  # measure word for ``count``


@dataclass(frozen=True)
class PublicRecord:
    date: date
    type_name: str
    carrier: str | None
    summary: str
    with_names: tuple[str, ...]  # co-participants who are public themselves
    entry: Entry


@dataclass(frozen=True)
class PublicActor:
    id: str
    name: str
    title: str | None
    unit: str  # unit name
    assignments: tuple[PublicAssignment, ...]
    records: tuple[PublicRecord, ...]  # newest first
    entry: Entry | None  # None until the actor files a first record (see docs/opendata.md)


@dataclass(frozen=True)
class GroupStat:
    """Result counts of one published group of actors over a term's mandatory rules."""

    id: str  # unit id, role id, "unit-<kind>", "other-people" or MERGED
    name: str
    merged: bool
    actors: int
    met: int
    unmet: int
    pending: int
    exempt: int

    @property
    def rate(self) -> float | None:
        return met_rate(self.met, self.unmet)


@dataclass(frozen=True)
class CarrierCount:
    carrier: str
    records: int


@dataclass(frozen=True)
class ProblemStat:
    raised: int
    resolved: int
    in_progress: int
    open: int
    referred: int  # referred to a unit for handling
    median_days: float | None  # from the activity to the resolution, resolved problems only


@dataclass(frozen=True)
class TermSummary:
    id: str
    name: str
    start: date
    end: date
    ended: bool  # the term ended before the as-of date
    total: GroupStat | None  # None when the whole institution has fewer than MIN_GROUP actors
    by_unit: tuple[GroupStat, ...]
    by_role: tuple[GroupStat, ...]
    carriers: tuple[CarrierCount, ...]
    records: int
    problems: ProblemStat
    entry: Entry


@dataclass(frozen=True)
class PublicAllocationRow:
    name: str  # a person who agreed to be named
    title: str
    unit: str
    cells: tuple[str, ...]  # per kind of ``PublicAllocation.kinds``: names, or how many (dormitories, teachers)


@dataclass(frozen=True)
class PublicAllocation:
    """The public version of one allocation list of the policy (``reports`` of kind allocation)."""

    id: str
    title: str
    document: str | None
    source: str | None
    kinds: tuple[str, ...]  # column labels (target kinds)
    rows: tuple[PublicAllocationRow, ...]
    omitted: tuple[str, ...]  # kinds the report leaves out of the public version
    hidden: int  # people of the list who are not named (no ``public: true``)


@dataclass(frozen=True)
class PublicData:
    as_of: date
    institution: PublicInstitution
    policy: PublicPolicy
    terms: tuple[TermSummary, ...]  # terms started on or before as_of, oldest first
    actors: tuple[PublicActor, ...]  # people with ``public: true``, by id (pinyin order by convention)
    allocation: Entry  # the page listing every public actor's assignments
    opendata: Entry
    min_group: int = MIN_GROUP
    allocations: tuple[PublicAllocation, ...] = ()  # public versions of the policy's allocation lists

    @property
    def catalogue(self) -> tuple[Entry, ...]:
        """Every published item, newest year first, then by serial."""
        items = [self.policy.entry, self.allocation, self.opendata, *(t.entry for t in self.terms)]
        for a in self.actors:
            items.extend([a.entry] if a.entry else [])
            items.extend(r.entry for r in a.records)
        return tuple(sorted(items, key=lambda e: (-e.published.year, e.number)))
