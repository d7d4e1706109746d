"""Exceptions the command line turns into one clear Chinese line and an exit status."""

from __future__ import annotations

import click


class CannotRun(click.ClickException):
    """The command cannot run at all (bad folder, bad option): exit status 2, per the contract."""

    exit_code = 2

    def format_message(self) -> str:
        return f"无法运行：{self.message}"


class RecordsInvalid(click.ClickException):
    """Validation found errors: exit status 1."""

    exit_code = 1
