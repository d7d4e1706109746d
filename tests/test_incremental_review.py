"""The review's incremental sides (``review.incremental``) equal the full path's, finding for finding.

Property test over the sample repository: random changes to record files (edits of the fields the
checks between records group by, new records, duplicates, ``with`` naming someone who filed the same
activity, amendments, deletions, renames, broken files), uncommitted or committed on a branch, with
the snapshot of some earlier state; the review through the snapshot must print exactly what the
review through the whole pipeline prints, and must really have been taken.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from gitrepo import git
from helpers import copy_sample

from generator import gitdiff, snapshot
from generator import review as reviewing
from generator.parsecache import ParseCache
from generator.review import Review, incremental


def summary(rv: Review) -> tuple[object, ...]:
    return ([(f.scope.value, f.blocking, f.diagnostic.sort_key, f.diagnostic.message, f.diagnostic.severity,
              f.diagnostic.code) for f in rv.findings], rv.fixed, [s.to_json() for s in rv.standings])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("incremental"))
    (root / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def _split(text: str) -> tuple[dict[str, object], str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def _join(meta: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


class Changer:
    """Random changes to the record files of a work tree (none to a file a review names)."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        reviewed = set()
        for f in (root / "reviews").glob("*.yml"):
            reviewed |= {line.split("records/", 1)[1].strip().strip("'\"") for line in f.read_text("utf-8").splitlines()
                         if "records/" in line}
        self.reviewed = sorted(f"records/{p}" for p in reviewed if (root / "records" / p).is_file())
        self.paths = sorted(p.relative_to(root).as_posix() for p in (root / "records").rglob("*.md")
                            if p.relative_to(root / "records").as_posix() not in reviewed)
        self.people = [p["id"] for p in yaml.safe_load((root / "rosters/people.yml").read_text("utf-8"))]

    def pick(self) -> tuple[str, dict[str, object], str]:
        rel = self.rng.choice(self.paths)
        meta, body = _split((self.root / rel).read_text("utf-8"))
        return rel, meta, body

    def write(self, rel: str, meta: dict[str, object], body: str) -> None:
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_text(_join(meta, body), encoding="utf-8")

    def sibling(self, rel: str, tag: str) -> str:
        folder, _, name = rel.rpartition("/")
        return f"{folder}/{name[:10]}-{tag}-{self.rng.randrange(10**6)}.md"

    def edit_field(self) -> None:
        rel, meta, body = self.pick()
        key = self.rng.choice(["date", "type", "by", "targets", "start"])
        other_rel, other, _ = self.pick()
        meta[key] = other.get(key, meta.get(key))
        self.write(rel, meta, body)

    def duplicate(self) -> None:
        rel, meta, body = self.pick()
        self.write(self.sibling(rel, "dup"), meta, body)

    def with_also_filed(self) -> None:
        rel, meta, body = self.pick()
        others = [p for p in self.paths if p != rel and p.rsplit("/", 1)[1][:10] == rel.rsplit("/", 1)[1][:10]]
        if not others:
            return self.duplicate()
        other, _ = _split((self.root / self.rng.choice(others)).read_text("utf-8"))
        meta["with"] = [other["by"]]
        meta["type"], meta["targets"] = other["type"], other.get("targets", [])
        self.write(rel, meta, body)

    def amend(self) -> None:
        rel, meta, body = self.pick()
        meta = {**meta, "amends": rel, "reason": "更正活动时间", "start": "08:00"}
        self.write(self.sibling(rel, "fix"), meta, body)

    def delete(self) -> None:
        rel = self.rng.choice(self.paths)
        (self.root / rel).unlink()
        self.paths.remove(rel)

    def rename(self) -> None:
        rel = self.rng.choice(self.paths)
        new = self.sibling(rel, "moved")
        (self.root / rel).rename(self.root / new)
        self.paths.remove(rel)

    def break_file(self) -> None:
        rel, meta, body = self.pick()
        if self.rng.random() < 0.5:
            (self.root / rel).write_text("---\nby: [unclosed\n---\n" + body, encoding="utf-8")
        else:
            meta.pop("type", None)
            meta["summary"] = "联系电话 13912345678"
            self.write(rel, meta, body)

    def overlap(self) -> None:
        """Another record of the same actor on the same day made to overlap this one: the finding
        lands on whichever Git saw later, often the file left alone."""
        rel, meta, body = self.pick()
        day = rel.rsplit("/", 1)[1][:10]
        folder = rel.rpartition("/")[0]
        mates = [p for p in self.paths if p != rel and p.startswith(folder + "/") and p.rsplit("/", 1)[1][:10] == day]
        if not mates:
            mates = [p for p in self.paths if p != rel and p.startswith(folder + "/")]
            if not mates:
                return self.duplicate()
        found = [m for m in (_split((self.root / p).read_text("utf-8"))[0] for p in mates) if m.get("type") != meta.get("type")]
        other = self.rng.choice(found) if found else _split((self.root / self.rng.choice(mates)).read_text("utf-8"))[0]
        meta["date"], meta["start"], meta["end"] = other["date"], other.get("start", "09:00"), other.get("end", "10:00")
        self.write(rel, meta, body)

    def later(self) -> None:
        rel, meta, body = self.pick()
        meta["date"] = "2026-11-28"
        self.write(self.sibling(rel, "late"), meta, body)

    def moves(self) -> list[Callable[[], None]]:
        return [self.edit_field, self.duplicate, self.with_also_filed, self.amend, self.delete, self.rename,
                self.break_file, self.later, self.overlap, self.overlap]


def _reset(root: Path) -> None:
    git(root, "checkout", "-q", "feature")
    git(root, "reset", "-q", "--hard", "main")
    git(root, "clean", "-fdq", "-e", ".cache")


def _both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Review, Review, bool]:
    taken = []
    real = incremental.sides

    def spy(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    monkeypatch.setattr(incremental, "sides", spy)
    quick = reviewing.review(root, "main", cache=True)
    monkeypatch.setattr(incremental, "sides", lambda *a, **k: None)
    full = reviewing.review(root, "main", cache=True)
    monkeypatch.setattr(incremental, "sides", real)
    return quick, full, bool(taken and taken[0])


@pytest.mark.parametrize("seed", range(10))
def test_the_incremental_review_equals_the_full_one(sample: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    _reset(sample)
    rng = random.Random(seed)
    if seed == 0 or not any((sample / ".cache").glob("contact-records/snapshots/*/*.pickle")):
        reviewing.review(sample, "main", cache=True)  # nothing changed: the full path, leaving a snapshot
    changer = Changer(sample, rng)
    for move in rng.choices(changer.moves(), k=rng.randint(1, 4)):
        move()
    if seed % 3 == 1:  # committed on the branch: Git has seen the new files
        git(sample, "add", "-A")
        git(sample, "commit", "-q", "-m", "change", when="2026-11-21T10:00:00+08:00")
    quick, full, taken = _both(sample, monkeypatch)
    assert taken, "the review did not go through the snapshot"
    assert summary(quick) == summary(full)


@contextmanager
def _restored(root: Path) -> Iterator[None]:
    """Afterwards ``main`` is where it was and ``feature`` is checked out, whatever the block did."""
    base = git(root, "rev-parse", "main").strip()
    try:
        yield
    finally:
        git(root, "checkout", "-q", "-f", "feature")
        git(root, "branch", "-q", "-f", "main", base)
        if git(root, "branch", "--list", "pr").strip():
            git(root, "branch", "-q", "-D", "pr")


def _commit_on_main(root: Path, message: str) -> None:
    """What the work tree holds, committed on ``main`` (the change's merge base), then a branch
    ``pr`` from there for the change."""
    git(root, "checkout", "-q", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when="2026-11-20T09:00:00+08:00")
    git(root, "checkout", "-q", "-b", "pr")


def _same_through_the_snapshot(root: Path, monkeypatch: pytest.MonkeyPatch) -> Review:
    quick, full, taken = _both(root, monkeypatch)
    assert taken
    assert summary(quick) == summary(full)
    return quick


def test_a_base_that_moved_since_the_snapshot(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot is of an older main: both sides differ from it."""
    _reset(sample)
    reviewing.review(sample, "main", cache=True)
    with _restored(sample):
        Changer(sample, random.Random(99)).duplicate()
        _commit_on_main(sample, "main moves on")
        changer = Changer(sample, random.Random(100))
        changer.with_also_filed()
        changer.amend()
        _same_through_the_snapshot(sample, monkeypatch)


def test_editing_a_record_an_amendment_corrects(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The amendment (unchanged) reads the record it corrects: its findings follow the record."""
    _reset(sample)
    changer = Changer(sample, random.Random(7))
    rel, meta, body = changer.pick()
    _, other, _ = next((r, m, b) for r, m, b in iter(changer.pick, None) if m.get("type") != meta.get("type"))
    others = [p for p in changer.people if p != meta["by"]]
    with _restored(sample):
        # by someone else (already an error) and of another (date, type): only being an amendment of
        # the edited record ties it to that record
        fix = {**meta, "amends": rel, "reason": "更正活动类型", "type": other["type"], "by": others[0]}
        changer.write(changer.sibling(rel, "fix"), fix, body)
        _commit_on_main(sample, "an amendment")
        reviewing.review(sample, "main", cache=True)  # the snapshot holds the amendment
        changer.write(rel, {**meta, "by": others[1]}, body)
        quick = _same_through_the_snapshot(sample, monkeypatch)
        assert any(f.diagnostic.code == "record-amends" for f in quick.findings)


def test_a_finding_an_unchanged_record_puts_on_a_touched_one_stays(sample: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone's ``with`` names an actor who filed the same activity (a finding on the actor's
    file); a change to another record of that actor rechecks the file, and the finding stays."""
    _reset(sample)
    changer = Changer(sample, random.Random(11))
    rel, meta, body = changer.pick()
    folder = rel.rpartition("/")[0]
    other = next(p for p in changer.paths if p.startswith(folder + "/") and p != rel)
    filer = next(p for p in changer.people if p != meta["by"])
    with _restored(sample):
        named = changer.sibling(rel, "with")
        changer.write(named, {**meta, "by": filer, "with": [meta["by"]]}, body)
        _commit_on_main(sample, "a with")
        reviewing.review(sample, "main", cache=True)  # the snapshot holds the finding
        edited, edited_body = _split((sample / other).read_text("utf-8"))
        changer.write(other, {**edited, "summary": "走访后补充的说明"}, edited_body)
        quick = _same_through_the_snapshot(sample, monkeypatch)
        assert any(f.diagnostic.code == "record-with-also-filed" and f.diagnostic.file == rel for f in quick.findings)
        # Crediting the edited record's actor loads the naming record here anyway: the closure must
        # hold without that too.
        start = incremental._begin(sample, None, ParseCache(sample), None)
        assert start is not None
        changeset = gitdiff.changes(sample, "main", ())
        view = incremental._view(start, incremental._tree(start), gitdiff.base_overlay(sample, changeset))  # the snapshot is the work tree's
        assert view is not None and rel in incremental.affected(view)
        assert named in incremental.read(view, incremental.affected(view), set(), [])


def test_amending_another_actors_record(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An amendment of someone else's record is an error but still supersedes it, which changes
    that actor's comparisons (a duplicate of it is no longer one); an older such amendment is
    checked again with its filer's records, and reads its target; and whoever amends a record read
    decides whether it is superseded (its actor's comparisons run again here)."""
    _reset(sample)
    changer = Changer(sample, random.Random(13))
    first, meta, body = changer.pick()
    rel_x = next(p for p in changer.paths if p.split("/")[2] != first.split("/")[2])
    meta_x, body_x = _split((sample / rel_x).read_text("utf-8"))
    older1, target1, body1 = changer.pick()
    older2, target2, body2 = changer.pick()
    mate = next(p for p in changer.paths if p.split("/")[:3] == older2.split("/")[:3] and p != older2)
    mate_meta, mate_body = _split((sample / mate).read_text("utf-8"))
    # the amendment of older2 by someone the change credits in no way: only being an amendment ties it
    named = {m["by"] for m in (meta, meta_x, target1, target2, mate_meta)}
    named |= {w for m in (meta, meta_x, mate_meta) for w in m.get("with", [])}
    someone = next(p for p in changer.people if p not in named)
    with _restored(sample):
        changer.write(first[:-3] + "-zz-copy.md", meta, body)  # filed with it, later by path: the duplicate
        changer.write(changer.sibling(rel_x, "old-fix"),
                      {**target1, "by": meta_x["by"], "amends": older1, "reason": "更正"}, body1)
        changer.write(older2[:-3] + "-zz-copy.md", target2, body2)  # no duplicate: the original is superseded
        changer.write(changer.sibling(older2, "their-fix").replace(older2.split("/")[2], someone),
                      {**target2, "by": someone, "with": [], "amends": older2, "reason": "更正"}, body2)
        _commit_on_main(sample, "duplicates and amendments")
        reviewing.review(sample, "main", cache=True)
        changer.write(changer.sibling(rel_x, "fix"), {**meta, "by": meta_x["by"], "amends": first, "reason": "更正"},
                      body)
        changer.write(rel_x, {**meta_x, "summary": "补充说明"}, body_x)
        changer.write(mate, {**mate_meta, "summary": "补充说明"}, mate_body)  # its actor's comparisons again
        _same_through_the_snapshot(sample, monkeypatch)


def test_a_reviewed_record_goes_through_the_snapshot_unless_what_its_review_reads_changed(
        sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disclosure review reads whether the record it names is a public record and whose: a new
    text keeps the snapshot's path, another visibility takes the full one."""
    _reset(sample)
    reviewing.review(sample, "main", cache=True)
    changer = Changer(sample, random.Random(17))
    rel = changer.reviewed[0]
    meta, body = _split((sample / rel).read_text("utf-8"))
    changer.write(rel, {**meta, "summary": "走访学生宿舍，了解学习情况"}, body)
    quick, full, taken = _both(sample, monkeypatch)
    assert taken
    assert summary(quick) == summary(full)
    changer.write(rel, {**meta, "visibility": "internal"}, body)
    quick, full, taken = _both(sample, monkeypatch)
    assert not taken
    assert any(f.diagnostic.code == "disclosure-record" for f in full.findings)


def test_a_roster_change_takes_the_full_path(sample: Path) -> None:
    _reset(sample)
    reviewing.review(sample, "main", cache=True)
    people = sample / "rosters/people.yml"
    people.write_text(people.read_text("utf-8") + "\n", encoding="utf-8")
    changeset = gitdiff.changes(sample, "main", ())
    assert incremental.sides(sample, changeset, gitdiff.base_overlay(sample, changeset), None,
                             ParseCache(sample), None) is None


def test_a_damaged_snapshot_is_a_miss_with_a_warning(sample: Path, caplog: pytest.LogCaptureFixture) -> None:
    _reset(sample)
    reviewing.review(sample, "main", cache=True)
    for path in (sample / ".cache").glob("contact-records/snapshots/*/*.pickle"):
        path.write_bytes(b"not a pickle")
    Changer(sample, random.Random(5)).duplicate()
    reviewing.review(sample, "main", cache=True)
    assert "快照文件已损坏" in caplog.text
    assert list((sample / ".cache").glob("contact-records/snapshots/*/*.pickle")), "the full path writes a new one"
    assert snapshot.FORMAT >= 1
