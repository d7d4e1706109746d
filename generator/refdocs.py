"""Render docs/reference/*.md from the schema and the command line, so the reference never drifts.

Run ``python -m generator.refdocs`` after changing ``schema.py`` or a command's help, and commit the
result; ``--check`` (run by tests/test_docs.py) fails when a committed page is out of date.
docs/reference/diagnostics.md is hand-written and not touched here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from pydantic import BaseModel

from . import clizh, reviewfiles, schema
from .cli import main as cli_main
from .periods import DEFAULT_DUE
from .schemadoc import anchor, doc, model_table, models_under

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "docs/reference"
REGENERATE = "python -m generator.refdocs"
HELP_WIDTH = 100  # pinned so the CLI page does not depend on the terminal that generated it

GENERATED_NOTE = (
    "<!-- 本文件由 python -m generator.refdocs 从代码生成，请勿手工修改："
    "改动 generator/schema.py 或命令的帮助文字后重新运行该命令。 -->"
)

# --------------------------------------------------------------------------- pages

@dataclass(frozen=True)
class Example:
    """A file shown in the docs; ``path`` titles the code block and tells the tests its model."""

    path: str
    text: str
    lang: str = "yaml"


@dataclass(frozen=True)
class Section:
    title: str
    intro: str
    example: Example
    model: type[schema.Model]


def render_schema_page(title: str, intro: str, sections: Sequence[Section]) -> str:
    out = [GENERATED_NOTE, "", f"# {title}", "", intro.strip(), ""]
    shown: set[type[BaseModel]] = set()
    for section in sections:
        out += [f"## {section.title}", "", section.intro.strip(), ""]
        ex = section.example
        out += [f'```{ex.lang} title="{ex.path}"', ex.text.strip("\n"), "```", ""]
        for model in models_under(section.model):
            if model in shown:
                continue
            shown.add(model)
            out += [f'<a id="{anchor(model)}"></a>', "", f"### {model.__name__}", ""]
            out += [doc(model), "", model_table(model), ""]
    return "\n".join(out).rstrip("\n") + "\n"


RECORD_EXAMPLE_PATH = "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md"
RECORD_EXAMPLE = """\
---
by: wang-jianguo                    # 填报人：人员标识，以单位名义开展活动时写单位标识
date: 2024-10-15
start: "14:30"                      # 可选；与 end 一起给出活动时长
end: "16:00"
type: dorm-visit                    # 活动类型，须在制度中声明
targets: [dorm-12-305]              # 联系对象的标识（网上发帖等可以为空）
with: [li-hong]                     # 同时参加并一同计入的其他人员（可选）
location: 12栋305                    # 可选
summary: 与宿舍同学座谈，了解学习和生活情况。   # 工作简况，一两句话，必填
guidance: [思政引导, 学业辅导]         # 可选，引导类别（五导），须在制度中声明
visibility: internal                # public | internal | restricted；省略时取活动类型的默认值
problems:                           # 可选：发现的问题或诉求
  - summary: 宿舍热水供应不稳定
    refer_to: logistics-dept         # 转交办理的单位标识
    status: resolved                 # open | in-progress | resolved
    resolved: 2024-10-22             # 状态为 resolved 时必填
    resolution: 已更换热水器
amends: records/2024-2025-1/wang-jianguo/2024-10-14-dorm-visit.md   # 仅更正记录填写
reason: 日期填写错误                  # 填写 amends 时必填
---
正文：详细记录（内部可见）。
"""

RECORDS_INTRO = """\
每次联系活动写成一个 Markdown 文件，放在
`records/<学期标识>/<填报人标识>/<YYYY-MM-DD>-<简短英文名>.md`，例如
`records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md`。文件夹名必须与文件头一致：
填报人文件夹与 `by` 相同，文件名开头的日期与 `date` 相同，学期文件夹是包含 `date` 的学期
（两个学期之间的日期写 `no-term`）。文件名只能用小写英文字母、数字和连字符。

文件以一行 `---` 开始，接着是文件头（“字段: 值”），再以一行 `---` 结束，后面是正文。
文件头中不能出现下表以外的字段；日期一律写成 `2024-10-15` 的形式。
检查发现的问题及改法见[诊断代码](diagnostics.md)。"""


REVIEW_EXAMPLE = """\
reviewer: zhou-lin                  # 审查人：disclosure.reviewers 中的人员标识，本人的账号提交
date: 2025-01-20                    # 审查日期：同意公开的内容从这一天起发布
items:                              # 每一项从内部站点“保密审查”页面复制
  - record: records/2024-2025-1/wang-jianguo/2024-10-15-canteen-meal.md
    sha256: 0e740f95787a58b0be0fc800e51f3be7f339c6311b83b5001acf7320e8238afc
    decision: publish               # publish 同意公开 | withhold 不予公开
  - record: records/2024-2025-1/wang-jianguo/2024-10-18-class-observation.md
    sha256: 9c1f0ee0d6d1f2d42f76f1ee1e4bd9a7e7c5a35c2b5f1e0a3d8c4b2a1f0e9d8c
    decision: withhold
    note: 涉及学生家庭情况，请改写后再报    # 审查意见，仅内部可见
"""
REVIEW_INTRO = """\
公开记录（`visibility: public`）的日期、活动类型、同行人员（`with`）和工作简况，经保密审查人审查同意后才发布到公开站点。
审查记录放在 `reviews/` 文件夹，一名审查人一次审查写一个文件，文件名随意（例如 `reviews/2025-01-20-zhou-lin.yml`）。
`sha256` 是记录当时公开内容的摘要：把四行 `date: …`、`type: …`、`with: 标识, 标识`、`summary: 工作简况`
（工作简况中的连续空白合并为一个空格，行尾不留空格，行间用换行分隔，末尾不加换行）按 UTF-8 计算 SHA-256，
写成 64 位小写十六进制；内部站点“保密审查”页面已为每条待审查的记录算好。此后这四项中任何一项改动，摘要就不相符，
审查失效，记录回到待审查。`reviews/` 下的文件只能由署名的审查人本人的账号提交（管理员也不行）。"""


def records_page() -> str:
    section = Section(
        "记录文件",
        "下面是一条填写完整的记录。`amends` 和 `reason` 只在更正已锁定的记录时填写，平时不写。",
        Example(RECORD_EXAMPLE_PATH, RECORD_EXAMPLE, "markdown"),
        schema.RecordMeta,
    )
    review = Section("保密审查记录", REVIEW_INTRO, Example("reviews/2025-01-20-zhou-lin.yml", REVIEW_EXAMPLE),
                     reviewfiles.Review)
    return render_schema_page("记录格式", RECORDS_INTRO, [section, review])


ROSTER_EXAMPLES = {
    "rosters/institution.yml": """\
name: 示例职业技术学院
code: "12345"                       # 机构编号，用于公开目录的索取号
timezone: Asia/Shanghai
policy: policies/example-2024.yml
admins: [org-dept-bot, zhoulin]     # 可以修改 rosters/ 和 policies/ 的账号
locked_through: 2025-01-31          # 此日期及以前的记录已锁定
disclosure:
  publisher: 中共示例职业技术学院委员会组织部
  category: "0103"
  reviewers: [zhou-lin]             # 保密审查人：公开记录经其中一人审查同意后才发布
""",
    "rosters/calendar.yml": """\
terms:
  - id: 2024-2025-1                 # 起始年-结束年-1 或 2
    name: 2024—2025学年第一学期
    start: 2024-09-02               # 第一个教学日
    end: 2025-01-17                 # 学期最后一天（含考试周）
    breaks:                         # 学期内的假期
      - {name: 国庆节, start: 2024-10-01, end: 2024-10-07}
    makeup_days: [2024-10-12]       # 调休上课的周末
  - id: 2024-2025-2
    name: 2024—2025学年第二学期
    start: 2025-02-17
    end: 2025-07-04
""",
    "rosters/units.yml": """\
- {id: party-committee, name: 中共示例职业技术学院委员会, kind: committee}
- {id: logistics-dept, name: 后勤管理处, kind: department}
- {id: nursing-school, name: 护理学院, kind: school}
- {id: branch-admin-1, name: 机关第一党支部, kind: branch, parent: party-committee}
- {id: nursing-general-branch, name: 护理学院党总支, kind: general-branch, parent: party-committee}
- id: nursing-branch-1
  name: 护理学院学生第一党支部
  kind: branch
  parent: nursing-general-branch
  secretary: li-hong
""",
    "rosters/people.yml": """\
- id: wang-jianguo
  name: 王建国
  unit: party-committee
  title: 党委书记
  roles: [leadership, party-secretary]   # 制度中声明的角色
  branch: branch-admin-1
  since: 2021-07-01
  accounts: [wangjg]                # 可以为本人提交记录的账号
  liaisons: [liu-xiaomei]           # 可以代为填报的联络员
  channels: [wechat]
  public: true                      # 可以在公开站点上署名
- id: li-hong
  name: 李红
  unit: nursing-school
  title: 党总支书记
  roles: [middle-cadre]
  accounts: [lihong]
- id: liu-xiaomei
  name: 刘晓梅
  unit: party-committee
  title: 党委办公室秘书
  branch: branch-admin-1
""",
    "rosters/targets.yml": """\
- id: class-2024-nursing-1
  kind: class
  name: 护理2024级1班
  unit: nursing-school
  enrolled: 2024                    # 入学年份
  level: vocational
- {id: dorm-12-305, kind: dorm, name: 12栋305, members: [stu-0001, stu-0002]}
- {id: stu-0001, kind: student, name: 陈小雨, unit: nursing-school, enrolled: 2024}
- {id: stu-0002, kind: student, name: 刘晓, unit: nursing-school, enrolled: 2024, tags: [困难学生]}
- {id: stu-0003, kind: student, name: 周明, unit: nursing-school, sensitive: true}   # 绝不公开
- {id: teacher-chen-jing, kind: teacher, name: 陈静, unit: nursing-school, tags: [青年教师]}
- {id: course-sixiang, kind: course, name: 思想道德与法治, tags: [思政课]}
""",
    "rosters/assignments.yml": """\
- actor: wang-jianguo               # 人员标识，或单位标识（党支部可以联系班级）
  targets: [nursing-general-branch, nursing-school, teacher-chen-jing, dorm-12-305]
  since: 2024-09-01
- actor: nursing-branch-1
  targets: [class-2024-nursing-1]
""",
    "rosters/leaves.yml": """\
- {person: li-hong, start: 2024-11-04, end: 2024-11-29, reason: 外出培训}
""",
}

ROSTER_NOTES = {
    "rosters/institution.yml": "每个仓库一个，写明由谁发布、执行哪套制度。",
    "rosters/calendar.yml": (
        "校历决定哪些天是教学日：学期内的周一至周五，去掉假期，加上调休上课的周末。"
        "完成情况只在教学日足够多的周期内才要求。"
    ),
    "rosters/units.yml": "党委、党总支、党支部、院系、机关部门、教研室等组织。",
    "rosters/people.yml": "填写记录的干部和党员教师。",
    "rosters/targets.yml": (
        "不属于组织的联系对象：班级、宿舍、社团、学生、教师、课程。"
        "记录和联系分配中也可以直接写单位标识作为联系对象（例如联系某个党支部）。"
    ),
    "rosters/assignments.yml": "谁对口联系谁，以及起止日期。",
    "rosters/leaves.yml": (
        "可选文件。请假、借调、挂职期间不计入应完成的教学日。内容只在内部使用，绝不公开。"
    ),
}

ROSTERS_INTRO = f"""\
名册放在 `rosters/` 文件夹，共 {len(schema.ROSTER_FILES)} 个 YAML 文件（`leaves.yml` 可以省略）。
人员、单位、联系对象的标识（`id`）共用一个命名空间，必须互不相同；标识只能由小写英文字母、
数字和连字符组成，以字母或数字开头，最长 64 个字符。中文名称写在 `name` 中。
修改名册需要管理员账号（见 `institution.yml` 的 `admins`）。
检查发现的问题及改法见[诊断代码](diagnostics.md)。"""


def rosters_page() -> str:
    sections = []
    for rel, (model, is_list) in schema.ROSTER_FILES.items():
        shape = (
            f"文件内容是一个列表，每一项以“- ”开头，是一个 [{model.__name__}](#{anchor(model)})。"
            if is_list
            else f"文件内容是一个 [{model.__name__}](#{anchor(model)})。"
        )
        example = Example(rel, ROSTER_EXAMPLES[rel])
        sections.append(Section(f"`{rel}`", f"{ROSTER_NOTES[rel]}{shape}", example, model))
    return render_schema_page("名册格式", ROSTERS_INTRO, sections)


POLICY_EXAMPLE = """\
id: example-2024
title: 示例职业技术学院领导干部联系师生工作制度
document: 示院党〔2024〕1号
roles:
  leadership: 校领导班子成员
  party-secretary: 党委书记
  middle-cadre: 中层干部
  party-teacher: 党员教师
guidance: [思政引导, 学业辅导, 心理疏导, 成长指导, 言行示导]
sensitive_tags: [困难学生]
activity_types:
  dorm-visit:       {name: 进宿舍, carrier: 宿舍, face_to_face: true}
  canteen-meal:     {name: 进食堂, carrier: 食堂, face_to_face: true, max_per_day: 1}
  class-observation: {name: 听课, carrier: 课堂, face_to_face: true}
  online-contact:   {name: 进网络, carrier: 网络}
  onsite-office:    {name: 驻点办公, face_to_face: true, requires_duration: true}
  counselling:      {name: 心理疏导谈话, face_to_face: true, visibility: restricted}
filing: {within_days: 31}           # 活动后 31 天内提交，否则提示补录过晚
problems: {respond_within_days: 10}
rules:
  - id: weekly-face
    title: 每周“面对面”接触学生不少于1次
    source: 四(一)2                  # 出处条款
    level: mandatory                 # mandatory 必须 | advisory 倡导
    who: {roles: [leadership]}
    count:                           # 哪些记录计入；列出的条件都要满足
      types: [dorm-visit, canteen-meal, class-observation]
      face_to_face: true
      target_kinds: [class, dorm, club, student]
    per: week
    min: 1
  - id: onsite-hours
    title: 每学期驻点办公不少于8小时
    who: {roles: [middle-cadre]}
    count: {types: [onsite-office]}
    per: semester
    min: 2
    min_hours: 8
assignment_rules:
  - id: branch-classes
    title: 每个党支部对口联系2-3个班级
    who: {kinds: [branch]}
    target_kinds: [class]
    min: 2
    max: 3
    grade: {max_year: 2}             # 只联系一、二年级的班级
coverage_rules:
  - id: every-student-covered
    title: 困难学生全覆盖
    target_kinds: [student]
    target_tags: [困难学生]
    by: {roles: [party-teacher]}
profile_rules:
  - id: leaders-online
    title: 校领导须开设网络联系渠道
    level: advisory
    who: {roles: [leadership]}
    require: [channels]
reports:
  - id: teacher-form
    title: 党员教师工作记录表
    kind: form
    per: semester
    who: {roles: [party-teacher]}
"""

def _due_defaults() -> str:
    return "、".join(f"`{kind}` {days} 天" for kind, days in DEFAULT_DUE.items())


POLICY_INTRO = f"""\
制度文件放在 `policies/` 文件夹，每个文件对应一份制度文件（例如学校党委印发的联系师生工作制度），
由 `rosters/institution.yml` 的 `policy` 指定使用哪一个。制度声明角色、活动类型和引导类别，
并用规则写明“谁、在什么周期内、至少完成多少”。

周期（`per`）的写法：`week` 周（周一至周日）、`biweek` 两周（从学期第一周起每两周）、`month` 月、
`quarter` 季度、`half-year` 半年、`semester` 学期、`academic-year` 学年、`year` 自然年。
一个周期内本人在岗的教学日少于下列天数时，这个周期不作要求（记为免于考核）：{_due_defaults()}。
可以用制度的 `due` 或规则的 `due_min_teaching_days` 调整。

制度可以用 `extends` 继承上级制度：同标识的本地规则替换继承的规则，要求降低时会给出警告。
修改制度需要管理员账号。检查发现的问题及改法见[诊断代码](diagnostics.md)。"""


def policy_page() -> str:
    section = Section(
        "制度文件",
        "下面是一份简短的制度，每一种规则各举一例。",
        Example("policies/example-2024.yml", POLICY_EXAMPLE),
        schema.Policy,
    )
    return render_schema_page("制度格式", POLICY_INTRO, [section])


# --------------------------------------------------------------------------- command line

CLI_INTRO = """\
用法：`python -m generator [全局选项] 命令 [选项]`。`--repo` 和 `--as-of` 既可以写在命令前，
也可以写在命令后。下面是各命令的帮助文字（与运行 `--help` 看到的相同）。
检查输出中的诊断代码见[诊断代码](diagnostics.md)。"""


def _help(
    command: click.Command, name: str, parent: click.Context | None
) -> tuple[str, click.Context]:
    ctx = command.make_context(
        name, [], parent=parent, resilient_parsing=True, terminal_width=HELP_WIDTH
    )
    text = "\n".join(line.rstrip() for line in command.get_help(ctx).splitlines())
    return text, ctx


def commands(
    group: click.Group = cli_main, prog: str = "python -m generator"
) -> list[tuple[str, str]]:
    """(full command, help text) for the group and each subcommand, in registration order."""
    clizh.install()
    text, ctx = _help(group, prog, None)
    out = [(prog, text)]
    for name, command in group.commands.items():
        out.append((f"{prog} {name}", _help(command, name, ctx)[0]))
    return out


REVIEW_NOTES = """\
## 检查一次改动：`validate --changed-from REF`

改动是 REF 与 HEAD 的合并基准和工作区之间新增、修改、删除、改名的文件（含未提交、未跟踪的文件）。
合并基准时的仓库和当前工作区用同一条流水线检查，每个问题归入一类：

| 类别（JSON 的 `scope`） | 含义 | 是否使检查不通过 |
| --- | --- | --- |
| 本次修改的文件（`changed`） | 改动的文件中的全部问题，以及提交权限（`git-not-allowed`）和锁定期（`git-locked`）的问题 | 错误是；`--strict` 时警告也是 |
| 本次修改引起的其他问题（`introduced`） | 其他文件中合并基准时没有的问题，例如名册改动使旧记录失效 | 同上 |
| 已有问题（与本次修改无关）（`existing`） | 其他文件中合并基准时已有的问题，只按代码计数 | 否 |

两边的问题按（代码、文件、说明）比较，与行号无关。每种格式都先给出结论一行，再列改动的文件、其他新问题、
改动涉及的每个人改动前后的完成情况和本周、本月还需完成的内容，最后是已有问题的计数：

- `text`：以上内容的中文说明；
- `json`：`validate --format json` 的全部字段，每条诊断另有 `scope` 和 `blocking`，另有 `verdict`、`verdict_text`、
  `blocking`、`changed_from`、`author`、`changes`、`fixed`、`standing`；
- `github`：只为改动的文件输出批注命令（错误在前），其余写入日志；步骤摘要（`$GITHUB_STEP_SUMMARY` 或 `--report`）
  不超过 1 MiB，放不下的部分注明省略了多少行；
- `gitea`：纯文本日志，Markdown 摘要写入 `--report`（默认 `$GITHUB_STEP_SUMMARY`）；
- `gitlab`：纯文本日志，Code Quality 报告写入 `--report`（默认 `gl-code-quality-report.json`）。

`--author` 须与 `--changed-from` 一起使用。Git 不可用、不在 Git 仓库中或找不到 REF 时无法运行（退出状态 2）。
详细的规则见 `docs/decisions.md`。"""


def cli_page() -> str:
    out = [GENERATED_NOTE, "", "# 命令行", "", CLI_INTRO, ""]
    for full, text in commands():
        out += [f"## `{full}`", "", "```text", text, "```", ""]
    out += [REVIEW_NOTES, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- files

def render() -> dict[str, str]:
    """Every generated page: repository-relative path -> text."""
    return {
        f"{REFERENCE}/records.md": records_page(),
        f"{REFERENCE}/rosters.md": rosters_page(),
        f"{REFERENCE}/policy.md": policy_page(),
        f"{REFERENCE}/cli.md": cli_page(),
    }


def stale(root: Path = ROOT) -> list[str]:
    """Generated pages whose committed text differs from what would be generated now."""
    out = []
    for rel, text in render().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    return out


def write(root: Path = ROOT) -> list[str]:
    """Write every page that changed; return their paths."""
    changed = stale(root)
    pages = render()
    for rel in changed:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pages[rel], encoding="utf-8", newline="\n")
    return changed


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--check", is_flag=True,
    help="只检查不写入：提交的文件与生成结果不一致时列出文件，退出状态为 1。",
)
def refdocs(check: bool) -> None:
    """从代码生成 docs/reference/ 下的参考文档：记录格式、名册格式、制度格式和命令行。

    docs/reference/diagnostics.md 是手写的，不由本命令生成。

    \b
    示例：
      python -m generator.refdocs            # 重新生成并写入
      python -m generator.refdocs --check    # 检查提交的文档是否最新（CI 中使用）
    """
    if check:
        outdated = stale()
        for rel in outdated:
            click.echo(f"{rel} 与生成结果不一致。请运行 {REGENERATE} 重新生成并提交。", err=True)
        if outdated:
            raise click.exceptions.Exit(1)
        click.echo("参考文档是最新的。", err=True)
        return
    changed = write()
    done = "已更新：" + "、".join(changed) if changed else "参考文档已是最新，无需改动。"
    click.echo(done, err=True)


if __name__ == "__main__":
    refdocs()
