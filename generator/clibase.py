"""What every command of the command line shares: exit status 2, Chinese click, --repo and --as-of.

Kept apart from ``cli`` (the commands) so that the commands stay a thin layer and ``cli`` a module
of its own size.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import clizh, clock, runcache
from .errors import NotARepository

if TYPE_CHECKING:
    from .pipeline import Outcome

F = TypeVar("F", bound=Callable[..., Any])


def prog() -> str:
    """How the user runs this tool, for the hints we print (./run sets GENERATOR_PROG=./run)."""
    return os.environ.get("GENERATOR_PROG") or "python -m generator"


class CannotRun(click.ClickException):
    """The command cannot run at all (bad folder, bad option, no policy): exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return f"无法运行：{self.message}"


REPORT_TO = "请把这一行和所运行的命令报告给维护者（项目的问题跟踪页面），以便修复。"


def _utf8_output() -> None:
    """Print UTF-8 whatever the terminal's locale says: a GBK console (or PYTHONIOENCODING=gbk)
    would otherwise fail on the first emoji or rare character in a record."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure(encoding="utf-8", errors="replace")


class ChineseGroup(click.Group):
    """The command group; click's own strings are made Chinese when it runs, not at import.

    It is also the last line of defence: any exception the library did not raise on purpose
    becomes one Chinese line and exit status 2 ("cannot run"), never a traceback and never 1
    (which CI reads as "the records are invalid").
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        clizh.install()
        _utf8_output()
        try:
            return super().main(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the top of the program: every bug ends here
            click.echo(f"内部错误：程序遇到了意外情况（{type(exc).__name__}），本次没有完成。{REPORT_TO}", err=True)
            sys.exit(2)


def parse_as_of(_: click.Context, __: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    if (plain := clock.iso_date(value)) is not None:
        return plain  # the common case, without the schema library (the run cache's warm path)
    from .scalars import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:  # PydanticCustomError is a ValueError
        raise click.BadParameter(str(exc)) from None


def _no_cache(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:  # given before or after the command name: either turns the cache off
        ctx.ensure_object(dict)["no_cache"] = True


def use_cache(ctx: click.Context) -> bool:
    return not ctx.obj.get("no_cache")


def common_options(func: F) -> F:
    """--repo, --as-of and --no-cache on every command (they may also be given before the command)."""
    func = click.option(
        "--as-of", "as_of", callback=parse_as_of, metavar="YYYY-MM-DD",
        help="统计日期（默认：本单位时区的今天；示例数据为 rosters/institution.yml 中的 sample_as_of）。晚于此日期的记录视为不存在（不计入，也不报错），可以重建过去某一天的统计；只有晚于今天的记录才报错。",
    )(func)
    func = click.option(
        "--no-cache", is_flag=True, expose_value=False, callback=_no_cache,
        help="不读写缓存（仓库下的 .cache/contact-records/，可随时删除）。",
    )(func)
    func = click.option(
        "--repo", "repo_dir", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="文件夹",
        help="记录仓库所在的文件夹（默认：当前文件夹）。",
    )(func)
    return func


def repo_root(ctx: click.Context, repo_dir: Path | None) -> Path:
    return repo_dir or ctx.obj.get("repo") or Path(".")


def cached_findings(ctx: click.Context, repo_dir: Path | None, as_of: date | None) -> runcache.Findings:
    """validate's findings: from the run cache when nothing changed since a run (exit 2 if not a
    repository)."""
    try:
        return runcache.findings(repo_root(ctx, repo_dir), as_of or ctx.obj.get("as_of"), use_cache(ctx))
    except NotARepository as exc:
        raise CannotRun(str(exc)) from None


def load_and_check(ctx: click.Context, repo_dir: Path | None, as_of: date | None) -> Outcome:
    """The pipeline's outcome for the command's repository and as-of date (exit 2 if not a repository)."""
    from . import pipeline

    try:
        return pipeline.run(repo_root(ctx, repo_dir), as_of or ctx.obj.get("as_of"), cache=use_cache(ctx))
    except NotARepository as exc:
        raise CannotRun(str(exc)) from None
