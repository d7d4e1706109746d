"""The snapshot: what the last full run concluded about each record file, for a review to start from.

The review of a change (``validate --changed-from``) needs every finding of two states of the
repository (the work tree and the merge base), and both are usually one full run's state plus a few
record files. The snapshot keeps, of a full run on the work tree, everything the review needs to
recompute only what those files touch (``review.incremental``): per folder of records the digest of
its files' paths and contents (``Repo.folder_keys``); per record file the fields the checks between
records group by (``by``, date, type, ``with``, ``amends``), the time Git first saw it, and whether
it was invalid or superseded; and every finding of the run. A folder whose digest differs counts
as changed as a whole (it is one actor's term: their records are checked again anyway).

A snapshot serves only the run it was made for: the same rosters and policy (``Repo.settings``),
the same as-of date and where it came from, the same today and the same state of Git history
(``context``); the review compares the rest (every other input, ``Repo.inputs``; Git's problems
and rewritten register lines, ``history_digest``) and takes the full path when any differs. It lives
under ``.cache/contact-records/snapshots/<fingerprint>/`` (the parse cache's fingerprint: another
tool finds nothing), plain data read with the parse cache's unpickler; a damaged file is ignored
with a warning; the last ``KEEP`` contexts are kept.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, cast

from . import schema
from .diagnostics import Diagnostic, decode_diagnostic, encode_diagnostic
from .disclosure import decisions
from .gitinfo import History
from .loader import PartialRecord, Record, Repo
from .parsecache import CACHE_DIR, clear_others, fingerprint, keep_newest, loads_each, write_atomic
from .privacy import visibility
from .reviewfiles import ReviewFile
from .validate import Validation
from .vocab import Visibility

log = logging.getLogger(__name__)

FORMAT = 5  # bump when the layout of a snapshot changes
KEEP = 2
CHUNK = 5000  # rows or findings per piece of the file
INVALID, SUPERSEDED, PUBLIC = 1, 2, 4  # PUBLIC: a record whose visibility is public (``check_reviews``)

#: kind ("r" record, "p" partial, "b" unreadable), by, date (ordinal, 0: none), type, with, amends,
#: first commit time (-1: none; the day follows from it and the zone), flags
Plain = tuple[str, str | None, int, str | None, tuple[str, ...], str | None, int, int]
STAMP = 6  # of a Plain: with the folder's digest, what tells whether a file is as the snapshot saw it


@dataclass(frozen=True, slots=True)
class Row:
    """What a state of the repository says about one record file (see ``Plain``)."""

    kind: str
    by: str | None
    day: int
    type: str | None
    with_: tuple[str, ...]
    amends: str | None
    stamp: int
    flags: int = 0

    @property
    def invalid(self) -> bool:
        return bool(self.flags & INVALID)

    @property
    def superseded(self) -> bool:
        return bool(self.flags & SUPERSEDED)

    @property
    def public(self) -> bool:
        return bool(self.flags & PUBLIC)

    @property
    def group(self) -> tuple[int, str] | None:
        """The (date, type) ``check_with_also_filed`` compares it within (records only)."""
        return (self.day, self.type) if self.kind == "r" and self.type is not None else None

    def credits(self) -> tuple[str, ...]:
        """Whom it credits when it counts (``roster.Credit``)."""
        return (self.by, *self.with_) if self.kind == "r" and self.by is not None else ()


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else 0


def row_of(item: Record | PartialRecord | None, by_hint: str | None, history: History | None, path: str,
           policy: schema.Policy | None, flags: int = 0) -> Row:
    """The row of one record file: a record, a partial one, or an unreadable one (``item`` None)."""
    stamp = history.first_commit_ts.get(path, -1) if history is not None else -1
    if item is None:
        return Row("b", by_hint, 0, None, (), None, stamp, flags)
    m = item.meta
    if isinstance(item, Record):
        flags |= PUBLIC if visibility(item.meta, policy) == Visibility.PUBLIC else 0
        return Row("r", m.by, _ordinal(m.date), m.type, tuple(m.with_), m.amends, stamp, flags)
    return Row("p", m.by, _ordinal(m.date), m.type, tuple(m.with_ or ()), m.amends, stamp, flags)


def _items(repo: Repo) -> Iterator[tuple[str, Record | PartialRecord | None, str | None]]:
    """(path, record or partial record or None, ``by`` as far as readable) of every record file."""
    for p, by in repo.broken_records.items():
        yield p, None, by
    yield from ((p.path, p, None) for p in repo.partial_records)
    yield from ((r.path, r, None) for r in repo.records)


def rows_of(repo: Repo, history: History | None) -> dict[str, Row]:
    """The row of every record file ``repo`` holds (flags 0)."""
    return {p: row_of(item, by, history, p, repo.policy) for p, item, by in _items(repo)}


def _plain(repo: Repo, history: History | None, validation: Validation,
           indexer: _Indexer) -> Iterator[tuple[str, Plain]]:
    """``rows_of`` as the snapshot stores it, with the flags, each row indexed as it goes."""
    bad, replaced = validation.invalid_records, validation.superseded
    for p, item, by in _items(repo):
        flags = (INVALID if p in bad else 0) | (SUPERSEDED if p in replaced else 0)
        r = row_of(item, by, history, p, repo.policy, flags)
        indexer.add(p, r)
        yield p, (r.kind, r.by, r.day, r.type, r.with_, r.amends, r.stamp, r.flags)


def _chunks(items: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def context(settings: str, as_of: date, today: date, history: History | None, source: str) -> str:
    """What a snapshot must have been made under to serve a run (see the module)."""
    state = "none" if history is None else "unusable" if history.problem else "usable"
    h = hashlib.sha256()
    for part in (str(FORMAT), settings, as_of.isoformat(), today.isoformat(), state, source):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:32]


def history_digest(history: History | None, rewrites: Sequence[Diagnostic], reviews: Iterable[ReviewFile]) -> str:
    """What of Git history reaches findings not on a record file: its problem, the clamped commit
    times, the register's rewritten lines, and which of the record files the disclosure reviews
    name Git has seen (``check_reviews``)."""
    named = {d.record for d in decisions(reviews)}
    seen = sorted(p for p in named if history is not None and p in history.first_commit_ts)
    h = hashlib.sha256(repr(None if history is None else (history.problem, history.clamped, seen)).encode())
    h.update(repr([encode_diagnostic(d) for d in rewrites]).encode())
    return h.hexdigest()


#: what the review looks record files up by (``Snapshot.find``): records and partials by ``by``,
#: records by (date, type), amended path -> the records and partials amending it, actor -> the
#: records crediting them
INDICES = ("by_actor", "by_group", "amenders", "crediting")


@dataclass
class Snapshot:
    inputs: str  # Repo.inputs of the run
    history: str  # history_digest of the run
    rows: dict[str, Plain]
    folders: dict[str, bytes]  # Repo.folder_keys: each folder's digest of its files' paths and contents
    diagnostics: list[Diagnostic]  # every finding of the run, as printed
    indices: dict[str, dict[Any, bytes]]  # INDICES: key -> positions in ``rows`` (array "i" bytes)
    later: list[str]  # records dated after the as-of date, sorted (``pipeline.after_sample_date``)

    def __post_init__(self) -> None:
        self.paths = list(self.rows)

    def row(self, path: str) -> Row | None:
        plain = self.rows.get(path)
        return Row(*plain) if plain is not None else None

    def find(self, index: str, key: object) -> list[str]:
        """The record files ``index`` (one of ``INDICES``) holds under ``key``."""
        found = self.indices[index].get(key)
        paths = self.paths
        return [paths[i] for i in array("i", found)] if found is not None else []


class _Indexer:
    """``Snapshot.indices`` and ``later``, built as the rows are written (positions, not paths:
    4 bytes an entry at the run's peak, and read back without rebuilding)."""

    def __init__(self, as_of: date) -> None:
        self.indices: dict[str, dict[Any, array[int]]] = {name: {} for name in INDICES}
        self.later: list[str] = []
        self.limit = as_of.toordinal()
        self.count = 0

    def _add(self, name: str, key: object, at: int) -> None:
        index = self.indices[name]
        found = index.get(key)
        if found is None:
            found = index[key] = array("i")
        found.append(at)

    def add(self, path: str, row: Row) -> None:
        at, self.count = self.count, self.count + 1
        if row.kind == "b":
            return
        if row.by is not None:
            self._add("by_actor", row.by, at)
        if row.amends is not None:
            self._add("amenders", row.amends, at)
        if row.group is not None:
            self._add("by_group", row.group, at)
        for actor in dict.fromkeys(row.credits()):
            self._add("crediting", actor, at)
        if row.kind == "r" and row.day > self.limit:
            self.later.append(path)

    def plain(self) -> dict[str, dict[Any, bytes]]:
        return {name: {key: found.tobytes() for key, found in index.items()} for name, index in self.indices.items()}


def _folder(root: Path) -> tuple[Path, Path]:
    base = root / CACHE_DIR / "snapshots"
    return base, base / fingerprint()


def write(root: Path, name: str, repo: Repo, history: History | None, validation: Validation,
          diagnostics: Sequence[Diagnostic], as_of: date) -> None:
    """Keep what a full run on the work tree concluded (see the module) under its ``context``
    (``name``); a folder that cannot be written only leaves the next review slower."""
    head = (FORMAT, repo.inputs, history_digest(history, validation.rewrites, repo.reviews))

    def dump(fh: BinaryIO) -> None:
        # In pieces, none of them with a memo: the whole at once cost about 20 MiB at the run's peak.
        pickler = pickle.Pickler(fh, protocol=5)
        pickler.fast = True
        pickler.dump(head)
        pickler.dump(("folders", dict(repo.folder_keys)))
        indexer = _Indexer(as_of)
        for chunk in _chunks(_plain(repo, history, validation, indexer)):
            pickler.dump(("rows", chunk))
        pickler.dump(("indices", (indexer.count, indexer.plain())))
        pickler.dump(("later", sorted(indexer.later)))
        for chunk in _chunks(encode_diagnostic(d) for d in diagnostics):
            pickler.dump(("diagnostics", chunk))

    base, folder = _folder(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clear_others(base, folder)
        write_atomic(folder / f"{name}.pickle", dump)
        keep_newest(folder, KEEP)
    except OSError as exc:
        log.warning("无法写入快照 %s（%s），下次检查改动时会慢一些。", folder, exc.strerror or exc)


def load(root: Path, name: str) -> Snapshot | None:
    """The snapshot made under this ``context``, indexed; None when there is none (or it is damaged)."""
    path = _folder(root)[1] / f"{name}.pickle"
    try:
        pieces = loads_each(path.read_bytes())
        fmt, inputs, history = cast(tuple[Any, ...], next(pieces))
        if fmt != FORMAT:
            return None
        rows: dict[str, Plain] = {}
        diagnostics: list[Diagnostic] = []
        parts: dict[str, Any] = {}
        for kind, chunk in cast(Iterator[tuple[str, Any]], pieces):
            if kind == "rows":
                rows.update(chunk)
            elif kind == "diagnostics":
                diagnostics.extend(decode_diagnostic(d) for d in chunk)
            else:
                parts[kind] = chunk
        count, indices = parts["indices"]
        if count != len(rows):
            raise ValueError("positions do not match the rows")
        snap = Snapshot(inputs, history, rows, parts["folders"], diagnostics, indices, parts["later"])
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged snapshot is only a miss
        log.warning("快照文件已损坏，已忽略：%s（%s）", path, type(exc).__name__)
        return None
    return snap
