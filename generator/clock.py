"""The institution's time zone and "today" in it: one fallback for every stage."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

#: Used when the configured zone is missing or invalid (the validator reports it as roster-timezone).
FALLBACK_ZONE = "Asia/Shanghai"


def zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The named zone, or Asia/Shanghai when the name is empty or not a zone."""
    try:
        return zoneinfo.ZoneInfo(name or FALLBACK_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(FALLBACK_ZONE)


def is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def today_in(name: str | None) -> date:
    """The calendar date now in the zone (never converted through UTC)."""
    return datetime.now(zone(name)).date()
