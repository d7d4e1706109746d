"""Helpers shared by the internal and the public site: labels, masking, escaping, formatting.

This module is a stable interface used by both renderers. Everything here is a pure function of
its arguments (no clock, no file access), so pages stay deterministic. Add freely; do not change
the meaning of what exists without telling the other renderer's owner.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date

from .. import schema
from ..privacy import is_sensitive

# --------------------------------------------------------------------------- labels

#: Chinese label of each result status (contract §5).
STATUS_LABELS: dict[str, str] = {
    "met": "已完成",
    "unmet": "未完成",
    "pending": "进行中",
    "exempt": "不考核",
}

#: One glyph per status, so a grid reads without colour too (colour-vision deficiencies, print).
STATUS_GLYPHS: dict[str, str] = {
    "met": "✓",
    "unmet": "✗",
    "pending": "…",
    "exempt": "－",
}

#: Order statuses are listed in (legends, counts).
STATUS_ORDER: tuple[str, ...] = ("met", "unmet", "pending", "exempt")

LEVEL_LABELS: dict[str, str] = {"mandatory": "必须", "advisory": "倡导"}

PER_LABELS: dict[str, str] = {
    "week": "周",
    "biweek": "两周",
    "month": "月",
    "quarter": "季度",
    "half-year": "半年",
    "semester": "学期",
    "academic-year": "学年",
    "year": "年",
}

PROBLEM_STATUS_LABELS: dict[str, str] = {"open": "待办", "in-progress": "办理中", "resolved": "已办结"}

VISIBILITY_LABELS: dict[str, str] = {"public": "公开", "internal": "内部", "restricted": "受限"}

TARGET_KIND_LABELS: dict[str, str] = {
    "class": "班级",
    "dorm": "宿舍",
    "club": "社团",
    "student": "学生",
    "teacher": "教师",
    "course": "课程",
}

UNIT_KIND_LABELS: dict[str, str] = {
    "committee": "党委",
    "general-branch": "党总支",
    "branch": "党支部",
    "school": "院系",
    "department": "机关部门",
    "teaching-office": "教研室",
    "other": "其他",
}

#: Output kinds of a policy's ``reports`` list (制度要求的输出).
REPORT_KIND_LABELS: dict[str, str] = {
    "form": "表格",
    "summary": "汇总",
    "ledger": "台账",
    "allocation": "分配名单",
    "workload": "工作量",
    "veto": "一票否决提示",
    "workday-share": "工作日占比",
    "guidance-coverage": "五导覆盖",
    "problems": "问题跟踪",
    "export": "数据报送",
}

#: Kind label for any contact target reference (targets and units share one namespace).
KIND_LABELS: dict[str, str] = {**TARGET_KIND_LABELS, **UNIT_KIND_LABELS}


def kind_names(kinds: Iterable[str]) -> str:
    """Chinese names of target/unit kinds joined with 、: ["class", "dorm"] → 班级、宿舍."""
    return "、".join(KIND_LABELS.get(k, k) for k in kinds)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_class(status: str) -> str:
    """CSS class from assets/extra.css for a status: ``cr-met`` etc."""
    return f"cr-{status}" if status in STATUS_LABELS else ""


def status_badge(status: str) -> str:
    """Inline HTML badge: glyph + label, coloured by status class."""
    return (f'<span class="cr-badge {status_class(status)}">'
            f"{STATUS_GLYPHS.get(status, '')} {status_label(status)}</span>")


# --------------------------------------------------------------------------- privacy

def mask_name(name: str) -> str:
    """Mask a sensitive person's name: keep the first character, star the rest (李华 → 李*,
    欧阳明月 → 欧***). Names of one character become ``*``; the result is never the input."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def sensitive_ids(targets: Iterable[schema.Target], policy: schema.Policy | None) -> frozenset[str]:
    """Ids of every sensitive target, computed once per build."""
    return frozenset(t.id for t in targets if is_sensitive(t, policy))


# --------------------------------------------------------------------------- escaping

# Characters python-markdown honours a backslash escape for (plus ``|`` for tables).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_WS = re.compile(r"\s+")


def md_inline(text: str | None) -> str:
    """Escape user text for Markdown inline context, including pipe-table cells.

    Newlines collapse to spaces (a table row is one line); Markdown punctuation and ``|`` get a
    backslash; ``&``, ``<`` and ``>`` become HTML entities so no tag or entity survives.
    """
    if not text:
        return ""
    text = _WS.sub(" ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # backslash-escape Markdown syntax, but not the entities just produced
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\\|", "&#124;")


def html_text(text: str | None) -> str:
    """Escape user text for HTML element content and attribute values (quotes included)."""
    return html.escape(_WS.sub(" ", str(text or "")).strip(), quote=True)


# mkdocs renders nav titles and site_name into HTML text, <title> and attributes (aria-label)
# WITHOUT escaping, so HTML-special ASCII in them would be markup. Full-width look-alikes read the
# same to a Chinese reader and are inert in every one of those contexts.
_NAV_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def nav_text(text: str) -> str:
    """Make user text safe as an mkdocs nav title or site_name (see the comment above)."""
    return _WS.sub(" ", text).strip().translate(_NAV_UNSAFE)


# --------------------------------------------------------------------------- formatting

def format_rate(value: float | None) -> str:
    """A compliance rate as a percentage with one decimal; ``—`` when nothing was decided."""
    return "—" if value is None else f"{value * 100:.1f}%"


def format_hours(hours: float) -> str:
    """Hours with at most one decimal, no trailing zero: 1.5, 2."""
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_date(day: date | None) -> str:
    """ISO date (the contract's only date format); empty for None."""
    return day.isoformat() if day else ""


def format_date_zh(day: date) -> str:
    """Chinese long form: 2024年10月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cite(rule: object) -> str:
    """A rule's citation: its document and clause, e.g. "湘人职院党〔2024〕25号 三(一)1"."""
    parts = [getattr(rule, "document", None), getattr(rule, "source", None)]
    return " ".join(p for p in parts if p)
