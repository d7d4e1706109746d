"""The screening a reviewer sees: names jieba takes for people, numbers, rooms, addresses, sensitive words."""

from __future__ import annotations

from generator import schema
from generator.privacy import Exposure, NameGuard
from generator.screening import DEFAULT_WORDS, FlagKind, Screener

GUARD = NameGuard([("王建国", "wang-jianguo", Exposure.PUBLIC), ("心理健康协会", "club-mind", Exposure.PUBLIC),
                   ("李红", "li-hong", Exposure.INTERNAL), ("甲乙丙", "stu-1", Exposure.SENSITIVE)])
SCREENER = Screener(GUARD, ["王建国", "心理健康协会", "李红", "甲乙丙"], DEFAULT_WORDS)


def flags(text: str, screener: Screener = SCREENER) -> list[tuple[str, str, str]]:
    return [(f.kind.value, f.text, f.note) for f in screener.screen(text)]


def test_a_name_the_rosters_do_not_know_is_flagged_and_known_ones_are_not() -> None:
    assert flags("王建国书记与学生张三交流，了解师生关心的问题。") == [("name", "张三", "")]


def test_roster_names_that_may_not_be_published_are_flagged_and_sensitive_ones_masked() -> None:
    assert flags("与李红看望甲乙丙。") == [("roster", "李红", "学生、教师、宿舍或未公开人员"), ("roster", "甲**", "敏感对象")]


def test_rooms_addresses_and_student_numbers_however_written() -> None:
    assert flags("走访２栋　４０１宿舍") == [("room", "２栋　４０１宿舍", "")]
    assert flags("家住湖南省衡阳县某镇，学号：ab12345") == [
        ("address", "家住湖南省衡阳县某镇", ""), ("student-number", "学号：ab12345", "")]
    assert flags("回访：衡阳县某某镇王家村") == [("address", "衡阳县某某镇王家村", "")]
    # a date written as eight digits is no student number; ten digits are
    assert flags("2024年10月16日（20241016）与2023010512号同学交流") == [("student-number", "2023010512", "")]


def test_sensitive_words_by_category_but_not_inside_a_public_name() -> None:
    assert flags("参加心理健康协会活动，了解家庭困难学生情况。") == [("word", "困难", "家庭经济")]
    assert flags("一名同学受到處分。") == [("word", "處分", "纪律处分")]  # traditional characters fold


def test_the_policy_replaces_and_adds_categories() -> None:
    policy = schema.Policy(id="p", title="制度", sensitive_words={"家庭经济": [], "实习": ["顶岗"]})
    screener = Screener.of([], [], [], policy, GUARD)
    assert flags("家庭困难，顶岗实习。", screener) == [("word", "顶岗", "实习")]


def test_every_flag_kind_has_a_label() -> None:
    from generator.screening import FLAG_LABELS

    assert set(FLAG_LABELS) == set(FlagKind)
