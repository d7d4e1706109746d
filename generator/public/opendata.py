"""Open data of the public site: the same aggregates as JSON and CSV, one documented schema.

Every row carries the institution code, so a provincial department can concatenate the files of
many institutions. ``TABLES`` is the schema: docs/opendata.md documents every column of it, and
tests/test_public_opendata.py checks that the two agree. CSV files are UTF-8 with a byte-order
mark (Excel on Chinese Windows otherwise reads them as GBK) and CRLF line ends (RFC 4180); a text cell
that a spreadsheet would take for a formula gets a leading apostrophe (OWASP).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from .data import Entry, GroupStat, PublicData, TermSummary

SCHEMA = "contact-records-public-data"
SCHEMA_VERSION = 1
JSON_FILE = "data/public-data.json"

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | boolean | date (ISO YYYY-MM-DD); None is empty in CSV
    description: str


@dataclass(frozen=True)
class Table:
    key: str  # key of the list in the JSON file
    file: str  # the CSV file
    title: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return (Column("institution_code", "string", "机构编号（本单位在信息公开目录中的编号，即索取号的第一段）"),
            *(Column(*s) for s in specs))


_TERM = ("term", "string", "学期标识，例如 2024-2025-1")
_GROUP = (
    ("group_id", "string", "分组标识：单位标识或角色标识；合并行为 _merged"),
    ("group_name", "string", "分组名称"),
    ("merged", "boolean", "是否为人数不足而合并的行"),
    ("actors", "integer", "本组人数（有必须完成的规则的人员或组织）"),
    ("met", "integer", "已完成的考核项数（人员×规则×周期）"),
    ("unmet", "integer", "未完成的考核项数"),
    ("pending", "integer", "进行中的考核项数（周期尚未结束）"),
    ("exempt", "integer", "不考核的考核项数（周期内教学日不足、请假等）"),
    ("rate", "number", "完成率 = met ÷ (met + unmet)，0 到 1，四位小数；无可计算项时为空"),
)

TABLES: tuple[Table, ...] = (
    Table("terms", "data/terms.csv", "各学期概况", _cols(
        _TERM,
        ("term_name", "string", "学期名称"),
        ("start", "date", "学期第一天"),
        ("end", "date", "学期最后一天"),
        ("ended", "boolean", "统计截止日前学期是否已结束"),
        ("as_of", "date", "统计截止日期"),
        ("actors", "integer", "全校有必须完成的规则的人数；不足最小分组人数时为空"),
        ("met", "integer", "全校已完成的考核项数；不足最小分组人数时为空"),
        ("unmet", "integer", "全校未完成的考核项数；同上"),
        ("pending", "integer", "全校进行中的考核项数；同上"),
        ("exempt", "integer", "全校不考核的考核项数；同上"),
        ("rate", "number", "全校完成率，0 到 1；同上或无可计算项时为空"),
        ("records", "integer", "本学期有效工作记录条数（含内部和受限记录，只计数）"),
        ("catalogue_number", "string", "本学期统计页的索取号"),
    )),
    Table("compliance_by_unit", "data/compliance-by-unit.csv", "按单位汇总的规则完成情况", _cols(_TERM, *_GROUP)),
    Table("compliance_by_role", "data/compliance-by-role.csv", "按角色汇总的规则完成情况", _cols(_TERM, *_GROUP)),
    Table("activities_by_carrier", "data/activities-by-carrier.csv", "各载体活动次数", _cols(
        _TERM,
        ("carrier", "string", "载体（制度中活动类型的 carrier，例如 宿舍、课堂）；未声明载体的为“其他”"),
        ("records", "integer", "有效工作记录条数（不含受限记录）"),
    )),
    Table("problems", "data/problems.csv", "师生反映问题的办理情况", _cols(
        _TERM,
        ("raised", "integer", "反映的问题数"),
        ("resolved", "integer", "已办结"),
        ("in_progress", "integer", "办理中"),
        ("open", "integer", "待办"),
        ("referred", "integer", "转交有关单位办理的问题数"),
        ("median_days_to_resolve", "number", "已办结问题从活动日到办结日的天数中位数；没有已办结问题时为空"),
    )),
    Table("catalogue", "data/catalogue.csv", "信息公开目录", _cols(
        ("number", "string", "索取号：机构编号-分类号-年份-序号"),
        ("kind", "string", "类别：policy 制度、allocation 联系分配名单、term 学期统计、opendata 开放数据、"
                           "actor 个人联系工作情况、record 工作记录"),
        ("title", "string", "信息名称"),
        ("published", "date", "发布日期"),
        ("summary", "string", "内容概述（不超过 100 个字符）"),
        ("url", "string", "在公开站点上的相对地址"),
    )),
)


# --------------------------------------------------------------------------- rows

def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _group(code: str, term: str, g: GroupStat) -> Row:
    return {"institution_code": code, "term": term, "group_id": g.id, "group_name": g.name, "merged": g.merged,
            "actors": g.actors, "met": g.met, "unmet": g.unmet, "pending": g.pending, "exempt": g.exempt,
            "rate": _rate(g.rate)}


def _term(code: str, as_of: date, t: TermSummary) -> Row:
    total = t.total
    return {"institution_code": code, "term": t.id, "term_name": t.name, "start": t.start, "end": t.end,
            "ended": t.ended, "as_of": as_of,
            "actors": total.actors if total else None, "met": total.met if total else None,
            "unmet": total.unmet if total else None, "pending": total.pending if total else None,
            "exempt": total.exempt if total else None, "rate": _rate(total.rate) if total else None,
            "records": t.records, "catalogue_number": t.entry.number}


def _entry(code: str, e: Entry) -> Row:
    return {"institution_code": code, "number": e.number, "kind": e.kind, "title": e.title,
            "published": e.published, "summary": e.summary, "url": e.url}


def _rows(data: PublicData, key: str) -> Iterator[Row]:
    code = data.institution.code
    for t in data.terms:
        if key == "terms":
            yield _term(code, data.as_of, t)
        elif key == "compliance_by_unit":
            yield from (_group(code, t.id, g) for g in t.by_unit)
        elif key == "compliance_by_role":
            yield from (_group(code, t.id, g) for g in t.by_role)
        elif key == "activities_by_carrier":
            yield from ({"institution_code": code, "term": t.id, "carrier": c.carrier, "records": c.records}
                        for c in t.carriers)
        elif key == "problems":
            p = t.problems
            yield {"institution_code": code, "term": t.id, "raised": p.raised, "resolved": p.resolved,
                   "in_progress": p.in_progress, "open": p.open, "referred": p.referred,
                   "median_days_to_resolve": p.median_days}
    if key == "catalogue":
        yield from (_entry(code, e) for e in data.catalogue)


def tables(data: PublicData) -> dict[str, list[Row]]:
    """Every table's rows, keyed like ``TABLES`` (values are Python dates, numbers, bools, None)."""
    return {t.key: list(_rows(data, t.key)) for t in TABLES}


# --------------------------------------------------------------------------- files

def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


#: A text cell starting with one of these is a formula to Excel and LibreOffice (OWASP "CSV
#: injection"): =HYPERLINK(...) in a summary would run when the file is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that spreadsheets show as written: a leading ' makes a formula plain text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return neutralise(value)
    return str(value)  # numbers: a negative number is a number, not a formula


def document(data: PublicData) -> dict[str, Any]:
    """The JSON file's content."""
    inst = data.institution
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "institution": {"code": inst.code, "name": inst.name, "publisher": inst.publisher,
                        "category": inst.category},
        "as_of": data.as_of.isoformat(),
        "policy": {"title": data.policy.title, "document": data.policy.document},
        "min_group_size": data.min_group,
    }
    for key, rows in tables(data).items():
        doc[key] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
    return doc


def csv_bytes(table: Table, rows: list[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["schema_version", *table.names])
    for row in rows:
        writer.writerow([str(SCHEMA_VERSION), *(_csv_value(row[n]) for n in table.names)])
    return buf.getvalue().encode("utf-8-sig")


def dump_json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def files(data: PublicData) -> dict[str, bytes]:
    """Downloads for ``SiteSource.files``: the JSON file and one CSV per table."""
    rows = tables(data)
    out = {JSON_FILE: dump_json(document(data))}
    out.update({t.file: csv_bytes(t, rows[t.key]) for t in TABLES})
    return out
