"""Unique fictional names, person ids and account names; Chinese numerals."""

from __future__ import annotations

from random import Random

from .institution import GIVEN, SURNAMES, TWO_CHARACTER_GIVEN


class NameBook:
    """Hands out unique fictional Chinese names, person ids and account names."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.accounts: set[str] = set()

    def name(self) -> tuple[str, str, list[str]]:
        """A new name: (Chinese name, surname pinyin, given-name pinyin syllables)."""
        while True:
            sur, sur_py = self.rng.choice(SURNAMES)
            count = 2 if self.rng.random() < TWO_CHARACTER_GIVEN else 1
            given = [self.rng.choice(GIVEN) for _ in range(count)]
            if count == 2 and given[0][0] == given[1][0]:
                continue
            name = sur + "".join(ch for ch, _ in given)
            if name not in self.names:
                self.names.add(name)
                return name, sur_py, [py for _, py in given]

    def person(self) -> tuple[str, str, str]:
        """(name, id, account) for a person who files records."""
        name, sur, given = self.name()
        base = f"{sur}-{''.join(given)}"
        pid, n = base, 2
        while pid in self.ids:
            pid, n = f"{base}-{n}", n + 1
        self.ids.add(pid)
        acc_base = sur + "".join(g[0] for g in given)
        acc, n = acc_base, 2
        while acc in self.accounts:
            acc, n = f"{acc_base}{n}", n + 1
        self.accounts.add(acc)
        return name, pid, acc

    def teacher_id(self, sur: str, given: list[str]) -> str:
        base = f"teacher-{sur}-{''.join(given)}"
        tid, n = base, 2
        while tid in self.ids:
            tid, n = f"{base}-{n}", n + 1
        self.ids.add(tid)
        return tid


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (二, 十二, 二十, 三十五)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")
