"""The data a province can aggregate (河北 四, ``kind: export``): the open-data tables, as one workbook.

Built from ``PublicData`` only, so it carries exactly what the public site publishes (groups too
small to publish merged, no names of people who have not agreed to be named); ``params.recipient``
names whom it is for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .. import schema
from ..public import PublicData
from ..public.opendata import SCHEMA_VERSION, TABLES, tables
from .table import Cell, Column, Sheet

_KINDS = {"integer": "number", "number": "number", "date": "date"}


def sheets(data: PublicData, spec: schema.ReportSpec) -> Iterator[Sheet]:
    recipient = spec.params.get("recipient")
    inst = data.institution
    about = [("报送单位", str(recipient) if recipient else ""), ("填报单位", inst.name), ("机构编号", inst.code),
             ("发布机构", inst.publisher), ("统计日期", data.as_of.isoformat()), ("数据版本", str(SCHEMA_VERSION)),
             ("说明", "各表与公开站点“开放数据”的 CSV 文件相同，每行带机构编号，可直接汇总；人数少于 "
                      f"{data.min_group} 人的分组已合并。")]
    yield Sheet("说明", spec.title, (Column("项目", 12), Column("内容", 60, "long")), about, frozen=False)
    rows = tables(data)
    for t in TABLES:
        columns = tuple(Column(c.name, 14, _KINDS.get(c.type, "text")) for c in t.columns)  # type: ignore[arg-type]
        body = ([_cell(row[c.name]) for c in t.columns] for row in rows[t.key])
        yield Sheet(t.key, t.title, columns, body, ("列名与开放数据相同，含义见公开站点“开放数据”页。",))


def _cell(value: object) -> Cell:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str | int | float | date) or value is None else str(value)
