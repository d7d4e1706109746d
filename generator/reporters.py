"""Render diagnostics as grouped Chinese text, JSON, or GitHub Actions workflow commands."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby

from .diagnostics import CODES, Diagnostic, count

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
    for file, group in groupby(diagnostics, key=lambda d: d.file):
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
        "diagnostics": [d.to_json() for d in diagnostics],
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
    for d in diagnostics:
        props = [f"file={_escape_property(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
        if d.column:
            props.append(f"col={d.column}")
        props.append(f"title={_escape_property(d.code + ' ' + CODES[d.code].title)}")
        out.append(f"::{d.severity} {','.join(props)}::{_escape_data(d.message)}")
    return "\n".join(out)


def step_summary(diagnostics: list[Diagnostic]) -> str:
    """Markdown table of every finding for $GITHUB_STEP_SUMMARY."""
    head = f"## 记录检查结果\n\n{summary_line(diagnostics)}\n"
    if not diagnostics:
        return head
    rows = ["| 级别 | 文件 | 行 | 代码 | 说明 |", "|---|---|---|---|---|"]
    for d in diagnostics:
        msg = d.message.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {SEVERITY_ZH[d.severity]} | `{d.file}` | {d.line or ''} | `{d.code}` | {msg} |")
    return head + "\n" + "\n".join(rows) + "\n"
