"""Who may change which file: the accounts of a person, their liaisons, a unit's secretary, a reviewer, the admins.

``PATH_RULES`` is a small table read top to bottom: the first rule whose ``matches`` accepts a path
says whose accounts may change it. Records belong to their actor (the person's accounts, their
liaisons' accounts, a unit's secretary's accounts) and to the admins; disclosure review files
(reviews/) belong to the reviewer who signs them — their own accounts only, not the admins'; a
review is a reviewer's act, so a change to it needs every reviewer it names before and after the
change. Everything else needs an admin. The pull-request check (``validate.changes``) and
CODEOWNERS (``codeowners``) both ask this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import schema
from .reviewfiles import is_review_path
from .roster import Roster

RECORD_HINT = ("需要代为填报的，请管理员在 rosters/people.yml 中把你登记为联络员并写上你的账号；"
               "名册、制度等文件的修改请交给管理员。")
REVIEW_HINT = ("保密审查记录只能由署名的审查人本人提交；需要增加审查人的，请管理员在 rosters/institution.yml 的 "
               "disclosure.reviewers 中登记，并在 rosters/people.yml 中写上其账号。")


@dataclass(frozen=True)
class Owner:
    """Who may change a file for one reason: their accounts (in roster order), and how a message
    names them."""

    label: str  # e.g. "王建国（wang-jianguo）的记录"
    accounts: tuple[str, ...]
    who: str  # e.g. "王建国本人的账号（wangjg）、联络员李红的账号（lihong）或管理员（org-bot）"
    hint: str = RECORD_HINT  # what someone who may not should do instead


def _either(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "或" + parts[-1]


class Rights:
    """Accounts by person, liaison, unit secretary and admin, from one side's rosters."""

    def __init__(self, roster: Roster, admins: Sequence[str], reviewers: Sequence[str] = ()) -> None:
        self.roster = roster
        self.admins = tuple(dict.fromkeys(admins))
        self.reviewers = tuple(dict.fromkeys(r for r in reviewers if r in roster.people))

    @classmethod
    def of(cls, roster: Roster, institution: schema.Institution | None) -> Rights:
        """The rights one side's rosters give: admins and disclosure reviewers from institution.yml."""
        if institution is None:
            return cls(roster, ())
        return cls(roster, institution.admins, institution.disclosure.reviewers if institution.disclosure else ())

    def _admins(self) -> str:
        return f"管理员（{'、'.join(self.admins)}）" if self.admins else "管理员（rosters/institution.yml 的 admins 目前为空）"

    def admin_only(self, label: str) -> Owner:
        return Owner(label, self.admins, self._admins())

    def _person(self, pid: str) -> tuple[list[str], list[str]]:
        """(accounts, how they are named) of a person and their liaisons."""
        person = self.roster.people[pid]
        accounts, parts = list(person.accounts), []
        if person.accounts:
            parts.append(f"{person.name}本人的账号（{'、'.join(person.accounts)}）")
        for lid in person.liaisons:
            liaison = self.roster.people.get(lid)
            if liaison is not None and liaison.accounts:
                accounts += liaison.accounts
                parts.append(f"联络员{liaison.name}的账号（{'、'.join(liaison.accounts)}）")
        return accounts, parts

    def _unit(self, uid: str) -> tuple[list[str], list[str]]:
        secretary = self.roster.units[uid].secretary
        person = self.roster.people.get(secretary) if secretary else None
        if person is None or not person.accounts:
            return [], []
        return list(person.accounts), [f"书记{person.name}的账号（{'、'.join(person.accounts)}）"]

    def actor(self, actor: str) -> Owner:
        """Who may file records of ``actor`` (a person, or a unit acting in its own name)."""
        if actor in self.roster.people:
            accounts, parts = self._person(actor)
        elif actor in self.roster.units:
            accounts, parts = self._unit(actor)
        else:
            return Owner(f"名册中没有的“{actor}”的记录", self.admins, self._admins())
        label = f"{self.roster.name(actor)}（{actor}）的记录"
        return Owner(label, tuple(dict.fromkeys([*accounts, *self.admins])), _either([*parts, self._admins()]))


    def reviewer(self, pid: str) -> Owner:
        """Who may sign a review as ``pid``: that reviewer's own accounts, nobody if not a reviewer."""
        person = self.roster.people.get(pid)
        if pid not in self.reviewers or person is None:
            return Owner(f"署名为“{pid}”的保密审查记录", (),
                         f"保密审查人本人（“{pid}”不在 rosters/institution.yml 的 disclosure.reviewers 中）", REVIEW_HINT)
        mine = f"（{'、'.join(person.accounts)}）" if person.accounts else "（名册中还没有登记账号）"
        return Owner(f"保密审查人{person.name}（{pid}）的审查记录", tuple(person.accounts), f"{person.name}本人的账号{mine}",
                     REVIEW_HINT)

    def any_reviewer(self) -> Owner:
        """Who may change a review file that names no reviewer (one that does not parse)."""
        people = [self.roster.people[r] for r in self.reviewers]
        accounts = tuple(dict.fromkeys(a for p in people for a in p.accounts))
        named = "、".join(f"{p.name}（{'、'.join(p.accounts) or '无账号'}）" for p in people) or "目前没有登记"
        return Owner("reviews/ 下的保密审查记录", accounts, f"保密审查人本人的账号：{named}", REVIEW_HINT)


@dataclass(frozen=True)
class PathRule:
    """Who may change the files one kind of path holds. ``owners`` gets the rights and who the file
    is about on either side of the change: for a record its actors (folder and ``by``), for a review
    file its ``reviewer``; empty for other files."""

    name: str
    matches: Callable[[str], bool]
    owners: Callable[[Rights, Sequence[str]], list[Owner]]


def _record_owners(rights: Rights, actors: Sequence[str]) -> list[Owner]:
    return [rights.actor(a) for a in actors] if actors else [rights.admin_only("records/ 下的这个文件")]


def _review_owners(rights: Rights, signers: Sequence[str]) -> list[Owner]:
    return [rights.reviewer(s) for s in signers] if signers else [rights.any_reviewer()]


def _admin_owners(rights: Rights, actors: Sequence[str]) -> list[Owner]:
    return [rights.admin_only("名册、制度、文档、工作流和程序等记录以外的文件")]


#: Read top to bottom; the first rule whose ``matches`` accepts a path decides (see the module).
PATH_RULES: tuple[PathRule, ...] = (
    PathRule("records", lambda p: p.startswith("records/"), _record_owners),
    PathRule("reviews", is_review_path, _review_owners),
    PathRule("everything else", lambda p: True, _admin_owners),
)


def rule_for(path: str) -> PathRule:
    return next(r for r in PATH_RULES if r.matches(path))


def owners_of(rights: Rights, paths: Sequence[str], actors: Sequence[str]) -> list[Owner]:
    """Everyone whose consent a change of ``paths`` (old and new) needs, once each."""
    rules = dict.fromkeys(rule_for(p) for p in paths)
    owners = [o for rule in rules for o in rule.owners(rights, actors)]
    return list({o.label: o for o in owners}.values())
