"""The public disclosure (主动公开) data: what may be published, projected from a pipeline outcome."""

from __future__ import annotations

from .projection import PublicData, project

__all__ = ["PublicData", "project"]
