"""Records as code for university cadres' contact with students and teachers (联系师生工作记录).

Library use::

    import generator
    outcome = generator.run("path/to/repo")          # validate and compute compliance
    result = generator.build("path/to/repo", "site")  # ... and build both sites
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .builder import BuildResult
    from .pipeline import Outcome


def run(*args: Any, **kwargs: Any) -> Outcome:
    """``generator.pipeline.run``: load, validate and compute compliance."""
    from .pipeline import run as run_pipeline  # keeps ``import generator`` light

    return run_pipeline(*args, **kwargs)


def build(*args: Any, **kwargs: Any) -> BuildResult:
    """``generator.builder.build``: validate, compute and build both sites."""
    from .builder import build as build_all  # the site layer is heavy: only when building

    return build_all(*args, **kwargs)
