"""Personal numbers however written, the one masking function, and how messages quote values."""

from __future__ import annotations

import json

import pytest
from helpers import RECORD_PATH, VALID_RECORD, check

from generator import pii, reporters
from generator.diagnostics import diag


@pytest.mark.parametrize(("text", "kind", "masked"), [
    ("1380 013 8000", "手机号", "138****8000"),
    ("138.0013.8000", "手机号", "138****8000"),
    ("138 - 0013 - 8000", "手机号", "138****8000"),
    ("１３８００１３８０００", "手机号", "138****8000"),
    ("一三八〇〇一三八〇〇〇", "手机号", "138****8000"),
    ("+86 138-1234-5678", "手机号", "138****5678"),
    ("110105 19491231 002X", "身份证号", "110***********002X"),
    ("110105491231002", "身份证号", "110********1002"),
])
def test_each_way_of_writing_a_number_is_found_and_masked(text: str, kind: str, masked: str) -> None:
    [hit] = pii.hits(f"电话：{text}。")
    assert (hit.kind, hit.masked) == (kind, masked)
    assert pii.redact(f"电话：{text}。") == f"电话：{masked}。"


@pytest.mark.parametrize("text", [
    "2024-10-15 14:30", "12栋305 宿舍 2024级", "138001380001", "stu-00020", "护理2024级1班 共 32 人",
    "学号 2024 0101 0203", "第一二三四五六七八九次",
])
def test_ordinary_numbers_are_not_personal_numbers(text: str) -> None:
    assert list(pii.hits(text)) == []


def test_two_numbers_side_by_side_are_two() -> None:
    assert [h.masked for h in pii.hits("13800138000 13900139000")] == ["138****8000", "139****9000"]


def test_quote_shows_invisible_characters_masks_and_shortens() -> None:
    assert pii.quote("a\x1b[2Jb") == "a<U+001B>[2Jb"
    assert pii.quote("王\u2060婷彤") == "王<U+2060>婷彤"
    assert pii.quote("电话13800138000") == "电话138****8000"
    long = pii.quote("长" * 100_000)
    assert long == "长" * 60 + "…（共 100000 个字符）"


def test_a_terminal_escape_in_a_value_cannot_act_on_the_terminal(make_repo) -> None:
    record = VALID_RECORD.replace("type: dorm-visit", 'type: "x\\e[2J\\e[H检查通过：0 个错误"')
    diagnostics = check(make_repo({RECORD_PATH: record}))
    out = reporters.text(diagnostics)
    assert "\x1b" not in out and "检查通过" not in out.split("\n")[1]
    assert [(d.code, d.line) for d in diagnostics] == [("yaml-syntax", 4)]
    assert "U+001B" in diagnostics[0].message


def test_every_output_masks_a_number_whoever_built_the_diagnostic(tmp_path) -> None:
    d = diag("record-problem-overdue", "records/a.md", 3, "问题“家长电话 138 1234 5678 <b>”超期")
    outputs = [reporters.text([d]), reporters.as_json([d]), reporters.github([d]), reporters.step_summary([d])]
    for out in outputs:
        assert "1234" not in out and "138****5678" in out.replace("\\", "")
    assert json.loads(outputs[1])["diagnostics"][0]["message"] == "问题“家长电话 138****5678 <b>”超期"
    assert "<b>" not in outputs[3] and "&#60;b&#62;" in outputs[3]


@pytest.mark.parametrize(("written", "field"), [
    ("targets: [110105194912310028, dorm-12-305]", "“targets”"),  # a flow list: its items share the line
    ("targets:\n  - dorm-12-305\n  - 110105194912310028", "“targets[2]”"),  # a block list: the item's own line
])
def test_the_field_named_is_the_one_holding_the_number(make_repo, written: str, field: str) -> None:
    record = VALID_RECORD.replace("targets: [dorm-12-305]", written)
    assert record != VALID_RECORD
    found = [d for d in check(make_repo({RECORD_PATH: record})) if d.code == "record-personal-data"]
    assert len(found) == 1 and f"字段{field}中含有身份证号" in found[0].message
