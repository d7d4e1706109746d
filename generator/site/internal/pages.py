"""The internal site's pages in order (template and view), rendered in the shared environment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ...vocab import STATUS_ORDER
from .. import markup, templating
from ..build import SiteSource
from . import actors, boards, disclosure, form, home, reports, rules, targets
from .context import Context, person_page, rule_page, target_page, unit_page
from .nav import nav
from .policy import policy

TEMPLATES = Path(__file__).parent.parent / "templates" / "internal"
#: The internal site's own scripts: copy buttons beside ids, and the record form (rules, checks, page).
SCRIPTS = ("ids.js", "form-rules.js", "form-checks.js", "form.js")
# Reached from index pages and links, not from the nav (see nav.py): the engine need not mention them.
NOT_IN_NAV = "/people/\n/units/\n/targets/\n/problems_*.md\n"
GLOBALS = {"LEGEND": [markup.status_badge(s) for s in STATUS_ORDER]}


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    view: object


def pages(ctx: Context) -> Iterator[Page]:
    yield Page("index.md", "home.md.j2", home.home(ctx))
    yield Page(form.PAGE, "form.md.j2", form.form_page(ctx))
    for path, people in actors.people_index(ctx):
        yield Page(path, "people_index.md.j2", people)
    for pid in ctx.repo.people:
        yield Page(person_page(pid), "person.md.j2", actors.person(ctx, pid))
    for path, units in actors.units_index(ctx):
        yield Page(path, "units_index.md.j2", units)
    for uid in ctx.repo.units:
        yield Page(unit_page(uid), "unit.md.j2", actors.unit(ctx, uid))
    yield Page("rules/index.md", "rules_index.md.j2", rules.rules_index(ctx))
    for rule in ctx.policy.rules:
        yield Page(rule_page(rule.id), "rule.md.j2", rules.rule(ctx, rule))
    yield Page("rules/roster.md", "roster_rules.md.j2", rules.roster(ctx))
    for path, listed in targets.targets_index(ctx):
        yield Page(path, "targets_index.md.j2", listed)
    for t in ctx.page_targets:
        yield Page(target_page(t.id), "target.md.j2", targets.target(ctx, t))
    for path, board in boards.problems(ctx):
        yield Page(path, "problems.md.j2", board)
    yield Page("quality.md", "quality.md.j2", boards.quality(ctx))
    yield Page(disclosure.PAGE, "disclosure.md.j2", disclosure.disclosure(ctx))
    yield Page("policy.md", "policy.md.j2", policy(ctx))
    if ctx.produced or ctx.feeds:
        yield Page(reports.INDEX, "reports_index.md.j2", reports.index(ctx, ctx.produced, ctx.feeds))
    for path, view in reports.pages(ctx, ctx.produced):
        yield Page(path, "report.md.j2", view)


def environment() -> jinja2.Environment:
    """The internal site's templates in the environment both sites share."""
    return templating.environment(TEMPLATES, globals=GLOBALS)


def render_site(ctx: Context) -> SiteSource:
    env = environment()
    out: dict[str, str] = {}
    for page in pages(ctx):
        text = env.get_template(page.template).render(v=page.view)
        out[page.path] = text.rstrip("\n") + "\n"
    files = {path: data for p in ctx.produced for path, data in p.files.items()}
    files.update(ctx.feeds)
    return SiteSource(name="internal", site_name=f"{ctx.institution.name}联系师生工作（内部）", pages=out, nav=nav(ctx),
                      files={**files, **form.files(ctx)}, scripts=SCRIPTS, search_words=ctx.search_words(),
                      config={"not_in_nav": NOT_IN_NAV})
