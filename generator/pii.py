"""Detect personal data that must never be written into records: ID-card and mobile numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
