"""Which record files a repository holds, and a content key for each: its Git blob id.

The key of a file is the id Git gives its bytes (``sha1("blob <size>\\0" + bytes)``, or SHA-256 in a
SHA-256 repository), so a file that Git's index already knows unchanged needs no reading at all to
find its parsed form in the parse cache, and a file at another commit (``git ls-tree``) has the
same key as in the work tree. Files Git does not vouch for (untracked, modified, outside Git, or a
repository whose attributes rewrite bytes on checkout) get ``None`` and are hashed when read.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic

#: CODEOWNERS files the tool generates, by forge (``codeowners``); read so validate can say when
#: one no longer matches the rosters. Files elsewhere (the root, docs/) are the institution's own.
CODEOWNERS_FILES: dict[str, str] = {
    "github": ".github/CODEOWNERS",
    "gitea": ".gitea/CODEOWNERS",
    "gitlab": ".gitlab/CODEOWNERS",
}
#: What the pipeline reads of a repository (contract §1, the catalogue register, the disclosure
#: reviews, the CODEOWNERS it compares); nothing else of a tree (docs, code) is needed to check it.
READ_DIRS = ("rosters", "policies", "records", "catalogue", "reviews")
READ_FILES = tuple(CODEOWNERS_FILES.values())

# Attributes under which the bytes in the work tree are not the bytes Git stores (LFS and other
# filters, re-encoding, $Id$ expansion): the index's ids then say nothing about the files we read.
_REWRITING = ("filter=", "working-tree-encoding=", "ident")


@dataclass(frozen=True)
class Inventory:
    """The record files to read (sorted), what the listing reported, and the keys Git vouches for."""

    records: list[str]
    stray: list[Diagnostic]
    keys: dict[str, str] = field(default_factory=dict)  # path -> blob id, for files Git vouches for
    algorithm: str = "sha1"  # how to hash a file Git does not vouch for, so keys agree with Git's


def blob_id(raw: bytes, algorithm: str = "sha1") -> str:
    """The id Git gives a blob with these bytes."""
    h = hashlib.new(algorithm)
    h.update(b"blob %d\0" % len(raw))
    h.update(raw)
    return h.hexdigest()


def file_key(path: Path, algorithm: str = "sha1") -> str:
    """The blob id of the file at ``path``, or why it cannot be read (never equal to a blob id)."""
    try:
        return blob_id(path.read_bytes(), algorithm)
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=false", *args],
                              capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def _rewrites(root: Path, top: str, tracked: list[str]) -> bool:
    """Whether any attribute file that applies under ``root`` rewrites bytes between Git and the
    work tree: those in ``root`` and below, those of the folders above it up to the top, and
    ``info/attributes``. (A global ``core.attributesFile`` is not read: see docs/performance.md.)"""
    candidates = [root / p for p in tracked if p.rsplit("/", 1)[-1] == ".gitattributes"]
    here, stop = root.resolve(), Path(top).resolve()
    while here != stop and stop in here.parents:
        here = here.parent
        candidates.append(here / ".gitattributes")
    info = _git(root, "rev-parse", "--git-path", "info/attributes")
    if info:
        candidates.append(Path(root, info.strip()))
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(word in text for word in _REWRITING):
            return True
    return False


@dataclass(frozen=True)
class Listing:
    """What Git knows of a work tree, read without opening a file: the index as Git prints it
    (every tracked path, its mode and blob id), the tracked files it does not vouch for (changed
    since the index, assume-unchanged, conflicted, not a regular file) and the untracked files
    (ignored ones too) under the pathspecs asked for. ``vouches`` is false where attributes
    rewrite bytes between Git and the work tree: Git's ids then say nothing (and nothing else is
    listed)."""

    staged: bytes  # ``git ls-files -s -v -z`` as printed
    unvouched: list[str]
    others: list[str]
    algorithm: str
    vouches: bool = True
    regular: bool = False  # every entry is a regular file Git checks, none in a conflict (as ``listing`` counts)


def _git_all(root: Path, *commands: list[str]) -> list[bytes | None]:
    """Several Git commands at once (each a process of its own), their outputs in order."""
    base = ["git", "-C", str(root), "-c", "core.quotepath=false"]
    try:
        procs = [subprocess.Popen([*base, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                 for args in commands]
    except OSError:
        return [None] * len(commands)
    outs = [proc.communicate()[0] for proc in procs]
    return [out if proc.returncode == 0 else None for proc, out in zip(procs, outs, strict=True)]


# An index entry Git checks against the work tree: a regular file (tag H), merged (stage 0).
_UNCHECKED = re.compile(rb"(?:^|\0)(?!H 100(?:644|755) [0-9a-f]+ 0\t)[^\t\0]*\t([^\0]*)")
_ATTRIBUTES = re.compile(rb"\t((?:[^\0]*/)?\.gitattributes)(?:\0|$)")


def _names(raw: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in raw.split(b"\0") if p]


def listing(root: Path, pathspecs: Iterable[str] | None = None) -> Listing | None:
    """Git's listing of the work tree at ``root`` (see ``Listing``; untracked files only under
    ``pathspecs``, and none when it is None); None outside Git."""
    top = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--show-object-format")
    if top is None:
        return None
    toplevel, _, algorithm = (top.split("\n") + ["", "", ""])[:3]
    algorithm = algorithm.strip() or "sha1"
    commands = [["ls-files", "-s", "-v", "-z", "--", "."], ["diff-files", "--name-only", "-z", "--relative", "--", "."]]
    if pathspecs is not None:
        commands.append(["ls-files", "-o", "-z", "--", *pathspecs])
    outs = _git_all(root, *commands)
    if None in outs:
        return None
    staged, changed, *untracked = [out or b"" for out in outs]
    found = _ATTRIBUTES.findall(staged) if b".gitattributes" in staged else []
    attributes = [m.decode("utf-8", "surrogateescape") for m in found]
    if _rewrites(root, toplevel.strip(), attributes):
        return Listing(b"", [], [], algorithm, vouches=False)
    unvouched = _names(changed)
    # The common case, counted in C: every entry (it follows a NUL, which no path holds) is a
    # regular file Git checks, and no entry is in a conflict (or a path holds " 1<tab>": then the
    # entries are read one by one too).
    framed = b"\0" + staged
    plain = framed.count(b"\0H 100644 ") + framed.count(b"\0H 100755 ")
    regular = plain == staged.count(b"\0") and not any(f" {n}\t".encode() in staged for n in (1, 2, 3))
    if not regular:
        unvouched += [m.decode("utf-8", "surrogateescape") for m in _UNCHECKED.findall(staged)]
    return Listing(staged, unvouched, _names(untracked[0]) if untracked else [], algorithm, regular=regular)


def git_keys(root: Path) -> tuple[dict[str, str], str]:
    """Blob ids of the files Git's index holds unchanged in the work tree, by path relative to
    ``root`` (from ``listing``: no file read); ({}, "sha1") outside Git."""
    listed = listing(root)
    if listed is None:
        return {}, "sha1"
    entries = listed.staged.decode("utf-8", "surrogateescape").split("\0")
    if entries and not entries[-1]:
        entries.pop()
    width = {"sha1": 40, "sha256": 64}.get(listed.algorithm)
    if listed.regular and width:  # every entry is "H 100644 <id> 0\t<path>" (or 100755): cut at fixed places
        keys = {e[width + 12:]: e[9:9 + width] for e in entries}
    else:
        keys = {}
        for entry in entries:
            meta, _, path = entry.partition("\t")
            keys[path] = meta.split(" ")[2]
    for path in listed.unvouched:  # every entry that is not a checked, regular, merged file too
        keys.pop(path, None)
    return keys, listed.algorithm


