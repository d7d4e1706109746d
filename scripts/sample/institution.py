"""The fictional institution as data: calendar, units, posts and people, pools of schools, clubs and names.

Plain Python constants and frozen dataclasses rather than a YAML file: mypy checks every field the
generator reads, nothing is parsed at run time, and values keep their exact Python types (dates,
tuples, ints). Order matters throughout: the generator walks these tables in the order written and
draws from seeded random streams as it goes, so reordering an entry changes the generated sample.

Everything here is invented, including every person's name (built from common surnames and given-name
characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# --------------------------------------------------------------------------- the institution

INSTITUTION_NAME = "东湖职业技术学院"
INSTITUTION_CODE = "99999"
PUBLISHER = "中共东湖职业技术学院委员会组织部"
DISCLOSURE_CATEGORY = "0103"
TIMEZONE = "Asia/Shanghai"
POLICY = "policies/example-2024.yml"  # maintained by hand, not generated
LOCKED_THROUGH = date(2026, 1, 31)  # records dated up to this day are locked (changed only by correction)
# Where the record form opens its new-file page (rosters/institution.yml forge): a reserved host
# name, since the sample lives nowhere; a school writes its own forge, repository and branch.
FORGE = {"kind": "gitea", "url": "https://git.donghu.example", "repository": "org-dept/contact-records", "branch": "main"}
BOT_ACCOUNT = "org-dept-bot"  # the first admin; the main campus's head of organisation follows

# --------------------------------------------------------------------------- calendar

DATA_START = date(2025, 9, 1)
DATA_END = date(2026, 11, 20)  # fixed end of the generated records (never "today")
# The sample's as-of date when none is given (rosters/institution.yml sample_as_of), so the sample
# reads the same on any day: its last data day, a Friday, with the week's visits still pending.
SAMPLE_AS_OF = DATA_END
EXAM_DAYS = 14  # the last two weeks of a term are exam time
MERGE_DAY = date(2026, 3, 2)  # when the extra campuses of --scale > 1 join


@dataclass(frozen=True)
class TermDef:
    id: str
    name: str
    start: date
    end: date
    breaks: tuple[tuple[str, date, date], ...]
    makeup: tuple[date, ...]


TERMS: tuple[TermDef, ...] = (
    TermDef(
        "2025-2026-1",
        "2025—2026学年第一学期",
        date(2025, 9, 1),
        date(2026, 1, 16),
        (
            ("国庆节", date(2025, 10, 1), date(2025, 10, 8)),
            ("元旦", date(2026, 1, 1), date(2026, 1, 1)),
        ),
        (date(2025, 9, 28), date(2025, 10, 11)),
    ),
    TermDef(
        "2025-2026-2",
        "2025—2026学年第二学期",
        date(2026, 3, 2),
        date(2026, 7, 10),
        (
            ("清明节", date(2026, 4, 4), date(2026, 4, 6)),
            ("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
            ("端午节", date(2026, 6, 19), date(2026, 6, 21)),
        ),
        (date(2026, 5, 9),),
    ),
    TermDef(
        "2026-2027-1",
        "2026—2027学年第一学期",
        date(2026, 8, 31),
        date(2027, 1, 15),
        (("国庆节", date(2026, 10, 1), date(2026, 10, 7)),),
        (date(2026, 9, 27), date(2026, 10, 10)),
    ),
)

# --------------------------------------------------------------------------- cohorts

GRADUATING = 2023  # three-year cohort, leaves after GRADUATION
SECOND_YEAR = 2024
FIRST_YEAR = 2025  # first-years when the data starts
COHORT_NEW = 2026  # arrives on NEW_COHORT_FROM
GRADUATION = date(2026, 6, 30)
NEW_COHORT_FROM = date(2026, 9, 1)
SCHOOL_SWITCH = date(2026, 8, 31)  # branches hand their second-year class over to the new cohort


@dataclass(frozen=True)
class Cohort:
    year: int
    class_sizes: tuple[int, ...]  # students per class, one entry per class
    floor: int  # dorm floor of the cohort in its school's building
    hardship: int  # students tagged 困难学生 per school (the second one also marked sensitive)
    first_school_sizes: tuple[int, ...] | None = None  # the first school of a campus is larger
    undergraduate_school: int | None = None  # the school index whose classes of this cohort are undergraduate
    psych_care: bool = False  # one student per school in psychological care (心理关注, sensitive)
    activist_cadre: bool = False  # the second student cadre is also an activist
    arrives: date = DATA_START
    leaves: date | None = None  # the last day the cohort is at school


COHORT_SPECS: tuple[Cohort, ...] = (
    Cohort(GRADUATING, (16,), floor=5, hardship=0, activist_cadre=True, leaves=GRADUATION),
    Cohort(SECOND_YEAR, (18,), floor=4, hardship=2, undergraduate_school=3, psych_care=True),
    Cohort(FIRST_YEAR, (10, 10), floor=3, hardship=2, undergraduate_school=1, psych_care=True),
    Cohort(COHORT_NEW, (8, 8), floor=2, hardship=1, first_school_sizes=(12, 12), arrives=NEW_COHORT_FROM),
)
COHORTS = tuple(c.year for c in COHORT_SPECS)
DORM_SIZE = 6  # students of one class per dorm room
# besides the hardship students, four students of each cohort and school are drawn for tags: one in
# psychological care (when the cohort has one), two student cadres (学生干部), one activist
TAGGED_PER_COHORT = 4

# --------------------------------------------------------------------------- units

ORG_DEPT = "org-dept"
STUDENT_DEPT = "student-affairs-dept"
LOGISTICS_DEPT = "logistics-dept"
OFFICE_DEPT = "party-office"
ACADEMIC_DEPT = "academic-affairs-dept"
COMMITTEE = "party-committee"
ADMIN_GB = "admin-general-branch"
MARX_SCHOOL = "marx-school"
MARX_OFFICE = "marx-office"

# (id, name, kind, parent), in roster order; every campus shares them
CENTRAL_UNITS: tuple[tuple[str, str, str, str | None], ...] = (
    (COMMITTEE, f"中共{INSTITUTION_NAME}委员会", "committee", None),
    (ORG_DEPT, "党委组织部", "department", None),
    (STUDENT_DEPT, "党委学生工作部（学生工作处）", "department", None),
    (LOGISTICS_DEPT, "后勤管理处", "department", None),
    (OFFICE_DEPT, "党政办公室", "department", None),
    (ACADEMIC_DEPT, "教务处", "department", None),
    (ADMIN_GB, "机关党总支", "general-branch", COMMITTEE),
    (MARX_SCHOOL, "马克思主义学院", "school", COMMITTEE),
    (MARX_OFFICE, "思想政治理论课教研室", "teaching-office", MARX_SCHOOL),
)

# a campus other than the main one (N = 2, 3, ...) marks its own units' and targets' ids and names
CAMPUS_ID_PREFIX = "c{n}-"
CAMPUS_NAME_SUFFIX = "（第{n}校区）"  # N in Chinese numerals
DEPUTY = "副"  # its department heads are deputies: "{dep}" in a title below

# each campus's own branches: (key, also the id after the campus prefix; name; parent)
ADMIN_1 = "admin-branch-1"
ADMIN_2 = "admin-branch-2"
MARX_BRANCH = "marx-branch"
CAMPUS_BRANCHES: tuple[tuple[str, str, str], ...] = (
    (ADMIN_1, "机关第一党支部", ADMIN_GB),
    (ADMIN_2, "机关第二党支部", ADMIN_GB),
    (MARX_BRANCH, "马克思主义学院教工党支部", COMMITTEE),
)

SCHOOLS_PER_CAMPUS = 4
# past the end of the pool, schools repeat as numbered branch schools ("机电工程学院二分院")
REPEATED_SCHOOL = "{name}{n}分院"
# (id prefix, school name, major, teaching office name, professional course)
SCHOOL_POOL: tuple[tuple[str, str, str, str, str], ...] = (
    ("mech", "机电工程学院", "机电一体化技术", "数控技术教研室", "可编程控制器应用"),
    ("info", "信息工程学院", "软件技术", "软件技术教研室", "程序设计基础"),
    ("econ", "经济管理学院", "大数据与会计", "会计教研室", "财务会计实务"),
    ("nursing", "护理学院", "护理", "护理实训中心", "基础护理学"),
    ("build", "建筑工程学院", "建筑工程技术", "建筑施工教研室", "建筑构造与识图"),
    ("auto", "汽车工程学院", "新能源汽车技术", "汽车检测实训中心", "汽车电气系统检修"),
    ("art", "艺术设计学院", "视觉传达设计", "设计基础教研室", "平面构成"),
    ("tour", "旅游管理学院", "旅游管理", "导游实训中心", "导游业务"),
)

CLUB_POOL: tuple[tuple[str, str], ...] = (
    ("club-volunteer", "青年志愿者协会"),
    ("club-calligraphy", "书法协会"),
    ("club-basketball", "篮球社"),
    ("club-robotics", "机器人创新社"),
    ("club-drama", "话剧社"),
    ("club-mental-health", "心理健康协会"),
    ("club-reading", "读书会"),
)

CLUBS_PER_OTHER_CAMPUS = 6  # the main campus has every club of the pool

SITUATION_POLICY = "course-situation-policy"  # the course a leader's ideology lecture belongs to
IDEOLOGY_COURSES: tuple[tuple[str, str], ...] = (
    ("course-ethics-law", "思想道德与法治"),
    ("course-theory-intro", "毛泽东思想和中国特色社会主义理论体系概论"),
    (SITUATION_POLICY, "形势与政策"),
    ("course-new-era-thought", "习近平新时代中国特色社会主义思想概论"),
)

IDEOLOGY_COURSE_TAGS = ("思政课",)

# --------------------------------------------------------------------------- teachers as contact targets

IDEOLOGY_TEACHER_TAGS = (("思政课教师", "青年教师"), ("思政课教师", "专家"))  # two per campus
COUNSELLOR_TAGS = ("辅导员",)  # then, per school:
YOUNG_TEACHER_TAGS = (("青年教师", "一线教师"), ("青年教师",))
EXPERT_TAGS = ("专家", "一线教师")
ACTIVIST_TEACHER_TAGS = ("一线教师", "入党积极分子")

# --------------------------------------------------------------------------- posts and people

# A title's "{dep}" reads "" on the main campus and DEPUTY on the others; a branch is one of
# the campus branches above, or SCHOOL_TEACHERS for the teachers' branch of the campus's first school.
FIRST_SCHOOL = "first-school"
SCHOOL_TEACHERS = "first-school-teachers"


@dataclass(frozen=True)
class Leave:
    start: date
    end: date
    reason: str


@dataclass(frozen=True)
class LeaderPost:
    title: str
    roles: tuple[str, ...] = ()  # besides "leadership"
    channels: tuple[str, ...] = ()
    student_work: bool = False  # in charge of student work: sees more schools' counsellors
    inspector: bool = False  # inspects the general branches


@dataclass(frozen=True)
class Post:
    """A middle cadre's or a party teacher's post (the school posts are repeated for every school)."""

    key: str  # how the wiring refers to the holder
    unit: str
    title: str
    branch: str
    school: int  # index of the school the holder mostly works with
    roles: tuple[str, ...] = ()  # besides "middle-cadre" / "party-teacher"
    channels: tuple[str, ...] = ()
    public_on_main: bool = False  # named on the public site (main campus only)
    since: date | None = None
    until: date | None = None
    leave: Leave | None = None
    marx: bool = False  # teaches ideology courses


LEADERS: tuple[LeaderPost, ...] = (
    LeaderPost("党委书记", ("party-secretary",), inspector=True),
    LeaderPost("党委副书记、校长", ("president",)),
    LeaderPost("党委副书记", channels=("wechat", "weibo"), student_work=True),
    LeaderPost("纪委书记", inspector=True),
    LeaderPost("副校长"),
    LeaderPost("副校长"),
    LeaderPost("副校长"),
    LeaderPost("党委委员、副校长"),
    LeaderPost("总会计师"),
)
OTHER_CAMPUS_LEADERS: tuple[LeaderPost, ...] = (
    LeaderPost("党委委员、副校长"),
    LeaderPost("副校长"),
    LeaderPost("党委委员"),
)

DEPARTMENT_CADRES: tuple[Post, ...] = (
    Post("org-head", ORG_DEPT, "组织部{dep}部长", ADMIN_1, 0),
    Post("student-work-head", STUDENT_DEPT, "学生工作部{dep}部长", ADMIN_1, 1, ("student-work-head",),
         ("wechat", "weibo"), public_on_main=True),
    Post("student-work-deputy", STUDENT_DEPT, "学生工作部副部长", ADMIN_2, 2, ("student-work-head",), ("wechat", "qq")),
    Post("logistics-old", LOGISTICS_DEPT, "后勤管理处{dep}处长", ADMIN_2, 3, until=date(2026, 5, 31)),
    Post("logistics-new", LOGISTICS_DEPT, "后勤管理处{dep}处长", ADMIN_2, 3, since=date(2026, 6, 1)),
    Post("office-head", OFFICE_DEPT, "党政办公室{dep}主任", ADMIN_1, 0),
    Post("academic-head", ACADEMIC_DEPT, "教务处{dep}处长", ADMIN_2, 1,
         leave=Leave(date(2026, 4, 1), date(2026, 6, 30), "挂职锻炼")),
)  # fmt: skip
SCHOOL_HEAD_TITLES = ("{school}院长", "{school}党总支书记")  # the dean, then the general branch's secretary
# the first school's secretary also heads its student work and runs an official account
FIRST_SECRETARY_ROLES = ("student-work-head",)
FIRST_SECRETARY_CHANNELS = ("wechat",)
MARX_DEAN = Post("marx-dean", MARX_SCHOOL, "马克思主义学院{dep}院长", MARX_BRANCH, 0, ("school-head",))

# every school's party teachers: (title, True for the teachers' branch, False for the students')
SCHOOL_TEACHER_POSTS: tuple[tuple[str, bool], ...] = (
    ("专任教师", True),  # secretary of the teachers' branch
    ("辅导员", False),  # secretary of the students' branch
    ("教研室主任", True),
    ("实训指导教师", False),
)
CAMPUS_TEACHERS: tuple[Post, ...] = (
    Post("marx-1", MARX_SCHOOL, "思政课教师", MARX_BRANCH, 0, marx=True),  # secretary of the Marxism branch
    Post("marx-2", MARX_SCHOOL, "思政课教师", MARX_BRANCH, 1, marx=True),
    Post("secretary", OFFICE_DEPT, "党政办公室秘书", ADMIN_1, 2),  # liaison of the two first leaders
    Post("psych", STUDENT_DEPT, "心理健康教育中心教师", ADMIN_2, 3),
    Post("joiner", FIRST_SCHOOL, "专任教师（新入职）", SCHOOL_TEACHERS, 0, since=date(2026, 10, 8)),
)
# who is the secretary of each campus branch (by post key); the schools' branches have their first two
# party teachers, each general branch the school's secretary
BRANCH_SECRETARIES = {ADMIN_1: "org-head", ADMIN_2: "office-head", MARX_BRANCH: "marx-1"}
LIAISON = "secretary"  # the main campus's first two leaders' liaison (post key)
SICK_TEACHER = 2  # index among a campus's party teachers: the first school's head of teaching office
SICK_LEAVE = Leave(date(2025, 11, 17), date(2025, 11, 28), "病假")
OTHER_CAMPUS_SICK_LEAVE = Leave(date(2026, 11, 2), date(2026, 11, 13), "病假")

# --------------------------------------------------------------------------- vocabulary

GUIDANCE = ("思政引导", "学业辅导", "心理疏导", "成长指导", "言行示导")
SENSITIVE_TAGS = ("困难学生", "心理关注")
CHANNEL_NAMES = {"wechat": "微信公众号", "weibo": "官方微博", "qq": "QQ群"}

# --------------------------------------------------------------------------- names

TWO_CHARACTER_GIVEN = 0.7  # share of given names with two characters

SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("罗", "luo"), ("高", "gao"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"),
    ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"),
    ("卢", "lu"), ("姚", "yao"), ("沈", "shen"), ("钟", "zhong"), ("姜", "jiang"), ("崔", "cui"),
    ("谭", "tan"), ("陆", "lu"), ("范", "fan"), ("廖", "liao"), ("石", "shi"), ("金", "jin"),
    ("贾", "jia"), ("夏", "xia"), ("付", "fu"), ("方", "fang"), ("邹", "zou"), ("熊", "xiong"),
    ("白", "bai"), ("孟", "meng"), ("秦", "qin"), ("邱", "qiu"), ("侯", "hou"), ("江", "jiang"),
    ("尹", "yin"), ("薛", "xue"), ("段", "duan"), ("雷", "lei"), ("龙", "long"), ("史", "shi"),
    ("陶", "tao"), ("贺", "he"), ("毛", "mao"), ("郝", "hao"), ("顾", "gu"), ("龚", "gong"),
    ("邵", "shao"), ("万", "wan"), ("钱", "qian"), ("戴", "dai"), ("严", "yan"), ("莫", "mo"),
)  # fmt: skip

GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("玉", "yu"), ("萍", "ping"),
    ("红", "hong"), ("娟", "juan"), ("建", "jian"), ("国", "guo"), ("文", "wen"), ("辉", "hui"),
    ("宇", "yu"), ("鹏", "peng"), ("飞", "fei"), ("琳", "lin"), ("晨", "chen"), ("欣", "xin"),
    ("怡", "yi"), ("浩", "hao"), ("然", "ran"), ("思", "si"), ("雨", "yu"), ("婷", "ting"),
    ("博", "bo"), ("轩", "xuan"), ("子", "zi"), ("涵", "han"), ("睿", "rui"), ("佳", "jia"),
    ("俊", "jun"), ("志", "zhi"), ("海", "hai"), ("春", "chun"), ("晓", "xiao"), ("东", "dong"),
    ("亮", "liang"), ("凯", "kai"), ("昊", "hao"), ("嘉", "jia"), ("琪", "qi"), ("悦", "yue"),
    ("彤", "tong"), ("诗", "shi"), ("雅", "ya"), ("倩", "qian"), ("颖", "ying"), ("慧", "hui"),
    ("瑶", "yao"), ("宁", "ning"), ("帆", "fan"), ("航", "hang"), ("泽", "ze"), ("天", "tian"),
    ("成", "cheng"), ("立", "li"), ("新", "xin"), ("振", "zhen"), ("斌", "bin"), ("毅", "yi"),
    ("波", "bo"), ("峰", "feng"), ("清", "qing"), ("云", "yun"), ("兰", "lan"), ("梅", "mei"),
    ("雪", "xue"), ("岚", "lan"), ("松", "song"), ("凡", "fan"), ("哲", "zhe"), ("晗", "han"),
)  # fmt: skip
