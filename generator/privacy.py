"""Privacy by construction: record visibility, target sensitivity, masking, and the one name guard.

Contract §8 in code. The validator, the public projection and the internal site all ask this module
whether a record is public, whether a target is sensitive, how a name is masked, and — through one
``NameGuard`` — whether a text names someone it may not name, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Protocol

from . import schema
from .vocab import Visibility

#: Contact targets the public site names (besides units, which are organisations). Dormitories
#: locate their residents and teachers have not agreed to be named, so they are counted, not named;
#: students are neither. Sensitive targets of any kind are never named anywhere public.
NAMED_KINDS = frozenset({"class", "club", "course"})
#: Names shorter than this are not guarded: one character matches far too much ordinary text.
MIN_NAME = 2


class HasVisibility(Protocol):
    @property
    def visibility(self) -> Visibility | None: ...
    @property
    def type(self) -> str | None: ...


def visibility(meta: HasVisibility, policy: schema.Policy | None) -> Visibility:
    """The record's own ``visibility``, else its activity type's default, else ``internal``."""
    if meta.visibility:
        return Visibility(meta.visibility)
    atype = policy.activity_types.get(meta.type) if policy and meta.type is not None else None
    return atype.visibility if atype else Visibility.INTERNAL


def is_sensitive(target: schema.Target | None, policy: schema.Policy | None) -> bool:
    """Marked ``sensitive: true``, or carrying one of the policy's sensitive tags. Units never are."""
    if target is None:
        return False
    if target.sensitive:
        return True
    return policy is not None and bool(set(target.tags) & set(policy.sensitive_tags))


def sensitive_ids(targets: Iterable[schema.Target], policy: schema.Policy | None) -> frozenset[str]:
    """Ids of every sensitive target, computed once per run."""
    return frozenset(t.id for t in targets if is_sensitive(t, policy))


def mask_name(name: str) -> str:
    """Mask a sensitive person's name: keep the first character, star the rest (李华 → 李*,
    欧阳明月 → 欧***). Names of one character become ``*``; the result is never the input."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


class Exposure(IntEnum):
    """How far a name may travel; when two roster entries share a name, the stricter one wins."""

    PUBLIC = 0  # public people, units, named targets: the public site names them anyway
    INTERNAL = 1  # non-public people, students, dorms, teachers: named on the internal site only
    SENSITIVE = 2  # sensitive targets: masked on the internal site, never published


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    refs: tuple[str, ...]  # roster ids carrying this name, roster order
    exposure: Exposure
    start: int  # offset in the text


class NameGuard:
    """Finds roster names in free text, longest name first at each position.

    Reading left to right and taking the longest roster name that starts at each position means a
    name inside a longer one is not a mention of its own: "王建国与宿舍同学座谈" mentions the public
    王建国, not the sensitive student 王建 — for the validator, the projection and the internal site
    alike.
    """

    def __init__(self, entries: Iterable[tuple[str, str, Exposure]]) -> None:
        names: dict[str, tuple[list[str], Exposure]] = {}
        for raw, ref, exposure in entries:
            name = raw.strip()
            if len(name) < MIN_NAME:
                continue
            refs, known = names.get(name, ([], Exposure.PUBLIC))
            refs.append(ref)
            names[name] = (refs, max(known, exposure))
        self._names = {n: (tuple(refs), e) for n, (refs, e) in names.items()}
        self._lengths = sorted({len(n) for n in self._names}, reverse=True)

    @classmethod
    def of(cls, repo_people: Iterable[schema.Person], units: Iterable[schema.Unit],
           targets: Iterable[schema.Target], policy: schema.Policy | None) -> NameGuard:
        """The guard of one repository's rosters."""
        def entries() -> Iterator[tuple[str, str, Exposure]]:
            for p in repo_people:
                yield p.name, p.id, Exposure.PUBLIC if p.public else Exposure.INTERNAL
            for u in units:
                yield u.name, u.id, Exposure.PUBLIC
            for t in targets:
                if is_sensitive(t, policy):
                    yield t.name, t.id, Exposure.SENSITIVE
                else:
                    yield t.name, t.id, Exposure.PUBLIC if t.kind in NAMED_KINDS else Exposure.INTERNAL
        return cls(entries())

    def mentions(self, text: str) -> Iterator[Mention]:
        """Every roster name in ``text``, left to right, longest first, without overlaps."""
        if not self._lengths:
            return
        i, n = 0, len(text)
        while i < n:
            for size in self._lengths:
                found = self._names.get(text[i:i + size])
                if found is not None:
                    yield Mention(text[i:i + size], found[0], found[1], i)
                    i += size
                    break
            else:
                i += 1

    def sensitive(self, text: str) -> list[Mention]:
        """Mentions of sensitive targets (an error in a public record's text)."""
        return [m for m in self.mentions(text) if m.exposure is Exposure.SENSITIVE]

    def names_someone(self, text: str) -> bool:
        """Whether the text names anyone or anything the public site may not name."""
        return any(m.exposure is not Exposure.PUBLIC for m in self.mentions(text))

    def scrub(self, text: str) -> str:
        """The text with every sensitive name masked (internal pages quote roster names)."""
        out, last = [], 0
        for m in self.sensitive(text):
            out.append(text[last:m.start])
            out.append(mask_name(m.name))
            last = m.start + len(m.name)
        out.append(text[last:])
        return "".join(out)


def withheld_reason(meta: schema.RecordMeta, sensitive: frozenset[str], guard: NameGuard) -> str | None:
    """Why a public record of a public person is kept off the public site, or None to publish it."""
    if any(t in sensitive for t in meta.targets):
        return "联系对象中有敏感对象"
    if guard.names_someone(meta.summary):
        return "工作简况中出现了不公开的姓名或名称（学生、教师、宿舍、未公开人员）"
    return None
