"""The fictional institution as data: calendar, units, pools of schools, clubs, courses and names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DATA_START = date(2025, 9, 1)
DATA_END = date(2026, 11, 20)  # fixed end of the generated records (never "today")
COHORT_NEW = 2026  # the cohort that arrives in September 2026
NEW_COHORT_FROM = date(2026, 9, 1)
EXAM_DAYS = 14  # the last two weeks of a term are exam time

INSTITUTION_NAME = "东湖职业技术学院"
INSTITUTION_CODE = "99999"
PUBLISHER = "中共东湖职业技术学院委员会组织部"
DISCLOSURE_CATEGORY = "0103"
TIMEZONE = "Asia/Shanghai"
POLICY = "policies/example-2024.yml"  # maintained by hand, not generated
LOCKED_THROUGH = date(2026, 1, 31)  # records dated up to this day are locked (changed only by correction)


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

ORG_DEPT = "org-dept"
STUDENT_DEPT = "student-affairs-dept"
LOGISTICS_DEPT = "logistics-dept"
OFFICE_DEPT = "party-office"
ACADEMIC_DEPT = "academic-affairs-dept"
COMMITTEE = "party-committee"
ADMIN_GB = "admin-general-branch"
MARX_SCHOOL = "marx-school"
MARX_OFFICE = "marx-office"

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    (ORG_DEPT, "党委组织部"),
    (STUDENT_DEPT, "党委学生工作部（学生工作处）"),
    (LOGISTICS_DEPT, "后勤管理处"),
    (OFFICE_DEPT, "党政办公室"),
    (ACADEMIC_DEPT, "教务处"),
)

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

SITUATION_POLICY = "course-situation-policy"  # the course a leader's ideology lecture belongs to
IDEOLOGY_COURSES: tuple[tuple[str, str], ...] = (
    ("course-ethics-law", "思想道德与法治"),
    ("course-theory-intro", "毛泽东思想和中国特色社会主义理论体系概论"),
    (SITUATION_POLICY, "形势与政策"),
    ("course-new-era-thought", "习近平新时代中国特色社会主义思想概论"),
)

GUIDANCE = ("思政引导", "学业辅导", "心理疏导", "成长指导", "言行示导")
SENSITIVE_TAGS = ("困难学生", "心理关注")

CHANNEL_NAMES = {"wechat": "微信公众号", "weibo": "官方微博", "qq": "QQ群"}


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


MERGE_DAY = date(2026, 3, 2)  # when the extra campuses of --scale > 1 join
GRADUATION = date(2026, 6, 30)  # the 2023 (three-year) cohort leaves after this day
COHORTS = (2023, 2024, 2025, 2026)
