"""Names written where an id belongs, and ids almost right: whose name it is, which id was meant.

A cadre who never used Git writes ``by: 韩彤成`` (her roster name) or ``targets: [3栋301宿舍]``; the
schema can only say "not an id" because it does not know the rosters. Here, where the rosters are
known, such a message becomes "韩彤成的标识是 han-tongcheng", and an unknown id gets a did-you-mean
by id and by name. A sensitive target's name is masked in every message, as on the internal site.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..diagnostics import Diagnostic, diag
from ..keyboard import value_slip
from ..privacy import mask_name
from ..roster import IdKind
from .context import Context

PEOPLE = (IdKind.PERSON,)
UNITS = (IdKind.UNIT,)
ACTORS = (IdKind.PERSON, IdKind.UNIT)
CONTACTS = (IdKind.TARGET, IdKind.UNIT)

#: What each id-valued field refers to (records, rosters and policy alike).
FIELD_KINDS: dict[str, tuple[IdKind, ...]] = {
    "by": ACTORS, "actor": ACTORS, "with": PEOPLE, "person": PEOPLE, "secretary": PEOPLE,
    "liaisons": PEOPLE, "targets": CONTACTS, "members": (IdKind.TARGET,), "refer_to": UNITS,
    "unit": UNITS, "parent": UNITS, "branch": UNITS, "ids": tuple(IdKind),
}
#: Fields holding one id, so the fix can be written out whole ("写成 by: wang-jianguo").
SCALAR_FIELDS = frozenset({"by", "actor", "person", "secretary", "refer_to", "unit", "parent", "branch"})
_ROSTER_OF = {IdKind.PERSON: "人员", IdKind.UNIT: "单位", IdKind.TARGET: "联系对象"}


def shown_name(c: Context, ref: str) -> str:
    """A roster entry's name as messages print it: masked for a sensitive target."""
    name = c.roster.name(ref)
    return mask_name(name) if ref in c.sensitive else name


def described(c: Context, ref: str) -> str:
    """An id with what tells it apart: wang-jianguo（王建国，党委书记）."""
    person = c.repo.people.get(ref)
    extra = f"，{person.title}" if person is not None and person.title else ""
    return f"{ref}（{shown_name(c, ref)}{extra}）"


def did_you_mean(c: Context, text: str, kinds: Sequence[IdKind]) -> str:
    """" 是不是 wang-jianguo（王建国）？" for an unknown id or name, or empty."""
    close = c.roster.similar(text, kinds)
    return f"是不是 {'、'.join(described(c, i) for i in close)}？" if close else ""


def _echo(c: Context, value: str, matches: Iterable[str]) -> str:
    """The user's own value as a message may repeat it: masked when it names a sensitive target."""
    if any(m in c.sensitive for m in matches) or c.guard.sensitive(value):
        return mask_name(value)
    return value


def _fix(field: str, ref: str) -> str:
    return f"请写成 {field}: {ref}。" if field in SCALAR_FIELDS else f"请把它改成 {ref}。"


def name_message(c: Context, field: str, value: str) -> str | None:
    """Why ``value`` (not an id) is wrong in ``field``, in terms of the rosters; None if unknown."""
    kinds = FIELD_KINDS.get(field)
    if kinds is None:
        return None
    exact = c.roster.named(value, kinds)
    if len(exact) == 1:
        ref = exact[0]
        noun = "姓名" if ref in c.repo.people or c.roster.kind_of(ref) in ("student", "teacher") else "名称"
        who = shown_name(c, ref)
        return f"“{_echo(c, value, exact)}”是{noun}，不是标识：{who}的标识是 {ref}。{_fix(field, ref)}"
    if exact:
        listed = "、".join(described(c, r) for r in exact)
        return f"名册中有 {len(exact)} 个叫“{_echo(c, value, exact)}”的：{listed}。请写其中一个的标识。"
    elsewhere = c.roster.named(value)
    if elsewhere:
        kind = c.roster.ids[elsewhere[0]]
        return (f"“{_echo(c, value, elsewhere)}”是{_ROSTER_OF[kind]}的名称（标识 {elsewhere[0]}），"
                f"但这里要写{'或'.join(_ROSTER_OF[k] for k in kinds)}的标识。")
    close = c.roster.similar(value, kinds)
    if close:
        return (f"“{_echo(c, value, close)}”不是标识。名称相近的有 {'、'.join(described(c, r) for r in close)}："
                f"如果指的是其中一个，请写它的标识。")
    return None


def with_name_hints(c: Context, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with every "not an id" message that names a roster entry rewritten."""
    out = []
    for d in diagnostics:
        wanted = d.code == "schema-id" and d.subject is not None and value_slip(d.subject[1]) is None
        message = name_message(c, *d.subject) if wanted and d.subject else None
        if message is None:
            out.append(d)
            continue
        label = d.message.split("：", 1)[0] + "：" if d.message.startswith("“") and "：" in d.message else ""
        out.append(diag(d.code, d.file, d.line, label + message, d.column))
    return out
