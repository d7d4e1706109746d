"""How the loader reads one state of the repository: the overlay that shows another state through
the work tree, the loader's scratch state, and the YAML and roster files.

Reading a roster file is a function of its path and bytes; the result is kept on the open parse
cache (``ParseCache.rosters``), so the second load of a review (the merge base, whose rosters are
usually the work tree's) does not validate 16,000 roster entries again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from . import reviewfiles, schema
from .diagnostics import Diagnostic, diag
from .inventory import blob_id
from .parsecache import ParseCache
from .recordstore import cached_document
from .repofs import MISPLACED, safe_read
from .schemaerrors import validate as validate_model
from .schemaerrors import without_echoes
from .yamlio import Loaded, decode, parse, too_large

ROSTER_LIMIT = 16 * 1024 * 1024
LEAVES = "rosters/leaves.yml"
SETTINGS_DIRS = ("rosters/", "policies/")  # what a record's own checks read besides the record


@dataclass(frozen=True)
class Overlay:
    """Another state of the repository seen through its work tree: the files a change touched as
    they were then (``replaced``) and the files it added (``hidden``). Every other file is read
    from the work tree, where (by the diff) it is what it was. The review of a change loads the
    merge base's repository this way without writing it out (``gitdiff.base_overlay``)."""

    replaced: Mapping[str, bytes] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()

    def read(self, root: FsPath, rel: str, limit: int) -> bytes | Diagnostic | None:
        """Like ``repofs.safe_read``, through the overlay."""
        if rel in self.replaced:
            data = self.replaced[rel]
            return too_large(rel, len(data), limit) if len(data) > limit else data
        if rel in self.hidden:
            return None
        return safe_read(root, rel, limit)

    def records(self, found: list[str], problems: list[Diagnostic]) -> tuple[list[str], list[Diagnostic]]:
        """The work tree's record listing, as it was: added files gone, touched ones as they were."""
        gone = self.hidden | set(self.replaced)
        found = [p for p in found if p not in gone]
        problems = [d for d in problems if d.file not in gone]
        for rel in (p for p in self.replaced if p.startswith("records/")):
            name = rel.rsplit("/", 1)[-1]
            if name.endswith(".md"):
                found.append(rel)
            elif not name.startswith("."):
                problems.append(diag("file-misplaced", rel, None, MISPLACED))
        return sorted(found), sorted(problems, key=lambda d: d.sort_key)

    def reviews(self, found: list[str], problems: list[Diagnostic]) -> tuple[list[str], list[Diagnostic]]:
        """The work tree's review files, as they were (like ``records``)."""
        gone = self.hidden | set(self.replaced)
        found = [p for p in found if p not in gone] + [p for p in self.replaced if reviewfiles.is_review_path(p)]
        return sorted(found), [d for d in problems if d.file not in gone]

    def exists(self, root: FsPath, rel: str) -> bool:
        return rel in self.replaced or (rel not in self.hidden and (root / rel).is_file())


@dataclass(frozen=True)
class RosterSources:
    """Where roster entries stand in their files, for locating errors found later."""

    docs: Mapping[str, Loaded] = field(default_factory=dict)  # roster file -> its YAML
    entries: Mapping[str, tuple[tuple[int, Any], ...]] = field(default_factory=dict)  # file -> (index, entry)
    broken_ids: frozenset[str] = frozenset()  # ids of entries that failed the schema
    unreadable: frozenset[str] = frozenset()  # roster files whose entries are all unknown

    def line(self, rel: str, index: int, *path: str | int) -> int | None:
        loaded = self.docs.get(rel)
        return loaded.line((index, *path)) if loaded else None


@dataclass
class Loading:
    """The loader's scratch state while one repository is read (it never leaves the loader)."""

    root: FsPath
    overlay: Overlay | None = None
    store: ParseCache | None = None  # the parse cache, for the roster and policy documents too
    diagnostics: list[Diagnostic] = field(default_factory=list)
    docs: dict[str, Loaded] = field(default_factory=dict)
    entries: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)
    settings: Any = field(default_factory=hashlib.sha256)  # see ``Repo.settings``
    inputs: Any = field(default_factory=hashlib.sha256)  # see ``Repo.inputs``

    def sources(self) -> RosterSources:
        return RosterSources(dict(self.docs), {k: tuple(v) for k, v in self.entries.items()},
                             frozenset(self.broken_ids), frozenset(self.unreadable))

    def read(self, root: FsPath, rel: str, limit: int) -> bytes | Diagnostic | None:
        raw = self.overlay.read(root, rel, limit) if self.overlay is not None else safe_read(root, rel, limit)
        seen = hashlib.sha1(raw, usedforsecurity=False).hexdigest() if isinstance(raw, bytes) else repr(raw)
        line = f"{rel}\0{seen}\n".encode("utf-8", "surrogateescape")
        if rel.startswith(SETTINGS_DIRS):
            self.settings.update(line)
        self.inputs.update(line)
        return raw


# --------------------------------------------------------------------------- rosters

def read_yaml(state: Loading, rel: str, limit: int) -> tuple[Loaded | None, list[Diagnostic]]:
    return _yaml_of(state, rel, state.read(state.root, rel, limit), limit)


def _yaml_of(state: Loading, rel: str, raw: bytes | Diagnostic | None,
             limit: int) -> tuple[Loaded | None, list[Diagnostic]]:
    if raw is None:
        return None, []
    if isinstance(raw, Diagnostic):
        return None, [raw]
    text, problems = decode(raw, rel, limit)
    if text is None:
        return None, problems
    loaded, more = parse(text, rel) if state.store is None else cached_document(state.store, rel, raw, text)
    problems.extend(more)
    return (loaded if loaded.ok else None), problems


@dataclass(frozen=True)
class _RosterRead:
    """What reading one roster file found, the same for the same bytes: its value and what it
    added to the loader's state, as ``RosterSources``. It is kept on the parse cache (a review's
    second load takes it), so it holds nothing that leads back to the cache: such a cycle kept the
    cache's 100,000 entries alive for the rest of the run (gc.freeze makes it permanent)."""

    value: Any
    diagnostics: tuple[Diagnostic, ...]
    sources: RosterSources


def load_roster(state: Loading, rel: str, model: type[schema.Model], is_list: bool) -> Any:
    raw = state.read(state.root, rel, ROSTER_LIMIT)
    memo = state.store.rosters if state.store is not None else None
    key = (rel, model.__name__, blob_id(raw)) if memo is not None and isinstance(raw, bytes) else None
    read = memo.get(key) if memo is not None and key is not None else None
    if read is None:
        scratch = Loading(state.root, store=state.store)
        value = _roster_of(scratch, rel, raw, model, is_list)
        read = _RosterRead(value, tuple(scratch.diagnostics), scratch.sources())
        if memo is not None and key is not None:
            memo[key] = read
    found = read.sources
    state.diagnostics.extend(read.diagnostics)
    state.docs.update(found.docs)
    state.entries.update((k, list(v)) for k, v in found.entries.items())
    state.broken_ids |= found.broken_ids
    state.unreadable |= found.unreadable
    return list(read.value) if isinstance(read.value, list) else read.value


def _roster_of(state: Loading, rel: str, raw: bytes | Diagnostic | None, model: type[schema.Model],
               is_list: bool) -> Any:
    loaded, yaml_problems = _yaml_of(state, rel, raw, ROSTER_LIMIT)
    state.diagnostics.extend(yaml_problems)
    if loaded is None:
        if rel != LEAVES and not yaml_problems:
            state.diagnostics.append(diag("file-missing", rel, None, f"缺少 {rel}。请参照 docs/reference/rosters.md 中的名册格式说明创建这个文件。"))
        if yaml_problems:
            state.unreadable.add(rel)
        return [] if is_list else None
    state.docs[rel] = loaded
    if not is_list:
        if not isinstance(loaded.data, dict):
            state.diagnostics.append(diag("schema-not-mapping", rel, 1, f"{rel} 应为“字段: 值”的映射。"))
            return None
        obj, problems = validate_model(model, loaded.data, loaded, rel)
        state.diagnostics.extend(without_echoes(problems, yaml_problems))
        return obj
    return _roster_entries(state, rel, model, loaded, yaml_problems)


def _roster_entries(state: Loading, rel: str, model: type[schema.Model], loaded: Loaded,
                    yaml_problems: list[Diagnostic]) -> list[Any]:
    data = loaded.data
    if data is None:
        return []
    if not isinstance(data, list):
        state.diagnostics.append(diag("schema-not-list", rel, 1, f"{rel} 应为列表：每一项以“- ”开头。"))
        state.unreadable.add(rel)
        return []
    items = []
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            state.diagnostics.append(diag("schema-not-mapping", rel, loaded.line((i,)), f"第 {i + 1} 项应为“字段: 值”的映射。"))
            continue
        obj, problems = validate_model(model, entry, loaded, rel, (i,))
        state.diagnostics.extend(without_echoes(problems, yaml_problems))
        if obj is None:
            if isinstance(entry.get("id"), str):
                state.broken_ids.add(entry["id"])
            continue
        items.append(obj)
        state.entries.setdefault(rel, []).append((i, obj))
    return items
