"""Privacy by construction: record visibility, target sensitivity, masking, and the one name guard.

Contract §8 in code. The validator, the public projection and the internal site all ask this module
whether a record is public, whether a target is sensitive, how a name is masked, and — through one
``NameGuard`` — whether a text names someone it may not name, so the three can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Protocol

from . import schema
from .fold import Folded, fold, is_word
from .vocab import Visibility

#: Contact targets the public site names (besides units, which are organisations). Dormitories
#: locate their residents and teachers have not agreed to be named, so they are counted, not named;
#: students are neither. Sensitive targets of any kind are never named anywhere public.
NAMED_KINDS = frozenset({"class", "club", "course"})
#: Names shorter than this are not guarded: one character matches far too much ordinary text.
MIN_NAME = 2
#: Ids shorter than this are not guarded either (a two-letter id would match initials and codes).
MIN_ID = 4


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
    name: str  # the text as written (with any disguise: spaces, joiners, traditional characters)
    refs: tuple[str, ...]  # roster ids carrying this name, roster order
    exposure: Exposure
    start: int  # offsets in the text
    end: int


@dataclass(frozen=True, slots=True)
class _Key:
    refs: tuple[str, ...]
    exposure: Exposure
    wordlike_start: bool  # begins with an ASCII letter or digit: must start at a word boundary
    wordlike_end: bool


_END = ""  # the trie's terminal slot (no folded character is empty)


class NameGuard:
    """Finds roster names and ids in free text, longest first at each position, however disguised.

    Reading left to right and taking the longest roster name that starts at each position means a
    name inside a longer one is not a mention of its own: "王建国与宿舍同学座谈" mentions the public
    王建国, not the sensitive student 王建 — for the validator, the projection and the internal site
    alike. Text and names are compared folded (``fold``): 王\u2060婷彤, 王婷 彤 and 韓博 are the names
    王婷彤 and 韩博, and stu-00020, STU 00020, duan-hang and "Duan Hang" are ids; a name or id made of
    ASCII letters and digits matches only as a whole word. The walk is a trie, so the cost is the
    text's length times at most the longest name.
    """

    def __init__(self, entries: Iterable[tuple[str, str, Exposure]]) -> None:
        keys: dict[str, tuple[list[str], Exposure]] = {}
        for raw, ref, exposure in entries:
            key = fold(raw)
            if len(key) < (MIN_ID if raw == ref else MIN_NAME):
                continue
            refs, known = keys.get(key, ([], Exposure.PUBLIC))
            if ref not in refs:
                refs.append(ref)
            keys[key] = (refs, max(known, exposure))
        # The trie, one branch per first character, each built when a text first reaches it (a
        # review of a change reads a few texts; a full run reaches every branch).
        self._pending: dict[str, list[tuple[str, list[str], Exposure]]] = {}
        for key, (refs, exposure) in keys.items():
            self._pending.setdefault(key[0], []).append((key, refs, exposure))
        self._trie: dict[str, Any] = {}
        self._seen: dict[str, tuple[Mention, ...]] = {}
        # The characters some key starts with: the walk looks for a key only where one stands.
        self._starts = re.compile("[" + "".join(map(re.escape, sorted(self._pending))) + "]") if self._pending else None

    def _branch(self, c: str) -> dict[str, Any] | None:
        """The trie below first character ``c`` (None when no key starts with it)."""
        branch = self._trie.get(c)
        if branch is None and c in self._pending:
            branch = self._trie[c] = {}
            for key, refs, exposure in self._pending.pop(c):
                node = branch
                for ch in key[1:]:
                    node = node.setdefault(ch, {})
                node[_END] = _Key(tuple(refs), exposure, is_word(key[0]), is_word(key[-1]))
        return branch

    @classmethod
    def of(cls, repo_people: Iterable[schema.Person], units: Iterable[schema.Unit],
           targets: Iterable[schema.Target], policy: schema.Policy | None) -> NameGuard:
        """The guard of one repository's rosters: every name and every id."""
        def entries() -> Iterator[tuple[str, str, Exposure]]:
            for p in repo_people:
                yield from _both(p.name, p.id, Exposure.PUBLIC if p.public else Exposure.INTERNAL)
            for u in units:
                yield from _both(u.name, u.id, Exposure.PUBLIC)
            for t in targets:
                if is_sensitive(t, policy):
                    yield from _both(t.name, t.id, Exposure.SENSITIVE)
                else:
                    yield from _both(t.name, t.id, Exposure.PUBLIC if t.kind in NAMED_KINDS else Exposure.INTERNAL)
        return cls(entries())

    def _longest(self, folded: Folded, i: int) -> tuple[int, _Key] | None:
        """The longest key starting at folded character ``i`` that respects word boundaries."""
        node = self._branch(folded.chars[i])
        best: tuple[int, _Key] | None = None
        j = i + 1
        while node is not None:
            key = node.get(_END)
            if key is not None and (not key.wordlike_end or folded.boundary(j)):
                best = (j, key)
            if j >= len(folded.chars):
                break
            node = node.get(folded.chars[j])
            j += 1
        if best is not None and best[1].wordlike_start and not folded.boundary(i):
            return None
        return best

    def mentions(self, text: str) -> tuple[Mention, ...]:
        """Every roster name or id in ``text``, left to right, longest first, without overlaps.

        Remembered per text for the guard's life (one run): the validator, the projection and the
        internal pages (rendered by workers forked after the validator) ask about the same
        summaries and bodies, up to five times each at 100,000 records."""
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = tuple(self._walk(text))
        return found

    def _walk(self, text: str) -> Iterator[Mention]:
        if self._starts is None or not text:
            return
        folded = Folded.of(text)
        i, search = 0, self._starts.search
        while (hit := search(folded.chars, i)) is not None:
            i = hit.start()
            found = self._longest(folded, i)
            if found is None:
                i += 1
                continue
            j, key = found
            start, end = folded.starts[i], folded.ends[j - 1]
            yield Mention(text[start:end], key.refs, key.exposure, start, end)
            i = j

    def sensitive(self, text: str) -> list[Mention]:
        """Mentions of sensitive targets (an error in a public record's text)."""
        return [m for m in self.mentions(text) if m.exposure is Exposure.SENSITIVE]

    def names_someone(self, text: str) -> bool:
        """Whether the text names anyone or anything the public site may not name."""
        return any(m.exposure is not Exposure.PUBLIC for m in self.mentions(text))

    def scrub(self, text: str) -> str:
        """The text with every sensitive name or id masked (internal pages quote roster names)."""
        out, last = [], 0
        for m in self.sensitive(text):
            out.append(text[last:m.start])
            out.append(mask_name(fold(m.name) if fold(m.name).isascii() else _visible_part(m.name)))
            last = m.end
        out.append(text[last:])
        return "".join(out)


def _both(name: str, ref: str, exposure: Exposure) -> Iterator[tuple[str, str, Exposure]]:
    yield name, f"{ref}", exposure
    yield ref, ref, exposure


def _visible_part(name: str) -> str:
    """The characters of a disguised name that fold to something (invisible ones dropped)."""
    return "".join(ch for ch in name if fold(ch))


def withheld_reason(meta: schema.RecordMeta, sensitive: frozenset[str], guard: NameGuard) -> str | None:
    """Why a public record of a public person is kept off the public site, or None to publish it."""
    if any(t in sensitive for t in meta.targets):
        return "联系对象中有敏感对象"
    if guard.names_someone(meta.summary):
        return "工作简况中出现了不公开的姓名或名称（学生、教师、宿舍、未公开人员）"
    return None
