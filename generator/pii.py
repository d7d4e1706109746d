"""Detect personal data that must never be written into records: ID-card and mobile numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .diagnostics import Diagnostic, diag
from .yamlio import Loaded

# 18-digit resident ID: 6-digit area, birth date 19xx/20xx, 3-digit sequence, check digit or X.
# The checksum is deliberately not required: a mistyped ID number is still personal data.
_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
# Mainland mobile numbers, optionally with +86 and with spaces or hyphens in the usual 3-4-4 places.
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])")


def mask(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 13 and digits.startswith("86"):  # +86 country code
        digits = digits[2:]
    return digits[:3] + "*" * max(len(digits) - 7, 4) + digits[-4:]


_ANY = re.compile(f"(?P<id>{_ID_CARD.pattern})|(?P<mobile>{_MOBILE.pattern})")


def find(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, masked number, offset) for each ID-card or mobile number in ``text``."""
    for m in _ANY.finditer(text):
        yield ("身份证号" if m.group("id") else "手机号"), mask(m.group()), m.start()


def check_record(
    rel: str, front: str, front_offset: int, loaded: Loaded, body: str, body_line: int
) -> list[Diagnostic]:
    """Every ID-card or mobile number in a record, in one pass over its raw text: the whole front
    matter (known keys or not, keys included) and the body. Lines are absolute file lines."""
    out = []
    if _ANY.search(front):
        # the field is the deepest key written on the nearest line at or above the number
        key_at = sorted((line, len(path), path) for path, line in loaded.lines.items())
        for kind, masked, offset in find(front):
            line = front.count("\n", 0, offset) + 1 + front_offset
            path = next((p for at, _, p in reversed(key_at) if at <= line), ())
            field = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "文件头"
            out.append(diag("record-personal-data", rel, line,
                            f"字段“{field}”中含有{kind}（{masked}）。记录中不得出现身份证号、手机号等个人信息，请删除。"))
    if _ANY.search(body):
        for kind, masked, offset in find(body):
            out.append(diag("record-personal-data", rel, body_line + body.count("\n", 0, offset),
                            f"正文中含有{kind}（{masked}）。记录中不得出现身份证号、手机号等个人信息，请删除。"))
    return out
