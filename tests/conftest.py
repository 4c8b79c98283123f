"""Shared fixtures: one strict build of the whole site per test session, served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kb.site import ROOT  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run_build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        MKDOCS + ["build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site (both languages). Fails the session with MkDocs' own output if the build fails."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = run_build(site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}")
    site_dir.chmod(0o755)
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # linkchecker limits itself to 10 requests/s per host unless the server says otherwise
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site) -> str:
    """Serve the built site at http://127.0.0.1:PORT/ (the root of both languages)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def source_pages(lang: str) -> list[str]:
    base = ROOT / "docs" / lang
    return sorted(str(p.relative_to(base)) for p in base.rglob("*.md"))


def html_pages(site: Path, lang: str) -> list[str]:
    """Built pages of one language, as paths relative to that language's root."""
    base = site if lang == "zh-Hans" else site / "zh-Hant"
    pages = []
    for p in base.rglob("index.html"):
        rel = p.relative_to(base)
        if lang == "zh-Hans" and rel.parts and rel.parts[0] == "zh-Hant":
            continue
        pages.append(str(rel))
    return sorted(pages)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's /usr/bin/chromium) for the whole test session."""
    from playwright.sync_api import sync_playwright

    from kb import browser as chromium

    with sync_playwright() as p:
        b = chromium.launch(p)
        yield b
        b.close()


def pytest_collection_modifyitems(items):
    """Every test that uses the browser (directly or through a fixture) is marked `browser`:
    `make check` runs the rest (`-m "not browser"`), `make test` runs everything."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
