"""One record file: its path convention, front matter split, and the parsed record (or why there is none).

Parsing a record is a pure function of its path and bytes (``parse_record``), so results can be
cached by content and computed in parallel. A record whose front matter fails the schema still
yields a ``PartialRecord`` of its valid fields, so the cross-file checks can report every error in
one run; a partial record never counts and never publishes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import TypeAdapter, ValidationError

from . import pii, schema
from .diagnostics import Diagnostic, diag
from .schemaerrors import validate as validate_model
from .schemaerrors import without_echoes
from .vocab import Visibility
from .yamlio import Loaded, Path, decode, parse

RECORD_LIMIT = 256 * 1024
RECORD_RE = re.compile(
    r"records/(?P<term>[^/]+)/(?P<actor>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.md"
)


class Lines(Mapping[Path, int]):
    """The line of every front-matter key, compactly: records written alike (the same keys in the
    same order, most of them) share one index of their keys, and each keeps only its line numbers.
    At 100,000 records a dictionary each was a tenth of the run's memory."""

    __slots__ = ("_index", "_lines")
    _shapes: ClassVar[dict[tuple[Path, ...], dict[Path, int]]] = {}

    def __init__(self, keys: tuple[Path, ...], lines: tuple[int, ...]) -> None:
        index = Lines._shapes.get(keys)
        if index is None:
            index = Lines._shapes[keys] = {k: i for i, k in enumerate(keys)}
        self._index = index
        self._lines = lines

    @classmethod
    def of(cls, lines: Mapping[Path, int]) -> Lines:
        return cls(tuple(lines), tuple(lines.values()))

    def __getitem__(self, key: Path) -> int:
        return self._lines[self._index[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[Path]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._lines)

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == (dict(other.items()) if isinstance(other, Mapping) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({dict(self.items())!r})"


@dataclass(frozen=True, slots=True)
class Located:
    """A record file's path and the line of every front-matter key."""

    path: str
    body: str
    body_line: int  # line number of the body's first line
    lines: Lines

    def line(self, *path: str | int) -> int | None:
        p: Path = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, 1)


@dataclass(frozen=True, slots=True)
class Record(Located):
    """One valid-in-shape record: its front matter, body and the line of every key."""

    meta: schema.RecordMeta


@dataclass(frozen=True, slots=True)
class PartialMeta:
    """The fields of a front matter that passed the schema on their own; the others are None/empty."""

    by: str | None
    date: date | None
    start: time | None
    end: time | None
    type: str | None
    targets: list[str]
    with_: list[str]
    location: str | None
    summary: str | None
    guidance: list[str]
    visibility: Visibility | None
    problems: list[schema.Problem]
    amends: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class PartialRecord(Located):
    """A record whose front matter failed the schema: checked for the user's sake, never counted."""

    meta: PartialMeta
    unknown: frozenset[str]  # fields that failed the schema, so checks needing them stay quiet


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """What ``parse_record`` returns: a record, or the diagnostics explaining why there is none."""

    path: str
    record: Record | None
    diagnostics: tuple[Diagnostic, ...]
    by_hint: str | None = None  # the `by` value when readable, so errors can be attributed
    partial: PartialRecord | None = None


class FrontMatter(NamedTuple):
    """A file split at its ``---`` lines; ``problem`` is None, "missing" or "unterminated"."""

    yaml_text: str | None
    offset: int  # lines before the YAML text (the opening ---)
    body: str
    body_line: int
    problem: str | None


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---`` front matter from the body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter(None, 0, text, 1, "missing")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:i]) + "\n", 1, "\n".join(lines[i + 1:]), i + 2, None)
    return FrontMatter(None, 0, text, 1, "unterminated")


_NO_FRONT_MATTER = (
    "文件开头没有文件头。记录的第一行必须是“---”，接着写 by、date、type、summary 等字段，"
    "再用一行“---”结束，然后才是正文。可参考 docs/reference/records.md 中的记录格式说明。"
)
_UNTERMINATED = "文件头以“---”开始，但没有找到结束的“---”。请在最后一个字段之后单独加一行“---”，再写正文。"


def parse_record(rel: str, raw: bytes) -> ParsedRecord:
    """Parse and shape-check one record file. Pure: depends only on the path and the bytes."""
    text, problems = decode(raw, rel, RECORD_LIMIT)
    if text is None:
        return ParsedRecord(rel, None, tuple(problems))
    front = split_front_matter(text)
    if front.problem == "missing":
        return ParsedRecord(rel, None, (diag("frontmatter-missing", rel, 1, _NO_FRONT_MATTER),))
    if front.problem == "unterminated" or front.yaml_text is None:
        return ParsedRecord(rel, None, (diag("frontmatter-unterminated", rel, 1, _UNTERMINATED),))
    loaded, problems = parse(front.yaml_text, rel, front.offset)
    if not loaded.ok:
        return ParsedRecord(rel, None, tuple(problems))
    data = loaded.data
    if data is None:
        problems.append(diag("frontmatter-missing", rel, 1, "文件头是空的。请填写 by、date、type、summary 等字段。"))
        return ParsedRecord(rel, None, tuple(problems))
    if not isinstance(data, dict):
        problems.append(diag("schema-not-mapping", rel, 2,
                             "文件头应为“字段: 值”的形式（例如“by: wang-jianguo”），而不是列表或单个值。"))
        return ParsedRecord(rel, None, tuple(problems))
    return _shaped(rel, front, loaded, data, problems)


def _shaped(rel: str, front: FrontMatter, loaded: Loaded, data: dict[str, Any],
            problems: list[Diagnostic]) -> ParsedRecord:
    """Schema and personal-data checks of a front matter that parsed as a mapping."""
    assert front.yaml_text is not None
    by = data.get("by") if isinstance(data.get("by"), str) else None
    meta, schema_problems = validate_model(schema.RecordMeta, data, loaded, rel)
    problems.extend(without_echoes(schema_problems, problems))
    problems.extend(pii.check_record(rel, front.yaml_text, front.offset, loaded.lines, front.body, front.body_line))
    if meta is None or problems:
        partial_meta, unknown = partial_fields(data)
        partial = PartialRecord(rel, front.body, front.body_line, Lines.of(loaded.lines), partial_meta, unknown)
        return ParsedRecord(rel, None, tuple(problems), by, partial)
    return ParsedRecord(rel, Record(rel, front.body, front.body_line, Lines.of(loaded.lines), meta), (), by)


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    info = schema.RecordMeta.model_fields[name]
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def partial_fields(data: dict[str, Any]) -> tuple[PartialMeta, frozenset[str]]:
    """The fields of a front matter that are valid on their own (others None or empty), and the
    names of the fields that are not, so checks that need them can stay quiet."""
    values: dict[str, Any] = {}
    unknown: set[str] = set()
    for name, info in schema.RecordMeta.model_fields.items():
        key = info.alias or name
        value: Any = None if info.is_required() else info.get_default(call_default_factory=True)
        if key in data:
            try:
                value = _field_adapter(name).validate_python(data[key])
            except ValidationError:
                unknown.add(name)
        elif info.is_required():
            unknown.add(name)
        values[name] = value
    return PartialMeta(**values), frozenset(unknown)


PARTIAL_FIELDS = tuple(f.name for f in dataclasses.fields(PartialMeta))
