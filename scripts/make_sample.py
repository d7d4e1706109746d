#!/usr/bin/env python3
"""Generate the fictional sample institution: rosters and contact records.

Usage::

    python scripts/make_sample.py [--out DIR] [--scale N] [--seed S]

``--out`` defaults to the repository root; the script writes ``rosters/*.yml`` and replaces the
whole ``records/`` tree there (the policy ``policies/example-2024.yml`` is maintained by hand).
``--scale 1`` is the shipped sample; ``--scale 40`` gives about 100,000 records and 2,000 actors
for benchmarks. The output depends only on the arguments: every random choice comes from a
``random.Random`` seeded from ``--seed`` and a fixed label, nothing reads today's date, and every
iteration is over lists in a fixed order, so two runs with the same arguments are byte-identical.

Everything here is invented: the institution, its units and every person's name (built from
common surnames and given-name characters).

This file is only the command line; the generator is the ``sample`` package next to it, whose
``institution``, ``habits`` and ``phrases`` modules describe the fictional institution as data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

# The generator package sits next to this script; put it first on the path even when Python does not
# (python -P, PYTHONSAFEPATH) so the script keeps working by path from any folder.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the package, for the reviews' digests

from sample import generate  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate the fictional sample institution (rosters and records)."
    )
    ap.add_argument(
        "--out", default=".", help="output folder (default: current folder, the repository root)"
    )
    ap.add_argument(
        "--scale", type=int, default=1, help="1 = the sample; 40 ≈ 100,000 records for benchmarks"
    )
    ap.add_argument("--seed", type=int, default=20250901, help="random seed (default 20250901)")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    t0 = time.perf_counter()
    stats = generate(Path(args.out), args.scale, args.seed)
    took = time.perf_counter() - t0
    print(", ".join(f"{k} {v}" for k, v in stats.items()) + f" ({took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
