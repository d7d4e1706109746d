"""Turns intents into records under the cross-record rules: times, companions, visibility, text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from .habits import PROBLEM_TYPES, PUBLIC_TYPES, REQUIRES_DURATION, SLOTS, TIMED_PROB, WEEKEND_STARTS
from .institution import CHANNEL_NAMES, DATA_END
from .model import Actor, Target, Unit, World
from .phrases import BODY_LINES, PROBLEMS, SUMMARY
from .planner import Intent


def fill(rng: Random, parts: Sequence[Sequence[str]], **kw: str) -> str:
    return "".join(rng.choice(p) for p in parts).format(**kw)


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_min(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


@dataclass
class Record:
    actor: Actor
    day: date
    type: str
    targets: list[str]
    with_: list[str]
    start: str | None
    end: str | None
    location: str | None
    summary: str
    guidance: list[str]
    visibility: str | None
    problems: list[dict[str, Any]]
    body: str


class Emitter:
    """Applies the cross-record rules while turning intents into records."""

    def __init__(self, w: World, seed: int) -> None:
        self.w = w
        self.seed = seed
        self.busy: dict[tuple[str, date], list[tuple[int, int]]] = {}
        self.keys: dict[tuple[str, date, str], list[tuple[str, ...]]] = {}
        self.canteen: set[tuple[str, date]] = set()
        self.records: list[Record] = []

    def free(self, person: str, d: date, span: tuple[int, int] | None) -> bool:
        if span is None:
            return True
        return all(span[1] <= s or span[0] >= e for s, e in self.busy.get((person, d), ()))

    def ok_for(
        self, person: str, it: Intent, key: tuple[str, ...], span: tuple[int, int] | None
    ) -> bool:
        # one person never has two records of a day and type whose targets overlap (or are empty):
        # that would be duplicate credit, or a colleague credited in `with` who also filed it
        for other in self.keys.get((person, it.day, it.type), ()):
            if not other or not key or set(other) & set(key):
                return False
        if it.type == "canteen-meal" and (person, it.day) in self.canteen:
            return False
        return self.free(person, it.day, span)

    def claim(
        self, person: str, it: Intent, key: tuple[str, ...], span: tuple[int, int] | None
    ) -> None:
        self.keys.setdefault((person, it.day, it.type), []).append(key)
        if it.type == "canteen-meal":
            self.canteen.add((person, it.day))
        if span:
            self.busy.setdefault((person, it.day), []).append(span)

    def emit(self, a: Actor, it: Intent, rng: Random) -> None:
        key = tuple(sorted(it.targets))
        weekend = it.day.weekday() >= 5
        timed = it.type in REQUIRES_DURATION or rng.random() < TIMED_PROB.get(it.type, 0.7)
        starts, durations = SLOTS[it.type]
        durations = it.durations or durations
        if weekend:
            starts = WEEKEND_STARTS
        candidates: list[tuple[int, int] | None] = []
        if timed:
            order = list(starts)
            rng.shuffle(order)
            for s in order:
                start = to_min(s) + rng.choice((0, 0, 0, 10, 20, 30))
                candidates.append((start, start + rng.choice(durations)))
        if it.type not in REQUIRES_DURATION:
            candidates.append(None)
        span = next((c for c in candidates if self.ok_for(a.id, it, key, c)), "none")
        if span == "none":
            return
        assert not isinstance(span, str)
        withs: list[str] = []
        if it.with_n:
            pool = list(a.with_pool)
            rng.shuffle(pool)
            for p in pool:
                if len(withs) >= it.with_n:
                    break
                other = self.w.by_id[p]
                if p != a.id and other.active(it.day) and self.ok_for(p, it, key, span):
                    withs.append(p)
        self.claim(a.id, it, key, span)
        for p in withs:
            self.claim(p, it, key, span)
        targets = [self.w.by_id[t] for t in it.targets]
        sensitive = any(isinstance(t, Target) and t.is_sensitive for t in targets)
        visibility = None
        personal = any(isinstance(t, Target) and t.kind in ("student", "teacher") for t in targets)
        if (
            a.public
            and it.type in PUBLIC_TYPES
            and not sensitive
            and not personal
            and all(self.w.by_id[p].public for p in withs)
            and rng.random() < 0.3
            # Dorm summaries name the room, which the public site never shows: only a few such
            # records are marked public, to demonstrate the record-public-withheld warning.
            and (not any(isinstance(t, Target) and t.kind == "dorm" for t in targets) or it.day.day % 9 == 0)
        ):
            visibility = "public"
        problems = []
        if it.type in PROBLEM_TYPES and a.kind != "branch" and rng.random() < 0.06:
            problems.append(self.problem(it.day, rng))
        summary = self.summary(a, it, rng)
        body = self.body(a, it, rng) if rng.random() < 0.8 else ""
        location = it.location
        if location is None:
            location = self.location(it, rng)
        self.records.append(
            Record(
                a,
                it.day,
                it.type,
                list(it.targets),
                withs,
                hm(span[0]) if span else None,
                hm(span[1]) if span else None,
                location,
                summary,
                list(it.guidance),
                visibility,
                problems,
                body,
            )
        )

    def problem(self, d: date, rng: Random) -> dict[str, Any]:
        text, dept, resolution = rng.choice(PROBLEMS)
        p: dict[str, Any] = {"summary": text, "refer_to": dept}
        days = rng.choice((1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12, 15, 30))
        done = d + timedelta(days=days)
        r = rng.random()
        if done <= DATA_END and r < 0.85:
            p["status"] = "resolved"
            p["resolved"] = done
            p["resolution"] = resolution
        elif r < 0.93:
            p["status"] = "in-progress"
        else:
            p["status"] = "open"
        return p

    def display(self, tid: str) -> str:
        obj = self.w.by_id[tid]
        if isinstance(obj, Target):
            if obj.kind == "student":
                return self.w.by_id[obj.klass].name if obj.klass else "学生"
            if obj.kind == "teacher":
                tag = next(
                    (t for t in ("辅导员", "思政课教师", "专家", "青年教师") if t in obj.tags),
                    "教师",
                )
                return f"{tag}{obj.name}"
            return obj.name
        return obj.name

    def summary(self, a: Actor, it: Intent, rng: Random) -> str:
        objs = [self.w.by_id[t] for t in it.targets]
        # courses are named through {c}; the audience is the class (or whatever else is listed)
        shown = [
            t for t, o in zip(it.targets, objs, strict=True) if getattr(o, "kind", "") != "course"
        ]
        names = list(dict.fromkeys(self.display(t) for t in shown))
        course = next(
            (o.name for o in objs if getattr(o, "kind", "") == "course"), it.fill.get("c", "")
        )
        if it.type in ("class-observation", "teaching", "ideology-lecture"):
            t = next(
                (
                    self.display(x)
                    for x, o in zip(it.targets, objs, strict=True)
                    if getattr(o, "kind", "") == "class"
                ),
                names[0] if names else "学生",
            )
        elif (
            it.type == "seminar" and objs and all(getattr(o, "kind", "") == "teacher" for o in objs)
        ):
            t = "辅导员和教师代表"
        else:
            t = "、".join(names[:2])
        ch = (
            CHANNEL_NAMES.get(rng.choice(a.channels), "网络")
            if a.channels
            else rng.choice(("班级群", "学院公众号", "QQ群"))
        )
        kw = {"t": t, "loc": it.location or "食堂", "ch": ch, "c": course}
        return fill(rng, SUMMARY[it.type], **kw)

    def body(self, a: Actor, it: Intent, rng: Random) -> str:
        pool = list(BODY_LINES["common"])
        if a.kind == "teacher":
            pool += BODY_LINES["teacher"]
        if a.kind == "branch":
            pool += BODY_LINES["unit"]
        lines = rng.sample(pool, rng.choice((1, 2, 3)))
        head = rng.choice(("## 活动情况", "## 主要情况", "## 交流内容", ""))
        out = []
        if head:
            out += [head, ""]
        if len(lines) > 1 and rng.random() < 0.6:
            out += [f"- {x}" for x in lines]
        else:
            out += ["".join(lines)]
        if rng.random() < 0.3:
            out += [
                "",
                rng.choice(
                    ("下一步：持续关注，按月回访。", "后续由学院跟进落实。", "已在台账中登记。")
                ),
            ]
        return "\n".join(out) + "\n"

    def location(self, it: Intent, rng: Random) -> str | None:
        if rng.random() < 0.25:
            return None
        first = self.w.by_id[it.targets[0]] if it.targets else None
        t = it.type
        if t == "dorm-visit" and isinstance(first, Target) and first.kind == "dorm":
            return first.name.removesuffix("宿舍")
        if t in ("class-observation", "ideology-lecture", "theme-activity", "teaching"):
            return (
                rng.choice(("教学楼", "实训楼", "综合楼"))
                + f"{rng.randint(1, 5)}{rng.randint(1, 20):02d}教室"
            )
        if t == "club-activity":
            return rng.choice(("学生活动中心", "大学生活动中心", "社团活动室"))
        if t == "cultural-sports":
            return rng.choice(("体育馆", "田径场", "篮球场", "学生活动中心"))
        if t == "counselling":
            return "心理咨询室"
        if t in ("student-talk", "teacher-talk", "secretary-talk"):
            return rng.choice(("办公室", "谈心室", "学院会客室"))
        if t == "party-lecture":
            return rng.choice(("党员活动室", "学术报告厅"))
        if t in (
            "onsite-office",
            "report-hearing",
            "research",
            "inspection",
            "branch-visit",
            "seminar",
        ):
            if isinstance(first, Unit):
                return f"{first.name}会议室"
            return "行政楼会议室"
        return None
