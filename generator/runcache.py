"""The run cache: what ``validate`` and ``report`` print, kept for the exact inputs they read.

A run's findings and its report are a function of the repository's files, the as-of date, the
Git history and the tool; when none of these changed since a run, the next one prints what that
run printed without loading or checking anything. The key is a digest of every file under
rosters/, policies/ and records/ and every other file Git tracks (by Git blob id, from Git's
index where Git vouches for a file, else hashed), the commit at HEAD when Git history is used, the
as-of date the run resolves (given, or today in the institution's zone) and the parse cache's
fingerprint of the tool. Entries live beside the parse cache, plain data only, read with the same
unpickler; the last ``KEEP`` are kept. Any change to any of those inputs is simply another key.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from . import gitdiff, inventory, loader, parsecache, pipeline, reporters
from .diagnostics import Diagnostic
from .errors import NoCompliance
from .pipeline import default_as_of, today_of
from .recordcodec import decode_diagnostic, encode_diagnostic
from .vocab import AsOfSource

log = logging.getLogger(__name__)

KEEP = 8
Stored = tuple[str, list[tuple[Any, ...]], bool, bytes | None]  # as_of, diagnostics, has compliance, report


@dataclass(frozen=True)
class RunKey:
    digest: str
    as_of: date
    source: AsOfSource


@dataclass(frozen=True)
class Findings:
    """What ``validate`` prints: the as-of date (and where it came from) and every finding."""

    as_of: date
    as_of_source: AsOfSource
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class CachedRun:
    as_of: date
    diagnostics: list[Diagnostic]
    has_compliance: bool
    report: bytes | None  # the report JSON, compressed, when a report run stored it

    def report_text(self) -> Iterator[str]:
        """The report JSON as ``report`` printed it, in pieces."""
        assert self.report is not None
        inflate = zlib.decompressobj()
        for start in range(0, len(self.report), 1 << 20):
            yield inflate.decompress(self.report[start:start + (1 << 20)]).decode("utf-8")
        yield inflate.flush().decode("utf-8")


def _files(root: Path, keys: dict[str, str], algorithm: str) -> Iterator[tuple[str, str]]:
    """(path, key) of every input file: what the pipeline reads (``gitdiff.READ_DIRS`` walked and
    ``READ_FILES``, untracked files too) and whatever else Git tracks; a file Git does not vouch
    for is hashed."""
    records, stray = loader.record_files(root)  # what the loader reads of records/ (and reports)
    walked = [*records, *(d.file for d in stray)]
    for top in (d for d in gitdiff.READ_DIRS if d != "records"):
        if (root / top).is_dir():
            walked += [p.relative_to(root).as_posix() for p in (root / top).rglob("*") if p.is_file()]
    walked += [rel for rel in gitdiff.READ_FILES if (root / rel).is_file()]
    for rel in sorted(walked):
        yield rel, keys.get(rel) or _hash(root / rel, algorithm)
    for rel in sorted(set(keys) - set(walked)):
        yield rel, keys[rel]


def _hash(path: Path, algorithm: str) -> str:
    try:
        return inventory.blob_id(path.read_bytes(), algorithm)
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def _head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD", "--is-shallow-repository"],
                              capture_output=True, text=True)
    except OSError:
        return "no git"
    return done.stdout.strip() if done.returncode == 0 else f"no commit:{done.returncode}"


def key(root: Path, as_of: date | None, use_git: bool = True) -> RunKey:
    """The key of a run of the pipeline on ``root`` with these options: the as-of date resolved
    as the pipeline resolves it, and today (a record after it is ``record-future``)."""
    institution = loader.read_institution(root)
    today = today_of(institution)
    resolved, source = default_as_of(institution, as_of, today)
    keys, algorithm = inventory.git_keys(root) if use_git else ({}, "sha1")
    h = hashlib.sha256()
    for part in (parsecache.fingerprint(), resolved.isoformat(), source.value, today.isoformat(), str(use_git),
                 _head(root) if use_git else ""):
        h.update(part.encode() + b"\0")
    for rel, blob in _files(root, keys, algorithm):
        h.update(f"{rel}\0{blob}\n".encode())
    return RunKey(h.hexdigest()[:40], resolved, source)


def _path(root: Path, k: RunKey) -> Path:
    return root / parsecache.CACHE_DIR / "runs" / f"{k.digest}.pickle"


def load(root: Path, k: RunKey) -> CachedRun | None:
    path = _path(root, k)
    try:
        stored, rows, has_compliance, packed = cast(Stored, parsecache.loads(path.read_bytes()))
        return CachedRun(date.fromisoformat(stored), [decode_diagnostic(d) for d in rows], bool(has_compliance), packed)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
        log.warning("运行缓存文件已损坏，已忽略：%s（%s）", path, type(exc).__name__)
        path.unlink(missing_ok=True)
        return None


def save(root: Path, k: RunKey, diagnostics: list[Diagnostic], has_compliance: bool,
         report: bytes | None = None) -> None:
    """Keep a run's results (merging with a report an earlier run of the same inputs stored)."""
    if report is None and (earlier := load(root, k)) is not None:
        report = earlier.report
    plain = (k.as_of.isoformat(),
             [encode_diagnostic(d) for d in diagnostics],
             has_compliance, report)
    path = _path(root, k)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        parsecache.write_atomic(path, pickle.dumps(plain, protocol=5))
        for old in sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("无法写入运行缓存 %s（%s）。", path.parent, exc.strerror or exc)


def compress(pieces: Iterator[str]) -> tuple[Iterator[str], list[bytes]]:
    """Pass text pieces on while compressing them into the returned list (filled as they pass)."""
    out: list[bytes] = []
    deflate = zlib.compressobj(1)

    def passing() -> Iterator[str]:
        for piece in pieces:
            if packed := deflate.compress(piece.encode("utf-8")):  # mostly b"" until a block is full
                out.append(packed)
            yield piece
        out.append(deflate.flush())

    return passing(), out


def findings(root: Path, as_of: date | None, use_cache: bool) -> Findings:
    """Every finding of a run (``validate``), from the cache when the inputs are those of an
    earlier run."""
    k = key(root, as_of) if use_cache else None
    if k is not None and (hit := load(root, k)) is not None:
        return Findings(hit.as_of, k.source, hit.diagnostics)
    outcome = pipeline.run(root, as_of, cache=use_cache)
    if k is not None:
        save(root, k, outcome.diagnostics, outcome.compliance is not None)
    return Findings(outcome.as_of, outcome.as_of_source, outcome.diagnostics)


def report(root: Path, as_of: date | None, use_cache: bool) -> Iterator[str]:
    """The report JSON (``report``) in pieces of about 64 KiB, from the cache when the inputs are
    those of an earlier report run. Raises ``NoCompliance`` when there is no usable policy or
    calendar."""
    k = key(root, as_of) if use_cache else None
    hit = load(root, k) if k is not None else None
    if hit is not None and not hit.has_compliance:
        raise NoCompliance(_no_compliance(hit.diagnostics))
    if hit is not None and hit.report is not None:
        yield from reporters.chunked(hit.report_text())
        return
    outcome = pipeline.run(root, as_of, cache=use_cache)
    if outcome.compliance is None:
        if k is not None:
            save(root, k, outcome.diagnostics, False)
        raise NoCompliance(_no_compliance(outcome.diagnostics))
    pieces = reporters.chunked(reporters.stream_json(outcome.compliance.to_json(outcome.diagnostics, lazy=True)))
    if k is None:
        yield from pieces
        return
    passing, packed = compress(pieces)
    yield from passing
    save(root, k, outcome.diagnostics, True, b"".join(packed))


def _no_compliance(diagnostics: list[Diagnostic]) -> str:
    errors = [d for d in diagnostics if d.severity == "error"][:10]
    detail = "；".join(f"{d.file}: {d.message}" for d in errors)
    return f"没有可用的制度或校历，无法计算完成情况。{detail}"
