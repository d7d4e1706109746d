"""The record form's rules as data: the validator's messages, patterns and composer, for its JavaScript.

Nothing here is a second copy of a rule. The messages are ``messages.MESSAGES``; the patterns are
the very ``re`` objects of ``scalars`` (ids, dates, times) and ``pii`` (personal numbers) and of
the composer in ``scaffold``, translated to JavaScript syntax (``js_regex``: Python's Unicode
``\\d`` and ``\\s`` spelled out from this Python's own Unicode tables, since JavaScript's differ);
the front matter order and styles are ``scaffold.FRONT_MATTER``. tests/test_form_rules.py runs the
form's JavaScript on the same inputs as these Python definitions and asserts the same answers.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache
from typing import Any

from ... import messages, pii, scaffold, scalars, schema
from ...recordfile import RECORD_RE
from ...schemaerrors import missing_about

#: Python constructs with no JavaScript equivalent (or another meaning there): refused, not guessed.
_UNPORTABLE = re.compile(r"\(\?P|\(\?[aiLmsux]|\\[AZbBwWpP]|\(\?#")


@cache
def _matching(pattern: str) -> tuple[str, ...]:
    """Every code point Python's ``re`` matches with ``pattern`` (one character class), in order:
    one scan in C over all of Unicode rather than a Python test per code point."""
    top, step = sys.maxunicode + 1, 1 << 16  # by planes: 1.1 million one-character strings at once were 90 MiB
    every = "".join("".join(map(chr, range(lo, min(lo + step, top)))) for lo in range(0, top, step))
    return tuple(m.group() for m in re.finditer(pattern, every))


@cache
def digit_zeros() -> list[int]:
    """Code points of every Unicode digit zero (``re``'s ``\\d`` is category Nd): a digit's value is
    its distance from the zero below."""
    return [ord(c) for c in _matching(r"\d") if unicodedata.decimal(c) == 0]


@cache
def _digit_ranges() -> str:
    """Python's ``\\d`` (every Unicode decimal digit) as the ranges of a JavaScript class."""
    return "".join(f"\\u{{{z:X}}}-\\u{{{z + 9:X}}}" for z in digit_zeros())


@cache
def _space_chars() -> str:
    """Python's ``\\s`` for text patterns, as the members of a JavaScript class."""
    return "".join(f"\\u{{{ord(c):X}}}" for c in _matching(r"\s"))


def js_regex(pattern: str | re.Pattern[str]) -> str:
    """The source of a Python pattern as a JavaScript pattern for the ``u`` flag, meaning the same."""
    source = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    if _UNPORTABLE.search(source):
        raise ValueError(f"pattern has no JavaScript equivalent: {source!r}")
    out: list[str] = []
    in_class, i = False, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            pair = source[i:i + 2]
            spelled = {"\\d": _digit_ranges(), "\\s": _space_chars()}.get(pair)
            out.append(pair if spelled is None else spelled if in_class else f"[{spelled}]")
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class and out[-1] not in ("[", "[^"):
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _patterns() -> dict[str, str]:
    found = {f"pii_{k}": v for k, v in pii.PATTERNS.items()} | scalars.PATTERNS
    return {key: js_regex(p) for key, p in found.items()} | {
        "slug": js_regex(RECORD_RE.pattern.split("(?P<slug>")[1].split(")")[0]),
        "plain": js_regex(scaffold.PLAIN), "plain_in_list": js_regex(scaffold.PLAIN_IN_LIST),
        "dropped": js_regex(scaffold.DROPPED),
    }


def _field_notes() -> dict[str, str]:
    """What each record field is, as a missing-field message says it (``schemaerrors.missing_about``)."""
    keys = ("by", "date", "type", "summary", "start", "end")
    notes = {k: missing_about(schema.RecordMeta, k) for k in keys}
    return notes | {f"problems.{k}": missing_about(schema.Problem, k) for k in ("summary", "resolved")}


def rules() -> dict[str, Any]:
    """Everything the form checks with that does not depend on a repository."""
    return {
        "messages": messages.catalogue(),
        "list_separator": messages.LIST_SEPARATOR,
        "patterns": _patterns(),
        "years": [scalars.MIN_YEAR, scalars.MAX_YEAR],
        "digits": {"zeros": digit_zeros(), "chinese": pii.CHINESE_DIGITS},
        "pii": {"longest": pii.LONGEST, "id_card": pii.ID_CARD, "mobile": pii.MOBILE, "quote_limit": pii.QUOTE_LIMIT},
        "compose": {"front_matter": [list(f) for f in scaffold.FRONT_MATTER],
                    "problem_fields": [list(f) for f in scaffold.PROBLEM_FIELDS], "spaces": scaffold.SPACES},
        "fields": _field_notes(),
    }
