"""The environment both sites render with, and what their templates may do.

Every ``{{ value }}`` is escaped for Markdown unless it is markup from ``markup.py`` (or the body
sanitiser), with no filter to opt out; a template that prints a hostile roster string without any
filter is safe on either site. Templates only loop and print: they assign, compute and call nothing.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest
from jinja2 import nodes

from generator.site import markup, public, templating
from generator.site.internal import pages as internal_pages
from generator.site.markup import Trusted, md_inline

SITE = Path(__file__).resolve().parent.parent / "generator" / "site"
HOSTILE = ('"><img src=x onerror=alert(1)> *强调* _下划线_ [点我](javascript:alert(1)) a|b `代码` '
           "<script>alert(2)</script> &amp; {: #x } \n# 标题 ![x](http://example.com/x.png)")

ENVIRONMENTS: dict[str, Callable[[], jinja2.Environment]] = {
    "internal": internal_pages.environment,
    "public": public.environment,
}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def as_html(markdown_text: str) -> Tags:
    """A table cell holding the text, as mkdocs' Markdown (same extensions) would render it."""
    html = markdown.markdown(f"| a |\n| --- |\n| {markdown_text} |", extensions=["tables", "attr_list", "md_in_html"])
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture(params=sorted(ENVIRONMENTS))
def env(request: pytest.FixtureRequest) -> jinja2.Environment:
    return ENVIRONMENTS[request.param]()


# --------------------------------------------------------------------------- printing

def test_a_hostile_value_printed_without_a_filter_is_inert(env: jinja2.Environment) -> None:
    out = env.from_string("{{ name }}").render(name=HOSTILE)
    assert out == md_inline(HOSTILE)
    cell = as_html(out)
    assert cell.tags == ["table", "thead", "tr", "th", "tbody", "tr", "td"]  # no img, script, a, em, code
    assert " ".join(HOSTILE.split()) in cell.text  # and it reads as written


def test_the_hostile_value_stays_inert_next_to_markup(env: jinja2.Environment) -> None:
    template = env.from_string(
        '{% macro bold(x) %}<b>{{ x }}</b>{% endmacro %}'
        '{{ bold(name) }}|{{ name ~ bold(name) }}|{{ [bold(name), name]|join("、") }}|'
        '{% autoescape false %}{{ name }}{% endautoescape %}')
    out = template.render(name=HOSTILE)
    assert out.count(md_inline(HOSTILE)) == 6
    assert "<img" not in out and "<script" not in out and "](javascript" not in out


def test_markup_from_python_is_printed_as_is(env: jinja2.Environment) -> None:
    link = markup.md_link(HOSTILE, "people/x.md")
    out = env.from_string("{{ link }}").render(link=link)
    assert out == f"[{md_inline(HOSTILE)}](people/x.md)"
    assert env.from_string("{{ nothing }}").render(nothing=None) == ""


@pytest.mark.parametrize("name", ["safe", "trusted", "e", "escape", "forceescape", "urlize", "xmlattr", "tojson",
                                  "replace", "format"])
def test_no_filter_marks_text_as_markup(env: jinja2.Environment, name: str) -> None:
    with pytest.raises(jinja2.TemplateAssertionError, match="No filter named"):
        env.from_string(f"{{{{ name|{name} }}}}")


def test_both_sites_share_one_environment() -> None:
    internal, public_env = internal_pages.environment(), public.environment()
    for env in (internal, public_env):
        assert type(env) is type(templating.environment(SITE))
        assert env.autoescape is True and env.finalize is markup.finalize
        assert env.filters["join"] is markup.join
        assert "do" not in "".join(env.extensions)


# --------------------------------------------------------------------------- Trusted

def test_trusted_arithmetic_escapes_for_markdown() -> None:
    bold = markup.md_link("名", "x.md")
    assert bold + HOSTILE == f"[名](x.md){md_inline(HOSTILE)}"
    assert HOSTILE + bold == f"{md_inline(HOSTILE)}[名](x.md)"
    assert isinstance(bold + HOSTILE, Trusted)
    with pytest.raises(TypeError):
        bold % HOSTILE
    with pytest.raises(TypeError):
        bold.format(HOSTILE)
    with pytest.raises(TypeError):
        bold.join([HOSTILE])


def test_link_targets_and_anchors_cannot_break_out() -> None:
    assert markup.url("../people/wang-jianguo.md#r-99999-0103-2024-0001") == "../people/wang-jianguo.md#r-99999-0103-2024-0001"
    assert markup.url('x) "y" <z>') == "x%29%20%22y%22%20%3Cz%3E"
    assert markup.md_link(HOSTILE, 'x) "onmouseover="x') == (
        f'[{markup.md_inline(HOSTILE)}](x%29%20%22onmouseover%3D%22x)')
    with pytest.raises(ValueError):
        markup.anchor("x } {: onclick")


def _trusted_makers(path: Path) -> Iterator[int]:
    """Lines of ``path`` that construct markup (``Trusted(…)`` or ``Markup(…)``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Trusted", "Markup"):
            yield node.lineno


def test_only_the_markup_module_and_the_sanitiser_make_markup() -> None:
    generator = SITE.parent
    makers = {p.relative_to(generator).as_posix() for p in generator.rglob("*.py") if any(_trusted_makers(p))}
    assert makers == {"site/markup.py", "site/sanitize.py"}


# --------------------------------------------------------------------------- templates only loop and print

TEMPLATES = sorted((SITE / "templates").rglob("*.j2"))
#: Pure formatting of a printed value (the public pages print the projection's dates and rates).
FORMAT_FILTERS = {"iso", "zh", "rate"}
#: Callables a template may call besides its macros: the public pages' link-target helper.
CALLABLES = {"href"}
FORBIDDEN = (
    nodes.Assign, nodes.AssignBlock, nodes.With, nodes.ExprStmt, nodes.FilterBlock, nodes.CallBlock,
    nodes.EvalContextModifier, nodes.Concat, nodes.Compare, nodes.List, nodes.Dict, nodes.Slice,
    nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg, nodes.Pos,
)


def _callee_allowed(call: nodes.Call, macros: set[str]) -> bool:
    fn = call.node
    if isinstance(fn, nodes.Name):
        return fn.name in macros or fn.name in CALLABLES
    return isinstance(fn, nodes.Getattr) and isinstance(fn.node, nodes.Name) and fn.node.name == "m"


def _problems(path: Path) -> Iterator[str]:
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    macros = {m.name for m in tree.find_all(nodes.Macro)}
    for node in tree.find_all(nodes.Node):
        if isinstance(node, FORBIDDEN):
            yield f"line {node.lineno}: {type(node).__name__}"
        elif isinstance(node, nodes.Filter) and node.name not in FORMAT_FILTERS:
            yield f"line {node.lineno}: filter {node.name}"
        elif isinstance(node, nodes.Call) and not _callee_allowed(node, macros):
            yield f"line {node.lineno}: call"
        elif isinstance(node, nodes.Test) and node.name != "none":
            yield f"line {node.lineno}: test {node.name}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(SITE / "templates").as_posix())
def test_templates_only_loop_and_print(path: Path) -> None:
    assert list(_problems(path)) == []


def test_internal_templates_print_views_only() -> None:
    """Internal pages get one view (``v``); no template reaches a repository, roster or site object."""
    pattern = re.compile(r"\b(s|p|repo|roster|outcome|ctx|policy|common)\.")
    for path in (SITE / "templates" / "internal").glob("*.j2"):
        code = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        expressions = " ".join(re.findall(r"\{[{%](.*?)[}%]\}", code, flags=re.S))
        assert not pattern.search(expressions), path.name


def test_the_lint_sees_what_it_forbids() -> None:
    bad = '{% set x = a ~ b %}{% do x.append(1) %}{{ s.repo.people|length }}{{ s.restricted(rec) }}{{ x|safe }}'
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    tree = env.parse(bad)
    found = {type(n).__name__ for n in tree.find_all(FORBIDDEN)}
    assert {"Assign", "Concat", "ExprStmt"} <= found
    assert {n.name for n in tree.find_all(nodes.Filter)} == {"length", "safe"}
    assert not all(_callee_allowed(c, set()) for c in tree.find_all(nodes.Call))
