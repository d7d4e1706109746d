"""保密审查: which review clears which text, the review files' checks, and the reviewers' queue page."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from helpers import MINI, located, reviewed, write_repo

from generator import pipeline
from generator.disclosure import Status, digest, public_text
from generator.loader import parse_record
from generator.pipeline import public_texts
from generator.public import project
from generator.site.internal import render

AS_OF = date(2025, 1, 20)
W = "records/2024-2025-1/wang-jianguo"
PATH = f"{W}/2024-10-27-canteen-meal.md"
HARDSHIP = "学生钱小满反映家庭困难，父亲住院治疗。"
MINI_REVIEW = "reviews/2024-10-20-li-hong.yml"


def record(summary: str = HARDSHIP, extra: str = "", body: str = "正文。", type_: str = "canteen-meal") -> str:
    return (f"---\nby: wang-jianguo\ndate: 2024-10-27\ntype: {type_}\ntargets: [class-2024-nursing-1]\n"
            f"summary: {summary}\nvisibility: public\n{extra}---\n{body}\n")


def status(tmp_path: Path, files: dict[str, str], as_of: date = AS_OF, today: date | None = None) -> Status:
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), as_of, use_git=False, today=today)
    [text] = [t for t in public_texts(outcome) if t.record.path == PATH]
    published = {r.summary for a in project(outcome).actors for r in a.records}
    assert (" ".join(text.record.meta.summary.split()) in published) == text.published
    return text.verdict.status


def test_the_public_text_is_the_records_own_public_fields() -> None:
    meta = parse_record(PATH, record("  两段\n  空白。", extra="with: [li-hong]\n").encode()).record.meta  # type: ignore[union-attr]
    assert public_text(meta) == "date: 2024-10-27\ntype: canteen-meal\nwith: li-hong\nsummary: 两段 空白。"
    assert digest(meta) == hashlib.sha256(public_text(meta).encode("utf-8")).hexdigest()


def test_unreviewed_cleared_and_voided(tmp_path: Path) -> None:
    assert status(tmp_path / "a", {PATH: record()}) is Status.PENDING
    files = reviewed({PATH: record()})
    assert status(tmp_path / "b", files) is Status.CLEARED
    # the body is never public: editing it keeps the review
    assert status(tmp_path / "c", {**files, PATH: record(body="另写的正文。")}) is Status.CLEARED
    for i, edited in enumerate([record(HARDSHIP + "已联系资助中心。"), record(type_="dorm-visit"),
                                record(extra="with: [li-hong]\n")]):
        assert status(tmp_path / f"d{i}", {**files, PATH: edited}) is Status.CHANGED


def test_the_latest_review_decides_and_a_refusal_wins_its_day(tmp_path: Path) -> None:
    files = {PATH: record()}
    refused = reviewed(files, decision="withhold", day="2024-10-28", name="a")
    assert status(tmp_path / "a", refused) is Status.REFUSED
    later = {**refused, **reviewed(files, day="2024-11-02", name="b")}
    assert status(tmp_path / "b", later) is Status.CLEARED
    same_day = {**refused, **reviewed(files, day="2024-10-28", name="b")}
    assert status(tmp_path / "c", same_day) is Status.REFUSED


def test_only_listed_reviewers_and_only_reviews_by_the_as_of_date_count(tmp_path: Path) -> None:
    files = {PATH: record()}
    assert status(tmp_path / "a", reviewed(files, reviewer="wang-jianguo")) is Status.PENDING
    assert status(tmp_path / "b", reviewed(files, day="2024-12-01"), as_of=date(2024, 11, 30)) is Status.PENDING
    assert status(tmp_path / "c", reviewed(files, day="2024-12-01")) is Status.CLEARED


def test_review_files_are_checked(tmp_path: Path) -> None:
    other = f"{W}/2024-10-15-dorm-visit.md"  # internal in the mini fixture
    files = reviewed({PATH: record()}, reviewer="wang-jianguo", day="2025-02-01", name="x")
    files["reviews/x.yml"] += (f"  - record: {other}\n    sha256: {'0' * 64}\n    decision: publish\n"
                               f"  - record: {W}/2024-10-18-dorm-visit.md\n    sha256: {'1' * 64}\n    decision: publish\n")
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False, today=AS_OF)
    assert [x for x in located(outcome.diagnostics) if x[2].startswith("reviews/")] == [
        ("disclosure-reviewer", "error", "reviews/x.yml", 1),
        ("disclosure-future", "error", "reviews/x.yml", 2),
        ("disclosure-record", "warning", "reviews/x.yml", 7),
        ("disclosure-record", "warning", "reviews/x.yml", 10),
    ]


def test_no_one_clears_their_own_record(tmp_path: Path) -> None:
    inst = (MINI / "rosters/institution.yml").read_text("utf-8").replace("reviewers: [li-hong]",
                                                                         "reviewers: [li-hong, wang-jianguo]")
    files = {"rosters/institution.yml": inst, PATH: record()}
    assert status(tmp_path / "a", reviewed(files, reviewer="wang-jianguo")) is Status.PENDING  # wang-jianguo filed it
    assert status(tmp_path / "b", reviewed(files, reviewer="li-hong")) is Status.CLEARED
    outcome = pipeline.run(write_repo(tmp_path / "c", reviewed(files, reviewer="wang-jianguo", name="x")), AS_OF,
                           use_git=False)
    [warning] = [d for d in outcome.diagnostics if d.code == "disclosure-self-review"]
    assert (warning.severity, warning.file, warning.line) == ("warning", "reviews/x.yml", 4)
    assert "本人的审查不起作用" in warning.message and "李红（li-hong）" in warning.message


def test_a_reviewer_must_be_a_person(tmp_path: Path) -> None:
    inst = (MINI / "rosters/institution.yml").read_text("utf-8").replace("reviewers: [li-hong]", "reviewers: [li-hong, nobody]")
    outcome = pipeline.run(write_repo(tmp_path / "repo", {"rosters/institution.yml": inst}), AS_OF, use_git=False)
    assert [x for x in located(outcome.diagnostics) if x[0] == "roster-unknown-ref"] == [
        ("roster-unknown-ref", "error", "rosters/institution.yml", 10)]


@pytest.mark.parametrize(("text", "problem"), [
    ("reviewer: li-hong\ndate: 2024-10-20\nitems: []\n", ("schema-type", 3)),
    ("reviewer: li-hong\ndate: 2024-10-20\nitems:\n  - record: x\n    sha256: ABC\n    decision: maybe\n",
     ("schema-choice", 6)),
    ("- just a list\n", ("schema-not-mapping", 1)),
])
def test_a_malformed_review_file_is_located(tmp_path: Path, text: str, problem: tuple[str, int]) -> None:
    outcome = pipeline.run(write_repo(tmp_path / "repo", {"reviews/bad.yml": text}), AS_OF, use_git=False)
    found = [(d.code, d.line) for d in outcome.diagnostics if d.file == "reviews/bad.yml"]
    assert problem in found


def test_only_yml_files_directly_in_reviews(tmp_path: Path) -> None:
    files = {"reviews/notes.txt": "备忘", "reviews/2025/a.yml": "reviewer: li-hong\n"}
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    assert [x for x in located(outcome.diagnostics) if x[2].startswith("reviews/")] == [
        ("file-misplaced", "error", "reviews/2025", None), ("file-misplaced", "error", "reviews/notes.txt", None)]


# --------------------------------------------------------------------------- the queue page

def queue(tmp_path: Path, files: dict[str, str]) -> str:
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    return render(outcome).pages["disclosure.md"]


def section(page: str, title: str) -> str:
    return page.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_queue_lists_each_pending_text_with_its_flags_and_what_to_paste(tmp_path: Path) -> None:
    blocked = f"{W}/2024-10-28-canteen-meal.md"
    files = {PATH: record(), blocked: record("与庚辛壬同学交流。").replace("2024-10-27", "2024-10-28"),
             "rosters/targets.yml": (MINI / "rosters/targets.yml").read_text("utf-8")
             + "- {id: stu-x, kind: student, name: 庚辛壬, unit: nursing-school, enrolled: 2024}\n"}
    page = queue(tmp_path / "a", files)
    pending = section(page, "待审查")
    meta = parse_record(PATH, files[PATH].encode()).record.meta  # type: ignore[union-attr]
    assert "### 王建国 2024年10月27日 进食堂" in pending
    anchor = "r-wang-jianguo-2024-10-27-canteen-meal"
    assert f"| 记录 | [{PATH}](people/wang-jianguo.md#{anchor}) |" in pending and "| 原因 | 尚未经过保密审查 |" in pending
    assert ("| 自动提示 | 可能的人名（名册中没有）：钱小满；敏感类别词（家庭经济）：困难；敏感类别词（身心健康）：住院 |"
            in pending)
    assert f"```yaml\n  - record: {PATH}\n    sha256: {digest(meta)}\n    decision: publish\n```" in pending
    rewrite = section(page, "不能公开，需要改写")
    assert "| 工作简况 | 与庚辛壬同学交流。 |" in rewrite and "```yaml" not in rewrite
    assert "| 待审查 | 1 |\n| 不能公开，需要改写 | 1 |\n| 审查决定不予公开 | 0 |\n| 已审查公开 | 1 |" in page

    edited = {**reviewed({PATH: record()}), PATH: record(HARDSHIP + "已联系资助中心。")}
    pending = section(queue(tmp_path / "b", edited), "待审查")
    assert "| 原因 | 保密审查后记录的公开内容（日期、类型、同行人员或工作简况）被修改，需要重新审查 |" in pending
    assert "| 审查经过 | 李红于 2024-10-20 同意公开，审查的是修改前的内容 |" in pending


def test_a_phone_number_in_a_pending_text_is_masked_on_the_queue(tmp_path: Path) -> None:
    """An invalid record never reaches the queue; the screening masks what it quotes all the same."""
    from generator.privacy import NameGuard
    from generator.screening import Screener

    flags = Screener(NameGuard([]), [], {}).screen("家长电话 137 1234 5678，住2栋401宿舍，学号2023010512")
    assert [(f.kind.value, f.text) for f in flags] == [
        ("personal-number", "137****5678"), ("room", "2栋401宿舍"), ("student-number", "学号2023010512")]
