"""The one name guard sees through disguises: invisible characters, spaces, traditional
characters, width and case, and ids (pinyin ids too) as well as names — in the validator, the
public projection and the internal scrub alike."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import AS_OF, RECORD_PATH, VALID_RECORD, check, write_repo

from generator import pipeline
from generator.fold import Folded, fold
from generator.privacy import Exposure, NameGuard
from generator.public import project

ENTRIES = [
    ("王婷彤", "stu-00020", Exposure.SENSITIVE), ("stu-00020", "stu-00020", Exposure.SENSITIVE),
    ("段航", "duan-hang", Exposure.INTERNAL), ("duan-hang", "duan-hang", Exposure.INTERNAL),
    ("韩博", "han-bo", Exposure.INTERNAL), ("王建国", "wang-jianguo", Exposure.PUBLIC),
    ("li-hong", "li-hong", Exposure.INTERNAL),
]
GUARD = NameGuard(ENTRIES)


@pytest.mark.parametrize(("text", "written", "exposure"), [
    ("学生王\u2060婷彤反映", "王\u2060婷彤", Exposure.SENSITIVE),
    ("学生王婷 彤反映", "王婷 彤", Exposure.SENSITIVE),
    ("王\u200b婷\u00ad彤", "王\u200b婷\u00ad彤", Exposure.SENSITIVE),
    ("找 stu-00020 谈话", "stu-00020", Exposure.SENSITIVE),
    ("STU 00020", "STU 00020", Exposure.SENSITIVE),
    ("与段　航同行", "段　航", Exposure.INTERNAL),
    ("with Duan Hang.", "Duan Hang", Exposure.INTERNAL),
    ("by duan-hang", "duan-hang", Exposure.INTERNAL),
    ("韓博老師", "韓博", Exposure.INTERNAL),
    ("ＬＩ－ＨＯＮＧ", "ＬＩ－ＨＯＮＧ", Exposure.INTERNAL),
])
def test_a_disguised_name_or_id_is_still_a_mention(text: str, written: str, exposure: Exposure) -> None:
    [m] = GUARD.mentions(text)
    assert (m.name, m.exposure, text[m.start:m.end]) == (written, exposure, written)


@pytest.mark.parametrize("text", ["stu-000201", "Philip Hong", "段落航线", "王建国与宿舍同学座谈"])
def test_words_that_only_contain_an_id_or_touch_a_name_are_not_mentions(text: str) -> None:
    assert [m.exposure for m in GUARD.mentions(text)] in ([], [Exposure.PUBLIC])


def test_a_name_that_starts_with_a_pattern_character_is_found() -> None:
    # the walk looks for keys only where a key's first character stands (a character class of them)
    guard = NameGuard([("[试]点班", "c-1", Exposure.INTERNAL), ("^王", "c-2", Exposure.INTERNAL),
                       ("\\某", "c-3", Exposure.INTERNAL)])
    found = guard.mentions("走访［试］点班、^王和\\某")
    assert [(m.refs, m.name) for m in found] == [(("c-1",), "［试］点班"), (("c-2",), "^王"), (("c-3",), "\\某")]


def test_scrub_masks_the_original_text_at_the_right_offsets() -> None:
    assert GUARD.scrub("甲王\u2060婷彤乙 stu-00020 丙") == "甲王**乙 s******* 丙"


def test_folding_keeps_every_character_in_its_place() -> None:
    f = Folded.of("Ａ\u200b-韓 b")
    assert (f.chars, f.starts, f.gap) == ("a韩b", (0, 3, 5), (False, True, True))
    assert fold("Duàn Háng") == "duanhang"
    # every character folding to one, none separating: the same places, one to one
    f = Folded.of("走訪，王婷彤Ａ")
    assert (f.chars, f.starts, f.ends, f.gap) == ("走访,王婷彤a", tuple(range(7)), tuple(range(1, 8)), (False,) * 7)
    assert Folded.of("") == Folded("", "", (), (), ())


def test_the_guard_is_linear_in_the_text() -> None:
    guard = NameGuard([("a" * 60 + "b", "x-long", Exposure.SENSITIVE)])
    assert guard.sensitive("a" * 200_000) == []  # a trie walk of at most 61 steps per position


SENSITIVE_SUMMARIES = ["与周\u2060明谈心。", "与周 明谈心。", "与 stu-0003 谈心。", "與周明談心。"]


@pytest.mark.parametrize("summary", SENSITIVE_SUMMARIES)
def test_the_validator_refuses_a_disguised_sensitive_name_in_a_public_record(make_repo, summary: str) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", f"summary: {summary}\nvisibility: public")
    # the reader also reports an invisible character in a value (yaml-invisible) and checks on without it
    invisible = [("yaml-invisible", 6)] if "\u2060" in summary else []
    assert [(d.code, d.line) for d in check(make_repo({RECORD_PATH: record}))] == [("record-public-sensitive", 6), *invisible]


@pytest.mark.parametrize("summary", ["与 Li Hong 一起走访。", "与李 红一起走访。", "与 li-hong 一起走访。", "走访 dorm-12-305。"])
def test_a_disguised_unpublished_name_keeps_a_record_off_the_public_site(tmp_path, summary: str) -> None:
    record = VALID_RECORD.replace("summary: 与宿舍同学座谈。", f"summary: {summary}\nvisibility: public")
    outcome = pipeline.run(write_repo(tmp_path / "repo", {RECORD_PATH: record}), date.fromisoformat(AS_OF), use_git=False)
    assert [d.code for d in outcome.diagnostics if d.file == RECORD_PATH] == ["record-public-withheld"]
    actor = next(a for a in project(outcome).actors if a.id == "wang-jianguo")
    assert summary not in [r.summary for r in actor.records]
    assert [r.date.isoformat() for r in actor.records] == ["2024-10-16"]


def test_fold_is_each_characters_fold_joined() -> None:
    """``fold`` translates through a table of ``fold_char``: the same as folding one character at
    a time, for characters that fold to several, to none, or separate."""
    from hypothesis import given
    from hypothesis import strategies as st

    from generator.fold import fold_char

    sample = "王\u2060婷 彤韓博ＡＢｃ-_.·ﬁ①é\u00ad\u200b\t\n段　航Duàn Háng"

    @given(st.text(alphabet=st.one_of(st.sampled_from(sample), st.characters()), max_size=40))
    def same(text: str) -> None:
        assert fold(text) == "".join(fold_char(ch)[0] for ch in text)

    same()


def test_a_guard_built_branch_by_branch_finds_what_a_whole_one_finds() -> None:
    """Each first character's branch is built when a text first reaches it: any order of texts
    finds the same mentions as a fresh guard."""
    texts = ["王建国与段航座谈", "stu-00020 与 Duan Hang", "韓博、李红（li-hong）", "与王婷\u2060彤同学"]
    fresh = [GUARD.mentions(t) for t in texts]
    for order in (texts, texts[::-1]):
        guard = NameGuard(ENTRIES)
        found = {t: guard.mentions(t) for t in order}
        assert [found[t] for t in texts] == fresh
