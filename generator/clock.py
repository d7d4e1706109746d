"""The institution's time zone and "today" in it: one fallback for every stage."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime

#: Dates in any file (and --as-of) lie in these years: the arithmetic of periods, ages and
#: catalogue years never meets the ends of Python's calendar, and a typo like 20244 is caught.
MIN_YEAR, MAX_YEAR = 1900, 2200
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

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


def iso_date(raw: str) -> date | None:
    """The date ``raw`` names when it is written YYYY-MM-DD, is a real day and lies between
    ``MIN_YEAR`` and ``MAX_YEAR``; None for anything else (``scalars.parse_date`` says what is wrong)."""
    if not ISO_DATE.fullmatch(raw) or not MIN_YEAR <= int(raw[:4]) <= MAX_YEAR:
        return None
    try:
        return date(int(raw[:4]), int(raw[5:7]), int(raw[8:10]))
    except ValueError:
        return None
