"""Reference docs are complete and current: codes documented, examples valid, help with examples."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from generator import refdocs, reviewfiles, schema
from generator.cli import main as cli_main
from generator.diagnostics import CODES
from generator.loader import split_front_matter
from generator.messages import MESSAGES
from generator.reporters import SEVERITY_ZH
from generator.schemaerrors import validate as validate_model
from generator.yamlio import parse

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
REFERENCE = ROOT / "docs" / "reference"
DIAGNOSTICS_MD = REFERENCE / "diagnostics.md"
NOT_YET = "（将在后续版本中启用）"


# --------------------------------------------------------------------------- diagnostic codes

def diagnostics_sections() -> dict[str, str]:
    """``## `code` `` heading -> the text of its section."""
    text = DIAGNOSTICS_MD.read_text(encoding="utf-8")
    parts = re.split(r"^## `([^`]+)`[ \t]*$", text, flags=re.M)
    codes = parts[1::2]
    assert len(codes) == len(set(codes)), "diagnostics.md documents a code twice"
    return dict(zip(codes, parts[2::2], strict=True))


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _diag_wrappers(tree: ast.Module) -> set[str]:
    """Functions passing their first (non-self) parameter to ``diag`` (or pydantic's error) as the
    code (Checker.add, scalars._fail)."""
    names = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = [a.arg for a in fn.args.args if a.arg not in ("self", "cls")]
        if not params:
            continue
        for call in ast.walk(fn):
            if (
                isinstance(call, ast.Call) and _call_name(call.func) in ("diag", "PydanticCustomError") and call.args
                and isinstance(call.args[0], ast.Name) and call.args[0].id == params[0]
            ):
                names.add(fn.name)
    return names


def emitted_codes() -> Iterator[tuple[str, str]]:
    """(code, "file:line") for every literal code handed to diag() or one of its wrappers, and every
    PydanticCustomError type of ours (ours are hyphenated; pydantic's own use underscores), and the
    code of every catalogued message a check says (``c.say("duplicate", …)``, ``messages.MESSAGES``)."""
    trees = {
        p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(GENERATOR.rglob("*.py"))
    }
    emitters = {"diag"}.union(*(_diag_wrappers(t) for t in trees.values()))
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first = node.args[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            name = _call_name(node.func)
            if name in ("say", "text") and first.value in MESSAGES:
                yield MESSAGES[first.value].code, f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in emitters or (name == "PydanticCustomError" and "-" in first.value):
                yield first.value, f"{path.relative_to(ROOT)}:{node.lineno}"


def test_every_code_is_documented() -> None:
    documented = set(diagnostics_sections())
    assert sorted(set(CODES) - documented) == [], "codes without a section in diagnostics.md"
    assert sorted(documented - set(CODES)) == [], "sections in diagnostics.md for unknown codes"


def test_every_emitted_code_is_registered() -> None:
    found = list(emitted_codes())
    assert len({code for code, _ in found}) > 40, "too few codes found; has diag() been renamed?"
    unknown = [f"{where}: {code}" for code, where in found if code not in CODES]
    assert unknown == [], "codes used in generator/ but missing from diagnostics.CODES (a typo?)"


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_section_is_complete(code: str) -> None:
    section = diagnostics_sections().get(code, "")
    info = CODES[code]
    assert info.title in section, f"the section of {code} should show its title “{info.title}”"
    assert f"级别：{SEVERITY_ZH[info.severity]}" in section
    for part in ("**含义**", "**示例**", "**如何修改**"):
        assert part in section, f"the section of {code} lacks {part}"


def test_not_yet_notes_match_the_code() -> None:
    """The “not enabled yet” note is on exactly the codes nothing emits."""
    emitted = {code for code, _ in emitted_codes()}
    sections = diagnostics_sections()
    noted = {code for code, text in sections.items() if NOT_YET in text}
    assert sorted(noted & emitted) == [], "these codes are emitted now: remove the note"
    assert sorted(set(CODES) - emitted - noted) == [], "these codes are never emitted: add the note"


# --------------------------------------------------------------------------- generated reference

def test_generated_reference_is_current() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator.refdocs", "--check"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr + "\nRun: python -m generator.refdocs"


def test_check_reports_stale_pages(tmp_path: Path) -> None:
    pages = sorted(refdocs.render())
    assert sorted(refdocs.stale(tmp_path)) == pages
    assert sorted(refdocs.write(tmp_path)) == pages
    assert refdocs.stale(tmp_path) == []
    (tmp_path / "docs/reference/cli.md").write_text("旧内容\n", encoding="utf-8")
    assert refdocs.stale(tmp_path) == ["docs/reference/cli.md"]


def test_rendering_is_deterministic() -> None:
    assert refdocs.render() == refdocs.render()


_BLOCK = re.compile(r'^```(yaml|markdown) title="([^"]+)"\n(.*?)^```$', re.M | re.S)


def examples() -> list[tuple[str, str, str]]:
    """(language, file path, text) of every example in the generated format pages."""
    found = []
    for page in ("records.md", "rosters.md", "policy.md"):
        found += _BLOCK.findall((REFERENCE / page).read_text(encoding="utf-8"))
    return found


def model_for(path: str) -> tuple[type[schema.Model], bool]:
    if path in schema.ROSTER_FILES:
        return schema.ROSTER_FILES[path]
    if path.startswith("policies/"):
        return schema.Policy, False
    if path.startswith("reviews/"):
        return reviewfiles.Review, False
    assert path.startswith("records/"), f"no model for an example titled {path}"
    return schema.RecordMeta, False


def test_every_format_has_an_example() -> None:
    paths = {path for _, path, _ in examples()}
    assert set(schema.ROSTER_FILES) <= paths
    assert any(p.startswith("policies/") for p in paths)
    assert any(p.startswith("records/") for p in paths)
    assert any(p.startswith("reviews/") for p in paths)


@pytest.mark.parametrize(("lang", "path", "text"), examples(), ids=[e[1] for e in examples()])
def test_example_validates(lang: str, path: str, text: str) -> None:
    offset = 0
    if lang == "markdown":
        front, offset, _, _, problem = split_front_matter(text)
        assert problem is None and front is not None, f"{path}: no front matter"
        text = front
    loaded, problems = parse(text, path, offset)
    assert [d.message for d in problems] == []
    model, is_list = model_for(path)
    items = list(enumerate(loaded.data)) if is_list else [(None, loaded.data)]
    for index, data in items:
        prefix = () if index is None else (index,)
        _, problems = validate_model(model, data, loaded, path, prefix)
        assert [f"第 {d.line} 行 [{d.code}] {d.message}" for d in problems] == []


# --------------------------------------------------------------------------- command help

def all_commands() -> Iterator[tuple[str, click.Command]]:
    def walk(cmd: click.Command, name: str) -> Iterator[tuple[str, click.Command]]:
        yield name, cmd
        if isinstance(cmd, click.Group):
            for sub_name, sub in cmd.commands.items():
                yield from walk(sub, f"{name} {sub_name}")

    yield from walk(cli_main, "python -m generator")
    yield "python -m generator.refdocs", refdocs.refdocs


@pytest.mark.parametrize(("name", "command"), list(all_commands()),
                         ids=[n for n, _ in all_commands()])
def test_command_help_has_examples(name: str, command: click.Command) -> None:
    assert "示例" in (command.help or ""), f"{name}: its help should end with 示例 (examples)"


def test_cli_reference_covers_every_command() -> None:
    text = (REFERENCE / "cli.md").read_text(encoding="utf-8")
    for name, _ in all_commands():
        if name.startswith("python -m generator.refdocs"):
            continue
        assert f"## `{name}`" in text


# --------------------------------------------------------------------------- the docs site

def test_the_repository_docs_build_as_a_site_offline(tmp_path: Path) -> None:
    """`mkdocs build` from the repository root (for editors of docs/): strict, every page in the
    nav, nothing fetched from another host once the theme's CDN fallbacks are neutralised."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.site.offline import assert_offline, neutralise_theme_cdn_urls

    config = load_config(config_file=str(ROOT / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "docs-site"))
    build(config)
    in_nav = set(_nav_pages(config["nav"]))
    on_disk = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert on_disk - in_nav == set()
    neutralise_theme_cdn_urls(tmp_path / "docs-site")
    assert assert_offline(tmp_path / "docs-site") == []
    assert "找不到这个页面" in (tmp_path / "docs-site" / "404.html").read_text(encoding="utf-8")


def _nav_pages(nav: object) -> Iterator[object]:
    if isinstance(nav, list):
        for item in nav:
            yield from _nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_pages(value)
    else:
        yield nav
