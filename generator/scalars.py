"""Scalar types of the file formats: ids, ISO dates, quoted times, non-empty text, typed parameters.

Scalars arrive as strings (see ``yamlio``), so each type accepts its textual form and explains, in
Chinese, how to write it when it is wrong (a date like 2024/9/12 gets its ISO form in the message).
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from . import keyboard
from .pii import quote

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_CJK = re.compile(r"[\u3400-\u9fff]")
ID_RULE = "标识只能由小写英文字母、数字和连字符组成，以字母或数字开头，最长 64 个字符"


def _keyboard(kind: str, value: str) -> None:
    """A value a Chinese keyboard got wrong (quotes, commas, colon) is told so, not just 'wrong'."""
    slip = keyboard.value_slip(value)
    if slip is not None:
        raise PydanticCustomError(kind, slip.replace("{", "{{").replace("}", "}}"), {"value": value})


def _check_id(value: str) -> str:
    if ID_RE.fullmatch(value):
        return value
    _keyboard("schema-id", value)
    if _CJK.search(value):
        # A name, most likely: the validator tells whose (it knows the rosters); never invent an id.
        raise PydanticCustomError(
            "schema-id", "“{value}”不是标识。这里要写名册中的标识（不是姓名或名称），" + ID_RULE + "。",
            {"value": quote(value)})
    hint = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")[:64]
    fix = f"，例如“{hint}”" if hint and ID_RE.fullmatch(hint) and hint != value else ""
    raise PydanticCustomError("schema-id", "标识“{value}”格式不对：" + ID_RULE + "{fix}。",
                              {"value": quote(value), "fix": fix})


_DATE_LOOSE = re.compile(r"\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*")
_DATE_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


#: Dates in any file (and --as-of) lie in these years: the arithmetic of periods, ages and
#: catalogue years never meets the ends of Python's calendar, and a typo like 20244 is caught.
MIN_YEAR, MAX_YEAR = 1900, 2200


def _real_date(y: int, m: int, d: int, shown: str) -> date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise PydanticCustomError(
            "schema-date-invalid",
            "日期“{value}”的年份 {y} 不在 {lo}—{hi} 年之间。请核对年份。",
            {"value": quote(shown), "y": y, "lo": MIN_YEAR, "hi": MAX_YEAR},
        )
    try:
        return date(y, m, d)
    except ValueError:
        raise PydanticCustomError(
            "schema-date-invalid",
            "日期“{value}”不存在（{y}年{m}月没有{d}日）。请核对日历后改正。",
            {"value": quote(shown), "y": y, "m": m, "d": d},
        ) from None


def parse_date(value: Any) -> date:
    """Accept only ISO ``YYYY-MM-DD``; other common spellings get a message showing the ISO form."""
    if isinstance(value, date):
        return _real_date(value.year, value.month, value.day, value.isoformat())
    text = str(value)
    _keyboard("schema-date-format", text)
    if _ISO_DATE.fullmatch(text):
        return _real_date(int(text[:4]), int(text[5:7]), int(text[8:10]), text)
    m = _DATE_LOOSE.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        _real_date(y, mo, d, text)
        raise PydanticCustomError(
            "schema-date-format",
            "日期“{value}”的写法不对，请写成“{iso}”（年-月-日，月和日都用两位数字）。",
            {"value": quote(text), "iso": iso},
        )
    raise PydanticCustomError(
        "schema-date-format",
        "“{value}”不是日期。日期请写成“年-月-日”，例如 2024-09-12。",
        {"value": quote(text)},
    )


_TIME = re.compile(r"\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*")


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    text = str(value)
    if keyboard.CHINESE_QUOTES.get(text[:1]) == text[-1:] != "":
        _keyboard("schema-time-format", text)
    m = _TIME.fullmatch(text)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        hh, mm = int(m.group(1)), int(m.group(2))
        if text != f"{hh:02d}:{mm:02d}":
            raise PydanticCustomError(
                "schema-time-format",
                "时间“{value}”的写法不对，请写成带引号的“\"{fixed}\"”（24 小时制，两位数字，英文冒号）。",
                {"value": quote(text), "fixed": f"{hh:02d}:{mm:02d}"},
            )
        return time(hh, mm)
    raise PydanticCustomError(
        "schema-time-format",
        "“{value}”不是有效的时间。请写成带引号的 24 小时制时间，例如 \"14:30\"。",
        {"value": text},
    )


def _nonblank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("string_too_short", "不能为空", {})
    return value


def _scalar(value: Any) -> Any:
    """YAML scalars arrive as text; free-form parameters get their natural type back."""
    if not isinstance(value, str):
        return value
    if value in ("true", "false"):
        return value == "true"
    # At most 15 digits: a longer number is kept as text rather than becoming a huge integer or
    # a float that overflows to infinity (which JSON cannot carry).
    if re.fullmatch(r"-?\d{1,15}", value):
        return int(value)
    if re.fullmatch(r"-?\d{1,15}\.\d{0,15}", value):
        return float(value)
    return value


def typed_params(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: [_scalar(x) for x in v] if isinstance(v, list) else _scalar(v) for k, v in value.items()}
    return value


def natural(value: Any) -> Any:
    """A free-form value (a policy parameter): scalars and list items get their natural type back."""
    if isinstance(value, list):
        return [_scalar(x) for x in value]
    return _scalar(value)


Id = Annotated[str, AfterValidator(_check_id)]
IsoDate = Annotated[date, BeforeValidator(parse_date)]
ClockTime = Annotated[time, BeforeValidator(parse_time)]
Text = Annotated[str, AfterValidator(_nonblank)]

