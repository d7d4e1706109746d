"""Whether the committed CODEOWNERS files still say what the rosters say (see ``generator.codeowners``)."""

from __future__ import annotations

from ..codeowners import first_difference, render, same
from ..inventory import CODEOWNERS_FILES
from ..rights import Rights
from .context import PEOPLE, UNITS, Context


def check_codeowners(c: Context) -> None:
    institution = c.repo.institution
    if not c.repo.codeowners or institution is None or c.repo.sources.unreadable & {PEOPLE, UNITS}:
        return  # nothing committed, or rosters too broken to say who owns what
    rights = Rights.of(c.roster, institution)
    for forge, committed in c.repo.codeowners.items():
        expected = render(forge, rights)
        if not same(committed, expected):
            c.add("codeowners-stale", CODEOWNERS_FILES[forge], first_difference(committed, expected),
                  "这个 CODEOWNERS 文件与名册不一致（例如有人的账号、联络员或单位书记变了，或管理员名单变了），"
                  "代码托管平台会请错人审核。请运行 python -m generator codeowners 重新生成，并随名册的修改一起提交。")
