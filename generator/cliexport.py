"""The ``export`` command: the office outputs a policy declares, written to a file or folder."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from . import reporters
from .clibase import CannotRun, common_options, load_and_check
from .errors import GeneratorError

EXPORT_KINDS = ["ledger", "forms", "allocation", "summary", "workload", "veto", "workday-share", "time-share",
                "guidance-coverage", "problems", "export", "ics"]


@click.command("export")
@common_options
@click.argument("kind", type=click.Choice(EXPORT_KINDS), metavar="类别")
@click.option("--term", metavar="学期", help="学期标识，例如 2024-2025-1（默认：统计日期所在的学期；台账默认为全部学期）。")
@click.option("--month", metavar="YYYY-MM", help="只导出这个月的表格（按月填写的记录表）。")
@click.option("--actor", metavar="标识", help="只导出这个人（或单位）的。")
@click.option("--unit", metavar="标识", help="只导出这个单位的人员的。")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, metavar="路径",
              help="输出文件：.xlsx；forms 也可以是 .html（打印版）；ics 加 --actor 时为 .ics 文件，否则为文件夹。")
@click.pass_context
def export_cmd(ctx: click.Context, repo_dir: Path | None, as_of: date | None, kind: str, term: str | None,
               month: str | None, actor: str | None, unit: str | None, out: Path) -> None:
    """导出制度要求的输出。类别：ledger 台账、forms 记录表、allocation 分配名单、summary 学期汇总、workload 工作量、veto 一票否决提示、
    workday-share 工作日占比、time-share 联系学生时间占比、guidance-coverage 五导覆盖、problems 问题办理、
    export 报送数据、ics 待办日历。除 ledger 和 ics 外，制度的 reports 中须有对应的输出。有错误的记录时不导出，退出状态为 1。

    \b
    示例：
      python -m generator export ledger --term 2024-2025-1 --out 台账.xlsx
      python -m generator export forms --month 2024-10 --actor wang-jianguo --out 记录表.html
      python -m generator export ics --actor wang-jianguo --out wang-jianguo.ics
    """
    from .exports import Scope
    from .exports import export as write_export

    if actor is not None and unit is not None:
        raise CannotRun("--actor 和 --unit 只能用一个。")
    outcome = load_and_check(ctx, repo_dir, as_of)
    if outcome.has_errors:
        click.echo(reporters.text(outcome.diagnostics, color=sys.stderr.isatty()), err=True)
        click.echo("记录有错误，未导出：有错误的记录不计入，导出的表格会缺少它们。请按上面的说明改正后重试。", err=True)
        ctx.exit(1)
    if outcome.compliance is None:
        raise CannotRun("没有可用的制度或校历，无法导出。请先运行 python -m generator validate 查看原因。")
    try:
        written = write_export(outcome, kind, Scope(term, month, actor, unit), out)
    except GeneratorError as exc:
        raise CannotRun(str(exc)) from None
    click.echo(f"已导出 {len(written)} 个文件：{written[0] if len(written) == 1 else out}", err=True)
