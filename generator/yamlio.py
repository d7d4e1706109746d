"""Strict, line-aware YAML reading: decoding, limits, and a composer that refuses what we forbid.

PyYAML's C parser produces events; we compose them ourselves so that anchors, aliases, tags and
duplicate keys become diagnostics (with the line at fault) instead of exceptions or silent
overwrites. Scalars stay strings (plain nulls become None): types are decided by the schema, so a
value like ``2024-02-30`` or ``14:30`` never reaches PyYAML's own constructors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import keyboard
from .diagnostics import Code, Diagnostic, diag
from .pii import quote

try:  # the C parser is an order of magnitude faster; PyYAML without libyaml still works
    _Parser: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

_Alias, _Scalar, _SequenceStart = yaml.AliasEvent, yaml.ScalarEvent, yaml.SequenceStartEvent
_SequenceEnd, _MappingEnd = yaml.SequenceEndEvent, yaml.MappingEndEvent

MAX_DEPTH = 32
# C0 controls but tab and newline, DEL, C1 controls: YAML forbids them raw, not through escapes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

Path = tuple[str | int, ...]


@dataclass
class Loaded:
    """A YAML document as plain Python data, plus the 1-based line of every key and item."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    ok: bool = True  # False when the text could not be parsed at all

    def line(self, path: Path) -> int | None:
        """Line of the nearest known ancestor of ``path`` (a missing key points at its parent)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def too_large(rel: str, size: int, limit: int) -> Diagnostic:
    return diag("file-too-large", rel, None, f"文件大小为 {size // 1024} KiB，超过上限 {limit // 1024} KiB。"
                "请精简内容；照片、附件等不要放进记录文件。")


def decode(raw: bytes, rel: str, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 only (BOM and CRLF accepted); explain GBK, binary, empty, oversize."""
    if len(raw) > limit:
        return None, [too_large(rel, len(raw), limit)]
    if b"\x00" in raw:
        return None, [
            diag(
                "file-binary",
                rel,
                _line_of_byte(raw, raw.index(b"\x00")),
                "文件中含有空字符（NUL），不是文本文件。请用文本编辑器重新保存为 UTF-8 纯文本。",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_encoding_error(raw, rel, exc)]
    if not text.strip():
        return None, [diag("file-empty", rel, None, "文件是空的。请填写内容，或删除这个文件。")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _encoding_error(raw: bytes, rel: str, exc: UnicodeDecodeError) -> Diagnostic:
    line = _line_of_byte(raw, exc.start)
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and re.search(r"[\u4e00-\u9fff]", gb):
        return diag(
            "file-encoding",
            rel,
            line,
            "文件是 GBK/GB18030 编码，本系统只接受 UTF-8。请用记事本“另存为”并选择编码“UTF-8”，"
            "或在 VS Code 右下角点击编码，选“通过编码保存”→“UTF-8”。",
        )
    if _mostly_binary(raw):
        return diag(
            "file-binary",
            rel,
            None,
            "文件内容不是文本（可能是图片、压缩包或 Word 文档）。记录必须是 UTF-8 纯文本的 .md 文件。",
        )
    return diag(
        "file-encoding",
        rel,
        line,
        f"第 {line} 行有无法识别的字节，文件不是有效的 UTF-8 编码。请用文本编辑器另存为 UTF-8 编码。",
    )


def _mostly_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 20


def _line_of_byte(raw: bytes, index: int) -> int:
    return raw.count(b"\n", 0, index) + 1


class _Stop(Exception):
    """Raised inside the composer once a document cannot be used at all."""


class _Composer:
    def __init__(self, text: str, rel: str, line_offset: int) -> None:
        self.parser = _Parser(text)
        self.rel = rel
        self.offset = line_offset
        self.base = 1 + line_offset  # a mark's line (from 0) plus this is the line users see
        self.lines: dict[Path, int] = {}
        self.diagnostics: list[Diagnostic] = []
        self.scalar_lines: set[int] = set()  # where each scalar starts, to tell a slip from text

    def line(self, mark: Any) -> int:
        return int(mark.line) + self.base

    def error(self, code: Code, mark: Any, message: str) -> None:
        self.diagnostics.append(diag(code, self.rel, self.line(mark), message, int(mark.column) + 1))

    def compose(self) -> Any:
        p = self.parser
        p.get_event()  # StreamStart
        if p.check_event(yaml.StreamEndEvent):
            return None
        p.get_event()  # DocumentStart
        data = self.node((), 0)
        p.get_event()  # DocumentEnd
        if not p.check_event(yaml.StreamEndEvent):
            ev = p.peek_event()
            self.error(
                "yaml-multiple-documents",
                ev.start_mark,
                "这里出现了第二个 YAML 文档（“---” 分隔）。一个文件只能有一个文档，请删除多余的“---”。",
            )
        return data

    def node(self, path: Path, depth: int) -> Any:
        ev = self.parser.get_event()
        if depth > MAX_DEPTH:
            self.error("yaml-too-deep", ev.start_mark, f"嵌套超过 {MAX_DEPTH} 层，请简化结构。")
            raise _Stop
        if isinstance(ev, _Alias):
            self.error("yaml-anchor", ev.start_mark, f"不允许使用别名“*{quote(ev.anchor)}”。请把要引用的内容直接写出来。")
            return None
        if ev.anchor is not None or ev.tag is not None:
            self.forbidden_marks(ev)
        if isinstance(ev, _Scalar):
            if not ev.style and ev.value in _NULLS:
                return None
            return self.scalar(ev)
        if isinstance(ev, _SequenceStart):
            return self.sequence(path, depth)
        return self.mapping(path, depth)  # MappingStartEvent

    def no_controls(self, ev: Any) -> None:
        """A double-quoted escape (\\e, \\x00, \\x7f…) can make a control character that the file
        itself may not contain; it would reach pages, CSV and terminals, so the document is refused."""
        bad = _CONTROL.search(ev.value)
        if bad is not None:
            self.error("yaml-syntax", ev.start_mark,
                       f"文件中含有不可见的控制字符（U+{ord(bad.group()):04X}，由双引号中的转义写法产生），"
                       "YAML 不允许。请删除这个转义。")
            raise _Stop

    def scalar(self, ev: Any) -> str:
        """A scalar's text (after ``no_controls``); a plain one loses the invisible characters a
        keyboard left in it, and the user learns where they were (the value goes on cleaned, so
        nothing else echoes it)."""
        self.no_controls(ev)
        self.scalar_lines.add(ev.start_mark.line + self.base)
        if ev.style:
            return str(ev.value)
        value, problem = keyboard.invisible(ev.value)
        if problem is not None:
            self.error("yaml-invisible", ev.start_mark, problem)
        return value

    def forbidden_marks(self, ev: Any) -> None:
        """Anchors and tags are refused wherever they appear (the node itself is still read)."""
        if ev.anchor is not None:
            self.error("yaml-anchor", ev.start_mark, f"不允许使用锚点“&{quote(ev.anchor)}”。请删除它，把内容直接写在需要的地方。")
        tag = getattr(ev, "tag", None)
        if tag not in (None, "!"):
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            self.error("yaml-tag", ev.start_mark, f"不允许使用 YAML 标签“{quote(tag)}”。请删除它；需要文本时用引号把值括起来。")

    def sequence(self, path: Path, depth: int) -> list[Any]:
        items: list[Any] = []
        parser, lines, base = self.parser, self.lines, self.base
        while not isinstance(ev := parser.peek_event(), _SequenceEnd):
            child = (*path, len(items))
            lines[child] = ev.start_mark.line + base
            items.append(self.node(child, depth + 1))
        parser.get_event()
        return items

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        parser, lines = self.parser, self.lines
        while not isinstance(key_ev := parser.peek_event(), _MappingEnd):
            if not isinstance(key_ev, _Scalar):
                self.error("yaml-complex-key", key_ev.start_mark, "字段名必须是一段简单文本，不能是列表或映射。")
                self.node((*path, "?"), depth + 1)
                self.node((*path, "?"), depth + 1)
                continue
            parser.get_event()
            if key_ev.anchor is not None or key_ev.tag is not None:
                self.forbidden_marks(key_ev)  # an anchor or a tag on a key is refused like on a value
            key = self.scalar(key_ev)
            child = (*path, key)
            if key in mapping:
                self.error("yaml-duplicate-key", key_ev.start_mark,
                           f"字段“{quote(key)}”重复出现（第一次在第 {lines[child]} 行）。请删除其中一个，只保留正确的值。")
                self.node((*path, "?"), depth + 1)
                continue
            lines[child] = self.line(key_ev.start_mark)
            mapping[key] = self.node(child, depth + 1)
        parser.get_event()
        return mapping


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "此处不能出现冒号“:”。如果值里本身含有冒号（例如时间 14:30），请用引号把整个值括起来。"),
    ("cannot start any token", "此处有不能作为开头的字符（常见原因：用了 Tab 缩进，或值以 @、` 开头）。请改用空格缩进，或把值用引号括起来。"),
    ("could not find expected ':'", "缺少冒号“:”。每个字段应写成“字段名: 值”，冒号后面要有一个空格。"),
    ("did not find expected key", "缩进不一致。同一层级的字段必须左对齐，请检查这一行和上一行的空格数。"),
    ("did not find expected '-' indicator", "列表缩进不一致。同一列表的每一项“- ”必须左对齐。"),
    ("found unexpected end of stream", "文件意外结束：可能有引号或括号没有闭合。"),
    ("found unknown escape character", "双引号中的反斜杠“\\”用法有误。请改用单引号，或写成“\\\\”。"),
    ("while scanning a quoted scalar", "引号没有闭合。请检查这一行的引号是否成对。"),
    ("expected ',' or ']'", "方括号列表写法有误：各项之间用英文逗号分隔，并以“]”结束。"),
    ("expected ',' or '}'", "花括号写法有误：各项之间用英文逗号分隔，并以“}”结束。"),
    ("found character that cannot start", "此处有非法字符，请删除或用引号括起来。"),
    ("found a tab character", "此处用了 Tab 键，YAML 只认英文空格。请把 Tab 换成空格，并与同一层的其他行左端对齐。"),
    ("special characters are not allowed", "文件中含有不可打印的控制字符，请删除它们后重新保存。"),
    ("control characters are not allowed", "文件中含有不可打印的控制字符，请删除它们后重新保存。"),
    ("block sequence entries are not allowed", "这里不能开始一个列表。列表的“- ”应单独起一行，并比上一行的字段名多缩进两个空格。"),
    ("found unexpected ':'", "此处的冒号“:”位置不对。值里含有冒号时，请用英文双引号把整个值括起来。"),
    ("did not find expected node content", "这里缺少值。请在冒号后面填写内容，或删除这一行。"),
)
#: When no hint fits: still Chinese, still where to look (never PyYAML's English words).
_SYNTAX_FALLBACK = "无法读取这一行。请检查这一行和上一行：缩进只用英文空格并左端对齐，字段名后是英文冒号加一个空格，引号是英文引号并且成对。"


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.context or ''} {exc.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return f"YAML 格式有误：{hint}"
    return f"YAML 格式有误：{_SYNTAX_FALLBACK}"


def _slips(text: str, rel: str, line_offset: int) -> list[Diagnostic]:
    """Keyboard slips on their own lines (PyYAML fails a line or two later, about something else)."""
    return [_slip(s, rel, line_offset) for s in keyboard.line_slips(text)]


def _slip(s: keyboard.Slip, rel: str, line_offset: int) -> Diagnostic:
    if s.full_width:
        return diag("yaml-fullwidth", rel, s.line + 1 + line_offset, s.message, s.column + 1)
    return diag("yaml-syntax", rel, s.line + 1 + line_offset, s.message, s.column + 1)


def _structural_slips(composer: _Composer, data: Any, text: str, rel: str, line_offset: int) -> list[Diagnostic]:
    """Slips in a text that parsed: full-width indentation makes a key of "　　- summary", and lines
    of "by：wang-jianguo" read as one long text. A slip counts where a scalar starts (a key, a value
    or the whole document), never inside a text running over several lines."""
    slips = _slips(text, rel, line_offset)
    if isinstance(data, str):
        return slips
    return [d for d in slips if d.line in composer.scalar_lines]


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> list[Diagnostic]:
    """The slips that explain a syntax error, and PyYAML's own error when no slip comes before it."""
    slips = _slips(text, rel, line_offset)
    # An unclosed quote is found only at the end of the text: point at where it was opened.
    unclosed = "quoted scalar" in (exc.context or "") and "end of stream" in (exc.problem or "")
    mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
    line = int(mark.line) + 1 + line_offset if mark else None
    if slips and (line is None or slips[0].line is not None and slips[0].line <= line):
        return slips
    column = int(mark.column) + 1 if mark else None
    message = "YAML 格式有误：这一行的引号没有闭合，请在值的末尾补上同样的引号。" if unclosed else _syntax_message(exc)
    return sorted([diag("yaml-syntax", rel, line, message, column), *slips], key=lambda d: d.sort_key)


def parse(text: str, rel: str, line_offset: int = 0) -> tuple[Loaded, list[Diagnostic]]:
    """Parse one YAML document. ``line_offset`` shifts lines when the YAML is a front matter."""
    composer = _Composer(text, rel, line_offset)
    # a missing top-level key points at the document's first line (a front matter's opening ---)
    composer.lines[()] = max(line_offset, 1)
    try:
        data = composer.compose()
        loaded = Loaded(data, composer.lines)
        slips = _structural_slips(composer, data, text, rel, line_offset)
        if slips:
            lines = {d.line for d in slips}
            composer.diagnostics[:] = sorted([*slips, *(d for d in composer.diagnostics if d.line not in lines)],
                                             key=lambda d: d.sort_key)
            loaded = Loaded(None, composer.lines, ok=False)
    except yaml.MarkedYAMLError as exc:
        composer.diagnostics.extend(_syntax_error(exc, text, rel, line_offset))
        loaded = Loaded(None, composer.lines, ok=False)
    except yaml.reader.ReaderError as exc:  # a control character; its position is not a mark
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, found) + 1 + line_offset if found >= 0 else None
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        composer.diagnostics.append(diag(
            "yaml-syntax", rel, line,
            f"文件中含有不可见的控制字符（{code}），YAML 不允许。请删除这个字符后重新保存。",
        ))
        loaded = Loaded(None, composer.lines, ok=False)
    except yaml.YAMLError:  # other errors without a mark
        composer.diagnostics.append(diag("yaml-syntax", rel, None, f"YAML 格式有误：{_SYNTAX_FALLBACK}"))
        loaded = Loaded(None, composer.lines, ok=False)
    except _Stop:
        loaded = Loaded(None, composer.lines, ok=False)
    finally:
        composer.parser.dispose()
    return loaded, composer.diagnostics
