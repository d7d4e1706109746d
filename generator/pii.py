"""Detect personal data that must never be written into records: ID-card and mobile numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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
    return digits[:3] + "*" * max(len(digits) - 7, 4) + digits[-4:]


def find(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, masked number, offset) for each ID-card or mobile number in ``text``."""
    for m in _ID_CARD.finditer(text):
        yield "身份证号", mask(m.group()), m.start()
    for m in _MOBILE.finditer(text):
        yield "手机号", mask(m.group()), m.start()


def _texts(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(k, path + (k,))  # a number typed as a key is still a number
            yield from _texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, path + (i,))


def check_record(rel: str, front: Any, loaded: Loaded, body: str, body_line: int) -> list[Diagnostic]:
    """Every ID-card or mobile number in a record: all front-matter text (known keys or not) and the body."""
    out = []
    for path, text in _texts(front, ()):
        for kind, masked, _ in find(text):
            field = ".".join(map(str, path))
            out.append(diag("record-personal-data", rel, loaded.line(path),
                            f"字段“{field}”中含有{kind}（{masked}）。记录中不得出现身份证号、手机号等个人信息，请删除。"))
    for offset, line in enumerate(body.split("\n")):
        for kind, masked, _ in find(line):
            out.append(diag("record-personal-data", rel, body_line + offset,
                            f"正文中含有{kind}（{masked}）。记录中不得出现身份证号、手机号等个人信息，请删除。"))
    return out
