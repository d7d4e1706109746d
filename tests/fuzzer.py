"""A seeded, bounded mutation fuzzer for ``validate``: mutate one file of the mini repository, run
the command in-process, and classify the outcome.

A mutant is *rejected* (exit 1 with errors), *accepted* (exit 0), a *crash* (any other exit status,
a traceback, an error without a file, output that is not the documented JSON) or a *hang* (over the
time limit). Used by tests/test_fuzz.py (a few hundred mutants per run) and by hand for long runs:

    PYTHONPATH=. .venv/bin/python tests/fuzzer.py --mutants 10000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from helpers import AS_OF, CASES, MINI, RECORD_PATH, write_repo  # noqa: E402

from generator.cli import main  # noqa: E402

#: Fragments an adversary (or a tired liaison) would type: YAML syntax, escapes, controls,
#: invisible and bidirectional characters, huge and special numbers, absurd dates, paths, markup.
TOKENS = [
    ":", ": ", "- ", "-", "? ", "&a ", "*a", "!!python/object:os.system ", "!x ", "{", "}", "[", "]", ",", "\"",
    "'", "|", ">", "#", "%", "@", "`", "\t", "\n", "\r", "\r\n", "  ", "---\n", "...\n", "\\", "\\x00", "\\e",
    "\\u202e", "\x00", "\x1b[2J", "\x7f", "\u200b", "\u2060", "\u202e", "\ufeff", "\u00ad", "😀", "１３８００１３８０００",
    "13800138000", "110105194912310021", "9" * 400, "-1", "0", "1e999", "inf", "nan", ".inf", "0x1f", "1_000",
    "9999-12-31", "0000-00-00", "2024-02-30", "1899-12-31", "24:00", "\"25:61\"", "null", "~", "true", "yes",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "../../../../etc/passwd",
    "/dev/zero", "policies/../rosters/people.yml", "王婷彤", "stu-0003", "周\u2060明", "=HYPERLINK(\"x\")",
    "by", "date", "type", "targets", "summary", "visibility: public", "problems", "amends", "extends",
    "parent", "within_first_days", "min_hours", "due", "rules", "name", "id", "\xa0", "\u3000",
]


@dataclass
class Tally:
    tried: int = 0
    rejected: int = 0
    accepted: int = 0
    crashes: list[tuple[str, str, str]] = field(default_factory=list)  # (file, mutant text, why)
    hangs: list[tuple[str, str]] = field(default_factory=list)
    codes: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        return (f"tried {self.tried}, rejected {self.rejected}, accepted {self.accepted}, "
                f"crashes {len(self.crashes)}, hangs {len(self.hangs)}")


def seeds() -> list[tuple[str, bytes]]:
    """(path in the repository, original bytes): every mini file and every golden case."""
    out = [(p.relative_to(MINI).as_posix(), p.read_bytes()) for p in sorted(MINI.rglob("*")) if p.is_file()]
    out += [(RECORD_PATH, p.read_bytes()) for p in sorted(CASES.glob("*.md"))]
    return out


def _span(rng: random.Random, n: int) -> tuple[int, int]:
    a = rng.randrange(n + 1)
    return a, min(n, a + rng.choice((1, 1, 2, 4, 8, 32, 256)))


def mutate(rng: random.Random, text: str) -> str:
    """One to four random edits: insert a token, delete, duplicate or replace a span, swap lines."""
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        a, b = _span(rng, n)
        op = rng.randrange(6)
        if op == 0:
            text = text[:a] + rng.choice(TOKENS) + text[a:]
        elif op == 1:
            text = text[:a] + text[b:]
        elif op == 2:
            text = text[:b] + text[a:b] * rng.choice((2, 3, 50)) + text[b:]
        elif op == 3:
            text = text[:a] + rng.choice(TOKENS) + text[b:]
        elif op == 4:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines[i] = rng.choice(("", " " * rng.randint(1, 8))) + lines[i]
            text = "\n".join(lines)
    return text


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise Hang

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def judge(exit_code: int, output: str) -> str | None:
    """Why the run counts as a crash, or None."""
    if exit_code not in (0, 1):
        return f"exit status {exit_code}: {output[-300:]}"
    if "Traceback" in output:
        return "traceback"
    try:
        doc = json.loads(output)
    except ValueError:
        return f"not JSON: {output[:300]}"
    unnamed = [d for d in doc["diagnostics"] if not isinstance(d.get("file"), str) or not d["file"]]
    if unnamed:
        return f"a diagnostic names no file: {unnamed[0]}"
    if (exit_code == 1) != (doc["errors"] > 0):
        return f"exit status {exit_code} with {doc['errors']} errors"
    return None


def run(mutants: int, seed: int, limit: float = 10.0, progress: Callable[[Tally], None] | None = None) -> Tally:
    rng = random.Random(seed)
    pool = seeds()
    tally = Tally()
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        repo = write_repo(Path(tmp) / "repo")
        for _ in range(mutants):
            rel, original = rng.choice(pool)
            text = mutate(rng, original.decode("utf-8"))
            target = repo / rel
            previous = target.read_bytes() if target.exists() else None
            target.write_bytes(text.encode("utf-8", "surrogatepass"))
            tally.tried += 1
            try:
                with time_limit(limit):
                    result = runner.invoke(main, ["validate", "--repo", str(repo), "--as-of", AS_OF, "--format", "json"])
            except Hang:
                tally.hangs.append((rel, text))
            else:
                output = result.output + ("" if result.exception is None or isinstance(result.exception, SystemExit)
                                          else f"\nTraceback: {result.exception!r}")
                why = judge(result.exit_code, output)
                if why is not None:
                    tally.crashes.append((rel, text, why))
                elif result.exit_code == 1:
                    tally.rejected += 1
                    tally.codes.update(d["code"] for d in json.loads(output)["diagnostics"] if d["severity"] == "error")
                else:
                    tally.accepted += 1
            finally:
                if previous is None:
                    target.unlink()
                else:
                    target.write_bytes(previous)
            if progress is not None and tally.tried % 1000 == 0:
                progress(tally)
    return tally


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    result = run(args.mutants, args.seed, progress=lambda t: print(t.line(), flush=True))
    print(result.line(), f"in {time.perf_counter() - started:.0f} s")
    print("most frequent error codes:", ", ".join(f"{c} {n}" for c, n in result.codes.most_common(12)))
    for rel, text, why in result.crashes[:10]:
        print(f"CRASH {rel}: {why}\n{text[:500]!r}")
    for rel, text in result.hangs[:10]:
        print(f"HANG {rel}\n{text[:500]!r}")
