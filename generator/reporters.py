"""Render diagnostics as grouped Chinese text, JSON, GitHub Actions workflow commands, a Markdown
summary within the runner's size limit, or a GitLab Code Quality report.

Every rendering passes each diagnostic through ``pii.safe`` first (personal numbers masked,
terminal escapes and invisible characters made visible), whoever built the list. Text puts the
user first: errors before warnings (the errors are what stops a build), each grouped by file; a
selection (errors only, some paths) says what it left out and how to see it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from .diagnostics import CODES, Diagnostic, count
from .errors import BadPath
from .pii import safe
from .vocab import AsOfSource

SEVERITY_ZH = {"error": "错误", "warning": "警告"}
#: How many errors ``build`` prints before pointing to ``validate`` (a screenful with their files).
FIRST_ERRORS = 8


@dataclass(frozen=True)
class Selection:
    """Which diagnostics to show: all, or errors only, and all files or those under some paths."""

    errors_only: bool = False
    paths: tuple[str, ...] = ()  # repository-relative POSIX paths; a folder selects what is under it

    def wants(self, d: Diagnostic) -> bool:
        if self.errors_only and d.severity != "error":
            return False
        return not self.paths or any(d.file == p or d.file.startswith(p.rstrip("/") + "/") for p in self.paths)

    def apply(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        return [d for d in diagnostics if self.wants(d)]

    def note(self, everything: Sequence[Diagnostic]) -> str:
        """What the selection left out, in one sentence (empty when nothing was)."""
        parts = []
        if self.paths:
            parts.append(f"只列出 {'、'.join(self.paths)} 的检查结果")
        in_paths = Selection(paths=self.paths).apply(everything)
        hidden = sum(1 for d in in_paths if d.severity == "warning") if self.errors_only else 0
        if hidden:
            parts.append(f"另有 {hidden} 个警告没有列出（去掉 --errors-only 即可查看）")
        others = len(everything) - len(in_paths)
        if self.paths and others:
            parts.append(f"其他文件还有 {others} 个问题")
        return "；".join(parts) + "。" if parts else ""


    @classmethod
    def under(cls, root: Path, paths: Sequence[Path], errors_only: bool = False) -> Selection:
        """Command-line paths as repository-relative POSIX paths (as diagnostics print them, else
        relative to the current folder); raises BadPath for one outside the repository or nowhere."""
        base = root.resolve()
        out = []
        for p in paths:
            found = next((c.resolve() for c in (base / p, p) if c.exists()), None)
            if found is None:
                raise BadPath(f"找不到“{p}”。请写记录文件或文件夹的路径，例如 records/2026-2027-1/wang-jianguo/。")
            try:
                rel = found.relative_to(base).as_posix()
            except ValueError:
                raise BadPath(f"“{p}”不在记录仓库“{root}”之中。") from None
            out.append("" if rel == "." else rel)
        return cls(errors_only, tuple(dict.fromkeys(out)) if "" not in out else ())


def as_of_line(as_of: date, source: AsOfSource) -> str:
    """One line when the as-of date is the sample's pinned one, so nobody mistakes it for today."""
    if source != AsOfSource.SAMPLE:
        return ""
    return f"统计日期：{as_of}（示例数据固定的日期，见 rosters/institution.yml 中的 sample_as_of；按其他日期统计请加 --as-of）"


def errors_first(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings; each in file and line order."""
    return sorted(diagnostics, key=lambda d: (d.severity != "error", d.sort_key))


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors, warnings = count(diagnostics)
    files = len({d.file for d in diagnostics})
    if not diagnostics:
        return "检查通过：0 个错误，0 个警告。"
    return f"{errors} 个错误，{warnings} 个警告，涉及 {files} 个文件"


def _paint(s: str, fg: str, color: bool) -> str:
    codes = {"red": "31", "yellow": "33", "bold": "1"}
    return f"\x1b[{codes[fg]}m{s}\x1b[0m" if color else s


def by_file(diagnostics: Iterable[Diagnostic], color: bool = False) -> list[str]:
    """Lines of each file's findings: the file, then one indented line per finding, then a blank."""
    lines: list[str] = []
    for file, group in groupby(map(safe, diagnostics), key=lambda d: d.file):
        lines.append(_paint(file, "bold", color))
        for d in group:
            where = f"第 {d.line} 行" if d.line else "整个文件"
            sev = _paint(SEVERITY_ZH[d.severity], "red" if d.severity == "error" else "yellow", color)
            lines.append(f"  {where} {sev} [{d.code}] {d.message}")
        lines.append("")
    return lines


def text(diagnostics: list[Diagnostic], color: bool = False, note: str = "") -> str:
    """Errors first, then warnings, each grouped by file; the summary (and what was left out) last."""
    lines = by_file(errors_first(diagnostics), color)
    lines.append(summary_line(diagnostics) + (f"。{note}" if note and diagnostics else ""))
    if note and not diagnostics:
        lines.append(note)
    return "\n".join(lines)


def by_code(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One line per code, most frequent first: its title, code and count."""
    counts = Counter(d.code for d in diagnostics)
    return [f"  {CODES[code].title} [{code}]：{n} 个" for code, n in
            sorted(counts.items(), key=lambda kv: (CODES[kv[0]].severity != "error", -kv[1], kv[0]))]


def first_errors(diagnostics: list[Diagnostic], prog: str, limit: int = FIRST_ERRORS) -> str:
    """What ``build`` prints when records are invalid: the first errors, and how to see them all."""
    errors = [d for d in errors_first(diagnostics) if d.severity == "error"]
    shown = errors[:limit]
    lines = [f"{summary_line(diagnostics)}。记录有错误，未生成站点。请先改正下面的错误：", ""]
    lines += by_file(shown)
    rest_e, rest_w = len(errors) - len(shown), len(diagnostics) - len(errors)
    if rest_e or rest_w:
        left = "、".join(x for x in (f"{rest_e} 个错误" if rest_e else "", f"{rest_w} 个警告" if rest_w else "") if x)
        lines.append(f"还有 {left}没有列出：运行 {prog} validate 查看全部，{prog} validate --errors-only 只看错误。")
    return "\n".join(lines)


def build_summary(diagnostics: list[Diagnostic], prog: str) -> str:
    """What ``build`` prints before the sites are built: counts by kind and where to see each one."""
    if not diagnostics:
        return summary_line(diagnostics)
    lines = [f"检查完成：{summary_line(diagnostics)}。", *by_code(diagnostics)]
    lines.append(f"  逐条查看：运行 {prog} validate，或打开内部站点的“数据质量”页。")
    return "\n".join(lines)


def as_json(diagnostics: list[Diagnostic], **extra: object) -> str:
    errors, warnings = count(diagnostics)
    payload = {
        **extra,
        "errors": errors,
        "warnings": warnings,
        "files": len({d.file for d in diagnostics}),
        "diagnostics": [safe(d).to_json() for d in diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Iterable[Diagnostic], prefix: str = "") -> str:
    """One workflow command per finding. GitHub turns only the first 10 per step into annotations,
    so every finding is also in the log and in the step summary. ``prefix`` is the records
    repository's folder inside the Git repository (annotation paths start at the top)."""
    out = []
    for d in map(safe, diagnostics):
        props = [f"file={_escape_property(prefix + d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_property(d.code + ' ' + CODES[d.code].title)}")
        out.append(f"::{d.severity} {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(out)


#: GitHub drops a step summary larger than 1 MiB altogether; we stay below it and say what was cut.
SUMMARY_LIMIT = 1024 * 1024
_CELL = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in "&<>\"'"}, **{ch: f"\\{ch}" for ch in "|\\`*_[]()!#~$"},
                      "\n": " ", "\r": " "})
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._-]+")


def md_cell(value: object) -> str:
    """A table cell that is text only: HTML and Markdown punctuation become entities or escapes,
    line breaks spaces (GitHub renders a summary as HTML: a value cannot add a tag, link or image)."""
    return str(value).translate(_CELL)


def path_cell(path: str) -> str:
    """A file path as a code span when it is plainly a path, else as escaped text."""
    return f"`{path}`" if _PLAIN_PATH.fullmatch(path) else md_cell(path)


@dataclass
class Section:
    """One part of a Markdown summary: ``head`` and ``tail`` always shown, ``rows`` as many as fit.

    When everything does not fit, rows are kept by ``priority`` (lower first), then in order; the
    sections are still printed in their own order."""

    head: list[str]
    rows: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    priority: int = 0


def _size(lines: Iterable[str]) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def _note(left: int) -> str:
    return f"\n> 内容过长，这里还有 {left} 行没有列出（摘要不能超过 1 MiB）。完整内容见运行日志。\n"


def capped_markdown(sections: Sequence[Section], limit: int = SUMMARY_LIMIT) -> str:
    """The sections within ``limit`` bytes (see ``Section``); a section that lost rows says how
    many, so nothing is dropped silently."""
    fixed = sum(_size(s.head) + _size(s.tail) for s in sections)
    notes = _size([_note(sum(len(s.rows) for s in sections))]) * sum(1 for s in sections if s.rows)
    budget = limit - fixed - notes
    kept = [0] * len(sections)
    for i in sorted(range(len(sections)), key=lambda i: sections[i].priority):
        for row in sections[i].rows:
            cost = _size([row])
            if cost > budget:
                budget = -1  # once a section is cut, lower priorities keep their heads only
                break
            budget -= cost
            kept[i] += 1
    out: list[str] = []
    for s, n in zip(sections, kept, strict=True):
        out += s.head + s.rows[:n] + ([_note(len(s.rows) - n)] if n < len(s.rows) else []) + s.tail
    return "\n".join(out) + "\n"


def diagnostic_rows(diagnostics: Iterable[Diagnostic], extra: dict[str, str] | None = None) -> list[str]:
    """Table rows (级别、文件、行、代码、说明), every cell escaped; ``extra`` adds a note to a file."""
    rows = []
    for d in map(safe, diagnostics):
        note = f"（{extra[d.file]}）" if extra and d.file in extra else ""
        rows.append(f"| {SEVERITY_ZH[d.severity]} | {path_cell(d.file)}{note} | {d.line or ''} | `{d.code}` | "
                    f"{md_cell(d.message)} |")
    return rows


TABLE_HEAD = ["", "| 级别 | 文件 | 行 | 代码 | 说明 |", "|---|---|---|---|---|"]


def by_code_rows(diagnostics: Iterable[Diagnostic]) -> list[str]:
    """One row per code with its count, the compact form of findings nobody acts on now."""
    counts = Counter((d.code, d.severity) for d in diagnostics)
    return [f"| {SEVERITY_ZH[sev]} | `{code}` | {md_cell(CODES[code].title)} | {n} |"
            for (code, sev), n in sorted(counts.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0][0]))]


def step_summary(diagnostics: list[Diagnostic], limit: int = SUMMARY_LIMIT) -> str:
    """Markdown table of every finding for $GITHUB_STEP_SUMMARY, errors first, within ``limit``
    (every value escaped: a value cannot add a tag, a link or an image to the summary)."""
    head = Section(["## 记录检查结果", "", summary_line(diagnostics)])
    if not diagnostics:
        return capped_markdown([head], limit)
    ordered = sorted(diagnostics, key=lambda d: (d.severity != "error", *d.sort_key))
    return capped_markdown([head, Section(list(TABLE_HEAD), diagnostic_rows(ordered))], limit)


# --------------------------------------------------------------------------- GitLab Code Quality

#: GitLab's severities are info, minor, major, critical, blocker.
CODE_QUALITY_SEVERITY = {"error": "major", "warning": "minor"}


def code_quality(diagnostics: Iterable[Diagnostic], prefix: str = "") -> list[dict[str, object]]:
    """GitLab Code Quality issues. The fingerprint hashes code, path and message (not the line), so
    it survives lines moving; identical findings in one file are numbered to keep it unique."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[dict[str, object]] = []
    for d in map(safe, diagnostics):
        path = prefix + d.file
        key = (d.code, path, d.message)
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode("utf-8")).hexdigest()
        out.append({
            "description": d.message,
            "check_name": d.code,
            "fingerprint": digest[:32],
            "severity": CODE_QUALITY_SEVERITY[d.severity],
            "location": {"path": path, "lines": {"begin": d.line or 1}},
        })
    return out


def code_quality_json(diagnostics: Iterable[Diagnostic], prefix: str = "") -> str:
    return json.dumps(code_quality(diagnostics, prefix), ensure_ascii=False, indent=1)


class Each(list):  # type: ignore[type-arg]
    """A list for ``stream_json`` whose items are made one at a time as they are written, so a
    report of 100,000 results is never a tree of 100,000 dictionaries in memory."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], object]) -> None:
        super().__init__()
        self.items, self.make = items, make

    def __iter__(self) -> Iterator[Any]:
        return (self.make(x) for x in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def stream_json(payload: object, indent: int = 1) -> Iterator[str]:
    """``json.dumps(payload, ensure_ascii=False, indent=indent)`` in pieces (``Each`` lists made
    as they are written): the same text, without the whole of it or its tree in memory.

    The standard library encodes an indented document token by token in Python (its C encoder
    does no indenting): 1.9 s for a report of 107,000 results. Here each value that holds no
    ``Each`` list is written in one piece by ``_dumps``, joining strings the C string encoder made
    (1.1 s); a value json cannot write raises json's ``TypeError``."""
    return _stream(payload, 0, " " * indent)


def _streamed(o: object) -> bool:
    """An ``Each`` list, or a mapping holding one: written piece by piece."""
    return isinstance(o, Each) or isinstance(o, dict) and any(isinstance(v, Each) for v in o.values())


def _stream(o: object, level: int, unit: str) -> Iterator[str]:
    if not _streamed(o):
        yield _dumps(o, level, unit)
        return
    assert isinstance(o, (Each, dict))
    if not o:
        yield "[]"  # an empty Each (a mapping that holds one is not empty)
        return
    entries = ((_key(k) + ": ", v) for k, v in o.items()) if isinstance(o, dict) else (("", v) for v in o)
    opening, closing = "{}" if isinstance(o, dict) else "[]"
    inner = "\n" + unit * (level + 1)
    yield opening
    for i, (head, value) in enumerate(entries):
        head = ("," if i else "") + inner + head
        if _streamed(value):
            yield head
            yield from _stream(value, level + 1, unit)
        else:  # most items: one piece, no generator of their own
            yield head + _dumps(value, level + 1, unit)
    yield "\n" + unit * level + closing


_encode_str = json.encoder.encode_basestring  # the C one (ensure_ascii=False), as json.dumps uses


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if math.isinf(o):
        return "Infinity" if o > 0 else "-Infinity"
    return float.__repr__(o)


def _key(key: object) -> str:
    """A mapping key as json writes it: a string, or a number, bool or None as the text of its value."""
    if isinstance(key, str):
        return _encode_str(key)
    if key is None or isinstance(key, (int, float)):  # bool is an int
        return _encode_str(_dumps(key, 0, ""))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _framed(opening: str, closing: str, parts: list[str], level: int, unit: str) -> str:
    if not parts:
        return opening + closing
    inner = "\n" + unit * (level + 1)
    return opening + inner + ("," + inner).join(parts) + "\n" + unit * level + closing


def _dumps(o: object, level: int, unit: str) -> str:
    """One value as ``json.dumps(…, ensure_ascii=False, indent=len(unit))`` writes it at ``level``."""
    if isinstance(o, str):
        return _encode_str(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        return _float(o)
    if isinstance(o, (list, tuple)):
        return _framed("[", "]", [_dumps(v, level + 1, unit) for v in o], level, unit)
    if isinstance(o, dict):
        return _framed("{", "}", [_key(k) + ": " + _dumps(v, level + 1, unit) for k, v in o.items()], level, unit)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")  # json's words


def chunked(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Small pieces (``stream_json`` yields tokens) gathered into writes of about ``size``."""
    buffer: list[str] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)
