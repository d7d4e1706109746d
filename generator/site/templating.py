"""The one Jinja environment both sites render with: every printed value is escaped unless it is Trusted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup

from . import markup

#: Jinja filters that turn a value into markup after at most HTML-escaping it. HTML escaping leaves
#: Markdown syntax alone (``*``, ``[x](javascript:…)``), so these would be holes; printing a value
#: needs no filter, and markup comes from ``markup.py``.
UNSAFE_FILTERS = ("safe", "e", "escape", "forceescape", "urlize", "xmlattr", "tojson", "replace", "format")


def _concat(parts: tuple[object, ...]) -> object:
    """Jinja's ``~``: plain text stays text (escaped where printed); next to markup it is escaped now."""
    if any(isinstance(p, Markup) for p in parts):
        return markup.concat(*parts)
    return "".join(str(p) for p in parts)


class _CodeGenerator(CodeGenerator):
    # Jinja compiles ``a ~ b`` to markupsafe's join, which only HTML-escapes the text beside markup.
    # ``+`` and ``%`` on markup have the same flaw; they are not rewritten here because templates
    # compute nothing at all (tests/test_site_templating.py rejects any arithmetic in them).
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.md_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    md_concat = staticmethod(_concat)


def environment(templates: Path, filters: Mapping[str, Callable[..., Any]] | None = None,
                globals: Mapping[str, Any] | None = None) -> jinja2.Environment:
    """An environment for one site's templates: Markdown escaping by default, no way to opt out."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # so macro output is markup and is not escaped twice
        finalize=markup.finalize,  # Markdown escaping for everything else
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in UNSAFE_FILTERS:
        del env.filters[name]
    env.filters["join"] = markup.join
    env.filters.update(filters or {})
    env.globals.update(globals or {})
    return env
