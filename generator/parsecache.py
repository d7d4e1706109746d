"""The parse cache: each record file's parsed, shape-checked form, keyed by its path and content.

``parse_record(rel, raw)`` is a pure function of the path and the bytes, so its result can be kept
and reused whenever the same path holds the same bytes (the same Git blob id). The cache lives in
``<repository>/.cache/contact-records/``, is safe to delete at any time, and is keyed as a whole by
a fingerprint of the tool (its version and the source of the code that parses) and of the record
vocabulary (the record schema with its enumerations): a different tool simply finds an empty
cache. Checks that read the rosters or the policy (activity types, guidance, who is who) are not
part of a parse: the check cache (``checkcache``) keeps their findings keyed by the rosters and
the policy as well, so editing the policy never serves a stale finding.

On disk it is 64 shard files of plain data, each written whole to a temporary file and renamed
into place, so two processes at once never see half a file (the later writer wins, which costs at
most a re-parse). Reading refuses every pickle opcode that could import or call anything, so a
shard can only ever yield strings, numbers and tuples; a shard that does not read back is ignored
with one warning and rewritten.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

from . import vocab

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the layout of a shard or of an entry (recordcodec) changes
SHARDS = 64
CACHE_DIR = Path(".cache") / "contact-records"
_PACKAGE = Path(__file__).resolve().parent


def tool_version() -> str:
    try:
        return metadata.version("contact-records")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+source"


@cache
def code_digest() -> str:
    """Digest of every source file of the package, so a changed parser (even one whose version
    was not bumped, as during development) never reads entries an older parser wrote."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def vocabulary() -> str:
    """The record vocabulary a parse depends on: the record schema (field names, types and their
    enumerations such as visibility and problem status) and every word of ``vocab``."""
    from . import schema  # here, not above: the run cache's warm path reads no schema

    words = sorted(f"{e.__name__}:{m.value}" for e in vars(vocab).values()
                   if isinstance(e, type) and issubclass(e, StrEnum) and e is not StrEnum for m in e)
    return repr((schema.RecordMeta.model_json_schema(), words))


def fingerprint(version: str | None = None, vocab_text: str | None = None, code: str | None = None) -> str:
    """What the whole cache is keyed by; the arguments exist so tests can vary each part."""
    h = hashlib.sha256()
    for part in (str(FORMAT), version or tool_version(), vocab_text or vocabulary(), code or code_digest()):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def entry_key(rel: str, blob: str) -> bytes:
    return hashlib.sha1(f"{rel}\0{blob}".encode(), usedforsecurity=False).digest()


class _PlainData(pickle.Unpickler):
    """An unpickler that can build strings, numbers, bytes and containers, and nothing else."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"the parse cache holds plain data only, not {module}.{name}")


def loads(blob: bytes) -> object:
    """Plain data back from a pickle; anything else is refused (see ``_PlainData``)."""
    return _PlainData(io.BytesIO(blob)).load()


def loads_each(blob: bytes) -> Iterator[object]:
    """Plain data back from pickles written one after another (as ``loads``), in order."""
    stream = io.BytesIO(blob)
    reader = _PlainData(stream)
    while stream.tell() < len(blob):
        yield reader.load()


def _read_shard(path: Path) -> dict[bytes, bytes]:
    data = loads(path.read_bytes())
    if not isinstance(data, dict) or not all(isinstance(k, bytes) and isinstance(v, bytes) for k, v in data.items()):
        raise pickle.UnpicklingError("not a shard")
    return data


class ParseCache:
    """Entries (``entry_key(rel, blob)`` -> one encoded ``ParsedRecord``) of one fingerprint."""

    def __init__(self, root: Path, print_: str | None = None) -> None:
        self.base = root / CACHE_DIR / "parse"
        self.dir = self.base / (print_ or fingerprint())
        self.entries: dict[bytes, bytes] = {}
        self.dirty: set[int] = set()
        self.used: set[bytes] = set()
        self.problems: list[str] = []  # shards that did not read back (for the warning)
        # entries already decoded by this process, by key: every load that shares this object (the
        # two sides of a change's review) decodes an unchanged record once
        self.decoded: dict[bytes, object] = {}
        # what the loader listed of the work tree (record files, Git's keys), for the same reason
        self.listings: dict[str, Any] = {}
        # each roster file as the loader read it, by path, model and bytes (``loadstate.load_roster``)
        self.rosters: dict[tuple[str, str, str], Any] = {}
        self._load()

    @staticmethod
    def shard_of(key: bytes) -> int:
        return key[0] * SHARDS // 256

    def _load(self) -> None:
        if not self.dir.is_dir():
            return
        for n in range(SHARDS):
            path = self.dir / f"{n:02d}.pickle"
            if not path.exists():
                continue
            try:
                self.entries.update(_read_shard(path))
            except Exception as exc:  # noqa: BLE001 - a cache that does not read back is only a miss
                self.problems.append(f"{path}: {type(exc).__name__}")
                self.dirty.add(n)  # rewrite it from what this run parses
        for line in self.problems:
            log.warning("解析缓存文件已损坏，已忽略并将重建：%s", line)

    def get(self, key: bytes) -> bytes | None:
        blob = self.entries.get(key)
        if blob is not None:
            self.used.add(key)
        return blob

    def put(self, key: bytes, blob: bytes) -> None:
        if self.entries.get(key) != blob:
            self.entries[key] = blob
            self.dirty.add(self.shard_of(key))
        self.used.add(key)

    def forget(self, key: bytes, why: str) -> None:
        """Drop an entry that did not decode (it is re-parsed and rewritten)."""
        self.entries.pop(key, None)
        self.decoded.pop(key, None)
        self.used.discard(key)
        self.dirty.add(self.shard_of(key))
        log.warning("解析缓存中的一条记录已损坏，已忽略并将重建：%s", why)

    def keys(self) -> frozenset[bytes]:
        return frozenset(self.entries)

    def save(self, prune: bool = False) -> None:
        """Write the shards that changed. ``prune`` (after a run that looked up every record of the
        repository) drops entries no file has any more once they outnumber the ones in use."""
        if prune and len(self.entries) > 2 * len(self.used) + 1000:
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
            self.dirty = set(range(SHARDS))
        if not self.dirty:
            return
        try:
            self._write()
        except OSError as exc:  # a read-only checkout still validates; it only stays slow
            log.warning("无法写入解析缓存 %s（%s），本次结果不缓存。", self.dir, exc.strerror or exc)

    def _write(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        clear_others(self.base, self.dir)
        shards: dict[int, dict[bytes, bytes]] = {n: {} for n in self.dirty}
        for key, blob in self.entries.items():
            n = self.shard_of(key)
            if n in shards:
                shards[n][key] = blob
        for n, entries in shards.items():
            write_atomic(self.dir / f"{n:02d}.pickle", pickle.dumps(entries, protocol=5))
        self.dirty.clear()


def write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``data`` (or what it writes to the file it is given) to a temporary file, then rename
    it into place."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                data(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_newest(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written ``*.pickle`` files of ``folder``."""
    for old in sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-keep]:
        old.unlink(missing_ok=True)


def clear_others(base: Path, keep: Path) -> None:
    """Entries of another fingerprint can never be read by this tool: remove them."""
    for other in base.iterdir():
        if other != keep and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
