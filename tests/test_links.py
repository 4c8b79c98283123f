"""Every internal link and #anchor in the built site resolves (kb.checks.links; no network)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.checks.links import check_site

SITE_URL = "https://taobao-kefu-guide.github.io/"


def test_every_internal_link_and_anchor_resolves(site):
    broken = check_site(site, SITE_URL)
    assert broken == [], "broken links (page: URL: why); fix the link or the heading's { #id }:\n" + "\n".join(
        map(str, broken[:50])
    )


def test_the_link_check_fails_on_a_broken_link_and_anchor(site, tmp_path):
    """A page with a broken link and a broken anchor next to the real site must fail the check."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "_broken-fixture").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "broken.html", copy / "_broken-fixture" / "index.html")
    (copy / "_broken-fixture" / "own-host.html").write_text(
        f'<a href="{SITE_URL}zh-Hant/gone/">own host</a><a href="https://example.org/elsewhere/">external</a>', encoding="utf-8"
    )
    found = {(b.page, b.url) for b in check_site(copy, SITE_URL)}
    assert found == {
        ("_broken-fixture/index.html", "/zh-Hant/no-such-page/"),
        ("_broken-fixture/index.html", "/contact/#no-such-anchor"),
        ("_broken-fixture/own-host.html", f"{SITE_URL}zh-Hant/gone/"),
    }
