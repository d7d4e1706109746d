"""Chinese-keyboard slips are found wherever they stand, and values without one pass unchanged
(both paths: the quick look for the characters a slip needs, and the line-by-line reading)."""

from __future__ import annotations

import pytest

from generator.keyboard import invisible, line_slips

PLAIN = "by: wang-jianguo\ndate: 2024-10-17\nsummary: 与宿舍同学座谈，了解学习情况。\nwith:\n  - li-hong\n"

SLIPS = [
    ("by：wang-jianguo", True),  # full-width colon
    ("by:\u3000wang-jianguo", True),  # full-width space after the colon
    ("by:\u00a0wang-jianguo", True),  # no-break space after the colon
    ("\u3000\u3000by: wang-jianguo", True),  # full-width indent
    ("\tby: wang-jianguo", False),  # tab indent
    ("  - li-hong：x", True),  # full-width colon in a list item
    ("summary: “座谈: 学习”", True),  # Chinese quotes around a value with a colon
    ("summary: 「座谈: 学习」", True),
]


@pytest.mark.parametrize(("line", "full_width"), SLIPS)
def test_a_slip_is_found_on_its_line_among_plain_ones(line: str, full_width: bool) -> None:
    text = PLAIN + line + "\n" + PLAIN
    [slip] = line_slips(text)
    assert slip.line == PLAIN.count("\n") and slip.full_width is full_width


@pytest.mark.parametrize("text", [PLAIN, "", "# by：x\n", "summary: 座谈：学习情况\n", "summary: 他说“好”\n"])
def test_text_without_a_slip_has_none(text: str) -> None:
    assert line_slips(text) == []


@pytest.mark.parametrize("value", ["wang-jianguo", "与宿舍同学座谈", "a\u3000b", "a\u00a0b", "", "x"])
def test_a_value_without_invisible_characters_or_odd_ends_passes_unchanged(value: str) -> None:
    assert invisible(value) == (value, None)


@pytest.mark.parametrize(("value", "core", "says"), [
    ("wang-jianguo\u3000", "wang-jianguo", "结尾有一个中文全角空格"),
    ("\u00a0wang-jianguo", "wang-jianguo", "开头有一个不换行空格"),
    ("wang\u200b-jianguo", "wang-jianguo", "零宽空格"),
    ("\ufeffwang-jianguo", "wang-jianguo", "零宽不换行空格"),
    ("\u3000", "", "中文全角空格"),
])
def test_an_invisible_character_or_odd_end_is_named_and_removed(value: str, core: str, says: str) -> None:
    cleaned, message = invisible(value)
    assert cleaned == core and message is not None and says in message
