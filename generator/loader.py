"""Read a records repository into immutable data: rosters, the policy chain, and every record.

``load_repo`` gathers everything before any cross-file check runs. Parsing one record is a pure
function of its path and bytes (``recordfile.parse_record``), so records are parsed in parallel on
large repositories. What the loader learns about where each roster entry stands (lines, entries
that failed the schema, unreadable files) travels in ``RosterSources`` so later errors can be
located. How one file is read (the overlay, the scratch state, YAML and roster files) is
``loadstate``; that scratch state never leaves the loader.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

from . import inventory, reviewfiles, schema
from .diagnostics import Diagnostic, diag
from .errors import NotARepository
from .ledger import Ledger
from .ledger import load as load_ledger
from .loadstate import ROSTER_LIMIT, Loading, Overlay, RosterSources, load_roster, read_yaml
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
from .repofs import policy_path_problem, walk_records
from .schemaerrors import validate as validate_model
from .schemaerrors import without_echoes
from .yamlio import Loaded

__all__ = [
    "RECORD_LIMIT", "RECORD_RE", "NotARepository", "Overlay", "ParsedRecord", "PartialRecord", "PolicyFile", "Record",
    "Repo", "RosterSources", "load_repo", "parse_record", "parse_records", "record_files", "split_front_matter",
]

POLICY_LIMIT = 1024 * 1024
INSTITUTION = "rosters/institution.yml"


@dataclass(frozen=True, slots=True)
class PolicyFile:
    path: str
    policy: schema.Policy
    loaded: Loaded  # as written (parameter references not yet replaced)
    uses: tuple[Use, ...] = ()  # the parameter references replaced in this file


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
    #: digest of every file read besides the records (rosters, policies, the register, reviews,
    #: CODEOWNERS) and of the review folder's listing: with the records, all a run reads (``snapshot``)
    inputs: str = ""

    def entries(self, rel: str) -> tuple[tuple[int, Any], ...]:
        return self.sources.entries.get(rel, ())

    def entry_line(self, rel: str, index: int, *path: str | int) -> int | None:
        return self.sources.line(rel, index, *path)


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


# --------------------------------------------------------------------------- policy

_Read = tuple[str, Loaded, list[Diagnostic]]  # path, its YAML, the YAML problems found reading it


def _read_policy_chain(state: Loading, rel: str) -> list[_Read] | None:
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


def _load_policy_chain(state: Loading, rel: str) -> tuple[PolicyFile, ...]:
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


def _institution_line(state: Loading, key: str) -> int | None:
    loaded = state.docs.get(INSTITUTION)
    return loaded.line((key,)) if loaded else None


def _read_policy_file(state: Loading, rel: str, referrer: tuple[str, int | None] | None,
                      ) -> tuple[Loaded | None, list[Diagnostic]]:
    loaded, problems = read_yaml(state, rel, POLICY_LIMIT)
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


def folder_keys(keys: Mapping[str, str]) -> dict[str, bytes]:
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
    return load_roster(Loading(root), "rosters/institution.yml", schema.Institution, False)  # type: ignore[no-any-return]


def _reviews(state: Loading) -> tuple[tuple[reviewfiles.ReviewFile, ...], list[Diagnostic]]:
    """The disclosure review files (their documents through the parse cache) and every problem
    of their folder and of each of them."""
    paths, stray = reviewfiles.listing(state.root)
    paths, stray = state.overlay.reviews(paths, stray) if state.overlay is not None else (paths, stray)
    state.inputs.update("\0".join([*paths, *(d.file for d in stray)]).encode("utf-8", "surrogateescape"))
    parser = functools.partial(cached_document, state.store) if state.store is not None else None
    reviews, problems = reviewfiles.read(state.root, paths, state.read, parser)
    return reviews, [*stray, *problems]


def _codeowners(state: Loading) -> dict[str, str]:
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


@dataclass
class _Records:
    """What reading some record files found (``load_repo``, ``with_records``)."""

    records: list[Record] = field(default_factory=list)
    partial: list[PartialRecord] = field(default_factory=list)
    broken: dict[str, str | None] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)


def _read_into(root: FsPath, inv: inventory.Inventory, jobs: int, store: ParseCache | None,
               given: Mapping[str, bytes], prune: bool = True) -> _Records:
    out = _Records()
    for parsed in read_records(root, inv, jobs, store, given, out.keys, prune=prune):
        out.diagnostics.extend(parsed.diagnostics)
        if parsed.record is not None:
            out.records.append(parsed.record)
            continue
        out.broken[parsed.path] = parsed.by_hint
        if parsed.partial is not None:
            out.partial.append(parsed.partial)
    return out


def load_repo(root: FsPath | str, jobs: int | None = None, overlay: Overlay | None = None, cache: bool = False,
              git_index: bool = True, cache_root: FsPath | None = None, store: ParseCache | None = None,
              only: Collection[str] | None = None) -> Repo:
    """Read everything; problems become diagnostics on ``repo.diagnostics``. With an ``overlay``,
    read the other state of the repository it describes (see ``Overlay``).

    ``cache`` reads and writes the parse cache under ``cache_root`` (default: the repository);
    ``git_index`` lets Git's index vouch for unchanged files so they need not be read (through an
    overlay too: the files it leaves as they are). ``store``: a parse cache already open (implies
    ``cache``), so that two loads in one process share what it read and decoded. ``only``: read
    just these record files (``with_records`` reads more later; the listing's problems are still
    all reported)."""
    root = FsPath(root)
    cache = cache or store is not None
    _check_root(root)
    if overlay is not None:
        _check_view(root, overlay)
    store = store if store is not None else ParseCache(cache_root or root) if cache else None
    state = Loading(root, overlay, store)
    rosters = {FsPath(rel).stem: load_roster(state, rel, model, is_list)
               for rel, (model, is_list) in schema.ROSTER_FILES.items()}
    institution: schema.Institution | None = rosters["institution"]
    policy_files = _load_policy_chain(state, institution.policy) if institution is not None else ()
    register, register_problems = load_ledger(root, institution.code, state.read) if institution is not None else (None, [])
    state.diagnostics.extend(register_problems)
    reviews, review_problems = _reviews(state)  # before the records, whose reading saves the parse cache
    inv = _inventory(root, overlay, git_index and cache, store)
    state.diagnostics.extend(inv.stray)
    if only is not None:
        inv = _narrowed(inv, only)
    found = _read_into(root, inv, jobs if jobs is not None else 1, store, overlay.replaced if overlay else {},
                       prune=only is None)
    state.diagnostics.extend(found.diagnostics)
    state.diagnostics.extend(review_problems)
    return Repo(
        root=root, institution=institution, calendar=rosters["calendar"],
        units=_first_by_id(rosters["units"]), people=_first_by_id(rosters["people"]),
        targets=_first_by_id(rosters["targets"]),
        assignments=tuple(rosters["assignments"]), leaves=tuple(rosters["leaves"]),
        policy=merge_policies([cite_document(pf.policy) for pf in policy_files]) if policy_files else None,
        policy_files=policy_files, records=tuple(found.records), partial_records=tuple(found.partial),
        broken_records=found.broken, sources=state.sources(), diagnostics=tuple(state.diagnostics), ledger=register,
        codeowners=_codeowners(state), reviews=reviews, settings=state.settings.hexdigest(),
        folder_keys=folder_keys(found.keys), inputs=state.inputs.hexdigest(),
    )


def _narrowed(inv: inventory.Inventory, only: Collection[str]) -> inventory.Inventory:
    wanted = only if isinstance(only, (set, frozenset, dict)) else set(only)
    return inventory.Inventory([p for p in inv.records if p in wanted], [], inv.keys, inv.algorithm)


def listed_records(root: FsPath, store: ParseCache, overlay: Overlay | None = None) -> inventory.Inventory:
    """The record files ``load_repo`` with this open parse cache lists (through ``overlay``: of that
    state), with the keys Git vouches for; read once per open cache."""
    return _inventory(root, overlay, True, store)


def with_records(repo: Repo, paths: Collection[str], store: ParseCache, overlay: Overlay | None = None,
                 listed: inventory.Inventory | None = None) -> Repo:
    """``repo`` (a ``load_repo`` with ``only``) holding the record files ``paths`` instead, read
    through the open parse cache without pruning it (through ``overlay``: as in that state; ``listed``
    is its ``listed_records``, when the caller has it). The listing's findings on files under
    records/ are left out: only the records' own are kept with the rosters'."""
    listed = listed or listed_records(repo.root, store, overlay)
    found = _read_into(repo.root, _narrowed(listed, paths), 1, store, overlay.replaced if overlay else {}, prune=False)
    kept = tuple(d for d in repo.diagnostics if not d.file.startswith("records/"))
    return replace(repo, records=tuple(found.records), partial_records=tuple(found.partial), broken_records=found.broken,
                   diagnostics=(*kept, *found.diagnostics), folder_keys=folder_keys(found.keys))
