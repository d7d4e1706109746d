"""Turn pydantic validation errors into Chinese diagnostics on the line at fault."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from . import keyboard, vocab
from .diagnostics import Diagnostic, code_named, diag
from .messages import text
from .pii import quote
from .yamlio import Loaded, Path

#: Chinese words people write for a choice, by the value they mean (visibility: 公开 → public).
_CHOICE_WORDS: dict[str, str] = {
    label: value
    for labels in (vocab.VISIBILITY_LABELS, vocab.PROBLEM_STATUS_LABELS, vocab.LEVEL_LABELS, vocab.PER_LABELS,
                   vocab.TARGET_KIND_LABELS, vocab.UNIT_KIND_LABELS, vocab.EDUCATION_LEVEL_LABELS)
    for value, label in labels.items()
}
_YES_NO = {"是": "true", "否": "false", "对": "true", "不": "false", "公开": "true", "不公开": "false",
           "需要": "true", "不需要": "false", "有": "true", "没有": "false", "yes": "true", "no": "false"}
_CHOICE_WORDS.update({"每周": "week", "每月": "month", "每学期": "semester", "每年": "year", "学期": "semester"})

_TYPE_WORDS = {
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
}


def _spaced(word: str) -> str:
    """Chinese typography: a space between Chinese text and a Latin word."""
    return f" {word}" if word[:1].isascii() else word


def _label(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return quote(out) if out else "（顶层）"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (for did-you-mean suggestions)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _field_description(model: type[BaseModel] | None, key: Any) -> str:
    if model is None:
        return ""
    for name, f in model.model_fields.items():
        if key in (name, f.alias):
            return f.description or ""
    return ""


def _required(model: type[BaseModel] | None, key: Any) -> bool:
    if model is None:
        return False
    return any(key in (name, f.alias) and f.is_required() for name, f in model.model_fields.items())


@dataclass(frozen=True)
class _Err:
    """One pydantic error with what every message needs: where it is and whose field it is."""

    err: Any
    loc: tuple[Any, ...]
    label: str
    owner: type[BaseModel] | None
    rel: str
    line: int | None

    @property
    def value(self) -> str:
        """The value at fault as a message may show it (masked, visible, shortened)."""
        return quote(self.err.get("input"))

    @property
    def raw(self) -> Any:
        """The value at fault as read (to tell text from a list or nothing; never printed as is)."""
        return self.err.get("input")


def _unknown_key(e: _Err) -> Diagnostic:
    known = field_names(e.owner) if e.owner else []
    close = difflib.get_close_matches(str(e.loc[-1]), known, n=1, cutoff=0.5)
    hint = f"是不是“{close[0]}”？" if close else ""
    return diag("schema-unknown-key", e.rel, e.line, f"未知字段“{e.label}”。{hint}允许的字段有：{'、'.join(known)}。")


def missing_about(model: type[BaseModel] | None, key: Any) -> str:
    """What a missing field is, in brackets after its name (its description), or empty."""
    desc = _field_description(model, key)
    return f"（{desc.rstrip('。')}）" if desc else ""


def _missing(e: _Err) -> Diagnostic:
    about = missing_about(e.owner, e.loc[-1])
    return diag("schema-missing-key", e.rel, e.line, text("field-missing", field=e.label, about=about))


def _ours(e: _Err) -> Diagnostic:
    """Errors raised by the schema's own validators carry their code and Chinese message."""
    kind = e.err["type"]
    if kind == "string_too_short":
        return diag("schema-value", e.rel, e.line, f"“{e.label}”：不能为空，请填写内容。")
    field = next((str(p) for p in reversed(e.loc) if isinstance(p, str)), "")
    subject = (field, e.raw) if kind == "schema-id" and isinstance(e.raw, str) else None
    return diag(code_named(kind) or "schema-value", e.rel, e.line, text("field-says", field=e.label, message=e.err["msg"]),
                subject=subject)


def shown(value: Any) -> str:
    """A value as a message shows it: quoted text, or what kind of thing it is (never a repr)."""
    if value is None:
        return "空的"
    if isinstance(value, list):
        return "一个列表" if value else "空列表 []"
    if isinstance(value, dict):
        return "“字段: 值”的映射"
    return f"“{quote(value)}”"


def _choice(e: _Err) -> Diagnostic:
    choices = re.findall(r"'([^']*)'", str(e.err.get("ctx", {}).get("expected", "")))
    expected = "、".join(choices)
    meant = _CHOICE_WORDS.get(e.raw.strip()) if isinstance(e.raw, str) else None
    if meant in choices:
        return diag("schema-choice", e.rel, e.line,
                    f"“{e.label}”要写英文的取值：“{e.value}”请写成 {meant}。可选的值：{expected}。")
    slip = keyboard.value_slip(e.raw) if isinstance(e.raw, str) else None
    return diag("schema-choice", e.rel, e.line,
                f"“{e.label}”的值{shown(e.raw)}不在允许范围内。{slip or ''}可选的值：{expected}。")


def _not_list(e: _Err) -> Diagnostic:
    slip = keyboard.bracket_slip(e.raw) or keyboard.value_slip(e.raw) if isinstance(e.raw, str) else None
    if slip:
        return diag("schema-not-list", e.rel, e.line, f"“{e.label}”应为列表：{slip}")
    return diag("schema-not-list", e.rel, e.line, f"“{e.label}”应为列表，例如 [a, b]；只有一项也要写成 [a]。")


def _not_mapping(e: _Err) -> Diagnostic:
    return diag("schema-not-mapping", e.rel, e.line,
                f"“{e.label}”应为“字段: 值”的映射（下一行缩进两个空格，再写各个字段），现在是{shown(e.raw)}。")


def _type(e: _Err) -> Diagnostic:
    word = _spaced(_TYPE_WORDS[e.err["type"]])
    if e.raw is None:
        optional = "，或删除这一行" if not _required(e.owner, e.loc[-1]) else ""
        what = "内容" if word == "文本" else word
        return diag("schema-type", e.rel, e.line, f"“{e.label}”是空的：冒号后面没有填写内容。请填写{what}{optional}。")
    if isinstance(e.raw, list) and len(e.raw) == 1 and not isinstance(e.raw[0], list | dict):
        return diag("schema-type", e.rel, e.line,
                    f"“{e.label}”只能写一个值，不能写成列表。请去掉方括号，写成 {e.loc[-1]}: {quote(e.raw[0])}。")
    meant = _YES_NO.get(str(e.raw).strip()) if e.err["type"].startswith("bool") else None
    if meant:
        return diag("schema-type", e.rel, e.line, f"“{e.label}”要写 true 或 false：“{e.value}”请写成 {meant}。")
    return diag("schema-type", e.rel, e.line, f"“{e.label}”应为{word}，现在是{shown(e.raw)}。")


_BOUND_WORDS = {"greater_than_equal": "不小于", "greater_than": "大于", "less_than_equal": "不大于", "less_than": "小于"}


def _bound(e: _Err) -> Diagnostic:
    limit = next(iter(e.err.get("ctx", {}).values()), "")
    return diag("schema-value", e.rel, e.line, f"“{e.label}”应{_BOUND_WORDS[e.err['type']]} {limit}，现在是{shown(e.raw)}。")


def _pattern(e: _Err) -> Diagnostic:
    desc = _field_description(e.owner, e.loc[-1])
    return diag("schema-value", e.rel, e.line, f"“{e.label}”的值{shown(e.raw)}格式不对" + (f"：{desc}" if desc else "。"))


def _too_big(e: _Err) -> Diagnostic:
    return diag("schema-value", e.rel, e.line, f"“{e.label}”的数字“{e.value}”位数过多，不是合理的取值。请改正。")


def _not_finite(e: _Err) -> Diagnostic:
    return diag("schema-value", e.rel, e.line, f"“{e.label}”应为一个有限的数字，现在是“{e.value}”。请写具体的数值。")


def _too_long(e: _Err) -> Diagnostic:
    ctx = e.err.get("ctx", {})
    return diag("schema-value", e.rel, e.line,
                f"“{e.label}”有 {ctx.get('actual_length')} 项，超过上限 {ctx.get('max_length')} 项。请精简或拆分。")


def _other(e: _Err) -> Diagnostic:
    return diag("schema-type", e.rel, e.line, f"“{e.label}”的值{shown(e.raw)}不符合格式要求。请对照 docs/reference/ 中的格式说明改正。")


_MESSAGES: dict[str, Callable[[_Err], Diagnostic]] = {
    "extra_forbidden": _unknown_key, "missing": _missing, "string_too_short": _ours,
    "literal_error": _choice, "enum": _choice,
    **dict.fromkeys(("list_type", "tuple_type", "set_type"), _not_list),
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"), _not_mapping),
    **dict.fromkeys(_TYPE_WORDS, _type),
    **dict.fromkeys(_BOUND_WORDS, _bound),
    "string_pattern_mismatch": _pattern,
    "int_parsing_size": _too_big, "finite_number": _not_finite, "too_long": _too_long,
}


def _message(e: _Err) -> Diagnostic:
    kind = e.err["type"]
    if kind.startswith("schema-"):
        return _ours(e)
    # a pydantic error type we have not mapped yet still gets a Chinese message, never pydantic's
    return _MESSAGES.get(kind, _other)(e)


def translate(
    exc: ValidationError, model: type[BaseModel], loaded: Loaded, rel: str, prefix: Path = ()
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located with the YAML line map."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        # pydantic reports tagged-union/validator internals with synthetic loc parts; drop them
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        out.append(_message(_Err(err, loc, _label(loc), _model_at(model, loc), rel, loaded.line(prefix + loc))))
    return out


def validate(
    model: type[BaseModel], data: Any, loaded: Loaded, rel: str, prefix: Path = ()
) -> tuple[Any, list[Diagnostic]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, translate(exc, model, loaded, rel, prefix)


def without_echoes(schema_problems: list[Diagnostic], yaml_problems: list[Diagnostic]) -> list[Diagnostic]:
    """Drop schema errors on a line that already has a YAML error: they only echo it (an alias
    read as empty, an anchored key), and fixing the YAML error is what the user must do first."""
    lines = {d.line for d in yaml_problems}
    return [d for d in schema_problems if d.line not in lines]
