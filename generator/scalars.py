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

from . import clock, keyboard
from .messages import ID_RULE, text
from .pii import quote

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_CJK = re.compile(r"[\u3400-\u9fff]")
__all__ = ["ID_RE", "ID_RULE"]


def _fail(kind: str, message: str) -> PydanticCustomError:
    """A schema error with a finished message (pydantic's own substitution would re-read the value)."""
    return PydanticCustomError(kind, message)


def _keyboard(kind: str, value: str) -> None:
    """A value a Chinese keyboard got wrong (quotes, commas, colon) is told so, not just 'wrong'."""
    slip = keyboard.value_slip(value)
    if slip is not None:
        raise _fail(kind, slip)


def _check_id(value: str) -> str:
    if ID_RE.fullmatch(value):
        return value
    _keyboard("schema-id", value)
    if _CJK.search(value):
        # A name, most likely: the validator tells whose (it knows the rosters); never invent an id.
        raise _fail("schema-id", text("id-is-name", value=quote(value)))
    hint = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")[:64]
    fix = text("id-example", hint=hint) if hint and ID_RE.fullmatch(hint) and hint != value else ""
    raise _fail("schema-id", text("id-format", value=quote(value), fix=fix))


_DATE_LOOSE = re.compile(r"\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*")
_DATE_COMPACT = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*")
_ISO_DATE = clock.ISO_DATE
MIN_YEAR, MAX_YEAR = clock.MIN_YEAR, clock.MAX_YEAR


def _real_date(y: int, m: int, d: int, shown: str) -> date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise _fail("schema-date-invalid", text("date-year", value=quote(shown), year=y, lo=MIN_YEAR, hi=MAX_YEAR))
    try:
        return date(y, m, d)
    except ValueError:
        raise _fail("schema-date-invalid", text("date-impossible", value=quote(shown), year=y, month=m, day=d)) from None


def parse_date(value: Any) -> date:
    """Accept only ISO ``YYYY-MM-DD``; other common spellings get a message showing the ISO form."""
    if isinstance(value, date):
        return _real_date(value.year, value.month, value.day, value.isoformat())
    raw = str(value)
    _keyboard("schema-date-format", raw)
    if _ISO_DATE.fullmatch(raw):
        return _real_date(int(raw[:4]), int(raw[5:7]), int(raw[8:10]), raw)
    m = _DATE_LOOSE.fullmatch(raw) or _DATE_COMPACT.fullmatch(raw)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        _real_date(y, mo, d, raw)
        raise _fail("schema-date-format", text("date-spelling", value=quote(raw), iso=iso))
    raise _fail("schema-date-format", text("date-not-a-date", value=quote(raw)))


_TIME = re.compile(r"\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*")
#: The patterns of ids, dates and times, for the record form (its JavaScript reads them the same way).
PATTERNS = {"id": ID_RE, "iso_date": _ISO_DATE, "loose_date": _DATE_LOOSE, "compact_date": _DATE_COMPACT, "time": _TIME}


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    raw = str(value)
    if keyboard.CHINESE_QUOTES.get(raw[:1]) == raw[-1:] != "":
        _keyboard("schema-time-format", raw)
    m = _TIME.fullmatch(raw)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        hh, mm = int(m.group(1)), int(m.group(2))
        if raw != f"{hh:02d}:{mm:02d}":
            raise _fail("schema-time-format", text("time-spelling", value=quote(raw), fixed=f"{hh:02d}:{mm:02d}"))
        return time(hh, mm)
    raise _fail("schema-time-format", text("time-not-a-time", value=quote(raw)))


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

