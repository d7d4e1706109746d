"""The two privacy facts every stage must agree on: a record's visibility and a target's sensitivity."""

from __future__ import annotations

from . import schema


def visibility(meta: schema.RecordMeta, policy: schema.Policy | None) -> str:
    """The record's own ``visibility``, else its activity type's default, else ``internal``."""
    if meta.visibility:
        return meta.visibility
    atype = policy.activity_types.get(meta.type) if policy else None
    return atype.visibility if atype else "internal"


def is_sensitive(target: schema.Target | None, policy: schema.Policy | None) -> bool:
    """Marked ``sensitive: true``, or carrying one of the policy's sensitive tags. Units never are."""
    if target is None:
        return False
    if target.sensitive:
        return True
    return policy is not None and bool(set(target.tags) & set(policy.sensitive_tags))
