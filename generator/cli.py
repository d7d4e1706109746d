"""Command line: a thin layer that translates options into library calls and errors into exit statuses.

Every domain error of ``generator.errors`` becomes one Chinese line: invalid records exit 1,
anything that keeps the command from running exits 2 (contract §7).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import reporters, runcache
from .clibase import (
    CannotRun,
    ChineseGroup,
    cached_findings,
    common_options,
    load_and_check,
    parse_as_of,
    prog,
    repo_root,
    use_cache,
)
from .cliexport import export_cmd
from .diagnostics import Diagnostic
from .errors import BadPath, GeneratorError, GitProblem, NoCompliance, NotARepository, RecordsInvalid
from .reporters import Selection

if TYPE_CHECKING:  # the commands import the pipeline when they run (validate from the run cache never does)
    from .pipeline import Outcome


def as_of_note(outcome: Outcome | runcache.Findings) -> str:
    return reporters.as_of_line(outcome.as_of, outcome.as_of_source)


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


FORMATS = ["text", "json", "github", "gitea", "gitlab"]
GITLAB_REPORT = Path("gl-code-quality-report.json")


@main.command()
@common_options
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]...")
@click.option("--path", "more_paths", multiple=True, type=click.Path(path_type=Path), metavar="路径",
              help="只列出这个文件或文件夹的检查结果（可写多次；也可以直接把路径写在命令后面）。")
@click.option("--errors-only", is_flag=True, help="只列出错误，不列出警告（最后一行仍给出警告的个数）。")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="输出格式：text 中文说明；json 机器可读；github 拉取请求上的行内批注和摘要；"
                   "gitea 纯文本日志和 Markdown 摘要文件；gitlab 纯文本日志和 Code Quality 报告。")
@click.option("--changed-from", "ref", metavar="REF",
              help="只把本次改动算作提交人的责任：与 REF（例如 origin/main）的合并基准相比，改动过的文件（含未提交、"
                   "未跟踪的文件）中的错误，以及本次改动新引起的错误，才使检查不通过；原有问题只列出个数。")
@click.option("--author", metavar="账号",
              help="提交人（拉取请求作者）的代码托管账号：检查其是否有权修改每个改动的文件。须与 --changed-from 一起用。")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="报告文件：github、gitea 为 Markdown 摘要（默认 $GITHUB_STEP_SUMMARY）；"
                   "gitlab 为 Code Quality JSON（默认 gl-code-quality-report.json）。")
@click.option("--strict", is_flag=True, help="把警告也当作错误（有警告时退出状态为 1）。")
@click.pass_context
def validate(ctx: click.Context, repo_dir: Path | None, as_of: date | None, paths: tuple[Path, ...],
             more_paths: tuple[Path, ...], errors_only: bool, fmt: str, ref: str | None,
             author: str | None, report_path: Path | None, strict: bool) -> None:
    """检查全部名册、制度和记录，一次列出所有问题（错误在前，警告在后）。

    给出路径时只列出这些文件或文件夹的结果，退出状态也只看它们；--errors-only 只列出错误。

    加 --changed-from 时检查一次改动（拉取请求）：先给出结论，再列出改动的文件及其问题、提交人改动前后的完成情况，
    最后是与本次改动无关的已有问题（只计数，不影响结果）。

    退出状态：0 没有错误；1 有错误（--strict 时警告也算）；2 无法运行。

    \b
    示例：
      python -m generator validate
      python -m generator validate --errors-only
      python -m generator validate records/2026-2027-1/wang-jianguo/
      python -m generator validate --repo ../my-records --as-of 2025-01-20 --format json
      python -m generator validate --changed-from origin/main --author wangjg
      python -m generator validate --changed-from origin/main --format gitlab --report gl-code-quality-report.json
    """
    if author is not None and ref is None:
        raise CannotRun("--author 必须与 --changed-from 一起使用（要检查的是一次改动中每个文件的提交权限）。")
    if author is not None and not author.strip():
        raise CannotRun("--author 是空的：CI 没有取到拉取请求的作者。请检查工作流中传给 --author 的变量。")
    if ref is not None:
        ctx.exit(_validate_change(ctx, repo_dir, as_of, fmt, ref, author, report_path, strict))
    checked = cached_findings(ctx, repo_dir, as_of)
    try:
        selection = Selection.under(repo_root(ctx, repo_dir), paths + more_paths, errors_only)
    except BadPath as exc:
        raise CannotRun(str(exc)) from None
    if fmt == "text" and as_of_note(checked):
        click.echo(as_of_note(checked))
    _emit_repo(fmt, selection.apply(checked.diagnostics), checked.as_of, report_path, selection.note(checked.diagnostics))
    # --errors-only changes what is listed, not what fails: --strict still fails on a warning
    in_paths = Selection(paths=selection.paths).apply(checked.diagnostics)
    ctx.exit(1 if any(d.severity == "error" or strict for d in in_paths) else 0)


def _summary_budget(target: Path) -> int:
    """What is left of the runner's summary limit once earlier steps' text is in the file."""
    used = target.stat().st_size if target.is_file() else 0
    return max(reporters.SUMMARY_LIMIT - used, 4096)


def _write(target: Path, text: str, append: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a" if append else "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _summary_target(given: Path | None) -> tuple[Path | None, bool]:
    """Where a Markdown summary goes: --report (overwritten), else $GITHUB_STEP_SUMMARY (appended)."""
    if given is not None:
        return given, False
    env = os.environ.get("GITHUB_STEP_SUMMARY")
    return (Path(env), True) if env else (None, False)


def _forge_report(fmt: str, report_path: Path | None, summary: Callable[[int], str], quality: Callable[[], str],
                  count: int) -> None:
    """The forge's file beside the log: the Markdown step summary (GitHub, Gitea; ``summary`` is
    given the bytes it may use) or the Code Quality report (GitLab, ``count`` findings)."""
    if fmt in ("github", "gitea"):
        target, append = _summary_target(report_path)
        if target is not None:
            _write(target, summary(_summary_budget(target) if append else reporters.SUMMARY_LIMIT), append)
    elif fmt == "gitlab":
        target = report_path or GITLAB_REPORT
        _write(target, quality(), append=False)
        click.echo(f"Code Quality 报告已写入 {target}（{count} 条）。")


def _emit_repo(fmt: str, diags: list[Diagnostic], as_of: date, report_path: Path | None, note: str = "") -> None:
    color = sys.stdout.isatty()
    if fmt == "json":
        click.echo(reporters.as_json(diags, as_of=as_of.isoformat()))
        return
    if fmt == "github":
        out = reporters.github(sorted(diags, key=lambda d: (d.severity != "error", *d.sort_key)))
        if out:
            click.echo(out)
        click.echo(reporters.summary_line(diags))
    else:
        click.echo(reporters.text(diags, color=color and fmt == "text", note=note))
    _forge_report(fmt, report_path, lambda budget: reporters.step_summary(diags, budget),
                  lambda: reporters.code_quality_json(diags), len(diags))


def _own_reports(root: Path, fmt: str, report_path: Path | None) -> list[str]:
    """The report this run writes, if it lies in the repository: a file an earlier run left there
    is not part of the change (else the second local run would count it as an added file)."""
    target = report_path or (GITLAB_REPORT if fmt == "gitlab" else None)
    if target is None:
        return []
    try:
        return [target.resolve().relative_to(root.resolve()).as_posix()]
    except ValueError:
        return []


def _validate_change(ctx: click.Context, repo_dir: Path | None, as_of: date | None, fmt: str, ref: str,
                     author: str | None, report_path: Path | None, strict: bool) -> int:
    # Reviewing runs the pipeline twice and renders for the forges: import only when asked to.
    from .review import ci, render, review

    root = repo_dir or ctx.obj.get("repo") or Path(".")
    try:
        done = review(root, ref, author, as_of or ctx.obj.get("as_of"), strict, ignore=_own_reports(root, fmt, report_path),
                      cache=use_cache(ctx))
    except (NotARepository, GitProblem) as exc:
        raise CannotRun(str(exc)) from None
    if fmt == "json":
        click.echo(render.as_json(done))
    elif fmt == "github":
        click.echo(ci.github_log(done))
    else:
        click.echo(render.text(done))
    _forge_report(fmt, report_path, lambda budget: ci.summary(done, budget), lambda: ci.gitlab_report(done),
                  len(done.findings))
    return 1 if done.failed else 0


@main.command()
@common_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"), metavar="文件夹",
              show_default=True, help="输出文件夹：内部站点在 DIR/internal，公开站点在 DIR/public。")
@click.option("--work", "work_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"), metavar="文件夹",
              show_default=True, help="生成的 Markdown 页面、mkdocs 配置和生成器输出所在的文件夹；保留它，下次只重新生成有变化的页面。")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="站点生成器：mkdocs（Material 主题）或 Zensical（Material 的后继，同一份 mkdocs.yml）。")
@click.pass_context
def build(ctx: click.Context, repo_dir: Path | None, as_of: date | None, out_dir: Path, work_dir: Path,
          engine: str) -> None:
    """检查全部记录，没有错误时生成内部站点和公开站点。

    有错误时不生成任何页面，退出状态为 1。

    \b
    示例：
      python -m generator build
      python -m generator build --out /var/www/contact --as-of 2025-01-20
      python -m generator build --engine zensical
    """
    from . import builder  # site code is heavy: import only when building

    outcome = load_and_check(ctx, repo_dir, as_of)
    if as_of_note(outcome):
        click.echo(as_of_note(outcome), err=True)
    try:
        srcs = builder.sources(outcome, cache=use_cache(ctx))
        click.echo(reporters.build_summary(outcome.diagnostics, prog()), err=True)
        for site in builder.build_sites(srcs.sites, work_dir, out_dir, engine, jobs=os.cpu_count() or 1):
            s = site.stats
            how = f"增量生成，{s.changed} 个页面有变化" if s.incremental else "完整生成"
            click.echo(f"{site.title}：{s.pages} 个页面（{how}），用时 {s.seconds:.1f} 秒 → {s.site_dir}", err=True)
        added = builder.register_numbers(outcome, srcs.new_numbers)
        if added and outcome.repo.ledger is not None:
            click.echo(f"信息公开目录新登记 {added} 个索取号，已追加到 {outcome.repo.ledger.path}，请提交这个文件。", err=True)
    except RecordsInvalid:
        click.echo(reporters.first_errors(outcome.diagnostics, prog()), err=True)
        ctx.exit(1)
    except GeneratorError as exc:
        raise CannotRun(str(exc)) from None
    click.echo(f"在浏览器中查看内部站点：运行 {prog()} serve（请通过网址访问，直接双击打开 HTML 文件时部分链接和搜索不能使用）。",
               err=True)


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
    try:
        pieces = runcache.report(repo_root(ctx, repo_dir), as_of or ctx.obj.get("as_of"), use_cache(ctx))
        for chunk in reporters.chunked(pieces):  # streamed: 100,000 results are never one string
            click.echo(chunk, nl=False)
        click.echo()
    except NotARepository as exc:
        raise CannotRun(str(exc)) from None
    except NoCompliance as exc:
        raise CannotRun(str(exc)) from None


@main.command()
@common_options
@click.option("--forge", type=click.Choice(["all", "github", "gitea", "gitlab"]), default="all", show_default=True,
              help="生成哪个平台的文件：github 写 .github/CODEOWNERS，gitea 写 .gitea/CODEOWNERS，"
                   "gitlab 写 .gitlab/CODEOWNERS；all 三个都写。")
@click.option("--check", is_flag=True, help="只检查已有文件是否与名册一致，不写入；不一致或缺少时退出状态为 1。")
@click.pass_context
def codeowners(ctx: click.Context, repo_dir: Path | None, as_of: date | None, forge: str, check: bool) -> None:
    """根据名册生成 CODEOWNERS：每个人的记录文件夹归本人、联络员（单位归书记）和管理员，其他文件归管理员。

    配合代码托管平台的“需要代码所有者审核”分支保护使用（见 README）。名册改动后重新运行并提交；
    已提交的文件与名册不一致时，validate 会给出 codeowners-stale 警告。

    \b
    示例：
      python -m generator codeowners
      python -m generator codeowners --forge gitea
      python -m generator codeowners --check
    """
    from . import codeowners as owners
    from .rights import Rights

    outcome = load_and_check(ctx, repo_dir, as_of)
    institution = outcome.repo.institution
    if institution is None:
        raise CannotRun("rosters/institution.yml 无法读取，不知道管理员是谁。请先运行 python -m generator validate 修正名册。")
    forges = owners.FORGES if forge == "all" else (forge,)
    results = owners.sync(outcome.repo.root, Rights.of(outcome.roster, institution), forges, write=not check)
    for rel, fresh in results:
        state = "与名册一致" if fresh else ("与名册不一致或不存在" if check else "已生成")
        click.echo(f"{rel}：{state}")
    ctx.exit(1 if check and not all(fresh for _, fresh in results) else 0)


def _parse_time(_: click.Context | None, __: click.Parameter | None, value: str | None) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value.strip().zfill(5))
    except ValueError:
        raise click.BadParameter(f"“{value}”不是时间，请写成 14:30 的形式。") from None


def _actor_of(outcome: Outcome) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value not in outcome.repo.people and value not in outcome.repo.units:
            raise click.BadParameter(f"“{value}”不在名册中：填报人应为 rosters/people.yml 中的人员标识，或单位标识。")
        return value
    return check


def _type_of(types: Mapping[str, Any]) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value not in types:
            raise click.BadParameter(f"“{value}”不是制度中声明的活动类型。可用：{'、'.join(types)}。")
        return value
    return check


def _targets_of(outcome: Outcome, offered: list[tuple[str, str]]) -> Callable[[str], list[str]]:
    def check(value: str) -> list[str]:
        picked = []
        for item in value.replace("，", ",").replace(",", " ").split():
            ref = offered[int(item) - 1][0] if item.isdigit() and 0 < int(item) <= len(offered) else item
            if ref not in outcome.roster.ids:
                raise click.BadParameter(f"“{item}”既不是上面的编号，也不是名册中的对象或单位标识。")
            picked.append(ref)
        return list(dict.fromkeys(picked))
    return check


def _ask_targets(outcome: Outcome, by: str, day: date) -> list[str]:
    from . import scaffold

    offered = scaffold.offered_targets(outcome, by, day)
    if offered:
        click.echo(f"{day} 分配给“{outcome.roster.name(by)}”的联系对象：")
        for i, (ref, label) in enumerate(offered, start=1):
            click.echo(f"  {i}. {ref}  {label}")
    else:
        click.echo(f"{day} 没有分配给“{outcome.roster.name(by)}”的联系对象，可以直接填写对象标识。")
    checked: list[str] = click.prompt("联系对象（填编号或标识，多个用空格分隔；没有可直接回车）", default="",
                                      show_default=False, value_proc=_targets_of(outcome, offered))
    return checked


def _ask(outcome: Outcome, opts: dict[str, Any]) -> dict[str, Any]:
    """Ask in Chinese for what the options left out; check what they gave."""
    from .scalars import parse_date

    policy = outcome.repo.policy
    assert policy is not None
    types = policy.activity_types
    by = _actor_of(outcome)(opts["by"]) if opts["by"] else click.prompt(
        "填报人标识（rosters/people.yml 中的 id；以单位名义开展活动时写单位 id）", value_proc=_actor_of(outcome))
    day = opts["day"] or click.prompt("活动日期（YYYY-MM-DD）", default=outcome.as_of.isoformat(), value_proc=parse_date)
    if opts["type"]:
        kind = _type_of(types)(opts["type"])
    else:
        click.echo("活动类型：" + "；".join(f"{k}（{v.name}）" for k, v in types.items()))
        kind = click.prompt("活动类型标识", value_proc=_type_of(types))
    targets = _targets_of(outcome, [])(opts["targets"]) if opts["targets"] is not None else _ask_targets(outcome, by, day)
    start, end = opts["start"], opts["end"]
    if types[kind].requires_duration:
        start = start or click.prompt(f"“{types[kind].name}”须填写开始时间（HH:MM）", value_proc=lambda v: _parse_time(None, None, v))
        end = end or click.prompt("结束时间（HH:MM）", value_proc=lambda v: _parse_time(None, None, v))
    summary = opts["summary"] or click.prompt("工作简况（一两句话，不写身份证号、手机号）")
    return {"by": by, "date": day, "type": kind, "targets": targets, "start": start, "end": end,
            "summary": summary.strip(), "slug": opts["slug"]}


@main.command("new")
@common_options
@click.option("--by", metavar="标识", help="填报人：人员标识；以单位名义开展活动时写单位标识。")
@click.option("--date", "day", callback=parse_as_of, metavar="YYYY-MM-DD", help="活动日期（默认今天）。")
@click.option("--type", "kind", metavar="类型", help="活动类型：制度中声明的标识，例如 dorm-visit。")
@click.option("--targets", metavar="标识", help="联系对象的标识，多个用逗号或空格分隔；没有时写空字符串。")
@click.option("--start", callback=_parse_time, metavar="HH:MM", help="开始时间（可选；须填时长的活动必填）。")
@click.option("--end", callback=_parse_time, metavar="HH:MM", help="结束时间。")
@click.option("--summary", metavar="文字", help="工作简况，一两句话。")
@click.option("--slug", metavar="英文名", help="文件名中日期后面的部分（默认用活动类型，例如 dorm-visit）。")
@click.pass_context
def new(ctx: click.Context, repo_dir: Path | None, as_of: date | None, by: str | None, day: date | None,
        kind: str | None, targets: str | None, start: time | None, end: time | None, summary: str | None,
        slug: str | None) -> None:
    """在正确的位置新建一条记录：缺少的内容会用中文逐项询问，联系对象先列出分配给你的对象。

    不会覆盖已有的文件。写好后立即检查；有错误时不保存文件，列出错误，退出状态为 1。

    \b
    示例：
      python -m generator new
      python -m generator new --by wang-jianguo --date 2024-10-15 --type dorm-visit --targets dorm-12-305 --summary 与宿舍同学座谈。
    """
    from . import scaffold

    outcome = load_and_check(ctx, repo_dir, as_of)
    if outcome.repo.policy is None or outcome.calendar is None:
        raise CannotRun("没有可用的制度或校历，不知道有哪些活动类型、记录放在哪个学期。请先运行 python -m generator validate 修正名册和制度。")
    answers = _ask(outcome, {"by": by, "day": day, "type": kind, "targets": targets, "start": start, "end": end,
                             "summary": summary, "slug": slug})
    root = outcome.repo.root
    try:
        rel = scaffold.write(root, outcome, scaffold.Draft(**answers))
    except scaffold.RecordExists as exc:
        raise CannotRun(str(exc)) from None
    found = scaffold.check(root, rel, outcome)
    if any(d.severity == "error" for d in found):
        (root / rel).unlink()
        click.echo(reporters.text(found), err=True)
        click.echo(f"{rel} 有错误，没有保存。请改正后重新运行。", err=True)
        ctx.exit(1)
    if found:
        click.echo(reporters.text(found))
    click.echo(f"已新建 {rel}。可以在第二个“---”之后补写详细情况（只在内部站点显示），然后提交（例如发起拉取请求）。")


@main.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听的地址。默认只允许本机访问；内部站点含有个人信息，不要改成 0.0.0.0。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), metavar="端口",
              help="监听的端口；被占用时换一个，例如 --port 8001。")
@click.option("--work", "work_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/serve"),
              metavar="文件夹", show_default=True, help="生成的页面所在的文件夹。")
@click.pass_context
def serve(ctx: click.Context, repo_dir: Path | None, as_of: date | None, host: str, port: int, work_dir: Path) -> None:
    """生成内部站点，在本机浏览器中查看；修改记录、名册或制度后自动重新生成并刷新页面。

    在浏览器中打开终端里显示的网址（默认 http://127.0.0.1:8000/）。按 Ctrl+C 停止。

    \b
    示例：
      python -m generator serve
      python -m generator serve --port 8001 --as-of 2026-11-20
    """
    from . import serve as preview  # mkdocs' server is heavy: import only when serving

    root = repo_root(ctx, repo_dir)
    if not root.is_dir():
        raise CannotRun(f"文件夹“{root}”不存在。")
    try:
        preview.serve(root, host, port, work_dir, as_of or ctx.obj.get("as_of"), prog(),
                      lambda text: click.echo(text, err=True))
    except NotARepository as exc:
        raise CannotRun(str(exc)) from None
    except OSError as exc:
        raise CannotRun(f"无法在 {host}:{port} 上提供访问（{exc.strerror or '端口不可用'}）。"
                        "端口可能已被占用，请用 --port 换一个。") from None


main.add_command(export_cmd)
