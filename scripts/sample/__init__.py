"""The fictional sample institution's generator: data in, rosters and records out.

Data: ``institution`` (calendar, units, posts, pools of names), ``habits`` (how each role acts) and
``phrases`` (record text). Logic: ``world`` and ``wiring`` build the world, ``planner`` and ``roles``
plan each actor's activities, ``emit`` turns them into records, ``write`` writes the files, ``reviews``
writes the organisation department's monthly disclosure reviews.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from random import Random

from .emit import Emitter, Record
from .institution import SAMPLE_AS_OF
from .model import World
from .planner import Intent, Planner
from .reviews import write_reviews
from .roles import plan
from .world import build_world
from .write import write_records, write_rosters


def plan_all(w: World, seed: int) -> list[Intent]:
    """Every actor's intents, in the order the records are emitted: by day, then actor, then plan."""
    planner = Planner(w, seed)
    intents: list[Intent] = []
    for i, a in enumerate(w.actors):
        for it in plan(planner, a):
            it.order = i
            intents.append(it)
    intents.sort(key=lambda it: (it.day, it.order, it.seq))
    return intents


def emit_all(w: World, intents: list[Intent], seed: int) -> list[Record]:
    em = Emitter(w)
    rngs: dict[str, Random] = {}  # one stream per actor, so actors do not disturb each other's draws
    for it in intents:
        a = w.actors[it.order]
        rng = rngs.get(a.id)
        if rng is None:
            rng = rngs[a.id] = Random(f"{seed}:emit:{a.id}")
        em.emit(a, it, rng)
    return em.records


def generate(out: Path, scale: int, seed: int) -> dict[str, int]:
    """Writes rosters/ and records/ under out; returns what was made, by count."""
    w = build_world(scale, seed)
    records = emit_all(w, plan_all(w, seed), seed)
    write_rosters(w, out)
    n = write_records(records, out)
    shutil.rmtree(out / "reviews", ignore_errors=True)
    reviewed = write_reviews(out, w.reviewers[0], SAMPLE_AS_OF) if w.reviewers else 0
    return {
        "people": sum(a.kind != "branch" for a in w.actors),
        "actors": len(w.actors),
        "units": len(w.units),
        "targets": len(w.targets),
        "records": n,
        "reviewed": reviewed,
    }
