"""Small-group protection: no published group, and no combination of published groups, singles out fewer than ``k`` people.

A reader of the public tables knows, for every published group (each row of every table, the
merged rows and the institution's total), its members' summed figures. Adding and subtracting rows
— within one table or across tables, any number of them, with any rational weights — gives the sum
over every set whose member indicator lies in the linear span of the published groups' indicators.
``protect`` merges groups until no such set has between 1 and ``k - 1`` members. The check is exact
linear algebra over the rationals (``fractions``), so it is sound for every combination of rows,
not only pairs; docs/opendata.md states what it does not cover (figures across terms, and what
bounds such as "0 met" tell about every member).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from .data import MERGED

Row = dict[int, Fraction]  # a sparse vector over atoms


@dataclass(frozen=True)
class Atoms:
    """Actors grouped by the published groups they belong to: every published sum is constant on
    an atom, so a derivable set is always a union of atoms."""

    members: tuple[frozenset[str], ...]
    rows: tuple[Row, ...]  # one per published group


def atoms_of(published: Sequence[frozenset[str]]) -> Atoms:
    signature: dict[str, list[int]] = {}
    for g, members in enumerate(published):
        for actor in members:
            signature.setdefault(actor, []).append(g)
    by_sig: dict[tuple[int, ...], set[str]] = {}
    for actor, groups in signature.items():
        by_sig.setdefault(tuple(groups), set()).add(actor)
    keys = sorted(by_sig, key=lambda s: (s, sorted(by_sig[s])))
    rows: list[Row] = [{} for _ in published]
    for a, sig in enumerate(keys):
        for g in sig:
            rows[g][a] = Fraction(1)
    return Atoms(tuple(frozenset(by_sig[s]) for s in keys), tuple(rows))


def _reduce(rows: Sequence[Row]) -> list[tuple[int, Row]]:
    """The reduced row echelon form of ``rows``: (pivot column, row), every pivot column zero in the other rows."""
    basis: list[tuple[int, Row]] = []
    for row in rows:
        r = residual(dict(row), basis)
        if not r:
            continue
        pivot = min(r)
        scale = r[pivot]
        r = {c: v / scale for c, v in r.items()}
        for i, (p, b) in enumerate(basis):
            if pivot in b:
                f = b[pivot]
                basis[i] = (p, _axpy(b, r, -f))
        basis.append((pivot, r))
    return basis


def _axpy(x: Row, y: Row, factor: Fraction) -> Row:
    """x + factor·y, zeros dropped."""
    out = dict(x)
    for c, v in y.items():
        value = out.get(c, Fraction(0)) + factor * v
        if value:
            out[c] = value
        else:
            out.pop(c, None)
    return out


def residual(x: Row, basis: Sequence[tuple[int, Row]]) -> Row:
    """What is left of ``x`` after removing its part in the span of ``basis``: empty iff ``x`` is in the span."""
    for pivot, row in basis:
        if pivot in x:
            x = _axpy(x, row, -x[pivot])
    return x


def singled_out(published: Sequence[frozenset[str]], k: int) -> frozenset[str] | None:
    """A set of 1 to ``k - 1`` actors whose summed figures the published groups give away, if any.

    Every such set is a union of atoms of fewer than ``k`` members each; a union is given away
    exactly when the sum of its atoms' residuals against the published rows is zero. Pairs are
    found by looking up each residual's negation; larger unions (only when ``k`` > 3) by trying them.
    """
    atoms = atoms_of(published)
    basis = _reduce(atoms.rows)
    size = [len(m) for m in atoms.members]
    small = [a for a in range(len(size)) if size[a] < k]
    residuals = {a: residual({a: Fraction(1)}, basis) for a in small}
    found = _union(small, residuals, size, k)
    return None if found is None else frozenset().union(*(atoms.members[a] for a in found))


def _key(row: Row) -> frozenset[tuple[int, Fraction]]:
    return frozenset(row.items())


def _union(small: list[int], residuals: dict[int, Row], size: list[int], k: int) -> tuple[int, ...] | None:
    """Atoms whose residuals sum to zero with fewer than ``k`` members in all."""
    by_key: dict[frozenset[tuple[int, Fraction]], list[int]] = {}
    for a in small:
        if not residuals[a]:
            return (a,)
        by_key.setdefault(_key(residuals[a]), []).append(a)
    for a in small:
        for b in by_key.get(_key({c: -v for c, v in residuals[a].items()}), []):
            if size[a] + size[b] < k:
                return (a, b)
    for n in range(3, k):
        for combo in combinations(small, n):
            if sum(size[a] for a in combo) >= k:
                continue
            total: Row = {}
            for a in combo:
                total = _axpy(total, residuals[a], Fraction(1))
            if not total:
                return combo
    return None


# --------------------------------------------------------------------------- merging


class _State:
    """Which groups of each partition are merged, and what that publishes."""

    def __init__(self, partitions: Sequence[Mapping[str, set[str]]], k: int) -> None:
        self.partitions = partitions
        self.k = k
        self.merged: list[set[str]] = [{g for g, m in p.items() if len(m) < k} for p in partitions]
        self.whole = frozenset().union(*(m for p in partitions for m in p.values()))

    def view(self, i: int) -> dict[str, frozenset[str]]:
        p = self.partitions[i]
        out = {g: frozenset(m) for g, m in sorted(p.items()) if g not in self.merged[i]}
        if self.merged[i]:
            out[MERGED] = frozenset().union(*(p[g] for g in self.merged[i]))
        if MERGED in out and len(out[MERGED]) < self.k:
            del out[MERGED]  # too small to print: the total still implies it, which the check sees
        return out

    def published(self) -> list[frozenset[str]]:
        groups = [m for i in range(len(self.partitions)) for m in self.view(i).values()]
        return groups + ([self.whole] if len(self.whole) >= self.k else [])

    def open_groups(self, i: int) -> list[str]:
        """Groups of partition ``i`` not merged yet, smallest first."""
        p = self.partitions[i]
        return sorted((g for g in p if g not in self.merged[i]), key=lambda g: (len(p[g]), g))

    def moves(self, exposed: frozenset[str]) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
        """(cost, partition, group, groups to merge) of each merge that changes what is published
        about the exposed actors: a group holding one of them joins the merged row (with the
        smallest other group when there is no merged row yet, else it would only be renamed), or,
        when they all sit in merged rows, a merged row that holds them grows."""
        for i, p in enumerate(self.partitions):
            rest = self.open_groups(i)
            for g in rest:
                if not p[g] & exposed:
                    continue
                others = [h for h in rest if h != g]
                if self.merged[i]:
                    yield len(p[g]), i, g, (g,)
                elif others:
                    yield len(p[g]) + len(p[others[0]]), i, g, (g, others[0])
            inside = any(p[g] & exposed for g in self.merged[i])
            if inside and rest:
                yield len(p[rest[0]]), i, rest[0], (rest[0],)


def protect(partitions: Sequence[Mapping[str, set[str]]], k: int) -> list[dict[str, frozenset[str]]]:
    """Merge groups of each partition so that nothing published singles out fewer than ``k`` actors.

    Every partition divides the same actors (units, roles); the institution's total is published
    when it reaches ``k``. Groups smaller than ``k`` start in their partition's merged group; then,
    while some combination of the published groups (``singled_out``) gives away a set of fewer
    than ``k`` actors, the cheapest merge that touches that set is made. Each step merges at least
    one more group, so this ends; at worst every partition is one merged group, which is published
    only when it reaches ``k``. Returns each partition's published groups, the merged one under
    ``MERGED``.
    """
    state = _State(partitions, k)
    while (exposed := singled_out(state.published(), k)) is not None:
        moves = sorted(state.moves(exposed))
        if not moves:
            break  # cannot happen while a group is open; everything merged publishes only the total
        _, i, _, groups = moves[0]
        state.merged[i].update(groups)
    return [state.view(i) for i in range(len(partitions))]
