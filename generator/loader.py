"""Read a records repository into immutable data: rosters, the policy chain, and every record.

Parsing one record is a pure function of its path and bytes (``parse_record``), so results can be
cached by content hash and computed in parallel; ``load_repo`` gathers everything before any
cross-file check runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as FsPath
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from . import pii, schema
from .diagnostics import Diagnostic, diag
from .schemaerrors import validate as validate_model
from .yamlio import Loaded, Path, decode, parse

RECORD_LIMIT = 256 * 1024
ROSTER_LIMIT = 16 * 1024 * 1024
POLICY_LIMIT = 1024 * 1024
RECORD_RE = re.compile(
    r"records/(?P<term>[^/]+)/(?P<actor>[^/]+)/(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.md"
)


class NotARepository(Exception):
    """The folder is not a records repository at all (the CLI exits with status 2)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One valid-in-shape record: its front matter, body and the line of every key."""

    path: str
    meta: schema.RecordMeta
    body: str
    body_line: int  # line number of the body's first line
    lines: dict[Path, int]
    unknown: frozenset[str] = frozenset()  # fields of a partial record that failed the schema

    def line(self, *path: str | int) -> int | None:
        p: Path = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, 1)


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """What ``parse_record`` returns: a record, or the diagnostics explaining why there is none."""

    path: str
    record: Record | None
    diagnostics: tuple[Diagnostic, ...]
    by_hint: str | None = None  # the `by` value when readable, so errors can be attributed
    # A record whose front matter failed the schema, holding only its valid fields (the others
    # None): cross-file checks still run on it so every error shows in one run; it never counts.
    partial: Record | None = None


@dataclass(frozen=True, slots=True)
class PolicyFile:
    path: str
    policy: schema.Policy
    loaded: Loaded


@dataclass
class Repo:
    """Everything read from a repository, before cross-file validation."""

    root: FsPath
    institution: schema.Institution | None = None
    calendar: schema.Calendar | None = None
    units: dict[str, schema.Unit] = field(default_factory=dict)
    people: dict[str, schema.Person] = field(default_factory=dict)
    targets: dict[str, schema.Target] = field(default_factory=dict)
    assignments: list[schema.Assignment] = field(default_factory=list)
    leaves: list[schema.Leave] = field(default_factory=list)
    policy: schema.Policy | None = None  # the merged policy (extends resolved)
    policy_files: list[PolicyFile] = field(default_factory=list)  # from the root ancestor down
    records: list[Record] = field(default_factory=list)
    partial_records: list[Record] = field(default_factory=list)  # see ParsedRecord.partial
    # roster file -> its YAML; and roster file -> (index in file, entry), for locating later errors
    roster_docs: dict[str, Loaded] = field(default_factory=dict)
    entries: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    broken_ids: set[str] = field(default_factory=set)  # ids of entries that failed the schema
    unreadable: set[str] = field(default_factory=set)  # roster files whose entries are all unknown
    broken_records: dict[str, str | None] = field(default_factory=dict)  # path -> by (if readable)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def entry_line(self, rel: str, index: int, *path: str | int) -> int | None:
        loaded = self.roster_docs.get(rel)
        return loaded.line((index, *path)) if loaded else None


# --------------------------------------------------------------------------- records

def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, FileNotFoundError):
        return "文件不存在或是失效的链接"
    return f"系统错误 {exc.errno}"


def split_front_matter(text: str) -> tuple[str | None, int, str, int, str | None]:
    """Split ``---`` front matter from the body.

    Returns (yaml_text, yaml_first_line_offset, body, body_first_line, problem) where problem is
    None, "missing" or "unterminated".
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 1, "missing"
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", 1, "\n".join(lines[i + 1 :]), i + 2, None
    return None, 0, text, 1, "unterminated"


def parse_record(rel: str, raw: bytes) -> ParsedRecord:
    """Parse and shape-check one record file. Pure: depends only on the path and the bytes."""
    text, problems = decode(raw, rel, RECORD_LIMIT)
    if text is None:
        return ParsedRecord(rel, None, tuple(problems))
    yaml_text, offset, body, body_line, problem = split_front_matter(text)
    if problem == "missing":
        return ParsedRecord(rel, None, (diag(
            "frontmatter-missing", rel, 1,
            "文件开头没有文件头。记录的第一行必须是“---”，接着写 by、date、type、summary 等字段，"
            "再用一行“---”结束，然后才是正文。可参考 docs/reference/records.md 中的记录格式说明。",
        ),))
    if problem == "unterminated":
        return ParsedRecord(rel, None, (diag(
            "frontmatter-unterminated", rel, 1,
            "文件头以“---”开始，但没有找到结束的“---”。请在最后一个字段之后单独加一行“---”，再写正文。",
        ),))
    assert yaml_text is not None
    loaded, problems = parse(yaml_text, rel, offset)
    if not loaded.ok:
        return ParsedRecord(rel, None, tuple(problems))
    data = loaded.data
    if data is None:
        problems.append(diag("frontmatter-missing", rel, 1, "文件头是空的。请填写 by、date、type、summary 等字段。"))
        return ParsedRecord(rel, None, tuple(problems))
    if not isinstance(data, dict):
        problems.append(diag(
            "schema-not-mapping", rel, 2,
            "文件头应为“字段: 值”的形式（例如“by: wang-jianguo”），而不是列表或单个值。",
        ))
        return ParsedRecord(rel, None, tuple(problems))
    by = data.get("by") if isinstance(data.get("by"), str) else None
    meta, schema_problems = validate_model(schema.RecordMeta, data, loaded, rel)
    problems.extend(without_echoes(schema_problems, problems))
    personal = pii.check_record(rel, yaml_text, offset, loaded, body, body_line)
    problems.extend(personal)
    if meta is None or problems:
        partial_data, unknown = partial_meta(data)
        partial = Record(rel, partial_data, body, body_line, loaded.lines, unknown)
        return ParsedRecord(rel, None, tuple(problems), by, partial)
    record = Record(rel, meta, body, body_line, loaded.lines)
    return ParsedRecord(rel, record, (), by)


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    info = schema.RecordMeta.model_fields[name]
    annotation: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def partial_meta(data: dict[str, Any]) -> tuple[schema.RecordMeta, frozenset[str]]:
    """The fields of a front matter that are valid on their own (others None or empty), and the
    names of the fields that are not, so checks that need them can stay quiet."""
    values: dict[str, Any] = {}
    unknown: set[str] = set()
    for name, info in schema.RecordMeta.model_fields.items():
        key = info.alias or name
        value: Any = None if info.is_required() else info.get_default(call_default_factory=True)
        if key in data:
            try:
                value = _field_adapter(name).validate_python(data[key])
            except ValidationError:
                unknown.add(name)
        elif info.is_required():
            unknown.add(name)
        values[name] = value
    return schema.RecordMeta.model_construct(**values), frozenset(unknown)


def without_echoes(schema_problems: list[Diagnostic], yaml_problems: list[Diagnostic]) -> list[Diagnostic]:
    """Drop schema errors on a line that already has a YAML error: they only echo it (an alias
    read as empty, an anchored key), and fixing the YAML error is what the user must do first."""
    lines = {d.line for d in yaml_problems}
    return [d for d in schema_problems if d.line not in lines]


def _parse_record_file(args: tuple[str, str]) -> ParsedRecord:
    rel, full = args
    try:
        raw = FsPath(full).read_bytes()
    except OSError as exc:
        return ParsedRecord(rel, None, (diag("file-unreadable", rel, None, f"无法读取文件（{_os_reason(exc)}）。请检查文件权限，或重新提交这个文件。"),))
    return parse_record(rel, raw)


def record_files(root: FsPath) -> tuple[list[str], list[Diagnostic]]:
    """Every file under records/ (sorted). Files that cannot be records are reported, not skipped."""
    base = root / "records"
    found: list[str] = []
    stray: list[Diagnostic] = []
    if not base.is_dir():
        return found, stray
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue  # .gitkeep and editor droppings
            rel = FsPath(dirpath, name).relative_to(root).as_posix()
            if name.endswith(".md"):
                found.append(rel)
            else:
                stray.append(diag(
                    "file-misplaced", rel, None,
                    "records/ 下只能放 .md 格式的记录文件。Word、Excel、图片等请不要提交；"
                    "如果这是一条记录，请改为 .md 文件并按记录格式填写。",
                ))
    return sorted(found), stray


def parse_records(root: FsPath, paths: list[str], jobs: int = 1) -> list[ParsedRecord]:
    """Parse records, in parallel when ``jobs`` > 1 (results keep the input order)."""
    work = [(rel, str(root / rel)) for rel in paths]
    if jobs > 1 and len(work) > 2000:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(_parse_record_file, work, chunksize=256))
    return [_parse_record_file(w) for w in work]


# --------------------------------------------------------------------------- rosters

def _read_yaml(root: FsPath, rel: str, limit: int) -> tuple[Loaded | None, list[Diagnostic]]:
    try:
        raw = (root / rel).read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as exc:
        return None, [diag("file-unreadable", rel, None, f"无法读取文件（{_os_reason(exc)}）。请检查文件权限，或重新提交这个文件。")]
    text, problems = decode(raw, rel, limit)
    if text is None:
        return None, problems
    loaded, more = parse(text, rel)
    problems.extend(more)
    return (loaded if loaded.ok else None), problems


def _load_roster(repo: Repo, rel: str, model: type[schema.Model], is_list: bool, required: bool) -> Any:
    loaded, yaml_problems = _read_yaml(repo.root, rel, ROSTER_LIMIT)
    repo.diagnostics.extend(yaml_problems)
    if loaded is None:
        if required and not yaml_problems:
            repo.diagnostics.append(diag("file-missing", rel, None, f"缺少 {rel}。请参照 docs/reference/rosters.md 中的名册格式说明创建这个文件。"))
        if yaml_problems:
            repo.unreadable.add(rel)
        return [] if is_list else None
    repo.roster_docs[rel] = loaded
    data = loaded.data
    if not is_list:
        if not isinstance(data, dict):
            repo.diagnostics.append(diag("schema-not-mapping", rel, 1, f"{rel} 应为“字段: 值”的映射。"))
            return None
        obj, problems = validate_model(model, data, loaded, rel)
        repo.diagnostics.extend(without_echoes(problems, yaml_problems))
        return obj
    if data is None:
        return []
    if not isinstance(data, list):
        repo.diagnostics.append(diag(
            "schema-not-list", rel, 1, f"{rel} 应为列表：每一项以“- ”开头。"
        ))
        repo.unreadable.add(rel)
        return []
    items = []
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            repo.diagnostics.append(diag(
                "schema-not-mapping", rel, loaded.line((i,)), f"第 {i + 1} 项应为“字段: 值”的映射。"
            ))
            continue
        obj, problems = validate_model(model, entry, loaded, rel, (i,))
        repo.diagnostics.extend(without_echoes(problems, yaml_problems))
        if obj is None:
            if isinstance(entry.get("id"), str):
                repo.broken_ids.add(entry["id"])
            continue
        items.append(obj)
        repo.entries.setdefault(rel, []).append((i, obj))
    return items


# --------------------------------------------------------------------------- policy

def _load_policy_chain(repo: Repo, rel: str) -> None:
    chain: list[PolicyFile] = []
    seen: list[str] = []
    current: str | None = rel
    referrer: tuple[str, int | None] | None = None
    while current:
        current = FsPath(current).as_posix()
        if current in seen:
            repo.diagnostics.append(diag(
                "policy-extends", seen[-1], referrer[1] if referrer else None,
                f"制度继承形成了循环：{' → '.join(seen + [current])}。请删除其中一处 extends。",
            ))
            break
        seen.append(current)
        loaded, problems = _read_yaml(repo.root, current, POLICY_LIMIT)
        repo.diagnostics.extend(problems)
        if loaded is None:
            if not problems:
                where, line = referrer if referrer else ("rosters/institution.yml", None)
                repo.diagnostics.append(diag(
                    "policy-extends" if referrer else "file-missing", where, line,
                    f"找不到制度文件“{current}”。请检查路径，制度文件应放在 policies/ 下。",
                ))
            return
        if not isinstance(loaded.data, dict):
            repo.diagnostics.append(diag("schema-not-mapping", current, 1, "制度文件应为“字段: 值”的映射。"))
            return
        policy, schema_problems = validate_model(schema.Policy, loaded.data, loaded, current)
        repo.diagnostics.extend(without_echoes(schema_problems, problems))
        if policy is None:
            return
        chain.append(PolicyFile(current, policy, loaded))
        referrer = (current, loaded.line(("extends",)))
        current = policy.extends
    chain.reverse()
    repo.policy_files = chain
    repo.policy = merge_policies([cite_document(pf.policy) for pf in chain]) if chain else None


def cite_document(policy: schema.Policy) -> schema.Policy:
    """Each rule remembers the document it comes from, so an inherited rule keeps citing its own."""
    def cite(items: list[Any]) -> list[Any]:
        return [x if x.document else x.model_copy(update={"document": policy.document}) for x in items]

    return policy.model_copy(update={
        section: cite(getattr(policy, section))
        for section in ("rules", "assignment_rules", "coverage_rules", "profile_rules", "reports")
    })


def merge_policies(chain: list[schema.Policy]) -> schema.Policy:
    """Merge a policy chain (root ancestor first): later files add to and override earlier ones."""
    merged = chain[0]
    for child in chain[1:]:
        def by_id(old: Iterable[Any], new: Iterable[Any]) -> list[Any]:
            items = {x.id: x for x in old}
            items.update({x.id: x for x in new})
            return list(items.values())

        merged = merged.model_copy(update={
            "id": child.id,
            "title": child.title,
            "document": child.document,
            "issuer": child.issuer,
            "extends": child.extends,
            "roles": {**merged.roles, **child.roles},
            "guidance": list(dict.fromkeys([*merged.guidance, *child.guidance])),
            "sensitive_tags": list(dict.fromkeys([*merged.sensitive_tags, *child.sensitive_tags])),
            "activity_types": {**merged.activity_types, **child.activity_types},
            "due": {**merged.due, **child.due},
            "filing": child.filing or merged.filing,
            "problems": child.problems or merged.problems,
            "rules": by_id(merged.rules, child.rules),
            "assignment_rules": by_id(merged.assignment_rules, child.assignment_rules),
            "coverage_rules": by_id(merged.coverage_rules, child.coverage_rules),
            "profile_rules": by_id(merged.profile_rules, child.profile_rules),
            "reports": by_id(merged.reports, child.reports),
        })
    return merged


# --------------------------------------------------------------------------- repository

def load_repo(root: FsPath | str, jobs: int | None = None) -> Repo:
    """Read everything; problems become diagnostics on ``repo.diagnostics``."""
    root = FsPath(root)
    if not root.is_dir():
        raise NotARepository(f"文件夹“{root}”不存在。")
    if not (root / "rosters").is_dir() and not (root / "records").is_dir():
        raise NotARepository(
            f"“{root}”不是记录仓库：其中既没有 rosters/ 也没有 records/ 文件夹。请用 --repo 指定仓库所在的文件夹。"
        )
    repo = Repo(root=root)
    for rel, (model, is_list) in schema.ROSTER_FILES.items():
        value = _load_roster(repo, rel, model, is_list, required=rel != "rosters/leaves.yml")
        attr = FsPath(rel).stem
        if attr == "institution":
            repo.institution = value
        elif attr == "calendar":
            repo.calendar = value
        elif attr in ("units", "people", "targets"):
            # duplicates are reported by validation, which sees all three namespaces; keep the first
            index: dict[str, Any] = {}
            for item in value:
                index.setdefault(item.id, item)
            setattr(repo, attr, index)
        else:
            setattr(repo, attr, value)
    if repo.institution is not None:
        _load_policy_chain(repo, repo.institution.policy)

    paths, stray = record_files(root)
    repo.diagnostics.extend(stray)
    jobs = jobs if jobs is not None else 1
    for parsed in parse_records(root, paths, jobs):
        repo.diagnostics.extend(parsed.diagnostics)
        if parsed.record is not None:
            repo.records.append(parsed.record)
        else:
            repo.broken_records[parsed.path] = parsed.by_hint
            if parsed.partial is not None:
                repo.partial_records.append(parsed.partial)
    return repo
