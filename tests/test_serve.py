"""serve: the internal site on localhost, rebuilt after an edit (within 10 s), the last good site
kept while a record has errors."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MINI

ROOT = Path(__file__).resolve().parent.parent
RECORD = "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md"
PAGE = "people/wang-jianguo/"
PICKUP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """A running ``serve`` and the lines it printed (read by a thread, so its pipe never fills)."""

    def __init__(self, repo: Path, work: Path) -> None:
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--repo", str(repo), "--port", str(self.port),
             "--work", str(work), "--as-of", "2024-10-20"],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8", env=env)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = 60, times: int = 1) -> float:
        """Seconds until ``times`` lines hold ``text``."""
        start = time.monotonic()
        while sum(text in line for line in self.lines) < times:
            assert self.proc.poll() is None, "\n".join(self.lines)
            assert time.monotonic() - start < timeout, "\n".join(self.lines)
            time.sleep(0.05)
        return time.monotonic() - start

    def page(self, path: str = PAGE) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=2) as resp:
                return str(resp.read().decode("utf-8"))
        except OSError:
            return ""

    def wait_for_page(self, text: str, timeout: float) -> float:
        start = time.monotonic()
        while text not in self.page():
            assert time.monotonic() - start < timeout, f"not on the page after {timeout} s:\n" + "\n".join(self.lines)
            time.sleep(0.1)
        return time.monotonic() - start

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    server = Served(repo, tmp_path / "work")
    try:
        server.wait_for_line("内部站点：http://127.0.0.1:")
        yield server, repo
    finally:
        server.stop()


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edited_record_is_on_the_page_within_ten_seconds(served: tuple[Served, Path]) -> None:
    server, repo = served
    assert "王建国" in server.page()
    assert "livereload" in server.page()  # mkdocs' live-reload script reloads the browser
    edit(repo, "summary: ", "summary: 刚刚改过的简况，")
    took = server.wait_for_page("刚刚改过的简况", PICKUP_SECONDS)
    assert took < PICKUP_SECONDS
    # the rebuild's line follows the new site into place, and this process reads it a moment later
    server.wait_for_line("已生成内部站点", PICKUP_SECONDS, times=2)  # the first build's, then the rebuild's


def test_an_invalid_record_keeps_the_last_site_and_says_why(served: tuple[Served, Path]) -> None:
    server, repo = served
    edit(repo, "by: wang-jianguo", "by：wang-jianguo")
    server.wait_for_line("[yaml-fullwidth]", PICKUP_SECONDS * 3)
    assert "王建国" in server.page()  # the last good site is still served
    edit(repo, "by：wang-jianguo", "by: wang-jianguo")
    edit(repo, "summary: ", "summary: 改正之后，")
    server.wait_for_page("改正之后", PICKUP_SECONDS * 3)


def test_a_port_in_use_is_one_chinese_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--repo", str(repo), "--port", str(port),
             "--work", str(tmp_path / "work"), "--as-of", "2024-10-20"],
            capture_output=True, text=True, encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 2
    assert f"无法在 127.0.0.1:{port} 上提供访问" in done.stderr and "--port" in done.stderr
    assert "Traceback" not in done.stderr
