"""Mutation fuzzing of ``validate`` (tests/fuzzer.py): a few hundred seeded mutants of the mini
repository's files per run. No mutant may crash (traceback, exit status other than 0/1, an error
without a file, broken JSON) or hang. FUZZ_MUTANTS and FUZZ_SEED run longer or other campaigns."""

from __future__ import annotations

import os

import pytest
from fuzzer import judge, mutate, run

MUTANTS = int(os.environ.get("FUZZ_MUTANTS", "300"))
SEED = int(os.environ.get("FUZZ_SEED", "20261201"))


@pytest.mark.fuzz
def test_no_mutant_crashes_or_hangs() -> None:
    tally = run(MUTANTS, SEED, limit=10.0)
    assert tally.crashes == [] and tally.hangs == [], tally.line()
    assert tally.tried == MUTANTS and tally.rejected + tally.accepted == MUTANTS
    assert tally.rejected > MUTANTS // 2  # the mutants do reach the checks


def test_the_fuzzer_is_seeded() -> None:
    import random

    assert mutate(random.Random(7), "by: a\ndate: 2024-10-17\n") == mutate(random.Random(7), "by: a\ndate: 2024-10-17\n")


def test_the_judge_catches_what_counts_as_a_crash() -> None:
    ok = '{"errors": 1, "diagnostics": [{"file": "records/a.md", "severity": "error", "code": "x"}]}'
    assert judge(1, ok) is None
    assert judge(2, ok) is not None and judge(0, ok) is not None
    assert judge(1, ok + "\nTraceback") is not None
    assert judge(1, ok.replace('"records/a.md"', '""')) is not None
