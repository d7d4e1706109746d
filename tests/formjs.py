"""Run the record form's JavaScript (generator/site/assets/form-*.js) on data, in Node or Chromium.

    results = run_js("(R, C, input) => input.map(t => R.hits(R.compile(rules), t))", {...})

``run_js(body, arg)`` evaluates ``body`` (a JavaScript function of ``CRRules``, ``CRChecks`` and
``arg``) and returns its JSON result. Node is used when it is installed (fast, no page); otherwise the
system Chromium through Playwright, which is what the browser tests use anyway. The test is
skipped when neither is there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "generator" / "site" / "assets"
SCRIPTS = ("form-rules.js", "form-checks.js")


def _node(body: str, arg: Any) -> Any:
    driver = (
        f"const R = require({json.dumps(str(ASSETS / SCRIPTS[0]))});\n"
        f"const C = require({json.dumps(str(ASSETS / SCRIPTS[1]))});\n"
        "const arg = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        f"const out = ({body})(R, C, arg);\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "driver.js"
        script.write_text(driver, encoding="utf-8")
        done = subprocess.run(["node", str(script)], input=json.dumps(arg, ensure_ascii=False), capture_output=True,
                              text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return json.loads(done.stdout)


def _chromium(body: str, arg: Any) -> Any:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
    from harness import CHROMIUM_ARGS, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("neither node nor chromium is installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for name in SCRIPTS:
            page.add_script_tag(content=(ASSETS / name).read_text(encoding="utf-8"))
        out = page.evaluate(f"arg => ({body})(window.CRRules, window.CRChecks, arg)", arg)
        browser.close()
    return out


def run_js(body: str, arg: Any) -> Any:
    """The JSON result of the JavaScript function ``body(CRRules, CRChecks, arg)``."""
    return _node(body, arg) if shutil.which("node") else _chromium(body, arg)
