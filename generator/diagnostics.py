"""Diagnostics as data: every problem found in a repository, with a stable code and a location."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Severity = Literal["error", "warning"]

#: Every diagnostic code, so that mypy rejects a misspelt one; ``CODES`` describes each of them
#: (tests/test_docs.py asserts the two agree and that the docs have one section per code).
Code = Literal[
    "file-encoding",
    "file-binary",
    "file-empty",
    "file-too-large",
    "file-unreadable",
    "file-missing",
    "file-misplaced",
    "file-unsafe",
    "yaml-syntax",
    "yaml-fullwidth",
    "yaml-invisible",
    "yaml-duplicate-key",
    "yaml-anchor",
    "yaml-tag",
    "yaml-multiple-documents",
    "yaml-too-deep",
    "yaml-complex-key",
    "frontmatter-missing",
    "frontmatter-unterminated",
    "schema-not-mapping",
    "schema-not-list",
    "schema-unknown-key",
    "schema-missing-key",
    "schema-type",
    "schema-choice",
    "schema-id",
    "schema-date-format",
    "schema-date-invalid",
    "schema-time-format",
    "schema-value",
    "roster-duplicate-id",
    "roster-unknown-ref",
    "roster-unknown-role",
    "roster-term-order",
    "roster-term-overlap",
    "roster-break-outside",
    "roster-makeup-day",
    "roster-date-order",
    "roster-timezone",
    "roster-leave-overlap",
    "roster-parent-cycle",
    "roster-unknown-tag",
    "roster-sample-as-of",
    "policy-unknown-ref",
    "policy-duplicate-id",
    "policy-extends",
    "policy-weakened",
    "policy-bounds",
    "policy-parameter",
    "record-path",
    "record-unknown-ref",
    "record-unknown-type",
    "record-unknown-guidance",
    "record-not-in-post",
    "record-future",
    "record-time-order",
    "record-duration-required",
    "record-duplicate",
    "record-overlap",
    "record-over-quota",
    "record-public-sensitive",
    "record-personal-data",
    "record-problem",
    "record-amends",
    "record-unassigned-target",
    "record-grade",
    "record-late",
    "record-problem-overdue",
    "record-with-also-filed",
    "record-public-withheld",
    "record-empty-targets",
    "assignment-bounds",
    "assignment-grade",
    "coverage-gap",
    "profile-missing",
    "git-unavailable",
    "git-date",
    "catalogue-ledger",
    "git-not-allowed",
    "git-locked",
    "codeowners-stale",
    "disclosure-reviewer",
    "disclosure-future",
    "disclosure-record",
    "disclosure-self-review",
]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    severity: Severity
    title: str  # short Chinese name, shown in summaries and used as the docs heading


# Every code the tool can emit. docs/reference/diagnostics.md has one section per code
# (tests/test_docs.py asserts the two sets are equal). Codes are public: never rename one.
CODES: dict[Code, CodeInfo] = {
    # --- files and encodings
    "file-encoding": CodeInfo("error", "文件不是 UTF-8 编码"),
    "file-binary": CodeInfo("error", "文件不是文本"),
    "file-empty": CodeInfo("error", "文件为空"),
    "file-too-large": CodeInfo("error", "文件过大"),
    "file-unreadable": CodeInfo("error", "文件无法读取"),
    "file-missing": CodeInfo("error", "缺少必需的文件"),
    "file-misplaced": CodeInfo("error", "文件位置不对"),
    "file-unsafe": CodeInfo("error", "不安全的文件或路径"),
    # --- YAML
    "yaml-syntax": CodeInfo("error", "YAML 语法错误"),
    "yaml-fullwidth": CodeInfo("error", "用了中文全角标点或空格"),
    "yaml-invisible": CodeInfo("error", "值中有看不见的字符"),
    "yaml-duplicate-key": CodeInfo("error", "字段重复"),
    "yaml-anchor": CodeInfo("error", "不允许使用 YAML 锚点和别名"),
    "yaml-tag": CodeInfo("error", "不允许使用 YAML 标签"),
    "yaml-multiple-documents": CodeInfo("error", "一个文件中有多个 YAML 文档"),
    "yaml-too-deep": CodeInfo("error", "YAML 嵌套过深"),
    "yaml-complex-key": CodeInfo("error", "字段名必须是简单文本"),
    # --- front matter
    "frontmatter-missing": CodeInfo("error", "缺少文件头（front matter）"),
    "frontmatter-unterminated": CodeInfo("error", "文件头没有结束标记"),
    # --- shape of a document (schema)
    "schema-not-mapping": CodeInfo("error", "内容应为“字段: 值”的映射"),
    "schema-not-list": CodeInfo("error", "内容应为列表"),
    "schema-unknown-key": CodeInfo("error", "未知字段"),
    "schema-missing-key": CodeInfo("error", "缺少必填字段"),
    "schema-type": CodeInfo("error", "字段类型不对"),
    "schema-choice": CodeInfo("error", "取值不在允许范围内"),
    "schema-id": CodeInfo("error", "标识（id）格式不对"),
    "schema-date-format": CodeInfo("error", "日期格式不对"),
    "schema-date-invalid": CodeInfo("error", "日期不存在"),
    "schema-time-format": CodeInfo("error", "时间格式不对"),
    "schema-value": CodeInfo("error", "取值不合理"),
    # --- rosters
    "roster-duplicate-id": CodeInfo("error", "标识重复"),
    "roster-unknown-ref": CodeInfo("error", "引用了不存在的标识"),
    "roster-unknown-role": CodeInfo("error", "角色未在制度中声明"),
    "roster-term-order": CodeInfo("error", "学期起止日期不对"),
    "roster-term-overlap": CodeInfo("error", "学期时间重叠"),
    "roster-break-outside": CodeInfo("error", "假期不在学期之内"),
    "roster-makeup-day": CodeInfo("error", "调休日不合理"),
    "roster-date-order": CodeInfo("error", "起止日期颠倒"),
    "roster-timezone": CodeInfo("error", "时区无效"),
    "roster-leave-overlap": CodeInfo("warning", "请假时间重叠"),
    "roster-parent-cycle": CodeInfo("error", "上级单位形成循环"),
    "roster-unknown-tag": CodeInfo("warning", "对象标签未在制度中声明"),
    "roster-sample-as-of": CodeInfo("warning", "示例统计日期之后还有记录"),
    # --- policy
    "policy-unknown-ref": CodeInfo("error", "制度中引用了未声明的内容"),
    "policy-duplicate-id": CodeInfo("error", "制度中的规则标识重复"),
    "policy-extends": CodeInfo("error", "制度继承关系有误"),
    "policy-weakened": CodeInfo("warning", "本地规则弱于上级制度"),
    "policy-bounds": CodeInfo("error", "制度中的数量要求不合理"),
    "policy-parameter": CodeInfo("error", "制度参数有误"),
    # --- records
    "record-path": CodeInfo("error", "记录文件路径与内容不一致"),
    "record-unknown-ref": CodeInfo("error", "记录引用了不存在的标识"),
    "record-unknown-type": CodeInfo("error", "活动类型未在制度中声明"),
    "record-unknown-guidance": CodeInfo("error", "引导类别未在制度中声明"),
    "record-not-in-post": CodeInfo("error", "活动日期不在任职期间"),
    "record-future": CodeInfo("error", "活动日期晚于今天"),
    "record-time-order": CodeInfo("error", "结束时间不晚于开始时间"),
    "record-duration-required": CodeInfo("error", "该类活动必须填写起止时间"),
    "record-duplicate": CodeInfo("error", "重复记录"),
    "record-overlap": CodeInfo("error", "同一人的活动时间重叠"),
    "record-over-quota": CodeInfo("error", "超出每日次数上限"),
    "record-public-sensitive": CodeInfo("error", "公开记录涉及敏感对象"),
    "record-personal-data": CodeInfo("error", "记录中含有身份证号或手机号"),
    "record-problem": CodeInfo("error", "问题登记不完整"),
    "record-amends": CodeInfo("error", "更正记录有误"),
    "record-unassigned-target": CodeInfo("warning", "联系对象未分配给本人"),
    "record-grade": CodeInfo("warning", "班级年级不符合制度要求"),
    "record-late": CodeInfo("warning", "补录过晚"),
    "record-problem-overdue": CodeInfo("warning", "问题超期未办结"),
    "record-with-also-filed": CodeInfo("warning", "同行人员重复登记"),
    "record-public-withheld": CodeInfo("warning", "公开记录不会出现在公开站点"),
    "record-empty-targets": CodeInfo("warning", "没有填写联系对象"),
    # --- assignments and coverage (evaluated on the as-of date)
    "assignment-bounds": CodeInfo("warning", "联系对象数量不符合制度要求"),
    "assignment-grade": CodeInfo("warning", "分配的班级年级不符合制度要求"),
    "coverage-gap": CodeInfo("warning", "有对象无人联系"),
    "profile-missing": CodeInfo("warning", "个人信息不符合制度要求"),
    # --- Git integration
    "git-unavailable": CodeInfo("warning", "无法读取 Git 历史"),
    "git-date": CodeInfo("warning", "提交时间不合理"),
    "catalogue-ledger": CodeInfo("error", "索取号登记簿被改动"),
    "git-not-allowed": CodeInfo("error", "提交人无权修改此文件"),
    "git-locked": CodeInfo("error", "已锁定的记录被修改"),
    "codeowners-stale": CodeInfo("warning", "CODEOWNERS 与名册不一致"),
    # --- disclosure review (reviews/)
    "disclosure-reviewer": CodeInfo("error", "审查人不在保密审查人名单中"),
    "disclosure-future": CodeInfo("error", "保密审查日期晚于今天"),
    "disclosure-record": CodeInfo("warning", "审查的记录不存在或不是公开记录"),
    "disclosure-self-review": CodeInfo("warning", "审查人审查了自己填报的记录"),
}


_BY_NAME: dict[str, Code] = {c: c for c in CODES}


def code_named(name: str) -> Code | None:
    """The code spelt ``name``, if there is one (for codes that arrive as text, e.g. from pydantic)."""
    return _BY_NAME.get(name)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: Code
    severity: Severity
    file: str  # repository-relative POSIX path
    line: int | None
    message: str
    column: int | None = None
    # (field, value) of a value that is not an id, so a later stage that knows the rosters can say
    # whose name it is; never printed, and no part of a diagnostic's identity
    subject: tuple[str, str] | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }
        if self.column is not None:
            out["column"] = self.column
        return out

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)


def diag(
    code: Code, file: str, line: int | None, message: str, column: int | None = None,
    subject: tuple[str, str] | None = None,
) -> Diagnostic:
    """Build a diagnostic whose severity comes from the code registry."""
    return Diagnostic(code, CODES[code].severity, file, line, message, column, subject)


def count(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return errors, len(diagnostics) - errors


# The plain-data form of a diagnostic (the caches keep it: a tuple of str, int and None).
_FIELDS = tuple(f.name for f in fields(Diagnostic))  # every field, compared or not (subject)


def encode_diagnostic(d: Diagnostic, path: str | None = None) -> tuple[Any, ...]:
    """A diagnostic as plain data (every field); its file left out when it is ``path``."""
    values = tuple(getattr(d, name) for name in _FIELDS)
    return tuple(None if name == "file" and v == path else v for name, v in zip(_FIELDS, values, strict=True))


def decode_diagnostic(plain: tuple[Any, ...], path: str | None = None) -> Diagnostic:
    values = dict(zip(_FIELDS, plain, strict=True))
    if values["file"] is None:
        values["file"] = path
    return Diagnostic(**values)
