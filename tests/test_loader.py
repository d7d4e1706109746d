"""Robustness: whatever bytes land in records/, the tool names the file and explains, never crashes."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner
from helpers import (
    AS_OF,
    RECORD_PATH,
    VALID_RECORD,
    assert_chinese_messages,
    assert_no_diagnostics,
    check,
    located,
)

from generator import yamlio
from generator.cli import main
from generator.loader import RECORD_LIMIT, load_repo, parse_record

JUNK = random.Random(20250120).randbytes(4096)
TEXT_JUNK = bytes(b for b in JUNK if b)  # the same junk without NUL bytes
LINES = VALID_RECORD.split("\n")  # line 6 is the summary


def _with_line(n: int, text: str) -> str:
    """VALID_RECORD with a line inserted so that ``text`` is line ``n``."""
    return "\n".join(LINES[: n - 1] + [text] + LINES[n - 1 :])


# Bytes of a bad record -> the exact (code, line) list it must yield at RECORD_PATH.
BAD_RECORDS: dict[str, tuple[bytes, list[tuple[str, int | None]]]] = {
    "gbk": (VALID_RECORD.encode("gbk"), [("file-encoding", 6)]),
    "latin-1": (VALID_RECORD.encode() + "café\n".encode("latin-1"), [("file-encoding", 9)]),
    "binary-junk": (TEXT_JUNK, [("file-binary", None)]),
    "empty": (b"", [("file-empty", None)]),
    "blank-lines": (b"\n  \n\r\n", [("file-empty", None)]),
    "nul-byte": (VALID_RECORD.replace("座谈", "座\x00谈").encode(), [("file-binary", 6)]),
    "no-front-matter": ("与宿舍同学座谈。\n".encode(), [("frontmatter-missing", 1)]),
    "unterminated": (VALID_RECORD.replace("\n---\n", "\n\n", 1).encode(), [("frontmatter-unterminated", 1)]),
    "empty-front-matter": (b"---\n---\nbody\n", [("frontmatter-missing", 1)]),
    "front-matter-list": (b"---\n- by: wang-jianguo\n---\n", [("schema-not-mapping", 2)]),
    "front-matter-scalar": ("---\n只是一句话\n---\n".encode(), [("schema-not-mapping", 2)]),
    "too-large": ((VALID_RECORD + "x" * (1024 * 1024)).encode(), [("file-too-large", None)]),
    "control-character": (VALID_RECORD.replace("座谈", "座\x07谈").encode(), [("yaml-syntax", 6)]),
    "tab-indent": (_with_line(7, "problems:\n\t- summary: 热水").encode(), [("yaml-syntax", 8)]),
    "too-deep": (_with_line(7, "location: " + "[" * 40 + "]" * 40).encode(), [("yaml-too-deep", 7)]),
    "complex-key": (_with_line(7, "? [a, b]\n: c").encode(), [("yaml-complex-key", 7)]),
    "impossible-date": (VALID_RECORD.replace("2024-10-17", "2024-02-30").encode(), [("schema-date-invalid", 3)]),
}


@pytest.mark.parametrize("name", sorted(BAD_RECORDS))
def test_bad_record_is_reported_on_its_file(name: str, make_repo) -> None:
    raw, expected = BAD_RECORDS[name]
    found = check(make_repo({RECORD_PATH: raw}))
    assert located(found) == [(code, "error", RECORD_PATH, line) for code, line in expected]
    assert_chinese_messages(found)


@pytest.mark.parametrize("name", sorted(BAD_RECORDS))
def test_bad_record_never_makes_a_traceback(name: str, make_repo) -> None:
    repo = make_repo({RECORD_PATH: BAD_RECORDS[name][0]})
    result = CliRunner().invoke(main, ["validate", "--repo", str(repo), "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert RECORD_PATH in result.output
    assert "Traceback" not in result.output


def test_gbk_message_names_both_encodings(make_repo) -> None:
    [d] = check(make_repo({RECORD_PATH: VALID_RECORD.encode("gbk")}))
    assert "GBK" in d.message and "UTF-8" in d.message


def test_random_bytes_with_nul_are_binary(make_repo) -> None:
    [d] = check(make_repo({RECORD_PATH: JUNK}))
    assert (d.code, d.file) == ("file-binary", RECORD_PATH)
    assert d.line == JUNK[: JUNK.index(0)].count(b"\n") + 1  # the line of the first NUL


def test_too_large_message_gives_size_and_limit(make_repo) -> None:
    [d] = check(make_repo({RECORD_PATH: (VALID_RECORD + "x" * (1024 * 1024)).encode()}))
    assert "1024 KiB" in d.message and f"{RECORD_LIMIT // 1024} KiB" in d.message


def test_record_at_the_size_limit_is_accepted() -> None:
    raw = VALID_RECORD.encode()
    raw += b"x" * (RECORD_LIMIT - len(raw))
    assert parse_record(RECORD_PATH, raw).diagnostics == ()


def test_control_character_message_is_chinese_and_names_the_character(make_repo) -> None:
    [d] = check(make_repo({RECORD_PATH: VALID_RECORD.replace("座谈", "座\x07谈").encode()}))
    assert "U+0007" in d.message
    assert "unacceptable" not in d.message


def test_bom_and_crlf_record_is_valid(make_repo) -> None:
    raw = b"\xef\xbb\xbf" + VALID_RECORD.replace("\n", "\r\n").encode()
    repo = make_repo({RECORD_PATH: raw})
    assert_no_diagnostics(check(repo))
    [record] = [r for r in load_repo(repo).records if r.path == RECORD_PATH]
    assert record.meta.summary == "与宿舍同学座谈。"
    assert record.body == "正文。\n"


def test_docx_in_records_is_misplaced(make_repo) -> None:
    rel = "records/2024-2025-1/wang-jianguo/2024-10-17-走访记录.docx"
    found = check(make_repo({rel: b"PK\x03\x04" + JUNK}))
    assert located(found) == [("file-misplaced", "error", rel, None)]
    assert_chinese_messages(found)


def test_hidden_files_in_records_are_ignored(make_repo) -> None:
    assert_no_diagnostics(check(make_repo({"records/2024-2025-1/.gitkeep": b""})))


# ----------------------------------------------------------------------------- alias bomb

def _billion_laughs() -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings if anything expanded it."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghi"
    for prev, name in zip(names, names[1:], strict=False):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(levels)


def test_alias_bomb_in_a_record_is_refused_without_expanding(make_repo) -> None:
    text = VALID_RECORD.replace("\n---\n", "\n" + _billion_laughs() + "\n---\n", 1)
    found = check(make_repo({RECORD_PATH: text}))

    assert {(d.code, d.file) for d in found} == {("yaml-anchor", RECORD_PATH)}
    assert len(found) == 9 + 8 * 9  # every anchor and every alias, each once
    assert sorted({d.line for d in found}) == list(range(7, 16))  # the nine bomb lines


def test_alias_bomb_data_never_expands() -> None:
    loaded, diagnostics = yamlio.parse(_billion_laughs() + "\n", "bomb.yml")
    assert [d.code for d in diagnostics] == ["yaml-anchor"] * (9 + 8 * 9)
    assert loaded.data["a"] == ["lol"] * 9
    for name in "bcdefghi":
        assert loaded.data[name] == [None] * 9  # an alias is read as nothing, never as its anchor


def test_alias_bomb_as_a_roster_is_refused(make_repo) -> None:
    found = check(make_repo({"rosters/leaves.yml": "- " + _billion_laughs().replace("\n", "\n  ") + "\n"}))
    assert {(d.code, d.file) for d in found} == {("yaml-anchor", "rosters/leaves.yml")}


# ----------------------------------------------------------------------------- front matter split

def test_body_line_numbers_follow_the_front_matter(make_repo) -> None:
    repo = make_repo({RECORD_PATH: VALID_RECORD + "第二行\n"})
    [record] = [r for r in load_repo(repo).records if r.path == RECORD_PATH]
    assert record.body_line == 8
    assert record.line("summary") == 6
    assert record.line("nonexistent") == 1


def _rosters(repo):  # type: ignore[no-untyped-def]
    s = repo.sources
    return (repo.institution, repo.calendar, repo.people, repo.units, repo.targets, repo.assignments, repo.leaves,
            repo.diagnostics, repo.settings, dict(s.docs), dict(s.entries), s.broken_ids, s.unreadable)


def test_loads_sharing_a_parse_cache_read_each_roster_once_for_the_same_bytes(tmp_path, monkeypatch) -> None:
    """A review's two loads share one parse cache: a roster file with the same bytes on both sides
    is validated once and the second load is what a load of its own gives; other bytes (the merge
    base of a roster change) are read again."""
    from helpers import MINI, write_repo

    from generator import loadstate
    from generator.loadstate import Overlay
    from generator.parsecache import ParseCache

    broken = "- id: 王 五\n  name: 王五\n  unit: nowhere\n"  # an entry that fails the schema, kept apart
    people = (MINI / "rosters" / "people.yml").read_text(encoding="utf-8") + broken
    root = write_repo(tmp_path / "repo", {"rosters/people.yml": people})
    validated: list[str] = []
    real = loadstate.validate_model
    monkeypatch.setattr(loadstate, "validate_model",
                        lambda model, data, loaded, rel, *at: validated.append(rel) or real(model, data, loaded, rel, *at))
    store = ParseCache(root)
    first = load_repo(root, store=store)
    assert "rosters/people.yml" in validated and first.sources.broken_ids
    validated.clear()
    again = load_repo(root, store=store)
    assert validated == []
    assert _rosters(again) == _rosters(first) == _rosters(load_repo(root))
    assert again.people is not first.people and again.sources.entries is not first.sources.entries
    base = people.replace("name: 李红", "name: 李宏")
    overlay = Overlay(replaced={"rosters/people.yml": base.encode("utf-8")})
    validated.clear()
    through = load_repo(root, store=store, overlay=overlay)
    assert set(validated) == {"rosters/people.yml"}
    assert through.people["li-hong"].name == "李宏"
    assert _rosters(through) == _rosters(load_repo(root, overlay=overlay))


def test_the_parse_cache_a_load_opens_is_freed_when_the_load_returns(tmp_path, monkeypatch) -> None:
    """Nothing the parse cache keeps (a roster file's reading) leads back to it: a cycle would keep
    every cached entry alive for the rest of the run, out of the collector's reach after gc.freeze."""
    import gc
    import weakref

    from helpers import write_repo

    from generator import loader, parsecache

    opened: list[weakref.ref[parsecache.ParseCache]] = []

    class Tracked(parsecache.ParseCache):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            opened.append(weakref.ref(self))

    monkeypatch.setattr(loader, "ParseCache", Tracked)
    root = write_repo(tmp_path / "repo")
    gc.collect()
    gc.disable()  # only reference counting frees it: a cycle would keep it
    try:
        repo = load_repo(root, cache=True)
        assert len(opened) == 1 and opened[0]() is None
    finally:
        gc.enable()
    assert repo.people
