"""The internal site's navigation: one entry per section, each opening its index page.

Material renders every sibling of the active section on every page, even with
``navigation.prune``; with a nav entry per person, unit and target that sidebar was 92% of the
site's HTML at 2,000 actors, and the page count times the nav size was most of the build time. So
the nav holds the sections and the rules (a policy has tens of them, whatever the size of the
institution); people, units and targets are reached from their paged index pages and from every
link that names them. Titles are roster text; ``SiteSource`` makes them inert for mkdocs.
"""

from __future__ import annotations

from typing import Any

from .context import Context, rule_page


def nav(ctx: Context) -> list[Any]:
    rules: list[Any] = ["rules/index.md", *({r.title: rule_page(r.id)} for r in ctx.policy.rules),
                        {"分配、覆盖与名册规则": "rules/roster.md"}]
    return [
        {"首页": "index.md"},
        {"填报记录": "form.md"},
        {"人员": "people/index.md"},
        {"单位": "units/index.md"},
        {"规则": rules},
        {"联系对象": "targets/index.md"},
        {"问题": "problems.md"},
        {"数据质量": "quality.md"},
        {"保密审查": "disclosure.md"},
        {"制度": "policy.md"},
        *([{"制度要求的输出": ["reports/index.md", *(f"reports/{p.spec.id}.md" for p in ctx.produced)]}]
          if ctx.produced or ctx.feeds else []),
    ]
