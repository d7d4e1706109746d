"""What an export is asked for: the term, month, actor or unit an option names (checked once)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """``export``'s filters: ``None`` means "all" (the term: the one the as-of date reports under)."""

    term: str | None = None
    month: str | None = None  # YYYY-MM
    actor: str | None = None
    unit: str | None = None

    def keeps(self, actor: str, unit_of_actor: str) -> bool:
        """Whether an actor passes the ``--actor`` / ``--unit`` filters."""
        if self.actor is not None and actor != self.actor:
            return False
        return self.unit is None or self.unit in (actor, unit_of_actor)
