"""The domain's fixed vocabulary: statuses, levels, periods, visibility, kinds, with their Chinese labels.

Every stage and both sites take these words from here, so a typo is a mypy error and a label is
written once. The enums are ``StrEnum``: their values are the words the file formats, the report
JSON and the CSV files use, so they compare, hash, format and serialise exactly as those strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Status(StrEnum):
    """Status of one (actor, rule, period[, target]) result (contract §5)."""

    MET = "met"
    UNMET = "unmet"
    PENDING = "pending"
    EXEMPT = "exempt"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def glyph(self) -> str:
        """One glyph per status, so a grid reads without colour too (colour vision, print)."""
        return STATUS_GLYPHS[self]


class Level(StrEnum):
    MANDATORY = "mandatory"
    ADVISORY = "advisory"  # 倡导: shown, never blocks

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


class PeriodKind(StrEnum):
    """Reporting periods, in the order of their length (used for sorting and "weaker" checks)."""

    WEEK = "week"
    BIWEEK = "biweek"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    SEMESTER = "semester"
    ACADEMIC_YEAR = "academic-year"
    YEAR = "year"

    @property
    def label(self) -> str:
        return PER_LABELS[self]

    @property
    def rank(self) -> int:
        return list(PeriodKind).index(self)


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"

    @property
    def label(self) -> str:
        return VISIBILITY_LABELS[self]


class AsOfSource(StrEnum):
    """Where a run's as-of date came from: the command line, the sample's pinned date, or today."""

    OPTION = "option"
    SAMPLE = "sample"
    TODAY = "today"


class ProblemStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return PROBLEM_STATUS_LABELS[self]


STATUS_LABELS: dict[str, str] = {"met": "已完成", "unmet": "未完成", "pending": "进行中", "exempt": "不考核"}
STATUS_GLYPHS: dict[str, str] = {"met": "✓", "unmet": "✗", "pending": "…", "exempt": "－"}
#: Order statuses are listed in (legends, counts).
STATUS_ORDER: tuple[Status, ...] = tuple(Status)

LEVEL_LABELS: dict[str, str] = {"mandatory": "必须", "advisory": "倡导"}

PER_LABELS: dict[str, str] = {
    "week": "周", "biweek": "两周", "month": "月", "quarter": "季度", "half-year": "半年",
    "semester": "学期", "academic-year": "学年", "year": "年",
}

PROBLEM_STATUS_LABELS: dict[str, str] = {"open": "待办", "in-progress": "办理中", "resolved": "已办结"}

VISIBILITY_LABELS: dict[str, str] = {"public": "公开", "internal": "内部", "restricted": "受限"}

TARGET_KIND_LABELS: dict[str, str] = {
    "class": "班级", "dorm": "宿舍", "club": "社团", "student": "学生", "teacher": "教师", "course": "课程",
}

UNIT_KIND_LABELS: dict[str, str] = {
    "committee": "党委", "general-branch": "党总支", "branch": "党支部", "school": "院系",
    "department": "机关部门", "teaching-office": "教研室", "other": "其他",
}

#: Kind label for any contact target reference (targets and units share one namespace).
KIND_LABELS: dict[str, str] = {**TARGET_KIND_LABELS, **UNIT_KIND_LABELS}

#: Target kinds a grade limit applies to (they carry an entry year, ``enrolled``).
GRADED_KINDS = ("class", "student")

EDUCATION_LEVEL_LABELS: dict[str, str] = {"vocational": "专科", "undergraduate": "本科", "graduate": "研究生"}

#: Output kinds of a policy's ``reports`` list (制度要求的输出).
REPORT_KIND_LABELS: dict[str, str] = {
    "form": "表格", "summary": "汇总", "ledger": "台账", "allocation": "分配名单", "workload": "工作量",
    "veto": "一票否决提示", "workday-share": "工作日占比", "guidance-coverage": "五导覆盖",
    "problems": "问题跟踪", "export": "数据报送", "time-share": "时间占比",
}

#: Whose number a policy parameter is (policy page: 文件规定 / 本校设定), and a parameter with no value.
PARAMETER_ORIGIN_LABELS: dict[str, str] = {"document": "文件规定", "institution": "本校设定"}
PARAMETER_UNSET = "待本校设定"

#: The carrier (载体) of an activity type that declares none, in every tally and chart.
NO_CARRIER = "其他"


def kind_names(kinds: Iterable[str]) -> str:
    """Chinese names of target/unit kinds joined with 、: ["class", "dorm"] → 班级、宿舍."""
    return "、".join(KIND_LABELS.get(k, k) for k in kinds)
