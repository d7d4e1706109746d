"""Every policy preset, end to end: each rule has one actor meeting it and one failing it.

For each of the five presets in policies/ a repository is built in tmp_path from the compact tables
in tests/presets/<preset>.py (rosters, calendar, the preset copied as the institution's policy, and
records written as real files), the whole pipeline runs, and individual results are asserted:
``results[(actor, rule, period, target)]`` is ``met`` for the good actor and ``unmet`` for the bad
one, with the exact number of counting records and exactly which records counted. Never totals.

The catalogue of clauses (H1–H16, F1–F17, S1–S11, J1–J9, B1–B8) is the one in the shared spec
(policy-catalogue.md); docs/policies.md maps each clause to preset entry ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from presets import jjy, mwy, wf
from presets.builder import ROOT, Assign, Case, person, rec, target
from presets.worlds import MODULES, PRESETS, WORLDS, Build, build_variant

from generator.loader import load_repo
from generator.validate import validate_repo


def policy_yaml(preset: str) -> dict:
    return yaml.safe_load((ROOT / "policies" / f"{preset}.yml").read_text(encoding="utf-8"))


def entry_ids(preset: str) -> dict[str, list[str]]:
    """Section → entry ids of the preset file."""
    doc = policy_yaml(preset)
    return {s: [e["id"] for e in doc.get(s) or []]
            for s in ("rules", "assignment_rules", "coverage_rules", "profile_rules", "reports")}


# --------------------------------------------------------------------------- the repository is clean

@pytest.mark.parametrize("preset", PRESETS)
def test_repository_has_no_errors_so_no_result_is_explained_by_an_invalid_record(built: Build, preset: str) -> None:
    ev = built(preset)
    assert ev.errors() == []
    assert ev.outcome.validation.invalid_records == frozenset()
    # every record written is loaded and live (none silently dropped)
    assert sorted(r.path for r in ev.outcome.repo.records) == sorted(r.path for r in ev.world.records)


@pytest.mark.parametrize("preset", PRESETS)
def test_validate_reports_no_policy_problem_for_the_preset(built: Build, preset: str) -> None:
    root = built(preset).outcome.repo.root
    repo = load_repo(root)
    assert repo.policy is not None and repo.policy.id == preset
    found = [(d.code, d.line, d.message) for d in validate_repo(repo, built(preset).outcome.as_of).diagnostics
             if d.code.startswith("policy-") or d.file.startswith("policies/")]
    assert found == []


# --------------------------------------------------------------------------- counting rules

def _cases() -> Iterator[object]:
    for preset, world in WORLDS.items():
        for case in world.cases:
            yield pytest.param(preset, case, id=f"{preset}:{case.id}")


@pytest.mark.parametrize(("preset", "case"), list(_cases()))
def test_rule_good_actor_met_and_bad_actor_unmet(built: Build, preset: str, case: Case) -> None:
    ev = built(preset)
    rule = next(r for r in ev.outcome.repo.policy.rules if r.id == case.rule)  # type: ignore[union-attr]
    assert rule.level == case.level
    for s, want in ((case.good, "met"), (case.bad, "unmet")):
        key = (s.actor, case.rule, case.period, s.target)
        assert key in ev.results, f"no result for {key}"
        r = ev.results[key]
        assert (r.status, r.level, r.achieved, r.required) == (want, case.level, s.achieved, rule.min), key
        assert r.records == s.paths, key  # exactly these records counted; the near misses did not
        if s.hours is not None:
            assert r.hours == pytest.approx(s.hours), key
    # the bad actor's near misses really are in the repository and valid: they could have counted
    live = {r.path for r in ev.outcome.repo.records} - ev.outcome.validation.invalid_records
    assert {m.path for m in case.bad.misses} <= live


def test_every_counting_rule_of_every_preset_has_a_case() -> None:
    for preset, world in WORLDS.items():
        assert sorted({c.rule for c in world.cases}) == sorted(entry_ids(preset)["rules"]), preset


# --------------------------------------------------------------------------- assignment rules

def _assigns() -> Iterator[object]:
    for preset, world in WORLDS.items():
        for a in world.assigns:
            yield pytest.param(preset, a, id=f"{preset}:{a.id}")


@pytest.mark.parametrize(("preset", "row"), list(_assigns()))
def test_assignment_rule_good_actor_met_and_bad_actor_unmet(built: Build, preset: str, row: Assign) -> None:
    ev = built(preset)
    rule = next(r for r in ev.outcome.repo.policy.assignment_rules if r.id == row.rule)  # type: ignore[union-attr]
    assert rule.level == row.level
    for (actor, count), want in ((row.good, "met"), (row.bad, "unmet")):
        a = ev.assignments[(actor, row.rule)]
        assert (a.status, a.level, a.count, len(a.targets)) == (want, row.level, count, count), actor
        assert (a.min, a.max) == (rule.min, rule.max)
    # a mandatory shortfall is a warning naming the actor and the rule; an advisory one is not
    bad = row.bad[0]
    named = [m for m in ev.diagnostics("assignment-bounds") if f"（{bad}）" in m and rule.title in m]
    assert len(named) == (1 if row.level == "mandatory" else 0)
    assert not [m for m in ev.diagnostics("assignment-bounds") if f"（{row.good[0]}）" in m and rule.title in m]


def test_every_assignment_rule_of_every_preset_has_a_row() -> None:
    for preset, world in WORLDS.items():
        rows = {a.rule for a in world.assigns} | set(getattr(MODULES[preset], "GRADE_ONLY", ()))
        assert sorted(rows) == sorted(entry_ids(preset)["assignment_rules"]), preset



# --------------------------------------------------------------------------- clause-specific checks

def test_h3_by_secretary_only_the_secretary_counts_and_only_in_an_assigned_class(built: Build) -> None:
    ev = built("xrzy-2024-25")
    units = ev.outcome.repo.units
    assert (units["branch-good"].secretary, units["branch-bad"].secretary) == ("sec-good", "sec-bad")
    # member-c's lecture in an assigned class of branch-bad is valid and would count under `by: members`
    assert ev.outcome.repo.people["member-c"].branch == "branch-bad"
    r = ev.results[("branch-good", "h3-secretary-class-lecture", "2024-2025-1", None)]
    assert [p.split("/")[2] for p in r.records] == ["sec-good"]


def test_h4_record_with_two_members_counts_once_for_their_branch(built: Build) -> None:
    ev = built("xrzy-2024-25")
    r = ev.results[("branch-good", "h4-branch-weekly-face", "2024-W38", None)]
    (path,) = r.records
    record = next(x for x in ev.outcome.repo.records if x.path == path)
    people = ev.outcome.repo.people
    on_it = [record.meta.by, *record.meta.with_]
    assert on_it == ["member-a", "member-b"]
    assert {people[p].branch for p in on_it} == {"branch-good"}
    assert r.achieved == 1


def test_h13_coverage_every_student_has_a_party_teacher(built: Build) -> None:
    ev = built("xrzy-2024-25")
    covered = ev.coverage[("h13-every-student-covered", "stu-01")]
    assert (covered.status, covered.level, covered.by) == ("met", "mandatory", ("teacher-good",))
    gap = ev.coverage[("h13-every-student-covered", "stu-11")]
    assert (gap.status, gap.by) == ("unmet", ())
    assert {t for (rule, t), c in ev.coverage.items() if c.status == "unmet"} == {"stu-11", "stu-12"}
    (message,) = ev.diagnostics("coverage-gap")
    assert "stu-11" in message and "stu-12" in message and "stu-01" not in message


def test_each_assigned_gives_one_result_per_matching_assigned_target(built: Build) -> None:
    def targets(preset: str, actor: str, rule: str, period: str) -> list[str | None]:
        return sorted(k[3] for k in built(preset).results if k[:3] == (actor, rule, period))  # type: ignore[type-var]

    assert targets("mwy-2021-31", "lead-good", "f3-branch-monthly-visit", "2024-12") == ["br-1", "br-2"]
    assert targets("mwy-2021-31", "lead-good", "f1-general-branch-monthly-visit", "2024-10") == ["gb-1"]
    # t-old2 is assigned to lead-bad but is not a young teacher: no result for it
    assert targets("mwy-2021-31", "lead-bad", "f5-young-teacher-monthly-talk", "2024-11") == ["yt-3"]
    assert targets("jjy-2018-6", "lead-good", "j5-individual-talks", "2024-2025-1") == ["ind-1", "ind-2"]
    assert targets("hebei-2019", "cadre-bad", "b6-quarterly-face", "2024-Q4") == [
        "couns-2", "couns-4", "couns-5", "ideo-2"]  # not the untagged t-plain2


def test_f7_each_tagged_one_result_per_ideology_course_for_every_leader(built: Build) -> None:
    ev = built("mwy-2021-31")
    leaders = ["lead-bad", "lead-good", "pres-good", "sec-bad"]
    keys = sorted((k[0], k[3]) for k in ev.results
                  if k[1:3] == ("f7-ideology-course-observation", "2024-2025-1"))
    assert keys == [(a, c) for a in leaders for c in ("course-a", "course-b")]  # never course-c


def test_f12_secretary_needs_two_lectures_while_another_leader_needs_one(built: Build) -> None:
    ev = built("mwy-2021-31")
    sec = ev.results[("sec-bad", "f12-secretary-president-lectures", "2024-2025-1", None)]
    other = ev.results[("lead-good", "f12-other-leaders-lectures", "2024-2025-1", None)]
    assert (sec.achieved, sec.required, sec.status) == (1, 2, "unmet")
    assert (other.achieved, other.required, other.status) == (1, 1, "met")
    rules_of = lambda actor: {k[1] for k in ev.results if k[0] == actor and k[1].startswith("f12-")}  # noqa: E731
    assert rules_of("sec-bad") == {"f12-secretary-president-lectures"}  # except_roles keeps it out
    assert rules_of("pres-good") == {"f12-secretary-president-lectures"}
    assert rules_of("lead-good") == {"f12-other-leaders-lectures"}


def test_f13_online_contact_counts_for_the_online_rule_but_never_as_face_to_face(built: Build) -> None:
    ev = built("mwy-2021-31")
    online = ev.results[("lead-bad", "f13-online-contact", "2024-2025-1", None)]
    assert (online.status, online.level, online.achieved) == ("met", "advisory", 2)  # F1's and F6's near misses
    assert ev.results[("lead-bad", "f6-weekly-face", "2024-W45", None)].achieved == 0


def test_advisory_results_are_unmet_but_block_nothing(built: Build) -> None:
    ev = built("mwy-2021-31")
    for rule in ("f10-canteen-meal", "f13-online-contact"):
        period = "2024-2025-2" if rule == "f13-online-contact" else "2024-2025-1"
        r = ev.results[("lead-bad", rule, period, None)]
        assert (r.status, r.level) == ("unmet", "advisory")
    assert not ev.outcome.has_errors


def test_s7_out_of_range_classes_yield_assignment_grade_warnings(built: Build) -> None:
    ev = built("wf-2019-19")
    found = sorted(
        (actor, name)
        for m in ev.diagnostics("assignment-grade")
        for actor in ("cadre-good", "cadre-bad", "lead-good", "lead-bad") if f"（{actor}）" in m
        for name in ("机械2022级1班", "机械2023级硕士班", "机械2023级1班", "机械2024级硕士班", "机械2024级1班")
        if name in m
    )
    # third-year undergraduate class (limit 2), second-year graduate class (limit 1); the
    # second-year undergraduate and first-year graduate classes of cadre-good are fine
    assert found == [("cadre-bad", "机械2022级1班"), ("cadre-bad", "机械2023级硕士班")]
    assert len(ev.diagnostics("assignment-grade")) == 2
    assert ev.assignments[("cadre-bad", "s7-assigned-grade")].status == "met"  # a warning, not a count


def test_s8_profile_student_work_heads_run_an_online_channel(built: Build) -> None:
    ev = built("wf-2019-19")
    good, bad = ev.profiles[("swh-good", "s8-online-channel")], ev.profiles[("swh-bad", "s8-online-channel")]
    assert (good.status, good.missing, good.level) == ("met", (), "mandatory")
    assert (bad.status, bad.missing, bad.level) == ("unmet", ("channels",), "mandatory")
    assert {a for a, rule in ev.profiles if rule == "s8-online-channel"} == {"swh-good", "swh-bad"}
    (message,) = ev.diagnostics("profile-missing")
    assert "（swh-bad）" in message and "channels" in message


# --------------------------------------------------------------------------- outputs (reports)

# Output clauses of the catalogue → the report kinds that can express them.
OUTPUTS: dict[str, dict[str, set[str]]] = {
    "xrzy-2024-25": {"H2": {"workday-share"}, "H11": {"guidance-coverage"}, "H14": {"veto"},
                     "H15": {"workload"}, "H16": {"allocation", "form"}},
    "mwy-2021-31": {"F16": {"time-share"}, "F17": {"form"}},
    "wf-2019-19": {"S9": {"ledger"}, "S11": {"allocation"}},
    "jjy-2018-6": {"J6": {"summary"}, "J8": {"summary"}, "J9": {"form"}},
    "hebei-2019": {"B4": {"time-share"}, "B8": {"export"}},
}


@pytest.mark.parametrize("preset", PRESETS)
def test_every_output_clause_has_a_report(built: Build, preset: str) -> None:
    reports = built(preset).outcome.repo.policy.reports  # type: ignore[union-attr]
    for clause, kinds in OUTPUTS[preset].items():
        mine = [r for r in reports if r.id.startswith(clause.lower() + "-")]
        assert mine, f"{preset}: no report for {clause}"
        assert {r.kind for r in mine} <= kinds, (clause, [(r.id, r.kind) for r in mine])
        assert all(r.source for r in mine)


def test_reports_for_every_annexed_form_and_summary_scope(built: Build) -> None:
    def sources(preset: str, clause: str) -> set[str]:
        reports = built(preset).outcome.repo.policy.reports  # type: ignore[union-attr]
        return {r.source or "" for r in reports if r.id.startswith(clause + "-")}

    assert [any(f"附件{n}" in s for s in sources("xrzy-2024-25", "h16")) for n in (1, 2, 3, 4)] == [True] * 4
    assert sources("mwy-2021-31", "f17") == {"附件1", "附件2"}
    assert sources("wf-2019-19", "s11") == {"附1", "附2"}
    jjy_reports = built("jjy-2018-6").outcome.repo.policy.reports  # type: ignore[union-attr]
    scopes = sorted(str(r.params.get("scope")) for r in jjy_reports if r.id.startswith("j8-"))
    assert scopes == ["actor", "institution", "school"]
    wf_reports = built("wf-2019-19").outcome.repo.policy.reports  # type: ignore[union-attr]
    s11 = [r for r in wf_reports if r.id.startswith("s11-")]
    assert all(r.params.get("public_omit_kinds") == ["student"] for r in s11)  # the public version omits students


# --------------------------------------------------------------------------- catalogue coverage

# Every clause of the catalogue and the sections it must appear in: r rules, a assignment_rules,
# c coverage_rules, p profile_rules, o reports (outputs, including problem tracking).
CATALOGUE: dict[str, dict[str, str]] = {
    "xrzy-2024-25": {"H1": "a", "H2": "ro", "H3": "r", "H4": "r", "H5": "r", "H6": "r", "H7": "a", "H8": "r",
                     "H9": "r", "H10": "r", "H11": "o", "H12": "r", "H13": "ac", "H14": "o", "H15": "o", "H16": "o"},
    "mwy-2021-31": {"F1": "ra", "F2": "ra", "F3": "ra", "F4": "ra", "F5": "ra", "F6": "r", "F7": "r", "F8": "a",
                    "F9": "a", "F10": "r", "F11": "a", "F12": "r", "F13": "r", "F14": "r", "F15": "r", "F16": "o",
                    "F17": "o"},
    "wf-2019-19": {"S1": "a", "S2": "r", "S3": "r", "S4": "r", "S5": "r", "S6": "r", "S7": "a", "S8": "p",
                   "S9": "o", "S10": "o", "S11": "o"},
    "jjy-2018-6": {"J1": "a", "J2": "a", "J3": "a", "J4": "r", "J5": "r", "J6": "o", "J7": "o", "J8": "o", "J9": "o"},
    "hebei-2019": {"B1": "r", "B2": "r", "B3": "a", "B4": "o", "B5": "a", "B6": "r", "B7": "r", "B8": "o"},
}
SECTIONS = {"r": "rules", "a": "assignment_rules", "c": "coverage_rules", "p": "profile_rules", "o": "reports"}
# Engine features the catalogue's "needs" column asks of a clause (beyond count/assign/report).
NEEDS: dict[str, set[str]] = {
    "H2": {"days", "advisory"}, "H3": {"secretary", "assigned", "filer"}, "H4": {"members", "face", "assigned"},
    "H5": {"members"}, "H6": {"members"}, "H7": {"count-members", "parameter"}, "H13": {"count-members"},
    "F1": {"each"}, "F2": {"hours", "parameter"}, "F3": {"each", "filer"}, "F4": {"each"}, "F5": {"each", "tag"},
    "F6": {"face"}, "F7": {"each-tagged", "tag", "advisory"}, "F8": {"advisory"}, "F9": {"advisory"},
    "F10": {"advisory", "parameter"}, "F11": {"advisory"}, "F12": {"filer"}, "F13": {"advisory", "parameter"},
    "F14": {"deadline", "parameter"}, "F15": {"parameter"}, "S1": {"tag"}, "S2": {"assigned", "distinct"},
    "S3": {"assigned"}, "S4": {"filer"}, "S6": {"face"}, "S7": {"grade"}, "J2": {"tag", "in-addition"},
    "J3": {"tag"}, "J4": {"each"}, "J5": {"each"}, "B1": {"filer"}, "B2": {"face"}, "B3": {"advisory"},
    "B5": {"tag"}, "B6": {"each", "face"}, "B7": {"each"},
}
CLAUSE_RE = re.compile(r"^([hfsjb])(\d+)-")


def _refers(node: object) -> bool:
    """Whether a raw YAML value holds a ``{parameter: id}`` reference."""
    if isinstance(node, dict):
        return set(node) == {"parameter"} or any(_refers(v) for v in node.values())
    return isinstance(node, list) and any(_refers(v) for v in node)


def features(entry: dict) -> set[str]:
    count = entry.get("count") or {}
    out = set()
    if entry.get("each"):
        out |= {"each", f"each-{entry['each']}"}
    if entry.get("min_hours"):
        out.add("hours")
    if _refers(entry):
        out.add("parameter")
    for key, feature in (("filer_only", "filer"), ("days", "days"), ("distinct_from", "distinct")):
        if count.get(key):
            out.add(feature)
    for key, feature in (("count_members", "count-members"), ("in_addition_to", "in-addition")):
        if entry.get(key):
            out.add(feature)
    if count.get("within_first_days"):
        out.add("deadline")
    if count.get("by") in ("members", "self-and-members"):
        out.add("members")
    if count.get("by") == "secretary":
        out.add("secretary")
    if count.get("face_to_face") is True:
        out.add("face")
    if count.get("assigned_only") is True:
        out.add("assigned")
    if any(x.get(k) for x in (count, entry) for k in ("target_tags", "target_tags_all")):
        out.add("tag")
    if entry.get("grade"):
        out.add("grade")
    if entry.get("level") == "advisory":
        out.add("advisory")
    return out


@pytest.mark.parametrize("preset", PRESETS)
def test_every_catalogue_clause_maps_to_entries_of_its_preset(preset: str) -> None:
    doc = policy_yaml(preset)
    by_clause: dict[str, list[tuple[str, dict]]] = {}
    for section in SECTIONS.values():
        for entry in doc.get(section) or []:
            assert entry.get("source"), f"{entry['id']} cites no clause of the document"
            m = CLAUSE_RE.match(entry["id"])
            if m:
                by_clause.setdefault(f"{m[1].upper()}{m[2]}", []).append((section, entry))
    expected = CATALOGUE[preset]
    assert sorted(by_clause) == sorted(expected), "clauses missing from (or unknown to) the preset"
    for clause, letters in expected.items():
        sections = {s for s, _ in by_clause[clause]}
        assert {SECTIONS[x] for x in letters} <= sections, (clause, sections)
        have = set().union(*(features(e) for _, e in by_clause[clause]))
        assert NEEDS.get(clause, set()) <= have, (clause, have)


def test_catalogue_lists_every_clause_of_the_five_documents() -> None:
    """The table above is complete: H1–H16, F1–F17, S1–S11, J1–J9, B1–B8."""
    want = {f"{p}{n}" for p, last in (("H", 16), ("F", 17), ("S", 11), ("J", 9), ("B", 8)) for n in range(1, last + 1)}
    assert {c for clauses in CATALOGUE.values() for c in clauses} == want


def _docs_rows() -> dict[str, list[tuple[str, str, str, str]]]:
    """docs/policies.md: preset → (clause, source, entry id, category) of its mapping table."""
    text = (ROOT / "docs" / "policies.md").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    preset = None
    for line in text.splitlines():
        heading = re.match(r"## ([a-z0-9-]+)：", line)
        if heading:
            preset = heading[1]
            continue
        row = re.match(r"\| ([HFSJB]\d+) \| ([^|]+) \| `([a-z0-9-]+)` \| ([^|]+) \|", line)
        if row and preset:
            out.setdefault(preset, []).append((row[1], row[2].strip(), row[3], row[4].strip()))
    return out


@pytest.mark.parametrize("preset", PRESETS)
def test_docs_policies_table_matches_the_preset(preset: str) -> None:
    category = {"计数": ("rules", "mandatory"), "计数（倡导）": ("rules", "advisory"),
                "分配": ("assignment_rules", "mandatory"), "分配（倡导）": ("assignment_rules", "advisory"),
                "覆盖": ("coverage_rules", "mandatory"), "名册": ("profile_rules", "mandatory"),
                "输出": ("reports", None)}
    doc = policy_yaml(preset)
    entries = {e["id"]: (s, e) for s in SECTIONS.values() for e in doc.get(s) or []}
    rows = _docs_rows()[preset]
    for clause, source, entry_id, cat in rows:
        assert entry_id in entries, (clause, entry_id)
        section, entry = entries[entry_id]
        assert entry_id.startswith(clause.lower() + "-")
        assert (section, entry.get("source")) == (category[cat][0], source), entry_id
        if category[cat][1] is not None:
            assert entry.get("level", "mandatory") == category[cat][1], entry_id
    listed = {r[2] for r in rows}
    assert {i for i in entries if CLAUSE_RE.match(i)} == listed, "entries missing from docs/policies.md"


# --------------------------------------------------------------------------- regressions
# Gaps found while writing these tests, now fixed in the presets or the engine.

def test_j3_counts_only_activists_who_are_young_teachers(tmp_path: Path) -> None:
    world = jjy.WORLD.but(assignments={**jjy.WORLD.assignments, "sec-good": ["act-1", "act-old"]})
    a = build_variant(tmp_path, world).assignments[("sec-good", "j3-young-activists-assigned")]
    assert (a.count, a.targets) == (1, ("act-1",))


def test_j2_individuals_do_not_include_the_secretarys_j3_activists(tmp_path: Path) -> None:
    world = jjy.WORLD.but(assignments={**jjy.WORLD.assignments, "sec-good": ["ind-1", "ind-2", "ind-3", "act-1"]})
    a = build_variant(tmp_path, world).assignments[("sec-good", "j2-individuals-assigned")]
    assert (a.status, a.count) == ("met", 3)


def test_s7_third_year_undergraduate_student_yields_a_grade_warning(tmp_path: Path) -> None:
    world = wf.WORLD.but(
        targets=wf.WORLD.targets + (target("stu-old", "student", "学生丁", enrolled=2022, level="undergraduate"),),
        assignments={**wf.WORLD.assignments, "cadre-good": [*wf.WORLD.assignments["cadre-good"], "stu-old"]})
    assert [m for m in build_variant(tmp_path, world).diagnostics("assignment-grade") if "stu-old" in m]


def test_f14_cadre_appointed_after_early_september_is_not_unmet(tmp_path: Path) -> None:
    world = mwy.WORLD.but(
        people=(*mwy.WORLD.people,
                person("cadre-new", "新处长", ["middle-cadre"], unit_="office", since="2024-10-08")),
        extra=(rec("cadre-new", "2024-10-10", "contact-registration"),))
    ev = build_variant(tmp_path, world)
    assert ev.results[("cadre-new", "f14-contact-registration", "2024-2025", None)].status in ("met", "exempt")
