"""Reading a repository that may be hostile: regular files inside it only, sizes checked first.

A repository is data from many hands. A file is read only when it is a regular file reached
without any symbolic link (a link could point at /etc/passwd, another repository or /dev/zero),
its size is known before a byte is read (``lstat``, then ``fstat`` on the opened file, which must
be the same file), and it is opened without blocking (a FIFO would hang the run). Folders are
walked with an explicit stack to a bounded depth. Paths named inside files (``policy``,
``extends``) must stay inside ``policies/``. Every refusal is a diagnostic naming the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic, diag
from .pii import quote
from .yamlio import too_large

#: Folders below records/ (a record is at depth 3: term, actor, file); deeper ones are not read.
MAX_DEPTH = 8
POLICIES = "policies"


def _unsafe(rel: str, what: str) -> Diagnostic:
    return diag("file-unsafe", rel, None, f"{what}，出于安全考虑不会读取。请改为普通文件（直接提交文件内容）。")


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "这是一个符号链接（快捷方式）"
    if stat.S_ISFIFO(mode):
        return "这是一个命名管道（FIFO），不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是一个设备文件，不是普通文件"
    if stat.S_ISSOCK(mode):
        return "这是一个套接字，不是普通文件"
    return "这不是普通文件"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, FileNotFoundError):
        return "文件不存在或是失效的链接"
    return f"系统错误 {exc.errno}"


def unreadable(rel: str, exc: OSError) -> Diagnostic:
    return diag("file-unreadable", rel, None, f"无法读取文件（{_os_reason(exc)}）。请检查文件权限，或重新提交这个文件。")


def _plain_relative(rel: str) -> bool:
    """Whether ``rel`` is relative, with no empty, "." or ".." part and no trailing slash: then
    joining it to the root as a string names exactly the path pathlib would (a trailing slash, for
    one, would make ``lstat`` follow a link), and its parts are what splitting at "/" gives."""
    return bool(rel) and not rel.startswith((".", "/")) and not rel.endswith("/") and "//" not in rel and "/." not in rel


def _linked_folder(base: str, rel: str, plain: set[str] | None = None) -> str | None:
    """The first folder on the way from the root (``base``) to ``rel`` that is a symbolic link, if
    any. ``plain``: folders already found not to be links in this run (skipped, and added to)."""
    parts = rel.split("/")[:-1] if _plain_relative(rel) else list(PurePosixPath(rel).parts[:-1])
    for i in range(1, len(parts) + 1):
        folder = "/".join(parts[:i])
        if plain is not None and folder in plain:
            continue
        try:
            if stat.S_ISLNK(os.lstat(os.path.join(base, folder)).st_mode):
                return folder
        except OSError:
            return None
        if plain is not None:
            plain.add(folder)
    return None


#: How a file of a repository is read: its bytes, a diagnostic when it may not or cannot be read,
#: None when absent. ``safe_read`` is the one for a work tree.
Reader = Callable[[Path, str, int], "bytes | Diagnostic | None"]


def safe_read(root: Path | str, rel: str, limit: int, plain: set[str] | None = None) -> bytes | Diagnostic | None:
    """The bytes of ``root/rel``; a diagnostic when it may not or cannot be read; None when absent.
    ``plain``: the caller's memo of folders found not to be symbolic links, for reading many files
    of one folder (a record folder holds dozens); the file itself is always checked."""
    base = os.fspath(root)
    # a string join where it names the same path: pathlib costs more than the reading (100,000 records)
    path = os.path.join(base, rel) if _plain_relative(rel) else os.fspath(Path(base) / rel)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        return unreadable(rel, exc) if isinstance(exc, OSError) else _unsafe(rel, "文件名中含有空字符")
    folder = _linked_folder(base, rel, plain)
    if folder is not None:
        return _unsafe(rel, f"它所在的文件夹“{quote(folder)}”是一个符号链接")
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            return diag("file-unreadable", rel, None, "这是一个文件夹，不是文件。请检查文件名。")
        return _unsafe(rel, _kind(st.st_mode))
    if st.st_size > limit:
        return too_large(rel, st.st_size, limit)
    return _read_regular(path, rel, st, limit)


def _read_regular(path: str, rel: str, st: os.stat_result, limit: int) -> bytes | Diagnostic:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return unreadable(rel, exc)
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            return _unsafe(rel, "文件在读取时被替换了")
        if now.st_size > limit:
            return too_large(rel, now.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            return too_large(rel, size, limit)
        return b"".join(chunks)
    except OSError as exc:
        return unreadable(rel, exc)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- walking

MISPLACED = (
    "records/ 下只能放 .md 格式的记录文件。Word、Excel、图片等请不要提交；"
    "如果这是一条记录，请改为 .md 文件并按记录格式填写。"
)


def _name_ok(rel: str, name: str, problems: list[Diagnostic]) -> bool:
    """Whether the name is fine; when not (it is not UTF-8), the problem joins ``problems``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        problems.append(diag("file-encoding", shown, None,
                             "文件名不是 UTF-8 编码（可能是在 GBK 系统上创建的）。请用中文或英文重新命名。"))
        return False
    return True


def walk_records(root: Path, top: str = "records") -> tuple[list[str], list[Diagnostic]]:
    """Every .md file under ``top`` (sorted) and a diagnostic for everything else there: other
    files, hidden folders, links, special files, folders too deep. Hidden files (``.gitkeep``)
    are ignored."""
    found: list[str] = []
    problems: list[Diagnostic] = []
    try:
        if not stat.S_ISDIR(os.lstat(root / top).st_mode):
            return found, problems
    except OSError:
        return found, problems
    stack = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        for entry, rel in _entries(root, folder, problems):
            name = entry.name
            # the common case first (100,000 of them): a plain ASCII-named record file
            if name.endswith(".md") and name.isascii() and name[0] != "." and entry.is_file(follow_symlinks=False):
                found.append(rel)
            elif _name_ok(rel, name, problems):
                _visit(entry, rel, depth, found, problems, stack)
    return sorted(found), sorted(problems, key=lambda d: d.sort_key)


def _entries(root: Path, folder: str, problems: list[Diagnostic]) -> Iterator[tuple[os.DirEntry[str], str]]:
    try:
        with os.scandir(os.path.join(root, folder)) as it:
            entries = list(it)  # the listing and its problems are sorted at the end
    except OSError as exc:
        problems.append(unreadable(folder, exc))
        return
    for entry in entries:
        yield entry, f"{folder}/{entry.name}"


def _visit(entry: os.DirEntry[str], rel: str, depth: int, found: list[str], problems: list[Diagnostic],
           stack: list[tuple[str, int]]) -> None:
    if entry.is_symlink():
        problems.append(_unsafe(rel, "这是一个符号链接（快捷方式）"))
    elif entry.is_dir(follow_symlinks=False):
        if entry.name.startswith("."):
            problems.append(diag("file-misplaced", rel, None,
                                 "records/ 下不能有以“.”开头的隐藏文件夹：其中的文件不会被读取。请改名或移走。"))
        elif depth + 1 > MAX_DEPTH:
            problems.append(diag("file-misplaced", rel, None,
                                 f"文件夹层级超过 {MAX_DEPTH} 层，不会被读取。记录应放在 records/<学期>/<填报人>/ 下。"))
        else:
            stack.append((rel, depth + 1))
    elif entry.is_file(follow_symlinks=False):
        if entry.name.startswith("."):
            return  # .gitkeep and editor droppings
        if entry.name.endswith(".md"):
            found.append(rel)
        else:
            problems.append(diag("file-misplaced", rel, None, MISPLACED))
    else:
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            mode = 0
        problems.append(_unsafe(rel, _kind(mode)))


# --------------------------------------------------------------------------- paths in files

def policy_path_problem(path: str) -> str | None:
    """Why a ``policy`` or ``extends`` path may not be read (None when it may): it must be a
    relative path to a .yml file inside policies/, without ``..``."""
    shown = quote(path)
    if "\x00" in path or "\\" in path:
        return f"路径“{shown}”中含有不允许的字符（反斜杠或空字符）。请用“/”分隔，例如 policies/example.yml。"
    p = PurePosixPath(path)
    if p.is_absolute() or path.startswith("~"):
        return f"路径“{shown}”是绝对路径。制度文件只能引用本仓库 policies/ 下的文件，例如 policies/example.yml。"
    if ".." in p.parts:
        return f"路径“{shown}”中含有“..”，指向了 policies/ 之外。制度文件只能放在本仓库的 policies/ 下。"
    if len(p.parts) < 2 or p.parts[0] != POLICIES:
        return f"路径“{shown}”不在 policies/ 下。制度文件只能放在本仓库的 policies/ 下，例如 policies/example.yml。"
    if p.suffix not in (".yml", ".yaml"):
        return f"路径“{shown}”不是 .yml 文件。制度文件应为 YAML 文件，例如 policies/example.yml。"
    return None
