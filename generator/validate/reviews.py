"""Checks of the disclosure review files (reviews/): who reviewed, when, and what."""

from __future__ import annotations

from ..disclosure import decisions, own_record
from ..pii import quote
from ..privacy import visibility
from ..vocab import Visibility
from .context import INSTITUTION, PEOPLE, Context


def check_reviews(c: Context) -> None:
    """A reviewer not on the list, a review dated after today, a review of a record that is not
    (or no longer) a public record, a reviewer's review of their own record (it does not count).
    A review of an older text of a record is no error: the record simply waits for a new review
    (the internal site's 保密审查 page lists it)."""
    inst = c.repo.institution
    listed = list(inst.disclosure.reviewers) if inst is not None and inst.disclosure else []
    names = "、".join(f"{c.roster.name(r)}（{r}）" if r in c.repo.people else r for r in listed) or "无"
    # Without a readable institution or people file, who is a reviewer is unknown (already reported).
    rosters_known = inst is not None and PEOPLE not in c.repo.sources.unreadable
    today = c.today or c.as_of
    records = {r.path: r for r in c.repo.records}
    # A record deleted since its review keeps it (and with it its catalogue number): not a mistake.
    files = set(c.repo.broken_records) | {p.path for p in c.repo.partial_records}
    files |= set(c.history.first_commit_ts) if c.history is not None else set()
    for f in c.repo.reviews:
        review = f.review
        unknown = review.reviewer not in c.repo.people and c.missing(review.reviewer)
        if rosters_known and (review.reviewer not in listed or unknown):
            c.add("disclosure-reviewer", f.path, f.line("reviewer"),
                  f"“{review.reviewer}”不是保密审查人：只有 {INSTITUTION} 的 disclosure.reviewers 中列出的人员"
                  f"（目前是：{names}）可以审查。请由审查人本人提交审查记录，"
                  "或请管理员把审查人加入名单。这份审查记录不起作用。")
        if review.date > today:
            c.add("disclosure-future", f.path, f.line("date"),
                  f"审查日期 {review.date} 晚于今天（{today}）。请写实际审查的日期。")
    for d in decisions(c.repo.reviews):
        record = records.get(d.record)
        if record is None and d.record not in files:
            c.add("disclosure-record", d.file, d.line,
                  f"找不到审查的记录“{quote(d.record)}”（仓库中和 Git 历史中都没有）。请核对路径，可以从内部站点的“保密审查”页面复制。")
        elif record is not None and visibility(record.meta, c.policy) != Visibility.PUBLIC:
            c.add("disclosure-record", d.file, d.line,
                  f"审查的记录“{d.record}”不是公开记录（visibility 不是 public），这项审查不起作用。")
        elif record is not None and own_record(d, record.meta.by) and d.reviewer in listed:
            others = "、".join(f"{c.roster.name(r)}（{r}）" for r in listed if r != d.reviewer and r in c.repo.people)
            c.add("disclosure-self-review", d.file, d.line,
                  f"“{d.record}”是审查人自己填报的记录，本人的审查不起作用。请由其他审查人（{others or '目前没有'}）审查"
                  f"{'' if others else '，或请管理员在 ' + INSTITUTION + ' 的 disclosure.reviewers 中再加一位审查人'}。")
