"""Render diagnostics as grouped Chinese text, JSON, or GitHub Actions workflow commands.

Every rendering passes each diagnostic through ``pii.safe`` first (personal numbers masked,
terminal escapes and invisible characters made visible), whoever built the list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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


def github(diagnostics: Iterable[Diagnostic]) -> str:
    """One workflow command per finding. GitHub turns only the first 10 per step into annotations,
    so every finding is also in the log and in the step summary."""
    out = []
    for d in map(safe, diagnostics):
        props = [f"file={_escape_property(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_property(d.code + ' ' + CODES[d.code].title)}")
        out.append(f"::{d.severity} {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(out)


_CELL = str.maketrans({**{ch: f"&#{ord(ch)};" for ch in "&<>\"'"}, **{ch: f"\\{ch}" for ch in "|\\`*_[]()!#~$"},
                      "\n": " ", "\r": " "})


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._-]+")


def _cell(text: str) -> str:
    """A table cell that is text only: HTML and Markdown punctuation become entities."""
    return text.translate(_CELL)


def _path_cell(path: str) -> str:
    return f"`{path}`" if _PLAIN_PATH.fullmatch(path) else _cell(path)


def step_summary(diagnostics: list[Diagnostic]) -> str:
    """Markdown table of every finding for $GITHUB_STEP_SUMMARY (GitHub renders it as HTML, so
    every value is HTML-escaped: a value cannot add a tag, a link or an image to the summary)."""
    head = f"## 记录检查结果\n\n{summary_line(diagnostics)}\n"
    if not diagnostics:
        return head
    rows = ["| 级别 | 文件 | 行 | 代码 | 说明 |", "|---|---|---|---|---|"]
    for d in map(safe, diagnostics):
        rows.append(f"| {SEVERITY_ZH[d.severity]} | {_path_cell(d.file)} | {d.line or ''} | `{d.code}` | {_cell(d.message)} |")
    return head + "\n" + "\n".join(rows) + "\n"
