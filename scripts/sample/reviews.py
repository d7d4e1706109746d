"""The sample's disclosure reviews: each month the organisation department reviews last month's public records.

A healthy institution clears what may be published and refuses what may not, so the sample's public
site shows work records and the internal review queue holds only the most recent month. The
decisions are the tool's own reading of each record (the name guard), made through the package
itself, so the digests are exactly what ``validate`` expects.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator import pipeline
from generator.disclosure import digest
from generator.privacy import visibility
from generator.vocab import Visibility

from .write import dump_yaml

REFUSAL = "工作简况写到了宿舍门牌或不公开的名称，不予公开；请改写为“走访学生宿舍”等概括说法后重新提交审查。"


def review_day(day: date) -> date:
    """Records of a month are reviewed on the 5th of the next month, or the Monday after a weekend."""
    first = date(day.year + day.month // 12, day.month % 12 + 1, 5)
    return first + timedelta(days=(7 - first.weekday()) % 7 if first.weekday() >= 5 else 0)


def write_reviews(out: Path, reviewer: str, as_of: date) -> int:
    """Write reviews/<YYYY-MM>.yml for every month reviewed by ``as_of``; returns the items written."""
    outcome = pipeline.run(out, as_of, use_git=False)
    withheld = dict(pipeline.held_back(outcome))
    public_people = {p.id for p in outcome.repo.people.values() if p.public}
    batches: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for r in outcome.counting:
        if r.meta.by not in public_people or visibility(r.meta, outcome.repo.policy) != Visibility.PUBLIC:
            continue
        day = review_day(r.meta.date)
        if day > as_of:
            continue  # the most recent month waits for the next review
        item: dict[str, Any] = {"record": r.path, "sha256": digest(r.meta)}
        item.update({"decision": "withhold", "note": REFUSAL} if r.path in withheld else {"decision": "publish"})
        batches[day].append(item)
    folder = out / "reviews"
    folder.mkdir(exist_ok=True)
    for day, items in sorted(batches.items()):
        dump_yaml(folder / f"{day:%Y-%m}.yml", {"reviewer": reviewer, "date": day, "items": sorted(items, key=lambda i: i["record"])})
    return sum(len(items) for items in batches.values())
