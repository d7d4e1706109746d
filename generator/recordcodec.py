"""Parsed records as plain values and back: what the parse cache stores and parse workers send.

A ``ParsedRecord`` holds dataclasses and pydantic models, which pickle slowly (the parent of a
parallel parse spent more time unpickling them than a worker spent parsing) and can only be
unpickled by importing classes, which a cache read from disk must never do. ``encode`` turns one
into nested tuples of str, int and None, ``decode`` builds the very same objects back without
validating again. Both are driven by the models' own field lists, so a field added to
``schema.RecordMeta`` is carried without touching this module (a field type it does not know
fails loudly when the module is imported, never silently).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, time
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from . import schema
from .diagnostics import decode_diagnostic, encode_diagnostic
from .recordfile import Lines, ParsedRecord, PartialMeta, PartialRecord, Record

Plain = Any  # None | str | int | tuple[Plain, ...]: what pickle stores without importing anything

Codec = tuple[Callable[[Any], Plain], Callable[[Plain], Any]]


def _same(value: Any) -> Any:
    return value


def _strip(annotation: Any) -> Any:
    """The type under ``Annotated[...]`` and ``X | None``."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [a for a in get_args(annotation) if a is not type(None)]
        if len(rest) == 1:
            return _strip(rest[0])
    return annotation


def _codec(annotation: Any) -> Codec | None:
    """Encoder and decoder of one field type; None when the value is plain already (str, int).
    Both are only ever called with a value that is not None."""
    kind = _strip(annotation)
    origin = get_origin(kind)
    if origin is list:
        item = _codec(get_args(kind)[0])
        if item is None:
            return tuple, list
        item_enc, item_dec = item
        return (lambda v: tuple(item_enc(x) for x in v)), (lambda p: [item_dec(x) for x in p])
    if origin is Literal or kind in (str, int, bool):
        return None
    if isinstance(kind, type) and issubclass(kind, Enum):
        members = {m.value: m for m in kind}
        return (lambda v: v.value), members.__getitem__
    if kind is date:
        return date.isoformat, date.fromisoformat
    if kind is time:
        return time.isoformat, time.fromisoformat
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return ModelCodec(kind).pair()
    raise TypeError(f"recordcodec cannot carry a field of type {annotation!r}")


class FieldsCodec:
    """Values of named fields in order, each converted by its type's codec (None stays None)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.names = tuple(fields)
        pairs = [(i, _codec(annotation)) for i, annotation in enumerate(fields.values())]
        self.converted = tuple((i, codec[0], codec[1]) for i, codec in pairs if codec is not None)

    def encode(self, values: list[Any]) -> Plain:
        for i, enc, _ in self.converted:
            if values[i] is not None:
                values[i] = enc(values[i])
        return tuple(values)

    def decode(self, plain: Plain) -> list[Any]:
        values = list(plain)
        for i, _, dec in self.converted:
            if values[i] is not None:
                values[i] = dec(values[i])
        return values


class ModelCodec:
    """A frozen pydantic model as (its fields in order..., a bitmask of the fields that were set).

    Decoding builds the instance the way ``model_construct`` does (no validation: the values were
    validated when the record was parsed) without its per-field alias and default lookups, which
    cost more than the rest of decoding; tests compare the result with a fresh parse."""

    def __init__(self, model: type[BaseModel]) -> None:
        if model.__pydantic_post_init__ or model.__private_attributes__ or model.model_config.get("extra") == "allow":
            raise TypeError(f"recordcodec cannot carry {model.__name__}: it has post-init, private or extra fields")
        self.model = model
        self.fields = FieldsCodec({name: info.annotation for name, info in model.model_fields.items()})
        self._sets: dict[int, frozenset[str]] = {}  # bitmask of fields set -> the shared set

    def encode(self, obj: BaseModel) -> Plain:
        names = self.fields.names
        mask = sum(1 << i for i, name in enumerate(names) if name in obj.model_fields_set)
        return (*self.fields.encode([getattr(obj, name) for name in names]), mask)

    def decode(self, plain: Plain) -> BaseModel:
        mask = plain[-1]
        fields = self._sets.get(mask)
        if fields is None:
            names = self.fields.names
            fields = self._sets[mask] = frozenset(n for i, n in enumerate(names) if mask >> i & 1)
        obj = self.model.__new__(self.model)
        _set(obj, "__dict__", dict(zip(self.fields.names, self.fields.decode(plain[:-1]), strict=True)))
        # one frozen set per combination of fields, shared: a set each was a sixth of the memory of
        # 100,000 records. The models are frozen, so nothing adds to it (model_copy(update=…), which
        # would, is not used on records).
        _set(obj, "__pydantic_fields_set__", fields)
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    def pair(self) -> Codec:
        return self.encode, self.decode


_set = object.__setattr__
_META = ModelCodec(schema.RecordMeta)
# PartialMeta mirrors RecordMeta field by field (values that failed the schema are None or empty).
_PARTIAL = FieldsCodec({f.name: schema.RecordMeta.model_fields[f.name].annotation
                        for f in dataclasses.fields(PartialMeta)})


def _lines_enc(lines: Lines) -> Plain:
    return (tuple(lines), tuple(lines.values()))


def _lines_dec(plain: Plain) -> Lines:
    keys, lines = plain
    return Lines(keys, lines)


def encode(parsed: ParsedRecord) -> Plain:
    """A parsed record as nested tuples of plain values."""
    path = parsed.path
    record: Plain = None
    if parsed.record is not None:
        r = parsed.record
        record = (r.body, r.body_line, _lines_enc(r.lines), _META.encode(r.meta))
    partial: Plain = None
    if parsed.partial is not None:
        p = parsed.partial
        meta = _PARTIAL.encode([getattr(p.meta, name) for name in _PARTIAL.names])
        partial = (p.body, p.body_line, _lines_enc(p.lines), meta, tuple(sorted(p.unknown)))
    return (path, tuple(encode_diagnostic(d, path) for d in parsed.diagnostics), parsed.by_hint, record, partial)


def decode(plain: Plain) -> ParsedRecord:
    """The ``ParsedRecord`` that ``encode`` was given, equal field by field."""
    path, diagnostics, by_hint, record, partial = plain
    rec = None
    if record is not None:
        body, body_line, lines, meta = record
        rec = Record(path, body, body_line, _lines_dec(lines), _META.decode(meta))  # type: ignore[arg-type]
    part = None
    if partial is not None:
        body, body_line, lines, meta, unknown = partial
        part = PartialRecord(path, body, body_line, _lines_dec(lines), PartialMeta(*_PARTIAL.decode(meta)),
                             frozenset(unknown))
    return ParsedRecord(path, rec, tuple(decode_diagnostic(d, path) for d in diagnostics), by_hint, part)
