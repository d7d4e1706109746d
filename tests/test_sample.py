"""The sample institution in this repository: valid, reproducible from its script, realistic."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from generator import pipeline

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 25)
PINNED = date(2026, 11, 20)  # rosters/institution.yml sample_as_of


def test_sample_pins_its_own_as_of_date_and_looks_healthy_on_it() -> None:
    """Without --as-of the sample is computed on its own last data day, whatever today is, and
    every warning it shows is one the README's 示例数据 section explains."""
    outcome = pipeline.run(ROOT, None, use_git=True)
    assert (outcome.as_of, outcome.as_of_source) == (PINNED, "sample")
    assert Counter(d.code for d in outcome.diagnostics) == {
        "record-unassigned-target": 3, "record-public-withheld": 2, "record-problem-overdue": 2, "coverage-gap": 1,
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 示例数据", 1)[1].split("\n## ", 1)[0]
    for d in outcome.diagnostics:
        assert d.file in section and d.code in section, d.file
    assert max(r.meta.date for r in outcome.repo.records) == PINNED


def test_sample_validates_without_errors() -> None:
    outcome = pipeline.run(ROOT, AS_OF, use_git=False)
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    assert errors == []
    assert len(outcome.repo.records) >= 1500
    assert len(outcome.repo.people) >= 40


def test_sample_shows_a_realistic_mix() -> None:
    outcome = pipeline.run(ROOT, AS_OF, use_git=False)
    assert outcome.compliance is not None
    statuses = Counter(r.status for r in outcome.compliance.results)
    assert {"met", "unmet", "pending", "exempt"} <= set(statuses)
    roles = {role for p in outcome.repo.people.values() for role in p.roles}
    assert roles >= {"leadership", "party-secretary", "president", "middle-cadre", "party-teacher"}
    kinds = Counter(t.kind for t in outcome.repo.targets.values())
    assert set(kinds) == {"class", "dorm", "club", "student", "teacher", "course"}
    branch_actors = {r.meta.by for r in outcome.repo.records if r.meta.by in outcome.repo.units}
    assert len(branch_actors) >= 2
    visibilities = Counter(r.meta.visibility or outcome.repo.policy.activity_types[r.meta.type].visibility
                           for r in outcome.repo.records)
    assert visibilities["restricted"] > 0 and visibilities["public"] > 0
    problem_states = Counter(p.status for r in outcome.repo.records for p in r.meta.problems)
    assert problem_states["open"] > 0 and problem_states["resolved"] > 0
    assert outcome.repo.leaves and any(p.since and p.since > date(2026, 9, 1) for p in outcome.repo.people.values())


def test_sample_is_reproduced_by_its_script(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--out", str(tmp_path)], check=True)
    differing: list[str] = []
    pending = [(filecmp.dircmp(ROOT / f, tmp_path / f), f"{f}/") for f in ("rosters", "records", "reviews")]
    while pending:
        cmp, prefix = pending.pop()
        differing.extend(f"{prefix}{n}" for n in cmp.diff_files + cmp.left_only + cmp.right_only)
        pending.extend((sub, f"{prefix}{name}/") for name, sub in cmp.subdirs.items())
    assert differing == [], differing[:10]


def test_report_as_of_the_last_day_of_a_past_term_is_what_a_run_on_that_day_gave(tmp_path: Path) -> None:
    end = date(2026, 7, 10)  # the last day of 2025-2026-2, long before today
    # A run on that day: the repository as it stood (no later record written yet), today = that day.
    for folder in ("rosters", "policies"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    kept = 0
    for path in (ROOT / "records").rglob("*.md"):
        if path.name[:10] <= end.isoformat():
            target = tmp_path / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            kept += 1
    then = pipeline.run(tmp_path, end, use_git=False, today=end)
    now = pipeline.run(ROOT, end, use_git=False)  # today is today: later records exist, but not for this run
    assert now.compliance is not None and then.compliance is not None
    assert [d for d in now.diagnostics if d.code == "record-future"] == []
    assert len(now.validation.beyond) == len(now.repo.records) - kept > 1000
    assert now.compliance.to_json(now.diagnostics) == then.compliance.to_json(then.diagnostics)
    term = [r for r in now.compliance.results if r.start >= date(2026, 3, 2) and r.end <= end]
    assert len(term) > 1000 and {r.status for r in term} >= {"met", "unmet"}
