"""Text folded for name matching, keeping every folded character's place in the original text.

A name written with an invisible joiner (王\u2060婷彤), a space (王婷 彤, 段　航), full-width or
traditional characters (韓博), capitals or a hyphen (Duan Hang, duan-hang) is still the name. Each
character of the original is folded on its own — Unicode NFKC, accents dropped, case folded,
traditional to simplified (OpenCC's character table) — and then kept, dropped (format and
combining characters: zero-width spaces, joiners, soft hyphens, variation selectors) or taken as a
separator (spaces, dashes, dots, underscores), which is dropped but remembered, so that a match can
require a word boundary. Folding one character at a time keeps offsets exact and the cost linear.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

import opencc

_DROP = frozenset({"Cf", "Mn", "Me", "Cc", "Cs", "Co", "Cn"})
_SEPARATORS = frozenset(".·・'’")
# Blocks whose traditional characters OpenCC maps to simplified ones (one character to one).
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


@cache
def _t2s() -> dict[int, str]:
    """Traditional → simplified, one character at a time (built once, in about 20 ms)."""
    chars = [chr(o) for lo, hi in _CJK_BLOCKS for o in range(lo, hi)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        return {}
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@cache
def fold_char(ch: str) -> tuple[str, bool]:
    """(the folded characters, whether ``ch`` separates words). Dropped characters fold to ""."""
    if ch.isspace():
        return "", True
    out = []
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch)):
        category = unicodedata.category(c)
        if category in ("Pd", "Pc", "Zs") or c in _SEPARATORS or c.isspace():
            return "", True
        if category not in _DROP:
            out.append(c)
    folded = unicodedata.normalize("NFC", "".join(out)).casefold().translate(_t2s())
    return folded, False


class _FoldTable(dict[int, str]):
    """``str.translate``'s table of ``fold_char``: each code point folded on first sight."""

    def __missing__(self, point: int) -> str:
        folded = self[point] = fold_char(chr(point))[0]
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The folded text with separators removed (the form roster names and ids are stored in):
    each character's ``fold_char``, joined (one ``str.translate``)."""
    return text.translate(_TABLE)


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded for matching: ``chars[i]`` came from ``text[starts[i]:ends[i]]``, and
    ``gap[i]`` says a separator stood between ``chars[i - 1]`` and ``chars[i]``."""

    text: str
    chars: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    gap: tuple[bool, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        each = list(map(fold_char, text))
        if all(len(folded) == 1 and not separates for folded, separates in set(each)):
            # Every character folds to one and none separates (most Chinese text): the loop below
            # would give exactly this, one character at a time.
            n = len(text)
            return cls(text, "".join(map(itemgetter(0), each)), tuple(range(n)), tuple(range(1, n + 1)), (False,) * n)
        chars: list[str] = []
        starts: list[int] = []
        gap: list[bool] = []
        pending = False
        for i, (folded, separates) in enumerate(each):
            pending = pending or separates
            for c in folded:
                chars.append(c)
                starts.append(i)
                gap.append(pending)
                pending = False
        ends = tuple(s + 1 for s in starts)
        return cls(text, "".join(chars), tuple(starts), ends, tuple(gap))

    def boundary(self, i: int) -> bool:
        """Whether a word may start (or the previous one end) before folded character ``i``:
        at either end, after a separator, or where an ASCII letter or digit meets anything else."""
        if i <= 0 or i >= len(self.chars) or self.gap[i]:
            return True
        return not (_word(self.chars[i - 1]) and _word(self.chars[i]))


def _word(c: str) -> bool:
    return c.isascii() and c.isalnum()


def is_word(c: str) -> bool:
    """ASCII letters and digits: where a name or id made of them needs a word boundary."""
    return _word(c)
