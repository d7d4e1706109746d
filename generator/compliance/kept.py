"""Counting rules' results kept between runs in the check cache, one entry per actor.

After one changed record a full run (``validate``, ``report``, ``build``) counted every actor's
records against every rule again, about three seconds at 2,000 actors, though only the actors the
record credits can come out differently. Their results are a function of:

* the check cache's context (``checkcache.context_of``): the rosters and the policy exactly as
  read, which give the rules, who they apply to, the calendar, the leaves and the assignments;
  the as-of date; and the tool, through the cache's fingerprint;
* the counting records credited to the actor, to its members and to its unit's secretary
  (``roster.Credit``: all that any ``count.by`` reads for it), each by its path and the digest of
  the folder that holds it, which covers its content (``Repo.folder_keys``). A record that stops
  counting (found invalid, superseded, dated after the as-of date) leaves these lists, so it
  changes the key as well.

``actor_entry`` is that key; an entry holds the actor's results of each rule that applies to it,
by the rule's place in the policy, as plain data. An actor whose records lack a folder digest is
counted every run. The review of a change counts only the actors it touches and keeps nothing here.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from datetime import date

from .. import schema
from ..checkcache import Checks, Plain
from ..loader import Repo
from ..parsecache import loads
from ..vocab import Status
from .engine import CountingEngine
from .results import Result

_STATUS = {s.value: s for s in Status}

Found = dict[int, list[Result]]  # a rule's place in the policy -> the actor's results of it


def actor_entry(repo: Repo, engine: CountingEngine, actor: str) -> bytes | None:
    """The key of one actor's results (see the module); None when a record has no folder digest."""
    roster, credit = engine.roster, engine.credit
    sources = [actor, *sorted(roster.members.get(actor, ()))]  # a set: its order differs between runs
    unit = roster.units.get(actor)
    if unit is not None and unit.secretary:
        sources.append(unit.secretary)
    h = hashlib.sha1(b"counting", usedforsecurity=False)
    folders = repo.folder_keys
    for who in sources:
        h.update(b"\0\0" + who.encode("utf-8", "surrogateescape"))
        for r in credit.of(who):
            folder = folders.get(r.path.rpartition("/")[0])
            if folder is None:
                return None
            h.update(b"\0" + r.path.encode("utf-8", "surrogateescape") + b"\0" + folder)
    return h.digest()


def encode(found: Found) -> Plain:
    rows = tuple((i, tuple((r.period, r.start.toordinal(), r.end.toordinal(), r.target, r.achieved, r.hours,
                            r.status.value, r.records, r.deadline.toordinal() if r.deadline else None)
                           for r in results))
                 for i, results in found.items())
    return ((pickle.dumps(rows, protocol=5),),)


def decode(plain: Plain, rules: Sequence[schema.Rule], actor: str, paths: dict[str, str]) -> Found:
    """``paths``: each counting record's path, to itself: the results hold the records' own strings
    (100,000 results, most naming a record or two), and a path that is not one is a damaged entry."""
    ((blob,),) = plain
    if not isinstance(blob, bytes):
        raise TypeError("not an entry of counting results")
    out: Found = {}
    days = _Days()  # a few hundred days, each in many results
    for i, rows in loads(blob):  # type: ignore[attr-defined]
        rule = rules[i]
        out[i] = [Result(actor, rule.id, rule.level, period, rule.per, days[start], days[end], target, rule.min,
                         rule.min_hours, achieved, hours, _STATUS[status], tuple(map(paths.__getitem__, records)),
                         days[deadline] if deadline is not None else None)
                  for period, start, end, target, achieved, hours, status, records, deadline in rows]
    return out


class _Days(dict[int, date]):
    def __missing__(self, ordinal: int) -> date:
        day = self[ordinal] = date.fromordinal(ordinal)
        return day


def counting_results(engine: CountingEngine, repo: Repo, rules: Sequence[schema.Rule], kept: Checks) -> list[Result]:
    """Every counting rule's results, in ``evaluate``'s order (rule by rule, actor by actor), each
    actor's taken from ``kept`` when its entry is there and computed (and kept) otherwise."""
    whose = [engine.roster.actors(rule.who) for rule in rules]
    asked: dict[str, list[int]] = {}
    for i, actors in enumerate(whose):
        for actor in actors:
            places = asked.setdefault(actor, [])
            if not places or places[-1] != i:
                places.append(i)
    found: dict[str, Found] = {}
    paths = {r.path: r.path for records in engine.credit.by_actor.values() for r in records}
    for actor, places in asked.items():
        key = actor_entry(repo, engine, actor)
        got = _read(kept, key, rules, actor, places, paths) if key is not None else None
        if got is None:
            got = {i: engine.evaluate_actor(rules[i], actor) for i in places}
            if key is not None:
                kept.put_plain(key, encode(got))
        found[actor] = got
    return [r for i, actors in enumerate(whose) for actor in actors for r in found[actor][i]]


def _read(kept: Checks, key: bytes, rules: Sequence[schema.Rule], actor: str, places: list[int],
          paths: dict[str, str]) -> Found | None:
    plain = kept.get_plain(key)
    if plain is None:
        return None
    try:
        got = decode(plain, rules, actor, paths)
        if sorted(got) != places:
            raise ValueError("another set of rules")
    except Exception as exc:  # noqa: BLE001 - a damaged entry is only a miss
        kept.damaged(key, exc)
        return None
    return got
