"""The projection's privacy decisions: what a public actor's assignments show, and small-group merging."""

from __future__ import annotations

import itertools
import random
from datetime import date
from fractions import Fraction
from pathlib import Path

from helpers import MINI, reviewed, write_repo

from generator import pipeline
from generator.pipeline import held_back
from generator.public import project
from generator.public.groups import singled_out
from generator.public.projection import MERGED, protect

AS_OF = date(2025, 1, 20)


def ids(view: dict[str, frozenset[str]]) -> dict[str, set[str]]:
    return {g: set(m) for g, m in view.items()}


def test_large_groups_are_published_as_they_are() -> None:
    units = {"u1": {"a", "b", "c"}, "u2": {"d", "e", "f"}}
    roles = {"r1": {"a", "b", "c", "d", "e", "f"}}
    assert [ids(v) for v in protect([units, roles], 3)] == [units, roles]


def test_small_groups_merge_and_the_merged_group_reaches_the_minimum() -> None:
    units = {"u1": {"a", "b", "c", "d"}, "u2": {"e", "f", "g"}, "u3": {"h"}, "u4": {"i"}}
    (view,) = protect([units], 3)
    # u3 + u4 = 2 people: the smallest remaining group joins them, so no row can be subtracted out
    assert ids(view) == {"u1": {"a", "b", "c", "d"}, MERGED: {"e", "f", "g", "h", "i"}}


def test_a_row_contained_in_another_table_row_with_a_small_difference_is_merged() -> None:
    units = {"u1": {"a", "b", "c"}, "u2": {"d", "e", "f", "g"}}
    roles = {"lead": {"a", "b", "c", "d"}, "teacher": {"e", "f", "g"}}
    unit_view, role_view = protect([units, roles], 3)
    # lead − u1 = {d}: u1 may not stand beside lead; nothing published singles anyone out
    published = [m for v in (unit_view, role_view) for m in v.values()]
    for small in published:
        for big in published:
            assert not (small < big and len(big - small) < 3), (small, big)
    assert all(len(m) >= 3 for m in published)


def published(views: list[dict[str, frozenset[str]]], whole: set[str]) -> list[frozenset[str]]:
    return [m for v in views for m in v.values()] + ([frozenset(whole)] if len(whole) >= 3 else [])


def test_a_unit_row_and_a_role_row_together_would_single_out_one_person() -> None:
    """Leaders are two whole units and g: no pair of rows is the problem (every row reaches 3 and no
    row lies inside another with less than 3 left over), but lead − u1 − u2 is g alone."""
    units = {"u1": set("abc"), "u2": set("def"), "u3": set("ghij"), "u4": set("klm")}
    roles = {"lead": set("abcdefg"), "teacher": set("hijklm")}
    whole = set("abcdefghijklm")
    rows = [frozenset(m) for p in (units, roles) for m in p.values()]
    assert all(len(r) >= 3 for r in rows)
    assert not [(a, b) for a in rows for b in rows if a < b and len(b - a) < 3]
    assert singled_out([*rows, frozenset(whole)], 3) == {"g"}
    unit_view, role_view = protect([units, roles], 3)
    assert singled_out(published([unit_view, role_view], whole), 3) is None
    # the cheapest fix: u1 and u3 (which holds g) merge; the role table stays as it was
    assert ids(unit_view) == {"u2": set("def"), "u4": set("klm"), MERGED: set("abcghij")}
    assert ids(role_view) == roles


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Dense reduced row echelon form (pivot column, row): an implementation independent of groups.py."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = _left(row, basis)
        pivot = next((c for c, x in enumerate(row) if x), None)
        if pivot is None:
            continue
        row = [x / row[pivot] for x in row]
        basis = [(p, [x - b[pivot] * y for x, y in zip(b, row, strict=True)]) for p, b in basis]
        basis.append((pivot, row))
    return basis


def _left(row: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    for pivot, b in basis:
        if row[pivot]:
            row = [x - row[pivot] * y for x, y in zip(row, b, strict=True)]
    return row


def test_no_combination_of_published_rows_isolates_fewer_than_three_on_random_tables() -> None:
    """Soundness, checked independently on 300 random tables (the old pairwise rule failed 4 of
    them): no set of 1 or 2 actors has its indicator in the span of the published rows."""
    rng = random.Random(13)
    for _ in range(300):
        actors = [chr(97 + i) for i in range(rng.randrange(3, 14))]
        parts: list[dict[str, set[str]]] = [{} for _ in range(rng.randrange(2, 4))]
        groups = rng.randrange(3, 7)
        for p in parts:
            for a in actors:
                p.setdefault(f"g{rng.randrange(groups)}", set()).add(a)
        rows = published(protect(parts, 3), set(actors))
        basis = _echelon([[Fraction(int(a in r)) for a in actors] for r in rows])
        for size in (1, 2):
            for group in itertools.combinations(actors, size):
                target = [Fraction(int(a in group)) for a in actors]
                assert any(_left(target, basis)), (parts, rows, group)


def test_fewer_actors_than_the_minimum_publishes_nothing() -> None:
    assert [ids(v) for v in protect([{"u1": {"a"}, "u2": {"b"}}], 3)] == [{}]


def test_assignments_name_groups_count_dorms_and_teachers_and_omit_students(tmp_path: Path) -> None:
    targets = (MINI / "rosters/targets.yml").read_text(encoding="utf-8") + (
        "- {id: dorm-secret, kind: dorm, name: 秘密宿舍, tags: [困难学生]}\n"
        "- {id: club-chess, kind: club, name: 棋社}\n")
    assignments = (MINI / "rosters/assignments.yml").read_text(encoding="utf-8") + (
        "- actor: wang-jianguo\n  targets: [stu-0001, stu-0003, dorm-secret, club-chess]\n"
        "  since: 2024-09-01\n  until: 2024-12-31\n")
    repo = write_repo(tmp_path / "repo", {"rosters/targets.yml": targets, "rosters/assignments.yml": assignments})
    (wang,) = project(pipeline.run(repo, AS_OF, use_git=False)).actors
    shown = [(a.kind, a.name, a.count, a.measure, a.ended) for a in wang.assignments]
    assert shown == [
        ("党总支", "护理学院党总支", 1, "个", False), ("院系", "护理学院", 1, "个", False),
        ("班级", "护理2024级1班", 1, "个", False),
        ("宿舍", None, 1, "间", False), ("教师", None, 1, "名", False),
        ("社团", "棋社", 1, "个", True),  # the students and the sensitive dorm leave no trace at all
    ]


def test_unit_and_non_public_records_stay_off_and_unstarted_terms_have_no_page(tmp_path: Path) -> None:
    calendar = (MINI / "rosters/calendar.yml").read_text(encoding="utf-8") + (
        "  - {id: 2024-2025-2, name: 2024—2025学年第二学期, start: 2025-02-17, end: 2025-07-04}\n")
    files = {
        "rosters/calendar.yml": calendar,
        "records/2024-2025-1/nursing-branch-1/2024-10-21-class-observation.md":
            "---\nby: nursing-branch-1\ndate: 2024-10-21\ntype: class-observation\n"
            "targets: [class-2024-nursing-1]\nsummary: 支部集体听课。\nvisibility: public\n---\n",
    }
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    assert not outcome.has_errors
    data = project(outcome)
    assert [t.id for t in data.terms] == ["2024-2025-1"]
    assert "支部集体听课" not in repr(data)
    assert data.terms[0].records == 3  # but it is counted


def test_summary_guard_holds_back_hidden_names_but_not_public_names_containing_them(tmp_path: Path) -> None:
    people = (MINI / "rosters/people.yml").read_text(encoding="utf-8") + (
        "- {id: sun-lixin, name: 孙立新, unit: party-committee, title: 副校长, public: true}\n")
    targets = (MINI / "rosters/targets.yml").read_text(encoding="utf-8") + (
        "- {id: stu-sun, kind: student, name: 孙立, unit: nursing-school, enrolled: 2024}\n")
    w = "records/2024-2025-1/wang-jianguo"

    def public(day: str, summary: str) -> str:
        return (f"---\nby: wang-jianguo\ndate: {day}\ntype: class-observation\ntargets: [class-2024-nursing-1]\n"
                f"summary: {summary}\nvisibility: public\n---\n")

    # every record is cleared by a reviewer: the guard holds back what no review can publish
    files = reviewed({"rosters/people.yml": people, "rosters/targets.yml": targets,
                      f"{w}/2024-10-21-class-observation.md": public("2024-10-21", "与孙立新副校长一同听课。"),
                      f"{w}/2024-10-22-class-observation.md": public("2024-10-22", "听课后与孙立同学交流。"),
                      f"{w}/2024-10-23-class-observation.md": public("2024-10-23", "与孙立新一同看望孙立同学。")})
    outcome = pipeline.run(write_repo(tmp_path / "repo", files), AS_OF, use_git=False)
    wang = next(a for a in project(outcome).actors if a.id == "wang-jianguo")
    assert [r.summary for r in wang.records if r.type_name == "听课"] == ["与孙立新副校长一同听课。"]
    assert [path for path, _ in held_back(outcome)] == [f"{w}/2024-10-22-class-observation.md",
                                                       f"{w}/2024-10-23-class-observation.md"]
