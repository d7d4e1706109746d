"""The record form's JavaScript agrees with the Python it was generated from, on corpora of inputs.

The form (generator/site/assets/form-rules.js, form-checks.js) receives the validator's messages,
patterns and composer as data (generator/site/internal/formrules.py, formdata.py). Here the same
inputs go through both: personal-number detection and masking, dates and times, the composer (and
the composed files read back by the loader), whole records (the form's findings against the
pipeline's findings for the composed file in a Git copy of the mini fixture), live standing (the
form's "before → after" against the engine run with the record added, on the sample and on every
preset's example repository), the forge
links, and one message changed in the catalogue changing both sides. The JavaScript runs in Node
(or Chromium, see tests/formjs.py).
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
import unicodedata
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import formjs
import pytest
from formjs import run_js
from gitrepo import git
from helpers import CASES, MINI
from presets.worlds import PRESETS
from pydantic_core import PydanticCustomError

from generator import messages, pii, pipeline, scaffold, scalars
from generator.compliance import compute
from generator.loader import split_front_matter
from generator.recordfile import parse_record
from generator.roster import Credit
from generator.site.internal import form, formdata, formrules
from generator.site.internal.context import Context
from generator.yamlio import parse

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2024, 10, 20)


def data_of(outcome: pipeline.Outcome) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form's main data and every actor's file, as the build writes them."""
    ctx = Context(outcome)
    results = formdata._standing_results(ctx)
    actors = {a: formdata.actor_data(ctx, a, [r for r in results if r.actor == a])
              for a in [*ctx.repo.people, *ctx.repo.units]}
    return formdata.form_data(ctx, form.TEXTS), actors


# --------------------------------------------------------------------------- personal numbers

PII_TEXTS = [
    "联系电话 13812345678。", "电话：138 1234 5678", "手机 138-1234-5678，座机 0731-12345678", "138.1234.5678",
    "１３８１２３４５６７８", "一三八一二三四五六七八", "幺三八 一二三四 五六七八", "+8613812345678", "+86 138 1234 5678",
    "8613812345678", "身份证 110101199003074518", "110101 19900307 451X", "11010119900307451x", "110101900307451",
    "430102200001011234×", "１１０１０１１９９００３０７４５１８", "号码13812345678和13987654321",
    "138 1234 5678 9", "12345678901", "2024-10-15 14:30", "学号 20240001 班级 2024", "房间 12-305",
    "13812345678X", "138\u30001234\u30005678", "138\u00a01234\u00a05678", "138 - 1234 - 5678", "138..1234..5678",
    "\U0001d7cf\U0001d7d1\U0001d7d6\U0001d7cf\U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6",
    "٠١٣٨١٢٣٤٥٦٧٨", "电话13812345678\u200b", "a\u202eb 13812345678", "",
]


def golden_texts() -> list[str]:
    """Every text of the golden cases (front matter and body): the numbers users really write."""
    out = []
    for path in sorted(CASES.glob("*.md")):
        front = split_front_matter(path.read_text(encoding="utf-8"))
        out += [t for t in (front.yaml_text, front.body) if t]
    return out


def test_personal_numbers_are_found_and_masked_alike() -> None:
    texts = PII_TEXTS + golden_texts()
    js = run_js("(R, C, a) => { const r = R.compile(a.rules); return a.texts.map(t => "
                "[R.hits(r, t).map(h => [h.kind, h.start, h.end, h.masked]), R.redact(r, t), R.quote(r, t)]); }",
                {"rules": formrules.rules(), "texts": texts})
    py = [[[[h.kind, len(t[:h.start].encode("utf-16-le")) // 2, len(t[:h.end].encode("utf-16-le")) // 2, h.masked]
             for h in pii.hits(t)], pii.redact(t), pii.quote(t)] for t in texts]
    assert js == py
    assert sum(len(x[0]) for x in py) >= 30  # the corpus has numbers to find, not only near misses


# --------------------------------------------------------------------------- dates and times

DATES = ["2024-10-15", "2024/10/15", "2024/9/5", "2024.9.5", "2024年9月5日", "2024 年 9 月 5 日", "20240905",
         "2024-02-30", "2023-02-29", "2024-02-29", "1899-12-31", "2201-01-01", "2024-13-01", "2024/13/1",
         "２０２４年９月５日", "下周一", "2024-9-5", "24-09-05", "", " 2024-09-05 ", "2024-00-10", "9999999999"]
TIMES = ["14:30", "9:00", "09:00", "24:00", "23:59", "14：30", " 14:30", "14:3", "1430", "下午三点", "08:60", "０８:００"]


def python_message(parse: Any, value: str) -> list[str] | None:
    try:
        parse(value)
    except PydanticCustomError as exc:  # the scalar types' own message
        return [exc.type, exc.message()]
    return None


def test_dates_and_times_are_read_alike() -> None:
    js = run_js("(R, C, a) => { const r = R.compile(a.rules); const said = x => x.error ? "
                "[R.say(r, x.error[0], x.error[1]).code, R.say(r, x.error[0], x.error[1]).message] : null; "
                "return [a.dates.map(d => said(R.parseDate(r, d))), a.times.map(t => said(R.parseTime(r, t)))]; }",
                {"rules": formrules.rules(), "dates": DATES, "times": TIMES})
    assert js == [[python_message(scalars.parse_date, d) for d in DATES],
                  [python_message(scalars.parse_time, t) for t in TIMES]]
    assert js[0][0] is None and js[0][1][0] == "schema-date-format" and "2024-10-15" in js[0][1][1]


def test_a_python_pattern_without_a_javascript_meaning_is_refused() -> None:
    assert formrules.js_regex(r"[a-z]\d") == r"[a-z][" + formrules._digit_ranges() + "]"
    assert formrules.js_regex(r"[\d.]") == "[" + formrules._digit_ranges() + ".]"
    for bad in (r"(?P<x>a)", r"\Aa", r"a\Z", r"(?i)a", r"\w+", r"\bx"):
        with pytest.raises(ValueError):
            formrules.js_regex(bad)



def test_the_spelled_out_classes_are_pythons_own() -> None:
    """``\\d`` is every Unicode decimal digit and ``\\s`` every character ``re`` calls a space,
    tested code point by code point; every digit's run of ten starts at a zero."""
    every = range(sys.maxunicode + 1)
    zeros = [c for c in every if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0]
    assert formrules.digit_zeros() == zeros
    digits = {c for c in every if unicodedata.category(chr(c)) == "Nd"}
    assert digits == {z + k for z in zeros for k in range(10)}
    spaces = "".join(f"\\u{{{c:X}}}" for c in every if re.match(r"\s", chr(c)))
    assert formrules._space_chars() == spaces

# --------------------------------------------------------------------------- the composer

FIELDS: list[dict[str, Any]] = [
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "dorm-visit", "targets": ["dorm-12-305"], "summary": "座谈。"},
    {"by": "wang-jianguo", "date": "2024-10-18", "start": "09:00", "end": "11:30", "type": "dorm-visit",
     "targets": ["dorm-12-305", "stu-0001"], "with": ["li-hong"], "location": "12栋305",
     "summary": "与同学座谈: 了解情况 #2", "guidance": ["思政引导", "学业辅导"], "visibility": "internal",
     "problems": [{"summary": "热水", "refer_to": "logistics-dept", "status": "resolved", "resolved": "2024-10-19",
                   "resolution": "已修好"}, {"summary": "- 窗户", "status": "open"}]},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "online-contact", "targets": [], "summary": "~"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "null", "location": "  前后有空格\u3000"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "第一行\r\n第二行\t制表\u200b零宽\x07响铃"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "“引号”和\"双引号\"和\\反斜杠",
     "guidance": ["a, b", "[x]", "正常"]},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "@提到 *星号 &符号 !叹号 %百分 `反引号"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "'单引号开头", "location": "> 大于"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "2024-10-18", "location": "true"},
    {"by": "wang-jianguo", "date": "2024-10-18", "type": "x", "summary": "结尾空格 ", "with": []},
]
BODIES = ["", "正文。", "  前后空白\n\n", "第一段\r\n\r\n第二段", "含 --- 分隔线\n---\n之后"]


def test_the_composer_writes_alike_and_reads_back() -> None:
    cases = [(f, BODIES[i % len(BODIES)]) for i, f in enumerate(FIELDS)]
    js = run_js("(R, C, a) => { const r = R.compile(a.rules); return a.cases.map(c => R.compose(r, c[0], c[1])); }",
                {"rules": formrules.rules(), "cases": cases})
    assert js == [scaffold.compose(f, b) for f, b in cases]
    for (fields, body), text in zip(cases, js, strict=True):
        front = split_front_matter(text)
        loaded, problems = parse(front.yaml_text or "", "x.md")
        assert problems == [] and loaded.ok, text
        for key, value in fields.items():
            if key == "problems":
                assert [{k: v for k, v in p.items()} for p in loaded.data["problems"]] == value
            elif value not in (None, []) and scaffold.clean(value if isinstance(value, str) else "x"):
                expected = scaffold.clean(value) if isinstance(value, str) else value
                assert loaded.data[key] == expected, (key, text)
        assert front.body.rstrip("\n") == scaffold.clean(body)


def test_new_writes_what_it_wrote_before() -> None:
    draft = scaffold.Draft(by="wang-jianguo", date=date(2024, 11, 12), type="dorm-visit", summary="与宿舍同学座谈: 了解情况。",
                           targets=["dorm-12-305"])
    assert scaffold.render(draft) == ("---\nby: wang-jianguo\ndate: 2024-11-12\ntype: dorm-visit\ntargets: [dorm-12-305]\n"
                                      'summary: "与宿舍同学座谈: 了解情况。"\n---\n')


# --------------------------------------------------------------------------- whole records, mini fixture

BASE: dict[str, Any] = {"by": "wang-jianguo", "date": "2024-10-18", "start": "", "end": "", "type": "dorm-visit",
                        "targets": ["dorm-12-305"], "with": [], "location": "", "summary": "与宿舍同学座谈。",
                        "guidance": [], "visibility": "", "problems": [], "body": "", "slug": ""}

RECORDS: dict[str, dict[str, Any]] = {
    "valid": {},
    "valid-full": {"start": "09:00", "end": "10:30", "with": ["li-hong"], "location": "12栋305 会客室",
                   "summary": "座谈: 了解 #学习 情况", "guidance": ["学业辅导"], "body": "详细情况。",
                   "problems": [{"summary": "热水不稳定", "refer_to": "logistics-dept", "status": "open",
                                 "resolved": "", "resolution": ""}]},
    "second-canteen-meal": {"date": "2024-10-16", "type": "canteen-meal", "targets": ["class-2024-nursing-1"]},
    "canteen-meal-elsewhere": {"date": "2024-10-16", "type": "canteen-meal"},
    "overlap-after": {"date": "2024-10-15", "type": "class-observation", "targets": ["class-2024-nursing-1"],
                      "start": "15:00", "end": "15:30"},
    "overlap-before": {"date": "2024-10-15", "type": "class-observation", "targets": ["class-2024-nursing-1"],
                       "start": "14:00", "end": "15:00"},
    "end-before-start": {"start": "16:00", "end": "15:00"},
    "end-without-start": {"end": "15:00"},
    "duration": {"type": "onsite-office", "targets": ["nursing-school"]},
    "no-targets": {"targets": []},
    "numbers": {"summary": "电话 138 1234 5678，身份证 110101199003074518", "location": "１３９１２３４５６７８",
                "body": "家长 一三八一二三四五六七八",
                "problems": [{"summary": "回电 13700001111", "refer_to": None, "status": "open", "resolved": "",
                              "resolution": ""}]},
    "future": {"date": "2024-10-25"},
    "not-in-post": {"by": "zhao-min", "targets": ["dorm-12-305"]},
    "public-sensitive": {"visibility": "public", "targets": ["stu-0003", "stu-0002"]},
    "with-self": {"with": ["wang-jianguo"]},
    "problems": {"problems": [
        {"summary": "甲", "refer_to": "logistics-dept", "status": "resolved", "resolved": "", "resolution": ""},
        {"summary": "乙", "refer_to": None, "status": "open", "resolved": "2024-10-19", "resolution": ""},
        {"summary": "丙", "refer_to": None, "status": "resolved", "resolved": "2024-10-17", "resolution": "好"}]},
    "unassigned": {"targets": ["class-2021-nursing-1"], "type": "class-observation"},
    "bad-slug": {"slug": "宿舍走访"},
    "late": {"date": "2024-09-10"},
}

#: Codes the pipeline reports that the form leaves to CI (see form.TEXTS["limits"]).
NOT_IN_FORM = {"record-grade", "record-with-also-filed", "record-public-withheld", "roster-sample-as-of"}


@pytest.fixture(scope="module")
def mini_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("form-mini") / "repo"
    shutil.copytree(MINI, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def findings(root: Path, rel: str, text: str, before: pipeline.Outcome) -> list[tuple[str, str]]:
    """(code, message) the pipeline reports because of the new file: its own, and new ones elsewhere."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        after = pipeline.run(root, AS_OF, today=AS_OF)
    finally:
        path.unlink()
    old = Counter((d.code, d.file, d.message) for d in before.diagnostics)
    out = []
    for d in after.diagnostics:
        key = (d.code, d.file, d.message)
        if d.file != rel and old[key] > 0:
            old[key] -= 1
        elif d.code not in NOT_IN_FORM:
            out.append((d.code, d.message))
    return sorted(out)


def test_the_form_finds_what_validate_finds_in_the_same_words(mini_git: Path) -> None:
    before = pipeline.run(mini_git, AS_OF, today=AS_OF)
    data, actors = data_of(before)
    inputs = {name: {**BASE, **change} for name, change in RECORDS.items()}
    js = run_js("(R, C, a) => { const D = C.prepare(a.data); const out = {}; for (const k in a.inputs) { "
                "const i = a.inputs[k]; const r = C.checkRecord(D, a.actors[i.by], Object.assign({}, i, "
                "{slug: i.slug || C.freeSlug(a.actors[i.by], i.date, i.type)}), a.today); "
                "out[k] = {issues: r.issues.map(x => [x.code, x.message]), path: r.path, text: r.text}; } return out; }",
                {"data": data, "actors": actors, "inputs": inputs, "today": AS_OF.isoformat()})
    for name, got in js.items():
        assert sorted(map(tuple, got["issues"])) == findings(mini_git, got["path"], got["text"], before), name
    codes = {name: sorted({c for c, _ in got["issues"]}) for name, got in js.items()}
    assert codes["valid"] == codes["valid-full"] == []
    assert codes["second-canteen-meal"] == ["record-duplicate", "record-over-quota"]
    assert codes["overlap-before"] == codes["overlap-after"] == ["record-overlap"]
    assert codes["numbers"] == ["record-personal-data"] and len(js["numbers"]["issues"]) == 5
    assert codes["late"] == ["record-late"] and codes["unassigned"] == ["record-unassigned-target"]
    assert codes["public-sensitive"] == ["record-public-sensitive", "record-unassigned-target"]  # stu-0002 is in an assigned dorm
    assert [c for c, _ in js["public-sensitive"]["issues"]].count("record-public-sensitive") == 2


# --------------------------------------------------------------------------- live standing, the sample

STANDING = [  # (actor, type, targets, start, end, guidance) on the sample's as-of date, 2026-11-20
    ("han-tongcheng", "dorm-visit", ["dorm-3-301"], "", "", []),
    ("han-tongcheng", "onsite-office", ["econ-school"], "09:00", "12:00", []),
    ("han-tongcheng", "onsite-office", ["mech-school"], "09:00", "12:00", []),
    ("han-tongcheng", "teacher-talk", ["teacher-pan-qianxin"], "", "", []),
    ("han-tongcheng", "class-observation", ["course-theory-intro", "econ-2025-1"], "", "", []),
    ("han-tongcheng", "online-contact", [], "", "", []),
    ("yin-nazhen", "contact-registration", [], "", "", []),
    ("yin-nazhen", "canteen-meal", ["mech-2025-1"], "", "", []),
    ("zheng-fan", "student-talk", ["stu-00055"], "", "", ["成长指导"]),
    ("zheng-fan", "student-talk", ["stu-00001"], "", "", ["成长指导"]),
    ("zheng-fan", "dorm-visit", ["dorm-1-201"], "", "", []),
    ("econ-student-branch", "theme-activity", ["econ-2026-2"], "", "", []),
]


@pytest.fixture(scope="module")
def sample() -> pipeline.Outcome:
    return pipeline.run(ROOT, use_git=False)


def engine_after(sample: pipeline.Outcome, rel: str, text: str) -> dict[tuple[str, str, str | None], tuple[int, float]]:
    parsed = parse_record(rel, text.encode())
    assert parsed.record is not None, parsed.diagnostics
    counting = sorted([*sample.counting, parsed.record], key=lambda r: (r.meta.date, r.path))
    after = compute(sample.repo, sample.roster, sample.calendar, Credit(sample.roster, counting), sample.as_of)
    assert after is not None
    return {(r.actor, r.rule, r.period, r.target): (r.achieved, r.hours) for r in after.results}  # type: ignore[misc]


def test_live_standing_is_what_the_engine_counts(sample: pipeline.Outcome) -> None:
    data, actors = data_of(sample)
    recs = [{"by": a, "type": t, "targets": ts, "start": s or None, "end": e or None, "guidance": g,
             "date": sample.as_of.isoformat()} for a, t, ts, s, e, g in STANDING]
    js = run_js("(R, C, a) => { const D = C.prepare(a.data); return a.recs.map(r => { "
                "const A = a.actors[r.by]; const f = C.checkRecord(D, A, {by: r.by, date: r.date, start: r.start || '', "
                "end: r.end || '', type: r.type, targets: r.targets, guidance: r.guidance, summary: '联系。', slug: 'zz-' + r.type}, r.date); "
                "return {path: f.path, text: f.text, rows: C.standing(D, A, r).map(x => "
                "[x.rule.id, x.period, x.target, x.before.achieved, x.after.achieved, x.after.hours, x.gain])}; }); }",
                {"data": data, "actors": actors, "recs": recs})
    names = {(r.actor, r.rule, r.start.isoformat(), r.target): sample.calendar.name(sample.calendar.period_of(r.per, r.start))
             for r in sample.compliance.results}  # type: ignore[union-attr]
    gains = 0
    for rec, got in zip(recs, js, strict=True):
        after = engine_after(sample, got["path"], got["text"])
        before = {(r.actor, r.rule, r.period, r.target): r.achieved for r in sample.compliance.results}  # type: ignore[union-attr]
        assert got["rows"], rec
        for rule, period_name, target, was, now, hours, gain in got["rows"]:
            key = next(k for k, n in names.items() if k[0] == rec["by"] and k[1] == rule and k[3] == target and n == period_name)
            result = next(r for r in sample.compliance.results  # type: ignore[union-attr]
                          if (r.actor, r.rule, r.start.isoformat(), r.target) == key)
            full = (rec["by"], rule, result.period, target)
            assert was == before[full] and (now, round(hours, 6)) == (after[full][0], round(after[full][1], 6)), (rec, rule, target)
            gains += gain
    assert gains >= 10  # the corpus exercises counting, not only records that count nowhere


# --------------------------------------------------------------------------- the forge's new-file page

def forge(kind: str) -> dict[str, Any]:
    with_content, without = formdata.FORGE_PAGES[kind]
    return {"kind": kind, "label": kind, "url": "https://git.example.edu.cn/", "repository": "org-dept/records",
            "branch": "main", "with_content": with_content, "without_content": without, "max_url": formdata.MAX_URL}


PATH = "records/2026-2027-1/han-tongcheng/2026-11-20-dorm-visit.md"
CONTENT = "---\nby: han-tongcheng\ndate: 2026-11-20\ntype: dorm-visit\ntargets: [dorm-3-301]\nsummary: 与同学座谈 & 交流？#1\n---\n"


def links(content: str) -> dict[str, Any]:
    return run_js("(R, C, a) => Object.fromEntries(a.forges.map(f => [f.kind, C.forgeLink(f, a.path, a.content)]))",
                  {"forges": [forge(k) for k in formdata.FORGE_PAGES], "path": PATH, "content": content})


def test_github_and_gitea_open_the_right_path_with_the_content() -> None:
    got = links(CONTENT)
    github, gitea, gitlab = (urlsplit(got[k]["href"]) for k in ("github", "gitea", "gitlab"))
    assert (github.netloc, unquote(github.path)) == ("git.example.edu.cn", "/org-dept/records/new/main")
    assert parse_qs(github.query) == {"filename": [PATH], "value": [CONTENT]}
    assert unquote(gitea.path) == "/org-dept/records/_new/main/records/2026-2027-1/han-tongcheng/"
    assert parse_qs(gitea.query) == {"filename": ["2026-11-20-dorm-visit.md"], "value": [CONTENT]}
    assert (got["github"]["copy"], got["gitea"]["copy"]) == (False, False)
    # GitLab's editor ignores content: the file name only, the content through the clipboard
    assert unquote(gitlab.path) == "/org-dept/records/-/new/main/records/2026-2027-1/han-tongcheng"
    assert parse_qs(gitlab.query) == {"file_name": ["2026-11-20-dorm-visit.md"]}
    assert (got["gitlab"]["copy"], got["gitlab"]["reason"]) == (True, "gitlab")


def test_a_long_record_takes_the_copy_fallback() -> None:
    long = CONTENT.replace("与同学座谈 & 交流？#1", "座" * 2000)
    got = links(long)
    for kind in ("github", "gitea"):
        assert (got[kind]["copy"], got[kind]["reason"]) == (True, "too-long")
        assert "value" not in parse_qs(urlsplit(got[kind]["href"]).query)
        assert len(got[kind]["href"]) < 300
    assert len(links(CONTENT)["github"]["href"]) < formdata.MAX_URL


# --------------------------------------------------------------------------- one source of truth

def test_changing_a_message_in_the_catalogue_changes_validate_and_the_form(mini_git: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    changed = "“{type}”一天只能登记 {max} 次（{date}：{files}）。"
    monkeypatch.setitem(messages.MESSAGES, "over-quota", replace(messages.MESSAGES["over-quota"], template=changed))
    before = pipeline.run(mini_git, AS_OF, today=AS_OF)
    data, actors = data_of(before)
    assert data["rules"]["messages"]["over-quota"]["template"] == changed
    i = {**BASE, **RECORDS["canteen-meal-elsewhere"], "slug": "canteen-meal-2"}
    js = run_js("(R, C, a) => { const D = C.prepare(a.data); const r = C.checkRecord(D, a.actors[a.i.by], a.i, a.today); "
                "return {issues: r.issues.map(x => [x.code, x.message]), path: r.path, text: r.text}; }",
                {"data": data, "actors": actors, "i": i, "today": AS_OF.isoformat()})
    expected = "“进食堂”一天只能登记 1 次（2024-10-16：2024-10-16-canteen-meal.md、2024-10-16-canteen-meal-2.md）。"
    assert js["issues"] == [["record-over-quota", expected]]
    assert findings(mini_git, js["path"], js["text"], before) == [("record-over-quota", expected)]


# --------------------------------------------------------------------------- the README's example

def test_the_readme_example_is_a_valid_record_of_the_sample(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 填报一条记录", 1)[1].split("\n## ", 1)[0]
    path = re.search(r"例如\s*`(records/[^`]+\.md)`", section)
    block = re.search(r"```markdown\n(.*?)```", section, re.S)
    assert path is not None and block is not None
    text = textwrap.dedent(block.group(1))
    for folder in ("rosters", "policies", "records"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / path.group(1)).write_text(text, encoding="utf-8")
    outcome = pipeline.run(tmp_path, use_git=False)  # the sample's as-of date, which the example's date is
    assert [d for d in outcome.diagnostics if d.file == path.group(1)] == []
    assert path.group(1) in {r.path for r in outcome.counting}


def test_the_form_never_reads_a_date_through_a_time_zone() -> None:
    """Calendar dates stay YYYY-MM-DD text: no Date parsed from a string, none printed in UTC."""
    scripts = {name: (formjs.ASSETS / name).read_text(encoding="utf-8") for name in ("form-rules.js", "form-checks.js", "form.js")}
    for name, text in scripts.items():
        assert re.findall(r"new Date\([^)]+\)|Date\.parse|toISOString|toJSON\(|getTimezoneOffset", text) == [], name
    assert "timeZone: zone" in scripts["form-rules.js"]  # today is read in the institution's zone


@pytest.mark.parametrize("preset", PRESETS)
def test_live_standing_agrees_with_the_engine_on_every_preset(preset: str, built: Any) -> None:
    """Every activity type, with and without guidance, to the first assigned targets of a few actors."""
    outcome = built(preset).outcome
    data, actors = data_of(outcome)
    day = min(outcome.as_of, outcome.calendar.span()[1]).isoformat()  # type: ignore[union-attr]  # within the periods
    guidance = outcome.repo.policy.guidance  # type: ignore[union-attr]
    recs = []
    for actor in [a for a, d in actors.items() if d["standing"]][:6]:
        targets = sorted(outcome.roster.assigned_on(actor, date.fromisoformat(day)))[:2]
        for type_id in outcome.repo.policy.activity_types:  # type: ignore[union-attr]
            for tags in ([], guidance):
                recs.append({"by": actor, "type": type_id, "targets": targets, "start": "09:00", "end": "11:00",
                             "guidance": tags, "date": day})
    js = run_js("(R, C, a) => { const D = C.prepare(a.data); return a.recs.map(r => { const A = a.actors[r.by]; "
                "const f = C.checkRecord(D, A, Object.assign({summary: '联系。', slug: 'zz-' + r.type}, r), r.date); "
                "return {path: f.path, text: f.text, rows: C.standing(D, A, r).map(x => "
                "[x.rule.id, x.rule.apart.length, x.period, x.target, x.after.achieved, x.after.hours, x.gain])}; }); }",
                {"data": data, "actors": actors, "recs": recs})
    period = {(r.actor, r.rule, r.target, outcome.calendar.name(outcome.calendar.period_of(r.per, r.start))): r.period  # type: ignore[union-attr]
              for r in outcome.compliance.results}  # type: ignore[union-attr]
    compared = gains = 0
    for rec, got in zip(recs, js, strict=True):
        after = engine_after(outcome, got["path"], got["text"])
        for rule, apart, name, target, now, hours, gain in got["rows"]:
            if apart:
                continue  # distinct_from: the form says the engine decides (standing_shared)
            key = (rec["by"], rule, period[(rec["by"], rule, target, name)], target)
            assert (now, round(hours, 6)) == (after[key][0], round(after[key][1], 6)), (preset, rec, rule, target)
            compared += 1
            gains += gain
    assert compared > 50 and gains > 5, (compared, gains)
