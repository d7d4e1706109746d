"""Turn pydantic validation errors into Chinese diagnostics on the line at fault."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, code_named, diag
from .yamlio import Loaded, Path

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
    return out or "（顶层）"


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


def translate(
    exc: ValidationError, model: type[BaseModel], loaded: Loaded, rel: str, prefix: Path = ()
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located with the YAML line map."""
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # pydantic reports tagged-union/validator internals with synthetic loc parts; drop them
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        line = loaded.line(prefix + loc)
        kind = err["type"]
        label = _label(loc)
        owner = _model_at(model, loc)
        if kind == "extra_forbidden":
            key = loc[-1]
            known = field_names(owner) if owner else []
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else ""
            allowed = "、".join(known)
            out.append(diag(
                "schema-unknown-key", rel, line,
                f"未知字段“{label}”。{hint}允许的字段有：{allowed}。",
            ))
        elif kind == "missing":
            desc = _field_description(owner, loc[-1])
            out.append(diag(
                "schema-missing-key", rel, line,
                f"缺少必填字段“{label}”" + (f"（{desc.rstrip('。')}）" if desc else "") + "。请补上这一项。",
            ))
        elif kind.startswith("schema-") or kind == "string_too_short":
            code = code_named(kind) or "schema-value"
            msg = err["msg"] if kind.startswith("schema-") else "不能为空，请填写内容。"
            out.append(diag(code, rel, line, f"“{label}”：{msg}"))
        elif kind in ("literal_error", "enum"):
            expected = re.sub(r"', '|' or '", "、", str(err.get("ctx", {}).get("expected", ""))).strip("'")
            out.append(diag(
                "schema-choice", rel, line,
                f"“{label}”的值“{err.get('input')}”不在允许范围内。可选的值：{expected}。",
            ))
        elif kind in ("list_type", "tuple_type", "set_type"):
            out.append(diag(
                "schema-not-list", rel, line,
                f"“{label}”应为列表，例如 [a, b]；只有一项也要写成 [a]。",
            ))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(diag(
                "schema-not-mapping", rel, line,
                f"“{label}”应为“字段: 值”的映射，而不是单个值或列表。",
            ))
        elif kind in _TYPE_WORDS:
            out.append(diag(
                "schema-type", rel, line,
                f"“{label}”应为{_spaced(_TYPE_WORDS[kind])}，现在是“{err.get('input')}”。",
            ))
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
            limit = next(iter(err.get("ctx", {}).values()), "")
            rel_word = {"greater_than_equal": "不小于", "greater_than": "大于",
                        "less_than_equal": "不大于", "less_than": "小于"}[kind]
            out.append(diag("schema-value", rel, line, f"“{label}”应{rel_word} {limit}，现在是“{err.get('input')}”。"))
        elif kind == "string_pattern_mismatch":
            desc = _field_description(owner, loc[-1])
            out.append(diag(
                "schema-value", rel, line,
                f"“{label}”的值“{err.get('input')}”格式不对" + (f"：{desc}" if desc else "。"),
            ))
        else:  # pragma: no cover - a pydantic error type we have not mapped yet
            out.append(diag("schema-type", rel, line, f"“{label}”的值有误：{err['msg']}。"))
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
