"""The output cache: generated files kept by what they are made of, so a rebuild after one changed
record writes again only the workbooks whose content changed.

At 2,000 actors, XlsxWriter writing the 700 per-actor form workbooks was the longest step of the
office outputs, and after one changed record all but one or two come out byte for byte the same.
An entry is the bytes a pure function made of a value whose ``repr`` says everything it depends on
(frozen dataclasses of strings, numbers, dates and tuples, such as ``exports.grid.Form``). Its key
is a digest of that ``repr`` and of the cache's fingerprint: the tool's (``parsecache.fingerprint``:
version, source code, record vocabulary) and the writer library's version, so a different tool or
writer simply finds nothing.

Entries live under ``.cache/contact-records/outputs/<fingerprint>/``, one file each, written whole
to a temporary file and renamed into place; each begins with the SHA-256 of its bytes, so a damaged
file is a warning and a miss, never a wrong download. ``close()`` removes the entries the build did
not use (and other fingerprints'), so the cache holds one build's outputs. Safe to delete.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from . import parsecache

log = logging.getLogger(__name__)

_SUM = 32  # bytes of the SHA-256 each entry begins with


def _writer_versions() -> str:
    return ",".join(f"{name}={metadata.version(name)}" for name in ("xlsxwriter",))


class OutputCache:
    """Bytes by a digest of what they are made of; ``root`` None keeps nothing (``--no-cache``)."""

    def __init__(self, root: Path | None, print_: str | None = None) -> None:
        self.base = root / parsecache.CACHE_DIR / "outputs" if root is not None else None
        self.fingerprint = print_ or hashlib.sha256(f"{parsecache.fingerprint()}\0{_writer_versions()}".encode()).hexdigest()[:32]
        self.used: set[str] = set()
        self.made = 0  # entries made this run (misses)
        self.writable = True

    def get(self, made_of: object, make: Callable[[], bytes]) -> bytes:
        """The bytes ``make()`` returns for ``made_of``: kept from an earlier build, or made now."""
        if self.base is None:
            return make()
        key = hashlib.sha256(f"{self.fingerprint}\0{made_of!r}".encode()).hexdigest()
        self.used.add(key)
        path = self.base / self.fingerprint / key[:2] / key
        kept = self._read(path)
        if kept is not None:
            return kept
        data = make()
        self.made += 1
        self._write(path, data)
        return data

    @staticmethod
    def _read(path: Path) -> bytes | None:
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        data = raw[_SUM:]
        if hashlib.sha256(data).digest() != raw[:_SUM]:
            log.warning("生成文件缓存中的一个文件已损坏，已忽略并将重建：%s", path)
            return None
        return data

    def _write(self, path: Path, data: bytes) -> None:
        if not self.writable:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            parsecache.write_atomic(path, hashlib.sha256(data).digest() + data)
        except OSError as exc:  # a read-only checkout still builds; it only stays slow
            self.writable = False
            log.warning("无法写入生成文件缓存 %s（%s），本次生成的文件不缓存。", self.base, exc.strerror or exc)

    def close(self) -> None:
        """Remove what this build did not use: other fingerprints' folders and unused entries."""
        if self.base is None or not self.base.is_dir():
            return
        mine = self.base / self.fingerprint
        parsecache.clear_others(self.base, mine)
        if mine.is_dir():
            for path in mine.glob("*/*"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
