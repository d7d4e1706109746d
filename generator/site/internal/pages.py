"""The internal site's pages in order (template and view), rendered in the shared environment.

Each page's view is made when the page is rendered, so the pages can be rendered by worker
processes forked from this one (each with the same context, by copy-on-write), half of them each:
at 2,000 actors rendering the site was the longest step before the engine. Forking is done only
when the caller asks for workers (the ``build`` command); a server with threads never does.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import jinja2

from ...exports import Produced
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


PARALLEL_FROM = 1000  # pages; below this, forking costs more than it saves


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    make: Callable[[], object]  # the page's view, made when the page is rendered


def _ready(view: object) -> Callable[[], object]:
    return partial(_same, view)


def _same(view: object) -> object:
    return view


def pages(ctx: Context) -> Iterator[Page]:
    yield Page("index.md", "home.md.j2", partial(home.home, ctx))
    yield Page(form.PAGE, "form.md.j2", partial(form.form_page, ctx))
    for path, people in actors.people_index(ctx):
        yield Page(path, "people_index.md.j2", _ready(people))
    for pid in ctx.repo.people:
        yield Page(person_page(pid), "person.md.j2", partial(actors.person, ctx, pid))
    for path, units in actors.units_index(ctx):
        yield Page(path, "units_index.md.j2", _ready(units))
    for uid in ctx.repo.units:
        yield Page(unit_page(uid), "unit.md.j2", partial(actors.unit, ctx, uid))
    yield Page("rules/index.md", "rules_index.md.j2", partial(rules.rules_index, ctx))
    for rule in ctx.policy.rules:
        yield Page(rule_page(rule.id), "rule.md.j2", partial(rules.rule, ctx, rule))
    yield Page("rules/roster.md", "roster_rules.md.j2", partial(rules.roster, ctx))
    for path, listed in targets.targets_index(ctx):
        yield Page(path, "targets_index.md.j2", _ready(listed))
    for t in ctx.page_targets:
        yield Page(target_page(t.id), "target.md.j2", partial(targets.target, ctx, t))
    for path, board in boards.problems(ctx):
        yield Page(path, "problems.md.j2", _ready(board))
    yield Page("quality.md", "quality.md.j2", partial(boards.quality, ctx))
    yield Page(disclosure.PAGE, "disclosure.md.j2", partial(disclosure.disclosure, ctx))


def output_pages(ctx: Context) -> Iterator[Page]:
    """The pages that show the policy's outputs (``ctx.produced``, ``ctx.feeds``), after all others."""
    yield Page("policy.md", "policy.md.j2", partial(policy, ctx))
    if ctx.produced or ctx.feeds:
        yield Page(reports.INDEX, "reports_index.md.j2", partial(reports.index, ctx, ctx.produced, ctx.feeds))
    for path, view in reports.pages(ctx, ctx.produced):
        yield Page(path, "report.md.j2", _ready(view))


def environment() -> jinja2.Environment:
    """The internal site's templates in the environment both sites share."""
    return templating.environment(TEMPLATES, globals=GLOBALS)


def _render(env: jinja2.Environment, page: Page) -> str:
    return env.get_template(page.template).render(v=page.make()).rstrip("\n") + "\n"


_forked: list[Page] = []  # the pages, as a forked worker inherits them
CHUNK = 32  # pages a worker renders per task


@cache
def _worker_environment() -> jinja2.Environment:
    return environment()


def _render_range(span: tuple[int, int]) -> list[str]:
    env = _worker_environment()
    return [_render(env, page) for page in _forked[span[0]:span[1]]]


def _texts(listed: list[Page], jobs: int) -> list[str]:
    """Every page's Markdown, in order (see ``_rendering``)."""
    with _rendering(listed, jobs) as collect:
        return collect()


@contextmanager
def _rendering(listed: list[Page], jobs: int) -> Iterator[Callable[[], list[str]]]:
    """Every page's Markdown, in order, by ``jobs`` forked workers when there are many pages: they
    start at once, and what this yields waits for them (the caller may do other work first).

    The workers take runs of ``CHUNK`` pages as they come free, so one slow page (the disclosure
    review loads jieba's dictionary, about 2 s) does not leave the other workers idle; the runs
    are handed out from the end of the listing, where the site-wide pages are."""
    if jobs < 2 or len(listed) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        env = environment()
        yield lambda: [_render(env, page) for page in listed]
        return
    _forked[:] = listed
    spans = [(lo, min(lo + CHUNK, len(listed))) for lo in range(0, len(listed), CHUNK)][::-1]
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            runs = pool.map(_render_range, spans)  # the workers fork now and start
            yield lambda: [text for run in reversed(list(runs)) for text in run]
    finally:
        _forked.clear()


Outputs = Callable[[], tuple[Sequence[Produced], dict[str, bytes]]]


def render_site(ctx: Context, jobs: int = 1, outputs: Outputs | None = None) -> SiteSource:
    """The site's pages and files. ``outputs`` makes the policy's outputs (and the feeds) while the
    workers render every page but those that show them (``output_pages``): it is called once, in
    this process, and the context holds what it returns from then on."""
    if outputs is not None:
        ctx.pending_outputs()  # from here until they are set, reading them fails
    listed = list(pages(ctx))
    with _rendering(listed, jobs) as collect:
        if outputs is not None:
            ctx.set_outputs(*outputs())
        texts = collect()
    last = list(output_pages(ctx))
    texts += _texts(last, 1)  # a few pages
    out = {page.path: text for page, text in zip([*listed, *last], texts, strict=True)}
    files = {path: data for p in ctx.produced for path, data in p.files.items()}
    files.update(ctx.feeds)
    return SiteSource(name="internal", site_name=f"{ctx.institution.name}联系师生工作（内部）", pages=out, nav=nav(ctx),
                      files={**files, **form.files(ctx)}, scripts=SCRIPTS, search_words=ctx.search_words(),
                      config={"not_in_nav": NOT_IN_NAV})
