"""Every internal link and #anchor in the built site resolves (linkchecker, over HTTP, no network)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

LINKCHECKER = [sys.executable, "-m", "linkcheck"]
RC = Path(__file__).parent / "fixtures" / "linkcheckerrc"


def linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        LINKCHECKER + ["--config", str(RC), "--no-status", "--check-extern", "--ignore-url", r"^(?!http://127\.0\.0\.1)", url],
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_internal_link_and_anchor_resolves(server):
    result = linkcheck(server + "/")
    assert result.returncode == 0, "broken links (URL, parent page, error):\n" + result.stdout[-6000:]
    assert "links in" in result.stdout


def test_the_link_check_fails_on_a_broken_link(server, site, tmp_path):
    """A page with a broken link and a broken anchor, served next to the real site, must fail the check."""
    broken = site / "_broken-fixture"
    broken.mkdir(exist_ok=True)
    try:
        shutil.copy(Path(__file__).parent / "fixtures" / "broken.html", broken / "index.html")
        result = linkcheck(server + "/_broken-fixture/")
    finally:
        shutil.rmtree(broken)
    assert result.returncode == 1
    assert "/zh-Hant/no-such-page/" in result.stdout
    assert "no-such-anchor" in result.stdout
