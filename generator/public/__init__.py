"""The public disclosure (主动公开) data: what may be published, projected from a pipeline outcome."""

from __future__ import annotations

from .projection import PublicData, held_back, project

__all__ = ["PublicData", "held_back", "project"]
