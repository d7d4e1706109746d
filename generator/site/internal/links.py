"""Links from one internal page to people, units, targets and rules: names escaped, sensitive ones masked."""

from __future__ import annotations

from collections.abc import Iterable

from ...urls import Linker
from .. import markup
from ..markup import Trusted
from .context import Context, rule_page

# Every link is a Markdown ``.md`` link, the status grids' too (in markdown="span" cells), so the
# engine checks each one in a strict build and writes its URL for whatever URL style it builds.


class PageLinks(Linker):
    """Links from one page; every label is a display name, so a sensitive target is masked."""

    def __init__(self, ctx: Context, page: str) -> None:
        super().__init__(page)
        self.ctx = ctx

    def label(self, ref: str) -> Trusted:
        """The display name, with the id after a masked name so readers can still tell two apart
        (escaped once per run: the same names label links on thousands of pages)."""
        cached = self.ctx.labels.get(ref)
        if cached is None:
            name = self.ctx.display(ref)
            cached = markup.concat(name, "（", ref, "）") if ref in self.ctx.sensitive else markup.md(name)
            self.ctx.labels[ref] = cached
        return cached

    def link(self, ref: str) -> Trusted:
        """Markdown link to a person, unit or target page (plain label when it has no page)."""
        page = self.ctx.page_of(ref)
        return markup.md_link(self.label(ref), self.rel(page)) if page else self.label(ref)

    def links(self, refs: Iterable[str]) -> Trusted:
        return markup.join((self.link(r) for r in refs), "、")

    def optional(self, ref: str | None) -> Trusted:
        """A link, or nothing for a field left empty."""
        return self.link(ref) if ref else markup.md("")

    def rule(self, rid: str) -> Trusted:
        rule = self.ctx.rules.get(rid)
        return markup.md_link(rule.title if rule else rid, self.rel(rule_page(rid)))

    def to(self, label: str, page: str) -> Trusted:
        """A Markdown link with a fixed label to any page."""
        return markup.md_link(label, self.rel(page))
