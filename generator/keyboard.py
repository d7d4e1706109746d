"""Slips of a Chinese keyboard in YAML: full-width punctuation, tabs, invisible characters, each with its fix.

A cadre typing with a Chinese input method writes ``by：wang-jianguo`` (full-width colon), indents with
full-width spaces, quotes a time with “14:30”, separates list items with “，” or leaves a full-width
space at the end of a value. PyYAML then fails a line or two later with advice about something else,
or reads a value that looks right and is not. This module finds each slip on its own line and says
what it is and how to write it, so the reader (``yamlio``) and the scalar types (``scalars``) can
report the slip instead of its echo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters nobody can see; a value containing them never equals the id it looks like.
INVISIBLE = {
    "\u200b": "零宽空格",
    "\u200c": "零宽非连接符",
    "\u200d": "零宽连接符",
    "\u2060": "零宽不换行符",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00ad": "软连字符",
}
#: Spaces YAML does not treat as spaces: kept at the start or end of a value, they break it.
ODD_SPACES = {"\u3000": "中文全角空格", "\u00a0": "不换行空格"}
#: Opening and closing Chinese quotation marks, which YAML reads as ordinary text.
CHINESE_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂"}
FULL_WIDTH_BRACKETS = {"【": "】", "［": "］", "〔": "〕"}

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_ITEM = r"(?:-[ \t]+)?"
_COLON_KEY = re.compile(rf"{_ITEM}(?P<key>{_KEY})[ \t]*：[ \t\u3000]*(?P<value>.*)")
_ODD_AFTER = re.compile(rf"{_ITEM}(?P<key>{_KEY}):(?P<space>[\u3000\u00a0])[ \t\u3000\u00a0]*(?P<value>.*)")
_QUOTED_VALUE = re.compile(rf"{_ITEM}(?P<key>{_KEY}):[ \t]+(?P<value>[“‘「『].*)")
#: A line with none of these characters has no slip: each slip above needs one of them.
_SLIP_CHARS = re.compile("[\t\u3000：\u00a0“‘「『]")
_INVISIBLE_CHARS = re.compile("[" + "".join(INVISIBLE) + "]")
_ODD = "".join(ODD_SPACES)


def char_name(c: str) -> str:
    """A character's Chinese name and code point, e.g. 中文全角空格（U+3000）."""
    name = INVISIBLE.get(c) or ODD_SPACES.get(c) or "看不见的字符"
    return f"{name}（U+{ord(c):04X}）"


@dataclass(frozen=True, slots=True)
class Slip:
    """One slip on one line of a YAML text (0-based line and column, as PyYAML marks count)."""

    line: int
    column: int
    message: str
    full_width: bool  # a full-width character (code yaml-fullwidth) rather than a tab (yaml-syntax)


def _indent_slip(i: int, line: str) -> Slip | None:
    indent = re.match(r"[ \t\u3000]*", line)
    lead = indent.group() if indent else ""
    if "\t" in lead:
        return Slip(i, lead.index("\t"), "这一行开头用了 Tab 键缩进，YAML 只认英文空格。请把 Tab 换成空格，"
                    "并与同一层的其他行左端对齐（列表项的“- ”也要对齐）。", False)
    if "\u3000" in lead:
        return Slip(i, lead.index("\u3000"), "这一行开头用了中文全角空格缩进（看起来和英文空格一样）。"
                    "请删掉这些空格，改用英文空格，并与同一层的其他行左端对齐。", True)
    return None


def _colon_slip(i: int, line: str, start: int) -> Slip | None:
    rest = line[start:]
    m = _COLON_KEY.match(rest)
    if m:
        value = m["value"].strip()
        shown = f"{m['key']}: {value}" if value else f"{m['key']}: …"
        return Slip(i, start + rest.index("："), f"字段名“{m['key']}”后面的冒号是中文全角“：”，YAML 不认。"
                    f"请改成英文冒号“:”，并在冒号后面加一个空格，写成“{shown}”。", True)
    m = _ODD_AFTER.match(rest)
    if m:
        value = m["value"].strip() or "…"
        return Slip(i, start + m.start("space"), f"“{m['key']}:”后面是{char_name(m['space'])}，YAML 不认。"
                    f"请改成一个英文空格，写成“{m['key']}: {value}”。", True)
    m = _QUOTED_VALUE.match(rest)
    if m and ": " in m["value"]:
        value = m["value"].strip()
        inner = value[1:-1] if value[-1:] == CHINESE_QUOTES.get(value[0]) else value[1:]
        return Slip(i, start + m.start("value"), "这个值用了中文引号，YAML 不认中文引号，值里的冒号因此出错。"
                    f"请改成英文双引号，写成“{m['key']}: \"{inner}\"”。", True)
    return None


def line_slips(text: str) -> list[Slip]:
    """Every slip that breaks the YAML structure, one per line at most, top to bottom."""
    out: list[Slip] = []
    if _SLIP_CHARS.search(text) is None:  # most front matters: nothing to look at line by line
        return out
    for i, line in enumerate(text.split("\n")):
        if _SLIP_CHARS.search(line) is None or not line.strip() or line.lstrip(" \t\u3000").startswith("#"):
            continue
        slip = _indent_slip(i, line)
        start = len(line) - len(line.lstrip(" \t\u3000"))
        slip = slip or _colon_slip(i, line, start)
        if slip is not None:
            out.append(slip)
    return out


def invisible(value: str) -> tuple[str, str | None]:
    """A plain scalar without invisible characters (anywhere) and odd spaces (at its ends), and a
    message naming what was there and where, or None when nothing was."""
    odd = _ODD
    if _INVISIBLE_CHARS.search(value) is None and value[:1] not in odd and value[-1:] not in odd:
        return value, None  # the common case, without a pass per character
    cleaned = "".join(c for c in value if c not in INVISIBLE)
    core = cleaned.strip(odd)
    if core == value:
        return value, None
    where = []
    lead, trail = cleaned[: len(cleaned) - len(cleaned.lstrip(odd))], cleaned[len(cleaned.rstrip(odd)):]
    if lead:
        where.append(f"开头有{_names(lead)}")
    if trail and core:
        where.append(f"结尾有{_names(trail)}")
    hidden = "".join(c for c in value if c in INVISIBLE)
    if hidden:
        where.append(f"中间夹着{_names(hidden)}")
    said = "，".join(where)
    return core, (f"值“{core}”{'' if said.startswith('中间') else '的'}{said}，看不见，却会让这个值和名册、制度中的写法对不上。"
                  "请删除这些字符（把光标移到值的前后按删除键，或重新输入这个值）。")


def _names(chars: str) -> str:
    names = list(dict.fromkeys(char_name(c) for c in chars))
    return f" {len(chars)} 个" + "、".join(names) if len(chars) > 1 else "一个" + names[0]


def value_slip(value: str) -> str | None:
    """What is wrong with a typed value (an id, a date, a time, a choice) that a Chinese keyboard
    typed, and how to write it, as a sentence; None when it is not such a slip."""
    if len(value) >= 2 and CHINESE_QUOTES.get(value[0]) == value[-1]:
        return f"“{value[1:-1]}”两边用的是中文引号（{value[0]}…{value[-1]}），YAML 不认中文引号。请改成英文双引号，写成 \"{value[1:-1]}\"。"
    if "，" in value or "、" in value:
        mark = "，" if "，" in value else "、"
        parts = [p.strip() for p in re.split(r"[，、]", value) if p.strip()]
        return f"“{value}”中各项之间用了中文标点“{mark}”。请改成英文逗号加空格，写成 [{', '.join(parts)}]。"
    if "：" in value:
        return f"“{value}”中的冒号是中文全角“：”。请改成英文冒号，写成 {value.replace('：', ':')}。"
    return None


def bracket_slip(value: str) -> str | None:
    """A list written with full-width brackets, which YAML reads as one piece of text."""
    close = FULL_WIDTH_BRACKETS.get(value[:1])
    if close is None:
        return None
    inner = value[1:-1] if value.endswith(close) else value[1:]
    parts = [p.strip() for p in re.split(r"[，、,]", inner) if p.strip()]
    return (f"方括号是中文全角“{value[0]}{close}”，YAML 不认。请改成英文方括号，各项用英文逗号分隔，"
            f"写成 [{', '.join(parts)}]。")
