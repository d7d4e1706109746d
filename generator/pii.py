"""Personal numbers (ID-card and mobile) found, masked and never echoed; the one way messages quote text.

Numbers are found however they are written: ASCII, full-width or Chinese digits (一三八〇…), with
spaces, dots or hyphens between groups, 15- or 18-digit ID cards, with or without +86. ``redact``
is the one masking function: every message, log line, summary and report passes record text
through it (``quote`` for a value a message shows, the pipeline and the reporters for whole
messages), so a number masked by the personal-data check is never printed in full two lines later.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .diagnostics import Diagnostic, diag
from .messages import text

_CHINESE_DIGITS = {"〇": "0", "零": "0", "一": "1", "幺": "1", "二": "2", "三": "3", "四": "4",
                   "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_D = r"\d" + "".join(_CHINESE_DIGITS)
# One separator between two groups of digits: a space, or a hyphen/dot (ASCII or full-width)
# with at most one space on each side. Two separators in a row end the number.
_SEP = r"(?:[ \u3000\u00a0]?[-.·－．‐‑–—][ \u3000\u00a0]?|[ \u3000\u00a0])"
_RUN = re.compile(rf"\+?[{_D}]+(?:{_SEP}[{_D}]+)*(?:[Xx×](?![0-9A-Za-z]))?")
_GROUP = re.compile(rf"[{_D}]+[Xx×]?")

_BIRTH = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# The checksum is deliberately not required: a mistyped ID number is still personal data.
_ID18 = re.compile(rf"[1-9]\d{{5}}(?:19|20)\d{{2}}{_BIRTH}\d{{3}}[\dX]")
_ID15 = re.compile(rf"[1-9]\d{{5}}\d{{2}}{_BIRTH}\d{{3}}")
_MOBILE = re.compile(r"(?:86)?1[3-9]\d{9}")
_LONGEST = 20  # +86 and 11 digits, or 18 ID digits: no number spans more digits than this

ID_CARD = "身份证号"
MOBILE = "手机号"
#: The detector's parts, for the record form (its JavaScript runs the same patterns the same way).
PATTERNS = {"run": _RUN, "group": _GROUP, "id18": _ID18, "id15": _ID15, "mobile": _MOBILE}
CHINESE_DIGITS = _CHINESE_DIGITS
LONGEST = _LONGEST


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str  # ID_CARD or MOBILE
    start: int  # offsets in the text
    end: int
    masked: str


def _ascii_digits(group: str) -> str:
    out = []
    for ch in group:
        if ch in "Xx×":
            out.append("X")
        elif ch in _CHINESE_DIGITS:
            out.append(_CHINESE_DIGITS[ch])
        else:
            out.append(str(unicodedata.decimal(ch, 0)))
    return "".join(out)


def mask(number: str) -> str:
    """``138 1234 5678`` → ``138****5678``: the first three and last four digits stay."""
    digits = _ascii_digits("".join(_GROUP.findall(number)))
    if len(digits) == 13 and digits.startswith("86"):  # +86 country code
        digits = digits[2:]
    return digits[:3] + "*" * max(len(digits) - 7, 4) + digits[-4:]


def _kind(digits: str) -> str | None:
    if _ID18.fullmatch(digits) or _ID15.fullmatch(digits):
        return ID_CARD
    if _MOBILE.fullmatch(digits):
        return MOBILE
    return None


def _in_run(text: str, start: int, end: int) -> Iterator[Hit]:
    """Numbers made of whole groups of one run, left to right, the longest at each group."""
    groups = [(m.start(), m.end(), _ascii_digits(m.group())) for m in _GROUP.finditer(text, start, end)]
    i = 0
    while i < len(groups):
        best: tuple[int, str] | None = None
        digits = ""
        for j in range(i, len(groups)):
            digits += groups[j][2]
            if len(digits) > _LONGEST or ("X" in digits[:-1]):
                break
            kind = _kind(digits)
            if kind is not None:
                best = (j, kind)
        if best is None:
            i += 1
            continue
        j, kind = best
        first = groups[i][0] - 1 if groups[i][0] - 1 == start and text[start] == "+" else groups[i][0]
        yield Hit(kind, first, groups[j][1], mask("".join(g[2] for g in groups[i:j + 1])))
        i = j + 1


def hits(text: str) -> Iterator[Hit]:
    """Every ID-card or mobile number in ``text``; linear in its length."""
    for run in _RUN.finditer(text):
        if run.end() - run.start() >= 11:
            yield from _in_run(text, run.start(), run.end())


def find(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, masked number, offset) for each ID-card or mobile number in ``text``."""
    for h in hits(text):
        yield h.kind, h.masked, h.start


def redact(text: str) -> str:
    """The text with every personal number masked — the one masking function of every output."""
    out: list[str] = []
    last = 0
    for h in hits(text):
        out.append(text[last:h.start])
        out.append(h.masked)
        last = h.end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _visible(ch: str) -> str:
    """Control, format and separator characters shown as their code point: a terminal escape,
    a bidirectional override or a zero-width space in a value must not act, nor hide."""
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or ch == "\u00ad":
        return f"<U+{ord(ch):04X}>"
    return ch


def printable(text: str) -> str:
    """Masked, and with every invisible or control character made visible (newlines included)."""
    text = redact(text)
    if text.isprintable():
        return text
    return "".join(_visible(ch) for ch in text)


QUOTE_LIMIT = 60


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A value as a message shows it: masked, invisible characters visible, at most ``limit``
    characters (a 100 KB value is not echoed whole)."""
    text = printable(str(value))
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 个字符）"


def safe(d: Diagnostic) -> Diagnostic:
    """A diagnostic whose message and file name are ``printable`` (what every output may show)."""
    message, file = printable(d.message), printable(d.file)
    if message == d.message and file == d.file:
        return d
    return dataclasses.replace(d, message=message, file=file)


def _field_at(key_at: list[tuple[int, int, tuple[str | int, ...]]], line: int) -> str:
    """The field written on the nearest line at or above ``line``: its deepest key, or, when that
    line holds several items (a flow list ``[a, b]``), what they have in common (``targets``)."""
    at = next((at for at, _, _ in reversed(key_at) if at <= line), None)
    here = [p for a, _, p in key_at if a == at]
    deepest = max((len(p) for p in here), default=0)
    paths = [p for p in here if len(p) == deepest]
    common = os.path.commonprefix(paths) if paths else ()  # element by element, for any sequences
    return "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in common).lstrip(".") or "文件头"


def check_record(
    rel: str, front: str, front_offset: int, lines: Mapping[tuple[str | int, ...], int], body: str, body_line: int
) -> list[Diagnostic]:
    """Every ID-card or mobile number in a record, in one pass over its raw text: the whole front
    matter (known keys or not, keys included) and the body. Lines are absolute file lines."""
    out = []
    found = list(hits(front))
    if found:
        # the field is the deepest key written on the nearest line at or above the number
        key_at = sorted((line, len(path), path) for path, line in lines.items())
        for h in found:
            line = front.count("\n", 0, h.start) + 1 + front_offset
            field = _field_at(key_at, line)
            out.append(diag("record-personal-data", rel, line,
                            text("personal-data-field", field=quote(field), kind=h.kind, masked=h.masked)))
    for h in hits(body):
        out.append(diag("record-personal-data", rel, body_line + body.count("\n", 0, h.start),
                        text("personal-data-body", kind=h.kind, masked=h.masked)))
    return out
