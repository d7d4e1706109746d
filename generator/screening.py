"""Screening public text before a disclosure review: likely personal names, numbers, addresses and sensitive words.

The screening only helps a reviewer (保密审查): each ``Flag`` points at a span the reviewer should
look at, and nothing is published or withheld because of a flag (``disclosure`` decides that).
Person names come from jieba's part-of-speech tagging (``nr``), with every roster name added to
its dictionary so that known names are read whole and are not reported as unknown ones; a roster
name that may not be published is flagged by the one name guard (``privacy.NameGuard``) instead.
Student numbers, dormitory rooms and addresses are regular expressions over the folded text
(``fold``: full-width digits, spaces and traditional characters do not hide them); ID-card and
mobile numbers are ``pii``'s. Sensitive words are the built-in categories below merged with the
policy's ``sensitive_words``; a word inside a public name (a club called 心理健康协会) is not flagged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from . import pii, schema
from .fold import Folded, fold
from .privacy import Exposure, NameGuard, mask_name

#: Built-in sensitive-word categories; a policy's ``sensitive_words`` replaces a category of the
#: same name and adds others (docs/opendata.md lists them).
DEFAULT_WORDS: Mapping[str, tuple[str, ...]] = {
    "家庭经济": ("困难", "贫困", "低保", "建档立卡", "特困", "助学贷款", "欠费", "资助"),
    "身心健康": ("心理", "抑郁", "焦虑", "自杀", "自残", "轻生", "疾病", "生病", "住院", "病情", "残疾", "休学", "就医"),
    "纪律处分": ("处分", "违纪", "记过", "留校察看", "开除", "作弊", "通报批评"),
    "家庭变故": ("离异", "单亲", "孤儿", "去世", "病故", "服刑", "家暴"),
    "违法犯罪": ("违法", "犯罪", "拘留", "派出所"),
    "宗教信仰": ("宗教", "信教"),
}


class FlagKind(StrEnum):
    NAME = "name"
    ROSTER = "roster"
    STUDENT_NUMBER = "student-number"
    ROOM = "room"
    ADDRESS = "address"
    PERSONAL_NUMBER = "personal-number"
    WORD = "word"


FLAG_LABELS: Mapping[FlagKind, str] = {
    FlagKind.NAME: "可能的人名（名册中没有）",
    FlagKind.ROSTER: "名册中不能公开的姓名或名称",
    FlagKind.STUDENT_NUMBER: "疑似学号",
    FlagKind.ROOM: "宿舍门牌",
    FlagKind.ADDRESS: "疑似住址",
    FlagKind.PERSONAL_NUMBER: "身份证号或手机号",
    FlagKind.WORD: "敏感类别词",
}


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    text: str  # the span as the reviewer may see it (personal numbers and sensitive names masked)
    start: int  # offsets in the screened text
    end: int
    note: str = ""  # the category of a sensitive word, or what a roster name is

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.kind] + (f"（{self.note}）" if self.note else "")


_CJK = r"\u3400-\u9fff"
_ROOM = re.compile(
    r"\d{1,3}(?:栋|幢|号楼|号公寓|舍|斋|苑)[a-z]?\d{3,4}(?:室|宿舍|寝室|房间?)?"
    r"|[a-z]\d{3,4}(?:室|宿舍|寝室)|(?:宿舍|寝室|房间)[a-z]?\d{3,4}|(?<![\d.])\d{3,4}(?:宿舍|寝室|室)")
_ADDRESS = re.compile(
    rf"[{_CJK}]{{1,12}}(?:路|街|大道|巷|弄|胡同)\d+号"
    rf"|(?:家住|住址|家庭住址|居住在|住在|户籍在?)[{_CJK}\d]{{2,20}}"
    rf"|[{_CJK}]{{1,6}}(?:省|自治区|市)[{_CJK}]{{1,8}}?(?:县|区|镇|乡|村)"
    rf"|[{_CJK}]{{1,6}}(?:镇|乡)[{_CJK}]{{1,6}}?村|[{_CJK}]{{2,8}}(?:小区|花园|新村)"
    r"|\d+单元\d+")
_STUDENT_NUMBER = re.compile(r"学号[:：]?[a-z0-9]{4,}|(?<![0-9])\d{8,13}(?![0-9])")
_NAME_TAGS = ("nr", "nrfg", "nrt")
#: Words jieba's dictionary tags as person names that campus texts use as ordinary words.
_NOT_NAMES = frozenset({"师生", "同学", "老师", "学生", "家长", "教师", "干部", "书记", "校长", "院长", "主任"})


def _is_date(digits: str) -> bool:
    if len(digits) != 8:
        return False
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


@cache
def _jieba() -> tuple[Any, dict[str, str]]:
    """jieba's default dictionary and part-of-speech table, loaded once per process (~0.7 s)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." on the console
    base = jieba.Tokenizer()
    base.initialize()
    return base, dict(jieba.posseg.POSTokenizer(base).word_tag_tab)


def _tagger(names: Iterable[str]) -> Any:
    """A part-of-speech tagger of its own (the global one, which the search plugin uses, is left
    alone) whose dictionary also holds ``names``. Copying the loaded dictionary costs ~25 ms;
    jieba 0.42's ``POSTokenizer`` keeps no other state than these two tables."""
    import jieba
    import jieba.posseg

    base, tags = _jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer, tagger.word_tag_tab = tokenizer, dict(tags)
    for name in names:
        tokenizer.add_word(name, 20000, "roster")
    return tagger


class Screener:
    """Screens texts for one repository: its rosters (as jieba's user dictionary and through the
    name guard) and its policy's sensitive words."""

    def __init__(self, guard: NameGuard, names: Iterable[str], words: Mapping[str, Sequence[str]]) -> None:
        self.guard = guard
        self.names = frozenset(n for n in names if len(n) >= 2 and re.search(f"[{_CJK}]", n))
        self.words = {category: tuple(fold(w) for w in ws if fold(w)) for category, ws in words.items()}
        self._tagger: Any = None

    @classmethod
    def of(cls, people: Iterable[schema.Person], units: Iterable[schema.Unit], targets: Iterable[schema.Target],
           policy: schema.Policy | None, guard: NameGuard) -> Screener:
        names = [x.name for group in (people, units, targets) for x in group]
        return cls(guard, names, {**DEFAULT_WORDS, **(policy.sensitive_words if policy else {})})

    def screen(self, text: str) -> list[Flag]:
        """Every flag in ``text``, by position."""
        mentions = list(self.guard.mentions(text))
        public = [(m.start, m.end) for m in mentions if m.exposure is Exposure.PUBLIC]
        known = [(m.start, m.end) for m in mentions]
        folded = Folded.of(text)
        found = [*self._roster(mentions), *self._names(text, known), *pii_flags(text),
                 *patterns(folded), *self._words(folded, public)]
        return sorted(found, key=lambda f: (f.start, f.end, f.kind))

    def _roster(self, mentions: Iterable[Any]) -> Iterator[Flag]:
        for m in mentions:
            if m.exposure is Exposure.SENSITIVE:
                yield Flag(FlagKind.ROSTER, mask_name(m.name), m.start, m.end, "敏感对象")
            elif m.exposure is Exposure.INTERNAL:
                yield Flag(FlagKind.ROSTER, m.name, m.start, m.end, "学生、教师、宿舍或未公开人员")

    def _names(self, text: str, known: Sequence[tuple[int, int]]) -> Iterator[Flag]:
        if self._tagger is None:
            self._tagger = _tagger(self.names)
        at = 0
        for word, tag in self._tagger.cut(text):
            start = text.find(word, at)
            at = start + len(word) if start >= 0 else at
            if (start >= 0 and tag in _NAME_TAGS and len(word) >= 2 and word not in self.names
                    and word not in _NOT_NAMES and not _overlaps(start, at, known)):
                yield Flag(FlagKind.NAME, word, start, at)

    def _words(self, folded: Folded, public: Sequence[tuple[int, int]]) -> Iterator[Flag]:
        for category, words in self.words.items():
            for word in words:
                for m in re.finditer(re.escape(word), folded.chars):
                    start, end = folded.starts[m.start()], folded.ends[m.end() - 1]
                    if not any(s <= start and end <= e for s, e in public):
                        yield Flag(FlagKind.WORD, folded.text[start:end], start, end, category)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def pii_flags(text: str) -> Iterator[Flag]:
    for h in pii.hits(text):
        yield Flag(FlagKind.PERSONAL_NUMBER, h.masked, h.start, h.end, h.kind)


def patterns(folded: Folded) -> Iterator[Flag]:
    """Rooms, addresses and student numbers (not a date, not a personal number)."""
    personal = [(h.start, h.end) for h in pii.hits(folded.text)]
    for kind, pattern in ((FlagKind.ROOM, _ROOM), (FlagKind.ADDRESS, _ADDRESS), (FlagKind.STUDENT_NUMBER, _STUDENT_NUMBER)):
        for m in pattern.finditer(folded.chars):
            start, end = folded.starts[m.start()], folded.ends[m.end() - 1]
            if kind is FlagKind.STUDENT_NUMBER and (_is_date(m.group()) or _overlaps(start, end, personal)):
                continue
            yield Flag(kind, pii.redact(folded.text[start:end]), start, end)
