"""The printable record forms in Chromium's print preview (A4): each form on its own page, nothing cut off.

One 五联七进 monthly form (闽卫院委〔2021〕31号 附件1) and one 附件4 page (湘人职院党〔2024〕25号) are
exported, printed to PDF on A4 with print media emulated, and checked: no cell's text overflows its
box, the table fits the page width, and the PDF has one page per form. ``FORM_SHOTS=DIR`` keeps the
PDFs and PNG screenshots of the print preview for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

pytestmark = pytest.mark.browser

A4_WIDTH_PX = 794  # 210 mm at 96 px per inch

CASES = [
    ("mwy-2021-31", "2025-07-10", ["--month", "2024-10", "--actor", "lead-good"], "wulian-qijin"),
    ("xrzy-2024-25", "2025-07-10", ["--term", "2024-2025-1", "--actor", "teacher-good"], "annex-4"),
]

OVERFLOW = """() => {
  const out = [];
  for (const el of document.querySelectorAll('td, th, h1, .caption, .notes p')) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) out.push(el.textContent.slice(0, 40));
  }
  const table = document.querySelector('table').getBoundingClientRect();
  return {overflow: out, tableRight: table.right, width: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize(("preset", "as_of", "args", "name"), CASES, ids=[c[3] for c in CASES])
def test_form_prints_on_a4_with_nothing_cut_off(built, browser_page, serve_dir, tmp_path: Path, preset: str, as_of: str,
                                                args: list[str], name: str) -> None:
    out = tmp_path / f"{name}.html"
    root = built(preset).outcome.repo.root
    res = CliRunner().invoke(main, ["--repo", str(root), "--as-of", as_of, "export", "forms", *args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    page = browser_page
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.goto(serve_dir(tmp_path) + out.name)
    page.emulate_media(media="print")
    found = page.evaluate(OVERFLOW)
    assert found["overflow"] == []
    assert found["tableRight"] <= found["width"]
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type/Page") >= 1
    keep = os.environ.get("FORM_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{name}.pdf").write_bytes(pdf)
        page.screenshot(path=str(Path(keep) / f"{name}.png"), full_page=True)
