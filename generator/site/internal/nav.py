"""The internal site's navigation (titles are roster text; ``SiteSource`` makes them inert for mkdocs)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ... import schema
from ...vocab import TARGET_KIND_LABELS, UNIT_KIND_LABELS
from .actors import people_groups
from .context import TARGET_PAGE_KINDS, Context, person_page, rule_page, target_page, unit_page


def title(ctx: Context, ref: str) -> str:
    """A nav title: the display name, with the id after a masked name (as in page links)."""
    name = ctx.display(ref)
    return f"{name}（{ref}）" if ref in ctx.sensitive else name


def nav(ctx: Context) -> list[Any]:
    people: list[Any] = ["people/index.md"]
    for uid, pids in people_groups(ctx):
        people.append({title(ctx, uid): [{title(ctx, p): person_page(p)} for p in pids]})
    units: list[Any] = ["units/index.md"]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for uid, unit in ctx.repo.units.items():
        by_kind[unit.kind].append(uid)
    for kind in schema.UNIT_KINDS:
        if by_kind.get(kind):
            units.append({UNIT_KIND_LABELS[kind]: [{title(ctx, u): unit_page(u)} for u in by_kind[kind]]})
    rules: list[Any] = ["rules/index.md", *({r.title: rule_page(r.id)} for r in ctx.policy.rules),
                        {"分配、覆盖与名册规则": "rules/roster.md"}]
    targets: list[Any] = ["targets/index.md"]
    for kind in TARGET_PAGE_KINDS:
        ids = [t.id for t in ctx.page_targets if t.kind == kind]
        if ids:
            targets.append({TARGET_KIND_LABELS[kind]: [{title(ctx, t): target_page(t)} for t in ids]})
    return [
        {"首页": "index.md"},
        {"填报记录": "form.md"},
        {"人员": people},
        {"单位": units},
        {"规则": rules},
        {"联系对象": targets},
        {"问题": "problems.md"},
        {"数据质量": "quality.md"},
        {"保密审查": "disclosure.md"},
        {"制度": "policy.md"},
        *([{"制度要求的输出": ["reports/index.md", *(f"reports/{p.spec.id}.md" for p in ctx.produced)]}]
          if ctx.produced or ctx.feeds else []),
    ]
