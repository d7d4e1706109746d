"""Policy parameters: ``{parameter: id}`` references in policy files, replaced by their values before the schema.

A policy chain declares parameters (``parameters:``); a descendant may change a value. Every
reference in every file of the chain takes the value the *whole chain* ends with, so an
institution that extends a preset sets a number once and every inherited rule uses it. The
references are replaced in the raw YAML data, before the schema checks the files, so a rule's
``min`` is always an ``int`` to the code that reads it; what was replaced is kept as ``Use``s for
the policy page ("本校设定" / "文件规定").
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, diag
from .yamlio import Loaded, Path

REF_KEY = "parameter"
SECTION = "parameters"
#: A value is copied into every place that references it; a parameter is a number, a word or a
#: small set of days, so anything larger is refused rather than multiplied (a hostile policy).
MAX_NODES = 64


@dataclass(frozen=True, slots=True)
class Use:
    """One reference: in ``file`` at YAML ``path`` (section, index, field…) the value of ``parameter``."""

    file: str
    path: Path
    parameter: str
    entry: str | None  # id of the rule or report holding the reference, if any

    @property
    def field(self) -> str:
        """The referencing field inside its entry (``min``, ``count.within_first_days``), or its path
        from the top of the file outside the lists (``problems.respond_within_days``)."""
        inside = self.path[2:] if self.entry is not None else self.path
        return ".".join(str(p) for p in inside if not isinstance(p, int))


def _raw_value(entry: Any) -> Any:
    """The value of a raw ``parameters`` entry: the ``value`` of a mapping, else the shorthand itself."""
    if isinstance(entry, dict) and "title" in entry:
        return entry.get("value")
    return entry


def chain_values(docs: Sequence[Loaded]) -> dict[str, Any]:
    """Raw values after the whole chain (root ancestor first): a later file's value wins."""
    values: dict[str, Any] = {}
    for loaded in docs:
        declared = loaded.data.get(SECTION) if isinstance(loaded.data, dict) else None
        if isinstance(declared, dict):
            values.update({str(k): _raw_value(v) for k, v in declared.items()})
    return values


def _nodes(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def _reference(node: Any) -> str | None:
    if isinstance(node, dict) and len(node) == 1 and REF_KEY in node and isinstance(node[REF_KEY], str):
        return node[REF_KEY]
    return None


@dataclass
class _Walk:
    rel: str
    loaded: Loaded
    values: dict[str, Any]
    uses: list[Use]
    problems: list[Diagnostic]

    def entry_id(self, path: Path) -> str | None:
        if len(path) < 2 or not isinstance(path[1], int):
            return None
        section = self.loaded.data.get(path[0])
        item = section[path[1]] if isinstance(section, list) and path[1] < len(section) else None
        return str(item["id"]) if isinstance(item, dict) and "id" in item else None

    def resolve(self, name: str, path: Path) -> tuple[bool, Any]:
        """(found, value); a reference that cannot be resolved is reported and dropped."""
        line = self.loaded.line(path)
        if name not in self.values:
            known = "、".join(self.values) or "（无）"
            self.problems.append(diag("policy-unknown-ref", self.rel, line,
                                      f"参数“{name}”没有在 parameters 中声明。已声明：{known}。"))
            return False, None
        if self.values[name] is None:
            self.problems.append(diag("policy-parameter", self.rel, line,
                                      f"这里引用的参数“{name}”还没有取值。请在本校制度文件的 parameters 中写明，"
                                      f"例如 {name}: 取值。"))
            return False, None
        if _nodes(self.values[name]) > MAX_NODES:
            self.problems.append(diag("policy-parameter", self.rel, line,
                                      f"参数“{name}”的取值过大（超过 {MAX_NODES} 项）。参数应是一个数字、一段文字或一组日子。"))
            return False, None
        self.uses.append(Use(self.rel, path, name, self.entry_id(path)))
        return True, copy.deepcopy(self.values[name])

    def node(self, value: Any, path: Path) -> tuple[bool, Any]:
        name = _reference(value)
        if name is not None:
            return self.resolve(name, path)
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for k, v in value.items():
                keep, new = self.node(v, (*path, k))
                if keep:
                    out[k] = new
            return True, out
        if isinstance(value, list):
            items = [self.node(v, (*path, i)) for i, v in enumerate(value)]
            return True, [new for keep, new in items if keep]
        return True, value


def substitute(rel: str, loaded: Loaded, values: dict[str, Any]) -> tuple[Loaded, list[Use], list[Diagnostic]]:
    """``loaded`` with every reference outside ``parameters:`` replaced by its value.

    Line numbers stay those of the file (the paths do not move, except past a dropped list item,
    whose error is already reported at its own line).
    """
    if not isinstance(loaded.data, dict):
        return loaded, [], []
    walk = _Walk(rel, loaded, values, [], [])
    data = {k: (v if k == SECTION else walk.node(v, (k,))[1]) for k, v in loaded.data.items()}
    return Loaded(data, loaded.lines, loaded.ok), walk.uses, walk.problems
