"""The internal site: every actor, unit, rule and target with its compliance, records and gaps."""

from __future__ import annotations

from collections.abc import Sequence

from ...exports import Produced
from ...pipeline import Outcome
from ..build import SiteSource
from .context import Context
from .pages import Outputs, render_site

# ``render(outcome)`` turns one pipeline ``Outcome`` into a ``SiteSource`` of plain Markdown pages and
# an explicit nav. ``context`` indexes the outcome once; the page modules (home, actors, rules,
# policy, targets, boards) turn it into view dataclasses (views, rule_views) of finished values —
# masked, restricted, grouped and counted in Python — and the templates under templates/internal/
# only loop and print them. Nothing here reads files or decides compliance: statuses come from
# ``outcome.compliance``, record visibility from the contract (§8). Everything derives from
# ``outcome.as_of`` and every list has a stable order, so the same outcome always gives
# byte-identical pages (tests/golden/internal/ holds them for the mini fixture).

__all__ = ["render"]


def render(outcome: Outcome, produced: Sequence[Produced] = (), feeds: dict[str, bytes] | None = None,
           jobs: int = 1, outputs: Outputs | None = None) -> SiteSource:
    """The internal site of one pipeline outcome (see the module docstring), with the policy's outputs
    as ``generator.exports`` made them (their pages link the files, the policy page links the pages).
    ``jobs`` > 1 renders the pages in that many forked workers (the same pages, see ``pages``);
    ``outputs`` makes the outputs instead, while the workers render the other pages."""
    return render_site(Context(outcome, produced, feeds), jobs, outputs)
