"""Turns intents into records under the cross-record rules: times, companions, visibility, text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from .habits import (
    BODY_CLOSING_SHARE,
    BODY_LINE_COUNTS,
    BODY_LIST_SHARE,
    BODY_SHARE,
    CLASSROOM_FLOORS,
    CLASSROOMS_PER_FLOOR,
    DEFAULT_TIMED_PROB,
    DORM_PUBLIC_DAY_EVERY,
    LOCATION_NONE_SHARE,
    PROBLEM_DAYS,
    PROBLEM_IN_PROGRESS,
    PROBLEM_SHARE,
    PROBLEM_TYPES,
    PUBLIC_SHARE,
    PUBLIC_TYPES,
    REQUIRES_DURATION,
    SLOTS,
    START_JITTER,
    TIMED_PROB,
    WEEKEND_STARTS,
)
from .institution import CHANNEL_NAMES, DATA_END
from .model import Actor, Target, Unit, World
from .phrases import (
    AUDIENCE_DEFAULT,
    BODY_CLOSINGS,
    BODY_HEADINGS,
    BODY_LINES,
    CANTEEN_DEFAULT,
    CHANNEL_DEFAULT,
    CHANNELS_OF_OTHERS,
    CLASSROOM_TYPES,
    COUNSELLOR_SEMINAR,
    FIXED_PLACES,
    MEETING_ROOM_DEFAULT,
    MEETING_TYPES,
    PLACES,
    PROBLEMS,
    STUDENT_DISPLAY_DEFAULT,
    SUMMARY,
    TEACHER_DISPLAY_DEFAULT,
    TEACHER_DISPLAY_TAGS,
    TEACHING_BUILDINGS,
)
from .planner import Intent

Span = tuple[int, int] | None  # start and end in minutes after midnight; None for an untimed record


def fill(rng: Random, parts: Sequence[Sequence[str]], **kw: str) -> str:
    """One phrase drawn from each part, joined and formatted."""
    return "".join(rng.choice(p) for p in parts).format(**kw)


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_min(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


def kind_of(obj: Any) -> str:
    return getattr(obj, "kind", "")


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

    def __init__(self, w: World) -> None:
        self.w = w
        self.busy: dict[tuple[str, date], list[tuple[int, int]]] = {}
        self.keys: dict[tuple[str, date, str], list[tuple[str, ...]]] = {}
        self.canteen: set[tuple[str, date]] = set()
        self.records: list[Record] = []

    # -- the cross-record rules
    def free(self, person: str, d: date, span: Span) -> bool:
        if span is None:
            return True
        return all(span[1] <= s or span[0] >= e for s, e in self.busy.get((person, d), ()))

    def ok_for(self, person: str, it: Intent, key: tuple[str, ...], span: Span) -> bool:
        # one person never has two records of a day and type whose targets overlap (or are empty):
        # that would be duplicate credit, or a colleague credited in `with` who also filed it
        for other in self.keys.get((person, it.day, it.type), ()):
            if not other or not key or set(other) & set(key):
                return False
        if it.type == "canteen-meal" and (person, it.day) in self.canteen:
            return False
        return self.free(person, it.day, span)

    def claim(self, person: str, it: Intent, key: tuple[str, ...], span: Span) -> None:
        self.keys.setdefault((person, it.day, it.type), []).append(key)
        if it.type == "canteen-meal":
            self.canteen.add((person, it.day))
        if span:
            self.busy.setdefault((person, it.day), []).append(span)

    # -- one record
    def emit(self, a: Actor, it: Intent, rng: Random) -> None:
        """Files the intent as a record at the first free time, or drops it when none is free."""
        key = tuple(sorted(it.targets))
        for span in self.spans(it, rng):
            if self.ok_for(a.id, it, key, span):
                break
        else:
            return
        withs = self.companions(a, it, key, span, rng)
        self.claim(a.id, it, key, span)
        for p in withs:
            self.claim(p, it, key, span)
        self.records.append(self.record(a, it, span, withs, rng))

    def spans(self, it: Intent, rng: Random) -> list[Span]:
        """Candidate times in order of preference; untimed last, unless the type needs a time."""
        timed = it.type in REQUIRES_DURATION or rng.random() < TIMED_PROB.get(it.type, DEFAULT_TIMED_PROB)
        starts, durations = SLOTS[it.type]
        durations = it.durations or durations
        if it.day.weekday() >= 5:
            starts = WEEKEND_STARTS
        candidates: list[Span] = []
        if timed:
            order = list(starts)
            rng.shuffle(order)
            for s in order:
                start = to_min(s) + rng.choice(START_JITTER)
                candidates.append((start, start + rng.choice(durations)))
        if it.type not in REQUIRES_DURATION:
            candidates.append(None)
        return candidates

    def companions(self, a: Actor, it: Intent, key: tuple[str, ...], span: Span, rng: Random) -> list[str]:
        """Up to ``with_n`` colleagues from the actor's pool who are free to come along."""
        withs: list[str] = []
        if not it.with_n:
            return withs
        pool = list(a.with_pool)
        rng.shuffle(pool)
        for p in pool:
            if len(withs) >= it.with_n:
                break
            other = self.w.by_id[p]
            if p != a.id and other.active(it.day) and self.ok_for(p, it, key, span):
                withs.append(p)
        return withs

    def record(self, a: Actor, it: Intent, span: Span, withs: list[str], rng: Random) -> Record:
        visibility = "public" if self.shown_in_public(a, it, withs, rng) else None
        problems = []
        if it.type in PROBLEM_TYPES and a.kind != "branch" and rng.random() < PROBLEM_SHARE:
            problems.append(self.problem(it.day, rng))
        summary = self.summary(a, it, rng)
        body = self.body(a, it, rng) if rng.random() < BODY_SHARE else ""
        location = it.location if it.location is not None else self.location(it, rng)
        start, end = (hm(span[0]), hm(span[1])) if span else (None, None)
        return Record(
            a, it.day, it.type, list(it.targets), withs, start, end, location, summary, list(it.guidance),
            visibility, problems, body,
        )  # fmt: skip

    def shown_in_public(self, a: Actor, it: Intent, withs: list[str], rng: Random) -> bool:
        """Whether a public actor marks this record public (never one naming a person or a sensitive target)."""
        targets = [self.w.by_id[t] for t in it.targets]
        sensitive = any(isinstance(t, Target) and t.is_sensitive for t in targets)
        personal = any(isinstance(t, Target) and t.kind in ("student", "teacher") for t in targets)
        # the draw happens only when every earlier condition holds, so the order of this chain is fixed
        return (
            a.public
            and it.type in PUBLIC_TYPES
            and not sensitive
            and not personal
            and all(self.w.by_id[p].public for p in withs)
            and rng.random() < PUBLIC_SHARE
            # Dorm summaries name the room, which the public site never shows: only a few such
            # records are marked public, to demonstrate the record-public-withheld warning.
            and (
                not any(isinstance(t, Target) and t.kind == "dorm" for t in targets)
                or it.day.day % DORM_PUBLIC_DAY_EVERY == 0
            )
        )

    def problem(self, d: date, rng: Random) -> dict[str, Any]:
        text, dept, resolution = rng.choice(PROBLEMS)
        p: dict[str, Any] = {"summary": text, "refer_to": dept}
        done = d + timedelta(days=rng.choice(PROBLEM_DAYS))
        r = rng.random()
        if done <= DATA_END:  # a problem whose day has come is resolved: only recent ones stay open
            p["status"] = "resolved"
            p["resolved"] = done
            p["resolution"] = resolution
        elif r < PROBLEM_IN_PROGRESS:
            p["status"] = "in-progress"
        else:
            p["status"] = "open"
        return p

    # -- text
    def display(self, tid: str) -> str:
        """How a target is named in a summary: students by their class, teachers with their role."""
        obj = self.w.by_id[tid]
        if isinstance(obj, Target) and obj.kind == "student":
            return self.w.by_id[obj.klass].name if obj.klass else STUDENT_DISPLAY_DEFAULT
        if isinstance(obj, Target) and obj.kind == "teacher":
            tag = next((t for t in TEACHER_DISPLAY_TAGS if t in obj.tags), TEACHER_DISPLAY_DEFAULT)
            return f"{tag}{obj.name}"
        return obj.name

    def audience(self, it: Intent) -> str:
        """What a summary's {t} names."""
        objs = [self.w.by_id[t] for t in it.targets]
        # courses are named through {c}; the audience is the class (or whatever else is listed)
        shown = [t for t, o in zip(it.targets, objs, strict=True) if kind_of(o) != "course"]
        names = list(dict.fromkeys(self.display(t) for t in shown))
        if it.type in ("class-observation", "teaching", "ideology-lecture"):
            classes = (self.display(x) for x, o in zip(it.targets, objs, strict=True) if kind_of(o) == "class")
            return next(classes, names[0] if names else AUDIENCE_DEFAULT)
        if it.type == "seminar" and objs and all(kind_of(o) == "teacher" for o in objs):
            return COUNSELLOR_SEMINAR
        return "、".join(names[:2])

    def summary(self, a: Actor, it: Intent, rng: Random) -> str:
        objs = [self.w.by_id[t] for t in it.targets]
        course = next((o.name for o in objs if kind_of(o) == "course"), it.fill.get("c", ""))
        t = self.audience(it)
        if a.channels:
            ch = CHANNEL_NAMES.get(rng.choice(a.channels), CHANNEL_DEFAULT)
        else:
            ch = rng.choice(CHANNELS_OF_OTHERS)
        kw = {"t": t, "loc": it.location or CANTEEN_DEFAULT, "ch": ch, "c": course}
        return fill(rng, SUMMARY[it.type], **kw)

    def body(self, a: Actor, it: Intent, rng: Random) -> str:
        pool = list(BODY_LINES["common"])
        if a.kind == "teacher":
            pool += BODY_LINES["teacher"]
        if a.kind == "branch":
            pool += BODY_LINES["unit"]
        lines = rng.sample(pool, rng.choice(BODY_LINE_COUNTS))
        head = rng.choice(BODY_HEADINGS)
        out = []
        if head:
            out += [head, ""]
        if len(lines) > 1 and rng.random() < BODY_LIST_SHARE:
            out += [f"- {x}" for x in lines]
        else:
            out += ["".join(lines)]
        if rng.random() < BODY_CLOSING_SHARE:
            out += ["", rng.choice(BODY_CLOSINGS)]
        return "\n".join(out) + "\n"

    def location(self, it: Intent, rng: Random) -> str | None:
        # the type sets below are disjoint, so the order of the tests does not matter
        if rng.random() < LOCATION_NONE_SHARE:
            return None
        first = self.w.by_id[it.targets[0]] if it.targets else None
        if it.type == "dorm-visit" and isinstance(first, Target) and first.kind == "dorm":
            return first.name.removesuffix("宿舍")
        if it.type in CLASSROOM_TYPES:
            building = rng.choice(TEACHING_BUILDINGS)
            return building + f"{rng.randint(1, CLASSROOM_FLOORS)}{rng.randint(1, CLASSROOMS_PER_FLOOR):02d}教室"
        if it.type in MEETING_TYPES:
            return f"{first.name}会议室" if isinstance(first, Unit) else MEETING_ROOM_DEFAULT
        if it.type in FIXED_PLACES:  # no draw: there is only one such place
            return FIXED_PLACES[it.type]
        places = PLACES.get(it.type)
        return rng.choice(places) if places else None
