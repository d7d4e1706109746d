"""Forms as printable HTML: self-contained A4 pages (print CSS, no script, no fonts fetched).

These are whole HTML files, not Markdown pages of a site, so they are escaped for HTML (Jinja's
autoescape), and the template only loops and prints. A page holds one form or, exported together,
several, each on its own sheet of paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .grid import Form, FormCell

TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class PrintedForm:
    anchor: str
    title: str
    caption: str
    widths: tuple[str, ...]  # percentages
    rows: tuple[tuple[FormCell, ...], ...]
    notes: tuple[str, ...]


def _printed(f: Form) -> PrintedForm:
    total = sum(f.widths)
    widths = tuple(f"{100 * w / total:.2f}" for w in f.widths)
    return PrintedForm(f"{f.actor}-{f.period}", f.title, f.caption, widths, f.rows, f.notes)


def html(forms: Iterable[Form], title: str, back: str | None = None) -> bytes:
    """One HTML file of the forms; ``back`` links to the page listing them (on the site)."""
    page = _ENV.get_template("forms.html.j2").render(forms=[_printed(f) for f in forms], title=title, back=back)
    return page.encode("utf-8")
