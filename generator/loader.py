"""Read a records repository into immutable data: rosters, the policy chain, and every record.

``load_repo`` gathers everything before any cross-file check runs. Parsing one record is a pure
function of its path and bytes (``recordfile.parse_record``), so records are parsed in parallel on
large repositories. What the loader learns about where each roster entry stands (lines, entries
that failed the schema, unreadable files) travels in ``RosterSources`` so later errors can be
located; the loader's own scratch state never leaves this module.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from . import inventory, reviewfiles, schema
from .diagnostics import Diagnostic, diag
from .errors import NotARepository
from .ledger import Ledger
from .ledger import load as load_ledger
from .parameters import Use, chain_values, substitute
from .parsecache import ParseCache
from .policymerge import SECTIONS, cite_document, merge_policies
from .recordfile import (
    RECORD_LIMIT,
    RECORD_RE,
    ParsedRecord,
    PartialRecord,
    Record,
    parse_record,
    split_front_matter,
)
from .recordstore import cached_document, read_records
from .repofs import MISPLACED, policy_path_problem, safe_read, walk_records
from .schemaerrors import validate as validate_model
from .schemaerrors import without_echoes
from .yamlio import Loaded, decode, parse, too_large

__all__ = [
    "RECORD_LIMIT", "RECORD_RE", "NotARepository", "Overlay", "ParsedRecord", "PartialRecord", "PolicyFile", "Record",
    "Repo", "RosterSources", "load_repo", "parse_record", "parse_records", "record_files", "split_front_matter",
]

ROSTER_LIMIT = 16 * 1024 * 1024
POLICY_LIMIT = 1024 * 1024
LEAVES = "rosters/leaves.yml"
INSTITUTION = "rosters/institution.yml"
SETTINGS_DIRS = ("rosters/", "policies/")  # what a record's own checks read besides the record


@dataclass(frozen=True, slots=True)
class PolicyFile:
    path: str
    policy: schema.Policy
    loaded: Loaded  # as written (parameter references not yet replaced)
    uses: tuple[Use, ...] = ()  # the parameter references replaced in this file


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


@dataclass(frozen=True)
class Repo:
    """Everything read from a repository, before cross-file validation."""

    root: FsPath
    institution: schema.Institution | None = None
    calendar: schema.Calendar | None = None
    units: Mapping[str, schema.Unit] = field(default_factory=dict)
    people: Mapping[str, schema.Person] = field(default_factory=dict)
    targets: Mapping[str, schema.Target] = field(default_factory=dict)
    assignments: tuple[schema.Assignment, ...] = ()
    leaves: tuple[schema.Leave, ...] = ()
    policy: schema.Policy | None = None  # the merged policy (extends resolved)
    policy_files: tuple[PolicyFile, ...] = ()  # from the root ancestor down
    records: tuple[Record, ...] = ()
    partial_records: tuple[PartialRecord, ...] = ()  # see recordfile.PartialRecord
    broken_records: Mapping[str, str | None] = field(default_factory=dict)  # path -> by (if readable)
    sources: RosterSources = field(default_factory=RosterSources)
    diagnostics: tuple[Diagnostic, ...] = ()
    ledger: Ledger | None = None  # the institution's catalogue register (None without an institution)
    codeowners: Mapping[str, str] = field(default_factory=dict)  # forge -> committed CODEOWNERS text
    reviews: tuple[reviewfiles.ReviewFile, ...] = ()  # reviews/*.yml that passed the schema
    #: digest of every file under rosters/ and policies/ as read (bytes, or why not): what a
    #: record's own checks read besides the record (``checkcache``)
    settings: str = ""
    #: folder under records/ -> digest of the paths and contents of every record file read in it
    folder_keys: Mapping[str, bytes] = field(default_factory=dict)

    def entries(self, rel: str) -> tuple[tuple[int, Any], ...]:
        return self.sources.entries.get(rel, ())

    def entry_line(self, rel: str, index: int, *path: str | int) -> int | None:
        return self.sources.line(rel, index, *path)


@dataclass
class _Loading:
    """The loader's scratch state while one repository is read."""

    root: FsPath
    overlay: Overlay | None = None
    store: ParseCache | None = None  # the parse cache, for the roster and policy documents too
    diagnostics: list[Diagnostic] = field(default_factory=list)
    docs: dict[str, Loaded] = field(default_factory=dict)
    entries: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)
    settings: Any = field(default_factory=hashlib.sha256)  # see ``Repo.settings``

    def sources(self) -> RosterSources:
        return RosterSources(dict(self.docs), {k: tuple(v) for k, v in self.entries.items()},
                             frozenset(self.broken_ids), frozenset(self.unreadable))

    def read(self, root: FsPath, rel: str, limit: int) -> bytes | Diagnostic | None:
        raw = self.overlay.read(root, rel, limit) if self.overlay is not None else safe_read(root, rel, limit)
        if rel.startswith(SETTINGS_DIRS):
            seen = hashlib.sha1(raw, usedforsecurity=False).hexdigest() if isinstance(raw, bytes) else repr(raw)
            self.settings.update(f"{rel}\0{seen}\n".encode("utf-8", "surrogateescape"))
        return raw


# --------------------------------------------------------------------------- records

def record_files(root: FsPath, overlay: Overlay | None = None) -> tuple[list[str], list[Diagnostic]]:
    """Every file under records/ (sorted). Files that cannot be records are reported, not skipped."""
    found, problems = walk_records(root)
    return overlay.records(found, problems) if overlay is not None else (found, problems)


def parse_records(root: FsPath, paths: list[str], jobs: int = 1, overlay: Overlay | None = None) -> list[ParsedRecord]:
    """Parse records without the cache, in parallel when ``jobs`` > 1 (results keep the input order).
    A file an ``overlay`` replaces is parsed from its bytes, through the same ``parse_record``."""
    given = overlay.replaced if overlay is not None else {}
    return read_records(root, inventory.Inventory(paths, []), jobs, given=given)


def _inventory(root: FsPath, overlay: Overlay | None, use_git: bool,
               store: ParseCache | None = None) -> inventory.Inventory:
    """The record files of the repository (or of the state an overlay describes) and the keys Git
    vouches for; through an overlay only files it leaves as they are in the work tree keep theirs.
    The work tree is listed once per open parse cache (a review's two loads share the listing)."""
    listed = store.listings if store is not None else {}
    walked, indexed = f"records:{root}", f"git:{root}"
    if walked not in listed:
        listed[walked] = walk_records(root)
    found, problems = listed[walked]
    paths, stray = overlay.records(found, problems) if overlay is not None else (list(found), list(problems))
    keys: dict[str, str] = {}
    algorithm = "sha1"
    if use_git:
        if indexed not in listed:
            listed[indexed] = inventory.git_keys(root)
        keys, algorithm = dict(listed[indexed][0]), listed[indexed][1]
    if overlay is not None:
        keys = {rel: key for rel, key in keys.items() if rel not in overlay.replaced and rel not in overlay.hidden}
    return inventory.Inventory(paths, stray, keys, algorithm)


# --------------------------------------------------------------------------- rosters

def _read_yaml(state: _Loading, rel: str, limit: int) -> tuple[Loaded | None, list[Diagnostic]]:
    raw = state.read(state.root, rel, limit)
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


def _load_roster(state: _Loading, rel: str, model: type[schema.Model], is_list: bool) -> Any:
    loaded, yaml_problems = _read_yaml(state, rel, ROSTER_LIMIT)
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


def _roster_entries(state: _Loading, rel: str, model: type[schema.Model], loaded: Loaded,
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


# --------------------------------------------------------------------------- policy

_Read = tuple[str, Loaded, list[Diagnostic]]  # path, its YAML, the YAML problems found reading it


def _read_policy_chain(state: _Loading, rel: str) -> list[_Read] | None:
    """The policy file and its ``extends`` ancestors as YAML, leaf first; None when one is unusable."""
    chain: list[_Read] = []
    seen: list[str] = []
    current: str | None = rel
    referrer: tuple[str, int | None] | None = None
    while current:
        if current in seen:
            state.diagnostics.append(diag(
                "policy-extends", seen[-1], referrer[1] if referrer else None,
                f"制度继承形成了循环：{' → '.join(seen + [current])}。请删除其中一处 extends。",
            ))
            break
        seen.append(current)
        unsafe = policy_path_problem(current)
        if unsafe is not None:
            where, line = referrer if referrer else (INSTITUTION, _institution_line(state, "policy"))
            state.diagnostics.append(diag("file-unsafe", where, line, unsafe))
            return None
        loaded, problems = _read_policy_file(state, current, referrer)
        if loaded is None:
            return None
        chain.append((current, loaded, problems))
        referrer = (current, loaded.line(("extends",)))
        parent = loaded.data.get("extends")
        current = parent if isinstance(parent, str) else None  # a non-text extends is a schema error
    return chain


def _load_policy_chain(state: _Loading, rel: str) -> tuple[PolicyFile, ...]:
    """The policy file and its ``extends`` ancestors, root ancestor first; () when unusable.

    Parameter references take the values the whole chain ends with (see ``parameters``).
    """
    chain = _read_policy_chain(state, rel)
    if chain is None:
        return ()
    chain.reverse()
    values = chain_values([loaded for _, loaded, _ in chain])
    out: list[PolicyFile] = []
    for path, loaded, yaml_problems in chain:
        resolved, uses, problems = substitute(path, loaded, values)
        state.diagnostics.extend(problems)
        policy, schema_problems = validate_model(schema.Policy, resolved.data, resolved, path)
        state.diagnostics.extend(without_echoes(schema_problems, yaml_problems))
        if policy is None:
            return ()
        out.append(PolicyFile(path, policy, loaded, tuple(uses)))
    return tuple(out)


def _institution_line(state: _Loading, key: str) -> int | None:
    loaded = state.docs.get(INSTITUTION)
    return loaded.line((key,)) if loaded else None


def _read_policy_file(state: _Loading, rel: str, referrer: tuple[str, int | None] | None,
                      ) -> tuple[Loaded | None, list[Diagnostic]]:
    loaded, problems = _read_yaml(state, rel, POLICY_LIMIT)
    state.diagnostics.extend(problems)
    if loaded is None:
        if not problems:
            where, line = referrer if referrer else (INSTITUTION, _institution_line(state, "policy"))
            state.diagnostics.append(diag(
                "policy-extends" if referrer else "file-missing", where, line,
                f"找不到制度文件“{rel}”。请检查路径，制度文件应放在 policies/ 下。",
            ))
        return None, problems
    if not isinstance(loaded.data, dict):
        state.diagnostics.append(diag("schema-not-mapping", rel, 1, "制度文件应为“字段: 值”的映射。"))
        return None, problems
    return loaded, problems


def parameter_uses(files: Iterable[PolicyFile]) -> dict[tuple[str, str], list[Use]]:
    """Parameter references of the policy in force, by (section, entry id) — ("problems", "") for a
    top-level setting: those of the file that defines the entry last (a replaced rule's are gone)."""
    owner: dict[tuple[str, str], str] = {}
    for pf in files:
        for section in SECTIONS:
            owner.update(((section, e.id), pf.path) for e in getattr(pf.policy, section))
        owner.update(((key, ""), pf.path) for key in pf.loaded.data if key not in SECTIONS)
    out: dict[tuple[str, str], list[Use]] = {}
    for pf in files:
        for use in pf.uses:
            key = (str(use.path[0]), use.entry or "")
            if owner.get(key) == pf.path:
                out.setdefault(key, []).append(use)
    return out


# --------------------------------------------------------------------------- repository

def _first_by_id(items: Iterable[Any]) -> dict[str, Any]:
    """Index by id, keeping the first: duplicates are reported by validation (one namespace)."""
    index: dict[str, Any] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


def _folder_keys(keys: Mapping[str, str]) -> dict[str, bytes]:
    """Each folder's digest over its files' paths and content keys (``recordstore.read_records``)."""
    digests: dict[str, Any] = {}
    for rel in sorted(keys):
        folder = rel.rpartition("/")[0]
        h = digests.get(folder) or digests.setdefault(folder, hashlib.sha1(usedforsecurity=False))
        h.update(f"{rel}\0{keys[rel]}\n".encode("utf-8", "surrogateescape"))
    return {folder: h.digest() for folder, h in digests.items()}


def _check_root(root: FsPath) -> None:
    if not root.is_dir():
        raise NotARepository(f"文件夹“{root}”不存在。")
    if not (root / "rosters").is_dir() and not (root / "records").is_dir():
        raise NotARepository(
            f"“{root}”不是记录仓库：其中既没有 rosters/ 也没有 records/ 文件夹。请用 --repo 指定仓库所在的文件夹。"
        )


def read_institution(root: FsPath) -> schema.Institution | None:
    """rosters/institution.yml as ``load_repo`` reads it (None when missing or invalid), without
    reading anything else: what a run's defaults (its time zone) come from."""
    return _load_roster(_Loading(root), "rosters/institution.yml", schema.Institution, False)  # type: ignore[no-any-return]


def _reviews(state: _Loading) -> tuple[tuple[reviewfiles.ReviewFile, ...], list[Diagnostic]]:
    """The disclosure review files (their documents through the parse cache) and every problem
    of their folder and of each of them."""
    paths, stray = reviewfiles.listing(state.root)
    paths, stray = state.overlay.reviews(paths, stray) if state.overlay is not None else (paths, stray)
    parser = functools.partial(cached_document, state.store) if state.store is not None else None
    reviews, problems = reviewfiles.read(state.root, paths, state.read, parser)
    return reviews, [*stray, *problems]


def _codeowners(state: _Loading) -> dict[str, str]:
    found = {}
    for forge, rel in inventory.CODEOWNERS_FILES.items():
        raw = state.read(state.root, rel, ROSTER_LIMIT)
        if isinstance(raw, bytes):  # absent (the usual case) or refused: nothing to compare
            found[forge] = raw.decode("utf-8", errors="replace")
    return found


def _check_view(root: FsPath, overlay: Overlay) -> None:
    """Through an overlay, a repository needs a roster file or a record in the view."""
    if not any(overlay.exists(root, rel) for rel in schema.ROSTER_FILES) and not record_files(root, overlay)[0]:
        raise NotARepository("那时还没有记录仓库：既没有名册，也没有记录。")


def load_repo(root: FsPath | str, jobs: int | None = None, overlay: Overlay | None = None, cache: bool = False,
              git_index: bool = True, cache_root: FsPath | None = None, store: ParseCache | None = None) -> Repo:
    """Read everything; problems become diagnostics on ``repo.diagnostics``. With an ``overlay``,
    read the other state of the repository it describes (see ``Overlay``).

    ``cache`` reads and writes the parse cache under ``cache_root`` (default: the repository);
    ``git_index`` lets Git's index vouch for unchanged files so they need not be read (through an
    overlay too: the files it leaves as they are). ``store``: a parse cache already open (implies
    ``cache``), so that two loads in one process share what it read and decoded."""
    root = FsPath(root)
    cache = cache or store is not None
    _check_root(root)
    if overlay is not None:
        _check_view(root, overlay)
    store = store if store is not None else ParseCache(cache_root or root) if cache else None
    state = _Loading(root, overlay, store)
    rosters = {FsPath(rel).stem: _load_roster(state, rel, model, is_list)
               for rel, (model, is_list) in schema.ROSTER_FILES.items()}
    institution: schema.Institution | None = rosters["institution"]
    policy_files = _load_policy_chain(state, institution.policy) if institution is not None else ()
    register, register_problems = load_ledger(root, institution.code, state.read) if institution is not None else (None, [])
    state.diagnostics.extend(register_problems)
    reviews, review_problems = _reviews(state)  # before the records, whose reading saves the parse cache
    inv = _inventory(root, overlay, git_index and cache, store)
    state.diagnostics.extend(inv.stray)
    given = overlay.replaced if overlay is not None else {}
    records: list[Record] = []
    partial: list[PartialRecord] = []
    broken: dict[str, str | None] = {}
    keys: dict[str, str] = {}
    for parsed in read_records(root, inv, jobs if jobs is not None else 1, store, given, keys):
        state.diagnostics.extend(parsed.diagnostics)
        if parsed.record is not None:
            records.append(parsed.record)
            continue
        broken[parsed.path] = parsed.by_hint
        if parsed.partial is not None:
            partial.append(parsed.partial)
    state.diagnostics.extend(review_problems)
    return Repo(
        root=root, institution=institution, calendar=rosters["calendar"],
        units=_first_by_id(rosters["units"]), people=_first_by_id(rosters["people"]),
        targets=_first_by_id(rosters["targets"]),
        assignments=tuple(rosters["assignments"]), leaves=tuple(rosters["leaves"]),
        policy=merge_policies([cite_document(pf.policy) for pf in policy_files]) if policy_files else None,
        policy_files=policy_files, records=tuple(records), partial_records=tuple(partial),
        broken_records=broken, sources=state.sources(), diagnostics=tuple(state.diagnostics), ledger=register,
        codeowners=_codeowners(state), reviews=reviews, settings=state.settings.hexdigest(),
        folder_keys=_folder_keys(keys),
    )
