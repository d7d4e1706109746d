"""The schema in plain Chinese: field types, defaults, bounds and one table per model, for the reference docs."""

from __future__ import annotations

import types
from collections.abc import Iterator, Sequence
from datetime import date, time
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import schema

_SCALARS: dict[Any, str] = {
    str: "文本",
    int: "整数",
    float: "数字",
    bool: "是/否",
    date: "日期 YYYY-MM-DD",
    time: '时间 "HH:MM"',
}
_ALIASES = {
    schema.Id: "标识",
    schema.IsoDate: "日期 YYYY-MM-DD",
    schema.ClockTime: '时间 "HH:MM"',
    schema.Text: "文本",
}
# pydantic strips ``Annotated`` from a field's own type and keeps the validators in its metadata,
# so the aliases are recognised by their validator functions.
_BY_VALIDATOR = {m.func: name for alias, name in _ALIASES.items() for m in get_args(alias)[1:]}


def anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def type_zh(tp: Any, metadata: Sequence[Any] = ()) -> str:
    """A field type in plain Chinese; nested models become links to their sections."""
    for meta in metadata:
        if getattr(meta, "func", None) in _BY_VALIDATOR:
            return _BY_VALIDATOR[meta.func]
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return type_zh(args[0], args[1:])
    if origin in (Union, types.UnionType):
        names = [type_zh(a) for a in args if a is not type(None)]
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "或" + names[-1]
    if origin is Literal:
        return "取值之一：" + "、".join(f"`{v}`" for v in args)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "取值之一：" + "、".join(f"`{v.value}`" for v in tp)
    if origin is list:
        return f"列表〔{type_zh(args[0])}〕"
    if origin is dict:
        return f"映射〔{type_zh(args[0])} → {type_zh(args[1])}〕"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{anchor(tp)})"
    if tp in _SCALARS:
        return _SCALARS[tp]
    raise TypeError(f"refdocs: no Chinese name for the type {tp!r}; add one to _SCALARS")


def _bounds(metadata: Sequence[Any]) -> str:
    lo = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    hi = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    if lo is not None and hi is not None:
        return f"（{lo}～{hi}）"
    if lo is not None:
        return f"（不小于 {lo}）"
    return f"（不大于 {hi}）" if hi is not None else ""


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str) and value.isdigit():
        return f'"{value}"'  # unquoted, YAML readers would take it for a number
    return str(value)


def required_zh(field: FieldInfo) -> str:
    if field.is_required():
        return "是"
    if field.default_factory is not None:
        made = field.default_factory()  # type: ignore[call-arg]
        return "否（各项取默认值）" if isinstance(made, BaseModel) else "否（默认为空）"
    if field.default is None:
        return "否"
    return f"否（默认 `{_yaml_value(field.default)}`）"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def doc(model: type[BaseModel]) -> str:
    if not model.__doc__:
        raise ValueError(f"refdocs: {model.__name__} has no docstring; the docs need one")
    return " ".join(model.__doc__.split())


def model_table(model: type[BaseModel]) -> str:
    rows = ["| 字段 | 类型 | 必填 | 说明 |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if not field.description:
            raise ValueError(f"refdocs: {model.__name__}.{name} has no description")
        kind = type_zh(field.annotation, field.metadata) + _bounds(field.metadata)
        label = f"`{field.alias or name}`"
        cells = (label, _cell(kind), required_zh(field), _cell(field.description))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _nested(tp: Any) -> Iterator[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    for arg in get_args(tp):
        yield from _nested(arg)


def models_under(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and every model nested in it, in order of first appearance."""
    found: list[type[BaseModel]] = []

    def visit(m: type[BaseModel]) -> None:
        if m in found:
            return
        found.append(m)
        for field in m.model_fields.values():
            for inner in _nested(field.annotation):
                visit(inner)

    visit(model)
    return found
