"""The disclosure review files (保密审查记录) in reviews/: their format, and reading them.

A review file is ``reviews/<name>.yml`` directly in the folder, one reviewer's decisions on one
day (docs/reference/records.md has the format; its models live here rather than in ``schema``
because only this module and the reference docs need them). It is read like every other file —
through the loader's reader, so the merge base of a change is read through its overlay — and
checked against the schema here; what a review means for a record (its text must still be the
text reviewed) is ``disclosure``'s.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from .diagnostics import Diagnostic, diag
from .repofs import Reader, unreadable
from .scalars import Id, IsoDate
from .schema import Model
from .schemaerrors import validate as validate_model
from .schemaerrors import without_echoes
from .yamlio import Loaded, decode, parse

FOLDER = "reviews"
LIMIT = 4 * 1024 * 1024
SUFFIXES = (".yml", ".yaml")
MISPLACED = ("reviews/ 下只能直接放 .yml 格式的保密审查记录（不要建子文件夹）。"
             "格式见 docs/reference/rosters.md 的“保密审查记录”一节。")


class ReviewItem(Model):
    """保密审查记录中的一项：一条公开记录，以及对它当时公开内容的决定。"""

    record: str = Field(description="记录文件的路径，例如 records/2024-2025-1/wang-jianguo/2024-10-16-canteen-meal.md。")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="审查时公开内容的 SHA-256 摘要（64 位小写十六进制，内部站点“保密审查”页面给出）。"
        "此后记录的日期、类型、同行人员或工作简况有任何改动，摘要即不相符，审查失效，须重新审查。",
    )
    decision: Literal["publish", "withhold"] = Field(description="publish 同意公开；withhold 不予公开。")
    note: str | None = Field(default=None, description="审查意见，仅内部站点可见。")


class Review(Model):
    """reviews/<文件名>.yml：一名审查人一次保密审查的记录。"""

    reviewer: Id = Field(description="审查人的人员标识，须列在 rosters/institution.yml 的 disclosure.reviewers 中。")
    date: IsoDate = Field(description="审查日期：从这一天起，同意公开的内容进入公开站点。")
    items: list[ReviewItem] = Field(min_length=1, max_length=10000, description="审查的各条记录。")



@dataclass(frozen=True, slots=True)
class ReviewFile:
    path: str
    review: Review
    loaded: Loaded

    def line(self, *path: str | int) -> int | None:
        return self.loaded.line(path)


def is_review_path(path: str) -> bool:
    """Whether ``path`` is where a review file lives (the pull-request rights ask this)."""
    return path.startswith(f"{FOLDER}/")


def listing(root: Path) -> tuple[list[str], list[Diagnostic]]:
    """The review files of a work tree (sorted), and a diagnostic for anything else in the folder."""
    folder = root / FOLDER
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return [], []
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [unreadable(FOLDER, exc)]
    found, problems = [], []
    for entry in entries:
        rel = f"{FOLDER}/{entry.name}"
        if entry.name.startswith("."):
            continue  # .gitkeep
        if entry.is_file(follow_symlinks=False) and entry.name.endswith(SUFFIXES):
            found.append(rel)
        else:
            problems.append(diag("file-misplaced", rel, None, MISPLACED))
    return found, problems


#: How a review file's YAML is parsed: (path, bytes, decoded text) -> the document and its problems
#: (the loader passes the parse cache's ``cached_document``; the default parses).
Parser = Callable[[str, bytes, str], tuple[Loaded, list[Diagnostic]]]


def _parse(rel: str, raw: bytes, text: str) -> tuple[Loaded, list[Diagnostic]]:
    return parse(text, rel)


def read(root: Path, paths: list[str], reader: Reader,
         parser: Parser | None = None) -> tuple[tuple[ReviewFile, ...], list[Diagnostic]]:
    """Every review file that passes the schema; a diagnostic for every problem of any of them."""
    parser = parser or _parse
    out: list[ReviewFile] = []
    problems: list[Diagnostic] = []
    for rel in paths:
        found = _one(root, rel, reader, parser, problems.append)
        if found is not None:
            out.append(found)
    return tuple(out), problems


def _one(root: Path, rel: str, reader: Reader, parser: Parser, report: Callable[[Diagnostic], None]) -> ReviewFile | None:
    raw = reader(root, rel, LIMIT)
    if raw is None:
        return None
    if isinstance(raw, Diagnostic):
        report(raw)
        return None
    text, yaml_problems = decode(raw, rel, LIMIT)
    loaded = None
    if text is not None:
        loaded, more = parser(rel, raw, text)
        yaml_problems += more
    for d in yaml_problems:
        report(d)
    if loaded is None or not loaded.ok:
        return None
    if not isinstance(loaded.data, dict):
        report(diag("schema-not-mapping", rel, 1, "保密审查记录应为“字段: 值”的映射（reviewer、date、items）。"))
        return None
    review, schema_problems = validate_model(Review, loaded.data, loaded, rel)
    for d in without_echoes(schema_problems, yaml_problems):
        report(d)
    return ReviewFile(rel, review, loaded) if review is not None else None
