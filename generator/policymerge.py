"""A policy's ``extends`` chain merged into the policy in force: a descendant adds to and overrides
its ancestors (rules by id, parameters by name), and each rule keeps citing the document it
comes from. Pure functions of the validated policies (``loader`` reads and validates them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import schema

#: the policy's sections of entries with ids
SECTIONS = ("rules", "assignment_rules", "coverage_rules", "profile_rules", "reports")


def cite_document(policy: schema.Policy) -> schema.Policy:
    """Each rule remembers the document it comes from, so an inherited rule keeps citing its own."""
    def cite(items: list[Any]) -> list[Any]:
        return [x if x.document else x.model_copy(update={"document": policy.document}) for x in items]

    return policy.model_copy(update={section: cite(getattr(policy, section)) for section in SECTIONS})


def _by_id(old: Iterable[Any], new: Iterable[Any]) -> list[Any]:
    items = {x.id: x for x in old}
    items.update({x.id: x for x in new})
    return list(items.values())


def _merge_parameters(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """A descendant's full entry replaces; its bare value changes the value (now the institution's)."""
    out = dict(old)
    for key, entry in new.items():
        parent = out.get(key)
        if isinstance(entry, schema.Parameter) or not isinstance(parent, schema.Parameter):
            out[key] = entry
        else:
            out[key] = parent.model_copy(update={"value": entry, "origin": "institution"})
    return out


def merge_policies(chain: list[schema.Policy]) -> schema.Policy:
    """Merge a policy chain (root ancestor first): later files add to and override earlier ones.

    A bare parameter value with nothing to override is dropped here (the validator reports it).
    """
    merged = chain[0]
    for child in chain[1:]:
        merged = merged.model_copy(update={
            "id": child.id, "title": child.title, "document": child.document, "issuer": child.issuer,
            "extends": child.extends,
            "roles": {**merged.roles, **child.roles},
            "guidance": list(dict.fromkeys([*merged.guidance, *child.guidance])),
            "sensitive_tags": list(dict.fromkeys([*merged.sensitive_tags, *child.sensitive_tags])),
            "sensitive_words": {**merged.sensitive_words, **child.sensitive_words},
            "tags": list(dict.fromkeys([*merged.tags, *child.tags])),
            "parameters": _merge_parameters(merged.parameters, child.parameters),
            "activity_types": {**merged.activity_types, **child.activity_types},
            "due": {**merged.due, **child.due},
            "filing": child.filing or merged.filing,
            "problems": child.problems or merged.problems,
            **{section: _by_id(getattr(merged, section), getattr(child, section)) for section in SECTIONS},
        })
    named = {k: v for k, v in merged.parameters.items() if isinstance(v, schema.Parameter)}
    return merged.model_copy(update={"parameters": named}) if len(named) != len(merged.parameters) else merged
