"""CODEOWNERS from the rosters: each actor's records folder is owned by whoever may file for them.

``records/<term>/<actor>/`` (every term) belongs to the accounts ``rights`` names for the actor —
the person's own accounts and their liaisons', a unit's secretary's — and to the admins;
``reviews/`` to the disclosure reviewers' accounts (and the admins, see below: the pull-request
check still lets only the signing reviewer change a review file); every other path belongs to
the admins. GitHub and GitLab read gitignore-style patterns where the last
match wins; Gitea reads Go regular expressions. The admins' catch-all comes first and each actor's
line repeats the admins, so the file means the same under either reading.
"""

from __future__ import annotations

from pathlib import Path

from .inventory import CODEOWNERS_FILES
from .rights import Owner, Rights

FORGES = tuple(CODEOWNERS_FILES)
HEADER = (
    "# 由 python -m generator codeowners 根据名册生成，请勿手工修改；名册改动后重新生成并提交。",
    "# Generated from the rosters by `python -m generator codeowners`; do not edit by hand.",
)


REVIEWS = "reviews"


def _pattern(forge: str, actor: str | None) -> str:
    # Ids are [a-z0-9-]: nothing to escape in either syntax.
    if forge == "gitea":
        return ".*" if actor is None else f"{REVIEWS}/.*" if actor == REVIEWS else f"records/[^/]+/{actor}/.*"
    return "*" if actor is None else f"/{REVIEWS}/" if actor == REVIEWS else f"/records/*/{actor}/"


def _line(forge: str, actor: str | None, accounts: tuple[str, ...]) -> str:
    return f"{_pattern(forge, actor)} {' '.join('@' + a for a in accounts)}"


def actor_owners(rights: Rights) -> list[tuple[str, Owner]]:
    """Every person and unit whose records someone other than the admins may file (roster order)."""
    roster = rights.roster
    out = []
    for actor in [*roster.people, *roster.units]:
        owner = rights.actor(actor)
        if set(owner.accounts) - set(rights.admins):
            out.append((actor, owner))
    return out


def render(forge: str, rights: Rights) -> str:
    """The CODEOWNERS text for ``forge`` (github, gitea or gitlab)."""
    if forge not in FORGES:
        raise ValueError(f"unknown forge {forge!r}")
    lines = [*HEADER, ""]
    if rights.admins:
        lines.append(_line(forge, None, rights.admins))
    lines += [_line(forge, actor, owner.accounts) for actor, owner in actor_owners(rights)]
    reviewers = rights.any_reviewer().accounts
    if reviewers:
        lines.append(_line(forge, REVIEWS, tuple(dict.fromkeys([*reviewers, *rights.admins]))))
    return "\n".join(lines) + "\n"


def first_difference(committed: str, expected: str) -> int:
    """The 1-based line where a committed file first differs from what the rosters give."""
    have, want = committed.replace("\r\n", "\n").splitlines(), expected.splitlines()
    for i, (a, b) in enumerate(zip(have, want, strict=False), start=1):
        if a.rstrip() != b.rstrip():
            return i
    return min(len(have), len(want)) + 1


def same(committed: str, expected: str) -> bool:
    """Equal but for line endings and trailing blanks (an editor's doing, not a change of owners)."""
    return ([x.rstrip() for x in committed.replace("\r\n", "\n").splitlines()]
            == [x.rstrip() for x in expected.splitlines()])


def sync(root: Path, rights: Rights, forges: tuple[str, ...], write: bool) -> list[tuple[str, bool]]:
    """(path, was up to date) for each forge's file; rewrites the stale ones when ``write``."""
    out = []
    for forge in forges:
        rel = CODEOWNERS_FILES[forge]
        target = Path(root) / rel
        expected = render(forge, rights)
        current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
        fresh = current is not None and same(current, expected)
        if write and not fresh:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expected, encoding="utf-8", newline="\n")
        out.append((rel, fresh))
    return out
