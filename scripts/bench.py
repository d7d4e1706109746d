"""Benchmark: our loader, validator and compliance engine against a naive python-frontmatter loop.

Every figure is measured in the same run as its baseline (these machines are shared and noisy), and
each timing is the best of --repeat runs. Usage:

    .venv/bin/python scripts/bench.py                  # the sample in this repository
    .venv/bin/python scripts/bench.py --scale 40       # ~100,000 records, generated into a temp dir

Prints one line per measurement: seconds, and the ratio to the naive baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import frontmatter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import loader, pipeline  # noqa: E402
from generator.compliance import compute  # noqa: E402
from generator.exports import Scope, export  # noqa: E402
from generator.facts import gather  # noqa: E402
from generator.public import project  # noqa: E402
from generator.review import review  # noqa: E402
from generator.roster import Credit  # noqa: E402
from generator.site.internal import form, formdata  # noqa: E402
from generator.site.internal.context import Context  # noqa: E402
from generator.site.internal.disclosure import disclosure as disclosure_page  # noqa: E402
from generator.validate import validate_repo  # noqa: E402


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def naive(root: Path) -> int:
    """What a hand-written script would do: walk records/ and frontmatter.load every file."""
    n = 0
    for path in sorted((root / "records").rglob("*.md")):
        post = frontmatter.load(path)
        n += len(post.metadata)
    return n


def prepare(scale: int, seed: int) -> Path:
    out = Path(tempfile.mkdtemp(prefix=f"bench-{scale}-"))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--out", str(out),
                    "--scale", str(scale), "--seed", str(seed)], check=True)
    shutil.copytree(ROOT / "policies", out / "policies")
    return out


def pull_request(root: Path) -> Path:
    """A Git repository of ``root``'s data on main, with a branch that adds a copy of the newest
    record (a duplicate: one error) and edits another record's body (a modified file)."""
    out = Path(tempfile.mkdtemp(prefix="bench-pr-"))
    for part in ("rosters", "policies", "records"):
        shutil.copytree(root / part, out / part)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(out), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                        *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "change")
    files, _ = loader.record_files(out)
    newest, other = out / files[-1], out / files[0]
    (newest.parent / newest.name.replace(".md", "-copy.md")).write_bytes(newest.read_bytes())
    other.write_text(other.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "change")
    return out


def form_sizes(root: Path, as_of: date) -> None:
    """The record form's data (internal site): the main file grows with people and targets, each
    actor's file with that actor's recent records; neither with the whole history."""
    started = time.perf_counter()
    files = form.files(Context(pipeline.run(root, as_of, use_git=False)))
    seconds = time.perf_counter() - started
    actors = [len(v) for k, v in files.items() if k.startswith(formdata.ACTOR_FOLDER)]
    print(f"表单数据 / form data: main {len(files[formdata.DATA_FILE]) / 1024:.0f} KiB, {len(actors)} actor files, "
          f"largest {max(actors, default=0) / 1024:.1f} KiB, median {sorted(actors)[len(actors) // 2] / 1024:.1f} KiB, "
          f"total {sum(actors) / 1024:.0f} KiB (pipeline and export {seconds:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=0, help="generate a sample at this scale (0: use this repository)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2026-11-25")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    root = prepare(args.scale, args.seed) if args.scale else ROOT
    files, _ = loader.record_files(root)
    jobs = os.cpu_count() or 1
    print(f"数据 / data: {root}  记录 / records: {len(files)}  CPU: {jobs}")

    base = best_of(args.repeat, lambda: naive(root))
    rows: list[tuple[str, float]] = [("naive python-frontmatter loop (baseline)", base)]
    rows.append(("parse records, 1 process", best_of(args.repeat, lambda: loader.parse_records(root, files, jobs=1))))
    rows.append((f"parse records, {jobs} processes",
                 best_of(args.repeat, lambda: loader.parse_records(root, files, jobs=jobs))))
    repo = loader.load_repo(root, jobs=jobs)
    rows.append(("validate (checks only, data loaded)", best_of(args.repeat, lambda: validate_repo(repo, as_of))))
    facts = gather(repo)
    validation = validate_repo(repo, as_of, None, facts)
    credit = Credit(facts.roster, validation.counting(repo.records, as_of))
    rows.append(("compliance (engine only)",
                 best_of(args.repeat, lambda: compute(repo, facts.roster, facts.calendar, credit, as_of))))
    rows.append(("cold validate+report end to end (no Git)",
                 best_of(args.repeat, lambda: pipeline.run(root, as_of, use_git=False))))
    rows.append(("cold validate+report end to end (with Git history)",
                 best_of(args.repeat, lambda: pipeline.run(root, as_of, use_git=True))))
    outcome = pipeline.run(root, as_of, use_git=False)
    term = outcome.calendar.reporting_term(as_of) if outcome.calendar else None
    ledger = Path(tempfile.mkdtemp()) / "ledger.xlsx"
    rows.append((f"export ledger of one term ({term.id if term else '-'}, outcome ready)",
                 best_of(args.repeat, lambda: export(outcome, "ledger", Scope(term=term.id if term else None), ledger))))
    shutil.rmtree(ledger.parent)
    rows.append(("public projection (review gate, small groups over combinations)",
                 best_of(args.repeat, lambda: project(outcome))))
    rows.append(("保密审查 page: screen every pending public text (jieba loaded once per process)",
                 best_of(args.repeat, lambda: disclosure_page(Context(outcome)))))
    pr = pull_request(root)
    rows.append(("review of a pull request (validate --changed-from, both sides)",
                 best_of(args.repeat, lambda: review(pr, "main", None, as_of))))
    shutil.rmtree(pr)

    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:8.3f} s  {seconds / base:6.2f}× baseline")
    form_sizes(root, as_of)
    if args.scale:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
