"""The one place generated markup comes from: escaping user text, and the builders that mark text Trusted."""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..pii import printable
from ..vocab import STATUS_GLYPHS, STATUS_LABELS

# Both sites print every value through ``finalize`` (see templating.py): a ``Trusted`` value is
# printed as is, anything else is escaped for Markdown first. ``Trusted`` is made only here (and by
# the body sanitiser), from parts this module escaped itself, so a caller can never mark a user
# string as markup by mistake: it can only ask for a link, a badge, a chart, escaped text.

# Characters python-markdown honours a backslash escape for (plus ``|`` for tables).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_WS = re.compile(r"\s+")
_BLOCK_START = frozenset("?=~-:")
_ORDERED = re.compile(r"[0-9]+[.)] ")
# Heading ids in attribute lists ({: #id }); catalogue numbers and ids are ASCII by schema.
_ANCHOR = re.compile(r"[A-Za-z0-9_-]+")


class Trusted(Markup):
    """Markup built from escaped parts; printed as is.

    markupsafe's own operators would HTML-escape the other operand, which is not enough in Markdown
    (``*``, ``[x](javascript:…)``), so ``+`` escapes it for Markdown and ``%``/``format``/``join`` are
    refused: build markup with :func:`concat` and :func:`join` instead.
    """

    __slots__ = ()

    def __add__(self, other: object) -> Trusted:  # type: ignore[override]
        return concat(self, other)

    def __radd__(self, other: object) -> Trusted:  # type: ignore[override]
        return concat(other, self)

    def __mod__(self, _: Any) -> Trusted:  # type: ignore[override]
        raise TypeError("use markup.concat to build markup")

    def format(self, *_: Any, **__: Any) -> Trusted:  # type: ignore[override]
        raise TypeError("use markup.concat to build markup")

    def join(self, _: Iterable[Any]) -> Trusted:  # type: ignore[override]
        raise TypeError("use markup.join to build markup")


# --------------------------------------------------------------------------- escaping

def _md_chars(text: str) -> str:
    # ``&``, ``<`` and ``>`` first, so the backslashes below never touch the entities
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\\|", "&#124;")


@lru_cache(maxsize=1 << 17)  # the same names, labels and cells recur on thousands of pages
def md_inline(text: str | None) -> str:
    """Escape user text for Markdown inline context, including pipe-table cells.

    Newlines collapse to spaces (a table row is one line); Markdown punctuation and ``|`` get a
    backslash; ``&``, ``<`` and ``>`` become HTML entities so no tag or entity survives.
    """
    if not text:
        return ""
    escaped = _md_chars(_WS.sub(" ", str(text)).strip())
    # A value printed at the start of a line must not open a block: ``??? note`` (details),
    # ``=== "x"`` (tabs), ``~~~`` (a fence), ``- `` or ``1. `` (a list). The entity reads the same.
    if escaped[:1] in _BLOCK_START or _ORDERED.match(escaped):
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


@lru_cache(maxsize=1 << 16)
def html_text(text: str | None) -> str:
    """Escape user text for HTML element content and attribute values (quotes included)."""
    return htmllib.escape(_WS.sub(" ", str(text or "")).strip(), quote=True)


# mkdocs renders nav titles and site_name into HTML text, <title> and attributes (aria-label)
# WITHOUT escaping, so HTML-special ASCII in them would be markup. Full-width look-alikes read the
# same to a Chinese reader and are inert in every one of those contexts.
_NAV_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def nav_text(text: str) -> str:
    """Make user text safe as an mkdocs nav title or site_name (see the comment above); idempotent."""
    return _WS.sub(" ", text).strip().translate(_NAV_UNSAFE)


def finalize(value: object) -> Markup:
    """What ``{{ value }}`` prints on both sites: markup as is, anything else escaped for Markdown."""
    if isinstance(value, Markup):
        return value
    return Trusted(md_inline(None if value is None else str(value)))


# --------------------------------------------------------------------------- composing

def _piece(part: object) -> str:
    return part if isinstance(part, Markup) else md_inline(None if part is None else str(part))


def md(text: str | None) -> Trusted:
    """User text escaped for Markdown, as markup (for composing; a template prints text directly)."""
    return Trusted(md_inline(text))


def concat(*parts: object) -> Trusted:
    """Markup from pieces: markup pieces as they are, every other piece escaped as if printed alone."""
    return Trusted("".join(_piece(p) for p in parts))


def join(items: Iterable[object], sep: str = "") -> Trusted:
    """Items joined by ``sep``, each escaped as if printed alone (Jinja's ``join`` only HTML-escapes)."""
    glue = sep if isinstance(sep, Markup) else _md_chars(sep)
    return Trusted(str.join(glue, (_piece(p) for p in items)))


def indent(depth: int) -> Trusted:
    """Leading spaces of a nested Markdown list item (printed text would lose them)."""
    return Trusted("    " * depth)


@lru_cache(maxsize=1 << 16)
def url(target: str) -> Trusted:
    """A link target: page paths and anchors are ASCII ids; anything else is percent-encoded, so a
    target can never end the link or the attribute it sits in."""
    return Trusted(quote(target, safe="/#"))


def anchor(ident: str) -> Trusted:
    """A heading id for an attribute list ``{: #id }``."""
    if not _ANCHOR.fullmatch(ident):
        raise ValueError(f"not an anchor id: {ident!r}")
    return Trusted(ident)


def md_link(label: str | Markup, target: str) -> Trusted:
    """Markdown link; a plain label is escaped, a markup label kept."""
    return Trusted(f"[{_piece(label)}]({url(target)})")


def html(text: str | None) -> Trusted:
    """User text for raw HTML blocks (status grids): element content and attribute values."""
    return Trusted(html_text(text))


def code_block(text: str, lang: str = "") -> Trusted:
    """A fenced code block of literal text (Markdown shows it as written, HTML escaped): the fence
    is longer than any run of backticks in the text, so the text cannot close it; control and
    invisible characters are made visible first (``pii.printable``), so the text is one block."""
    lines = [printable(line) for line in text.split("\n")]
    longest = max((len(m.group()) for line in lines for m in re.finditer(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return Trusted("\n".join([f"{fence}{lang}", *lines, fence]))


# --------------------------------------------------------------------------- generated pieces

def status_class(status: str) -> str:
    """CSS class from assets/extra.css for a status: ``cr-met`` etc."""
    return f"cr-{status}" if status in STATUS_LABELS else ""


def status_badge(status: str) -> Trusted:
    """Inline HTML badge: glyph + label, coloured by status class."""
    return Trusted(f'<span class="cr-badge {status_class(status)}">'
                   f"{STATUS_GLYPHS.get(status, '')} {STATUS_LABELS.get(status, status)}</span>")


def chart(option: dict[str, Any], height: str | None = None) -> Trusted:
    """ECharts container for assets/charts.js (internal site). The JSON sits in a single-quoted
    attribute, so only ``&``, ``'``, ``<`` and ``>`` need escaping (names in the data are user text)."""
    text = json.dumps(option, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
    extra = f' data-chart-height="{htmllib.escape(height)}"' if height else ""
    return Trusted(f"<div class=\"cr-chart\" data-chart='{data}'{extra}></div>")


def quoted_chart(option: dict[str, Any]) -> Trusted:
    """The same container with the JSON in a double-quoted attribute (the public site's pages)."""
    attr = htmllib.escape(json.dumps(option, ensure_ascii=False), quote=True)
    return Trusted(f'<div class="cr-chart" data-chart="{attr}"></div>')


def copy_id(ident: str) -> Trusted:
    """An id as a person copies it into a record: in code, with a copy button (assets/ids.js)."""
    text = html_text(ident)
    return Trusted(f'<code class="cr-id">{text}</code> <button type="button" class="cr-copy" data-copy="{text}" '
                   f'title="复制标识 {text}">复制</button>')


def form_mount(data: str, actors: str, fallback: str) -> Trusted:
    """The record form's mount point, which assets/form.js fills: where its data files are, and what
    the page says without JavaScript."""
    return Trusted(f'<div id="cr-form" class="cr-form" data-src="{html_text(data)}" data-actors="{html_text(actors)}">'
                   f'<p class="cr-form-fallback">{html_text(fallback)}</p></div>')
