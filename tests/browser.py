"""Start JupyterLab or Voilà on 127.0.0.1 and drive Debian's Chromium with playwright.

Used by test_browser.py. Nothing is downloaded: playwright drives /usr/bin/chromium
(`apt-get install -y chromium`), never a browser build of its own.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """A server's base URL (a plain string) that also knows where its log is."""

    log: Path

    def __new__(cls, base: str, log: Path) -> Server:
        served = super().__new__(cls, base)
        served.log = log
        return served

    def log_tail(self, chars: int = 4000) -> str:
        """The end of what the server wrote, for a failure message."""
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError as exc:
            return f"(no server log: {exc})"


@contextlib.contextmanager
def explained(page, server: Server, shot: Path) -> Iterator[None]:
    """Turn a failure inside the block into one that says what the page and server showed.

    Saves a screenshot of the page at ``shot`` and puts the tail of the server's log into
    the assertion message, so a timeout on a loaded machine leaves something to look at.
    """
    try:
        yield
    except Exception as exc:
        shot.parent.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(shot), full_page=True)
            saved = f"screenshot of the page: {shot}"
        except Exception as shot_exc:  # the page may be gone; the log still helps
            saved = f"no screenshot ({shot_exc.__class__.__name__}: {shot_exc})"
        raise AssertionError(
            f"{exc.__class__.__name__}: {exc}\n{saved}\n"
            f"server log, last lines:\n{server.log_tail()}"
        ) from exc


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # any answer, even 404, means the server is up
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(
        f"server did not answer at {url} within {timeout} s:\n{log.read_text()[-3000:]}"
    )


@contextlib.contextmanager
def _server(args: list[str], cwd: Path, probe: str) -> Iterator[Server]:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="la-jupyter-") as cfg:
        env = dict(
            os.environ,
            JUPYTER_CONFIG_DIR=cfg,
            JUPYTER_RUNTIME_DIR=os.path.join(cfg, "runtime"),
            JUPYTER_PLATFORM_DIRS="1",
        )
        log = Path(cfg) / "server.log"
        with log.open("w") as fh:
            cmd = [sys.executable, "-m", *[a.format(port=port) for a in args]]
            proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
        try:
            base = Server(f"http://127.0.0.1:{port}", log)
            _wait_for(base + probe, proc, log)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@contextlib.contextmanager
def jupyterlab(root: Path) -> Iterator[tuple[Server, str]]:
    """JupyterLab serving ``root`` on a free loopback port; yields (base URL, token)."""
    token = secrets.token_hex(16)
    args = [
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        "--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # window.jupyterapp: lets the test ask the notebook whether every cell has run.
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    with _server(args, root, f"/api/status?token={token}") as base:
        yield base, token


@contextlib.contextmanager
def voila(notebook: Path) -> Iterator[str]:
    """Voilà serving one notebook as a page without code; yields its URL."""
    args = ["voila", notebook.name, "--no-browser", "--Voila.ip=127.0.0.1", "--port={port}"]
    with _server(args, notebook.parent, "/favicon.ico") as base:
        yield base + "/"


@contextlib.contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()
