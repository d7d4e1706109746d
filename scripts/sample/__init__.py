"""Generator of the fictional sample institution, driven by the data in ``institution``."""

from __future__ import annotations

from pathlib import Path
from random import Random

from .emit import Emitter
from .planner import Intent, Planner
from .world import build_world
from .write import write_records, write_rosters


def generate(out: Path, scale: int, seed: int) -> dict[str, int]:
    w = build_world(scale, seed)
    planner = Planner(w, seed)
    intents: list[Intent] = []
    for i, a in enumerate(w.actors):
        for it in planner.plan(a):
            it.order = i
            intents.append(it)
    intents.sort(key=lambda it: (it.day, it.order, it.seq))
    em = Emitter(w)
    rngs: dict[str, Random] = {}
    for it in intents:
        a = w.actors[it.order]
        rng = rngs.get(a.id)
        if rng is None:
            rng = rngs[a.id] = Random(f"{seed}:emit:{a.id}")
        em.emit(a, it, rng)
    write_rosters(w, out)
    n = write_records(em.records, out)
    return {
        "people": sum(a.kind != "branch" for a in w.actors),
        "actors": len(w.actors),
        "units": len(w.units),
        "targets": len(w.targets),
        "records": n,
    }
