"""The public disclosure site (主动公开): pages rendered from ``PublicData`` alone.

``render(data)`` never sees the repository or the pipeline outcome, only the projection of
``generator.public.projection``, so it cannot publish what contract §8 withholds. Pages are Jinja2
templates under ``templates/public/``; every ``{{ value }}`` is escaped for Markdown by the
environment's ``finalize`` unless a helper marks it as generated markup (``Trusted``), so a record
summary can never inject HTML, links or attribute lists. URLs are ASCII (ids and term ids).
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path
from typing import Any

import jinja2

from ..public import opendata
from ..public.projection import Entry, PublicData
from . import common
from .build import SiteSource

TEMPLATES = Path(__file__).parent / "templates" / "public"

#: The catalogue's fixed fields (every item is proactively disclosed to the public).
DISCLOSURE_KIND = "主动公开"
DISCLOSURE_SCOPE = "面向社会"


class Trusted(str):
    """Markup built by this module or a template macro; printed as is."""


def _finalize(value: Any) -> str:
    if isinstance(value, Trusted):
        return value
    if value is None:
        return ""
    return common.md_inline(str(value))


def _chart(title: str, labels: list[str], values: list[int]) -> Trusted:
    option = {
        "title": {"text": title, "textStyle": {"fontSize": 14}},
        "tooltip": {},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "name": "次数", "data": values}],
    }
    attr = html.escape(json.dumps(option, ensure_ascii=False), quote=True)
    return Trusted(f'<div class="cr-chart" data-chart="{attr}"></div>')


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: _finalize escapes every value instead
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        trusted=Trusted,
        rate=common.format_rate,
        zh=common.format_date_zh,
        iso=common.format_date,
    )
    env.globals.update(
        DISCLOSURE_KIND=DISCLOSURE_KIND, DISCLOSURE_SCOPE=DISCLOSURE_SCOPE,
        PER_LABELS=common.PER_LABELS, LEVEL_LABELS=common.LEVEL_LABELS,
        STATUS_LABELS=common.STATUS_LABELS, TABLES=opendata.TABLES, JSON_FILE=opendata.JSON_FILE,
        SCHEMA_VERSION=opendata.SCHEMA_VERSION,
    )
    return env


class Renderer:
    def __init__(self, data: PublicData) -> None:
        self.data = data
        self.env = _environment()
        self.pages: dict[str, str] = {}

    def page(self, path: str, template: str, **context: Any) -> None:
        def href(target: str | Entry) -> Trusted:
            """Relative Markdown link from this page to a page (or a catalogue entry's place)."""
            page, anchor = (target.page, target.anchor) if isinstance(target, Entry) else (target, None)
            rel = posixpath.relpath(page, posixpath.dirname(path) or ".")
            return Trusted(rel + (f"#{anchor}" if anchor else ""))

        self.pages[path] = self.env.get_template(template).render(
            d=self.data, href=href, chart=_chart, **context)

    def render(self) -> SiteSource:
        d = self.data
        self.page("index.md", "home.md.j2")
        self.page("policy.md", "policy.md.j2", e=d.policy.entry)
        self.page("terms/index.md", "terms_index.md.j2")
        for t in d.terms:
            self.page(t.entry.page, "term.md.j2", t=t, e=t.entry)
        self.page("people/index.md", "people_index.md.j2", e=d.allocation)
        for a in d.actors:
            if a.entry is not None:
                self.page(a.entry.page, "actor.md.j2", a=a, e=a.entry)
        self.page("opendata.md", "opendata.md.j2", e=d.opendata)
        nav: list[Any] = [
            {"首页": "index.md"},
            {"制度": "policy.md"},
            # Page titles come from each page's escaped heading, not from raw names in mkdocs.yml.
            {"学期统计": ["terms/index.md", *(t.entry.page for t in reversed(d.terms))]},
            {"联系分配": ["people/index.md", *(a.entry.page for a in d.actors if a.entry)]},
            {"开放数据": "opendata.md"},
        ]
        return SiteSource(
            name="public",
            site_name=f"{d.institution.name}联系师生工作信息公开",
            pages=self.pages,
            nav=nav,
            files=opendata.files(d),
        )


def render(data: PublicData) -> SiteSource:
    """The public site of one projection (see the module docstring)."""
    return Renderer(data).render()
