"""The parse cache returns exactly what a fresh parse returns, and nothing stale or damaged.

Property tests (hypothesis) mutate real records — the golden cases, the mini fixture and a slice
of the shipped sample — byte by byte and line by line, so the cached form is compared with a fresh
parse for valid, partial and broken records alike (bad YAML, bad encodings, personal data, every
schema error the cases provoke), not only for the handful of shapes a hand-written list would hold.
"""

from __future__ import annotations

import dataclasses
import logging
import pickle
import subprocess
from pathlib import Path

import pytest
from helpers import CASES, MINI, RECORD_PATH, VALID_RECORD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import inventory, loader, parsecache, recordcodec, recordstore
from generator.loader import load_repo
from generator.recordfile import parse_record

ROOT = Path(__file__).resolve().parent.parent


def _corpus() -> list[tuple[str, bytes]]:
    files = sorted(CASES.glob("*.md")) + sorted((MINI / "records").rglob("*.md"))
    sample = sorted((ROOT / "records").rglob("*.md"))[::97]  # ~50 records of the shipped sample
    out = [(RECORD_PATH, p.read_bytes()) for p in files]
    out += [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in sample]
    return out


CORPUS = _corpus()
SNIPPETS = [b"", b"\n", b"---\n", b": ", b"- ", b"&a ", b"*a", b"!!str ", b"\t", b"\xef\xbb\xbf", b"\xff\xfe",
            b"\x00", b"\"", b"'", b"[", b"{", b"#", "：".encode(), "１３８００１３８０００".encode(),
            b"13800138000", b"110101199003077777", b"visibility: public\n", b"problems:\n  - summary: x\n",
            b"date: 2024-02-30\n", b"start: 14:30\n", b"by: Wang\n", b"amends: records/x.md\n", b"with: [a, a]\n"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    rel, raw = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(raw)))
        op = draw(st.sampled_from(["insert", "delete", "lines"]))
        if op == "insert":
            raw = raw[:at] + draw(st.sampled_from(SNIPPETS) | st.binary(max_size=8)) + raw[at:]
        elif op == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 12)):]
        else:
            lines = raw.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            raw = b"\n".join(lines)
    return rel, raw


def _roundtrip(rel: str, raw: bytes) -> None:
    fresh = parse_record(rel, raw)
    again = recordcodec.decode(parsecache.loads(pickle.dumps(recordcodec.encode(fresh), protocol=5)))
    assert again == fresh
    # fields that == leaves out (a diagnostic's subject, which later stages read) come back too
    assert [dataclasses.astuple(d) for d in again.diagnostics] == [dataclasses.astuple(d) for d in fresh.diagnostics]
    if fresh.record is not None:  # pydantic's == ignores which fields were written; the cache keeps it
        assert again.record is not None
        assert again.record.meta.model_fields_set == fresh.record.meta.model_fields_set
        assert again.record.meta.model_dump() == fresh.record.meta.model_dump()


def test_every_record_of_the_corpus_comes_back_equal() -> None:
    kinds = set()
    for rel, raw in CORPUS:
        _roundtrip(rel, raw)
        parsed = parse_record(rel, raw)
        kinds.add("valid" if parsed.record else "partial" if parsed.partial else "broken")
    assert kinds == {"valid", "partial", "broken"}  # the corpus exercises all three shapes


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_record_comes_back_equal(item: tuple[str, bytes]) -> None:
    _roundtrip(*item)


def _repo(tmp_path: Path, records: dict[str, bytes]) -> Path:
    root = tmp_path / "repo"
    for rel, raw in records.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    return root


def _inv(root: Path) -> inventory.Inventory:
    return loader._inventory(root, None, True)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(mutated(), min_size=1, max_size=12))
def test_reading_through_the_cache_equals_a_fresh_parse(tmp_path_factory: pytest.TempPathFactory,
                                                        items: list[tuple[str, bytes]]) -> None:
    records = {f"records/t/a/2024-10-{i + 10:02d}-x.md": raw for i, (_, raw) in enumerate(items)}
    root = _repo(tmp_path_factory.mktemp("c"), records)
    fresh = [parse_record(rel, raw) for rel, raw in sorted(records.items())]
    cold = recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root))
    warm_cache = parsecache.ParseCache(root)
    assert len(warm_cache.entries) == len(records)  # every record was stored ...
    warm = recordstore.read_records(root, _inv(root), 1, warm_cache)
    assert cold == fresh and warm == fresh  # ... and comes back as a fresh parse


def test_the_workers_path_equals_the_serial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = {f"records/t/a/2024-10-{i % 28 + 1:02d}-r{i}.md": raw for i, (_, raw) in enumerate(CORPUS)}
    root = _repo(tmp_path, records)
    monkeypatch.setattr(recordstore, "PARALLEL_FROM", 10)
    fresh = [parse_record(rel, raw) for rel, raw in sorted(records.items())]
    assert recordstore.read_records(root, _inv(root), 2, parsecache.ParseCache(root)) == fresh
    (root / sorted(records)[0]).write_bytes(VALID_RECORD.encode())  # one changed file, the rest cached
    fresh[0] = parse_record(sorted(records)[0], VALID_RECORD.encode())
    assert recordstore.read_records(root, _inv(root), 2, parsecache.ParseCache(root)) == fresh


def test_a_new_tool_version_or_vocabulary_finds_an_empty_cache(tmp_path: Path) -> None:
    root = _repo(tmp_path, {RECORD_PATH: VALID_RECORD.encode()})
    first = parsecache.fingerprint(version="1.0.0")
    recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root, first))
    assert len(parsecache.ParseCache(root, first).entries) == 1
    for other in (parsecache.fingerprint(version="1.0.1"),
                  parsecache.fingerprint(version="1.0.0", vocab_text=parsecache.vocabulary() + "|Visibility:secret"),
                  parsecache.fingerprint(version="1.0.0", code="changed parser")):
        assert other != first
        assert parsecache.ParseCache(root, other).entries == {}
    # the vocabulary part really covers the words a parse checks, and the record fields
    words = parsecache.vocabulary()
    assert "Visibility:restricted" in words and "ProblemStatus:resolved" in words and "'amends'" in words
    # writing under a new fingerprint removes the old one's entries: they can never be read again
    recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root, parsecache.fingerprint(version="2")))
    assert [p.name for p in (root / parsecache.CACHE_DIR / "parse").iterdir()] == [parsecache.fingerprint(version="2")]


def test_a_damaged_cache_is_ignored_with_a_warning_and_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _repo(tmp_path, {RECORD_PATH: VALID_RECORD.encode()})
    recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root))
    shards = list((root / parsecache.CACHE_DIR / "parse").rglob("*.pickle"))
    assert len(shards) == 1
    fresh = [parse_record(RECORD_PATH, VALID_RECORD.encode())]
    for damage in (b"garbage", pickle.dumps({b"k": b"v"})[:-3],
                   b"cos\nsystem\n(S'echo owned'\ntR.",  # a pickle that would run a command
                   pickle.dumps({parsecache.entry_key(RECORD_PATH, _key(root)): b"not a record"})):
        shards[0].write_bytes(damage)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root)) == fresh
        assert [r.levelname for r in caplog.records] == ["WARNING"]
        assert "解析缓存" in caplog.records[0].getMessage() and "已损坏" in caplog.records[0].getMessage()
        # rebuilt: the next run reads it without a warning
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert recordstore.read_records(root, _inv(root), 1, parsecache.ParseCache(root)) == fresh
        assert caplog.records == []


def _key(root: Path) -> str:
    return inventory.blob_id((root / RECORD_PATH).read_bytes())


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def test_git_vouches_for_unchanged_files_only(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"records/t/a/2024-10-10-a.md": b"a\n", "records/t/a/2024-10-11-b.md": b"b\n",
                            "rosters/people.yml": b"[]\n"})
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "x")
    (root / "records/t/a/2024-10-11-b.md").write_bytes(b"changed\n")
    (root / "records/t/a/2024-10-12-c.md").write_bytes(b"untracked\n")
    keys, algorithm = inventory.git_keys(root)
    assert algorithm == "sha1"
    expected = _git(root, "hash-object", "records/t/a/2024-10-10-a.md").strip()
    assert keys == {"records/t/a/2024-10-10-a.md": expected, "rosters/people.yml": inventory.blob_id(b"[]\n")}
    assert inventory.blob_id(b"a\n") == expected  # our own hash of a file agrees with Git's
    # a repository whose attributes rewrite bytes on checkout: Git's ids say nothing about the files
    (root / ".gitattributes").write_text("*.md filter=lfs\n")
    _git(root, "add", ".gitattributes")
    assert inventory.git_keys(root) == ({}, "sha1")


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_git_keys_read_at_fixed_places_equal_those_read_entry_by_entry(tmp_path: Path, algorithm: str) -> None:
    """An index of regular files only is cut at fixed places; one entry that is not (a link)
    sends every entry through the general reading: both give each file Git's own id."""
    files = {f"records/t/a/2024-10-1{i}-{name}.md": f"{name}\n".encode() for i, name in enumerate("abcd")}
    root = _repo(tmp_path, {**files, "rosters/people.yml": b"[]\n", "records/t/a/名字 有空格.md": b"x\n"})
    _git(root, "init", "-q", f"--object-format={algorithm}")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "x")
    expected = {rel: _git(root, "hash-object", "--", rel).strip() for rel in [*files, "rosters/people.yml",
                                                                              "records/t/a/名字 有空格.md"]}
    assert {len(key) for key in expected.values()} == {40 if algorithm == "sha1" else 64}
    listed = inventory.listing(root)
    assert listed is not None and listed.regular
    assert inventory.git_keys(root) == (expected, algorithm)
    (root / "link.md").symlink_to("rosters/people.yml")
    _git(root, "add", "link.md")
    listed = inventory.listing(root)
    assert listed is not None and not listed.regular
    assert inventory.git_keys(root) == (expected, algorithm)  # the link is not vouched for


def test_load_repo_with_the_cache_equals_without(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    plain = load_repo(root)
    assert not (root / ".cache").exists()  # the library does not write a cache unless asked
    cold = load_repo(root, cache=True)
    warm = load_repo(root, cache=True)
    assert (root / ".cache" / "contact-records").is_dir()
    for repo in (cold, warm):
        assert repo.records == plain.records and repo.partial_records == plain.partial_records
        assert repo.broken_records == plain.broken_records and repo.diagnostics == plain.diagnostics


def _rosters(repo: loader.Repo) -> tuple[object, ...]:
    return (repo.institution, repo.calendar, repo.people, repo.units, repo.targets, repo.assignments, repo.leaves,
            repo.policy, repo.sources.docs, repo.sources.entries, repo.diagnostics)


def test_roster_and_policy_documents_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    # a roster problem the parse reports (an invisible character), so diagnostics travel too
    people = (root / "rosters/people.yml").read_text(encoding="utf-8")
    (root / "rosters/people.yml").write_text(people.replace("李红", "李\u200b红", 1), encoding="utf-8")
    plain = load_repo(root)
    assert any(d.code == "yaml-invisible" for d in plain.diagnostics)
    load_repo(root, cache=True)
    parsed: list[str] = []
    real = recordstore.parse
    monkeypatch.setattr(recordstore, "parse", lambda text, rel: parsed.append(rel) or real(text, rel))
    warm = load_repo(root, cache=True)
    assert parsed == [] and _rosters(warm) == _rosters(plain)
    # an edited file is parsed again; the others still come from the cache
    (root / "rosters/units.yml").write_text((root / "rosters/units.yml").read_text("utf-8") + "\n", encoding="utf-8")
    assert _rosters(load_repo(root, cache=True))[:8] == _rosters(load_repo(root))[:8]
    assert parsed == ["rosters/units.yml"]
    # a damaged entry: one warning, parsed again, the same result
    cache = parsecache.ParseCache(root)
    key = parsecache.entry_key("rosters/people.yml", "yaml:" + inventory.blob_id((root / "rosters/people.yml").read_bytes()))
    cache.put(key, b"garbage")
    cache.save()
    with caplog.at_level(logging.WARNING):
        assert _rosters(load_repo(root, cache=True))[:8] == _rosters(load_repo(root))[:8]
    assert [r.levelname for r in caplog.records] == ["WARNING"] and "已损坏" in caplog.records[0].getMessage()


def test_review_files_come_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disclosure review files' documents are cached like the rosters': a warm load parses
    none of them and reads the same reviews and problems; an edited one is parsed again."""
    import shutil

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    [review] = sorted((root / "reviews").glob("*.yml"))[:1]
    broken = review.with_name("2024-10-21-li-hong.yml")  # a second one, with problems the parse reports
    broken.write_text(review.read_text(encoding="utf-8").replace("date: 2024-10-20", "date: 2024/10/21\u200b"),
                      encoding="utf-8")
    plain = load_repo(root)
    assert plain.reviews and any(d.file.startswith("reviews/") for d in plain.diagnostics)
    load_repo(root, cache=True)
    parsed: list[str] = []
    real = recordstore.parse
    monkeypatch.setattr(recordstore, "parse", lambda text, rel: parsed.append(rel) or real(text, rel))
    warm = load_repo(root, cache=True)
    assert parsed == [] and warm.reviews == plain.reviews and warm.diagnostics == plain.diagnostics
    review.write_text(review.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = load_repo(root, cache=True)
    assert parsed == [review.relative_to(root).as_posix()] and again.reviews == load_repo(root).reviews
