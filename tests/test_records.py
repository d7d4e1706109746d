"""Golden pairs: one bad record per defect of contract §3, with the exact diagnostics it must yield.

Each ``tests/cases/<name>.md`` is written into the mini repository at the ``path`` given by its
sidecar ``<name>.expected.json``:

    {"path": "records/…/2024-10-17-dorm-visit.md",      # where the case file goes
     "files": {"rosters/…": "…"},                        # optional: more files to write first
     "as_of": "2025-01-20",                              # optional
     "diagnostics": [{"code": "…", "severity": "…", "line": 3,
                      "file": "…",                       # optional, default: path
                      "contains": ["…"], "excludes": ["…"]}]}   # optional message checks

The test asserts the EXACT list of (code, severity, file, line) of the whole repository, so the
case file must yield its diagnostics and the untouched mini repository none.
"""

from __future__ import annotations

import json

import pytest
from helpers import AS_OF, CASES, RECORD_PATH, VALID_RECORD, assert_chinese_messages, check, located

from generator.diagnostics import CODES

CASE_NAMES = sorted(p.name[: -len(".expected.json")] for p in CASES.glob("*.expected.json"))


def test_every_case_has_both_halves() -> None:
    records = {p.stem for p in CASES.glob("*.md")}
    assert records == set(CASE_NAMES)
    assert len(CASE_NAMES) >= 45


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name: str, make_repo) -> None:
    spec = json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))
    files = dict(spec.get("files", {}))
    files[spec["path"]] = (CASES / f"{name}.md").read_bytes()
    repo = make_repo(files)

    found = check(repo, spec.get("as_of", AS_OF))

    expected = [
        (d["code"], d["severity"], d.get("file", spec["path"]), d["line"]) for d in spec["diagnostics"]
    ]
    assert located(found) == expected
    assert_chinese_messages(found)
    for want, got in zip(spec["diagnostics"], found, strict=True):
        assert CODES[want["code"]].severity == want["severity"]
        for text in want.get("contains", []):
            assert text in got.message, (text, got.message)
        for text in want.get("excludes", []):
            assert text not in got.message, (text, got.message)


def test_the_mini_repository_is_clean(make_repo) -> None:
    assert check(make_repo()) == []


def test_the_record_cases_start_from_is_valid(make_repo) -> None:
    """Cases are this record plus one defect, so each diagnostic is the defect's own."""
    assert check(make_repo({RECORD_PATH: VALID_RECORD})) == []


def test_unpadded_time_message_shows_the_padded_form(make_repo) -> None:
    text = VALID_RECORD.replace("summary:", 'start: "9:00"\nend: "10:00"\nsummary:')
    [d] = check(make_repo({RECORD_PATH: text}))
    assert d.code == "schema-time-format"
    assert '"09:00"' in d.message


def test_cases_cover_every_record_code() -> None:
    """Every record-level code (record-late needs Git history) has at least one golden case."""
    used = {
        d["code"]
        for name in CASE_NAMES
        for d in json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))["diagnostics"]
    }
    wanted = {c for c in CODES if c.startswith(("record-", "frontmatter-", "yaml-"))}
    # record-late needs Git history and record-public-withheld the public projection: tested below/elsewhere
    wanted -= {"record-late", "record-public-withheld", "yaml-multiple-documents", "yaml-too-deep", "yaml-complex-key"}
    assert wanted - used == set()


def test_public_record_naming_a_dorm_is_withheld_with_a_warning(make_repo) -> None:
    from datetime import date

    from generator import pipeline

    text = VALID_RECORD.replace("summary:", "visibility: public\nsummary: 走访12栋305，")
    root = make_repo({RECORD_PATH: text})
    outcome = pipeline.run(root, date(2025, 1, 20), use_git=False)
    withheld = [(d.file, d.line, d.severity) for d in outcome.diagnostics if d.code == "record-public-withheld"]
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("summary:"))) + 1
    assert withheld == [(RECORD_PATH, line, "warning")]

