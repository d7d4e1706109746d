"""Chinese for click's own strings (usage line, headings, usage errors).

Click marks its user-facing strings with gettext's ``_`` in each module; we swap that function for
one that looks the string up here first, so help and usage errors read in Chinese like the rest of
the tool. Unknown strings fall through unchanged.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "default: {default}": "默认：{default}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选范围内：{choices}。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里需要文件夹。",
    "directory": "文件夹",
    "file": "文件",
    "path": "路径",
    "Aborted!": "已中止。",
}


def _translate(original: Callable[[str], str]) -> Callable[[str], str]:
    def lookup(message: str) -> str:
        return ZH.get(message, original(message))

    return lookup


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if not hasattr(module, "_"):
            continue
        module._ = _translate(gettext.gettext)  # type: ignore[attr-defined]
