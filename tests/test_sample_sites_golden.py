"""Both sites' generated Markdown for the sample, byte for byte, against a frozen copy.

The copy (tests/golden/sample-sites.tar.xz) was taken before the renovation of the middle and top
floors, so moving code cannot change a page unnoticed. It holds every page, every download (JSON,
CSV) and each site's mkdocs configuration (with the machine-specific ``site_dir`` left out), for
the sample repository as of 2026-11-25 without Git history (history changes with every commit).

When a change to the pages is intended, regenerate the copy and review what moved:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_sample_sites_golden.py
"""

from __future__ import annotations

import io
import os
import tarfile
from datetime import date
from pathlib import Path

import yaml

from generator import pipeline
from generator.public import project
from generator.site.build import SiteSource, mkdocs_config
from generator.site.internal import render as render_internal
from generator.site.public import render as render_public

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "sample-sites.tar.xz"
AS_OF = date(2026, 11, 25)
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))


def _files(src: SiteSource) -> dict[str, bytes]:
    out = {f"{src.name}/docs/{rel}": text.encode("utf-8") for rel, text in src.pages.items()}
    out.update({f"{src.name}/docs/{rel}": data for rel, data in src.files.items()})
    config = mkdocs_config(src, Path("site") / src.name)
    config.pop("site_dir")
    out[f"{src.name}/mkdocs.yml"] = yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")
    return out


def generated() -> dict[str, bytes]:
    outcome = pipeline.run(ROOT, AS_OF, use_git=False)
    return {**_files(render_internal(outcome)), **_files(render_public(project(outcome)))}


def _read_golden() -> dict[str, bytes]:
    with tarfile.open(GOLDEN, "r:xz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def _write_golden(files: dict[str, bytes]) -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(GOLDEN, "w:xz", preset=9) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            info.mtime = 0
            tar.addfile(info, io.BytesIO(files[name]))


def test_sample_sites_are_unchanged() -> None:
    files = generated()
    if UPDATE:
        _write_golden(files)
    golden = _read_golden()
    assert sorted(files) == sorted(golden)
    changed = [name for name in sorted(files) if files[name] != golden[name]]
    assert changed == [], f"{len(changed)} generated files differ from the golden copy, e.g. {changed[:8]}"
