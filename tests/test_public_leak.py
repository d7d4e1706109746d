"""The public site leaks nothing contract §8 withholds, in any file it emits.

A copy of the mini fixture gets canaries — sensitive students, a non-public person, record bodies,
restricted and internal summaries, problem texts, a leave reason, locations, and a public record
whose summary names an unrostered student's family hardship but was never reviewed — next to public
facts. Every public record but that one is cleared by a disclosure review, so what stays out stays
out for its own reason. The full pipeline and the real mkdocs build run; every file of the output
and of the build folder is scanned (HTML entities, JSON escapes, percent-encoding, gzip and jieba's
zero-width spaces undone).
"""

from __future__ import annotations

import dataclasses
import gzip
import html
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import MINI, reviewed, write_repo
from test_public_projection import _echelon, _left

from generator import pipeline
from generator.public import PublicData, project
from generator.site.build import build
from generator.site.internal import render as render_internal
from generator.site.public import render

AS_OF = date(2025, 1, 20)

# Strings that must never be published (names, ids and free texts).
CANARIES = [
    "甲乙丙", "stu-canary-1",  # sensitive student (sensitive: true)
    "丁戊己", "stu-canary-2",  # sensitive through a policy sensitive tag
    "庚辛壬", "stu-canary-3",  # an ordinary student: students are never listed
    "隐名人", "hidden-canary-person",  # a person without public: true
    "李红", "li-hong", "赵敏", "zhao-min",  # the mini fixture's non-public people
    "陈静", "teacher-chen-jing",  # a teacher target: a person who never agreed to be named
    "雀巢楼909", "dorm-canary-9", "12栋305", "dorm-12-305",  # dormitories locate their residents
    "BODYCANARY", "正文金丝雀",  # record bodies
    "RESTRICTEDCANARY", "受限概述金丝雀",  # a restricted record's summary
    "INTERNALCANARY", "内部概述金丝雀",  # an internal record's summary
    "PROBLEMCANARY", "问题金丝雀", "RESOLUTIONCANARY", "办理金丝雀", "宿舍热水供应不稳定", "已更换热水器",
    "LEAVECANARY", "请假金丝雀", "外出培训",  # leave reasons
    "LOCATIONCANARY", "地点金丝雀",  # record locations
    "NPCANARY",  # a public record filed by a non-public person
    "SUPERSEDEDCANARY", "AMENDCANARY", "更正原因金丝雀",  # an amended record and the amendment's reason
]
# A public record of a public person whose summary names nobody the rosters know, so only the
# disclosure review stands between it and the public site.
HARDSHIP_PATH = "records/2024-2025-1/wang-jianguo/2024-10-27-canteen-meal.md"
HARDSHIP = "学生钱小满反映家庭困难，父亲住院治疗。"
HARDSHIP_CANARIES = ["钱小满", "反映家庭困难", "父亲住院治疗"]
CANARIES += HARDSHIP_CANARIES

# Facts that must be published.
PUBLIC_FACTS = [
    "王建国", "孙立新", "测试职业学院领导干部联系师生工作制度", "中共测试职业学院委员会组织部",
    "与护理2024级1班同学共进午餐。", "听课并与任课教师交流教学安排。", "与学生共进午餐，听取意见。",
    "护理学院党总支", "护理2024级1班", "99999-0103-",
]


def record(by: str, day: str, type_: str, summary: str, *, targets: str = "[class-2024-nursing-1]",
           extra: str = "", body: str = "正文。") -> str:
    return (f"---\nby: {by}\ndate: {day}\ntype: {type_}\ntargets: {targets}\nsummary: {summary}\n{extra}---\n"
            f"{body}\n")


def canary_files() -> dict[str, str]:
    people = (MINI / "rosters/people.yml").read_text(encoding="utf-8") + """\
- id: sun-public
  name: 孙立新
  unit: party-committee
  title: 副校长
  roles: [leadership]
  public: true
- id: hidden-canary-person
  name: 隐名人
  unit: party-committee
  title: 副书记
  roles: [leadership]
"""
    targets = (MINI / "rosters/targets.yml").read_text(encoding="utf-8") + """\
- {id: stu-canary-1, kind: student, name: 甲乙丙, unit: nursing-school, enrolled: 2024, sensitive: true}
- {id: stu-canary-2, kind: student, name: 丁戊己, unit: nursing-school, enrolled: 2024, tags: [困难学生]}
- {id: stu-canary-3, kind: student, name: 庚辛壬, unit: nursing-school, enrolled: 2024}
- {id: dorm-canary-9, kind: dorm, name: 雀巢楼909, members: [stu-canary-1, stu-canary-3]}
"""
    assignments = (MINI / "rosters/assignments.yml").read_text(encoding="utf-8") + """\
- actor: wang-jianguo
  targets: [stu-canary-1, stu-canary-2, stu-canary-3, dorm-canary-9]
- actor: hidden-canary-person
  targets: [class-2024-nursing-1, stu-canary-1]
- actor: sun-public
  targets: [nursing-school, class-2024-nursing-1]
"""
    leaves = (MINI / "rosters/leaves.yml").read_text(encoding="utf-8") + (
        "- {person: hidden-canary-person, start: 2024-11-11, end: 2024-11-22, reason: 请假金丝雀LEAVECANARY}\n")
    policy = (MINI / "policies/mini.yml").read_text(encoding="utf-8").replace("assignment_rules:", """\
  - id: named-onsite
    title: 指定负责人每月驻点办公
    who: {ids: [hidden-canary-person]}
    count: {types: [onsite-office]}
    per: month
    min: 1
assignment_rules:""") + """
reports:
  - id: canary-allocation
    title: 联系对象一览表
    kind: allocation
    who: {roles: [leadership]}
    params: {public_omit_kinds: [student]}
"""
    w = "records/2024-2025-1/wang-jianguo"
    cleared = reviewed({
        "rosters/people.yml": people,
        "rosters/targets.yml": targets,
        "rosters/assignments.yml": assignments,
        "rosters/leaves.yml": leaves,
        "policies/mini.yml": policy,
        f"{w}/2024-10-17-counselling.md": record(
            "wang-jianguo", "2024-10-17", "counselling", "受限概述金丝雀RESTRICTEDCANARY", targets="[stu-canary-1]",
            extra="location: 地点金丝雀LOCATIONCANARY\nproblems:\n  - summary: 问题金丝雀PROBLEMCANARY\n"
                  "    refer_to: logistics-dept\n    status: resolved\n    resolved: 2024-10-20\n"
                  "    resolution: 办理金丝雀RESOLUTIONCANARY\n",
            body="正文金丝雀BODYCANARY：与甲乙丙谈心。"),
        f"{w}/2024-10-18-dorm-visit.md": record(
            "wang-jianguo", "2024-10-18", "dorm-visit", "内部概述金丝雀INTERNALCANARY", targets="[dorm-canary-9]",
            extra="problems:\n  - summary: 问题金丝雀二PROBLEMCANARY2\n    status: open\n"),
        f"{w}/2024-10-21-class-observation.md": record(
            "wang-jianguo", "2024-10-21", "class-observation", "听课并与任课教师交流教学安排。",
            extra="visibility: public\nwith: [hidden-canary-person]\nlocation: 地点金丝雀二LOCATIONCANARY2\n",
            body="正文金丝雀二BODYCANARY2"),
        # Public, but the summary names a student: held back by the projection's text guard.
        f"{w}/2024-10-22-class-observation.md": record(
            "wang-jianguo", "2024-10-22", "class-observation", "与庚辛壬同学交流学习情况。",
            extra="visibility: public\n"),
        # Public, and then amended: the superseded record and the amendment's reason stay internal.
        f"{w}/2024-10-25-canteen-meal.md": record(
            "wang-jianguo", "2024-10-25", "canteen-meal", "被更正概述SUPERSEDEDCANARY", extra="visibility: public\n"),
        f"{w}/2024-10-26-canteen-meal.md": record(
            "wang-jianguo", "2024-10-26", "canteen-meal", "与护理班同学共进午餐（更正）。",
            extra=f"visibility: public\namends: {w}/2024-10-25-canteen-meal.md\nreason: 更正原因金丝雀AMENDCANARY\n"),
        "records/2024-2025-1/hidden-canary-person/2024-10-23-dorm-visit.md": record(
            "hidden-canary-person", "2024-10-23", "dorm-visit", "非公开者公开记录NPCANARY",
            extra="visibility: public\n"),
        "records/2024-2025-1/sun-public/2024-10-24-canteen-meal.md": record(
            "sun-public", "2024-10-24", "canteen-meal", "与学生共进午餐，听取意见。", extra="visibility: public\n"),
    })  # every public record is cleared, even those held back for other reasons
    return {**cleared, HARDSHIP_PATH: hardship(HARDSHIP)}


def hardship(summary: str) -> str:
    return record("wang-jianguo", "2024-10-27", "canteen-meal", summary, extra="visibility: public\n")


# --------------------------------------------------------------------------- scanning

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def readable_forms(path: Path) -> Iterator[str]:
    """Every way a string could hide in the file: raw, entity-decoded, JSON-decoded, URL-decoded,
    with jieba's zero-width separators removed."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    if path.suffix == ".xlsx":  # a zip of XML parts: read every part
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            raw = b"".join(z.read(n) for n in z.namelist())
    text = raw.decode("utf-8", errors="ignore")
    forms = [text, html.unescape(text), unquote(text)]
    if path.suffix == ".json" or path.name.endswith(".json.gz"):
        forms.append(json.dumps(json.loads(text.lstrip("\ufeff")), ensure_ascii=False))
    for form in forms:
        yield form
        yield _INVISIBLE.sub("", form)


def found(root: Path, needles: list[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        forms = list(readable_forms(path))
        for needle in needles:
            if any(needle in f for f in forms):
                hits.setdefault(needle, []).append(str(path.relative_to(root)))
    return hits


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PublicData]:
    tmp = tmp_path_factory.mktemp("leak")
    return tmp, build_public(write_repo(tmp / "repo", canary_files()), tmp)


def build_public(repo: Path, tmp: Path) -> PublicData:
    outcome = pipeline.run(repo, AS_OF, use_git=False)
    errors = [f"{d.file}:{d.line} {d.code} {d.message}" for d in outcome.diagnostics if d.severity == "error"]
    assert not errors, errors
    data = project(outcome)
    build(render(data), tmp / "build", tmp / "site")
    return data


def test_no_canary_in_any_published_file(built: tuple[Path, PublicData]) -> None:
    tmp, _ = built
    site = tmp / "site" / "public"
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    assert {".html", ".json", ".csv", ".xml", ".gz", ".js", ".xlsx"} <= kinds
    assert found(site, CANARIES) == {}


def test_scanner_sees_what_is_there(built: tuple[Path, PublicData]) -> None:
    """Controls: every canary is in the repository, and jieba-segmented text is found in the index."""
    tmp, _ = built
    assert set(found(tmp / "repo", CANARIES)) == set(CANARIES)
    assert found(tmp / "site" / "public" / "search", ["听课并与任课教师交流教学安排"])


# --------------------------------------------------------------------------- the record form's data

#: What marks the record form's data (assets/form-data.js, assets/form/<actor>.js) wherever it goes.
FORM_MARKERS = ["CRFormData", "CRFormActor", "count_rules", "window_from", "填报记录", "form-data.js", "form-checks.js"]


@pytest.fixture(scope="module")
def form_files(built: tuple[Path, PublicData]) -> dict[str, str]:
    """The internal site's form data for the same repository (rosters, assignments, standing)."""
    tmp, _ = built
    site = render_internal(pipeline.run(tmp / "repo", date(2024, 10, 31), use_git=False))  # its records are recent
    return {rel: data.decode("utf-8") for rel, data in site.files.items() if rel.startswith("assets/form")}


def test_the_form_data_never_reaches_the_public_site(built: tuple[Path, PublicData], form_files: dict[str, str]) -> None:
    tmp, _ = built
    assert sorted(form_files)[:2] == ["assets/form-data.js", "assets/form/hidden-canary-person.js"]
    assert all(any(m in text for m in FORM_MARKERS[:2]) for text in form_files.values())
    for root in (tmp / "site" / "public", tmp / "build" / "public"):
        assert found(root, FORM_MARKERS) == {}
        assert [p for p in root.rglob("*") if "form" in p.name] == []
    # what the form holds about people and targets: none of it is published either
    roster = json.loads(form_files["assets/form-data.js"].removeprefix("window.CRFormData = ").rstrip(";\n"))
    private = [t["id"] for t in roster["targets"]] + [p["id"] for p in roster["people"] if p["id"] not in ("wang-jianguo", "sun-public")]
    assert found(tmp / "site" / "public", private) == {}


def test_the_form_data_shows_no_more_than_the_internal_pages(form_files: dict[str, str]) -> None:
    every = "\n".join(form_files.values())
    # sensitive targets masked, as on every internal page; no leave, body, summary, problem or location
    for canary in ("甲乙丙", "丁戊己", "LEAVECANARY", "外出培训", "BODYCANARY", "INTERNALCANARY", "RESTRICTEDCANARY",
                   "PROBLEMCANARY", "LOCATIONCANARY", "更正原因金丝雀"):
        assert canary not in every, canary
    assert '"name":"甲**"' in every and '"name":"丁**"' in every and "stu-canary-1" in every
    # a restricted record keeps its date, type and file name only (contract §8)
    wang = json.loads(form_files["assets/form/wang-jianguo.js"].split("(", 2)[2].rsplit(")", 1)[0])
    assert ["2024-10-17", "counselling", "2024-10-17-counselling.md", None, None, None] in wang["records"]


def test_no_canary_in_the_build_folder(built: tuple[Path, PublicData]) -> None:
    tmp, _ = built
    assert found(tmp / "build" / "public", CANARIES) == {}


def test_no_canary_in_the_projection(built: tuple[Path, PublicData]) -> None:
    _, data = built
    text = repr(data)
    assert [c for c in CANARIES if c in text] == []


def test_public_facts_are_published(built: tuple[Path, PublicData]) -> None:
    tmp, data = built
    site = tmp / "site" / "public"
    hits = found(site, PUBLIC_FACTS)
    assert set(hits) == set(PUBLIC_FACTS), set(PUBLIC_FACTS) - set(hits)
    wang = next(a for a in data.actors if a.id == "wang-jianguo")
    # the amendment replaces the amended record; the record naming a student is held back
    assert [r.summary for r in wang.records] == [
        "与护理班同学共进午餐（更正）。", "听课并与任课教师交流教学安排。", "与护理2024级1班同学共进午餐。"]
    assert data.policy.rules[-1].who == "指定人员"
    term = data.terms[0]
    assert term.total is not None and term.total.actors == 3
    assert [g.name for g in term.by_unit] == ["中共测试职业学院委员会"]


def test_public_allocation_list_names_only_public_people_and_no_student(built: tuple[Path, PublicData]) -> None:
    tmp, data = built
    (lst,) = data.allocations
    assert [r.name for r in lst.rows] == ["孙立新", "王建国"] or [r.name for r in lst.rows] == ["王建国", "孙立新"]
    assert "学生" not in lst.kinds and lst.omitted == ("学生",) and lst.hidden == 1
    wang = next(r for r in lst.rows if r.name == "王建国")
    assert wang.cells[lst.kinds.index("宿舍")] == "2 间"  # both dormitories counted, neither named
    assert found(tmp / "site" / "public" / "allocation", ["王建国", "孙立新"]) == {
        "王建国": ["canary-allocation/index.html", "canary-allocation.xlsx"],
        "孙立新": ["canary-allocation/index.html", "canary-allocation.xlsx"]}


def test_free_text_is_published_only_while_a_review_covers_it(tmp_path: Path) -> None:
    """保密审查: the unreviewed hardship summary is absent (the module fixture proves it); once a
    listed reviewer clears exactly that text it is published; an edit of the summary voids the review."""
    files = canary_files()
    repo = write_repo(tmp_path / "repo", reviewed(files, HARDSHIP_PATH, name="hardship"))
    cleared = build_public(repo, tmp_path / "cleared")
    site = tmp_path / "cleared" / "site" / "public"
    hits = found(site, HARDSHIP_CANARIES)
    assert set(hits) == set(HARDSHIP_CANARIES)
    assert {"people/wang-jianguo/index.html", "data/catalogue.csv", "data/public-data.json"} <= set(hits["钱小满"])

    edited = HARDSHIP.replace("。", "，已联系资助中心。")
    (repo / HARDSHIP_PATH).write_text(hardship(edited), encoding="utf-8")  # the review stays, for the old text
    data = build_public(repo, tmp_path / "edited")
    assert found(tmp_path / "edited" / "site" / "public", [*HARDSHIP_CANARIES, "已联系资助中心"]) == {}
    assert found(tmp_path / "edited" / "build" / "public", HARDSHIP_CANARIES) == {}
    assert data.terms[0].records == cleared.terms[0].records == 10  # withheld, never uncounted


def test_actor_pages_only_for_public_people(built: tuple[Path, PublicData]) -> None:
    tmp, data = built
    pages = sorted(p.name for p in (tmp / "build" / "public" / "docs" / "people").iterdir())
    assert pages == ["index.md", "sun-public.md", "wang-jianguo.md"]
    assert {a.id for a in data.actors} == {"wang-jianguo", "sun-public"}


def test_projection_drops_public_record_with_sensitive_target_even_if_validation_missed_it(
    tmp_path: Path,
) -> None:
    """Defence in depth: the validator forbids public + sensitive, and the projection checks again."""
    files = canary_files()
    files["records/2024-2025-1/wang-jianguo/2024-10-28-dorm-visit.md"] = record(
        "wang-jianguo", "2024-10-28", "dorm-visit", "敏感公开SENSITIVEPUBLICCANARY", targets="[stu-canary-2]",
        extra="visibility: public\n")
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    assert any(d.code == "record-public-sensitive" for d in outcome.diagnostics)
    blind = dataclasses.replace(outcome.validation, invalid_records=frozenset())
    data = project(dataclasses.replace(outcome, validation=blind))
    assert "SENSITIVEPUBLICCANARY" not in repr(data)
    assert "SENSITIVEPUBLICCANARY" not in "".join(render(data).pages.values())


def test_markup_in_a_public_summary_is_escaped(tmp_path: Path) -> None:
    files = reviewed({"records/2024-2025-1/wang-jianguo/2024-10-29-canteen-meal.md": record(
        "wang-jianguo", "2024-10-29", "canteen-meal",
        "'<script>alert(1)</script> [链接](http://example.com) {: onclick=x } *强调*'",
        extra="visibility: public\n")})
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    page = render(project(outcome)).pages["people/wang-jianguo.md"]
    assert "<script>" not in page
    assert "](http" not in page
    assert re.search(r"(?<!\\)\{: onclick", page) is None
    assert "&lt;script&gt;" in page


def test_a_unit_row_and_a_role_row_together_never_single_out_one_person(tmp_path: Path) -> None:
    """The middle cadres are the organisation and logistics departments' whole staff plus 李红 of the
    nursing school: no row lies inside another with fewer than 3 left over, yet 中层干部 − 组织部 −
    后勤管理处 would be 李红's figures alone. What is published admits no such combination."""
    people = (MINI / "rosters/people.yml").read_text(encoding="utf-8")
    for name, unit, role in [("a", "org-dept", "middle-cadre"), ("b", "org-dept", "middle-cadre"),
                             ("c", "org-dept", "middle-cadre"), ("d", "logistics-dept", "middle-cadre"),
                             ("e", "logistics-dept", "middle-cadre"), ("f", "logistics-dept", "middle-cadre"),
                             ("h", "nursing-school", "party-teacher"), ("i", "nursing-school", "party-teacher"),
                             ("k", "party-committee", "party-teacher"), ("l", "party-committee", "party-teacher"),
                             ("m", "party-committee", "party-teacher")]:
        people += f"- {{id: person-{name}, name: 人员{name.upper()}, unit: {unit}, roles: [{role}]}}\n"
    policy = (MINI / "policies/mini.yml").read_text(encoding="utf-8").replace(
        "    who: {roles: [leadership]}\n    count:\n      types: [dorm-visit",
        "    who: {roles: [middle-cadre, party-teacher]}\n    count:\n      types: [dorm-visit")
    outcome = pipeline.run(write_repo(tmp_path / "repo", {"rosters/people.yml": people, "policies/mini.yml": policy}),
                           AS_OF, use_git=False)
    term = project(outcome).terms[0]
    actors = sorted({r.actor for r in outcome.compliance.results})  # type: ignore[union-attr]
    assert len(actors) == 13 and term.total is not None and term.total.actors == 13
    person = outcome.repo.people

    def members(rows: tuple, key) -> list[set[str]]:  # type: ignore[type-arg]
        named = {g.id: {a for a in actors if key(person[a]) == g.id} for g in rows if not g.merged}
        rest = set(actors) - set().union(*named.values())
        return [*named.values(), *([rest] if any(g.merged for g in rows) else [])]

    def first_role(p) -> str:  # type: ignore[no-untyped-def]
        return next(r for r in outcome.repo.policy.roles if r in p.roles)  # type: ignore[union-attr]

    published = [*members(term.by_unit, lambda p: p.unit), *members(term.by_role, first_role), set(actors)]
    assert [len(m) for m in published] == [g.actors for g in (*term.by_unit, *term.by_role)] + [13]
    basis = _echelon([[Fraction(int(a in m)) for a in actors] for m in published])
    for size in (1, 2):
        for group in itertools.combinations(actors, size):
            assert any(_left([Fraction(int(a in group)) for a in actors], basis)), group
