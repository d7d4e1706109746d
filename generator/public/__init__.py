"""The public disclosure (主动公开) data: what may be published, projected from a pipeline outcome."""

from __future__ import annotations

from .projection import PublicData, new_numbers, project, project_and_number

__all__ = ["PublicData", "new_numbers", "project", "project_and_number"]
