"""The check cache: the records' own findings, kept for the exact inputs they came from.

A record's own checks (``validate.records.check_record``) read the record and its path, the
rosters and the policy (who is who, assignments, activity types, the calendar), the as-of date,
today, and the day Git first saw the file; of other records they read only an amendment's target,
and amendments are never kept. So their findings are a function of:

* the *context*: a digest of every file under rosters/ and policies/ exactly as the loader read
  it (``Repo.settings``), the as-of date, today, and whether Git history is usable;
* per folder of records: the paths and contents of every record file in it
  (``Repo.folder_keys``) and the day each record was first committed (``folder_key``);
* per actor, for the comparisons between their records: each record's path, filing order, kind
  and folder digest (``actor_key``).

The same context also keeps each actor's counting results (``compliance.kept``, keyed by the
records credited to the actor), so a full run after one changed record counts again only the
actors that record can credit.

Entries are per folder (one actor's term, about a dozen records), not per record: 100,000 records
make about 8,000 entries, so the cache costs a few MiB of memory, and one changed record has its
folder checked again. One file per context lives under
``.cache/contact-records/checks/<fingerprint>/`` (the parse cache's fingerprint: another tool
finds nothing), holding the entries the last run used, plain data read with the parse cache's
unpickler. A damaged file is ignored with a warning and rewritten; the last ``KEEP`` contexts are
kept (another as-of date, yesterday's run). Editing a roster or the policy changes the context,
so no finding computed under other rules is ever served; ``--no-cache`` neither reads nor writes.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic, decode_diagnostic, encode_diagnostic
from .parsecache import CACHE_DIR, clear_others, fingerprint, keep_newest, loads, write_atomic

log = logging.getLogger(__name__)

KEEP = 4


def context_of(settings: str, as_of: date, today: date, history: str) -> str:
    """The digest every entry of one run shares (see the module); ``history`` is "none",
    "unusable" or "usable"."""
    h = hashlib.sha256()
    for part in (settings, as_of.isoformat(), today.isoformat(), history):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:32]


def folder_key(folder: bytes, first_commits: Iterable[date | None]) -> bytes:
    """An entry's key: the folder's digest and the day each of its records was first committed
    (in the order of their paths)."""
    h = hashlib.sha1(folder, usedforsecurity=False)
    for day in first_commits:
        h.update(b"\0" + (day.isoformat().encode() if day is not None else b"-"))
    return h.digest()


def actor_key(records: Iterable[tuple[str, int, bool, bytes]]) -> bytes:
    """An entry's key for the comparison of one actor's records: each record's path, filing stamp,
    kind (a record, or a partial one) and the digest of the folder holding it, in filing order."""
    h = hashlib.sha1(b"across", usedforsecurity=False)
    for path, stamp, whole, folder in records:
        h.update(f"\0{path}\0{stamp}\0".encode("utf-8", "surrogateescape") + (b"r" if whole else b"p") + folder)
    return h.digest()


Plain = tuple[tuple[object, ...], ...]


class Checks:
    """The entries of one context: key (``folder_key``, ``actor_key``) -> the findings kept."""

    def __init__(self, path: Path, entries: dict[bytes, Plain]) -> None:
        self.path = path
        self.unused = entries  # read from the file, not looked up yet
        self.used: dict[bytes, Plain] = {}  # looked up or computed by this run
        self.made = 0  # entries computed by this run (misses)

    def get(self, key: bytes) -> list[Diagnostic] | None:
        """The findings kept under ``key``; an entry that does not decode is dropped with a warning
        (a miss: the caller checks again and ``put`` replaces it)."""
        plain = self.get_plain(key)
        if plain is None:
            return None
        try:
            return [decode_diagnostic(d) for d in plain]
        except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
            self.damaged(key, exc)
            return None

    def put(self, key: bytes, found: Sequence[Diagnostic]) -> None:
        self.put_plain(key, tuple(encode_diagnostic(d) for d in found))

    def get_plain(self, key: bytes) -> Plain | None:
        """The entry kept under ``key`` as stored (the caller decodes it, and calls ``damaged``
        when that fails)."""
        plain = self.used.get(key)
        if plain is None:
            plain = self.unused.pop(key, None)
            if plain is None:
                return None
            self.used[key] = plain
        return plain

    def put_plain(self, key: bytes, plain: Plain) -> None:
        self.used[key] = plain
        self.made += 1

    def damaged(self, key: bytes, exc: Exception) -> None:
        """Drop an entry that did not decode, with a warning: a miss, which ``put`` replaces."""
        self.used.pop(key, None)
        self.made += 1  # the file no longer matches what this run uses: rewrite it
        log.warning("检查缓存中的一项已损坏，已忽略并将重建：%s（%s）", self.path, type(exc).__name__)

    @property
    def stale(self) -> bool:
        """Whether the file differs from what this run used (new entries, or unused ones)."""
        return self.made > 0 or bool(self.unused)


class CheckCache:
    """The check cache of one repository (see the module); ``close`` writes what runs used."""

    def __init__(self, root: Path, print_: str | None = None) -> None:
        self.base = root / CACHE_DIR / "checks"
        self.dir = self.base / (print_ or fingerprint())
        self.contexts: dict[str, Checks] = {}

    def context(self, digest: str) -> Checks:
        """The entries of a context, read from its file on first use (a damaged file is empty)."""
        if (known := self.contexts.get(digest)) is not None:
            return known
        path = self.dir / f"{digest}.pickle"
        entries: dict[bytes, Plain] = {}
        try:
            data = loads(path.read_bytes())
            if not isinstance(data, dict) or not all(isinstance(k, bytes) and isinstance(v, tuple) for k, v in data.items()):
                raise pickle.UnpicklingError("not a check cache file")
            entries = data
        except FileNotFoundError:
            pass
        except Exception as exc:  # noqa: BLE001 - a damaged file is only a miss
            log.warning("检查缓存文件已损坏，已忽略并将重建：%s（%s）", path, type(exc).__name__)
        checks = self.contexts[digest] = Checks(path, entries)
        return checks

    def close(self) -> None:
        """Write every context whose entries changed, keeping only the entries runs used; remove
        other fingerprints and all but the ``KEEP`` newest contexts; forget them all (a later
        ``context`` reads its file again). A folder that cannot be written only leaves the next
        run slower."""
        stale = [c for c in self.contexts.values() if c.stale]
        self.contexts = {}
        if not stale:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            clear_others(self.base, self.dir)
            for checks in stale:
                write_atomic(checks.path, pickle.dumps(checks.used, protocol=5))
            keep_newest(self.dir, KEEP)
        except OSError as exc:
            log.warning("无法写入检查缓存 %s（%s），本次结果不缓存。", self.dir, exc.strerror or exc)
