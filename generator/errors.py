"""The library's domain errors. The command line turns each into one Chinese line and an exit status."""

from __future__ import annotations

from typing import Any


class GeneratorError(Exception):
    """Base of every error the library raises on purpose; its message is Chinese and user-facing."""


class NotARepository(GeneratorError):
    """The folder is not a records repository at all (the CLI exits with status 2)."""


class NoCompliance(GeneratorError):
    """There is no usable policy or calendar, so compliance cannot be computed (exit status 2)."""


class RecordsInvalid(GeneratorError):
    """Validation found errors, so nothing is published (exit status 1). Carries the outcome."""

    def __init__(self, message: str, outcome: Any) -> None:
        super().__init__(message)
        self.outcome = outcome


class SiteBuildFailed(GeneratorError):
    """The site engine (mkdocs) failed on the generated sources (exit status 2)."""


class GitProblem(GeneratorError):
    """Git is missing, the folder is not a Git work tree, or REF is unknown (exit status 2)."""


class BadPath(GeneratorError):
    """A path given on the command line is not in the repository, or not there at all (exit status 2)."""


class ExportProblem(GeneratorError):
    """An export cannot be made as asked: an unknown term, month, actor or unit, or an output format
    the kind does not have (exit status 2)."""
