"""The internal site's record form (填报记录): the page, its words, and its data files.

The page is a mount point the form's JavaScript (assets/form.js) fills in: every label and every
sentence it shows comes from ``TEXTS`` here, every rule and message from ``formrules`` and the
validator's catalogue, every fact from ``formdata``. Without JavaScript the page says how to file
by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...urls import Linker
from .. import markup
from ..markup import Trusted
from . import formdata
from .context import Context

PAGE = "form.md"

#: What the form says, by key (assets/form.js prints these and nothing else of its own).
TEXTS: dict[str, str] = {
    "filer": "我是（输入姓名）", "filer_hint": "输入您的姓名后从列表中选择；联络员和支部书记也可以为所联系的人员或单位填报。",
    "actor": "这条记录属于", "actor_self": "本人", "actor_liaison": "（我是联络员）", "actor_unit": "（以单位名义）",
    "all_actors": "列出全部人员和单位（管理员代为填报时用）",
    "date": "活动日期", "start": "开始时间", "end": "结束时间", "times_hint": "选填；驻点办公等活动必须填写起止时间。",
    "type": "活动类型", "type_choose": "请选择活动类型",
    "targets": "联系对象", "targets_hint": "输入名称或标识搜索；先列出分配给您的对象。敏感对象只显示打码后的姓名。",
    "assigned": "分配给您的", "others": "其他", "no_match": "名册中没有找到“{value}”。请换个写法，或从列表中选择。",
    "remove": "移除",
    "with": "同行人员（同时计入）", "with_hint": "一起参加活动、也要计入的其他人员，可以不填。",
    "location": "地点（选填）", "summary": "工作简况", "summary_hint": "一两句话，内部站点显示；设为公开时也会显示在公开站点。",
    "guidance": "引导类别（选填）", "visibility": "公开级别", "visibility_default": "按活动类型默认（{label}）",
    "problems": "发现的问题或诉求（选填）", "problem_add": "添加一个问题", "problem_remove": "删除这个问题",
    "problem_summary": "问题概述（仅内部可见）", "problem_refer": "转交单位", "problem_status": "状态",
    "problem_resolved": "办结日期", "problem_resolution": "办理结果",
    "body": "详细情况（选填，只在内部站点显示）", "more": "文件名（一般不用改）",
    "slug": "文件名中日期后面的部分（小写英文字母、数字和连字符）",
    "loading": "正在读取{name}的记录……", "load_failed": "没能读取{name}的记录，无法检查重复和每日次数，提交后由自动检查把关。",
    "standing": "完成情况（本条记录计入后）", "standing_none": "选择填报人、日期和活动类型后，这里显示本周期的完成情况。",
    "standing_empty": "所选日期所在的周期没有统计数据（本站统计截至 {as_of}，之后开始的周期要等下次生成站点）。",
    "standing_as_of": "统计截至 {as_of}。", "standing_gain": "本条计入",
    "standing_shared": "与“{rules}”分开计数，以提交后的统计为准", "times": "次", "hours": "小时",
    "issues": "检查结果", "issues_none": "没有发现问题。", "errors": "请先改正下面的错误，改正后才能生成文件：",
    "warnings": "提示（不影响提交）：",
    "result": "生成的文件", "path": "文件位置", "download": "下载文件", "copy": "复制内容", "copied": "已复制到剪贴板。",
    "copy_failed": "浏览器不允许自动复制，请选中下面的内容后手动复制。",
    "open_forge": "在 {forge} 上新建这个文件", "open_forge_copy": "复制内容并打开 {forge}",
    "forge_gitlab": "GitLab 的网页编辑器不接受预先填好的内容：点下面的按钮会先把内容复制到剪贴板，再打开新建文件的页面"
                    "（文件名已填好），请在编辑区粘贴（Ctrl+V 或长按粘贴）。",
    "forge_too_long": "这条记录太长（网址超过约 8 KB，常见的代理和平台会截断），不能直接放进网址："
                      "点下面的按钮会先把内容复制到剪贴板，再打开新建文件的页面（文件名已填好），请在编辑区粘贴。",
    "forge_none": "本站没有配置代码托管平台（rosters/institution.yml 的 forge）。请下载或复制文件，交给能提交的同事或管理员。",
    "next_title": "提交之后：发起拉取请求",
    "next": "在打开的页面上确认文件位置和内容，在页面下方选择“为此提交创建一个新分支并发起拉取请求”"
            "（GitHub：Create a new branch for this commit and start a pull request；Gitea：为此提交创建一个新的分支并发起合并请求；"
            "GitLab：填写新分支名并勾选发起合并请求），然后提交。只保存文件而不发起拉取请求，记录不会进入统计。",
    "next_after": "发起后几分钟内，自动检查的结果会显示在拉取请求页面上：通过了，由管理员或负责人审核合并；没通过，"
                  "页面会用中文说明哪一行有什么问题、怎么改，改正后再提交即可。合并后，下一次生成站点时这条记录计入完成情况。",
    "next_offline": "没有平台账号的，下载或复制文件后交给联络员、支部书记或管理员，由他们提交并发起拉取请求。",
    "limits": "表单在提交前做与自动检查相同的检查，但以下几项只在提交后由自动检查完成：工作简况中是否写到了敏感对象的姓名、"
              "首次提交日期（补录过晚按今天估计）、年级要求，以及较早日期的记录是否重复。",
    "needs_script": "填报表单需要浏览器启用 JavaScript。也可以按“填报一条记录”的说明手工新建文件。",
}


@dataclass(frozen=True)
class FormPage:
    institution: str
    as_of: str
    mount: Trusted
    recent_days: int
    forge: str


def form_page(ctx: Context) -> FormPage:
    links = Linker(PAGE)
    forge = ctx.institution.forge
    return FormPage(
        institution=ctx.institution.name,
        as_of=ctx.as_of.isoformat(),
        mount=markup.form_mount(links.asset(formdata.DATA_FILE), links.asset(formdata.ACTOR_FOLDER),
                                TEXTS["needs_script"]),
        recent_days=formdata.recent_days(ctx.policy),
        forge=formdata.FORGE_LABELS[forge.kind] if forge else "",
    )


def files(ctx: Context) -> dict[str, bytes]:
    """The form's data files (``formdata``), its words included."""
    return formdata.files(ctx, TEXTS)
