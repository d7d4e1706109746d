"""Benchmark: the command line on one generated repository, each figure next to a naive
python-frontmatter loop measured in the same run.

Every figure is the median of --repeat runs of a fresh interpreter (``python -m generator …``, so
start-up is included), with its CPU time (user + system, workers included) and the peak memory of
its largest process; the ratios are to the naive loop's wall and CPU time in the same run (CPU is
the steadier figure on a shared machine). Usage:

    .venv/bin/python scripts/bench.py                       # the sample in this repository (copied)
    .venv/bin/python scripts/bench.py --scale 40            # ~100,000 records, generated into a temp dir
    .venv/bin/python scripts/bench.py --repo /tmp/s40       # a repository generated before (not changed)
    .venv/bin/python scripts/bench.py --scale 40 --stages   # also the in-process stages (loader, checks, …)

The repository is copied into a Git repository of its own (one commit), so Git's index and
history are real. Prints a Markdown table (docs/performance.md holds the figures of record).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAIVE = """
import sys, frontmatter
from pathlib import Path
n = 0
for p in sorted((Path(sys.argv[1]) / "records").rglob("*.md")):
    n += len(frontmatter.load(p).metadata)
print(n)
"""


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float


@dataclass(frozen=True)
class Figure:
    name: str
    runs: list[Run]
    target: str = ""  # e.g. "≤ 0.5×", "≤ 60 s"

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak(self) -> float:
        return max(r.peak_mib for r in self.runs)


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """One run of ``command`` in a process of its own: wall time, CPU (its children too) and the
    peak resident memory of its largest process."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def repeat(n: int, before: Callable[[], None], command: list[str], cwd: Path) -> list[Run]:
    runs = []
    for _ in range(n):
        before()
        runs.append(measure(command, cwd))
    return runs


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   check=True, capture_output=True)


def prepare(args: argparse.Namespace) -> Path:
    """A Git repository (one commit) holding the data: generated, copied from --repo, or the sample."""
    out = Path(tempfile.mkdtemp(prefix="bench-")) / "repo"
    if args.scale:
        out.mkdir(parents=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_sample.py"), "--out", str(out),
                        "--scale", str(args.scale), "--seed", str(args.seed)], check=True)
        shutil.copytree(ROOT / "policies", out / "policies")
    else:
        source = Path(args.repo) if args.repo else ROOT
        out.mkdir(parents=True)
        for part in ("rosters", "policies", "records", "catalogue", "reviews"):
            if (source / part).is_dir():
                shutil.copytree(source / part, out / part)
    (out / ".gitignore").write_text(".cache/\n/build/\n/site/\n", encoding="utf-8")
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", "bench")
    return out


def changed_record(root: Path, as_of: str) -> Path:
    """The record the benchmark edits: the newest one on or before the as-of date (the last by
    path among them), so its actor's page shows it and the edit changes pages, as a new record
    does. (Before 2026-12-02 it was the middle record by path, from an earlier term: no page shows
    such a record in full, so a build after that edit changed no page at all.)"""
    dated = [(p.name[:10], p.as_posix(), p) for p in (root / "records").rglob("*.md") if p.name[:10] <= as_of]
    return max(dated)[2]


@contextmanager
def one_record_changed(root: Path, as_of: str) -> Iterator[None]:
    """One record's summary edited in the work tree (restored afterwards)."""
    path = changed_record(root, as_of)
    original = path.read_bytes()
    text = original.decode("utf-8")
    path.write_text(text.replace("summary: ", "summary: （基准测试改动）", 1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=0, help="generate a sample at this scale")
    parser.add_argument("--repo", help="benchmark a copy of this repository's data instead")
    parser.add_argument("--seed", type=int, default=20250901)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2026-11-25")
    parser.add_argument("--engines", default="mkdocs,zensical", help="site engines to time (empty: no builds)")
    parser.add_argument("--stages", action="store_true", help="also time the in-process stages")
    args = parser.parse_args()
    root = prepare(args)
    try:
        figures = run_all(root, args)
        print(table(root, figures))
        if args.stages:
            stages(root, args)
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


def run_all(root: Path, args: argparse.Namespace) -> list[Figure]:
    py, n, as_of = sys.executable, args.repeat, ["--as-of", args.as_of]
    gen = [py, "-m", "generator"]
    cache = root / ".cache"

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def runs_only() -> None:
        shutil.rmtree(cache / "contact-records" / "runs", ignore_errors=True)

    def nothing() -> None:
        pass

    validate = [*gen, "validate", "--format", "json", *as_of]
    report = [*gen, "report", *as_of]
    figures = [Figure("朴素循环（python-frontmatter 逐个读取）", repeat(n, nothing, [py, "-c", NAIVE, str(root)], root))]
    figures.append(Figure("validate 冷启动（无缓存）", repeat(n, cold, validate, root), "≤ 0.5×"))
    figures.append(Figure("report 冷启动（无缓存）", repeat(n, cold, report, root), "≤ 0.5×"))
    measure(validate, root)  # warm both caches
    figures.append(Figure("validate 热启动（无改动）", repeat(n, nothing, validate, root), "≤ 0.1×"))
    figures.append(Figure("report 热启动（无改动）", repeat(n, nothing, report, root), "≤ 0.1×"))
    figures.append(Figure("validate 只有解析缓存（运行缓存已删）", repeat(n, runs_only, validate, root)))
    with one_record_changed(root, args.as_of):
        change = [*gen, "validate", "--changed-from", "HEAD", "--format", "json", *as_of]
        figures.append(Figure("validate --changed-from（改动一个文件，缓存已热）", repeat(n, nothing, change, root), "≤ 0.1×"))
    for engine in filter(None, args.engines.split(",")):
        figures += build_figures(root, args, engine, cold)
    return figures


def build_figures(root: Path, args: argparse.Namespace, engine: str, cold: Callable[[], None]) -> list[Figure]:
    work, out = root / "build", root / "site"
    command = [sys.executable, "-m", "generator", "build", "--engine", engine, "--work", str(work), "--out", str(out),
               "--as-of", args.as_of]

    def fresh() -> None:
        cold()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)

    figures = [Figure(f"build 冷启动（{engine}，无缓存、无构建文件夹）", repeat(args.repeat, fresh, command, root), "≤ 60 s")]
    measure(command, root)  # the build folder and caches as a previous build left them
    changed = []
    for _ in range(args.repeat):
        with one_record_changed(root, args.as_of):
            changed.append(measure(command, root))
        measure(command, root)  # back to the committed state, so the next run changes one record again
    figures.append(Figure(f"build 改动一条记录后（{engine}）", changed, "≤ 10 s"))
    return figures


def table(root: Path, figures: list[Figure]) -> str:
    records = sum(1 for _ in (root / "records").rglob("*.md"))
    base = figures[0]
    lines = [f"记录 {records} 条；CPU {os.cpu_count()} 核；每项取 {len(base.runs)} 次的中位数。", "",
             "| 项目 | 用时（秒） | 与朴素循环之比 | CPU（秒） | CPU 之比 | 峰值内存（MiB） | 目标 |",
             "| --- | --: | --: | --: | --: | --: | --- |"]
    for f in figures:
        lines.append(f"| {f.name} | {f.wall:.2f} | {f.wall / base.wall:.2f}× | {f.cpu:.2f} | {f.cpu / base.cpu:.2f}× "
                     f"| {f.peak:.0f} | {f.target} |")
    return "\n".join(lines)


def stages(root: Path, args: argparse.Namespace) -> None:
    """The in-process stages, for finding where time goes (best of --repeat, as before)."""
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from generator import loader, pipeline
    from generator.exports import Scope, export
    from generator.public import project
    from generator.review import review
    from generator.site.internal import form, formdata
    from generator.site.internal.context import Context
    from generator.site.internal.disclosure import disclosure as disclosure_page
    from generator.validate import validate_repo

    as_of = date.fromisoformat(args.as_of)

    def best(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return min(times)

    files, _ = loader.record_files(root)
    jobs = os.cpu_count() or 1
    rows = [("parse records, 1 process", best(lambda: loader.parse_records(root, files, jobs=1))),
            (f"parse records, {jobs} processes", best(lambda: loader.parse_records(root, files, jobs=jobs)))]
    repo = loader.load_repo(root, jobs=jobs)
    rows.append(("validate (checks only, data loaded)", best(lambda: validate_repo(repo, as_of))))
    rows.append(("pipeline end to end, in process", best(lambda: pipeline.run(root, as_of, use_git=False))))
    outcome = pipeline.run(root, as_of, use_git=False)
    term = outcome.calendar.reporting_term(as_of) if outcome.calendar else None
    ledger = Path(tempfile.mkdtemp()) / "ledger.xlsx"
    rows.append((f"export ledger of one term ({term.id if term else '-'}, outcome ready)",
                 best(lambda: export(outcome, "ledger", Scope(term=term.id if term else None), ledger))))
    shutil.rmtree(ledger.parent)
    rows.append(("public projection (review gate, small groups over combinations)", best(lambda: project(outcome))))
    rows.append(("保密审查 page: screen every pending public text", best(lambda: disclosure_page(Context(outcome)))))
    with one_record_changed(root, args.as_of):
        rows.append(("review of a change (--changed-from HEAD, both sides, no cache)",
                     best(lambda: review(root, "HEAD", None, as_of))))
    for name, seconds in rows:
        print(f"{name:<64} {seconds:8.3f} s")
    # The record form's data (internal site): the main file grows with people and targets, each
    # actor's file with that actor's recent records; neither with the whole history.
    started = time.perf_counter()
    files = form.files(Context(outcome))
    seconds = time.perf_counter() - started
    actors = [len(v) for k, v in files.items() if k.startswith(formdata.ACTOR_FOLDER)]
    print(f"表单数据 / form data: main {len(files[formdata.DATA_FILE]) / 1024:.0f} KiB, {len(actors)} actor files, "
          f"largest {max(actors, default=0) / 1024:.1f} KiB, median {sorted(actors)[len(actors) // 2] / 1024:.1f} KiB, "
          f"total {sum(actors) / 1024:.0f} KiB (export {seconds:.1f} s)")


if __name__ == "__main__":
    main()
