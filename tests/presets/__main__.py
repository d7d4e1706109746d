"""Write each preset's example repository to a folder: ``cd tests && python -m presets OUT``.

OUT/<preset>/ is then a records repository like any other (``python -m generator validate --repo
OUT/xrzy-2024-25 --as-of 2025-07-10``); the as-of date of each is printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .builder import build
from .worlds import WORLDS


def main(out: Path) -> None:
    for preset, world in WORLDS.items():
        root = build(out / preset, world)
        print(f"{root}  --as-of {world.as_of}  ({len(world.records)} 条记录)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "preset-examples"))
