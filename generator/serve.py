"""Preview on this computer: build the internal site, serve it on localhost, rebuild on every change.

``python -m generator serve`` is for the people who edit records, rosters and policies: they save a
file and the browser shows the result a few seconds later. It uses mkdocs' own live-reload server
(the one ``mkdocs serve`` runs, with its watchdog observer), so no dependency is added; what it
watches and how it rebuilds are ours, because ``mkdocs serve -f build/internal/mkdocs.yml`` would
watch only the generated Markdown. A rebuild goes to a fresh folder that then replaces the served
one, so the browser never sees a half-built site; when records have errors the last good site
stays and the errors go to the terminal (an invalid record never reaches a page, here neither).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import pipeline, reporters
from .site.build import build as build_one
from .site.internal import render as render_internal

#: What a change in triggers a rebuild: the data, not the generated output.
WATCHED = ("records", "rosters", "policies", "reviews")  # reviews: the 保密审查 page

_PLACEHOLDER = """<!doctype html><meta charset="utf-8"><title>站点未生成</title>
<h1>站点还没有生成</h1><p>记录或名册有错误，请看运行 serve 的终端窗口中的说明；改正并保存后，本页会自动刷新。</p>
"""


@dataclass
class Preview:
    """One repository previewed: where the site is served from and how it is rebuilt."""

    root: Path
    work: Path  # generated Markdown and mkdocs.yml (build/serve by default)
    as_of: date | None
    prog: str
    say: Callable[[str], None]

    @property
    def site(self) -> Path:
        return self.work / "site"

    def build(self) -> bool:
        """Run the pipeline and rebuild the internal site; False (the old site stays) on errors."""
        started = time.perf_counter()
        outcome = pipeline.run(self.root, self.as_of)
        if outcome.has_errors or outcome.compliance is None:  # as build: nothing invalid is shown
            self.say(reporters.first_errors(outcome.diagnostics, self.prog) if outcome.has_errors
                     else "没有可用的制度或校历，无法生成站点。请先运行 validate 查看原因。")
            if not self.site.exists():
                self.site.mkdir(parents=True)
                (self.site / "index.html").write_text(_PLACEHOLDER, encoding="utf-8")
            return False
        src = render_internal(outcome)
        fresh = self.work / "next"
        build_one(src, self.work / "src", fresh)
        old = self.work / "old"
        if old.exists():
            shutil.rmtree(old)
        if self.site.exists():
            self.site.rename(old)
        (fresh / src.name).rename(self.site)
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        self.say(f"{time.strftime('%H:%M:%S')} 已生成内部站点（统计日期 {outcome.as_of}）："
                 f"{len(src.pages)} 个页面，用时 {time.perf_counter() - started:.1f} 秒。"
                 + reporters.summary_line(outcome.diagnostics))
        return True


def serve(root: Path, host: str, port: int, work: Path, as_of: date | None, prog: str,
          say: Callable[[str], None]) -> None:
    """Build, then serve until interrupted (Ctrl+C), rebuilding after every change under WATCHED.
    Raises OSError when the port cannot be opened."""
    from mkdocs.livereload import LiveReloadServer  # heavy: only when serving

    preview = Preview(root.resolve(), work.resolve(), as_of, prog, say)
    preview.build()
    server = LiveReloadServer(builder=lambda: _rebuild(preview), host=host, port=port, root=str(preview.site))
    for folder in WATCHED:
        if (preview.root / folder).is_dir():
            server.watch(str(preview.root / folder))
    ready = f"内部站点：{server.url}（只在本机可以访问；按 Ctrl+C 停止）。修改 {'、'.join(WATCHED)} 中的文件后会自动重新生成并刷新浏览器。"
    threading.Thread(target=_announce, args=(server, ready, say), daemon=True).start()
    try:
        server.serve()
    except KeyboardInterrupt:
        say("已停止。")
    finally:
        server.shutdown()


def _announce(server: Any, text: str, say: Callable[[str], None]) -> None:
    """Say the address once the watcher runs: it compares against its first look at the files, so
    a file saved before then would go unnoticed."""
    deadline = time.monotonic() + 30
    while not server.observer.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the polling watcher takes its first snapshot when its thread starts
    say(text)


def _rebuild(preview: Preview) -> None:
    preview.say("发现文件改动，正在重新生成……")
    preview.build()
