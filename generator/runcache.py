"""The run cache: what ``validate`` and ``report`` print, kept for the exact inputs they read.

A run's findings and its report are a function of the repository's files, the as-of date, the
Git history, today's date in the institution's zone and the tool; when none of these changed
since a run, the next one prints what that run printed without loading or checking anything. The
key is a digest of every file under rosters/, policies/ and records/ and every other file Git
tracks (from Git's listing where Git vouches for a file, else hashed; see ``_listed``), the commit
at HEAD when Git history is used, the --as-of option and the tool (``tool``). An entry also keeps
the zone and the day it was computed on, and serves only on that day in that zone (a record
dated after today is an error, so tomorrow's run is another run). Entries live beside the parse
cache, plain data only, read with the same unpickler; the last ``KEEP`` are kept.

The path from the key to printing touches neither the YAML nor the schema libraries, nor any
stage of the pipeline: a run that finds its entry costs Git's listing and one file read.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
import pickle
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import clock, inventory, parsecache
from .diagnostics import Diagnostic, decode_diagnostic, encode_diagnostic
from .errors import NoCompliance
from .vocab import AsOfSource

if TYPE_CHECKING:
    from .pipeline import Outcome

log = logging.getLogger(__name__)

KEEP = 8
FORMAT = 2  # bump when the layout of an entry changes
# zone, today, as_of, where it came from, diagnostics, has compliance, report
Stored = tuple[str, str, str, str, list[tuple[Any, ...]], bool, bytes | None]


@dataclass(frozen=True)
class RunKey:
    digest: str


@dataclass(frozen=True)
class Findings:
    """What ``validate`` prints: the as-of date (and where it came from) and every finding."""

    as_of: date
    as_of_source: AsOfSource
    diagnostics: list[Diagnostic]


@dataclass(frozen=True)
class Day:
    """The dates a run resolved: today in the institution's zone, and the as-of date."""

    zone: str
    today: date
    as_of: date
    source: AsOfSource


@dataclass(frozen=True)
class CachedRun:
    day: Day
    diagnostics: list[Diagnostic]
    has_compliance: bool
    report: bytes | None  # the report JSON, compressed, when a report run stored it

    def report_text(self) -> Iterator[str]:
        """The report JSON as ``report`` printed it, in pieces."""
        assert self.report is not None
        inflate = zlib.decompressobj()
        # the inflated bytes of a piece end wherever they end, inside a character too
        text = codecs.getincrementaldecoder("utf-8")()
        for start in range(0, len(self.report), 1 << 20):
            yield text.decode(inflate.decompress(self.report[start:start + (1 << 20)]))
        yield text.decode(inflate.flush(), final=True)


@cache
def tool() -> str:
    """The tool as far as a run's results go: the source of the package, the Python running it and
    every installed distribution with its version (the YAML and schema libraries word messages
    too), read from the names of their metadata folders rather than by importing anything."""
    found = []
    for entry in sys.path:
        try:
            found += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return "\n".join([str(FORMAT), str(parsecache.FORMAT), parsecache.code_digest(), sys.version, *sorted(found)])


def _files(root: Path, keys: dict[str, str], algorithm: str) -> Iterator[tuple[str, str]]:
    """(path, key) of every input file: what the pipeline reads (``inventory.READ_DIRS`` walked and
    ``READ_FILES``, untracked files too) and whatever else Git tracks; a file Git does not vouch
    for is hashed."""
    from . import loader

    records, stray = loader.record_files(root)  # what the loader reads of records/ (and reports)
    walked = [*records, *(d.file for d in stray)]
    for top in (d for d in inventory.READ_DIRS if d != "records"):
        if (root / top).is_dir():
            walked += [p.relative_to(root).as_posix() for p in (root / top).rglob("*") if p.is_file()]
    walked += [rel for rel in inventory.READ_FILES if (root / rel).is_file()]
    for rel in sorted(walked):
        yield rel, keys.get(rel) or inventory.file_key(root / rel, algorithm)
    for rel in sorted(set(keys) - set(walked)):
        yield rel, keys[rel]


def _head(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD", "--is-shallow-repository"],
                              capture_output=True, text=True)
    except OSError:
        return "no git"
    return done.stdout.strip() if done.returncode == 0 else f"no commit:{done.returncode}"


def key(root: Path, as_of: date | None, use_git: bool = True) -> RunKey:
    """The key of a run of the pipeline on ``root`` with these options (today is checked by
    ``load``: see the module)."""
    listed = inventory.listing(root, [*inventory.READ_DIRS, *inventory.READ_FILES]) if use_git else None
    listed = listed if listed is not None and listed.vouches else None
    h = hashlib.sha256()
    for part in (tool(), as_of.isoformat() if as_of else "today", str(use_git), _head(root) if use_git else "",
                 "listed" if listed else "walked"):
        h.update(part.encode() + b"\0")
    for piece in _listed(root, listed) if listed else _walked(root):
        h.update(piece)
    return RunKey(h.hexdigest()[:40])


def _walked(root: Path) -> Iterator[bytes]:
    for rel, blob in _files(root, {}, "sha1"):
        yield f"{rel}\0{blob}\n".encode()


# The folder of each tracked path under records/, in ``git ls-files -s -z`` output.
_RECORD_FOLDER = re.compile(rb"\t(records/[^\0]*)/[^/\0]*(?:\0|$)")


def _listed(root: Path, listed: inventory.Listing) -> Iterator[bytes]:
    """The key's pieces from Git's listing, reading only what Git does not vouch for: the index as
    Git printed it (paths, modes, blob ids), the content of every tracked file Git does not vouch
    for and of every untracked one, and the time each folder under records/ last changed, which
    moves when anything is added, removed or renamed in it (an empty hidden folder, a link: what
    the loader reports but Git does not list)."""
    yield listed.staged
    for rel in sorted({*listed.unvouched, *listed.others}):
        yield f"{rel}\0{inventory.file_key(root / rel, listed.algorithm)}\n".encode()
    folders = {"records"}
    found = {m.decode("utf-8", "surrogateescape") for m in _RECORD_FOLDER.findall(listed.staged)}
    found.update(rel.rpartition("/")[0] for rel in listed.others if rel.startswith("records/"))
    for folder in found:
        while folder not in folders and folder.startswith("records/"):
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders):
        try:
            changed = str(os.lstat(root / folder).st_mtime_ns)
        except OSError as exc:
            changed = f"unreadable:{exc.errno}"
        yield f"{folder}\0{changed}\n".encode()


def _path(root: Path, k: RunKey) -> Path:
    return root / parsecache.CACHE_DIR / "runs" / f"{k.digest}.pickle"


def load(root: Path, k: RunKey) -> CachedRun | None:
    """The entry of these inputs, if a run kept one today (in the zone it ran in)."""
    path = _path(root, k)
    try:
        zone, today, as_of, source, rows, has_compliance, packed = cast(Stored, parsecache.loads(path.read_bytes()))
        day = Day(zone, date.fromisoformat(today), date.fromisoformat(as_of), AsOfSource(source))
        if clock.today_in(zone) != day.today:
            return None  # another day: a run of other inputs
        return CachedRun(day, [decode_diagnostic(d) for d in rows], bool(has_compliance), packed)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
        log.warning("运行缓存文件已损坏，已忽略：%s（%s）", path, type(exc).__name__)
        path.unlink(missing_ok=True)
        return None


def save(root: Path, k: RunKey, day: Day, diagnostics: list[Diagnostic], has_compliance: bool,
         report: bytes | None = None) -> None:
    """Keep a run's results (merging with a report an earlier run of the same inputs stored)."""
    if report is None and (earlier := load(root, k)) is not None and earlier.day == day:
        report = earlier.report
    plain = (day.zone, day.today.isoformat(), day.as_of.isoformat(), day.source.value,
             [encode_diagnostic(d) for d in diagnostics], has_compliance, report)
    path = _path(root, k)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        parsecache.write_atomic(path, pickle.dumps(plain, protocol=5))
        parsecache.keep_newest(path.parent, KEEP)
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


def _run(root: Path, as_of: date | None, use_cache: bool) -> tuple[Outcome, Day]:
    """The pipeline's outcome, and the dates it resolved."""
    from . import pipeline

    outcome = pipeline.run(root, as_of, cache=use_cache)
    return outcome, Day(pipeline.zone_of(outcome.repo.institution), outcome.today, outcome.as_of, outcome.as_of_source)


def findings(root: Path, as_of: date | None, use_cache: bool) -> Findings:
    """Every finding of a run (``validate``), from the cache when the inputs are those of an
    earlier run."""
    k = key(root, as_of) if use_cache else None
    if k is not None and (hit := load(root, k)) is not None:
        return Findings(hit.day.as_of, hit.day.source, hit.diagnostics)
    outcome, day = _run(root, as_of, use_cache)
    if k is not None:
        save(root, k, day, outcome.diagnostics, outcome.compliance is not None)
    return Findings(outcome.as_of, outcome.as_of_source, outcome.diagnostics)


def report(root: Path, as_of: date | None, use_cache: bool) -> Iterator[str]:
    """The report JSON (``report``) in pieces of about 64 KiB, from the cache when the inputs are
    those of an earlier report run. Raises ``NoCompliance`` when there is no usable policy or
    calendar."""
    from . import reporters

    k = key(root, as_of) if use_cache else None
    hit = load(root, k) if k is not None else None
    if hit is not None and not hit.has_compliance:
        raise NoCompliance(_no_compliance(hit.diagnostics))
    if hit is not None and hit.report is not None:
        yield from reporters.chunked(hit.report_text())
        return
    outcome, day = _run(root, as_of, use_cache)
    if outcome.compliance is None:
        if k is not None:
            save(root, k, day, outcome.diagnostics, False)
        raise NoCompliance(_no_compliance(outcome.diagnostics))
    pieces = reporters.chunked(reporters.stream_json(outcome.compliance.to_json(outcome.diagnostics, lazy=True)))
    if k is None:
        yield from pieces
        return
    passing, packed = compress(pieces)
    yield from passing
    save(root, k, day, outcome.diagnostics, True, b"".join(packed))


def _no_compliance(diagnostics: list[Diagnostic]) -> str:
    errors = [d for d in diagnostics if d.severity == "error"][:10]
    detail = "；".join(f"{d.file}: {d.message}" for d in errors)
    return f"没有可用的制度或校历，无法计算完成情况。{detail}"
