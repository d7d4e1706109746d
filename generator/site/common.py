"""Helpers shared by the internal and the public site: labels, masking, escaping, formatting.

This module is a stable interface used by both renderers. Everything here is a pure function of
its arguments (no clock, no file access), so pages stay deterministic. Add freely; do not change
the meaning of what exists without telling the other renderer's owner.
"""

from __future__ import annotations

import html
import re

from .. import privacy, text, vocab

# --------------------------------------------------------------------------- labels

# The vocabulary's labels live in ``generator.vocab``; these names are kept for the templates.
STATUS_LABELS = vocab.STATUS_LABELS
STATUS_GLYPHS = vocab.STATUS_GLYPHS
STATUS_ORDER: tuple[str, ...] = tuple(vocab.STATUS_ORDER)
LEVEL_LABELS = vocab.LEVEL_LABELS
PER_LABELS = vocab.PER_LABELS
PROBLEM_STATUS_LABELS = vocab.PROBLEM_STATUS_LABELS
VISIBILITY_LABELS = vocab.VISIBILITY_LABELS
TARGET_KIND_LABELS = vocab.TARGET_KIND_LABELS
UNIT_KIND_LABELS = vocab.UNIT_KIND_LABELS
REPORT_KIND_LABELS = vocab.REPORT_KIND_LABELS
KIND_LABELS = vocab.KIND_LABELS
kind_names = vocab.kind_names


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def status_class(status: str) -> str:
    """CSS class from assets/extra.css for a status: ``cr-met`` etc."""
    return f"cr-{status}" if status in STATUS_LABELS else ""


def status_badge(status: str) -> str:
    """Inline HTML badge: glyph + label, coloured by status class."""
    return (f'<span class="cr-badge {status_class(status)}">'
            f"{STATUS_GLYPHS.get(status, '')} {status_label(status)}</span>")


# --------------------------------------------------------------------------- escaping

# Characters python-markdown honours a backslash escape for (plus ``|`` for tables).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")
_WS = re.compile(r"\s+")


def md_inline(text: str | None) -> str:
    """Escape user text for Markdown inline context, including pipe-table cells.

    Newlines collapse to spaces (a table row is one line); Markdown punctuation and ``|`` get a
    backslash; ``&``, ``<`` and ``>`` become HTML entities so no tag or entity survives.
    """
    if not text:
        return ""
    text = _WS.sub(" ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # backslash-escape Markdown syntax, but not the entities just produced
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\\|", "&#124;")


def html_text(text: str | None) -> str:
    """Escape user text for HTML element content and attribute values (quotes included)."""
    return html.escape(_WS.sub(" ", str(text or "")).strip(), quote=True)


# mkdocs renders nav titles and site_name into HTML text, <title> and attributes (aria-label)
# WITHOUT escaping, so HTML-special ASCII in them would be markup. Full-width look-alikes read the
# same to a Chinese reader and are inert in every one of those contexts.
_NAV_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})


def nav_text(text: str) -> str:
    """Make user text safe as an mkdocs nav title or site_name (see the comment above)."""
    return _WS.sub(" ", text).strip().translate(_NAV_UNSAFE)


# --------------------------------------------------------------------------- formatting

format_rate = text.format_rate
format_hours = text.format_hours
format_date = text.format_date
format_date_zh = text.format_date_zh
cite = text.cite
mask_name = privacy.mask_name
