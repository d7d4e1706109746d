"""The catalogue register (索取号登记簿): every number ever assigned, in a committed file that only grows.

``catalogue/<institution code>.tsv`` holds one line per catalogue item: its number, its publication
date and its identity. ``build`` appends the items it numbers for the first time and never changes
a line, so no later history change (a branch merged late, a backdated or future commit, a shallow
clone, a missing git) can move a published number. The file belongs to the institution: its name
carries the institution code, so a school that adopts the template under its own code starts a
register of its own. ``validate`` checks the file's lines and, in Git, that no commit on the
first-parent line ever changed or removed one. Format: docs/opendata.md.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic, diag
from .pii import quote
from .repofs import Reader, safe_read
from .yamlio import decode

FOLDER = "catalogue"
LIMIT = 16 * 1024 * 1024
HEADER = (
    "# 信息公开目录索取号登记簿。由 python -m generator build 在末尾追加，请提交本文件；不要修改或删除已有的行。\n"
    "# 每行：索取号<Tab>发布日期<Tab>信息标识。格式说明见 docs/opendata.md。\n"
)
NUMBER_RE = re.compile(r"(?P<prefix>[0-9A-Za-z]{1,20}-[0-9]{2,6}-(?P<year>[0-9]{4}))-(?P<serial>[0-9]{4,})")


def path_for(code: str) -> str:
    return f"{FOLDER}/{code}.tsv"


@dataclass(frozen=True, slots=True)
class Entry:
    number: str
    published: date
    item: str  # the catalogue item's identity, e.g. f-record:records/…/x.md

    def line(self) -> str:
        return f"{self.number}\t{self.published.isoformat()}\t{self.item}\n"


@dataclass(frozen=True)
class Ledger:
    path: str
    entries: tuple[Entry, ...] = ()

    def by_item(self) -> dict[str, Entry]:
        return {e.item: e for e in self.entries}


def _entry(rel: str, lineno: int, line: str, seen: dict[str, int], items: dict[str, int]) -> Entry | Diagnostic:
    fields = line.split("\t")
    bad = f"第 {lineno} 行应为“索取号<Tab>发布日期<Tab>信息标识”三项"
    if len(fields) != 3:
        return diag("catalogue-ledger", rel, lineno, f"{bad}，现在是“{quote(line)}”。这个文件由 build 维护，请恢复被改动的行。")
    number, day, item = fields
    m = NUMBER_RE.fullmatch(number)
    try:
        published = date.fromisoformat(day) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else None
    except ValueError:
        published = None
    if m is None or published is None or not item or not 1900 <= published.year <= 2200:
        return diag("catalogue-ledger", rel, lineno, f"{bad}，索取号或日期写法不对（“{quote(line)}”）。请恢复被改动的行。")
    if int(m["year"]) != published.year:
        return diag("catalogue-ledger", rel, lineno, f"索取号 {number} 的年份与发布日期 {day} 不一致。请恢复被改动的行。")
    for key, where, what in ((number, seen, "索取号"), (item, items, "信息")):
        if key in where:
            return diag("catalogue-ledger", rel, lineno, f"{what}“{quote(key)}”在第 {where[key]} 行已经登记过。请删除本行。")
    seen[number], items[item] = lineno, lineno
    return Entry(number, published, item)


def parse(rel: str, text: str) -> tuple[Ledger, list[Diagnostic]]:
    entries: list[Entry] = []
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}
    items: dict[str, int] = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        found = _entry(rel, lineno, line.rstrip("\r"), seen, items)
        (problems if isinstance(found, Diagnostic) else entries).append(found)  # type: ignore[arg-type]
    return Ledger(rel, tuple(entries)), problems


def load(root: Path, code: str, read: Reader = safe_read) -> tuple[Ledger, list[Diagnostic]]:
    """The institution's register; an empty one when the file does not exist yet. ``read`` is how
    the loader reads a file (``repofs.safe_read``, or an overlay's view of another commit)."""
    rel = path_for(code)
    raw = read(root, rel, LIMIT)
    if raw is None:
        return Ledger(rel), []
    if isinstance(raw, Diagnostic):
        return Ledger(rel), [raw]
    text, problems = decode(raw, rel, LIMIT)
    if text is None:
        return Ledger(rel), [p for p in problems if p.code != "file-empty"]
    return parse(rel, text)


def append(root: Path, ledger: Ledger, new: tuple[Entry, ...]) -> int:
    """Add ``new`` at the end of the register file (creating it with its header); the count added."""
    if not new:
        return 0
    path = root / ledger.path
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists() or path.stat().st_size == 0
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        if fresh:
            fh.write(HEADER)
        fh.writelines(e.line() for e in new)
    return len(new)


# --------------------------------------------------------------------------- history

def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=false", *args],
                              capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def rewrites(root: Path, rel: str) -> list[Diagnostic]:
    """Lines of the register that a commit (first-parent line) or the work tree changed or removed."""
    out: list[Diagnostic] = []
    log = _git(root, "log", "--first-parent", "-m", "-p", "--unified=0", "--format=%x1e%h %cs", "--", rel)
    for chunk in (log or "").split("\x1e"):
        head, _, diff = chunk.partition("\n")
        removed = [ln for ln in diff.split("\n") if ln.startswith("-") and not ln.startswith("---")]
        if head.strip() and removed:
            out.append(diag("catalogue-ledger", rel, None,
                            f"提交 {head.strip()} 改动或删除了已登记的索取号（例如“{quote(removed[0][1:])}”）。"
                            "登记簿只能在末尾追加：请撤销这次改动（git revert），已公开的索取号不能改变。"))
    committed = _git(root, "show", f"HEAD:{rel}")
    current = safe_read(root, rel, LIMIT)
    if committed and isinstance(current, bytes) and not current.decode("utf-8", "replace").startswith(committed):
        out.append(diag("catalogue-ledger", rel, None,
                        "工作区中的登记簿改动了已提交的行。登记簿只能在末尾追加：请用 git checkout 恢复这个文件后重新生成。"))
    return out
