"""Shared test helpers: a temporary repository built from the mini fixture, and exact checks."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.disclosure import digest
from generator.inventory import READ_DIRS
from generator.loader import load_repo, parse_record
from generator.validate import validate_repo

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
CASES = TESTS / "cases"
AS_OF = "2025-01-20"

# A record that is valid in the mini repository; cases and tests start from it.
RECORD_PATH = "records/2024-2025-1/wang-jianguo/2024-10-17-dorm-visit.md"
VALID_RECORD = """\
---
by: wang-jianguo
date: 2024-10-17
type: dorm-visit
targets: [dorm-12-305]
summary: 与宿舍同学座谈。
---
正文。
"""

_CJK = re.compile(r"[\u4e00-\u9fff]")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def copy_sample(root: Path) -> Path:
    """The shipped sample's data (every folder a run reads) copied to ``root``."""
    for part in READ_DIRS:
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part)
    return root


def write_repo(
    root: Path, files: Mapping[str, str | bytes] | None = None, drop: Iterable[str] = ()
) -> Path:
    """Copy the mini repository to ``root``, write ``files`` (str as UTF-8, bytes raw), delete ``drop``."""
    shutil.copytree(MINI, root)
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    for rel in drop:
        path = root / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return root


def reviewed(files: Mapping[str, str | bytes], *paths: str, day: str = "2024-10-20", decision: str = "publish",
             reviewer: str = "li-hong", name: str = "tests") -> dict[str, str]:
    """``files`` plus a review file in which the mini fixture's reviewer clears ``paths`` (default:
    every record among ``files`` that says ``visibility: public``) as they are written there."""
    chosen = paths or tuple(p for p, text in files.items()
                            if p.startswith("records/") and "visibility: public" in str(text))
    items = []
    for rel in chosen:
        raw = files[rel]
        record = parse_record(rel, raw if isinstance(raw, bytes) else raw.encode("utf-8")).record
        assert record is not None, rel
        items.append(f"  - record: {rel}\n    sha256: {digest(record.meta)}\n    decision: {decision}\n")
    review = f"reviewer: {reviewer}\ndate: {day}\nitems:\n" + "".join(items)
    return {**{k: v if isinstance(v, str) else v.decode() for k, v in files.items()}, f"reviews/{name}.yml": review}


def check(repo: Path, as_of: str = AS_OF) -> list[Diagnostic]:
    """Load and validate ``repo`` on ``as_of``; the sorted list of every diagnostic."""
    return validate_repo(load_repo(repo), date.fromisoformat(as_of)).diagnostics


def located(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, str, int | None]]:
    """(code, severity, file, line) of each diagnostic, the shape exact assertions compare."""
    return [(d.code, d.severity, d.file, d.line) for d in diagnostics]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def assert_no_diagnostics(diagnostics: list[Diagnostic]) -> None:
    assert diagnostics == [], "\n".join(f"{d.file}:{d.line} [{d.code}] {d.message}" for d in diagnostics)


#: ASCII words a Chinese message may use: names of tools, encodings, formats and keys.
ASCII_WORDS = frozenset({
    "YAML", "UTF", "GBK", "GB18030", "Tab", "BOM", "NUL", "KiB", "Git", "VS", "Code", "Word", "ISO", "CI",
    "URL", "HTML", "JSON", "CSV", "Markdown", "front", "matter", "Excel", "PDF", "Unicode", "Asia", "Shanghai",
})
_REPR = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\[\'|\'\]|\{\'|\'\}|<class|Traceback|Error\b|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}")
_QUOTED = re.compile(r"“[^”]*”|`[^`]*`|\"[^\"]*\"")
_PATH = re.compile(r"(?:records|rosters|policies|docs|site|build)/\S*|\S+\.(?:yml|yaml|md|json|csv|txt)\b|U\+[0-9A-F]{4}")
_ID = re.compile(r"--?[a-z][a-z-]*|[a-z0-9]+(?:[-_][a-z0-9]+)+|\[[^\]]*\]|[a-z][a-z0-9]*(?=（)")


def _field_words() -> frozenset[str]:
    from generator import schema, vocab

    words: set[str] = set()
    for model in vars(schema).values():
        if isinstance(model, type) and hasattr(model, "model_fields"):
            for name, info in model.model_fields.items():
                words.update({name, info.alias or name})
    for value in vars(vocab).values():
        if isinstance(value, dict):
            words.update(k for k in value if isinstance(k, str))
    return frozenset(words)


def english_or_repr(message: str) -> list[str]:
    """What in a message is English prose or a Python repr: never allowed. Values the user wrote
    are quoted (“…”), so they are set aside first, and so are paths, ids, codes and field names;
    a lone lowercase word is a key or a value (``leadership``), two English words in a row are prose."""
    found = _REPR.findall(message)
    rest = _ID.sub(" ", _PATH.sub(" ", _QUOTED.sub(" ", message)))
    if "'" in rest:
        found.append("'")
    allowed = ASCII_WORDS | _field_words()
    for run in re.findall(r"[A-Za-z]+(?: +[A-Za-z]+)+", rest):
        if any(w not in allowed for w in run.split()):
            found.append(run)
    found += [w for w in re.findall(r"\b[A-Z][A-Za-z]{2,}\b", rest) if w not in allowed]
    return found


def assert_chinese_messages(diagnostics: Iterable[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.message.strip(), d
        assert has_cjk(d.message), d
        assert english_or_repr(d.message) == [], (d.code, d.message)
