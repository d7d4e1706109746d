"""The record form's data: rosters, the policy's types and count filters, each actor's recent records and standing.

It exists only on the internal site (tests/test_public_leak.py builds both sites and checks), and it
shows no more than the internal pages do: sensitive targets by masked name and id, no leaves, and
of a restricted record only its date, type and file name (contract §8). Its size grows with people
and targets, not with records: the main file holds the rosters and the policy; each actor's file
(``assets/form/<id>.js``, loaded when the actor is chosen) holds that actor's records of the last
``recent_days`` (for the duplicate, overlap and daily-quota checks) and their results in the
periods those days touch (for the live standing). Which records count for a rule is decided here
by the engine's own functions (``CountingEngine.counts_type``, ``TeachingCalendar.on_days``,
``Roster.target_matches``); the form only looks the answers up.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from ... import schema
from ...compliance.engine import CountingEngine, filters_targets
from ...compliance.results import Result
from ...loader import Record
from ...vocab import KIND_LABELS, PROBLEM_STATUS_LABELS, STATUS_LABELS, VISIBILITY_LABELS, AsOfSource
from . import formrules
from .context import Context

#: The forge's new-file page: with the content in the address, and (GitLab, or too long) without.
FORGE_PAGES: dict[str, tuple[str | None, str]] = {
    "github": ("{url}/{repository}/new/{branch}?filename={path}&value={content}",
               "{url}/{repository}/new/{branch}?filename={path}"),
    "gitea": ("{url}/{repository}/_new/{branch}/{dir}/?filename={name}&value={content}",
              "{url}/{repository}/_new/{branch}/{dir}/?filename={name}"),
    "gitlab": (None, "{url}/{repository}/-/new/{branch}/{dir}?file_name={name}"),
}
FORGE_LABELS = {"github": "GitHub", "gitea": "Gitea", "gitlab": "GitLab"}
#: Longer addresses are cut by common proxies and forges (≈8 KB): the content is copied instead.
MAX_URL = 8000
#: The recent records each actor's file carries: the policy's filing window, within these bounds.
RECENT_DAYS = (31, 92)

DATA_FILE = "assets/form-data.js"
ACTOR_FOLDER = "assets/form/"


def actor_file(actor: str) -> str:
    return f"{ACTOR_FOLDER}{actor}.js"


def recent_days(policy: schema.Policy) -> int:
    within = policy.filing.within_days if policy.filing else RECENT_DAYS[0]
    return max(RECENT_DAYS[0], min(within, RECENT_DAYS[1]))


def _forge(institution: schema.Institution) -> dict[str, Any] | None:
    forge = institution.forge
    if forge is None:
        return None
    with_content, without = FORGE_PAGES[forge.kind]
    return {"kind": forge.kind, "label": FORGE_LABELS[forge.kind], "url": forge.url, "repository": forge.repository,
            "branch": forge.branch, "with_content": with_content, "without_content": without, "max_url": MAX_URL}


def _types(policy: schema.Policy) -> list[dict[str, Any]]:
    return [{"id": k, "name": t.name, "face_to_face": t.face_to_face, "requires_duration": t.requires_duration,
             "max_per_day": t.max_per_day, "visibility": t.visibility.value} for k, t in policy.activity_types.items()]


def _conditions(c: schema.CountFilter) -> tuple[tuple[str, ...], ...]:
    """A count filter's target conditions (what ``Roster.target_matches`` reads), as a key."""
    return tuple(tuple(part) for part in (c.target_kinds, c.target_tags, c.target_tags_all, c.target_tags_none))


def _target_filters(ctx: Context) -> list[schema.CountFilter]:
    """One count filter for each distinct set of target conditions (kinds and tags) the rules use."""
    out: dict[tuple[tuple[str, ...], ...], schema.CountFilter] = {}
    for rule in ctx.policy.rules:
        if any(_conditions(rule.count)):
            out.setdefault(_conditions(rule.count), rule.count)
    return list(out.values())


def _filter_index(filters: list[schema.CountFilter], c: schema.CountFilter) -> int | None:
    keys = [_conditions(f) for f in filters]
    return keys.index(_conditions(c)) if _conditions(c) in keys else None


def _contacts(ctx: Context, filters: list[schema.CountFilter]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Targets and units as the form offers them, with the count rules' target conditions each meets
    (asked of ``Roster.target_matches``, so the form never needs a target's tags)."""
    def matched(ref: str) -> list[int]:
        return [i for i, f in enumerate(filters) if ctx.roster.target_matches(ref, f)]

    targets = [{"id": t.id, "name": ctx.display(t.id), "kind": t.kind, "unit": t.unit, "sensitive": t.id in ctx.sensitive,
                "members": t.members, "filters": matched(t.id)} for t in ctx.repo.targets.values()]
    units = [{"id": u.id, "name": u.name, "kind": u.kind, "secretary": u.secretary, "filters": matched(u.id)}
             for u in ctx.repo.units.values()]
    return targets, units


def _count_rules(ctx: Context, filters: list[schema.CountFilter], days: list[date]) -> list[dict[str, Any]]:
    """Each counting rule's count filters, evaluated by the engine for what the form may pick."""
    engine = CountingEngine(ctx.policy, ctx.roster, ctx.cal, ctx.credit, ctx.as_of)
    titles = {r.id: r.title for r in ctx.policy.rules}
    out = []
    for rule in ctx.policy.rules:
        c = rule.count
        out.append({
            "id": rule.id, "title": rule.title, "level": rule.level.value, "per": rule.per.value, "each": rule.each,
            "types": [t for t in ctx.policy.activity_types if engine.counts_type(c, t)], "guidance": c.guidance,
            "days": None if c.days is None else [d.isoformat() for d in days if ctx.cal.on_days(d, c.days)],
            "targets_needed": filters_targets(c), "filter": _filter_index(filters, c), "assigned_only": c.assigned_only,
            # Credit.under: a record the actor files counts for them under `self` and `self-and-members`.
            "credited": c.by in ("self", "self-and-members"),
            "apart": [titles.get(r, r) for r in c.distinct_from],
        })
    return out


def _window(ctx: Context) -> tuple[date, date]:
    return ctx.as_of - timedelta(days=recent_days(ctx.policy)), ctx.as_of


def _standing_results(ctx: Context) -> list[Result]:
    lo, hi = _window(ctx)
    return [r for r in ctx.compliance.results if r.end >= lo and r.start <= hi]


def _assignments(ctx: Context) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for a in ctx.repo.assignments:
        out.setdefault(a.actor, []).append([a.since.isoformat() if a.since else None,
                                            a.until.isoformat() if a.until else None, list(a.targets)])
    return out


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def form_data(ctx: Context, texts: dict[str, str]) -> dict[str, Any]:
    """The main data file: everything but the actors' own records and results."""
    results = _standing_results(ctx)
    span = (min((r.start for r in results), default=ctx.as_of), max((r.end for r in results), default=ctx.as_of))
    days = [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]
    filters = _target_filters(ctx)
    targets, units = _contacts(ctx, filters)
    policy, filing = ctx.policy, ctx.policy.filing
    return {
        "rules": formrules.rules(), "texts": texts,
        "as_of": ctx.as_of.isoformat(), "timezone": ctx.institution.timezone,
        "default_date": ctx.as_of.isoformat() if ctx.as_of_source == AsOfSource.SAMPLE else None,
        "window_from": _window(ctx)[0].isoformat(),
        "forge": _forge(ctx.institution),
        "policy": {"types": _types(policy), "guidance": policy.guidance,
                   "filing": {"within_days": filing.within_days, "checked_from": _iso(filing.checked_from)} if filing else None},
        "labels": {"kinds": KIND_LABELS, "visibility": VISIBILITY_LABELS, "problem_status": PROBLEM_STATUS_LABELS,
                   "status": STATUS_LABELS},
        "terms": [[t.id, t.start.isoformat(), t.end.isoformat()] for t in ctx.cal.terms()],
        "people": [{"id": p.id, "name": p.name, "title": p.title, "unit": p.unit, "since": _iso(p.since),
                    "until": _iso(p.until), "liaisons": p.liaisons} for p in ctx.repo.people.values()],
        "units": units, "targets": targets, "assignments": _assignments(ctx),
        "count_rules": _count_rules(ctx, filters, days),
    }


def _record_row(ctx: Context, r: Record) -> list[Any]:
    """[date, type, file, targets, start, end]; a restricted record keeps only its date, type and file."""
    m, file = r.meta, r.path.rsplit("/", 1)[-1]
    if ctx.restricted(r):
        return [m.date.isoformat(), m.type, file, None, None, None]
    return [m.date.isoformat(), m.type, file, list(m.targets), m.start and f"{m.start:%H:%M}", m.end and f"{m.end:%H:%M}"]


def actor_data(ctx: Context, actor: str, results: list[Result]) -> dict[str, Any]:
    """One actor's file: their recent records in filing order and their results in the recent periods."""
    lo, _ = _window(ctx)
    stamps = ctx.history.first_commit_ts if ctx.history else {}
    recent = sorted((r for r in ctx.credit.filed_by(actor) if r.meta.date >= lo),
                    key=lambda r: (stamps.get(r.path, float("inf")), r.path))
    index = {rule.id: i for i, rule in enumerate(ctx.policy.rules)}
    standing = []
    for res in results:
        period = ctx.period(res)
        standing.append({"rule": index[res.rule], "name": ctx.cal.name(period) if period else res.period,
                         "start": res.start.isoformat(), "end": res.end.isoformat(), "until": res.due.isoformat(),
                         "target": res.target, "required": res.required, "required_hours": res.required_hours,
                         "achieved": res.achieved, "hours": res.hours, "status": res.status.value})
    return {"id": actor, "records": [_record_row(ctx, r) for r in recent], "standing": standing}


def _js(prefix: str, data: dict[str, Any], suffix: str) -> bytes:
    return (prefix + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + suffix).encode()


def files(ctx: Context, texts: dict[str, str]) -> dict[str, bytes]:
    """The data files of the form, by docs-relative path."""
    by_actor: dict[str, list[Result]] = {}
    for res in _standing_results(ctx):
        by_actor.setdefault(res.actor, []).append(res)
    out = {DATA_FILE: _js("window.CRFormData = ", form_data(ctx, texts), ";\n")}
    for actor in [*ctx.repo.people, *ctx.repo.units]:
        data = actor_data(ctx, actor, by_actor.get(actor, []))
        out[actor_file(actor)] = _js("if (window.CRFormActor) window.CRFormActor(", data, ");\n")
    return out
