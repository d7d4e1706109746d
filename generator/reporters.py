"""Render diagnostics as grouped Chinese text, JSON, GitHub Actions workflow commands, a Markdown
summary within the runner's size limit, or a GitLab Code Quality report.

Every rendering passes each diagnostic through ``pii.safe`` first (personal numbers masked,
terminal escapes and invisible characters made visible), whoever built the list.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .diagnostics import CODES, Diagnostic, count
from .pii import safe

SEVERITY_ZH = {"error": "错误", "warning": "警告"}


def summary_line(diagnostics: list[Diagnostic]) -> str:
    errors, warnings = count(diagnostics)
    files = len({d.file for d in diagnostics})
    if not diagnostics:
        return "检查通过：0 个错误，0 个警告。"
    return f"{errors} 个错误，{warnings} 个警告，涉及 {files} 个文件"


def text(diagnostics: list[Diagnostic], color: bool = False) -> str:
    def paint(s: str, fg: str) -> str:
        codes = {"red": "31", "yellow": "33", "bold": "1"}
        return f"\x1b[{codes[fg]}m{s}\x1b[0m" if color else s

    lines: list[str] = []
    for file, group in groupby(map(safe, diagnostics), key=lambda d: d.file):
        lines.append(paint(file, "bold"))
        for d in group:
            where = f"第 {d.line} 行" if d.line else "整个文件"
            sev = paint(SEVERITY_ZH[d.severity], "red" if d.severity == "error" else "yellow")
            lines.append(f"  {where} {sev} [{d.code}] {d.message}")
        lines.append("")
    lines.append(summary_line(diagnostics))
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
