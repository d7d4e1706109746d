"""Declarative schema of every file in a records repository, one docstring per field.

The models are the single source of truth for the file formats: the loader validates with them,
and ``generator.refdocs`` renders docs/reference/*.md from them so the docs never drift.
Scalars arrive as strings (see ``yamlio``), so every type here accepts its textual form.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, TypeVar, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .scalars import ID_RE, ClockTime, Id, IsoDate, Text, natural, parse_date, parse_time, typed_params

__all__ = ["ID_RE", "ClockTime", "Id", "IsoDate", "Text", "parse_date", "parse_time"]  # the scalar types, re-exported
from .vocab import Level, PeriodKind, ProblemStatus, Visibility

TERM_ID_RE = re.compile(r"(\d{4})-(\d{4})-([12])")
#: Rules per section of one policy file: real policies have a few dozen; thousands would make every
#: run slow (rules × people × periods) without meaning anything.
MAX_RULES = 500

UNIT_KINDS = ("committee", "general-branch", "branch", "school", "department", "teaching-office", "other")
TARGET_KINDS = ("class", "dorm", "club", "student", "teacher", "course")
CONTACT_KINDS = TARGET_KINDS + UNIT_KINDS
PERIOD_KINDS = tuple(k.value for k in PeriodKind)
VISIBILITIES = tuple(v.value for v in Visibility)
PROBLEM_STATUSES = tuple(s.value for s in ProblemStatus)

UnitKind = Literal["committee", "general-branch", "branch", "school", "department", "teaching-office", "other"]
TargetKind = Literal["class", "dorm", "club", "student", "teacher", "course"]
ContactKind = Literal[
    "class", "dorm", "club", "student", "teacher", "course",
    "committee", "general-branch", "branch", "school", "department", "teaching-office", "other",
]  # fmt: skip
EducationLevel = Literal["vocational", "undergraduate", "graduate"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TermId = Annotated[str, Field(pattern=r"^\d{4}-\d{4}-[12]$")]
T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------- rosters

class Disclosure(Model):
    """主动公开目录信息和保密审查。"""

    publisher: Text = Field(description="发布机构全称，例如“中共示例职业技术学院委员会组织部”。")
    category: str = Field(default="0103", pattern=r"^\d{2,6}$", description="信息分类号，用于索取号的第二段，例如 0103。")
    reviewers: list[Id] = Field(default_factory=list, description=(
        "保密审查人（rosters/people.yml 中的人员标识）。公开记录须经其中一人审查同意后才在公开站点发布；"
        "reviews/ 下的审查记录只能由审查人本人的账号（accounts）提交。"))
    catalogue_start: IsoDate | None = Field(default=None, description=(
        "信息公开目录的起始日期：新编号的发布日期不早于这一天。不填时从 rosters/institution.yml 第一次写上"
        "本单位 code 的提交开始（沿用模板仓库时，模板的历史不占本单位的号）。"))


class Forge(Model):
    """代码托管平台。内部站点的“填报记录”页据此打开平台上新建文件的网页，路径和内容已填好。"""

    kind: Literal["github", "gitea", "gitlab"] = Field(description="平台：github、gitea 或 gitlab。")
    url: str = Field(pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$", description="平台的网址，例如 https://github.com 或本校的 https://git.example.edu.cn。")
    repository: str = Field(pattern=r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", description="记录仓库在平台上的路径：所有者/仓库名，例如 org-dept/contact-records。")
    branch: str = Field(default="main", pattern=r"^[A-Za-z0-9_.][A-Za-z0-9_./-]*$", description="新文件提交到的分支，一般是 main。")


class Institution(Model):
    """rosters/institution.yml：本单位的基本信息。"""

    name: Text = Field(description="单位全称，例如“示例职业技术学院”。")
    code: str = Field(pattern=r"^[0-9A-Za-z]{1,20}$", description="机构编号，用作公开目录索取号的第一段。请加引号，例如 \"12345\"。")
    timezone: str = Field(default="Asia/Shanghai", description="时区，决定“今天”是哪一天。一般不用改。")
    policy: str = Field(description="适用的制度文件路径，例如 policies/example-2024.yml。")
    admins: list[str] = Field(default_factory=list, description="可以修改 rosters/ 和 policies/ 的代码托管账号。")
    locked_through: IsoDate | None = Field(default=None, description="此日期及以前的记录已锁定，只能通过更正记录修改。")
    disclosure: Disclosure | None = Field(default=None, description="主动公开站点的目录信息。")
    adoption: IsoDate | None = Field(default=None, description=(
        "启用日期：从这一天起计算完成情况。在它之前结束的周期不考核、不列出；跨越它的周期只按这一天以后的教学日"
        "判断是否需要完成（与任职开始日期相同）。与 filing.checked_from（不提示补录过晚）是两回事。"))
    forge: Forge | None = Field(default=None, description="代码托管平台（可省略）。填写后，填报表单可以直接打开平台上新建文件的网页。")
    sample_as_of: IsoDate | None = Field(default=None, description=(
        "仅供示例数据使用：命令行没有给出 --as-of 时，以这一天为统计日期（而不是今天），"
        "使示例在任何一天打开都和生成时一样。学校采用模板时请删除这一行。"))


class Break(Model):
    """学期内的非教学时段（假期）。"""

    name: Text = Field(description="名称，例如“国庆节”。")
    start: IsoDate = Field(description="第一天。")
    end: IsoDate = Field(description="最后一天（含）。")


class Term(Model):
    """一个学期。"""

    id: str = Field(pattern=r"^\d{4}-\d{4}-[12]$", description="学期标识：起始年-结束年-1 或 2，例如 2024-2025-1。")
    name: Text = Field(description="学期名称，例如“2024—2025学年第一学期”。")
    start: IsoDate = Field(description="第一个教学日。")
    end: IsoDate = Field(description="学期最后一天（含考试周）。")
    breaks: list[Break] = Field(default_factory=list, description="学期内的假期。")
    makeup_days: list[IsoDate] = Field(default_factory=list, description="调休上课的周末日期。")

    @property
    def academic_year(self) -> str:
        return self.id[:9]


class Calendar(Model):
    """rosters/calendar.yml：校历。"""

    terms: list[Term] = Field(description="各学期，按时间先后排列，不得重叠。")


class Unit(Model):
    """rosters/units.yml 中的一个组织。"""

    id: Id = Field(description="标识。")
    name: Text = Field(description="名称，例如“护理学院学生第一党支部”。")
    kind: UnitKind = Field(description="类别：committee 党委、general-branch 党总支、branch 党支部、school 二级学院/系部、department 机关部门、teaching-office 教研室/实训中心、other 其他。")
    parent: Id | None = Field(default=None, description="上级组织的标识。")
    secretary: Id | None = Field(default=None, description="书记（负责人）的人员标识。")


class Person(Model):
    """rosters/people.yml 中的一名填报人（干部或党员教师）。"""

    id: Id = Field(description="标识，例如 wang-jianguo。")
    name: Text = Field(description="姓名。")
    unit: Id = Field(description="所在单位的标识。")
    title: str | None = Field(default=None, description="职务，仅用于显示。")
    roles: list[str] = Field(default_factory=list, description="角色，须在制度的 roles 中声明。")
    branch: Id | None = Field(default=None, description="所在党支部的标识。")
    since: IsoDate | None = Field(default=None, description="任职开始日期。")
    until: IsoDate | None = Field(default=None, description="任职结束日期（含）。")
    accounts: list[str] = Field(default_factory=list, description="可以为本人提交记录的代码托管账号。")
    liaisons: list[Id] = Field(default_factory=list, description="可以代为填报的联络员（人员标识）。")
    channels: list[str] = Field(default_factory=list, description="本人运营的网络联系渠道，例如 wechat、weibo、qq。")
    public: bool = Field(default=False, description="是否可以在公开站点上署名。默认否。")


class Target(Model):
    """rosters/targets.yml 中的一个联系对象（班级、宿舍、社团、学生、教师、课程）。"""

    id: Id = Field(description="标识。")
    kind: TargetKind = Field(description="类别：class 班级、dorm 宿舍、club 社团、student 学生、teacher 教师、course 课程。")
    name: Text = Field(description="名称或姓名。")
    unit: Id | None = Field(default=None, description="所属单位（院系）的标识。")
    tags: list[str] = Field(default_factory=list, description="标签，供制度筛选，例如 困难学生、青年教师、辅导员、思政课。")
    enrolled: int | None = Field(default=None, ge=1949, le=2100, description="入学年份（班级、学生）。")
    level: Literal["vocational", "undergraduate", "graduate"] | None = Field(
        default=None, description="层次：vocational 专科、undergraduate 本科、graduate 研究生。"
    )
    sensitive: bool = Field(default=False, description="是否敏感对象（如困难学生、心理关注学生）：公开站点绝不出现，内部站点打码。")
    members: list[Id] = Field(default_factory=list, description="成员（例如宿舍里的学生）的标识。")
    terms: list[TermId] = Field(
        default_factory=list,
        description="开设的学期（例如课程只在某些学期开课）：“每门课”等逐个对象计算的规则只在这些学期考核。不填表示每个学期都有。",
    )


class Assignment(Model):
    """rosters/assignments.yml 中的一条联系分配。"""

    actor: Id = Field(description="联系人：人员标识，或单位标识（例如党支部）。")
    targets: list[Id] = Field(description="联系对象：对象或单位的标识。")
    since: IsoDate | None = Field(default=None, description="开始日期。")
    until: IsoDate | None = Field(default=None, description="结束日期（含）。")


class Leave(Model):
    """rosters/leaves.yml 中的一段请假、借调或挂职。"""

    person: Id = Field(description="人员标识。")
    start: IsoDate = Field(description="第一天。")
    end: IsoDate = Field(description="最后一天（含）。")
    reason: str | None = Field(default=None, description="原因。仅内部可见，绝不公开。")


# --------------------------------------------------------------------------- policy

class ActivityType(Model):
    """制度中声明的一类活动。"""

    name: Text = Field(description="名称，例如“进宿舍”。")
    carrier: str | None = Field(default=None, description="载体（七进），例如 宿舍、食堂、课堂、网络。")
    face_to_face: bool = Field(default=False, description="是否面对面接触。未声明时视为否。")
    max_per_day: int | None = Field(default=None, ge=1, le=100, description="同一人每天最多几条此类记录。")
    requires_duration: bool = Field(default=False, description="是否必须填写起止时间。")
    visibility: Visibility = Field(default=Visibility.INTERNAL, description="记录默认的公开级别。")


class Who(Model):
    """规则适用的对象。满足 roles、kinds、ids 任意一项即适用，再排除 except_roles。"""

    roles: list[str] = Field(default_factory=list, description="具有其中任一角色的人员。")
    kinds: list[UnitKind] = Field(default_factory=list, description="这些类别的单位（例如 branch 党支部）。")
    ids: list[Id] = Field(default_factory=list, description="指定的人员或单位标识。")
    except_roles: list[str] = Field(default_factory=list, description="具有其中任一角色的人员不适用。")

    @model_validator(mode="after")
    def _not_empty(self) -> Who:
        if not (self.roles or self.kinds or self.ids):
            raise PydanticCustomError("schema-value", "who 至少要写 roles、kinds 或 ids 中的一项", {})
        return self


class DaySpec(Model):
    """一组日子：星期几，以及每周、单周或双周（例如“每双周四”）。"""

    weekdays: list[Weekday] = Field(min_length=1, description="星期几：monday、tuesday……sunday，例如 [thursday]。")
    weeks: Literal["all", "odd", "even"] = Field(
        default="all",
        description="all 每周；odd 单周；even 双周。按教学周次计：学期第一个教学日所在的周是第1周，"
        "所以双周就是每个两周周期（biweek）的第二周。学期以外的日子不属于单周或双周。",
    )


class CountFilter(Model):
    """哪些记录计入规则。列出的每个条件都必须满足。"""

    types: list[str] | None = Field(default=None, description="活动类型，满足其一即可；省略表示所有类型。")
    face_to_face: bool | None = Field(default=None, description="true 表示只计面对面的活动。")
    target_kinds: list[ContactKind] = Field(default_factory=list, description="至少有一个联系对象属于这些类别。")
    target_tags: list[str] = Field(default_factory=list, description="至少有一个联系对象带有其中一个标签。")
    target_tags_all: list[str] = Field(
        default_factory=list, description="联系对象必须同时带有这些标签（例如 青年教师 且 入党积极分子）。"
    )
    target_tags_none: list[str] = Field(default_factory=list, description="联系对象不能带有其中任何一个标签。")
    guidance: list[str] = Field(default_factory=list, description="记录至少标注了其中一项引导类别（五导）。")
    assigned_only: bool = Field(default=False, description="只计当天分配给联系人的对象。")
    by: Literal["self", "members", "self-and-members", "secretary"] = Field(
        default="self",
        description="记谁的记录：self 本人；members 支部成员；self-and-members 两者；secretary 该单位书记本人。",
    )
    within_first_days: int | None = Field(
        default=None, ge=1, le=366, description="只计周期开始后前 N 天内的记录（登记、报送等截止要求）。"
    )
    filer_only: bool = Field(
        default=False,
        description="true 表示只计本人填报（by）的记录，只在 with 中列名的同行人员不计：讲课、讲党课等须本人完成的事项用它。"
        "与 by: secretary 同用时须是书记本人填报，与 by: members 同用时须是成员本人填报。",
    )
    days: DaySpec | None = Field(
        default=None,
        description="只计这些日子的记录（例如“双联五导”工作日：每双周周四）。写了 days 时，判断周期是否需要完成只数"
        "其中符合条件的教学日，默认至少 1 天（可用 due_min_teaching_days 改）。",
    )
    distinct_from: list[Id] = Field(
        default_factory=list,
        description="与这些计数规则分开计数：同一周期里那条规则达到要求所需的记录，先算给那条规则，不再计入本条"
        "（例如“参加1次班级活动、1次主题班会”须是两次活动）。那条规则须周期相同、不使用 each。",
    )


class Rule(Model):
    """一条计数规则：某类人在每个周期内至少完成多少次（或多少小时）。"""

    id: Id = Field(description="规则标识。")
    title: Text = Field(description="规则的中文表述。")
    source: str | None = Field(default=None, description="出处条款，例如 四(一)2。")
    document: str | None = Field(
        default=None, description="出处文件的文号。省略时为定义这条规则的制度文件的文号（继承的规则保留上级制度的文号）。"
    )
    level: Level = Field(default=Level.MANDATORY, description="mandatory 必须；advisory 倡导（只显示，不作为未完成）。")
    who: Who = Field(description="适用对象。")
    count: CountFilter = Field(default_factory=CountFilter, description="计数条件。")
    per: PeriodKind = Field(description="周期：week、biweek、month、quarter、half-year、semester、academic-year、year。")
    min: int = Field(default=1, ge=0, le=1000, description="每个周期至少几条记录。")
    min_hours: float = Field(default=0, ge=0, le=1000, allow_inf_nan=False, description="每个周期至少多少小时（按起止时间计算）。")
    each: Literal["assigned", "tagged"] | None = Field(
        default=None, description="assigned：对每个分配的对象分别计算；tagged：对名册中每个符合条件的对象分别计算。"
    )
    due_min_teaching_days: int | None = Field(default=None, ge=0, le=366, description="周期内至少有几个教学日才需要完成（覆盖默认值）。")


class Grade(Model):
    """对班级年级的要求。"""

    max_year: int = Field(ge=1, le=10, description="只能是入学第几年以内的班级，例如 2 表示一、二年级。")
    max_year_by_level: dict[Literal["vocational", "undergraduate", "graduate"], Annotated[int, Field(ge=1, le=10)]] = Field(
        default_factory=dict, description="按层次另行规定，例如 {graduate: 1} 表示研究生只能是一年级。"
    )

    def limit(self, level: EducationLevel | None) -> int:
        """The highest allowed year for a target of this level."""
        return self.max_year_by_level.get(level, self.max_year) if level else self.max_year


class AssignmentRule(Model):
    """联系分配的数量要求。"""

    id: Id = Field(description="规则标识。")
    title: Text = Field(description="规则的中文表述。")
    source: str | None = Field(default=None, description="出处条款。")
    document: str | None = Field(
        default=None, description="出处文件的文号。省略时为定义这条规则的制度文件的文号（继承的规则保留上级制度的文号）。"
    )
    level: Level = Field(default=Level.MANDATORY, description="mandatory 或 advisory。")
    who: Who = Field(description="适用对象。")
    target_kinds: list[ContactKind] = Field(description="计入的对象类别。")
    target_tags: list[str] = Field(default_factory=list, description="只计带有其中一个标签的对象。")
    target_tags_all: list[str] = Field(default_factory=list, description="只计同时带有这些标签的对象。")
    target_tags_none: list[str] = Field(default_factory=list, description="不计带有其中任何一个标签的对象。")
    min: int = Field(default=1, ge=0, le=10000, description="至少几个。")
    max: int | None = Field(default=None, ge=0, le=10000, description="至多几个。")
    grade: Grade | None = Field(default=None, description="班级年级要求（不符合时给出警告）。")
    count_members: bool = Field(
        default=False,
        description="true 表示分配的宿舍、班级等按其成员计入（例如分配两间寝室，就是联系了寝室里的学生）；"
        "同时单独分配了其中部分成员的，以单独分配的为准。",
    )
    in_addition_to: list[Id] = Field(
        default_factory=list,
        description="这些分配规则（适用于同一人时）已经计入的对象，不再计入本条：文件说“还要”另外联系某些对象时使用。",
    )


class CoverageRule(Model):
    """全覆盖要求：每个符合条件的对象都至少分配给一名适用人员。"""

    id: Id = Field(description="规则标识。")
    title: Text = Field(description="规则的中文表述。")
    source: str | None = Field(default=None, description="出处条款。")
    document: str | None = Field(
        default=None, description="出处文件的文号。省略时为定义这条规则的制度文件的文号（继承的规则保留上级制度的文号）。"
    )
    level: Level = Field(default=Level.MANDATORY, description="mandatory 或 advisory。")
    target_kinds: list[ContactKind] = Field(description="需要覆盖的对象类别。")
    target_tags: list[str] = Field(default_factory=list, description="只覆盖带有其中一个标签的对象。")
    target_tags_all: list[str] = Field(default_factory=list, description="只覆盖同时带有这些标签的对象。")
    target_tags_none: list[str] = Field(default_factory=list, description="不覆盖带有其中任何一个标签的对象。")
    by: Who = Field(description="由哪些人覆盖。")


class ProfileRule(Model):
    """对人员名册信息的要求，例如做学生工作的干部必须开设网络联系渠道。"""

    id: Id = Field(description="规则标识。")
    title: Text = Field(description="规则的中文表述。")
    source: str | None = Field(default=None, description="出处条款。")
    document: str | None = Field(
        default=None, description="出处文件的文号。省略时为定义这条规则的制度文件的文号（继承的规则保留上级制度的文号）。"
    )
    level: Level = Field(default=Level.MANDATORY, description="mandatory 或 advisory。")
    who: Who = Field(description="适用对象。")
    require: list[Literal["channels", "branch", "liaisons", "accounts"]] = Field(
        description="名册中必须填写的字段。"
    )


class ReportSpec(Model):
    """制度要求的输出（表格、汇总、标记），由站点和导出功能生成，不是检查项。"""

    id: Id = Field(description="标识。")
    title: Text = Field(description="中文名称，例如“党员教师工作记录表（附件4）”。")
    source: str | None = Field(default=None, description="出处条款。")
    document: str | None = Field(
        default=None, description="出处文件的文号。省略时为定义这条规则的制度文件的文号（继承的规则保留上级制度的文号）。"
    )
    kind: Literal[
        "form", "summary", "ledger", "allocation", "workload", "veto", "workday-share",
        "guidance-coverage", "problems", "export", "time-share",
    ] = Field(description="输出类别：form 表格、summary 汇总、ledger 台账、allocation 分配名单、workload 工作量、veto 一票否决提示、workday-share 工作日占比、guidance-coverage 五导覆盖、problems 问题跟踪、export 数据报送、time-share 联系学生时间占比。各类别读取的 params 见 docs/reference/reports.md。")  # fmt: skip
    per: PeriodKind | None = Field(default=None, description="按什么周期生成。")
    who: Who | None = Field(default=None, description="针对哪些人。")
    params: Annotated[dict[str, bool | int | float | str | list[str]], BeforeValidator(typed_params)] = Field(
        default_factory=dict, description="该输出的参数，例如 {layout: five-links-seven-visits}、{threshold_parameter: veto-threshold}。每类输出读取哪些参数见 docs/outputs.md。"
    )


ParamValue = Annotated[bool | int | float | str | DaySpec | list[str], BeforeValidator(natural)]


class Parameter(Model):
    """一个由文件规定或须由本校确定的取值（时限、阈值、人数、工作日……）。规则中写 {parameter: 标识} 引用它。"""

    title: Text = Field(description="中文名称，例如“一票否决的完成率阈值”。")
    value: ParamValue | None = Field(
        default=None, description="取值。不填表示尚待本校设定：引用它的规则报错，读取它的输出注明“未设定”。"
    )
    origin: Literal["document", "institution"] = Field(
        description="document 文件规定（数字出自文件）；institution 本校设定（文件没有给出数字，或只有“左右”“初”等说法）。"
    )
    source: str | None = Field(default=None, description="出处条款，例如 四4。")
    note: str | None = Field(default=None, description="说明：文件怎么说、为什么取这个值。显示在制度页上。")


class Filing(Model):
    """填报时限。"""

    within_days: int = Field(ge=0, le=3650, description="活动发生后多少天内应首次提交，超过给出“补录过晚”警告。")
    checked_from: IsoDate | None = Field(
        default=None,
        description="只检查此日期及以后的活动；更早的记录视为从旧台账一次性导入，不提示补录过晚。",
    )


class ProblemsPolicy(Model):
    """问题办理时限。"""

    respond_within_days: int = Field(ge=0, le=3650, description="问题提出后多少天内应办结，超过给出“超期未办结”警告。")


class Policy(Model):
    """policies/<id>.yml：一套制度。"""

    id: Id = Field(description="制度标识。")
    title: Text = Field(description="制度名称。")
    document: str | None = Field(default=None, description="文号，例如 湘人职院党〔2024〕25号。")
    issuer: str | None = Field(default=None, description="发文机关。")
    extends: str | None = Field(default=None, description="继承的上级制度文件路径；同标识的本地规则覆盖继承的规则。")
    roles: dict[str, str] = Field(default_factory=dict, description="角色标识与中文名称。")
    guidance: list[str] = Field(default_factory=list, description="引导类别词表（例如五导）。")
    tags: list[str] = Field(
        default_factory=list,
        description="对象标签词表。填写后，规则中使用未声明的标签会报错，防止拼写错误让规则悄悄失效。",
    )
    sensitive_tags: list[str] = Field(default_factory=list, description="带有这些标签的对象一律视为敏感对象。")
    sensitive_words: dict[str, list[str]] = Field(default_factory=dict, description=(
        "保密审查时提示的敏感词，按类别列出，例如 {家庭经济: [困难, 低保]}。与内置的类别合并，同名类别以这里为准"
        "（写成空列表即不再提示该类）；继承上级制度时按类别合并。只用于提示审查人，不会自动公开或隐藏任何内容。"))
    parameters: dict[Id, Parameter | ParamValue] = Field(
        default_factory=dict,
        description="参数：文件规定或须由本校确定的取值，制度页逐项标明“文件规定”或“本校设定”及出处。规则、时限和输出的"
        "任何取值处都可以写 {parameter: 标识} 引用参数。继承上级制度时可以只写取值（例如 veto-threshold: 0.6），"
        "表示本校设定了新的取值，名称和出处沿用上级制度。",
    )
    activity_types: dict[str, ActivityType] = Field(default_factory=dict, description="活动类型。")
    due: dict[PeriodKind, Annotated[int, Field(ge=0, le=366)]] = Field(
        default_factory=dict, description="各周期“需要完成”的最少教学日数，覆盖默认值（周 3、两周 5、月 10……）。"
    )
    filing: Filing | None = Field(default=None, description="填报时限。")
    problems: ProblemsPolicy | None = Field(default=None, description="问题办理时限。")
    rules: list[Rule] = Field(default_factory=list, max_length=MAX_RULES, description="计数规则（至多 500 项）。")
    assignment_rules: list[AssignmentRule] = Field(default_factory=list, max_length=MAX_RULES, description="联系分配规则（至多 500 项）。")
    coverage_rules: list[CoverageRule] = Field(default_factory=list, max_length=MAX_RULES, description="全覆盖规则（至多 500 项）。")
    profile_rules: list[ProfileRule] = Field(default_factory=list, max_length=MAX_RULES, description="名册信息规则（至多 500 项）。")
    reports: list[ReportSpec] = Field(default_factory=list, max_length=MAX_RULES, description="制度要求的输出（至多 500 项）。")

    def parameter(self, pid: str, kind: type[T]) -> T | None:
        """The value of parameter ``pid`` as ``kind`` (an int reads as float); None when undeclared, unset
        or of another type. Issue-11 outputs read e.g. ``policy.parameter("veto-threshold", float)``."""
        entry = self.parameters.get(pid)
        value = entry.value if isinstance(entry, Parameter) else None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return cast(T, float(value))
        return value if isinstance(value, kind) else None


# --------------------------------------------------------------------------- records

class Problem(Model):
    """活动中发现的问题或师生诉求。"""

    summary: Text = Field(description="问题概述。仅内部可见。")
    refer_to: Id | None = Field(default=None, description="转交办理的单位标识。")
    status: ProblemStatus = Field(default=ProblemStatus.OPEN, description="open 待办、in-progress 办理中、resolved 已办结。")
    resolved: IsoDate | None = Field(default=None, description="办结日期；状态为 resolved 时必填。")
    resolution: str | None = Field(default=None, description="办理结果。")


class RecordMeta(Model):
    """records/ 下每条记录的文件头（front matter）。"""

    by: Id = Field(description="填报人标识：人员，或以单位名义开展活动时的单位。")
    date: IsoDate = Field(description="活动日期，写成 年-月-日，例如 2024-10-15。")
    start: ClockTime | None = Field(default=None, description="开始时间，带引号，例如 \"14:30\"。")
    end: ClockTime | None = Field(default=None, description="结束时间，带引号，例如 \"16:00\"。")
    type: str = Field(description="活动类型，须在制度的 activity_types 中声明。")
    targets: list[Id] = Field(default_factory=list, description="联系对象的标识（对象或单位）。")
    with_: list[Id] = Field(default_factory=list, alias="with", description="同时参加并一同计入的其他人员。")
    location: str | None = Field(default=None, description="地点。")
    summary: Text = Field(description="工作简况，一两句话。")
    guidance: list[str] = Field(default_factory=list, description="引导类别（五导），须在制度中声明。")
    visibility: Visibility | None = Field(default=None, description="public 公开、internal 内部（默认）、restricted 受限。省略时取活动类型的默认值。")
    problems: list[Problem] = Field(default_factory=list, description="发现的问题或诉求。")
    amends: str | None = Field(default=None, description="被更正的记录路径（仅更正记录）。")
    reason: str | None = Field(default=None, description="更正原因；填写 amends 时必填。")


ROSTER_FILES: dict[str, tuple[type[Model], bool]] = {
    # file -> (model of one entry / the whole file, whether the file is a list of entries)
    "rosters/institution.yml": (Institution, False),
    "rosters/calendar.yml": (Calendar, False),
    "rosters/units.yml": (Unit, True),
    "rosters/people.yml": (Person, True),
    "rosters/targets.yml": (Target, True),
    "rosters/assignments.yml": (Assignment, True),
    "rosters/leaves.yml": (Leave, True),
}
