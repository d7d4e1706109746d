"""The Chinese messages the validator and the record form share: one template per message, by key.

The validator formats a template with ``text(key, …)``; the internal site's record form receives
the same templates as data (``catalogue()``) and fills them in the browser, so a message is written
once and reads the same in the command line, in CI and next to the form's field. Placeholders are
named (``{date}``); ``{{`` and ``}}`` stand for braces. Values are formatted before they are put in
(times as HH:MM, lists joined), so both sides only substitute.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import CODES, Code

ID_RULE = "标识只能由小写英文字母、数字和连字符组成，以字母或数字开头，最长 64 个字符"
_PERSONAL = "记录中不得出现身份证号、手机号等个人信息，请删除。"


@dataclass(frozen=True, slots=True)
class Message:
    code: Code
    template: str


MESSAGES: dict[str, Message] = {
    # ---------------------------------------------------------------- scalars (schema)
    "id-is-name": Message("schema-id", "“{value}”不是标识。这里要写名册中的标识（不是姓名或名称），" + ID_RULE + "。"),
    "id-format": Message("schema-id", "标识“{value}”格式不对：" + ID_RULE + "{fix}。"),
    "id-example": Message("schema-id", "，例如“{hint}”"),
    "date-year": Message("schema-date-invalid", "日期“{value}”的年份 {year} 不在 {lo}—{hi} 年之间。请核对年份。"),
    "date-impossible": Message("schema-date-invalid", "日期“{value}”不存在（{year}年{month}月没有{day}日）。请核对日历后改正。"),
    "date-spelling": Message("schema-date-format",
                             "日期“{value}”的写法不对，请写成“{iso}”（年-月-日，月和日都用两位数字）。"),
    "date-not-a-date": Message("schema-date-format", "“{value}”不是日期。日期请写成“年-月-日”，例如 2024-09-12。"),
    "time-spelling": Message("schema-time-format",
                             "时间“{value}”的写法不对，请写成带引号的“\"{fixed}\"”（24 小时制，两位数字，英文冒号）。"),
    "time-not-a-time": Message("schema-time-format", "“{value}”不是有效的时间。请写成带引号的 24 小时制时间，例如 \"14:30\"。"),
    "field-says": Message("schema-value", "“{field}”：{message}"),
    "field-missing": Message("schema-missing-key", "缺少必填字段“{field}”{about}。请补上这一项。"),
    # ---------------------------------------------------------------- one record
    "path-shape": Message("record-path", "记录文件的位置或名称不对。应为 {expected}，其中文件名只能用小写英文字母、数字和连字符，"
                                         "例如 {date}-dorm-visit.md。"),
    "future": Message("record-future", "活动日期 {date} 晚于今天（{today}）。不能提前登记尚未发生的活动，请核对日期。"),
    "not-in-post": Message("record-not-in-post", "{name}的任职期间是 {span}，活动日期 {date} 不在其中。请核对日期或名册中的 since/until。"),
    "ref-other-roster": Message("record-unknown-ref", "“{ref}”是{roster}，这里需要{want}。"),
    "ref-unknown-meant": Message("record-unknown-ref", "找不到标识“{ref}”。{meant}如果不是，请先在名册中登记它（这里需要{want}）。"),
    "ref-unknown": Message("record-unknown-ref", "找不到标识“{ref}”。请检查拼写，或先在名册中登记它（这里需要{want}）。"),
    "target-is-person": Message("record-unknown-ref", "“{ref}”是填报人员，不是联系对象。与其他干部一同参加请写在 with 中；"
                                                      "联系教师请使用 targets.yml 中的教师标识。"),
    "with-self": Message("record-unknown-ref", "with 中不用再写填报人本人“{ref}”。请删除。"),
    "end-without-start": Message("record-time-order", "只写了结束时间 end，没有开始时间 start。请补上开始时间。"),
    "end-not-after-start": Message("record-time-order",
                                   "结束时间 {end} 不晚于开始时间 {start}。请改正；跨午夜的活动请按当天结束时间记录。"),
    "duration-required": Message("record-duration-required", "“{type}”必须填写起止时间，例如 start: \"09:00\" 和 end: \"12:00\"。"),
    "empty-targets": Message("record-empty-targets",
                             "“{type}”是面对面活动，但没有填写联系对象 targets。请写明联系了哪个班级、宿舍或对象。"),
    "public-sensitive": Message("record-public-sensitive", "这条记录设为公开（public），但联系对象“{ref}”是敏感对象，身份不得公开。"
                                                           "请把 visibility 改为 internal，或去掉这个对象。"),
    "public-sensitive-summary": Message("record-public-sensitive",
                                        "这条记录设为公开（public），但工作简况中写到了敏感对象（{ref}）的姓名，身份不得公开。"
                                        "请删去姓名（例如改为“一名同学”），或把 visibility 改为 internal。"),
    "problem-no-resolved-date": Message("record-problem", "问题状态为已办结（resolved），但没有填写办结日期 resolved。"
                                                          "请补上，例如 resolved: 2024-10-22。"),
    "problem-resolved-not-status": Message("record-problem",
                                           "填写了办结日期 {resolved}，但状态是“{status}”。已办结请把 status 改为 resolved。"),
    "problem-resolved-early": Message("record-problem", "办结日期 {resolved} 早于问题提出的日期 {date}。请核对。"),
    "unassigned-target": Message("record-unassigned-target", "联系对象“{ref}”在 {date} 没有分配给“{by}”。如属临时联系可忽略；"
                                                             "长期联系请在 rosters/assignments.yml 中登记。"),
    "late": Message("record-late", "活动日期是 {date}，记录在 {filed} 才首次提交，相隔 {days} 天，超过制度规定的 {limit} 天。"
                                   "请今后在活动后及时登记；如确属补录，请在正文中说明原因。"),
    "personal-data-field": Message("record-personal-data", "字段“{field}”中含有{kind}（{masked}）。" + _PERSONAL),
    "personal-data-body": Message("record-personal-data", "正文中含有{kind}（{masked}）。" + _PERSONAL),
    # ---------------------------------------------------------------- between records of one actor
    "duplicate": Message("record-duplicate", "与 {other} 重复：同一填报人、同一天、同一活动类型和同样的联系对象。"
                                             "同一活动只需登记一次；如是两次不同的活动，请在联系对象或时间上区分，或删除本文件。"),
    "overlap": Message("record-overlap", "时间 {start}—{end} 与同一天的 {other}（{other_start}—{other_end}）重叠。"
                                         "一个人不能同时在两处，请核对时间。"),
    "over-quota": Message("record-over-quota", "“{type}”每人每天最多登记 {max} 次，{date} 已有 {count} 条（{files}）。"
                                               "请删除多余的记录。"),
}

#: How lists inside a message are joined (file names of a quota, names): the form joins the same way.
LIST_SEPARATOR = "、"


def text(key: str, **values: object) -> str:
    """The message ``key`` with its placeholders filled in."""
    return MESSAGES[key].template.format(**values)


def catalogue() -> dict[str, dict[str, str]]:
    """Every message as data for the record form: its code, severity and template."""
    return {key: {"code": m.code, "severity": CODES[m.code].severity, "template": m.template}
            for key, m in MESSAGES.items()}
