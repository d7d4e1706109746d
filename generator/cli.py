"""Command line: a thin layer that translates options into library calls and errors into exit statuses.

Every domain error of ``generator.errors`` becomes one Chinese line: invalid records exit 1,
anything that keeps the command from running exits 2 (contract §7).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from . import clizh, pipeline, reporters
from .errors import GeneratorError, NoCompliance, NotARepository, RecordsInvalid
from .pipeline import Outcome
from .scalars import parse_date

F = TypeVar("F", bound=Callable[..., Any])


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


def _parse_as_of(_: click.Context, __: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:  # PydanticCustomError is a ValueError
        raise click.BadParameter(str(exc)) from None


def common_options(func: F) -> F:
    """--repo and --as-of on every command (they may also be given before the command)."""
    func = click.option(
        "--as-of", "as_of", callback=_parse_as_of, metavar="YYYY-MM-DD",
        help="统计日期（默认：本单位时区的今天）。晚于此日期的记录视为不存在（不计入，也不报错），可以重建过去某一天的统计；只有晚于今天的记录才报错。",
    )(func)
    func = click.option(
        "--repo", "repo_dir", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="文件夹",
        help="记录仓库所在的文件夹（默认：当前文件夹）。",
    )(func)
    return func


def load_and_check(ctx: click.Context, repo_dir: Path | None, as_of: date | None) -> Outcome:
    root = repo_dir or ctx.obj.get("repo") or Path(".")
    try:
        return pipeline.run(root, as_of or ctx.obj.get("as_of"))
    except NotARepository as exc:
        raise CannotRun(str(exc)) from None


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@common_options
@click.version_option(package_name="contact-records", message="%(version)s", help="显示版本号并退出。")
@click.pass_context
def main(ctx: click.Context, repo_dir: Path | None, as_of: date | None) -> None:
    """联系师生工作记录：检查记录、计算完成情况、生成内部站点和公开站点。

    \b
    示例：
      python -m generator validate
      python -m generator validate --format github --strict
      python -m generator report --format json --as-of 2025-01-20
      python -m generator build --out site
    """
    ctx.ensure_object(dict)
    ctx.obj["repo"] = repo_dir
    ctx.obj["as_of"] = as_of


@main.command()
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="输出格式：text 按文件分组的中文说明；json 机器可读；github 生成拉取请求上的行内批注。")
@click.option("--strict", is_flag=True, help="把警告也当作错误（有警告时退出状态为 1）。")
@click.pass_context
def validate(ctx: click.Context, repo_dir: Path | None, as_of: date | None, fmt: str, strict: bool) -> None:
    """检查全部名册、制度和记录，一次列出所有问题。

    退出状态：0 没有错误；1 有错误（--strict 时警告也算）；2 无法运行。

    \b
    示例：
      python -m generator validate
      python -m generator validate --repo ../my-records --as-of 2025-01-20 --format json
    """
    checked = load_and_check(ctx, repo_dir, as_of)
    diags = checked.diagnostics
    if fmt == "json":
        click.echo(reporters.as_json(diags, as_of=checked.as_of.isoformat()))
    elif fmt == "github":
        out = reporters.github(diags)
        if out:
            click.echo(out)
        click.echo(reporters.summary_line(diags))
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(reporters.step_summary(diags))
    else:
        click.echo(reporters.text(diags, color=sys.stdout.isatty()))
    failing = [d for d in diags if d.severity == "error" or strict]
    ctx.exit(1 if failing else 0)


@main.command()
@common_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), metavar="文件夹",
              show_default=True, help="输出文件夹：内部站点在 DIR/internal，公开站点在 DIR/public。")
@click.option("--work", "work_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), metavar="文件夹",
              show_default=True, help="生成的 Markdown 页面和 mkdocs 配置所在的文件夹（可用其他兼容工具另行构建）。")
@click.pass_context
def build(ctx: click.Context, repo_dir: Path | None, as_of: date | None, out_dir: Path, work_dir: Path) -> None:
    """检查全部记录，没有错误时生成内部站点和公开站点。

    有错误时不生成任何页面，退出状态为 1。

    \b
    示例：
      python -m generator build
      python -m generator build --out /var/www/contact --as-of 2025-01-20
    """
    from . import builder  # site code is heavy: import only when building

    outcome = load_and_check(ctx, repo_dir, as_of)
    try:
        srcs = builder.sources(outcome)
        click.echo(reporters.summary_line(outcome.diagnostics), err=True)
        for site in builder.build_sites(srcs, work_dir, out_dir):
            s = site.stats
            click.echo(f"{site.title}：{s.pages} 个页面，用时 {s.seconds:.1f} 秒 → {s.site_dir}", err=True)
        added = builder.register_numbers(outcome)
        if added and outcome.repo.ledger is not None:
            click.echo(f"信息公开目录新登记 {added} 个索取号，已追加到 {outcome.repo.ledger.path}，请提交这个文件。", err=True)
    except RecordsInvalid as exc:
        click.echo(reporters.text(outcome.diagnostics, color=sys.stderr.isatty()), err=True)
        click.echo(str(exc), err=True)
        ctx.exit(1)
    except GeneratorError as exc:
        raise CannotRun(str(exc)) from None


@main.command()
@common_options
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True,
              help="输出格式（目前为 json，见 docs/reference/report.md）。")
@click.pass_context
def report(ctx: click.Context, repo_dir: Path | None, as_of: date | None, fmt: str) -> None:
    """计算每个人、每条规则、每个周期的完成情况，以 JSON 输出到标准输出。

    只有通过检查的记录才计入。退出状态：0 成功；2 无法运行（例如没有可用的制度或校历）。

    \b
    示例：
      python -m generator report --format json > report.json
      python -m generator report --as-of 2025-01-20 --repo ../my-records
    """
    outcome = load_and_check(ctx, repo_dir, as_of)
    if outcome.compliance is None:
        errors = [d for d in outcome.diagnostics if d.severity == "error"][:10]
        detail = "；".join(f"{d.file}: {d.message}" for d in errors)
        raise CannotRun(str(NoCompliance(f"没有可用的制度或校历，无法计算完成情况。{detail}")))
    click.echo(json.dumps(outcome.compliance.to_json(outcome.diagnostics), ensure_ascii=False, indent=1))
