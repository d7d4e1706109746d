"""Reading every record file of a repository: from the parse cache when it holds the same bytes,
else parsed, in parallel on all cores when there are many. The roster and policy files' YAML
documents go through the same cache (``cached_document``).

A worker reads a file, computes its key when Git did not vouch for one, and parses it only when
the cache does not already hold that key (the cache's keys are handed to the workers when they
start); it sends back the parsed record already encoded as plain data (``recordcodec``), which
the parent keeps for the cache as it is and decodes once. Nothing but ``ParsedRecord`` values
leaves this module, in the order of the inventory.
"""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from .diagnostics import Diagnostic, decode_diagnostic, diag, encode_diagnostic
from .inventory import Inventory, blob_id
from .parsecache import ParseCache, entry_key, loads
from .recordcodec import decode, encode
from .recordfile import RECORD_LIMIT, ParsedRecord, parse_record
from .repofs import safe_read
from .yamlio import Loaded, parse, too_large

PARALLEL_FROM = 2000  # below this many files to parse, starting workers costs more than it saves
CHUNK = 256

_known: frozenset[bytes] = frozenset()  # in a worker: the keys the parent's cache holds
_plain: set[str] = set()  # in a worker: folders found not to be symbolic links (``repofs.safe_read``)

Work = tuple[str, str, str | None, str]  # path, repository root, key if known, hash algorithm
Done = tuple[str, str | None, bytes | None]  # path, key (None: not cacheable), encoded record or None if cached
StoredDocument = tuple[Any, list[tuple[tuple[str | int, ...], int]], bool, list[tuple[Any, ...]]]  # data, lines, ok, problems


def _read(root: str, rel: str, plain: set[str] | None = None) -> bytes | Diagnostic:
    """A record file's bytes through ``repofs.safe_read`` (regular files only, size first)."""
    raw = safe_read(root, rel, RECORD_LIMIT, plain)
    if raw is None:  # gone since the folder was listed
        return diag("file-unreadable", rel, None, "文件在读取前被删除了。请重新运行检查。")
    return raw


def _dump(parsed: ParsedRecord) -> bytes:
    return pickle.dumps(encode(parsed), protocol=5)


def _start(known: frozenset[bytes]) -> None:
    global _known
    _known = known
    _plain.clear()  # one reading's memo: a folder may become a link between two runs of ``serve``


def _work(item: Work) -> Done:
    rel, root, key, algorithm = item
    raw = _read(root, rel, _plain)
    if isinstance(raw, Diagnostic):  # not cached: the file's state, not its bytes, is at fault
        return rel, None, _dump(ParsedRecord(rel, None, (raw,)))
    if key is None:
        key = blob_id(raw, algorithm)
    if entry_key(rel, key) in _known:
        return rel, key, None
    return rel, key, _dump(parse_record(rel, raw))


@contextmanager
def no_collector() -> Iterator[None]:
    """Creating 100,000 records triggers the cyclic collector thousands of times, each pass
    scanning every record made so far (half the decoding time); none of them is cyclic."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _results(work: list[Work], jobs: int, known: frozenset[bytes]) -> Iterator[Done]:
    if jobs > 1 and len(work) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(known,)) as pool:
            yield from pool.map(_work, work, chunksize=CHUNK)
        return
    _start(known)
    try:
        yield from map(_work, work)
    finally:
        _start(frozenset())


def _cached(cache: ParseCache, rel: str, key: str) -> ParsedRecord | None:
    """The cached parse of ``rel`` with this key; an entry that does not decode is dropped."""
    k = entry_key(rel, key)
    blob = cache.get(k)
    if blob is None:
        return None
    if (done := cache.decoded.get(k)) is not None:
        return cast(ParsedRecord, done)
    try:
        parsed = cache.decoded[k] = decode(loads(blob))  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - a damaged entry is a miss, never a failed run
        cache.forget(k, f"{rel}: {type(exc).__name__}")
        return None
    return parsed


def read_records(root: Path, inv: Inventory, jobs: int = 1, cache: ParseCache | None = None,
                 given: Mapping[str, bytes] | None = None, keys: dict[str, str] | None = None,
                 prune: bool = True) -> list[ParsedRecord]:
    """Every record of the inventory, parsed (in its order). A file in ``given`` is parsed from
    those bytes (another state of the repository, seen through ``loader.Overlay``). ``keys``, when
    given, receives the content key (blob id) of every file that was read, by path. ``prune``:
    the inventory is every record of the repository, so the cache may drop what no file has."""
    found: dict[str, ParsedRecord | None] = {}
    work: list[Work] = []
    given = given or {}
    keys = {} if keys is None else keys
    with no_collector():
        for rel in inv.records:
            if rel in given:
                found[rel] = _parse_given(rel, given[rel], cache, inv.algorithm, keys)
                continue
            key = inv.keys.get(rel)
            if cache is not None and key is not None and (hit := _cached(cache, rel, key)) is not None:
                found[rel] = hit
                keys[rel] = key
            else:
                work.append((rel, str(root), key, inv.algorithm))
        known = cache.keys() if cache is not None and work else frozenset()
        for rel, key, blob in _results(work, jobs, known):
            if key is not None:
                keys[rel] = inv.keys.get(rel) or key  # Git's string when it vouched: one copy held
            if blob is not None:
                found[rel] = decode(loads(blob))  # type: ignore[arg-type]
                if cache is not None and key is not None:
                    cache.put(entry_key(rel, key), blob)
                    cache.decoded[entry_key(rel, key)] = found[rel]
            else:  # the worker found it in the cache
                assert cache is not None and key is not None
                found[rel] = _cached(cache, rel, key) or _parse_here(root, rel, cache, key)
    if cache is not None:
        cache.save(prune=prune)
    return [_present(found[rel]) for rel in inv.records]


def _parse_here(root: Path, rel: str, cache: ParseCache, key: str) -> ParsedRecord:
    """A record whose cached entry turned out damaged after a worker relied on it."""
    raw = _read(str(root), rel)
    if isinstance(raw, Diagnostic):
        return ParsedRecord(rel, None, (raw,))
    parsed = parse_record(rel, raw)
    cache.put(entry_key(rel, key), _dump(parsed))
    return parsed


def _parse_given(rel: str, raw: bytes, cache: ParseCache | None, algorithm: str,
                 keys: dict[str, str]) -> ParsedRecord:
    if len(raw) > RECORD_LIMIT:
        return ParsedRecord(rel, None, (too_large(rel, len(raw), RECORD_LIMIT),))
    key = keys[rel] = blob_id(raw, algorithm)
    if cache is not None and (hit := _cached(cache, rel, key)) is not None:
        return hit
    parsed = parse_record(rel, raw)
    if cache is not None:
        cache.put(entry_key(rel, key), _dump(parsed))
    return parsed


def _present(parsed: ParsedRecord | None) -> ParsedRecord:
    assert parsed is not None
    return parsed


def cached_document(cache: ParseCache, rel: str, raw: bytes, text: str) -> tuple[Loaded, list[Diagnostic]]:
    """``yamlio.parse(text, rel)`` of a roster or policy file (``text`` decoded from ``raw``), from
    the cache when it holds the same bytes at the same path: composing a 16,000-target roster is
    most of reading it. A damaged entry is dropped (with a warning) and the file parsed again."""
    key = entry_key(rel, "yaml:" + blob_id(raw))
    blob = cache.get(key)
    if blob is not None:
        try:
            data, lines, ok, found = cast(StoredDocument, loads(blob))
            return Loaded(data, dict(lines), bool(ok)), [decode_diagnostic(d) for d in found]
        except Exception as exc:  # noqa: BLE001 - a damaged entry is a miss, never a failed run
            cache.forget(key, f"{rel}: {type(exc).__name__}")
    loaded, problems = parse(text, rel)
    plain = (loaded.data, list(loaded.lines.items()), loaded.ok,
             [encode_diagnostic(d) for d in problems])
    cache.put(key, pickle.dumps(plain, protocol=5))
    return loaded, problems
